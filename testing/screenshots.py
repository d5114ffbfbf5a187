"""``make screenshots``: the README's screenshots of every page, light and dark, on the real data.

    python -m testing.screenshots [--out docs/screenshots]

The tests take the same screenshots on every run, into a temporary folder: only this command
writes the tracked ones.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from testing.browser import CHROMIUM_ARGS, ROOT, chromium_executable, dashboard_server
from testing.pages import screenshot_every_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as logs,
        dashboard_server(Path(logs)) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for path in screenshot_every_page(browser, server.url, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
