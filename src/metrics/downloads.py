"""Files people take away: a chart's rows as CSV or Parquet, and the whole dataset as a ZIP.

Machine columns keep their names in every language; beside each column that holds a
vocabulary term or a registry id (``party``/``subject``, ``status``, ``metric``...) a download
adds a ``<column>_label`` column with its label in the language of the run (``labels.csv``).
The READMEs and column guides are written in that language too.
"""

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
from metrics.dataset import PACKAGE_FILE, SHARED_VOCABULARIES, VOCABULARIES, Dataset, resource
from metrics.i18n import LANGUAGE_NAMES, N_, _, current_language, ngettext
from metrics.labels import ENGLISH, VOCABULARY_TABLE, vocabulary_key
from metrics.tableschema import arrow_schema

SITE_NAME = citations.SITE_NAME
CITATION = N_(
    "Reform Metrics: Kazakhstan's reforms since 2019, in cited figures (dataset version "
    "{version}). Each figure cites its own source; please cite those sources too. Accessed "
    "{accessed}."
)


# What each column of a chart's download holds. The data view shows it beside the table and
# the column guide download carries it; a test checks every chart's every column is here.
COLUMN_DOCS: dict[str, str] = {
    "headline": N_("Which headline figure the row is: the metric's title, and its subject's name."),
    "series_title": N_("The election, referendum, body or institution the figure belongs to."),
    "series_kind": N_("The kind of series (election, referendum, ...), as a vocabulary term."),
    "series_kind_label": N_("The kind of series, as people read it."),
    "series_date": N_("The date of the series (the vote's day), ISO: YYYY, YYYY-MM or YYYY-MM-DD."),
    "date": N_("The date the figure or event refers to, ISO: YYYY, YYYY-MM or YYYY-MM-DD."),
    "as_of": N_("The date a cumulative figure is as of, ISO: YYYY, YYYY-MM or YYYY-MM-DD."),
    "date_precision": N_("How precisely the row's date is known: year, month or day."),
    "date_label": N_("The date in words, as precise as it is known."),
    "start": N_("Where the chart draws the date (the middle of its period), ISO YYYY-MM-DD."),
    "metric": N_("The metric's id in the metrics registry."),
    "metric_title": N_("The metric's title."),
    "subject": N_("The party, candidate, option or kind of seat's id; empty for a whole series."),
    "subject_name": N_("The subject's name, from the entities registry."),
    "subject_colour": N_("The subject's own colour, where it has one (#RRGGBB)."),
    "value": N_("The figure, a number in the unit of the `unit` column."),
    "unit": N_("The unit of `value`: percent or count."),
    "value_label": N_(
        "The figure as people read it, with 'more than' or 'about' where it applies."
    ),
    "is_remainder": N_("True for the computed rest of a vote (100 minus the shares shown)."),
    "is_preferred": N_("True for the figure the chart shows; false for another source's value."),
    "disagrees": N_("True when sources give different values for this figure."),
    "other_values": N_("What the other sources say, with their status and publisher."),
    "fact_id": N_("The fact's id in facts.csv."),
    "source_id": N_("The source's id in sources.csv."),
    "publisher": N_("Who published the source."),
    "source_kind": N_("The kind of source (official, news agency, ...), as a vocabulary term."),
    "source_kind_label": N_("The kind of source, as people read it."),
    "url": N_("The source's web page."),
    "locator": N_("For a core article, the paragraph the figure is in (non-blank lines from 1)."),
    "status": N_("final, preliminary or reported."),
    "is_lower_bound": N_("True when the source says 'more than' the value."),
    "is_approximate": N_("True when the source says 'about' the value."),
    "derived": N_("How the value follows from the source when the source does not write it."),
    "evidence": N_("What the source says, in our words."),
    "share": N_("Cases decided as a percentage of appeals received."),
    "is_upper_bound": N_(
        "True when the share is at most the value (the appeals are a lower bound)."
    ),
    "share_label": N_("The share as people read it."),
    "appeals": N_("Appeals received, a number."),
    "appeals_is_lower_bound": N_("True when the appeals are 'more than' the number."),
    "appeals_label": N_("Appeals received as people read them."),
    "decided": N_("Cases decided, a number."),
    "decided_is_lower_bound": N_("True when the cases decided are 'more than' the number."),
    "decided_label": N_("Cases decided as people read them."),
    "body": N_("The representative body."),
    "phase": N_("Before or after the reform, as a vocabulary term."),
    "phase_label": N_("Before or after the reform, as people read it."),
    "seats": N_("The number of seats of this kind, where a source gives it."),
    "occurrence_id": N_(
        "The happening's id: rows of events.csv about the same happening share it."
    ),
    "sphere": N_("The sphere of reform, as a vocabulary term."),
    "sphere_label": N_("The sphere of reform, as people read it."),
    "colour": N_("The sphere's colour on the chart (#RRGGBB)."),
    "title": N_("What happened."),
    "sources": N_("Every source that reports it, as 'Publisher (kind)', separated by '; '."),
    "source_ids": N_("Those sources' ids, separated by '; '."),
    "urls": N_("Those sources' web pages, separated by spaces."),
    "date_basis": N_("Whether the source states the date (stated, year_implied, implied)."),
    "notes": N_("Notes on the date or the sources."),
    "stack": N_("Where the event is drawn among events of the same date and sphere, from 0."),
    "stack_size": N_("How many events share its date and sphere."),
    "rule": N_("The rule's id in the metrics registry (a metric of value kind rule_value)."),
    "rule_title": N_("The rule's title."),
    "short_unit": N_("The unit as written beside a number."),
    "body_name": N_("The chamber the rule concerns; empty for a rule on parties."),
    "valid_from": N_("When the value took effect, ISO: YYYY, YYYY-MM or YYYY-MM-DD."),
    "valid_to": N_("When the next value took effect; empty while the value is in force."),
    "acts": N_("The law, amendment or referendum that set the value, as the sources name it."),
    "publishers": N_("The publishers of the sources that give the value, separated by '; '."),
    "chamber_size": N_("The number of seats of the chamber."),
    "votes": N_("Votes for the subject, where a source counts them; empty otherwise."),
    "series": N_("The series' id in series.csv (the election or institution)."),
    "measure": N_(
        "What the row counts on the local-elections chart: posts, candidates or turnout."
    ),
    "candidates_counted": N_(
        "Which candidates: those on the ballot, or (where not given) registered."
    ),
    "period": N_("The month or year a count covers, ISO: YYYY or YYYY-MM."),
    "period_label": N_("The period in words."),
    "precision": N_("How long the period is: year, month or day."),
    "is_cumulative": N_(
        "True for a running total since 1 January 2023, false for a period's count."
    ),
    "ballots_cast": N_("The vote's ballots cast (preferred figure), where known."),
    "registered_voters": N_("The vote's registered voters (preferred figure), where known."),
    "counts_text": N_("The counts behind the share, in words, as the hover shows them."),
    "correction": N_(
        "How the figure was corrected since it was first published (corrections.csv)."
    ),
    "party_list_seats": N_("Seats won from the party's list, where the data gives them."),
    "single_mandate_seats": N_("Seats won in single-member districts, where the data gives them."),
    "metric_label": N_("The metric's title, in the language of the download."),
    "rule_label": N_("The rule's title, in the language of the download."),
    "subject_label": N_("The subject's name, in the language of the download."),
    "body_label": N_("The body's name, in the language of the download."),
    "series_label": N_("The series' title, in the language of the download."),
    "status_label": N_("The status, in the language of the download."),
    "unit_label": N_("The unit, in the language of the download."),
    "date_basis_label": N_("Whether the source states the date, in the language of the download."),
    "caveat_label": N_("The caveat, in the language of the download."),
}
# The columns of a chart's rows that hold a vocabulary term or a registry id, and where their
# labels are: (VOCABULARY_TABLE, vocabulary) or (table, field) of labels.csv. Each gets a
# ``<column>_label`` beside it in a download (one the rows have already is set anew).
LABEL_SUFFIX = "_label"
CHART_LABELS: dict[str, tuple[str, str]] = {
    "metric": ("metrics", "title"),
    "rule": ("metrics", "title"),
    "subject": ("entities", "name"),
    "body": ("entities", "name"),
    "series": ("series", "title"),
    "series_kind": (VOCABULARY_TABLE, "series_kind"),
    "source_kind": (VOCABULARY_TABLE, "kind"),
    "phase": (VOCABULARY_TABLE, "phase"),
    "sphere": (VOCABULARY_TABLE, "sphere"),
    "status": (VOCABULARY_TABLE, "status"),
    "unit": (VOCABULARY_TABLE, "unit"),
    "date_basis": (VOCABULARY_TABLE, "date_basis"),
    "caveat": (VOCABULARY_TABLE, "caveat"),
}
# A registry id a bundle's field references, and the registry's labelled field.
REGISTRY_LABELS = {"metrics": "title", "entities": "name", "series": "title"}


def column_doc(name: str) -> str:
    """What a download's column holds, in the language of this run ('' if undocumented)."""
    doc = COLUMN_DOCS.get(name, "")
    return _(doc) if doc else ""


def label_of(dataset: Dataset, where: tuple[str, str], value: object, lang: str) -> str:
    """The label of a term or id in ``lang``: ``where`` is a ``CHART_LABELS`` value.

    An empty cell has an empty label; a value with no label (a name, not an id) is itself.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if not text:
        return ""
    table, name = where
    try:
        if table == VOCABULARY_TABLE:
            return dataset.translations.label(table, vocabulary_key(name, text), "label", lang)
        return dataset.translations.label(table, text, name, lang)
    except KeyError:
        return text


def labels_for(
    dataset: Dataset, where: tuple[str, str], values: Any, lang: str
) -> dict[object, str]:
    """Each distinct value of a column with its label in ``lang``."""
    return {value: label_of(dataset, where, value, lang) for value in pd.unique(values)}


def with_labels(table: pd.DataFrame, dataset: Dataset, lang: str | None = None) -> pd.DataFrame:
    """A chart's rows with a ``<column>_label`` beside each term or id column, in ``lang``.

    The machine columns are unchanged; a label column the rows have already (``sphere_label``)
    is given the labels of ``lang``.
    """
    lang = lang or current_language()
    out = table.copy()
    for column, where in CHART_LABELS.items():
        if column not in out:
            continue
        names = labels_for(dataset, where, out[column], lang)
        labels = [names[value] for value in out[column]]
        label_column = column + LABEL_SUFFIX
        if label_column in out:
            out[label_column] = labels
        else:
            out.insert(out.columns.get_loc(column) + 1, label_column, labels)
    return out


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
SPREADSHEET_NOTE = N_(
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


def csv_bytes(table: pd.DataFrame, dataset: Dataset | None = None) -> bytes:
    """A chart's rows (``analysis_table``) as UTF-8 CSV, no index, formulas neutralised.

    With the dataset, the label columns are added in the language of this run (``with_labels``).
    """
    if dataset is not None:
        table = with_labels(table, dataset)
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


def parquet_bytes(
    table: pd.DataFrame, schema: pa.Schema | None = None, dataset: Dataset | None = None
) -> bytes:
    """The table as Parquet, written with pyarrow.

    With ``schema`` (a dataset table in the bundle) the table is written as it is; without,
    it is a chart's rows and is written as ``analysis_table`` gives them, with the label
    columns in the language of this run when the dataset is given.
    """
    if schema is None:
        if dataset is not None:
            table = with_labels(table, dataset)
        table = analysis_table(table)
    arrow = pa.Table.from_pandas(table, schema=schema, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


def chart_parquet_bytes(table: pd.DataFrame, dataset: Dataset | None = None) -> bytes:
    """A chart's rows as Parquet, with the label columns in the language of this run."""
    return parquet_bytes(table, dataset=dataset)


def download_name(chart: str, filters_slug: str, extension: str, variant: str = "shown") -> str:
    """A file name that says which chart, which rows and which filters.

    'reform-metrics_turnout_shown_2019-2026_all-spheres_all-sources.csv': ``variant`` is
    'shown' (the chart's rows) or 'all' (every source's value), so no two downloads share one.
    """
    return f"reform-metrics_{chart}_{variant}_{filters_slug}.{extension}"


def column_guide(table: pd.DataFrame, dataset: Dataset | None = None) -> pd.DataFrame:
    """What each column of a chart's download holds (``COLUMN_DOCS``), one row per column,
    in the language of this run; with the dataset, the label columns too."""
    head = table.head(0)
    if dataset is not None:
        head = with_labels(head, dataset)
    names = list(analysis_table(head).columns)
    return pd.DataFrame({"column": names, "what it holds": [column_doc(name) for name in names]})


def column_guide_bytes(
    table: pd.DataFrame, chart: str, dataset_version: str, dataset: Dataset | None = None
) -> bytes:
    """The column guide of a chart's download as a Markdown file, with how to cite it, in the
    language of this run."""
    rows = [
        f"| `{r['column']}` | {r['what it holds']} |"
        for r in column_guide(table, dataset).to_dict("records")
    ]
    labels = (
        [
            _(
                "Columns ending in _label give the column before them (a term or an id) in "
                "words, in the language of this download ({language}); the other columns keep their names and values in every "
                "language."
            ).format(language=LANGUAGE_NAMES[current_language()]),
            "",
        ]
        if any(name.endswith(LABEL_SUFFIX) for name in column_guide(table, dataset)["column"])
        else []
    )
    text = "\n".join(
        [
            "# "
            + _("{site}: the columns of the '{chart}' download").format(
                site=SITE_NAME, chart=chart
            ),
            "",
            _(
                "The CSV and Parquet files hold the same columns: numbers as numbers, flags as "
                "true or false, dates as ISO text."
            ),
            "",
            *labels,
            "| " + _("column") + " | " + _("what it holds") + " |",
            "|---|---|",
            *rows,
            "",
            "## " + _("How to cite"),
            "",
            citation(dataset_version),
            "",
        ]
    )
    return text.encode("utf-8")


def citation(dataset_version: str, accessed: date | None = None) -> str:
    """How to cite the dataset at ``dataset_version`` (the data's version, not the code's),
    in the language of this run."""
    day = citations.accessed_text(accessed or date.today())
    return citations.one_stop(_(CITATION).format(version=dataset_version, accessed=day))


# The coverage table (``coverage.coverage_table``) as a resource of the bundles.
COVERAGE_RESOURCE: dict[str, Any] = {
    "name": "coverage",
    "type": "table",
    "path": "coverage.csv",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "description": "",  # COVERAGE_DESCRIPTION, in the bundle's language (``bundle_package``)
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


COVERAGE_DESCRIPTION = N_(
    "For every vote and kind of figure, what the dataset has: the best status held and its "
    "sources, or that the figure was searched for and not found (gaps.csv), not recorded, or "
    "not applicable. Computed from facts.csv and gaps.csv when the bundle was made."
)
PARQUET_DESCRIPTION = N_(
    "The {name} table as Parquet: the same rows and columns as {path}, each text exactly as "
    "curated."
)


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
        "description": _(PARQUET_DESCRIPTION).format(name=name, path=spec["path"]),
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


def bundle_labels(dataset: Dataset) -> dict[str, dict[str, tuple[str, str]]]:
    """For each table of a bundle, its fields that hold a vocabulary term or a registry id
    (in field order), each with where its labels are (as ``CHART_LABELS``)."""
    vocabularies = {place: name for name, place in VOCABULARIES.items()}
    for name, places in SHARED_VOCABULARIES.items():
        vocabularies.update({place: name for place in places})
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for table in dataset.tables():
        if table == "labels":  # its terms name tables and fields: no label of its own
            continue
        spec = resource(dataset.package, table)
        references = {
            key["fields"] if isinstance(key["fields"], str) else key["fields"][0]: key["reference"][
                "resource"
            ]
            for key in spec["schema"].get("foreignKeys", [])
            if isinstance(key["fields"], str) or len(key["fields"]) == 1
        }
        names = {f["name"] for f in spec["schema"]["fields"]}
        columns: dict[str, tuple[str, str]] = {}
        for field in spec["schema"]["fields"]:
            name = field["name"]
            if name + LABEL_SUFFIX in names:
                continue
            if (table, name) in vocabularies:
                columns[name] = (VOCABULARY_TABLE, vocabularies[(table, name)])
            elif references.get(name) in REGISTRY_LABELS:
                registry = references[name]
                columns[name] = (registry, REGISTRY_LABELS[registry])
        if columns:
            found[table] = columns
    return found


def label_field(name: str) -> dict:
    """The Table Schema field of the label column of ``name``, described in this run's language."""
    return {
        "name": name + LABEL_SUFFIX,
        "type": "string",
        "description": _(
            "The {column} column in words, in the language of this download ({language}), from labels.csv."
        ).format(column=name, language=LANGUAGE_NAMES[current_language()]),
    }


def labelled_fields(fields: list[dict], columns: dict[str, tuple[str, str]]) -> list[dict]:
    """A table's fields with the label field of each of ``columns`` right after its column."""
    out: list[dict] = []
    for field in fields:
        out.append(field)
        if field["name"] in columns:
            out.append(label_field(field["name"]))
    return out


def labelled_csv_file(
    data: bytes, dataset: Dataset, columns: dict[str, tuple[str, str]], lang: str
) -> bytes:
    """A table's CSV file with a label column after each of ``columns``; other cells as they were."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not rows:
        return data
    header = rows[0]
    places = [(header.index(name), where) for name, where in columns.items() if name in header]
    known: dict[tuple[int, str], str] = {}  # each distinct cell of a column is looked up once
    out = []
    for number, row in enumerate(rows):
        new = list(row)
        for index, where in sorted(places, reverse=True):
            if number == 0:
                new.insert(index + 1, header[index] + LABEL_SUFFIX)
                continue
            value = row[index] if index < len(row) else ""
            if (index, value) not in known:
                known[(index, value)] = label_of(dataset, where, value, lang)
            new.insert(index + 1, known[(index, value)])
        out.append(new)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=CSV_LINE_END).writerows(out)
    return buffer.getvalue().encode("utf-8")


def labelled_frame(
    table: pd.DataFrame, dataset: Dataset, columns: dict[str, tuple[str, str]], lang: str
) -> pd.DataFrame:
    """A table with a label column after each of ``columns`` (for its Parquet file)."""
    out = table.copy()
    for name, where in reversed(list(columns.items())):
        names = labels_for(dataset, where, out[name], lang)
        labels = pd.array([names[value] for value in out[name]], dtype="string")
        out.insert(out.columns.get_loc(name) + 1, name + LABEL_SUFFIX, labels)
    return out


def bundle_readme(
    dataset: Dataset, accessed: date | None = None, view: BundleView | None = None
) -> str:
    """The README inside a bundle: what is in it, its version and changes, the label columns,
    CSV safety and the citation, in the language of this run."""
    accessed = accessed or date.today()
    lang = current_language()
    release = dataset.changelog
    released = {str(r["version"]): str(r["date"]) for r in release.to_dict("records")}
    title = _("the full dataset") if view is None else _("this view")
    version = (
        _("Dataset version {version}, released {day}.").format(
            version=dataset.version, day=citations.day_text(released[dataset.version])
        )
        if dataset.version in released
        else _("Dataset version {version}.").format(version=dataset.version)
    )
    lines = [
        f"# {SITE_NAME}: {title}",
        "",
        dataset.package.get("description", ""),
        "",
        citations.one_stop(version)
        + " "
        + citations.one_stop(_("Downloaded {day}.").format(day=citations.accessed_text(accessed))),
        "",
    ]
    if lang != ENGLISH:
        lines += [
            _(
                "The data's own texts (titles of sources, evidence, notes, descriptions in "
                "datapackage.json) are in English, as curated; the label columns and "
                "labels.csv give the labels in Kazakh and Russian."
            ),
            "",
        ]
    if view is None:
        lines += [
            _(
                "This is every table of the dataset, whatever filters the dashboard had: the "
                "filters choose what the pages show, not what this bundle holds."
            ),
            "",
        ]
    else:
        lines += [
            _(
                "This bundle holds exactly what the dashboard showed under these filters: {filters}"
            ).format(filters=view.filters_text),
            "",
            _("The view: {address}").format(address=view.address),
            "",
            _(
                "facts.csv and events.csv hold only the rows the filters keep, corrections.csv "
                "only the corrections of those rows (and of other tables). The registries "
                "(sources, metrics, entities, series, glossary), the rules, the gaps, the "
                "coverage table and the change log are whole, so that every id in the rows can "
                "be looked up."
            ),
            "",
        ]
    lines += [
        "## " + _("Files"),
        "",
        "| " + _("file") + " | " + _("what it holds") + " |",
        "|---|---|",
    ]
    package = bundle_package(dataset)
    for spec in package["resources"]:
        lines.append(f"| `{spec['path']}` | {' '.join(spec.get('description', '').split())} |")
    lines += [
        "| `datapackage.json` | "
        + _(
            "Describes every file: each column's type, description and constraints, the keys "
            "between tables, the vocabularies."
        )
        + " |",
        "",
        "## " + _("Label columns"),
        "",
        _(
            "Every column that holds a vocabulary term or an id of a registry keeps its name "
            "and its values in every language. Beside it, a column of the same name ending in "
            "_label gives it in words, in the language of this download ({language}), from labels.csv:"
        ).format(language=LANGUAGE_NAMES[lang]),
        "",
    ]
    for table, columns in bundle_labels(dataset).items():
        named = ", ".join(f"`{name}{LABEL_SUFFIX}`" for name in columns)
        lines.append(f"- `{table}.csv`, `{table}.parquet`: {named}")
    count = len(dataset.corrections)
    lines += [
        "",
        "## " + _("Versions and corrections"),
        "",
        _("Releases (changelog.csv):"),
        "",
        *[f"- {r['version']} ({r['date']}): {r['summary']}" for r in release.to_dict("records")],
        "",
        ngettext(
            "corrections.csv lists every change to a value already published ({count} in this "
            "dataset): the row, the column, the old and new value, the release that carries it "
            "and why.",
            "corrections.csv lists every change to a value already published ({count} in this "
            "dataset): the row, the column, the old and new value, the release that carries it "
            "and why.",
            count,
        ).format(count=count),
        "",
        "## " + _("Opening the CSV files in a spreadsheet"),
        "",
        _(SPREADSHEET_NOTE),
        "",
        "## " + _("Checking it"),
        "",
        _(
            "`frictionless validate datapackage.json` (the reference Frictionless validator) "
            "checks every CSV and Parquet file against its schema and the keys between the tables."
        ),
        "",
        "## " + _("How to cite"),
        "",
    ]
    if view is None:
        lines += [citation(dataset.version, accessed)]
    else:
        lines += [view.citation.plain(), "", "```bibtex", view.citation.bibtex(), "```"]
    lines += [
        "",
        "## " + _("Licence"),
        "",
        ", ".join(lic.get("name", "") for lic in dataset.package.get("licenses", []))
        or _("See datapackage.json."),
        "",
    ]
    return "\n".join(lines)


def bundle_package(dataset: Dataset) -> dict:
    """The bundle's ``datapackage.json``: the tables as CSV (room for apostrophes) with their
    label columns (in the language of this run), the coverage table, and a Parquet twin of
    each, all described."""
    labelled = bundle_labels(dataset)
    csv_specs = []
    for name in dataset.tables():
        spec = room_for_apostrophes(resource(dataset.package, name))
        if name in labelled:
            fields = labelled_fields(spec["schema"]["fields"], labelled[name])
            spec = {**spec, "schema": {**spec["schema"], "fields": fields}}
        csv_specs.append(spec)
    csv_specs.append({**COVERAGE_RESOURCE, "description": _(COVERAGE_DESCRIPTION)})
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
    this view" bundle. Every CSV has its formulas neutralised (``SPREADSHEET_NOTE``). The label
    columns, the README and the descriptions written here are in the language of this run.
    """
    keep = keep or {}
    lang = current_language()
    labelled = bundle_labels(dataset)
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
            if name in labelled:
                data = labelled_csv_file(data, dataset, labelled[name], lang)
                table = labelled_frame(table, dataset, labelled[name], lang)
                fields = labelled_fields(fields, labelled[name])
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
