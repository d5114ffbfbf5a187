"""One partial-date type for the whole project: a year, a month or a day, with its precision.

The data writes dates only as precisely as its sources know them (``2023``, ``2023-08``,
``2023-08-15``). Every module that reads, sorts, filters, draws or prints such a date goes
through ``PartialDate``, so the conventions live here once:

- a partial date names a *period* (a year, a month or a day), from ``start`` to ``end``;
- charts draw it at its ``middle`` and say its precision in the hover: "2023 (the year)";
  a year is drawn at 2 July and a month at its 15th day, in every chart;
- sorting uses ``middle`` too, so points drawn in time order are also listed in that order;
- an access date (when a page was read) is always a full day (``is_full_day``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from metrics.i18n import current_language, format_date, format_month
from metrics.labels import ENGLISH

Precision = Literal["year", "month", "day"]
PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
MONTH_NAMES = tuple(calendar.month_name)[1:]


class PartialDateError(ValueError):
    """A text that is not a real YYYY, YYYY-MM or YYYY-MM-DD date."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a ``PartialDateError`` otherwise."""
        return _parse(text)

    @property
    def precision(self) -> Precision:
        """How precisely the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.day is not None:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def middle(self) -> dt.date:
        """Where charts draw the date and how it sorts: the middle day of the period."""
        if self.day is not None:
            return self.start
        if self.month is not None:
            return dt.date(self.year, self.month, 15)
        return dt.date(self.year, 7, 2)

    @property
    def iso(self) -> str:
        """The date as the data writes it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def label(self) -> str:
        """The date in words, as precise as it is known: '2023', 'August 2023', '15 August 2023'.

        In Kazakh or Russian (the language of this run, ``i18n``) the month is named as that
        language writes it: ru 'август 2023', '15 августа 2023 г.'.
        """
        if self.month is None:
            return str(self.year)
        lang = current_language()
        if lang != ENGLISH:
            day = dt.date(self.year, self.month, self.day or 1)
            return format_month(day, lang) if self.day is None else format_date(day, lang)
        month = MONTH_NAMES[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def __str__(self) -> str:
        return self.iso


@lru_cache(maxsize=4096)
def _parse(text: str) -> PartialDate:
    match = PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise PartialDateError(f"{text!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PartialDateError(f"{text!r} is not a real date") from None
    return PartialDate(year, month, day)


def is_partial_date(text: str) -> bool:
    """True for a real date written YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        _parse(text)
    except PartialDateError:
        return False
    return True


def is_full_day(text: str) -> bool:
    """True for a real date written YYYY-MM-DD (access dates must be full days)."""
    return is_partial_date(text) and len(text) == 10


def middle(text: str) -> dt.date:
    """``PartialDate.parse(text).middle``: where a chart draws the date."""
    return _parse(text).middle


@lru_cache(maxsize=16384)
def sort_key(text: str) -> str:
    """A string that sorts partial dates in time order (by their middle); '' sorts first.

    Cached, like the parse: the overview's headlines order every distinct date of the
    filtered facts on each filter change (thousands at 100,000 facts)."""
    return _parse(text).middle.isoformat() if text else ""


def year_of(text: str) -> int:
    """The year of a partial date."""
    return _parse(text).year


def label(text: str) -> str:
    """``PartialDate.label`` of a date written as text."""
    return _parse(text).label()
