"""The command line: ``python -m metrics validate``, ``audit``, ``draft``, ``serve`` and ``cluster``.

Both print a summary and exit 0 when all is well, or print every problem and exit 1. Neither
ever prints a traceback: anything unexpected is reported in one line and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from metrics.audit import audit, default_sources_dir
from metrics.dataset import DATA_DIR_VARIABLE, default_data_dir, load_dataset
from metrics.draft import run_draft
from metrics.problems import DatasetError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for both commands."""
    parser = argparse.ArgumentParser(
        prog="python -m metrics", description="Validate and audit the Reform Metrics dataset."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = f"data directory (default: ${DATA_DIR_VARIABLE}, else the repository's data/)"
    validate = commands.add_parser("validate", help="check every table against datapackage.json")
    validate.add_argument("--data-dir", type=Path, help=data_help)
    check = commands.add_parser("audit", help="check the data against the reference texts")
    check.add_argument("--data-dir", type=Path, help=data_help)
    check.add_argument(
        "--sources", type=Path, help="folder of reference texts (default: ../shared/sources)"
    )
    drafting = commands.add_parser(
        "draft",
        help="write candidate rows for every number of a new article the dataset lacks",
    )
    drafting.add_argument("file", type=Path, metavar="FILE", help="the article, plain UTF-8 text")
    drafting.add_argument("--data-dir", type=Path, help=data_help)
    drafting.add_argument(
        "--out",
        type=Path,
        help="the CSV to write (default: FILE's name ending in .draft.csv, beside it); "
        "never inside the data directory",
    )
    drafting.add_argument(
        "--all",
        action="store_true",
        help="write every number, with yes/no and the rows that account for it",
    )
    commands.add_parser(
        "serve",
        help="warm up, then serve the dashboard (what `make run` does); other options, such "
        "as --server.port 8502, go to `streamlit run`",
    )
    cluster = commands.add_parser(
        "cluster",
        help="serve the dashboard from several replicas behind HAProxy on 127.0.0.1 (what "
        "`make cluster` does); Ctrl-C stops everything",
    )
    cluster.add_argument("--replicas", type=int, default=3, help="how many replicas (default 3)")
    cluster.add_argument("--host", default="127.0.0.1", help="the balancer's loopback address")
    cluster.add_argument(
        "--port", type=int, default=8501, help="the balancer's port (default 8501)"
    )
    cluster.add_argument("--data-dir", type=Path, help=data_help)
    cluster.add_argument(
        "--run-dir", type=Path, help="folder for the configuration and logs (default: temporary)"
    )
    cluster.add_argument(
        "--write-deploy",
        type=Path,
        metavar="DIR",
        help="write the Compose file and its HAProxy configuration into DIR and exit",
    )
    return parser


def run_cluster_command(args: argparse.Namespace) -> int:
    """``cluster``: write the deployment files, or run replicas and HAProxy until stopped."""
    from metrics import cluster

    if args.write_deploy is not None:
        for path in cluster.write_deploy_files(args.write_deploy):
            print(f"wrote {path}")
        return 0
    if args.replicas < 1:
        print(f"error: --replicas must be at least 1, not {args.replicas}", file=sys.stderr)
        return 1
    try:
        cluster.require_loopback(args.host)
    except cluster.ClusterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    data_dir = args.data_dir or default_data_dir()
    return cluster.run_cluster(args.replicas, args.host, args.port, data_dir, args.run_dir)


def run_validate(data_dir: Path) -> int:
    """Validate and print a summary; 1 with the problems if any."""
    dataset = load_dataset(data_dir)
    counts = ", ".join(f"{len(frame)} {name}" for name, frame in dataset.tables().items())
    print(f"{dataset.data_dir}: valid ({counts})")
    return 0


def run_audit(data_dir: Path, sources_dir: Path | None) -> int:
    """Audit against the reference texts and print what was found."""
    sources_dir = sources_dir or default_sources_dir()
    if sources_dir is None or not sources_dir.is_dir():
        print(
            f"reference texts not found: {sources_dir or '../shared/sources'}; pass --sources DIR",
            file=sys.stderr,
        )
        return 1
    report = audit(load_dataset(data_dir), sources_dir)
    print(report.summary())
    for finding in report.findings:
        print(finding)
    wrong = sum(f.category == "wrong" for f in report.findings)
    unaccounted = len(report.findings) - wrong
    print(f"audit: {wrong} wrong, {unaccounted} unaccounted")
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = build_parser()
    args, streamlit_args = parser.parse_known_args(argv)
    if args.command == "serve":
        from metrics.serve import serve

        return serve(streamlit_args)
    if streamlit_args:
        parser.error(f"unrecognized arguments: {' '.join(streamlit_args)}")
    data_dir = args.data_dir or default_data_dir()
    try:
        if args.command == "cluster":
            return run_cluster_command(args)
        if args.command == "validate":
            return run_validate(data_dir)
        if args.command == "draft":
            return run_draft(args.file, data_dir, args.out, include_all=args.all)
        return run_audit(data_dir, args.sources)
    except DatasetError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except Exception as err:  # never a traceback on the command line
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
