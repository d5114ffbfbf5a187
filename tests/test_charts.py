"""The chart registry: every chart declared once, and what the pages, warm-up and tests read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from metrics import chart_data, charts
from metrics.charts import ChartInputs
from metrics.filters import default_filters, filter_events, filter_ranked_facts

PAGES = {"overview", "elections", "court", "electoral-system", "rules", "timeline"}


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


@pytest.mark.parametrize(
    ("chart_id", "query", "message"),
    [
        ("turnout", {"kinds": ("opinion",)}, "No turnout figures from the source kinds chosen (Opinion)."),
        ("court-caseload", {"years": (2019, 2022)}, "No Constitutional Court figures in 2019–2022."),
        ("timeline", {"spheres": ("economic",)}, "No reform events in the spheres chosen (Economic)."),
    ],
)  # fmt: skip
def test_an_empty_chart_says_which_filter_emptied_it(dataset, chart_id, query, message):
    chart = next(c for c in charts.CHARTS if c.chart_id == chart_id)
    defaults = default_filters(dataset)
    chosen = replace(defaults, **query)
    assert chart.rows(charts.inputs_for(dataset, chosen)).empty
    assert charts.why_empty(chart, dataset, chosen, defaults) == message


def test_jump_links_show_each_text_and_point_at_its_anchor():
    links = chart_data.jump_links(
        [("Явка", chart_data.heading_anchor("Turnout")), ("Итоги [1]", "results")], "Перейти:"
    )
    assert links == "Перейти\\: [Явка](#turnout) · [Итоги \\[1\\]](#results)"
