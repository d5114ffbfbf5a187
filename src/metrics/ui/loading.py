"""Loading for the pages: the cached dataset, the ranked and filtered rows, and the ``View``.

The dataset is loaded once per version of its files (their fingerprint) and shared read-only
by every session. Rows per filter choice, tables, figures and download bytes are kept in one
``MemoryBoundedCache`` per process, bounded by the memory they take (``METRICS_CACHE_MB``).
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from metrics import chart_data, downloads
from metrics.charts import ChartInputs
from metrics.dataset import PACKAGE_FILE, Dataset, default_data_dir, load_dataset
from metrics.filters import (
    MARKS_PARAM,
    Filters,
    dataset_event_keys,
    default_filters,
    filter_events,
    filter_ranked_facts,
    filters_slug,
    kind_options,
    sphere_options,
    year_bounds,
)
from metrics.i18n import _, current_language, language
from metrics.labels import ENGLISH, LANGUAGES
from metrics.memory_cache import MemoryBoundedCache
from metrics.problems import DatasetError
from metrics.safe_text import escape_markdown

log = logging.getLogger(__name__)
T = TypeVar("T")
FILTERS_STATE = "_metrics_filters"


def data_fingerprint(data_dir: Path) -> str:
    """Name, size and modification time of each data file, one line each: a new value means
    reload; '' when the folder does not exist.

    One string, not a tuple of tuples: Streamlit's caches hash their arguments on every call,
    item by item, and a run calls them several times (about 40 items of the tuple took a few
    milliseconds of each run). Each file is read with one ``stat``.
    """
    if not data_dir.is_dir():
        return ""
    lines = []
    for path in sorted([*data_dir.glob("*.csv"), data_dir / PACKAGE_FILE]):
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode):
            lines.append(f"{path.name}\t{info.st_size}\t{info.st_mtime_ns}")
    return "\n".join(lines)


# What ``preload`` made before the server started, for the first call of the caches below.
_PRELOADED: dict[tuple, Any] = {}


def preload(data_dir: Path) -> tuple[Dataset, pd.DataFrame]:
    """Load the dataset and rank it for the default filters, before the server starts.

    Streamlit's caches need a running server, so the results wait here, keyed by the files'
    fingerprint, and the first ``shared_dataset`` and ``ranked_rows`` calls take them: the
    first visitor does not wait for loading and ranking. A changed file is simply a miss.
    """
    key = (str(data_dir), data_fingerprint(data_dir))
    dataset = load_dataset(data_dir)
    kinds = default_filters(dataset).kinds
    ranked = chart_data.ranked_for_kinds(dataset, kinds)
    _PRELOADED[("dataset", *key)] = dataset
    _PRELOADED[("ranked", *key, kinds, current_language())] = ranked
    return dataset, ranked


@st.cache_resource(show_spinner=False, max_entries=4)
def shared_dataset(data_dir: str, fingerprint: str) -> Dataset:
    """``load_dataset`` once per version of the files, shared read-only by every session.

    A resource, not ``st.cache_data``: that hands each caller a fresh unpickled copy, which
    costs tens of milliseconds per call; nothing mutates the tables, so one copy serves all.
    """
    preloaded = _PRELOADED.pop(("dataset", data_dir, fingerprint), None)
    return preloaded if preloaded is not None else load_dataset(Path(data_dir))


@st.cache_resource(show_spinner=False)
def memory_cache() -> MemoryBoundedCache:
    """The process's one cache of rows, tables, figures and downloads."""
    return MemoryBoundedCache()


def memoized(key: tuple, build: Callable[[], T]) -> T:
    """``build()`` once per key while it fits the memory budget."""
    return memory_cache().get_or_build(key, build)


def dataset_or_stop() -> Dataset:
    """The validated dataset, or a page that says what is wrong and stops the script."""
    data_dir = default_data_dir()
    try:
        return shared_dataset(str(data_dir), data_fingerprint(data_dir))
    except DatasetError as err:
        missing_dir = any(p.message == "data directory not found" for p in err.problems)
        st.title(_("Reform Metrics"))
        if missing_dir:
            st.error(
                _(
                    "The data directory {folder} does not exist. Set "
                    "METRICS\\_DATA\\_DIR to a folder with datapackage.json and the CSV tables, "
                    "or unset it to use the repository's data folder, then reload this page."
                ).format(folder=escape_markdown(data_dir))
            )
        else:
            st.error(
                _(
                    "The dataset in {folder} did not pass validation, so "
                    "nothing is shown. Fix these problems and reload the page:"
                ).format(folder=escape_markdown(data_dir))
            )
            st.code(err.report(), language=None)
    except Exception:  # a crash in the loader is logged, never shown as a traceback
        log.exception("loading the dataset failed")
        st.title(_("Reform Metrics"))
        st.error(
            _(
                "The dataset could not be loaded because of an unexpected error. It has been "
                "logged on the server; run make validate to check the data."
            )
        )
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can be set to for one version of the data."""

    bounds: tuple[int, int]
    spheres: dict[str, str]  # term -> label, in vocabulary order
    kinds: dict[str, str]
    defaults: Filters


@st.cache_resource(show_spinner=False, max_entries=12)
def filter_options(data_dir: str, fingerprint: str, lang: str = ENGLISH) -> FilterOptions:
    """Year bounds, spheres and source kinds (with their labels in ``lang``), the defaults."""
    dataset = shared_dataset(data_dir, fingerprint)
    with language(lang):
        return filter_options_of(dataset)


def filter_options_of(dataset: Dataset) -> FilterOptions:
    """``filter_options`` of a dataset, labelled in the language of this run."""
    return FilterOptions(
        year_bounds(dataset),
        {term: dataset.label("sphere", term) for term in sphere_options(dataset)},
        {term: dataset.label("kind", term) for term in kind_options(dataset)},
        default_filters(dataset),
    )


def current_filter_options() -> FilterOptions:
    """``filter_options`` of the data the dashboard serves now."""
    data_dir = default_data_dir()
    return filter_options(str(data_dir), data_fingerprint(data_dir), current_language())


def every_language_filter_options() -> list[FilterOptions]:
    """``filter_options`` of the data the dashboard serves now, in each of its languages."""
    data_dir = default_data_dir()
    fingerprint = data_fingerprint(data_dir)
    return [filter_options(str(data_dir), fingerprint, lang) for lang in LANGUAGES]


@dataclass(frozen=True)
class View:
    """What a page needs: the dataset, the filters, and the filtered, ranked rows."""

    dataset: Dataset
    filters: Filters
    defaults: Filters
    facts: pd.DataFrame
    events: pd.DataFrame
    cache_key: tuple
    # whether the charts over time mark the reform events (the sidebar's switch)
    marks: bool = True

    @property
    def slug(self) -> str:
        """The filters as a file-name part."""
        return filters_slug(self.filters, self.defaults)

    @property
    def inputs(self) -> ChartInputs:
        """What the chart registry builds rows from."""
        return ChartInputs(self.facts, self.events, self.dataset)

    def dataset_bundle(self) -> bytes:
        """The full-dataset ZIP, built once per version of the data and day of access."""
        key = (*self.cache_key[:2], "dataset-bundle", current_language(), date.today().isoformat())
        return memoized(key, lambda: downloads.bundle_zip(self.dataset))

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once per version of the data, filters and ``name``, shared by sessions.

        Tables and figures depend only on those, so a rerun with the same filters, another
        session, or a warm reload reuses them instead of rebuilding them.
        """
        return memoized((*self.cache_key, name), build)


def ranked_rows(data_dir: str, fingerprint: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Facts from the chosen kinds of source, ranked, with source and series columns.

    Their names and labels are in the language of this run, which is part of the key.
    """
    key = ("ranked", data_dir, fingerprint, kinds, current_language())
    preloaded = _PRELOADED.pop(key, None)
    if preloaded is not None:
        return memoized(key, lambda: preloaded)
    return memoized(
        key, lambda: chart_data.ranked_for_kinds(shared_dataset(data_dir, fingerprint), kinds)
    )


def filtered_rows(
    data_dir: str, fingerprint: str, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranked facts and events for one set of filters (ranking is shared per choice of kinds)."""

    def build() -> tuple[pd.DataFrame, pd.DataFrame]:
        dataset = shared_dataset(data_dir, fingerprint)
        ranked = ranked_rows(data_dir, fingerprint, filters.kinds)
        facts = filter_ranked_facts(ranked, filters)
        keys = dataset_event_keys(dataset)
        return facts, filter_events(dataset.events, dataset.sources, filters, keys)

    return memoized(("filtered", data_dir, fingerprint, filters, current_language()), build)


def current_view() -> View:
    """The dataset and the rows left by the sidebar's filters (set by app.py on every run)."""
    dataset = dataset_or_stop()
    data_dir = default_data_dir()
    fingerprint = data_fingerprint(data_dir)
    defaults = filter_options(str(data_dir), fingerprint).defaults
    filters = st.session_state.get(FILTERS_STATE, defaults)
    facts, events = filtered_rows(str(data_dir), fingerprint, filters)
    marks = st.session_state.get(MARKS_PARAM, True) is not False
    # the language is part of the key: memoised figures, tables and downloads hold its words
    key = (str(data_dir), fingerprint, filters, current_language())
    return View(dataset, filters, defaults, facts, events, key, marks)
