"""Seat positions for a parliament (hemicycle) chart: every seat a dot on concentric arcs.

The seats of a chamber sit on ``rows`` half-circles, inner to outer, each row holding seats in
proportion to its length, so that the gaps along a row match the gaps between rows. Seats are
then ordered by angle, left to right, and handed to the parties in the order given: each party
gets one wedge. Pure arithmetic, no plotting: ``figures`` draws the dots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

INNER_RADIUS = 0.4  # the innermost row's radius, the outermost being 1


@dataclass(frozen=True)
class Seat:
    """One seat: where it is drawn and whose it is."""

    x: float
    y: float
    angle: float  # radians, pi at the far left, 0 at the far right
    row: int
    party: str


def row_radii(rows: int) -> list[float]:
    """The radius of each row, inner to outer."""
    if rows == 1:
        return [1.0]
    return [INNER_RADIUS + (1 - INNER_RADIUS) * i / (rows - 1) for i in range(rows)]


def seats_per_row(total: int, rows: int) -> list[int]:
    """How many of ``total`` seats each row holds: in proportion to its length, summing to total."""
    radii = row_radii(rows)
    shares = [total * r / sum(radii) for r in radii]
    counts = [math.floor(s) for s in shares]
    # hand the seats lost to rounding to the rows that lost the most
    for i in sorted(range(rows), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def best_rows(total: int) -> int:
    """The number of rows whose seats are spaced along the arcs as far apart as the rows are."""
    if total <= 3:
        return 1
    best, best_gap = 1, math.inf
    for rows in range(1, max(2, int(math.sqrt(total)) + 2)):
        counts = seats_per_row(total, rows)
        if min(counts) < 1:
            continue
        radial = (1 - INNER_RADIUS) / (rows - 1) if rows > 1 else 1.0
        along = max(math.pi * r / c for r, c in zip(row_radii(rows), counts, strict=True))
        gap = abs(along - radial)
        if gap < best_gap:
            best, best_gap = rows, gap
    return best


def seat_positions(parties: Sequence[tuple[str, int]]) -> list[Seat]:
    """Every seat of a chamber whose parties (in drawing order, left to right) hold these seats."""
    total = sum(count for _, count in parties)
    if total <= 0:
        return []
    rows = best_rows(total)
    places = []
    for row, (radius, count) in enumerate(
        zip(row_radii(rows), seats_per_row(total, rows), strict=True)
    ):
        for k in range(count):
            angle = math.pi * (1 - (k + 0.5) / count)
            places.append((angle, row, radius))
    places.sort(key=lambda place: (-place[0], place[1]))  # left to right, inner first on a tie
    owners = [party for party, count in parties for _ in range(count)]
    return [
        Seat(radius * math.cos(angle), radius * math.sin(angle), angle, row, owner)
        for (angle, row, radius), owner in zip(places, owners, strict=True)
    ]


def majority(total: int) -> int:
    """Seats needed for a majority of the chamber: more than half."""
    return total // 2 + 1


def two_thirds(total: int) -> int:
    """Seats needed for two thirds of the chamber."""
    return math.ceil(2 * total / 3)


def threshold_angle(seats: Sequence[Seat], needed: int) -> float:
    """The angle of the seat that completes ``needed`` seats counted from the left.

    A line drawn at this angle from the centre passes through that seat: every seat left of
    it is within the ``needed`` (several rows can have a seat at the same angle, so the line
    cannot always fall between two seats).
    """
    if not 0 < needed <= len(seats):
        raise ValueError(f"{needed} seats of {len(seats)}")
    return seats[needed - 1].angle
