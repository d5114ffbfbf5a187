"""The cache bounded by memory: keeps within its budget, evicts the least recently used."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.memory_cache import MemoryBoundedCache, budget_bytes, size_of


def test_values_are_built_once_and_reused():
    cache = MemoryBoundedCache(budget=10_000, measure=lambda value: 100)
    calls = []
    for _ in range(3):
        assert cache.get_or_build("a", lambda: calls.append(1) or "value") == "value"
    assert calls == [1]


def test_the_least_recently_used_value_goes_first_and_the_budget_holds():
    cache = MemoryBoundedCache(budget=1_000, measure=lambda value: 300)
    for key in "abc":
        cache.get_or_build(key, lambda key=key: key)
    cache.get_or_build("a", lambda: "rebuilt")  # a is used again, so b is now the oldest
    cache.get_or_build("d", lambda: "d")
    assert "b" not in cache and {"a", "c", "d"} <= {k for k in "abcd" if k in cache}
    assert cache.used <= cache.budget and cache.evictions == 1


def test_a_value_too_large_to_keep_is_returned_but_not_kept():
    cache = MemoryBoundedCache(budget=1_000, measure=len)
    assert cache.get_or_build("big", lambda: "x" * 900) == "x" * 900
    assert "big" not in cache and cache.used == 0


def test_sizes_of_frames_bytes_and_tuples():
    frame = pd.DataFrame({"x": range(10_000)})
    assert size_of(frame) >= 80_000
    # what pandas counts for a frame of numbers, strings and nullable values (deep=False)
    mixed = frame.assign(s="ab", n=pd.array([1, None] * 5_000, dtype="Int64")).iloc[::3]
    assert size_of(mixed) == int(mixed.memory_usage(index=True, deep=False).sum()) + 1_000
    assert size_of(b"x" * 5000) >= 5000
    assert size_of((frame, b"x" * 5000)) >= 85_000


@pytest.mark.parametrize(("text", "megabytes"), [("", 256), ("64", 64), ("-1", 256), ("abc", 256),
                                                 ("６４", 256), ("0", 256)])  # fmt: skip
def test_the_budget_comes_from_the_environment(monkeypatch, text, megabytes):
    monkeypatch.setenv("METRICS_CACHE_MB", text)
    assert budget_bytes() == megabytes * 1024 * 1024
