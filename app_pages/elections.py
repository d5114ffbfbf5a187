"""Elections: turnout across every election and referendum, and each vote's results."""

import streamlit as st

from metrics import ui

view = ui.current_view()
st.title("Elections and referendums")
ui.page_charts("elections", view)

st.subheader("Results")
st.caption(
    "Each bar is the preferred figure: a final count beats a preliminary one, an official or "
    "news-agency source beats opinion, a later figure beats an earlier one. ⚠ and hatching "
    "mark figures on which sources disagree; hover for the other values."
)
ui.result_charts(view)
