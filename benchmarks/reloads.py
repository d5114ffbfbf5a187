"""Warm reloads of several addresses, interleaved, until each one's first chart is drawn.

    python -m benchmarks.reloads 9 ref=http://127.0.0.1:8601/ court=http://127.0.0.1:8603/court

Each address is opened once in its own browser context (cold), then reloaded ``N`` times in
turn with the others, so that drift on the machine hits all of them alike. Prints each
address's median and every reload, in seconds. For A/B comparisons of builds or pages served
side by side (start each with ``python -m metrics serve --server.port P``); ``make bench`` is
the benchmark of record. With ``--timeline`` it also prints, per address, the medians of when
the WebSocket was opened, when its first and last message before the chart arrived, how many
messages and kilobytes that was, and when the chart was drawn (ms after navigation).
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.run import CHART_DRAWN
from testing.browser import CHROMIUM_ARGS, chromium_executable

# Records each WebSocket message's arrival (performance.now()) before the page's scripts run.
RECORD_MESSAGES = """
window.__reload = {messages: []};
const NativeSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new NativeSocket(...args);
  window.__reload.created = performance.now();
  socket.addEventListener("open", () => { window.__reload.opened = performance.now(); });
  socket.addEventListener("message", (event) => {
    const data = event.data;
    window.__reload.messages.push([performance.now(), data.size || data.byteLength || 0]);
  });
  return socket;
};
window.WebSocket.prototype = NativeSocket.prototype;
Object.assign(window.WebSocket, NativeSocket);
"""
READ_TIMELINE = """() => {
  const r = window.__reload, drawn = performance.now();
  const before = r.messages.filter((m) => m[0] <= drawn);
  return [r.created || 0, r.opened || 0, before.length ? before[0][0] : 0,
          before.length ? before[before.length - 1][0] : 0, before.length,
          before.reduce((sum, m) => sum + m[1], 0) / 1000, drawn];
}"""
TIMELINE_COLUMNS = "socket created, opened, first message, last message, messages, kB, drawn"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reloads", type=int)
    parser.add_argument("targets", nargs="+", help="label=address")
    parser.add_argument("--timeline", action="store_true")
    args = parser.parse_args()
    targets = [target.split("=", 1) for target in args.targets]
    seconds: dict[str, list[float]] = {label: [] for label, _ in targets}
    timelines: dict[str, list[list[float]]] = {label: [] for label, _ in targets}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        pages = {}
        for label, address in targets:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(RECORD_MESSAGES)
            page = context.new_page()
            page.goto(address)
            page.wait_for_function(CHART_DRAWN, polling="raf", timeout=90_000)
            page.wait_for_timeout(800)
            pages[label] = page
        for _ in range(args.reloads):
            for label, _address in targets:
                page = pages[label]
                start = time.perf_counter()
                page.reload()
                page.wait_for_function(CHART_DRAWN, polling="raf", timeout=60_000)
                seconds[label].append(time.perf_counter() - start)
                timelines[label].append(page.evaluate(READ_TIMELINE))
                page.wait_for_timeout(400)
        browser.close()
    for label, _address in targets:
        runs = " ".join(f"{s:.2f}" for s in seconds[label])
        print(f"{label:<12} median {statistics.median(seconds[label]):.3f} s  ({runs})")
    if args.timeline:
        print(f"medians, ms after navigation: {TIMELINE_COLUMNS}")
        for label, _address in targets:
            columns = zip(*timelines[label], strict=True)
            print(f"{label:<12} " + " ".join(f"{statistics.median(c):7.0f}" for c in columns))


if __name__ == "__main__":
    main()
