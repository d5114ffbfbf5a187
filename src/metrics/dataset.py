"""Load the curated dataset described by ``datapackage.json`` and validate all of it.

``load_dataset`` is the one plain loader: the dashboard caches it, the command line and the
tests call it directly. It either returns a ``Dataset`` of pandas DataFrames typed as the
package declares, or raises one ``DatasetError`` listing every problem found.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from metrics.preference import rank_facts
from metrics.problems import DatasetError, Problem
from metrics.tableschema import CsvTable, read_csv_table

PACKAGE_FILE = "datapackage.json"
DATA_DIR_VARIABLE = "METRICS_DATA_DIR"
REPOSITORY_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SHARE_TOLERANCE = 0.1
# A metric named *_share splits a whole among the subjects of its series (vote_share, seat_share).
SHARE_SUFFIX = "_share"
TABLE_NAMES = ("sources", "series", "facts", "events", "excluded")


def default_data_dir() -> Path:
    """``METRICS_DATA_DIR`` if set, else the repository's ``data/``."""
    configured = os.environ.get(DATA_DIR_VARIABLE)
    return Path(configured) if configured else REPOSITORY_DATA_DIR


@dataclass(frozen=True)
class Dataset:
    """The validated tables, as pandas DataFrames, and the package that describes them."""

    sources: pd.DataFrame
    series: pd.DataFrame
    facts: pd.DataFrame
    events: pd.DataFrame
    excluded: pd.DataFrame
    package: dict
    data_dir: Path

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by its resource name, in package order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    @property
    def vocabularies(self) -> dict[str, dict[str, str]]:
        """Controlled vocabularies (sphere, kind, status, date_basis) with definitions."""
        return self.package.get("vocabularies", {})


def read_package(data_dir: Path) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir``, or a ``DatasetError`` saying why not."""
    path = data_dir / PACKAGE_FILE
    if not data_dir.is_dir():
        raise DatasetError([Problem(str(data_dir), None, None, "data directory not found")])
    if not path.is_file():
        raise DatasetError([Problem(str(path), None, None, "file not found")])
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise DatasetError([Problem(str(path), None, None, f"not valid UTF-8: {err}")]) from None
    except json.JSONDecodeError as err:
        problem = Problem(
            str(path), err.lineno, None, f"invalid JSON at character {err.colno}: {err.msg}"
        )
        raise DatasetError([problem]) from None
    names = [resource.get("name") for resource in package.get("resources", [])]
    missing = [name for name in TABLE_NAMES if name not in names]
    if missing:
        message = f"resources missing from the package: {', '.join(missing)}"
        raise DatasetError([Problem(str(path), None, None, message)])
    problems = vocabulary_problems(package, str(path))
    if problems:
        raise DatasetError(problems)
    return package


TERM = re.compile(r"[a-z][a-z0-9_]*")


def vocabulary_problems(package: dict, path: str) -> list[Problem]:
    """Vocabulary terms that are not snake_case names.

    Terms become filter labels and URL values ('foreign_policy' -> 'Foreign policy'), so they
    must be plain names: a term carrying Markdown or HTML would be rendered in the sidebar.
    """
    vocabularies = package.get("vocabularies", {})
    if not isinstance(vocabularies, dict):
        return [Problem(path, None, "vocabularies", "must be an object of vocabularies")]
    problems = []
    for name, terms in vocabularies.items():
        if not isinstance(terms, dict):
            problems.append(
                Problem(path, None, "vocabularies", f"'{name}' must map terms to definitions")
            )
            continue
        problems.extend(
            Problem(path, None, "vocabularies", f"'{name}' term {term!r} is not a snake_case name")
            for term in terms
            if not TERM.fullmatch(term)
        )
    return problems


def resource(package: dict, name: str) -> dict:
    """The package's resource called ``name``."""
    return next(r for r in package["resources"] if r["name"] == name)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A DataFrame whose integer and boolean columns keep their nulls (Int64, boolean)."""
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read and validate every table; raise ``DatasetError`` listing all problems."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    package = read_package(data_dir)
    problems: list[Problem] = []
    tables: dict[str, CsvTable] = {}
    for name in TABLE_NAMES:
        spec = resource(package, name)
        table, table_problems = read_csv_table(
            name, data_dir / spec["path"], spec["schema"]["fields"]
        )
        problems.extend(table_problems)
        if table is not None:
            tables[name] = table
    if len(tables) < len(TABLE_NAMES):
        raise DatasetError(problems)

    frames = {name: to_pandas(table.data) for name, table in tables.items()}
    problems.extend(foreign_key_problems(package, tables, frames))
    problems.extend(row_rule_problems(tables, frames))
    if not problems:
        problems.extend(completeness_problems(tables, frames))
    if problems:
        raise DatasetError(problems)
    return Dataset(**frames, package=package, data_dir=data_dir)


def foreign_key_problems(
    package: dict, tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Every value of a foreign key that its referenced table does not hold."""
    problems = []
    for name in TABLE_NAMES:
        for key in resource(package, name)["schema"].get("foreignKeys", []):
            (column,) = key["fields"]
            target = key["reference"]["resource"]
            (target_column,) = key["reference"]["fields"]
            known = set(frames[target][target_column])
            values = frames[name][column]
            for row in values.index[~values.isin(known) & (values != "")]:
                problems.append(
                    tables[name].problem(
                        row, column, f"{values[row]!r} is not a {target_column} in {target}.csv"
                    )
                )
    return problems


def row_rule_problems(
    tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Rules that involve more than one column of a row, or another table's columns."""
    problems: list[Problem] = []
    sources, facts, events = frames["sources"], frames["facts"], frames["events"]

    def flag(table: str, mask: pd.Series, column: str, message) -> None:
        frame = frames[table]
        for row in frame.index[mask.fillna(False).astype(bool)]:
            text = message(frame.loc[row]) if callable(message) else message
            problems.append(tables[table].problem(row, column, text))

    has_text = sources["text_file"] != ""
    flag(
        "sources",
        has_text & (sources["text_sha256"] == ""),
        "text_sha256",
        "a source with a reference text needs its SHA-256",
    )
    flag(
        "sources",
        ~has_text & (sources["text_sha256"] != ""),
        "text_file",
        "text_sha256 is given but text_file is empty",
    )
    flag(
        "sources",
        ~has_text & (sources["url"] == ""),
        "url",
        "a source without a reference text needs a URL",
    )
    flag(
        "sources",
        ~has_text & (sources["accessed"] == ""),
        "accessed",
        "a source without a reference text needs the date it was accessed",
    )

    percent = facts["unit"] == "percent"
    flag(
        "facts",
        percent & ((facts["value"] < 0) | (facts["value"] > 100)),
        "value",
        lambda row: f"{row['value']} is a percentage outside 0 to 100",
    )
    flag(
        "facts",
        (facts["unit"] == "count") & (facts["value"] < 0),
        "value",
        lambda row: f"{row['value']} is a negative count",
    )
    year_text = facts["year"].astype("string")
    flag(
        "facts",
        facts["year"].notna() & (facts["date"].str[:4] != year_text),
        "date",
        lambda row: f"{row['date']!r} is not in the row's year {row['year']}",
    )

    text_sources = set(sources.loc[has_text, "source_id"])
    for table in ("facts", "events"):
        frame = frames[table]
        flag(
            table,
            frame["source_id"].isin(text_sources) & frame["locator"].isna(),
            "locator",
            "a fact or event from a source with a reference text needs its paragraph number",
        )
    flag(
        "excluded",
        ~frames["excluded"]["source_id"].isin(text_sources),
        "source_id",
        "exclusions are for numbers in reference texts; this source has none",
    )
    flag(
        "events",
        (events["date_basis"] != "stated") & (events["notes"] == ""),
        "notes",
        "an implied date needs a note saying where it comes from",
    )

    series = frames["series"]
    body = series["kind"] == "representative_body"
    flag(
        "series",
        body & ((series["body"] == "") | (series["phase"] == "")),
        "phase",
        "a representative_body series needs its body and its phase (before or after)",
    )
    return problems


def completeness_problems(
    tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Series declared complete whose preferred ``*_share`` figures do not add up to 100."""
    series, facts = frames["series"], frames["facts"]
    ranked = rank_facts(facts, frames["sources"], series, describe=False)
    is_share = ranked["metric"].str.endswith(SHARE_SUFFIX) & (ranked["unit"] == "percent")
    shares = ranked[ranked["is_preferred"] & is_share & ~ranked["is_lower_bound"]]
    complete_ids = set(series.loc[series["complete"].fillna(False).astype(bool), "series_id"])
    shares = shares[shares["series"].isin(complete_ids)]
    totals = shares.groupby(["series", "metric"])["value"].sum()
    problems = []
    for (series_id, metric), total in totals[(totals - 100).abs() > SHARE_TOLERANCE].items():
        group = shares[(shares["series"] == series_id) & (shares["metric"] == metric)]
        row = series.index[series["series_id"] == series_id][0]
        subjects = ", ".join(
            f"{s} {v:g}" for s, v in zip(group["subject"], group["value"], strict=True)
        )
        message = (
            f"series {series_id!r} is declared complete but its {metric} shares add up to "
            f"{total:g}, not 100 ({subjects})"
        )
        problems.append(tables["series"].problem(row, "complete", message))
    return problems
