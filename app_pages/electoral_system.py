"""Electoral system: party-list and single-mandate seats per body, before and after the reform."""

import streamlit as st

from metrics import ui
from metrics.filters import CHAMBER_PARAM
from metrics.i18n import N_, _

view = ui.current_view()
st.title(_("Electoral system"))
st.markdown(
    _(
        "How each representative body's seats are filled: from party lists, in single-mandate "
        "districts, or (before the reform) by the Assembly of the People of Kazakhstan. Where a "
        "source gives seat counts but no shares, the shares are computed from the counts."
    )
)
MIX, SEATS = N_("How seats are filled"), N_("Who holds the seats")
# Tabs, only the open one drawn (each chart drawn costs every reload: make bench); a link
# naming an election's chamber opens the seats.
mix, seats = ui.page_sections([MIX, SEATS], SEATS if CHAMBER_PARAM in st.query_params else MIX)
if mix.open:
    with mix:
        ui.page_charts("electoral-system", view)
if seats.open:
    with seats:
        st.caption(
            _(
                "A dot per seat after each election of the whole chamber, in the party's colour, "
                "with the lines a majority and two thirds of the seats need. Each chamber comes "
                "from one source's table of seats, so that it adds up; where another source counts "
                "a party's seats differently, the data view says so."
            )
        )
        ui.seats_charts(view)
