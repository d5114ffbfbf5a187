"""What goes wrong with a dataset: one ``Problem`` per violation, gathered in one ``DatasetError``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One violation, located by file, line (1 is the header) and column name."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """Every problem found in a dataset, raised once after all checks ran."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """A readable list of every problem, one per line."""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset:"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])
