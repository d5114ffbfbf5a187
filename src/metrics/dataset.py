"""Load the curated dataset described by ``datapackage.json`` and validate all of it.

``load_dataset`` is the one plain loader: the dashboard caches it, the command line and the
tests call it directly. It either returns a ``Dataset`` of pandas DataFrames typed as the
package declares, or raises one ``DatasetError`` listing every problem found.

The package is a Frictionless Data Package (v2). Its vocabularies are the Table Schema v2
``categories`` of the fields that use them, each with a label and a definition; the metrics and
entities registries are tables of their own, which facts reference by foreign key. Checking
happens in layers: the descriptor (``descriptor``), each file's cells (``tableschema``), keys
(``keys``) and the rules that span columns and tables (``checks``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa

from metrics import checks, dates
from metrics.arithmetic import arithmetic_problems
from metrics.descriptor import package_problems, resource_file
from metrics.i18n import current_language
from metrics.keys import foreign_key_problems, primary_key_problems
from metrics.labels import ENGLISH, Labels, english_texts
from metrics.preference import Ranking
from metrics.problems import DatasetError, Problem
from metrics.rules import rule_problems
from metrics.tableschema import (
    CsvTable,
    category_descriptions,
    category_labels,
    category_values,
    read_csv_table,
)

PACKAGE_FILE = "datapackage.json"
DATA_DIR_VARIABLE = "METRICS_DATA_DIR"
REPOSITORY_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
TABLE_NAMES = (
    "sources", "metrics", "entities", "series", "facts", "events", "excluded", "glossary",
    "rules", "corrections", "gaps", "changelog", "labels",
)  # fmt: skip
# Columns ``load_dataset`` adds to the facts from the registries; they are not in facts.csv.
DERIVED_FACT_COLUMNS = ("unit", "year")
# Where each vocabulary is declared: (resource, field). A vocabulary used by several fields
# (sphere) is declared on each (``SHARED_VOCABULARIES``), and ``checks`` proves they agree.
VOCABULARIES = {
    "sphere": ("facts", "sphere"),
    "kind": ("sources", "kind"),
    "status": ("facts", "status"),
    "date_basis": ("events", "date_basis"),
    "series_kind": ("series", "kind"),
    "phase": ("series", "phase"),
    "unit": ("metrics", "unit"),
    "value_kind": ("metrics", "value_kind"),
    "entity_kind": ("entities", "kind"),
    "caveat": ("facts", "caveat"),
    "share_base": ("series", "share_base"),
    "rule_basis": ("rules", "basis"),
}
SHARED_VOCABULARIES = {"sphere": (("events", "sphere"),)}


def default_data_dir() -> Path:
    """``METRICS_DATA_DIR`` if set, else the repository's ``data/``."""
    configured = os.environ.get(DATA_DIR_VARIABLE)
    return Path(configured) if configured else REPOSITORY_DATA_DIR


@dataclass(frozen=True)
class Vocabulary:
    """A field's categories: each term (in the package's order) with its label and definition."""

    terms: tuple[str, ...]
    labels: dict[str, str] = field(hash=False)
    definitions: dict[str, str] = field(hash=False)

    def label(self, term: str) -> str:
        """The term as people read it ('judicial_legal' -> 'Judicial and legal')."""
        return self.labels.get(term, term)


@dataclass(frozen=True, eq=False)
class Dataset:
    """The validated tables, as pandas DataFrames, and the package that describes them.

    ``facts`` carries two derived columns besides those of facts.csv: ``unit`` (from the
    metric's registry row) and ``year`` (the year of ``date``). ``tables`` leaves them out.
    """

    sources: pd.DataFrame
    metrics: pd.DataFrame
    entities: pd.DataFrame
    series: pd.DataFrame
    facts: pd.DataFrame
    events: pd.DataFrame
    excluded: pd.DataFrame
    glossary: pd.DataFrame
    rules: pd.DataFrame
    corrections: pd.DataFrame
    gaps: pd.DataFrame
    changelog: pd.DataFrame
    labels: pd.DataFrame
    package: dict
    data_dir: Path

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by its resource name, in package order, with the file's columns only."""
        tables = {name: getattr(self, name) for name in TABLE_NAMES}
        tables["facts"] = self.facts.drop(columns=list(DERIVED_FACT_COLUMNS))
        return tables

    @property
    def version(self) -> str:
        """The dataset's version, from ``datapackage.json`` (not the code's version)."""
        return str(self.package.get("version", "unversioned"))

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """Every controlled vocabulary by name, from the categories of its field."""
        return {
            name: vocabulary_of(field_spec(self.package, resource_name, field_name))
            for name, (resource_name, field_name) in VOCABULARIES.items()
        }

    @cached_property
    def ranking(self) -> Ranking:
        """Which statuses and source kinds are preferred, in order (see ``preference``)."""
        return Ranking.of(self.package)

    def label(self, vocabulary: str, term: str) -> str:
        """A vocabulary term as people read it, in the language of this run (``i18n``)."""
        lang = current_language()
        if lang != ENGLISH:
            try:
                return self.translations.term(vocabulary, term, lang)
            except KeyError:
                pass  # a term the package does not declare: shown as itself, as in English
        return self.vocabularies[vocabulary].label(term)

    @cached_property
    def translations(self) -> Labels:
        """The data's labels in English, Kazakh and Russian (labels.csv; see ``metrics.labels``).

        ``dataset.translations.label("entities", entity_id, "name", "kk")`` is an entity's
        name in Kazakh; a language without a text falls back to the English.
        """
        frames = {name: getattr(self, name) for name in TABLE_NAMES}
        return Labels.of(self.labels, english_texts(frames, self.package, VOCABULARIES))

    @cached_property
    def metric_rows(self) -> dict[str, dict]:
        """The metrics registry as dicts by metric id."""
        return {row["metric_id"]: row for row in self.metrics.to_dict("records")}

    @cached_property
    def entity_rows(self) -> dict[str, dict]:
        """The entities registry as dicts by entity id."""
        return {row["entity_id"]: row for row in self.entities.to_dict("records")}

    def metric_title(self, metric_id: str) -> str:
        """The metric's title from the registry, in the language of this run."""
        return self.translated("metrics", metric_id, "title", self.metric_rows[metric_id]["title"])

    def entity_name(self, entity_id: str) -> str:
        """The entity's name from the registry, in the language of this run."""
        return self.translated("entities", entity_id, "name", self.entity_rows[entity_id]["name"])

    def translated(self, table: str, key: str, field_name: str, english: str) -> str:
        """A label of the data in the language of this run; ``english`` in English."""
        lang = current_language()
        if lang == ENGLISH:
            return english
        try:
            return self.translations.label(table, key, field_name, lang)
        except KeyError:
            return english


def vocabulary_of(spec: dict) -> Vocabulary:
    """The ``Vocabulary`` that a field's categories declare (empty when it has none)."""
    terms = tuple(category_values(spec) or ())
    return Vocabulary(terms, category_labels(spec), category_descriptions(spec))


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
    problems = package_problems(package, str(path))
    if problems:
        raise DatasetError(problems)
    names = [resource.get("name") for resource in package["resources"]]
    missing = [name for name in TABLE_NAMES if name not in names]
    if missing:
        message = f"resources missing from the package: {', '.join(missing)}"
        raise DatasetError([Problem(str(path), None, None, message)])
    problems = checks.vocabulary_problems(package, VOCABULARIES, SHARED_VOCABULARIES, str(path))
    if problems:
        raise DatasetError(problems)
    return package


def resource(package: dict, name: str) -> dict:
    """The package's resource called ``name``."""
    return next(r for r in package["resources"] if r["name"] == name)


def field_spec(package: dict, resource_name: str, field_name: str) -> dict:
    """The Table Schema field ``field_name`` of resource ``resource_name``."""
    fields = resource(package, resource_name)["schema"]["fields"]
    return next(f for f in fields if f["name"] == field_name)


def primary_key(spec: dict) -> list[str]:
    """A resource's primary key as a list of field names."""
    key = spec["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A DataFrame whose integer and boolean columns keep their nulls (Int64, boolean)."""
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def with_derived_columns(facts: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Facts with the metric's ``unit`` and the ``year`` of their date added.

    Runs before the dataset is known to be valid (the row rules need the unit), so a repeated
    metric id or a date that is not a date, already reported as problems, must not crash it:
    the first row of a metric gives its unit, and a bad date gives no year.
    """
    units = facts["metric"].map(metrics.drop_duplicates("metric_id").set_index("metric_id")["unit"])
    years = {
        text: dates.year_of(text) if dates.is_partial_date(text) else None
        for text in facts["date"].unique()
    }
    year = facts["date"].map(years).astype(pd.Int64Dtype())
    return facts.assign(unit=units.fillna("").astype(facts["metric"].dtype), year=year)


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read and validate every table; raise ``DatasetError`` listing all problems."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    package = read_package(data_dir)
    package_path = str(data_dir / PACKAGE_FILE)
    problems: list[Problem] = []
    tables: dict[str, CsvTable] = {}
    for spec in package["resources"]:
        path, path_problems = resource_file(data_dir, spec, package_path)
        problems.extend(path_problems)
        if path is None:
            continue
        table, table_problems = read_csv_table(spec["name"], path, spec["schema"]["fields"])
        problems.extend(table_problems)
        if table is None:
            continue
        tables[spec["name"]] = table
        key = primary_key(spec)
        declared_unique = len(key) == 1 and any(
            f["name"] == key[0] and f.get("constraints", {}).get("unique")
            for f in spec["schema"]["fields"]
        )
        if key and not declared_unique:  # a unique field already reports its repeats
            problems.extend(primary_key_problems(table, key))
    if any(name not in tables for name in TABLE_NAMES):
        raise DatasetError(problems)

    problems.extend(foreign_key_problems(package, tables))
    frames = {name: to_pandas(tables[name].data) for name in TABLE_NAMES}
    frames["facts"] = with_derived_columns(frames["facts"], frames["metrics"])
    problems.extend(checks.row_rule_problems(tables, frames))
    problems.extend(rule_problems(tables, frames))
    problems.extend(checks.label_problems(tables, frames, package, VOCABULARIES, package_path))
    if not problems:
        ranking = Ranking.of(package)
        problems.extend(checks.completeness_problems(tables, frames, ranking))
        problems.extend(arithmetic_problems(tables, frames, ranking))
    if problems:
        raise DatasetError(problems)
    return Dataset(**frames, package=package, data_dir=data_dir)
