"""Faults: data broken while the app runs, a missing data directory, a crashing loader."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT, set_cell


def run_page(at: AppTest | None = None, page: str = "app_pages/elections.py") -> AppTest:
    """The page after one run of the app (the Elections page's file name is its URL path)."""
    at = at or AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    return at.run()


def test_data_broken_while_running_shows_the_error_then_recovers(data_copy, monkeypatch):
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    at = run_page()
    assert not at.error and len(at.get("plotly_chart")) >= 1

    original = (data_copy / "facts.csv").read_bytes()
    set_cell(data_copy, "facts.csv", "F0010", "value", "eighty")
    at = run_page(at)  # the next rerun sees the change
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    assert "'eighty' is not a number" in at.code[0].value
    assert not at.get("plotly_chart")

    (data_copy / "facts.csv").write_bytes(original)
    at = run_page(at)
    assert not at.error and len(at.get("plotly_chart")) >= 1


def test_a_crashing_loader_never_shows_a_traceback(data_copy, monkeypatch):
    import metrics.ui.loading

    def explode(_path):
        raise RuntimeError("disk on fire")

    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    monkeypatch.setattr(metrics.ui.loading, "load_dataset", explode)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_page()
    assert not at.exception
    assert "unexpected error" in at.error[0].value
    assert "disk on fire" not in at.error[0].value and "Traceback" not in at.error[0].value


@pytest.mark.parametrize("missing", ["datapackage.json", "facts.csv"])
def test_a_missing_file_names_the_file(data_copy, monkeypatch, missing):
    (data_copy / missing).unlink()
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    at = run_page()
    assert not at.exception
    assert missing in at.code[0].value and "file not found" in at.code[0].value


def test_the_data_fingerprint_changes_with_any_data_file_and_is_empty_without_a_folder(
    data_copy, tmp_path
):
    from metrics.ui.loading import data_fingerprint

    assert data_fingerprint(tmp_path / "missing") == ""
    before = data_fingerprint(data_copy)
    assert isinstance(before, str) and "facts.csv" in before and "datapackage.json" in before
    assert data_fingerprint(data_copy) == before  # the same files, the same value
    with (data_copy / "facts.csv").open("a", encoding="utf-8") as facts:
        facts.write("\n")  # one byte more
    grown = data_fingerprint(data_copy)
    assert grown != before
    (data_copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    with_extra = data_fingerprint(data_copy)
    assert with_extra != grown
    (data_copy / "notes.txt").write_text("not data", encoding="utf-8")
    (data_copy / "folder.csv").mkdir()  # not a file: not part of the data
    assert data_fingerprint(data_copy) == with_extra
