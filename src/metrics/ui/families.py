"""Families of charts: one per vote, per election of a chamber, per rule; one at a time or on demand."""

from __future__ import annotations

import streamlit as st

from metrics import chart_data, charts, figures
from metrics.charts import Chart
from metrics.filters import MEASURE_PARAM
from metrics.ui.blocks import chart_block, on_demand
from metrics.ui.loading import View


def result_charts(view: View) -> None:
    """The Elections page's results charts, one per vote, latest first, as shares or votes.

    The choice is bound to the address bar (``measure``), so a link keeps it.
    """
    measure = (
        st.segmented_control(
            "Results as",
            options=[figures.SHARES, figures.VOTES],
            default=figures.SHARES,
            format_func={figures.SHARES: "Shares (%)", figures.VOTES: "Votes (counts)"}.__getitem__,
            key=MEASURE_PARAM,
            bind="query-params",
            help="Votes are drawn for the options whose votes a source counts; the others are gaps.",
        )
        or figures.SHARES
    )
    drawn, total = view.memo(
        f"result-charts-{measure}", lambda: charts.result_charts(view.inputs, measure)
    )
    if not total:
        st.info(
            "No election or referendum results match these filters.",
            icon=":material/filter_alt_off:",
        )
    elif len(drawn) < total:
        st.caption(
            f"Showing the latest {len(drawn)} of {total:,} votes with results. Narrow the "
            "years in the sidebar to see earlier ones."
        )
    if len(drawn) > 1:
        st.markdown(chart_data.jump_links([chart.heading for chart in drawn[:SHOWN_AT_ONCE]]))
    draw_charts(drawn, view, "Earlier votes", "result-charts-more")


# How many charts of a family are drawn at once; the rest wait in an expander drawn when
# opened. Every chart drawn costs the browser on each reload (make bench, every page).
SHOWN_AT_ONCE = 4


def draw_charts(charts_to_draw: list[Chart], view: View, label: str, key: str) -> None:
    """The first ``SHOWN_AT_ONCE`` charts, then the rest in an expander drawn when opened."""
    for chart in charts_to_draw[:SHOWN_AT_ONCE]:
        chart_block(chart, view)
    rest = charts_to_draw[SHOWN_AT_ONCE:]
    if rest:
        more = on_demand(f"{label} ({len(rest)})", key)
        if more.open:
            with more:
                for chart in rest:
                    chart_block(chart, view)


def chart_family(view: View, name: str, build, empty: str, label: str = "More charts") -> None:
    """Every chart of a family (one per rule, one per election...), the first few drawn at once."""
    drawn = view.memo(name, lambda: build(view.inputs))
    if not drawn:
        st.info(empty, icon=":material/filter_alt_off:")
        return
    draw_charts(drawn, view, label, f"{name}-more")


def rule_charts(view: View) -> None:
    """The Rules page's step chart of each rule that changed, drawn when asked for."""
    drawn = view.memo("rule-charts", lambda: charts.rule_charts(view.inputs))
    if drawn:
        each = on_demand(f"Each rule on its own chart, with its acts ({len(drawn)})", "rules-each")
        if each.open:
            with each:
                for chart in drawn:
                    chart_block(chart, view)


def seats_charts(view: View) -> None:
    """The Electoral system page's parliament chart of each election of a whole chamber."""
    chart_family(
        view, "seats-charts", charts.seats_charts, "No seats per party match these filters."
    )
