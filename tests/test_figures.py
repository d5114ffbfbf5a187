"""Figures: each trace holds exactly the rows given, on the right axes, with safe hover text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics import chart_data, dates, figures
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


def test_electoral_mix_wraps_long_body_names_and_fixes_the_margin_to_the_longest_line(
    facts, dataset
):
    from metrics.figures.base import names_left
    from metrics.figures.outcomes import BODY_LABEL_WIDTH

    table = chart_data.electoral_mix(facts, dataset)
    long_name = "City and district maslikhats of every region"
    fig = figures.electoral_mix_figure(table.assign(body=long_name))
    lines = {line for trace in fig.data for label in trace.y for line in label.split("<br>")}
    assert max(len(line) for line in lines) <= BODY_LABEL_WIDTH and len(lines) > 1
    assert fig.layout.margin.l == names_left(sorted(lines))
    assert fig.layout.yaxis.automargin is False


def test_timeline_figure_colours_by_sphere(dataset):
    table = chart_data.timeline(dataset.events, dataset)
    fig = figures.timeline_figure(table)
    (trace,) = fig.data
    assert len(trace.x) == len(table) and list(trace.x) == list(table["start"])
    # each row of the y axis is one sphere, named there, so there is no legend to repeat it
    rows = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    spheres = [rows[round(y)] for y in trace.y]
    colour_of = dict(zip(spheres, trace.marker.color, strict=True))
    terms = dataset.vocabularies["sphere"].terms
    assert colour_of["Electoral"] == chart_data.PALETTE[terms.index("electoral")]
    assert len(set(colour_of.values())) == len(colour_of)  # a colour per sphere
    assert fig.layout.showlegend is False
    assert set(spheres) == {dataset.label("sphere", s) for s in table["sphere"]}


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


# --- one date, a readable court chart, labelled points, stacked events, small shares


def one_date_tables(facts, dataset):
    turnout = chart_data.turnout(facts)
    court = chart_data.court_caseload(facts)
    events = chart_data.timeline(dataset.events, dataset)
    return [
        (figures.turnout_figure, turnout[turnout["series_date"] == "2021-01-10"], "10 January 2021"),
        (figures.court_figure, court[court["as_of"] == "2025-09-11"], "11 September 2025"),
        (figures.court_figure, court[court["source_id"] == "fixture-article"], "2023"),
        (figures.timeline_figure, events[events["occurrence_id"] == "court-starts"], "1 January 2023"),
    ]  # fmt: skip


def test_a_single_date_is_one_labelled_tick_on_a_date_axis(facts, dataset):
    for make, table, label in one_date_tables(facts, dataset):
        column = next(c for c in ("series_date", "as_of", "date") if c in table)
        assert table[column].nunique() == 1
        axis = make(table).layout.xaxis
        assert axis.type == "date"
        assert list(axis.ticktext) == [label] and len(axis.tickvals) == 1
        start, end = (pd.Timestamp(t) for t in axis.range)
        assert (end - start).days >= 365  # a readable span, not milliseconds around one instant


def test_court_lines_join_the_preferred_figures_in_date_order(facts):
    table = chart_data.court_caseload(facts)
    assert list(table["as_of"].map(dates.sort_key)) == sorted(table["as_of"].map(dates.sort_key))
    lines = [t for t in figures.court_figure(table).data if t.mode == "lines"]
    assert len(lines) == 2
    for line in lines:
        assert list(line.x) == sorted(line.x)


def test_court_log_axis_has_a_tick_per_power_of_ten_with_separators(facts):
    axis = figures.court_figure(chart_data.court_caseload(facts)).layout.yaxis
    assert axis.type == "log" and axis.dtick == 1 and axis.tickformat == ",d"
    low, high = axis.range
    assert low <= 1 < 4 <= high  # 21 decided to 5,000 appeals: ticks 10 to 10,000


def drawn_boxes(fig, height):
    """Every label's box in the pixels ``place_labels`` assumed."""
    area = height - fig.layout.margin.t - fig.layout.margin.b
    start, end = (pd.Timestamp(t) for t in fig.layout.xaxis.range)
    boxes = []
    for trace in fig.data:
        if trace.mode != "markers+text":
            continue
        for x, y, text, position in zip(
            trace.x, trace.y, trace.text, trace.textposition, strict=True
        ):
            if not text:
                continue
            px = (pd.Timestamp(x) - start) / (end - start) * figures.PLOT_WIDTH
            if fig.layout.yaxis.type == "log":
                low, high = fig.layout.yaxis.range
                py = (math.log10(y) - low) / (high - low) * area
            else:
                py = y / 100 * area
            boxes.append(figures.label_box(px, py, figures.text_size(text), position))
    return boxes


def test_court_labels_go_to_preferred_figures_and_never_overlap(facts):
    table = chart_data.court_caseload(facts)
    fig = figures.court_figure(table)
    labelled = {
        (round(y), text) for t in fig.data if t.mode == "markers+text"
        for y, text in zip(t.y, t.text, strict=True) if text
    }  # fmt: skip
    preferred = table[table["is_preferred"]]
    assert {round(v) for v in preferred["value"]} <= {y for y, _ in labelled}
    boxes = drawn_boxes(fig, fig.layout.height)
    assert len(boxes) == len(labelled)
    for i, a in enumerate(boxes):
        assert not any(figures.overlaps(a, b) for b in boxes[i + 1 :])


def test_place_labels_moves_or_drops_a_label_that_would_cover_another():
    chosen = figures.place_labels(
        [(100, 100), (100, 100), (104, 102)], [["first"], ["second"], ["third"]]
    )
    boxes = [
        figures.label_box(x, y, figures.text_size(c[0]), c[1])
        for (x, y), c in zip([(100, 100), (100, 100), (104, 102)], chosen, strict=True) if c
    ]  # fmt: skip
    assert chosen[0] and chosen[1] and chosen[0][1] != chosen[1][1]  # two points, two places
    for i, a in enumerate(boxes):
        assert not any(figures.overlaps(a, b) for b in boxes[i + 1 :])


def test_turnout_points_name_their_vote_and_the_legend_tells_kinds_apart(facts):
    table = chart_data.turnout(facts)
    fig = figures.turnout_figure(table)
    texts = [text for trace in fig.data for text in trace.text]
    assert any(text.startswith("Presidential") for text in texts)
    assert any("Referendum" in text for text in texts)
    assert all(texts)  # every point has at least its value
    assert {t.name for t in fig.data} == {"Elections", "Referendums"}
    assert {t.marker.symbol[0] for t in fig.data if t.name == "Referendums"} == {"diamond"}
    only_elections = figures.turnout_figure(table[table["series_kind"] == "election"])
    assert only_elections.layout.showlegend is True  # Plotly hides a one-trace legend


def test_same_day_events_in_one_sphere_are_drawn_apart(dataset):
    events = dataset.events
    twin = events[events["event_id"] == "E0005"].assign(
        event_id="E9999", occurrence_id="court-twin", title="Another court event"
    )
    table = chart_data.timeline(pd.concat([events, twin], ignore_index=True), dataset)
    (trace,) = figures.timeline_figure(table).data
    points = list(zip(trace.x, trace.y, strict=True))
    assert len(set(points)) == len(points)


def test_share_decided_axis_fits_small_shares_and_names_the_counts(facts):
    table = chart_data.share_decided(chart_data.court_caseload(facts))
    fig = figures.share_decided_figure(table)
    assert fig.layout.xaxis.range[1] < 5  # shares under 1 %: a 0-100 axis would hide them
    assert fig.layout.xaxis.range[1] > table["share"].max()
    (bar,) = fig.data
    assert any("21 decided of 3,708 appeals" in y for y in bar.y)


def test_referendum_remainder_is_a_grey_dotted_bar(facts):
    table = chart_data.election_results(facts, "referendum-2022")
    (bar,) = figures.election_results_figure(table, "Referendum").data
    colours = dict(zip(bar.y, bar.marker.color, strict=True))
    assert colours[chart_data.REMAINDER_NAME] == figures.REMAINDER_COLOUR
    assert "." in bar.marker.pattern.shape


def test_long_titles_wrap_below_the_mode_bar():
    title = "Constitutional Court caseload: appeals received and cases decided (count)"
    fig = figures.figure([], title)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) >= 2 and all(len(line) <= figures.TITLE_WIDTH for line in lines)
    assert fig.layout.title.yref == "container" and fig.layout.title.pad.t >= 28
    assert fig.layout.margin.t >= fig.layout.title.pad.t + 22 * len(lines)


def test_results_as_votes_draw_only_counted_options(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    (bar,) = figures.election_results_figure(table, "t", figures.VOTES).data
    assert sorted(bar.x) == [234, 546] and fig_axis_title(table) == "Votes"
    (share,) = figures.election_results_figure(table, "t").data
    assert sorted(share.x) == [30, 70]
    assert "546 votes" in share.hovertext[list(share.y).index("Kassym-Jomart Tokayev")]


def fig_axis_title(table):
    return figures.election_results_figure(table, "t", figures.VOTES).layout.xaxis.title.text


def test_charts_of_numbers_dates_and_known_names_fix_their_margins(real_dataset):
    """No automargin (Plotly lays such a chart out twice) where the labels' width is known."""
    from metrics import charts
    from metrics.figures.base import NUMBER_AXES_LEFT, names_left
    from metrics.figures.reform import OVERVIEW_LEFT
    from metrics.filters import default_filters

    inputs = charts.inputs_for(real_dataset, default_filters(real_dataset))
    fixed = {"turnout", "court-caseload", "timeline", "timeline-glimpse", "rules-overview",
             "electoral-mix"}  # fmt: skip
    seen = set()
    for chart in charts.CHARTS:
        if chart.chart_id not in fixed:
            continue
        seen.add(chart.chart_id)
        fig = chart.figure(chart.rows(inputs))
        layout = fig.layout.to_plotly_json()
        axes = [k for k in layout if k.startswith(("xaxis", "yaxis"))]
        assert axes and all(layout[k].get("automargin") is False for k in axes), chart.chart_id
        if chart.chart_id == "rules-overview":  # names above its rows, none beside them
            assert layout["yaxis"]["showticklabels"] is False
            assert layout["margin"]["l"] == OVERVIEW_LEFT
        else:
            assert layout["margin"]["l"] >= 50, chart.chart_id
    assert seen == fixed
    assert names_left(["Judicial and legal"]) == int(18 * 7.0) + 24 > NUMBER_AXES_LEFT


def test_content_key_tells_tables_apart_by_their_values_and_columns():
    table = pd.DataFrame({"rule": ["a", "b"], "value": [5.0, 7.0]})
    assert figures.base.content_key(table) == figures.base.content_key(table.copy())
    changed = table.assign(value=[5.0, 7.5])
    assert figures.base.content_key(changed) != figures.base.content_key(table)
    renamed = table.rename(columns={"value": "amount"})
    assert figures.base.content_key(renamed) != figures.base.content_key(table)
