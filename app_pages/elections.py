"""Elections: turnout across every election and referendum, and each vote's results."""

import streamlit as st

from metrics import charts, compare, ui
from metrics.filters import COMPARE_FROM_PARAM, COMPARE_TO_PARAM, MEASURE_PARAM, VOTE_PARAM
from metrics.i18n import N_, _, format_decimal, format_percent, format_signed
from metrics.safe_text import escape_markdown


def compare_votes(view: ui.View) -> None:
    """The chosen pair of votes: the change in share and seats, turnout, the rules between."""
    pairs = view.memo(
        "comparable-pairs", lambda: compare.comparable_pairs(view.facts, view.dataset)
    )
    votes, titles = view.memo(
        "comparison-choices", lambda: compare.comparison_choices(pairs, view.dataset)
    )
    pair = pairs[-1] if pairs else None  # the latest comparable pair
    if pair is None:
        st.info(_("No two comparable votes match these filters."), icon=":material/filter_alt_off:")
    else:
        raw = {n: st.query_params.get_all(n) for n in (COMPARE_FROM_PARAM, COMPARE_TO_PARAM)}
        for notice in compare.pair_notices(raw, titles):
            st.warning(escape_markdown(notice), icon=":material/link_off:")
        left, right = st.columns(2)
        first = left.selectbox(_("Earlier vote"), votes, index=votes.index(pair[0]),
                               format_func=titles.__getitem__, key=COMPARE_FROM_PARAM,
                               bind="query-params")  # fmt: skip
        second = right.selectbox(_("Later vote"), votes, index=votes.index(pair[1]),
                                 format_func=titles.__getitem__, key=COMPARE_TO_PARAM,
                                 bind="query-params")  # fmt: skip
        if (first, second) not in pairs:
            st.info(
                _(
                    "These two votes cannot be compared: choose two of the same kind (two elections "
                    "or two referendums, that share a party, candidate or option), the earlier first."
                ),
                icon=":material/compare_arrows:",
            )
        else:
            ui.chart_block(charts.compare_chart(first, second, titles), view)
            before, after, change = view.memo(
                f"turnout-change-{first}-{second}",
                lambda: compare.turnout_change(view.facts, first, second),
            )
            if change is not None and before is not None and after is not None:
                signed = format_signed(change, 2) if change else format_decimal(0, 2)
                st.markdown(
                    escape_markdown(
                        _("Turnout: {before} then {after} ({change} points).").format(
                            before=format_percent(before),
                            after=format_percent(after),
                            change=signed,
                        )
                    )
                )
            changed = view.memo(
                f"rules-between-{first}-{second}",
                lambda: compare.rules_between(
                    view.dataset,
                    *view.dataset.series.set_index("series_id").loc[[first, second], "date"],
                ),
            )
            st.markdown(_("**Rules that changed in between**"))
            if changed.empty:
                st.caption(_("No rule in the data changed between these two votes."))
            else:
                ui.data_table(changed, key="compare-rules")


view = ui.current_view()
st.title(_("Elections and referendums"))
TURNOUT, RESULTS, CHANGED, LOCAL = (
    N_("Turnout"), N_("Results"), N_("What changed between two votes"), N_("Local democracy")
)  # fmt: skip
# Tabs, only the open one drawn: each chart drawn costs every reload of the page (make bench).
# A link naming a vote or a pair of votes opens the tab that shows it.
linked = set(st.query_params)
default = (
    CHANGED
    if linked & {COMPARE_FROM_PARAM, COMPARE_TO_PARAM}
    else RESULTS
    if linked & {VOTE_PARAM, MEASURE_PARAM}
    else TURNOUT
)
turnout, results, changed, local = ui.page_sections([TURNOUT, RESULTS, CHANGED, LOCAL], default)

if turnout.open:
    with turnout:
        ui.page_charts("elections", view, only=("turnout",))

if results.open:
    with results:
        st.caption(
            _(
                "Each bar is the preferred figure: a final count beats a preliminary one, an "
                "official or news-agency source beats opinion, a later figure beats an earlier one. "
                "⚠ and hatching mark figures on which sources disagree; hover for the other values."
            )
        )
        ui.result_charts(view)

if changed.open:
    with changed:
        st.caption(
            _(
                "Each party's or candidate's change in share, in percentage points, and in seats; "
                "a party that changed its name is matched with its earlier self, through the "
                "registry. The rules that took effect in between are listed beneath. The pair of "
                "votes lives in the address bar."
            )
        )
        compare_votes(view)

if local.open:
    with local:
        st.caption(_("Akim elections since the first direct elections of rural akims in 2021."))
        ui.page_charts("elections", view, only=("local-elections", "akims-elected"))
