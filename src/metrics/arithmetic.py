"""The counts must agree with each other: the arithmetic ``metrics validate`` proves.

For each election or referendum, using the preferred exact figure of each kind. Final counts
are one protocol, reported piecemeal, so they are checked across sources; preliminary and
merely reported figures come from different moments (an election-night register, a later
turnout), so each source's are checked among themselves:

- votes per option plus invalid ballots equal ballots cast, and votes per option equal valid
  ballots (checked only when every option with a share has its votes);
- each vote share equals its votes over the series' ``share_base`` (valid ballots or ballots
  cast), to the share's own rounding;
- turnout equals ballots cast over registered voters, to its rounding;
- seats per party (or its list and single-mandate seats) add up to the chamber's size.

Figures kept with a caveat (a source's misprint, a mislabelled or outlying figure) take part
in none of this: that is the documented exception for a source's own typo. A failure names
the series and every fact in the sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from metrics import ids
from metrics.preference import Ranking, caveat_flags, decimals, rank_facts
from metrics.problems import Problem
from metrics.tableschema import CsvTable

COUNT_METRICS = (
    ids.REGISTERED_VOTERS, ids.BALLOTS_CAST, ids.VALID_BALLOTS, ids.INVALID_BALLOTS, ids.VOTES,
    ids.VOTE_SHARE, ids.TURNOUT, ids.SEATS, ids.CHAMBER_SIZE, "party_list_seats",
    "single_mandate_seats", "seats_contested",
)  # fmt: skip
RESULT_KINDS = (ids.ELECTION, ids.REFERENDUM)
# Checked across sources; every other status within each source.
ACROSS_SOURCES = "final"
SEAT_PARTS = ("party_list_seats", "single_mandate_seats")
SEATS_CONTESTED = "seats_contested"
# What makes a vote checkable: a count, not a share
COUNTS = frozenset(
    {ids.REGISTERED_VOTERS, ids.BALLOTS_CAST, ids.VALID_BALLOTS, ids.INVALID_BALLOTS, ids.VOTES,
     ids.SEATS, ids.CHAMBER_SIZE, *SEAT_PARTS, SEATS_CONTESTED}
)  # fmt: skip
SHARE_BASES = {ids.VALID_BALLOTS_BASE: ids.VALID_BALLOTS, ids.BALLOTS_CAST_BASE: ids.BALLOTS_CAST}


@dataclass(frozen=True)
class Figure:
    """One preferred figure: its value and the fact it comes from."""

    value: float
    fact_id: str

    def __str__(self) -> str:
        return f"{self.value:,.10g} ({self.fact_id})"


def within_rounding(written: float, computed: float) -> bool:
    """True when ``written`` is ``computed`` rounded, or cut, to the digits ``written`` has.

    Rounded: within half a unit of the last digit (68.05 for 68.0535). Cut: at most one unit
    below (68.44 for 68.448, as some announcements truncate).
    """
    unit = 10.0 ** -decimals(written)
    rounded = abs(written - computed) <= unit / 2 + 1e-9
    cut = written - 1e-9 <= computed < written + unit
    return rounded or cut


def preferred_by_status(facts: pd.DataFrame, frames: dict, ranking: Ranking) -> pd.DataFrame:
    """The preferred exact, caveat-free figure of each group, ranked within each status."""
    usable = facts[
        facts["metric"].isin(COUNT_METRICS)
        & ~caveat_flags(facts)
        & ~facts["is_lower_bound"].fillna(False).astype(bool)
        & ~facts["is_approximate"].fillna(False).astype(bool)
    ]
    chosen = []
    for status in ranking.status:
        rows = usable[usable["status"] == status]
        if rows.empty:
            continue
        ranked = rank_facts(rows, frames["sources"], frames["series"], ranking, describe=False)
        if status == ACROSS_SOURCES:
            chosen.append(ranked[ranked["is_preferred"]].assign(check_group=status))
        else:  # each source's own figures: the first of each group within the source
            own = ranked.sort_values("preference").drop_duplicates(["source_id", "figure_group"])
            chosen.append(own.assign(check_group=status + " figures of " + own["source_id"]))
    return pd.concat(chosen) if chosen else usable.iloc[0:0].assign(check_group="")


def arithmetic_problems(
    tables: dict[str, CsvTable], frames: dict[str, pd.DataFrame], ranking: Ranking
) -> list[Problem]:
    """Every sum, share and turnout of the results that does not add up.

    Only votes with counts (registered voters, ballots, votes, seats) can be checked: shares
    alone prove nothing. So the facts are narrowed to those votes first, and grouped once,
    which keeps validation of a large dataset fast (a synthetic one of 100,000 facts has
    thousands of votes with shares only).
    """
    series, facts = frames["series"], frames["facts"]
    results = series[series["kind"].isin(RESULT_KINDS)]
    with_counts = set(facts.loc[facts["metric"].isin(COUNTS), "series"]) & set(results["series_id"])
    if not with_counts:
        return []
    relevant = facts[facts["series"].isin(with_counts)]
    best = preferred_by_status(relevant, frames, ranking)
    shares = relevant[relevant["metric"] == ids.VOTE_SHARE]
    options = shares.groupby("series")["subject"].agg(set).to_dict()
    row_of = {
        series_id: row for row, series_id in zip(results.index, results["series_id"], strict=True)
    }
    base_of = dict(zip(results["series_id"], results["share_base"], strict=True))
    problems = []
    for series_id, rows in best.groupby("series", sort=False):
        for check_group, group in rows.groupby("check_group", sort=False):
            for message in series_messages(
                group, options.get(series_id, set()), base_of[series_id]
            ):
                text = f"{check_group} of {series_id!r} do not add up: {message}"
                problems.append(tables["series"].problem(row_of[series_id], "series_id", text))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def series_messages(group: pd.DataFrame, options: set[str], share_base: str) -> Iterable[str]:
    """What does not add up among one series' figures of one status."""

    # plain lookups, built once: filtering the wide ranked frame for every check was slow
    wholes: dict[str, Figure] = {}
    subjects: dict[str, dict[str, Figure]] = {}
    columns = [group[c].tolist() for c in ("metric", "subject", "value", "fact_id")]
    for metric, subject, value, fact_id in zip(*columns, strict=True):
        figure = Figure(float(value), str(fact_id))
        if subject == "":
            wholes.setdefault(metric, figure)
        else:
            subjects.setdefault(metric, {})[subject] = figure

    def whole(metric: str) -> Figure | None:
        return wholes.get(metric)

    def per_subject(metric: str) -> dict[str, Figure]:
        return dict(subjects.get(metric, {}))

    votes = per_subject(ids.VOTES)
    complete = bool(votes) and options <= set(votes)
    total = sum(f.value for f in votes.values())
    listed = ", ".join(str(f) for f in votes.values())
    cast, valid = whole(ids.BALLOTS_CAST), whole(ids.VALID_BALLOTS)
    invalid, registered = whole(ids.INVALID_BALLOTS), whole(ids.REGISTERED_VOTERS)
    if complete and invalid and cast and abs(total + invalid.value - cast.value) > 0.5:
        yield (
            f"votes per option {listed} plus invalid ballots {invalid} make "
            f"{total + invalid.value:,.0f}, but ballots cast are {cast}"
        )
    if complete and valid and abs(total - valid.value) > 0.5:
        yield f"votes per option {listed} make {total:,.0f}, but valid ballots are {valid}"
    if valid and invalid and cast and abs(valid.value + invalid.value - cast.value) > 0.5:
        yield f"valid ballots {valid} plus invalid ballots {invalid} are not ballots cast {cast}"
    turnout = whole(ids.TURNOUT)
    if turnout and cast and registered and registered.value:
        computed = cast.value / registered.value * 100
        if not within_rounding(turnout.value, computed):
            yield (
                f"turnout {turnout} is not ballots cast {cast} over registered voters "
                f"{registered} ({computed:.2f} %)"
            )
    base_metric = SHARE_BASES.get(share_base)
    base = whole(base_metric) if base_metric else None
    if base is None and base_metric == ids.VALID_BALLOTS and complete:
        base = Figure(total, "the sum of the votes")
    if base is not None and base.value:
        for subject, share in per_subject(ids.VOTE_SHARE).items():
            if subject in votes:
                computed = votes[subject].value / base.value * 100
                if not within_rounding(share.value, computed):
                    yield (
                        f"the share {share} of {subject!r} is not its votes {votes[subject]} "
                        f"over {share_base.replace('_', ' ')} {base} ({computed:.2f} %)"
                    )
    seats = per_subject(ids.SEATS)
    parts = [per_subject(metric) for metric in SEAT_PARTS]
    for subject in set().union(*parts) - set(seats):
        found = [part[subject] for part in parts if subject in part]
        seats[subject] = Figure(sum(f.value for f in found), "+".join(f.fact_id for f in found))
    # the chamber's size where the vote's figures give it; a vote that fills part of a chamber
    # (the Senate's half) is held to the seats it filled. Only a list with every party counts.
    contested, chamber = whole(SEATS_CONTESTED), whole(ids.CHAMBER_SIZE)
    target, what = (chamber, "the chamber's size") if chamber else (contested, "seats contested")
    every_party = options <= set(seats)
    if (
        seats
        and every_party
        and target
        and abs(sum(f.value for f in seats.values()) - target.value) > 0.5
    ):
        listed_seats = ", ".join(f"{s} {f}" for s, f in seats.items())
        yield f"seats {listed_seats} do not add up to {what} {target}"
