"""A real dashboard server and a real headless Chromium, for the end-to-end tests.

The server is started the way the README says (``make run``), on a free port on 127.0.0.1.
Chromium is the one ``CHROMIUM_PATH`` names, else the system's ``chromium``, else Playwright's
own. With ``CI=true`` a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # many pages at once: keep each one drawing, as a person's foreground tab would
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]


def free_port() -> int:
    """A TCP port nobody is listening on, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Poll Streamlit's health endpoint until it answers ok, or fail with the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"the server did not become healthy in {timeout} s:\n{log.read_text()[-3000:]}"
    )


@dataclass(frozen=True)
class Server:
    """A running dashboard: its address, the process that started it, and its log."""

    url: str
    pid: int
    log: Path

    def memory_bytes(self) -> int:
        """Resident memory of the server and every process under it."""
        root = psutil.Process(self.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])


@contextmanager
def dashboard_server(log_dir: Path, env: dict | None = None) -> Iterator[Server]:
    """``make run`` on a free port; yields the server and stops its whole process group."""
    port = free_port()
    log = log_dir / f"server-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield Server(url, process.pid, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def chromium_executable() -> str | None:
    """CHROMIUM_PATH, else a chromium on PATH, else None for Playwright's own browser."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright):
    """Launch headless Chromium, or skip (fail under CI=true) when there is none."""
    try:
        return playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and Chromium could not start: {err}")
        pytest.skip(f"no Chromium available: {err}")
