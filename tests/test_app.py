"""Every page with Streamlit's AppTest: default and narrowed filters, bad links, bad data.

The pages run on the fixture dataset (``METRICS_DATA_DIR``), so what they show can be
checked exactly; ``test_every_page_runs_on_the_real_data`` is the real data's smoke test.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from metrics import chart_data, charts, i18n
from metrics.dataset import REPOSITORY_DATA_DIR
from metrics.filters import Filters, default_filters
from metrics.ui.sidebar import CHOICES_STATE

from conftest import FIXTURE_DATA_DIR, ROOT, set_cell

PAGES = [
    "app_pages/overview.py",
    "app_pages/elections.py",
    "app_pages/court.py",
    "app_pages/electoral_system.py",
    "app_pages/rules.py",
    "app_pages/timeline.py",
    "app_pages/sources.py",
    "app_pages/glossary.py",
]


PAGE_TITLES = {
    "app_pages/overview.py": "Kazakhstan's reforms since 2019, in cited figures",
    "app_pages/elections.py": "Elections and referendums",
    "app_pages/court.py": "Constitutional Court caseload",
    "app_pages/electoral_system.py": "Electoral system",
    "app_pages/rules.py": "Rules of the reform",
    "app_pages/timeline.py": "Timeline of reforms",
    "app_pages/sources.py": "Sources & data",
    "app_pages/glossary.py": "Glossary",
}
PAGE_NAMES = {page: page.removeprefix("app_pages/").removesuffix(".py").replace("_", "-")
              for page in PAGES}  # fmt: skip


@pytest.fixture(autouse=True)
def fixture_data(monkeypatch):
    """Every page in this module runs on the fixture dataset unless a test says otherwise."""
    monkeypatch.setenv("METRICS_DATA_DIR", str(FIXTURE_DATA_DIR))


def open_page(page: str, query: dict | None = None, title: str | None = None) -> AppTest:
    """The app opened on ``page`` (with ``query`` in its link), after one run.

    The first run is on the default page: before it, AppTest knows pages by file name only,
    and ``electoral_system.py`` is registered as ``electoral-system`` (see
    ``AppTest.switch_page``), so switching first would silently stay on the Overview.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    expected = title or PAGE_TITLES[page]
    assert at.title and at.title[0].value == expected, "not on the page asked for"
    return at


def open_choices(at: AppTest) -> AppTest:
    """Open the sidebar's spheres and source kinds, as a click does: its pills are drawn."""
    at.session_state[CHOICES_STATE] = True
    return at.run()


def markdown_text(at: AppTest) -> str:
    return "\n".join(
        str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error]
    )


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_default_filters(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.slider(key="year").value == (2019, 2025)
    assert at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_real_data(monkeypatch, page):
    monkeypatch.setenv("METRICS_DATA_DIR", str(REPOSITORY_DATA_DIR))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error and not at.warning
    assert "The chart shows the latest" not in markdown_text(at)  # the real data is plotted whole


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_narrowed_filters(page):
    at = open_page(page)
    at.slider(key="year").set_value((2022, 2023)).run()
    open_choices(at).pills(key="sphere").set_value(["electoral"]).run()
    at.pills(key="source").set_value(["news", "news_agency"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="year").value == (2022, 2023)
    assert at.pills(key="sphere").value == ["electoral"]


def empty_messages(dataset, page: str) -> list[str]:
    """What each chart of ``page`` says when no sphere is chosen, as the registry words it."""
    defaults = default_filters(dataset)
    chosen = Filters(defaults.years, (), defaults.kinds)
    inputs = charts.inputs_for(dataset, chosen)
    page_charts = charts.charts_on(PAGE_NAMES[page], inputs)
    if page.endswith("elections.py"):  # the turnout tab; the others are drawn when opened
        page_charts = [c for c in page_charts if c.chart_id == "turnout"]
    if page.endswith("court.py"):  # the share decided and the periods wait in expanders
        page_charts = [c for c in page_charts if c.chart_id == "court-caseload"]
    messages = [
        charts.why_empty(chart, dataset, chosen, defaults)
        for chart in page_charts
        if chart.rows(inputs).empty  # the rules are not narrowed by the filters
    ]
    if page.endswith("overview.py"):
        messages.insert(0, "No headline figures match these filters.")
    return messages


@pytest.mark.parametrize("page", PAGES)
def test_page_with_nothing_selected_says_so_plainly(dataset, page):
    at = open_page(page)
    open_choices(at).pills(key="sphere").set_value([]).run()
    assert not at.exception
    # the rules are the frame of every figure, not narrowed by the filters: they stay
    assert bool(at.get("plotly_chart")) is page.endswith("rules.py")
    assert [str(i.value) for i in at.info] == empty_messages(dataset, page)


def selected(at: AppTest, *keys: str) -> list:
    return [s.value for s in at.selectbox if s.key in keys]


ELECTION_TABS = ["Turnout", "Results", "What changed between two votes", "Local democracy"]


def test_elections_page_draws_only_its_open_tab():
    at = open_page("app_pages/elections.py")
    assert [t.label for t in at.tabs] == ELECTION_TABS
    # the turnout chart alone; each other tab draws its own charts when it is opened
    assert len(at.get("plotly_chart")) == 1 and not selected(at, "vote")
    drawn = {}
    for label in ELECTION_TABS[1:]:
        at.session_state["section"] = label  # as a click on the tab does
        drawn[label] = len(at.run().get("plotly_chart"))
        assert not at.exception
    # the latest vote's results; the comparison of the latest pair; the two akim charts
    assert drawn == {"Results": 1, "What changed between two votes": 1, "Local democracy": 2}


def test_the_electoral_system_draws_its_open_tab_and_a_chamber_link_opens_the_seats():
    at = open_page("app_pages/electoral_system.py")
    assert [t.label for t in at.tabs] == ["How seats are filled", "Who holds the seats"]
    assert len(at.get("plotly_chart")) == 1 and not selected(at, "chamber")
    at.session_state["section"] = "Who holds the seats"
    assert len(at.run().get("plotly_chart")) == 1 and selected(at, "chamber")
    (chamber,) = [s for s in at.selectbox if s.key == "chamber"]
    linked = open_page("app_pages/electoral_system.py", {"chamber": chamber.options[0]})
    assert len(linked.get("plotly_chart")) == 1 and not linked.warning
    assert selected(linked, "chamber") == selected(at, "chamber")  # the seats tab, opened


def test_a_link_opens_the_tab_it_names_in_any_language_and_an_unknown_one_gets_a_notice():
    at = open_page("app_pages/elections.py", {"section": "Local democracy"})
    assert len(at.get("plotly_chart")) == 2 and not at.warning
    # the Russian label of the Results tab (the link was copied in Russian), opened in English
    russian = i18n.gettext_in("ru", "Results")
    assert russian != "Results"
    at = open_page("app_pages/elections.py", {"section": russian})
    assert selected(at, "vote") == ["chamber-2023"] and not at.warning
    bad = open_page("app_pages/elections.py", {"section": "No such tab :red[x]"})
    assert len(bad.get("plotly_chart")) == 1  # the turnout tab
    assert any(
        "asks for the section" in w.value and "\\:red\\[x\\]" in w.value for w in bad.warning
    ), [w.value for w in bad.warning]


def test_the_vote_lives_in_the_link_and_an_unknown_one_gets_a_notice():
    at = open_page("app_pages/elections.py", {"vote": "Chamber election, January 2021"})
    assert selected(at, "vote") == ["chamber-2021"] and not at.warning
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    titles = [spec["layout"]["title"]["text"].replace("<br>", " ") for spec in specs]
    assert any("January 2021" in title for title in titles), titles
    bad = open_page("app_pages/elections.py", {"vote": "No such vote :red[x]"})
    assert selected(bad, "vote") == ["chamber-2023"]
    assert any(
        "asks for the vote" in w.value and "\\:red\\[x\\]" in w.value for w in bad.warning
    ), [w.value for w in bad.warning]


def test_narrowing_years_narrows_the_elections():
    at = open_page("app_pages/elections.py", {"year": ["2022", "2023"], "section": "Results"})
    assert at.slider(key="year").value == (2022, 2023)
    titles = [m.value for m in at.markdown if str(m.value).startswith("#### ")]
    assert titles == ["#### Chamber election, March 2023"]  # the latest, drawn
    (vote,) = [s for s in at.selectbox if s.key == "vote"]
    assert vote.options == ["Chamber election, March 2023", "Referendum, June 2022"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"year": "abc"}, "is not a year"),
        ({"year": ["2015", "2023"]}, "2019 is used instead"),
        ({"sphere": "Sports"}, "the sphere 'Sports'"),
        ({"source": "Blog"}, "the source kind 'Blog'"),
        ({"foo": "bar"}, "parameter 'foo'"),
        (
            {"sphere": ":material/warning: :red[x]"},
            "the sphere '\\:material/warning\\: \\:red\\[x\\]'",
        ),
        ({"year": "２０２２"}, "is not a year"),
    ],
)
def test_a_bad_link_shows_a_notice_and_a_valid_view(query, words):
    at = open_page("app_pages/overview.py", query)
    assert not at.exception
    notices = " ".join(str(w.value) for w in at.warning)
    assert words in notices and "nearest valid view" in notices


@pytest.mark.parametrize(
    ("query", "years", "link"),
    [
        ({"year": ["2024", "2021"]}, (2021, 2024), {"year": ["2021", "2024"]}),
        ({"year": ["2010", "2024"]}, (2019, 2024), {"year": ["2019", "2024"]}),
        ({"year": ["2030", "2020"], "sphere": "Sports"}, (2020, 2025), {"year": ["2020", "2025"]}),
        ({"year": ["1900", "3000"]}, (2019, 2025), {}),  # the whole range: no parameter
        ({"year": "abc"}, (2019, 2025), {}),
    ],
)
def test_a_mended_year_range_is_shown_and_written_back_to_the_link(query, years, link):
    at = open_page("app_pages/overview.py", query)
    assert not at.exception
    assert at.slider(key="year").value == years
    assert {k: v for k, v in at.query_params.items() if k == "year"} == link
    assert len(at.warning) == 1 and "nearest valid view" in at.warning[0].value


def test_sources_page_lists_every_source_and_flags_core_articles(dataset):
    at = open_page("app_pages/sources.py")
    text = markdown_text(at)
    for title in dataset.sources["title"]:
        assert title in text.replace("\\", "")
    assert text.count("· core article") == 1  # the fixture's one source with a reference text
    assert "The 1 **core article** (the source with a reference text) is an opinion piece" in text
    assert "How to cite" in [s.value for s in at.subheader]
    assert "(dataset version fixture-1)" in at.code[0].value


def test_sources_page_search_narrows_the_tables():
    at = open_page("app_pages/sources.py")
    at.text_input(key="table-search").input("3708").run()
    labels = [e.label for e in at.expander]
    assert "facts.csv · 1 of 44 rows" in labels


def test_missing_data_directory_gives_a_page_saying_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("METRICS_DATA_DIR", str(tmp_path / "nowhere"))
    at = open_page("app_pages/overview.py", title="Reform Metrics")
    assert not at.exception
    message = at.error[0].value
    assert "does not exist" in message and "METRICS\\_DATA\\_DIR" in message
    assert "`" not in message  # in a code span, the path's Markdown escapes would show


def test_invalid_data_shows_the_problems_not_a_traceback(monkeypatch, data_copy):
    set_cell(data_copy, "facts.csv", "F0003", "value", "abc")
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    at = open_page("app_pages/overview.py", title="Reform Metrics")
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    assert "line 4, column 'value'" in at.code[0].value


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory):
    """A valid synthetic dataset of 10,000 facts: thousands of votes and court figures."""
    from testing.synthetic import generate

    out = tmp_path_factory.mktemp("synthetic") / "facts-10000"
    generate(10_000, out)
    return out


def plotted_points(at: AppTest) -> list[int]:
    """The number of x values in each Plotly chart on the page."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [sum(len(trace.get("x", [])) for trace in spec["data"]) for spec in specs]


def test_a_large_dataset_plots_the_latest_rows_and_says_so(monkeypatch, synthetic_10k):
    monkeypatch.setenv("METRICS_DATA_DIR", str(synthetic_10k))
    court = open_page("app_pages/court.py")
    assert not court.exception
    # the caseload chart: the latest 300 figures, plus the line through the preferred ones
    assert plotted_points(court)[0] <= 2 * chart_data.PLOTTED_ROWS_LIMIT
    assert "The chart shows the latest 300 of" in markdown_text(court)

    elections = open_page("app_pages/elections.py", {"section": "Results"})
    assert not elections.exception
    # the latest vote's results, one of the many votes to choose from
    assert len(plotted_points(elections)) == 1
    (vote,) = [s for s in elections.selectbox if s.key == "vote"]
    assert len(vote.options) > 10


def test_a_one_year_link_is_read_as_that_year():
    at = open_page("app_pages/overview.py", {"year": "2022"})
    assert not at.exception
    assert at.slider(key="year").value == (2022, 2022)
    assert at.query_params["year"] == ["2022", "2022"]
    assert not at.warning


def test_the_reset_button_returns_to_the_full_view():
    from metrics.ui.sidebar import RESET_LABEL

    query = {"year": ["2021", "2023"], "sphere": "Electoral", "source": "News"}
    at = open_page("app_pages/elections.py", query)
    assert at.slider(key="year").value == (2021, 2023)
    next(b for b in at.button if b.label == RESET_LABEL).click().run()
    assert not at.exception
    assert at.slider(key="year").value == (2019, 2025)
    assert not {k for k in at.query_params if k in ("year", "sphere", "source")}
    open_choices(at)  # the pills, drawn again, hold every sphere and kind
    assert len(at.pills(key="sphere").value) == 7 and len(at.pills(key="source").value) == 5


def test_the_pills_are_drawn_when_opened_or_when_a_choice_is_not_every_one():
    at = open_page("app_pages/overview.py")
    assert len(at.pills) == 0  # closed, every sphere and kind: nothing to draw
    assert "Showing all 7 spheres and all 5 source kinds" in markdown_text(at)
    assert len(open_choices(at).pills) == 2
    at.pills(key="sphere").set_value(["electoral"]).run()
    at.session_state[CHOICES_STATE] = False  # closed again: a choice is made, so they stay
    assert len(at.run().pills) == 2 and at.pills(key="sphere").value == ["electoral"]
    linked = open_page("app_pages/overview.py", {"source": "News"})  # a link's choice
    assert len(linked.pills) == 2 and linked.pills(key="source").value == ["news"]


def test_the_reset_button_is_there_only_when_a_filter_narrows_the_view():
    from metrics.ui.sidebar import RESET_LABEL

    full = open_page("app_pages/overview.py")
    assert not [b for b in full.button if b.label == RESET_LABEL]
    for query in ({"year": ["2021", "2025"]}, {"source": "News"}, {"sphere": "Electoral"}):
        narrowed = open_page("app_pages/overview.py", query)
        assert [b for b in narrowed.button if b.label == RESET_LABEL], query
    switched = open_page("app_pages/overview.py", {"marks": "false"})  # not a filter
    assert not [b for b in switched.button if b.label == RESET_LABEL]


def test_the_marks_switch_is_drawn_with_the_pills_when_opened_or_switched_off():
    at = open_page("app_pages/court.py")
    assert len(at.toggle) == 0  # closed and on: nothing to draw, the marks are drawn
    assert "Reform events" in trace_names(at)[0]
    assert len(open_choices(at).toggle) == 1
    at.toggle(key="marks").set_value(False).run()
    at.session_state[CHOICES_STATE] = False  # closed again: switched off, so it stays
    at.run()
    assert len(at.toggle) == 1 and at.toggle(key="marks").value is False
    assert all("Reform events" not in names for names in trace_names(at))
    linked = open_page("app_pages/court.py", {"marks": "false"})  # a link's choice
    assert len(linked.toggle) == 1 and linked.toggle(key="marks").value is False


def test_a_run_lets_go_of_its_charts_once_the_page_is_drawn():
    # a disconnected session keeps its state for minutes; figures in it outlived the cache
    from metrics.ui.sharing import DRAWN_STATE

    at = open_page("app_pages/court.py")
    assert at.get("plotly_chart")
    assert DRAWN_STATE not in at.session_state


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_link_naming_choices_in_another_language_keeps_them_without_a_notice(lang):
    # the pills write their labels to the link: English labels, opened in Kazakh or Russian
    with i18n.language(lang):
        title = i18n._("Elections and referendums")
    query = {"source": ["News", "Official"], "lang": lang}
    at = open_page("app_pages/elections.py", query, title=title)
    assert not at.exception
    assert sorted(at.pills(key="source").value) == ["news", "official"]
    assert not at.warning, [w.value for w in at.warning]
    linked = at.query_params["source"]  # the link now names them in this language
    assert len(linked) == 2 and not {"News", "Official"} & set(linked), linked


def test_the_sidebar_says_when_the_sources_were_last_checked():
    at = open_page("app_pages/overview.py")
    captions = [str(c.value) for c in at.sidebar.caption]
    about_data = next(c for c in captions if "Dataset version" in c)
    assert about_data.endswith(
        "  \nDataset version fixture\\-1  \nSources last checked 10 January 2026"
    )


def test_the_glossary_lists_every_term_with_its_anchor(dataset):
    at = open_page("app_pages/glossary.py")
    assert not at.exception
    headings = {str(s.value): s.proto.anchor for s in at.subheader}
    expected = dict(zip(dataset.glossary["term"], dataset.glossary["term_id"], strict=True))
    assert headings == expected
    # the entity's name from the registry, under the term that names it
    assert "In the charts: Lower chamber" in markdown_text(at).replace("\\", "")


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Party-list seats and an akim", ["party-list", "akim"]),
        ("The akims of districts; party lists", ["akim", "party-list"]),
        ("the akimat and a partylist", []),  # not whole words
        ("A LOWER CHAMBER, then the lower chamber again", ["lower-chamber"]),
    ],
)
def test_terms_mentioned_finds_whole_terms_in_order(dataset, text, terms):
    from metrics.glossary import glossary_link, terms_mentioned

    assert terms_mentioned(text, dataset.glossary) == terms
    assert glossary_link("akim") == "/glossary#akim"


def test_a_longer_glossary_term_wins_over_one_inside_it():
    import pandas as pd

    from metrics.glossary import terms_mentioned

    glossary = pd.DataFrame(
        {"term_id": ["assembly", "apk"], "term": ["Assembly", "Assembly of the People"]}
    )
    assert terms_mentioned("chosen by the Assembly of the People", glossary) == ["apk"]


def test_the_real_glossary_names_registry_entities(real_dataset):
    glossary = real_dataset.glossary.fillna("")
    linked = set(glossary.loc[glossary["entity_id"] != "", "entity_id"])
    assert linked <= set(real_dataset.entities["entity_id"])
    for term_id in ("mazhilis", "senate", "maslikhat", "akim", "kurultai", "party-list",
                    "single-mandate", "against-all", "assembly-of-the-people"):  # fmt: skip
        assert term_id in set(glossary["term_id"])


def test_the_comparison_shows_the_latest_comparable_pair():
    at = open_page("app_pages/elections.py", {"section": "What changed between two votes"})
    assert selected(at, "compare_from", "compare_to") == ["chamber-2021", "chamber-2023"]
    assert "Turnout\\: 63\\.25% then 54% \\(\\-9\\.25 points\\)\\." in markdown_text(at)
    (rules_table,) = [df for df in at.dataframe if "rule_title" in df.value.columns]
    assert list(rules_table.value["rule"]) == ["mazhilis_threshold"]


def test_a_link_with_a_pair_of_votes_reopens_that_comparison():
    link = {
        "compare_from": "Chamber election, January 2021",
        "compare_to": "Chamber election, March 2023",
    }
    at = open_page("app_pages/elections.py", link)  # the link alone opens the comparison
    assert selected(at, "compare_from", "compare_to") == ["chamber-2021", "chamber-2023"]
    assert not at.warning


def test_a_link_with_an_unknown_vote_gets_a_notice():
    at = open_page("app_pages/elections.py", {"compare_from": "No such vote :red[x]"})
    notices = [w.value for w in at.warning]
    assert any("is not one that can be compared" in n and "\\:red\\[x\\]" in n for n in notices)
    assert selected(at, "compare_from", "compare_to") == ["chamber-2021", "chamber-2023"]


def test_results_as_votes_live_in_the_link():
    at = open_page("app_pages/elections.py", {"measure": "Votes (counts)"})
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    titles = [spec["layout"]["title"]["text"] for spec in specs]
    assert any(t.startswith("Votes: Chamber election") for t in titles), titles
    assert not at.warning


def trace_names(at: AppTest) -> list[set[str]]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [{trace.get("name", "") for trace in spec["data"]} for spec in specs]


def test_reform_events_are_marked_on_charts_over_time_and_the_switch_hides_them():
    marked = open_page("app_pages/court.py")
    assert "Reform events" in trace_names(marked)[0]
    hidden = open_page("app_pages/court.py", {"marks": "false"})
    assert all("Reform events" not in names for names in trace_names(hidden))
    assert not hidden.warning


def test_a_bad_value_for_the_marks_switch_gets_a_notice():
    at = open_page("app_pages/overview.py", {"marks": "maybe"})
    assert any("for marking reform events is not true or false" in w.value for w in at.warning)
