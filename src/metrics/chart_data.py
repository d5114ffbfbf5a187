"""The rows behind each chart: pure reshaping of ranked facts and events into tidy tables.

Every table keeps the columns that say where each number comes from (``SOURCE_COLUMNS``), so
the data view and the downloads always carry their provenance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from metrics import dates, ids
from metrics.dataset import Dataset
from metrics.filters import Filters, filter_summary
from metrics.i18n import N_, _, current_language, ngettext
from metrics.labels import ENGLISH, LABELLED_FIELDS, VOCABULARY_TABLE, vocabulary_key
from metrics.preference import format_amount, format_share, format_value, number_groups, rank_facts
from metrics.safe_text import escape_markdown, is_web_url

CONFLICT_MARK = "⚠"
# Okabe & Ito (2008), without black and yellow, which vanish on dark or light backgrounds.
# Categories without a colour of their own (spheres) take these in their vocabulary's order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#999999")
DEFAULT_COLOUR = PALETTE[0]

SOURCE_COLUMNS = [
    "fact_id",
    "source_id",
    "publisher",
    "source_kind",
    "source_kind_label",
    "url",
    "locator",
    "status",
    "status_label",
    "is_lower_bound",
    "is_approximate",
    "derived",
    "evidence",
]
RESULT_SERIES_KINDS = (ids.ELECTION, ids.REFERENDUM)


@lru_cache(maxsize=64)
def label_map(dataset: Dataset, table: str, field_name: str, lang: str) -> dict[str, str]:
    """Each row's label of a registry (series titles, entity names...) in ``lang``, by id.

    From labels.csv (``Dataset.translations``), falling back to the registry's English; built
    once per dataset, field and language, so a chart pays a dictionary lookup per row.
    """
    id_column = LABELLED_FIELDS[table][0]
    frame = getattr(dataset, table)
    found = {}
    for key, text in zip(frame[id_column], frame[field_name], strict=True):
        english = "" if pd.isna(text) else str(text)
        found[str(key)] = (
            english
            if lang == ENGLISH
            else translated(dataset, (table, str(key), field_name), lang, english)
        )
    return found


def translated(dataset: Dataset, where: tuple[str, str, str], lang: str, english: str) -> str:
    """The label at ``where`` (table, key, field) in ``lang``; ``english`` if it has none."""
    try:
        return dataset.translations.label(*where, lang) or english
    except KeyError:
        return english


@lru_cache(maxsize=8)
def sources_by_id(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Each source's id, publisher, URL and kind, by its id: built once per dataset (the
    timeline built it on every filter change: 0.5 ms for the 500 sources of the 100,000-fact
    synthetic data). Read it, never change it."""
    return {
        row["source_id"]: row
        for row in records(dataset.sources, ["source_id", "publisher", "url", "kind"])
    }


@lru_cache(maxsize=64)
def term_labels(dataset: Dataset, vocabulary: str, lang: str) -> dict[str, str]:
    """Each term of a vocabulary with its label in ``lang`` (the package's English in English)."""
    terms = dataset.vocabularies[vocabulary]
    if lang == ENGLISH:
        return dict(terms.labels)
    return {
        term: translated(
            dataset,
            (VOCABULARY_TABLE, vocabulary_key(vocabulary, term), "label"),
            lang,
            terms.label(term),
        )
        for term in (*terms.terms, *terms.labels)
    }


def with_sources(ranked: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Ranked facts with their context joined on, all from the data's tables and registries.

    Names and labels are in the language of this run (``label_map``, ``term_labels``), so a
    cache of these rows is keyed by the language too (``ui.loading.ranked_rows``).

    From the source: its URL and the label of its kind; from the series: title, kind (and its
    label), date, whether its shares must add up to 100 and its notes; from the metrics registry: the metric's title and short unit; from the
    entities registry: the subject's name and colour (empty for a figure about the whole
    series). Value labels are added per chart table (``columns``), not here: formatting every
    row of a large dataset on each filter change would cost more than the charts themselves.
    """
    lang = current_language()
    urls = dataset.sources.set_index("source_id")["url"]
    series = dataset.series.set_index("series_id")
    entities = dataset.entities.set_index("entity_id")
    kinds = term_labels(dataset, "kind", lang)
    series_kinds = term_labels(dataset, "series_kind", lang)
    subject_name = ranked["subject"].map(label_map(dataset, "entities", "name", lang)).fillna("")
    return ranked.assign(
        url=ranked["source_id"].map(urls),
        source_kind_label=ranked["source_kind"].map(kinds),
        status_label=ranked["status"].map(term_labels(dataset, "status", lang)),
        series_title=ranked["series"].map(label_map(dataset, "series", "title", lang)),
        series_kind=ranked["series"].map(series["kind"]),
        series_kind_label=ranked["series"].map(series["kind"]).map(series_kinds),
        series_date=ranked["series"].map(series["date"]),
        series_complete=ranked["series"].map(series["complete"]).fillna(False).astype(bool),
        series_notes=ranked["series"].map(series["notes"]).fillna(""),
        metric_title=ranked["metric"].map(label_map(dataset, "metrics", "title", lang)),
        short_unit=ranked["metric"].map(label_map(dataset, "metrics", "short_unit", lang)),
        subject_name=subject_name,
        subject_colour=ranked["subject"].map(entities["colour"]).fillna(""),
    )


def ranked_for_kinds(dataset: Dataset, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Facts from the chosen kinds of source, ranked, with source and series columns, in
    year order (facts without a year last)."""
    chosen = dataset.sources.loc[dataset.sources["kind"].isin(kinds), "source_id"]
    facts = dataset.facts[dataset.facts["source_id"].isin(chosen)]
    lang = current_language()
    labels = None
    if lang != ENGLISH:  # the other values' statuses and caveats in the run's language
        labels = {name: term_labels(dataset, name, lang) for name in ("status", "caveat")}
    ranked = rank_facts(facts, dataset.sources, dataset.series, dataset.ranking, labels=labels)
    # In year order, the facts' own order within a year: each filter change then narrows them
    # to its years as one slice (filters.filter_ranked_facts), without copying a column.
    ranked = number_groups(with_sources(ranked, dataset))
    return ranked.sort_values("year", kind="stable", na_position="last")


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
    """Each row's figure as people read it ('12.5 %', 'more than 1,000')."""
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


# What ``columns`` puts after a table's own leading columns.
TAIL_COLUMNS = ["is_preferred", "disagrees", "other_values", *SOURCE_COLUMNS]


def columns(table: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    """The table's leading columns, then the preference and source columns."""
    if "value_label" in leading and "value_label" not in table:
        table = table.assign(value_label=value_labels(table))
    return table[[*leading, *[c for c in TAIL_COLUMNS if c not in leading]]].reset_index(drop=True)


def result_series(facts: pd.DataFrame) -> list[str]:
    """Elections and referendums with vote shares, latest first."""
    results = facts[
        (facts["metric"] == ids.VOTE_SHARE) & facts["series_kind"].isin(RESULT_SERIES_KINDS)
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
    A series whose shares need not add up to 100 (``complete`` false, e.g. a referendum whose
    yes and no are shares of ballots cast) gets one more row, last: the rest of the vote,
    computed as 100 minus the preferred shares and flagged in ``derived`` and ``is_remainder``.
    """
    rows = facts[(facts["series"] == series_id) & (facts["metric"] == ids.VOTE_SHARE)]
    if not all_values:
        rows = rows[rows["is_preferred"]]
    rows = rows.sort_values(["value", "preference"], ascending=[False, True])
    if all_values:
        order = rows[rows["is_preferred"]]["subject"].tolist()
        rows = rows.assign(_order=rows["subject"].map({s: i for i, s in enumerate(order)}))
        rows = rows.sort_values(["_order", "preference"]).drop(columns="_order")
    votes = whole_figures(facts, ids.VOTES, by_subject=True).get(series_id, {})
    counted = [votes.get(s) for s in rows["subject"]]
    rows = rows.assign(
        is_remainder=False,
        votes=[float(v) if v is not None else float("nan") for v in counted],
        counts_text=[votes_text(v) if v is not None else "" for v in counted],
    )
    table = columns(
        rows,
        ["series_title", "series_date", "subject", "subject_name", "subject_colour", "value",
         "unit", "value_label", "votes", "counts_text", "is_remainder"],
    )  # fmt: skip
    remainder = remainder_row(rows)
    if remainder is None:
        return table
    remainder |= {"votes": float("nan"), "counts_text": ""}
    return pd.concat([table, pd.DataFrame([remainder])[table.columns]], ignore_index=True)


def votes_text(votes: float) -> str:
    """'1,234 votes', in the language of this run."""
    return ngettext("{count} vote", "{count} votes", int(votes)).format(count=format_amount(votes))


def whole_figures(facts: pd.DataFrame, metric: str, by_subject: bool = False) -> dict[str, Any]:
    """Each series' preferred exact figure of ``metric`` (per subject with ``by_subject``).

    Used to put counts beside shares: a vote's ballots and register beside its turnout, an
    option's votes beside its share. A missing count is simply absent.
    """
    if not by_subject:
        return series_figures(facts, (metric,))[metric]
    rows = exact_figures(facts, (metric,), by_subject=True)
    found: dict[str, dict[str, float]] = {}
    for series, subject_id, value in zip(
        rows["series"], rows["subject"], rows["value"], strict=True
    ):
        found.setdefault(series, {})[subject_id] = float(value)
    return found


def exact_figures(facts: pd.DataFrame, metrics: tuple[str, ...], by_subject: bool) -> pd.DataFrame:
    """The preferred exact figures of ``metrics``: their metric, series, subject and value.

    One mask, then only the four columns read: selecting whole rows copied every one of the
    ranked facts' forty columns, twice, on every filter change.
    """
    subject = facts["subject"]
    metric = facts["metric"]
    keep = (
        ((metric == metrics[0]) if len(metrics) == 1 else metric.isin(metrics))
        & facts["is_preferred"]
        & ~facts["is_lower_bound"].fillna(False).astype(bool)
        & ((subject != "") if by_subject else (subject == ""))
    )
    return facts.loc[keep, ["metric", "series", "subject", "value"]]


def series_figures(facts: pd.DataFrame, metrics: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """For each of ``metrics``, each series' preferred exact figure (not per subject), in one
    pass over the facts."""
    rows = exact_figures(facts, metrics, by_subject=False)
    found: dict[str, dict[str, float]] = {m: {} for m in metrics}
    for metric, series, value in zip(rows["metric"], rows["series"], rows["value"], strict=True):
        found[metric][series] = float(value)
    return found


REMAINDER_NAME = N_("Rest of the vote")
REMAINDER_TOLERANCE = 0.1  # as the validator's check that complete shares add up to 100


def remainder_row(rows: pd.DataFrame) -> dict[str, Any] | None:
    """The rest of an incomplete series' vote (100 minus its preferred shares), or None.

    None for a series whose shares must add up to 100, or when the shares leave nothing over.
    The explanation is the series' own note from the registry (what the shares are shares of).
    """
    preferred = rows[rows["is_preferred"]]
    if preferred.empty or bool(preferred["series_complete"].iloc[0]):
        return None
    shown = float(preferred["value"].sum())
    rest = round(100 - shown, 2)
    if rest <= REMAINDER_TOLERANCE:
        return None
    first = preferred.iloc[0]
    note = str(first["series_notes"] or "")
    computed = ngettext(
        "Computed: 100 {percent} minus the {count} share shown ({total}).",
        "Computed: 100 {percent} minus the {count} shares shown ({total}).",
        len(preferred),
    ).format(count=len(preferred), total=format_value(shown, first["unit"]), percent="%")
    derived = computed + (f" {note}" if note else "")
    empty = {column: "" for column in SOURCE_COLUMNS}
    return {
        **empty,
        "series_title": first["series_title"],
        "series_date": first["series_date"],
        "subject": "",
        "subject_name": _(REMAINDER_NAME),
        "subject_colour": "",
        "value": rest,
        "unit": first["unit"],
        "value_label": format_value(rest, first["unit"]),
        "is_remainder": True,
        "is_preferred": True,
        "disagrees": False,
        "other_values": "",
        "locator": pd.NA,
        "is_lower_bound": False,
        "is_approximate": False,
        "derived": derived,
    }


def remainder_note(table: pd.DataFrame) -> str | None:
    """A sentence explaining a results table's computed remainder, or None when it has none."""
    if "is_remainder" not in table or not table["is_remainder"].any():
        return None
    row = table[table["is_remainder"]].iloc[0]
    return _("{value} other ({name}, grey bar): {derived}").format(
        value=row["value_label"], name=row["subject_name"], derived=row["derived"]
    )


TURNOUT_COLUMNS = ["series_title", "series_kind", "series_kind_label", "series_date", "value",
                   "unit", "value_label", "ballots_cast", "registered_voters", "counts_text"]  # fmt: skip


# The turnout table's columns in order, and those it computes rather than takes from the facts.
TURNOUT_TABLE = [*TURNOUT_COLUMNS, *[c for c in TAIL_COLUMNS if c not in TURNOUT_COLUMNS]]
TURNOUT_COUNTS = ("ballots_cast", "registered_voters", "counts_text")


def turnout(facts: pd.DataFrame, all_values: bool = False) -> pd.DataFrame:
    """Preferred turnout of every election and referendum, in time order."""
    keep = (facts["metric"] == ids.TURNOUT) & facts["series_kind"].isin(RESULT_SERIES_KINDS)
    if not all_values:
        keep &= facts["is_preferred"]
    # This runs on every filter change of the Elections page, and in pandas each column
    # selected, reordered or added costs the same whatever the number of rows: the table's
    # columns are taken once, in their final order, and the counts inserted in place.
    taken = [c for c in TURNOUT_TABLE if c not in TURNOUT_COUNTS and c in facts]
    rows = facts.loc[keep, taken]
    order_by = facts.loc[keep, ["series", "preference"]]
    when = [dates.sort_key(d) for d in rows["series_date"]]
    rank = order_by["preference"].tolist()
    order = sorted(range(len(rows)), key=lambda i: (when[i], rank[i]))
    rows = rows.iloc[order].reset_index(drop=True)
    counts = series_figures(facts, (ids.BALLOTS_CAST, ids.REGISTERED_VOTERS))
    series = order_by["series"].tolist()
    ballots = [counts[ids.BALLOTS_CAST].get(series[i], np.nan) for i in order]
    voters = [counts[ids.REGISTERED_VOTERS].get(series[i], np.nan) for i in order]
    computed: dict[str, Any] = {
        "value_label": value_labels(rows) if "value_label" not in rows else None,
        "ballots_cast": pd.Series(ballots, dtype="float64"),
        "registered_voters": pd.Series(voters, dtype="float64"),
        "counts_text": [counts_text(c, r) for c, r in zip(ballots, voters, strict=True)],
    }
    for name in TURNOUT_TABLE:  # in order, so that each lands at its place
        if name not in rows:
            rows.insert(TURNOUT_TABLE.index(name), name, computed[name])
    return rows


def counts_text(cast: float, registered: float) -> str:
    """'7,985,769 ballots cast of 11,734,642 registered voters', as much as is known."""
    has_cast, has_registered = not pd.isna(cast), not pd.isna(registered)
    if has_cast and has_registered:
        return ngettext(
            "{cast} ballots cast of {registered} registered voter",
            "{cast} ballots cast of {registered} registered voters",
            int(registered),
        ).format(cast=format_amount(cast), registered=format_amount(registered))
    if has_cast:
        return ngettext("{count} ballot cast", "{count} ballots cast", int(cast)).format(
            count=format_amount(cast)
        )
    if not has_registered:
        return ""
    return ngettext(
        "{count} registered voter", "{count} registered voters", int(registered)
    ).format(count=format_amount(registered))


def court_caseload(facts: pd.DataFrame) -> pd.DataFrame:
    """Every figure for appeals received and cases decided, from every source, in time order.

    All values are kept, not only preferred ones: the chart shows the sources side by side.
    """
    rows = facts[
        (facts["series"] == ids.CONSTITUTIONAL_COURT)
        & facts["metric"].isin([ids.APPEALS_RECEIVED, ids.CASES_DECIDED])
    ]
    rows = rows.assign(as_of=rows["date"], _when=rows["date"].map(dates.sort_key)).sort_values(
        ["_when", "metric", "preference"]
    )
    return columns(
        rows.drop(columns="_when"),
        ["metric", "metric_title", "as_of", "value", "unit", "value_label"],
    )


SHARE_DECIDED_COLUMNS = [
    "as_of", "source_id", "publisher", "source_kind", "source_kind_label", "share",
    "is_upper_bound", "share_label", "appeals", "appeals_is_lower_bound", "appeals_label",
    "decided", "decided_is_lower_bound", "decided_label", "url",
]  # fmt: skip


def share_decided(caseload: pd.DataFrame) -> pd.DataFrame:
    """Cases decided as a share of appeals received, for each date with both from one source.

    When the appeals figure is a lower bound ("more than N"), the share is an upper bound.
    ``appeals`` and ``decided`` are numbers, with their flags and labels beside them.
    """
    appeals = caseload[caseload["metric"] == ids.APPEALS_RECEIVED]
    decided = caseload[caseload["metric"] == ids.CASES_DECIDED]
    pairs = appeals.merge(decided, on=["as_of", "source_id"], suffixes=("_appeals", "_decided"))
    if pairs.empty:
        return pd.DataFrame(columns=SHARE_DECIDED_COLUMNS)
    upper = pairs["is_lower_bound_appeals"].fillna(False).astype(bool)
    share = (pairs["value_decided"] / pairs["value_appeals"] * 100).round(2)
    return pd.DataFrame(
        {
            "as_of": pairs["as_of"],
            "source_id": pairs["source_id"],
            "publisher": pairs["publisher_appeals"],
            "source_kind": pairs["source_kind_appeals"],
            "source_kind_label": pairs["source_kind_label_appeals"],
            "share": share,
            "is_upper_bound": upper,
            "share_label": [
                _("at most {value}").format(value=format_share(s)) if u else format_share(s)
                for s, u in zip(share, upper, strict=True)
            ],
            "appeals": pairs["value_appeals"].astype(float),
            "appeals_is_lower_bound": upper,
            "appeals_label": pairs["value_label_appeals"],
            "decided": pairs["value_decided"].astype(float),
            "decided_is_lower_bound": pairs["is_lower_bound_decided"].fillna(False).astype(bool),
            "decided_label": pairs["value_label_decided"],
            "url": pairs["url_appeals"],
        },
        columns=SHARE_DECIDED_COLUMNS,
    ).reset_index(drop=True)


def electoral_mix(facts: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Seat shares by kind of seat for each representative body, before and after the reform.

    Shares come from ``seat_share`` facts; a body with only seat counts gets shares computed
    from them (flagged in ``derived``). Seat counts, where known, ride along for the hover.
    """
    series = dataset.series.set_index("series_id")
    bodies = series[series["kind"] == ids.REPRESENTATIVE_BODY]
    rows = facts[facts["series"].isin(bodies.index) & facts["is_preferred"]]
    shares = rows[rows["metric"] == ids.SEAT_SHARE]
    seats = rows[rows["metric"] == ids.SEATS]
    computed = []
    for series_id, group in seats.groupby("series"):
        if series_id in set(shares["series"]):
            continue
        total = group["value"].sum()
        if total <= 0:
            continue
        share_rows = group.assign(
            metric=ids.SEAT_SHARE,
            unit=shares_unit(dataset),
            value=(group["value"] / total * 100).round(1),
            derived=_("Computed from seat counts: each kind's seats out of {total}.").format(
                total=format_amount(total)
            ),
        )
        computed.append(share_rows)
    mix = pd.concat([shares, *computed]) if computed else shares
    seat_counts = seats.set_index(["series", "subject"])["value"]
    lang = current_language()
    body_names = label_map(dataset, "entities", "name", lang)
    phases = dataset.vocabularies["phase"]
    mix = mix.assign(
        body=mix["series"].map(bodies["body"]).map(body_names),
        phase=mix["series"].map(bodies["phase"]),
        phase_label=mix["series"].map(bodies["phase"]).map(term_labels(dataset, "phase", lang)),
        seats=[seat_counts.get((s, k)) for s, k in zip(mix["series"], mix["subject"], strict=True)],
    )
    mix = mix.assign(
        value_label=[format_value(v, u) for v, u in zip(mix["value"], mix["unit"], strict=True)]
    )
    order = {term: i for i, term in enumerate(phases.terms)}
    mix = (
        mix.assign(_phase=mix["phase"].map(order))
        .sort_values(["body", "_phase", "subject_name"])
        .drop(columns="_phase")
    )
    return columns(
        mix,
        ["body", "phase", "phase_label", "subject", "subject_name", "subject_colour", "value",
         "unit", "value_label", "seats"],
    )  # fmt: skip


def shares_unit(dataset: Dataset) -> str:
    """The unit of seat shares, from the metrics registry."""
    return dataset.metric_rows[ids.SEAT_SHARE]["unit"]


TIMELINE_COLUMNS = ["occurrence_id", "date", "date_label", "start", "sphere", "sphere_label",
                    "colour", "title", "sources", "source_ids", "urls", "date_basis", "notes",
                    "stack", "stack_size"]  # fmt: skip


def timeline(events: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """One row per happening: the earliest precise date among its sources, and who reports it.

    Of an occurrence's rows, the most precise date wins (then the lowest ``event_id``) and gives
    the date, sphere, title and date basis; sources, URLs and notes are every row's, deduplicated
    in that order. Grouped in plain Python: pandas' per-group lambdas cost more than the chart.
    ``start`` is where the chart draws the date (``dates.PartialDate.middle``); spheres take
    their label from the vocabulary and a colour from ``PALETTE`` in the vocabulary's order.
    Happenings drawn at the same date in the same sphere are numbered (``stack`` of
    ``stack_size``) so that the chart can set them apart instead of one over another.
    """
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    lang = current_language()
    kinds = term_labels(dataset, "kind", lang)
    spheres = dataset.vocabularies["sphere"]
    sphere_labels = term_labels(dataset, "sphere", lang)
    titles = label_map(dataset, "events", "title", lang)
    colours = {term: PALETTE[i % len(PALETTE)] for i, term in enumerate(spheres.terms)}
    sources = sources_by_id(dataset)
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
                "date_label": dates.label(first["date"]),
                "start": dates.middle(first["date"]),
                "sphere": first["sphere"],
                "sphere_label": sphere_labels.get(first["sphere"], first["sphere"]),
                "colour": colours.get(first["sphere"], DEFAULT_COLOUR),
                "title": titles.get(str(first["event_id"])) or first["title"],
                "sources": "; ".join(
                    distinct(f"{s['publisher']} ({kinds.get(s['kind'], s['kind'])})" for s in cited)
                ),
                "source_ids": "; ".join(distinct(r["source_id"] for r in group)),
                "urls": " ".join(distinct(s["url"] for s in cited)),
                "date_basis": first["date_basis"],
                "notes": " ".join(distinct(r["notes"] for r in group)),
            }
        )
    rows.sort(key=lambda row: (row["start"], row["occurrence_id"]))
    stacks: dict[tuple, int] = {}
    for row in rows:
        spot = (row["start"], row["sphere"])
        row["stack"] = stacks.get(spot, 0)
        stacks[spot] = row["stack"] + 1
    for row in rows:
        row["stack_size"] = stacks[(row["start"], row["sphere"])]
    table = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    table["start"] = pd.to_datetime(table["start"])
    return table


HEADLINE_COLUMNS = ["headline", "series_title", "date", "value", "unit", "value_label",
                    "disagrees", "other_values", *SOURCE_COLUMNS]  # fmt: skip


def headline_figures(facts: pd.DataFrame) -> pd.DataFrame:
    """A few headline numbers for the overview: the latest preferred figure of each headline.

    The headlines are ``ids.HEADLINES`` (a metric, and a subject or none); each is titled with
    the registry's names: the metric's title, then the subject's name.
    Latest means the latest ``date``, then the latest ``series_date``; of rows equal on both,
    the last. This runs on every filter change, so it compares numbers, not texts: each
    column it tests is encoded once as integer codes (``pd.factorize``, in Arrow), each
    distinct date is put in time order once, and each headline's row is picked with array
    comparisons. Comparing the texts row by row took 34 ms at 100,000 facts (66,798 rows of
    a headline metric); a pass over every candidate in Python took 50.
    """
    preferred = facts["is_preferred"].to_numpy(dtype=bool, na_value=False)
    metric_codes, metric_code = coded(facts["metric"])
    subject_codes: np.ndarray | None = None
    subject_code: dict[Any, int] = {}
    rows = []
    for wanted_metric, wanted_subject in ids.HEADLINES:
        if wanted_metric not in metric_code:
            continue
        matches = (metric_codes == metric_code[wanted_metric]) & preferred
        if wanted_subject is not None:
            if subject_codes is None:
                subject_codes, subject_code = coded(facts["subject"])
            if wanted_subject not in subject_code:
                continue
            matches &= subject_codes == subject_code[wanted_subject]
        positions = np.flatnonzero(matches)
        if positions.size == 0:
            continue
        order = time_order(facts["date"].iloc[positions]) * (len(positions) + 1) + time_order(
            facts["series_date"].iloc[positions]
        )
        row = facts.iloc[positions[np.flatnonzero(order == order.max())[-1]]].to_dict()
        headline = row["metric_title"]
        if wanted_subject is not None:
            headline += f": {row['subject_name']}"
        rows.append({"headline": headline, **row})
    if not rows:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    table = pd.DataFrame(rows)
    return table.assign(value_label=value_labels(table))[HEADLINE_COLUMNS]


def coded(values: pd.Series) -> tuple[np.ndarray, dict[Any, int]]:
    """Each value's integer code (-1 where missing), and each distinct value's code."""
    codes, distinct = pd.factorize(values)
    return codes, {value: code for code, value in enumerate(distinct.tolist())}


def time_order(values: pd.Series) -> np.ndarray:
    """Each partial date's place in time among ``values`` (0 for the earliest; a missing date
    comes before every date), as integers: equal dates get equal numbers."""
    codes, code_of = coded(values)
    keys = [dates.sort_key(d) for d in code_of]  # the distinct dates, in their codes' order
    rank_of_key = {key: rank for rank, key in enumerate(sorted(set(keys)), start=1)}
    ranks = np.array([0, *(rank_of_key[key] for key in keys)], dtype=np.int64)
    return ranks[codes + 1]  # code -1 (missing) takes rank 0


def headline_markdown(headlines: pd.DataFrame) -> str:
    """The headline figures as one Markdown table, every piece of data text escaped.

    One table instead of a metric and a caption per figure: the same facts, with the source and
    any disagreeing values in columns of their own, and one element for the browser to draw.
    """
    header = (
        _("Headline"),
        _("Figure"),
        _("What it measures"),
        _("Source"),
        _("Other sources say"),
    )
    rows = ["| " + " | ".join(escape_markdown(h) for h in header) + " |", "|---|---|---|---|---|"]
    for row in records(headlines):
        figure = f"**{escape_markdown(row['value_label'])}**"
        if row["disagrees"]:
            figure += f" {CONFLICT_MARK}"
        cells = [
            escape_markdown(row["headline"]),
            figure,
            escape_markdown(f"{row['series_title']} ({dates.label(row['date'])})"),
            escape_markdown(f"{row['publisher']}, {row['status_label'] or row['status']}"),
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
    pairs = zip(table["publisher"], table["source_kind_label"], strict=True)
    return list(dict.fromkeys(f"{p} ({k})" for p, k in pairs if p))  # a computed row has none


TIMELINE_LISTING_COLUMNS = {"date_label": N_("Date"), "sphere_label": N_("Sphere"),
                            "title": N_("Event"), "sources": N_("Sources")}  # fmt: skip


def timeline_listing(table: pd.DataFrame) -> pd.DataFrame:
    """The timeline's events as a compact table to read without hovering: latest first.

    Its headers are in the language of this run.
    """
    listing = table[list(TIMELINE_LISTING_COLUMNS)].iloc[::-1]
    headers = {column: _(header) for column, header in TIMELINE_LISTING_COLUMNS.items()}
    return listing.rename(columns=headers).reset_index(drop=True)


def short_title(title: object) -> str:
    """A series title without its trailing date: 'Presidential election, June 2019' -> 'Presidential election'."""
    text = "" if title is None or (isinstance(title, float) and pd.isna(title)) else str(title)
    head, comma, tail = text.rpartition(", ")
    return head if comma and any(ch.isdigit() for ch in tail) else text


@lru_cache(maxsize=64)
def source_link_table(dataset: Dataset, lang: str) -> dict[str, tuple[str, str, str]]:
    """Each source's (publisher, kind label in ``lang``, URL or ''), by id (read only).

    Built once per dataset and language: every chart's caption names its sources from it on
    every filter change.
    """
    kinds = term_labels(dataset, "kind", lang)
    sources = dataset.sources
    found: dict[str, tuple[str, str, str]] = {}
    for source_id, publisher, kind, url in zip(
        sources["source_id"], sources["publisher"], sources["kind"], sources["url"], strict=True
    ):
        link = url if is_web_url(url) else ""
        found.setdefault(source_id, (str(publisher), kinds.get(kind, kind), link))
    return found


def source_links(table: pd.DataFrame, dataset: Dataset) -> list[tuple[str, str, str]]:
    """Each distinct source of a chart's rows as (publisher, kind label, URL or ''), in order.

    Fact tables name theirs in ``source_id``; timeline rows list theirs in ``source_ids``.
    """
    if "source_ids" in table:
        ids_in_order = [i for text in table["source_ids"] for i in str(text).split("; ") if i]
    elif "source_id" in table:
        ids_in_order = [i for i in table["source_id"] if isinstance(i, str) and i]
    else:
        return []
    known = source_link_table(dataset, current_language())
    links = [known[i] for i in dict.fromkeys(ids_in_order) if i in known]
    return list(dict.fromkeys(links))


def markdown_url(url: str) -> str:
    """An http(s) URL safe inside a Markdown link's parentheses (brackets, spaces encoded)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def sources_markdown(links: list[tuple[str, str, str]]) -> str:
    """'Sources: [Publisher](url) (kind); ...' with every data text escaped for Markdown.

    Only http and https URLs become links (``safe_text.is_web_url``); a source without one is
    named in plain text.
    """
    parts = []
    for publisher, kind, url in links:
        name = escape_markdown(publisher)
        if is_web_url(url):
            name = f"[{name}]({markdown_url(url)})"
        parts.append(f"{name} {escape_markdown(f'({kind})')}")
    if not parts:
        return ""
    return _("Sources:") + " " + "; ".join(parts) + "\\."


def heading_anchor(text: str) -> str:
    """The id Streamlit gives a Markdown heading: its words, lowercase, joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def jump_links(sections: list[tuple[str, str]], prefix: str = "Jump to:") -> str:
    """'Jump to: [heading](#anchor) · ...', a Markdown link to each ``(text, anchor)``, escaped.

    The anchors are the English headings' (``heading_anchor``), given to the headings
    themselves, so that a link with ``#turnout`` reaches the same section in every language.
    """
    links = [f"[{escape_markdown(text)}](#{anchor})" for text, anchor in sections]
    return f"{escape_markdown(prefix)} " + " · ".join(links)


FILTER_STEPS = ("years", "spheres", "kinds")


def years_text(years: tuple[int, int]) -> str:
    """A year range in words: '2021' or '2019–2023'."""
    first, last = years
    return str(first) if first == last else f"{first}–{last}"


def chosen_names(chosen: tuple[str, ...], labels: Mapping[str, str]) -> str:
    """The labels of the chosen terms, in the labels' order: 'Official, Opinion'."""
    return ", ".join(label for term, label in labels.items() if term in chosen) or _("none")


def filters_caption(
    filters: Filters, defaults: Filters, spheres: Mapping[str, str], kinds: Mapping[str, str]
) -> str:
    """The active filters in words for a chart's caption, or '' when nothing is filtered.

    'Filters: years 2021; showing all 7 spheres and 1 of 5 source kinds (Opinion).'
    """
    if filters == defaults:
        return ""
    summary = filter_summary(filters, spheres, kinds)
    return _("Filters: years {years}; {summary}.").format(
        years=years_text(filters.years), summary=f"{summary[0].lower()}{summary[1:]}"
    )


def emptying_filter(
    has_rows: Callable[[Filters], bool], filters: Filters, defaults: Filters
) -> str | None:
    """Which filter (``years``, ``spheres`` or ``kinds``) removes a chart's last row, or None.

    The filters are applied one at a time, in ``FILTER_STEPS`` order, starting from the
    defaults: the first whose turn leaves no rows is named. None when the defaults themselves
    leave no rows, or when no filter is to blame.
    """
    current = defaults
    if not has_rows(current):
        return None
    for step in FILTER_STEPS:
        chosen = getattr(filters, step)
        if chosen == getattr(current, step):
            continue
        current = replace(current, **{step: chosen})
        if not has_rows(current):
            return step
    return None


def empty_message(
    noun: str,
    step: str | None,
    filters: Filters,
    spheres: Mapping[str, str],
    kinds: Mapping[str, str],
) -> str | None:
    """'No turnout figures from the source kinds chosen (Opinion).', or None without a culprit.

    ``noun`` is an English message (marked ``N_``), translated here.
    """
    if not noun or step is None:
        return None
    what = _(noun)
    if step == "years":
        return _("No {noun} in {years}.").format(noun=what, years=years_text(filters.years))
    if step == "spheres":
        if not filters.spheres:
            return _("No {noun}: no sphere of reform is chosen.").format(noun=what)
        return _("No {noun} in the spheres chosen ({names}).").format(
            noun=what, names=chosen_names(filters.spheres, spheres)
        )
    if not filters.kinds:
        return _("No {noun}: no kind of source is chosen.").format(noun=what)
    return _("No {noun} from the source kinds chosen ({names}).").format(
        noun=what, names=chosen_names(filters.kinds, kinds)
    )


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
    return ngettext(
        "The chart shows the latest {shown} of {total} figure, to stay readable; the data "
        "behind it and its downloads have them all. Narrow the years to see earlier ones.",
        "The chart shows the latest {shown} of {total} figures, to stay readable; the data "
        "behind it and its downloads have them all. Narrow the years to see earlier ones.",
        total,
    ).format(shown=format_amount(shown), total=format_amount(total))


SEAT_METRICS = (ids.SEATS, "party_list_seats", "single_mandate_seats")
SEATS_COLUMNS = ["series_title", "series_date", "subject", "subject_name", "subject_colour",
                 "seats", "party_list_seats", "single_mandate_seats", "chamber_size", "status",
                 "source_id", "publisher", "source_kind_label", "url", "other_values"]  # fmt: skip


def seat_series(facts: pd.DataFrame) -> list[tuple[str, str]]:
    """Elections with seats per party and the chamber's size, latest first, with their titles.

    A vote that fills only part of a chamber (the Senate's half) has no chamber size among its
    figures, so it is not drawn as a parliament.
    """
    seats = facts[facts["metric"].isin(SEAT_METRICS) & (facts["subject"] != "")]
    chambers = set(facts.loc[facts["metric"] == ids.CHAMBER_SIZE, "series"])
    rows = seats[(seats["series_kind"] == ids.ELECTION) & seats["series"].isin(chambers)]
    order = rows.drop_duplicates("series")
    order = order.assign(_when=order["series_date"].map(dates.sort_key)).sort_values(
        "_when", ascending=False
    )
    return list(zip(order["series"], order["series_title"], strict=True))


def seats_by_source(rows: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Each source's seats per subject: its total, or its list and single-mandate seats added."""
    tables: dict[str, dict[str, float]] = {}
    for (source, subject), group in rows.groupby(["source_id", "subject"], sort=False):
        by_metric = dict(zip(group["metric"], group["value"], strict=False))
        whole = by_metric.get(ids.SEATS)
        parts = [by_metric[m] for m in SEAT_METRICS[1:] if m in by_metric]
        tables.setdefault(source, {})[subject] = float(whole if whole is not None else sum(parts))
    return tables


def election_seats(facts: pd.DataFrame, series_id: str) -> pd.DataFrame:
    """Seats per party of one election from **one** source's consistent table, largest first.

    Preferring figure by figure would mix one source's count for one party with another's for
    the next, and the chamber would not add up. So the table comes from the source whose
    seats add up to the chamber's size and cover the most parties (then the better status and
    kind of source); a party another source gives differently says so in ``other_values``.
    Facts with a caveat take no part.
    """
    rows = facts[
        (facts["series"] == series_id)
        & facts["metric"].isin(SEAT_METRICS)
        & (facts["subject"] != "")
        & (facts["caveat"].fillna("") == "")
        & ~facts["is_lower_bound"].fillna(False).astype(bool)
    ]
    chamber_rows = facts[(facts["series"] == series_id) & facts["metric"].eq(ids.CHAMBER_SIZE)]
    if rows.empty or chamber_rows.empty:
        return pd.DataFrame(columns=SEATS_COLUMNS)
    chamber = float(chamber_rows.sort_values("preference")["value"].iloc[0])
    tables = seats_by_source(rows)
    rank = rows.groupby("source_id")["preference"].min()
    best = max(
        tables,
        key=lambda s: (abs(sum(tables[s].values()) - chamber) < 0.5, len(tables[s]), -rank[s], s),
    )
    chosen = rows[rows["source_id"] == best]
    # list seats from the preferred figures where the chosen table gives totals only
    preferred_list = rows[rows["is_preferred"] & (rows["metric"] == "party_list_seats")]
    list_seats = dict(zip(preferred_list["subject"], preferred_list["value"], strict=False))
    # another source disagrees only if its table is a whole chamber too (not list seats alone)
    complete = {s: t for s, t in tables.items() if abs(sum(t.values()) - chamber) < 0.5}
    result = []
    for subject, seats in tables[best].items():
        own = chosen[chosen["subject"] == subject]
        first = own.iloc[0]
        by_metric = dict(zip(own["metric"], own["value"], strict=False))
        others = sorted(
            {f"{t[subject]:g} ({s})" for s, t in complete.items() if s != best and subject in t
             and abs(t[subject] - seats) > 0.5}
        )  # fmt: skip
        result.append(
            {"series_title": first["series_title"], "series_date": first["series_date"],
             "subject": subject, "subject_name": first["subject_name"],
             "subject_colour": first["subject_colour"], "seats": seats,
             "party_list_seats": by_metric.get("party_list_seats", list_seats.get(subject)),
             "single_mandate_seats": by_metric.get(
                 "single_mandate_seats",
                 seats - list_seats[subject] if subject in list_seats else None,
             ),
             "chamber_size": chamber, "status": first["status"], "source_id": best,
             "publisher": first["publisher"], "source_kind_label": first["source_kind_label"],
             "url": first["url"], "other_values": "; ".join(others)}
        )  # fmt: skip
    table = pd.DataFrame(result, columns=SEATS_COLUMNS)
    return table.sort_values("seats", ascending=False, kind="stable").reset_index(drop=True)
