"""The preference rule: which figure is shown when sources give several, and when they disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.preference import Ranking, format_value, group_disagrees, rank_facts

SOURCES = pd.DataFrame(
    {
        "source_id": ["cec", "tass", "wiki", "paper", "oped", "ad"],
        "kind": ["official", "news_agency", "reference", "news", "opinion", "sponsored"],
        "publisher": ["CEC", "TASS", "Wikipedia", "Daily", "Op-ed", "Advert"],
        "published": ["2019-06-11", "2019-06-10", "2020", "2019-06-12", "2022", "2023"],
    }
)
SERIES = pd.DataFrame({"series_id": ["vote", "court"], "kind": ["election", "institution"]})
RANKING = Ranking(
    status=("final", "preliminary", "reported"),
    kind=("official", "news_agency", "reference", "news", "opinion", "sponsored"),
)


def facts(*rows: tuple) -> pd.DataFrame:
    """Facts from (fact_id, source_id, series, value, status, date, lower_bound) tuples."""
    frame = pd.DataFrame(
        rows,
        columns=["fact_id", "source_id", "series", "value", "status", "date", "is_lower_bound"],
    )
    return frame.assign(metric="m", subject="s", unit="count")


def preferred_id(frame: pd.DataFrame) -> str:
    ranked = rank_facts(frame, SOURCES, SERIES, RANKING)
    return ranked.loc[ranked["is_preferred"], "fact_id"].item()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # final beats preliminary, whatever the source
        ([("F1", "tass", "vote", 70.76, "preliminary", "2019-06-09", False),
          ("F2", "oped", "vote", 70.96, "final", "2019-06-09", False)], "F2"),
        # same status: official beats news agency beats reference beats news beats opinion
        ([("F1", "oped", "vote", 1, "final", "2019", False),
          ("F2", "paper", "vote", 2, "final", "2019", False),
          ("F3", "wiki", "vote", 3, "final", "2019", False),
          ("F4", "tass", "vote", 4, "final", "2019", False)], "F4"),
        ([("F1", "tass", "vote", 4, "final", "2019", False),
          ("F2", "cec", "vote", 5, "final", "2019", False)], "F2"),
        ([("F1", "ad", "vote", 4, "reported", "2019", False),
          ("F2", "oped", "vote", 5, "reported", "2019", False)], "F2"),
        # same status and kind: the later figure wins (fact date first)
        ([("F1", "oped", "vote", 4, "reported", "2019-06", False),
          ("F2", "oped", "vote", 5, "reported", "2019-07", False)], "F2"),
        # a full tie on rank: an exact value beats a lower bound
        ([("F1", "tass", "vote", 5000, "reported", "2023", True),
          ("F2", "tass", "vote", 4000, "reported", "2023", False)], "F2"),
        # a complete tie goes to the lowest fact_id, whatever the row order
        ([("F9", "tass", "vote", 1, "final", "2019", False),
          ("F3", "tass", "vote", 2, "final", "2019", False)], "F3"),
        # a lower bound from a better source beats an exact figure from a worse one
        ([("F1", "oped", "court", 3708, "reported", "2023", False),
          ("F2", "paper", "court", 5000, "reported", "2023", True)], "F2"),
    ],
)  # fmt: skip
def test_preferred_figure(rows, expected):
    assert preferred_id(facts(*rows)) == expected


def test_institution_figures_as_of_different_dates_are_separate_points():
    ranked = rank_facts(
        facts(
            ("F1", "paper", "court", 3000, "reported", "2023-06-20", True),
            ("F2", "paper", "court", 5000, "reported", "2023", True),
        ),
        SOURCES,
        SERIES,
        RANKING,
    )
    assert ranked["is_preferred"].all()
    assert (ranked["values_in_group"] == 1).all()


def test_election_figures_of_different_date_precision_are_the_same_figure():
    ranked = rank_facts(
        facts(
            ("F1", "oped", "vote", 70.96, "reported", "2019-06", False),
            ("F2", "cec", "vote", 70.96, "final", "2019-06-09", False),
        ),
        SOURCES,
        SERIES,
        RANKING,
    )
    assert list(ranked["is_preferred"]) == [False, True]
    assert not ranked["disagrees"].any()
    assert ranked.loc[1, "other_values"] == "70.96 (reported, Op-ed)"


def test_disagreement_is_marked_on_every_row_of_the_group():
    ranked = rank_facts(
        facts(
            ("F1", "tass", "vote", 70.76, "preliminary", "2019-06-09", False),
            ("F2", "cec", "vote", 70.96, "final", "2019-06-09", False),
        ),
        SOURCES,
        SERIES,
        RANKING,
    )
    assert ranked["disagrees"].all()
    assert ranked.set_index("fact_id").loc["F2", "other_values"] == "70.76 (preliminary, TASS)"


@pytest.mark.parametrize(
    ("values", "bounds", "disagree"),
    [
        ([70.96, 70.96], [False, False], False),
        ([70.96, 70.76], [False, False], True),
        ([62.8, 62.79], [False, False], False),  # a rounded figure agrees with its source
        ([62.8, 62.74], [False, False], True),
        ([77.4, 77.5], [False, False], True),
        ([3708, 5000], [False, True], True),   # exact figure below another source's bound
        ([5500, 5000], [False, True], False),  # consistent with the bound
        ([3000, 5000], [True, True], False),   # two bounds never conflict
        ([5000], [True], False),
    ],
)  # fmt: skip
def test_group_disagrees(values, bounds, disagree):
    assert group_disagrees(pd.Series(values, dtype=float), pd.Series(bounds)) is disagree


def test_empty_facts_rank_to_an_empty_frame_with_the_columns():
    ranked = rank_facts(facts().iloc[0:0], SOURCES, SERIES, RANKING)
    assert ranked.empty and {"is_preferred", "disagrees", "other_values"} <= set(ranked.columns)


@pytest.mark.parametrize(
    ("value", "unit", "bound", "text"),
    [(70.96, "percent", False, "70.96 %"), (3708, "count", False, "3,708"),
     (5000, "count", True, "more than 5,000"), (62.8, "percent", False, "62.8 %"), (0, "percent", False, "0 %")],
)  # fmt: skip
def test_format_value(value, unit, bound, text):
    assert format_value(value, unit, bound) == text


def test_the_ranking_follows_the_order_of_the_packages_categories(dataset, real_dataset):
    # the documented rule (README, module docstring) is the packages' order
    for package in (dataset, real_dataset):
        assert package.ranking.status == ("final", "preliminary", "reported")
        assert package.ranking.kind == RANKING.kind
    frame = facts(
        ("F1", "tass", "vote", 1, "preliminary", "2019", False),
        ("F2", "oped", "vote", 2, "final", "2019", False),
    )
    assert preferred_id(frame) == "F2"
    reversed_status = Ranking(tuple(reversed(RANKING.status)), RANKING.kind)
    ranked = rank_facts(frame, SOURCES, SERIES, reversed_status)
    assert ranked.loc[ranked["is_preferred"], "fact_id"].item() == "F1"


def test_a_round_about_figure_is_not_held_to_the_digit():
    values, bounds = pd.Series([3950.0, 4000.0]), pd.Series([False, False])
    assert group_disagrees(values, bounds, pd.Series([False, True])) is False
    assert group_disagrees(values, bounds) is True


def test_an_exact_figure_beats_an_about_figure_of_the_same_rank():
    frame = facts(
        ("F1", "tass", "vote", 4000, "reported", "2023", False),
        ("F2", "tass", "vote", 3950, "reported", "2023", False),
    )
    frame["is_approximate"] = [True, False]
    assert preferred_id(frame) == "F2"


def test_format_value_of_an_about_figure():
    assert format_value(4000, "count", is_approximate=True) == "about 4,000"
