"""Files people take away: a chart's rows as CSV or Parquet, and the whole dataset as a ZIP."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metrics import citation as citations
from metrics import coverage, dates
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
    "status_label": "The status, as people read it, in the language of the download.",
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
    "correction": "How the figure was corrected since it was first published (corrections.csv).",
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


# A text cell beginning with one of these can run as a formula when a CSV is opened in a
# spreadsheet (OWASP, "CSV Injection"): such cells get a leading apostrophe in every CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
SPREADSHEET_NOTE = (
    "Spreadsheets run a cell that begins with =, +, -, @, a tab or a carriage return as a "
    "formula. So that no text from the data can do that, every text cell of the CSV files that "
    "begins with one of them starts with an apostrophe ('), as OWASP advises against CSV "
    "injection; a spreadsheet shows such a cell as text. Numbers are never changed: numeric "
    "columns hold plain numbers (a negative number stays a number), and a text cell that is "
    "only a number (-3, +1.5) is left as it is. Reading the CSV with a program, drop a leading "
    "apostrophe before one of those characters; the Parquet files hold every text exactly."
)


# Rows end in CRLF, as RFC 4180 has it: Python's CSV writer then quotes a cell that holds a
# carriage return; with a bare newline as line end it would not, and the row would break.
CSV_LINE_END = "\r\n"


def neutralise_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe.

    Anything that is not text, and text that is a plain number, is returned as it is.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text column passed through ``neutralise_cell``; numbers untouched."""
    out = table.copy()
    for name in out.columns:
        column = out[name]
        textual = pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)
        if textual and column.map(lambda v: neutralise_cell(v) is not v, na_action="ignore").any():
            out[name] = column.map(neutralise_cell, na_action="ignore")
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A chart's rows (``analysis_table``) as UTF-8 CSV, no index, formulas neutralised."""
    safe = neutralise_formulas(analysis_table(table))
    return safe.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8")


def neutralised_csv_file(data: bytes, fields: list[dict]) -> bytes:
    """A CSV file of the package with its text fields' cells neutralised, the rest byte-exact.

    Only the cells of fields of type ``string`` can change (``neutralise_cell``); numbers,
    dates and flags are written as the file has them, so the file still matches its schema.
    """
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return data
    types = {spec["name"]: spec.get("type", "string") for spec in fields}
    textual = [types.get(name, "string") == "string" for name in rows[0]]
    changed = False
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if i < len(textual) and textual[i]:
                safe = neutralise_cell(cell)
                if safe is not cell:
                    row[i] = str(safe)
                    changed = True
    if not changed:
        return data
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=CSV_LINE_END).writerows(rows)
    return buffer.getvalue().encode("utf-8")


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


# The coverage table (``coverage.coverage_table``) as a resource of the bundles.
COVERAGE_RESOURCE: dict[str, Any] = {
    "name": "coverage",
    "type": "table",
    "path": "coverage.csv",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "description": (
        "For every vote and kind of figure, what the dataset has: the best status held and its "
        "sources, or that the figure was searched for and not found (gaps.csv), not recorded, "
        "or not applicable. Computed from facts.csv and gaps.csv when the bundle was made."
    ),
    "schema": {
        "fields": [
            {"name": "series_id", "type": "string", "description": "The vote (series.series_id).",
             "constraints": {"required": True}},
            {"name": "series_title", "type": "string", "description": "The vote's title."},
            {"name": "series_date", "type": "string",
             "description": "The vote's date, ISO: YYYY, YYYY-MM or YYYY-MM-DD."},
            {"name": "figure", "type": "string",
             "description": "The kind of figure (registered voters, ballots cast, turnout...).",
             "constraints": {"required": True}},
            {"name": "coverage", "type": "string", "description": "Whether the data has it.",
             "constraints": {"required": True, "enum": [coverage.HAVE, coverage.GAP, coverage.MISSING, coverage.NOT_APPLICABLE]}},
            {"name": "best_status", "type": "string",
             "description": "The best status of the figures held ('(derived)' when none is printed)."},
            {"name": "sources", "type": "string",
             "description": "The publishers of the figures held, best first, separated by '; '."},
            {"name": "note", "type": "string",
             "description": "What was searched for, where the figure was not found."},
        ],
        "primaryKey": ["series_id", "figure"],
        "foreignKeys": [
            {"fields": ["series_id"], "reference": {"resource": "series", "fields": ["series_id"]}}
        ],
    },
}  # fmt: skip
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def parquet_resource(spec: dict) -> dict:
    """The Parquet twin of a CSV resource: same fields and primary key, its own name and path."""
    name = spec["name"]
    schema = {k: v for k, v in spec["schema"].items() if k != "foreignKeys"}
    return {
        "name": f"{name}-parquet",
        "type": "table",
        "path": f"{name}.parquet",
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": f"The {name} table as Parquet: the same rows and columns as {spec['path']}, "
        "each text exactly as curated.",
        "schema": schema,
    }


def room_for_apostrophes(spec: dict) -> dict:
    """A CSV resource whose text fields' maxLength allows the apostrophe of a neutralised cell."""
    fields = []
    for field in spec["schema"]["fields"]:
        limit = field.get("constraints", {}).get("maxLength")
        if field.get("type", "string") == "string" and limit is not None:
            field = {**field, "constraints": {**field["constraints"], "maxLength": limit + 1}}
        fields.append(field)
    return {**spec, "schema": {**spec["schema"], "fields": fields}}


@dataclass(frozen=True)
class BundleView:
    """What a "download this view" bundle holds beyond the data: which view, and its citation."""

    filters_text: str  # the filters in words
    address: str  # the page's address with the filters
    citation: citations.ViewCitation


def kept_rows(data: bytes, keep: set[str]) -> bytes:
    """A CSV file with only the rows whose first column (the id) is in ``keep``; bytes as they were."""
    lines = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(lines, newline="")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    writer.writerow(rows[0])
    writer.writerows(row for row in rows[1:] if row and row[0] in keep)
    return buffer.getvalue().encode("utf-8")


def view_tables(dataset: Dataset, fact_ids: set[str], event_ids: set[str]) -> dict[str, set[str]]:
    """Which rows of which tables a view keeps (by id): its facts, its events, their corrections.

    The other tables (sources, registries, rules, gaps, the change log...) are kept whole, so
    every key they reference is there.
    """
    corrections = dataset.corrections
    other = ~corrections["table"].isin(("facts", "events"))
    shown = corrections["row_id"].isin(fact_ids | event_ids)
    return {
        "facts": fact_ids,
        "events": event_ids,
        "corrections": set(corrections.loc[other | shown, "correction_id"]),
    }


def bundle_readme(
    dataset: Dataset, accessed: date | None = None, view: BundleView | None = None
) -> str:
    """The README inside a bundle: what is in it, its version and changes, CSV safety, citation."""
    accessed = accessed or date.today()
    release = dataset.changelog
    released = {str(r["version"]): str(r["date"]) for r in release.to_dict("records")}
    title = "the full dataset" if view is None else "this view"
    lines = [
        f"# {SITE_NAME}: {title}",
        "",
        dataset.package.get("description", ""),
        "",
        f"Dataset version {dataset.version}"
        + (f", released {released[dataset.version]}" if dataset.version in released else "")
        + f". Downloaded {accessed.isoformat()}.",
        "",
    ]
    if view is None:
        lines += [
            "This is every table of the dataset, whatever filters the dashboard had: the "
            "filters choose what the pages show, not what this bundle holds.",
            "",
        ]
    else:
        lines += [
            "This bundle holds exactly what the dashboard showed under these filters: "
            f"{view.filters_text}",
            "",
            f"The view: {view.address}",
            "",
            "facts.csv and events.csv hold only the rows the filters keep, corrections.csv "
            "only the corrections of those rows (and of other tables). The registries "
            "(sources, metrics, entities, series, glossary), the rules, the gaps, the coverage "
            "table and the change log are whole, so that every id in the rows can be looked up.",
            "",
        ]
    lines += ["## Files", "", "| file | what it holds |", "|---|---|"]
    package = bundle_package(dataset)
    for spec in package["resources"]:
        lines.append(f"| `{spec['path']}` | {' '.join(spec.get('description', '').split())} |")
    lines += [
        "| `datapackage.json` | Describes every file: each column's type, description and "
        "constraints, the keys between tables, the vocabularies. |",
        "",
        "## Versions and corrections",
        "",
        "Releases (changelog.csv):",
        "",
        *[f"- {r['version']} ({r['date']}): {r['summary']}" for r in release.to_dict("records")],
        "",
        f"corrections.csv lists every change to a value already published "
        f"({len(dataset.corrections)} in this dataset): the row, the column, the old and new "
        "value, the release that carries it and why.",
        "",
        "## Opening the CSV files in a spreadsheet",
        "",
        SPREADSHEET_NOTE,
        "",
        "## Checking it",
        "",
        "`frictionless validate datapackage.json` (the reference Frictionless validator) checks "
        "every CSV and Parquet file against its schema and the keys between the tables.",
        "",
        "## How to cite",
        "",
    ]
    if view is None:
        lines += [citation(dataset.version, accessed)]
    else:
        lines += [view.citation.plain(), "", "```bibtex", view.citation.bibtex(), "```"]
    lines += [
        "",
        "## Licence",
        "",
        ", ".join(lic.get("name", "") for lic in dataset.package.get("licenses", []))
        or "See datapackage.json.",
        "",
    ]
    return "\n".join(lines)


def bundle_package(dataset: Dataset) -> dict:
    """The bundle's ``datapackage.json``: the tables as CSV (room for apostrophes), the
    coverage table, and a Parquet twin of each, all described."""
    csv_specs = [room_for_apostrophes(resource(dataset.package, n)) for n in dataset.tables()]
    csv_specs.append(COVERAGE_RESOURCE)
    return {
        **dataset.package,
        "resources": [*csv_specs, *(parquet_resource(spec) for spec in csv_specs)],
    }


def bundle_zip(
    dataset: Dataset,
    accessed: date | None = None,
    view: BundleView | None = None,
    keep: dict[str, set[str]] | None = None,
) -> bytes:
    """A ZIP with every table as CSV and Parquet, the coverage table, datapackage.json and a README.

    With ``keep`` (``view_tables``), the tables it names hold only those rows: the "download
    this view" bundle. Every CSV has its formulas neutralised (``SPREADSHEET_NOTE``).
    """
    keep = keep or {}
    tables = dict(dataset.tables())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, table in tables.items():
            spec = resource(dataset.package, name)
            # the loader refused any path outside the data directory; the entry is a plain name
            file_name = Path(spec["path"]).name
            data = (dataset.data_dir / file_name).read_bytes()
            if name in keep:
                id_column = table.columns[0]
                table = table[table[id_column].isin(keep[name])]
                data = kept_rows(data, keep[name])
            fields = spec["schema"]["fields"]
            bundle.writestr(file_name, neutralised_csv_file(data, fields))
            bundle.writestr(f"{name}.parquet", parquet_bytes(table, arrow_schema(fields)))
        cover = coverage.coverage_table(dataset)
        cover_fields = COVERAGE_RESOURCE["schema"]["fields"]
        bundle.writestr("coverage.csv", csv_of(cover))
        bundle.writestr("coverage.parquet", parquet_bytes(cover, arrow_schema(cover_fields)))
        package = bundle_package(dataset)
        bundle.writestr(PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False))
        bundle.writestr("README.md", bundle_readme(dataset, accessed, view))
    return buffer.getvalue()


def csv_of(table: pd.DataFrame) -> bytes:
    """A table of text as UTF-8 CSV with its formulas neutralised."""
    safe = neutralise_formulas(table)
    return safe.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8")
