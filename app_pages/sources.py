"""Sources & data: the full download, every source, the tables, versions, methodology, citation."""

import streamlit as st

from metrics import downloads, ui
from metrics.coverage import coverage_matrix, coverage_table
from metrics.i18n import N_, _, ngettext
from metrics.safe_text import escape_markdown, is_web_url

view = ui.current_view()
dataset = view.dataset
st.title(_("Sources & data"))

released = dict(zip(dataset.changelog["version"], dataset.changelog["date"], strict=True))
version_line = (
    _("Dataset version {version}, released {day}.").format(
        version=dataset.version, day=released[dataset.version]
    )
    if dataset.version in released
    else _("Dataset version {version}.").format(version=dataset.version)
)
st.markdown(
    escape_markdown(version_line)
    + " "
    + _(
        "The full dataset below is every table, **whatever the filters in the sidebar**: the "
        "filters choose what the pages show, not what this download holds. For exactly what the "
        "filters show, use *Take this view away* at the foot of any page."
    )
)
st.download_button(
    _("Download the full dataset (ZIP: CSV, Parquet, datapackage.json, README)"),
    data=view.dataset_bundle(),  # bytes, not a callable: see ui.download_buttons
    file_name=f"reform-metrics-dataset-{dataset.version}.zip",
    mime="application/zip",
    on_click="ignore",
    icon=":material/folder_zip:",
    key="bundle-zip",
    type="primary",
)
st.caption(
    _("The tables below and the Sources list ignore the filters too: they are the whole dataset.")
)
SECTIONS = [N_("Sources"), N_("The tables"), N_("Coverage"), N_("Corrections"), N_("Versions"),
            N_("Methodology"), N_("How to cite")]  # fmt: skip
ui.jump_links(SECTIONS)

ui.section(SECTIONS[0])  # Sources
core_count = int((dataset.sources["text_file"] != "").sum())
core_text = ngettext(
    "The {count} **core article** (the source with a reference text) is an opinion piece; its "
    "publisher's disclaimers, such as views not being its own or help from AI tools, are in "
    "its notes below.",
    "The {count} **core articles** (the sources with a reference text) are opinion pieces; "
    "their publishers' disclaimers, such as views not being their own or help from AI tools, "
    "are in each one's notes below.",
    core_count,
).format(count=core_count)
further_text = _(
    "The further figures come from news agencies, newspapers and reference pages that report "
    "the election commission's and the court's own numbers; where they and the articles "
    "disagree, the charts prefer the count. Each source's kind and caveats are listed here. "
    "Titles and notes of sources are in their own language or in English."
)
st.markdown(f"{core_text} {further_text}")
for source in dataset.sources.itertuples():
    core = " · " + _("core article") if source.text_file else ""
    with st.container(border=True):
        title = escape_markdown(source.title)
        kind = escape_markdown(dataset.label("kind", source.kind))
        st.markdown(
            f"**{title}**  \n{escape_markdown(source.publisher)} · {escape_markdown(source.published)} · {kind}{core}"
        )
        if source.author:
            st.caption(escape_markdown(_("Author: {author}").format(author=source.author)))
        if source.notes:
            st.caption(escape_markdown(source.notes))
        if is_web_url(source.url):
            st.link_button(_("Open the source"), source.url, icon=":material/open_in_new:")

ui.section(SECTIONS[1])  # The tables
search = st.text_input(
    _("Search every table"), placeholder=_("a name, a number, a source…"), key="table-search"
)
for name, table in dataset.tables().items():
    rows = table
    if search:
        text = table.astype("string").fillna("")
        mask = text.apply(lambda column: column.str.contains(search, case=False, regex=False)).any(
            axis=1
        )
        rows = table[mask]
    expander = st.expander(
        ngettext(
            "{name}.csv · {shown} of {total} row",
            "{name}.csv · {shown} of {total} rows",
            len(table),
        ).format(name=name, shown=len(rows), total=len(table)),
        icon=":material/table:",
        key=f"table-{name}-open",
        on_change="rerun",
    )
    if expander.open:
        with expander:
            ui.data_table(rows, key=f"table-{name}")

ui.section(SECTIONS[2])  # Coverage
st.markdown(
    _(
        "For every vote, which figures the data has, at its best status (a final count, a "
        "preliminary one, or a figure merely reported), and which were searched for on public "
        "pages and not found. A missing figure is a gap here, never a zero in a chart."
    )
)
coverage = view.memo("coverage", lambda: coverage_table(dataset))
st.dataframe(view.memo("coverage-matrix", lambda: coverage_matrix(coverage)), hide_index=True,
             width="stretch", key="coverage-matrix")  # fmt: skip
expander = st.expander(_("Coverage, figure by figure, with sources and what was searched"),
                       icon=":material/table:", key="coverage-data", on_change="rerun")  # fmt: skip
if expander.open:
    with expander:
        ui.data_table(coverage, key="coverage-table")

ui.section(SECTIONS[3])  # Corrections
if dataset.corrections.empty:
    st.caption(_("No published value has been changed."))
else:
    st.markdown(
        _(
            "Every change to a value already published: which figure, what it was, what it is now, "
            "and why. A corrected figure keeps its id."
        )
    )
    ui.data_table(dataset.corrections, key="corrections-table")

ui.section(SECTIONS[4])  # Versions
st.markdown(
    _(
        "Each release of the dataset has a version; the sidebar, every citation and every "
        "download's README name it. A release's corrections are the rows above with its version."
    )
)
ui.data_table(dataset.changelog, key="changelog-table")

ui.section(SECTIONS[5])  # Methodology
st.caption(_("The methodology is written in English for now."))
st.markdown(
    """
- **Curation.** Every quantitative fact in the core articles is a row of `facts.csv`
  with its source and the paragraph it came from (a paragraph is a non-blank line of the
  reference text). Numbers that are not facts (anniversaries, headings, session numbers) are
  listed in `excluded.csv` with a reason. An audit checks that each value is written in its
  paragraph and that no number in the texts is left unaccounted.
- **Our own words.** The `evidence` column says what the source says in our words; no
  sentence of a source is copied.
- **Derived.** A fact is *derived* when the source does not write the number but implies it,
  for example a body that "returned to a majority system" elects 100 % of its seats in
  single-mandate districts. The `derived` column says how.
- **Quality flags.** `status` is final (the counting body's final result), preliminary, or
  reported. "More than N" is a lower bound (`is_lower_bound`) and "about N" is approximate
  (`is_approximate`); neither is shown as an exact value.
- **Counts that must agree.** `make validate` proves that votes per option and invalid
  ballots add up to the ballots cast, that each share is its votes over the vote's base (valid
  ballots or ballots cast) and each turnout its ballots over the registered voters, to the
  source's rounding, and that seats add up to the chamber. Final counts are checked across
  sources; preliminary and reported figures within each source. A source's own misprint is
  kept as printed with a caveat, and takes part in no sum and is never preferred.
- **Rules as dated values.** Each value of a rule (a threshold, a chamber's size, a quota) is a
  row of `rules.csv` with the date it took effect and the act that set it; a rule's steps
  over time are its enacted values in date order, and values said to be in force on a date
  are checked against them.
- **When sources disagree**, every figure is kept. Charts show the preferred one: a final
  count beats a preliminary one, which beats a reported figure; then an official source beats
  a news agency, a reference work, other news, opinion and sponsored content; then a later
  figure beats an earlier one; then an exact figure beats a bound. ⚠ marks the disagreement,
  and each chart's data view can show every source's value.
"""
)

ui.section(SECTIONS[6])  # How to cite
st.code(downloads.citation(dataset.version), language=None)
st.caption(
    _(
        "Please cite the original source of any figure too: its publisher and URL are in every download."
    )
)
