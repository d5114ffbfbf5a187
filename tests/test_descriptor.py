"""datapackage.json checked before any file is read: unknown or broken parts are refused by name.

Each test builds its own descriptor (and files, in ``tmp_path``); none depends on ``data/``.
"""

from __future__ import annotations

import copy
import os

import pytest

from metrics.descriptor import package_problems, resource_file, schema_problems

PACKAGE_PATH = "/somewhere/datapackage.json"


def schema_of(*fields: dict, **properties: object) -> dict:
    """A schema with ``fields`` and other top-level ``properties``."""
    return {"fields": list(fields), **properties}


def string(name: str = "x", **properties: object) -> dict:
    """A string field."""
    return {"name": name, "type": "string", **properties}


def with_constraints(kind: str, **constraints: object) -> dict:
    """A field 'x' of type ``kind`` with ``constraints``."""
    return {"name": "x", "type": kind, "constraints": constraints}


GOOD_SCHEMAS = [
    schema_of(string()),
    schema_of(
        string("id", title="Id", description="The id.", example="a1", format="default"),
        string("url", format="uri"),
        string("mail", format="email"),
        string("when", **{"x-partial-date": True}, constraints={"pattern": "[0-9]{4}"}),
        {"name": "day", "type": "date", "constraints": {"minimum": "2020-01-01"}},
        {"name": "n", "type": "number", "constraints": {"minimum": 0, "maximum": 1.5}},
        {"name": "i", "type": "integer", "categories": [1, 2], "categoriesOrdered": True},
        {"name": "b", "type": "boolean", "constraints": {"required": True, "enum": [True]}},
        string(
            "kind",
            categories=[
                {"value": "a", "label": "A", "description": "The first."},
                {"value": "b"},
            ],
            constraints={"required": True, "unique": False, "minLength": 1, "maxLength": 9},
        ),
        primaryKey=["id", "i"],
        foreignKeys=[
            {"fields": "kind", "reference": {"resource": "", "fields": "id"}},
            {"fields": ["id", "i"], "reference": {"resource": "t", "fields": ["id", "i"]}},
        ],
        missingValues=[""],
        title="T",
    ),
    schema_of(string(), primaryKey="x"),
]


@pytest.mark.parametrize("schema", GOOD_SCHEMAS)
def test_a_well_formed_schema_has_no_problems(schema):
    assert schema_problems("t", schema, PACKAGE_PATH) == []


# (schema, column of the only problem, words its message must contain)
BAD_SCHEMAS = [
    (None, None, "resource 't': has no schema"),
    ("schema.json", None, "its schema must be an object"),
    ({}, None, "its schema needs 'fields', a non-empty list"),
    ({"fields": "x"}, None, "needs 'fields', a non-empty list"),
    ({"fields": []}, None, "needs 'fields', a non-empty list"),
    (schema_of(string(), fieldsMatch="exact"), None, "declares the property 'fieldsMatch'"),
    (schema_of(string(), missingValues=["", "NA"]), None, "missingValues other than"),
    (schema_of("x"), None, "field #1 must be an object"),
    (schema_of({"type": "string"}), None, "resource 't': field '#1' needs a 'name'"),
    (schema_of({"name": "", "type": "string"}), None, "needs a 'name'"),
    (schema_of({"name": "x"}), "x", "resource 't': field 'x' has no 'type'"),
    (schema_of({"name": "x", "type": "datetime"}), "x", "has the type 'datetime', which this"),
    (schema_of({"name": "x", "type": 5}), "x", "has the type 5, which this validator"),
    (schema_of(string(), string()), "x", "field 'x' is declared more than once"),
    # unknown properties and constraints are refused, never ignored
    (
        schema_of(with_constraints("integer", exclusiveMinimum=1)),
        "x",
        "field 'x' declares the constraint 'exclusiveMinimum', which this validator does not "
        "implement",
    ),
    (schema_of(with_constraints("string", unknown=1)), "x", "the constraint 'unknown'"),
    (schema_of(string(rdfType="x")), "x", "declares the property 'rdfType', which this"),
    (schema_of(string(missingValues=["NA"])), "x", "declares the property 'missingValues'"),
    (
        schema_of({"name": "x", "type": "boolean", "trueValues": ["yes"]}),
        "x",
        "declares the property 'trueValues'",
    ),
    (
        schema_of({"name": "x", "type": "number", "decimalChar": ","}),
        "x",
        "declares the property 'decimalChar'",
    ),
    (
        schema_of(with_constraints("integer", pattern="[0-9]+")),
        "x",
        "the constraint 'pattern', which this validator does not implement for integer fields",
    ),
    (schema_of(with_constraints("string", minimum="a")), "x", "for string fields"),
    (schema_of(with_constraints("boolean", minimum=0)), "x", "for boolean fields"),
    # constraint values
    (schema_of(with_constraints("string", required="yes")), "x", "'required' that is not true"),
    (schema_of(with_constraints("string", unique=1)), "x", "'unique' that is not true or false"),
    (schema_of(with_constraints("string", pattern="([")), "x", "is not a valid regular expr"),
    (schema_of(with_constraints("string", pattern="a)|(b")), "x", "is not a valid regular"),
    (schema_of(with_constraints("string", pattern="(?=a)a")), "x", "(RE2)"),
    (schema_of(with_constraints("string", pattern=r"(a)\1")), "x", "(RE2)"),
    (schema_of(with_constraints("string", pattern=5)), "x", "'pattern' must be a string"),
    (schema_of(with_constraints("string", pattern="[[:alpha:]]+")), "x", "not a valid regular"),
    (schema_of(with_constraints("string", pattern="[0-9]{,3}")), "x", "read differently"),
    (schema_of(with_constraints("string", pattern=r"\Z")), "x", "(RE2)"),
    (schema_of(with_constraints("string", enum=[])), "x", "'enum' that is not a non-empty list"),
    (schema_of(with_constraints("string", enum="a")), "x", "'enum' that is not a non-empty"),
    (schema_of(with_constraints("integer", enum=["1"])), "x", "a value that is not an integer"),
    (schema_of(with_constraints("integer", enum=[True])), "x", "is not an integer"),
    (schema_of(with_constraints("integer", minimum=1.5)), "x", "'minimum' that is not an int"),
    (schema_of(with_constraints("integer", maximum=2**63)), "x", "fits in 64 bits"),
    (schema_of(with_constraints("number", minimum="0")), "x", "not a finite number"),
    (schema_of(with_constraints("number", maximum=float("inf"))), "x", "not a finite number"),
    (schema_of(with_constraints("number", maximum=10**400)), "x", "not a finite number"),
    (schema_of(with_constraints("date", minimum="2020-02-30")), "x", "a date as YYYY-MM-DD"),
    (schema_of(with_constraints("date", enum=["2020"])), "x", "a date as YYYY-MM-DD"),
    (schema_of(with_constraints("integer", minimum=5, maximum=1)), "x", "'minimum' above"),
    (schema_of(with_constraints("string", maxLength=-1)), "x", "not a whole number >= 0"),
    (schema_of(with_constraints("string", maxLength=True)), "x", "not a whole number >= 0"),
    (schema_of(with_constraints("string", minLength=3, maxLength=2)), "x", "'minLength' above"),
    (schema_of(string(constraints=[])), "x", "'constraints' that is not an object"),
    # formats and partial dates
    (schema_of(string(format="uuid")), "x", "the format 'uuid', which this validator does not"),
    (schema_of({"name": "x", "type": "integer", "format": "uri"}), "x", "for integer fields"),
    (schema_of({"name": "x", "type": "date", "format": "%d/%m/%Y"}), "x", "the format '%d/%m"),
    (schema_of({"name": "x", "type": "date", "format": "any"}), "x", "the format 'any'"),
    (schema_of(string(**{"x-partial-date": "yes"})), "x", "'x-partial-date' that is not true"),
    (
        schema_of({"name": "x", "type": "integer", "x-partial-date": True}),
        "x",
        "declares 'x-partial-date' but is not a string field",
    ),
    (
        schema_of(string(format="uri", **{"x-partial-date": True})),
        "x",
        "declares 'x-partial-date' and the format 'uri'",
    ),
    (schema_of(string(title=5)), "x", "a 'title' that is not a string"),
    # categories
    (schema_of({"name": "x", "type": "boolean", "categories": [True]}), "x", "only to string"),
    (schema_of(string(categories=[])), "x", "'categories' that is not a non-empty list"),
    (schema_of(string(categories="a,b")), "x", "'categories' that is not a non-empty list"),
    (schema_of(string(categories=["a", {"value": "b"}])), "x", "mixes plain values and"),
    (schema_of(string(categories=[{"value": "a", "color": "red"}])), "x", "property 'color'"),
    (schema_of(string(categories=[{"label": "A"}])), "x", "category #1 without a 'value'"),
    (schema_of(string(categories=[{"value": "a", "label": 1}])), "x", "a 'label' that is not"),
    (schema_of(string(categories=["a", "a"])), "x", "lists the category 'a' more than once"),
    (schema_of(string(categories=[1])), "x", "category #1 whose value is not a string"),
    (
        schema_of({"name": "x", "type": "integer", "categories": ["1"]}),
        "x",
        "whose value is not an integer",
    ),
    (schema_of(string(categoriesOrdered=True)), "x", "'categoriesOrdered' without 'categories'"),
    (schema_of(string(categories=["a"], categoriesOrdered="yes")), "x", "not true or false"),
    # keys
    (schema_of(string(), primaryKey="y"), "y", "primaryKey names 'y', which is not a field"),
    (schema_of(string(), primaryKey=[]), None, "primaryKey must be a field name or a non-empty"),
    (schema_of(string(), primaryKey=5), None, "primaryKey must be a field name"),
    (schema_of(string(), primaryKey=["x", "x"]), None, "primaryKey names a field more than once"),
    (schema_of(string(), foreignKeys={}), None, "'foreignKeys' must be a list"),
    (schema_of(string(), foreignKeys=["x"]), None, "foreign key #1 must be an object"),
    (
        schema_of(
            string(), foreignKeys=[{"fields": "y", "reference": {"resource": "", "fields": "x"}}]
        ),
        "y",
        "foreign key #1 names 'y', which is not a field of this schema",
    ),
    (
        schema_of(string(), foreignKeys=[{"fields": "x", "reference": {"fields": "x"}}]),
        None,
        "foreign key #1's reference needs a 'resource' name ('' for this resource)",
    ),
    (
        schema_of(string(), foreignKeys=[{"fields": "x"}]),
        None,
        "foreign key #1 needs a 'reference' object",
    ),
    (
        schema_of(
            string(),
            string("y"),
            foreignKeys=[{"fields": ["x", "y"], "reference": {"resource": "", "fields": ["x"]}}],
        ),
        None,
        "foreign key #1 has 2 fields but its reference has 1",
    ),
    (
        schema_of(
            string(), foreignKeys=[{"fields": "x", "reference": {"resource": "", "fields": "z"}}]
        ),
        "x",
        "foreign key #1 refers to 'z', which is not a field of 'this resource'",
    ),
    (
        schema_of(
            string(),
            {"name": "n", "type": "integer"},
            foreignKeys=[{"fields": "n", "reference": {"resource": "t", "fields": "x"}}],
        ),
        "n",
        "foreign key #1: 'n' is integer but the 'x' it refers to is string",
    ),
    (
        schema_of(
            string(),
            foreignKeys=[
                {"fields": "x", "reference": {"resource": "", "fields": "x"}, "predicate": "eq"}
            ],
        ),
        None,
        "foreign key #1 declares the property 'predicate'",
    ),
]


@pytest.mark.parametrize(("schema", "column", "expected"), BAD_SCHEMAS)
def test_a_broken_schema_is_one_problem_naming_resource_and_field(schema, column, expected):
    problems = schema_problems("t", schema, PACKAGE_PATH)
    assert [(p.file, p.line, p.column) for p in problems] == [(PACKAGE_PATH, None, column)], (
        problems
    )
    assert problems[0].message.startswith("resource 't'")
    assert expected in problems[0].message


def test_every_problem_of_a_schema_is_listed(tmp_path):
    schema = schema_of(
        {"name": "a", "type": "any"},
        with_constraints("string", pattern="(["),
        string("c", unknown=True),
    )
    problems = schema_problems("t", schema, PACKAGE_PATH)
    assert [p.column for p in problems] == ["a", "x", "c"]


def package(*resources: dict) -> dict:
    """A package of ``resources``."""
    return {"name": "p", "resources": list(resources)}


def table(name: str, schema: dict, **properties: object) -> dict:
    """A tabular resource."""
    return {"name": name, "path": f"{name}.csv", "schema": schema, **properties}


PARENT = table(
    "parent",
    schema_of(string("a"), {"name": "b", "type": "integer"}, primaryKey=["a", "b"]),
    type="table",
    profile="tabular-data-resource",
    format="csv",
    mediatype="text/csv",
    encoding="UTF-8",
    title="Parent",
    description="The parent.",
    licenses=[{"name": "CC-BY-4.0"}],
    sources=[{"title": "Somewhere"}],
)
CHILD = table(
    "child.v2",
    schema_of(
        string("a"),
        {"name": "b", "type": "integer"},
        foreignKeys=[
            {"fields": ["a", "b"], "reference": {"resource": "parent", "fields": ["a", "b"]}}
        ],
    ),
)


def test_a_well_formed_package_has_no_problems():
    assert package_problems(package(PARENT, CHILD), PACKAGE_PATH) == []


def child_with_reference(reference: dict) -> dict:
    """CHILD with its foreign key's reference replaced."""
    child = copy.deepcopy(CHILD)
    child["schema"]["foreignKeys"][0]["reference"] = reference
    return child


# (package, column of the only problem, words its message must contain)
BAD_PACKAGES = [
    ([], None, "the package must be a JSON object"),
    ({"name": "p"}, None, "the package needs 'resources', a non-empty list"),
    ({"resources": {}}, None, "needs 'resources', a non-empty list"),
    ({"resources": []}, None, "needs 'resources', a non-empty list"),
    (package("x"), None, "resource #1 must be an object"),
    (
        package({"path": "x.csv", "schema": schema_of(string())}),
        None,
        "resource #1: needs a 'name'",
    ),
    (package(table("Facts", schema_of(string()))), None, "resource 'Facts': needs a 'name' of"),
    (package(table("my facts", schema_of(string()))), None, "needs a 'name' of lower-case"),
    (package(table("-x", schema_of(string()))), None, "needs a 'name' of lower-case"),
    (package(table("x\n", schema_of(string()))), None, "needs a 'name' of lower-case"),
    (package(PARENT, PARENT), None, "resource 'parent': the name is used by another resource"),
    (package({"name": "t", "path": "t.csv"}), None, "resource 't': has no schema"),
    (package(table("t", schema_of(string()), dialect={"delimiter": ";"})), None, "'dialect'"),
    (package(table("t", schema_of(string()), compression="gz")), None, "'compression'"),
    (package(table("t", schema_of(string()), hash="md5:0")), None, "the property 'hash'"),
    (package(table("t", schema_of(string()), encoding="latin-1")), None, "its 'encoding' is"),
    (package(table("t", schema_of(string()), format="xlsx")), None, "its 'format' is 'xlsx'"),
    (package(table("t", schema_of(string()), mediatype=5)), None, "'mediatype' must be a string"),
    (package(table("t", schema_of({"name": "x", "type": "list"}))), "x", "the type 'list'"),
    (
        package(PARENT, child_with_reference({"resource": "nowhere", "fields": ["a", "b"]})),
        "a",
        "resource 'child.v2': foreign key #1 refers to the resource 'nowhere', which is not in",
    ),
    (
        package(PARENT, child_with_reference({"resource": "parent", "fields": ["a", "c"]})),
        "b",
        "foreign key #1 refers to 'c', which is not a field of 'parent'",
    ),
    (
        package(
            PARENT,
            table(
                "child",
                schema_of(
                    string("a"),
                    string("b"),
                    foreignKeys=[
                        {
                            "fields": ["a", "b"],
                            "reference": {"resource": "parent", "fields": ["a", "b"]},
                        }
                    ],
                ),
            ),
        ),
        "b",
        "resource 'child': foreign key #1: 'b' is string but the 'b' it refers to is integer",
    ),
    (
        package(PARENT, child_with_reference({"resource": "parent", "fields": ["a"]})),
        None,
        "foreign key #1 has 2 fields but its reference has 1",
    ),
]


@pytest.mark.parametrize(("descriptor", "column", "expected"), BAD_PACKAGES)
def test_a_broken_package_is_one_problem(descriptor, column, expected):
    problems = package_problems(descriptor, PACKAGE_PATH)
    assert [(p.file, p.line, p.column) for p in problems] == [(PACKAGE_PATH, None, column)], (
        problems
    )
    assert expected in problems[0].message


@pytest.fixture
def data_dir(tmp_path):
    """A data folder holding t.csv and sub/u.csv, next to a file outside it."""
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    (folder / "t.csv").write_text("x\n1\n", encoding="utf-8")
    (folder / "sub" / "u.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "outside.csv").write_text("x\n1\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("path", "relative"),
    [("t.csv", "t.csv"), ("sub/u.csv", "sub/u.csv"), ("./t.csv", "t.csv"), ("new.csv", "new.csv")],
)
def test_a_plain_relative_path_inside_the_data_folder_is_accepted(data_dir, path, relative):
    found, problems = resource_file(data_dir, {"name": "t", "path": path}, PACKAGE_PATH)
    assert problems == []
    assert found == data_dir / relative


# (the resource's path, words the only problem's message must contain)
BAD_PATHS = [
    ("../outside.csv", "has a '..' part"),
    ("sub/../t.csv", "has a '..' part"),
    ("/etc/passwd", "is absolute"),
    ("//server/share/x.csv", "is absolute"),
    ("sub\\u.csv", "contains a backslash"),
    ("..\\outside.csv", "contains a backslash"),
    ("https://example.org/t.csv", "is a URL or has a colon"),
    ("file:///etc/passwd", "is a URL or has a colon"),
    ("C:t.csv", "is a URL or has a colon"),
    ("", "is empty"),
    (" t.csv", "surrounding spaces"),
    ("t.csv\x00", "contains a control character"),
    ("t\n.csv", "contains a control character"),
    (".", "names no file"),
    ("sub", "is not a regular file"),
    (["t.csv", "sub/u.csv"], "a multipart resource"),
    (5, "its path must be a string"),
    (None, "its path must be a string"),
]


@pytest.mark.parametrize(("path", "expected"), BAD_PATHS)
def test_a_path_that_is_not_a_plain_file_inside_the_data_folder_is_refused(
    data_dir, path, expected
):
    found, problems = resource_file(data_dir, {"name": "t", "path": path}, PACKAGE_PATH)
    assert found is None
    assert [(p.file, p.line, p.column) for p in problems] == [(PACKAGE_PATH, None, None)]
    assert problems[0].message.startswith("resource 't': ")
    assert expected in problems[0].message


def test_a_resource_without_path_or_with_inline_data_is_refused(data_dir):
    for resource, expected in [
        ({"name": "t"}, "has no 'path'"),
        ({"name": "t", "data": [["x"], ["1"]]}, "inline 'data' is not supported"),
    ]:
        found, problems = resource_file(data_dir, resource, PACKAGE_PATH)
        assert found is None and len(problems) == 1 and expected in problems[0].message


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("link.csv", "../outside.csv"),
        ("link.csv", "/etc/passwd"),
        ("inside.csv", "t.csv"),
        ("sub/link.csv", "../t.csv"),
    ],
)
def test_a_symlink_is_refused_even_when_it_points_inside(data_dir, link, target):
    os.symlink(target, data_dir / link)
    found, problems = resource_file(data_dir, {"name": "t", "path": link}, PACKAGE_PATH)
    assert found is None
    assert [p.message for p in problems] == [
        f"resource 't': its path {link!r} goes through a symbolic link, which is not allowed"
    ]


def test_a_symlinked_folder_on_the_way_is_refused(data_dir, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.csv").write_text("x\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", data_dir / "linked")
    found, problems = resource_file(data_dir, {"name": "t", "path": "linked/x.csv"}, PACKAGE_PATH)
    assert found is None and "goes through a symbolic link" in problems[0].message


def test_a_data_folder_reached_through_a_symlink_still_works(data_dir, tmp_path):
    os.symlink(data_dir, tmp_path / "alias")
    found, problems = resource_file(
        tmp_path / "alias", {"name": "t", "path": "t.csv"}, PACKAGE_PATH
    )
    assert problems == [] and found == tmp_path / "alias" / "t.csv"


WEIRD_VALUES = [
    None,
    True,
    0,
    -1,
    2**64,
    1.5,
    float("nan"),
    "",
    "x",
    "([",
    [],
    [None],
    {},
    {"x": None},
]


def node_paths(node: object, path: tuple = ()) -> list[tuple]:
    """The path to every value inside a JSON document."""
    paths = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            paths.extend(node_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths.extend(node_paths(value, (*path, index)))
    return paths


def replaced(document: object, path: tuple, value: object) -> object:
    """A copy of ``document`` with the value at ``path`` replaced."""
    if not path:
        return value
    copied = copy.deepcopy(document)
    node = copied
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    return copied


def test_no_broken_descriptor_raises_and_what_passes_can_be_read(tmp_path):
    """Every value of a good package replaced by every odd JSON value: never an exception."""
    from metrics.tableschema import read_csv_table

    original = package(PARENT, CHILD, table("t", GOOD_SCHEMAS[1]))
    (tmp_path / "parent.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    (tmp_path / "child.v2.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text(
        "id,url,mail,when,day,n,i,b,kind\n"
        "a,https://a.org,a@b.org,2024,2024-01-02,1,1,true,a\n"
        "b,x,y,2024-13,2019-01-01,-1,3,false,c\n",
        encoding="utf-8",
    )
    accepted = 0
    for path in node_paths(original):
        for value in WEIRD_VALUES:
            descriptor = replaced(original, path, value)
            problems = package_problems(descriptor, PACKAGE_PATH)
            assert isinstance(problems, list)
            if problems:
                continue
            accepted += 1
            for resource in descriptor["resources"]:  # type: ignore[index]
                found, _problems = resource_file(tmp_path, resource, PACKAGE_PATH)
                if found is not None:
                    read_csv_table(resource["name"], found, resource["schema"]["fields"])
    assert accepted > 0
