"""The cluster in a real browser: 3 replicas behind HAProxy, on the fixture dataset.

One cluster for the module (``metrics.cluster.Cluster``, what ``make cluster`` runs), on
127.0.0.1 only. In order: 20 concurrent sessions each get their own correct charts; a replica
is killed under open sessions, which come back on the others with their views; a new dataset
version rolls out one replica at a time while visitors keep loading pages, none of which
fails. Every wait is bounded; the cluster stops itself at the end of the module.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from metrics.charts import charts_on, inputs_for
from metrics.cluster import COOKIE, Cluster
from metrics.dataset import load_dataset
from metrics.filters import Filters, default_filters

from conftest import FIXTURE_DATA_DIR
from testing.browser import CHROMIUM_ARGS, chromium_executable
from testing.pages import PAGES as URL_PATHS
from testing.pages import SETTLED

pytestmark = pytest.mark.browser

REPLICAS = 3
SESSIONS = 20
WAVE_SECONDS = 240
# A killed replica's sessions must be back, on another replica, within this many seconds.
FAILOVER_SECONDS = 10
PAGES = ("timeline", "elections", "overview", "electoral-system")
# within the fixture's years, 2019-2025, and never all of them (a link leaves the default
# out): 9 ranges, with from 2 to 5 events on the timeline
YEAR_RANGES = [(2019 + i % 3, 2022 + (i // 3) % 3) for i in range(SESSIONS)]
# Pages whose every chart is in the chart registry, so their points can be computed here;
# the others draw charts of their own as well (each vote's results, the chamber's seats).
EXACT_PAGES = ("timeline", "overview")
# Per chart on the page: how many points its traces hold (the chart's x values).
CHART_POINTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .map(plot => (plot._fullData || []).reduce((n, t) => n + (t.x ? t.x.length : 0), 0))"""
# Every WebSocket a page opens, with the time it was opened (the page's clock is the machine's).
RECORD_SOCKETS = """(() => {
    const Original = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = function (...args) {
        window.__sockets.push(Date.now());
        return new Original(...args);
    };
    window.WebSocket.prototype = Original.prototype;
    Object.assign(window.WebSocket, Original);
})()"""
CHARTS_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length > 0 && plots.every(plot => plot._fullData && plot.querySelector('.main-svg'));
}"""
POINTS_ARE = (
    f"(want) => JSON.stringify(({CHART_POINTS})().sort((a, b) => a - b)) === JSON.stringify(want)"
)
YEARS_SHOWN = """() => ['start', 'end'].map(
    side => document.querySelector(`input[aria-label="Years — ${side}"]`)?.value)"""


def expected_points(page: str, years: tuple[int, int]) -> list[int]:
    """Each non-empty chart's number of points on ``page`` for ``years``, sorted."""
    dataset = load_dataset(FIXTURE_DATA_DIR)
    defaults = default_filters(dataset)
    inputs = inputs_for(dataset, Filters(years, defaults.spheres, defaults.kinds))
    found = []
    for chart in charts_on(page, inputs):
        rows = chart.rows(inputs)
        if not rows.empty:
            found.append(sum(0 if t.x is None else len(t.x) for t in chart.figure(rows).data))
    return sorted(found)


def view_url(base: str, page: str, years: tuple[int, int]) -> str:
    """The link to ``page`` (a name of testing.pages.PAGES) with a year range."""
    return f"{base}/{URL_PATHS[page]}?year={years[0]}&year={years[1]}"


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> tuple[Path, Path]:
    """Two versions of the fixture dataset in a shared folder: the first and its release."""
    root = tmp_path_factory.mktemp("releases")
    first, second = root / "fixture-1", root / "fixture-2"
    shutil.copytree(FIXTURE_DATA_DIR, first)
    shutil.copytree(FIXTURE_DATA_DIR, second)
    package = second / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["version"] = "fixture-2"
    package.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    for folder in (first, second):  # read-only, as a shared mount would be
        for path in folder.iterdir():
            path.chmod(0o444)
    return first, second


@pytest.fixture(scope="module")
def cluster(releases, tmp_path_factory):
    with Cluster(REPLICAS, releases[0], tmp_path_factory.mktemp("cluster")) as running:
        yield running
    for member in running.members:
        assert member.process is not None and member.process.poll() is not None


def replica_of(context) -> str | None:
    """The replica a browser context is sent to: the balancer's cookie."""
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)


# --- 20 concurrent sessions ---------------------------------------------------------------


async def one_session(browser, base: str, page_name: str, years: tuple[int, int]):
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = await context.new_page()
        page.set_default_timeout(120_000)
        events: list[str] = []
        page.on("console", lambda m: events.append(f"console {m.type}: {m.text[:200]}"))
        page.on("requestfailed", lambda r: events.append(f"failed {r.url} {r.failure}"))
        page.on(
            "response", lambda r: events.append(f"{r.status} {r.url}") if r.status >= 300 else 0
        )
        page.on("websocket", lambda ws: events.append(f"websocket {ws.url}"))
        await page.goto(view_url(base, page_name, years))
        try:
            await page.wait_for_selector("[data-testid=stSlider]")
            await page.wait_for_function(SETTLED)
            await page.wait_for_function(CHARTS_DRAWN)
            if page_name in EXACT_PAGES:  # the assertion below reports a mismatch
                with contextlib.suppress(PlaywrightTimeout):
                    await page.wait_for_function(
                        POINTS_ARE, arg=expected_points(page_name, years), timeout=30_000
                    )
        except PlaywrightTimeout as err:  # say what the page showed instead
            shown = await page.locator("body").inner_text(timeout=5_000)
            raise AssertionError(
                f"{page_name} {years}: the page shows: {shown[:500]}; " + "\n".join(events)
            ) from err
        shown = await page.evaluate(YEARS_SHOWN)
        points = sorted(await page.evaluate(CHART_POINTS))
        cookies = await context.cookies()
        replica = next((c["value"] for c in cookies if c["name"] == COOKIE), None)
        return page_name, years, shown, points, replica, page.url
    finally:
        await context.close()


async def wave(base: str, views: list[tuple[str, tuple[int, int]]]) -> list:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            tasks = [one_session(browser, base, *view) for view in views]
            return await asyncio.wait_for(asyncio.gather(*tasks), timeout=WAVE_SECONDS)
        finally:
            await browser.close()


def test_twenty_concurrent_sessions_get_their_own_correct_charts(cluster):
    views = [(PAGES[i % len(PAGES)], years) for i, years in enumerate(YEAR_RANGES)]
    with ThreadPoolExecutor(max_workers=1) as runner:
        results = runner.submit(asyncio.run, wave(cluster.url, views)).result()

    assert len(results) == SESSIONS
    by_view: dict[tuple, list[int]] = {}
    for page_name, years, shown, points, replica, url in results:
        # its own filters, from its own link, and the charts those filters give
        assert shown == [str(years[0]), str(years[1])], (page_name, years, shown)
        assert url == view_url(cluster.url, page_name, years)
        assert replica in {m.upstream.name for m in cluster.members}
        if page_name in EXACT_PAGES:
            assert points == expected_points(page_name, years), (page_name, years, points)
        # the same view shows the same charts, whichever replica drew it
        assert by_view.setdefault((page_name, years), points) == points, (page_name, years)
    # the balancer spread the sessions over every replica, by cookie, not by address
    assert {r[4] for r in results} == {m.upstream.name for m in cluster.members}
    for member in cluster.members:
        log = member.log.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in log, log[-3000:]


# --- failover -----------------------------------------------------------------------------


def test_a_killed_replicas_sessions_come_back_elsewhere_with_their_views(cluster, chromium):
    views = [(EXACT_PAGES[i % 2], YEAR_RANGES[i]) for i in range(9)]
    opened = []
    try:
        for page_name, years in views:
            context = chromium.new_context(viewport={"width": 1200, "height": 900})
            context.add_init_script(RECORD_SOCKETS)
            page = context.new_page()
            page.set_default_timeout(60_000)
            want = expected_points(page_name, years)
            page.goto(view_url(cluster.url, page_name, years))
            page.wait_for_function(SETTLED)
            page.wait_for_function(POINTS_ARE, arg=want)
            opened.append((context, page, page_name, years, want, replica_of(context)))
        held = [o[5] for o in opened]
        victim = max(set(held), key=held.count)
        assert held.count(victim) >= 1

        killed_at = time.time()
        cluster.kill(victim)
        deadline = time.monotonic() + FAILOVER_SECONDS
        waiting = [o for o in opened if o[5] == victim]
        back_after = {}
        while waiting and time.monotonic() < deadline:
            for entry in list(waiting):
                page = entry[1]
                sockets = page.evaluate("() => window.__sockets")
                if sockets[-1] / 1000 > killed_at and page.evaluate(SETTLED):
                    back_after[id(entry)] = sockets[-1] / 1000 - killed_at
                    waiting.remove(entry)
            time.sleep(0.1)
        assert not waiting, f"{len(waiting)} sessions not back within {FAILOVER_SECONDS} s"

        for context, page, page_name, years, want, replica in opened:
            # each session shows its own view, on a live replica: the chart answers a filter
            assert page.url == view_url(cluster.url, page_name, years)
            assert page.evaluate(YEARS_SHOWN) == [str(years[0]), str(years[1])]
            assert sorted(page.evaluate(CHART_POINTS)) == want, (page_name, years)
            page.locator('input[aria-label="Years — end"]').focus()
            page.keyboard.press("ArrowLeft")
            narrower = (years[0], years[1] - 1)
            page.wait_for_url(f"**{view_url('', page_name, narrower)}")
            page.wait_for_function(SETTLED)
            page.wait_for_function(POINTS_ARE, arg=expected_points(page_name, narrower))
            now = replica_of(context)
            assert now != victim, (page_name, years)
            if replica != victim:  # sessions elsewhere were not disturbed
                assert len(page.evaluate("() => window.__sockets")) == 1
        assert cluster.admin.status()[victim] == "DOWN"

        # new sessions go to the survivors only
        for _ in range(4):
            context = chromium.new_context()
            page = context.new_page()
            page.goto(view_url(cluster.url, "timeline", (2019, 2025)))
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            assert replica_of(context) != victim
            context.close()
    finally:
        for context, *_ in opened:
            context.close()
        cluster.revive_dead()
    assert all(state == "UP" for state in cluster.admin.status().values())


# --- rolling release ----------------------------------------------------------------------


async def visitor(browser, base: str, number: int, stop: threading.Event, log: list) -> None:
    """Load pages one after another until told to stop; each load's outcome into ``log``."""
    i = number
    while not stop.is_set():
        page_name, years = PAGES[i % len(PAGES)], YEAR_RANGES[i % len(YEAR_RANGES)]
        i += 1
        context = await browser.new_context(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page = await context.new_page()
        page.on(
            "response",
            lambda r, errors=errors: errors.append(f"{r.status} {r.url}") if r.status >= 500 else 0,
        )
        page.on("pageerror", lambda e, errors=errors: errors.append(f"page error: {e}"))
        seen: list[str] = []  # what happened, for the report of a failed load
        page.on("websocket", lambda ws, seen=seen: seen.append(f"{time.time():.1f} websocket"))
        page.on(
            "response",
            lambda r, seen=seen: (
                seen.append(f"{time.time():.1f} {r.status} {r.url}") if r.status != 200 else 0
            ),
        )
        page.on("console", lambda m, seen=seen: seen.append(f"{time.time():.1f} {m.text[:150]}"))
        started = time.time()
        try:
            answer = await page.goto(view_url(base, page_name, years), timeout=60_000)
            if answer is None or answer.status != 200:
                errors.append(f"page answered {None if answer is None else answer.status}")
            await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            await page.wait_for_function(SETTLED, timeout=60_000)
            caption = await page.get_by_text("Dataset version").first.inner_text(timeout=10_000)
            # the line of the sidebar's caption that names the version
            version = next(line for line in caption.splitlines() if "Dataset version" in line)
        except Exception as err:
            errors.append(f"{type(err).__name__}: {str(err)[:300]}")
            errors.extend(seen)
            version = ""
        cookies = await context.cookies()
        replica = next((c["value"] for c in cookies if c["name"] == COOKIE), None)
        log.append((started, time.time(), page_name, years, replica, version.strip(), errors))
        await context.close()


async def load_until(base: str, visitors: int, stop: threading.Event, log: list) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            tasks = [visitor(browser, base, n, stop, log) for n in range(visitors)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=WAVE_SECONDS)
        finally:
            await browser.close()


def test_a_rolling_data_release_fails_no_page_load(cluster, releases):
    first, second = releases
    assert cluster.data_dir == first
    stop = threading.Event()
    log: list = []
    with ThreadPoolExecutor(max_workers=1) as runner:
        load = runner.submit(asyncio.run, load_until(cluster.url, 4, stop, log))
        try:
            time.sleep(5)  # visitors on every replica before the release starts
            rolled_from = time.time()
            cluster.roll(second)  # in this thread: each replica out, restarted, back in
            rolled_until = time.time()
            # until a few visits that began after the release have finished (bounded)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and len([e for e in log if e[0] > rolled_until]) < 4:
                time.sleep(0.5)
        finally:
            stop.set()
        load.result()

    failed = [entry for entry in log if entry[-1]]
    assert not failed, "\n".join(f"{e[2]} {e[3]} on {e[4]}: " + "\n  ".join(e[-1]) for e in failed)
    during = [e for e in log if e[0] < rolled_until and e[1] > rolled_from]
    assert len(during) >= 5, f"only {len(during)} page loads while the release rolled"
    versions = [e[5] for e in log]
    assert any(v.endswith("fixture-1") for v in versions)
    after = [e for e in log if e[0] > rolled_until]
    assert after and all(e[5].endswith("fixture-2") for e in after), after
    assert all(m.data_dir == second for m in cluster.members)
    assert all(state == "UP" for state in cluster.admin.status().values())
