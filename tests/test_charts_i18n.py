"""Every chart of the registry in Kazakh and Russian: no English interface word on it.

Each chart is built on the fixture dataset in English, then in Kazakh and in Russian. The
English build gives the words to look for (titles, axes, legends, hovers, annotations, tick
labels, text alternatives); the Kazakh and Russian builds must contain none of them, except
the words of the data's own evidence, which stays in English (quotes, publishers' names,
acts, notes). Building en, then kk, then en again checks that no cache hands one language's
text to another.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from metrics import chart_data, charts, dates, i18n
from metrics.about import correction_text
from metrics.dataset import Dataset
from metrics.figures.base import date_ticks, plotly_separators
from metrics.figures.marks import with_reform_marks
from metrics.filters import default_filters
from metrics.marks import marks_alt
from metrics.preference import format_value

from conftest import FIXTURE_DATA_DIR

TRACE_TEXTS = ("name", "hovertemplate", "hovertext", "text", "customdata")


def flat(value: object) -> Iterator[str]:
    """Every string inside a trace attribute (lists, tuples, nested lists of customdata)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from flat(item)
    elif hasattr(value, "tolist"):
        yield from flat(value.tolist())


def figure_texts(fig: go.Figure) -> list[str]:
    """The texts a reader sees on a figure: title, axes and their ticks, legend, hovers, notes."""
    layout = fig.layout
    found = [layout.title.text or ""]
    for name in layout:
        if name.startswith(("xaxis", "yaxis")):
            axis = layout[name]
            found.append(axis.title.text or "")
            found += list(flat(axis.ticktext))
    found += [a.text or "" for a in layout.annotations]
    for trace in fig.data:
        spec = trace.to_plotly_json()
        for attr in TRACE_TEXTS:
            found += list(flat(spec.get(attr)))
    return found


def plain(text: str) -> str:
    """A text as a reader sees it: no Plotly templates, tags or entities, single spaces."""
    text = re.sub(r"%\{[^}]*\}", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def words(texts: list[str], evidence: tuple[str, ...] = ()) -> set[str]:
    """The Latin words of ``texts`` once every ``evidence`` text is taken out of them."""
    found: set[str] = set()
    for text in texts:
        text = plain(text)
        for quoted in evidence:
            text = text.replace(quoted, " ")
        found |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return found


def evidence_texts(dataset: Dataset) -> tuple[str, ...]:
    """The data's texts that stay in English in every language, longest first.

    Quotes and derivations (facts), publishers, acts, notes, and the corrections (worded by
    ``metrics.about``). Only these are taken out of a chart's text before it is searched,
    so a word of theirs elsewhere on the chart still counts.
    """
    columns = [
        dataset.facts["evidence"],
        dataset.facts["derived"],
        dataset.sources["publisher"],
        dataset.rules["act"],
        dataset.series["notes"],
        dataset.events["notes"],
    ]
    texts = {plain(str(v)) for column in columns for v in column.dropna() if str(v)}
    texts |= {plain(correction_text(row)) for row in dataset.corrections.to_dict("records")}
    return tuple(sorted(texts, key=len, reverse=True))


def label_words(dataset: Dataset) -> set[str]:
    """Latin words in the Kazakh and Russian labels themselves (a name written in Latin)."""
    return words([str(v) for lang in ("kk", "ru") for v in dataset.labels[lang].dropna()])


def built(chart: charts.Chart, inputs: charts.ChartInputs) -> tuple[go.Figure, str] | None:
    """A chart's figure, with its reform marks where it has them, and its text alternative."""
    rows = chart.rows(inputs)
    if rows.empty:
        return None
    fig, alt = chart.figure(rows), chart.alt(rows)
    if chart.marks_over:
        marked = charts.chart_marks(chart, rows, inputs)
        fig = with_reform_marks(fig, marked)
        alt = " ".join(part for part in (alt, marks_alt(marked)) if part)
    return fig, alt


def every_build(dataset: Dataset, lang: str) -> dict[str, tuple[list[str], list[str]]]:
    """Each chart id: its figure's texts and its text alternative, built in ``lang``."""
    with i18n.language(lang):
        inputs = charts.inputs_for(dataset, default_filters(dataset))
        found = {}
        for chart in charts.every_chart(inputs):
            made = built(chart, inputs)
            if made is not None:
                found[chart.chart_id] = (figure_texts(made[0]), [made[1]])
    return found


@pytest.fixture(scope="module")
def english(dataset) -> dict[str, tuple[list[str], list[str]]]:
    return every_build(dataset, "en")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_chart_has_no_english_interface_word(dataset, english, lang):
    evidence, allowed = evidence_texts(dataset), label_words(dataset)
    translated = every_build(dataset, lang)
    assert set(translated) == set(english)  # the same charts, by the same stable ids
    assert len(translated) >= 12
    for chart_id, (texts, alt) in translated.items():
        english_texts, english_alt = english[chart_id]
        interface = words(english_texts, evidence) - allowed
        assert interface, chart_id  # the English build has words of ours to look for
        leaked = words(texts, evidence) & interface
        assert not leaked, f"{lang} {chart_id}: English words on the chart: {sorted(leaked)}"
        leaked_alt = words(alt, evidence) & (words(english_alt, evidence) - allowed)
        assert not leaked_alt, f"{lang} {chart_id}: English in the text alternative: {leaked_alt}"
        cyrillic = "".join(texts)
        assert re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", cyrillic), chart_id


def title_and_legend(dataset: Dataset, lang: str) -> tuple[str, list[str]]:
    with i18n.language(lang):
        inputs = charts.inputs_for(dataset, default_filters(dataset))
        chart = next(c for c in charts.CHARTS if c.chart_id == "court-caseload")
        fig = chart.figure(chart.rows(inputs))
    return fig.layout.title.text, [str(t.name) for t in fig.data]


def test_english_then_kazakh_then_english_each_in_its_own_language(dataset):
    first = title_and_legend(dataset, "en")
    kazakh = title_and_legend(dataset, "kk")
    again = title_and_legend(dataset, "en")
    assert first == again
    assert "Constitutional Court" in first[0] and "Конституциялық Сот" in kazakh[0]
    assert not words([kazakh[0], *kazakh[1]]) & words([first[0], *first[1]])


def test_the_cached_rows_are_kept_per_language(monkeypatch):
    """``ui.loading`` keys ranked and filtered rows by the language: names are translated."""
    from metrics.ui import loading

    monkeypatch.setenv("METRICS_DATA_DIR", str(FIXTURE_DATA_DIR))
    data_dir = str(FIXTURE_DATA_DIR)
    fingerprint = loading.data_fingerprint(FIXTURE_DATA_DIR)
    dataset = loading.shared_dataset(data_dir, fingerprint)
    filters = default_filters(dataset)
    titles = {}
    for lang in ("en", "kk", "en", "ru"):
        with i18n.language(lang):
            facts, _events = loading.filtered_rows(data_dir, fingerprint, filters)
            titles.setdefault(lang, set()).add(frozenset(facts["series_title"].dropna()))
    assert all(len(seen) == 1 for seen in titles.values())  # the same rows on a second visit
    english, kazakh, russian = (next(iter(titles[lang])) for lang in ("en", "kk", "ru"))
    assert "Presidential election, June 2019" in english
    assert "Президент сайлауы, 2019 жылғы маусым" in kazakh
    assert "Выборы Президента, июнь 2019 года" in russian


# -- numbers and dates on the charts ----------------------------------------------------------

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["12.5 %", "1,234", "more than 1,000", "about 2,000.5"]),
        ("ru", [f"12,5{NBSP}%", f"1{NBSP}234", f"более 1{NBSP}000", f"около 2{NBSP}000,5"]),
        ("kk", ["12,5%", f"1{NBSP}234", f"1{NBSP}000 мөлшерінен астам", f"шамамен 2{NBSP}000,5"]),
    ],
)
def test_figures_are_written_as_the_language_writes_numbers(lang, expected):
    with i18n.language(lang):
        made = [
            format_value(12.5, "percent"),
            format_value(1234, "count"),
            format_value(1000, "count", is_lower_bound=True),
            format_value(2000.5, "count", is_approximate=True),
        ]
    assert made == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["2023", "March 2023"]),
        ("ru", ["2023", "март 2023"]),
        ("kk", ["2023", "2023 ж. наурыз"]),  # lower case, as in its long dates
    ],
)
def test_partial_dates_name_their_month_in_the_language(lang, expected):
    with i18n.language(lang):
        assert [dates.label("2023"), dates.label("2023-03")] == expected
        assert "2023" in dates.label("2023-03-19")


def test_plotly_writes_numbers_with_the_languages_separators(dataset):
    assert plotly_separators("en") == ".,"
    assert plotly_separators("ru") == f",{NBSP}" == plotly_separators("kk")
    with i18n.language("ru"):
        inputs = charts.inputs_for(dataset, default_filters(dataset))
        chart = next(c for c in charts.CHARTS if c.chart_id == "turnout")
        assert chart.figure(chart.rows(inputs)).layout.separators == f",{NBSP}"


def test_date_ticks_name_months_or_years_in_the_language():
    assert date_ticks(pd.Timestamp(2023, 1, 10), pd.Timestamp(2023, 9, 1), "en") == {}
    short = date_ticks(pd.Timestamp(2023, 1, 10), pd.Timestamp(2023, 9, 1), "ru")
    assert short["tickvals"][0].startswith("2023-02-01")
    assert all("2023" in text for text in short["ticktext"])
    assert any(text.startswith("мар") for text in short["ticktext"])
    assert 2 <= len(short["ticktext"]) <= 8
    long = date_ticks(pd.Timestamp(2019, 6, 1), pd.Timestamp(2025, 10, 1), "kk")
    assert long["ticktext"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert long["tickvals"][0].startswith("2020-01-01")


def test_the_timeline_listing_and_headlines_are_in_the_language(dataset):
    with i18n.language("ru"):
        inputs = charts.inputs_for(dataset, default_filters(dataset))
        listing = chart_data.timeline_listing(chart_data.timeline(inputs.events, dataset))
        headlines = chart_data.headline_markdown(chart_data.headline_figures(inputs.facts))
    assert list(listing.columns) == ["Дата", "Сфера", "Событие", "Источники"]
    assert headlines.startswith("| Показатель | Значение |")
    assert "Final" not in headlines and "final" not in headlines


def test_counts_take_the_plural_their_number_needs():
    with i18n.language("ru"):
        assert chart_data.votes_text(1) == "1 голос"
        assert chart_data.votes_text(3) == "3 голоса"
        assert chart_data.votes_text(25) == "25 голосов"
        assert chart_data.votes_text(1021) == f"1{NBSP}021 голос"
    assert chart_data.votes_text(1) == "1 vote"
    assert chart_data.votes_text(1021) == "1,021 votes"


def test_an_image_footer_names_the_dataset_version_in_the_language():
    with i18n.language("kk"):
        assert i18n._("{site}, dataset version {version}.").format(site="S", version="1") == (
            "S, деректер жинағының нұсқасы 1."
        )
    assert date.today().year >= 2026


def test_the_coverage_matrix_is_in_the_language(dataset):
    from metrics.coverage import coverage_matrix, coverage_table

    with i18n.language("kk"):
        statuses = chart_data.term_labels(dataset, "status", "kk")
        matrix = coverage_matrix(coverage_table(dataset), statuses)
    assert list(matrix.columns)[:2] == ["Дауыс беру", "Тіркелген сайлаушылар"]
    assert not words([" ".join(map(str, matrix.columns)), *matrix.astype(str).to_numpy().ravel()])
