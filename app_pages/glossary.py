"""Glossary: the terms the pages use, each with its own anchor (/glossary#term_id)."""

import streamlit as st

from metrics.glossary import glossary_terms
from metrics.i18n import _
from metrics.safe_text import escape_markdown
from metrics.ui.loading import dataset_or_stop

dataset = dataset_or_stop()
st.title(_("Glossary"))
st.caption(
    _(
        "The terms the pages use, in plain words. Each term has its own link: "
        "the address of this page followed by # and the term's id."
    )
)
for term in glossary_terms(dataset):
    st.subheader(escape_markdown(term.term), anchor=term.term_id)
    st.markdown(escape_markdown(term.definition))
    if term.entity_name:
        st.caption(escape_markdown(_("In the charts: {name}").format(name=term.entity_name)))
