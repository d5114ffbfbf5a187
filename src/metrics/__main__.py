"""Entry point for ``python -m metrics``."""

from metrics.cli import main

raise SystemExit(main())
