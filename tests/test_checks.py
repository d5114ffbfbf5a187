"""The loader end to end on broken copies of the fixture: every problem named by file, line, column.

Cell checks are unit-tested in ``test_tableschema``; here each rule runs through
``load_dataset``, as ``make validate`` and the dashboard run it, including the rules that span
columns and tables (``metrics.checks``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.dataset import load_dataset
from metrics.problems import DatasetError

from conftest import read_rows, set_cell, write_rows

# (file, row id, column, bad value, words the message must contain)
BAD_CELLS = [
    ("facts.csv", "F0003", "value", "abc", "'abc' is not a number"),
    ("facts.csv", "F0003", "value", "", "is required but empty"),
    ("facts.csv", "F0003", "value", "1e400", "finite"),
    ("facts.csv", "F0003", "metric", "vote_shares", "is not a metric_id in metrics.csv"),
    ("facts.csv", "F0003", "subject", "tokayev-2", "is not a entity_id in entities.csv"),
    ("facts.csv", "F0003", "sphere", "sports", "is not one of"),
    ("facts.csv", "F0003", "status", "rumoured", "is not one of: final, preliminary, reported"),
    ("facts.csv", "F0003", "is_lower_bound", "maybe", "is not a boolean"),
    ("facts.csv", "F0001", "locator", "0", "below the minimum 1"),
    ("facts.csv", "F0001", "locator", "99999999999999999999", "too large"),
    ("facts.csv", "F0003", "date", "2022-13", "is not a real date"),
    ("facts.csv", "F0003", "date", "June 2022", "YYYY"),
    ("facts.csv", "F0003", "fact_id", "F0001", "repeats line 2; it must be unique"),
    ("facts.csv", "F0003", "fact_id", "fact-3", "does not match the pattern"),
    ("facts.csv", "F0003", "fact_id", "F0003x", "does not match the pattern"),  # whole value
    ("facts.csv", "F0003", "evidence", "", "is required but empty"),
    ("facts.csv", "F0003", "evidence", "a\x00b", "NUL"),
    ("facts.csv", "F0003", "evidence", "x" * 20_001, "characters"),
    ("facts.csv", "F0003", "source_id", "no-such-source", "is not a source_id in sources.csv"),
    ("facts.csv", "F0003", "series", "no-such-series", "is not a series_id in series.csv"),
    ("facts.csv", "F0004", "value", "170", "percentage outside 0 to 100"),
    ("facts.csv", "F0020", "value", "-4", "negative count"),
    ("facts.csv", "F0001", "locator", "", "needs its paragraph number"),
    ("sources.csv", "court-news", "url", "javascript:alert(1)", "http"),
    ("sources.csv", "court-news", "url", "ftp://example.org/x", "http"),
    ("sources.csv", "court-news", "kind", "blog", "is not one of"),
    ("sources.csv", "court-news", "published", "2024-02-30", "is not a real date"),
    ("sources.csv", "court-news", "accessed", "2026", "date"),
    ("sources.csv", "fixture-article", "text_sha256", "", "needs its SHA-256"),
    ("sources.csv", "court-news", "url", "", "needs a URL"),
    ("entities.csv", "rival", "colour", "red", "does not match the pattern"),
    ("entities.csv", "new-party", "predecessor_id", "no-such-party", "is not a entity_id"),
    ("entities.csv", "new-party", "predecessor_id", "new-party", "its own predecessor"),
    ("metrics.csv", "turnout", "unit", "metres", "is not one of: percent, count"),
    ("events.csv", "E0006", "notes", "", "an implied date needs a note"),
    ("events.csv", "E0006", "date_basis", "guessed", "is not one of: stated, year_implied, implied"),
    ("events.csv", "E0004", "date", "", "is required but empty"),
    ("excluded.csv", "X0001", "value", "twenty", "is not a number"),
    ("excluded.csv", "X0001", "source_id", "court-news", "exclusions are for numbers in reference texts"),
    ("series.csv", "chamber-after-reform", "complete", "yes", "is not a boolean"),
    ("series.csv", "chamber-after-reform", "phase", "", "needs its body and its phase"),
]  # fmt: skip


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
    set_cell(data_copy, "facts.csv", "F0005", "status", "rumoured")
    set_cell(data_copy, "events.csv", "E0002", "sphere", "weather")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    columns = {(Path(p.file).name, p.column) for p in caught.value.problems}
    assert {("facts.csv", "value"), ("facts.csv", "status"), ("events.csv", "sphere")} <= columns
    assert "3 problems" in str(caught.value)


def test_a_change_in_a_preferred_share_breaks_a_complete_series(data_copy):
    set_cell(data_copy, "facts.csv", "F0011", "value", "44")  # Other Party's final 2023 share
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert problem.file.endswith("series.csv") and problem.column == "complete"
    assert "'chamber-2023'" in problem.message and "add up to 99, not 100" in problem.message


def test_turnout_is_a_share_without_subjects_and_never_summed(data_copy):
    set_cell(data_copy, "facts.csv", "F0009", "value", "12.5")  # a complete series' turnout
    load_dataset(data_copy)


def test_a_share_that_is_not_preferred_does_not_count_towards_completeness(data_copy):
    set_cell(data_copy, "facts.csv", "F0001", "value", "69")  # the opinion article, outranked
    load_dataset(data_copy)


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b"", None, "file is empty"),
        (b"\n\n  \n", None, "file is empty"),
        (
            b"exclusion_id,source_id,locator,as_written,value,reason\nX0001,fixture-article,1,caf\xe9,1,x\n",
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


# --- labels in three languages (labels.csv) -----------------------------------------------


def label_line(data_dir: Path, table: str, key: str, field: str) -> int:
    """The line of labels.csv (header = 1) holding the label of (table, key, field)."""
    rows = read_rows(data_dir / "labels.csv")
    return next(n for n, row in enumerate(rows[1:], start=2) if row[:3] == [table, key, field])


def edit_label(data_dir: Path, table: str, key: str, field: str, **cells: str) -> int:
    """Set cells of one label row; returns its line."""
    path = data_dir / "labels.csv"
    rows = read_rows(path)
    line = label_line(data_dir, table, key, field)
    for column, value in cells.items():
        rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)
    return line


def remove_label(data_dir: Path, table: str, key: str, field: str) -> None:
    path = data_dir / "labels.csv"
    rows = read_rows(path)
    write_rows(path, [row for row in rows if row[:3] != [table, key, field]])


def add_label(data_dir: Path, *row: str) -> int:
    """Append a label row (table, key, field, en, kk, ru, basis); returns its line."""
    path = data_dir / "labels.csv"
    rows = read_rows(path)
    rows.append([*row, "", ""])
    write_rows(path, rows)
    return len(rows)


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_dir)
    return [str(problem) for problem in caught.value.problems]


def test_a_label_without_a_row_is_reported_at_the_text_it_should_translate(data_copy):
    remove_label(data_copy, "entities", "rival", "name")
    line = set_cell(data_copy, "entities.csv", "rival", "notes", "still here")
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'entities.csv'}, line {line}, column 'name': ")
    assert "has no Kazakh and Russian text" in message
    assert "table 'entities', key 'rival', field 'name'" in message


def test_a_vocabulary_term_without_a_label_is_reported_on_its_field(data_copy):
    remove_label(data_copy, "vocabulary", "sphere.political", "description")
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'datapackage.json'}, column 'facts.sphere': ")
    assert "the description of 'political' has no Kazakh and Russian text" in message


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_an_empty_translation_is_reported(data_copy, language):
    line = edit_label(data_copy, "series", "referendum-2022", "title", **{language: ""})
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'labels.csv'}, line {line}, column '{language}': ")
    assert "is required but empty" in message


def test_a_renamed_entity_makes_its_translation_stale(data_copy):
    set_cell(data_copy, "entities.csv", "rival", "name", "B. Rival")
    line = label_line(data_copy, "entities", "rival", "name")
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'labels.csv'}, line {line}, column 'en': ")
    assert "stale" in message and "'A. Rival'" in message and "'B. Rival'" in message


def test_a_changed_category_definition_makes_its_translation_stale(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "The counting body's final result.", "The final result of the count."
        ),
        encoding="utf-8",
    )
    line = label_line(data_copy, "vocabulary", "status.final", "description")
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'labels.csv'}, line {line}, column 'en': ")
    assert "stale" in message


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (("entities", "no-such-party", "name", "X", "Х", "Х", "translation"), "key",
         "'no-such-party' is not a entity_id in entities.csv; the label translates nothing"),
        (("vocabulary", "sphere.sports", "label", "Sports", "Спорт", "Спорт", "translation"),
         "key", "'sports' is not a term of a vocabulary called 'sphere'"),
        (("vocabulary", "weather.sunny", "label", "Sunny", "Күн", "Солнце", "translation"),
         "key", "'sunny' is not a term of a vocabulary called 'weather'"),
        (("entities", "rival", "title", "A. Rival", "А", "А", "translation"), "field",
         "'title' is not a translated field of 'entities' (name)"),
        (("gaps", "G0001", "name", "X", "Х", "Х", "translation"), "table", "is not one of"),
    ],
)  # fmt: skip
def test_a_label_that_points_at_nothing_is_reported(data_copy, row, column, expected):
    line = add_label(data_copy, *row)
    messages = problems_of(data_copy)
    wanted = f"{data_copy / 'labels.csv'}, line {line}, column '{column}': "
    assert any(m.startswith(wanted) and expected in m for m in messages), messages


def test_a_label_of_a_deleted_event_is_an_orphan(data_copy):
    path = data_copy / "events.csv"
    write_rows(path, [row for row in read_rows(path) if row[0] != "E0006"])
    line = label_line(data_copy, "events", "E0006", "title")
    (message,) = problems_of(data_copy)
    assert message.startswith(f"{data_copy / 'labels.csv'}, line {line}, column 'key': ")
    assert "'E0006' is not a event_id in events.csv" in message


@pytest.mark.parametrize(
    ("where", "cells", "column", "expected"),
    [
        (("entities", "tokayev", "name"), {"basis": "official", "ru_source": ""}, "ru_source",
         "an official form needs the page it was read on"),
        (("entities", "tokayev", "name"), {"kk": "Тоқaев"}, "kk",
         "'Тоқaев' mixes Latin and Cyrillic letters"),
        (("vocabulary", "sphere.social", "label"), {"ru": ":red[Социальная]"}, "ru",
         "is not plain words"),
        (("entities", "rival", "name"), {"basis": "machine"}, "basis", "is not one of"),
        (("entities", "rival", "name"), {"kk_source": "javascript:alert(1)"}, "kk_source",
         "is not an http or https URL"),
    ],
)  # fmt: skip
def test_a_bad_label_cell_is_reported(data_copy, where, cells, column, expected):
    line = edit_label(data_copy, *where, **cells)
    messages = problems_of(data_copy)
    wanted = f"{data_copy / 'labels.csv'}, line {line}, column '{column}': "
    assert any(m.startswith(wanted) and expected in m for m in messages), messages


def test_a_repeated_label_is_reported(data_copy):
    line = add_label(data_copy, "entities", "rival", "name", "A. Rival", "А", "А", "translation")
    messages = problems_of(data_copy)
    first = label_line(data_copy, "entities", "rival", "name")
    assert any(
        m.startswith(f"{data_copy / 'labels.csv'}, line {line}, column 'table': ")
        and f"repeats line {first}" in m
        for m in messages
    ), messages
