"""The rules as dated values: steps over time as a plain query, and in-force rows checked."""

from __future__ import annotations

import pytest

from metrics.dataset import load_dataset
from metrics.problems import DatasetError
from metrics.rules import in_force_on, steps

from conftest import set_cell


def test_a_rules_steps_are_its_enacted_values_in_order(dataset):
    table = steps(dataset.rules, "mazhilis_threshold", "chamber")
    assert list(table["value"]) == [7, 5]
    assert list(table["valid_from"]) == ["2007-05", "2021-05-25"]
    assert list(table["valid_to"]) == ["2021-05-25", ""]  # the last step is still in force
    assert table["acts"].iloc[1] == "An amendment signed in May 2021"


def test_a_proposal_is_never_a_step(dataset):
    assert 3 not in set(steps(dataset.rules, "mazhilis_threshold", "chamber")["value"])


def test_an_unknown_rule_has_no_steps(dataset):
    assert steps(dataset.rules, "no_such_rule").empty


@pytest.mark.parametrize(
    ("day", "value"),
    [("2006", None), ("2010-01-01", 7), ("2021-05-24", 7), ("2021-05-26", 5), ("2007-05-10", None),
     ("2007", None), ("2024", 5)],
)  # fmt: skip
def test_the_value_in_force_on_a_day(dataset, day, value):
    """A day inside a step's imprecise start (May 2007) cannot be told, nor a day before it."""
    assert in_force_on(steps(dataset.rules, "mazhilis_threshold", "chamber"), day) == value


def test_an_in_force_row_that_contradicts_the_steps_is_refused(data_copy):
    line = set_cell(data_copy, "rules.csv", "R0003", "value", "7")  # 7 % said to hold in 2023
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, "value")
    assert "7 is said to be in force on 2023-03-19, but the enacted value then is 5" in str(problem)


def test_a_rule_must_be_a_rule_metric(data_copy):
    line = set_cell(data_copy, "rules.csv", "R0001", "rule", "turnout")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    assert any(
        (p.line, p.column) == (line, "rule") and "value kind rule_value" in p.message
        for p in caught.value.problems
    )


def test_the_real_rules_have_steps(real_dataset):
    """Property: at least six rules have two or more dated values."""
    keys = real_dataset.rules[["rule", "body"]].drop_duplicates().itertuples(index=False)
    with_steps = [k for k in keys if len(steps(real_dataset.rules, k.rule, k.body)) >= 2]
    assert len(with_steps) >= 6
