"""The cluster benchmark's section of ``docs/benchmarks.md``: written in place, and kept when
``make bench`` rewrites the rest of the report.

Its own module, so that ``benchmarks.run`` (which keeps the section) and ``benchmarks.cluster``
(which writes it and uses ``run``'s measures) do not import each other.
"""

from __future__ import annotations

from pathlib import Path

SECTION_START = "<!-- cluster benchmark: written by python -m benchmarks.cluster -->"
SECTION_END = "<!-- end of the cluster benchmark -->"


def write_section(report: Path, section: str) -> None:
    """Put ``section`` into ``report``: in place of the old one, or before the analysis."""
    text = report.read_text(encoding="utf-8")
    if SECTION_START in text and SECTION_END in text:
        before, rest = text.split(SECTION_START, 1)
        after = rest.split(SECTION_END, 1)[1]
        text = before + section + after
    else:
        marker = "\n## Where the time goes"
        head, found, tail = text.partition(marker)
        text = f"{head.rstrip()}\n\n{section}\n{found}{tail}" if found else f"{text}\n{section}\n"
    report.write_text(text, encoding="utf-8")


def carry_over_section(previous: str, report: Path) -> None:
    """Keep this benchmark's section from ``previous`` when ``make bench`` rewrites the report."""
    if SECTION_START in previous and SECTION_END in previous:
        kept = previous.split(SECTION_START, 1)[1].split(SECTION_END, 1)[0]
        write_section(report, f"{SECTION_START}{kept}{SECTION_END}")
