"""The counts must agree: each arithmetic rule fails on its own broken copy of the fixture."""

from __future__ import annotations

import pytest

from metrics.arithmetic import within_rounding
from metrics.dataset import load_dataset
from metrics.problems import DatasetError

from conftest import set_cell


def problems_after(data_copy, *edits) -> list[str]:
    """The problems ``load_dataset`` reports after setting each (row id, column, value) of facts."""
    for fact_id, column, value in edits:
        set_cell(data_copy, "facts.csv", fact_id, column, value)
    try:
        load_dataset(data_copy)
    except DatasetError as err:
        return [str(p) for p in err.problems]
    return []


def test_the_fixtures_counts_add_up(data_copy):
    assert problems_after(data_copy) == []


@pytest.mark.parametrize(
    ("edits", "words"),
    [
        # a vote changed: the options and the invalid ballots no longer make the ballots cast
        ([("F0032", "value", "235")], "plus invalid ballots 20 (F0030) make 801, but ballots cast are 800 (F0028)"),
        # the invalid ballots changed: valid + invalid no longer make the ballots cast
        ([("F0030", "value", "21")], "valid ballots 780 (F0029) plus invalid ballots 21 (F0030) are not ballots cast 800"),
        # the valid ballots changed: the options no longer make them
        ([("F0029", "value", "781")], "votes per option 546 (F0031), 234 (F0032) make 780, but valid ballots are 781"),
        # turnout no longer ballots cast over registered voters
        ([("F0006", "value", "78.5")], "turnout 78.5 (F0006) is not ballots cast 800 (F0028) over registered voters 1,032"),
        # a share no longer its votes over the valid ballots
        ([("F0003", "value", "71"), ("F0004", "value", "29")], "the share 71 (F0003) of 'tokayev' is not its votes 546"),
        # seats no longer add up to the chamber
        ([("F0037", "value", "44")], "seats new-party 55 (F0036), other-party 44 (F0037) do not add up to the chamber's size 100"),
    ],
)  # fmt: skip
def test_each_rule_fails_on_its_broken_copy(data_copy, edits, words):
    problems = problems_after(data_copy, *edits)
    assert any(words in p for p in problems), problems
    assert all("series.csv" in p for p in problems if "do not add up" in p)


def test_a_misprint_kept_with_its_caveat_is_left_out_of_the_sums(data_copy):
    # F0033 is the agency's misprint (243 for 234): with its caveat it takes part in nothing
    assert problems_after(data_copy) == []
    problems = problems_after(data_copy, ("F0033", "caveat", ""), ("F0033", "status", "final"))
    assert problems, "without the caveat, the misprint would be summed and fail"


def test_a_sum_is_not_checked_when_an_option_lacks_its_votes(data_copy):
    """The votes of every option with a share are needed: a partial list is not a total."""
    import csv

    path = data_copy / "facts.csv"
    rows = [r for r in csv.reader(path.open(encoding="utf-8", newline="")) if r[0] != "F0032"]
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    assert problems_after(data_copy) == []


@pytest.mark.parametrize(
    ("written", "computed", "agrees"),
    [(70.0, 70.0, True), (68.05, 68.0535, True), (68.44, 68.448, True),  # cut, not rounded
     (68.4, 68.52, False), (77.5, 77.519, True), (77.4, 77.51, False), (3, 3.9, True), (3, 4.1, False)],
)  # fmt: skip
def test_within_rounding(written, computed, agrees):
    assert within_rounding(written, computed) is agrees
