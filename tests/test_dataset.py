"""The dataset as a whole: the real data validates, and datapackage.json describes it exactly."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from metrics.dataset import DATA_DIR_VARIABLE, REPOSITORY_DATA_DIR, default_data_dir, load_dataset
from metrics.problems import DatasetError

from conftest import read_rows

PACKAGE = json.loads((REPOSITORY_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_csv_column_is_described_and_every_described_column_exists(name):
    resource = RESOURCES[name]
    header = read_rows(REPOSITORY_DATA_DIR / resource["path"])[0]
    described = [field["name"] for field in resource["schema"]["fields"]]
    assert header == described
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"
        assert field["type"] in {"string", "number", "integer", "boolean"}


def test_every_csv_in_data_is_a_resource():
    files = {path.name for path in REPOSITORY_DATA_DIR.glob("*.csv")}
    assert files == {resource["path"] for resource in RESOURCES.values()}


VOCABULARY_COLUMNS = {
    "sphere": [("facts", "sphere"), ("events", "sphere")],
    "kind": [("sources", "kind")],
    "status": [("facts", "status")],
    "date_basis": [("events", "date_basis")],
}


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARY_COLUMNS))
def test_enums_match_the_package_vocabularies(vocabulary):
    terms = list(PACKAGE["vocabularies"][vocabulary])
    for resource, column in VOCABULARY_COLUMNS[vocabulary]:
        (field,) = [f for f in RESOURCES[resource]["schema"]["fields"] if f["name"] == column]
        assert field["constraints"]["enum"] == terms, f"{resource}.{column}"
    assert all(definition.strip() for definition in PACKAGE["vocabularies"][vocabulary].values())


def test_sphere_vocabulary_covers_the_required_spheres():
    required = {
        "political",
        "electoral",
        "judicial_legal",
        "economic",
        "social",
        "digital",
        "foreign_policy",
    }
    assert required <= set(PACKAGE["vocabularies"]["sphere"])


def test_real_dataset_is_valid_and_typed(dataset):
    assert len(dataset.sources) >= 5 and len(dataset.facts) > 10 and len(dataset.events) > 10
    assert dataset.facts["value"].dtype == "float64"
    assert dataset.facts["year"].dtype == pd.Int64Dtype()
    assert dataset.facts["is_lower_bound"].dtype == pd.BooleanDtype()
    assert dataset.series["complete"].dtype == pd.BooleanDtype()


def test_core_articles_are_flagged_as_opinion_with_their_disclaimers(dataset):
    core = dataset.sources[dataset.sources["text_file"] != ""]
    assert len(core) == 5
    assert set(core["kind"]) <= {"opinion", "sponsored"}
    ai_assisted = core[core["notes"].str.contains("AI tools")]
    assert list(ai_assisted["text_file"]) == ["004_e4a8f00040659de0.txt"]


def test_each_fact_has_its_own_source_and_evidence(dataset):
    facts = dataset.facts
    assert facts["fact_id"].is_unique
    assert (facts["evidence"].str.len() > 20).all()


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


def test_a_vocabulary_term_that_is_not_a_plain_name_is_refused(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["vocabularies"]["sphere"]["[click](javascript:alert(1))"] = "a hostile term"
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.column == "vocabularies"
    assert (
        "'sphere' term '[click](javascript:alert(1))' is not a snake_case name" in problem.message
    )
