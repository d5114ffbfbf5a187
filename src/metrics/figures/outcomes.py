"""The figures of outcomes: vote results, turnout, the court's caseload, seats by kind, the timeline.

Each ``*_figure`` function takes exactly the rows to plot and returns a
``plotly.graph_objects.Figure``; each ``*_alt`` function returns the chart's text alternative.
Names, labels and colours come with the rows (``chart_data.with_sources``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from metrics import chart_data, dates, ids
from metrics.chart_data import PALETTE, RESULT_SERIES_KINDS, records
from metrics.figures.base import (
    BLUE,
    GREEN,
    NUMBER_AXES_LEFT,
    ORANGE,
    PLOT_MARGIN,
    PLOT_WIDTH,
    REMAINDER_COLOUR,
    SHARE_AXIS,
    VERMILLION,
    axis_title,
    colour_or,
    conflict_label,
    escaped,
    figure,
    inert_template,
    label_positions,
    label_texts,
    names_left,
    place_labels,
    provenance_hover,
    time_axis,
    time_range,
    title_lines,
    top_margin,
    x_fractions,
)
from metrics.i18n import N_, _, ngettext
from metrics.preference import format_amount

VOTES, SHARES = "votes", "shares"
# The turnout chart's legend: each kind of vote it draws, in the plural
KIND_NAMES = {ids.ELECTION: N_("Elections"), ids.REFERENDUM: N_("Referendums")}


def election_results_figure(table: pd.DataFrame, title: str, measure: str = SHARES) -> go.Figure:
    """Horizontal bars, one per candidate, party or option: shares on a 0-100 axis, or votes.

    With ``measure`` votes, only the options whose votes the data counts are drawn (the rest
    would be gaps, not zeros), and so is no computed remainder.
    """
    rows = table.iloc[::-1]  # largest on top, the computed rest of the vote at the bottom
    if measure == VOTES:
        rows = rows[rows["votes"].notna() & ~rows["is_remainder"].astype(bool)]
    row_dicts = records(rows)
    remainder = [bool(r.get("is_remainder")) for r in row_dicts]
    bars = {
        "type": "bar",
        "x": rows["value"],
        "y": [escaped(s) for s in rows["subject_name"]],
        "orientation": "h",
        "marker": {
            "color": [
                REMAINDER_COLOUR if r else colour_or(c, BLUE)
                for c, r in zip(rows["subject_colour"], remainder, strict=True)
            ],
            "pattern": {
                "shape": [
                    "." if r else "/" if d else ""
                    for d, r in zip(rows["disagrees"], remainder, strict=True)
                ]
            },
        },
        "text": [escaped(conflict_label(r)) for r in row_dicts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [provenance_hover(r) for r in row_dicts],
        "hovertemplate": "%{y}<br>%{hovertext}<extra></extra>",
        "name": _("Vote share"),
    }
    if measure == VOTES:
        bars |= {"x": rows["votes"], "name": _("Votes"),
                 "text": [escaped(format_amount(v)) for v in rows["votes"]]}  # fmt: skip
        top = float(rows["votes"].max()) * 1.3 if len(rows) else 1.0
        xaxis = {"title": axis_title(_("Votes")), "range": [0, top], "tickformat": ",d"}
    else:
        xaxis = {"title": axis_title(_("Share of votes ({percent})").format(percent="%")),
                 **SHARE_AXIS}  # fmt: skip
    return figure([bars], title, height=max(260, 60 + 42 * len(rows)), xaxis=xaxis)


def election_results_alt(table: pd.DataFrame, title: str) -> str:
    """Text alternative for an election results chart."""
    shares = ", ".join(
        f"{s} {v}" for s, v in zip(table["subject_name"], table["value_label"], strict=True)
    )
    conflicts = int(table["disagrees"].sum())
    note = (
        " "
        + ngettext(
            "Sources disagree on {count} of these figures.",
            "Sources disagree on {count} of these figures.",
            conflicts,
        ).format(count=conflicts)
        if conflicts
        else ""
    )
    return _("Bar chart: {title}. {shares}.").format(title=title, shares=shares) + note


def turnout_figure(table: pd.DataFrame) -> go.Figure:
    """Turnout of each election and referendum over time, on a 0-100 axis.

    Each point is named on the chart (the vote's title without its date, and the value), or
    by its value alone where the name has no room (``place_labels``); elections are circles
    and referendums diamonds, named in a legend that shows even when only one kind is left.
    """
    height = 460
    drawn = drawn_dates(table["series_date"])
    axis = time_axis(drawn, [dates.label(d) for d in table["series_date"]], _("Date of the vote"))
    fractions = x_fractions(drawn, time_range(drawn))
    area = height - top_margin(len(title_lines(turnout_title()))) - PLOT_MARGIN["b"]
    row_dicts = records(table)
    candidates = [
        [f"{escaped(chart_data.short_title(r['series_title']), 18)}<br>{escaped(conflict_label(r))}",
         escaped(conflict_label(r))]
        for r in row_dicts
    ]  # fmt: skip
    labels = place_labels(
        [(f * PLOT_WIDTH, v / 100 * area) for f, v in zip(fractions, table["value"], strict=True)],
        candidates,
        height=area,
    )
    traces = []
    styles = zip(RESULT_SERIES_KINDS, ("circle", "diamond"), (BLUE, ORANGE), strict=True)
    # the rows are read once (``row_dicts``); taking each kind's rows from the table and
    # reading them again cost more than the rest of the figure (make bench, filter change)
    when, values = drawn.to_numpy(), table["value"].to_numpy()
    for kind, symbol, colour in styles:
        chosen = [i for i, r in enumerate(row_dicts) if r["series_kind"] == kind]
        if not chosen:
            continue
        rows = [row_dicts[i] for i in chosen]
        traces.append(
            {
                "type": "scatter",
                "x": when[chosen],
                "y": values[chosen],
                "mode": "markers+text",
                "name": _(KIND_NAMES[kind]) if kind in KIND_NAMES else escaped(kind),
                "marker": {
                    "size": 14,
                    "color": colour,
                    "symbol": ["triangle-up" if r["is_lower_bound"] else symbol for r in rows],
                    "line": {
                        "width": [3 if r["disagrees"] else 0 for r in rows],
                        "color": VERMILLION,
                    },
                },
                "text": label_texts(labels, chosen),
                "textposition": label_positions(labels, chosen),
                "cliponaxis": False,
                "customdata": [escaped(r["series_title"]) for r in rows],
                "hovertext": [provenance_hover(r) for r in rows],
                "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
            }
        )
    return figure(
        traces,
        turnout_title(),
        height=height,
        xaxis=axis,
        yaxis={
            "title": axis_title(_("Turnout ({percent} of registered voters)").format(percent="%")),
            **SHARE_AXIS,
        },
        fixed_left=NUMBER_AXES_LEFT,
        showlegend=True,
    )


# ``{percent}`` stands for the sign: gettext reads "% o" as a format directive of its own
TURNOUT_TITLE = N_("Turnout at elections and referendums ({percent} of registered voters)")


def turnout_title() -> str:
    """The turnout chart's title in the language of this run."""
    return _(TURNOUT_TITLE).format(percent="%")


def turnout_alt(table: pd.DataFrame) -> str:
    """Text alternative for the turnout chart."""
    points = "; ".join(
        f"{t}: {v}" for t, v in zip(table["series_title"], table["value_label"], strict=True)
    )
    return _("Dot chart of turnout over time. {points}.").format(points=points)


def log_axis(values: pd.Series, title: str) -> dict[str, Any]:
    """A log axis that reads plainly: a tick at each power of ten, written '1,000', '10,000'.

    The range runs from the power of ten at or below the smallest value to the one at or
    above the largest, with a little room either side.
    """
    positive = [float(v) for v in values if v > 0]
    low = math.floor(math.log10(min(positive))) if positive else 0
    high = math.ceil(math.log10(max(positive))) if positive else 1
    high = max(high, low + 1)
    return {
        "title": axis_title(title),
        "type": "log",
        "range": [low - 0.15, high + 0.15],
        "dtick": 1,
        "tickformat": ",d",
    }


def court_figure(table: pd.DataFrame) -> go.Figure:
    """Appeals received and cases decided over time, every source's figure as its own marker.

    A lower bound ("more than N") is an upward triangle; an "about N" figure an open circle;
    the preferred figures are joined by a line in date order; a red ring marks figures that
    sources dispute. Labels go to the preferred figures first, then the others, each where it
    overlaps nothing (``place_labels``); a figure with no room keeps its value in the hover.
    """
    height = 460
    drawn = drawn_dates(table["as_of"])
    yaxis = log_axis(table["value"], _("Count (log scale)"))
    xaxis = time_axis(
        drawn,
        [dates.label(d) for d in table["as_of"]],
        _(AS_OF_AXIS),
    )
    low, high = yaxis["range"]
    title = _(COURT_TITLE)
    area = height - top_margin(len(title_lines(title))) - PLOT_MARGIN["b"]
    fractions = x_fractions(drawn, time_range(drawn))
    points = [
        (f * PLOT_WIDTH, (math.log10(max(v, 1e-9)) - low) / (high - low) * area)
        for f, v in zip(fractions, table["value"], strict=True)
    ]
    texts = [escaped(conflict_label(r)) for r in records(table)]
    order = sorted(range(len(table)), key=lambda i: (not table["is_preferred"].iloc[i], i))
    placed = place_labels([points[i] for i in order], [[texts[i]] for i in order], height=area)
    labels: list[tuple[str, str] | None] = [None] * len(table)
    for i, label in zip(order, placed, strict=True):
        labels[i] = label
    traces = []
    positions = pd.Series(range(len(table)), index=table.index)
    for (_metric, rows), colour in zip(table.groupby("metric", sort=False), PALETTE, strict=False):
        name = rows["metric_title"].iloc[0]
        preferred = rows[rows["is_preferred"]]
        row_dicts = records(rows)
        at = list(positions[rows.index])
        line_x = drawn_dates(preferred["as_of"])
        traces.append(
            {
                "type": "scatter",
                "x": line_x.sort_values(kind="stable"),
                "y": preferred["value"].iloc[line_x.argsort(kind="stable")],
                "mode": "lines",
                "line": {"color": colour, "width": 1, "dash": "dot"},
                "name": escaped(_("{name} (preferred figures)").format(name=name)),
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": drawn.iloc[at],
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
                "text": label_texts(labels, at),
                "textposition": label_positions(labels, at),
                "cliponaxis": False,
                "customdata": [
                    escaped(_("{name}, as of {date}").format(name=name, date=dates.label(d)))
                    for d in rows["as_of"]
                ],
                "hovertext": [provenance_hover(r) for r in row_dicts],
                "hovertemplate": "%{customdata}<br>%{hovertext}<extra></extra>",
            }
        )
    return figure(
        traces, title, height=height, xaxis=xaxis, yaxis=yaxis, fixed_left=NUMBER_AXES_LEFT
    )


COURT_TITLE = N_("Constitutional Court caseload: appeals received and cases decided (count)")
AS_OF_AXIS = N_("As of (a month or a year alone is drawn at its middle)")


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
        _("{name}, as of {date}").format(name=m, date=dates.label(d)) + f": {v} ({p})"
        for m, d, v, p in zip(
            table["metric_title"], table["as_of"], table["value_label"], table["publisher"],
            strict=True,
        )
    )  # fmt: skip
    return _("Dot chart of the Constitutional Court's caseload on a log scale. {points}.").format(
        points=points
    )


def share_decided_figure(table: pd.DataFrame) -> go.Figure:
    """Cases decided as a share of appeals received, on an axis sized to the shares.

    The shares are small (under 1 % in the court's first years), so the axis runs from 0 to a
    little past the largest share, not to 100; each bar's row names the counts behind it.
    """
    largest = float(table["share"].max()) if len(table) else 0.0
    top = min(100.0, largest * 1.6) if largest > 0 else 1.0
    rows = [
        escaped(f"{dates.label(d)}, {p}", 40)
        + "<br>"
        + escaped(_("{decided} decided of {appeals} appeals").format(decided=dl, appeals=al), 40)
        for d, p, dl, al in zip(
            table["as_of"], table["publisher"], table["decided_label"], table["appeals_label"],
            strict=True,
        )
    ]  # fmt: skip
    bars = {
        "type": "bar",
        "x": table["share"],
        "y": rows,
        "orientation": "h",
        "marker": {"color": GREEN},
        "text": [escaped(t) for t in table["share_label"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}<br>%{text}<extra></extra>",
        "name": _("Share decided"),
    }
    return figure(
        [bars],
        _("Share of appeals decided ({percent})").format(percent="%"),
        height=max(240, 100 + 60 * len(table)),
        xaxis={
            "title": axis_title(
                _("Cases decided as a share of appeals received ({percent})").format(percent="%")
            ),
            "range": [0, top],
            "ticksuffix": " %",
        },
        yaxis={"automargin": True},
    )


def share_decided_alt(table: pd.DataFrame) -> str:
    """Text alternative for the share-decided chart."""
    points = "; ".join(
        f"{dates.label(d)}: {s}" for d, s in zip(table["as_of"], table["share_label"], strict=True)
    )
    return _("Bar chart of cases decided as a share of appeals. {points}.").format(points=points)


# A body's name beside its bar wraps at this many characters: two lines fit a bar, and the
# left margin stays narrow enough for a phone's width in every language.
BODY_LABEL_WIDTH = 24


def electoral_mix_figure(table: pd.DataFrame) -> go.Figure:
    """Stacked bars of seat shares by kind of seat, for each body before and after the reform.

    The bodies' names wrap (``BODY_LABEL_WIDTH``), and the left margin is fixed at the width of
    their longest line (``names_left``), without automargin: Plotly lays out an automargin
    chart twice, which took half the drawing of this chart (29 -> 15 ms for Plotly.newPlot).
    """
    traces = []
    names = [body_phase(b, p) for b, p in zip(table["body"], table["phase_label"], strict=True)]
    rows_label = [escaped(name, BODY_LABEL_WIDTH) for name in names]
    table = table.assign(row=rows_label)
    order = list(dict.fromkeys(table["row"]))[::-1]
    for position, (_subject, rows) in enumerate(table.groupby("subject", sort=False)):
        subject = rows["subject_name"].iloc[0]
        seats = [f" ({seats_text(s)})" if pd.notna(s) else "" for s in rows["seats"]]
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
        _("Electoral system: share of seats by kind of seat ({percent})").format(percent="%"),
        height=max(280, 120 + 60 * len(order)),
        xaxis={
            "title": axis_title(_("Share of seats ({percent})").format(percent="%")),
            **SHARE_AXIS,
        },
        yaxis={"categoryorder": "array", "categoryarray": order},
        fixed_left=names_left(names, BODY_LABEL_WIDTH),
        barmode="stack",
    )


def body_phase(body: str, phase: str) -> str:
    """A body before or after the reform: 'Mazhilis (before the reform)'."""
    return f"{body} ({phase.lower()})"


def seats_text(seats: float) -> str:
    """'98 seats', in the language of this run."""
    return ngettext("{count} seat", "{count} seats", int(seats)).format(count=format_amount(seats))


def electoral_mix_alt(table: pd.DataFrame) -> str:
    """Text alternative for the electoral-system chart."""
    parts = "; ".join(
        f"{body_phase(b, p)}: {s} {v}"
        for b, p, s, v in zip(
            table["body"], table["phase_label"], table["subject_name"], table["value_label"],
            strict=True,
        )
    )  # fmt: skip
    return _("Stacked bar chart of seat shares by kind of seat. {parts}.").format(parts=parts)


STACK_STEP = 0.22  # how far apart, in rows, events at the same date and sphere are drawn


def timeline_figure(table: pd.DataFrame) -> go.Figure:
    """Reform events over time, one row per sphere, coloured by sphere.

    One trace with a colour per point, and no legend: the y axis already names each row's
    sphere. Seven traces and a legend that repeated the axis cost the browser about twice as
    much to redraw on every filter change, and the server more to build. Events at the same
    date in the same sphere are set a little apart within the sphere's row (``stack``), so
    none hides under another.
    """
    names = sorted(set(table["sphere_label"]))
    row_of = {name: i for i, name in enumerate(names)}
    y = [
        row_of[s] + (k - (n - 1) / 2) * STACK_STEP
        for s, k, n in zip(table["sphere_label"], table["stack"], table["stack_size"], strict=True)
    ]
    events = {
        "type": "scatter",
        "x": table["start"],
        "y": y,
        "mode": "markers",
        "name": _("Reform events"),
        "showlegend": False,
        "marker": {
            "size": 14,
            "color": list(table["colour"]),
            "line": {"width": 1, "color": "white"},
        },
        "customdata": [
            [escaped(t), escaped(d), escaped(s), escaped(n), escaped(sphere)]
            for t, d, s, n, sphere in zip(
                table["title"],
                table["date_label"],
                table["sources"],
                table["notes"],
                table["sphere_label"],
                strict=True,
            )
        ],
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>%{customdata[4]}<br>"
            + inert_template(html.escape(_("Date: {date}"))).format(date="%{customdata[1]}")
            + "<br>"
            + inert_template(html.escape(_("Sources: {sources}"))).format(
                sources="%{customdata[2]}"
            )
            + "<br>%{customdata[3]}<extra></extra>"
        ),
    }
    return figure(
        [events],
        _("Timeline of reform events, by sphere"),
        height=max(300, 160 + 48 * len(names)),
        xaxis=time_axis(
            table["start"],
            list(table["date_label"]),
            _("Date (a month or a year alone is drawn at its middle)"),
        ),
        yaxis={
            "tickvals": list(range(len(names))),
            "ticktext": [escaped(n) for n in names],
            "range": [-0.6, len(names) - 0.4],
            "zeroline": False,
        },
        fixed_left=names_left(list(names)),
        showlegend=False,
    )


def timeline_alt(table: pd.DataFrame) -> str:
    """Text alternative for the timeline."""
    first, last = (
        (table["date_label"].iloc[0], table["date_label"].iloc[-1]) if len(table) else ("", "")
    )
    counts = table["sphere_label"].value_counts()
    spheres = ", ".join(f"{s}: {n}" for s, n in counts.items())
    return ngettext(
        "Timeline of {count} reform event from {first} to {last}, by sphere: {spheres}.",
        "Timeline of {count} reform events from {first} to {last}, by sphere: {spheres}.",
        len(table),
    ).format(count=len(table), first=first, last=last, spheres=spheres)


__all__ = [
    "AS_OF_AXIS",
    "COURT_TITLE",
    "SHARES",
    "STACK_STEP",
    "TURNOUT_TITLE",
    "VOTES",
    "court_alt",
    "court_figure",
    "drawn_dates",
    "election_results_alt",
    "election_results_figure",
    "electoral_mix_alt",
    "electoral_mix_figure",
    "log_axis",
    "marker_symbol",
    "share_decided_alt",
    "share_decided_figure",
    "timeline_alt",
    "timeline_figure",
    "turnout_alt",
    "turnout_figure",
]
