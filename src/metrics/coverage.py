"""Coverage, honestly: for each vote and each kind of figure, what the data has or lacks.

A cell of the coverage table is one vote (an election or referendum series) and one kind of
figure (registered voters, ballots cast, turnout, valid and invalid ballots, votes and shares
per option, seats per party). It says the best status the data has (final, preliminary,
reported; "(derived)" when no source prints the figure and it is worked out from others) and
from which sources, or that the figure was searched for and not found (a row of
``gaps.csv``, with what was searched), or that it is not recorded. Seats apply only to votes
that fill seats; elsewhere the cell says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from metrics import dates, ids
from metrics.dataset import Dataset
from metrics.i18n import N_, _

# (kind of figure, the metrics that count as having it)
FIGURES = (
    # an indirect election's electors are its registered voters (the Senate's maslikhat deputies)
    (N_("Registered voters"), (ids.REGISTERED_VOTERS, "voters_registered_local", ids.ELECTORS)),
    (N_("Ballots cast"), (ids.BALLOTS_CAST,)),
    (N_("Turnout"), (ids.TURNOUT,)),
    (N_("Valid ballots"), (ids.VALID_BALLOTS,)),
    (N_("Invalid ballots"), (ids.INVALID_BALLOTS,)),
    (N_("Votes per option"), (ids.VOTES,)),
    (N_("Shares per option"), (ids.VOTE_SHARE,)),
    (N_("Seats per party"), (ids.SEATS, "party_list_seats", "single_mandate_seats")),
)
SEAT_FIGURE = N_("Seats per party")
COLUMNS = ["series_id", "series_title", "series_date", "figure", "coverage", "best_status",
           "sources", "note"]  # fmt: skip
HAVE, GAP, MISSING, NOT_APPLICABLE = "have", "searched, not found", "not recorded", "not applicable"


def coverage_table(dataset: Dataset) -> pd.DataFrame:
    """One row per vote and kind of figure: what the data has, from whom, or what was searched."""
    series = dataset.series[dataset.series["kind"].isin((ids.ELECTION, ids.REFERENDUM))]
    facts = dataset.facts[dataset.facts["caveat"].fillna("") == ""]
    publishers = dataset.sources.set_index("source_id")["publisher"]
    status_rank = {status: i for i, status in enumerate(dataset.ranking.status)}
    seat_metrics = set(dict(FIGURES)[SEAT_FIGURE])
    rows = []
    for one in series.itertuples():
        own = facts[facts["series"] == one.series_id]
        gaps = dataset.gaps[dataset.gaps["series"] == one.series_id]
        fills_seats = bool(
            own["metric"].isin(seat_metrics).any() or gaps["metric"].isin(seat_metrics).any()
        )
        for figure, metrics in FIGURES:
            found = own[own["metric"].isin(metrics)]
            searched = gaps[gaps["metric"].isin(metrics)]
            row = {
                "series_id": one.series_id,
                "series_title": dataset.translated("series", one.series_id, "title", one.title),
                "series_date": one.date,
                "figure": figure,
            }
            if not found.empty:
                written = found[found["derived"].fillna("") == ""]
                pool = written if not written.empty else found
                best = min(pool["status"], key=lambda s: status_rank.get(s, len(status_rank)))
                if written.empty:  # only worked out from other figures, never printed
                    best += " (derived)"
                ordered = found.assign(_rank=found["status"].map(status_rank)).sort_values(
                    "_rank", kind="stable"
                )  # the source of the best figure first
                names = dict.fromkeys(publishers.get(s, s) for s in ordered["source_id"])
                note = "; ".join(searched["result"]) if not searched.empty else ""
                row |= {"coverage": HAVE, "best_status": best, "sources": "; ".join(names),
                        "note": note}  # fmt: skip
            elif not searched.empty:
                row |= {"coverage": GAP, "best_status": "", "sources": "",
                        "note": "; ".join(searched["result"])}  # fmt: skip
            elif figure == SEAT_FIGURE and not fills_seats:
                row |= {"coverage": NOT_APPLICABLE, "best_status": "", "sources": "", "note": ""}
            else:
                row |= {"coverage": MISSING, "best_status": "", "sources": "", "note": ""}
            rows.append(row)
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = table["series_date"].map(dates.sort_key)
    return table.assign(_when=order).sort_values(["_when"], kind="stable").drop(columns="_when")


def coverage_matrix(table: pd.DataFrame, statuses: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The coverage table as one row per vote and one column per kind of figure, for the page.

    A cell reads 'final', 'preliminary' or 'reported' (the best status held; its label in
    ``statuses`` where given), 'not found' (searched for), '—' (not applicable) or 'not
    recorded'. The headers and words are in the language of this run; the coverage table
    itself (a download) keeps its English terms.
    """
    words = {GAP: _("not found"), NOT_APPLICABLE: "—", MISSING: _("not recorded")}
    statuses = statuses or {}

    def status_text(best: str) -> str:
        term, derived, _rest = best.partition(" (derived)")
        label = statuses.get(term, term)
        return _("{status} (derived)").format(status=label) if derived else label

    cell = [
        status_text(best) if coverage == HAVE else words[coverage]
        for coverage, best in zip(table["coverage"], table["best_status"], strict=True)
    ]
    wide = table.assign(cell=cell).pivot_table(
        index=["series_date", "series_title"], columns="figure", values="cell", aggfunc="first",
        sort=False,
    )  # fmt: skip
    wide = wide[[figure for figure, _metrics in FIGURES]].reset_index()
    headers = {"series_title": _("Vote"), **{figure: _(figure) for figure, _metrics in FIGURES}}
    return wide.drop(columns="series_date").rename(columns=headers)
