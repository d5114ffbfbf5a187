"""Sharing in Chromium: a chart's PNG and SVG with their provenance, About this data and Cite
this view, and the offline report opened from disk with the network blocked."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from testing.pages import open_page, settle

pytestmark = pytest.mark.browser

VIEW = "court?source=News+agency"
# Every text of an SVG drawn in the page: its box must lie inside the SVG's own box.
CLIPPED_TEXTS = """() => {
    const svg = document.querySelector('svg');
    const frame = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).filter(t => {
        const r = t.getBoundingClientRect();
        return r.left < frame.left - 1 || r.right > frame.right + 1
            || r.top < frame.top - 1 || r.bottom > frame.bottom + 1;
    }).map(t => t.textContent);
}"""


def download_from_modebar(page, chart, title: str):
    chart.hover()
    button = chart.locator(f'.modebar-btn[data-title="{title}"]')
    with page.expect_download() as download:
        button.click()
    return download.value


def test_a_chart_downloads_as_png_and_svg_with_its_provenance(page, server_url, tmp_path):
    open_page(page, server_url, VIEW)
    chart = page.locator(".js-plotly-plot").first
    export = chart.evaluate("plot => plot.layout.meta.image_export.layout")

    svg = download_from_modebar(page, chart, "Download plot as an SVG")
    assert svg.suggested_filename == (
        "reform-metrics_court-caseload_image_2019-2025_all-spheres_news-agency.svg"
    )
    text = Path(svg.path()).read_text(encoding="utf-8")
    for words in ("Constitutional Court caseload", "Sources: Fixture News Agency",
                  "dataset version fixture-1", "1 of 5 source kinds (News agency)",
                  f"{server_url}/court?source=News+agency"):  # fmt: skip
        assert words in text, words
    # nothing clipped: every text of the image lies inside it, legend and footer included
    page.set_content(text)
    assert page.evaluate(CLIPPED_TEXTS) == []

    open_page(page, server_url, VIEW)
    chart = page.locator(".js-plotly-plot").first
    png = download_from_modebar(page, chart, "Download plot as a PNG")
    assert png.suggested_filename.endswith("_news-agency.png")
    data = Path(png.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (2 * export["width"], 2 * export["height"])
    # the page's own chart is untouched by the export
    assert chart.evaluate("plot => (plot.layout.annotations || []).length") == 0


def test_about_this_data_and_the_citation_open_under_a_chart(page, server_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, server_url, VIEW)
    page.get_by_text("About this data · Cite this view").first.click()
    settle(page)
    about = page.get_by_test_id("stExpanderDetails").filter(has_text="Cite this view").first
    for words in ("What the figures measure", "How they are counted", "Known limits and gaps",
                  "Fixture News Agency", "Corrections"):  # fmt: skip
        assert words in about.inner_text(), words
    codes = about.get_by_test_id("stCode")
    citation, bibtex = codes.nth(0).inner_text(), codes.nth(1).inner_text()
    assert f"{server_url}/court?source=News+agency" in citation
    assert "dataset version fixture-1" in citation and "@misc{" in bibtex
    # the copy button shows while the pointer is over the code; a layout shift under load (a
    # chart resizing above) can move the code from under it, so hover again until it shows
    copy = codes.nth(0).get_by_role("button")
    for _ in range(5):
        codes.nth(0).scroll_into_view_if_needed()
        codes.nth(0).hover()
        try:
            copy.click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        raise AssertionError("the citation's copy button never showed under the pointer")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "dataset version fixture-1" in copied


def test_the_offline_report_opens_from_disk_with_the_network_blocked(
    page, server_url, chromium, tmp_path
):
    open_page(page, server_url, VIEW)
    charts_on_page = page.locator(".js-plotly-plot").count()
    page.get_by_text("Take this view away").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_text("Download the offline report").click()
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    assert report.name.endswith(".html")

    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    asked: list[str] = []

    def block(route):
        asked.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", block)
    offline = context.new_page()
    try:
        offline.goto(report.as_uri())
        offline.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts_on_page}"
        )
        assert offline.locator(".js-plotly-plot").count() == charts_on_page
        assert "Constitutional Court caseload" in offline.content()
        assert offline.get_by_text("How to cite this view").count() == 1
        assert "@misc{" in offline.locator("pre").nth(1).inner_text()
        assert [url for url in asked if not url.startswith("file:")] == []
    finally:
        context.close()
