"""Check the dataset against the reference texts it was curated from.

The audit proves the dataset both right and complete:

- each reference text is the one curated (its SHA-256);
- each fact's value is written in the paragraph its locator names, in any usual spelling
  (``1,234`` or ``1234``, ``12.5%``, ``12.5 per cent``, ``three`` for 3), unless the fact is
  marked derived;
- each event's paragraph supports its date, as far as its ``date_basis`` claims;
- every number in the texts is accounted for by a fact, an event's date or an exclusion;
- facts from sources without a reference text carry a URL, an accessed date and a status.

A paragraph is a non-blank line, numbered from 1.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metrics.dataset import REPOSITORY_DATA_DIR, Dataset
from metrics.dates import PartialDate

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
}  # fmt: skip
NUMBER_PATTERN = re.compile(
    r"(?<![\w.,])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?(?P<ordinal>st|nd|rd|th)?(?!\w)"
    r"|\b(?P<word>" + "|".join(NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class NumberInText:
    """A number as a text writes it, and its value."""

    as_written: str
    value: float


@dataclass(frozen=True, order=True)
class Finding:
    """Something the audit found wrong or unaccounted, located in a reference text."""

    file: str
    paragraph: int | None
    category: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.paragraph is None else f"{self.file}, paragraph {self.paragraph}"
        return f"[{self.category}] {where}: {self.message}"


@dataclass(frozen=True)
class AuditReport:
    """Everything the audit checked and found."""

    findings: list[Finding]
    texts_checked: int
    facts_checked: int
    facts_derived: int
    facts_by_url: int
    events_checked: int
    numbers_in_texts: int

    @property
    def ok(self) -> bool:
        """True when nothing is wrong and no number is unaccounted."""
        return not self.findings

    def summary(self) -> str:
        """A few lines on what was checked."""
        return (
            f"{self.texts_checked} reference texts, {self.numbers_in_texts} numbers in them; "
            f"{self.facts_checked} facts checked against their paragraph "
            f"({self.facts_derived} derived, {self.facts_by_url} from pages without a text, "
            f"checked for URL, accessed date and status); {self.events_checked} events checked"
        )


def default_sources_dir() -> Path | None:
    """``../shared/sources`` beside the repository, or beside the working directory."""
    for candidate in (REPOSITORY_DATA_DIR.parents[1] / "shared" / "sources",
                      Path.cwd().parent / "shared" / "sources"):  # fmt: skip
        if candidate.is_dir():
            return candidate
    return None


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: its non-blank lines, in order (paragraph n is item n - 1)."""
    return [line for line in text.splitlines() if line.strip()]


def numbers_in(paragraph: str) -> list[NumberInText]:
    """Every number in a paragraph: figures (with thousands commas, decimals, ordinals) and words."""
    found = []
    for match in NUMBER_PATTERN.finditer(paragraph):
        if match["word"]:
            value = float(NUMBER_WORDS[match["word"].lower()])
        else:
            digits = match["digits"].replace(",", "")
            value = float(f"{digits}.{match['decimals']}" if match["decimals"] else digits)
        found.append(NumberInText(match.group(0), value))
    return found


def same_number(a: float, b: float) -> bool:
    """Equal as written figures are equal (12.5 and 12.50)."""
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def date_parts(date: str) -> tuple[int, int | None, int | None]:
    """Year, month and day of a partial ISO date (missing parts are None)."""
    parsed = PartialDate.parse(date)
    return parsed.year, parsed.month, parsed.day


def date_support_problems(date: str, basis: str, paragraph: str) -> list[str]:
    """What in ``date`` the paragraph fails to support, given the event's date_basis."""
    if basis == "implied":
        return []
    year, month, day = date_parts(date)
    values = [n.value for n in numbers_in(paragraph)]
    lowered = paragraph.lower()
    missing = []
    if basis == "stated" and not any(same_number(v, year) for v in values):
        missing.append(f"year {year}")
    if month is not None and MONTHS[month - 1] not in lowered:
        missing.append(f"month {MONTHS[month - 1].title()}")
    if day is not None and not any(same_number(v, day) for v in values):
        missing.append(f"day {day}")
    return missing


def event_numbers(date: str, basis: str) -> list[float]:
    """The numbers an event's date accounts for in its paragraph."""
    if basis == "implied":
        return []
    year, _month, day = date_parts(date)
    numbers = [float(year)] if basis == "stated" else []
    return numbers + ([float(day)] if day is not None else [])


@dataclass
class Texts:
    """The reference texts of the sources that have one, split into paragraphs.

    ``accounted`` gathers, per (source, paragraph), the values that facts, event dates and
    exclusions account for; ``findings`` gathers what each step finds wrong.
    """

    paragraphs: dict[str, list[str]] = field(default_factory=dict)
    file_of: dict[str, str] = field(default_factory=dict)
    accounted: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def paragraph(self, source_id: str, locator: object, what: str) -> str | None:
        """The paragraph ``locator`` of a source's text; None (and a finding) if it has none."""
        lines = self.paragraphs.get(source_id)
        if lines is None:
            return None
        if pd.isna(locator) or not 1 <= int(locator) <= len(lines):  # type: ignore[call-overload]
            self.findings.append(
                Finding(
                    self.file_of[source_id],
                    None,
                    "wrong",
                    f"{what} points at paragraph {locator}, but the text has {len(lines)}",
                )
            )
            return None
        return lines[int(locator) - 1]  # type: ignore[call-overload]

    def account(self, source_id: str, locator: object, values: list[float]) -> None:
        """Record that ``values`` in that paragraph are accounted for."""
        key = (source_id, int(locator))  # type: ignore[call-overload]
        self.accounted.setdefault(key, []).extend(values)


def read_texts(sources: pd.DataFrame, sources_dir: Path) -> Texts:
    """Each source's reference text, with a finding for a missing text or a wrong SHA-256."""
    texts = Texts()
    for source in sources[sources["text_file"] != ""].itertuples():
        texts.file_of[source.source_id] = source.text_file
        path = sources_dir / source.text_file
        if not path.is_file():
            message = f"reference text of {source.source_id} not found in {sources_dir}"
            texts.findings.append(Finding(source.text_file, None, "wrong", message))
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.text_sha256:
            message = f"SHA-256 is {digest}, sources.csv says {source.text_sha256}"
            texts.findings.append(Finding(source.text_file, None, "wrong", message))
        texts.paragraphs[source.source_id] = paragraphs(data.decode("utf-8", errors="replace"))
    return texts


def check_page_facts(dataset: Dataset, texts: Texts) -> int:
    """Facts from pages without a reference text must carry a URL, an accessed date, a status."""
    sources = dataset.sources
    url_sources = sources[sources["text_file"] == ""].set_index("source_id")
    checked = 0
    for fact in dataset.facts[dataset.facts["source_id"].isin(url_sources.index)].itertuples():
        checked += 1
        source = url_sources.loc[fact.source_id]
        lacking = [name for name in ("url", "accessed") if not source[name]]
        if not fact.status:
            lacking.append("status")
        if lacking:
            texts.findings.append(
                Finding(
                    fact.source_id,
                    None,
                    "wrong",
                    f"fact {fact.fact_id} from a page without a reference text lacks {', '.join(lacking)}",
                )
            )
    return checked


def check_text_facts(dataset: Dataset, texts: Texts) -> tuple[int, int]:
    """Each text fact's value is written in its paragraph, unless derived; (checked, derived)."""
    checked = derived = 0
    facts = dataset.facts
    for fact in facts[facts["source_id"].isin(texts.paragraphs)].itertuples():
        paragraph = texts.paragraph(fact.source_id, fact.locator, f"fact {fact.fact_id}")
        if paragraph is None:
            continue
        texts.account(fact.source_id, fact.locator, [fact.value])
        if fact.derived:
            derived += 1
            continue
        checked += 1
        if not any(same_number(n.value, fact.value) for n in numbers_in(paragraph)):
            texts.findings.append(
                Finding(
                    texts.file_of[fact.source_id],
                    int(fact.locator),
                    "wrong",
                    f"fact {fact.fact_id}: the value {fact.value:g} is not written in this paragraph",
                )
            )
    return checked, derived


def check_events(dataset: Dataset, texts: Texts) -> int:
    """Each event's paragraph supports its date as far as its date_basis claims; the count."""
    checked = 0
    for event in dataset.events.itertuples():
        paragraph = texts.paragraph(event.source_id, event.locator, f"event {event.event_id}")
        if paragraph is None:
            continue
        checked += 1
        texts.account(event.source_id, event.locator, event_numbers(event.date, event.date_basis))
        missing = date_support_problems(event.date, event.date_basis, paragraph)
        if missing:
            texts.findings.append(
                Finding(
                    texts.file_of[event.source_id],
                    int(event.locator),
                    "wrong",
                    f"event {event.event_id} dated {event.date} ({event.date_basis}): the paragraph does not give the {', '.join(missing)}",
                )
            )
    return checked


def check_exclusions(dataset: Dataset, texts: Texts) -> None:
    """Each exclusion's number is in its paragraph."""
    for exclusion in dataset.excluded.itertuples():
        what = f"exclusion {exclusion.exclusion_id}"
        paragraph = texts.paragraph(exclusion.source_id, exclusion.locator, what)
        if paragraph is None:
            continue
        texts.account(exclusion.source_id, exclusion.locator, [exclusion.value])
        if not any(same_number(n.value, exclusion.value) for n in numbers_in(paragraph)):
            texts.findings.append(
                Finding(
                    texts.file_of[exclusion.source_id],
                    int(exclusion.locator),
                    "wrong",
                    f"{what}: {exclusion.as_written!r} is not in this paragraph",
                )
            )


def unaccounted_numbers(texts: Texts) -> int:
    """A finding for every number in the texts that nothing accounts for; the numbers seen."""
    seen = 0
    for source_id, lines in texts.paragraphs.items():
        for number, paragraph in enumerate(lines, start=1):
            known = texts.accounted.get((source_id, number), [])
            for found in numbers_in(paragraph):
                seen += 1
                if not any(same_number(found.value, value) for value in known):
                    texts.findings.append(
                        Finding(
                            texts.file_of[source_id],
                            number,
                            "unaccounted",
                            f"{found.as_written!r} is not a fact, an event date or an exclusion",
                        )
                    )
    return seen


def audit(dataset: Dataset, sources_dir: Path) -> AuditReport:
    """Audit ``dataset`` against the reference texts in ``sources_dir``."""
    texts = read_texts(dataset.sources, sources_dir)
    facts_by_url = check_page_facts(dataset, texts)
    facts_checked, facts_derived = check_text_facts(dataset, texts)
    events_checked = check_events(dataset, texts)
    check_exclusions(dataset, texts)
    numbers_total = unaccounted_numbers(texts)
    return AuditReport(
        findings=sorted(
            texts.findings, key=lambda f: (f.file, f.paragraph or 0, f.category, f.message)
        ),
        texts_checked=len(texts.paragraphs),
        facts_checked=facts_checked,
        facts_derived=facts_derived,
        facts_by_url=facts_by_url,
        events_checked=events_checked,
        numbers_in_texts=numbers_total,
    )
