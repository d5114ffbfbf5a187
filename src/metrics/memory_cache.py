"""A least-recently-used cache bounded by the memory its values take, not by their number.

Streamlit's caches bound the number of entries. An entry here can be a few kilobytes (a
chart's figure on the real data) or tens of megabytes (ranked facts of one filter choice on a
synthetic dataset of 100,000 facts), so a count bound either wastes memory or lets it grow
without limit: 30 source-kind choices took a server from 414 MB to 1.4 GB. This cache keeps
an estimate of each value's size and evicts the least recently used values past its budget.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")
BUDGET_VARIABLE = "METRICS_CACHE_MB"
DEFAULT_BUDGET_MB = 256
# A value larger than this share of the budget is returned but not kept.
LARGEST_SHARE = 0.5


def budget_bytes() -> int:
    """The cache budget: ``METRICS_CACHE_MB`` megabytes if set to a positive number, else 256."""
    text = os.environ.get(BUDGET_VARIABLE, "")
    megabytes = int(text) if text.isascii() and text.isdigit() and int(text) > 0 else 0
    return (megabytes or DEFAULT_BUDGET_MB) * 1024 * 1024


def size_of(value: Any, _depth: int = 0) -> int:
    """An estimate of the bytes ``value`` holds: exact for bytes and frames, rough for figures."""
    if isinstance(value, bytes | bytearray | str):
        return len(value) + 50
    if isinstance(value, pd.DataFrame):
        # what ``memory_usage(deep=False)`` sums, without building its Series (half the time)
        return sum(column.array.nbytes for _, column in value.items()) + value.index.nbytes + 1_000
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=False)) + 500
    if _depth < 3 and isinstance(value, tuple | list):
        return sum(size_of(item, _depth + 1) for item in value) + 64
    if _depth < 3 and isinstance(value, dict):
        return sum(size_of(item, _depth + 1) for item in value.values()) + 64
    data = getattr(value, "data", None)  # a Plotly figure: its traces' points dominate
    if data is not None and hasattr(value, "layout"):
        points = 0
        for trace in data:
            x = getattr(trace, "x", None)
            points += 0 if x is None else len(x)
        return 4_000 + 400 * points
    return sys.getsizeof(value)


class MemoryBoundedCache:
    """A thread-safe LRU cache that evicts by the estimated size of its values."""

    def __init__(self, budget: int | None = None, measure: Callable[[Any], int] = size_of):
        self.budget = budget if budget is not None else budget_bytes()
        self._measure = measure
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.used = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``build()`` kept if it fits the budget."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
        value = build()  # outside the lock: two sessions may build the same value once each
        size = self._measure(value)
        if size > self.budget * LARGEST_SHARE:
            return value
        with self._lock:
            if key in self._entries:
                return self._entries[key][0]
            self._entries[key] = (value, size)
            self.used += size
            while self.used > self.budget and len(self._entries) > 1:
                _, (_, evicted) = self._entries.popitem(last=False)
                self.used -= evicted
                self.evictions += 1
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._entries.clear()
            self.used = 0
