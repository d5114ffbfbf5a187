"""Overview: headline figures with their sources, and a glimpse of the timeline."""

import streamlit as st

from metrics import chart_data, figures, ui
from metrics.safe_text import escape_markdown

view = ui.current_view()
st.title("Kazakhstan's reforms since 2019, in cited figures")
st.markdown(
    "Election results, the Constitutional Court's caseload, the electoral-system mix, turnout "
    "and a timeline of reforms. Every number links to its source, and sources that disagree are "
    "shown side by side. Most of the five core articles are opinion pieces: see **Sources & data**."
)

headlines = view.memo("headlines", lambda: chart_data.headline_figures(view.facts))
if headlines.empty:
    st.info("No headline figures match these filters.", icon=":material/filter_alt_off:")
else:
    for column, (_, row) in zip(st.columns(len(headlines)), headlines.iterrows(), strict=True):
        with column:
            short = row["value_label"].replace("more than ", "> ").replace("about ", "≈ ")
            st.metric(escape_markdown(row["headline"]), short + (" ⚠" if row["disagrees"] else ""))
            st.caption(
                escape_markdown(
                    f"{row['value_label']}: {row['series_title']}. "
                    f"Source: {row['publisher']}, {row['status']}."
                )
                + (
                    escape_markdown(f" Other values: {row['other_values']}")
                    if row["disagrees"]
                    else ""
                )
            )
    ui.data_view("headlines", headlines, view)

st.subheader("Latest reform events")
events = view.memo(
    "timeline-glimpse", lambda: chart_data.timeline(view.events, view.dataset).tail(12)
)
ui.chart_block(
    "timeline-glimpse",
    events,
    figures.timeline_figure,
    figures.timeline_alt,
    view,
    "No reform events match these filters.",
)
st.page_link("app_pages/timeline.py", label="The full timeline", icon=":material/arrow_forward:")
