"""Plotly figures for every chart, built from the tables in ``chart_data`` and its kin.

- ``base``: what every figure shares (the one-step builder, escaping, axes, label placement);
- ``outcomes``: vote results, turnout, the court's caseload, seats by kind, the timeline;
- ``reform``: the reform itself: rules over time, who holds the seats, what changed.

The names are re-exported here, so a caller writes ``figures.turnout_figure``.
"""

from metrics.figures.base import *  # noqa: F403
from metrics.figures.base import __all__ as _base
from metrics.figures.outcomes import *  # noqa: F403
from metrics.figures.outcomes import __all__ as _outcomes
from metrics.figures.reform import *  # noqa: F403
from metrics.figures.reform import __all__ as _reform

__all__ = [*_base, *_outcomes, *_reform]
