"""Constitutional Court: appeals received against cases decided, and the share decided."""

import streamlit as st

from metrics import ui

view = ui.current_view()
st.title("Constitutional Court caseload")
st.markdown(
    "The court began work on 1 January 2023. Figures are cumulative from then. Every source's "
    "figure is its own marker: ▲ means *more than* (a lower bound), ○ means *about*, and a red "
    "ring with ⚠ marks figures that sources dispute; the data view lists every source's value."
)
ui.page_charts("court", view)
