"""Security: local binding, XSRF, no raw HTML, http(s)-only links, and hostile text made inert."""

from __future__ import annotations

import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, set_cell

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
HOSTILE = (
    '<img src=x onerror="alert(1)"> **bold** [click](javascript:alert(1)) <script>alert(2)</script>'
)


def test_server_binds_to_localhost_by_default():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["browser"]["serverAddress"] == "127.0.0.1"


def test_xsrf_protection_stays_on_and_errors_show_no_details():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_makefile_serves_on_localhost():
    assert re.search(r"^HOST\s*\?=\s*127\.0\.0\.1$", (ROOT / "Makefile").read_text(), re.MULTILINE)


def test_no_code_allows_raw_html():
    sources = [*ROOT.glob("*.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("src/metrics/*.py")]
    assert sources
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_only_http_links_reach_the_page(data_copy):
    from metrics.dataset import load_dataset
    from metrics.problems import DatasetError

    set_cell(
        data_copy, "sources.csv", "tass-2019-06-10", "url", "javascript:alert(document.cookie)"
    )
    with pytest.raises(DatasetError, match="is not an http or https URL"):
        load_dataset(data_copy)


@pytest.fixture
def hostile_data(data_copy, monkeypatch):
    set_cell(data_copy, "sources.csv", "eur-2024-profile", "title", HOSTILE)
    set_cell(data_copy, "sources.csv", "eur-2024-profile", "publisher", HOSTILE)
    set_cell(data_copy, "sources.csv", "eur-2024-profile", "notes", HOSTILE)
    set_cell(data_copy, "events.csv", "E0001", "title", HOSTILE)
    set_cell(data_copy, "facts.csv", "F0047", "evidence", HOSTILE)
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    return data_copy


@pytest.mark.parametrize(
    "page", ["app_pages/sources.py", "app_pages/timeline.py", "app_pages/overview.py"]
)
def test_hostile_text_in_the_data_is_rendered_inert(hostile_data, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    at.run()
    assert not at.exception
    texts = [str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning]]
    for text in texts:
        assert "](javascript:" not in text  # no Markdown link survives
        assert "**bold**" not in text  # no emphasis either
    if page.endswith("sources.py"):
        assert any(r"\[click\]\(javascript\:alert\(1\)\)" in t for t in texts)
