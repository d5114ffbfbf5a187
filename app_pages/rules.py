"""Rules of the reform: each rule's values over time, the act that set each, and proposals."""

import streamlit as st

from metrics import ui
from metrics.i18n import _, ngettext
from metrics.rules import proposals

view = ui.current_view()
st.title(_("Rules of the reform"))
st.markdown(
    _(
        "How the rules that shape parties and parliament changed: each value with the date it took "
        "effect and the law, amendment or referendum that set it. Hover a step for its act and "
        "sources. The rules are not narrowed by the sidebar's filters: they are the frame every "
        "figure of the other pages sits in."
    )
)
ui.page_charts("rules", view)
ui.rule_charts(view)

st.subheader(_("Proposed, not in force"))
st.caption(_("Values proposed in addresses, drafts or bills; none of them is drawn as in force."))
proposed = view.memo("rule-proposals", lambda: proposals(view.dataset))
# a table widget costs the browser more than a chart on every reload: drawn when opened
listed = st.expander(
    ngettext("The proposal ({count})", "The proposals ({count})", len(proposed)).format(
        count=len(proposed)
    ),
    icon=":material/table:", key="rule-proposals-list",
    on_change="rerun",
)  # fmt: skip
if listed.open:
    with listed:
        ui.data_table(proposed, key="rule-proposals")
