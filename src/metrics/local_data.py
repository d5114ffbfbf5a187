"""The rows behind the charts of local democracy and of the court by period.

Pure reshaping of ranked, filtered facts (``chart_data.ranked_for_kinds`` then
``filters.filter_ranked_facts``): the preferred figure of each group (``is_preferred``), with
``value_label`` and the ``chart_data.SOURCE_COLUMNS`` kept for provenance. A figure the data do
not have is left out (a gap in the chart), never written as zero.

Local elections are found by their metrics (a series with posts contested or akim posts
elected), not by their ids, so a new round of akim elections joins the chart by its data alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from metrics import dates, ids
from metrics.chart_data import TAIL_COLUMNS, columns
from metrics.i18n import _
from metrics.preference import format_value

# The metric ids this module reads, from ids.py (each checked against the registry there).
# - posts of akim filled at an election: the commission's count on the day, else the posts
#   announced before the vote (a whole-series figure, or one per kind of post, added up)
POSTS_CONTESTED, AKIM_POSTS_ELECTED = ids.POSTS_CONTESTED, ids.AKIM_POSTS_ELECTED
POST_METRICS = (POSTS_CONTESTED, AKIM_POSTS_ELECTED)
CANDIDATES_ON_BALLOT, CANDIDATES_REGISTERED = ids.CANDIDATES_ON_BALLOT, ids.CANDIDATES_REGISTERED
CANDIDATE_METRICS = (CANDIDATES_ON_BALLOT, CANDIDATES_REGISTERED)
AKIMS_ELECTED, APPEALS_RECEIVED_PERIOD = ids.AKIMS_ELECTED, ids.APPEALS_RECEIVED_PERIOD

# The measures of the local-elections chart, in the order they are drawn (code keys, not data)
POSTS, CANDIDATES, TURNOUT = "posts", "candidates", "turnout"
MEASURES = (POSTS, CANDIDATES, TURNOUT)

LOCAL_COLUMNS = [
    "series", "series_title", "series_date", "measure", "metric", "metric_title",
    "candidates_counted", "value", "unit", "short_unit", "value_label",
]  # fmt: skip
AKIMS_COLUMNS = [
    "series", "series_title", "as_of", "metric", "metric_title", "value", "unit", "short_unit",
    "value_label",
]  # fmt: skip
PERIOD_COLUMNS = [
    "metric", "metric_title", "is_cumulative", "period", "precision", "period_label", "value",
    "unit", "short_unit", "value_label",
]  # fmt: skip


def empty(leading: list[str]) -> pd.DataFrame:
    """A table with a chart's columns and no rows."""
    return pd.DataFrame(columns=[*leading, *[c for c in TAIL_COLUMNS if c not in leading]])


def whole_series(facts: pd.DataFrame) -> pd.DataFrame:
    """The preferred figures about a series as a whole (no subject)."""
    return facts[facts["is_preferred"].fillna(False).astype(bool) & (facts["subject"] == "")]


def local_series(facts: pd.DataFrame) -> list[str]:
    """Series with posts of akim contested or elected: the local elections, in no order."""
    return list(dict.fromkeys(facts.loc[facts["metric"].isin(POST_METRICS), "series"]))


def summed_posts(parts: pd.DataFrame) -> dict[str, Any]:
    """One row adding up a series' posts given per kind (districts, cities), flagged derived."""
    first = parts.iloc[0]
    total = float(parts["value"].sum())
    terms = " + ".join(
        f"{format_value(v, first['unit'])} ({n})"
        for v, n in zip(parts["value"], parts["subject_name"], strict=True)
    )

    def joined(column: str) -> str:
        return "; ".join(dict.fromkeys(str(v) for v in parts[column] if isinstance(v, str) and v))

    return {
        **first.to_dict(),
        "subject": "",
        "subject_name": "",
        "value": total,
        "is_lower_bound": bool(parts["is_lower_bound"].fillna(False).any()),
        "is_approximate": bool(parts["is_approximate"].fillna(False).any()),
        "derived": _("Computed: {terms} = {total}.").format(
            terms=terms, total=format_value(total, first["unit"])
        ),
        "disagrees": bool(parts["disagrees"].any()),
        "other_values": "",
        "locator": pd.NA,
        **{c: joined(c) for c in ("fact_id", "source_id", "publisher", "source_kind",
                                  "source_kind_label", "url", "status", "status_label",
                                  "evidence")},
    }  # fmt: skip


def posts_row(facts: pd.DataFrame, series: str) -> dict[str, Any] | None:
    """A series' posts: counted on the day, else announced, else announced per kind and added."""
    whole = first_of(facts, series, POST_METRICS)
    if whole is not None:
        return whole
    own = facts[facts["series"] == series]
    parts = own[
        own["is_preferred"] & (own["metric"] == AKIM_POSTS_ELECTED) & (own["subject"] != "")
    ]
    return summed_posts(parts) if not parts.empty else None


def first_of(facts: pd.DataFrame, series: str, metrics: tuple[str, ...]) -> dict[str, Any] | None:
    """The series' preferred whole-series figure of the first of ``metrics`` it has, or None."""
    whole = whole_series(facts[facts["series"] == series])
    for metric in metrics:
        found = whole[whole["metric"] == metric]
        if not found.empty:
            return dict(found.iloc[0].to_dict())
    return None


def local_elections(facts: pd.DataFrame) -> pd.DataFrame:
    """Posts contested, candidates and turnout of every local (akim) election, in time order.

    One row per (election, measure) for the measures the data have: a missing figure is a
    missing row. ``candidates_counted`` says which candidates a row counts (the metric's
    title: on the ballot, or registered). Elections are ordered by their date
    (``dates.sort_key``), the measures within one as ``MEASURES``.
    """
    rows = []
    for series in local_series(facts):
        found = {
            POSTS: posts_row(facts, series),
            CANDIDATES: first_of(facts, series, CANDIDATE_METRICS),
            TURNOUT: first_of(facts, series, (ids.TURNOUT,)),
        }
        for measure, row in found.items():
            if row is not None:
                counted = row["metric_title"] if measure == CANDIDATES else ""
                rows.append({**row, "measure": measure, "candidates_counted": counted})
    if not rows:
        return empty(LOCAL_COLUMNS)
    table = pd.DataFrame(rows)
    order = {m: i for i, m in enumerate(MEASURES)}
    table = table.assign(
        _when=table["series_date"].map(dates.sort_key), _measure=table["measure"].map(order)
    ).sort_values(["_when", "series", "_measure"], kind="stable")
    return columns(table.drop(columns=["_when", "_measure"]), LOCAL_COLUMNS)


def akims_elected_over_time(facts: pd.DataFrame) -> pd.DataFrame:
    """Akims elected directly since the first elections, cumulative, as of each date reported.

    The preferred figure per date of each institution-like series (one whose figures are as of
    a date); ``is_lower_bound`` ("more than N") and ``is_approximate`` ("about N") come along.
    Counts per party at one election are not cumulative and are left out.
    """
    rows = whole_series(facts)
    rows = rows[(rows["metric"] == AKIMS_ELECTED) & (rows["series_kind"] == ids.INSTITUTION)]
    if rows.empty:
        return empty(AKIMS_COLUMNS)
    rows = rows.assign(as_of=rows["date"], _when=rows["date"].map(dates.sort_key))
    rows = rows.sort_values(["_when", "series"], kind="stable").drop(columns="_when")
    return columns(rows, AKIMS_COLUMNS)


def court_periods(facts: pd.DataFrame) -> pd.DataFrame:
    """The Constitutional Court's appeals per month or year, beside its cumulative appeals.

    ``period`` is the partial date the figure refers to, ``precision`` how precisely it is
    known (``dates.PartialDate.precision``: a month's count or a year's). Cumulative figures
    (``is_cumulative``) come along for comparison, preferred ones only. Without any figure per
    period under the filters the table is empty, with its columns.
    """
    court = whole_series(facts[facts["series"] == ids.CONSTITUTIONAL_COURT])
    periods = court[court["metric"] == APPEALS_RECEIVED_PERIOD]
    if periods.empty:
        return empty(PERIOD_COLUMNS)
    rows = pd.concat([periods, court[court["metric"] == ids.APPEALS_RECEIVED]])
    parsed = rows["date"].map(dates.PartialDate.parse)
    rows = rows.assign(
        is_cumulative=rows["metric"] == ids.APPEALS_RECEIVED,
        period=rows["date"],
        precision=parsed.map(lambda d: d.precision),
        period_label=parsed.map(lambda d: d.label()),
        _when=rows["date"].map(dates.sort_key),
    ).sort_values(["is_cumulative", "_when"], kind="stable")
    return columns(rows.drop(columns="_when"), PERIOD_COLUMNS)
