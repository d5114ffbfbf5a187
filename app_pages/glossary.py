"""Glossary: the terms the pages use, each with its own anchor (/glossary#term_id)."""

import streamlit as st

from metrics.glossary import glossary_terms
from metrics.safe_text import escape_markdown
from metrics.ui.loading import dataset_or_stop

dataset = dataset_or_stop()
st.title("Glossary")
st.caption(
    "The terms the pages use, in plain words. Each term has its own link: "
    "the address of this page followed by # and the term's id."
)
for term in glossary_terms(dataset):
    st.subheader(escape_markdown(term.term), anchor=term.term_id)
    st.markdown(escape_markdown(term.definition))
    if term.entity_name:
        st.caption(escape_markdown(f"In the charts: {term.entity_name}"))
