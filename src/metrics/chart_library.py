"""The chart library, imported while a page waits for the server instead of after it answers.

Streamlit's frontend loads its Plotly chart element (one module of about 4.7 MB: Plotly and
the element) lazily, when the first chart element of a page is drawn. Evaluating that module
takes about 35 ms of the browser's main thread, and on a page load it came after the page's
other elements had been drawn and before the chart could be: in a trace of a warm reload of
Elections it started 300 ms after navigation and the chart was drawn at 435 ms. Yet the page
sits idle for tens of milliseconds before that, between the server's answer to
``_stcore/host-config`` and the script's first message (the WebSocket is opened and the page
script runs on the server meanwhile).

``early_import_script`` gives the page shell a script that imports the module at that moment:
when the answer to ``_stcore/host-config`` has arrived (a ``PerformanceObserver`` of the
page's resources sees it). The module is the same file Streamlit imports later (the same
address, so the browser evaluates it once); by the time the chart's element is drawn, it is
ready. Measured in interleaved warm reloads of Elections (``benchmarks.reloads``, 15 each):
0.448 s before, 0.396 s after, the reference 0.371 s.

The module's file name carries a hash of its content, which changes with Streamlit's version:
it is looked up in the installed package (``chart_module``). If Streamlit no longer has
exactly one such file, nothing is imported early and the page works as before; a test names
the installed one, so an upgrade that changes it fails there first.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# Streamlit's lazily loaded module of its Plotly chart element, in its frontend's scripts.
CHART_MODULE_PATTERN = "PlotlyChart.*.js"
# Where the frontend's scripts are served (relative to the server's root) and installed.
SCRIPTS_ROUTE = "static/js"
# The request after which the page waits for the server: its answer starts the import.
WAITING_AFTER = "/_stcore/host-config"

EARLY_IMPORT_JS = """(() => {
if (!("PerformanceObserver" in window)) return;
const module = %(module)s, after = %(after)s;
const observer = new PerformanceObserver((list) => {
  if (!list.getEntries().some((entry) => entry.name.includes(after))) return;
  observer.disconnect();
  setTimeout(() => { import(module).catch(() => {}); }, 0);
});
observer.observe({ type: "resource", buffered: true });
})();"""


def scripts_dir() -> Path:
    """The installed Streamlit frontend's scripts."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static" / "js"


def chart_module(directory: Path) -> str | None:
    """The file name of the chart element's module in ``directory``, or None unless there is
    exactly one."""
    found = sorted(path.name for path in directory.glob(CHART_MODULE_PATTERN))
    if len(found) != 1:
        log.warning(
            "Not importing the chart library early: expected one %s in %s, found %d",
            CHART_MODULE_PATTERN, directory, len(found),
        )  # fmt: skip
        return None
    return found[0]


def module_address(name: str, base_url_path: str = "") -> str:
    """The address of the frontend's script ``name`` under ``server.baseUrlPath``."""
    base = base_url_path.strip("/")
    return "/" + "/".join(part for part in (base, SCRIPTS_ROUTE, name) if part)


@cache
def early_import_script(base_url_path: str = "", directory: Path | None = None) -> bytes:
    """The page shell's script that imports the chart module once the page waits for the
    server; empty when the module is not found."""
    name = chart_module(directory or scripts_dir())
    if name is None:
        return b""
    script = EARLY_IMPORT_JS % {
        "module": json.dumps(module_address(name, base_url_path)),
        "after": json.dumps(WAITING_AFTER),
    }
    return f"<script>{script}</script>".encode()
