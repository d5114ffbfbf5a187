"""The one partial-date type: parsing, precision, where it is drawn, and how it sorts."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics import dates
from metrics.dates import PartialDate, PartialDateError


@pytest.mark.parametrize(
    ("text", "precision", "start", "end", "middle", "label"),
    [
        ("2023", "year", "2023-01-01", "2023-12-31", "2023-07-02", "2023"),
        ("2024-02", "month", "2024-02-01", "2024-02-29", "2024-02-15", "February 2024"),
        ("2023-08-05", "day", "2023-08-05", "2023-08-05", "2023-08-05", "5 August 2023"),
    ],
)
def test_a_partial_date_is_a_period(text, precision, start, end, middle, label):
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert (date.start, date.end, date.middle) == tuple(
        dt.date.fromisoformat(d) for d in (start, end, middle)
    )
    assert date.label() == label and date.iso == text == str(date)


@pytest.mark.parametrize(
    "text",
    ["", "23", "2023-1", "2023-13", "2023-02-30", "2023/01/01", " 2023", "２０２３", "2023-"],
)
def test_anything_else_is_refused(text):
    assert not dates.is_partial_date(text)
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_an_access_date_is_a_full_day():
    assert dates.is_full_day("2026-01-10")
    assert not dates.is_full_day("2026-01") and not dates.is_full_day("2026")


def test_sorting_follows_where_the_dates_are_drawn():
    texts = ["2023-08", "2023", "2023-06-20", "2022-12-31", "2023-07-01"]
    assert sorted(texts, key=dates.sort_key) == [
        "2022-12-31", "2023-06-20", "2023-07-01", "2023", "2023-08",
    ]  # fmt: skip
    assert dates.sort_key("") == ""


def test_helpers_agree_with_the_type():
    assert dates.year_of("2021-01-10") == 2021
    assert dates.middle("2021-01") == dt.date(2021, 1, 15)
    assert dates.label("2021-01") == "January 2021"
