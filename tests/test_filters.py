"""Filters: what each narrows, and what a link's unusable parameters produce."""

from __future__ import annotations

import pytest

from metrics.filters import (
    EventKeys,
    Filters,
    default_filters,
    event_keys,
    filter_events,
    filter_facts,
    filter_summary,
    filters_slug,
    ignored_param_notices,
    kind_options,
    nearest_year_range,
    parse_year,
    relabelled_choices,
    shows_everything,
    sphere_options,
    year_bounds,
)

SPHERES = {
    "political": "Political",
    "electoral": "Electoral",
    "judicial_legal": "Judicial and legal",
}
KINDS = {"news": "News", "opinion": "Opinion"}


def test_defaults_cover_the_whole_dataset(dataset):
    defaults = default_filters(dataset)
    assert defaults.years == (2019, 2025)  # facts to 2025, events to 2024
    assert defaults.spheres == dataset.vocabularies["sphere"].terms
    assert filter_facts(dataset.facts, dataset.sources, defaults).equals(dataset.facts)
    assert filter_events(dataset.events, dataset.sources, defaults).equals(dataset.events)


def test_year_range_keeps_only_those_years(dataset):
    narrowed = Filters((2022, 2023), tuple(sphere_options(dataset)), tuple(kind_options(dataset)))
    facts = filter_facts(dataset.facts, dataset.sources, narrowed)
    events = filter_events(dataset.events, dataset.sources, narrowed)
    assert set(facts["year"]) == {2022, 2023}
    assert set(events["date"].str[:4]) == {"2022", "2023"}
    assert set(dataset.facts["year"]) > {2022, 2023}
    assert len(facts) < len(dataset.facts)


def test_event_keys_give_the_same_events_as_filtering_without_them(dataset):
    keys = event_keys(dataset.events, dataset.sources)
    assert len(keys.years) == len(dataset.events)
    spheres, kinds = tuple(sphere_options(dataset)), tuple(kind_options(dataset))
    for years in ((2019, 2025), (2022, 2023), (2024, 2024), (2030, 2031)):
        for chosen_spheres in (spheres, spheres[:1], ()):
            for chosen_kinds in (kinds, kinds[1:], ()):
                chosen = Filters(years, chosen_spheres, chosen_kinds)
                with_keys = filter_events(dataset.events, dataset.sources, chosen, keys)
                assert with_keys.equals(filter_events(dataset.events, dataset.sources, chosen))


def test_filter_events_goes_by_the_keys_it_is_given(dataset):
    """The keys are the dashboard's once-per-dataset answer: filtering reads them, not the rows."""
    keys = event_keys(dataset.events, dataset.sources)
    every = Filters((2019, 2025), tuple(sphere_options(dataset)), tuple(kind_options(dataset)))
    moved = EventKeys(tuple(1900 for _ in keys.years), keys.spheres, keys.kinds)
    assert filter_events(dataset.events, dataset.sources, every, moved).empty
    no_events = dataset.events.iloc[0:0]
    none = filter_events(no_events, dataset.sources, every, event_keys(no_events, dataset.sources))
    assert none.empty and list(none.columns) == list(dataset.events.columns)


def test_sphere_and_kind_filters(dataset):
    only = Filters(year_bounds(dataset), ("judicial_legal",), ("opinion",))
    facts = filter_facts(dataset.facts, dataset.sources, only)
    assert set(facts["sphere"]) == {"judicial_legal"}
    assert set(facts["source_id"]) == {"fixture-article"}  # the only opinion piece
    assert set(facts["value"]) == {3708, 21}


def test_core_articles_only_means_opinion(dataset):
    core = Filters(year_bounds(dataset), tuple(sphere_options(dataset)), ("opinion",))
    facts = filter_facts(dataset.facts, dataset.sources, core)
    core_ids = set(dataset.sources.loc[dataset.sources["text_file"] != "", "source_id"])
    assert set(facts["source_id"]) == core_ids and len(facts) == 3


def test_nothing_chosen_leaves_nothing(dataset):
    empty = Filters(year_bounds(dataset), (), tuple(kind_options(dataset)))
    assert filter_facts(dataset.facts, dataset.sources, empty).empty


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": ["2020", "2023"]}, []),
        ({"year": ["abc"]}, ["The link's year 'abc' is not a year; it was ignored."]),
        ({"year": ["2015", "2023"]}, ["The link's year 2015 is outside the data (2019–2026); 2019 is used instead."]),
        ({"year": ["2019", "2099"]}, ["The link's year 2099 is outside the data (2019–2026); 2026 is used instead."]),
        ({"year": ["2024", "2021"]}, ["The link's years run backwards (2024, then 2021); the range is read from the earlier year to the later."]),
        ({"year": ["2030", "2021"]}, ["The link's year 2030 is outside the data (2019–2026); 2026 is used instead.",
                                      "The link's years run backwards (2030, then 2021); the range is read from the earlier year to the later."]),
        ({"year": ["2019", "2020", "2021"]}, ["The link gives more than two years; a year range needs two, so it was ignored."]),
        ({"sphere": ["Electoral"]}, []),
        ({"sphere": ["Sports"]}, ["The link asks for the sphere 'Sports', which the data does not have; it was ignored. Known: Political, Electoral, Judicial and legal."]),
        ({"sphere": [""]}, []),  # an empty value clears the widget; nothing to report
        ({"source": ["Opinion", "Blog"]}, ["The link asks for the source kind 'Blog', which the data does not have; it was ignored. Known: News, Opinion."]),
        ({"foo": ["1"]}, ["The link's parameter 'foo' is not one the dashboard knows; it was ignored."]),
        ({"embed": ["true"]}, []),
    ],
)  # fmt: skip
def test_ignored_param_notices(params, expected):
    assert ignored_param_notices(params, (2019, 2026), SPHERES, KINDS) == expected


@pytest.mark.parametrize(
    "value", ["２０２２", "2_022", " 2022", "2022 ", "+2022", "-1", "٢٠٢٢", "1e3"]
)
def test_a_year_is_plain_ascii_digits(value):
    assert parse_year(value) is None
    (notice,) = ignored_param_notices({"year": [value]}, (2019, 2026), SPHERES, KINDS)
    assert "is not a year" in notice


def test_a_notice_quotes_only_an_excerpt_of_a_long_value():
    (notice,) = ignored_param_notices({"sphere": ["x" * 5000]}, (2019, 2026), SPHERES, KINDS)
    assert len(notice) < 300 and "…" in notice


@pytest.mark.parametrize(
    ("values", "expected"),
    [(["2020", "2023"], (2020, 2023)), (["2023", "2020"], (2020, 2023)), (["2015", "2023"], (2019, 2023)),
     (["2015", "2099"], (2019, 2026)), (["2022"], (2022, 2022)), (["abc"], None), (["abc", "2021"], (2021, 2021)),
     (["2019", "2020", "2021"], None), ([], None)],
)  # fmt: skip
def test_nearest_year_range(values, expected):
    assert nearest_year_range(values, (2019, 2026)) == expected


def test_filters_slug_names_what_was_narrowed(dataset):
    defaults = default_filters(dataset)
    assert filters_slug(defaults, defaults) == "2019-2025_all-spheres_all-sources"
    narrowed = Filters((2022, 2023), ("electoral", "judicial_legal"), ("opinion",))
    assert filters_slug(narrowed, defaults) == "2022-2023_electoral+judicial-legal_opinion"
    assert (
        filters_slug(Filters((2019, 2019), (), ()), defaults) == "2019-2019_no-spheres_no-sources"
    )


@pytest.mark.parametrize(
    ("spheres", "kinds", "expected"),
    [
        (SPHERES, KINDS, "Showing all 3 spheres and all 2 source kinds"),
        (
            ["judicial_legal", "political"],
            ["opinion"],
            "Showing 2 of 3 spheres (Political, Judicial and legal) "
            "and 1 of 2 source kinds (Opinion)",
        ),
        ([], KINDS, "Showing no sphere and all 2 source kinds"),
    ],
)
def test_filter_summary_names_what_was_narrowed(spheres, kinds, expected):
    chosen = Filters((2019, 2026), tuple(spheres), tuple(kinds))
    assert filter_summary(chosen, SPHERES, KINDS) == expected


@pytest.mark.parametrize(
    ("vocabulary", "term", "text"),
    [
        ("sphere", "foreign_policy", "Foreign policy"),
        ("sphere", "judicial_legal", "Judicial and legal"),
        ("kind", "news_agency", "News agency"),
    ],
)
def test_labels_come_from_the_packages_categories(dataset, vocabulary, term, text):
    assert dataset.label(vocabulary, term) == text


@pytest.mark.parametrize(
    "narrowed",
    [
        Filters((2022, 2023), ("electoral", "political", "judicial_legal"), ("news", "news_agency", "opinion", "reference")),
        Filters((2019, 2019), ("electoral",), ("opinion", "news")),
        Filters((2023, 2025), ("judicial_legal",), ("news", "news_agency", "reference", "opinion")),
    ],
)  # fmt: skip
def test_ranking_once_then_narrowing_equals_narrowing_then_ranking(dataset, narrowed):
    from metrics.filters import filter_ranked_facts
    from metrics.preference import number_groups, rank_facts

    chosen = dataset.sources.loc[dataset.sources["kind"].isin(narrowed.kinds), "source_id"]
    by_kind = dataset.facts[dataset.facts["source_id"].isin(chosen)]
    ranked = rank_facts(by_kind, dataset.sources, dataset.series, dataset.ranking)
    narrowed_first = rank_facts(
        filter_facts(dataset.facts, dataset.sources, narrowed),
        dataset.sources,
        dataset.series,
        dataset.ranking,
    )
    columns = ["fact_id", "is_preferred", "disagrees"]
    for ranked_once in (ranked, number_groups(ranked)):  # groups by name, and by number
        ranked_first = filter_ranked_facts(ranked_once, narrowed)
        assert (
            ranked_first[columns]
            .reset_index(drop=True)
            .equals(narrowed_first[columns].reset_index(drop=True))
        )


def test_a_group_that_loses_its_preferred_row_prefers_the_next_best():
    import pandas as pd

    from metrics.preference import restore_preferred

    rows = pd.DataFrame(
        {"figure_group": ["a", "a", "b"], "preference": [2, 3, 1], "is_preferred": [False] * 3}
    )
    assert list(restore_preferred(rows)["is_preferred"]) == [True, False, True]


# --- links that keep every filter, one-year links, the data's last check ---

from datetime import date  # noqa: E402

from metrics.filters import (  # noqa: E402
    latest_accessed,
    year_link_needs_mending,
)


@pytest.mark.parametrize(
    ("values", "notices", "expected"),
    [(["2022"], [], True), (["2021", "2023"], [], False), (["2023", "2021"], ["backwards"], True)],
)
def test_a_one_year_link_is_mended(values, notices, expected):
    assert year_link_needs_mending(values, notices) is expected
    if len(values) == 1:
        assert nearest_year_range(values, (2019, 2025)) == (2022, 2022)


def test_latest_accessed_is_the_last_day_a_source_was_checked(dataset):
    assert latest_accessed(dataset.sources) == date(2026, 1, 10)
    assert latest_accessed(dataset.sources.iloc[0:1]) is None  # the core article: no day


KINDS_KK = {"news": "Жаңалық", "opinion": "Пікір"}
KINDS_RU = {"news": "Новости", "opinion": "Мнение"}


@pytest.mark.parametrize(
    ("values", "labels", "expected"),
    [
        (["News"], KINDS_KK, ["Жаңалық"]),  # an English link opened in Kazakh
        (["Пікір", "News"], KINDS_RU, ["Мнение", "Новости"]),  # labels of two languages
        (["Новости"], KINDS, ["News"]),
        (["news"], KINDS_RU, ["Новости"]),  # the term itself
        (["Жаңалық"], KINDS_KK, ["Жаңалық"]),  # already this language's: unchanged
        (["Gossip", "News"], KINDS_KK, ["Gossip", "Жаңалық"]),  # unknown: left for its notice
        ([], KINDS_KK, []),
    ],
)
def test_a_links_choices_become_the_labels_of_the_language_shown(values, labels, expected):
    assert relabelled_choices(values, labels, [KINDS, KINDS_KK, KINDS_RU]) == expected


def test_shows_everything_whatever_the_order_of_the_choices():
    everything = Filters((2019, 2025), ("political", "electoral"), ("news", "opinion"))
    reordered = Filters((2019, 2025), ("electoral", "political"), ("opinion", "news"))
    assert shows_everything(reordered, everything)
    assert not shows_everything(
        Filters((2020, 2025), everything.spheres, everything.kinds), everything
    )
    assert not shows_everything(
        Filters((2019, 2025), ("political",), ("news", "opinion")), everything
    )
    assert not shows_everything(Filters((2019, 2025), everything.spheres, ("news",)), everything)


@pytest.mark.parametrize(
    "narrowed",
    [
        Filters((2019, 2026), ("electoral", "political", "judicial_legal"), ("news", "news_agency", "opinion", "reference", "official")),
        Filters((2022, 2023), ("electoral", "political", "judicial_legal"), ("news", "news_agency", "opinion", "reference", "official")),
        Filters((2019, 2019), ("electoral",), ("opinion", "news")),
        Filters((2023, 2025), ("judicial_legal",), ("news", "news_agency", "reference", "opinion")),
        Filters((2030, 2031), ("electoral",), ("news",)),
    ],
)  # fmt: skip
def test_year_ordered_facts_are_narrowed_by_a_slice_to_the_same_rows(dataset, narrowed):
    """ranked_for_kinds gives facts in year order, so that filter_ranked_facts narrows them
    to the years by a slice; in any other order it narrows by a mask. Both keep the same rows
    with the same preferred figures."""
    from metrics.chart_data import ranked_for_kinds
    from metrics.filters import filter_ranked_facts

    ranked = ranked_for_kinds(dataset, narrowed.kinds)
    years = ranked["year"].to_numpy(dtype="float64", na_value=float("inf"))
    assert (years[:-1] <= years[1:]).all()
    shuffled = ranked.sample(frac=1, random_state=7)
    mixed = shuffled["year"].to_numpy(dtype="float64", na_value=float("inf"))
    assert len(set(years)) == 1 or not (mixed[:-1] <= mixed[1:]).all()  # the mask's path
    columns = ["fact_id", "year", "sphere", "source_kind", "is_preferred"]
    by_slice = filter_ranked_facts(ranked, narrowed)[columns]
    by_mask = filter_ranked_facts(shuffled, narrowed)[columns]
    assert (
        by_slice.sort_values("fact_id")
        .reset_index(drop=True)
        .equals(by_mask.sort_values("fact_id").reset_index(drop=True))
    )
    first, last = narrowed.years
    assert by_slice["year"].between(first, last).all()
    assert by_slice["sphere"].isin(narrowed.spheres).all()
    assert by_slice["source_kind"].isin(narrowed.kinds).all()
