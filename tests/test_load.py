"""Load: 20 concurrent browser sessions on one server apply filters and download data.

Every session must get the right chart and the right file; the server must log no error and
its memory must stay bounded. Traffic goes to 127.0.0.1 only, and the test is bounded in both
sessions (20) and time (all must finish within 240 s).
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from metrics import chart_data, downloads
from metrics.dataset import load_dataset
from metrics.filters import Filters, default_filters, filter_events

from conftest import FIXTURE_DATA_DIR
from testing.browser import CHROMIUM_ARGS, chromium_executable
from testing.pages import SETTLED

pytestmark = pytest.mark.browser

SESSIONS = 20
WAVE_SECONDS = 240
# within the fixture's years, 2019-2025: every session a different view
# Downloads that may be clicked a second time after a failed first try (see one_session).
MAX_RETRIED = 2
YEAR_RANGES = [(2019 + i % 6, min(2025, 2020 + i % 6 + i % 3)) for i in range(SESSIONS)]


def expected_timeline_csv(years: tuple[int, int]) -> bytes:
    dataset = load_dataset(FIXTURE_DATA_DIR)
    defaults = default_filters(dataset)
    chosen = Filters(years, defaults.spheres, defaults.kinds)
    events = filter_events(dataset.events, dataset.sources, chosen)
    return downloads.csv_bytes(chart_data.timeline(events, dataset), dataset)


async def one_session(
    browser, base: str, years: tuple[int, int], folder: Path
) -> tuple[tuple, bytes, int, bool]:
    context = await browser.new_context(
        viewport={"width": 1200, "height": 900}, accept_downloads=True
    )
    try:
        page = await context.new_page()
        page.set_default_timeout(180_000)
        # what the server answered for each file the page fetched: status, declared length
        served: dict[str, tuple[int, str | None]] = {}
        page.on(
            "response",
            lambda r: (
                served.__setitem__(r.url, (r.status, r.headers.get("content-length")))
                if "/media/" in r.url
                else None
            ),
        )
        first, last = years
        await page.goto(f"{base}/timeline?year={first}&year={last}")
        await page.wait_for_selector("[data-testid=stSlider]")
        try:
            await page.get_by_text("Data behind this chart").first.click()
        except PlaywrightTimeout as err:  # say what the page showed instead
            shown = await page.locator("[data-testid=stMain]").inner_text(timeout=5_000)
            raise AssertionError(f"{years}: no data view; the page shows: {shown[:500]}") from err
        # click on a settled page, as a person would: a button drawn by a run still in flight
        # can be replaced, and its file swept, before the browser fetches it
        await page.wait_for_function(SETTLED)
        button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
        retried = False
        for attempt in range(2):
            async with page.expect_download() as info:
                await button.click()
            download = await info.value
            target = folder / f"{first}-{last}-{attempt}-{download.suggested_filename}"
            failed = await download.failure()
            if failed is None:
                await download.save_as(target)
            data = target.read_bytes() if target.exists() else b""
            # Under this load a download has, rarely, come back empty. A person clicks again;
            # so does the test, once. Two causes are told apart. The server lost the file
            # (it was gone from Streamlit's media store): counted, and the test bounds how
            # often that may happen (MAX_RETRIED). Or the server answered 200 with the file's
            # whole length and the browser still saved an empty file: seen four times in one
            # run of twenty sessions while another process kept a core busy (2026-11-26,
            # every answer a 200), a fault of the browser's download under load, not
            # counted. Either way the second click must bring the right file.
            if data or attempt == 1:
                break
            status, length = served.get(download.url, (0, None))
            retried = retried or not (
                failed is None and status == 200 and length not in {None, "0"}
            )
            await page.wait_for_function(SETTLED)
        rows = data.count(b"\n") - 1
        timeline_points = (
            "(n) => document.querySelectorAll('.js-plotly-plot')[0]"
            "?.querySelectorAll('.scatterlayer path.point').length === n"
        )
        with contextlib.suppress(PlaywrightTimeout):  # the test's assertion reports a mismatch
            await page.wait_for_function(timeline_points, arg=rows, timeout=60_000)
        chart = page.locator(".js-plotly-plot").first
        points = await chart.locator(".scatterlayer path.point").count()
        return years, data, points, retried
    finally:
        await context.close()


async def wave(base: str, folder: Path) -> list:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            tasks = [one_session(browser, base, years, folder) for years in YEAR_RANGES]
            return await asyncio.wait_for(asyncio.gather(*tasks), timeout=WAVE_SECONDS)
        finally:
            await browser.close()


def test_twenty_concurrent_sessions_get_correct_charts_and_files(dashboard, tmp_path):
    expected = {years: expected_timeline_csv(years) for years in set(YEAR_RANGES)}
    before = dashboard.memory_bytes()
    # in a thread of its own: the session's sync Playwright already runs an event loop here
    with ThreadPoolExecutor(max_workers=1) as runner:
        results = runner.submit(asyncio.run, wave(dashboard.url, tmp_path)).result()
    after = dashboard.memory_bytes()

    assert len(results) == SESSIONS
    assert sum(retried for *_, retried in results) <= MAX_RETRIED
    for years, data, points, _retried in results:
        assert data == expected[years], years
        rows = data.count(b"\n") - 1
        assert points == rows, (years, points, rows)  # the chart shows exactly the file's rows

    log = dashboard.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "Uncaught" not in log, log[-3000:]
    # bounded: 20 sessions cost the server well under a gigabyte in all
    assert after < 1024 * 2**20, (before, after)
    assert after - before < 400 * 2**20, (before, after)
