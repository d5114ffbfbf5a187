"""The Streamlit glue the pages share, one module per job.

- ``loading``: the cached dataset, the memory-bounded cache, the ranked and filtered rows and
  the ``View`` a page reads;
- ``sidebar``: the filters, bound to the address bar, and notices about bad links;
- ``blocks``: what a page draws for each chart of the registry (``metrics.charts``);
- ``families``: the charts of a family (one per vote, chamber or rule), chosen or on demand;
- ``sharing``: images, About this data and Cite this view, the offline report of a page;
- ``style``: the page-wide style rules (the keyboard's focus ring, the charts' axis text), put
  in the page shell's head with the image export's script (``sharing.page_head``, ``asgi.py``).

Everything here is thin: it reads widgets and session state, calls the pure functions of
``metrics``, and puts their results on the page.
"""

from metrics.ui.blocks import (
    chart_block,
    data_table,
    data_view,
    jump_links,
    page_charts,
    page_sections,
    section,
)
from metrics.ui.families import result_charts, rule_charts, seats_charts
from metrics.ui.loading import View, current_view, dataset_or_stop, preload
from metrics.ui.sharing import drawing_page, page_downloads
from metrics.ui.sidebar import sidebar_filters

__all__ = [
    "View",
    "chart_block",
    "current_view",
    "data_table",
    "data_view",
    "dataset_or_stop",
    "drawing_page",
    "jump_links",
    "page_charts",
    "page_downloads",
    "page_sections",
    "preload",
    "result_charts",
    "rule_charts",
    "seats_charts",
    "section",
    "sidebar_filters",
]
