"""The texts in Kazakh and Russian: About this data, the citation, the offline report, the
downloads' READMEs and column guides, and the label columns of every download (fixture data)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pandas as pd
import pytest
from frictionless import validate
from streamlit.testing.v1 import AppTest

from metrics import about, charts, downloads, i18n, report
from metrics.citation import ViewCitation
from metrics.filters import default_filters
from metrics.safe_text import escape_markdown

from conftest import FIXTURE_DATA_DIR, ROOT

ACCESSED = date(2026, 11, 25)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
# Headings and phrases of the English texts that must not be left in a translated one.
ENGLISH_ABOUT = ("What the figures measure", "How they are counted", "Known limits and gaps",
                 "Corrections", "Dataset version", "open the source", "Says:")  # fmt: skip
ENGLISH_README = ("## Files", "## Label columns", "## Versions and corrections",
                  "## How to cite", "## Checking it", "This is every table",
                  "Downloaded", "Spreadsheets run a cell")  # fmt: skip
DOUBLE_STOP = re.compile(r"[гж]\.\.")  # a date's own stop doubled by the sentence's
DAY = {"kk": "2026\u202fж. 25 қараша", "ru": "25 ноября 2026\u202fг."}


def in_language(lang: str, build):
    with i18n.language(lang):
        return build()


def turnout_rows(dataset):
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    chart = next(c for c in charts.every_chart(inputs) if c.chart_id == "turnout")
    return chart, about.with_corrections(chart.rows(inputs), dataset)


def about_text(dataset, lang: str) -> str:
    chart, table = turnout_rows(dataset)
    return in_language(
        lang, lambda: about.about_markdown(about.about_chart(chart.metrics, table, dataset))
    )


# --- About this data -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_about_this_data_is_in_the_language_with_the_evidence_note(dataset, lang):
    text = about_text(dataset, lang)
    left = [english for english in ENGLISH_ABOUT if english in text]
    assert not left, f"{lang}: English left in About this data: {left}"
    with i18n.language(lang):
        titles = [i18n._(t) for t in ("What the figures measure", "Known limits and gaps")]
        note = i18n._(about.EVIDENCE_NOTE)
        turnout = dataset.metric_title("turnout")
    assert all(f"**{t}**" in text for t in titles)
    assert note.split()[0] in text  # the evidence is in English, and the note says so
    assert turnout in text and turnout != dataset.metric_rows["turnout"]["title"]
    january = {"kk": "қаңтар", "ru": "января"}[lang]
    assert re.search(rf"C0001, [^)]*{january}", text)  # the correction's day in words
    letters = KAZAKH_LETTERS if lang == "kk" else CYRILLIC
    assert letters.search(text)


def test_about_in_english_is_unchanged_and_has_no_evidence_note(dataset):
    text = about_text(dataset, "en")
    assert "**What the figures measure**" in text and "Says\\:" in text
    assert about.EVIDENCE_NOTE not in text.replace("\\", "")


def test_the_same_about_built_en_then_kk_then_en_is_each_time_in_its_own_language(dataset):
    """No per-process cache (the coverage table's included) hands one language's words to
    another."""
    first, kazakh, again = (about_text(dataset, lang) for lang in ("en", "kk", "en"))
    assert first == again
    assert "What the figures measure" in first and not KAZAKH_LETTERS.search(first)
    assert "What the figures measure" not in kazakh and KAZAKH_LETTERS.search(kazakh)


def test_russian_plurals_follow_the_count(dataset):
    with i18n.language("ru"):
        assert about.flag_text("is_lower_bound", 1).startswith("1 показатель ")
        assert about.flag_text("is_lower_bound", 3).startswith("3 показателя ")
        assert about.flag_text("is_lower_bound", 5).startswith("5 показателей ")
        assert about.flag_text("is_lower_bound", 21).startswith("21 показатель ")


# --- the citation ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_citation_is_in_the_language_with_the_day_in_its_words(lang):
    cited = ViewCitation("Turnout", "http://h/elections?lang=" + lang, "0.2.0", ACCESSED,
                         "Filters: years 2021.")  # fmt: skip
    plain, entry = in_language(lang, lambda: (cited.plain(), cited.bibtex()))
    assert DAY[lang] in plain and "2026-11-25" not in plain
    assert "accessed" not in plain and "dataset version" not in plain
    assert "0.2.0" in plain and "http://h/elections?lang=" + lang in plain
    assert "urldate = {2026-11-25}" in entry  # biblatex reads an ISO date
    assert (
        " ".join(DAY[lang].split()) in entry
        and "Accessed" not in entry
        and "Dataset version" not in entry
    )
    assert entry.count("{") == entry.count("}")
    assert not DOUBLE_STOP.search(plain) and not DOUBLE_STOP.search(entry)


def test_an_english_citation_keeps_its_iso_day(dataset):
    cited = ViewCitation("Turnout", "http://h/", "0.2.0", ACCESSED)
    assert "(accessed 2026-11-25)" in cited.plain()
    assert downloads.citation("1", ACCESSED).endswith("Accessed 2026-11-25.")


# --- the offline report ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_report_is_in_the_language_and_says_so_in_its_html_lang(dataset, lang):
    chart, table = turnout_rows(dataset)

    def build() -> str:
        parts = [
            report.ReportChart(
                "Turnout",
                chart.figure(table),
                "caption",
                downloads.analysis_table(table),
                about.about_html(about.about_chart(chart.metrics, table, dataset)),
            )
        ]
        cited = ViewCitation("Elections", "http://h/elections", dataset.version, ACCESSED)
        return report.report_html("Elections", parts, cited, [("P", "kind", "https://e.org")])

    page = in_language(lang, build)
    assert f'<html lang="{lang}">' in page
    body = page.split("</script>")[-1]  # after the inlined plotly.js
    for english in ("How to cite this view", "About this data", "The data behind this chart",
                    "This file works offline", "What the figures measure", "Saved 2026"):  # fmt: skip
        assert english not in body, (lang, english)
    with i18n.language(lang):
        assert f"<h2>{i18n._('How to cite this view')}</h2>" in body
        assert i18n._(about.EVIDENCE_NOTE) in body  # the table shows the evidence
    assert DAY[lang] in body


# --- the downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_charts_csv_has_label_columns_in_the_language_and_its_machine_columns_unchanged(
    dataset, lang
):
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    chart = next(c for c in charts.every_chart(inputs) if c.chart_id == "results-chamber-2023")
    table = chart.rows(inputs)
    english = pd.read_csv(io.BytesIO(downloads.csv_bytes(table, dataset)), dtype=str,
                          keep_default_na=False)  # fmt: skip
    data = in_language(lang, lambda: downloads.csv_bytes(table, dataset))
    back = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(english.columns)  # the same names in every language
    labels = [name for name in back.columns if name.endswith("_label") and name != "value_label"]
    for name in back.columns:
        if name not in labels:
            assert list(back[name]) == list(english[name]), name
    columns = list(back.columns)
    assert columns.index("subject_label") == columns.index("subject") + 1  # beside its id
    for subject, label in zip(back["subject"], back["subject_label"], strict=True):
        assert label == dataset.translations.label("entities", subject, "name", lang)
        assert label != english.loc[english["subject"] == subject, "subject_label"].iloc[0]
    for status, label in zip(back["status"], back["status_label"], strict=True):
        assert label == dataset.translations.term("status", status, lang)
    letters = KAZAKH_LETTERS if lang == "kk" else CYRILLIC
    assert all(letters.search(text) for text in back["status_label"])
    parquet = in_language(lang, lambda: downloads.chart_parquet_bytes(table, dataset))
    assert list(pd.read_parquet(io.BytesIO(parquet))["subject_label"]) == list(
        back["subject_label"]
    )


def test_every_label_column_of_every_chart_is_documented(dataset):
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    for chart in charts.every_chart(inputs):
        guide = in_language("ru", lambda c=chart: downloads.column_guide(c.rows(inputs), dataset))
        assert (guide["what it holds"] != "").all(), chart.chart_id
        assert all(CYRILLIC.search(text) for text in guide["what it holds"]), chart.chart_id


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_bundle_readme_and_labels_are_in_the_language_and_it_still_validates(
    dataset, tmp_path, lang
):
    data = in_language(lang, lambda: downloads.bundle_zip(dataset, accessed=ACCESSED))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        bundle.extractall(tmp_path)
    result = validate(tmp_path / "datapackage.json")
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])

    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    left = [english for english in ENGLISH_README if english in readme]
    assert not left, f"{lang}: English left in the README: {left}"
    assert DAY[lang] in readme and not DOUBLE_STOP.search(readme)
    assert "`metric_label`" in readme and "`subject_label`" in readme  # documented

    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    original = pd.read_csv(FIXTURE_DATA_DIR / "facts.csv", dtype=str, keep_default_na=False)
    machine = [name for name in facts.columns if not name.endswith("_label")]
    assert machine == list(original.columns)
    pd.testing.assert_frame_equal(facts[machine], original)
    for metric, label in zip(facts["metric"], facts["metric_label"], strict=True):
        assert label == dataset.translations.label("metrics", metric, "title", lang)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == "facts")["schema"]["fields"]
    described = {f["name"]: f["description"] for f in fields}
    assert CYRILLIC.search(described["metric_label"])
    parquet = pd.read_parquet(tmp_path / "facts.parquet")
    assert list(parquet["metric_label"]) == list(facts["metric_label"])


def test_the_english_bundle_has_its_label_columns_in_english(dataset, tmp_path):
    with zipfile.ZipFile(io.BytesIO(downloads.bundle_zip(dataset, accessed=ACCESSED))) as bundle:
        facts = pd.read_csv(io.BytesIO(bundle.read("facts.csv")), dtype=str)
    titles = dataset.metrics.set_index("metric_id")["title"]
    assert list(facts["metric_label"]) == [titles[m] for m in facts["metric"]]


# --- the pages: cached texts per language ----------------------------------------------------


def test_a_memoised_about_panel_is_built_per_language(monkeypatch):
    """The court page's About this data, opened in en, then kk, then en: the process's cache
    (``View.memo``) serves each language its own words."""
    monkeypatch.setenv("METRICS_DATA_DIR", str(FIXTURE_DATA_DIR))

    def about_panel(lang: str) -> str:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if lang != "en":
            at.query_params["lang"] = lang
        at.run()
        at.switch_page("app_pages/court.py")
        at.session_state["court-caseload-about"] = True  # as a click opens it
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return "\n".join(str(m.value) for m in at.markdown)

    english, kazakh, again = (about_panel(lang) for lang in ("en", "kk", "en"))
    with i18n.language("kk"):
        measured = i18n._("What the figures measure")
    assert "**What the figures measure**" in english and "**What the figures measure**" in again
    assert f"**{measured}**" in kazakh and "What the figures measure" not in kazakh


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_data_view_and_the_page_downloads_open_in_the_language(monkeypatch, lang):
    """The turnout chart's data view (with the evidence note and its download buttons) and the
    page's offline report and view bundle, opened in Kazakh or Russian, raise nothing."""
    monkeypatch.setenv("METRICS_DATA_DIR", str(FIXTURE_DATA_DIR))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/elections.py")
    for opened in ("turnout-data", "turnout-about", "page-downloads"):
        at.session_state[opened] = True  # as a click opens it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with i18n.language(lang):
        note = i18n._(about.EVIDENCE_NOTE)
        labels = {i18n._("Download {format}").format(format=f) for f in ("CSV", "Parquet")}
        labels |= {i18n._("Download column guide"), i18n._("Download the offline report (HTML)")}
    assert escape_markdown(note) in [c.value for c in at.caption]
    shown = {b.proto.label for b in at.get("download_button")}
    assert labels <= shown, shown
    assert not any("Download" in label for label in shown)
