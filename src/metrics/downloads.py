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

from metrics import dates
from metrics.dataset import PACKAGE_FILE, Dataset, resource
from metrics.tableschema import arrow_schema

SITE_NAME = "Reform Metrics"
CITATION = (
    "Reform Metrics: Kazakhstan's reforms since 2019, in cited figures (dataset version {version}). "
    "Each figure cites its own source; please cite those sources too. Accessed {accessed}."
)


# What each column of a chart's download holds. The data view shows it beside the table and
# the column guide download carries it; a test checks every chart's every column is here.
COLUMN_DOCS: dict[str, str] = {
    "headline": "Which headline figure the row is: the metric's title, and its subject's name.",
    "series_title": "The election, referendum, body or institution the figure belongs to.",
    "series_kind": "The kind of series (election, referendum, ...), as a vocabulary term.",
    "series_kind_label": "The kind of series, as people read it.",
    "series_date": "The date of the series (the vote's day), ISO: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date": "The date the figure or event refers to, ISO: YYYY, YYYY-MM or YYYY-MM-DD.",
    "as_of": "The date a cumulative figure is as of, ISO: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date_precision": "How precisely the row's date is known: year, month or day.",
    "date_label": "The date in words, as precise as it is known.",
    "start": "Where the chart draws the date (the middle of its period), ISO YYYY-MM-DD.",
    "metric": "The metric's id in the metrics registry.",
    "metric_title": "The metric's title.",
    "subject": "The party, candidate, option or kind of seat's id; empty for a whole series.",
    "subject_name": "The subject's name, from the entities registry.",
    "subject_colour": "The subject's own colour, where it has one (#RRGGBB).",
    "value": "The figure, a number in the unit of the `unit` column.",
    "unit": "The unit of `value`: percent or count.",
    "value_label": "The figure as people read it, with 'more than' or 'about' where it applies.",
    "is_remainder": "True for the computed rest of a vote (100 minus the shares shown).",
    "is_preferred": "True for the figure the chart shows; false for another source's value.",
    "disagrees": "True when sources give different values for this figure.",
    "other_values": "What the other sources say, with their status and publisher.",
    "fact_id": "The fact's id in facts.csv.",
    "source_id": "The source's id in sources.csv.",
    "publisher": "Who published the source.",
    "source_kind": "The kind of source (official, news agency, ...), as a vocabulary term.",
    "source_kind_label": "The kind of source, as people read it.",
    "url": "The source's web page.",
    "locator": "For a core article, the paragraph the figure is in (non-blank lines from 1).",
    "status": "final, preliminary or reported.",
    "is_lower_bound": "True when the source says 'more than' the value.",
    "is_approximate": "True when the source says 'about' the value.",
    "derived": "How the value follows from the source when the source does not write it.",
    "evidence": "What the source says, in our words.",
    "share": "Cases decided as a percentage of appeals received.",
    "is_upper_bound": "True when the share is at most the value (the appeals are a lower bound).",
    "share_label": "The share as people read it.",
    "appeals": "Appeals received, a number.",
    "appeals_is_lower_bound": "True when the appeals are 'more than' the number.",
    "appeals_label": "Appeals received as people read them.",
    "decided": "Cases decided, a number.",
    "decided_is_lower_bound": "True when the cases decided are 'more than' the number.",
    "decided_label": "Cases decided as people read them.",
    "body": "The representative body.",
    "phase": "Before or after the reform, as a vocabulary term.",
    "phase_label": "Before or after the reform, as people read it.",
    "seats": "The number of seats of this kind, where a source gives it.",
    "occurrence_id": "The happening's id: rows of events.csv about the same happening share it.",
    "sphere": "The sphere of reform, as a vocabulary term.",
    "sphere_label": "The sphere of reform, as people read it.",
    "colour": "The sphere's colour on the chart (#RRGGBB).",
    "title": "What happened.",
    "sources": "Every source that reports it, as 'Publisher (kind)', separated by '; '.",
    "source_ids": "Those sources' ids, separated by '; '.",
    "urls": "Those sources' web pages, separated by spaces.",
    "date_basis": "Whether the source states the date (stated, year_implied, implied).",
    "notes": "Notes on the date or the sources.",
    "stack": "Where the event is drawn among events of the same date and sphere, from 0.",
    "stack_size": "How many events share its date and sphere.",
    "rule": "The rule's id in the metrics registry (a metric of value kind rule_value).",
    "rule_title": "The rule's title.",
    "short_unit": "The unit as written beside a number.",
    "body_name": "The chamber the rule concerns; empty for a rule on parties.",
    "valid_from": "When the value took effect, ISO: YYYY, YYYY-MM or YYYY-MM-DD.",
    "valid_to": "When the next value took effect; empty while the value is in force.",
    "acts": "The law, amendment or referendum that set the value, as the sources name it.",
    "publishers": "The publishers of the sources that give the value, separated by '; '.",
    "chamber_size": "The number of seats of the chamber.",
    "votes": "Votes for the subject, where a source counts them; empty otherwise.",
    "series": "The series' id in series.csv (the election or institution).",
    "measure": "What the row counts on the local-elections chart: posts, candidates or turnout.",
    "candidates_counted": "Which candidates: those on the ballot, or (where not given) registered.",
    "period": "The month or year a count covers, ISO: YYYY or YYYY-MM.",
    "period_label": "The period in words.",
    "precision": "How long the period is: year, month or day.",
    "is_cumulative": "True for a running total since 1 January 2023, false for a period's count.",
    "ballots_cast": "The vote's ballots cast (preferred figure), where known.",
    "registered_voters": "The vote's registered voters (preferred figure), where known.",
    "counts_text": "The counts behind the share, in words, as the hover shows them.",
    "party_list_seats": "Seats won from the party's list, where the data gives them.",
    "single_mandate_seats": "Seats won in single-member districts, where the data gives them.",
}
# The partial-date column a table's ``date_precision`` describes, the first one it has.
DATE_COLUMNS = ("as_of", "date", "series_date")
NUMBER_COLUMNS = (
    "value",
    "share",
    "appeals",
    "decided",
    "seats",
    "votes",
    "ballots_cast",
    "registered_voters",
)


def is_flag_column(name: str) -> bool:
    """True for the columns that hold true or false: is_* and disagrees."""
    return name.startswith("is_") or name == "disagrees"


def analysis_table(table: pd.DataFrame) -> pd.DataFrame:
    """A chart's rows as an analyst reads them in CSV and Parquet.

    Numbers are floats, flags are booleans (a missing flag is false), times are ISO dates,
    and the table's partial date gets a ``date_precision`` column beside it (year, month or
    day, from ``dates.PartialDate``). Text labels (``value_label``) stay as text beside the
    numbers. A table that has a ``date_precision`` column already is left as it is.
    """
    out = table.copy()
    for name in out.columns:
        column = out[name]
        if name in NUMBER_COLUMNS:
            out[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif is_flag_column(name):
            out[name] = column.astype("boolean").fillna(False).astype(bool)
        elif name == "locator":
            out[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif pd.api.types.is_datetime64_any_dtype(column):
            out[name] = column.dt.strftime("%Y-%m-%d").astype(str)
    date_column = next((name for name in DATE_COLUMNS if name in out), None)
    if date_column is not None and "date_precision" not in out:
        precision = [
            dates.PartialDate.parse(text).precision if dates.is_partial_date(text) else ""
            for text in out[date_column].fillna("")
        ]
        out.insert(out.columns.get_loc(date_column) + 1, "date_precision", precision)
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A chart's rows (``analysis_table``) as UTF-8 CSV with a header row and no index."""
    return analysis_table(table).to_csv(index=False, lineterminator="\n").encode("utf-8")


def parquet_bytes(table: pd.DataFrame, schema: pa.Schema | None = None) -> bytes:
    """The table as Parquet, written with pyarrow.

    With ``schema`` (a dataset table in the bundle) the table is written as it is; without,
    it is a chart's rows and is written as ``analysis_table`` gives them.
    """
    if schema is None:
        table = analysis_table(table)
    arrow = pa.Table.from_pandas(table, schema=schema, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


def download_name(chart: str, filters_slug: str, extension: str, variant: str = "shown") -> str:
    """A file name that says which chart, which rows and which filters.

    'reform-metrics_turnout_shown_2019-2026_all-spheres_all-sources.csv': ``variant`` is
    'shown' (the chart's rows) or 'all' (every source's value), so no two downloads share one.
    """
    return f"reform-metrics_{chart}_{variant}_{filters_slug}.{extension}"


def column_guide(table: pd.DataFrame) -> pd.DataFrame:
    """What each column of a chart's download holds (``COLUMN_DOCS``), one row per column."""
    names = list(analysis_table(table.head(0)).columns)
    return pd.DataFrame(
        {"column": names, "what it holds": [COLUMN_DOCS.get(name, "") for name in names]}
    )


def column_guide_bytes(table: pd.DataFrame, chart: str, dataset_version: str) -> bytes:
    """The column guide of a chart's download as a Markdown file, with how to cite it."""
    rows = [
        f"| `{r['column']}` | {r['what it holds']} |"
        for r in column_guide(table).to_dict("records")
    ]
    text = "\n".join(
        [
            f"# {SITE_NAME}: the columns of the '{chart}' download",
            "",
            "The CSV and Parquet files hold the same columns: numbers as numbers, flags as true "
            "or false, dates as ISO text.",
            "",
            "| column | what it holds |",
            "|---|---|",
            *rows,
            "",
            "## How to cite",
            "",
            citation(dataset_version),
            "",
        ]
    )
    return text.encode("utf-8")


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
