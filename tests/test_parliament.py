"""Seat positions of a parliament chart: every seat placed once, parties in wedges, thresholds."""

from __future__ import annotations

import math

import pytest

from metrics.parliament import (
    best_rows,
    majority,
    seat_positions,
    seats_per_row,
    threshold_angle,
    two_thirds,
)


@pytest.mark.parametrize("total", [1, 2, 5, 9, 50, 98, 107, 145, 3415])
def test_every_seat_is_placed_once_on_the_half_disc(total):
    seats = seat_positions([("a", total)])
    assert len(seats) == total
    assert len({(round(s.x, 9), round(s.y, 9)) for s in seats}) == total  # no two overlap
    assert all(s.y >= 0 and math.hypot(s.x, s.y) <= 1 + 1e-9 for s in seats)


@pytest.mark.parametrize("total", [9, 50, 98, 107, 145])
def test_rows_spread_the_seats_evenly(total):
    rows = best_rows(total)
    counts = seats_per_row(total, rows)
    assert sum(counts) == total and counts == sorted(counts)  # longer rows hold more
    radial = (1 - 0.4) / (rows - 1)
    along = [math.pi * (0.4 + radial * i) / c for i, c in enumerate(counts)]
    assert all(0.5 < a / radial < 2 for a in along)  # gaps along a row like gaps between rows


def test_each_party_holds_one_wedge_from_the_left():
    seats = seat_positions([("left", 40), ("middle", 8), ("right", 50)])
    owners = [s.party for s in seats]
    assert owners == ["left"] * 40 + ["middle"] * 8 + ["right"] * 50
    angles = [s.angle for s in seats]
    assert angles == sorted(angles, reverse=True)
    assert max(s.angle for s in seats if s.party == "right") < min(
        s.angle for s in seats if s.party == "left"
    )


@pytest.mark.parametrize(
    ("total", "needed", "qualified"), [(98, 50, 66), (107, 54, 72), (50, 26, 34)]
)
def test_majority_and_two_thirds(total, needed, qualified):
    assert majority(total) == needed and two_thirds(total) == qualified


def test_the_majority_line_separates_the_majority_from_the_rest():
    seats = seat_positions([("a", 98)])
    line = threshold_angle(seats, majority(98))
    assert sum(s.angle > line for s in seats) < majority(98) <= sum(s.angle >= line for s in seats)
    with pytest.raises(ValueError):
        threshold_angle(seats, 0)


def test_no_seats_no_positions():
    assert seat_positions([]) == [] and seat_positions([("a", 0)]) == []
