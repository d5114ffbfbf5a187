"""The chart registry: every chart declared once, and what the pages, warm-up and tests read."""

from __future__ import annotations

import pytest

from metrics import chart_data, charts
from metrics.charts import ChartInputs
from metrics.filters import default_filters, filter_events, filter_ranked_facts

PAGES = {"overview", "elections", "court", "electoral-system", "timeline"}


def inputs_of(dataset) -> ChartInputs:
    filters = default_filters(dataset)
    facts = filter_ranked_facts(chart_data.ranked_for_kinds(dataset, filters.kinds), filters)
    return ChartInputs(facts, filter_events(dataset.events, dataset.sources, filters), dataset)


def test_chart_ids_are_unique_and_pages_known(dataset):
    every = list(charts.every_chart(inputs_of(dataset)))
    assert len({chart.chart_id for chart in every}) == len(every)
    assert {chart.page for chart in every} <= PAGES


def test_each_vote_with_results_gets_a_chart_latest_first(dataset):
    drawn, total = charts.result_charts(inputs_of(dataset))
    assert total == 4
    assert [chart.chart_id for chart in drawn] == [
        "results-chamber-2023", "results-referendum-2022", "results-chamber-2021",
        "results-presidential-2019",
    ]  # fmt: skip
    assert drawn[0].heading == "Chamber election, March 2023"


@pytest.mark.parametrize("chart", charts.CHARTS, ids=lambda chart: chart.chart_id)
def test_every_fixed_chart_builds_rows_figure_and_text_on_the_fixture(dataset, chart):
    inputs = inputs_of(dataset)
    table = chart.rows(inputs)
    assert not table.empty
    figure = chart.figure(table)
    assert figure.layout.title.text and chart.alt(table)
    if chart.all_rows is not None:
        assert len(chart.all_rows(inputs)) >= len(table)


def test_every_chart_says_something_plain_when_it_has_no_rows(dataset):
    for chart in charts.CHARTS:
        assert chart.empty_message.startswith("No ") and chart.empty_message.endswith(".")
