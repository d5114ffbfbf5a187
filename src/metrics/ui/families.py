"""Families of charts: one per vote, per election of a chamber, per rule; one at a time or on demand."""

from __future__ import annotations

import streamlit as st

from metrics import chart_data, charts, figures
from metrics.filters import CHAMBER_PARAM, MEASURE_PARAM, VOTE_PARAM, excerpt
from metrics.i18n import _, ngettext
from metrics.safe_text import escape_markdown
from metrics.ui.blocks import chart_block, on_demand
from metrics.ui.loading import View


def result_charts(view: View) -> None:
    """The Elections page's results of one vote (the latest unless chosen), as shares or votes.

    Both choices are bound to the address bar (``vote``, ``measure``), so a link keeps them.
    """
    measures = {figures.SHARES: _("Shares (%)"), figures.VOTES: _("Votes (counts)")}
    measure = (
        st.segmented_control(
            _("Results as"),
            options=[figures.SHARES, figures.VOTES],
            default=figures.SHARES,
            format_func=measures.__getitem__,
            key=MEASURE_PARAM,
            bind="query-params",
            help=_(
                "Votes are drawn for the options whose votes a source counts; the others are gaps."
            ),
        )
        or figures.SHARES
    )
    votes = view.memo("result-votes", lambda: chart_data.result_series_titles(view.facts))
    if not votes:
        st.info(
            _("No election or referendum results match these filters."),
            icon=":material/filter_alt_off:",
        )
        return
    label = ngettext(
        "Vote ({count} with figures under these filters)",
        "Vote ({count} with figures under these filters)",
        len(votes),
    ).format(count=len(votes))
    unknown = _(
        "The link asks for the vote '{asked}', which these filters do not show; this is the "
        "latest. Choose another below."
    )
    chosen = one_of(votes, VOTE_PARAM, label, unknown)
    chart_block(charts.result_chart(chosen, dict(votes)[chosen], measure), view)


def one_of(choices: list[tuple[str, str]], key: str, label: str, unknown: str) -> str:
    """A choice of one chart of a family (``(id, title)``, latest first), bound to the link.

    One chart at a time, not every one: each chart drawn costs the browser on every reload
    (make bench, every page). A link naming an id the filters do not show gets a notice
    (``unknown``, with the asked title as ``{asked}``) and the latest. ``label`` is the
    choice's label, in the language of the run.
    """
    titles = dict(choices)
    asked = st.query_params.get_all(key)  # the link holds the title, as the choice shows it
    if asked and asked[-1] not in titles.values():
        st.warning(
            escape_markdown(unknown.format(asked=excerpt(asked[-1]))),
            icon=":material/link_off:",
        )
    if st.session_state.get(key) not in (None, *titles):
        del st.session_state[key]  # the filters took the chosen one away: the latest again
    return st.selectbox(
        label,
        list(titles),
        index=0,
        format_func=titles.__getitem__,
        key=key,
        bind="query-params",
    )


def rule_charts(view: View) -> None:
    """The Rules page's step chart of each rule that changed, drawn when asked for."""
    drawn = view.memo("rule-charts", lambda: charts.rule_charts(view.inputs))
    if drawn:
        title = ngettext(
            "Each rule on its own chart, with its acts ({count})",
            "Each rule on its own chart, with its acts ({count})",
            len(drawn),
        ).format(count=len(drawn))
        each = on_demand(title, "rules-each")
        if each.open:
            with each:
                for chart in drawn:
                    chart_block(chart, view)


def seats_charts(view: View) -> None:
    """The Electoral system page's parliament chart of one election of a whole chamber."""
    chambers = view.memo("seat-series", lambda: chart_data.seat_series(view.facts))
    if not chambers:
        st.info(_("No seats per party match these filters."), icon=":material/filter_alt_off:")
        return
    label = ngettext(
        "Election ({count} with figures under these filters)",
        "Election ({count} with figures under these filters)",
        len(chambers),
    ).format(count=len(chambers))
    unknown = _(
        "The link asks for the election '{asked}', which these filters do not show; this is "
        "the latest. Choose another below."
    )
    chosen = one_of(chambers, CHAMBER_PARAM, label, unknown)
    chart_block(charts.seats_chart(chosen, dict(chambers)[chosen]), view)
