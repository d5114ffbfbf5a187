"""The rows behind each chart, built from the fixture dataset."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from metrics import chart_data, dates, ids
from metrics.filters import Filters, default_filters, filter_facts, filter_ranked_facts
from metrics.i18n import language
from metrics.preference import rank_facts


def rows(dataset, filters=None):
    facts = filter_facts(dataset.facts, dataset.sources, filters or default_filters(dataset))
    ranked = rank_facts(facts, dataset.sources, dataset.series, dataset.ranking)
    return chart_data.with_sources(ranked, dataset)


@pytest.fixture(scope="module")
def facts(dataset):
    return rows(dataset)


def test_every_table_carries_its_source_columns(facts, dataset):
    tables = [
        chart_data.turnout(facts),
        chart_data.election_results(facts, "presidential-2019"),
        chart_data.court_caseload(facts),
        chart_data.electoral_mix(facts, dataset),
    ]
    for table in tables:
        assert set(chart_data.SOURCE_COLUMNS) <= set(table.columns)
        assert table["publisher"].notna().all() and (table["evidence"] != "").all()


def test_rows_carry_the_registries_names_and_colours(facts):
    table = chart_data.election_results(facts, "chamber-2023")
    by_id = table.set_index("subject")
    assert by_id.loc["new-party", "subject_name"] == "New Party"
    assert by_id.loc["other-party", "subject_colour"] == "#E69F00"
    assert set(facts["source_kind_label"]) >= {"News agency", "Opinion", "Official"}


def test_turnout_has_every_vote_in_time_order_and_the_final_wins(facts):
    table = chart_data.turnout(facts)
    assert list(table["series_date"]) == ["2019-06-09", "2021-01-10", "2022-06-05", "2023-03-19"]
    assert table["is_preferred"].all()
    assert table.set_index("series_date").loc["2019-06-09", "value"] == 77.5  # not 77.4
    assert list(table["series_kind_label"]) == ["Election", "Election", "Referendum", "Election"]


def test_turnout_all_values_keeps_every_source(facts):
    table = chart_data.turnout(facts, all_values=True)
    assert len(table) == len(chart_data.turnout(facts)) + 1
    assert {77.4, 77.5} <= set(table["value"])


@pytest.mark.parametrize(
    ("series_id", "subjects", "complete"),
    [("presidential-2019", 2, True), ("chamber-2021", 2, True), ("chamber-2023", 2, True),
     ("referendum-2022", 2, False)],
)  # fmt: skip
def test_each_vote_shows_every_candidate_or_party(facts, series_id, subjects, complete):
    everything = chart_data.election_results(facts, series_id)
    table = everything[~everything["is_remainder"]]
    assert len(table) == subjects and table["subject"].is_unique
    assert table["value"].is_monotonic_decreasing
    assert bool(table["value"].sum() == pytest.approx(100, abs=0.1)) is complete
    # the whole vote is accounted for: an incomplete series gets its remainder, computed
    assert everything["value"].sum() == pytest.approx(100, abs=0.1)
    assert everything["is_remainder"].sum() == (0 if complete else 1)


def test_preliminary_and_final_disagree_and_the_final_wins(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    winner = table.set_index("subject").loc[ids.TOKAYEV]
    assert winner["value"] == 70 and winner["status"] == "final"
    assert winner["disagrees"]
    assert "69.4 % (preliminary, Fixture News Agency)" in winner["other_values"]
    everything = chart_data.election_results(facts, "presidential-2019", all_values=True)
    # final, then preliminary, then the opinion article's reported figure
    assert list(everything[everything["subject"] == ids.TOKAYEV]["status"]) == [
        "final", "preliminary", "reported",
    ]  # fmt: skip


def test_result_series_lists_votes_latest_first(facts):
    assert chart_data.result_series(facts) == [
        "chamber-2023", "referendum-2022", "chamber-2021", "presidential-2019",
    ]  # fmt: skip


def test_court_caseload_is_in_time_order_with_every_point(facts):
    table = chart_data.court_caseload(facts)
    appeals = table[table["metric"] == ids.APPEALS_RECEIVED]
    # drawn at the middle of their period: 20 June, 2 July (the year 2023), 15 August
    assert list(appeals["as_of"]) == ["2023-06-20", "2023", "2023", "2023-08"]
    first_year = appeals[appeals["as_of"] == "2023"].set_index("value")
    assert first_year["disagrees"].all()  # 3,708 exact against more than 5,000
    assert first_year.loc[5000, "is_preferred"] and first_year.loc[5000, "is_lower_bound"]
    assert not first_year.loc[3708, "is_preferred"]
    assert set(table["metric_title"]) == {"Appeals received", "Cases decided"}


def test_share_decided_pairs_one_source_per_date(facts):
    shares = chart_data.share_decided(chart_data.court_caseload(facts)).set_index("as_of")
    assert shares.loc["2023", "share"] == pytest.approx(21 / 3708 * 100, abs=0.01)
    # counts are numbers with their flags, and their labels beside them
    assert shares.loc["2023-06-20", "appeals"] == 3000.0
    assert shares.loc["2023-06-20", "appeals_is_lower_bound"]
    assert shares.loc["2023-06-20", "appeals_label"] == "more than 3,000"
    assert (
        shares.loc["2023", "decided"] == 21.0 and not shares.loc["2023", "decided_is_lower_bound"]
    )
    assert shares.loc["2023", "share_label"] == "0.57 %"
    assert shares.loc["2023-06-20", "is_upper_bound"]
    assert shares.loc["2023-06-20", "share_label"] == "at most 0.6 %"
    assert "2025-09-11" not in shares.index  # decisions without appeals from that source


def test_electoral_mix_before_and_after(facts, dataset):
    table = chart_data.electoral_mix(facts, dataset)
    chamber = table[table["body"] == "Lower chamber"].set_index(["phase", "subject"])
    assert chamber.loc[("after", "party-list"), "value"] == 70
    assert chamber.loc[("before", "party-list"), "value"] == pytest.approx(98 / 107 * 100, abs=0.1)
    assert "Computed from seat counts" in chamber.loc[("before", "party-list"), "derived"]
    assert list(dict.fromkeys(table["phase"])) == ["before", "after"]  # the vocabulary's order
    for (_body, _phase), group in table.groupby(["body", "phase"]):
        assert group["value"].sum() == pytest.approx(100, abs=0.2)


def test_timeline_merges_one_happening_reported_by_several_sources(dataset):
    table = chart_data.timeline(dataset.events, dataset)
    assert table["occurrence_id"].is_unique
    election = table.set_index("occurrence_id").loc["presidential-election-2019"]
    assert election["sources"] == "Fixture News Agency (News agency); Fixture Weekly (Opinion)"
    assert election["date"] == "2019-06-09"  # the most precise date among its sources
    assert election["date_label"] == "9 June 2019"
    assert table["start"].is_monotonic_increasing


def test_timeline_takes_labels_and_colours_from_the_sphere_vocabulary(dataset):
    table = chart_data.timeline(dataset.events, dataset).set_index("occurrence_id")
    terms = dataset.vocabularies["sphere"].terms
    court = table.loc["court-starts"]
    assert court["sphere_label"] == "Judicial and legal"
    assert court["colour"] == chart_data.PALETTE[terms.index("judicial_legal")]


def test_timeline_of_no_events_is_empty(dataset):
    assert chart_data.timeline(dataset.events.iloc[0:0], dataset).empty


def test_filters_reach_the_charts(dataset):
    narrowed = rows(
        dataset, Filters((2022, 2022), ("electoral", "political"), ("reference", "news"))
    )
    turnout = chart_data.turnout(narrowed)
    assert list(turnout["series_date"]) == ["2022-06-05"]
    assert chart_data.court_caseload(narrowed).empty


def test_headline_figures_are_preferred_and_sourced(facts):
    table = chart_data.headline_figures(facts).set_index("headline")
    assert list(table.index) == [
        "Turnout", "Vote share: Kassym-Jomart Tokayev", "Appeals received",
        "Share of seats: Single-mandate",
    ]  # fmt: skip
    assert table.loc["Turnout", "value_label"] == "more than 54 %"  # the latest vote's
    assert table.loc["Appeals received", "value_label"] == "about 4,000"  # August 2023
    assert (table["url"].str.startswith("http")).all()


def reference_headlines(facts: pd.DataFrame) -> pd.DataFrame:
    """headline_figures written the plain way: a stable sort, then each headline's last row."""
    rows = []
    for metric, subject in ids.HEADLINES:
        chosen = facts[(facts["metric"] == metric) & facts["is_preferred"].fillna(False)]
        if subject is not None:
            chosen = chosen[chosen["subject"] == subject]
        if len(chosen):
            keys = chosen.assign(
                _date=chosen["date"].map(dates.sort_key),
                _series=chosen["series_date"].map(dates.sort_key),
            )
            latest = chosen.loc[keys.sort_values(["_date", "_series"], kind="stable").index[-1]]
            headline = latest["metric_title"] + (f": {latest['subject_name']}" if subject else "")
            rows.append({"headline": headline, **latest.to_dict()})
    if not rows:
        return pd.DataFrame(columns=chart_data.HEADLINE_COLUMNS)
    table = pd.DataFrame(rows)
    return table.assign(value_label=chart_data.value_labels(table))[chart_data.HEADLINE_COLUMNS]


def test_headline_figures_match_the_plain_way_under_any_filters(dataset):
    rng = random.Random(7)
    defaults = default_filters(dataset)
    for _ in range(60):
        kinds = tuple(k for k in defaults.kinds if rng.random() < 0.8)
        first = rng.randint(2019, 2025)
        chosen = Filters(
            (first, rng.randint(first, 2025)),
            tuple(s for s in defaults.spheres if rng.random() < 0.7),
            kinds,
        )
        ranked = chart_data.ranked_for_kinds(dataset, kinds)
        facts = filter_ranked_facts(ranked, chosen)
        pd.testing.assert_frame_equal(
            chart_data.headline_figures(facts), reference_headlines(facts), check_dtype=False
        )


def test_of_headline_rows_equal_in_date_the_last_wins(facts):
    latest = chart_data.headline_figures(facts).set_index("headline").loc["Turnout"]
    turnout = facts[(facts["metric"] == ids.TURNOUT) & facts["is_preferred"]]
    row = turnout[turnout["value"] == latest["value"]].iloc[[0]]
    tied = pd.concat([facts, row.assign(value=12.5)])  # same dates, later in the table
    tied.index = range(len(tied))
    table = chart_data.headline_figures(tied).set_index("headline")
    assert table.loc["Turnout", "value"] == 12.5


def test_headline_table_has_a_row_per_figure_with_the_other_sources(facts):
    headlines = chart_data.headline_figures(facts)
    lines = chart_data.headline_markdown(headlines).splitlines()
    assert len(lines) == 2 + len(headlines)
    cells = {
        row[0]: row for row in ([c.strip() for c in line.strip("|").split(" | ")] for line in lines)
    }
    winner = cells[r"Vote share\: Kassym\-Jomart Tokayev"]
    assert winner[1] == "**70 %** ⚠"  # the preliminary 69.4 disagrees
    assert "69\\.4 % \\(preliminary, Fixture News Agency\\)" in winner[4]
    assert cells["Turnout"][1] == "**more than 54 %**"
    assert cells["Turnout"][4] == "—"  # no other source
    agreeing = headlines.assign(disagrees=False)
    assert "⚠" not in chart_data.headline_markdown(agreeing)


def test_headline_table_escapes_the_data(facts):
    headlines = chart_data.headline_figures(facts).copy()
    headlines.loc[0, "publisher"] = "[click](javascript:alert(1)) | **bold**"
    text = chart_data.headline_markdown(headlines)
    assert "](javascript" not in text and "**bold**" not in text
    assert r"\[click\]\(javascript\:alert\(1\)\) \| \*\*bold\*\*" in text


def test_source_names_for_fact_tables_and_timelines(facts, dataset):
    names = chart_data.source_names(chart_data.election_results(facts, "referendum-2022"))
    assert names == ["Fixture Encyclopedia (Reference)"]
    events = dataset.events[dataset.events["occurrence_id"] == "presidential-election-2019"]
    assert chart_data.source_names(chart_data.timeline(events, dataset)) == [
        "Fixture News Agency (News agency)",
        "Fixture Weekly (Opinion)",
    ]


def test_empty_facts_give_empty_tables(dataset):
    empty = rows(dataset, Filters((2019, 2025), (), ()))
    assert chart_data.turnout(empty).empty
    assert chart_data.result_series(empty) == []
    assert chart_data.electoral_mix(empty, dataset).empty
    assert chart_data.share_decided(chart_data.court_caseload(empty)).empty
    headlines = chart_data.headline_figures(empty)
    assert headlines.empty and list(headlines.columns) == chart_data.HEADLINE_COLUMNS


def test_latest_rows_keeps_a_short_table_whole_and_a_long_one_from_its_end():
    table = pd.DataFrame({"as_of": [f"2023-{m:02d}" for m in range(1, 13)]})
    assert chart_data.latest_rows(table, limit=12) is table
    assert list(chart_data.latest_rows(table, limit=3)["as_of"]) == [
        "2023-10",
        "2023-11",
        "2023-12",
    ]


def test_plotted_note_only_when_rows_are_left_out():
    assert chart_data.plotted_note(12, 12) is None
    note = chart_data.plotted_note(300, 29_909)
    assert note is not None and "latest 300 of 29,909 figures" in note


def test_the_referendums_remainder_is_computed_flagged_and_explained(facts):
    table = chart_data.election_results(facts, "referendum-2022")
    rest = table[table["is_remainder"]].iloc[0]
    assert rest["value"] == pytest.approx(100 - 77.18 - 18.66)
    assert rest["value_label"] == "4.16 %" and rest["subject_name"] == chart_data.REMAINDER_NAME
    assert rest["derived"].startswith("Computed")
    assert "invalid ballots" in rest["derived"]  # the series' own note, from the registry
    assert rest["fact_id"] == ""  # no source wrote it
    note = chart_data.remainder_note(table)
    assert note is not None and note.startswith("4.16 % other")
    assert chart_data.remainder_note(chart_data.election_results(facts, "chamber-2023")) is None


def test_timeline_numbers_events_sharing_a_date_and_sphere(dataset):
    events = dataset.events
    twin = events[events["event_id"] == "E0005"].assign(event_id="E9999", occurrence_id="twin")
    table = chart_data.timeline(pd.concat([events, twin], ignore_index=True), dataset)
    court = table[table["date"] == "2023-01-01"]
    assert sorted(court["stack"]) == [0, 1] and set(court["stack_size"]) == {2}
    assert set(table[table["date"] != "2023-01-01"]["stack_size"]) == {1}


def test_timeline_listing_reads_without_hovering(dataset):
    listing = chart_data.timeline_listing(chart_data.timeline(dataset.events, dataset))
    assert list(listing.columns) == ["Date", "Sphere", "Event", "Sources"]
    first = listing.iloc[0]  # latest first
    assert first["Event"] == "The court's chair reports on its first year"
    assert first["Date"] == "2024" and first["Sphere"] == "Judicial and legal"


def test_short_title_drops_the_date():
    assert chart_data.short_title("Presidential election, June 2019") == "Presidential election"
    assert (
        chart_data.short_title("Lower chamber before the reform")
        == "Lower chamber before the reform"
    )
    assert chart_data.short_title("Yes, no and maybe") == "Yes, no and maybe"


def test_sources_link_their_publishers_pages(facts, dataset):
    table = chart_data.court_caseload(facts)
    links = chart_data.source_links(table, dataset)
    assert ("Fixture Daily", "News", "https://example.org/daily/court") in links
    text = chart_data.sources_markdown(links)
    # in order of appearance, which is time order
    assert text.startswith("Sources: [Fixture Daily](https://example.org/daily/court) \\(News\\); ")
    assert text.endswith("[Fixture Weekly](https://example.org/fixture-article) \\(Opinion\\)\\.")
    assert "[Fixture News Agency](https://example.org/agency/court-chair)" in text
    events = chart_data.timeline(dataset.events, dataset)
    assert "[Fixture Encyclopedia](https://example.org/encyclopedia/elections)" in (
        chart_data.sources_markdown(chart_data.source_links(events, dataset))
    )


def test_source_links_name_each_source_once_with_its_kind_in_the_language(facts, dataset):
    table = chart_data.court_caseload(facts)
    doubled = pd.concat([table, table]).assign(
        source_id=[*table["source_id"], *(["not-a-source"] * len(table))]
    )
    links = chart_data.source_links(doubled, dataset)
    assert links == chart_data.source_links(table, dataset)  # unknown ids are left out
    with language("ru"):
        in_russian = chart_data.source_links(table, dataset)
    assert [p for p, _k, _u in in_russian] == [p for p, _k, _u in links]
    kinds = chart_data.term_labels(dataset, "kind", "ru")
    assert {k for _p, k, _u in in_russian} <= set(kinds.values())


def test_source_links_escape_text_and_link_only_web_addresses():
    links = [
        ("[x](javascript:alert(1)) **b**", "News", "javascript:alert(1)"),
        ("Paren", "News", "https://example.org/a_(b) c"),
        ("Fine", "News", "https://example.org/a(b)"),
    ]
    text = chart_data.sources_markdown(links)
    assert "](javascript" not in text and "**b**" not in text
    assert "\\[x\\]" in text
    assert "[Paren](" not in text  # a space makes it no web URL: named, not linked
    assert "[Fine](https://example.org/a%28b%29)" in text


def test_filters_caption_names_the_active_filters(dataset):
    defaults = default_filters(dataset)
    spheres = {t: dataset.label("sphere", t) for t in defaults.spheres}
    kinds = {t: dataset.label("kind", t) for t in defaults.kinds}
    assert chart_data.filters_caption(defaults, defaults, spheres, kinds) == ""
    opinion = Filters((2021, 2021), defaults.spheres, ("opinion",))
    caption = chart_data.filters_caption(opinion, defaults, spheres, kinds)
    assert caption.startswith("Filters: years 2021; showing all ")
    assert f"1 of {len(kinds)} source kinds (Opinion)" in caption


def test_the_filter_that_empties_a_chart_is_named(dataset):
    defaults = default_filters(dataset)
    spheres = {t: dataset.label("sphere", t) for t in defaults.spheres}
    kinds = {t: dataset.label("kind", t) for t in defaults.kinds}

    def has_turnout(chosen):
        return not chart_data.turnout(rows(dataset, chosen)).empty

    opinion = Filters(defaults.years, defaults.spheres, ("opinion",))
    assert chart_data.emptying_filter(has_turnout, opinion, defaults) == "kinds"
    assert (
        chart_data.empty_message("turnout figures", "kinds", opinion, spheres, kinds)
        == "No turnout figures from the source kinds chosen (Opinion)."
    )
    later = Filters((2024, 2025), defaults.spheres, ("opinion",))
    assert chart_data.emptying_filter(has_turnout, later, defaults) == "years"
    assert chart_data.empty_message("turnout figures", "years", later, spheres, kinds) == (
        "No turnout figures in 2024–2025."
    )
    judicial = Filters(defaults.years, ("judicial_legal",), defaults.kinds)
    assert chart_data.emptying_filter(has_turnout, judicial, defaults) == "spheres"
    assert chart_data.emptying_filter(has_turnout, defaults, defaults) is None
    assert chart_data.empty_message("", "years", later, spheres, kinds) is None


def test_turnout_rows_carry_the_ballots_and_the_register(facts):
    row = chart_data.turnout(facts).set_index("series_date").loc["2019-06-09"]
    assert (row["ballots_cast"], row["registered_voters"]) == (800, 1032)
    assert row["counts_text"] == "800 ballots cast of 1,032 registered voters"
    other = chart_data.turnout(facts).set_index("series_date").loc["2021-01-10"]
    assert pd.isna(other["ballots_cast"]) and other["counts_text"] == ""  # a gap, not a zero


def test_result_rows_carry_each_options_votes_but_not_a_misprint(facts):
    table = chart_data.election_results(facts, "presidential-2019").set_index("subject")
    assert table.loc["rival", "votes"] == 234  # the agency's misprint 243 has a caveat
    assert table.loc["tokayev", "counts_text"] == "546 votes"


def test_time_order_ranks_partial_dates_by_their_middle_and_missing_ones_first():
    values = pd.Series(["2023-12", "2023-08", None, "2023", "2023-08", "2022-12-31"], dtype="str")
    ranks = chart_data.time_order(values).tolist()
    # 2023 is drawn at its middle (2 July), before August; a missing date before every date
    assert ranks == [4, 3, 0, 2, 3, 1]


def test_a_headline_is_the_latest_figure_in_time_not_in_string_order(dataset):
    facts = chart_data.ranked_for_kinds(dataset, tuple(dataset.vocabularies["kind"].terms))
    metric, subject = ids.HEADLINES[0]
    rows = facts[facts["metric"] == metric]
    if subject is not None:
        rows = rows[rows["subject"] == subject]
    if rows.empty:
        pytest.skip("the fixture has no row of the first headline")
    headlines = chart_data.headline_figures(facts)
    assert len(headlines) >= 1
    preferred = rows[rows["is_preferred"].fillna(False).astype(bool)]
    latest = max(preferred["date"], key=dates.sort_key)
    assert headlines.iloc[0]["date"] == latest
