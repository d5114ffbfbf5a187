"""The cluster benchmark's report: its section is written once, replaced in place, and kept
when ``make bench`` rewrites docs/benchmarks.md."""

from __future__ import annotations

from benchmarks import cluster, sections

SETUP = {"first_chart_s": 0.5, "pages_per_s": 2.0, "failed": 0, "page_load_median_s": 1.0}
RESULTS = {
    "when": "2026-11-25T00:00:00+00:00",
    "machine": {"cpus": 2, "platform": "Linux", "python": "3.11.7"},
    "first_runs": 5,
    "visitors": 6,
    "seconds": 30,
    "load_average": [1.0, 1.5],
    "setups": {"plain replica": SETUP, "HAProxy, 2 replicas": {**SETUP, "pages_per_s": 3.0}},
}
REPORT = "# Benchmarks\n\nfigures\n\n## Where the time goes\n\nanalysis\n"


def test_the_section_goes_before_the_analysis_and_is_replaced_in_place(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text(REPORT)
    section = cluster.markdown_section(RESULTS)
    assert "| HAProxy, 2 replicas | 0.500 | 1.00× | 3.00 | 1.50× | 1.000 | 0 |" in section
    sections.write_section(report, section)
    sections.write_section(report, section)
    text = report.read_text()
    assert text.count(sections.SECTION_START) == 1
    assert text.index(sections.SECTION_END) < text.index("## Where the time goes")
    assert text.rstrip().endswith("analysis")


def test_make_bench_keeps_the_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text(REPORT)
    sections.write_section(report, cluster.markdown_section(RESULTS))
    previous = report.read_text()
    report.write_text(REPORT.replace("figures", "new figures"))  # what benchmarks.run writes
    sections.carry_over_section(previous, report)
    text = report.read_text()
    assert "new figures" in text and "| plain replica |" in text
    assert text.count(sections.SECTION_START) == 1
