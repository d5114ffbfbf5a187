"""The command line: ``python -m metrics validate`` and ``python -m metrics audit``."""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = argparse.ArgumentParser(prog="metrics")
    parser.add_argument("--version", action="store_true")
    parser.parse_args(argv)
    return 0
