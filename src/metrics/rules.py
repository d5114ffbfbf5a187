"""The rules of the reform as dated values: their steps over time, and the check that sources agree.

A rule (a metric of value kind ``rule_value``) has values for a body, each from a source, in
``rules.csv``. Its **steps** are the enacted rows of one (rule, body) in order of
``valid_from``: each value holds from its ``valid_from`` until the next different value's. A
rule with no enacted row (the number of registered parties) is drawn from its in-force rows.
Several sources for the same step are one step with all of them cited. A step chart is
``steps(...)`` drawn as it is; ``in_force_on`` reads a value at a date.

Rows of basis ``in_force`` say a value applied on a day: ``rule_problems`` proves each agrees
with the step covering that day. Rows of basis ``proposed`` are never steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from metrics import dates, ids
from metrics.preference import format_value
from metrics.problems import Problem
from metrics.tableschema import CsvTable

if TYPE_CHECKING:  # the loader imports this module's checks
    from metrics.dataset import Dataset

STEP_COLUMNS = ["rule", "body", "value", "valid_from", "valid_to", "acts", "source_ids"]


def steps(rules: pd.DataFrame, rule: str, body: str = "") -> pd.DataFrame:
    """The steps of one rule for one body: value, valid_from, valid_to ('' while in force), acts."""
    same = rules[(rules["rule"] == rule) & (rules["body"].fillna("") == body)]
    return pd.DataFrame(step_records(row_records(same), rule, body), columns=STEP_COLUMNS)


STEP_SOURCE_COLUMNS = ["basis", "valid_from", "rule_value_id", "value", "act", "source_id"]


def row_records(rules: pd.DataFrame) -> list[dict]:
    """The rows of ``rules`` that steps are made of, as dicts (``chart_data.records``)."""
    # imported here, not at the top: chart_data imports the loader, which imports this module
    from metrics.chart_data import records

    return records(rules, STEP_SOURCE_COLUMNS)


def step_records(rows: list[dict], rule: str, body: str) -> list[dict]:
    """``steps`` of one rule and body from its rows (``row_records``), as dicts."""
    chosen = [row for row in rows if row["basis"] == ids.ENACTED]
    if not chosen:  # a rule known only from observations (registered parties) is drawn from them
        chosen = [row for row in rows if row["basis"] == ids.IN_FORCE]
    chosen.sort(key=lambda row: (dates.sort_key(row["valid_from"]), row["rule_value_id"]))
    result: list[dict] = []
    for row in chosen:
        if result and result[-1]["value"] == row["value"]:  # the same value again: another source
            step = result[-1]
            acts = [*step["acts"].split("; "), row["act"]]
            step["acts"] = "; ".join(act for act in dict.fromkeys(acts) if act)
            step["source_ids"] += f"; {row['source_id']}"
            continue
        if result:
            result[-1]["valid_to"] = row["valid_from"]
        result.append(
            {"rule": rule, "body": body, "value": row["value"], "valid_from": row["valid_from"],
             "valid_to": "", "acts": row["act"], "source_ids": row["source_id"]}
        )  # fmt: skip
    return result


def in_force_on(step_table: pd.DataFrame, day: str) -> float | None:
    """The value in force on ``day``, or None when the steps cannot tell.

    A step dated only to a year (or month) may have begun anywhere in it: on a day inside that
    period the value is unknown, so nothing is claimed. Before the first step, nothing is known.
    """
    when = dates.PartialDate.parse(day)
    value = None
    for row in step_table.itertuples():
        start = dates.PartialDate.parse(row.valid_from)
        if start.end < when.start:  # certainly begun by then
            value = row.value
        elif start.start <= when.end:  # begun somewhere in a period that overlaps the day
            return None
    return value


def rule_problems(tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """In-force rows whose value is not the enacted step's on their date; rules that are not rules.

    A day before the first enacted step is not checked: nothing says what held then.
    """
    rules, metrics = frames["rules"], frames["metrics"]
    rule_metrics = set(metrics.loc[metrics["value_kind"] == ids.RULE_VALUE, "metric_id"])
    problems = []
    for row in rules.index[~rules["rule"].isin(rule_metrics)]:
        problems.append(
            tables["rules"].problem(
                row, "rule", f"{rules.loc[row, 'rule']!r} is not a metric of value kind rule_value"
            )
        )
    cache: dict[tuple[str, str], pd.DataFrame] = {}
    for row, one in rules[rules["basis"] == ids.IN_FORCE].iterrows():
        key = (one["rule"], one["body"] or "")
        if key not in cache:
            cache[key] = steps(rules, *key)
        expected = in_force_on(cache[key], one["valid_from"])
        if expected is not None and expected != one["value"]:
            problems.append(
                tables["rules"].problem(
                    row,
                    "value",
                    f"{one['value']:g} is said to be in force on {one['valid_from']}, but the "
                    f"enacted value then is {expected:g}",
                )
            )
    return problems


STEPS_TABLE_COLUMNS = ["rule", "rule_title", "unit", "short_unit", "body", "body_name", "value",
                       "value_label",
                       "valid_from", "valid_to", "date_label", "acts", "source_ids", "publishers",
                       "urls"]  # fmt: skip


def steps_table(dataset: Dataset) -> pd.DataFrame:
    """Every rule's steps, for the Rules page: titles and units from the metrics registry, the
    body's name from the entities registry (both in the language of this run), and the
    sources of each step with their pages.

    Only rules with an enacted or in-force value appear; proposals are listed apart
    (``proposals``). Rules are in registry order, steps in time order. The rules are read as
    records and the registries through dicts, not a pandas filter per rule and a ``.loc`` per
    source: built on every new view of the Rules page, that took 165 ms in English.
    """
    metrics = dataset.metric_rows
    entities = dataset.entity_rows
    publisher = dict(zip(dataset.sources["source_id"], dataset.sources["publisher"], strict=True))
    url = dict(zip(dataset.sources["source_id"], dataset.sources["url"], strict=True))
    bodies = dataset.rules["body"].fillna("").tolist()
    by_key: dict[tuple[str, str], list[dict]] = {}
    for rule, body, row in zip(
        dataset.rules["rule"].tolist(), bodies, row_records(dataset.rules), strict=True
    ):
        by_key.setdefault((rule, body), []).append(row)
    order = {metric: i for i, metric in enumerate(dataset.metrics["metric_id"])}
    table: list[dict] = []
    for rule, body in sorted(by_key, key=lambda key: (order.get(key[0], len(order)), key[1])):
        unit = metrics[rule]["unit"]
        title = dataset.metric_title(rule)
        short_unit = dataset.translated("metrics", rule, "short_unit", metrics[rule]["short_unit"])
        body_name = dataset.entity_name(body) if body in entities else ""
        for step in step_records(by_key[(rule, body)], rule, body):
            ids_of_step = step["source_ids"].split("; ")
            table.append(
                step | {
                    "rule_title": title, "unit": unit, "short_unit": short_unit,
                    "body_name": body_name, "date_label": dates.label(step["valid_from"]),
                    "value_label": format_value(step["value"], unit),
                    "publishers": "; ".join(dict.fromkeys(publisher[i] for i in ids_of_step)),
                    "urls": " ".join(dict.fromkeys(url[i] for i in ids_of_step)),
                }
            )  # fmt: skip
    return pd.DataFrame(table, columns=STEPS_TABLE_COLUMNS)


def proposals(dataset: Dataset) -> pd.DataFrame:
    """Values proposed but not in force, with the rule's title and the source's publisher."""
    rows = dataset.rules[dataset.rules["basis"] == ids.PROPOSED]
    publishers = dataset.sources.set_index("source_id")["publisher"]
    return rows.assign(
        rule_title=[dataset.metric_title(rule) for rule in rows["rule"]],
        publisher=rows["source_id"].map(publishers),
    )[["rule", "rule_title", "body", "value", "valid_from", "act", "publisher", "evidence"]]
