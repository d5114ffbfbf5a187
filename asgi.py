"""The served dashboard: ``app.py`` behind the middleware of ``metrics.addresses``.

``python -m metrics serve`` (``make run``) runs ``streamlit run asgi.py``; Streamlit finds the
``st.App`` below and serves ``app.py`` through it. ``streamlit run app.py`` still works, without
the answer to nested unknown addresses, without the page shell's address of the server
(``metrics.addresses.ShellBackendAddress``), so its pages other than the front one start later,
without the page's style rules and image export (``metrics.ui.sharing.page_head``), and without
the early import of the chart library (``metrics.chart_library``), which the same middleware
puts in the shell's head.
"""

import streamlit as st
from starlette.middleware import Middleware

from metrics.addresses import NestedPathRedirect, ShellBackendAddress
from metrics.chart_library import early_import_script
from metrics.ui.sharing import page_head

BASE_URL_PATH = st.get_option("server.baseUrlPath") or ""
app = st.App(
    "app.py",
    middleware=[
        Middleware(NestedPathRedirect, base_url_path=BASE_URL_PATH),
        Middleware(
            ShellBackendAddress,
            base_url_path=BASE_URL_PATH,
            head=page_head() + early_import_script(BASE_URL_PATH),
        ),
    ],
)
