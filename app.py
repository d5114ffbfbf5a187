"""Reform Metrics: the frame. Declares the pages and holds the shared sidebar filters."""

import streamlit as st

from metrics import ui
from metrics.glossary import GLOSSARY_URL_PATH
from metrics.i18n import _
from metrics.ui.sidebar import APP_NAME, choose_language, tab_title

choose_language()  # first: every text below is in the language of the link or the control
# An emoji icon: the browser draws it from the page itself, where a :material/...: icon makes
# every page fetch the image from fonts.gstatic.com (a third party, and nothing offline)
st.set_page_config(page_title=_(APP_NAME), page_icon="📊", layout="wide")

pages = [
    st.Page(
        "app_pages/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True
    ),
    st.Page(
        "app_pages/elections.py",
        title=_("Elections"),
        icon=":material/how_to_vote:",
        url_path="elections",
    ),
    st.Page(
        "app_pages/court.py",
        title=_("Constitutional Court"),
        icon=":material/gavel:",
        url_path="court",
    ),
    st.Page(
        "app_pages/electoral_system.py",
        title=_("Electoral system"),
        icon=":material/account_balance:",
        url_path="electoral-system",
    ),
    st.Page(
        "app_pages/rules.py",
        title=_("Rules of the reform"),
        icon=":material/rule:",
        url_path="rules",
    ),
    st.Page(
        "app_pages/timeline.py",
        title=_("Timeline"),
        icon=":material/timeline:",
        url_path="timeline",
    ),
    st.Page(
        "app_pages/sources.py",
        title=_("Sources & data"),
        icon=":material/menu_book:",
        url_path="sources",
    ),
    st.Page(
        "app_pages/glossary.py",
        title=_("Glossary"),
        icon=":material/dictionary:",
        url_path=GLOSSARY_URL_PATH,
    ),
]
page = st.navigation(pages)
# One title per browser tab; st.set_page_config's title would otherwise name every page.
st.set_page_config(page_title=tab_title(page.title))
ui.sidebar_filters(ui.dataset_or_stop())
with ui.drawing_page():  # the charts drawn, for the report, let go when the run ends
    page.run()
    # every page ends with its offline report and the data of its view
    ui.page_downloads(page.title, page.url_path or "overview", ui.current_view())
