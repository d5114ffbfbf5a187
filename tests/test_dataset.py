"""The package as a whole: the real data's properties, and the loader's behaviour on the fixture."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from metrics import __version__
from metrics.audit import audit
from metrics.charts import ChartInputs, every_chart
from metrics.dataset import (
    DATA_DIR_VARIABLE,
    DERIVED_FACT_COLUMNS,
    REPOSITORY_DATA_DIR,
    SHARED_VOCABULARIES,
    VOCABULARIES,
    default_data_dir,
    load_dataset,
)
from metrics.filters import default_filters, filter_events, filter_ranked_facts
from metrics.problems import DatasetError

from conftest import FIXTURE_DATA_DIR, read_rows

PACKAGE = json.loads((REPOSITORY_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


# --- the real data: properties only -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_csv_column_is_described_and_every_described_column_exists(name):
    resource = RESOURCES[name]
    header = read_rows(REPOSITORY_DATA_DIR / resource["path"])[0]
    described = [field["name"] for field in resource["schema"]["fields"]]
    assert header == described
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


def test_every_csv_in_data_is_a_resource():
    files = {path.name for path in REPOSITORY_DATA_DIR.glob("*.csv")}
    assert files == {resource["path"] for resource in RESOURCES.values()}


def test_the_reference_validator_accepts_the_package():
    import frictionless

    report = frictionless.validate(str(REPOSITORY_DATA_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_reference_validator_rejects_a_broken_foreign_key(real_data_copy):
    """The reference validator really checks what we rely on it for: here, a foreign key."""
    import frictionless

    path = real_data_copy / "facts.csv"
    rows = read_rows(path)
    rows[1][rows[0].index("metric")] = "no_such_metric"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(real_data_copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_vocabularies_are_categories_with_labels_and_definitions(real_dataset):
    for name in VOCABULARIES:
        vocabulary = real_dataset.vocabularies[name]
        assert vocabulary.terms, name
        for term in vocabulary.terms:
            assert vocabulary.labels[term].strip() and vocabulary.definitions[term].strip()
    assert "vocabularies" not in PACKAGE  # the standard's own means, not a custom block
    for field in (f for r in PACKAGE["resources"] for f in r["schema"]["fields"]):
        assert "enum" not in field.get("constraints", {}), field["name"]


def test_the_real_dataset_validates_and_types_its_columns(real_dataset):
    facts = real_dataset.facts
    assert facts["value"].dtype == "float64"
    assert facts["year"].dtype == pd.Int64Dtype()
    assert facts["is_lower_bound"].dtype == pd.BooleanDtype()
    assert real_dataset.series["complete"].dtype == pd.BooleanDtype()
    assert set(real_dataset.tables()["facts"].columns).isdisjoint(DERIVED_FACT_COLUMNS)


def test_core_articles_are_flagged_as_opinion_with_their_disclaimers(real_dataset):
    core = real_dataset.sources[real_dataset.sources["text_file"] != ""]
    assert not core.empty
    assert set(core["kind"]) <= {"opinion", "sponsored"}
    assert (core["notes"].str.len() > 0).all()


def test_the_dataset_version_is_the_packages_not_the_codes(real_dataset):
    assert real_dataset.version == PACKAGE["version"]
    assert __version__ != "0+unknown"  # the installed distribution's version


def test_fixture_schemas_are_the_real_schemas():
    """The fixture is frozen in content, never in form: it must follow the package's schema."""
    fixture = json.loads((FIXTURE_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["schema"] for r in fixture["resources"]] == [
        r["schema"] for r in PACKAGE["resources"]
    ]


def append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV, by column name."""
    header = read_rows(path)[0]
    with path.open("a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        for row in rows:
            writer.writerow(row)


def test_adding_facts_a_source_and_a_party_keeps_everything_working(real_data_copy, sources_dir):
    """Ten facts, a source and a party with its labels added to real data: nothing else moves."""
    before = load_dataset(real_data_copy)
    append_rows(real_data_copy / "sources.csv", [{
        "source_id": "test-added-source", "title": "An added page", "publisher": "Test Agency",
        "published": "2026-01-02", "url": "https://example.org/added", "kind": "news_agency",
        "accessed": "2026-01-03",
    }])  # fmt: skip
    append_rows(real_data_copy / "entities.csv", [{
        "entity_id": "test-added-party", "name": "Added Party", "kind": "party",
    }])  # fmt: skip
    append_rows(real_data_copy / "labels.csv", [{
        "table": "entities", "key": "test-added-party", "field": "name", "en": "Added Party",
        "kk": "Қосылған партия", "ru": "Добавленная партия", "basis": "translation",
    }])  # fmt: skip
    series = before.series["series_id"].iloc[0]
    append_rows(real_data_copy / "facts.csv", [
        {"fact_id": f"F9{n:03d}", "source_id": "test-added-source", "metric": "seats",
         "series": series, "subject": "test-added-party", "value": str(n), "date": "2026-01",
         "sphere": "electoral", "evidence": "An added figure for the test.", "status": "reported",
         "is_lower_bound": "false", "is_approximate": "false"}
        for n in range(10)
    ])  # fmt: skip
    after = load_dataset(real_data_copy)
    assert len(after.facts) == len(before.facts) + 10
    assert audit(after, sources_dir).ok
    assert built_charts(after) >= built_charts(before)


def built_charts(dataset) -> int:
    """Every chart of the registry built from ``dataset``; the number that had rows."""
    from metrics.chart_data import ranked_for_kinds

    filters = default_filters(dataset)
    facts = filter_ranked_facts(ranked_for_kinds(dataset, filters.kinds), filters)
    inputs = ChartInputs(facts, filter_events(dataset.events, dataset.sources, filters), dataset)
    built = 0
    for chart in every_chart(inputs):
        table = chart.rows(inputs)
        if not table.empty:
            chart.figure(table).to_dict()
            assert chart.alt(table)
            built += 1
    return built


def test_every_chart_builds_from_the_real_data(real_dataset):
    assert built_charts(real_dataset) > 0


# --- the loader's behaviour, on copies of the fixture --------------------------------------


def test_data_dir_comes_from_the_environment(monkeypatch, data_copy):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    assert default_data_dir() == data_copy
    assert load_dataset().data_dir == data_copy
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    assert default_data_dir() == REPOSITORY_DATA_DIR


def test_missing_data_directory_is_a_dataset_error(tmp_path):
    with pytest.raises(DatasetError, match="data directory not found"):
        load_dataset(tmp_path / "nowhere")


def test_broken_datapackage_json_names_its_line(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"resources": [', '"resources": [,', 1)
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert (
        problem.file == str(path) and problem.line is not None and "invalid JSON" in problem.message
    )


def edit_package(data_copy: Path, edit) -> Path:
    """Apply ``edit`` to the copy's parsed datapackage.json and write it back."""
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    edit(package)
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def field_of(package: dict, resource: str, field: str) -> dict:
    spec = next(r for r in package["resources"] if r["name"] == resource)
    return next(f for f in spec["schema"]["fields"] if f["name"] == field)


@pytest.mark.parametrize(
    ("term", "label", "message"),
    [
        ("[click](javascript:alert(1))", "Click", "is not a snake_case name"),
        ("hostile", ":material/warning: Danger", "is not plain words"),
        ("hostile", ":red[Red]", "is not plain words"),
        ("hostile", "**bold**", "is not plain words"),
    ],
)
def test_a_vocabulary_term_or_label_that_is_not_plain_is_refused(data_copy, term, label, message):
    def add_category(package):
        for resource, field in [("facts", "sphere"), *SHARED_VOCABULARIES["sphere"]]:
            field_of(package, resource, field)["categories"].append(
                {"value": term, "label": label, "description": "A hostile category."}
            )

    path = edit_package(data_copy, add_category)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    assert any(
        p.file == str(path) and p.column == "facts.sphere" and message in p.message
        for p in caught.value.problems
    ), caught.value.report()


def test_a_shared_vocabulary_declared_differently_is_refused(data_copy):
    def drop_one(package):
        field_of(package, "events", "sphere")["categories"].pop()

    edit_package(data_copy, drop_one)
    with pytest.raises(DatasetError, match="'sphere' vocabulary must be declared the same"):
        load_dataset(data_copy)


def test_a_fact_with_an_unknown_metric_or_subject_is_refused(data_copy):
    path = data_copy / "facts.csv"
    rows = read_rows(path)
    header = rows[0]
    rows[1][header.index("metric")] = "vote_shares"  # a typo that once started a new group
    rows[2][header.index("subject")] = "tokayev-typo"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    found = {(p.line, p.column) for p in caught.value.problems}
    assert {(2, "metric"), (3, "subject")} <= found, caught.value.report()


def test_a_count_that_is_not_whole_is_refused(data_copy):
    from conftest import set_cell

    line = set_cell(data_copy, "facts.csv", "F0020", "value", "3708.5")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, "value")
    assert "not a whole number" in problem.message


def test_a_series_body_must_be_a_body(data_copy):
    from conftest import set_cell

    line = set_cell(data_copy, "series.csv", "chamber-after-reform", "body", "tokayev")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, "body")
    assert "is not an entity of kind 'body'" in problem.message


def test_an_access_date_must_be_a_full_day(data_copy):
    from conftest import set_cell

    line = set_cell(data_copy, "sources.csv", "court-news", "accessed", "2026-01")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    assert any((p.line, p.column) == (line, "accessed") for p in caught.value.problems), (
        caught.value.report()
    )


def test_registries_give_names_and_colours(dataset):
    assert dataset.entity_name("new-party") == "New Party"
    assert dataset.entity_rows["new-party"]["predecessor_id"] == "old-party"
    assert dataset.metric_title("appeals_received") == "Appeals received"
    assert dataset.label("sphere", "judicial_legal") == "Judicial and legal"
    assert dataset.label("kind", "news_agency") == "News agency"


@pytest.mark.parametrize("path", ["../outside/facts.csv", "/etc/passwd", "sub/../../facts.csv"])
def test_a_resource_path_that_leaves_the_data_directory_is_refused(data_copy, path):
    def point_facts_elsewhere(package):
        next(r for r in package["resources"] if r["name"] == "facts")["path"] = path

    package_path = edit_package(data_copy, point_facts_elsewhere)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    problems = caught.value.problems
    assert problems and all(p.file == str(package_path) for p in problems)
    assert "root:" not in caught.value.report()  # nothing of /etc/passwd is read or shown


def test_a_resource_that_is_a_symlink_is_refused(data_copy, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes((data_copy / "excluded.csv").read_bytes())
    (data_copy / "excluded.csv").unlink()
    (data_copy / "excluded.csv").symlink_to(outside)
    with pytest.raises(DatasetError, match=r"symlink|symbolic link"):
        load_dataset(data_copy)


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda package: package["resources"][0].pop("schema"), "schema"),
        (lambda package: package["resources"][0]["schema"]["fields"][0].update(type="text"), "type"),
        (lambda package: package["resources"][0]["schema"]["fields"][0]["constraints"].update(
            pattern="(["), "pattern"),
    ],
)  # fmt: skip
def test_a_broken_descriptor_names_the_field(data_copy, edit, words):
    edit_package(data_copy, edit)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    report = caught.value.report()
    assert words in report and "unexpected" not in report and "sources" in report
