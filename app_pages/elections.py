"""Elections: each election's or referendum's results, and turnout across all of them."""

import streamlit as st

from metrics import chart_data, figures, ui

view = ui.current_view()
st.title("Elections and referendums")

st.subheader("Turnout")
ui.chart_block(
    "turnout",
    view.memo("turnout", lambda: chart_data.turnout(view.facts)),
    figures.turnout_figure,
    figures.turnout_alt,
    view,
    "No turnout figures match these filters.",
    all_values=view.memo("turnout-all", lambda: chart_data.turnout(view.facts, all_values=True)),
    time_ordered=True,
)

st.subheader("Results")
st.caption(
    "Each bar is the preferred figure: a final count beats a preliminary one, an official or "
    "news-agency source beats opinion, a later figure beats an earlier one. ⚠ and hatching "
    "mark figures on which sources disagree; hover for the other values."
)
votes = view.memo("result-series", lambda: chart_data.result_series_titles(view.facts))
if not votes:
    st.info(
        "No election or referendum results match these filters.", icon=":material/filter_alt_off:"
    )
if len(votes) > chart_data.RESULT_CHARTS_LIMIT:
    st.caption(
        f"Showing the latest {chart_data.RESULT_CHARTS_LIMIT} of {len(votes):,} votes with "
        "results. Narrow the years in the sidebar to see earlier ones."
    )
for series_id, title in votes[: chart_data.RESULT_CHARTS_LIMIT]:
    st.markdown(f"#### {ui.escape_markdown(title)}")
    ui.chart_block(
        f"results-{series_id}",
        view.memo(
            f"results-{series_id}", lambda s=series_id: chart_data.election_results(view.facts, s)
        ),
        lambda table, title=title: figures.election_results_figure(
            table, f"Vote shares: {title} (% of votes)"
        ),
        lambda table, title=title: figures.election_results_alt(
            table, f"vote shares in the {title}"
        ),
        view,
        "No results for this vote match these filters.",
        all_values=view.memo(
            f"results-all-{series_id}",
            lambda s=series_id: chart_data.election_results(view.facts, s, all_values=True),
        ),
    )
