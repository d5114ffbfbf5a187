"""Reform Metrics: a curated, cited dataset of Kazakhstan's reforms since 2019.

The code's version comes from the installed distribution's metadata (``pyproject.toml`` is
its one source); the dataset has a version of its own, in ``data/datapackage.json``
(``Dataset.version``), which is the one shown to users and in citations.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reform-metrics")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
