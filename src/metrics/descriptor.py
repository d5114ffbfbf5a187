"""Check ``datapackage.json`` itself before any file is read: strict, and never an exception.

The validator implements a small part of Frictionless Data Package and Table Schema (v2), and
refuses everything else by name rather than silently ignoring it: a property or constraint it
does not implement could make it accept data that frictionless would refuse.

- ``package_problems``: the package, its resources, their schemas and keys;
- ``schema_problems``: one resource's Table Schema (fields, primary key, foreign keys);
- ``resource_file``: where a resource's file is, refusing any path that leaves ``data_dir``.

Every problem is reported against the ``datapackage.json`` path, with the field's name in the
column slot when it concerns one field.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.compute as pc

from metrics.problems import Problem
from metrics.tableschema import (
    INT64_MAX,
    INT64_MIN,
    PARTIAL_DATE_PROPERTY,
    anchored,
    is_date,
)

TYPES = ("string", "number", "integer", "boolean", "date")
FIELD_PROPERTIES = (
    "name",
    "type",
    "title",
    "description",
    "format",
    "constraints",
    "categories",
    "categoriesOrdered",
    "example",
    PARTIAL_DATE_PROPERTY,
)
CONSTRAINTS = (
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
)
# The constraints each type supports here (as in frictionless, plus ``unique`` everywhere).
TYPE_CONSTRAINTS = {
    "string": ("required", "unique", "enum", "pattern", "minLength", "maxLength"),
    "number": ("required", "unique", "enum", "minimum", "maximum"),
    "integer": ("required", "unique", "enum", "minimum", "maximum"),
    "date": ("required", "unique", "enum", "minimum", "maximum"),
    "boolean": ("required", "unique", "enum"),
}
TYPE_FORMATS = {"string": ("default", "uri", "email")}
CATEGORY_TYPES = ("string", "integer")
CATEGORY_PROPERTIES = ("value", "label", "description")
SCHEMA_PROPERTIES = (
    "fields",
    "primaryKey",
    "foreignKeys",
    "missingValues",
    "title",
    "description",
    "$schema",
)
FOREIGN_KEY_PROPERTIES = ("fields", "reference")
REFERENCE_PROPERTIES = ("resource", "fields")
# Resource properties that only describe (any value is fine) or that must have one value.
RESOURCE_METADATA = ("title", "description", "homepage", "sources", "licenses", "keywords")
RESOURCE_FIXED = {
    "profile": ("tabular-data-resource", "data-resource"),
    "type": ("table",),
    "format": ("csv",),
    "mediatype": ("text/csv",),
    "encoding": ("utf-8",),
    "$schema": None,  # any string
}
RESOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def where(resource_name: object, field: object | None = None) -> str:
    """The start of a message: which resource (and field) it is about."""
    text = f"resource {resource_name!r}" if isinstance(resource_name, str) else "a resource"
    return text if field is None else f"{text}: field {field!r}"


def is_integer(value: object) -> bool:
    """A JSON integer (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_int64(value: object) -> bool:
    """A JSON integer that fits in 64 bits."""
    return is_integer(value) and INT64_MIN <= value <= INT64_MAX  # type: ignore[operator]


def is_finite_number(value: object) -> bool:
    """A JSON number (not a boolean) that is finite as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


# What a value of each type is in JSON (enum, categories, minimum, maximum), and its name.
VALUE_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "string": (lambda value: isinstance(value, str), "a string"),
    "number": (is_finite_number, "a finite number"),
    "integer": (is_int64, "an integer that fits in 64 bits"),
    "boolean": (lambda value: isinstance(value, bool), "true or false"),
    "date": (lambda value: isinstance(value, str) and is_date(value), "a date as YYYY-MM-DD"),
}


def pattern_error(pattern: object) -> str | None:
    """Why ``pattern`` cannot be used, or ``None``: it must compile in Python and in RE2."""
    if not isinstance(pattern, str):
        return "must be a string"
    try:
        with warnings.catch_warnings():
            # Python warns of a nested set ("[[:alpha:]]"), which RE2 reads differently.
            warnings.simplefilter("error")
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, Warning) as err:
        return f"{pattern!r} is not a valid regular expression: {err}"
    if "{," in pattern:
        return f"{pattern!r} uses {{,n}}, which Python and RE2 read differently; write {{0,n}}"
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), anchored(pattern))
    except pa.ArrowException as err:
        return f"{pattern!r} is not supported by the validator's regular expressions (RE2): {err}"
    return None


def schema_problems(resource_name: str, schema: object, package_path: str) -> list[Problem]:
    """Everything wrong with one resource's Table Schema, as problems naming resource and field.

    Refuses a missing or non-object schema, unknown schema properties, ``missingValues`` other
    than ``[""]``, ``fields`` that is not a non-empty list, repeated field names, each field's
    problems (see ``field_problems``), and a malformed ``primaryKey`` or ``foreignKeys`` (their
    fields must exist here; a foreign key to another resource is checked by
    ``package_problems``).
    """
    problems: list[Problem] = []

    def add(message: str, column: str | None = None) -> None:
        problems.append(Problem(package_path, None, column, f"{where(resource_name)}: {message}"))

    if schema is None:
        add("has no schema")
        return problems
    if not isinstance(schema, dict):
        add("its schema must be an object (a schema given as a path or URL is not supported)")
        return problems
    for key in schema:
        if key not in SCHEMA_PROPERTIES:
            add(
                f"the schema declares the property {key!r}, which this validator does not implement"
            )
    if "missingValues" in schema and schema["missingValues"] != [""]:
        add(
            'the schema declares missingValues other than [""], which this validator does not implement'
        )
    for key in ("title", "description", "$schema"):
        if key in schema and not isinstance(schema[key], str):
            add(f"the schema's {key!r} must be a string")

    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        add("its schema needs 'fields', a non-empty list of fields")
        return problems
    names: list[str] = []
    for number, spec in enumerate(fields, start=1):
        if not isinstance(spec, dict):
            add(f"field #{number} must be an object")
            continue
        problems.extend(field_problems(resource_name, spec, number, package_path))
        name = spec.get("name")
        if isinstance(name, str) and name:
            if name in names:
                add(f"field {name!r} is declared more than once", name)
            names.append(name)
    types = {
        spec["name"]: spec.get("type")
        for spec in fields
        if isinstance(spec, dict) and isinstance(spec.get("name"), str)
    }

    if "primaryKey" in schema:
        key, message = key_fields(schema["primaryKey"], "primaryKey")
        if message:
            add(message)
        for name in key or []:
            if name not in types:
                add(f"primaryKey names {name!r}, which is not a field of this schema", name)

    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        add("'foreignKeys' must be a list")
        foreign_keys = []
    for number, foreign_key in enumerate(foreign_keys, start=1):
        shape = foreign_key_shape_problems(foreign_key, number, types)
        if not shape and foreign_key["reference"]["resource"] in ("", resource_name):
            shape = reference_problems(foreign_key, number, types, types)
        for message, column in shape:
            add(message, column)
    return problems


def field_problems(resource_name: str, spec: dict, number: int, package_path: str) -> list[Problem]:
    """Everything wrong with one field of a resource's schema (``number`` counts from 1).

    Refuses a missing or empty ``name``, a missing or unknown ``type``, any property or
    constraint this validator does not implement (or that its type does not support), values
    of the wrong kind (``required: "yes"``, a ``minimum`` that is not of the field's type, a
    negative ``maxLength``, ``minimum`` above ``maximum``), a ``pattern`` that does not compile
    in Python or in RE2, a ``format`` other than ``default`` (strings may also be ``uri`` or
    ``email``), malformed ``categories`` and a misplaced ``x-partial-date``.
    """
    name = spec.get("name")
    named = isinstance(name, str) and bool(name)
    column = name if named else None
    label = where(resource_name, name if named else f"#{number}")
    problems: list[Problem] = []

    def add(message: str) -> None:
        problems.append(Problem(package_path, None, column, f"{label} {message}"))

    if not named:
        add("needs a 'name', a non-empty string")
    kind = spec.get("type")
    if kind is None:
        add("has no 'type'")
    elif kind not in TYPES:
        add(f"has the type {kind!r}, which this validator does not implement ({', '.join(TYPES)})")
    for key in spec:
        if key not in FIELD_PROPERTIES:
            add(f"declares the property {key!r}, which this validator does not implement")
    for key in ("title", "description"):
        if key in spec and not isinstance(spec[key], str):
            add(f"has a {key!r} that is not a string")
    if kind not in TYPES:
        return problems

    if "format" in spec and spec["format"] not in TYPE_FORMATS.get(kind, ("default",)):
        formats = ", ".join(TYPE_FORMATS.get(kind, ("default",)))
        add(
            f"declares the format {spec['format']!r}, which this validator does not implement "
            f"for {kind} fields ({formats})"
        )
    if PARTIAL_DATE_PROPERTY in spec:
        partial = spec[PARTIAL_DATE_PROPERTY]
        if not isinstance(partial, bool):
            add(f"has {PARTIAL_DATE_PROPERTY!r} that is not true or false")
        elif partial and kind != "string":
            add(f"declares {PARTIAL_DATE_PROPERTY!r} but is not a string field")
        elif partial and spec.get("format", "default") != "default":
            add(f"declares {PARTIAL_DATE_PROPERTY!r} and the format {spec['format']!r}")

    constraints = spec.get("constraints", {})
    if not isinstance(constraints, dict):
        add("has 'constraints' that is not an object")
        constraints = {}
    for message in constraint_problems(constraints, kind):
        add(message)
    for message in category_problems(spec, kind):
        add(message)
    return problems


def constraint_problems(constraints: dict, kind: str) -> list[str]:
    """What is wrong with a field's constraints, as the end of a sentence about the field."""
    messages = []
    is_value, value_words = VALUE_CHECKS[kind]
    for key, value in constraints.items():
        if key not in CONSTRAINTS:
            messages.append(
                f"declares the constraint {key!r}, which this validator does not implement"
            )
        elif key not in TYPE_CONSTRAINTS[kind]:
            messages.append(
                f"declares the constraint {key!r}, which this validator does not "
                f"implement for {kind} fields"
            )
        elif key in ("required", "unique") and not isinstance(value, bool):
            messages.append(f"has the constraint {key!r} that is not true or false")
        elif key == "enum" and (not isinstance(value, list) or not value):
            messages.append("has the constraint 'enum' that is not a non-empty list")
        elif key == "enum" and not all(is_value(item) for item in value):
            messages.append(f"has the constraint 'enum' with a value that is not {value_words}")
        elif key == "pattern" and (error := pattern_error(value)):
            messages.append(f"has the constraint 'pattern' {error}")
        elif key in ("minimum", "maximum") and not is_value(value):
            messages.append(f"has the constraint {key!r} that is not {value_words}")
        elif key in ("minLength", "maxLength") and not (is_integer(value) and value >= 0):
            messages.append(f"has the constraint {key!r} that is not a whole number >= 0")
    for low, high in (("minimum", "maximum"), ("minLength", "maxLength")):
        if low in constraints and high in constraints:
            least, most = constraints[low], constraints[high]
            try:
                wrong = (
                    is_value(least) if low == "minimum" else is_integer(least)
                ) and least > most
            except TypeError:
                wrong = False
            if wrong:
                messages.append(f"has the constraint {low!r} above {high!r}")
    return messages


def category_problems(spec: dict, kind: str) -> list[str]:
    """What is wrong with a field's ``categories`` and ``categoriesOrdered``."""
    messages = []
    if "categoriesOrdered" in spec:
        if not isinstance(spec["categoriesOrdered"], bool):
            messages.append("has 'categoriesOrdered' that is not true or false")
        if "categories" not in spec:
            messages.append("declares 'categoriesOrdered' without 'categories'")
    if "categories" not in spec:
        return messages
    categories = spec["categories"]
    if kind not in CATEGORY_TYPES:
        return [*messages, "declares categories, which apply only to string and integer fields"]
    if not isinstance(categories, list) or not categories:
        return [*messages, "has 'categories' that is not a non-empty list"]
    objects = [category for category in categories if isinstance(category, dict)]
    if objects and len(objects) != len(categories):
        return [*messages, "mixes plain values and objects in its categories"]
    is_value, value_words = VALUE_CHECKS[kind]
    values = []
    for number, category in enumerate(categories, start=1):
        if isinstance(category, dict):
            for key in category:
                if key not in CATEGORY_PROPERTIES:
                    messages.append(
                        f"has category #{number} with the property {key!r}, "
                        "which this validator does not implement"
                    )
            for key in ("label", "description"):
                if key in category and not isinstance(category[key], str):
                    messages.append(f"has category #{number} with a {key!r} that is not a string")
            if "value" not in category:
                messages.append(f"has category #{number} without a 'value'")
                continue
            category = category["value"]
        if not is_value(category):
            messages.append(f"has category #{number} whose value is not {value_words}")
        elif category in values:
            messages.append(f"lists the category {category!r} more than once")
        else:
            values.append(category)
    return messages


def key_fields(value: object, what: str) -> tuple[list[str] | None, str | None]:
    """A key's field names (a string or a non-empty list of distinct strings), or why not."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return None, f"{what} must be a field name or a non-empty list of field names"
    if len(set(value)) != len(value):
        return None, f"{what} names a field more than once"
    return value, None


def foreign_key_shape_problems(
    foreign_key: object, number: int, types: dict[str, object]
) -> list[tuple[str, str | None]]:
    """Problems with a foreign key's shape and its own fields: (message, column) pairs."""
    what = f"foreign key #{number}"
    if not isinstance(foreign_key, dict):
        return [(f"{what} must be an object with 'fields' and 'reference'", None)]
    found: list[tuple[str, str | None]] = []
    for key in foreign_key:
        if key not in FOREIGN_KEY_PROPERTIES:
            found.append(
                (
                    f"{what} declares the property {key!r}, which this validator does "
                    "not implement",
                    None,
                )
            )
    fields, message = key_fields(foreign_key.get("fields"), f"{what}'s 'fields'")
    if message:
        found.append((message, None))
    for name in fields or []:
        if name not in types:
            found.append((f"{what} names {name!r}, which is not a field of this schema", name))
    reference = foreign_key.get("reference")
    if not isinstance(reference, dict):
        return [*found, (f"{what} needs a 'reference' object with 'resource' and 'fields'", None)]
    for key in reference:
        if key not in REFERENCE_PROPERTIES:
            found.append(
                (
                    f"{what}'s reference declares the property {key!r}, which this "
                    "validator does not implement",
                    None,
                )
            )
    if not isinstance(reference.get("resource"), str):
        found.append((f"{what}'s reference needs a 'resource' name ('' for this resource)", None))
    target, message = key_fields(reference.get("fields"), f"{what}'s reference 'fields'")
    if message:
        found.append((message, None))
    if fields and target and len(fields) != len(target):
        found.append((f"{what} has {len(fields)} fields but its reference has {len(target)}", None))
    return found


def reference_problems(
    foreign_key: dict, number: int, types: dict[str, object], target_types: dict[str, object]
) -> list[tuple[str, str | None]]:
    """Referenced fields that do not exist, or whose type differs from the referring field's.

    ``foreign_key`` must have passed ``foreign_key_shape_problems``.
    """
    fields = key_fields(foreign_key["fields"], "")[0] or []
    target = key_fields(foreign_key["reference"]["fields"], "")[0] or []
    resource_name = foreign_key["reference"]["resource"] or "this resource"
    found: list[tuple[str, str | None]] = []
    for name, target_name in zip(fields, target, strict=True):
        if target_name not in target_types:
            found.append(
                (
                    f"foreign key #{number} refers to {target_name!r}, which is not a "
                    f"field of {resource_name!r}",
                    name,
                )
            )
        elif types.get(name) != target_types[target_name]:
            found.append(
                (
                    f"foreign key #{number}: {name!r} is {types.get(name)} but the "
                    f"{target_name!r} it refers to is {target_types[target_name]}",
                    name,
                )
            )
    return found


def resource_problems(resource: dict, number: int, package_path: str) -> list[Problem]:
    """Problems with a resource's own properties (not its path or schema).

    Only UTF-8 CSV files are read, with the default dialect, so ``dialect``, ``compression``,
    inline ``data``, ``bytes``, ``hash`` and any other property not implemented are refused.
    """
    name = resource.get("name")
    label = where(name) if isinstance(name, str) else f"resource #{number}"
    problems = []

    def add(message: str) -> None:
        problems.append(Problem(package_path, None, None, f"{label}: {message}"))

    if not isinstance(name, str) or not RESOURCE_NAME.fullmatch(name):
        add(
            "needs a 'name' of lower-case letters, digits, '_', '.' or '-' (starting with a "
            "letter or digit)"
        )
    for key, value in resource.items():
        if key in ("name", "path", "schema") or key in RESOURCE_METADATA:
            continue
        if key not in RESOURCE_FIXED:
            add(f"declares the property {key!r}, which this validator does not implement")
            continue
        allowed = RESOURCE_FIXED[key]
        if not isinstance(value, str):
            add(f"its {key!r} must be a string")
        elif allowed is not None and value.lower() not in allowed:
            add(f"its {key!r} is {value!r}; this validator only implements {', '.join(allowed)}")
    return problems


def package_problems(package: object, package_path: str) -> list[Problem]:
    """Everything wrong with a parsed ``datapackage.json``, as problems; never raises.

    The package must be an object with a non-empty list of ``resources``; each resource an
    object with a unique ``name`` matching ``^[a-z0-9][a-z0-9_.-]*$``, only implemented
    properties (see ``resource_problems``) and a schema that passes ``schema_problems``; each
    foreign key must name an existing resource (``""`` for itself) and as many existing fields
    there, of the same types. Resource paths are checked by ``resource_file``.
    """
    problems: list[Problem] = []

    def add(message: str, column: str | None = None) -> None:
        problems.append(Problem(package_path, None, column, message))

    if not isinstance(package, dict):
        add("the package must be a JSON object")
        return problems
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        add("the package needs 'resources', a non-empty list of resources")
        return problems

    schemas: dict[str, dict] = {}
    valid: dict[str, bool] = {}
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            add(f"resource #{number} must be an object")
            continue
        problems.extend(resource_problems(resource, number, package_path))
        name = resource.get("name")
        if not isinstance(name, str):
            continue
        found = schema_problems(name, resource.get("schema"), package_path)
        problems.extend(found)
        if name in schemas:
            add(f"{where(name)}: the name is used by another resource; names must be unique")
            continue
        schemas[name] = resource.get("schema")  # type: ignore[assignment]
        valid[name] = not found

    for name, schema in schemas.items():
        if not valid[name]:
            continue
        types = field_types(schema)
        for number, foreign_key in enumerate(schema.get("foreignKeys", []), start=1):
            target = foreign_key["reference"]["resource"]
            if target in ("", name):
                continue  # checked with the schema
            if target not in schemas:
                add(
                    f"{where(name)}: foreign key #{number} refers to the resource {target!r}, "
                    "which is not in the package",
                    foreign_key_column(foreign_key),
                )
            elif valid[target]:
                target_types = field_types(schemas[target])
                for message, column in reference_problems(foreign_key, number, types, target_types):
                    add(f"{where(name)}: {message}", column)
    return problems


def field_types(schema: dict) -> dict[str, object]:
    """Each field's type by name, from a schema that passed ``schema_problems``."""
    return {spec["name"]: spec["type"] for spec in schema["fields"]}


def foreign_key_column(foreign_key: dict) -> str:
    """The first field of a well-formed foreign key (the column its problems are put in)."""
    fields = foreign_key["fields"]
    return fields if isinstance(fields, str) else fields[0]


def resource_file(
    data_dir: Path, resource: dict, package_path: str
) -> tuple[Path | None, list[Problem]]:
    """The file of ``resource`` inside ``data_dir``, or ``None`` and the problems saying why.

    The ``path`` must be a string naming a file by a relative path inside ``data_dir``.
    Refused: no path, inline ``data``, a list (multipart resources are not supported), a
    non-string, an empty path, control characters, backslashes, a URL or anything with a
    colon, an absolute path, any ``..`` part, a symbolic link (the file or a folder on the
    way), a path that resolves outside ``data_dir``, and something that exists but is not a
    regular file. A missing file is not refused here: reading it reports it.
    """
    name = resource.get("name") if isinstance(resource, dict) else None
    label = where(name)

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(package_path, None, None, f"{label}: {message}")]

    if not isinstance(resource, dict):
        return refuse("must be an object")
    if "data" in resource:
        return refuse("inline 'data' is not supported; give a 'path' to a CSV file")
    if "path" not in resource:
        return refuse("has no 'path'")
    path = resource["path"]
    if isinstance(path, list):
        return refuse("its path is a list (a multipart resource), which is not supported")
    if not isinstance(path, str):
        return refuse("its path must be a string")
    if not path.strip() or path != path.strip():
        return refuse(f"its path {path!r} is empty or has surrounding spaces")
    if any(ord(character) < 32 or ord(character) == 127 for character in path):
        return refuse(f"its path {path!r} contains a control character")
    if "\\" in path:
        return refuse(f"its path {path!r} contains a backslash; use '/' between folders")
    if ":" in path:
        return refuse(f"its path {path!r} is a URL or has a colon; only local files are read")
    relative = PurePosixPath(path)
    if relative.is_absolute():
        return refuse(f"its path {path!r} is absolute; it must be relative to the data folder")
    if ".." in relative.parts:
        return refuse(f"its path {path!r} has a '..' part; it must stay inside the data folder")
    if not relative.parts:
        return refuse(f"its path {path!r} names no file")

    candidate = data_dir
    for part in relative.parts:
        candidate = candidate / part
        if candidate.is_symlink():
            return refuse(f"its path {path!r} goes through a symbolic link, which is not allowed")
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError) as err:
        return refuse(f"its path {path!r} cannot be resolved: {err}")
    if not inside:
        return refuse(f"its path {path!r} leads outside the data folder")
    if candidate.exists() and not candidate.is_file():
        return refuse(f"its path {path!r} is not a regular file")
    return candidate, []
