"""Read one CSV file with pyarrow against its Frictionless Table Schema, and check every cell.

Every column is read as text first, so that a bad cell is reported with its line and column
instead of stopping the read; each column is then checked against its declared type and
constraints with vectorised pyarrow compute functions, and cast to the declared type. No type
is ever inferred from the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from metrics.problems import Problem

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "number": pa.float64(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
}
TYPE_PATTERNS = {
    "number": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    "integer": r"^[+-]?[0-9]+$",
}
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
PARTIAL_DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
UTF8_BOM = b"\xef\xbb\xbf"


def arrow_schema(fields: list[dict]) -> pa.Schema:
    """The pyarrow schema that a Table Schema's fields declare."""
    return pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in fields])


def shown(value: object, limit: int = 60) -> str:
    """A cell value quoted for an error message, cut short if long."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def is_partial_date(text: str) -> bool:
    """True for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD."""
    fmt = PARTIAL_DATE_FORMATS.get(len(text))
    if fmt is None:
        return False
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


@dataclass
class CsvTable:
    """A CSV file read and typed: ``data`` holds the valid rows, in file order."""

    name: str
    path: Path
    data: pa.Table
    text: str = field(repr=False)
    skipped_records: frozenset[int] = frozenset()

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


def record_start_lines(text: str) -> list[int]:
    """The line on which each non-blank CSV record starts, header included."""
    starts: list[int] = []
    previous_end = 0
    reader = csv.reader(io.StringIO(text, newline=""))
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if record:
            starts.append(start)
    return starts


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

    The table is ``None`` when the file cannot be read at all (missing, empty, not UTF-8, a
    header without the declared columns). Otherwise it holds every row that could be parsed,
    cast to the declared types, with bad cells as nulls; the problems list every bad cell.
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
            read_options=pa_csv.ReadOptions(use_threads=False),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=skip_invalid_row),
            convert_options=pa_csv.ConvertOptions(
                column_types={column: pa.string() for column in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as err:
        return None, [Problem(file, None, None, f"cannot be parsed as CSV: {err}")]

    table = CsvTable(name, path, raw, text, frozenset(skipped))
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
    first_line = next(csv.reader(io.StringIO(text, newline="")), [])
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


def check_column(
    table: CsvTable, spec: dict, text: pa.StringArray
) -> tuple[pa.Array, list[Problem]]:
    """Check one column's cells against its declared type and constraints; return it typed."""
    name, kind = spec["name"], spec["type"]
    constraints = spec.get("constraints", {})
    problems: list[Problem] = []

    def report(mask: pa.Array, describe: Callable[[str], str]) -> None:
        for row in rows_where(mask):
            problems.append(table.problem(row, name, describe(text[row].as_py())))

    empty = pc.equal(text, "")
    filled = pc.invert(empty)
    if constraints.get("required"):
        report(empty, lambda _value: "is required but empty")

    bad = pa.array([False] * len(text), pa.bool_())
    if kind in TYPE_PATTERNS:
        bad = pc.and_(filled, pc.invert(pc.match_substring_regex(text, TYPE_PATTERNS[kind])))
        report(
            bad, lambda value: f"{shown(value)} is not {'an' if kind == 'integer' else 'a'} {kind}"
        )
    elif kind == "boolean":
        bad = pc.and_(filled, pc.invert(pc.is_in(text, pa.array(TRUE_VALUES + FALSE_VALUES))))
        report(bad, lambda value: f"{shown(value)} is not a boolean (true or false)")

    if "enum" in constraints:
        outside = pc.and_(filled, pc.invert(pc.is_in(text, pa.array(constraints["enum"]))))
        allowed = ", ".join(constraints["enum"])
        report(outside, lambda value: f"{shown(value)} is not one of: {allowed}")
    if "pattern" in constraints:
        mismatch = pc.and_(
            filled, pc.invert(pc.match_substring_regex(text, constraints["pattern"]))
        )
        if spec.get("format") == "uri":
            report(mismatch, lambda value: f"{shown(value)} is not an http or https URL")
        elif spec.get("format") == "partial-date":
            report(
                mismatch,
                lambda value: f"{shown(value)} is not a date as YYYY, YYYY-MM or YYYY-MM-DD",
            )
        else:
            pattern = constraints["pattern"]
            report(mismatch, lambda value: f"{shown(value)} does not match the pattern {pattern}")
        if spec.get("format") == "partial-date":
            matched = pc.and_(filled, pc.invert(mismatch))
            impossible = [
                value
                for value in set(pc.filter(text, matched).to_pylist())
                if not is_partial_date(value)
            ]
            if impossible:
                report(
                    pc.is_in(text, pa.array(impossible)),
                    lambda value: f"{shown(value)} is not a real date",
                )

    if constraints.get("unique"):
        problems.extend(duplicate_problems(table, name, text))

    typed = cast_column(text, kind, pc.or_(empty, bad))
    if "minimum" in constraints:
        below = pc.less(typed, constraints["minimum"])
        report(below, lambda value: f"{shown(value)} is below the minimum {constraints['minimum']}")
    if "maximum" in constraints:
        above = pc.greater(typed, constraints["maximum"])
        report(above, lambda value: f"{shown(value)} is above the maximum {constraints['maximum']}")
    return typed, problems


def duplicate_problems(table: CsvTable, name: str, text: pa.StringArray) -> list[Problem]:
    """One problem per repeated value of a unique column, naming where it first appeared."""
    counts = pc.value_counts(pc.filter(text, pc.not_equal(text, "")))
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    problems = []
    for value in repeated.to_pylist():
        rows = rows_where(pc.equal(text, value))
        first = table.line_of(rows[0])
        for row in rows[1:]:
            problems.append(
                table.problem(row, name, f"{shown(value)} repeats line {first}; it must be unique")
            )
    return problems


def cast_column(text: pa.StringArray, kind: str, invalid: pa.Array) -> pa.Array:
    """The column as its declared type, with empty and invalid cells as nulls."""
    if kind == "string":
        return text
    cleaned = pc.if_else(invalid, pa.scalar(None, pa.string()), text)
    if kind == "boolean":
        is_true = pc.is_in(cleaned, pa.array(TRUE_VALUES))
        return pc.if_else(pc.is_null(cleaned), pa.scalar(None, pa.bool_()), is_true)
    return pc.cast(cleaned, ARROW_TYPES[kind])
