"""Files people take away: a chart's rows as CSV or Parquet, and the whole dataset as a ZIP."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metrics.dataset import PACKAGE_FILE, Dataset, resource
from metrics.tableschema import arrow_schema

SITE_NAME = "Reform Metrics"
CITATION = (
    "Reform Metrics: Kazakhstan's reforms since 2019, in cited figures (dataset version {version}). "
    "Each figure cites its own source; please cite those sources too. Accessed {accessed}."
)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a header row and no index."""
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def parquet_bytes(table: pd.DataFrame, schema: pa.Schema | None = None) -> bytes:
    """The table as Parquet, written with pyarrow (with ``schema`` when given)."""
    arrow = pa.Table.from_pandas(table, schema=schema, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


def download_name(chart: str, filters_slug: str, extension: str) -> str:
    """A file name that says which chart and which filters: 'reform-metrics_turnout_2019-2026_...csv'."""
    return f"reform-metrics_{chart}_{filters_slug}.{extension}"


def citation(dataset_version: str, accessed: date | None = None) -> str:
    """How to cite the dataset at ``dataset_version`` (the data's version, not the code's)."""
    return CITATION.format(version=dataset_version, accessed=(accessed or date.today()).isoformat())


def bundle_readme(dataset: Dataset, accessed: date | None = None) -> str:
    """The README inside the bundle: what is in it, and how to cite it."""
    names = ", ".join(f"{name}.csv" for name in dataset.tables())
    return "\n".join(
        [
            f"# {SITE_NAME}: the full dataset",
            "",
            dataset.package.get("description", ""),
            "",
            f"Tables ({names}) come as CSV and as Parquet; `datapackage.json` describes every column.",
            "Validate them with `python -m metrics validate --data-dir .` from the Reform Metrics project.",
            "",
            "## How to cite",
            "",
            citation(dataset.version, accessed),
            "",
            "## Licence",
            "",
            ", ".join(lic.get("name", "") for lic in dataset.package.get("licenses", []))
            or "See datapackage.json.",
            "",
        ]
    )


def bundle_zip(dataset: Dataset, accessed: date | None = None) -> bytes:
    """A ZIP with every table as CSV and Parquet, datapackage.json and a README with the citation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, table in dataset.tables().items():
            spec = resource(dataset.package, name)
            # the loader refused any path outside the data directory; the entry is a plain name
            file_name = Path(spec["path"]).name
            bundle.writestr(file_name, (dataset.data_dir / file_name).read_bytes())
            schema = arrow_schema(spec["schema"]["fields"])
            bundle.writestr(f"{name}.parquet", parquet_bytes(table, schema))
        bundle.writestr(PACKAGE_FILE, json.dumps(dataset.package, indent=2, ensure_ascii=False))
        bundle.writestr("README.md", bundle_readme(dataset, accessed))
    return buffer.getvalue()
