"""Benchmarks of the dashboard against a bare reference app: ``make bench``, ``make trace``."""
