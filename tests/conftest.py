"""Shared fixtures.

Behaviour tests run on the small frozen fixture dataset in ``tests/fixtures/data`` (with its
reference text in ``tests/fixtures/texts``): every rule of the package has a case there, and
its figures never change. The real data in ``data/`` gets property tests only (it validates,
audits clean, every chart builds), through ``real_dataset``, so adding a fact to ``data/``
cannot break a test about another fact.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.audit import default_sources_dir
from metrics.dataset import REPOSITORY_DATA_DIR, Dataset, load_dataset

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA_DIR = ROOT / "tests" / "fixtures" / "data"
FIXTURE_TEXTS_DIR = ROOT / "tests" / "fixtures" / "texts"


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The fixture dataset, validated once for the whole run."""
    return load_dataset(FIXTURE_DATA_DIR)


@pytest.fixture(scope="session")
def real_dataset() -> Dataset:
    """The repository's dataset, for property tests only."""
    return load_dataset(REPOSITORY_DATA_DIR)


@pytest.fixture(scope="session")
def fixture_texts() -> Path:
    """The fixture dataset's reference texts."""
    return FIXTURE_TEXTS_DIR


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The reference texts of the real data in ../shared/sources; CI always has them."""
    found = default_sources_dir()
    if found is None:
        pytest.fail("../shared/sources is missing: the audit tests need the reference texts")
    return found


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture data directory."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA_DIR, target)
    return target


@pytest.fixture
def real_data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real data directory."""
    target = tmp_path / "real-data"
    shutil.copytree(REPOSITORY_DATA_DIR, target)
    return target


def run_metrics(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m metrics ARGS`` as users run it, from the repository, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def set_cell(data_dir: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of a CSV in place (the row whose first column is ``row_id``).

    Returns the line number of that row, counting the header as line 1.
    """
    path = data_dir / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == row_id:
            row[header.index(column)] = value
            write_rows(path, rows)
            return number
    raise KeyError(row_id)


def set_text(data_dir: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Set a text the dashboard shows (a name, a title) as a curator would: the cell, and its
    row of labels.csv in all three languages (so a hostile text reaches every language too).

    Returns the line number of the row in ``file``, counting the header as line 1.
    """
    line = set_cell(data_dir, file, row_id, column, value)
    path = data_dir / "labels.csv"
    rows = read_rows(path)
    header = rows[0]
    table = file.removesuffix(".csv")
    matches = [row for row in rows[1:] if row[:3] == [table, row_id, column]]
    if not matches:
        raise KeyError((table, row_id, column))
    for language in ("en", "kk", "ru"):
        matches[0][header.index(language)] = value
    write_rows(path, rows)
    return line


def write_rows(path: Path, rows: list[list[str]], line_end: str = "\n") -> None:
    """Write rows as CSV with the given line ending."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def read_rows(path: Path) -> list[list[str]]:
    """All rows of a CSV, header first."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory):
    """The dashboard on the fixture dataset, served by ``make run`` on 127.0.0.1 for the session."""
    from testing.browser import dashboard_server

    env = {"METRICS_DATA_DIR": str(FIXTURE_DATA_DIR)}
    with dashboard_server(tmp_path_factory.mktemp("server"), env=env) as server:
        yield server


@pytest.fixture(scope="session")
def server_url(dashboard) -> str:
    """The address of the session's dashboard (fixture data)."""
    return dashboard.url


@pytest.fixture(scope="session")
def real_server_url(tmp_path_factory):
    """The dashboard on the real data, for the smoke test of every page and the screenshots."""
    from testing.browser import dashboard_server

    with dashboard_server(tmp_path_factory.mktemp("real-server")) as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    from testing.browser import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page (its own context, so no shared state), closed after the test."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the interface's catalogs (``make`` does it at install) when a .po is newer."""
    from metrics.i18n import compile_catalogs

    compile_catalogs()
