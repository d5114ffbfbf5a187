"""The Streamlit glue the pages share, one module per job.

- ``loading``: the cached dataset, the memory-bounded cache, the ranked and filtered rows and
  the ``View`` a page reads;
- ``sidebar``: the filters, bound to the address bar, and notices about bad links;
- ``blocks``: what a page draws for each chart of the registry (``metrics.charts``).

Everything here is thin: it reads widgets and session state, calls the pure functions of
``metrics``, and puts their results on the page.
"""

from metrics.ui.blocks import (
    begin_page,
    chart_block,
    data_table,
    data_view,
    image_export_hook,
    page_charts,
    page_downloads,
    result_charts,
    rule_charts,
    seats_charts,
)
from metrics.ui.loading import View, current_view, dataset_or_stop, preload
from metrics.ui.sidebar import sidebar_filters

__all__ = [
    "View",
    "begin_page",
    "chart_block",
    "current_view",
    "data_table",
    "data_view",
    "dataset_or_stop",
    "image_export_hook",
    "page_charts",
    "page_downloads",
    "preload",
    "result_charts",
    "rule_charts",
    "seats_charts",
    "sidebar_filters",
]
