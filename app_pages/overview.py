"""Overview: headline figures with their sources, and a glimpse of the timeline."""

import streamlit as st

from metrics import chart_data, ui
from metrics.i18n import _

view = ui.current_view()
st.title(_("Kazakhstan's reforms since 2019, in cited figures"))
st.markdown(
    _(
        "Election results, the Constitutional Court's caseload, the electoral-system mix, turnout "
        "and a timeline of reforms. Every figure names its source, and sources that disagree are "
        "shown side by side. The core articles are opinion pieces: see **Sources & data**."
    )
)

headlines = view.memo("headlines", lambda: chart_data.headline_figures(view.facts))
if headlines.empty:
    st.info(_("No headline figures match these filters."), icon=":material/filter_alt_off:")
else:
    st.markdown(view.memo("headline-table", lambda: chart_data.headline_markdown(headlines)))
    st.caption(
        _(
            "⚠ marks a figure the sources disagree on: the table shows the preferred value and, "
            "beside it, what the other sources say. Sources & data explains how the preferred "
            "value is chosen."
        )
    )
    ui.data_view("headlines", headlines, view)

ui.page_charts("overview", view)
st.page_link("app_pages/timeline.py", label=_("The full timeline"), icon=":material/arrow_forward:")
