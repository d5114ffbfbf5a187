"""Where a warm reload and a filter change spend their time, in the server and in the browser.

    python -m benchmarks.trace_time            # 3 fresh servers of each app
    python -m benchmarks.trace_time --runs 5

For the reference app and the dashboard alike, each run starts a fresh server with
``traced_server.py``, visits it once, then measures a reload and a move of the year filter
in headless Chromium. It prints, as medians in milliseconds from the reload or the key press:

- the server's side, from its log: the request arriving, the chart's message queued, the
  script finished, and the script thread done (Streamlit collects garbage after each run);
- the browser's side: the chart drawn, and the JavaScript time of each of Streamlit's
  bundles, from Chromium's sampling profiler (so which elements cost the browser most).

It is a tool for finding where the time goes; ``run.py`` gives the figures of record.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.run import BIN, CHART_DRAWN, CHART_REDRAWN, CHART_SIGNATURE, ROOT, server
from testing.browser import CHROMIUM_ARGS, chromium_executable

SERVER_MARKS = {
    "request": "request rerun_script",
    "chart queued": "queued delta new_element plotly_chart",
    "script finished": "queued script_finished",
    "thread done": "script run end",
}
BUNDLE = re.compile(r"([A-Za-z-]+)\.[\w-]+\.js$")


def server_timeline(log: Path, marks: dict[str, float]) -> dict[str, dict[str, float]]:
    """For each mark, milliseconds from it to the first of each SERVER_MARKS event after it."""
    events = []
    for line in log.read_text(encoding="utf-8").splitlines():
        stamp, _, event = line.partition(" ")
        events.append((float(stamp), event))
    ordered = sorted(marks.items(), key=lambda item: item[1])
    timelines = {}
    for index, (phase, start) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else float("inf")
        found = {}
        for name, prefix in SERVER_MARKS.items():
            hits = [t for t, event in events if start <= t < end and event.startswith(prefix)]
            if hits:
                found[name] = (hits[0] - start) * 1000
        timelines[phase] = found
    return timelines


def bundle_times(profile: dict) -> Counter:
    """Self time in milliseconds of each script bundle (native work under its own names)."""
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    times: Counter[str] = Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node_id]
        match = BUNDLE.search(frame["url"])
        name = match.group(1) if match else frame["functionName"] or "(other)"
        times[name] += delta / 1000
    return times


def measure(browser, app: str, trace_log: Path) -> tuple[dict, dict, dict]:
    """One fresh server: server timelines, drawn times and bundle times per phase."""
    command = [str(BIN / "python"), str(Path(__file__).with_name("traced_server.py")), app]
    trace_log.write_text("")
    marks, drawn, bundles = {}, {}, {}
    with server(command, env={"TRACE_LOG": str(trace_log)}) as (url, _memory, _start):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(CHART_DRAWN, polling="raf", timeout=60_000)
        page.wait_for_timeout(700)
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        for phase in ("warm reload", "filter change"):
            if phase == "filter change":
                before = page.evaluate(CHART_SIGNATURE)
                page.locator('input[aria-label="Years — end"]').focus()
                done = CHART_REDRAWN
            else:
                before, done = None, CHART_DRAWN
            cdp.send("Profiler.start")
            marks[phase] = start = time.perf_counter()
            if phase == "warm reload":
                page.reload()
            else:
                page.keyboard.press("ArrowLeft")
            page.wait_for_function(done, arg=before, polling="raf", timeout=60_000)
            drawn[phase] = (time.perf_counter() - start) * 1000
            bundles[phase] = bundle_times(cdp.send("Profiler.stop")["profile"])
            page.wait_for_timeout(700)
        context.close()
    return server_timeline(trace_log, marks), drawn, bundles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    timelines: defaultdict[tuple[str, str], list] = defaultdict(list)
    drawn: defaultdict[tuple[str, str], list] = defaultdict(list)
    bundles: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        for _ in range(args.runs):
            for app in ("reference", "dashboard"):
                timeline, times, profile = measure(browser, app, Path(tmp) / f"{app}.log")
                for phase in times:
                    timelines[app, phase].append(timeline[phase])
                    drawn[app, phase].append(times[phase])
                    bundles[app, phase].update(
                        {k: v / args.runs for k, v in profile[phase].items()}
                    )
        browser.close()

    for phase in ("warm reload", "filter change"):
        print(f"\n{phase} (median ms from the {'reload' if 'reload' in phase else 'key press'})")
        print(f"{'':28}{'reference':>12}{'dashboard':>12}")
        for name in SERVER_MARKS:
            row = [
                statistics.median([t[name] for t in timelines[app, phase] if name in t] or [0])
                for app in ("reference", "dashboard")
            ]
            print(f"  server: {name:<18}{row[0]:>12.0f}{row[1]:>12.0f}")
        row = [statistics.median(drawn[app, phase]) for app in ("reference", "dashboard")]
        print(f"  browser: chart drawn       {row[0]:>12.0f}{row[1]:>12.0f}")
        print("  browser JavaScript by bundle (mean ms; native work under its own names):")
        names = [
            name
            for name, _ in (bundles["dashboard", phase] + bundles["reference", phase]).most_common()
            if not name.startswith("(")
        ][:10]
        for name in names:
            row = [bundles[app, phase][name] for app in ("reference", "dashboard")]
            print(f"    {name:<26}{row[0]:>12.1f}{row[1]:>12.1f}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
