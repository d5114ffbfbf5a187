"""Sharing and citing, on the fixture dataset: citations of a view, About this data, the image
export's layout, the offline report, the bundles (checked by the reference validator) and CSVs
that no spreadsheet can run as formulas."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from metrics import about, charts, downloads, figures, report
from metrics.citation import ViewCitation, bibtex_escape, filter_params, view_address
from metrics.dataset import load_dataset
from metrics.filters import Filters, default_filters

from conftest import set_cell, set_text

ACCESSED = date(2026, 11, 25)
FORMULAS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']


@pytest.fixture(scope="module")
def labels(dataset):
    return charts.filter_labels(dataset)


@pytest.fixture(scope="module")
def inputs(dataset):
    return charts.inputs_for(dataset, default_filters(dataset))


# --- citations -------------------------------------------------------------------------------


def test_the_address_of_a_view_names_only_the_filters_that_differ(dataset, labels):
    defaults = default_filters(dataset)
    assert view_address("http://h:1/", "overview", defaults, defaults, *labels) == "http://h:1/"
    news = next(term for term, label in labels[1].items() if label == "News agency")
    chosen = Filters((2021, 2023), defaults.spheres, (news,))
    address = view_address("http://h:1", "court", chosen, defaults, *labels, [("measure", "votes")])
    assert address == "http://h:1/court?year=2021&year=2023&source=News+agency&measure=votes"
    nothing = Filters(defaults.years, (), defaults.kinds)
    assert filter_params(nothing, defaults, *labels) == [("sphere", "")]


def test_a_citation_has_the_view_its_version_and_the_day_of_access():
    cited = ViewCitation("Turnout", "http://h/elections?year=2021&year=2021", "0.2.0", ACCESSED,
                         "Filters: years 2021.")  # fmt: skip
    plain = cited.plain()
    for part in ("Turnout", "dataset version 0.2.0", "Filters: years 2021.",
                 "http://h/elections?year=2021&year=2021", "accessed 2026-11-25"):  # fmt: skip
        assert part in plain
    entry = cited.bibtex()
    assert entry.startswith("@misc{reformmetrics2026turnout,")
    assert "urldate = {2026-11-25}" in entry and "version = {0.2.0}" in entry
    assert "url = {http://h/elections?year=2021&year=2021}" in entry
    assert entry.count("{") == entry.count("}")


def test_hostile_text_cannot_break_out_of_a_bibtex_field():
    cited = ViewCitation("}, evil = {x} % #_&$ \\", "http://h/?a={b}", "1", ACCESSED)
    entry = cited.bibtex()
    assert "evil = {" not in entry and entry.count("{") == entry.count("}")
    assert bibtex_escape("50% & #1") == r"50\% \& \#1"


# --- about this data -------------------------------------------------------------------------


def test_about_a_chart_says_what_how_where_what_is_missing_and_what_was_corrected(dataset, inputs):
    turnout = next(c for c in charts.CHARTS if c.chart_id == "turnout")
    table = turnout.rows(inputs)
    sections = {s.title: s for s in about.about_chart(turnout.metrics, table, dataset).sections}
    measure = sections["What the figures measure"].items[0]
    row = dataset.metric_rows["turnout"]
    assert measure.text.startswith(row["title"]) and row["method"] in " ".join(measure.details)
    counted = " ".join(i.text for i in sections["How they are counted"].items)
    assert "final" in counted and "lower bound" in counted
    publishers = {
        dataset.sources.set_index("source_id").at[s, "publisher"] for s in table["source_id"]
    }
    listed = " ".join(i.text for i in sections["Sources"].items)
    assert all(p in listed for p in publishers)
    assert sections["Known limits and gaps"].items  # the fixture has an unrecorded turnout
    corrected = " ".join(i.text for i in sections["Corrections"].items)
    assert "C0001" in corrected and "F0005" in corrected
    text = about.about_markdown(about.about_chart(turnout.metrics, table, dataset))
    assert "**Corrections**" in text and f"version {dataset.version}".replace("-", "\\-") in text


def test_every_chart_has_an_about_section_for_each_question(dataset, inputs):
    for chart in charts.every_chart(inputs):
        table = chart.rows(inputs)
        titles = [s.title for s in about.about_chart(chart.metrics, table, dataset).sections]
        assert titles[:5] == ["What the figures measure", "How they are counted", "Sources",
                              "Known limits and gaps", "Corrections"], chart.chart_id  # fmt: skip


def test_a_corrected_figure_says_so_in_its_rows_and_its_hover(data_copy):
    set_cell(data_copy, "corrections.csv", "C0001", "row_id", "F0006")
    dataset = load_dataset(data_copy)
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    turnout = next(c for c in charts.CHARTS if c.chart_id == "turnout")
    table = about.with_corrections(turnout.rows(inputs), dataset)
    row = table[table["fact_id"] == "F0006"].iloc[0]
    assert row["correction"].startswith("Corrected in version fixture-1 (C0001")
    assert (table.loc[table["fact_id"] != "F0006", "correction"] == "").all()
    hover = turnout.figure(table).to_json()
    assert "Corrected in version fixture-1 (C0001" in hover
    assert "correction" in downloads.COLUMN_DOCS


# --- the image export ------------------------------------------------------------------------


def test_the_image_export_prints_the_provenance_and_leaves_room_for_it(dataset, inputs):
    chart = next(c for c in charts.CHARTS if c.chart_id == "court-caseload")
    fig = chart.figure(chart.rows(inputs))
    lines = [
        "Filters: none.",
        "Sources: A; B.",
        "Reform Metrics, dataset version 9. http://h/court",
    ]
    layout = figures.export_layout(fig, lines)
    footer = layout["annotations"][0]["text"]
    assert all(line.split()[0] in footer for line in lines)
    assert layout["width"] == figures.EXPORT_WIDTH
    grown = layout["height"] - fig.layout.height
    assert grown >= 3 * figures.base.FOOTER_LINE_HEIGHT
    legend = layout["legend"]
    names = figures.base.legend_names(fig)
    assert legend["entrywidth"] >= max(len(n) for n in names) * figures.base.CHAR_WIDTH
    per_row = int((figures.EXPORT_WIDTH - 80) // legend["entrywidth"])
    assert figures.base.legend_rows(fig) == -(-len(names) // per_row)
    config = figures.image_config("name", layout)
    assert config["toImageButtonOptions"]["filename"] == "name"
    assert config["toImageButtonOptions"]["height"] == layout["height"]
    # no drag handles at the axes' ends: their drag elements cost every draw
    assert config["showAxisDragHandles"] is False and config["displaylogo"] is False


def test_the_image_footer_escapes_data_text():
    text = figures.export_layout(figures.figure([], "t"), ["<b>x</b> %{y}"])["annotations"][0]
    assert "<b>" not in text["text"] and "%{" not in text["text"]


# --- CSVs safe to open in a spreadsheet ------------------------------------------------------


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_becomes_text(value):
    assert downloads.neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-3", "+1.5", "-2e3", "plain", "a=b", "", "'=x"])
def test_numbers_and_harmless_text_are_left_as_they_are(value):
    assert downloads.neutralise_cell(value) == value


def test_a_chart_csv_neutralises_text_and_keeps_negative_numbers():
    table = pd.DataFrame({"evidence": FORMULAS, "value": [-1.5] * len(FORMULAS)})
    back = pd.read_csv(io.BytesIO(downloads.csv_bytes(table)), keep_default_na=False)
    assert all(text.startswith("'") for text in back["evidence"])
    assert back["value"].dtype == "float64" and (back["value"] == -1.5).all()


@pytest.fixture
def hostile(data_copy):
    """The fixture with formulas, HTML and script in the text fields every download carries."""
    set_cell(data_copy, "facts.csv", "F0003", "evidence", '=HYPERLINK("http://x","y")')
    set_cell(data_copy, "facts.csv", "F0006", "evidence", "@SUM(1+1)<script>alert(1)</script>")
    set_cell(data_copy, "sources.csv", "fixture-article", "publisher", "+cmd|' /C calc'!A0")
    set_cell(data_copy, "sources.csv", "agency-early", "notes", "-1+2 <img src=x onerror=alert(1)>")
    set_text(data_copy, "events.csv", "E0001", "title", "=1+1 </script><script>alert(2)</script>")
    set_text(data_copy, "entities.csv", "rival", "name", "=2+2 <b>bold</b>")
    return load_dataset(data_copy)


def formula_cells(data: bytes) -> list[str]:
    """Every cell of a CSV that a spreadsheet would run as a formula."""
    table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    return [
        cell
        for column in table.columns
        for cell in table[column]
        if downloads.neutralise_cell(cell) != cell
    ]


def test_no_csv_of_any_download_holds_a_formula(hostile, tmp_path):
    inputs = charts.inputs_for(hostile, default_filters(hostile))
    for chart in charts.every_chart(inputs):
        table = about.with_corrections(chart.rows(inputs), hostile)
        assert formula_cells(downloads.csv_bytes(table)) == [], chart.chart_id
    keep = downloads.view_tables(
        hostile, set(inputs.facts["fact_id"]), set(inputs.events["event_id"])
    )
    for name, bundle in (("full", downloads.bundle_zip(hostile)),
                         ("view", downloads.bundle_zip(hostile, keep=keep))):  # fmt: skip
        with zipfile.ZipFile(io.BytesIO(bundle)) as files:
            csvs = [n for n in files.namelist() if n.endswith(".csv")]
            assert len(csvs) == len(hostile.tables()) + 1
            for csv_name in csvs:
                assert formula_cells(files.read(csv_name)) == [], (name, csv_name)
            facts = pd.read_csv(io.BytesIO(files.read("facts.csv")), dtype=str)
            assert '\'=HYPERLINK("http://x","y")' in set(facts["evidence"])
            files.extractall(tmp_path / name)
        report_ = validate(tmp_path / name / "datapackage.json")
        assert report_.valid, report_.flatten(["rowNumber", "fieldName", "type", "note"])
        parquet = pq.read_table(tmp_path / name / "facts.parquet").to_pandas()
        assert '=HYPERLINK("http://x","y")' in set(parquet["evidence"])  # exact in Parquet


def test_no_text_field_with_a_pattern_can_hold_a_formula(dataset):
    """Only free text is ever neutralised: ids, dates and URLs cannot start like a formula."""
    for spec in dataset.package["resources"]:
        for field in spec["schema"]["fields"]:
            pattern = field.get("constraints", {}).get("pattern")
            if pattern:
                for start in downloads.FORMULA_STARTS:
                    assert not re.fullmatch(pattern, f"{start}1a"), (spec["name"], field["name"])


# --- bundles ---------------------------------------------------------------------------------


def test_the_view_bundle_holds_exactly_the_rows_the_filters_keep(dataset, labels, tmp_path):
    defaults = default_filters(dataset)
    news = next(term for term, label in labels[1].items() if label == "News agency")
    filters = Filters(defaults.years, defaults.spheres, (news,))
    inputs = charts.inputs_for(dataset, filters)
    facts, events = set(inputs.facts["fact_id"]), set(inputs.events["event_id"])
    assert 0 < len(facts) < len(dataset.facts)
    address = view_address("http://h", "court", filters, defaults, *labels)
    cited = ViewCitation("Court", address, dataset.version, ACCESSED, "Filters: news agencies.")
    data = downloads.bundle_zip(
        dataset, ACCESSED, downloads.BundleView(cited.filters_text, address, cited),
        downloads.view_tables(dataset, facts, events),
    )  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        bundle.extractall(tmp_path)
    report_ = validate(tmp_path / "datapackage.json")
    assert report_.valid, report_.flatten(["rowNumber", "fieldName", "type", "note"])
    kept = pd.read_csv(tmp_path / "facts.csv", dtype=str)
    assert set(kept["fact_id"]) == facts
    assert set(pq.read_table(tmp_path / "facts.parquet").to_pandas()["fact_id"]) == facts
    assert set(pd.read_csv(tmp_path / "events.csv", dtype=str)["event_id"]) == events
    assert len(pd.read_csv(tmp_path / "sources.csv")) == len(dataset.sources)  # registries whole
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert address in readme and "@misc{" in readme and "Filters: news agencies." in readme


def test_the_reference_validator_rejects_a_broken_parquet_file(dataset, tmp_path):
    """The Parquet resources are really read: a wrong type in one makes the package invalid."""
    with zipfile.ZipFile(io.BytesIO(downloads.bundle_zip(dataset))) as bundle:
        bundle.extractall(tmp_path)
    broken = pd.DataFrame({"version": ["x"], "date": ["not a date"], "summary": ["s"]})
    broken.to_parquet(tmp_path / "changelog.parquet", index=False)
    assert not validate(tmp_path / "datapackage.json").valid


def test_the_change_log_names_every_release_and_the_package_version_is_the_latest(
    dataset, real_dataset
):
    for data in (dataset, real_dataset):
        log = data.changelog.sort_values("date")
        assert log["version"].iloc[-1] == data.version
        assert set(data.corrections["version"]) <= set(log["version"])


# --- the offline report ----------------------------------------------------------------------


def test_the_report_is_one_file_that_fetches_nothing_and_escapes_the_data(hostile, inputs):
    inputs = charts.inputs_for(hostile, default_filters(hostile))
    parts = []
    for chart in list(charts.every_chart(inputs))[:4]:
        table = chart.rows(inputs)
        about_html = about.about_html(about.about_chart(chart.metrics, table, hostile))
        parts.append(report.ReportChart(chart.chart_id, chart.figure(table), "<caption>",
                                        downloads.analysis_table(table), about_html))  # fmt: skip
    cited = ViewCitation("<script>x</script>", "http://h/?a=<b>", "1", ACCESSED)
    page = report.report_html("Elections", parts, cited, [("<i>P</i>", "k", "javascript:x")])
    head, body = page.split("</head>", 1)
    assert head.count("<script") == 1 and body.count("<script") == len(parts)
    assert "<script>alert" not in body and "</script><script>" not in body
    assert "<img src=x" not in body and "<b>bold</b>" not in body
    assert "javascript:" not in body and "&lt;i&gt;P&lt;/i&gt;" in body
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # nothing fetched
    assert body.count("Plotly.newPlot") == len(parts)


def test_about_this_data_is_inert_markdown_and_html_on_hostile_data(hostile):
    inputs = charts.inputs_for(hostile, default_filters(hostile))
    for chart in charts.every_chart(inputs):
        table = about.with_corrections(chart.rows(inputs), hostile)
        gathered = about.about_chart(chart.metrics, table, hostile)
        text = about.about_markdown(gathered)
        assert re.search(r"(?<!\\)<", text) is None  # every < of the data is escaped
        assert "](javascript" not in text
        page = about.about_html(gathered)
        assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
