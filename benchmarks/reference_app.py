"""The reference app for benchmarks: one slider and one Plotly bar chart, nothing else.

It is what a bare Streamlit page costs; the dashboard is measured against it in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

YEARS = list(range(2019, 2027))
VALUES = [77.5, 63.25, 68.05, 69.44, 54.21, 63.66, 62.79, 73.12]

first, last = st.slider("Years", 2019, 2026, (2019, 2026), key="year", bind="query-params")
shown = [(y, v) for y, v in zip(YEARS, VALUES, strict=True) if first <= y <= last]
figure = go.Figure(go.Bar(x=[y for y, _ in shown], y=[v for _, v in shown]))
figure.update_yaxes(range=[0, 100])
st.plotly_chart(figure, width="stretch")
