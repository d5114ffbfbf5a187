"""The command line, run as users run it: a real subprocess, checked for exit codes and output."""

from __future__ import annotations

from conftest import ROOT, run_metrics, set_cell

run = run_metrics


def test_validate_is_clean_on_the_real_data():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "valid (" in result.stdout and "facts" in result.stdout


def test_validate_lists_problems_and_exits_1_without_a_traceback(data_copy):
    set_cell(data_copy, "facts.csv", "F0003", "value", "abc")
    set_cell(data_copy, "sources.csv", "agency-early", "url", "javascript:alert(1)")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "2 problems" in result.stderr
    assert "facts.csv, line 4, column 'value': 'abc' is not a number" in result.stderr
    assert "sources.csv, line 4, column 'url'" in result.stderr


def test_validate_reads_metrics_data_dir(data_copy):
    import os

    set_cell(data_copy, "facts.csv", "F0003", "status", "furlongs")
    result = run("validate", env={**os.environ, "METRICS_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "furlongs" in result.stderr


def test_validate_on_a_missing_directory_says_so(tmp_path):
    result = run("validate", "--data-dir", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert "data directory not found" in result.stderr and "Traceback" not in result.stderr


def test_audit_is_clean_on_the_real_data(sources_dir):
    result = run("audit", "--sources", str(sources_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit: 0 wrong, 0 unaccounted" in result.stdout


def test_audit_defaults_to_shared_sources(sources_dir):
    result = run("audit")
    assert result.returncode == 0, result.stdout + result.stderr


def test_audit_exits_1_on_an_unaccounted_number(data_copy, fixture_texts):
    path = data_copy / "excluded.csv"
    path.write_text(
        "\n".join(line for line in path.read_text().splitlines() if "30th" not in line) + "\n"
    )
    result = run("audit", "--data-dir", str(data_copy), "--sources", str(fixture_texts))
    assert result.returncode == 1
    assert "'30th' is not a fact" in result.stdout
    assert "audit: 0 wrong, 1 unaccounted" in result.stdout


def test_draft_reads_metrics_data_dir_and_writes_beside_the_article(data_copy, tmp_path):
    import os
    import shutil

    article = tmp_path / "fixture-article.txt"
    shutil.copy(ROOT / "tests" / "fixtures" / "texts" / "fixture-article.txt", article)
    set_cell(data_copy, "facts.csv", "F0021", "value", "22")
    result = run("draft", str(article), env={**os.environ, "METRICS_DATA_DIR": str(data_copy)})
    assert result.returncode == 0, result.stderr
    assert "known as source fixture-article" in result.stdout
    assert "fact F0021: the value 22 is not written in this paragraph" in result.stderr
    lines = (tmp_path / "fixture-article.draft.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == [
        '3,21,21,figure,count,cases_decided,"work the court received 3,708 appeals and decided 21 cases.",no'
    ]
