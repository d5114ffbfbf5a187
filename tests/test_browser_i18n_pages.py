"""End-to-end: every page in Kazakh and Russian, in a real Chromium on the fixture dataset.

Per language, each page opened with ``?lang=..`` shows none of a list of English interface
strings (headings, button and expander labels, captions, taken from the English pages, where a
test checks they are really shown), and its charts draw. The Sources page's methodology is in
English and says so, and the data's own texts (evidence, source titles) stay English, so the
strings are chosen not to occur in them. A chart's CSV downloaded in each
language has its label columns in that language and its machine columns as in English.

The texts drawn inside the charts (titles, axes, legends, the caption's sources), translated
by the charts half of issue 14, are ``CHART_STRINGS``, checked the same way.
"""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import i18n
from metrics.dataset import load_dataset

from conftest import FIXTURE_DATA_DIR
from testing.pages import NO_CHARTS, PAGES, open_page, settle

pytestmark = pytest.mark.browser

LANGUAGES = ("kk", "ru")
# Shown on every page: the sidebar and the foot of the page.
EVERY_PAGE = (
    "Filters", "Spheres, sources and reform marks", "Years",
    "The filters live in the address bar",
    "Dataset version", "Sources last checked", "Rules of the reform", "Sources & data",
    "Take this view away: an offline report and the data it shows",
)  # fmt: skip
ENGLISH_STRINGS: dict[str, tuple[str, ...]] = {
    "overview": (
        "Kazakhstan's reforms since 2019, in cited figures", "Every figure names its source",
        "Data behind these figures", "Data behind this chart", "The full timeline",
        "About this data · Cite this view",
    ),
    "elections": (
        "Elections and referendums", "What changed between two votes", "Local democracy",
        "Data behind this chart", "About this data · Cite this view",
    ),
    "elections-results": (
        "Results as", "Shares (%)", "Votes (counts)", "with figures under these filters",
        "Each bar is the preferred figure", "Data behind this chart",
    ),
    "elections-changed": (
        "Each party's or candidate's change in share", "Earlier vote", "Later vote",
        "Rules that changed in between",
    ),
    "elections-local": (
        "Akim elections since the first direct elections", "Data behind this chart",
    ),
    "court": (
        "The court began work on 1 January 2023",
        "Share of appeals decided, with its counts", "Appeals received by month and year",
        "Data behind this chart",
    ),
    "electoral-system": (
        "How each representative body's seats are filled", "How seats are filled",
        "Who holds the seats", "Data behind this chart",
    ),
    "electoral-system-seats": (
        "A dot per seat", "with figures under these filters", "Data behind this chart",
    ),
    "rules": (
        "How the rules that shape parties and parliament changed", "Proposed, not in force",
        "The proposal", "Each rule on its own chart, with its acts", "Data behind this chart",
    ),
    "timeline": ("Timeline of reforms", "One marker per happening", "Data behind this chart",
                 "The events as a list"),
    "sources": (
        "Download the full dataset", "ignore the filters too", " · core article",
        "Open the source", "Search every table", "Coverage, figure by figure",
        "Each release of the dataset has a version", "Please cite the original source",
        "The methodology is written in English for now.",
    ),
    "glossary": ("The terms the pages use, in plain words", "In the charts:"),
}  # fmt: skip
# Drawn by the charts and their captions (figures/*, charts.py, chart_data.py).
CHART_STRINGS: dict[str, tuple[str, ...]] = {
    "overview": ("Sources: ", "Timeline of reform events, by sphere"),
    "elections": ("Sources: ", "Date of the vote", "Reform events"),
    "elections-results": ("Sources: ", "Share of votes (%)"),
    "elections-changed": ("Sources: ",),
    "elections-local": ("Sources: ",),
    "court": ("Sources: ", "Count (log scale)", "Cases decided (preferred figures)"),
    "electoral-system": ("Sources: ", "Share of seats (%)", "Single-mandate"),
    "electoral-system-seats": ("Sources: ",),
    "rules": ("Sources: ", "The rules of the reform over time (each in its own unit)"),
    "timeline": ("Sources: ", "Timeline of reform events, by sphere"),
    "sources": (),
    "glossary": (),
}


def page_text(page) -> str:
    """The text of the page as shown, with the text the charts draw in their SVG.

    A wrapped title or label is one SVG text of several lines (``tspan.line``): its lines are
    joined with spaces, as they read.
    """
    shown = page.get_by_test_id("stApp").inner_text()
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot svg text')].map((t) => {"
        " const lines = [...t.querySelectorAll('tspan.line')];"
        " return lines.length ? lines.map((l) => l.textContent).join(' ') : t.textContent;"
        " }).join('\\n')"
    )
    return f"{shown}\n{drawn}"


def open_in(page, server_url: str, name: str, lang: str) -> str:
    """Open page ``name`` in ``lang`` (English without a parameter), its charts drawn."""
    path = PAGES[name] + (
        "" if lang == "en" else ("&" if "?" in PAGES[name] else "?") + f"lang={lang}"
    )
    open_page(page, server_url, path, charts=name not in NO_CHARTS)
    # the foot of every page is drawn last (app.py): wait for it, then for the run to settle
    with i18n.language(lang):
        foot = i18n._("Take this view away: an offline report and the data it shows")
    page.get_by_test_id("stExpander").filter(has_text=foot).wait_for()
    settle(page)
    assert page.get_by_test_id("stException").count() == 0, name
    if name not in NO_CHARTS:
        assert page.locator(".js-plotly-plot .main-svg").count() > 0, name
    return page_text(page)


# Drawn only once a filter narrows the view (the reset) or the marks are off (their switch).
NARROWED = ("Reset filters", "Mark reform events on charts over time")


@pytest.mark.parametrize("lang", ("en", *LANGUAGES))
def test_the_reset_and_the_marks_switch_are_in_the_language_when_drawn(page, server_url, lang):
    suffix = "" if lang == "en" else f"&lang={lang}"
    open_page(page, server_url, f"timeline?marks=false&year=2021&year=2023{suffix}")
    sidebar = page.get_by_test_id("stSidebar").text_content() or ""  # a closed expander too
    for english in NARROWED:
        with i18n.language(lang):
            assert i18n._(english) in sidebar, (lang, english)
        if lang != "en":
            assert english not in sidebar, (lang, english)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_english_strings_checked_are_on_the_english_page(page, server_url, name):
    """The lists are the English page's own words: none is a string the page never shows."""
    text = open_in(page, server_url, name, "en")
    expected = (*EVERY_PAGE, *ENGLISH_STRINGS[name], *CHART_STRINGS[name])
    missing = [english for english in expected if english not in text]
    assert not missing, f"{name}: not on the English page: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_in_the_language_and_draws_its_charts(page, server_url, lang):
    found = {}
    for name in PAGES:
        text = open_in(page, server_url, name, lang)
        left = [s for s in (*EVERY_PAGE, *ENGLISH_STRINGS[name], *CHART_STRINGS[name]) if s in text]
        if left:
            found[name] = left
        with i18n.language(lang):
            assert i18n._("Filters") in text, name
    assert not found, f"English interface strings on {lang} pages: {found}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_charts_csv_has_its_labels_in_the_language(page, server_url, tmp_path, lang):
    open_page(page, server_url, f"elections?lang={lang}")
    with i18n.language(lang):
        data_view = i18n._("Data behind this chart")
        download = i18n._("Download {format}").format(format="CSV")
    page.get_by_text(data_view).first.click()
    settle(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text=download).first
    with page.expect_download() as saved:
        button.click()
    path = tmp_path / saved.value.suggested_filename
    saved.value.save_as(path)
    assert path.name.startswith("reform-metrics_turnout_shown_")

    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    dataset = load_dataset(FIXTURE_DATA_DIR)
    labels = dataset.translations
    assert {"status", "status_label", "series_kind", "series_kind_label", "unit",
            "unit_label"} <= set(rows.columns)  # fmt: skip
    assert set(rows["status"]) <= set(dataset.vocabularies["status"].terms)  # machine values
    for column, vocabulary in (("status", "status"), ("series_kind", "series_kind"),
                               ("unit", "unit"), ("source_kind", "kind")):  # fmt: skip
        expected = [labels.term(vocabulary, term, lang) for term in rows[column]]
        assert list(rows[f"{column}_label"]) == expected, column
        english = [labels.term(vocabulary, term, "en") for term in rows[column]]
        assert list(rows[f"{column}_label"]) != english, column
