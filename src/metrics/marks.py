"""Reform events marked on the charts over time: which events fall within a chart's dates.

A chart over time (turnout, the court's caseload, local elections) can mark the dated reform
events of the chosen spheres (``View.events``, already narrowed by the sidebar's filters) that
happened between its first and last figure. The rows are the timeline's (``chart_data.timeline``):
one per happening, with its drawn date, sphere, colour, title and sources.
"""

from __future__ import annotations

import pandas as pd

from metrics import chart_data, dates
from metrics.dataset import Dataset
from metrics.i18n import ngettext

MARK_COLUMNS = ["date", "date_label", "start", "sphere_label", "colour", "title", "sources"]


def date_span(texts: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """From the start of the earliest to the end of the latest partial date in ``texts``."""
    parsed = [dates.PartialDate.parse(text) for text in texts.dropna().unique() if text]
    if not parsed:
        return None
    return (
        pd.Timestamp(min(date.start for date in parsed)),
        pd.Timestamp(max(date.end for date in parsed)),
    )


def reform_marks(events: pd.DataFrame, dataset: Dataset, chart_dates: pd.Series) -> pd.DataFrame:
    """The reform events drawn within the span of ``chart_dates``, in time order.

    ``chart_dates`` are the partial dates (text) a chart plots; an event counts when the
    point where the timeline draws it lies in that span.
    """
    span = date_span(chart_dates)
    if span is None or events.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    table = chart_data.timeline(events, dataset)
    inside = (table["start"] >= span[0]) & (table["start"] <= span[1])
    return table.loc[inside, MARK_COLUMNS].reset_index(drop=True)


# How many events a text alternative names; the rest are counted.
ALT_NAMED = 6


def marks_alt(marks: pd.DataFrame) -> str:
    """A sentence naming the reform events marked on a chart, for its text alternative."""
    if marks.empty:
        return ""
    named = [f"{title} ({when})" for title, when in zip(marks["title"], marks["date_label"],
                                                          strict=True)][:ALT_NAMED]  # fmt: skip
    rest = len(marks) - len(named)
    listed = "; ".join(named)
    if rest:
        listed += ngettext(", and {count} more", ", and {count} more", rest).format(count=rest)
    return ngettext(
        "{count} reform event is marked as a triangle at the top: {events}.",
        "{count} reform events are marked as triangles at the top: {events}.",
        len(marks),
    ).format(count=len(marks), events=listed)
