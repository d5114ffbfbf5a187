"""Cell-level validation of one CSV against its Table Schema: every bad cell located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.dataset import load_dataset
from metrics.problems import DatasetError
from metrics.tableschema import is_partial_date, record_start_lines

from conftest import read_rows, set_cell, write_rows

# (file, row id, column, bad value, words the message must contain)
BAD_CELLS = [
    ("facts.csv", "F0003", "value", "abc", "'abc' is not a number"),
    ("facts.csv", "F0003", "value", "", "is required but empty"),
    ("facts.csv", "F0003", "year", "2022.5", "is not an integer"),
    ("facts.csv", "F0003", "year", "1890", "below the minimum 1991"),
    ("facts.csv", "F0003", "year", "2999", "above the maximum 2030"),
    ("facts.csv", "F0003", "unit", "percentage", "is not one of: percent, count"),
    ("facts.csv", "F0003", "sphere", "sports", "is not one of"),
    ("facts.csv", "F0003", "status", "rumoured", "is not one of: final, preliminary, reported"),
    ("facts.csv", "F0003", "is_lower_bound", "maybe", "is not a boolean"),
    ("facts.csv", "F0003", "locator", "0", "below the minimum 1"),
    ("facts.csv", "F0003", "date", "2022-13", "is not a real date"),
    ("facts.csv", "F0003", "date", "June 2022", "is not a date as YYYY"),
    ("facts.csv", "F0003", "fact_id", "F0001", "repeats line 2; it must be unique"),
    ("facts.csv", "F0003", "fact_id", "fact-3", "does not match the pattern"),
    ("facts.csv", "F0003", "evidence", "", "is required but empty"),
    ("facts.csv", "F0003", "source_id", "no-such-source", "is not a source_id in sources.csv"),
    ("facts.csv", "F0003", "series", "no-such-series", "is not a series_id in series.csv"),
    ("facts.csv", "F0004", "value", "170", "percentage outside 0 to 100"),
    ("facts.csv", "F0003", "value", "-4", "negative count"),
    ("facts.csv", "F0003", "date", "2021", "is not in the row's year 2022"),
    ("facts.csv", "F0003", "locator", "", "needs its paragraph number"),
    ("sources.csv", "tnmn-2024-akram", "url", "javascript:alert(1)", "is not an http or https URL"),
    ("sources.csv", "tnmn-2024-akram", "url", "ftp://example.org/x", "is not an http or https URL"),
    ("sources.csv", "tnmn-2024-akram", "kind", "blog", "is not one of"),
    ("sources.csv", "tnmn-2024-akram", "published", "2024-02-30", "is not a real date"),
    ("sources.csv", "tnmn-2024-akram", "text_sha256", "", "needs its SHA-256"),
    ("events.csv", "E0004", "notes", "", "an implied date needs a note"),
    (
        "events.csv",
        "E0004",
        "date_basis",
        "guessed",
        "is not one of: stated, year_implied, implied",
    ),
    ("events.csv", "E0004", "date", "", "is required but empty"),
    ("excluded.csv", "X0001", "value", "twenty", "is not a number"),
    ("series.csv", "mazhilis-after-2022-reform", "complete", "yes", "is not a boolean"),
    ("series.csv", "mazhilis-after-2022-reform", "phase", "", "needs its body and its phase"),
]


@pytest.mark.parametrize(("file", "row_id", "column", "value", "expected"), BAD_CELLS)
def test_bad_cell_is_reported_with_file_line_and_column(
    data_copy, file, row_id, column, value, expected
):
    line = set_cell(data_copy, file, row_id, column, value)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    messages = [str(p) for p in caught.value.problems]
    wanted = f"{data_copy / file}, line {line}, column '{column}': "
    assert any(m.startswith(wanted) and expected in m for m in messages), messages


def test_every_problem_is_listed_not_only_the_first(data_copy):
    set_cell(data_copy, "facts.csv", "F0003", "value", "abc")
    set_cell(data_copy, "facts.csv", "F0005", "unit", "metres")
    set_cell(data_copy, "events.csv", "E0002", "sphere", "weather")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    columns = {(Path(p.file).name, p.column) for p in caught.value.problems}
    assert {("facts.csv", "value"), ("facts.csv", "unit"), ("events.csv", "sphere")} <= columns
    assert "3 problems" in str(caught.value)


def test_a_change_in_a_preferred_share_breaks_a_complete_series(data_copy):
    set_cell(data_copy, "facts.csv", "F0047", "value", "80.31")  # Tokayev's final 2022 share
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert problem.file.endswith("series.csv") and problem.column == "complete"
    assert "'presidential-2022'" in problem.message and "add up to 99, not 100" in problem.message


def test_a_share_that_is_not_preferred_does_not_count_towards_completeness(data_copy):
    set_cell(data_copy, "facts.csv", "F0004", "value", "69")  # an opinion piece, outranked
    load_dataset(data_copy)


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b"", None, "file is empty"),
        (b"\n\n  \n", None, "file is empty"),
        (
            b"exclusion_id,source_id,locator,as_written,value,reason\nX0001,diplomat-2020-first-year,1,caf\xe9,1,x\n",
            2,
            "not valid UTF-8",
        ),
    ],
)
def test_unreadable_file_is_reported(data_copy, content, line, expected):
    (data_copy / "excluded.csv").write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert problem.file == str(data_copy / "excluded.csv")
    assert problem.line == line and expected in problem.message


def test_missing_file_is_reported(data_copy):
    (data_copy / "events.csv").unlink()
    with pytest.raises(DatasetError, match=r"events\.csv: file not found"):
        load_dataset(data_copy)


def test_missing_and_unknown_columns_are_reported_on_line_1(data_copy):
    path = data_copy / "events.csv"
    rows = read_rows(path)
    rows[0][rows[0].index("title")] = "headline"
    write_rows(path, rows)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    found = {(p.line, p.column, p.message) for p in caught.value.problems}
    assert (1, "headline", "column is not described in datapackage.json") in found
    assert (1, "title", "declared column is missing from the header") in found


def test_row_with_wrong_number_of_fields_names_its_line(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text.insert(3, "")  # a blank line shifts later lines; numbering must follow the file
    text[5] = text[5] + ",extra"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (6, None)
    assert "has 10 fields, the header has 9" in problem.message


def test_lines_after_a_blank_line_and_a_quoted_line_break_are_counted_as_an_editor_shows_them(
    data_copy,
):
    set_cell(data_copy, "facts.csv", "F0003", "value", "x")
    path = data_copy / "facts.csv"
    rows = read_rows(path)
    rows[1][rows[0].index("evidence")] = "first line\nsecond line"
    write_rows(path, rows)
    text = path.read_text(encoding="utf-8").replace("\nF0002,", "\n\nF0002,")
    path.write_text(text, encoding="utf-8")
    # F0001 spans lines 2-3, a blank line is 4, F0002 is on 5, so F0003 is on 6.
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    assert [p.line for p in caught.value.problems] == [6]


def test_spreadsheet_csv_with_bom_and_crlf_is_accepted(data_copy, dataset):
    for name in ("facts.csv", "sources.csv", "events.csv"):
        path = data_copy / name
        write_rows(path, read_rows(path), line_end="\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    loaded = load_dataset(data_copy)
    assert loaded.facts.equals(dataset.facts)
    assert loaded.sources.equals(dataset.sources)


def test_record_start_lines_counts_blank_lines_and_embedded_line_breaks():
    text = 'a,b\n1,2\n\n"x\ny",3\n4,5\n'
    assert record_start_lines(text) == [1, 2, 4, 6]


@pytest.mark.parametrize(
    ("text", "valid"),
    [("2024", True), ("2024-06", True), ("2024-06-17", True), ("2024-02-29", True),
     ("2023-02-29", False), ("2024-13", False), ("24", False), ("2024-6-1", False)],
)  # fmt: skip
def test_partial_dates(text, valid):
    assert is_partial_date(text) is valid
