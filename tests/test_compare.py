"""What changed between two votes: shares, seats and turnout, renamed parties matched."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import chart_data
from metrics.compare import comparable_pairs, comparison, lineage, rules_between, turnout_change
from metrics.filters import default_filters, filter_ranked_facts


@pytest.fixture(scope="module")
def facts(dataset):
    filters = default_filters(dataset)
    return filter_ranked_facts(chart_data.ranked_for_kinds(dataset, filters.kinds), filters)


def test_a_renamed_party_is_the_same_party(facts, dataset):
    table = comparison(facts, dataset, "chamber-2021", "chamber-2023").set_index("lineage")
    party = table.loc["old-party"]
    assert (party["subject_first"], party["subject_second"]) == ("old-party", "new-party")
    assert party["name"] == "New Party"  # the later name
    assert (party["share_first"], party["share_second"], party["share_change"]) == (60, 55, -5)
    other = table.loc["other-party"]
    assert other["share_change"] == 5


def test_a_subject_in_one_vote_only_has_a_gap_not_a_zero(facts, dataset):
    table = comparison(facts, dataset, "chamber-2021", "chamber-2023").set_index("lineage")
    assert pd.isna(table.loc["old-party", "seats_first"])  # no seats given for 2021
    assert table.loc["old-party", "seats_second"] == 55
    assert pd.isna(table.loc["old-party", "seats_change"])


def test_turnout_change_in_points(facts):
    assert turnout_change(facts, "presidential-2019", "chamber-2021") == (77.5, 63.25, -14.25)
    assert turnout_change(facts, "presidential-2019", "no-such-vote") == (77.5, None, None)


def test_comparable_pairs_are_of_one_kind_and_share_a_subject(facts, dataset):
    assert comparable_pairs(facts, dataset) == [("chamber-2021", "chamber-2023")]


def test_rules_that_changed_between_two_dates(dataset):
    changed = rules_between(dataset, "2021-01-10", "2023-03-19")
    assert list(zip(changed["rule"], changed["before"], changed["after"], strict=True)) == [
        ("mazhilis_threshold", 7, 5)
    ]
    assert rules_between(dataset, "2022-01", "2023-03-19").empty


def test_lineage_follows_predecessors_and_stops_on_a_cycle():
    assert lineage("c", {"c": "b", "b": "a", "a": ""}) == "a"
    assert lineage("x", {"x": "y", "y": "x"}) in {"x", "y"}


def test_the_real_mazhilis_elections_compare(real_dataset):
    filters = default_filters(real_dataset)
    facts = filter_ranked_facts(chart_data.ranked_for_kinds(real_dataset, filters.kinds), filters)
    table = comparison(facts, real_dataset, "mazhilis-2021", "mazhilis-2023").set_index("lineage")
    assert table.loc["nur-otan", "subject_second"] == "amanat"  # renamed, matched
    assert ("mazhilis-2021", "mazhilis-2023") in comparable_pairs(facts, real_dataset)
