"""Draft candidate rows from a new article: ``python -m metrics draft FILE``.

The curator's first pass over a text. Every number in it (found as the audit finds numbers,
paragraphs numbered as the audit numbers them) that the dataset does not yet account for
becomes a row of a CSV the curator edits: its paragraph, the number as written, its value, a
guessed kind, unit and metric, and the words around it.

- A text already in ``sources.csv`` is recognised by its SHA-256; its numbers are accounted for
  exactly as the audit accounts for them (facts' values, events' date numbers, exclusions at
  that source's paragraphs), by running the audit's own steps on it.
- For an unknown text, a number is accounted for when it is a year of some event, or when a
  fact has that exact value and one of its metric's keywords is in the paragraph.

The output never goes into the data directory, is written atomically, and any cell a
spreadsheet could read as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from metrics import ids
from metrics.audit import (
    NUMBER_PATTERN,
    Texts,
    check_events,
    check_exclusions,
    check_text_facts,
    date_parts,
    numbers_in,
    paragraphs,
    same_number,
)
from metrics.dataset import Dataset, load_dataset

COLUMNS = ("paragraph", "as_written", "value", "kind", "unit", "metric", "context", "accounted")
WINDOW = 8  # words either side of a number: its context, and where its metric is looked for
YEARS = range(1990, 2036)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERCENT_AFTER = re.compile(r"\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE)
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the of in on at to for from by with as and or nor who whom which that this these "
        "those its it is are was were be been being has have had over under into per than then "
        "one all any each not no unless otherwise says say row kind way least more most",
    )
)
# Common words for a metric that its registry title and description may not use. Each phrase
# (one or more words) points at the metrics it suggests; ids missing from the registry are
# ignored. A synonym weighs twice a registry word.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "turnout": (ids.TURNOUT,),
    "took part": (ids.TURNOUT,),
    "participation": (ids.TURNOUT,),
    "participated": (ids.TURNOUT,),
    "came to the polls": (ids.TURNOUT,),
    "voted for": (ids.VOTE_SHARE,),
    "votes": (ids.VOTE_SHARE,),
    "won": (ids.VOTE_SHARE,),
    "elected with": (ids.VOTE_SHARE,),
    "seats": (ids.SEATS, ids.SEAT_SHARE),
    "mandates": (ids.SEATS, ids.SEAT_SHARE),
    "deputies": (ids.SEATS,),
    "appeals": (ids.APPEALS_RECEIVED,),
    "complaints": (ids.APPEALS_RECEIVED,),
    "petitions": (ids.APPEALS_RECEIVED,),
    "applications": (ids.APPEALS_RECEIVED,),
    "cases": (ids.CASES_DECIDED,),
    "rulings": (ids.CASES_DECIDED,),
    "decided": (ids.CASES_DECIDED,),
}
SYNONYM_WEIGHT = 2.0


class DraftError(Exception):
    """A problem the curator can fix (a missing file, bad UTF-8, a refused output path)."""


@dataclass(frozen=True)
class Keyword:
    """Words (one or more, normalised) that suggest a metric, and how much they weigh."""

    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Candidate:
    """One number of the article with what is guessed about it and what accounts for it."""

    paragraph: int
    as_written: str
    value: float
    kind: str
    unit: str
    metric: str
    context: str
    accounted_by: tuple[str, ...]

    def row(self) -> list[str]:
        """The CSV row, in ``COLUMNS`` order, cells not yet neutralised."""
        accounted = f"yes ({', '.join(self.accounted_by)})" if self.accounted_by else "no"
        return [
            str(self.paragraph),
            self.as_written,
            format_value(self.value),
            self.kind,
            self.unit,
            self.metric,
            self.context,
            accounted,
        ]


@dataclass(frozen=True)
class Draft:
    """Every number of an article, and the source it is known as (None for a new text)."""

    candidates: list[Candidate]
    source_id: str | None
    audit_findings: tuple[str, ...] = ()

    def rows(self, include_all: bool = False) -> list[Candidate]:
        """The candidates to write: the unaccounted ones, or all with ``include_all``."""
        return [c for c in self.candidates if include_all or not c.accounted_by]


def format_value(value: float) -> str:
    """A value as plain digits: 1234, 12.5 (never 1e+06)."""
    return str(int(value)) if value.is_integer() else repr(value)


def neutralise(cell: str) -> str:
    """The cell with an apostrophe before it if a spreadsheet could read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def normalise(word: str) -> str:
    """A word as keywords are compared: lowercased, without punctuation, possessive or plural s."""
    word = word.lower().strip(".,;:!?()[]{}\"'«»“”‘’…")
    word = re.sub(r"['’]s$", "", word)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def read_article(path: Path) -> tuple[bytes, str]:
    """The article's bytes and text; ``DraftError`` naming the file if missing or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DraftError(f"{path}: is a directory, not a text file") from None
    except OSError as err:
        raise DraftError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DraftError(
            f"{path}: not UTF-8 (byte 0x{data[err.start]:02x} at byte offset {err.start})"
        ) from None


def metric_keywords(dataset: Dataset) -> dict[str, list[Keyword]]:
    """Per metric of the registry, the words that suggest it.

    Each metric's title and description words (stop words and numbers left out) weigh
    1 / the number of metrics that use the word, so "court" says less than "appeals"; the
    synonyms of ``SYNONYMS`` add common words the registry does not use.
    """
    metrics = dataset.metrics
    words_of: dict[str, set[str]] = {}
    for metric in metrics.itertuples():
        text = f"{metric.title} {metric.description}"
        words = {normalise(w) for w in text.split()}
        words_of[metric.metric_id] = {
            w for w in words if w and w not in STOP_WORDS and not any(c.isdigit() for c in w)
        }
    used_by: dict[str, int] = {}
    for words in words_of.values():
        for word in words:
            used_by[word] = used_by.get(word, 0) + 1
    keywords = {
        metric_id: [Keyword((w,), 1 / used_by[w]) for w in sorted(words)]
        for metric_id, words in words_of.items()
    }
    for phrase, metric_ids in SYNONYMS.items():
        phrase_words = tuple(normalise(w) for w in phrase.split())
        for metric_id in metric_ids:
            if metric_id in keywords:
                keywords[metric_id].append(Keyword(phrase_words, SYNONYM_WEIGHT))
    return keywords


def keyword_distance(words: list[str], keyword: tuple[str, ...], at: int) -> int | None:
    """How many words from position ``at`` the nearest occurrence of ``keyword`` is (None: none)."""
    size = len(keyword)
    distances = [
        abs(start - at) if start > at else max(at - (start + size - 1), 0)
        for start in range(len(words) - size + 1)
        if tuple(words[start : start + size]) == keyword
    ]
    return min(distances) if distances else None


def guess_metric(
    words: list[str], at: int, keywords: dict[str, list[Keyword]], allowed: Iterable[str]
) -> str:
    """The metric whose keywords weigh most near word ``at`` (nearer weighs more); '' if none."""
    best, best_score = "", 0.0
    for metric_id in allowed:
        score = 0.0
        for keyword in keywords.get(metric_id, []):
            distance = keyword_distance(words, keyword.words, at)
            if distance is not None:
                score += keyword.weight / max(distance, 1)
        if score > best_score:
            best, best_score = metric_id, score
    return best


def mentions(words: list[str], keywords: list[Keyword]) -> bool:
    """True when any of the keywords is among the words."""
    return any(keyword_distance(words, k.words, 0) is not None for k in keywords)


def accounting_of_known_text(
    dataset: Dataset, source_id: str, file_name: str, lines: list[str]
) -> tuple[dict[int, list[tuple[float, str]]], list[str]]:
    """Per paragraph, the values the audit accounts for in a known text, with the row of each.

    Runs the audit's own steps (``check_text_facts``, ``check_events``, ``check_exclusions``)
    one row at a time, so the decision is the audit's and each value is labelled with its row.
    Also returns what those steps find wrong (a fact whose value is not in its paragraph).
    """
    accounted: dict[int, list[tuple[float, str]]] = {}
    findings: list[str] = []
    steps = (
        ("facts", "fact_id", check_text_facts),
        ("events", "event_id", check_events),
        ("excluded", "exclusion_id", check_exclusions),
    )
    for table, key, step in steps:
        frame = getattr(dataset, table)
        rows = frame[frame["source_id"] == source_id]
        for position in range(len(rows)):
            one_row = rows.iloc[[position]]
            texts = Texts(paragraphs={source_id: lines}, file_of={source_id: file_name})
            step(dataclasses.replace(dataset, **{table: one_row}), texts)
            findings.extend(str(finding) for finding in texts.findings)
            for (_source, paragraph), values in texts.accounted.items():
                label = str(one_row[key].iloc[0])
                accounted.setdefault(paragraph, []).extend((v, label) for v in values)
    return accounted, findings


def known_source(dataset: Dataset, data: bytes) -> tuple[str, str] | None:
    """(source_id, text_file) of the source whose reference text these bytes are, if any."""
    digest = hashlib.sha256(data).hexdigest()
    sources = dataset.sources
    match = sources[sources["text_sha256"].str.lower() == digest]
    if match.empty:
        return None
    return str(match["source_id"].iloc[0]), str(match["text_file"].iloc[0])


def kind_of(match: re.Match[str]) -> str:
    """'year' (a 4-digit 1990–2035 integer), 'ordinal' (30th) or 'figure'."""
    if match["ordinal"]:
        return "ordinal"
    digits = match["digits"]
    if digits and len(digits) == 4 and not match["decimals"] and int(digits) in YEARS:
        return "year"
    return "figure"


def draft(dataset: Dataset, text: str, data: bytes | None = None) -> Draft:
    """Every number of ``text`` with its guesses and what in ``dataset`` accounts for it.

    ``data`` (the file's bytes, default ``text`` in UTF-8) identifies a known text by SHA-256.
    """
    data = text.encode("utf-8") if data is None else data
    lines = paragraphs(text)
    known = known_source(dataset, data)
    keywords = metric_keywords(dataset)
    units = dict(zip(dataset.metrics["metric_id"], dataset.metrics["unit"], strict=True))
    accounted_known, findings = (
        accounting_of_known_text(dataset, known[0], known[1], lines) if known else ({}, [])
    )
    event_years: dict[int, list[str]] = {}
    for event in dataset.events.itertuples():
        event_years.setdefault(date_parts(event.date)[0], []).append(event.event_id)
    facts = dataset.facts

    candidates = []
    for number, line in enumerate(lines, start=1):
        tokens = list(re.finditer(r"\S+", line))
        words = [normalise(t.group(0)) for t in tokens]
        matches = list(NUMBER_PATTERN.finditer(line))
        for match, found in zip(matches, numbers_in(line), strict=True):
            at = next(i for i, t in enumerate(tokens) if t.start() <= match.start() < t.end())
            low, high = max(at - WINDOW, 0), at + WINDOW + 1
            kind = kind_of(match)
            if kind == "year":
                unit = "year"
            elif PERCENT_AFTER.match(line, match.end()):
                unit = "percent"
            else:
                unit = "count"
            metric = ""
            if kind == "figure":
                fitting = [m for m, u in units.items() if u == unit] or list(units)
                metric = guess_metric(words[low:high], at - low, keywords, fitting)
            if known:
                by = [
                    label
                    for v, label in accounted_known.get(number, [])
                    if same_number(v, found.value)
                ]
            else:
                by = event_years.get(int(found.value), []) if kind == "year" else []
                by = by + [
                    fact.fact_id
                    for fact in facts[facts["value"].sub(found.value).abs() < 1e-9].itertuples()
                    if mentions(words, keywords.get(fact.metric, []))
                ]
            candidates.append(
                Candidate(
                    paragraph=number,
                    as_written=found.as_written,
                    value=found.value,
                    kind=kind,
                    unit=unit,
                    metric=metric,
                    context=" ".join(t.group(0) for t in tokens[low:high]),
                    accounted_by=tuple(dict.fromkeys(by)),
                )
            )
    return Draft(candidates, known[0] if known else None, tuple(findings))


def to_csv(candidates: Iterable[Candidate]) -> str:
    """The CSV text: a header, then a row per candidate, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for candidate in candidates:
        writer.writerow([neutralise(cell) for cell in candidate.row()])
    return buffer.getvalue()


def default_out(path: Path) -> Path:
    """Beside the article, its name ending in ``.draft.csv`` (article.txt -> article.draft.csv)."""
    return path.with_suffix(".draft.csv")


def check_out(out: Path, article: Path, data_dir: Path) -> None:
    """Refuse (``DraftError``) an output inside the data directory, or over the article."""
    target = out.resolve()
    if target.is_relative_to(data_dir.resolve()):
        raise DraftError(
            f"{out}: refusing to write inside the data directory {data_dir}; pass --out elsewhere"
        )
    if target == article.resolve():
        raise DraftError(f"{out}: refusing to overwrite the article itself; pass another --out")
    if target.is_dir():
        raise DraftError(f"{out}: is a directory; pass --out with a file name")
    if not target.parent.is_dir():
        raise DraftError(f"{out}: the folder {out.parent} does not exist")


def write_atomically(out: Path, content: str) -> None:
    """Write UTF-8 text to a temporary file beside ``out``, then rename it over ``out``."""
    target = out.resolve()
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_draft(
    article: Path, data_dir: Path, out: Path | None = None, include_all: bool = False
) -> int:
    """The ``draft`` command: write the candidate rows and print a summary; 1 on a refusal."""
    out = out or default_out(article)
    try:
        data, text = read_article(article)
        check_out(out, article, data_dir)
        dataset = load_dataset(data_dir)
        result = draft(dataset, text, data)
        rows = result.rows(include_all)
        try:
            write_atomically(out, to_csv(rows))
        except OSError as err:
            raise DraftError(f"{out}: cannot be written ({err.strerror})") from None
    except DraftError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for finding in result.audit_findings:
        print(f"note: the audit finds {finding}", file=sys.stderr)
    open_rows = sum(not c.accounted_by for c in result.candidates)
    known = f"known as source {result.source_id}" if result.source_id else "a new text"
    print(
        f"{article} ({known}): {len(result.candidates)} numbers, {open_rows} not accounted for; "
        f"wrote {len(rows)} rows to {out}"
    )
    return 0
