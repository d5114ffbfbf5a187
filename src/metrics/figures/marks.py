"""Reform events drawn on a chart over time: a faint line at each, a marker to hover.

Each event is a dotted vertical line across the plot (a layout shape, behind the data) and a
small triangle at the top edge in its sphere's colour, whose hover names the event, its date,
sphere and sources. The triangles are one trace, "Reform events" in the legend, on an axis of
their own (``MARK_AXIS``, 0 to 1, hidden) so that they sit at the top whatever the chart's
scale. The markers' text is escaped like every hover (``base.escaped``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from metrics.figures.base import escaped
from metrics.i18n import N_, _

__all__ = ["MARK_TRACE_NAME", "with_reform_marks"]

MARK_TRACE_NAME = N_("Reform events")  # translated where drawn
MARK_AXIS = "y9"  # an overlay axis no chart uses for its data
MARK_Y = 0.97


def mark_hover(row: pd.Series) -> str:
    """The hover of one event: its title, date and sphere, and who reports it."""
    return "<br>".join(
        [
            f"<b>{escaped(row['title'])}</b>",
            f"{escaped(row['date_label'])} · {escaped(row['sphere_label'])}",
            _("Sources: {sources}").format(sources=escaped(row["sources"])),
        ]
    )


def with_reform_marks(fig: go.Figure, marks: pd.DataFrame) -> go.Figure:
    """``fig`` with ``marks`` (``metrics.marks.reform_marks``) drawn on its first x axis.

    The figure is changed in place and returned; with no marks it is returned unchanged.
    """
    if marks.empty:
        return fig
    at = pd.to_datetime(marks["start"])
    colours = list(marks["colour"])  # the sphere's, as the timeline gives it
    for when, colour in zip(at, colours, strict=True):
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=when,
            x1=when,
            y0=0,
            y1=1,
            line={"color": colour, "width": 1, "dash": "dot"},
            opacity=0.45,
            layer="below",
        )
    fig.add_trace(
        go.Scatter(
            x=at,
            y=[MARK_Y] * len(marks),
            yaxis=MARK_AXIS,
            mode="markers",
            name=_(MARK_TRACE_NAME),
            marker={"symbol": "triangle-down", "size": 11, "color": colours},
            hovertext=[mark_hover(row) for _, row in marks.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=True,
        )
    )
    fig.update_layout(
        {
            "yaxis9": {
                "overlaying": "y",
                "range": [0, 1],
                "visible": False,
                "fixedrange": True,
            }
        }
    )
    return fig
