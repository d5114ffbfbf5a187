"""The figures of the reform itself: rules over time, who holds the seats, what changed.

- ``rule_figure``: one rule's values as a step line, each step labelled with its act;
- ``rules_overview_figure``: every rule as a small multiple, for a first look;
- ``seats_figure``: a parliament (hemicycle) chart, a dot per seat in the party's colour,
  with the majority and two-thirds lines;
- ``comparison_figure``: the change in each party's share between two votes, as diverging bars.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from metrics import dates, parliament
from metrics.chart_data import PALETTE
from metrics.figures.base import (
    BLUE,
    NUMBER_AXES_LEFT,
    VERMILLION,
    axis_title,
    colour_or,
    content_key,
    date_ticks,
    escaped,
    figure,
)
from metrics.i18n import N_, _, current_language, format_signed, ngettext
from metrics.memory_cache import MemoryBoundedCache
from metrics.preference import format_amount, format_share

# The rules' overview: one row per rule, its name written across the top of the row and its
# steps drawn in a band under it, from OVERVIEW_FLOOR (the value 0) to OVERVIEW_FLOOR +
# OVERVIEW_BAND (the rule's largest value), the rest left for the values written above the
# dots. The name above the row, not beside it, leaves the steps the chart's whole width: on
# a phone the names beside the rows took half of it and the values ran into each other.
OVERVIEW_ROW_HEIGHT = 82  # px, for a name of one line
OVERVIEW_NAME_LINE = 15  # px per line of a rule's name
OVERVIEW_NAME_WIDTH = 48  # characters per line of a rule's name (the longest today has 44)
OVERVIEW_FLOOR_PX, OVERVIEW_BAND_PX = 16, 30
OVERVIEW_LEFT = 24  # px: the first date's tick label, half of it left of the plot
OVERVIEW_X_PAD = 0.04  # share of the time span left before the first step (a third after)
OVERVIEW_FLOOR = OVERVIEW_FLOOR_PX / OVERVIEW_ROW_HEIGHT  # share of a row, names of one line
OVERVIEW_BAND = OVERVIEW_BAND_PX / OVERVIEW_ROW_HEIGHT
# The lines drawn across a parliament: what they mark, translated where drawn
MAJORITY, TWO_THIRDS = N_("majority"), N_("two thirds")


def step_points(table: pd.DataFrame, until: str) -> tuple[list, list]:
    """The x and y of a step line: each value from its start to the next one's (or ``until``)."""
    xs, ys = [], []
    for row in table.itertuples():
        xs += [dates.middle(row.valid_from), dates.middle(row.valid_to or until)]
        ys += [row.value, row.value]
    return xs, ys


def value_text(value: float, unit: str) -> str:
    """A rule's value as people read it: '5 %', '20,000' (ru '20 000'), in the run's language."""
    return format_share(value) if unit == "percent" else format_amount(value)


def value_from(value: float, unit: str, day: str) -> str:
    """'5 % from March 2023': a rule's value and when it took effect."""
    return _("{value} from {date}").format(value=value_text(value, unit), date=day)


def rule_figure(table: pd.DataFrame, today: str) -> go.Figure:
    """One rule (for one body) over time: a step line, a marker per step with its act on hover."""
    first = table.iloc[0]
    xs, ys = step_points(table, today)
    hover = [
        _("{value} from {date}").format(
            value=f"<b>{escaped(value_text(v, first['unit']))}</b>", date=escaped(d)
        )
        + "<br>"
        + _("Set by: {act}").format(act=escaped(a or _("not named on the page")))
        + "<br>"
        + _("Sources: {sources}").format(sources=escaped(p))
        for v, d, a, p in zip(
            table["value"], table["date_label"], table["acts"], table["publishers"], strict=True
        )
    ]
    traces: list[dict[str, Any]] = [
        {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "line": {"color": BLUE, "width": 3},
         "hoverinfo": "skip", "showlegend": False},
        {"type": "scatter", "x": [dates.middle(d) for d in table["valid_from"]], "y": table["value"],
         "mode": "markers+text", "marker": {"size": 11, "color": BLUE},
         "text": [escaped(value_text(v, first["unit"])) for v in table["value"]],
         "textposition": "top right", "hovertext": hover,
         "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False},
    ]  # fmt: skip
    body = f" ({first['body_name']})" if first["body_name"] else ""
    values = list(table["value"])
    top = max(values) * 1.25 if max(values) > 0 else 1
    return figure(
        traces,
        f"{first['rule_title']}{body} ({first['short_unit']})",
        height=320,
        xaxis={
            "title": axis_title(_("In force from (a month or year alone is drawn at its middle)")),
            "type": "date",
            **date_ticks(min(map(pd.Timestamp, xs)), max(map(pd.Timestamp, xs))),
        },
        yaxis={"title": axis_title(first["short_unit"]), "range": [0, top], "rangemode": "tozero"},
        fixed_left=NUMBER_AXES_LEFT,
    )


def rule_alt(table: pd.DataFrame) -> str:
    """Text alternative for one rule's steps."""
    first = table.iloc[0]
    body = f" ({first['body_name']})" if first["body_name"] else ""
    steps = "; ".join(
        value_from(v, first["unit"], d)
        for v, d in zip(table["value"], table["date_label"], strict=True)
    )
    return _("Step chart: {rule}{body}: {steps}.").format(
        rule=first["rule_title"], body=body, steps=steps
    )


# The overview's figures by their rows, day and language: the rules do not follow the filters,
# so every filter change and every session drew the same figure: built, it takes about 18 ms
# (75 when it was eight subplots), a copy about 11. The project's thread-safe LRU cache,
# bounded here by count (each figure counts as 1).
OVERVIEWS_KEPT = 6
_OVERVIEWS = MemoryBoundedCache(budget=OVERVIEWS_KEPT, measure=lambda _figure: 1)


def rules_overview_figure(table: pd.DataFrame, today: str) -> go.Figure:
    """Every rule with two or more steps as a small multiple: how each moved over time.

    The multiples are rows on one shared time axis, so that the rules' changes line up by
    date; each row is scaled to its own rule (its own unit) and writes its values beside its
    steps (``overview_of``).

    Built once per rows, day and language (``_OVERVIEWS``); each call gets its own copy, which
    the caller may change (the image export and reform marks are added to it).
    """
    key = (content_key(table), today, current_language())
    built = _OVERVIEWS.get_or_build(key, lambda: overview_of(table, today))
    return go.Figure(built)  # never handed out itself: callers change their figure


def overview_of(table: pd.DataFrame, today: str) -> go.Figure:
    """``rules_overview_figure``, built: one row per rule on one shared time axis.

    Each rule's steps are drawn in a band of its row, scaled from 0 to the rule's largest
    value (each rule in its own unit), with every value written beside the dot where it took
    effect and its date on hover; the rule's name is written across the top of its row, so
    the steps have the chart's whole width. Eight subplots (one per rule, each with its own
    axes) took Plotly twice as long to draw (Plotly.newPlot 36.8 against 17.7 ms), and on a
    phone three columns of them left each a few dozen pixels.
    """
    keys = list(dict.fromkeys(zip(table["rule"], table["body"], strict=True)))
    groups = [table[(table["rule"] == r) & (table["body"] == b)] for r, b in keys]
    rows = len(groups)
    names = [
        f"{g['rule_title'].iloc[0]}" + (f" ({g['body_name'].iloc[0]})" if g["body_name"].iloc[0] else "")
        for g in groups
    ]  # fmt: skip
    labels = [escaped(name, OVERVIEW_NAME_WIDTH) for name in names]
    name_lines = max((label.count("<br>") + 1 for label in labels), default=1)
    row_height = OVERVIEW_ROW_HEIGHT + OVERVIEW_NAME_LINE * (name_lines - 1)
    base, band = OVERVIEW_FLOOR_PX / row_height, OVERVIEW_BAND_PX / row_height
    traces: list[dict[str, Any]] = []
    for i, group in enumerate(groups):
        floor = rows - 1 - i + base  # the first rule at the top
        largest = float(group["value"].max())
        scale = band / largest if largest > 0 else 0.0
        colour = PALETTE[i % len(PALETTE)]
        xs, ys = step_points(group, today)
        unit = group["unit"].iloc[0]
        traces.append(
            {"type": "scatter", "x": xs, "y": [floor + v * scale for v in ys], "mode": "lines",
             "line": {"color": colour, "width": 3}, "hoverinfo": "skip", "showlegend": False}
        )  # fmt: skip
        traces.append(  # a dot where each value took effect, the value beside it, its date on hover
            {
                "type": "scatter",
                "x": [dates.middle(d) for d in group["valid_from"]],
                "y": [floor + float(v) * scale for v in group["value"]],
                "mode": "markers+text",
                "marker": {"size": 7, "color": colour},
                "text": [escaped(value_text(v, unit)) for v in group["value"]],
                "textposition": "top right",
                "cliponaxis": False,
                "hovertext": [
                    escaped(value_from(v, unit, d))
                    for v, d in zip(group["value"], group["date_label"], strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "showlegend": False,
            }
        )
    xaxis: dict[str, Any] = {"type": "date"}
    if len(table):
        drawn = [pd.Timestamp(dates.middle(d)) for d in table["valid_from"]] + [pd.Timestamp(today)]
        start, end = min(drawn), max(drawn)
        xaxis.update(date_ticks(start, end))
        pad = (end - start) * OVERVIEW_X_PAD
        left = (start - pad).isoformat()
        xaxis["range"] = [left, (end + pad / 3).isoformat()]
        # each rule's name across the top of its row from the plot's left edge: one trace of
        # text. Annotations took Plotly 6.6 ms more to draw (each is measured on its own), and
        # tick labels inside the plot made Plotly hide the date ticks under the names' width.
        traces.append(
            {"type": "scatter", "mode": "text", "x": [left] * rows,
             "y": [rows - i for i in range(rows)], "text": labels,
             "textposition": "bottom right", "textfont": {"size": 13}, "cliponaxis": False,
             "hoverinfo": "skip", "showlegend": False}
        )  # fmt: skip
    return figure(
        traces,
        _("The rules of the reform over time (each in its own unit)"),
        height=row_height * rows + 130,
        xaxis=xaxis,
        yaxis={
            "showticklabels": False,
            "range": [0, max(rows, 1)],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        fixed_left=OVERVIEW_LEFT,
        showlegend=False,
    )


def rules_overview_alt(table: pd.DataFrame) -> str:
    """Text alternative for the small multiples."""
    parts = []
    for (_rule, _body), group in table.groupby(["rule", "body"], sort=False):
        first = group.iloc[0]
        values = " → ".join(value_text(v, first["unit"]) for v in group["value"])
        parts.append(f"{first['rule_title']}: {values}")
    return _("Small multiples of the rules over time. {parts}.").format(parts="; ".join(parts))


def seats_figure(table: pd.DataFrame, title: str) -> go.Figure:
    """A hemicycle: a dot per seat in its party's colour, majority and two-thirds lines.

    Where the data splits a party's seats, its party-list seats are filled dots and its
    single-mandate seats rings of the same colour (told apart without relying on colour). A
    party without a colour of its own takes a palette colour no other party uses.
    """
    parties = [(s, int(n)) for s, n in zip(table["subject"], table["seats"], strict=True) if n > 0]
    seats = parliament.seat_positions(parties)
    total = len(seats)
    info = table.set_index("subject")
    own_colours = {c for c in table["subject_colour"] if isinstance(c, str) and c}
    spare = [c for c in PALETTE if c not in own_colours] or list(PALETTE)
    split = table["single_mandate_seats"].notna().any()
    traces: list[dict[str, Any]] = []
    for i, (subject, count) in enumerate(parties):
        own = [seat for seat in seats if seat.party == subject]
        colour = colour_or(info.loc[subject, "subject_colour"], spare[i % len(spare)])
        single = info.loc[subject, "single_mandate_seats"]
        singles = int(single) if pd.notna(single) else 0
        name = escaped(f"{info.loc[subject, 'subject_name']}: {count}")
        seats_word = ngettext("{name} seat", "{name} seats", count).format(name=name)
        detail = (
            " "
            + _("({listed} list, {single} single-mandate)").format(
                listed=count - singles, single=singles
            )
            if split
            else ""
        )
        traces.append(
            {"type": "scatter", "x": [s.x for s in own], "y": [s.y for s in own], "mode": "markers",
             "name": name, "marker": {"size": 9 if total <= 150 else 5, "color": colour,
             "symbol": ["circle"] * (count - singles) + ["circle-open"] * singles,
             "line": {"width": [0.5] * (count - singles) + [2.5] * singles,
                      "color": ["white"] * (count - singles) + [colour] * singles}},
             "hovertemplate": f"{seats_word}{escaped(detail)}<extra></extra>"}
        )  # fmt: skip
    shapes, annotations = [], []
    for needed, label in ((parliament.majority(total), MAJORITY),
                          (parliament.two_thirds(total), TWO_THIRDS)):  # fmt: skip
        if not total or needed > total:
            continue
        angle = parliament.threshold_angle(seats, needed)
        x0, y0 = 0.3 * math.cos(angle), 0.3 * math.sin(angle)
        x1, y1 = 1.08 * math.cos(angle), 1.08 * math.sin(angle)
        shapes.append({"type": "line", "x0": x0, "y0": y0, "x1": x1, "y1": y1,
                       "line": {"color": VERMILLION if label == MAJORITY else "#999999",
                                "width": 2, "dash": "dash"}})  # fmt: skip
        annotations.append({"x": x1, "y": y1, "text": escaped(f"{_(label)}: {needed}"), "showarrow": False,
                            "yanchor": "bottom", "font": {"size": 12}})  # fmt: skip
    total_text = ngettext("{count} seat", "{count} seats", total).format(count=f"<b>{total}</b>")
    annotations.append({"x": 0, "y": 0.05, "text": total_text, "showarrow": False,
                        "font": {"size": 16}})  # fmt: skip
    if split:
        annotations.append({"x": 0, "y": -0.04,
                            "text": escaped(_("dots: party list · rings: single-mandate")),
                            "showarrow": False, "font": {"size": 11}})  # fmt: skip
    return figure(
        traces,
        title,
        height=430,
        xaxis={"visible": False, "range": [-1.15, 1.15]},
        yaxis={"visible": False, "range": [-0.05, 1.2], "scaleanchor": "x"},
        shapes=shapes,
        annotations=annotations,
    )


def seats_alt(table: pd.DataFrame, title: str) -> str:
    """Text alternative for a parliament chart."""
    total = int(table["seats"].sum())
    parts = ", ".join(
        f"{s}: {n}" for s, n in zip(table["subject_name"], table["seats"].astype(int), strict=True)
    )
    return ngettext(
        "Parliament chart, {title}: {total} seat: {parts}. A majority is {majority}, "
        "two thirds {two_thirds}.",
        "Parliament chart, {title}: {total} seats: {parts}. A majority is {majority}, "
        "two thirds {two_thirds}.",
        total,
    ).format(
        title=title,
        total=total,
        parts=parts,
        majority=parliament.majority(total),
        two_thirds=parliament.two_thirds(total),
    )


def comparison_figure(table: pd.DataFrame, title: str) -> go.Figure:
    """The change in share (percentage points) of each party or candidate, as diverging bars."""
    rows = table[table["share_change"].notna()].iloc[::-1]
    change = rows["share_change"]
    labels = [
        _("{change} pp").format(change=format_signed(c, 2))
        + (", " + seats_change_text(s) if pd.notna(s) else "")
        for c, s in zip(change, rows["seats_change"], strict=True)
    ]
    bars = {
        "type": "bar", "orientation": "h", "x": change, "y": [escaped(n) for n in rows["name"]],
        "marker": {"color": [BLUE if c >= 0 else VERMILLION for c in change],
                   "pattern": {"shape": ["" if c >= 0 else "/" for c in change]}},
        "text": [escaped(t) for t in labels], "textposition": "outside", "cliponaxis": False,
        "customdata": [[escaped(format_share(a)), escaped(format_share(b))]
                       for a, b in zip(rows["share_first"], rows["share_second"], strict=True)],
        "hovertemplate": "%{y}: " + escaped(_("{first} then {second}")).format(
            first="%{customdata[0]}", second="%{customdata[1]}") + "<extra></extra>",
        "name": _("Change in share"),
    }  # fmt: skip
    reach = max(5.0, float(change.abs().max() or 0) * 1.4)
    return figure(
        [bars],
        title,
        height=max(260, 90 + 40 * len(rows)),
        xaxis={
            "title": axis_title(_("Change in share of the vote (percentage points)")),
            "range": [-reach, reach],
            "zeroline": True,
            "zerolinewidth": 2,
        },
    )


def comparison_alt(table: pd.DataFrame, title: str) -> str:
    """Text alternative for a comparison."""
    parts = "; ".join(
        f"{n} " + _("{change} pp").format(change=format_signed(c, 2))
        for n, c in zip(table["name"], table["share_change"], strict=True)
        if pd.notna(c)
    )
    return _("Diverging bar chart, {title}: {parts}.").format(title=title, parts=parts)


def seats_change_text(change: float) -> str:
    """'+3 seats', '-1 seat'."""
    count = int(abs(change))
    return ngettext("{change} seat", "{change} seats", count).format(
        change=format_signed(change, 0)
    )


__all__ = [
    "comparison_alt", "comparison_figure", "rule_alt", "rule_figure", "rules_overview_alt",
    "rules_overview_figure", "seats_alt", "seats_figure", "step_points", "value_text",
]  # fmt: skip
