"""Primary and foreign keys, single or composite, checked on tables already read and typed.

Values are compared as typed, as frictionless does (``1`` and ``1.0`` are the same number).
An empty cell is ``""`` in a string or date column and null in the others; a cell that is
not of its column's type is null too, and is left alone here (its own problem is reported
when the file is read). A problem about a composite key is put in the key's first column.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from metrics.problems import Problem
from metrics.tableschema import CsvTable, normalised, repeated_rows, rows_where, shown


def key_list(fields: str | Sequence[str]) -> list[str]:
    """A key's field names as a list (a Table Schema key may be a single string)."""
    return [fields] if isinstance(fields, str) else list(fields)


def is_empty(values: pa.Array) -> pa.Array:
    """True where a typed cell is empty (or was not of its type): null, or ``""`` as text."""
    missing = pc.is_null(values)
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        missing = pc.or_(missing, pc.equal(values, ""))
    return pc.fill_null(missing, True)


def cell_is_empty(table: CsvTable, column: str) -> pa.Array:
    """True where the file's cell is empty (its text, when the table kept it)."""
    if table.cells is not None:
        return pc.equal(table.cells.column(column).combine_chunks(), "")
    return is_empty(table.data.column(column).combine_chunks())


def key_text(table: CsvTable, row: int, fields: Sequence[str]) -> str:
    """A row's key as the file writes it: 'x' for one field, ('a', 'b') for several."""
    parts = [shown(table.cell_text(row, name)) for name in fields]
    return parts[0] if len(parts) == 1 else f"({', '.join(parts)})"


def primary_key_problems(table: CsvTable, key: list[str]) -> list[Problem]:
    """Rows whose primary key is incomplete or repeats an earlier row's.

    Every part of a primary key must be filled ("is part of the primary key and must not be
    empty", in that part's column); a repeated combination is reported on each later row,
    naming the line where it first appeared, in the key's first column. A key field that is
    not a column of the table is reported once, on the file.
    """
    key = key_list(key)
    missing = [name for name in key if name not in table.data.column_names]
    if missing:
        return [
            Problem(str(table.path), None, name, "primary key field is not a column of the table")
            for name in missing
        ]
    problems: list[Problem] = []
    for name in key:
        for row in rows_where(cell_is_empty(table, name)):
            message = "is part of the primary key and must not be empty"
            problems.append(table.problem(row, name, message))
    columns = [table.data.column(name).combine_chunks() for name in key]
    complete = pc.invert(is_empty(columns[0]))
    for column in columns[1:]:
        complete = pc.and_(complete, pc.invert(is_empty(column)))
    what = "the primary key" if len(key) == 1 else f"the primary key ({', '.join(key)})"
    for row, first in repeated_rows(columns, complete):
        message = (
            f"{key_text(table, row, key)} repeats line {table.line_of(first)}; "
            f"{what} must be unique"
        )
        problems.append(table.problem(row, key[0], message))
    return problems


def foreign_key_problems(package: dict, tables: dict[str, CsvTable]) -> list[Problem]:
    """Rows whose foreign key values are not found in the resource they refer to.

    ``package`` must have passed ``metrics.descriptor.package_problems``; ``tables`` holds the
    read tables by resource name (a foreign key from or to a table that could not be read is
    skipped: that table's own problems are reported). A row whose key fields are all empty is
    skipped (no reference); otherwise its combination of values must appear on a row of the
    referenced fields, as typed. Messages read "'x' is not a source_id in sources.csv", or
    "('a', 'b') is not a (f1, f2) in t.csv" for a composite key.
    """
    problems: list[Problem] = []
    for resource in package.get("resources", []):
        name = resource.get("name")
        table = tables.get(name)
        if table is None:
            continue
        for foreign_key in resource.get("schema", {}).get("foreignKeys", []):
            fields = key_list(foreign_key["fields"])
            reference = foreign_key["reference"]
            target_table = tables.get(reference["resource"] or name)
            if target_table is None:
                continue
            target_fields = key_list(reference["fields"])
            missing = unmatched_rows(table, fields, target_table, target_fields)
            target = (
                target_fields[0] if len(target_fields) == 1 else f"({', '.join(target_fields)})"
            )
            for row in missing:
                message = (
                    f"{key_text(table, row, fields)} is not a {target} in {target_table.path.name}"
                )
                problems.append(table.problem(row, fields[0], message))
    return problems


def unmatched_rows(
    table: CsvTable, fields: list[str], target_table: CsvTable, target_fields: list[str]
) -> list[int]:
    """Rows of ``table`` whose ``fields`` (not all empty) match no row of ``target_fields``."""
    columns = [normalised(table.data.column(name).combine_chunks()) for name in fields]
    targets = [
        normalised(target_table.data.column(name).combine_chunks()) for name in target_fields
    ]
    empties = [is_empty(column) for column in columns]
    all_empty = empties[0]
    for empty in empties[1:]:
        all_empty = pc.and_(all_empty, empty)
    checked = pc.invert(all_empty)

    if len(columns) == 1:
        (column,), (target,) = columns, targets
        known = pc.filter(target, pc.invert(is_empty(target)))
        if column.type != known.type:
            return rows_where(checked)
        found = pc.is_in(column, value_set=known)
        return rows_where(pc.and_(checked, pc.invert(found)))

    known_keys = set(key_tuples(targets))
    known_keys.discard((None,) * len(targets))
    return [
        row
        for row, (key, check) in enumerate(
            zip(key_tuples(columns), checked.to_pylist(), strict=True)
        )
        if check and key not in known_keys
    ]


def key_tuples(columns: list[pa.Array]) -> list[tuple]:
    """Each row's values of ``columns`` as a tuple, with every empty cell as ``None``."""
    values = []
    for column in columns:
        empty = is_empty(column).to_pylist()
        values.append(
            [None if gone else v for v, gone in zip(column.to_pylist(), empty, strict=True)]
        )
    return list(zip(*values, strict=True))
