"""Helpers shared by the tests and the benchmarks: a real server and browser, synthetic data.

Importable from the repository root: pytest puts it on the path (``pythonpath`` in
``pyproject.toml``), and the benchmarks run as ``python -m benchmarks.run`` from the root.
"""
