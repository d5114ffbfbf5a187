"""Electoral system: party-list and single-mandate seats per body, before and after the reform."""

import streamlit as st

from metrics import chart_data, figures, ui

view = ui.current_view()
st.title("Electoral system")
st.markdown(
    "How each representative body's seats are filled: from party lists, in single-mandate "
    "districts, or (before the reform) by the Assembly of the People of Kazakhstan. Where a "
    "source gives seat counts but no shares, the shares are computed from the counts."
)
ui.chart_block(
    "electoral-mix",
    view.memo("electoral-mix", lambda: chart_data.electoral_mix(view.facts, view.dataset)),
    figures.electoral_mix_figure,
    figures.electoral_mix_alt,
    view,
    "No electoral-system figures match these filters.",
)
