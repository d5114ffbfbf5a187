"""The reform's views: rule steps, parliament charts and comparisons, on the fixture and real data."""

from __future__ import annotations

import math

import pytest

from metrics import chart_data, charts, figures, parliament
from metrics.filters import default_filters


@pytest.fixture(scope="module")
def inputs(dataset):
    return charts.inputs_for(dataset, default_filters(dataset))


@pytest.fixture(scope="module")
def real_inputs(real_dataset):
    return charts.inputs_for(real_dataset, default_filters(real_dataset))


def test_a_rule_that_moved_gets_a_step_chart(inputs):
    (chart,) = charts.rule_charts(inputs)
    table = chart.rows(inputs)
    assert list(table["value"]) == [7, 5] and chart.heading == "Entry threshold (Lower chamber)"
    fig = chart.figure(table)
    steps, points = fig.data
    assert steps.line.shape in (None, "linear") and len(steps.x) == 4  # two steps, drawn flat
    assert "Set by: An amendment signed in May 2021" in points.hovertext[1]
    assert "5 %" in points.text[1]


def test_the_rules_overview_draws_each_rule_that_moved(inputs):
    table = charts.RULES_OVERVIEW.rows(inputs)
    fig = charts.RULES_OVERVIEW.figure(table)
    # a step line and a dot per step for each rule, and one trace of their names
    assert len(fig.data) == 2 * table[["rule", "body"]].drop_duplicates().shape[0] + 1 == 3


def test_the_real_rules_overview_is_one_row_per_rule_on_one_time_axis(real_inputs):
    from metrics.figures.reform import OVERVIEW_BAND, OVERVIEW_FLOOR, value_text

    table = charts.RULES_OVERVIEW.rows(real_inputs)
    fig = charts.RULES_OVERVIEW.figure(table)
    keys = list(dict.fromkeys(zip(table["rule"], table["body"], strict=True)))
    layout = fig.layout.to_plotly_json()
    # one plot, so that the rules' changes line up by date: no subplots
    assert [k for k in layout if k.startswith(("xaxis", "yaxis"))] == ["xaxis", "yaxis"]
    # each rule is a row, named across its top from the plot's left edge (one trace of text,
    # the last), the first at the top; no names beside the rows, so the steps have the chart's
    # whole width (a phone's too)
    rows = len(keys)
    assert fig.layout.yaxis.showticklabels is False and not fig.layout.yaxis.ticktext
    names = fig.data[-1]
    assert len(fig.data) == 2 * rows + 1 and names.mode == "text"
    assert list(names.y) == [rows - i for i in range(rows)]
    assert set(names.x) == {fig.layout.xaxis.range[0]} and names.textposition == "bottom right"
    assert names.hoverinfo == "skip"
    first = table[(table["rule"] == keys[0][0]) & (table["body"] == keys[0][1])]
    assert names.text[0].startswith(first["rule_title"].iloc[0])
    assert all("<br>" not in text for text in names.text)  # a row holds one line
    for i, (rule, body) in enumerate(keys):
        steps = table[(table["rule"] == rule) & (table["body"] == body)]
        line, dots = fig.data[2 * i], fig.data[2 * i + 1]
        # every value written beside its dot, in the rule's unit, and the dots inside the row
        unit = steps["unit"].iloc[0]
        assert list(dots.text) == [value_text(v, unit) for v in steps["value"]]
        row = rows - 1 - i
        assert all(row + OVERVIEW_FLOOR <= y <= row + OVERVIEW_FLOOR + OVERVIEW_BAND + 1e-9
                   for y in [*dots.y, *line.y])  # fmt: skip
        # the largest value reaches the top of the band: each rule on its own scale
        if steps["value"].max() > 0:
            assert max(dots.y) == pytest.approx(row + OVERVIEW_FLOOR + OVERVIEW_BAND)


def test_a_long_rule_name_wraps_and_every_row_grows_to_hold_it(inputs):
    from metrics.figures.reform import (
        OVERVIEW_BAND_PX,
        OVERVIEW_FLOOR_PX,
        OVERVIEW_NAME_LINE,
        OVERVIEW_ROW_HEIGHT,
    )

    table = charts.RULES_OVERVIEW.rows(inputs)
    short = charts.RULES_OVERVIEW.figure(table)
    long_name = "A rule whose name is far too long to be written on one line of a phone"
    longer = charts.RULES_OVERVIEW.figure(table.assign(rule_title=long_name))
    assert longer.data[-1].text[0].count("<br>") == 1
    grown = longer.layout.height - short.layout.height
    rows = len(longer.data[-1].text)
    assert grown == OVERVIEW_NAME_LINE * rows
    # the band keeps its height in pixels above the row's floor, under the taller name: the
    # first rule's largest value at its top
    top = OVERVIEW_FLOOR_PX + OVERVIEW_BAND_PX
    assert max(longer.data[1].y) == pytest.approx(
        rows - 1 + top / (OVERVIEW_ROW_HEIGHT + OVERVIEW_NAME_LINE)
    )
    assert max(short.data[1].y) == pytest.approx(rows - 1 + top / OVERVIEW_ROW_HEIGHT)


def test_the_fixture_chamber_adds_up_and_draws_its_majority(inputs):
    (chart,) = charts.seats_charts(inputs)
    table = chart.rows(inputs)
    assert table["seats"].sum() == table["chamber_size"].iloc[0] == 100
    fig = chart.figure(table)
    dots = sum(len(trace.x) for trace in fig.data)
    assert dots == 100
    majority_line = fig.layout.shapes[0]
    angle = math.atan2(majority_line.y1, majority_line.x1)
    seats = parliament.seat_positions([("a", 55), ("b", 45)])
    assert math.isclose(angle, parliament.threshold_angle(seats, 51), abs_tol=1e-9)
    assert any("majority: 51" in a.text for a in fig.layout.annotations)


def test_a_seat_charts_heading_names_the_election_without_repeating_the_figures_title(inputs):
    (chart,) = charts.seats_charts(inputs)
    ((_series_id, title),) = chart_data.seat_series(inputs.facts)
    assert chart.heading == title  # the election, as a vote's results chart is headed
    figure_title = chart.figure(chart.rows(inputs)).layout.title.text.replace("<br>", " ")
    assert figure_title.startswith("Seats: ") and title in figure_title
    assert not figure_title.startswith(chart.heading)
    assert chart.alt(chart.rows(inputs)).count(title) >= 1


def test_the_real_2023_mazhilis_adds_up_to_its_98_seats(real_inputs):
    table = chart_data.election_seats(real_inputs.facts, "mazhilis-2023")
    assert table["seats"].sum() == table["chamber_size"].iloc[0] == 98
    assert table.loc[table["subject"] == "amanat", "party_list_seats"].item() == 40
    fig = figures.seats_figure(table, "2023")
    assert sum(len(trace.x) for trace in fig.data) == 98
    assert any("majority: 50" in a.text for a in fig.layout.annotations)
    assert any("two thirds: 66" in a.text for a in fig.layout.annotations)


def test_a_partial_renewal_is_not_drawn_as_a_chamber(real_inputs):
    """The Senate's January 2023 vote filled 20 of 50 seats: no parliament chart for it."""
    assert "senate-2023" not in dict(chart_data.seat_series(real_inputs.facts))


def test_seats_from_one_consistent_table_with_other_counts_named(real_inputs):
    table = chart_data.election_seats(real_inputs.facts, "mazhilis-2023").set_index("subject")
    assert table["source_id"].nunique() == 1
    assert "electionguide" in table.loc["nsdp", "other_values"]  # counts NSDP differently


def test_a_party_without_a_colour_never_shares_one(inputs):
    table = charts.seats_charts(inputs)[0].rows(inputs).assign(subject_colour="")
    table.loc[0, "subject_colour"] = chart_data.PALETTE[0]
    fig = figures.seats_figure(table, "t")
    colours = [trace.marker.color for trace in fig.data]
    assert len(set(colours)) == len(colours)


def test_every_reform_chart_builds_on_the_real_data(real_inputs):
    built = [c for c in charts.every_chart(real_inputs) if c.page in ("rules", "electoral-system")]
    assert len(built) >= 10
    for chart in built:
        table = chart.rows(real_inputs)
        assert not table.empty, chart.chart_id
        assert chart.figure(table).layout.title.text and chart.alt(table)


def test_the_rules_overview_is_built_once_and_each_caller_gets_its_own_copy(real_inputs):
    table = charts.RULES_OVERVIEW.rows(real_inputs)
    first = figures.rules_overview_figure(table, "2026-11-26")
    first.layout.meta = {"changed": "by the first caller"}  # as chart_parts adds the export
    first.data[0].line.color = "#000000"
    second = figures.rules_overview_figure(table, "2026-11-26")
    assert second is not first and second.layout.meta is None
    assert second.data[0].line.color != "#000000"
    # another day or other rows are another figure, not the one kept
    later = figures.rules_overview_figure(table, "2027-01-01")
    assert any(str(t.x[-1]).startswith("2027-01-01") for t in later.data)
    assert not any(str(t.x[-1]).startswith("2027-01-01") for t in second.data)
    fewer = figures.rules_overview_figure(table.iloc[:-2], "2026-11-26")
    assert sum(len(t.x) for t in fewer.data) < sum(len(t.x) for t in second.data)


def test_the_rules_overviews_kept_are_bounded(real_inputs):
    table = charts.RULES_OVERVIEW.rows(real_inputs)
    for day in range(1, figures.reform.OVERVIEWS_KEPT + 3):
        figures.rules_overview_figure(table, f"2027-01-{day:02d}")
    assert len(figures.reform._OVERVIEWS) == figures.reform.OVERVIEWS_KEPT
