"""Cell-level validation of one CSV against its Table Schema: every bad cell located exactly.

Each test writes its own tiny CSV in ``tmp_path``; none depends on ``data/``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pytest

from metrics.tableschema import (
    MAX_CELL_CHARACTERS,
    category_descriptions,
    category_labels,
    category_values,
    is_partial_date,
    read_csv_table,
    record_start_lines,
)


def csv_text(rows: list[list[str]], line_end: str = "\n") -> str:
    """Rows as CSV text, every cell quoted (so a carriage return stays inside its cell)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end, quoting=csv.QUOTE_ALL).writerows(rows)
    return buffer.getvalue()


def write(tmp_path: Path, content: str | bytes, name: str = "t.csv") -> Path:
    """A file in ``tmp_path`` holding ``content`` exactly."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def field(kind: str, **properties: object) -> dict:
    """A field called 'x' of type ``kind``."""
    return {"name": "x", "type": kind, **properties}


def constrained(kind: str, **constraints: object) -> dict:
    """A field called 'x' of type ``kind`` with ``constraints``."""
    return field(kind, constraints=constraints)


PARTIAL = {"x-partial-date": True}
PARTIAL_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
OBJECT_CATEGORIES = [
    {"value": "x", "label": "Ex", "description": "The first."},
    {"value": "y", "label": "Why"},
]

# (field, a good value, a bad value, words the bad value's only message must contain).
# The CSV is: header, good (line 2), bad (line 3), good (line 4).
BAD_CELLS = [
    # a pattern matches the whole value, never a part of it
    (constrained("string", pattern="[a-z]+"), "abc", "abc1", "does not match the pattern [a-z]+"),
    (constrained("string", pattern="[a-z]+"), "abc", "1abc", "does not match the pattern"),
    (constrained("string", pattern="a|b"), "a", "ab", "does not match the pattern a|b"),
    (constrained("string", pattern="[a-z]+"), "abc", "abc\n", "does not match the pattern"),
    (constrained("string", pattern="F[0-9]{4,}"), "F0001", "F0001x", "does not match"),
    # categories (Table Schema v2) and enum
    (field("string", categories=["a", "b", "c"]), "a", "d", "'d' is not one of: a, b, c"),
    (field("string", categories=OBJECT_CATEGORIES), "x", "Ex", "'Ex' is not one of: x, y"),
    (field("integer", categories=[1, 2]), "2", "3", "'3' is not one of: 1, 2"),
    (constrained("string", enum=["a", "b"]), "b", "B", "'B' is not one of: a, b"),
    (constrained("integer", enum=[1, 2]), "01", "3", "'3' is not one of: 1, 2"),
    (constrained("number", enum=[1.5, 2]), "2.0", "2.5", "'2.5' is not one of: 1.5, 2"),
    (constrained("boolean", enum=[True]), "1", "false", "'false' is not one of: true"),
    # dates
    (field("date"), "2024-02-29", "2023-02-29", "'2023-02-29' is not a real date"),
    (field("date"), "2024-12-31", "2024-13-01", "is not a real date"),
    (field("date"), "2024-01-01", "2024-1-01", "'2024-1-01' is not a date as YYYY-MM-DD"),
    (field("date"), "2024-01-01", "2024-01", "is not a date as YYYY-MM-DD"),
    (field("date"), "2024-01-01", "2024-01-01T00:00", "is not a date as YYYY-MM-DD"),
    (field("date"), "2024-01-01", "0000-01-01", "is not a real date"),
    (field("string", **PARTIAL), "2023", "2023-02-30", "'2023-02-30' is not a real date"),
    (field("string", **PARTIAL), "2023-12", "2023-13", "'2023-13' is not a real date"),
    (field("string", **PARTIAL), "2023-01-31", "2023-1", "is not a date as YYYY, YYYY-MM or"),
    (field("string", **PARTIAL), "2023", "June 2023", "is not a date as YYYY, YYYY-MM or"),
    (field("string", **PARTIAL), "2023", "２０２３", "is not a date as YYYY, YYYY-MM or"),
    (
        field("string", constraints={"pattern": PARTIAL_PATTERN}, **PARTIAL),
        "2024-02-29",
        "2023-02-29",
        "is not a real date",
    ),
    (
        field("string", constraints={"pattern": "20[0-9]{2}.*"}, **PARTIAL),
        "2024",
        "1999",
        "does not match the pattern 20[0-9]{2}.*",
    ),
    # numbers are finite, integers fit in 64 bits
    (field("number"), "1.5", "1e400", "'1e400' is not a finite number"),
    (field("number"), "1.5", "-1e400", "is not a finite number"),
    (field("number"), "1.5", "inf", "'inf' is not a finite number"),
    (field("number"), "1.5", "-Infinity", "is not a finite number"),
    (field("number"), "1.5", "nan", "'nan' is not a finite number"),
    (field("number"), "1.5", "NaN", "is not a finite number"),
    (field("number"), "1.5", "abc", "'abc' is not a number"),
    (field("number"), "1.5", "1,5", "is not a number"),
    (field("number"), "1.5", " 1", "is not a number"),
    (field("integer"), "1", "9223372036854775808", "is too large for an integer"),
    (field("integer"), "1", "-9223372036854775809", "is too large for an integer"),
    (field("integer"), "1", "99999999999999999999999", "is too large for an integer"),
    (field("integer"), "1", "9" * 5_000, "is too large for an integer"),
    (field("integer"), "1", "2022.5", "'2022.5' is not an integer"),
    (field("integer"), "1", "1e3", "is not an integer"),
    (field("boolean"), "true", "yes", "'yes' is not a boolean"),
    # text: NUL, carriage return, length
    (field("string"), "ab", "a\x00b", "'a\\x00b' contains a NUL character"),
    (field("integer"), "1", "1\x00", "contains a NUL character"),
    (field("string"), "ab", "a\rb", "contains a carriage return"),
    (field("string"), "ab", "line\r\nbreak", "contains a carriage return"),
    (field("number"), "1", "1\r", "contains a carriage return"),
    (field("string"), "ab", "y" * 20_001, "is 20,001 characters long; no cell may be longer"),
    (field("integer"), "1", "1" * 20_001, "is 20,001 characters long"),
    (constrained("string", maxLength=3), "abc", "abcd", "longer than the maximum length 3"),
    (constrained("string", maxLength=3), "abc", "ÿÿÿÿ", "is 4 characters long"),
    (constrained("string", minLength=2), "ab", "a", "shorter than the minimum length 2"),
    # other constraints
    (constrained("string", required=True), "a", "", "is required but empty"),
    (constrained("integer", required=True), "1", "", "is required but empty"),
    (constrained("integer", minimum=1991), "1991", "1890", "'1890' is below the minimum 1991"),
    (constrained("integer", maximum=2030), "2030", "2999", "is above the maximum 2030"),
    (constrained("number", minimum=0), "0", "-0.5", "is below the minimum 0"),
    (constrained("date", minimum="2020-01-01"), "2020-01-01", "2019-12-31", "below the minimum"),
    (constrained("date", maximum="2020-01-01"), "2020-01-01", "2020-01-02", "above the maximum"),
    # formats
    (field("string", format="uri"), "https://example.org", "javascript:alert(1)", "http or https"),
    (field("string", format="uri"), "http://a.org/x", "ftp://example.org/x", "http or https URL"),
    (field("string", format="uri"), "https://a.org", "https://a.org/a b", "http or https URL"),
    (field("string", format="uri"), "https://a.org", "https://user@evil.org", "http or https"),
    (field("string", format="uri"), "https://a.org", "https://", "http or https URL"),
    (field("string", format="uri"), "https://a.org", "//a.org/x", "http or https URL"),
    (field("string", format="email"), "a@b.org", "a@b", "'a@b' is not an email address"),
    (field("string", format="email"), "a@b.org", "a b@c.org", "is not an email address"),
]


@pytest.mark.parametrize(("spec", "good", "bad", "expected"), BAD_CELLS)
def test_bad_cell_is_reported_with_file_line_and_column(tmp_path, spec, good, bad, expected):
    path = write(tmp_path, csv_text([["x"], [good], [bad], [good]]))
    table, problems = read_csv_table("t", path, [spec])
    assert table is not None
    assert [(p.file, p.line, p.column) for p in problems] == [(str(path), 3, "x")], problems
    assert expected in problems[0].message


# (field, a value that must be accepted, its typed value)
GOOD_CELLS = [
    (field("integer"), "+5", 5),
    (field("integer"), "-0", 0),
    (field("integer"), "007", 7),
    (field("integer"), "9223372036854775807", 9223372036854775807),
    (field("integer"), "-9223372036854775808", -9223372036854775808),
    (field("integer"), "00000000000000000000001", 1),
    (field("number"), "1e308", 1e308),
    (field("number"), "1e-400", 0.0),
    (field("number"), "+.5", 0.5),
    (field("number"), "1.", 1.0),
    (field("boolean"), "FALSE", False),
    (field("boolean"), "1", True),
    (field("date"), "2024-02-29", "2024-02-29"),
    (field("string", **PARTIAL), "2024-02", "2024-02"),
    (field("string", format="uri"), "HTTPS://Example.org:8080/a?b=c#d", None),
    (field("string", format="uri"), "http://[::1]/", None),
    (field("string", format="email"), "first.last@example.co.uk", None),
    (field("string", categories=OBJECT_CATEGORIES), "y", "y"),
    (constrained("string", pattern="a|b"), "b", "b"),
    (constrained("string", pattern="(?i)abc"), "ABC", "ABC"),
    (constrained("string", maxLength=MAX_CELL_CHARACTERS + 5), "z" * MAX_CELL_CHARACTERS, None),
    (constrained("string", maxLength=3), "ÿÿÿ", "ÿÿÿ"),
    (field("string"), "two\nlines", "two\nlines"),
]


@pytest.mark.parametrize(("spec", "value", "typed"), GOOD_CELLS)
def test_good_cell_is_accepted_and_typed(tmp_path, spec, value, typed):
    path = write(tmp_path, csv_text([["x"], [value]]))
    table, problems = read_csv_table("t", path, [spec])
    assert problems == []
    assert table is not None
    expected = value if typed is None else typed
    assert table.data.column("x").to_pylist() == [expected]


def test_every_bad_cell_is_listed_not_only_the_first(tmp_path):
    path = write(tmp_path, "a,b\n1,x\nz,y\n3,\n")
    fields = [
        {"name": "a", "type": "integer"},
        {"name": "b", "type": "string", "constraints": {"required": True}},
    ]
    _table, problems = read_csv_table("t", path, fields)
    assert [(p.line, p.column) for p in problems] == [(3, "a"), (4, "b")]


def test_a_repeated_value_names_the_line_where_it_first_appeared(tmp_path):
    path = write(tmp_path, "x\na\nb\na\na\n")
    _table, problems = read_csv_table("t", path, [constrained("string", unique=True)])
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, "x", "'a' repeats line 2; it must be unique"),
        (5, "x", "'a' repeats line 2; it must be unique"),
    ]


def test_unique_numbers_are_compared_as_numbers(tmp_path):
    path = write(tmp_path, "x\n1\n1.0\n0\n-0\n2\n")
    _table, problems = read_csv_table("t", path, [constrained("number", unique=True)])
    assert [(p.line, p.message) for p in problems] == [
        (3, "'1.0' repeats line 2; it must be unique"),
        (5, "'-0' repeats line 4; it must be unique"),
    ]


def test_spreadsheet_csv_with_bom_and_crlf_reads_clean(tmp_path):
    fields = [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "note", "type": "string", "constraints": {"pattern": "[a-z ]*"}},
        {"name": "day", "type": "date"},
    ]
    content = "id,note,day\r\n1,first,2024-01-02\r\n2,,2024-01-03\r\n3,last one,\r\n"
    path = write(tmp_path, b"\xef\xbb\xbf" + content.encode("utf-8"))
    table, problems = read_csv_table("t", path, fields)
    assert problems == []
    assert table is not None
    assert table.data.to_pylist() == [
        {"id": 1, "note": "first", "day": "2024-01-02"},
        {"id": 2, "note": "", "day": "2024-01-03"},
        {"id": 3, "note": "last one", "day": ""},
    ]
    assert table.row_lines == [2, 3, 4]


def test_crlf_file_reports_lines_after_a_quoted_line_break(tmp_path):
    path = write(tmp_path, 'x,y\r\n"two\nlines",1\r\nok,z\r\n')
    _table, problems = read_csv_table(
        "t", path, [field("string"), {"name": "y", "type": "integer"}]
    )
    assert [(p.line, p.column, p.message) for p in problems] == [(4, "y", "'z' is not an integer")]


def test_a_cell_far_longer_than_a_read_block_is_refused_for_its_length(tmp_path):
    path = write(tmp_path, csv_text([["x"], ["ok"], ["y" * 3_000_000]]))
    _table, problems = read_csv_table("t", path, [field("string")])
    assert [(p.line, p.column) for p in problems] == [(3, "x")]
    assert "is 3,000,000 characters long" in problems[0].message


def test_an_unquoted_lone_carriage_return_ends_a_row_as_in_python_csv(tmp_path):
    path = write(tmp_path, "x\n1\r2\nz\n")
    table, problems = read_csv_table("t", path, [field("integer")])
    assert [(p.line, p.message) for p in problems] == [(4, "'z' is not an integer")]
    assert table is not None and table.data.column("x").to_pylist() == [1, 2, None]


def test_typed_table_keeps_dates_as_strings(tmp_path):
    path = write(tmp_path, "d,p,n,i,b\n2024-01-02,2024,1.5,2,true\n")
    fields = [
        {"name": "d", "type": "date"},
        {"name": "p", "type": "string", "x-partial-date": True},
        {"name": "n", "type": "number"},
        {"name": "i", "type": "integer"},
        {"name": "b", "type": "boolean"},
    ]
    table, problems = read_csv_table("t", path, fields)
    assert problems == [] and table is not None
    assert table.data.schema.types == [
        pa.string(),
        pa.string(),
        pa.float64(),
        pa.int64(),
        pa.bool_(),
    ]


def test_bad_cells_become_nulls_in_typed_columns_and_keep_their_text(tmp_path):
    path = write(tmp_path, "n,i\n1e400,99999999999999999999\n2,3\n")
    table, problems = read_csv_table(
        "t", path, [{"name": "n", "type": "number"}, {"name": "i", "type": "integer"}]
    )
    assert len(problems) == 2 and table is not None
    assert table.data.to_pylist() == [{"n": None, "i": None}, {"n": 2.0, "i": 3}]
    assert table.cell_text(0, "i") == "99999999999999999999"


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b"", None, "file is empty"),
        (b"\n\n  \n", None, "file is empty"),
        (b"\xef\xbb\xbf", None, "file is empty"),
        (b"x\nok\ncaf\xe9\n", 3, "not valid UTF-8: byte 0xe9 at character 4"),
        # a quote never closed would swallow the rest of the file into one cell
        (b'x\nok\n"swallowed\nrow\nrow\n', 3, "has an unbalanced quote"),
        (b'x\nok\n12" vinyl\nrow\n', 3, "has an unbalanced quote"),
    ],
)
def test_unreadable_file_is_reported(tmp_path, content, line, expected):
    path = write(tmp_path, content)
    table, problems = read_csv_table("t", path, [field("string")])
    assert table is None
    assert [(p.file, p.line, p.column) for p in problems] == [(str(path), line, None)]
    assert expected in problems[0].message


def test_missing_file_is_reported(tmp_path):
    table, problems = read_csv_table("t", tmp_path / "nowhere.csv", [field("string")])
    assert table is None
    assert [(p.file, p.message) for p in problems] == [
        (str(tmp_path / "nowhere.csv"), "file not found")
    ]


def test_missing_and_unknown_columns_are_reported_on_line_1(tmp_path):
    path = write(tmp_path, "x,extra\n1,2\n")
    table, problems = read_csv_table("t", path, [field("string"), {"name": "y", "type": "string"}])
    assert table is None
    assert {(p.line, p.column, p.message) for p in problems} == {
        (1, "extra", "column is not described in datapackage.json"),
        (1, "y", "declared column is missing from the header"),
    }


def test_a_repeated_header_column_is_reported(tmp_path):
    path = write(tmp_path, "x,x\n1,2\n")
    table, problems = read_csv_table("t", path, [field("string")])
    assert table is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, "x", "column appears more than once in the header")
    ]


def test_row_with_wrong_number_of_fields_names_its_line(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n\n3,4,5\n6,oops\n")
    fields = [field("integer"), {"name": "y", "type": "integer"}]
    table, problems = read_csv_table("t", path, fields)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, None, "has 3 fields, the header has 2"),
        (5, "y", "'oops' is not an integer"),
    ]
    assert table is not None and table.data.column("x").to_pylist() == [1, 6]


def test_record_start_lines_counts_blank_lines_and_embedded_line_breaks():
    text = 'a,b\n1,2\n\n"x\ny",3\n4,5\n'
    assert record_start_lines(text) == [1, 2, 4, 6]


@pytest.mark.parametrize(
    ("text", "valid"),
    [("2024", True), ("2024-06", True), ("2024-06-17", True), ("2024-02-29", True),
     ("2023-02-29", False), ("2024-13", False), ("24", False), ("2024-6-1", False),
     ("0000", False), ("2024-00", False), ("２０２４", False), ("2024\n", False)],
)  # fmt: skip
def test_partial_dates(text, valid):
    assert is_partial_date(text) is valid


def test_category_helpers_read_plain_and_object_categories():
    objects = field("string", categories=OBJECT_CATEGORIES)
    assert category_values(objects) == ["x", "y"]
    assert category_labels(objects) == {"x": "Ex", "y": "Why"}
    assert category_descriptions(objects) == {"x": "The first."}
    plain = field("integer", categories=[3, 1])
    assert category_values(plain) == ["3", "1"]
    assert category_labels(plain) == {"3": "3", "1": "1"}
    assert category_descriptions(plain) == {}
    assert category_values(field("string")) is None
    assert category_labels(field("string")) == {}
