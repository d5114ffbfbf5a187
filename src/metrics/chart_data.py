"""The rows behind each chart: pure reshaping of ranked facts and events into tidy tables.

Every table keeps the columns that say where each number comes from (``SOURCE_COLUMNS``), so
the data view and the downloads always carry their provenance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from metrics.dataset import Dataset
from metrics.preference import format_value, number_groups, rank_facts
from metrics.safe_text import escape_markdown

CONFLICT_MARK = "⚠"

SOURCE_COLUMNS = [
    "fact_id",
    "source_id",
    "publisher",
    "source_kind",
    "url",
    "locator",
    "status",
    "is_lower_bound",
    "is_approximate",
    "derived",
    "evidence",
]
RESULT_SERIES_KINDS = ("election", "referendum")


def with_sources(ranked: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Ranked facts with the source's URL and the series' title, kind and date joined on.

    Value labels are added per chart table (``columns``), not here: formatting every row of a
    large dataset on each filter change would cost more than the charts themselves.
    """
    urls = dataset.sources.set_index("source_id")["url"]
    series = dataset.series.set_index("series_id")
    joined = ranked.assign(
        url=ranked["source_id"].map(urls),
        series_title=ranked["series"].map(series["title"]),
        series_kind=ranked["series"].map(series["kind"]),
        series_date=ranked["series"].map(series["date"]),
    )
    return joined


def ranked_for_kinds(dataset: Dataset, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Facts from the chosen kinds of source, ranked, with source and series columns."""
    chosen = dataset.sources.loc[dataset.sources["kind"].isin(kinds), "source_id"]
    facts = dataset.facts[dataset.facts["source_id"].isin(chosen)]
    ranked = rank_facts(facts, dataset.sources, dataset.series)
    return number_groups(with_sources(ranked, dataset))


def records(table: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The table's rows as dicts, like ``to_dict("records")`` but several times faster.

    Pandas boxes every value of an Arrow-backed column one at a time in ``to_dict``; taking
    each column as a list first costs a tenth as much (13 ms against 1.4 ms for a thousand
    events), which matters on paths that run on every filter change.
    """
    names = list(table.columns) if columns is None else columns
    values = [table[name].tolist() for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def value_labels(table: pd.DataFrame) -> list[str]:
    """Each row's figure as people read it ('70.96 %', 'more than 5,000')."""
    return [
        format_value(v, u, bool(b), bool(a))
        for v, u, b, a in zip(
            table["value"],
            table["unit"],
            table["is_lower_bound"].fillna(False),
            table["is_approximate"].fillna(False),
            strict=True,
        )
    ]


def columns(table: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    """The table's leading columns, then the preference and source columns."""
    tail = ["is_preferred", "disagrees", "other_values", *SOURCE_COLUMNS]
    if "value_label" in leading and "value_label" not in table:
        table = table.assign(value_label=value_labels(table))
    return table[[*leading, *[c for c in tail if c not in leading]]].reset_index(drop=True)


def result_series(facts: pd.DataFrame) -> list[str]:
    """Elections and referendums with vote shares, latest first."""
    results = facts[
        (facts["metric"] == "vote_share") & facts["series_kind"].isin(RESULT_SERIES_KINDS)
    ]
    order = results.drop_duplicates("series").sort_values("series_date", ascending=False)
    return list(order["series"])


def result_series_titles(facts: pd.DataFrame) -> list[tuple[str, str]]:
    """Each ``result_series`` with its title, latest first."""
    titles = facts.drop_duplicates("series").set_index("series")["series_title"]
    return [(series_id, titles[series_id]) for series_id in result_series(facts)]


def election_results(facts: pd.DataFrame, series_id: str, all_values: bool = False) -> pd.DataFrame:
    """Vote shares of one election or referendum: the preferred figure per subject, largest first.

    With ``all_values`` every source's figure is kept (preferred ones first), for the data view.
    """
    rows = facts[(facts["series"] == series_id) & (facts["metric"] == "vote_share")]
    if not all_values:
        rows = rows[rows["is_preferred"]]
    rows = rows.sort_values(["value", "preference"], ascending=[False, True])
    if all_values:
        order = rows[rows["is_preferred"]]["subject"].tolist()
        rows = rows.assign(_order=rows["subject"].map({s: i for i, s in enumerate(order)}))
        rows = rows.sort_values(["_order", "preference"]).drop(columns="_order")
    return columns(rows, ["series_title", "series_date", "subject", "value", "unit", "value_label"])


def turnout(facts: pd.DataFrame, all_values: bool = False) -> pd.DataFrame:
    """Preferred turnout of every election and referendum, in time order."""
    rows = facts[(facts["metric"] == "turnout") & facts["series_kind"].isin(RESULT_SERIES_KINDS)]
    if not all_values:
        rows = rows[rows["is_preferred"]]
    rows = rows.sort_values(["series_date", "preference"])
    return columns(
        rows, ["series_title", "series_kind", "series_date", "value", "unit", "value_label"]
    )


def court_caseload(facts: pd.DataFrame) -> pd.DataFrame:
    """Every figure for appeals received and cases decided, from every source, in time order.

    All values are kept, not only preferred ones: the chart shows the sources side by side.
    """
    rows = facts[
        (facts["series"] == "constitutional-court")
        & facts["metric"].isin(["appeals_received", "cases_decided"])
    ]
    rows = rows.assign(as_of=rows["date"]).sort_values(["as_of", "metric", "preference"])
    return columns(rows, ["metric", "as_of", "value", "unit", "value_label"])


def share_decided(caseload: pd.DataFrame) -> pd.DataFrame:
    """Cases decided as a share of appeals received, for each date with both from one source.

    When the appeals figure is a lower bound ("more than N"), the share is an upper bound.
    """
    appeals = caseload[caseload["metric"] == "appeals_received"]
    decided = caseload[caseload["metric"] == "cases_decided"]
    pairs = appeals.merge(decided, on=["as_of", "source_id"], suffixes=("_appeals", "_decided"))
    if pairs.empty:
        return pd.DataFrame(
            columns=["as_of", "source_id", "publisher", "source_kind", "share", "is_upper_bound", "share_label",
                     "appeals", "decided", "url"]
        )  # fmt: skip
    upper = pairs["is_lower_bound_appeals"].fillna(False).astype(bool)
    share = (pairs["value_decided"] / pairs["value_appeals"] * 100).round(2)
    return pd.DataFrame(
        {
            "as_of": pairs["as_of"],
            "source_id": pairs["source_id"],
            "publisher": pairs["publisher_appeals"],
            "source_kind": pairs["source_kind_appeals"],
            "share": share,
            "is_upper_bound": upper,
            "share_label": [
                f"{'at most ' if u else ''}{s:g} %" for s, u in zip(share, upper, strict=True)
            ],
            "appeals": pairs["value_label_appeals"],
            "decided": pairs["value_label_decided"],
            "url": pairs["url_appeals"],
        }
    ).reset_index(drop=True)


def electoral_mix(facts: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Seat shares by kind of seat for each representative body, before and after the reform.

    Shares come from ``seat_share`` facts; a body with only seat counts gets shares computed
    from them (flagged in ``derived``). Seat counts, where known, ride along for the hover.
    """
    series = dataset.series.set_index("series_id")
    bodies = series[series["kind"] == "representative_body"]
    rows = facts[facts["series"].isin(bodies.index) & facts["is_preferred"]]
    shares = rows[rows["metric"] == "seat_share"]
    seats = rows[rows["metric"] == "seats"]
    computed = []
    for series_id, group in seats.groupby("series"):
        if series_id in set(shares["series"]):
            continue
        total = group["value"].sum()
        if total <= 0:
            continue
        share_rows = group.assign(
            metric="seat_share",
            unit="percent",
            value=(group["value"] / total * 100).round(1),
            derived=f"Computed from seat counts: each kind's seats out of {total:g}.",
        )
        computed.append(share_rows)
    mix = pd.concat([shares, *computed]) if computed else shares
    seat_counts = seats.set_index(["series", "subject"])["value"]
    mix = mix.assign(
        body=mix["series"].map(bodies["body"]),
        phase=mix["series"].map(bodies["phase"]),
        seats=[seat_counts.get((s, k)) for s, k in zip(mix["series"], mix["subject"], strict=True)],
    )
    mix = mix.assign(value_label=[format_value(v, "percent") for v in mix["value"]])
    mix = (
        mix.assign(_phase=mix["phase"].map(phase_order))
        .sort_values(["body", "_phase", "subject"])
        .drop(columns="_phase")
    )
    return columns(mix, ["body", "phase", "subject", "value", "unit", "value_label", "seats"])


def phase_order(phase: str) -> int:
    """Before sorts before after."""
    return {"before": 0, "after": 1}.get(phase, 2)


TIMELINE_COLUMNS = ["occurrence_id", "date", "start", "sphere", "title", "sources", "source_ids",
                    "urls", "date_basis", "notes"]  # fmt: skip


def timeline(events: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """One row per happening: the earliest precise date among its sources, and who reports it.

    Of an occurrence's rows, the most precise date wins (then the lowest ``event_id``) and gives
    the date, sphere, title and date basis; sources, URLs and notes are every row's, deduplicated
    in that order. Grouped in plain Python: pandas' per-group lambdas cost more than the chart.
    """
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    sources = {
        row["source_id"]: row
        for row in records(dataset.sources, ["source_id", "publisher", "url", "kind"])
    }
    event_rows = records(
        events,
        [
            "occurrence_id",
            "event_id",
            "source_id",
            "date",
            "sphere",
            "title",
            "date_basis",
            "notes",
        ],
    )
    event_rows.sort(key=lambda r: (r["occurrence_id"], -len(r["date"]), r["event_id"]))
    groups: dict[str, list[dict]] = {}
    for record in event_rows:
        groups.setdefault(record["occurrence_id"], []).append(record)

    def distinct(values) -> list:
        return list(dict.fromkeys(v for v in values if v))

    rows = []
    for occurrence, group in groups.items():
        first = group[0]
        cited = [sources[r["source_id"]] for r in group]
        rows.append(
            {
                "occurrence_id": occurrence,
                "date": first["date"],
                "start": start_of_period(first["date"]),
                "sphere": first["sphere"],
                "title": first["title"],
                "sources": "; ".join(
                    distinct(f"{s['publisher']} ({s['kind'].replace('_', ' ')})" for s in cited)
                ),
                "source_ids": "; ".join(distinct(r["source_id"] for r in group)),
                "urls": " ".join(distinct(s["url"] for s in cited)),
                "date_basis": first["date_basis"],
                "notes": " ".join(distinct(r["notes"] for r in group)),
            }
        )
    rows.sort(key=lambda row: (row["start"], row["occurrence_id"]))
    table = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    table["start"] = pd.to_datetime(table["start"])
    return table


def start_of_period(date: str) -> str:
    """The first day a partial date can mean: '2020' -> '2020-01-01'."""
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date


HEADLINES = (
    ("turnout", None, "Latest turnout"),
    ("vote_share", "Kassym-Jomart Tokayev", "Tokayev's latest vote share"),
    ("appeals_received", None, "Appeals to the Constitutional Court"),
    ("seat_share", "Single-mandate", "Mazhilis seats from single-mandate districts"),
)
HEADLINE_COLUMNS = ["headline", "series_title", "date", "value", "unit", "value_label",
                    "disagrees", "other_values", *SOURCE_COLUMNS]  # fmt: skip


def headline_figures(facts: pd.DataFrame) -> pd.DataFrame:
    """A few headline numbers for the overview: the latest preferred figure of each headline.

    Latest means the latest ``date``, then the latest ``series_date``; of rows equal on both,
    the last. This runs on every filter change, so it takes only the four columns it compares
    from the candidate rows and picks each headline's row with array comparisons and two maxima:
    a pass over every candidate in Python took 50 ms at 100,000 facts.
    """
    metrics = [metric for metric, _, _ in HEADLINES]
    mask = facts["metric"].isin(metrics) & facts["is_preferred"].fillna(False)
    candidates = facts.loc[mask.to_numpy(dtype=bool), ["metric", "subject", "date", "series_date"]]
    metric, subject, date, series_date = (
        candidates[column].to_numpy(dtype=object) for column in candidates.columns
    )
    rows = []
    for wanted_metric, wanted_subject, headline in HEADLINES:
        matches = metric == wanted_metric
        if wanted_subject is not None:
            matches &= subject == wanted_subject
        positions = np.flatnonzero(matches)
        if positions.size == 0:
            continue
        positions = positions[date[positions] == max(date[positions])]
        positions = positions[series_date[positions] == max(series_date[positions])]
        rows.append({"headline": headline, **facts.loc[candidates.index[positions[-1]]].to_dict()})
    if not rows:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    table = pd.DataFrame(rows)
    return table.assign(value_label=value_labels(table))[HEADLINE_COLUMNS]


def headline_markdown(headlines: pd.DataFrame) -> str:
    """The headline figures as one Markdown table, every piece of data text escaped.

    One table instead of a metric and a caption per figure: the same facts, with the source and
    any disagreeing values in columns of their own, and one element for the browser to draw.
    """
    rows = [
        "| Headline | Figure | What it measures | Source | Other sources say |",
        "|---|---|---|---|---|",
    ]
    for row in records(headlines):
        figure = f"**{escape_markdown(row['value_label'])}**"
        if row["disagrees"]:
            figure += f" {CONFLICT_MARK}"
        cells = [
            escape_markdown(row["headline"]),
            figure,
            escape_markdown(f"{row['series_title']} ({row['date']})"),
            escape_markdown(f"{row['publisher']}, {row['status']}"),
            escape_markdown(others)
            if isinstance(others := row["other_values"], str) and others
            else "—",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def source_names(table: pd.DataFrame) -> list[str]:
    """Each distinct source of a chart's rows, as 'Publisher (kind)', in order of appearance."""
    if "sources" in table:  # timeline rows already list theirs
        return list(dict.fromkeys(name for names in table["sources"] for name in names.split("; ")))
    pairs = zip(table["publisher"], table["source_kind"], strict=True)
    return list(dict.fromkeys(f"{p} ({k.replace('_', ' ')})" for p, k in pairs))


# A chart is read point by point: past a few hundred markers with labels and hover text it is
# unreadable, and its spec grows to megabytes (a synthetic dataset of 100,000 facts gave the
# court chart 29,909 points and a 16 MB spec). Past this many rows a time-ordered chart shows
# the latest ones, says so, and its data view and downloads keep every row.
PLOTTED_ROWS_LIMIT = 300
# Likewise the Elections page draws one chart per vote for at most this many votes.
RESULT_CHARTS_LIMIT = 10


def latest_rows(table: pd.DataFrame, limit: int = PLOTTED_ROWS_LIMIT) -> pd.DataFrame:
    """The last ``limit`` rows of a table in time order; the table itself when it is no longer."""
    return table if len(table) <= limit else table.tail(limit)


def plotted_note(shown: int, total: int) -> str | None:
    """A sentence saying a chart leaves rows out, or None when it shows them all."""
    if shown >= total:
        return None
    return (
        f"The chart shows the latest {shown:,} of {total:,} figures, to stay readable; the data "
        "behind it and its downloads have them all. Narrow the years to see earlier ones."
    )
