"""Read one CSV file with pyarrow against its Frictionless Table Schema, and check every cell.

Every column is read as text first, so that a bad cell is reported with its line and column
instead of stopping the read; each column is then checked against its declared type and
constraints with vectorised pyarrow compute functions, and cast to the declared type. No type
is ever inferred from the data.

What a cell may hold, beyond its type:

- no NUL character, no carriage return (a CRLF file is fine: the parser takes line ends away;
  a ``\\r`` left inside a cell is refused), and at most ``MAX_CELL_CHARACTERS`` characters;
- a ``number`` is finite (``1e400``, ``inf``, ``nan`` are refused) and an ``integer`` fits in
  64 bits;
- a ``pattern`` must match the whole value, as in frictionless (``^(?:PATTERN)$``, RE2 syntax);
- ``categories`` (Table Schema v2) and ``constraints.enum`` both list the allowed values.

Type ``date`` (a real YYYY-MM-DD day) and a string field marked ``"x-partial-date": true``
(a real YYYY, YYYY-MM or YYYY-MM-DD date) both stay strings in the typed table, so that
downstream code handles every date the same way.

``read_csv_table`` trusts its fields to be well formed: check the descriptor with
``metrics.descriptor.schema_problems`` (or ``package_problems``) first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from metrics.problems import Problem

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "number": pa.float64(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.string(),
}
TYPE_PATTERNS = {
    "number": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    "integer": r"^[+-]?[0-9]+$",
}
NON_FINITE_PATTERN = r"^[+-]?(?i:inf|infinity|nan)$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# An absolute http(s) URL: a host name or bracketed IP address, an optional port, then no
# white space or control characters. User information (user@host) is refused: it is mostly
# used to disguise where a link leads.
URI_PATTERN = (
    r"^(?i:https?)://([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?#][^\s\x00-\x1f\x7f]*)?$"
)
EMAIL_PATTERN = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f.]+(\.[^@\s\x00-\x1f\x7f.]+)+$"
FORMAT_PATTERNS = {
    "uri": (URI_PATTERN, "is not an http or https URL"),
    "email": (EMAIL_PATTERN, "is not an email address"),
}
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
PARTIAL_DATE_PROPERTY = "x-partial-date"
MAX_CELL_CHARACTERS = 20_000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# An integer of fewer digits always fits in 64 bits; longer ones are checked one by one.
INT64_SAFE_CHARACTERS = 18
# No cell is longer than this (pyarrow counts characters in 32 bits).
LENGTH_LIMIT = 2**31 - 1
UTF8_BOM = b"\xef\xbb\xbf"


def arrow_schema(fields: list[dict]) -> pa.Schema:
    """The pyarrow schema that a Table Schema's fields declare (dates stay strings)."""
    return pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in fields])


def anchored(pattern: str) -> str:
    """``pattern`` made to match a whole value, as frictionless reads a Table Schema pattern."""
    return f"^(?:{pattern})$"


def shown(value: object, limit: int = 60) -> str:
    """A cell value quoted for an error message, cut short if long."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def listed(values: Sequence[object]) -> str:
    """Allowed values for a message: strings as they are, other JSON values as JSON."""
    return ", ".join(v if isinstance(v, str) else json.dumps(v) for v in values)


def characters(text: str) -> str:
    """How long a text is, in words: '1 character', '20,001 characters'."""
    return f"{len(text):,} character{'' if len(text) == 1 else 's'}"


def is_partial_date(text: str) -> bool:
    """True for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD."""
    match = PARTIAL_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    return isinstance(text, str) and len(text) == 10 and is_partial_date(text)


def raw_categories(spec: dict) -> list | None:
    """The values of a field's ``categories`` as the descriptor writes them, or ``None``."""
    categories = spec.get("categories")
    if not isinstance(categories, list):
        return None
    return [c.get("value") if isinstance(c, dict) else c for c in categories]


def category_values(spec: dict) -> list[str] | None:
    """A field's category values as text, in the package's order; ``None`` without categories.

    ``categories`` (Table Schema v2) is either a list of plain values or a list of objects
    ``{"value": ..., "label": ..., "description": ...}``.
    """
    values = raw_categories(spec)
    return None if values is None else [str(value) for value in values]


def category_labels(spec: dict) -> dict[str, str]:
    """Each category value (as text) with its label; the label defaults to the value."""
    labels = {}
    for category in spec.get("categories") or []:
        if isinstance(category, dict):
            value = str(category.get("value"))
            labels[value] = str(category.get("label", value))
        else:
            labels[str(category)] = str(category)
    return labels


def category_descriptions(spec: dict) -> dict[str, str]:
    """Each category value (as text) that has a ``description``, with that description."""
    return {
        str(category.get("value")): str(category["description"])
        for category in spec.get("categories") or []
        if isinstance(category, dict) and "description" in category
    }


@dataclass
class CsvTable:
    """A CSV file read and typed: ``data`` holds the valid rows, in file order.

    ``cells`` holds the same rows as the text of each cell, as read (``None`` only when the
    table was built by other means); messages quote it, since a bad cell is null in ``data``.
    """

    name: str
    path: Path
    data: pa.Table
    text: str = field(repr=False)
    skipped_records: frozenset[int] = frozenset()
    cells: pa.Table | None = field(default=None, repr=False)

    @cached_property
    def row_lines(self) -> list[int]:
        """The physical line on which each row of ``data`` starts (the header is line 1).

        Worked out only when a message needs it, by a second parse with the csv module, which
        counts lines the way an editor shows them (blank lines and quoted line breaks included).
        """
        starts = record_start_lines(self.text)
        return [line for n, line in enumerate(starts[1:], start=2) if n not in self.skipped_records]

    def line_of(self, row: int) -> int:
        """The line of row ``row`` (0-based, as in ``data``)."""
        return self.row_lines[row]

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        """A problem located at a row of this table (``None`` for the whole file)."""
        line = None if row is None else self.line_of(row)
        return Problem(str(self.path), line, column, message)

    def cell_text(self, row: int, column: str) -> str:
        """The text of one cell as the file writes it (from ``data`` if ``cells`` is unset)."""
        source = self.cells if self.cells is not None else self.data
        value = source.column(column)[row].as_py()
        return "" if value is None else str(value)


def csv_reader(text: str, strict: bool = False) -> Any:
    """A ``csv.reader`` over ``text`` that accepts cells as long as the text.

    The csv module refuses cells over 128 KiB by default; the limit (process-wide) is only
    ever raised here, never lowered, so that readers in other threads are not cut short.
    """
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    return csv.reader(io.StringIO(text, newline=""), strict=strict)


def record_start_lines(text: str) -> list[int]:
    """The line on which each non-blank CSV record starts, header included."""
    starts: list[int] = []
    previous_end = 0
    reader = csv_reader(text)
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if record:
            starts.append(start)
    return starts


def unbalanced_quote_line(text: str) -> int | None:
    """The line where the first unbalanced quote of ``text`` is, as far as it can be told."""
    reader = csv_reader(text, strict=True)
    previous_end = 0
    try:
        for _record in reader:
            previous_end = reader.line_num
    except csv.Error:
        return previous_end + 1
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count('"') % 2:
            return number
    return None


def decode_utf8(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem naming the line and column of the first bad byte."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        message = f"not valid UTF-8: byte 0x{data[err.start]:02x} at character {column}"
        return None, [Problem(str(path), line, None, message + "; save the file as UTF-8")]


def read_csv_table(
    name: str, path: Path, fields: list[dict]
) -> tuple[CsvTable | None, list[Problem]]:
    """Read ``path`` as the table ``name`` declared by ``fields``; return it and its problems.

    The table is ``None`` when the file cannot be read at all (missing, empty, not UTF-8, an
    unbalanced quote, a header without the declared columns). Otherwise it holds every row that could be parsed,
    cast to the declared types, with bad cells as nulls (string and date columns keep their
    text); the problems list every bad cell. ``fields`` must have passed
    ``metrics.descriptor.schema_problems``.
    """
    file = str(path)
    if not path.is_file():
        return None, [Problem(file, None, None, "file not found")]
    data = path.read_bytes()
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not data.strip():
        return None, [Problem(file, None, None, "file is empty; it needs at least a header row")]
    text, problems = decode_utf8(data, path)
    if text is None:
        return None, problems

    if text.count('"') % 2:
        message = (
            'has an unbalanced quote ("): a quoted cell is never closed, or a cell holds a '
            'lone "; quote such a cell and double each " inside it'
        )
        return None, [Problem(file, unbalanced_quote_line(text), None, message)]

    header_problems, header = check_header(text, path, fields)
    if header is None:
        return None, header_problems

    skipped: dict[int, str] = {}

    def skip_invalid_row(row: pa_csv.InvalidRow) -> str:
        skipped[row.number] = (
            f"has {row.actual_columns} fields, the header has {row.expected_columns}"
        )
        return "skip"

    try:
        raw = pa_csv.read_csv(
            pa.BufferReader(data),
            # One block for the whole file, so that a very long cell is read (and refused
            # for its length) rather than failing the parse.
            read_options=pa_csv.ReadOptions(
                use_threads=False, block_size=min(max(len(data), 1 << 20), 1 << 30)
            ),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=skip_invalid_row),
            convert_options=pa_csv.ConvertOptions(
                column_types={column: pa.string() for column in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as err:
        return None, [Problem(file, None, None, f"cannot be parsed as CSV: {err}")]

    table = CsvTable(name, path, raw, text, frozenset(skipped), cells=raw)
    if skipped:
        starts = record_start_lines(text)
        for number, message in sorted(skipped.items()):
            line = starts[number - 1] if number - 1 < len(starts) else None
            problems.append(Problem(file, line, None, message))

    columns = []
    for spec in fields:
        column, cell_problems = check_column(table, spec, raw.column(spec["name"]).combine_chunks())
        columns.append(column)
        problems.extend(cell_problems)
    table.data = pa.Table.from_arrays(columns, schema=arrow_schema(fields))
    return table, header_problems + problems


def check_header(
    text: str, path: Path, fields: list[dict]
) -> tuple[list[Problem], list[str] | None]:
    """Compare the header with the declared columns; ``None`` if a declared column is missing."""
    first_line: list[str] = next(csv_reader(text), [])
    declared = [spec["name"] for spec in fields]
    problems = []
    duplicated = sorted({name for name in first_line if first_line.count(name) > 1})
    for name in duplicated:
        problems.append(Problem(str(path), 1, name, "column appears more than once in the header"))
    for name in first_line:
        if name not in declared:
            problems.append(
                Problem(str(path), 1, name, "column is not described in datapackage.json")
            )
    missing = [name for name in declared if name not in first_line]
    for name in missing:
        problems.append(Problem(str(path), 1, name, "declared column is missing from the header"))
    if missing or duplicated:
        return problems, None
    return problems, first_line


def rows_where(mask: pa.Array) -> list[int]:
    """Indices of the rows where ``mask`` is true (nulls count as false)."""
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def normalised(values: pa.Array) -> pa.Array:
    """Values ready to compare: floats get ``-0.0`` turned into ``0.0`` (they are equal)."""
    if pa.types.is_floating(values.type):
        return pc.add(values, 0.0)
    return values


def repeated_rows(columns: Sequence[pa.Array], mask: pa.Array) -> list[tuple[int, int]]:
    """``(row, first row)`` for every row of ``mask`` whose values, taken together, appeared
    on an earlier row of ``mask``. Values are compared as typed (``1`` and ``1.0`` repeat)."""
    rows = rows_where(mask)
    if len(rows) < 2:
        return []
    indices = pa.array(rows, pa.int64())
    taken = [normalised(pc.take(column, indices)) for column in columns]
    names = [f"k{n}" for n in range(len(taken))]
    distinct = pa.Table.from_arrays(taken, names=names).group_by(names).aggregate([]).num_rows
    if distinct == len(rows):
        return []
    seen: dict[tuple, int] = {}
    repeats = []
    for row, key in zip(
        rows, zip(*(column.to_pylist() for column in taken), strict=True), strict=True
    ):
        first = seen.setdefault(key, row)
        if first != row:
            repeats.append((row, first))
    return repeats


Report = Callable[[pa.Array, Callable[[str], str]], None]


def check_column(
    table: CsvTable, spec: dict, text: pa.StringArray
) -> tuple[pa.Array, list[Problem]]:
    """Check one column's cells against its declared type and constraints; return it typed.

    Each bad cell gets one problem per rule it breaks, but a cell whose text or type is wrong
    is not checked against the constraints as well (as in frictionless).
    """
    name = spec["name"]
    constraints = spec.get("constraints") or {}
    problems: list[Problem] = []

    def report(mask: pa.Array, describe: Callable[[str], str]) -> None:
        for row in rows_where(mask):
            problems.append(table.problem(row, name, describe(text[row].as_py())))

    empty = pc.equal(text, "")
    if constraints.get("required"):
        report(empty, lambda _value: "is required but empty")
    unreadable = check_text(text, report)
    checkable = pc.and_(pc.invert(empty), pc.invert(unreadable))
    typed, bad = check_type(text, spec, checkable, report)
    valid = pc.and_(checkable, pc.invert(bad))
    check_constraints(table, spec, text, typed, valid, report, problems)
    return typed, problems


def check_text(text: pa.StringArray, report: Report) -> pa.Array:
    """Cells refused whatever their type: a NUL, a carriage return, too many characters."""
    nul = pc.match_substring(text, "\x00")
    report(nul, lambda value: f"{shown(value)} contains a NUL character")
    carriage_return = pc.and_(pc.invert(nul), pc.match_substring(text, "\r"))
    report(
        carriage_return,
        lambda value: (
            f"{shown(value)} contains a carriage return (\\r); "
            "a line break inside a cell must be a plain \\n"
        ),
    )
    refused = pc.or_(nul, carriage_return)
    too_long = pc.and_(pc.invert(refused), pc.greater(pc.utf8_length(text), MAX_CELL_CHARACTERS))
    report(
        too_long,
        lambda value: (
            f"{shown(value)} is {characters(value)} long; "
            f"no cell may be longer than {MAX_CELL_CHARACTERS:,}"
        ),
    )
    return pc.or_(refused, too_long)


def check_type(
    text: pa.StringArray, spec: dict, checkable: pa.Array, report: Report
) -> tuple[pa.Array, pa.Array]:
    """The column cast to its declared type, and the cells that are not of that type.

    Only ``checkable`` cells (filled, readable text) are looked at; the others become nulls,
    except in string and date columns, which keep their text.
    """
    kind = spec["type"]
    nothing = pc.and_(checkable, False)

    def matches(pattern: str) -> pa.Array:
        return pc.and_(checkable, pc.match_substring_regex(text, pattern))

    def refuse(mask: pa.Array, words: str) -> pa.Array:
        report(mask, lambda value: f"{shown(value)} {words}")
        return mask

    if kind == "number":
        non_finite = refuse(matches(NON_FINITE_PATTERN), "is not a finite number")
        not_number = pc.and_(
            pc.and_(checkable, pc.invert(non_finite)), pc.invert(matches(TYPE_PATTERNS["number"]))
        )
        bad = pc.or_(non_finite, refuse(not_number, "is not a number"))
        typed, failed = cast_cells(text, pc.and_(checkable, pc.invert(bad)), pa.float64())
        overflow = pc.or_(failed, pc.and_(pc.is_valid(typed), pc.invert(pc.is_finite(typed))))
        bad = pc.or_(bad, refuse(overflow, "is not a finite number"))
        return pc.if_else(overflow, pa.scalar(None, pa.float64()), typed), bad

    if kind == "integer":
        not_integer = pc.and_(checkable, pc.invert(matches(TYPE_PATTERNS["integer"])))
        bad = refuse(not_integer, "is not an integer")
        candidates = pc.and_(checkable, pc.invert(bad))
        long = pc.and_(candidates, pc.greater(pc.utf8_length(text), INT64_SAFE_CHARACTERS))
        huge = [value for value in set(pc.filter(text, long).to_pylist()) if not fits_int64(value)]
        too_large = pc.and_(long, pc.is_in(text, pa.array(huge, pa.string())))
        bad = pc.or_(bad, refuse(too_large, "is too large for an integer"))
        unsigned = pc.replace_substring_regex(text, r"^\+", "")
        typed, failed = cast_cells(unsigned, pc.and_(checkable, pc.invert(bad)), pa.int64())
        return typed, pc.or_(bad, refuse(failed, "is not an integer"))

    if kind == "boolean":
        allowed = pa.array(TRUE_VALUES + FALSE_VALUES)
        not_boolean = pc.and_(checkable, pc.invert(pc.is_in(text, allowed)))
        bad = refuse(not_boolean, "is not a boolean (true or false)")
        is_true = pc.is_in(text, pa.array(TRUE_VALUES))
        typed = pc.if_else(pc.and_(checkable, pc.invert(bad)), is_true, pa.scalar(None, pa.bool_()))
        return typed, bad

    if kind == "date":
        bad = check_dates(text, checkable, DATE_PATTERN, is_date, "YYYY-MM-DD", refuse)
        return text, bad

    bad = nothing
    if spec.get(PARTIAL_DATE_PROPERTY) is True:
        words = "YYYY, YYYY-MM or YYYY-MM-DD"
        bad = check_dates(text, checkable, PARTIAL_DATE_PATTERN, is_partial_date, words, refuse)
    if spec.get("format") in FORMAT_PATTERNS:
        pattern, words = FORMAT_PATTERNS[spec["format"]]
        bad = pc.or_(bad, refuse(pc.and_(checkable, pc.invert(matches(pattern))), words))
    return text, bad


def fits_int64(text: str) -> bool:
    """True if an integer written in decimal (sign allowed) fits in 64 bits."""
    digits = text.lstrip("+-").lstrip("0")
    # Python refuses to convert thousands of digits; no 64-bit integer has more than 19.
    return len(digits) <= 19 and INT64_MIN <= int(text) <= INT64_MAX


def check_dates(
    text: pa.StringArray,
    checkable: pa.Array,
    pattern: str,
    is_real: Callable[[str], bool],
    layout: str,
    refuse: Callable[[pa.Array, str], pa.Array],
) -> pa.Array:
    """Cells that are not written as ``layout``, or are not real calendar dates."""
    shaped = pc.match_substring_regex(text, pattern)
    bad = refuse(pc.and_(checkable, pc.invert(shaped)), f"is not a date as {layout}")
    written = pc.and_(checkable, shaped)
    impossible = [
        value for value in set(pc.filter(text, written).to_pylist()) if not is_real(value)
    ]
    unreal = pc.and_(written, pc.is_in(text, pa.array(impossible, pa.string())))
    return pc.or_(bad, refuse(unreal, "is not a real date"))


def cast_cells(
    text: pa.StringArray, keep: pa.Array, arrow_type: pa.DataType
) -> tuple[pa.Array, pa.Array]:
    """The ``keep`` cells cast to ``arrow_type`` (others null), and the cells that failed.

    The type checks before this leave nothing to fail; should a cell slip through anyway, it
    is cast alone and reported rather than stopping the read.
    """
    cleaned = pc.if_else(keep, text, pa.scalar(None, pa.string()))
    try:
        return pc.cast(cleaned, arrow_type), pc.and_(keep, False)
    except pa.ArrowException:
        values = []
        for value in cleaned.to_pylist():
            try:
                values.append(None if value is None else pc.cast(pa.scalar(value), arrow_type))
            except pa.ArrowException:
                values.append(False)
        failed = pa.array([value is False for value in values], pa.bool_())
        typed = pa.array(
            [None if value is None or value is False else value.as_py() for value in values],
            arrow_type,
        )
        return typed, failed


def check_constraints(
    table: CsvTable,
    spec: dict,
    text: pa.StringArray,
    typed: pa.Array,
    valid: pa.Array,
    report: Report,
    problems: list[Problem],
) -> None:
    """Check the ``valid`` cells (filled, of the right type) against the field's constraints."""
    name, kind = spec["name"], spec["type"]
    constraints = spec.get("constraints") or {}
    comparable = normalised(typed)

    for allowed in (constraints.get("enum"), raw_categories(spec)):
        if allowed is not None:
            value_set = normalised(pa.array(logical_values(allowed, kind), typed.type))
            outside = pc.and_(valid, pc.invert(pc.is_in(comparable, value_set=value_set)))
            words = f"is not one of: {listed(allowed)}"

            def outside_message(value: object, words: str = words) -> str:
                return f"{shown(value)} {words}"

            report(outside, outside_message)

    if "pattern" in constraints:
        pattern = constraints["pattern"]
        mismatch = pc.and_(valid, pc.invert(pc.match_substring_regex(text, anchored(pattern))))
        report(mismatch, lambda value: f"{shown(value)} does not match the pattern {pattern}")

    length = pc.utf8_length(text)
    if "minLength" in constraints:
        least = constraints["minLength"]
        short = pc.and_(valid, pc.less(length, min(least, LENGTH_LIMIT)))
        report(
            short,
            lambda value: (
                f"{shown(value)} is {characters(value)} long, "
                f"shorter than the minimum length {least:,}"
            ),
        )
    if "maxLength" in constraints:
        most = constraints["maxLength"]
        long = pc.and_(valid, pc.greater(length, min(most, LENGTH_LIMIT)))
        report(
            long,
            lambda value: (
                f"{shown(value)} is {characters(value)} long, "
                f"longer than the maximum length {most:,}"
            ),
        )

    bounded = text if kind == "date" else comparable
    if "minimum" in constraints:
        least = constraints["minimum"]
        below = pc.and_(valid, pc.less(bounded, bound(least, kind)))
        report(below, lambda value: f"{shown(value)} is below the minimum {least}")
    if "maximum" in constraints:
        most = constraints["maximum"]
        above = pc.and_(valid, pc.greater(bounded, bound(most, kind)))
        report(above, lambda value: f"{shown(value)} is above the maximum {most}")

    if constraints.get("unique"):
        for row, first in repeated_rows([comparable], valid):
            message = (
                f"{shown(text[row].as_py())} repeats line {table.line_of(first)}; it must be unique"
            )
            problems.append(table.problem(row, name, message))


def bound(value: object, kind: str) -> pa.Scalar:
    """A ``minimum`` or ``maximum`` as a scalar that compares with the column's cells."""
    if kind == "number":
        return pa.scalar(float(value), pa.float64())  # type: ignore[arg-type]
    return pa.scalar(value, ARROW_TYPES[kind])


def logical_values(values: list, kind: str) -> list:
    """Allowed values (of ``enum`` or ``categories``) as the column's typed cells hold them."""
    if kind == "number":
        return [float(value) for value in values]
    return list(values)
