"""Electoral system: party-list and single-mandate seats per body, before and after the reform."""

import streamlit as st

from metrics import ui

view = ui.current_view()
st.title("Electoral system")
st.markdown(
    "How each representative body's seats are filled: from party lists, in single-mandate "
    "districts, or (before the reform) by the Assembly of the People of Kazakhstan. Where a "
    "source gives seat counts but no shares, the shares are computed from the counts."
)
ui.page_charts("electoral-system", view)
