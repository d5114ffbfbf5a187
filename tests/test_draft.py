"""The curator's draft: candidate rows for every number of an article the dataset lacks."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from metrics.dataset import load_dataset
from metrics.draft import COLUMNS, draft, neutralise, run_draft

from conftest import read_rows, run_metrics, write_rows

NEW_ARTICLE = (
    "A new article about the vote.\n"
    "\n"
    "Turnout reached 62.8% at the parliamentary election of 2021.\n"
    "\n"
    "The court received 3,708 appeals, and 21 cases were decided.\n"
)


def rows_of(path: Path) -> list[dict[str, str]]:
    """The draft CSV's rows as dicts, after checking its header."""
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def run(*args: str) -> subprocess.CompletedProcess:
    return run_metrics("draft", *args)


def drop_row(data_dir: Path, file: str, row_id: str) -> None:
    """Remove the row whose first column is ``row_id`` from a CSV of the data copy."""
    rows = read_rows(data_dir / file)
    kept = [row for row in rows if row[0] != row_id]
    assert len(kept) == len(rows) - 1, f"{row_id} not in {file}"
    write_rows(data_dir / file, kept)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_the_fixture_article_is_known_by_its_hash_and_drafts_nothing(
    data_copy, fixture_texts, tmp_path
):
    article = fixture_texts / "fixture-article.txt"
    out = tmp_path / "draft.csv"
    assert run_draft(article, data_copy, out) == 0
    assert rows_of(out) == []

    # with --all every number is there, each accounted for by the audit's rows
    assert run_draft(article, data_copy, out, include_all=True) == 0
    accounted = {(r["paragraph"], r["as_written"]): r["accounted"] for r in rows_of(out)}
    assert accounted == {
        ("2", "2019"): "yes (E0001)",
        ("2", "70"): "yes (F0001)",
        ("3", "3,708"): "yes (F0020)",
        ("3", "21"): "yes (F0021)",
        ("4", "30th"): "yes (X0001)",
        ("5", "2022"): "yes (E0003)",
    }
    result = draft(load_dataset(data_copy), article.read_text(encoding="utf-8"))
    assert result.source_id == "fixture-article"


def test_a_removed_fact_is_proposed_at_its_paragraph(data_copy, fixture_texts, tmp_path):
    drop_row(data_copy, "facts.csv", "F0020")
    out = tmp_path / "draft.csv"
    assert run_draft(fixture_texts / "fixture-article.txt", data_copy, out) == 0
    assert rows_of(out) == [
        {
            "paragraph": "3",
            "as_written": "3,708",
            "value": "3708",
            "kind": "figure",
            "unit": "count",
            "metric": "appeals_received",
            "context": "its first year of work the court received 3,708 appeals and decided 21 cases.",
            "accounted": "no",
        }
    ]


def test_a_known_text_changed_by_one_byte_is_a_new_text(dataset, fixture_texts):
    text = (fixture_texts / "fixture-article.txt").read_text(encoding="utf-8") + "\n"
    result = draft(dataset, text)
    assert result.source_id is None
    # a new text: 70 near "vote" is F0001's, 3,708 near "appeals" F0020's, 2019 an event year
    by = {c.as_written: c.accounted_by for c in result.candidates}
    assert by["70"] == ("F0001", "F0003")
    assert by["3,708"] == ("F0020",)
    assert by["2019"] == ("E0001", "E0002")
    assert by["30th"] == ()  # an exclusion counts only in its own source's text


def test_an_unknown_text_gets_rows_for_its_numbers(data_copy, tmp_path):
    article = tmp_path / "new-article.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_draft(article, data_copy) == 0
    rows = rows_of(tmp_path / "new-article.draft.csv")
    by_number = {r["as_written"]: r for r in rows}
    assert set(by_number) == {"62.8", "2021"}  # 3,708 appeals and 21 cases are facts already
    share = by_number["62.8"]
    assert (share["paragraph"], share["value"], share["kind"], share["unit"]) == (
        "2",
        "62.8",
        "figure",
        "percent",
    )
    assert share["metric"] == "turnout"
    year = by_number["2021"]
    assert (year["kind"], year["unit"], year["metric"]) == ("year", "year", "")


@pytest.mark.parametrize(
    ("sentence", "unit", "metric"),
    [
        ("Tokayev won 81.3 per cent of the vote.", "percent", "vote_share"),
        ("Turnout was 77 percent.", "percent", "turnout"),
        ("The chamber has 98 seats.", "count", "seats"),
        ("Party lists now fill 70 per cent of the seats.", "percent", "seat_share"),
        ("The judges issued 74 rulings.", "count", "cases_decided"),
        ("The weather was fine on 12 days.", "count", ""),
    ],
)
def test_unit_and_metric_guesses(dataset, sentence, unit, metric):
    (candidate,) = draft(dataset, sentence).candidates
    assert (candidate.unit, candidate.metric) == (unit, metric)


def test_kinds(dataset):
    result = draft(dataset, "In 1989 and 2036 and 2,021 and 2021.5 and the 30th and 2030.")
    kinds = {c.as_written: c.kind for c in result.candidates}
    assert kinds == {
        "1989": "figure",
        "2036": "figure",
        "2,021": "figure",
        "2021.5": "figure",
        "30th": "ordinal",
        "2030": "year",
    }


def test_output_inside_the_data_dir_is_refused_and_nothing_is_written(data_copy, tmp_path, capsys):
    article = tmp_path / "new-article.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    before = snapshot(data_copy)
    link = tmp_path / "link.csv"
    link.symlink_to(data_copy / "facts.csv")
    for out in (data_copy / "draft.csv", data_copy / "facts.csv", link):
        assert run_draft(article, data_copy, out) == 1
        assert "refusing to write inside the data directory" in capsys.readouterr().err
    assert snapshot(data_copy) == before
    assert not (tmp_path / "new-article.draft.csv").exists()

    # the default output of an article kept in the data directory lands there: refused too
    inside = data_copy / "article.txt"
    inside.write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_draft(inside, data_copy) == 1
    assert not (data_copy / "article.draft.csv").exists()


def test_formula_like_cells_are_neutralised(dataset, tmp_path):
    article = tmp_path / "formula.txt"
    article.write_text('=HYPERLINK("http://example.org") received 512 appeals\n', "utf-8")
    out = tmp_path / "draft.csv"
    assert run_draft(article, dataset.data_dir, out) == 0
    (row,) = rows_of(out)
    assert row["context"] == '\'=HYPERLINK("http://example.org") received 512 appeals'
    assert row["as_written"] == "512"
    for cell in ("+1", "-2", "@x", "\tx", "\rx", "=1"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("3,708") == "3,708"


def test_the_output_is_replaced_atomically(dataset, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("It got 512 complaints.\n", encoding="utf-8")
    out = tmp_path / "a.draft.csv"
    out.write_text("old\n", encoding="utf-8")
    assert run_draft(article, dataset.data_dir) == 0
    assert rows_of(out)[0]["as_written"] == "512"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.draft.csv", "a.txt"]


def test_the_command_line_exit_codes(data_copy, fixture_texts, tmp_path):
    article = tmp_path / "new-article.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    ok = run(str(article), "--data-dir", str(data_copy), "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    assert f"wrote 2 rows to {out}" in ok.stdout
    assert len(rows_of(out)) == 2

    missing = run(str(tmp_path / "nowhere.txt"), "--data-dir", str(data_copy))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"error: {tmp_path / 'nowhere.txt'}: file not found"

    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Turnout 62.8% in Almaty " + "Qazaqstan café".encode("latin-1"))
    bad = run(str(latin), "--data-dir", str(data_copy))
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"error: {latin}: not UTF-8 (byte 0xe9 at byte offset 37)"

    inside = run(str(article), "--data-dir", str(data_copy), "--out", str(data_copy / "x.csv"))
    assert inside.returncode == 1
    assert "inside the data directory" in inside.stderr
    assert not (data_copy / "x.csv").exists()

    broken = run(str(article), "--data-dir", str(tmp_path / "no-data"), "--out", str(out))
    assert broken.returncode == 1
    for result in (missing, bad, inside, broken):
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
