"""Local democracy (akim elections) and the court by period: rows, figures and text alternatives."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import charts, dates, ids, local_data
from metrics.chart_data import SOURCE_COLUMNS
from metrics.figures import local
from metrics.filters import default_filters


@pytest.fixture(scope="module")
def facts(dataset):
    return charts.inputs_for(dataset, default_filters(dataset)).facts


@pytest.fixture(scope="module")
def real_facts(real_dataset):
    return charts.inputs_for(real_dataset, default_filters(real_dataset)).facts


def as_local(facts: pd.DataFrame, series: str, posts: float) -> pd.DataFrame:
    """The fixture's facts plus a posts-contested figure for ``series``, copied from its turnout."""
    base = facts[(facts["series"] == series) & (facts["metric"] == ids.TURNOUT)].iloc[[0]]
    posts_row = base.assign(
        metric=local_data.POSTS_CONTESTED,
        metric_title="Posts contested",
        unit="count",
        short_unit="posts",
        value=posts,
        fact_id="T0001",
        disagrees=False,
        other_values="",
    )
    return pd.concat([facts, posts_row], ignore_index=True)


def without_local(facts: pd.DataFrame) -> pd.DataFrame:
    """The fixture's facts without its one local election and its court periods."""
    return facts[
        (facts["series"] != "akims-2021") & (facts["metric"] != local_data.APPEALS_RECEIVED_PERIOD)
    ]


def test_the_fixtures_local_election_has_posts_and_candidates_but_no_turnout(facts):
    table = local_data.local_elections(facts)
    assert list(table["measure"]) == [local_data.POSTS, local_data.CANDIDATES]  # turnout: a gap
    assert list(table["value"]) == [730, 2297]


def test_an_election_is_local_by_its_metrics_and_a_missing_figure_is_a_gap(facts):
    facts = without_local(facts)
    assert local_data.local_elections(facts).empty  # no local election left
    table = local_data.local_elections(as_local(facts, "chamber-2023", 12))
    assert set(table["series"]) == {"chamber-2023"}
    # posts and turnout, no candidates row at all (never a zero)
    assert list(table["measure"]) == [local_data.POSTS, local_data.TURNOUT]
    assert table["value"].iloc[0] == 12 and (table["value"] > 0).all()
    turnout = facts[(facts["series"] == "chamber-2023") & (facts["metric"] == ids.TURNOUT)]
    assert table["fact_id"].iloc[1] == turnout.loc[turnout["is_preferred"], "fact_id"].item()
    assert set(SOURCE_COLUMNS) <= set(table.columns) and "value_label" in table


def test_elections_come_in_time_order_whatever_the_row_order(facts):
    facts = without_local(facts)
    later_first = as_local(as_local(facts, "chamber-2023", 12), "chamber-2021", 30)
    for rows in (later_first, later_first.iloc[::-1]):
        table = local_data.local_elections(rows)
        keys = [dates.sort_key(d) for d in table["series_date"]]
        assert keys == sorted(keys) and len(set(keys)) == 2  # each election's rows together


def test_posts_given_per_kind_are_added_and_flagged(facts):
    rows = as_local(facts, "chamber-2023", 0).iloc[[-1, -1]].reset_index(drop=True)
    rows = rows.assign(
        metric=local_data.AKIM_POSTS_ELECTED,
        subject=["a", "b"],
        subject_name=["Districts", "Cities"],
        value=[42.0, 3.0],
        fact_id=["T1", "T2"],
        is_preferred=True,
    )
    (row,) = local_data.local_elections(rows).itertuples()
    assert row.value == 45 and "42 (Districts) + 3 (Cities)" in row.derived
    assert row.fact_id == "T1; T2"


def test_real_local_elections_have_their_posts_candidates_and_turnout(real_facts):
    table = local_data.local_elections(real_facts)
    posts = table[table["measure"] == local_data.POSTS].set_index("series_date")["value"]
    assert posts.to_dict() == {"2021-07-25": 730, "2023-11-05": 45}
    turnout = table[table["measure"] == local_data.TURNOUT].set_index("series_date")["value"]
    assert turnout["2023-11-05"] == pytest.approx(62.79)
    candidates = table[table["measure"] == local_data.CANDIDATES]
    # registered (2021), on the ballot (2023)
    assert candidates["candidates_counted"].nunique() == 2
    assert table["is_preferred"].all()


def test_real_cumulative_akims_are_flagged_and_in_time_order(real_facts):
    table = local_data.akims_elected_over_time(real_facts)
    assert list(table["as_of"]) == sorted(table["as_of"], key=dates.sort_key)
    assert table["as_of"].is_unique and (table["series"] != "rural-akims-2021-07").all()
    assert table["is_lower_bound"].any() and table["is_approximate"].any()
    fig = local.akims_elected_figure(table)
    symbols = dict(zip(table["value_label"], fig.data[0].marker.symbol, strict=True))
    assert {s for label, s in symbols.items() if label.startswith("more than")} == {"triangle-up"}
    assert {s for label, s in symbols.items() if label.startswith("about")} == {"circle-open"}


def test_one_date_of_akims_gives_a_labelled_tick_not_milliseconds(real_facts):
    table = local_data.akims_elected_over_time(real_facts).iloc[[0]]
    axis = local.akims_elected_figure(table).layout.xaxis
    assert len(axis.tickvals) == 1 and axis.ticktext[0] == dates.label(table["as_of"].iloc[0])


def test_real_court_periods_are_months_or_years_beside_the_totals(real_facts):
    table = local_data.court_periods(real_facts)
    periods = table[~table["is_cumulative"]]
    assert set(periods["precision"]) <= {"month", "year"}
    assert (periods["precision"] == "month").sum() >= 3
    assert list(periods["period"]) == sorted(periods["period"], key=dates.sort_key)
    totals = table.loc[table["is_cumulative"], "metric"]
    assert len(totals) > 0 and totals.eq(ids.APPEALS_RECEIVED).all()
    fig = local.court_periods_figure(table)
    bars = [t for t in fig.data if t.type == "bar"]
    # months in the top panel, years (if any) in the bottom one beside the running total
    assert sum(len(t.x) for t in bars) == len(periods)
    assert bars[0].yaxis == "y" and min(bars[0].width) > 27 * local.DAY_MS * 0.9 - 1
    assert all(t.yaxis == "y2" and min(t.width) > 364 * local.DAY_MS * 0.9 - 1 for t in bars[1:])
    assert "February 2023" in local.court_periods_alt(table)


def test_no_period_figures_give_an_empty_table_with_the_columns(facts, real_facts):
    for rows in (
        without_local(facts),
        real_facts[real_facts["metric"] != local_data.APPEALS_RECEIVED_PERIOD],
    ):
        table = local_data.court_periods(rows)
        assert table.empty and {"period", "precision", "value", *SOURCE_COLUMNS} <= set(table)


def test_every_figure_builds_and_its_alt_names_each_election(real_facts):
    table = local_data.local_elections(real_facts)
    fig = local.local_elections_figure(table)
    fig.to_json()
    alt = local.local_elections_alt(table)
    for title in table["series_title"].unique():
        assert title in alt
    turnout = next(t for t in fig.data if t.type == "scatter")
    assert turnout.yaxis == "y2" and list(fig.layout.yaxis2.range) == [0, 100]
    assert len(fig.layout.xaxis.categoryarray) == table["series"].nunique()
    for build in (local_data.akims_elected_over_time, local_data.court_periods):
        rows = build(real_facts)
        figure = {local_data.akims_elected_over_time: local.akims_elected_figure}.get(
            build, local.court_periods_figure
        )
        assert figure(rows).to_json() and "(" in figure(rows).layout.title.text  # names the unit


def test_data_text_in_hovers_and_labels_is_escaped(facts):
    table = local_data.local_elections(as_local(facts, "chamber-2023", 12))
    table = table.assign(series_title="<b>%{x}</b>", evidence="<img src=x>")
    fig = local.local_elections_figure(table)
    for trace in fig.data:
        text = " ".join([*trace.x, *trace.customdata, *trace.hovertext])
        assert "<b>%{x}" not in text and "<img" not in text and "&lt;img" in text


def test_a_years_appeals_go_beside_the_running_total_not_over_the_months(facts):
    month = facts[facts["metric"] == local_data.APPEALS_RECEIVED_PERIOD].iloc[[0]]
    year = month.assign(date="2023", value=5000.0, fact_id="T0002")
    table = local_data.court_periods(pd.concat([facts, year], ignore_index=True))
    fig = local.court_periods_figure(table)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [(t.yaxis, len(t.x)) for t in bars] == [("y", 2), ("y2", 1)]
    assert list(bars[1].y) == [5000.0]
    # the months keep their own scale: the year's count does not dwarf them
    assert fig.layout.yaxis.range[1] == pytest.approx(680 * 1.25)
    assert fig.layout.yaxis2.range[1] >= 5000
