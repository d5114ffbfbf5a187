"""The source audit: numbers in any spelling, date support, and completeness of the texts.

Behaviour is tested on the fixture's own reference text; the real data's audit is a property.
"""

from __future__ import annotations

import shutil

import pytest

from metrics.audit import audit, date_support_problems, numbers_in, paragraphs
from metrics.dataset import load_dataset

from conftest import read_rows, set_cell, write_rows


@pytest.mark.parametrize(
    ("paragraph", "values"),
    [
        ("it received 3,708 appeals", [3708]),
        ("it received 3708 appeals", [3708]),
        ("a turnout of 62.8%, indicating", [62.8]),
        ("gaining 70.96 per cent of the vote", [70.96]),
        ("42 districts and three cities", [42, 3]),
        ("a 50/50 electoral mix", [50, 50]),
        ("September 13-15 this year", [13, 15]),
        ("its 175th birthday, the 77th session", [175, 77]),
        ("COVID-19 pandemic", [19]),
        ("seven key principles", [7]),
        ("on January 1, 2023.", [1, 2023]),
        ("more than 1,234,567.5 votes", [1234567.5]),
        ("one nation, the first year", []),
    ],
)
def test_numbers_in_any_usual_spelling(paragraph, values):
    assert [n.value for n in numbers_in(paragraph)] == values


def test_paragraphs_are_non_blank_lines():
    assert paragraphs("a\n\n  \nb\r\nc") == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("date", "basis", "paragraph", "missing"),
    [
        ("2023-01-01", "stated", "resumed its functions on January 1, 2023", []),
        ("2023-02-01", "stated", "resumed its functions on January 1, 2023", ["month February"]),
        ("2022-06-05", "stated", "initiated on June 5, 2022", []),
        ("2022-06-05", "stated", "initiated on June 6, 2021", ["year 2022", "day 5"]),
        ("2022-08-11", "year_implied", "a visit on August 11 of this year", []),
        ("2022-08-11", "stated", "a visit on August 11 of this year", ["year 2022"]),
        ("2019", "implied", "no date at all", []),
    ],
)
def test_date_support(date, basis, paragraph, missing):
    assert date_support_problems(date, basis, paragraph) == missing


def test_audit_of_the_real_data_finds_nothing_wrong_or_unaccounted(real_dataset, sources_dir):
    report = audit(real_dataset, sources_dir)
    assert report.findings == []
    assert report.texts_checked == (real_dataset.sources["text_file"] != "").sum()
    facts = report.facts_checked + report.facts_derived + report.facts_by_url
    assert facts == len(real_dataset.facts)


def test_audit_of_the_fixture_counts_what_it_checked(dataset, fixture_texts):
    report = audit(dataset, fixture_texts)
    assert report.ok
    assert (report.texts_checked, report.numbers_in_texts) == (1, 6)
    assert (report.facts_checked, report.facts_derived, report.facts_by_url) == (3, 0, 41)
    assert report.events_checked == 2


def test_audit_flags_a_value_not_in_its_paragraph(data_copy, fixture_texts):
    set_cell(data_copy, "facts.csv", "F0020", "value", "3709")
    report = audit(load_dataset(data_copy), fixture_texts)
    messages = [str(f) for f in report.findings]
    assert any(
        "fact F0020: the value 3709 is not written" in m and "paragraph 3" in m for m in messages
    )
    # the real 3,708 in that paragraph is now unaccounted too
    assert any("'3,708' is not a fact" in m for m in messages)


def test_a_derived_fact_need_not_be_written(data_copy, fixture_texts):
    set_cell(data_copy, "facts.csv", "F0020", "value", "3709")
    set_cell(data_copy, "facts.csv", "F0020", "derived", "Worked out from the text.")
    report = audit(load_dataset(data_copy), fixture_texts)
    assert [f.message for f in report.findings] == [
        "'3,708' is not a fact, an event date or an exclusion"
    ]


def test_audit_flags_an_event_date_the_paragraph_does_not_support(data_copy, fixture_texts):
    set_cell(data_copy, "events.csv", "E0001", "date", "2019-07")
    report = audit(load_dataset(data_copy), fixture_texts)
    assert any("event E0001" in f.message and "month July" in f.message for f in report.findings)


def test_audit_lists_an_unaccounted_number(data_copy, fixture_texts):
    path = data_copy / "excluded.csv"
    rows = [row for row in read_rows(path) if row[3] != "30th"]
    write_rows(path, rows)
    report = audit(load_dataset(data_copy), fixture_texts)
    assert [(f.category, f.paragraph, f.message) for f in report.findings] == [
        ("unaccounted", 4, "'30th' is not a fact, an event date or an exclusion")
    ]


def test_audit_checks_the_text_hash(data_copy, fixture_texts, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(fixture_texts, texts)
    path = texts / "fixture-article.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    report = audit(load_dataset(data_copy), texts)
    assert any(f.file == path.name and "SHA-256" in f.message for f in report.findings)


def test_audit_flags_a_missing_text(data_copy, tmp_path):
    report = audit(load_dataset(data_copy), tmp_path)
    (finding,) = report.findings
    assert "reference text of fixture-article not found" in finding.message


def test_audit_flags_a_locator_beyond_the_text(data_copy, fixture_texts):
    set_cell(data_copy, "facts.csv", "F0001", "locator", "99")
    report = audit(load_dataset(data_copy), fixture_texts)
    assert any(
        "fact F0001 points at paragraph 99, but the text has 5" in f.message
        for f in report.findings
    )


def test_audit_requires_url_accessed_date_and_status_for_pages_without_a_text(
    dataset, fixture_texts
):
    from dataclasses import replace

    sources = dataset.sources.copy()
    sources.loc[sources["source_id"] == "court-chair", ["url", "accessed"]] = ""
    report = audit(replace(dataset, sources=sources), fixture_texts)
    lacking = [f for f in report.findings if f.file == "court-chair"]
    assert lacking and all("lacks url, accessed" in f.message for f in lacking)
    assert len(lacking) == (dataset.facts["source_id"] == "court-chair").sum()
