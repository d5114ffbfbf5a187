"""Rules that span columns, rows or tables, run after every file has been read and typed.

Each function returns a list of ``Problem`` located at a file, line and column; nothing here
raises. ``dataset.load_dataset`` runs them in order: vocabularies (on the descriptor), row
rules, the labels in three languages, then the completeness of share series (only when
everything else is clean, since it ranks the facts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd

from metrics import labels
from metrics.preference import Ranking, rank_facts
from metrics.problems import Problem
from metrics.tableschema import CsvTable, category_labels, category_values

SHARE_TOLERANCE = 0.1
TERM = re.compile(r"[a-z][a-z0-9_]*")
# Category labels become pill labels and URL values: words only, nothing Markdown could read
# as an icon (:material/x:), a colour (:red[...]), a link or emphasis.
PLAIN_LABEL = re.compile(r"[^\W_](?:[\w ,.'’()-]*[\w.)])?")
# A word with both Latin and Cyrillic letters: a look-alike typed by mistake ('Тоқaев' with a
# Latin 'a'); official names written in Latin (AMANAT) are whole Latin words.
MIXED_SCRIPT = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04FF])\w+\b")
PERCENT = "percent"
COUNT = "count"
SHARE_KIND = "share"
BODY_KIND = "body"
REPRESENTATIVE_BODY = "representative_body"


def vocabulary_problems(
    package: dict,
    vocabularies: Mapping[str, tuple[str, str]],
    shared: Mapping[str, tuple[tuple[str, str], ...]],
    path: str,
) -> list[Problem]:
    """Vocabularies that are missing, not snake_case, or declared differently on two fields.

    Terms become URL values and widget keys, so they must be plain snake_case names. A
    vocabulary used by several fields (sphere, on facts and events) must list the same
    categories, labels and definitions on each.
    """
    problems = []
    fields = {
        (res["name"], spec["name"]): spec
        for res in package["resources"]
        for spec in res["schema"]["fields"]
    }
    for name, (resource_name, field_name) in vocabularies.items():
        spec = fields.get((resource_name, field_name))
        where = f"{resource_name}.{field_name}"
        if spec is None or not category_values(spec):
            problems.append(
                Problem(path, None, where, f"the '{name}' vocabulary needs categories here")
            )
            continue
        problems.extend(
            Problem(path, None, where, f"category {term!r} is not a snake_case name")
            for term in category_values(spec) or []
            if not TERM.fullmatch(str(term))
        )
        problems.extend(
            Problem(path, None, where, f"the label {text[:40]!r} of {term!r} is not plain words")
            for term, text in category_labels(spec).items()
            if not PLAIN_LABEL.fullmatch(text) or "__" in text
        )
        for other_resource, other_field in shared.get(name, ()):
            other = fields.get((other_resource, other_field), {})
            if other.get("categories") != spec["categories"]:
                problems.append(
                    Problem(
                        path,
                        None,
                        f"{other_resource}.{other_field}",
                        f"its categories differ from those of {where}; the '{name}' "
                        "vocabulary must be declared the same on every field that uses it",
                    )
                )
    return problems


def row_rule_problems(
    tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Rules that involve more than one column of a row, or another table's columns."""
    problems: list[Problem] = []

    def flag(
        table: str, mask: pd.Series, column: str, message: str | Callable[[pd.Series], str]
    ) -> None:
        frame = frames[table]
        for row in frame.index[mask.fillna(False).astype(bool)]:
            text = message(frame.loc[row]) if callable(message) else message
            problems.append(tables[table].problem(row, column, text))

    sources, facts, events = frames["sources"], frames["facts"], frames["events"]
    has_text = sources["text_file"] != ""
    flag("sources", has_text & (sources["text_sha256"] == ""), "text_sha256",
         "a source with a reference text needs its SHA-256")  # fmt: skip
    flag("sources", ~has_text & (sources["text_sha256"] != ""), "text_file",
         "text_sha256 is given but text_file is empty")  # fmt: skip
    flag("sources", ~has_text & (sources["url"] == ""), "url",
         "a source without a reference text needs a URL")  # fmt: skip
    flag("sources", ~has_text & (sources["accessed"] == ""), "accessed",
         "a source without a reference text needs the day it was accessed")  # fmt: skip

    percent = facts["unit"] == PERCENT
    flag("facts", percent & ((facts["value"] < 0) | (facts["value"] > 100)), "value",
         lambda row: f"{row['value']} is a percentage outside 0 to 100")  # fmt: skip
    count = facts["unit"] == COUNT
    flag("facts", count & (facts["value"] < 0), "value",
         lambda row: f"{row['value']} is a negative count")  # fmt: skip
    flag("facts", count & (facts["value"] % 1 != 0), "value",
         lambda row: f"{row['value']} is a count but not a whole number")  # fmt: skip

    text_sources = set(sources.loc[has_text, "source_id"])
    for table in ("facts", "events"):
        frame = frames[table]
        flag(table, frame["source_id"].isin(text_sources) & frame["locator"].isna(), "locator",
             "a fact or event from a source with a reference text needs its paragraph number")  # fmt: skip
    flag("excluded", ~frames["excluded"]["source_id"].isin(text_sources), "source_id",
         "exclusions are for numbers in reference texts; this source has none")  # fmt: skip
    flag("events", (events["date_basis"] != "stated") & (events["notes"] == ""), "notes",
         "an implied date needs a note saying where it comes from")  # fmt: skip

    series, entities = frames["series"], frames["entities"]
    body = series["kind"] == REPRESENTATIVE_BODY
    flag("series", body & ((series["body"] == "") | (series["phase"] == "")), "phase",
         "a representative_body series needs its body and its phase (before or after)")  # fmt: skip
    bodies = set(entities.loc[entities["kind"] == BODY_KIND, "entity_id"])
    flag("series", (series["body"] != "") & ~series["body"].isin(bodies), "body",
         lambda row: f"{row['body']!r} is not an entity of kind '{BODY_KIND}'")  # fmt: skip
    flag("entities", entities["predecessor_id"] == entities["entity_id"], "predecessor_id",
         "an entity cannot be its own predecessor")  # fmt: skip
    return problems


def completeness_problems(
    tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame], ranking: Ranking
) -> list[Problem]:
    """Series declared complete whose preferred share figures do not add up to 100.

    A share metric is one whose registry row has the value kind ``share`` and a subject per
    figure (vote shares, seat shares); turnout, a share without subjects, is not split.
    """
    series, facts, metrics = frames["series"], frames["facts"], frames["metrics"]
    share_metrics = set(metrics.loc[metrics["value_kind"] == SHARE_KIND, "metric_id"])
    ranked = rank_facts(facts, frames["sources"], series, ranking, describe=False)
    is_share = ranked["metric"].isin(share_metrics) & (ranked["subject"] != "")
    shares = ranked[ranked["is_preferred"] & is_share & ~ranked["is_lower_bound"].astype(bool)]
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


def label_problems(
    tables: dict[str, CsvTable],
    frames: dict[str, pd.DataFrame],
    package: dict,
    vocabularies: Mapping[str, tuple[str, str]],
    package_path: str,
) -> list[Problem]:
    """Labels shown without a row in labels.csv, stale rows, and rows that point at nothing.

    Every label ``labels.english_texts`` lists needs a row of labels.csv (reported on the row
    and column of the English text, or on the vocabulary's field in datapackage.json); a row's
    ``en`` must be that text as it is now, so a renamed entity flags its translation as stale;
    a row must name a translated field of an existing row or vocabulary term (unless that table
    has rows too malformed to read, already reported, which may be the row). An official form
    needs the pages of both languages; no word may mix Latin and Cyrillic letters (a look-alike
    typed by mistake); and a vocabulary term's label in Kazakh or Russian must be plain words,
    as its English one is (it becomes a pill's label). Empty en, kk or ru cells are refused by
    the schema (``required``).
    """
    table = tables["labels"]
    frame = frames["labels"]
    # column by column: much faster than a row at a time over arrow-backed strings
    columns = {name: frame[name].to_numpy(dtype=object, na_value="") for name in frame.columns}
    rows = [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]
    english = labels.english_texts(frames, package, vocabularies)
    problems: list[Problem] = []
    seen: set[labels.LabelKey] = set()
    for row, one in enumerate(rows):  # row numbers as in the CsvTable
        where: labels.LabelKey = (str(one["table"]), str(one["key"]), str(one["field"]))
        seen.add(where)
        name, key, field_name = where
        if field_name not in labels.translated_fields(name):
            fields = ", ".join(labels.translated_fields(name)) or "none"
            message = f"{field_name!r} is not a translated field of {name!r} ({fields})"
            problems.append(table.problem(row, "field", message))
            continue
        if where not in english:
            if name not in tables or not tables[name].skipped_records:  # else: maybe a skipped row
                problems.append(table.problem(row, "key", orphan_message(name, key)))
            continue
        if one["en"] and one["en"] != english[where]:  # an empty one is refused by the schema
            problems.append(
                table.problem(
                    row,
                    "en",
                    f"the translation is stale: en is {one['en'][:60]!r} but the "
                    f"{field_name} of {key!r} is now {english[where][:60]!r}; bring en, kk "
                    "and ru up to date",
                )
            )
        if one["basis"] == "official":
            message = "an official form needs the page it was read on, in both languages"
            for column in ("kk_source", "ru_source"):
                if not one[column]:
                    problems.append(table.problem(row, column, message))
        for language in ("kk", "ru"):
            mixed = MIXED_SCRIPT.search(str(one[language]))
            if mixed:
                message = (
                    f"the word {mixed.group()!r} mixes Latin and Cyrillic letters; a look-alike "
                    "letter was probably typed"
                )
                problems.append(table.problem(row, language, message))
        if name == labels.VOCABULARY_TABLE and field_name == "label":
            for language in ("kk", "ru"):
                text = str(one[language])
                if text and (not PLAIN_LABEL.fullmatch(text) or "__" in text):
                    problems.append(
                        table.problem(row, language, f"the label {text[:40]!r} is not plain words")
                    )
    for where in english:
        if where not in seen:
            problems.append(
                missing_label_problem(where, tables, frames, vocabularies, package_path)
            )
    return problems


def orphan_message(table: str, key: str) -> str:
    """Why a label's key points at nothing: no such row, vocabulary or term."""
    if table == labels.VOCABULARY_TABLE:
        vocabulary, term = labels.split_vocabulary_key(key)
        return (
            f"{term!r} is not a term of a vocabulary called {vocabulary!r}; the label "
            "translates nothing"
        )
    id_column = labels.LABELLED_FIELDS[table][0]
    return f"{key!r} is not a {id_column} in {table}.csv; the label translates nothing"


def missing_label_problem(
    where: labels.LabelKey,
    tables: dict[str, CsvTable],
    frames: dict[str, pd.DataFrame],
    vocabularies: Mapping[str, tuple[str, str]],
    package_path: str,
) -> Problem:
    """A label shown that labels.csv does not translate, at the English text it should translate."""
    name, key, field_name = where
    message = (
        f"has no Kazakh and Russian text: add a row to labels.csv with table {name!r}, "
        f"key {key!r}, field {field_name!r}"
    )
    if name == labels.VOCABULARY_TABLE:
        vocabulary, term = labels.split_vocabulary_key(key)
        resource, column = vocabularies[vocabulary]
        return Problem(
            package_path, None, f"{resource}.{column}", f"the {field_name} of {term!r} {message}"
        )
    id_column = labels.LABELLED_FIELDS[name][0]
    row = frames[name].index[frames[name][id_column] == key][0]
    return tables[name].problem(row, field_name, message)
