"""The registry of charts: every chart declared once, with its page, its rows and its figure.

A page draws ``charts_on(page, inputs)`` in order; the server's warm-up, the benchmarks and
the tests iterate ``every_chart(inputs)``. A new chart is one more entry in ``CHARTS`` (or, for
one chart per vote, a family like ``results``): nothing else has to repeat the pairing of a
table with its figure.

Each chart names the registry metrics it plots (``metrics``), so a test can prove that every
metric a chart declares exists, and list the metrics no chart plots yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from metrics import chart_data, compare, figures, ids, local_data, marks, rules
from metrics.figures import local as local_figures
from metrics.filters import (
    Filters,
    filter_events,
    filter_ranked_facts,
    kind_options,
    sphere_options,
)
from metrics.i18n import N_, _

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from metrics.dataset import Dataset


@dataclass(frozen=True)
class ChartInputs:
    """What every chart's rows are built from: ranked, filtered facts and events, and the data."""

    facts: pd.DataFrame
    events: pd.DataFrame
    dataset: Dataset


@dataclass(frozen=True)
class Chart:
    """One chart: where it goes, what it plots, and how its rows, figure and text are made."""

    chart_id: str
    page: str
    metrics: tuple[str, ...]
    rows: Callable[[ChartInputs], pd.DataFrame]
    figure: Callable[[pd.DataFrame], go.Figure]
    alt: Callable[[pd.DataFrame], str]
    # an English message (N_), translated where it is shown, like ``intro`` and ``noun``
    empty_message: str
    # a fixed chart's heading is marked for translation (N_) and translated where it is drawn
    heading: str = ""
    intro: str = ""
    all_rows: Callable[[ChartInputs], pd.DataFrame] | None = None
    time_ordered: bool = False
    heading_level: int = 3
    # what the chart plots, for saying which filter left it empty: "turnout figures"
    noun: str = ""
    # a compact table drawn under the chart, to read it without hovering
    listing: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    # the column of partial dates between which reform events are marked (charts over time)
    marks_over: str = ""


def _caseload(inputs: ChartInputs) -> pd.DataFrame:
    return chart_data.court_caseload(inputs.facts)


CHARTS: tuple[Chart, ...] = (
    Chart(
        chart_id="timeline-glimpse",
        page="overview",
        metrics=(),
        rows=lambda i: chart_data.timeline(i.events, i.dataset).tail(12),
        figure=figures.timeline_figure,
        alt=figures.timeline_alt,
        empty_message=N_("No reform events match these filters."),
        heading=N_("Latest reform events"),
        noun=N_("reform events"),
        listing=chart_data.timeline_listing,
    ),
    Chart(
        chart_id="turnout",
        page="elections",
        metrics=(ids.TURNOUT,),
        rows=lambda i: chart_data.turnout(i.facts),
        all_rows=lambda i: chart_data.turnout(i.facts, all_values=True),
        figure=figures.turnout_figure,
        alt=figures.turnout_alt,
        empty_message=N_("No turnout figures match these filters."),
        # no heading: it is the first chart of the Elections page's Turnout tab
        time_ordered=True,
        marks_over="series_date",
        noun=N_("turnout figures"),
    ),
    Chart(
        chart_id="court-caseload",
        page="court",
        metrics=(ids.APPEALS_RECEIVED, ids.CASES_DECIDED),
        rows=_caseload,
        figure=figures.court_figure,
        alt=figures.court_alt,
        empty_message=N_("No Constitutional Court figures match these filters."),
        time_ordered=True,
        marks_over="as_of",
        noun=N_("Constitutional Court figures"),
    ),
    Chart(
        chart_id="court-share-decided",
        page="court",
        metrics=(ids.APPEALS_RECEIVED, ids.CASES_DECIDED),
        rows=lambda i: chart_data.share_decided(_caseload(i)),
        figure=figures.share_decided_figure,
        alt=figures.share_decided_alt,
        empty_message=N_(
            "No date in these filters has both appeals and decisions from one source."
        ),
        heading=N_("Share of appeals decided"),
        noun=N_("dates with both appeals and decisions from one source"),
        intro=N_(
            "Cases decided divided by appeals received, where one source gives both for the same "
            "date. When appeals are 'more than N', the share is at most the value shown."
        ),
    ),
    Chart(
        chart_id="electoral-mix",
        page="electoral-system",
        metrics=(ids.SEAT_SHARE, ids.SEATS),
        rows=lambda i: chart_data.electoral_mix(i.facts, i.dataset),
        figure=figures.electoral_mix_figure,
        alt=figures.electoral_mix_alt,
        empty_message=N_("No electoral-system figures match these filters."),
        noun=N_("electoral-system figures"),
    ),
    Chart(
        chart_id="timeline",
        page="timeline",
        metrics=(),
        rows=lambda i: chart_data.timeline(i.events, i.dataset),
        figure=figures.timeline_figure,
        alt=figures.timeline_alt,
        empty_message=N_("No reform events match these filters."),
        time_ordered=True,
        noun=N_("reform events"),
        listing=chart_data.timeline_listing,
    ),
)
# The Elections page has one results chart per vote, after the turnout chart.
RESULTS_PAGE = "elections"
RESULTS_METRICS = (ids.VOTE_SHARE,)


def result_chart(series_id: str, title: str, measure: str = figures.SHARES) -> Chart:
    """The results chart of one election or referendum, as shares or as votes.

    Its texts are in the language of this run (``title`` is the vote's title in it), so a
    chart is made anew per run, never kept across languages.
    """
    if measure == figures.SHARES:
        figure_title = _("Vote shares: {title} ({percent} of votes)").format(
            title=title, percent="%"
        )
    else:
        figure_title = _("Votes: {title} (votes)").format(title=title)
    alt_title = _("vote shares in the {title}").format(title=title)
    return Chart(
        chart_id=f"results-{series_id}" + ("-votes" if measure == figures.VOTES else ""),
        page=RESULTS_PAGE,
        metrics=RESULTS_METRICS,
        rows=lambda i: chart_data.election_results(i.facts, series_id),
        all_rows=lambda i: chart_data.election_results(i.facts, series_id, all_values=True),
        figure=lambda table: figures.election_results_figure(table, figure_title, measure),
        alt=lambda table: figures.election_results_alt(table, alt_title),
        empty_message=N_("No results for this vote match these filters."),
        heading=title,
        heading_level=4,
        noun=N_("results for this vote"),
    )


def result_charts(inputs: ChartInputs, measure: str = figures.SHARES) -> tuple[list[Chart], int]:
    """The results charts to draw (the latest ``RESULT_CHARTS_LIMIT``) and how many votes have results."""
    votes = chart_data.result_series_titles(inputs.facts)
    limit = chart_data.RESULT_CHARTS_LIMIT
    drawn = [result_chart(series_id, title, measure) for series_id, title in votes[:limit]]
    return drawn, len(votes)


# The Rules page: every rule that moved, as small multiples, then one chart per rule.
RULES_PAGE = "rules"


def rule_steps(inputs: ChartInputs) -> pd.DataFrame:
    """The steps of every rule with two or more values over time."""
    table = rules.steps_table(inputs.dataset)
    moved = table.groupby(["rule", "body"])["value"].transform("size") >= 2
    return table[moved].reset_index(drop=True)


def today() -> str:
    """Today, where a rule still in force is drawn up to."""
    return date.today().isoformat()


RULES_OVERVIEW = Chart(
    chart_id="rules-overview",
    page=RULES_PAGE,
    metrics=(),
    rows=rule_steps,
    figure=lambda table: figures.rules_overview_figure(table, today()),
    alt=figures.rules_overview_alt,
    empty_message=N_("No rule has changed in the data."),
    noun=N_("rules"),
)
CHARTS = (*CHARTS, RULES_OVERVIEW)

# Local democracy (Elections page) and the court's appeals by period (Court page).
LOCAL_CHARTS = (
    Chart(
        chart_id="local-elections",
        page="elections",
        metrics=(
            ids.POSTS_CONTESTED,
            ids.AKIM_POSTS_ELECTED,
            ids.CANDIDATES_ON_BALLOT,
            ids.CANDIDATES_REGISTERED,
            ids.TURNOUT,
        ),
        rows=lambda i: local_data.local_elections(i.facts),
        figure=local_figures.local_elections_figure,
        alt=local_figures.local_elections_alt,
        empty_message=N_("No local akim election figures match these filters."),
        heading=N_("Local democracy: akim elections"),
        noun=N_("local akim election figures"),
        time_ordered=True,
        marks_over="series_date",
    ),
    Chart(
        chart_id="akims-elected",
        page="elections",
        metrics=(ids.AKIMS_ELECTED,),
        rows=lambda i: local_data.akims_elected_over_time(i.facts),
        figure=local_figures.akims_elected_figure,
        alt=local_figures.akims_elected_alt,
        empty_message=N_("No cumulative counts of akims elected match these filters."),
        heading=N_("Akims elected directly, over time"),
        noun=N_("counts of akims elected"),
        time_ordered=True,
        marks_over="as_of",
    ),
    Chart(
        chart_id="court-periods",
        page="court",
        metrics=(ids.APPEALS_RECEIVED_PERIOD, ids.APPEALS_RECEIVED),
        rows=lambda i: local_data.court_periods(i.facts),
        figure=local_figures.court_periods_figure,
        alt=local_figures.court_periods_alt,
        empty_message=N_("No appeals per month or year match these filters."),
        heading=N_("Appeals received by period"),
        noun=N_("appeals per month or year"),
    ),
)
CHARTS = (*CHARTS, *LOCAL_CHARTS)


def one_rule(table: pd.DataFrame, rule: str, body: str) -> pd.DataFrame:
    """The steps of one rule for one body."""
    return table[(table["rule"] == rule) & (table["body"] == body)].reset_index(drop=True)


def rule_chart(rule: str, body: str, title: str) -> Chart:
    """The step chart of one rule for one body."""
    return Chart(
        chart_id=f"rule-{rule}-{body or 'all'}",
        page=RULES_PAGE,
        metrics=(rule,),
        rows=lambda i: one_rule(rule_steps(i), rule, body),
        figure=lambda table: figures.rule_figure(table, today()),
        alt=figures.rule_alt,
        empty_message=N_("No value of this rule is in the data."),
        heading=title,
        heading_level=4,
        noun=N_("values of this rule"),
    )


def rule_charts(inputs: ChartInputs) -> list[Chart]:
    """One step chart per rule that moved, in the registry's order."""
    table = rule_steps(inputs)
    keys = table.drop_duplicates(["rule", "body"])
    return [
        rule_chart(r, b, t + (f" ({n})" if n else ""))
        for r, b, t, n in zip(
            keys["rule"], keys["body"], keys["rule_title"], keys["body_name"], strict=True
        )
    ]


# The Electoral system page: who holds the seats after each election of a whole chamber.
SEATS_PAGE = "electoral-system"


def seats_chart(series_id: str, title: str) -> Chart:
    """The parliament chart of one election.

    Its heading is the election's title alone, as a vote's results chart's is: the figure's
    own title says "Seats: ... (seats)", and a heading saying the same just above it was
    read twice.
    """
    named = _("Seats: {title}").format(title=title)  # for the text alternative
    figure_title = _("Seats: {title} (seats)").format(title=title)
    return Chart(
        chart_id=f"seats-{series_id}",
        page=SEATS_PAGE,
        metrics=(ids.SEATS,),
        rows=lambda i: chart_data.election_seats(i.facts, series_id),
        figure=lambda table: figures.seats_figure(table, figure_title),
        alt=lambda table: figures.seats_alt(table, named),
        empty_message=N_("No seat figures for this election match these filters."),
        heading=title,
        heading_level=4,
        noun=N_("seat figures for this election"),
    )


def seats_charts(inputs: ChartInputs) -> list[Chart]:
    """One parliament chart per election of a whole chamber with seats per party, latest first."""
    return [seats_chart(s, t) for s, t in chart_data.seat_series(inputs.facts)]


def compare_chart(first: str, second: str, titles: dict[str, str]) -> Chart:
    """The change between two votes, as diverging bars of share and seats."""
    title = _("Change in share: {first} to {second} (percentage points)").format(
        first=titles[first], second=titles[second]
    )
    return Chart(
        chart_id=f"compare-{first}-{second}",
        page=RESULTS_PAGE,
        metrics=(ids.VOTE_SHARE, ids.SEATS),
        rows=lambda i: compare.comparison(i.facts, i.dataset, first, second),
        figure=lambda table: figures.comparison_figure(table, title),
        alt=lambda table: figures.comparison_alt(table, title),
        empty_message=N_("No shares for these two votes match these filters."),
        noun=N_("shares for these two votes"),
    )


def chart_marks(chart: Chart, plotted: pd.DataFrame, inputs: ChartInputs) -> pd.DataFrame:
    """The reform events within the dates a chart plots (none for a chart not over time)."""
    if not chart.marks_over:
        return pd.DataFrame(columns=marks.MARK_COLUMNS)
    return marks.reform_marks(inputs.events, inputs.dataset, plotted[chart.marks_over])


def charts_on(page: str, inputs: ChartInputs) -> list[Chart]:
    """The fixed charts of ``page``, in the order they are drawn (families are separate)."""
    return [chart for chart in CHARTS if chart.page == page]


def every_chart(inputs: ChartInputs) -> Iterator[Chart]:
    """Every chart the dashboard can draw for these inputs, fixed ones and each vote's results."""
    yield from CHARTS
    yield from result_charts(inputs)[0]
    yield from rule_charts(inputs)
    yield from seats_charts(inputs)


def inputs_for(dataset: Dataset, filters: Filters) -> ChartInputs:
    """What the charts are built from under ``filters``: ranked, narrowed facts and events."""
    facts = filter_ranked_facts(chart_data.ranked_for_kinds(dataset, filters.kinds), filters)
    return ChartInputs(facts, filter_events(dataset.events, dataset.sources, filters), dataset)


def why_empty(chart: Chart, dataset: Dataset, filters: Filters, defaults: Filters) -> str:
    """The sentence an empty chart shows: which filter removed its last row, where one did.

    Falls back to the chart's ``empty_message`` when no single filter is to blame.
    """
    step = chart_data.emptying_filter(
        lambda chosen: not chart.rows(inputs_for(dataset, chosen)).empty, filters, defaults
    )
    message = chart_data.empty_message(chart.noun, step, filters, *filter_labels(dataset))
    return message or _(chart.empty_message)


def filter_labels(dataset: Dataset) -> tuple[dict[str, str], dict[str, str]]:
    """Each sphere and each source kind the filters offer, with its label, in order."""
    spheres = {term: dataset.label("sphere", term) for term in sphere_options(dataset)}
    kinds = {term: dataset.label("kind", term) for term in kind_options(dataset)}
    return spheres, kinds


def declared_metrics() -> set[str]:
    """Every registry metric that some chart declares it plots."""
    return (
        {metric for chart in CHARTS for metric in chart.metrics}
        | set(RESULTS_METRICS)
        | {ids.SEATS}
    )
