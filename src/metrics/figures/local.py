"""The figures of local democracy (akim elections) and of the court's appeals by period.

Each ``*_figure`` takes exactly the rows of ``metrics.local_data`` and returns a Plotly figure;
each ``*_alt`` its text alternative. Names, labels and colours come with the rows; every data
text in a hover or label goes through ``escaped``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from metrics import dates
from metrics.chart_data import PALETTE, records
from metrics.figures.base import (
    SHARE_AXIS,
    VERMILLION,
    axis_title,
    conflict_label,
    escaped,
    figure,
    provenance_hover,
    time_axis,
)
from metrics.figures.outcomes import AS_OF_AXIS, drawn_dates, marker_symbol
from metrics.i18n import N_, _
from metrics.local_data import MEASURES, TURNOUT

PROVENANCE_KEYS = ("value_label", "status", "publisher", "source_kind_label")
# ``{percent}`` stands for the sign: gettext reads "% o" as a format directive of its own
LOCAL_TITLE = N_(
    "Local akim elections: posts and candidates (count), turnout ({percent} of registered voters)"
)
AKIMS_TITLE = N_("Akims elected directly, cumulative (count)")
PERIODS_TITLE = N_("Constitutional Court: appeals received per period and in total (count)")
TURNOUT_AXIS = N_("Turnout ({percent} of registered voters)")
DAY_MS = 24 * 60 * 60 * 1000
# How precisely a period is known, as its hover says it: "2023 (the year)"
PRECISION_NAMES = {"year": N_("the year"), "month": N_("the month"), "day": N_("the day")}


def hover(row: Mapping[str, Any]) -> str:
    """A row's value with its status and source where it has them, else its value alone."""
    if all(key in row for key in PROVENANCE_KEYS):
        return provenance_hover(row)
    return f"<b>{escaped(row.get('value_label', row.get('value')))}</b>"


def label(row: Mapping[str, Any]) -> str:
    """A bar or point label: the value, with the conflict mark where the row says so."""
    return escaped(conflict_label(row) if "disagrees" in row else row["value_label"])


def measure_name(rows: pd.DataFrame) -> str:
    """A measure's legend name: its metric titles as the rows give them ('Posts contested')."""
    return " / ".join(dict.fromkeys(str(t) for t in rows["metric_title"]))


def local_elections_figure(table: pd.DataFrame) -> go.Figure:
    """Posts and candidates per election as grouped bars (left), turnout as dots (right, 0-100).

    Every election is a category named by its title, in time order; a figure the data lack
    leaves its slot empty, never a zero bar.
    """
    titles = list(dict.fromkeys(table["series_title"]))
    categories = [escaped(t, 24) for t in titles]
    category = dict(zip(titles, categories, strict=True))
    traces = []
    for index, measure in enumerate(MEASURES):
        rows = table[table["measure"] == measure]
        if rows.empty:
            continue
        row_dicts = records(rows)
        colour = PALETTE[index % len(PALETTE)]
        trace: dict[str, Any] = {
            "x": [category[t] for t in rows["series_title"]],
            "y": rows["value"],
            "name": escaped(measure_name(rows)),
            "text": [label(r) for r in row_dicts],
            "cliponaxis": False,
            "customdata": [escaped(f"{r['series_title']}: {r['metric_title']}") for r in row_dicts],
            "hovertext": [hover(r) for r in row_dicts],
            "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
        }
        if measure == TURNOUT:
            trace |= {
                "type": "scatter",
                "mode": "markers+text",
                "yaxis": "y2",
                "textposition": "middle right",
                "marker": {
                    "size": 14,
                    "color": colour,
                    "symbol": [marker_symbol(r) for r in row_dicts],
                    "line": {"width": [3 if r.get("disagrees") else 0 for r in row_dicts],
                             "color": VERMILLION},
                },
            }  # fmt: skip
        else:
            trace |= {
                "type": "bar",
                "offsetgroup": measure,
                "textposition": "outside",
                "marker": {"color": colour},
            }
        traces.append(trace)
    counts = table.loc[table["measure"] != TURNOUT, "value"]
    top = float(counts.max()) * 1.15 if len(counts) else 1.0
    return figure(
        traces,
        _(LOCAL_TITLE).format(percent="%"),
        height=460,
        xaxis={
            "title": axis_title(_("Election")),
            "type": "category",
            "categoryorder": "array",
            "categoryarray": categories,
        },
        yaxis={"title": axis_title(_("Count")), "range": [0, top], "rangemode": "tozero"},
        yaxis2={
            "title": axis_title(_(TURNOUT_AXIS).format(percent="%")),
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            **SHARE_AXIS,
        },
        barmode="group",
        showlegend=True,
    )


def local_elections_alt(table: pd.DataFrame) -> str:
    """Text alternative: each election by title, with its figures."""
    parts = []
    for title, rows in table.groupby("series_title", sort=False):
        figures = ", ".join(
            f"{m} {v}" for m, v in zip(rows["metric_title"], rows["value_label"], strict=True)
        )
        parts.append(f"{title}: {figures}")
    return _("Bar chart of local akim elections in time order. {parts}.").format(
        parts="; ".join(parts)
    )


def akims_elected_figure(table: pd.DataFrame) -> go.Figure:
    """Akims elected directly, cumulative, as a dotted line of points over time.

    A lower bound ("more than N") is an upward triangle, an "about N" figure an open circle;
    a red ring marks a figure that sources dispute.
    """
    drawn = drawn_dates(table["as_of"])
    row_dicts = records(table)
    colour = PALETTE[0]
    series = " / ".join(dict.fromkeys(str(t) for t in table["series_title"]))
    name = escaped(series or _(AKIMS_TITLE))
    trace = {
        "type": "scatter",
        "x": drawn,
        "y": table["value"],
        "mode": "lines+markers+text",
        "name": name,
        "line": {"color": colour, "width": 1, "dash": "dot"},
        "marker": {
            "size": 13,
            "color": colour,
            "symbol": [marker_symbol(r) for r in row_dicts],
            "line": {
                "width": [3 if r.get("disagrees") else 1 for r in row_dicts],
                "color": [VERMILLION if r.get("disagrees") else colour for r in row_dicts],
            },
        },
        "text": [label(r) for r in row_dicts],
        "textposition": "top center",
        "cliponaxis": False,
        "customdata": [
            escaped(_("{name}, as of {date}").format(name=series, date=dates.label(d)))
            for d in table["as_of"]
        ],
        "hovertext": [hover(r) for r in row_dicts],
        "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
    }
    top = float(table["value"].max()) * 1.2 if len(table) else 1.0
    units = " / ".join(dict.fromkeys(str(u) for u in table["short_unit"]))
    return figure(
        [trace],
        _("{series}, cumulative ({units})").format(series=series, units=units)
        if series
        else _(AKIMS_TITLE),
        height=420,
        xaxis=time_axis(drawn, [dates.label(d) for d in table["as_of"]], _(AS_OF_AXIS)),
        yaxis={
            "title": axis_title(_("Cumulative count ({units})").format(units=units)),
            "range": [0, top],
        },
    )


def akims_elected_alt(table: pd.DataFrame) -> str:
    """Text alternative for the cumulative count of akims elected."""
    points = "; ".join(
        _("as of {date}: {value} ({source})").format(date=dates.label(d), value=v, source=p)
        for d, v, p in zip(table["as_of"], table["value_label"], table["publisher"], strict=True)
    )
    series = " / ".join(dict.fromkeys(str(t) for t in table["series_title"]))
    return _("Dot chart over time of {series}, cumulative. {points}.").format(
        series=series, points=points
    )


def period_widths(periods: pd.Series) -> list[float]:
    """Each bar's width on a date axis, in milliseconds: nine tenths of its month or year."""
    widths = []
    for text in periods:
        period = dates.PartialDate.parse(text)
        days = (period.end - period.start).days + 1
        widths.append(days * DAY_MS * 0.9)
    return widths


def court_periods_figure(table: pd.DataFrame) -> go.Figure:
    """Appeals per month as bars (top); per year as wide bars beside the running total (bottom).

    Two panels on one time axis: a month's count and a year's or a running total differ by an
    order of magnitude, so each scale has its own count axis instead of one dwarfing the other.
    """
    drawn = drawn_dates(table["period"])
    xaxis = time_axis(
        drawn, [dates.label(d) for d in table["period"]], _("Period, or as of for the totals")
    )
    cumulative = table["is_cumulative"].astype(bool)
    yearly = ~cumulative & (table["precision"] == "year")
    monthly = ~cumulative & ~yearly
    traces = []
    groups = (
        (monthly, "bars", "y", "x", PALETTE[0]),
        (yearly, "bars", "y2", "x2", PALETTE[2]),
        (cumulative, "line", "y2", "x2", PALETTE[1]),
    )
    for wanted, shape, yaxis, xaxis_id, colour in groups:
        chosen = [i for i, keep in enumerate(wanted) if keep]
        if not chosen:
            continue
        rows = table.iloc[chosen]
        row_dicts = records(rows)
        when = [
            _("{name}, as of {date}").format(name=r["metric_title"], date=r["period_label"])
            if shape == "line"
            else f"{r['metric_title']}, {r['period_label']} ({_(PRECISION_NAMES[r['precision']])})"
            for r in row_dicts
        ]
        trace: dict[str, Any] = {
            "x": drawn.iloc[chosen],
            "y": rows["value"],
            "xaxis": xaxis_id,
            "yaxis": yaxis,
            "name": escaped(measure_name(rows)),
            "text": [label(r) for r in row_dicts],
            "cliponaxis": False,
            "customdata": [escaped(w) for w in when],
            "hovertext": [hover(r) for r in row_dicts],
            "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
        }
        if shape == "line":
            trace |= {
                "type": "scatter",
                "mode": "lines+markers+text",
                "textposition": "top center",
                "line": {"color": colour, "width": 1, "dash": "dot"},
                "marker": {
                    "size": 12,
                    "color": colour,
                    "symbol": [marker_symbol(r) for r in row_dicts],
                },
            }
        else:
            trace |= {
                "type": "bar",
                "width": period_widths(rows["period"]),
                "textposition": "outside",
                "marker": {"color": colour, "opacity": 0.55 if yaxis == "y2" else 1.0},
            }
        traces.append(trace)
    counts = table.loc[monthly, "value"]
    totals = table.loc[cumulative | yearly, "value"]
    return figure(
        traces,
        _(PERIODS_TITLE),
        height=560,
        xaxis={**xaxis, "title": axis_title(""), "anchor": "y", "domain": [0, 1]},
        yaxis={
            "title": axis_title(_("Per month")),
            "domain": [0.56, 1],
            "range": [0, float(counts.max()) * 1.25 if len(counts) else 1.0],
        },
        xaxis2={**xaxis, "anchor": "y2", "matches": "x"},
        yaxis2={
            "title": axis_title(_("Per year, in total")),
            "domain": [0, 0.44],
            "range": [0, float(totals.max()) * 1.25 if len(totals) else 1.0],
        },
        barmode="overlay",
        showlegend=True,
    )


def court_periods_alt(table: pd.DataFrame) -> str:
    """Text alternative for the court's appeals by period."""
    periods = table[~table["is_cumulative"].astype(bool)]
    totals = table[table["is_cumulative"].astype(bool)]
    per = "; ".join(
        f"{p}: {v}" for p, v in zip(periods["period_label"], periods["value_label"], strict=True)
    )
    text = _("Bar chart of the Constitutional Court's appeals received per period. {points}.")
    text = text.format(points=per)
    if len(totals):
        total = "; ".join(
            _("as of {date}: {value}").format(date=p, value=v)
            for p, v in zip(totals["period_label"], totals["value_label"], strict=True)
        )
        text += " " + _("Cumulative appeals received, for comparison: {points}.").format(
            points=total
        )
    return text


__all__ = [
    "akims_elected_alt",
    "akims_elected_figure",
    "court_periods_alt",
    "court_periods_figure",
    "local_elections_alt",
    "local_elections_figure",
]
