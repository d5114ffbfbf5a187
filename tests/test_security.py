"""Security: local binding, XSRF, no raw HTML, http(s)-only links, and hostile text made inert."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, set_cell, set_text

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
HOSTILE = (
    '<img src=x onerror="alert(1)"> **bold** [click](javascript:alert(1)) <script>alert(2)</script>'
    " :material/warning: :red[red] %{x}"
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
    sources = [*ROOT.glob("*.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("src/metrics/**/*.py")]
    assert ROOT / "src" / "metrics" / "ui" / "blocks.py" in sources  # sub-packages too
    assert sources
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_only_http_links_reach_the_page(data_copy):
    from metrics.dataset import load_dataset
    from metrics.problems import DatasetError

    set_cell(data_copy, "sources.csv", "agency-early", "url", "javascript:alert(document.cookie)")
    with pytest.raises(DatasetError, match="http"):
        load_dataset(data_copy)


@pytest.fixture
def hostile_data(data_copy, monkeypatch):
    set_cell(data_copy, "sources.csv", "fixture-article", "title", HOSTILE)
    set_cell(data_copy, "sources.csv", "fixture-article", "publisher", HOSTILE)
    set_cell(data_copy, "sources.csv", "fixture-article", "notes", HOSTILE)
    set_cell(data_copy, "sources.csv", "reference-page", "publisher", HOSTILE)
    set_text(data_copy, "events.csv", "E0001", "title", HOSTILE)
    set_cell(data_copy, "facts.csv", "F0003", "evidence", HOSTILE)
    set_text(data_copy, "entities.csv", "rival", "name", HOSTILE)
    set_text(data_copy, "metrics.csv", "appeals_received", "title", HOSTILE)
    set_text(data_copy, "series.csv", "presidential-2019", "title", HOSTILE)
    monkeypatch.setenv("METRICS_DATA_DIR", str(data_copy))
    return data_copy


@pytest.mark.parametrize(
    "page",
    ["app_pages/sources.py", "app_pages/timeline.py", "app_pages/overview.py",
     "app_pages/elections.py", "app_pages/court.py"],
)  # fmt: skip
@pytest.mark.parametrize("opened", [False, True], ids=["closed", "every-expander-open"])
def test_hostile_text_in_the_data_is_rendered_inert(hostile_data, page, opened):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    at.run()
    assert not at.exception
    if opened:  # About and Cite, data views, on-demand charts, the page's report and bundle
        for _ in range(3):  # an opened expander can hold more
            keys = [e.key for e in at.expander if e.key and not at.session_state[e.key]]
            if not keys:
                break
            for key in keys:
                at.session_state[key] = True
            at.run()
            assert not at.exception
        assert at.code or page.endswith("sources.py")  # the citations of About and Cite
    texts = [
        str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.subheader]
    ]
    for text in texts:
        assert "](javascript:" not in text  # no Markdown link survives
        assert "**bold**" not in text  # no emphasis either
        assert ":material/warning:" not in text and ":red[" not in text  # no icon, no colour
    if page.endswith("sources.py"):
        assert any(r"\[click\]\(javascript\:alert\(1\)\)" in t for t in texts)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs or page.endswith("sources.py")
    for spec in specs:
        text = json.dumps(spec)
        assert "<img" not in text and "<script" not in text  # escaped for Plotly's HTML
        assert "%{x} and" not in text and " %{x}" not in text  # not one of Plotly's templates
