"""The rows behind each chart, built from the real dataset."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from metrics import chart_data
from metrics.filters import Filters, default_filters, filter_facts, filter_ranked_facts
from metrics.preference import rank_facts


def rows(dataset, filters=None):
    facts = filter_facts(dataset.facts, dataset.sources, filters or default_filters(dataset))
    return chart_data.with_sources(rank_facts(facts, dataset.sources, dataset.series), dataset)


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


def test_turnout_has_every_election_and_referendum_from_2019_to_2026(facts):
    table = chart_data.turnout(facts)
    assert list(table["series_date"].str[:4]) == [
        "2019",
        "2021",
        "2022",
        "2022",
        "2023",
        "2023",
        "2024",
        "2026",
    ]
    assert table["is_preferred"].all() and table["series_date"].is_monotonic_increasing
    by_title = dict(zip(table["series_title"], table["value"], strict=True))
    assert (
        by_title["Early presidential election, June 2019"] == 77.5
    )  # final beats preliminary 77.4
    assert by_title["Pilot elections of district akims, November 2023"] == 62.79


def test_turnout_all_values_keeps_every_source(facts):
    table = chart_data.turnout(facts, all_values=True)
    assert len(table) > len(chart_data.turnout(facts))
    assert {77.4, 77.5} <= set(table["value"])


@pytest.mark.parametrize(
    ("series_id", "subjects"),
    [("presidential-2019", 7), ("presidential-2022", 7), ("mazhilis-2023", 8), ("mazhilis-2021", 5),
     ("referendum-2022", 2), ("referendum-2024", 2), ("referendum-2026", 1)],
)  # fmt: skip
def test_each_election_shows_every_candidate_or_party(facts, series_id, subjects):
    table = chart_data.election_results(facts, series_id)
    assert len(table) == subjects and table["subject"].is_unique
    assert table["value"].is_monotonic_decreasing
    if series_id.startswith(("presidential", "mazhilis")):
        assert table["value"].sum() == pytest.approx(100, abs=0.1)


def test_preliminary_and_final_disagree_and_the_final_wins(facts):
    table = chart_data.election_results(facts, "presidential-2019")
    tokayev = table.set_index("subject").loc["Kassym-Jomart Tokayev"]
    assert tokayev["value"] == 70.96 and tokayev["status"] == "final"
    assert (
        tokayev["disagrees"]
        and "70.76 % (preliminary, Deccan Chronicle)" in tokayev["other_values"]
    )
    everything = chart_data.election_results(facts, "presidential-2019", all_values=True)
    assert list(everything[everything["subject"] == "Kassym-Jomart Tokayev"]["value"]) == [
        70.96,
        70.96,
        70.76,
        70.96,
    ]


def test_result_series_lists_votes_latest_first(facts):
    series = chart_data.result_series(facts)
    assert series[0] == "referendum-2026" and series[-1] == "presidential-2019"


def test_court_caseload_shows_every_point_and_the_disagreement(facts):
    table = chart_data.court_caseload(facts)
    appeals = table[table["metric"] == "appeals_received"]
    assert list(appeals["as_of"]) == ["2023", "2023", "2023-06-20", "2023-08", "2025-09-11"]
    first_year = appeals[appeals["as_of"] == "2023"].set_index("value")
    assert first_year["disagrees"].all()
    assert first_year.loc[5000, "is_preferred"] and first_year.loc[5000, "is_lower_bound"]
    assert not first_year.loc[3708, "is_preferred"]


def test_share_decided_pairs_one_source_per_date(facts):
    shares = chart_data.share_decided(chart_data.court_caseload(facts)).set_index("as_of")
    assert shares.loc["2023", "share"] == pytest.approx(21 / 3708 * 100, abs=0.01)
    assert shares.loc["2023", "share_label"] == "0.57 %"
    assert shares.loc["2025-09-11", "is_upper_bound"] and shares.loc[
        "2025-09-11", "share_label"
    ].startswith("at most")


def test_electoral_mix_before_and_after(facts, dataset):
    table = chart_data.electoral_mix(facts, dataset)
    mazhilis = table[table["body"] == "Mazhilis"].set_index(["phase", "subject"])
    assert mazhilis.loc[("after", "Party list"), "value"] == 70
    assert mazhilis.loc[("after", "Single-mandate"), "seats"] == 29
    assert mazhilis.loc[("before", "Party list"), "value"] == pytest.approx(98 / 107 * 100, abs=0.1)
    assert "Computed from seat counts" in mazhilis.loc[("before", "Party list"), "derived"]
    for (_body, _phase), group in table.groupby(["body", "phase"]):
        assert group["value"].sum() == pytest.approx(100, abs=0.2)


def test_timeline_merges_one_happening_reported_by_several_sources(dataset):
    table = chart_data.timeline(dataset.events, dataset)
    assert table["occurrence_id"].is_unique
    office = table.set_index("occurrence_id").loc["tokayev-takes-office"]
    assert office["sources"] == "EU Reporter (opinion); Daily Times (Pakistan) (opinion)"
    referendum = table.set_index("occurrence_id").loc["referendum-2022"]
    assert referendum["date"] == "2022-06-05"  # the most precise date among its sources
    assert table["start"].is_monotonic_increasing


def test_timeline_of_no_events_is_empty(dataset):
    assert chart_data.timeline(dataset.events.iloc[0:0], dataset).empty


@pytest.mark.parametrize(
    ("date", "start"),
    [("2020", "2020-01-01"), ("2020-09", "2020-09-01"), ("2022-06-05", "2022-06-05")],
)
def test_start_of_period(date, start):
    assert chart_data.start_of_period(date) == start


def test_filters_reach_the_charts(dataset):
    narrowed = rows(
        dataset, Filters((2022, 2022), ("electoral", "political"), ("news", "news_agency"))
    )
    turnout = chart_data.turnout(narrowed)
    assert set(turnout["series_date"].str[:4]) == {"2022"}
    assert chart_data.court_caseload(narrowed).empty


def test_headline_figures_are_preferred_and_sourced(facts):
    table = chart_data.headline_figures(facts)
    assert len(table) == 4
    assert table.set_index("headline").loc["Latest turnout", "value"] == 73.12
    assert (table["url"].str.startswith("http")).all()


def reference_headlines(facts: pd.DataFrame) -> pd.DataFrame:
    """headline_figures written the plain way: a stable sort, then each headline's last row."""
    rows = []
    for metric, subject, headline in chart_data.HEADLINES:
        chosen = facts[(facts["metric"] == metric) & facts["is_preferred"].fillna(False)]
        if subject is not None:
            chosen = chosen[chosen["subject"] == subject]
        if len(chosen):
            latest = chosen.sort_values(["date", "series_date"], kind="stable").iloc[-1]
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
        first = rng.randint(2019, 2026)
        chosen = Filters(
            (first, rng.randint(first, 2026)),
            tuple(s for s in defaults.spheres if rng.random() < 0.7),
            kinds,
        )
        ranked = chart_data.ranked_for_kinds(dataset, kinds)
        facts = filter_ranked_facts(ranked, chosen)
        pd.testing.assert_frame_equal(
            chart_data.headline_figures(facts), reference_headlines(facts), check_dtype=False
        )


def test_of_headline_rows_equal_in_date_the_last_wins(facts):
    latest = chart_data.headline_figures(facts).set_index("headline").loc["Latest turnout"]
    turnout = facts[(facts["metric"] == "turnout") & facts["is_preferred"]]
    row = turnout[turnout["value"] == latest["value"]].iloc[[0]]
    tied = pd.concat([facts, row.assign(value=12.5)])  # same dates, later in the table
    tied.index = range(len(tied))
    table = chart_data.headline_figures(tied).set_index("headline")
    assert table.loc["Latest turnout", "value"] == 12.5


def test_headline_table_has_a_row_per_figure_with_the_other_sources(facts):
    headlines = chart_data.headline_figures(facts)
    lines = chart_data.headline_markdown(headlines).splitlines()
    assert len(lines) == 2 + len(headlines)
    cells = {
        row[0]: row for row in ([c.strip() for c in line.strip("|").split(" | ")] for line in lines)
    }
    assert cells["Latest turnout"][1] == r"**73\.12 %**"
    assert "The Caspian Post" in cells["Latest turnout"][4]
    assert cells["Appeals to the Constitutional Court"][1] == "**more than 11,000**"
    assert cells["Appeals to the Constitutional Court"][4] == "—"  # no other source
    disagreeing = headlines.assign(disagrees=[True] + [False] * (len(headlines) - 1))
    first = chart_data.headline_markdown(disagreeing).splitlines()[2]
    assert first.split(" | ")[1] == r"**73\.12 %** ⚠"


def test_headline_table_escapes_the_data(facts):
    headlines = chart_data.headline_figures(facts).copy()
    headlines.loc[0, "publisher"] = "[click](javascript:alert(1)) | **bold**"
    text = chart_data.headline_markdown(headlines)
    assert "](javascript" not in text and "**bold**" not in text
    assert r"\[click\]\(javascript\:alert\(1\)\) \| \*\*bold\*\*" in text


def test_source_names_for_fact_tables_and_timelines(facts, dataset):
    names = chart_data.source_names(chart_data.election_results(facts, "referendum-2024"))
    assert names == ["TASS (news agency)"]
    timeline = chart_data.timeline(
        dataset.events[dataset.events["occurrence_id"] == "tokayev-takes-office"], dataset
    )
    assert chart_data.source_names(timeline) == [
        "EU Reporter (opinion)",
        "Daily Times (Pakistan) (opinion)",
    ]


def test_empty_facts_give_empty_tables(dataset):
    empty = rows(dataset, Filters((2019, 2026), (), ()))
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
