"""The coverage table: what each vote has, at which status, and what was searched for."""

from __future__ import annotations

from metrics.coverage import FIGURES, coverage_matrix, coverage_table


def cell(table, series_id, figure):
    return table[(table["series_id"] == series_id) & (table["figure"] == figure)].iloc[0]


def test_every_vote_gets_a_row_per_kind_of_figure(dataset):
    table = coverage_table(dataset)
    votes = dataset.series[dataset.series["kind"].isin(["election", "referendum"])]
    assert len(table) == len(votes) * len(FIGURES)


def test_a_figure_held_shows_its_best_status_and_sources(dataset):
    turnout = cell(coverage_table(dataset), "presidential-2019", "Turnout")
    assert (turnout["coverage"], turnout["best_status"]) == ("have", "final")
    assert turnout["sources"] == "Fixture Encyclopedia; Fixture News Agency"


def test_a_gap_says_it_was_searched_for_and_what_was_found(dataset):
    register = cell(coverage_table(dataset), "chamber-2023", "Registered voters")
    assert register["coverage"] == "searched, not found" and register["note"] == "Not found."


def test_seats_are_not_applicable_to_a_vote_without_seats(dataset):
    table = coverage_table(dataset)
    assert cell(table, "referendum-2022", "Seats per party")["coverage"] == "not applicable"
    assert cell(table, "chamber-2023", "Seats per party")["best_status"] == "final"


def test_a_misprint_does_not_count_as_coverage(dataset):
    """F0033 (a misprint, with its caveat) is the only preliminary vote count: it is not coverage."""
    votes = cell(coverage_table(dataset), "presidential-2019", "Votes per option")
    assert votes["best_status"] == "final" and "Fixture News Agency" not in votes["sources"]


def test_the_matrix_has_a_row_per_vote_in_time_order(dataset):
    matrix = coverage_matrix(coverage_table(dataset))
    assert list(matrix["Vote"]) == [
        "Presidential election, June 2019", "Chamber election, January 2021",
        "Elections of rural akims, July 2021", "Referendum, June 2022",
        "Chamber election, March 2023",
    ]  # fmt: skip
    assert matrix.set_index("Vote").loc["Chamber election, March 2023", "Registered voters"] == (
        "not found"
    )


def test_the_real_coverage_table_builds_and_names_no_unknown_state(real_dataset):
    table = coverage_table(real_dataset)
    assert set(table["coverage"]) <= {
        "have",
        "searched, not found",
        "not recorded",
        "not applicable",
    }
    assert (table["coverage"] == "have").sum() > len(table) / 2
