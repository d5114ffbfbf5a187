"""Timeline: reform events over time, coloured by sphere."""

import streamlit as st

from metrics import chart_data, figures, ui

view = ui.current_view()
st.title("Timeline of reforms")
st.caption(
    "One marker per happening; when several sources report it, all are listed. A month or a "
    "year alone is plotted at its start. Implied dates are explained in the notes."
)
ui.chart_block(
    "timeline",
    view.memo("timeline", lambda: chart_data.timeline(view.events, view.dataset)),
    figures.timeline_figure,
    figures.timeline_alt,
    view,
    "No reform events match these filters.",
    time_ordered=True,
)
