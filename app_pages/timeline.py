"""Timeline: reform events over time, coloured by sphere."""

import streamlit as st

from metrics import ui
from metrics.i18n import _

view = ui.current_view()
st.title(_("Timeline of reforms"))
st.caption(
    _(
        "One marker per happening; when several sources report it, all are listed. A month or a "
        "year alone is drawn at its middle. Implied dates are explained in the notes."
    )
)
ui.page_charts("timeline", view)
