"""Charts as a reader meets them in Chromium: dates, labels, links, empty views, phone, keyboard.

Each test drives the dashboard served on the fixture dataset and waits on page state
(``testing.pages``), never on fixed pauses.
"""

from __future__ import annotations

import pytest

from testing.pages import open_choices, open_page, settle

pytestmark = pytest.mark.browser

# Boxes (left, top, right, bottom) of every label drawn on a chart's points.
LABEL_BOXES = """plot => [...plot.querySelectorAll('.textpoint text')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


def tick_texts(chart, axis: str) -> list[str]:
    return [t.strip() for t in chart.locator(f".{axis}tick text").all_text_contents()]


def overlapping(boxes: list[list[float]]) -> list[tuple]:
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("court?year=2025&year=2025", "11 September 2025"),
        ("elections?year=2021&year=2021", "10 January 2021"),
        ("court?source=Opinion", "2023"),
    ],
)
def test_a_single_date_is_one_labelled_point_not_milliseconds(page, server_url, path, label):
    open_page(page, server_url, path)
    chart = page.locator(".js-plotly-plot").first
    ticks = tick_texts(chart, "x")
    assert ticks == [label], ticks
    assert not any(":" in t for t in ticks)


def test_the_court_chart_has_plain_log_ticks_and_labels_that_never_overlap(page, server_url):
    open_page(page, server_url, "court")
    chart = page.locator(".js-plotly-plot").first
    ticks = tick_texts(chart, "y")
    assert {"1,000", "10,000"} <= set(ticks), ticks
    assert all(t.replace(",", "").rstrip("0") in {"1"} for t in ticks), ticks  # powers of ten
    boxes = chart.evaluate(LABEL_BOXES)
    assert len(boxes) >= 5
    assert overlapping(boxes) == []


def test_chart_captions_link_each_publisher_and_name_the_filters(page, server_url):
    open_page(page, server_url, "court?source=News+agency")
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="Sources:").first
    link = caption.get_by_role("link", name="Fixture News Agency")
    assert link.get_attribute("href") == "https://example.org/agency/court-chair"
    assert "source kinds (News agency)" in caption.inner_text()


def test_turnout_points_are_named_and_an_empty_chart_says_why(page, server_url):
    open_page(page, server_url, "elections")
    turnout = page.locator(".js-plotly-plot").first
    assert turnout.locator(".textpoint text", has_text="Presidential").count() == 1
    assert turnout.locator(".legendtext", has_text="Referendums").count() == 1
    open_page(page, server_url, "elections?vote=Referendum%2C+June+2022")  # the results tab
    referendum = page.get_by_test_id("stCaptionContainer").filter(has_text="4.16 % other")
    assert referendum.count() == 1
    open_page(page, server_url, "elections?source=Opinion", charts=False)  # none to draw
    notice = page.get_by_test_id("stAlert").filter(has_text="No turnout figures")
    assert "No turnout figures from the source kinds chosen (Opinion)." in notice.inner_text()


def test_timeline_events_are_listed_beside_the_chart(page, server_url):
    open_page(page, server_url, "timeline")
    page.get_by_text("The events as a list").first.click()  # drawn when opened
    table = page.get_by_test_id("stTable")
    table.first.wait_for()  # the rerun the opening starts draws it
    assert table.get_by_text("Constitutional Court starts work").count() == 1
    assert table.get_by_text("Judicial and legal").count() >= 1


def test_the_elections_tabs_are_drawn_when_opened_and_live_in_the_link(page, server_url):
    open_page(page, server_url, "elections")
    assert page.locator(".js-plotly-plot").count() == 1  # the turnout chart alone
    page.get_by_role("tab", name="Local democracy").click()
    page.wait_for_url("**section=Local+democracy**")
    settle(page)
    # Waits for the tab's own chart: counting charts raced the turnout chart's removal.
    local = page.get_by_text("Akim elections since the first direct elections")
    local.first.wait_for(state="visible")
    page.wait_for_function(  # the open tab's two charts alone, once the turnout chart is gone
        "() => document.querySelectorAll('.js-plotly-plot').length === 2"
    )
    page.reload()  # the link reopens the tab
    settle(page)
    tab = page.get_by_role("tab", name="Local democracy")
    assert tab.get_attribute("aria-selected") == "true"
    page.get_by_role("tab", name="Turnout").click()  # the first tab is no parameter
    page.wait_for_url(lambda url: "section=" not in url)


@pytest.mark.parametrize("path", ["elections", "court", "electoral-system", "timeline"])
def test_at_phone_width_titles_fit_and_the_mode_bar_leaves_them_clear(chromium, server_url, path):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(45_000)
    try:
        open_page(page, server_url, path)
        for chart in page.locator(".js-plotly-plot").all():
            chart.scroll_into_view_if_needed()
            plot = chart.bounding_box()
            title = chart.locator(".gtitle").bounding_box()
            assert plot and title
            assert title["x"] >= plot["x"] - 1
            assert title["x"] + title["width"] <= plot["x"] + plot["width"] + 1, path
            chart.hover(position={"x": plot["width"] / 2, "y": plot["height"] / 2})
            bar = chart.locator(".modebar")
            bar.wait_for(state="visible")
            box = bar.bounding_box()
            assert box
            assert box["y"] + box["height"] <= title["y"] + 1, path  # above, not over, the title
    finally:
        context.close()


def test_a_data_views_downloads_are_a_few_tab_stops_away(page, server_url):
    open_page(page, server_url, "court")
    page.get_by_text("Data behind this chart").first.click()
    page.get_by_test_id("stDownloadButton").first.wait_for()
    settle(page)
    page.locator(
        "[data-testid=stExpander] summary", has_text="Data behind this chart"
    ).first.focus()
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('[data-testid=stDownloadButton]')?.innerText"
        )
        if focused:
            break
    assert focused and "Download CSV" in focused


def test_reform_events_are_marked_and_the_switch_hides_them_and_keeps_it_in_the_link(
    page, server_url
):
    open_page(page, server_url, "court")
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.locator(".legendtext", has_text="Reform events").wait_for()
    # the triangles and their legend key, two traces (the caseload's own stay when they go)
    traces = ".scatterlayer .trace"
    marked = chart.locator(traces).count()
    switch = page.get_by_test_id("stSidebar").get_by_text("Mark reform events on charts over time")
    assert switch.count() == 0  # with the pills: drawn once their expander is opened
    open_choices(page)
    switch.click()
    page.wait_for_url("**/court?marks=false")
    settle(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    # the chart is redrawn by the rerun the switch starts
    chart.locator(".legendtext", has_text="Reform events").wait_for(state="detached")
    assert chart.locator(traces).count() == marked - 2
    page.reload()  # the expander closed, the switch off: still drawn, still in the link
    settle(page)
    assert "marks=false" in page.url
    assert (
        page.get_by_test_id("stPlotlyChart")
        .first.locator(".legendtext", has_text="Reform events")
        .count()
        == 0
    )


def test_the_sources_page_jumps_to_each_section(page, server_url):
    open_page(page, server_url, "sources", charts=False)
    jumps = page.get_by_test_id("stMarkdownContainer").filter(has_text="Jump to:")
    hrefs = [a.get_attribute("href") for a in jumps.get_by_role("link").all()]
    assert len(hrefs) == 7
    for href in hrefs:
        assert page.locator(f"[id='{href[1:]}']").count() == 1, href
