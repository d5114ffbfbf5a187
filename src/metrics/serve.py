"""``python -m metrics serve``: warm up, then start the Streamlit server on ``app.py``.

A cold Streamlit server imports an app's libraries and runs its first-use code paths while the
first visitor waits: for this dashboard that was about a second (pandas, pyarrow and narwhals
imports, Plotly's per-trace validators, pandas' lazily loaded Arrow string methods). ``warm_up``
pays that before the server listens: it loads, validates and ranks the data, leaving them for
the first visitor (``ui.preload``), and builds every page's tables and figures once from a few
rows each.

Nothing the warm-up finds is fatal: a dataset that does not validate, or a missing data
directory, is left for the page to explain, as it would be without the warm-up.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from metrics.dataset import Dataset

log = logging.getLogger(__name__)
APP = Path(__file__).resolve().parents[2] / "app.py"
# What the server runs: app.py behind the answer to nested unknown addresses (metrics.addresses).
SERVED = APP.with_name("asgi.py")
WARM_UP_ROWS = 50


def build_every_chart(dataset: Dataset, ranked: pd.DataFrame) -> int:
    """Build every chart of the registry once from ranked facts; the number built."""
    from metrics import chart_data, downloads
    from metrics.charts import ChartInputs, every_chart
    from metrics.filters import default_filters, filter_events, filter_ranked_facts

    chosen = default_filters(dataset)
    facts = filter_ranked_facts(ranked, chosen)
    events = filter_events(dataset.events, dataset.sources, chosen)
    inputs = ChartInputs(facts, events, dataset)
    built = 0
    for chart in every_chart(inputs):
        table = chart.rows(inputs)
        if table.empty:
            continue
        # a few rows run every code path; a large dataset's whole chart would only delay
        # the start (tens of thousands of hover labels on a synthetic court chart)
        sample = table.head(WARM_UP_ROWS)
        chart.figure(sample).to_dict()
        chart.alt(sample)
        downloads.csv_bytes(sample)
        built += 1
    chart_data.headline_figures(facts)
    return built


def warm_up(data_dir: Path) -> float:
    """Import the dashboard's libraries and run its code paths once; the seconds it took."""
    started = time.perf_counter()
    import plotly.io  # noqa: F401  (what st.plotly_chart serialises with)
    import pyarrow.parquet  # noqa: F401

    # Importing ui declares its caches before a runtime exists, which Streamlit logs as a
    # warning; it is expected here, and the caches work once the server has started.
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)
    try:
        from metrics.ui import preload  # and with it streamlit, pandas, pyarrow and plotly
    finally:
        caching_log.setLevel(level)

    try:
        build_every_chart(*preload(data_dir))
    except Exception as err:  # the page reports data problems; the warm-up never blocks serving
        log.warning("warm-up skipped the charts: %s", type(err).__name__)
    load_languages()
    draw_first_element()
    return time.perf_counter() - started


def load_languages() -> None:
    """Read each language's catalog and Babel's data for it (months, number formats) now.

    Babel loads a locale's data on its first use: in a first visit, the sidebar's date of the
    last check waited 140 ms for the English data, and a first page in Kazakh or Russian would
    wait for theirs.
    """
    from metrics import i18n
    from metrics.labels import LANGUAGES

    today = date.today()
    for lang in LANGUAGES:
        i18n.translation(lang)
        i18n.format_date(today, lang)
        i18n.format_month(today, lang)
        i18n.format_number(1234.5, lang)
        i18n.format_percent(62.5, lang)


def draw_first_element() -> None:
    """Draw one element before the server exists, to pay Streamlit's once-per-process check.

    The first element a process draws asks whether it runs in a Python shell, with
    ``inspect.stack()``, which reads every frame's source and resolves the file of every
    loaded module: about 100 ms with pandas, pyarrow and Plotly loaded, which the first
    visitor waited for. Drawn here, outside a server, the element goes nowhere.
    """
    import streamlit as st

    # Streamlit says, as warnings, that the element is drawn outside a server (with no script
    # run context, not under ``streamlit run``): expected here, so not logged. Its loggers are
    # made on first use with their own level, so only a global threshold silences them.
    logging.disable(logging.WARNING)
    try:
        st.empty()
    finally:
        logging.disable(logging.NOTSET)


def freeze_long_lived_objects() -> int:
    """Exempt what exists now (modules, the warm-up's data) from the cyclic garbage collector.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``). With
    pandas, pyarrow and plotly loaded that walks over 120,000 objects, some 25 ms that holds
    the GIL, so the finished page's last messages wait for it. Frozen objects are never
    scanned again, and nothing made afterwards (sessions, caches, figures) is exempt.
    Returns the number of objects frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def serve(streamlit_args: list[str]) -> int:
    """Warm up, then hand over to ``streamlit run asgi.py`` with ``streamlit_args``."""
    from metrics.dataset import default_data_dir

    seconds = warm_up(default_data_dir())
    print(f"Reform Metrics: warmed up in {seconds:.2f} s", file=sys.stderr, flush=True)
    from streamlit.web import bootstrap, cli  # noqa: F401  (the server's modules, before freezing)

    freeze_long_lived_objects()

    sys.argv = ["streamlit", "run", str(SERVED), *streamlit_args]
    return cli.main(prog_name="streamlit")
