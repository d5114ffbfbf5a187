"""Plotly figures for every chart, built from the tables in ``chart_data``.

Each ``*_figure`` function takes exactly the rows to plot and returns a
``plotly.graph_objects.Figure``; each ``*_alt`` function returns the chart's text alternative.
Names, labels and colours come with the rows (from the data's registries, see
``chart_data.with_sources``); a row without a colour of its own takes the Okabe-Ito palette,
which stays distinguishable with the common kinds of colour blindness and reads on both light
and dark backgrounds. Text from the data is HTML-escaped before it reaches a hover label, since
Plotly renders a subset of HTML there, and ``%{`` is broken up so that it never reads as one of
Plotly's templates.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from metrics import dates
from metrics.chart_data import CONFLICT_MARK, PALETTE, RESULT_SERIES_KINDS, records

BLUE, ORANGE, GREEN, VERMILLION = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]
SHARE_AXIS = {"range": [0, 100], "ticksuffix": " %"}


def escaped(text: object, width: int = 70) -> str:
    """Data text made safe and readable for a Plotly hover label: escaped, wrapped, no NaN."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    lines = textwrap.wrap(str(text), width) or [""]
    return "<br>".join(inert_template(html.escape(line)) for line in lines)


def inert_template(text: str) -> str:
    """Text in which Plotly finds no ``%{...}`` template: the brace after % becomes an entity."""
    return text.replace("%{", "%&#123;")


def colour_or(colour: object, fallback: str) -> str:
    """A row's colour from the registry, or ``fallback`` where it has none."""
    return colour if isinstance(colour, str) and colour else fallback


def provenance_hover(row: Mapping[str, Any]) -> str:
    """The hover lines every point shares: value, status, source, evidence, other values."""
    parts = [
        f"<b>{escaped(row['value_label'])}</b> ({escaped(row['status'])})",
        f"Source: {escaped(row['publisher'])} ({escaped(row['source_kind_label'])})",
        f"Evidence: {escaped(row['evidence'])}",
    ]
    if row.get("derived"):
        parts.append(f"Derived: {escaped(row['derived'])}")
    if row.get("other_values"):
        flag = f"{CONFLICT_MARK} Sources disagree. " if row.get("disagrees") else ""
        parts.append(f"{flag}Other values: {escaped(row['other_values'])}")
    return "<br>".join(parts)


def figure(
    traces: list[dict[str, Any]],
    title: str,
    height: int = 420,
    xaxis: Mapping[str, Any] | None = None,
    yaxis: Mapping[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """A figure with the title, margins and hover style every chart shares, built in one step.

    Traces are plain dicts with a ``type``, and the whole layout is given at construction:
    Plotly validates everything once. Building a figure and then calling ``update_layout``
    and ``update_xaxes`` validated the layout again on each call, which made a 12-point
    timeline take 9 ms to build instead of 2.5 ms (see docs/benchmarks.md).
    """
    return go.Figure(
        data=traces,
        layout={
            "title": {"text": inert_template(html.escape(title)), "x": 0, "xanchor": "left"},
            "height": height,
            "margin": {"l": 10, "r": 40, "t": 60, "b": 70},
            "hoverlabel": {"align": "left"},
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
            "xaxis": dict(xaxis or {}),
            "yaxis": dict(yaxis or {}),
            **layout,
        },
    )


def axis_title(text: str) -> dict[str, str]:
    """An axis title, as Plotly's layout expects it."""
    return {"text": text}


def conflict_label(row: Mapping[str, Any]) -> str:
    """The bar or point label, with the conflict mark where sources disagree."""
    mark = f" {CONFLICT_MARK}" if row["disagrees"] else ""
    return f"{row['value_label']}{mark}"


def election_results_figure(table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of vote shares, one per candidate, party or option, on a 0-100 axis."""
    rows = table.iloc[::-1]  # largest on top
    row_dicts = records(rows)
    bars = {
        "type": "bar",
        "x": rows["value"],
        "y": [escaped(s) for s in rows["subject_name"]],
        "orientation": "h",
        "marker": {
            "color": [colour_or(c, BLUE) for c in rows["subject_colour"]],
            "pattern": {"shape": ["/" if d else "" for d in rows["disagrees"]]},
        },
        "text": [escaped(conflict_label(r)) for r in row_dicts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [provenance_hover(r) for r in row_dicts],
        "hovertemplate": "%{y}<br>%{hovertext}<extra></extra>",
        "name": "Vote share",
    }
    return figure(
        [bars],
        title,
        height=max(260, 60 + 42 * len(rows)),
        xaxis={"title": axis_title("Share of votes (%)"), **SHARE_AXIS},
    )


def election_results_alt(table: pd.DataFrame, title: str) -> str:
    """Text alternative for an election results chart."""
    shares = ", ".join(
        f"{s} {v}" for s, v in zip(table["subject_name"], table["value_label"], strict=True)
    )
    conflicts = int(table["disagrees"].sum())
    note = f" Sources disagree on {conflicts} of these figures." if conflicts else ""
    return f"Bar chart: {title}. {shares}.{note}"


def turnout_figure(table: pd.DataFrame) -> go.Figure:
    """Turnout of each election and referendum over time, on a 0-100 axis."""
    traces = []
    styles = zip(RESULT_SERIES_KINDS, ("circle", "diamond"), (BLUE, ORANGE), strict=True)
    for kind, symbol, colour in styles:
        rows = table[table["series_kind"] == kind]
        if rows.empty:
            continue
        row_dicts = records(rows)
        traces.append(
            {
                "type": "scatter",
                "x": drawn_dates(rows["series_date"]),
                "y": rows["value"],
                "mode": "markers+text",
                "name": f"{rows['series_kind_label'].iloc[0]}s",
                "marker": {
                    "size": 14,
                    "color": colour,
                    "symbol": ["triangle-up" if b else symbol for b in rows["is_lower_bound"]],
                    "line": {
                        "width": [3 if d else 0 for d in rows["disagrees"]],
                        "color": VERMILLION,
                    },
                },
                "text": [escaped(conflict_label(r)) for r in row_dicts],
                "textposition": "top center",
                "customdata": [escaped(t) for t in rows["series_title"]],
                "hovertext": [provenance_hover(r) for r in row_dicts],
                "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
            }
        )
    return figure(
        traces,
        "Turnout at elections and referendums (% of registered voters)",
        xaxis={"title": axis_title("Date of the vote")},
        yaxis={"title": axis_title("Turnout (% of registered voters)"), **SHARE_AXIS},
    )


def turnout_alt(table: pd.DataFrame) -> str:
    """Text alternative for the turnout chart."""
    points = "; ".join(
        f"{t}: {v}" for t, v in zip(table["series_title"], table["value_label"], strict=True)
    )
    return f"Dot chart of turnout over time. {points}."


def court_figure(table: pd.DataFrame) -> go.Figure:
    """Appeals received and cases decided over time, every source's figure as its own marker.

    A lower bound ("more than N") is an upward triangle; an "about N" figure an open circle;
    the preferred figures are joined by a line; a red ring marks figures that sources dispute.
    """
    traces = []
    for (_metric, rows), colour in zip(table.groupby("metric", sort=False), PALETTE, strict=False):
        name = rows["metric_title"].iloc[0]
        preferred = rows[rows["is_preferred"]]
        row_dicts = records(rows)
        traces.append(
            {
                "type": "scatter",
                "x": drawn_dates(preferred["as_of"]),
                "y": preferred["value"],
                "mode": "lines",
                "line": {"color": colour, "width": 1, "dash": "dot"},
                "name": escaped(f"{name} (preferred figures)"),
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": drawn_dates(rows["as_of"]),
                "y": rows["value"],
                "mode": "markers+text",
                "name": escaped(name),
                "marker": {
                    "size": 13,
                    "color": colour,
                    "symbol": [marker_symbol(r) for r in row_dicts],
                    "line": {
                        "width": [3 if d else 1 for d in rows["disagrees"]],
                        "color": [VERMILLION if d else colour for d in rows["disagrees"]],
                    },
                },
                "text": [escaped(conflict_label(r)) for r in row_dicts],
                "textposition": "top center",
                "customdata": [escaped(f"{name}, as of {dates.label(d)}") for d in rows["as_of"]],
                "hovertext": [provenance_hover(r) for r in row_dicts],
                "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
            }
        )
    return figure(
        traces,
        "Constitutional Court caseload: appeals received and cases decided (count)",
        height=460,
        xaxis={"title": axis_title("As of (a month or a year alone is drawn at its middle)")},
        yaxis={"title": axis_title("Count (log scale)"), "type": "log"},
    )


def marker_symbol(row: Mapping[str, Any]) -> str:
    """Triangle for a lower bound, open circle for an approximate figure, else a dot."""
    if row["is_lower_bound"]:
        return "triangle-up"
    if row.get("is_approximate"):
        return "circle-open"
    return "circle"


def drawn_dates(texts: pd.Series) -> pd.Series:
    """Where each partial date is drawn on a time axis (``dates.PartialDate.middle``)."""
    return pd.to_datetime(texts.map(dates.middle))


def court_alt(table: pd.DataFrame) -> str:
    """Text alternative for the court caseload chart."""
    points = "; ".join(
        f"{m} as of {dates.label(d)}: {v} ({p})"
        for m, d, v, p in zip(
            table["metric_title"], table["as_of"], table["value_label"], table["publisher"],
            strict=True,
        )
    )  # fmt: skip
    return f"Dot chart of the Constitutional Court's caseload on a log scale. {points}."


def share_decided_figure(table: pd.DataFrame) -> go.Figure:
    """Cases decided as a share of appeals received, on a 0-100 axis."""
    bars = {
        "type": "bar",
        "x": table["share"],
        "y": [
            escaped(f"{d} ({p})") for d, p in zip(table["as_of"], table["publisher"], strict=True)
        ],
        "orientation": "h",
        "marker": {"color": GREEN},
        "text": [escaped(t) for t in table["share_label"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [
            escaped(f"{d} decided of {a} appeals")
            for d, a in zip(table["decided"], table["appeals"], strict=True)
        ],
        "hovertemplate": "%{y}<br>%{text}: %{customdata}<extra></extra>",
        "name": "Share decided",
    }
    return figure(
        [bars],
        "Share of appeals decided (%)",
        height=max(220, 80 + 50 * len(table)),
        xaxis={
            "title": axis_title("Cases decided as a share of appeals received (%)"),
            **SHARE_AXIS,
        },
    )


def share_decided_alt(table: pd.DataFrame) -> str:
    """Text alternative for the share-decided chart."""
    points = "; ".join(
        f"{d}: {s}" for d, s in zip(table["as_of"], table["share_label"], strict=True)
    )
    return f"Bar chart of cases decided as a share of appeals. {points}."


def electoral_mix_figure(table: pd.DataFrame) -> go.Figure:
    """Stacked bars of seat shares by kind of seat, for each body before and after the reform."""
    traces = []
    rows_label = [
        escaped(f"{b} ({p.lower()})")
        for b, p in zip(table["body"], table["phase_label"], strict=True)
    ]
    table = table.assign(row=rows_label)
    order = list(dict.fromkeys(table["row"]))[::-1]
    for position, (_subject, rows) in enumerate(table.groupby("subject", sort=False)):
        subject = rows["subject_name"].iloc[0]
        seats = [f" ({s:g} seats)" if pd.notna(s) else "" for s in rows["seats"]]
        fallback = PALETTE[position % len(PALETTE)]
        traces.append(
            {
                "type": "bar",
                "x": rows["value"],
                "y": rows["row"],
                "orientation": "h",
                "name": escaped(subject),
                "marker": {"color": colour_or(rows["subject_colour"].iloc[0], fallback)},
                "text": [
                    escaped(f"{v}{s}") for v, s in zip(rows["value_label"], seats, strict=True)
                ],
                "textposition": "inside",
                "hovertext": [provenance_hover(r) for r in records(rows)],
                "hovertemplate": f"{escaped(subject)}<br>%{{hovertext}}<extra></extra>",
            }
        )
    return figure(
        traces,
        "Electoral system: share of seats by kind of seat (%)",
        height=max(280, 120 + 60 * len(order)),
        xaxis={"title": axis_title("Share of seats (%)"), **SHARE_AXIS},
        yaxis={"categoryorder": "array", "categoryarray": order},
        barmode="stack",
    )


def electoral_mix_alt(table: pd.DataFrame) -> str:
    """Text alternative for the electoral-system chart."""
    parts = "; ".join(
        f"{b} ({p.lower()}): {s} {v}"
        for b, p, s, v in zip(
            table["body"], table["phase_label"], table["subject_name"], table["value_label"],
            strict=True,
        )
    )  # fmt: skip
    return f"Stacked bar chart of seat shares by kind of seat. {parts}."


def timeline_figure(table: pd.DataFrame) -> go.Figure:
    """Reform events over time, one row per sphere, coloured by sphere.

    One trace with a colour per point, and no legend: the y axis already names each row's
    sphere. Seven traces and a legend that repeated the axis cost the browser about twice as
    much to redraw on every filter change, and the server more to build.
    """
    spheres = list(table["sphere_label"])
    events = {
        "type": "scatter",
        "x": table["start"],
        "y": spheres,
        "mode": "markers",
        "name": "Reform events",
        "showlegend": False,
        "marker": {
            "size": 14,
            "color": list(table["colour"]),
            "line": {"width": 1, "color": "white"},
        },
        "customdata": [
            [escaped(t), escaped(d), escaped(s), escaped(n)]
            for t, d, s, n in zip(
                table["title"], table["date_label"], table["sources"], table["notes"], strict=True
            )
        ],
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>Date: %{customdata[1]}<br>"
            "Sources: %{customdata[2]}<br>%{customdata[3]}<extra></extra>"
        ),
    }
    return figure(
        [events],
        "Timeline of reform events, by sphere",
        height=460,
        xaxis={"title": axis_title("Date (a month or a year alone is drawn at its middle)")},
        yaxis={"categoryorder": "array", "categoryarray": sorted(set(spheres))},
        showlegend=False,
    )


def timeline_alt(table: pd.DataFrame) -> str:
    """Text alternative for the timeline."""
    first, last = (
        (table["date_label"].iloc[0], table["date_label"].iloc[-1]) if len(table) else ("", "")
    )
    counts = table["sphere_label"].value_counts()
    spheres = ", ".join(f"{n} {s.lower()}" for s, n in counts.items())
    return f"Timeline of {len(table)} reform events from {first} to {last}: {spheres}."
