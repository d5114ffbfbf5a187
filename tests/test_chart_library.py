"""The chart library imported while the page waits for the server (``metrics.chart_library``)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from metrics.chart_library import (
    CHART_MODULE_PATTERN,
    WAITING_AFTER,
    chart_module,
    early_import_script,
    module_address,
    scripts_dir,
)

from testing.pages import open_page, settle


def test_the_installed_streamlit_has_one_chart_module():
    # An upgrade that renames or splits it fails here, not silently in the page's speed.
    name = chart_module(scripts_dir())
    assert name is not None and name.startswith("PlotlyChart.") and name.endswith(".js")
    assert (scripts_dir() / name).stat().st_size > 1_000_000  # Plotly itself is in it


@pytest.mark.parametrize("names", [[], ["PlotlyChart.a.js", "PlotlyChart.b.js"]])
def test_no_module_or_two_of_them_import_nothing_early(tmp_path: Path, names: list[str]):
    for name in [*names, "index.x.js"]:
        (tmp_path / name).write_text("export {};\n", encoding="utf-8")
    assert chart_module(tmp_path) is None
    assert early_import_script("", tmp_path) == b""


def test_the_script_imports_the_module_at_the_servers_address(tmp_path: Path):
    (tmp_path / "PlotlyChart.Ab12-x_Y.js").write_text("export {};\n", encoding="utf-8")
    (tmp_path / "Other.js").write_text("export {};\n", encoding="utf-8")
    assert chart_module(tmp_path) == "PlotlyChart.Ab12-x_Y.js"
    script = early_import_script("/dash/", tmp_path)
    assert script.startswith(b"<script>") and script.endswith(b"</script>")
    body = script[len(b"<script>") : -len(b"</script>")]
    assert b"</" not in body  # one element: nothing in it closes it early
    assert json.dumps("/dash/static/js/PlotlyChart.Ab12-x_Y.js").encode() in body
    assert json.dumps(WAITING_AFTER).encode() in body
    assert module_address("x.js") == "/static/js/x.js"
    assert module_address("x.js", "a/b") == "/a/b/static/js/x.js"
    assert CHART_MODULE_PATTERN.endswith(".js")


# Browser: when the chart module's request starts, against the first chart element in the page.
RECORD_FIRST_CHART = """
window.__firstChart = null;
new MutationObserver((changes, observer) => {
  if (document.querySelector('[data-testid=stPlotlyChart]')) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
# the address the page shell's script imports, as the installed Streamlit names the module
MODULE_REQUESTED = f"""() => {{
  const entry = performance.getEntriesByType('resource').find(
    (e) => e.name.endsWith({json.dumps(module_address(chart_module(scripts_dir()) or "-"))}));
  return entry ? entry.startTime : null;
}}"""


@pytest.mark.browser
def test_the_chart_module_is_asked_for_before_the_first_chart_element(chromium, server_url):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORD_FIRST_CHART)
    page = context.new_page()
    try:
        open_page(page, server_url, "elections")
        requested = page.evaluate(MODULE_REQUESTED)
        first_chart = page.evaluate("() => window.__firstChart")
        assert requested is not None and first_chart is not None
        # Streamlit alone asks for it only once the chart element is drawn
        assert requested < first_chart
        # a page without charts gets it too (it waited for the server all the same)
        page.goto(f"{server_url}/glossary")
        settle(page)
        page.wait_for_function(f"({MODULE_REQUESTED})() !== null")
    finally:
        context.close()


@pytest.mark.browser
def test_no_other_site_may_control_the_page(server_url):
    with urllib.request.urlopen(f"{server_url}/_stcore/host-config", timeout=10) as answer:
        config = json.load(answer)
    assert config["allowedOrigins"] == []
