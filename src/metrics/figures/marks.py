"""Reform events drawn on a chart over time: a triangle at the top edge for each.

Each event is a small triangle at the top edge of the plot, in its sphere's colour; its hover
names the event, its date, sphere and sources, and draws a dotted line from it down across
the plot to the date axis (the x axis's spike line). The triangles are one trace, on an
axis of their own (``MARK_AXIS``, 0 to 1, hidden) so that they
sit at the top whatever the chart's scale; "Reform events" in the legend is a hollow grey key of
its own (a trace without points, in the triangles' legend group).

No line is drawn for every event all the time: the turnout chart has 47 events, whose lines
crowded its points, and each line cost the browser on every page load (first as 47 layout
shapes, then as one dotted path per sphere colour: about a third of the chart's drawing, and
Streamlit draws a chart twice when it is mounted). The markers' text is escaped like every
hover (``base.escaped``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from metrics.chart_data import records
from metrics.figures.base import escaped, overlaid
from metrics.i18n import N_, _

__all__ = ["MARK_TRACE_NAME", "marked_figure", "with_reform_marks"]

MARK_TRACE_NAME = N_("Reform events")  # translated where drawn
MARK_AXIS = "y9"  # an overlay axis no chart uses for its data
MARK_Y = 0.97
MARK_SIZE = 11  # px, the triangles and their legend key alike
SPIKE_COLOUR = "#999999"  # legible on the light and the dark theme alike
MARK_LEGEND_GROUP = "reform-marks"


def mark_hover(row: Mapping[str, Any]) -> str:
    """The hover of one event: its title, date and sphere, and who reports it."""
    return "<br>".join(
        [
            f"<b>{escaped(row['title'])}</b>",
            f"{escaped(row['date_label'])} · {escaped(row['sphere_label'])}",
            _("Sources: {sources}").format(sources=escaped(row["sources"])),
        ]
    )


HOVER_COLUMNS = ["title", "date_label", "sphere_label", "sources"]


def mark_traces(marks: pd.DataFrame) -> list[dict[str, Any]]:
    """The triangles of ``marks`` (``metrics.marks.reform_marks``) and their legend key.

    Both traces share the overlay axis, the name and the legend group (clicking the key hides
    and shows the triangles).
    """
    shared = {
        "type": "scatter",
        "yaxis": MARK_AXIS,
        "mode": "markers",
        "name": _(MARK_TRACE_NAME),
        "legendgroup": MARK_LEGEND_GROUP,
    }
    return [
        {
            **shared,
            "x": pd.to_datetime(marks["start"]),
            "y": [MARK_Y] * len(marks),
            # the sphere's colour, as the timeline gives it
            "marker": {
                "symbol": "triangle-down",
                "size": MARK_SIZE,
                "color": list(marks["colour"]),
            },
            # as dicts from column lists, not iterrows: a Series per event cost more than the hover
            "hovertext": [mark_hover(row) for row in records(marks, HOVER_COLUMNS)],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "showlegend": False,
        },
        # The legend's key is a trace of its own without points: Plotly draws a legend
        # symbol in the colour of a trace's first point, which made the key look like one
        # sphere's events. Hollow grey: a filled grey triangle is also a sphere's (the
        # palette's last colour).
        {
            **shared,
            "x": [None],
            "y": [None],
            "marker": {
                "symbol": "triangle-down-open",
                "size": MARK_SIZE,
                "color": SPIKE_COLOUR,
                "line": {"width": 2},
            },
            "showlegend": True,
            "hoverinfo": "skip",
        },
    ]


# What the marks add to a figure's layout: their axis, and the x axis's spike line.
MARK_LAYOUT: dict[str, Any] = {
    "yaxis9": {
        "overlaying": "y",
        "range": [0, 1],
        "visible": False,
        "fixedrange": True,
    },
    # hovering an event (or any point) draws a dotted line down to its date
    "xaxis": {
        "showspikes": True,
        "spikemode": "across",
        "spikedash": "dot",
        "spikethickness": 1,
        "spikecolor": SPIKE_COLOUR,
    },
}


def with_reform_marks(fig: go.Figure, marks: pd.DataFrame) -> go.Figure:
    """``fig`` with ``marks`` (``metrics.marks.reform_marks``) drawn on its first x axis.

    The figure is changed in place and returned; with no marks it is returned unchanged.
    ``marked_figure`` gives the same figure in one construction, for a figure built by
    ``base.figure``.
    """
    if marks.empty:
        return fig
    fig.add_traces(mark_traces(marks))  # one call validates both traces together
    fig.update_layout(MARK_LAYOUT)
    return fig


def marked_figure(
    build: Callable[[pd.DataFrame], go.Figure], table: pd.DataFrame, marks: pd.DataFrame
) -> go.Figure:
    """``build(table)`` with ``marks`` drawn on it, added as the figure is constructed.

    ``build`` makes its figure with ``base.figure``, which takes the marks as an overlay
    (``base.overlaid``); a figure built otherwise gets them afterwards (``with_reform_marks``).
    """
    if marks.empty:
        return build(table)
    with overlaid(mark_traces(marks), MARK_LAYOUT) as pending:
        fig = build(table)
    return with_reform_marks(fig, marks) if pending else fig
