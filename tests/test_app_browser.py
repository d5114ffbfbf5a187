"""End-to-end: the dashboard served by `make run`, driven in a real headless Chromium.

These check what only a browser shows: charts drawn, URLs shared, files downloaded. The
behaviour tests run against a server on the fixture dataset; every page is also drawn on the
real data, in light and dark theme, and screenshotted into a temporary folder (``make
screenshots`` refreshes the README's).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from metrics import about, chart_data, downloads
from metrics.dataset import load_dataset
from metrics.filters import Filters, default_filters, filter_facts, filters_slug
from metrics.preference import rank_facts

from conftest import FIXTURE_DATA_DIR
from testing.pages import NO_CHARTS, PAGES, open_choices, open_page, save_whole_page, settle

pytestmark = pytest.mark.browser


def slider_years(page) -> tuple[int, int]:
    start = page.locator('input[aria-label="Years — start"]').get_attribute("value")
    end = page.locator('input[aria-label="Years — end"]').get_attribute("value")
    return int(start), int(end)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_draws_its_charts_on_the_real_data(
    chromium, real_server_url, tmp_path, name, scheme
):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(45_000)
    try:
        open_page(page, real_server_url, PAGES[name], charts=name not in NO_CHARTS)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.get_by_test_id("stAlert").count() == 0
        if name == "glossary":
            assert page.get_by_test_id("stHeading").count() >= 9
        elif name != "sources":
            assert page.locator(".js-plotly-plot").count() >= 1
            # a drawn chart has marks, not only axes
            assert (
                page.locator(
                    ".js-plotly-plot .scatterlayer path.point, .js-plotly-plot .barlayer path"
                ).count()
                > 0
            )
        else:
            page.get_by_text("Download the full dataset").wait_for()  # drawn after the tables
            assert page.get_by_text("Download the full dataset").count() == 1
        shot = tmp_path / f"{name}-{scheme}.png"
        save_whole_page(page, shot)
        assert shot.stat().st_size > 10_000
    finally:
        context.close()


def test_moving_the_year_slider_changes_the_url_and_the_url_restores_it(chromium, page, server_url):
    open_page(page, server_url, "elections")
    assert slider_years(page) == (2019, 2025)
    page.locator('input[aria-label="Years — start"]').focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/elections?year=2021&year=2025")
    settle(page)
    shared = page.url

    other = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        open_page(other, "", shared)  # a fresh browser context: only the URL carries the filter
        assert slider_years(other) == (2021, 2025)
        # and it survives a page switch
        other.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Timeline").click()
        other.wait_for_url("**/timeline?year=2021&year=2025")
        settle(other)
        assert slider_years(other) == (2021, 2025)
    finally:
        other.context.close()


def test_sphere_and_kind_pills_open_from_the_sidebar_and_live_in_the_url(
    chromium, page, server_url
):
    open_page(page, server_url, "")
    summary = page.get_by_test_id("stSidebar").get_by_text("Showing all 7 spheres")
    assert summary.is_visible()
    assert not page.get_by_role("button", name="Opinion").is_visible()  # closed until asked
    open_choices(page)
    page.get_by_role("button", name="Opinion").click()  # every kind was chosen: drop one
    page.wait_for_url(lambda url: "source=" in url and "opinion" not in url)
    settle(page)
    words = "Showing all 7 spheres and 4 of 5 source kinds (Official, News agency, Reference, News)"
    # the link changes before the rerun's sidebar is drawn: wait for the line, then read it
    page.get_by_test_id("stSidebar").get_by_text(words).wait_for()
    assert page.get_by_test_id("stSidebar").get_by_text(words).is_visible()

    other = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        open_page(other, "", page.url)  # the link alone carries the choice, choices closed
        assert other.get_by_test_id("stSidebar").get_by_text(words).is_visible()
    finally:
        other.context.close()


def expected_turnout(filters: Filters):
    dataset = load_dataset(FIXTURE_DATA_DIR)
    facts = filter_facts(dataset.facts, dataset.sources, filters)
    ranked = rank_facts(facts, dataset.sources, dataset.series, dataset.ranking)
    table = chart_data.turnout(chart_data.with_sources(ranked, dataset))
    table = about.with_corrections(table, dataset)  # as every chart's rows carry it
    return table, filters_slug(filters, default_filters(dataset))


def test_a_charts_csv_download_equals_its_rows_and_keeps_the_filters(page, server_url, tmp_path):
    open_page(page, server_url, "elections?year=2022&year=2024")
    url_before = page.url
    page.get_by_text("Data behind this chart").first.click()
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    dataset = load_dataset(FIXTURE_DATA_DIR)
    defaults = default_filters(dataset)
    table, slug = expected_turnout(Filters((2022, 2024), defaults.spheres, defaults.kinds))
    assert (
        saved.name
        == f"reform-metrics_turnout_shown_{slug}.csv"
        == "reform-metrics_turnout_shown_2022-2024_all-spheres_all-sources.csv"
    )
    assert saved.read_bytes() == downloads.csv_bytes(table, dataset)
    assert list(table["series_date"]) == ["2022-06-05", "2023-03-19"]
    settle(page)
    assert page.url == url_before and slider_years(page) == (2022, 2024)


def test_the_bundle_unzips_to_tables_that_validate(page, server_url, tmp_path):
    open_page(page, server_url, "sources", charts=False)
    with page.expect_download() as download:
        page.get_by_text("Download the full dataset").click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        bundle.extractall(tmp_path)
    from frictionless import validate

    assert validate(tmp_path / "datapackage.json").valid
    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str)
    assert len(facts) == len(load_dataset(FIXTURE_DATA_DIR).facts)
    assert (tmp_path / "facts.parquet").stat().st_size > 0


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("year=abc", "is not a year"),
        ("sphere=Sports", "the sphere 'Sports'"),
        ("year=2015&year=2023", "2019 is used instead"),
    ],
)
def test_a_bad_url_parameter_shows_a_notice(page, server_url, query, words):
    open_page(page, server_url, f"?{query}")
    notice = page.get_by_test_id("stAlert").filter(has_text="nearest valid view")
    assert words in notice.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_link_with_an_unusable_year_range_is_mended_in_the_address_bar(page, server_url):
    open_page(page, server_url, "court?year=2024&year=2010")
    page.wait_for_url("**/court?year=2019&year=2024")
    assert slider_years(page) == (2019, 2024)
    notice = page.get_by_test_id("stAlert").filter(has_text="nearest valid view")
    assert "2019 is used instead" in notice.inner_text()
    assert "run backwards" in notice.inner_text()


def test_the_conflict_marker_shows_on_the_charts(page, server_url):
    open_page(page, server_url, "court")
    court = page.locator(".js-plotly-plot").first
    # the preferred figure is labelled; the disputed 3,708 beside it is marked and hovered
    assert court.locator("text", has_text="more than 5,000 ⚠").count() == 1
    open_page(page, server_url, "elections?vote=Presidential+election%2C+June+2019")
    results_2019 = page.locator(".js-plotly-plot").filter(has_text="Vote shares").last
    assert results_2019.locator("text", has_text="70 % ⚠").count() == 1
    assert results_2019.locator("text", has_text="30 % ⚠").count() == 0
