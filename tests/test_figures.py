"""Figures: each trace holds exactly the rows given, on the right axes, with safe hover text."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import chart_data, figures
from metrics.filters import default_filters, filter_facts
from metrics.preference import rank_facts


@pytest.fixture(scope="module")
def facts(dataset):
    filtered = filter_facts(dataset.facts, dataset.sources, default_filters(dataset))
    ranked = rank_facts(filtered, dataset.sources, dataset.series, dataset.ranking)
    return chart_data.with_sources(ranked, dataset)


def test_election_figure_holds_exactly_the_rows(facts):
    table = chart_data.election_results(facts, "chamber-2023")
    fig = figures.election_results_figure(table, "Vote shares")
    (bar,) = fig.data
    assert list(bar.y)[::-1] == list(table["subject_name"])
    assert list(bar.x)[::-1] == list(table["value"])
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert "Vote shares" in fig.layout.title.text
    # each party in its colour from the entities registry
    assert list(bar.marker.color)[::-1] == list(table["subject_colour"])


def test_a_subject_without_a_registry_colour_takes_the_default(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    (bar,) = figures.election_results_figure(table, "2019").data
    colours = dict(zip(bar.y, bar.marker.color, strict=True))
    assert colours["A. Rival"] == figures.BLUE  # the registry gives the rival no colour


def test_conflict_is_marked_on_the_bar(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    (bar,) = figures.election_results_figure(table, "2019").data
    labels = dict(zip(bar.y, bar.text, strict=True))
    assert labels["Kassym-Jomart Tokayev"] == "70 % ⚠"
    assert labels["A. Rival"] == "30 %"  # one source only: nothing to disagree with
    hover = dict(zip(bar.y, bar.hovertext, strict=True))["Kassym-Jomart Tokayev"]
    assert "Sources disagree" in hover and "69.4 % (preliminary, Fixture News" in hover


def test_turnout_figure_plots_every_vote_on_a_share_axis(facts):
    table = chart_data.turnout(facts)
    fig = figures.turnout_figure(table)
    plotted = sorted(v for trace in fig.data for v in trace.y)
    assert plotted == sorted(table["value"])
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    assert "%" in fig.layout.title.text


def test_court_figure_shows_lower_bounds_as_triangles(facts):
    table = chart_data.court_caseload(facts)
    fig = figures.court_figure(table)
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert sum(len(t.y) for t in markers) == len(table)
    appeals = next(t for t in markers if t.name == "Appeals received")
    symbols = dict(zip(appeals.y, appeals.marker.symbol, strict=True))
    assert (
        symbols[5000] == "triangle-up"
        and symbols[3708] == "circle"
        and symbols[4000] == "circle-open"
    )
    assert fig.layout.yaxis.type == "log"


def test_electoral_mix_figure_stacks_to_100(facts, dataset):
    table = chart_data.electoral_mix(facts, dataset)
    fig = figures.electoral_mix_figure(table)
    assert fig.layout.barmode == "stack"
    assert sum(len(t.x) for t in fig.data) == len(table)
    assert tuple(fig.layout.xaxis.range) == (0, 100)


def test_timeline_figure_colours_by_sphere(dataset):
    table = chart_data.timeline(dataset.events, dataset)
    fig = figures.timeline_figure(table)
    (trace,) = fig.data
    assert len(trace.x) == len(table) and list(trace.x) == list(table["start"])
    colour_of = dict(zip(trace.y, trace.marker.color, strict=True))
    terms = dataset.vocabularies["sphere"].terms
    assert colour_of["Electoral"] == chart_data.PALETTE[terms.index("electoral")]
    assert len(set(colour_of.values())) == len(colour_of)  # a colour per sphere
    # each row of the y axis is one sphere, named there, so there is no legend to repeat it
    assert fig.layout.showlegend is False
    assert set(trace.y) == {dataset.label("sphere", s) for s in table["sphere"]}


def test_hostile_text_is_escaped_in_hover_and_labels():
    hostile = '<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
    table = hostile_results(hostile)
    fig = figures.election_results_figure(table, hostile)
    (bar,) = fig.data
    for text in [bar.y[0], bar.hovertext[0], fig.layout.title.text]:
        assert "<img" not in text and "<a href" not in text
        assert "&lt;img" in text or "&lt;a" in text


def hostile_results(text: str) -> pd.DataFrame:
    """One election result whose every text field is ``text``."""
    return pd.DataFrame(
        {
            "subject": ["x"], "subject_name": [text], "subject_colour": [""], "value": [50.0],
            "value_label": ["50 %"], "status": ["final"], "publisher": [text],
            "source_kind_label": [text], "evidence": [text], "derived": [""], "other_values": [""],
            "disagrees": [False],
        }
    )  # fmt: skip


def test_plotly_templates_in_data_text_are_shown_as_text():
    """``%{x}`` in data must not be read by Plotly as a template (it would print a value)."""
    table = hostile_results("%{x} and %{customdata[0]}")
    (bar,) = figures.election_results_figure(table, "t").data
    for text in [bar.y[0], bar.hovertext[0], bar.text[0]]:
        assert "%{" not in text
    assert "%&#123;x}" in bar.hovertext[0]


@pytest.mark.parametrize(
    ("make_alt", "table_of", "must_contain"),
    [
        (figures.turnout_alt, lambda f, d: chart_data.turnout(f), "77.5 %"),
        (figures.court_alt, lambda f, d: chart_data.court_caseload(f), "3,708"),
        (figures.electoral_mix_alt, lambda f, d: chart_data.electoral_mix(f, d), "Lower chamber"),
        (figures.timeline_alt, lambda f, d: chart_data.timeline(d.events, d), "reform events"),
    ],
)
def test_alt_text_describes_the_data(facts, dataset, make_alt, table_of, must_contain):
    assert must_contain in make_alt(table_of(facts, dataset))


def test_election_alt_mentions_disagreement(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    text = figures.election_results_alt(table, "vote shares in 2019")
    assert "Kassym-Jomart Tokayev 70 %" in text and "Sources disagree" in text
