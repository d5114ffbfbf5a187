"""Downloads: CSV and Parquet hold exactly the rows; the bundle unzips to a valid dataset."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pandas as pd
import pyarrow.parquet as pq

from metrics import downloads
from metrics.dataset import load_dataset


def test_csv_round_trips(dataset):
    table = dataset.facts.head(10)
    back = pd.read_csv(io.BytesIO(downloads.csv_bytes(table)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert list(back["fact_id"]) == list(table["fact_id"])
    assert downloads.csv_bytes(table).startswith(b"fact_id,source_id,")


def test_parquet_round_trips_with_types(dataset):
    table = dataset.facts
    back = pq.read_table(io.BytesIO(downloads.parquet_bytes(table))).to_pandas()
    assert list(back["value"]) == list(table["value"])
    assert str(back["value"].dtype) == "float64"


def test_download_name_says_chart_and_filters():
    name = downloads.download_name("turnout", "2019-2026_all-spheres_all-sources", "csv")
    assert name == "reform-metrics_turnout_2019-2026_all-spheres_all-sources.csv"


def test_bundle_unzips_to_a_valid_dataset(dataset, tmp_path):
    data = downloads.bundle_zip(dataset, accessed=date(2026, 11, 23))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = set(bundle.namelist())
        bundle.extractall(tmp_path)
    for table in dataset.tables():
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert {"datapackage.json", "README.md"} <= names
    reloaded = load_dataset(tmp_path)
    assert reloaded.facts.equals(dataset.facts)
    parquet = pq.read_table(tmp_path / "facts.parquet").to_pandas()
    assert list(parquet["fact_id"]) == list(dataset.facts["fact_id"])
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "How to cite" in readme and "Accessed 2026-11-23" in readme
    assert (
        json.loads((tmp_path / "datapackage.json").read_text())["name"] == dataset.package["name"]
    )
