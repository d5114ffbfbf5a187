"""Reform events marked on the charts over time: which events, and how they are drawn."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from metrics import chart_data, charts
from metrics.figures.base import figure
from metrics.figures.marks import MARK_TRACE_NAME, SPIKE_COLOUR, marked_figure, with_reform_marks
from metrics.filters import default_filters
from metrics.marks import date_span, marks_alt, reform_marks


def test_the_span_runs_from_the_start_of_the_first_date_to_the_end_of_the_last():
    span = date_span(pd.Series(["2022", "2019-06-09", "", None]))
    assert span == (pd.Timestamp("2019-06-09"), pd.Timestamp("2022-12-31"))
    assert date_span(pd.Series([], dtype=object)) is None


def test_only_events_within_the_charts_dates_are_marked(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019-06-09", "2022-12"]))
    # the 2019 election (drawn on its day), the referendum, the reform of 2022 (drawn
    # mid-year); not the court's start in 2023 nor its report of 2024
    assert list(marks["title"]) == [
        "Presidential election held",
        "Constitutional referendum",
        "Electoral system reformed",
    ]
    assert list(marks["date"]) == ["2019-06-09", "2022-06-05", "2022"]


def test_no_dates_or_no_events_mark_nothing(dataset):
    assert reform_marks(dataset.events, dataset, pd.Series([], dtype=object)).empty
    assert reform_marks(dataset.events.iloc[:0], dataset, pd.Series(["2022"])).empty


def test_marks_are_one_hover_trace_of_triangles_with_a_line_on_hover(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"]))
    fig = with_reform_marks(go.Figure(go.Scatter(x=["2020-01-01"], y=[1])), marks)
    triangles, _key = [t for t in fig.data if t.name == MARK_TRACE_NAME]
    assert triangles.mode == "markers" and len(triangles.x) == len(marks)
    assert list(triangles.x) == list(pd.to_datetime(marks["start"]))
    assert list(triangles.marker.color) == list(marks["colour"])
    assert triangles.yaxis == "y9" and fig.layout.yaxis9.visible is False
    # no line per event drawn all the time (no layout shapes, no line traces): hovering an
    # event draws its dotted line down to the date axis
    assert not fig.layout.shapes and len(fig.data) == 3
    assert fig.layout.xaxis.showspikes is True and fig.layout.xaxis.spikemode == "across"
    assert fig.layout.xaxis.spikedash == "dot"


def test_the_legend_key_is_grey_not_the_first_events_sphere_colour(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"]))
    assert len(set(marks["colour"])) > 1  # events of several spheres
    fig = with_reform_marks(go.Figure(go.Scatter(x=["2020-01-01"], y=[1])), marks)
    triangles, key = [t for t in fig.data if t.name == MARK_TRACE_NAME]
    # the triangles keep their spheres' colours and stay out of the legend
    assert triangles.showlegend is False
    # the key has no points and is a hollow grey triangle: no sphere's filled colour
    assert key.showlegend is True and list(key.x) == [None]
    assert key.marker.color == SPIKE_COLOUR and key.marker.color not in set(marks["colour"])
    assert triangles.marker.symbol == "triangle-down"
    assert key.marker.symbol == "triangle-down-open"
    assert key.hoverinfo == "skip"
    # one legend group: clicking the key hides and shows the triangles
    assert key.legendgroup == triangles.legendgroup and key.legendgroup


def test_no_marks_leave_the_figure_as_it_was():
    fig = go.Figure(go.Scatter(x=[1], y=[1]))
    assert with_reform_marks(fig, pd.DataFrame(columns=["start"])).to_dict() == fig.to_dict()


def test_marks_given_at_construction_draw_the_same_figure_as_marks_added_after(dataset):
    from metrics.figures.base import NUMBER_AXES_LEFT

    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"]))
    table = pd.DataFrame({"when": ["2020-01-01", "2023-06-01"], "value": [1.0, 2.0]})

    def build(rows: pd.DataFrame) -> go.Figure:
        trace = {"type": "scatter", "x": rows["when"], "y": rows["value"]}
        return figure([trace], "t", xaxis={"title": {"text": "Date"}}, fixed_left=NUMBER_AXES_LEFT)

    marked = marked_figure(build, table, marks)
    # the same traces and layout (compared as JSON values: the keys' order may differ)
    assert json.loads(marked.to_json()) == json.loads(
        with_reform_marks(build(table), marks).to_json()
    )
    # the chart's own x axis settings stay beside the spike line's
    assert marked.layout.xaxis.title.text == "Date" and marked.layout.xaxis.showspikes is True
    assert marked.layout.xaxis.automargin is False
    # the overlay is taken once: a figure built after the block has no marks
    assert len(build(table).data) == 1
    # no marks: the chart's figure as it is
    assert marked_figure(build, table, marks.head(0)).to_json() == build(table).to_json()


def test_a_figure_not_built_by_the_shared_builder_still_gets_its_marks(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"]))
    fig = marked_figure(lambda rows: go.Figure(go.Scatter(x=["2020-01-01"], y=[1])), None, marks)
    assert [t.name for t in fig.data].count(MARK_TRACE_NAME) == 2
    assert fig.layout.yaxis9.overlaying == "y"


def test_an_events_title_reaches_the_hover_as_text_not_html(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"])).head(1)
    marks.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    fig = with_reform_marks(go.Figure(), marks)
    (hover,) = next(t for t in fig.data if t.mode == "markers").hovertext
    assert "<img" not in hover and "&lt;img" in hover


def test_the_text_alternative_names_the_marked_events(dataset):
    marks = reform_marks(dataset.events, dataset, pd.Series(["2019", "2024"]))
    text = marks_alt(marks)
    assert text.startswith(f"{len(marks)} reform events are marked as triangles at the top: ")
    assert "Constitutional referendum (5 June 2022)" in text
    assert marks_alt(marks.head(0)) == ""


def test_the_time_charts_mark_the_events_of_their_span(dataset):
    inputs = charts.inputs_for(dataset, default_filters(dataset))
    marked = {chart.chart_id for chart in charts.CHARTS if chart.marks_over}
    assert marked == {"turnout", "court-caseload", "local-elections", "akims-elected"}
    turnout = next(chart for chart in charts.CHARTS if chart.chart_id == "turnout")
    plotted = chart_data.latest_rows(turnout.rows(inputs))
    marks = charts.chart_marks(turnout, plotted, inputs)
    first, last = date_span(plotted["series_date"])
    assert not marks.empty and marks["start"].between(first, last).all()
    mix = next(chart for chart in charts.CHARTS if chart.chart_id == "electoral-mix")
    assert charts.chart_marks(mix, plotted, inputs).empty
