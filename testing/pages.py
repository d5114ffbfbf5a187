"""What a browser needs to know of the dashboard: its pages, when a run has settled, screenshots.

Shared by the end-to-end tests and ``make screenshots`` (``python -m testing.screenshots``).
"""

from __future__ import annotations

from pathlib import Path

# page name -> URL path
PAGES = {
    "overview": "",
    "elections": "elections",
    # the Elections page's other tabs (only the open one is drawn); a link names one by label
    "elections-results": "elections?section=Results",
    "elections-changed": "elections?section=What+changed+between+two+votes",
    "elections-local": "elections?section=Local+democracy",
    "court": "court",
    "electoral-system": "electoral-system",
    "electoral-system-seats": "electoral-system?section=Who+holds+the+seats",
    "rules": "rules",
    "timeline": "timeline",
    "sources": "sources",
    "glossary": "glossary",
}
# Pages without charts (the others wait for theirs to be drawn).
NO_CHARTS = frozenset({"sources", "glossary"})
# Waited for instead of a fixed pause: the script finished and no element is stale.
SETTLED = """() =>
    !document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')
    && !document.querySelector('[data-testid=stElementContainer][data-stale=true]')"""
# Every Plotly chart drawn at the width of its container (after a resize too).
CHARTS_FIT = """() => [...document.querySelectorAll('.js-plotly-plot')].every(
    plot => plot._fullLayout && Math.abs(plot._fullLayout.width - plot.clientWidth) <= 2)"""


def settle(page) -> None:
    """Wait until the script has run: the sidebar is drawn and nothing is running or stale."""
    page.wait_for_selector("[data-testid=stSlider]")
    page.wait_for_function(SETTLED)


# No animation is running in the sidebar (an expander that opens grows for a moment, and a
# click on a pill while it grows is lost).
SIDEBAR_STILL = """() => document.querySelector('[data-testid=stSidebar]')
    .getAnimations({subtree: true}).length === 0"""


def open_choices(page) -> None:
    """Open (or close) the sidebar's spheres and source kinds, and wait until it has grown.

    Opening it reruns the page, which draws its pills: wait for them and for the run.
    """
    from metrics.ui.sidebar import CHOICES_LABEL

    sidebar = page.get_by_test_id("stSidebar")
    was_open = sidebar.locator("details[open]").filter(has_text=CHOICES_LABEL).count() > 0
    sidebar.get_by_text(CHOICES_LABEL).click()
    if not was_open:
        sidebar.get_by_test_id("stButtonGroup").nth(1).wait_for()  # the language's, then the pills
    settle(page)
    page.wait_for_function(SIDEBAR_STILL)


def open_page(page, base: str, path: str, *, charts: bool = True) -> None:
    """Go to ``path`` (relative to ``base``, or a whole URL) and wait for it to settle."""
    page.goto(path if path.startswith("http") else f"{base}/{path}")
    settle(page)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_function(CHARTS_FIT)


def save_whole_page(page, path: Path) -> None:
    """A screenshot of the whole page, not only the window.

    Streamlit scrolls its main area inside the window, so Playwright's ``full_page`` sees one
    window's height: the window is made as tall as the content first (at most 8,000 px), and
    the charts are waited for until they have redrawn at the new size.
    """
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stSidebarContent'].map(id => "
        "document.querySelector(`[data-testid=${id}]`)?.scrollHeight || 0))"
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(max(height, 1000), 8000)})
    page.wait_for_function(SETTLED)
    page.wait_for_function(CHARTS_FIT)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled")


def screenshot_every_page(browser, base: str, out: Path) -> list[Path]:
    """Every page in light and dark theme, saved as ``{page}-{scheme}.png`` in ``out``."""
    saved = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
        page = context.new_page()
        page.set_default_timeout(45_000)
        try:
            for name, path in PAGES.items():
                open_page(page, base, path, charts=name not in NO_CHARTS)
                target = out / f"{name}-{scheme}.png"
                save_whole_page(page, target)
                saved.append(target)
                page.set_viewport_size({"width": 1400, "height": 1000})
        finally:
            context.close()
    return saved
