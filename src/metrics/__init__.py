"""Reform Metrics: a curated, cited dataset of Kazakhstan's reforms since 2019."""

__version__ = "0.1.0"
