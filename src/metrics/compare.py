"""What changed between two votes: each party's or candidate's share and seats, and turnout.

A party that changed its name is the same party in both votes: subjects are matched through
the entities registry's ``predecessor_id`` chain (a party renamed between two votes is one). Two
votes are comparable when they are of the same kind and share at least one subject. The rules
that took effect between the two dates come with the comparison (``rules_between``).
"""

from __future__ import annotations

import pandas as pd

from metrics import dates, ids
from metrics.dataset import Dataset
from metrics.i18n import _
from metrics.rules import steps

COLUMNS = ["lineage", "subject_first", "subject_second", "name", "share_first", "share_second",
           "share_change", "seats_first", "seats_second", "seats_change", "source_ids"]  # fmt: skip
SEAT_METRICS = (ids.SEATS, "party_list_seats", "single_mandate_seats")


def lineage(entity_id: str, predecessors: dict[str, str]) -> str:
    """The earliest name of an entity, following ``predecessor_id`` (cycles stop it)."""
    seen = {entity_id}
    while predecessors.get(entity_id):
        entity_id = predecessors[entity_id]
        if entity_id in seen:
            break
        seen.add(entity_id)
    return entity_id


def predecessors_of(dataset: Dataset) -> dict[str, str]:
    """Each entity's predecessor, from the registry."""
    entities = dataset.entities
    return dict(zip(entities["entity_id"], entities["predecessor_id"].fillna(""), strict=True))


def subject_figures(facts: pd.DataFrame, series_id: str) -> pd.DataFrame:
    """One vote's preferred share and seats per subject (seats summed over kinds of seat)."""
    rows = facts[(facts["series"] == series_id) & facts["is_preferred"] & (facts["subject"] != "")]
    shares = rows[rows["metric"] == ids.VOTE_SHARE].set_index("subject")["value"]
    seats_rows = rows[rows["metric"].isin(SEAT_METRICS)]
    whole = seats_rows[seats_rows["metric"] == ids.SEATS].set_index("subject")["value"]
    parts = seats_rows[seats_rows["metric"] != ids.SEATS].groupby("subject")["value"].sum()
    seats = whole.combine_first(parts)
    names = rows.drop_duplicates("subject").set_index("subject")["subject_name"]
    cited = rows[rows["metric"].isin((ids.VOTE_SHARE, *SEAT_METRICS))]
    source_ids = cited.groupby("subject")["source_id"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    return pd.DataFrame({"share": shares, "seats": seats, "name": names, "source_ids": source_ids})


def comparison(facts: pd.DataFrame, dataset: Dataset, first: str, second: str) -> pd.DataFrame:
    """Per subject of either vote: share and seats in each, and the change (second - first).

    A subject absent from one vote has an empty value there and no change: a gap, not a zero.
    """
    chain = predecessors_of(dataset)
    a, b = subject_figures(facts, first), subject_figures(facts, second)
    a = a.assign(lineage=[lineage(s, chain) for s in a.index])
    b = b.assign(lineage=[lineage(s, chain) for s in b.index])
    merged = a.reset_index(names="subject").merge(
        b.reset_index(names="subject"), on="lineage", how="outer", suffixes=("_first", "_second")
    )
    table = pd.DataFrame(
        {
            "lineage": merged["lineage"],
            "subject_first": merged["subject_first"].fillna(""),
            "subject_second": merged["subject_second"].fillna(""),
            "name": merged["name_second"].fillna(merged["name_first"]),
            "share_first": merged["share_first"],
            "share_second": merged["share_second"],
            "share_change": (merged["share_second"] - merged["share_first"]).round(2),
            "seats_first": merged["seats_first"],
            "seats_second": merged["seats_second"],
            "seats_change": merged["seats_second"] - merged["seats_first"],
            "source_ids": [
                "; ".join(
                    dict.fromkeys(i for t in pair if isinstance(t, str) for i in t.split("; "))
                )
                for pair in zip(
                    merged["source_ids_first"], merged["source_ids_second"], strict=True
                )
            ],
        },
        columns=COLUMNS,
    )
    order = table["share_second"].fillna(table["share_first"]).fillna(-1)
    return (
        table.assign(_order=order)
        .sort_values("_order", ascending=False)
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def turnout_change(facts: pd.DataFrame, first: str, second: str) -> tuple[float | None, ...]:
    """Preferred turnout of each vote and the change in percentage points (None where missing)."""

    def turnout(series_id: str) -> float | None:
        rows = facts[
            (facts["series"] == series_id)
            & (facts["metric"] == ids.TURNOUT)
            & facts["is_preferred"]
            & (facts["subject"] == "")
        ]
        return float(rows["value"].iloc[0]) if len(rows) else None

    a, b = turnout(first), turnout(second)
    return a, b, (round(b - a, 2) if a is not None and b is not None else None)


def comparable_pairs(facts: pd.DataFrame, dataset: Dataset) -> list[tuple[str, str]]:
    """Pairs of votes (earlier, later) of the same kind that share at least one subject."""
    chain = predecessors_of(dataset)
    shares = facts[(facts["metric"] == ids.VOTE_SHARE) & (facts["subject"] != "")]
    kinds = dataset.series.set_index("series_id")["kind"]
    when = dataset.series.set_index("series_id")["date"].map(dates.sort_key)
    lineages = {
        series_id: {lineage(s, chain) for s in group["subject"]}
        for series_id, group in shares.groupby("series")
    }
    ordered = sorted(lineages, key=lambda s: when[s])
    return [
        (a, b)
        for i, a in enumerate(ordered)
        for b in ordered[i + 1 :]
        if kinds[a] == kinds[b] and lineages[a] & lineages[b]
    ]


def rules_between(dataset: Dataset, first_date: str, second_date: str) -> pd.DataFrame:
    """Every rule step that took effect after the first date and up to the second."""
    start, end = dates.sort_key(first_date), dates.sort_key(second_date)
    keys = dataset.rules[["rule", "body"]].fillna("").drop_duplicates()
    found = []
    for rule, body in keys.itertuples(index=False):
        table = steps(dataset.rules, rule, body)
        previous = table["value"].shift()
        for row, before in zip(table.itertuples(), previous, strict=True):
            if start < dates.sort_key(row.valid_from) <= end and not pd.isna(before):
                found.append(
                    {"rule": rule, "rule_title": dataset.metric_title(rule), "body": body,
                     "before": before, "after": row.value, "valid_from": row.valid_from,
                     "acts": row.acts}
                )  # fmt: skip
    columns = ["rule", "rule_title", "body", "before", "after", "valid_from", "acts"]
    return pd.DataFrame(found, columns=columns).sort_values("valid_from", kind="stable")


def comparison_choices(
    pairs: list[tuple[str, str]], dataset: Dataset
) -> tuple[list[str], dict[str, str]]:
    """The votes of the comparable ``pairs``, in time order, and their titles (in the language
    of this run, as the choice of votes shows them and the link holds them)."""
    when = dataset.series.set_index("series_id")["date"].map(dates.sort_key)
    votes = sorted({v for pair in pairs for v in pair}, key=lambda s: when[s])
    titles = dataset.series.set_index("series_id")["title"]
    return votes, {v: dataset.translated("series", v, "title", str(titles[v])) for v in votes}


def pair_notices(raw: dict[str, list[str]], titles: dict[str, str]) -> list[str]:
    """A sentence for each value of the compare parameters that names no comparable vote."""
    known = set(titles.values())
    notices = []
    for name, values in raw.items():
        for value in values:
            if value and value not in known:
                shown = value if len(value) <= 40 else value[:39] + "…"
                notices.append(
                    _(
                        "The link's vote '{vote}' ({name}) is not one that can be compared; "
                        "the latest comparable pair is shown instead."
                    ).format(vote=shown, name=name)
                )
    return notices
