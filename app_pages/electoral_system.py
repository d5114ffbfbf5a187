"""Electoral system: party-list and single-mandate seats per body, before and after the reform."""

import streamlit as st

from metrics import ui
from metrics.i18n import _

view = ui.current_view()
st.title(_("Electoral system"))
st.markdown(
    _(
        "How each representative body's seats are filled: from party lists, in single-mandate "
        "districts, or (before the reform) by the Assembly of the People of Kazakhstan. Where a "
        "source gives seat counts but no shares, the shares are computed from the counts."
    )
)
ui.page_charts("electoral-system", view)

st.subheader(_("Who holds the seats"))
st.caption(
    _(
        "A dot per seat after each election of the whole chamber, in the party's colour, with the "
        "lines a majority and two thirds of the seats need. Each chamber comes from one source's "
        "table of seats, so that it adds up; where another source counts a party's seats "
        "differently, the data view says so."
    )
)
ui.seats_charts(view)
