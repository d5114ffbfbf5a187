"""What every figure shares: the one-step builder, escaping, time and log axes, label placement.

Text from the data is HTML-escaped before it reaches a hover label, since Plotly renders a
subset of HTML there, and ``%{`` is broken up so that it never reads as one of Plotly's
templates. Colours come with the rows (from the data's registries); a row without one takes the
Okabe-Ito palette, which stays distinguishable with the common kinds of colour blindness and
reads on both light and dark backgrounds.
"""

from __future__ import annotations

import hashlib
import html
import math
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as babel_format_date

from metrics.chart_data import CONFLICT_MARK, PALETTE
from metrics.i18n import _, current_language, locale_of
from metrics.labels import ENGLISH

BLUE, ORANGE, GREEN, VERMILLION = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]
REMAINDER_COLOUR = PALETTE[-1]  # grey: a computed rest, not a candidate's or option's own
SHARE_AXIS = {"range": [0, 100], "ticksuffix": " %"}


def content_key(table: pd.DataFrame) -> str:
    """A digest of a table's columns and values: equal tables, equal keys (to reuse a figure)."""
    digest = hashlib.sha256("\x1f".join(map(str, table.columns)).encode())
    digest.update(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
    return digest.hexdigest()


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
    """The hover lines every point shares: value, status, source, evidence, other values.

    A computed row (the rest of a referendum's vote) has no source: only what it has is shown.
    The words are in the language of this run; the status is its label there
    (``status_label``); the evidence, quoted from the source, stays in English and says so.
    """
    status_text = row.get("status_label") or row.get("status")
    status = f" ({escaped(status_text)})" if status_text else ""
    parts = [f"<b>{escaped(row['value_label'])}</b>{status}"]
    if row.get("counts_text"):  # the counts behind a share, where the data has them
        parts.append(escaped(row["counts_text"]))
    if row.get("publisher"):
        parts.append(
            _("Source: {publisher} ({kind})").format(
                publisher=escaped(row["publisher"]), kind=escaped(row["source_kind_label"])
            )
        )
    if row.get("evidence"):
        evidence = (
            _("Evidence: {evidence}")
            if current_language() == ENGLISH
            else _("Evidence (quoted in English): {evidence}")
        )
        parts.append(evidence.format(evidence=escaped(row["evidence"])))
    if row.get("derived"):
        parts.append(_("Derived: {how}").format(how=escaped(row["derived"])))
    if row.get("correction"):  # a fact corrected since it was first published
        parts.append(escaped(row["correction"]))
    if row.get("other_values"):
        others = _("Other values: {values}").format(values=escaped(row["other_values"]))
        if row.get("disagrees"):
            disagree = _("Sources disagree.")
            others = f"{CONFLICT_MARK} {disagree} {others}"
        parts.append(others)
    return "<br>".join(parts)


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's ``layout.separators`` for the language: the decimal mark, then the thousands
    separator ('.,' in English; a decimal comma and a no-break space in Kazakh and Russian)."""
    return ".," if (lang or current_language()) == ENGLISH else ",\u00a0"


# At most this many ticks on a date axis whose labels we write ourselves (Kazakh, Russian).
DATE_TICKS = 8


def date_ticks(start: object, end: object, lang: str | None = None) -> dict[str, list[str]]:
    """Tick values and labels of a date axis from ``start`` to ``end``, in the run's language.

    Plotly names months in English only (the dashboard's Plotly has no other locale), so in
    Kazakh and Russian the ticks are written here with Babel: years ('2021') over long spans,
    months with their abbreviated names ('мар. 2023') over short ones. English keeps Plotly's
    own ticks (an empty dict).
    """
    lang = lang or current_language()
    if lang == ENGLISH:
        return {}
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    months = (last.year - first.year) * 12 + last.month - first.month
    ticks: list[pd.Timestamp] = []
    if months > 30:
        step = max(1, math.ceil((last.year - first.year + 1) / DATE_TICKS))
        years = range(first.year + (first > pd.Timestamp(first.year, 1, 1)), last.year + 1)
        ticks = [pd.Timestamp(y, 1, 1) for y in years if y % step == 0]
        texts = [str(t.year) for t in ticks]
    else:
        step = next(n for n in (1, 2, 3, 6, 12) if months / n <= DATE_TICKS)
        month = pd.Timestamp(first.year, first.month, 1)
        if month < first:
            month += pd.DateOffset(months=1)
        while month <= last:
            if (month.month - 1) % step == 0:
                ticks.append(month)
            month += pd.DateOffset(months=1)
        texts = [babel_format_date(t, format="LLL y", locale=locale_of(lang)) for t in ticks]
    return {"tickvals": [t.isoformat() for t in ticks], "ticktext": [escaped(t) for t in texts]}


# Titles wrap at this many characters: a 390 px phone shows about 40 of the title's font.
TITLE_WIDTH = 40
TITLE_LINE_HEIGHT = 22  # px per title line
# Room above the title for Plotly's mode bar, which shows on hover at the top right: the
# title starts below it instead of under it.
MODEBAR_CLEARANCE = 46
PLOT_MARGIN = {"l": 10, "r": 40, "b": 70}
# Axes of numbers and dates have labels of a width known in advance ('100 %', '54 128',
# '2024'): such a chart gets a fixed left margin for them and its axes no automargin.
# Streamlit's Plotly theme turns automargin on for every axis, and with it Plotly lays the
# chart out, measures its labels and lays it out again: half of the drawing of the turnout
# chart and of the rules' small multiples (35 -> 17 ms and 66 -> 40 ms for Plotly.newPlot in
# isolation; on the page it counts about twice, as Streamlit seems to draw a chart twice when
# it mounts it: benchmarks/where-the-time-goes.md). Charts whose axis shows names
# (parties, spheres, bodies), of any length in any language, keep automargin.
NUMBER_AXES_LEFT = 84  # px: tick labels, the title's standoff and the rotated title
FIXED_AXIS = {"automargin": False}
NAMES_AXIS_PAD = 24  # px beside the longest name: the tick's pad and a little room


def names_left(names: list[str], width: int | None = None) -> int:
    """A fixed left margin (px) for an untitled axis whose tick labels are ``names``.

    With ``width``, each name is measured as ``escaped(name, width)`` draws it: wrapped at
    that many characters, by its longest line.
    """
    lines = [line for name in names for line in (textwrap.wrap(name, width) if width else [name])]
    return int(max((len(line) for line in lines), default=0) * CHAR_WIDTH) + NAMES_AXIS_PAD


def title_lines(title: str, width: int = TITLE_WIDTH) -> list[str]:
    """A chart title broken into lines of at most ``width`` characters, each escaped."""
    return [inert_template(html.escape(line)) for line in textwrap.wrap(title, width) or [""]]


# The legend's top sits this far below the plot area, under the date or value axis's tick
# labels and its title. A fixed share of the plot's height (it was 0.22) put it on the axis
# title of a short chart, such as the electoral system's on a phone.
LEGEND_BELOW = 56  # px


def legend_y(plot_height: float) -> float:
    """The legend's ``y`` (a share of the plot area's height) that puts it ``LEGEND_BELOW`` px
    under the plot area."""
    return -round(LEGEND_BELOW / max(plot_height, 1.0), 4)


def top_margin(lines: int) -> int:
    """The top margin that holds the mode bar and a title of ``lines`` lines."""
    return MODEBAR_CLEARANCE + TITLE_LINE_HEIGHT * lines + 14


# Traces and layout that the next ``figure`` built in this context adds to its own
# (``overlaid``): the reform marks, given to a chart's figure at construction. Added after it
# was built, they took 6.4 ms of a 6 ms turnout figure (``add_traces`` and ``update_layout``
# validate and lay out again); in the one construction, 1.4 ms.
Overlay = tuple[list[dict[str, Any]], dict[str, Any]]
_OVERLAY: ContextVar[list[Overlay]] = ContextVar("overlay")


@contextmanager
def overlaid(traces: list[dict[str, Any]], layout: Mapping[str, Any]) -> Iterator[list[Overlay]]:
    """Within the block, the first ``figure`` built adds ``traces`` after its own and merges
    ``layout`` into its own (a dict into the figure's dict of the same key, key by key).

    Yields a list that is empty once a figure has taken the overlay: a caller whose figure was
    not built by ``figure`` adds the overlay itself.
    """
    pending: list[Overlay] = [(traces, dict(layout))]
    token = _OVERLAY.set(pending)
    try:
        yield pending
    finally:
        _OVERLAY.reset(token)


def merged_layout(layout: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``layout`` with ``extra`` merged in: a dict value into the same key's dict, key by key."""
    merged = dict(layout)
    for key, value in extra.items():
        current = merged.get(key)
        both = isinstance(current, Mapping) and isinstance(value, Mapping)
        merged[key] = {**current, **value} if both else value  # type: ignore[dict-item]
    return merged


def figure(
    traces: list[dict[str, Any]],
    title: str,
    height: int = 420,
    xaxis: Mapping[str, Any] | None = None,
    yaxis: Mapping[str, Any] | None = None,
    fixed_left: int | None = None,
    **layout: Any,
) -> go.Figure:
    """A figure with the title, margins and hover style every chart shares, built in one step.

    Traces are plain dicts with a ``type``, and the whole layout is given at construction:
    Plotly validates everything once. Building a figure and then calling ``update_layout``
    and ``update_xaxes`` validated the layout again on each call, which made a 12-point
    timeline take 9 ms to build instead of 2.5 ms (see docs/benchmarks.md).

    The title wraps (``TITLE_WIDTH``) so that a phone shows all of it, and starts below the
    strip where the mode bar appears; the figure grows by each extra line. Text too small to
    read inside a bar is hidden (its hover still has it) rather than shrunk.

    With ``fixed_left`` (px), the left margin is fixed at that and the axes get no automargin
    (``FIXED_AXIS``): for axes of numbers or dates (``NUMBER_AXES_LEFT``), or of names whose
    longest is known (``names_left``).

    Inside ``overlaid``, the overlay's traces and layout are part of the one construction.
    """
    lines = title_lines(title)
    fixed = FIXED_AXIS if fixed_left is not None else {}
    left = {"l": fixed_left} if fixed_left is not None else {}
    total = height + TITLE_LINE_HEIGHT * (len(lines) - 1)
    top = top_margin(len(lines))
    pending = _OVERLAY.get([])
    extra_traces, extra_layout = pending.pop() if pending else ([], {})
    return go.Figure(
        data=[*traces, *extra_traces],
        layout=merged_layout(
            {
                "title": {
                    "text": "<br>".join(lines),
                    "x": 0,
                    "xanchor": "left",
                    "yref": "container",
                    "y": 1,
                    "yanchor": "top",
                    "pad": {"t": MODEBAR_CLEARANCE, "l": 10},
                },
                "height": total,
                "margin": {**PLOT_MARGIN, **left, "t": top},
                "hoverlabel": {"align": "left"},
                "legend": {
                    "orientation": "h",
                    "yanchor": "top",
                    "y": legend_y(total - top - PLOT_MARGIN["b"]),
                    "x": 0,
                },
                "uniformtext": {"minsize": 10, "mode": "hide"},
                "separators": plotly_separators(),
                "xaxis": {**(xaxis or {}), **fixed},
                "yaxis": {**(yaxis or {}), **fixed},
                **layout,
            },
            extra_layout,
        ),
    )


def plot_height(fig: go.Figure) -> float:
    """The height of a figure's plotting area, in pixels."""
    margin = fig.layout.margin
    return float(fig.layout.height - margin.t - margin.b)


def time_range(drawn: pd.Series) -> list[pd.Timestamp]:
    """The x range of a time axis: every date, with room either side for markers and labels.

    One distinct date gets a year either side, so that Plotly does not zoom to milliseconds.
    """
    first, last = pd.Timestamp(min(drawn)), pd.Timestamp(max(drawn))
    pad = max((last - first) * 0.06, pd.Timedelta(days=75))
    if first == last:
        pad = pd.Timedelta(days=365)
    return [first - pad, last + pad]


def time_axis(drawn: pd.Series, labels: list[str], title: str) -> dict[str, Any]:
    """A date axis over ``drawn`` (``drawn_dates``), with the range of ``time_range``.

    With one distinct date the axis has a single tick at it, labelled in words (``labels``,
    as ``dates.label`` gives them): a single date is a single labelled point, never a time of
    day in milliseconds.
    """
    axis: dict[str, Any] = {
        "title": axis_title(title),
        "type": "date",
        "range": [t.isoformat() for t in time_range(drawn)],
    }
    distinct = list(dict.fromkeys(pd.Timestamp(t) for t in drawn))
    if len(distinct) == 1:
        axis["tickvals"] = [distinct[0].isoformat()]
        axis["ticktext"] = [escaped(labels[0])]
    else:
        axis |= date_ticks(*time_range(drawn))
    return axis


def x_fractions(drawn: pd.Series, axis_range: list[pd.Timestamp]) -> list[float]:
    """Where each date falls across a time axis, from 0 (left) to 1 (right)."""
    start, end = axis_range
    span = (end - start).total_seconds()
    return [(pd.Timestamp(t) - start).total_seconds() / span for t in drawn]


# Labels are placed for the narrowest plotting area a desktop shows; wider charts only spread
# them further apart. A phone may still crowd them: their hover keeps every value.
PLOT_WIDTH = 640.0
CHAR_WIDTH = 7.0  # px per character of a 12 px label, a little generous
LINE_HEIGHT = 15.0
MARKER_RADIUS = 8.0
LABEL_POSITIONS = (
    "top center", "bottom center", "middle right", "middle left",
    "top right", "top left", "bottom right", "bottom left",
)  # fmt: skip


def label_texts(labels: list[tuple[str, str] | None], at: list[int]) -> list[str]:
    """The texts ``place_labels`` chose for the points ``at``; '' where a point has none."""
    return [label[0] if (label := labels[i]) else "" for i in at]


def label_positions(labels: list[tuple[str, str] | None], at: list[int]) -> list[str]:
    """The positions ``place_labels`` chose for the points ``at`` (any for a point without)."""
    return [label[1] if (label := labels[i]) else "top center" for i in at]


def text_size(text: str) -> tuple[float, float]:
    """Width and height in pixels of a label (lines split at <br>, entities counted once)."""
    lines = [html.unescape(line) for line in text.split("<br>")]
    return max(len(line) for line in lines) * CHAR_WIDTH, len(lines) * LINE_HEIGHT


def label_box(
    x: float, y: float, size: tuple[float, float], position: str
) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) a label takes at ``position`` beside a point."""
    width, height = size
    vertical, horizontal = position.split()
    if vertical == "top":
        bottom = y + MARKER_RADIUS
    elif vertical == "bottom":
        bottom = y - MARKER_RADIUS - height
    else:
        bottom = y - height / 2
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (MARKER_RADIUS if vertical == "middle" else 0)
    else:
        left = x - width - (MARKER_RADIUS if vertical == "middle" else 0)
    return (left, bottom, left + width, bottom + height)


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """True when two boxes (left, bottom, right, top) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    points: list[tuple[float, float]],
    candidates: list[list[str]],
    width: float = PLOT_WIDTH,
    height: float = 300.0,
) -> list[tuple[str, str] | None]:
    """For each point, a label text and position that overlaps no marker and no other label.

    ``points`` are in pixels from the plotting area's bottom-left corner, in order of
    priority; ``candidates`` lists each point's texts, preferred first (a long label, then a
    short one). A point gets the first text and ``LABEL_POSITIONS`` entry whose box stays in
    the plotting area (give or take the margins) and clear of every marker and of the labels
    placed before it; a point with no room gets None and keeps its value in the hover.
    """
    markers = [
        (x - MARKER_RADIUS, y - MARKER_RADIUS, x + MARKER_RADIUS, y + MARKER_RADIUS)
        for x, y in points
    ]
    placed: list[tuple[float, float, float, float]] = []
    chosen: list[tuple[str, str] | None] = []
    for (x, y), texts in zip(points, candidates, strict=True):
        found = None
        for text in texts:
            size = text_size(text)
            for position in LABEL_POSITIONS:
                box = label_box(x, y, size, position)
                inside = box[0] >= -10 and box[2] <= width + 35 and box[1] >= 0 and box[3] <= height
                if inside and not any(overlaps(box, other) for other in [*markers, *placed]):
                    found = (text, position)
                    placed.append(box)
                    break
            if found:
                break
        chosen.append(found)
    return chosen


def axis_title(text: str) -> dict[str, str]:
    """An axis title, as Plotly's layout expects it."""
    return {"text": text}


def conflict_label(row: Mapping[str, Any]) -> str:
    """The bar or point label, with the conflict mark where sources disagree."""
    mark = f" {CONFLICT_MARK}" if row["disagrees"] else ""
    return f"{row['value_label']}{mark}"


__all__ = [
    "BLUE",
    "CHAR_WIDTH",
    "EXPORT_WIDTH",
    "FIXED_AXIS",
    "GREEN",
    "LABEL_POSITIONS",
    "LINE_HEIGHT",
    "MARKER_RADIUS",
    "MODEBAR_CLEARANCE",
    "NAMES_AXIS_PAD",
    "NUMBER_AXES_LEFT",
    "ORANGE",
    "PLOT_MARGIN",
    "PLOT_WIDTH",
    "PNG_BUTTON_TITLE",
    "REMAINDER_COLOUR",
    "SHARE_AXIS",
    "SVG_BUTTON_TITLE",
    "SVG_ICON_PATH",
    "TITLE_LINE_HEIGHT",
    "TITLE_WIDTH",
    "VERMILLION",
    "axis_title",
    "colour_or",
    "conflict_label",
    "content_key",
    "date_ticks",
    "escaped",
    "export_layout",
    "figure",
    "image_config",
    "inert_template",
    "label_box",
    "label_positions",
    "label_texts",
    "names_left",
    "overlaps",
    "place_labels",
    "plot_height",
    "plotly_separators",
    "provenance_hover",
    "text_size",
    "time_axis",
    "time_range",
    "title_lines",
    "top_margin",
    "x_fractions",
]


# The image a reader downloads (PNG or SVG) is drawn at this width, with its provenance under
# the plot: the filters, the sources, the dataset version and the page's address.
EXPORT_WIDTH = 1200
EXPORT_SCALE = 2  # PNG pixels per CSS pixel: sharp on slides and in print
FOOTER_FONT_SIZE = 11
FOOTER_LINE_HEIGHT = 16  # px per footer line
FOOTER_WIDTH = 150  # characters per footer line at EXPORT_WIDTH
AXIS_ROOM = 64  # px under the plot for the x axis's ticks and title
LEGEND_ROW_HEIGHT = 24
LEGEND_ITEM_PADDING = 48  # px a legend entry takes besides its text (symbol, gap)


def legend_names(fig: go.Figure) -> list[str]:
    """The names a figure's legend shows (none when it hides its legend)."""
    if fig.layout.showlegend is False:
        return []
    names = [str(trace.name) for trace in fig.data if trace.name and trace.showlegend is not False]
    if len(names) < 2 and not any(trace.showlegend for trace in fig.data):
        return []  # Plotly shows no legend for a single trace unless told to
    return names


def legend_entry_width(names: list[str]) -> float:
    """The width in px every legend entry gets in an image: the longest name's, and its symbol."""
    return max(len(html.unescape(name)) for name in names) * CHAR_WIDTH + LEGEND_ITEM_PADDING


def legend_rows(fig: go.Figure, width: float = EXPORT_WIDTH - 80) -> int:
    """How many rows a horizontal legend of ``fig`` takes at ``width`` (0 when it has none).

    Every entry is as wide as the widest (``legend_entry_width``), so no name is cut short.
    """
    names = legend_names(fig)
    if not names:
        return 0
    per_row = max(1, int(width // legend_entry_width(names)))
    return -(-len(names) // per_row)


def footer_lines(lines: list[str], width: int = FOOTER_WIDTH) -> list[str]:
    """Provenance lines wrapped to ``width`` characters, each escaped for Plotly."""
    wrapped = [part for line in lines if line for part in textwrap.wrap(line, width)]
    return [inert_template(html.escape(part)) for part in wrapped]


def export_layout(fig: go.Figure, provenance: list[str]) -> dict[str, Any]:
    """The layout an exported image is drawn with: wide, the legend above the plot, and the
    ``provenance`` lines (filters, sources, version, address) printed under it.

    The plot keeps its height; the image grows by the legend's rows and the footer's lines, so
    nothing is clipped. Axis labels get the margins they need (``automargin``). The browser
    merges this into the figure's layout only while it draws the image (``ui.image_export``).
    """
    lines = footer_lines(provenance)
    margin = fig.layout.margin
    top = float(margin.t if margin.t is not None else top_margin(1))
    plot = plot_height(fig)
    rows = legend_rows(fig)
    legend_room = rows * LEGEND_ROW_HEIGHT + (8 if rows else 0)
    footer = len(lines) * FOOTER_LINE_HEIGHT + 16
    height = top + legend_room + plot + AXIS_ROOM + footer
    layout: dict[str, Any] = {
        "width": EXPORT_WIDTH,
        "height": int(height),
        "margin": {"t": int(top + legend_room), "b": AXIS_ROOM + footer, "autoexpand": True},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        "annotations": [
            {
                "text": "<br>".join(lines),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -AXIS_ROOM,
                "align": "left",
                "showarrow": False,
                "font": {"size": FOOTER_FONT_SIZE},
            }
        ],
    }
    if rows:
        layout["legend"] = {
            "entrywidth": legend_entry_width(legend_names(fig)),
            "entrywidthmode": "pixels",
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "yref": "paper",
        }
    return layout


def image_config(file_name: str, export: Mapping[str, Any]) -> dict[str, Any]:
    """Plotly's config for a chart whose camera button downloads the provenance image.

    The camera makes a PNG named ``file_name``; ``ui.sharing`` puts a second button beside it
    for an SVG (a custom mode-bar button needs a JavaScript function, which a config sent as
    JSON cannot carry). Both are drawn by the browser's Plotly at the export size, with the
    export layout merged in while they are drawn.

    The mode bar shows only while the pointer is over a chart, in the strip above its title.
    There are no drag handles at the ends of each axis (``showAxisDragHandles``): zooming
    with a box, panning and a double click to reset stay, but the handles (about ten drag
    elements per plot, each with its listeners) cost every draw of every chart: the Rules
    page's overview, then eight small multiples with 88 of them, 46 to 34 ms; a single chart
    1 to 6 ms (``Plotly.newPlot`` alone).
    """
    return {
        "displaylogo": False,
        "displayModeBar": "hover",
        "showAxisDragHandles": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_name,
            "width": export["width"],
            "height": export["height"],
            "scale": EXPORT_SCALE,
        },
    }


PNG_BUTTON_TITLE = "Download plot as a PNG"  # Plotly's own title for its camera button
SVG_BUTTON_TITLE = "Download plot as an SVG"
# The SVG button's icon: an arrow onto a line (Material Symbols' "file_download"), 24 x 24.
SVG_ICON_PATH = "M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z"
