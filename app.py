"""Reform Metrics dashboard (placeholder until the dashboard lands)."""

import streamlit as st

st.title("Reform Metrics")
st.write("Kazakhstan's reforms since 2019, in cited figures. The dashboard is being built.")
