"""Downloads: CSV and Parquet hold exactly the rows; the bundle unzips to a valid dataset."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pandas as pd
import pyarrow.parquet as pq

from metrics import chart_data, charts, downloads
from metrics.filters import default_filters


def test_csv_round_trips(dataset):
    table = dataset.facts.head(10)
    back = pd.read_csv(io.BytesIO(downloads.csv_bytes(table)), dtype=str, keep_default_na=False)
    # the date's precision rides beside it
    columns = list(table.columns)
    columns.insert(columns.index("date") + 1, "date_precision")
    assert list(back.columns) == columns
    assert list(back["fact_id"]) == list(table["fact_id"])
    assert downloads.csv_bytes(table).startswith(b"fact_id,source_id,")


def test_parquet_round_trips_with_types(dataset):
    table = dataset.facts
    back = pq.read_table(io.BytesIO(downloads.parquet_bytes(table))).to_pandas()
    assert list(back["value"]) == list(table["value"])
    assert str(back["value"].dtype) == "float64"


def test_download_name_says_chart_rows_and_filters():
    name = downloads.download_name("turnout", "2019-2026_all-spheres_all-sources", "csv")
    assert name == "reform-metrics_turnout_shown_2019-2026_all-spheres_all-sources.csv"
    every = downloads.download_name("turnout", "2019-2026_all-spheres_all-sources", "csv", "all")
    assert every == "reform-metrics_turnout_all_2019-2026_all-spheres_all-sources.csv"


def chart_tables(dataset):
    """Every chart's download (shown and all rows) on the fixture, with the headlines."""
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    tables = {("headlines", "shown"): chart_data.headline_figures(inputs.facts)}
    for chart in charts.every_chart(inputs):
        tables[(chart.chart_id, "shown")] = chart.rows(inputs)
        if chart.all_rows is not None:
            tables[(chart.chart_id, "all")] = chart.all_rows(inputs)
    return tables


FLAGS = ("is_lower_bound", "is_approximate", "is_preferred", "disagrees", "is_upper_bound",
         "appeals_is_lower_bound", "decided_is_lower_bound", "is_remainder")  # fmt: skip
NUMBERS = ("value", "share", "appeals", "decided")
DATES = ("as_of", "date", "series_date", "start")


def test_every_charts_csv_and_parquet_read_back_with_analysts_types(dataset):
    for (chart, variant), table in chart_tables(dataset).items():
        assert not table.empty, chart
        csv = pd.read_csv(io.BytesIO(downloads.csv_bytes(table)), dtype={d: str for d in DATES})
        parquet = pd.read_parquet(io.BytesIO(downloads.parquet_bytes(table)))
        for back in (csv, parquet):
            assert list(back.columns) == list(csv.columns), chart
            for name in back.columns:
                where = f"{chart} {variant} {name}"
                if name in NUMBERS:
                    assert back[name].dtype == "float64", where
                elif name in FLAGS:
                    assert back[name].dtype == bool, where
                elif name in DATES:
                    assert back[name].map(type).eq(str).all(), where
                    assert back[name].str.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}").all(), where
            if any(d in back for d in DATES):
                assert set(back["date_precision"]) <= {"year", "month", "day"}, chart
            if "value" in back:
                assert "value_label" in back, chart  # the words stay beside the numbers


def test_share_decided_downloads_counts_as_numbers_with_flags(dataset):
    table = chart_tables(dataset)[("court-share-decided", "shown")]
    back = pd.read_csv(io.BytesIO(downloads.csv_bytes(table))).set_index("as_of")
    assert back.loc["2023-06-20", "appeals"] == 3000.0
    assert bool(back.loc["2023-06-20", "appeals_is_lower_bound"]) is True
    assert back.loc["2023-06-20", "appeals_label"] == "more than 3,000"


def test_every_download_column_is_documented_and_every_name_is_distinct(dataset):
    names = set()
    for (chart, variant), table in chart_tables(dataset).items():
        guide = downloads.column_guide(table)
        assert (guide["what it holds"] != "").all(), (
            chart,
            list(guide[guide["what it holds"] == ""]["column"]),
        )
        assert ("date_precision" in set(guide["column"])) == any(d in table for d in DATES)
        for extension in ("csv", "parquet"):
            names.add(downloads.download_name(chart, "slug", extension, variant))
        readme = downloads.column_guide_bytes(table, chart, dataset.version).decode()
        assert "| `value_label` |" in readme or "value_label" not in table
    tables = chart_tables(dataset)
    assert len(names) == 2 * len(tables)


def test_bundle_unzips_to_a_package_the_reference_validator_accepts(dataset, tmp_path):
    from frictionless import validate

    data = downloads.bundle_zip(dataset, accessed=date(2026, 11, 23))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = set(bundle.namelist())
        bundle.extractall(tmp_path)
    for table in [*dataset.tables(), "coverage"]:
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert {"datapackage.json", "README.md", "changelog.csv", "corrections.csv"} <= names
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    parquet = pq.read_table(tmp_path / "facts.parquet").to_pandas()
    assert list(parquet["fact_id"]) == list(dataset.facts["fact_id"])
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "How to cite" in readme and "Accessed 2026-11-23" in readme
    assert f"Dataset version {dataset.version}" in readme
    assert "whatever filters" in readme and "apostrophe" in readme
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["name"] == dataset.package["name"]
    described = {r["path"] for r in package["resources"]}
    assert described == names - {"datapackage.json", "README.md"}
