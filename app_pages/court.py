"""Constitutional Court: appeals received against cases decided, and the share decided."""

import streamlit as st

from metrics import chart_data, figures, ui

view = ui.current_view()
st.title("Constitutional Court caseload")
st.markdown(
    "The court began work on 1 January 2023. Figures are cumulative from then. Every source's "
    "figure is its own marker: ▲ means *more than* (a lower bound), ○ means *about*, and a red "
    "ring with ⚠ marks figures that sources dispute, such as 3,708 appeals in the first year "
    "(an opinion article) against more than 5,000 in 2023 (the court's chair)."
)
caseload = view.memo("court-caseload", lambda: chart_data.court_caseload(view.facts))
ui.chart_block(
    "court-caseload",
    caseload,
    figures.court_figure,
    figures.court_alt,
    view,
    "No Constitutional Court figures match these filters.",
    time_ordered=True,
)

st.subheader("Share of appeals decided")
st.caption(
    "Cases decided divided by appeals received, where one source gives both for the same date. "
    "When appeals are 'more than N', the share is at most the value shown."
)
ui.chart_block(
    "court-share-decided",
    view.memo("court-share-decided", lambda: chart_data.share_decided(caseload)),
    figures.share_decided_figure,
    figures.share_decided_alt,
    view,
    "No date in these filters has both appeals and decisions from one source.",
)
