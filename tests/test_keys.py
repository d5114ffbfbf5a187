"""Primary and foreign keys, single and composite, on tables read from tiny CSVs in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.keys import foreign_key_problems, primary_key_problems
from metrics.problems import Problem
from metrics.tableschema import CsvTable, read_csv_table

STRING_AB = [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]
STRING_INTEGER = [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]


def read(tmp_path: Path, name: str, content: str, fields: list[dict]) -> CsvTable:
    """The table ``name`` read from ``content``, which must have no cell problems."""
    path = tmp_path / f"{name}.csv"
    path.write_text(content, encoding="utf-8")
    table, problems = read_csv_table(name, path, fields)
    assert table is not None and problems == []
    return table


# (content, fields, key, expected (line, column, message) triples)
PRIMARY_KEY_CASES = [
    (
        "a\nx\ny\nx\nx\n",
        STRING_AB[:1],
        ["a"],
        [
            (4, "a", "'x' repeats line 2; the primary key must be unique"),
            (5, "a", "'x' repeats line 2; the primary key must be unique"),
        ],
    ),
    (
        # no column repeats a whole combination: a per-column check would find three repeats
        "a,b\nx,1\nx,2\ny,1\ny,2\n",
        STRING_AB,
        ["a", "b"],
        [],
    ),
    (
        "a,b\nx,1\nx,2\ny,1\nx,1\n",
        STRING_AB,
        ["a", "b"],
        [(5, "a", "('x', '1') repeats line 2; the primary key (a, b) must be unique")],
    ),
    (
        # integers compare as numbers; the message quotes the file
        "a,b\nx,1\nx,01\n",
        STRING_INTEGER,
        ["a", "b"],
        [(3, "a", "('x', '01') repeats line 2; the primary key (a, b) must be unique")],
    ),
    (
        # the order of the key's fields decides the column of the message
        "a,b\nx,1\ny,1\n",
        STRING_AB,
        ["b"],
        [(3, "b", "'1' repeats line 2; the primary key must be unique")],
    ),
    (
        "a,b\nx,\n,1\n,\nx,\n",
        STRING_INTEGER,
        ["a", "b"],
        [
            (3, "a", "is part of the primary key and must not be empty"),
            (4, "a", "is part of the primary key and must not be empty"),
            (2, "b", "is part of the primary key and must not be empty"),
            (4, "b", "is part of the primary key and must not be empty"),
            (5, "b", "is part of the primary key and must not be empty"),
        ],
    ),
    (
        # a blank line and a quoted line break move the lines, as an editor shows them
        'a,b\n"x\ny",1\n\nz,2\n"x\ny",1\n',
        STRING_AB,
        ["a", "b"],
        [(6, "a", "('x\\ny', '1') repeats line 2; the primary key (a, b) must be unique")],
    ),
]


@pytest.mark.parametrize(("content", "fields", "key", "expected"), PRIMARY_KEY_CASES)
def test_primary_key_problems(tmp_path, content, fields, key, expected):
    table = read(tmp_path, "t", content, fields)
    problems = primary_key_problems(table, key)
    assert all(p.file == str(tmp_path / "t.csv") for p in problems)
    assert [(p.line, p.column, p.message) for p in problems] == expected


def test_an_invalid_key_cell_is_left_to_its_own_problem(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\nx,oops\nx,oops\n", encoding="utf-8")
    table, problems = read_csv_table("t", path, STRING_INTEGER)
    assert table is not None and len(problems) == 2
    assert primary_key_problems(table, ["a", "b"]) == []


def test_a_primary_key_field_that_is_not_a_column_is_reported(tmp_path):
    table = read(tmp_path, "t", "a\nx\n", STRING_AB[:1])
    assert primary_key_problems(table, ["a", "z"]) == [
        Problem(
            str(tmp_path / "t.csv"), None, "z", "primary key field is not a column of the table"
        )
    ]


def resource(name: str, fields: list[dict], *foreign_keys: dict) -> dict:
    """A resource of a package, with its foreign keys."""
    return {
        "name": name,
        "path": f"{name}.csv",
        "schema": {"fields": fields, "foreignKeys": list(foreign_keys)},
    }


def reference(fields: list[str] | str, target: str, target_fields: list[str] | str) -> dict:
    """A foreign key."""
    return {"fields": fields, "reference": {"resource": target, "fields": target_fields}}


SOURCE_FIELDS = [{"name": "source_id", "type": "string"}]
FACT_FIELDS = [{"name": "fact_id", "type": "string"}, {"name": "source_id", "type": "string"}]


def test_a_single_field_foreign_key_names_the_missing_value(tmp_path):
    sources = read(tmp_path, "sources", "source_id\ns1\ns2\n", SOURCE_FIELDS)
    facts = read(tmp_path, "facts", "fact_id,source_id\nF1,s1\nF2,\nF3,s3\nF4,S1\n", FACT_FIELDS)
    package = {
        "resources": [
            resource("sources", SOURCE_FIELDS),
            resource("facts", FACT_FIELDS, reference("source_id", "sources", "source_id")),
        ]
    }
    problems = foreign_key_problems(package, {"sources": sources, "facts": facts})
    file = str(tmp_path / "facts.csv")
    assert problems == [
        Problem(file, 4, "source_id", "'s3' is not a source_id in sources.csv"),
        Problem(file, 5, "source_id", "'S1' is not a source_id in sources.csv"),
    ]


PARENT_FIELDS = STRING_INTEGER
PARENT_CSV = "a,b\nx,1\ny,2\nz,\n"

# (child CSV, expected (line, message) pairs), against PARENT_CSV, key (a, b) -> (a, b)
COMPOSITE_CASES = [
    ("a,b\nx,1\ny,2\n", []),
    ("a,b\nx,01\n", []),  # integers compare as numbers
    ("a,b\n,\n", []),  # every key field empty: no reference
    ("a,b\nz,\n", []),  # a partial key found as it is in the parent
    # each part exists in the parent, but not together: a per-column check would pass
    ("a,b\nx,2\n", [(2, "('x', '2') is not a (a, b) in parent.csv")]),
    ("a,b\nx,\n", [(2, "('x', '') is not a (a, b) in parent.csv")]),
    ("a,b\n,1\n", [(2, "('', '1') is not a (a, b) in parent.csv")]),
    ("a,b\nx,1\n\nw,1\ny,2\n", [(4, "('w', '1') is not a (a, b) in parent.csv")]),
]


@pytest.mark.parametrize(("content", "expected"), COMPOSITE_CASES)
def test_a_composite_foreign_key_matches_whole_combinations(tmp_path, content, expected):
    parent = read(tmp_path, "parent", PARENT_CSV, PARENT_FIELDS)
    child = read(tmp_path, "child", content, STRING_INTEGER)
    package = {
        "resources": [
            resource("parent", PARENT_FIELDS),
            resource("child", STRING_INTEGER, reference(["a", "b"], "parent", ["a", "b"])),
        ]
    }
    problems = foreign_key_problems(package, {"parent": parent, "child": child})
    assert all((p.file, p.column) == (str(tmp_path / "child.csv"), "a") for p in problems)
    assert [(p.line, p.message) for p in problems] == expected


def test_a_composite_foreign_key_to_differently_named_fields(tmp_path):
    parent = read(
        tmp_path,
        "parent",
        "p,q\n1,x\n",
        [STRING_INTEGER[1] | {"name": "p"}, {"name": "q", "type": "string"}],
    )
    child = read(tmp_path, "child", "a,b\nx,1\nx,2\n", STRING_INTEGER)
    package = {
        "resources": [
            resource("parent", []),
            resource("child", STRING_INTEGER, reference(["b", "a"], "parent", ["p", "q"])),
        ]
    }
    problems = foreign_key_problems(package, {"parent": parent, "child": child})
    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, "b", "('2', 'x') is not a (p, q) in parent.csv")
    ]


@pytest.mark.parametrize("target", ["", "entities"])
def test_a_self_reference_uses_the_same_table(tmp_path, target):
    fields = [{"name": "entity_id", "type": "string"}, {"name": "predecessor_id", "type": "string"}]
    entities = read(tmp_path, "entities", "entity_id,predecessor_id\na,\nb,a\nc,d\n", fields)
    package = {
        "resources": [
            resource("entities", fields, reference("predecessor_id", target, "entity_id")),
        ]
    }
    assert foreign_key_problems(package, {"entities": entities}) == [
        Problem(
            str(tmp_path / "entities.csv"),
            4,
            "predecessor_id",
            "'d' is not a entity_id in entities.csv",
        )
    ]


def test_an_integer_foreign_key_compares_numbers_and_skips_empty_cells(tmp_path):
    fields = [{"name": "n", "type": "integer"}]
    parent = read(tmp_path, "parent", "n\n1\n2\n\n", fields)
    child = read(tmp_path, "child", "n\n01\n\n+2\n3\n", fields)
    package = {
        "resources": [
            resource("parent", fields),
            resource("child", fields, reference("n", "parent", "n")),
        ]
    }
    problems = foreign_key_problems(package, {"parent": parent, "child": child})
    assert [(p.line, p.column, p.message) for p in problems] == [
        (5, "n", "'3' is not a n in parent.csv")
    ]


def test_a_foreign_key_to_a_table_that_could_not_be_read_is_skipped(tmp_path):
    facts = read(tmp_path, "facts", "fact_id,source_id\nF1,s1\n", FACT_FIELDS)
    package = {
        "resources": [
            resource("sources", SOURCE_FIELDS),
            resource("facts", FACT_FIELDS, reference("source_id", "sources", "source_id")),
        ]
    }
    assert foreign_key_problems(package, {"facts": facts}) == []
