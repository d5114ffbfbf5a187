"""Constitutional Court: appeals received against cases decided, and the share decided."""

import streamlit as st

from metrics import ui
from metrics.i18n import _

view = ui.current_view()
st.title(_("Constitutional Court caseload"))
st.markdown(
    _(
        "The court began work on 1 January 2023. Figures are cumulative from then. Every source's "
        "figure is its own marker: ▲ means *more than* (a lower bound), ○ means *about*, and a red "
        "ring with ⚠ marks figures that sources dispute; the data view lists every source's value."
    )
)
ui.page_charts("court", view, only=("court-caseload",))
# drawn when opened: each chart drawn costs every reload of the page (make bench)
ui.page_charts(
    "court", view, only=("court-share-decided",),
    on_demand_label=_("Share of appeals decided, with its counts"),
)  # fmt: skip
ui.page_charts(
    "court", view, only=("court-periods",), on_demand_label=_("Appeals received by month and year")
)
