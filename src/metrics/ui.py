"""The Streamlit glue the pages share: the cached loader, the filters, and the chart block.

Everything here is thin: it reads widgets and session state, calls the pure functions in
``filters``, ``chart_data``, ``figures`` and ``downloads``, and puts their results on the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from metrics import chart_data, downloads
from metrics.dataset import PACKAGE_FILE, Dataset, default_data_dir, load_dataset
from metrics.filters import (
    KIND_PARAM,
    SPHERE_PARAM,
    YEAR_PARAM,
    Filters,
    default_filters,
    filter_events,
    filter_ranked_facts,
    filter_summary,
    filters_slug,
    ignored_param_notices,
    kind_options,
    label,
    nearest_year_range,
    sphere_options,
    year_bounds,
)
from metrics.problems import DatasetError
from metrics.safe_text import escape_markdown

log = logging.getLogger(__name__)
T = TypeVar("T")
FILTERS_STATE = "_metrics_filters"
# The notices about a link whose year range was mended, kept for the one rerun that follows.
CORRECTED_LINK_STATE = "_metrics_corrected_link"


def data_fingerprint(data_dir: Path) -> tuple:
    """Name, size and modification time of each data file: a new value means reload."""
    if not data_dir.is_dir():
        return ()
    files = sorted([*data_dir.glob("*.csv"), data_dir / PACKAGE_FILE])
    return tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


# What ``preload`` made before the server started, for the first call of the caches below.
_PRELOADED: dict[tuple, Any] = {}


def preload(data_dir: Path) -> tuple[Dataset, pd.DataFrame]:
    """Load the dataset and rank it for the default filters, before the server starts.

    Streamlit's caches need a running server, so the results wait here, keyed by the files'
    fingerprint, and the first ``cached_dataset`` and ``ranked_rows`` calls take them: the
    first visitor does not wait for loading and ranking. A changed file is simply a miss.
    """
    key = (str(data_dir), data_fingerprint(data_dir))
    dataset = load_dataset(data_dir)
    kinds = default_filters(dataset).kinds
    ranked = chart_data.ranked_for_kinds(dataset, kinds)
    _PRELOADED[("dataset", *key)] = dataset
    _PRELOADED[("ranked", *key, kinds)] = ranked
    return dataset, ranked


@st.cache_data(show_spinner=False, max_entries=4)
def cached_dataset(data_dir: str, fingerprint: tuple) -> Dataset:
    """``load_dataset`` once per version of the files (the fingerprint is part of the key)."""
    preloaded = _PRELOADED.pop(("dataset", data_dir, fingerprint), None)
    return preloaded if preloaded is not None else load_dataset(Path(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def shared_dataset(data_dir: str, fingerprint: tuple) -> Dataset:
    """The cached dataset, unpickled once and then shared, read-only, by every session.

    ``st.cache_data`` hands each caller a fresh copy, which costs tens of milliseconds per
    call even for this small dataset; nothing here mutates the tables, so one copy serves all.
    """
    return cached_dataset(data_dir, fingerprint)


@st.cache_resource(show_spinner=False, max_entries=512)
def _memoized(key: tuple, _build: Callable[[], Any]) -> Any:
    """The result of ``_build()``, once per key (the builder itself is not hashed)."""
    return _build()


def dataset_or_stop() -> Dataset:
    """The validated dataset, or a page that says what is wrong and stops the script."""
    data_dir = default_data_dir()
    try:
        return shared_dataset(str(data_dir), data_fingerprint(data_dir))
    except DatasetError as err:
        missing_dir = any(p.message == "data directory not found" for p in err.problems)
        st.title("Reform Metrics")
        if missing_dir:
            st.error(
                f"The data directory `{escape_markdown(data_dir)}` does not exist. Set "
                "`METRICS_DATA_DIR` to a folder with `datapackage.json` and the CSV tables, "
                "or unset it to use the repository's `data/`, then reload this page."
            )
        else:
            st.error(
                f"The dataset in `{escape_markdown(data_dir)}` did not pass validation, so "
                "nothing is shown. Fix these problems and reload the page:"
            )
            st.code(err.report(), language=None)
    except Exception:  # a crash in the loader is logged, never shown as a traceback
        log.exception("loading the dataset failed")
        st.title("Reform Metrics")
        st.error(
            "The dataset could not be loaded because of an unexpected error. It has been "
            "logged on the server; run `make validate` to check the data."
        )
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


@st.cache_resource(show_spinner=False, max_entries=4)
def filter_options(
    data_dir: str, fingerprint: tuple
) -> tuple[tuple[int, int], list[str], list[str], Filters]:
    """Year bounds, spheres, source kinds and the default filters of one version of the data."""
    dataset = shared_dataset(data_dir, fingerprint)
    return (
        year_bounds(dataset),
        sphere_options(dataset),
        kind_options(dataset),
        default_filters(dataset),
    )


def sidebar_filters(dataset: Dataset) -> Filters:
    """The shared sidebar: year range, spheres and source kinds, each bound to the URL.

    Values in the link that cannot be used are reported in a visible notice.
    """
    data_dir = default_data_dir()
    bounds, spheres, kinds, _defaults = filter_options(str(data_dir), data_fingerprint(data_dir))
    corrected = st.session_state.pop(CORRECTED_LINK_STATE, None)
    if corrected is not None:
        notices = corrected  # the link was mended by the rerun below; say what was changed
    else:
        raw = {name: st.query_params.get_all(name) for name in st.query_params}
        notices = ignored_param_notices(raw, bounds, spheres, kinds) if raw else []
        if notices and YEAR_PARAM in raw:
            mend_link_years(nearest_year_range(raw[YEAR_PARAM], bounds), bounds, notices)

    with st.sidebar:
        st.header("Filters")
        first, last = bounds
        years = st.slider(
            "Years",
            min_value=first,
            max_value=last,
            value=bounds,
            step=1,
            key=YEAR_PARAM,
            bind="query-params",
            help="Figures and events from these years.",
        )
        # Pills, not multiselects: every option is visible at once and one click toggles it.
        # They sit in a popover, which the browser draws only when it is opened: eleven pills
        # drawn on every page load and rerun cost more than the chart (docs/benchmarks.md).
        # The choice is summed up in the caption below, so it is visible while closed.
        choices = st.popover(
            "Spheres and source kinds", icon=":material/filter_list:", width="stretch"
        )
        chosen_spheres = choices.pills(
            "Sphere of reform",
            options=spheres,
            default=spheres,
            selection_mode="multi",
            format_func=label,
            key=SPHERE_PARAM,
            bind="query-params",
            help=escape_markdown(
                "; ".join(
                    f"{label(k)}: {v}" for k, v in dataset.vocabularies.get("sphere", {}).items()
                )
            ),
        )
        chosen_kinds = choices.pills(
            "Source kind",
            options=kinds,
            default=kinds,
            selection_mode="multi",
            format_func=label,
            key=KIND_PARAM,
            bind="query-params",
            help="The five core articles are all Opinion; choose Opinion alone for core articles only.",
        )
        filters = Filters(tuple(int(y) for y in years), tuple(chosen_spheres), tuple(chosen_kinds))
        st.caption(
            escape_markdown(filter_summary(filters, spheres, kinds))
            + ". The filters live in the address bar: copy the link to share this view."
        )

    if notices:
        shown = f"{filters.years[0]}–{filters.years[1]}"
        st.warning(
            "\n".join(f"- {escape_markdown(n)}" for n in notices)
            + f"\n\nShowing the nearest valid view: years {shown}, "
            f"{len(filters.spheres)} of {len(spheres)} spheres, "
            f"{len(filters.kinds)} of {len(kinds)} source kinds.",
            icon=":material/link_off:",
        )
    st.session_state[FILTERS_STATE] = filters
    return filters


def mend_link_years(
    nearest: tuple[int, int] | None, bounds: tuple[int, int], notices: list[str]
) -> None:
    """Put the nearest valid year range in the address bar and rerun, before the slider exists.

    Streamlit seeds a bound slider from the link on a session's first run, before any value
    set in session state: a range it rejects (2010–2024) leaves the slider at its default and
    the address bar without a year, and a reversed one (2024, 2021) is taken as it is. So the
    link itself is mended, while the parameter is not yet bound, and the script reruns once;
    the notices are kept for that run. Later in a session the parameter is bound and cannot
    be set: then the nearest range goes to session state, which wins after the first run.
    """
    try:
        if nearest is None or nearest == bounds:
            del st.query_params[YEAR_PARAM]
        else:
            st.query_params[YEAR_PARAM] = [str(year) for year in nearest]
    except StreamlitAPIException:
        if nearest is not None:
            st.session_state[YEAR_PARAM] = nearest
        return
    st.session_state[CORRECTED_LINK_STATE] = notices
    st.rerun()


@dataclass(frozen=True)
class View:
    """What a page needs: the dataset, the filters, and the filtered, ranked rows."""

    dataset: Dataset
    filters: Filters
    defaults: Filters
    facts: pd.DataFrame
    events: pd.DataFrame
    cache_key: tuple

    @property
    def slug(self) -> str:
        """The filters as a file-name part."""
        return filters_slug(self.filters, self.defaults)

    def dataset_bundle(self) -> bytes:
        """The full-dataset ZIP, built once per version of the data and day of access."""
        key = (*self.cache_key[:2], "dataset-bundle", date.today().isoformat())
        return _memoized(key, lambda: downloads.bundle_zip(self.dataset))

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once per version of the data, filters and ``name``, shared by sessions.

        Tables and figures depend only on those, so a rerun with the same filters, another
        session, or a warm reload reuses them instead of rebuilding them.
        """
        return _memoized((*self.cache_key, name), build)


@st.cache_resource(show_spinner=False, max_entries=16)
def ranked_rows(data_dir: str, fingerprint: tuple, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Facts from the chosen kinds of source, ranked, with source and series columns."""
    preloaded = _PRELOADED.pop(("ranked", data_dir, fingerprint, kinds), None)
    if preloaded is not None:
        return preloaded
    return chart_data.ranked_for_kinds(shared_dataset(data_dir, fingerprint), kinds)


@st.cache_resource(show_spinner=False, max_entries=64)
def filtered_rows(
    data_dir: str, fingerprint: tuple, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranked facts and events for one set of filters (ranking is shared per choice of kinds)."""
    dataset = shared_dataset(data_dir, fingerprint)
    ranked = ranked_rows(data_dir, fingerprint, filters.kinds)
    facts = filter_ranked_facts(ranked, filters)
    events = filter_events(dataset.events, dataset.sources, filters)
    return facts, events


def current_view() -> View:
    """The dataset and the rows left by the sidebar's filters (set by app.py on every run)."""
    dataset = dataset_or_stop()
    data_dir = default_data_dir()
    fingerprint = data_fingerprint(data_dir)
    defaults = filter_options(str(data_dir), fingerprint)[3]
    filters = st.session_state.get(FILTERS_STATE, defaults)
    facts, events = filtered_rows(str(data_dir), fingerprint, filters)
    return View(dataset, filters, defaults, facts, events, (str(data_dir), fingerprint, filters))


def sources_caption(table: pd.DataFrame) -> str:
    """'Sources: A (kind); B (kind).' for the rows of a chart, escaped for Markdown."""
    return "Sources: " + escape_markdown("; ".join(chart_data.source_names(table))) + "\\."


def data_table(table: pd.DataFrame, key: str) -> None:
    """A table with its source links clickable (http and https only, as validated)."""
    config = {
        "url": st.column_config.LinkColumn("url", help="The source's page"),
        "evidence": st.column_config.TextColumn("evidence", width="large"),
        "other_values": st.column_config.TextColumn("other values"),
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key=key)


DOWNLOAD_FORMATS = (
    ("CSV", "csv", "text/csv", downloads.csv_bytes),
    ("Parquet", "parquet", "application/vnd.apache.parquet", downloads.parquet_bytes),
)


def download_buttons(table: pd.DataFrame, chart: str, view: View, variant: str = "shown") -> None:
    """CSV and Parquet downloads of exactly ``table``; neither reruns the page.

    The bytes are made when the buttons are drawn (once per data version, filters and
    ``variant``), not by a callable on click. Streamlit 1.67 leaves a file made on click
    unreferenced, and the orphan sweep that ends every script run of *any* session deletes it
    after two runs, so under concurrent sessions the browser's fetch could find it gone (the
    load test saw "Download.save_as: canceled"). A file given as bytes stays referenced by
    this session's page until its next rerun.
    """
    for column, (name, extension, mime, encode) in zip(
        st.columns(len(DOWNLOAD_FORMATS)), DOWNLOAD_FORMATS, strict=True
    ):
        column.download_button(
            f"Download {name}",
            data=view.memo(f"{chart}-{variant}-{extension}", lambda encode=encode: encode(table)),
            file_name=downloads.download_name(chart, view.slug, extension),
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"{chart}-{extension}",
            width="stretch",
        )


def chart_block(
    chart: str,
    table: pd.DataFrame,
    make_figure: Callable[[pd.DataFrame], go.Figure],
    make_alt: Callable[[pd.DataFrame], str],
    view: View,
    empty_message: str,
    all_values: pd.DataFrame | None = None,
    time_ordered: bool = False,
) -> None:
    """A chart with its caption, the rows it plots, and their downloads; or a plain sentence.

    ``all_values``, when given, is every source's figure for the same things, offered in the
    data view beside the plotted (preferred) rows. A ``time_ordered`` table longer than
    ``chart_data.PLOTTED_ROWS_LIMIT`` is plotted from its latest rows, with a note saying so;
    the data view always has every row.
    """
    if table.empty:
        st.info(empty_message, icon=":material/filter_alt_off:")
        return
    plotted = chart_data.latest_rows(table) if time_ordered else table
    figure, alt, caption = view.memo(
        f"{chart}-figure",
        lambda: (make_figure(plotted), make_alt(plotted), sources_caption(plotted)),
    )
    st.plotly_chart(
        figure, width="stretch", alt=alt, key=f"{chart}-figure", config={"displaylogo": False}
    )
    note = chart_data.plotted_note(len(plotted), len(table))
    st.caption(caption if note is None else f"{caption} {note}")
    data_view(chart, table, view, all_values)


def data_view(
    chart: str, table: pd.DataFrame, view: View, all_values: pd.DataFrame | None = None
) -> None:
    """The rows behind a chart and their downloads, in an expander drawn only when opened.

    A table widget for every chart on every run would cost more than the charts; the
    expander reruns the page when opened, and only then are the rows sent.
    """
    label = "Data behind these figures" if chart == "headlines" else "Data behind this chart"
    expander = st.expander(label, icon=":material/table:", key=f"{chart}-data", on_change="rerun")
    if not expander.open:
        return
    with expander:
        rows, variant = table, "shown"
        show_all = all_values is not None and len(all_values) > len(table)
        if show_all and st.toggle(
            "Show every source's value, not only the preferred one", key=f"{chart}-all"
        ):
            rows, variant = all_values, "all"
        data_table(rows, key=f"{chart}-table")
        download_buttons(rows, chart, view, variant)
