"""The dashboard's filters (year range, spheres, source kinds) and how URL parameters map onto them.

Streamlit binds the filter widgets to the URL and silently drops values it cannot use, so this
module reads the raw parameters first and says, in plain words, what was ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from metrics.dataset import Dataset
from metrics.preference import restore_preferred

YEAR_PARAM = "year"
SPHERE_PARAM = "sphere"
KIND_PARAM = "source"
FILTER_PARAMS = (YEAR_PARAM, SPHERE_PARAM, KIND_PARAM)
# Parameters Streamlit itself reads; never reported as unknown.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the dashboard to."""

    years: tuple[int, int]
    spheres: tuple[str, ...]
    kinds: tuple[str, ...]


def label(term: str) -> str:
    """A vocabulary term as people read it: 'foreign_policy' -> 'Foreign policy'."""
    return term.replace("_", " ").capitalize().replace("Judicial legal", "Judicial and legal")


def year_bounds(dataset: Dataset) -> tuple[int, int]:
    """The first and last year that any fact or event refers to."""
    years = pd.concat(
        [dataset.facts["year"].dropna().astype(int), dataset.events["date"].str[:4].astype(int)]
    )
    return int(years.min()), int(years.max())


def sphere_options(dataset: Dataset) -> list[str]:
    """Spheres of the vocabulary, in its order."""
    return list(dataset.vocabularies.get("sphere", {})) or sorted(set(dataset.facts["sphere"]))


def kind_options(dataset: Dataset) -> list[str]:
    """Source kinds that at least one source has, in vocabulary order."""
    present = set(dataset.sources["kind"])
    ordered = [kind for kind in dataset.vocabularies.get("kind", {}) if kind in present]
    return ordered + sorted(present - set(ordered))


def default_filters(dataset: Dataset) -> Filters:
    """Everything: all years, spheres and source kinds."""
    return Filters(
        year_bounds(dataset), tuple(sphere_options(dataset)), tuple(kind_options(dataset))
    )


def ignored_param_notices(
    params: Mapping[str, Iterable[str]],
    bounds: tuple[int, int],
    spheres: Iterable[str],
    kinds: Iterable[str],
) -> list[str]:
    """One plain sentence for every URL parameter value the dashboard cannot use.

    ``params`` maps each parameter to all its values (``?year=2019&year=2023`` gives two).
    Spheres and kinds are matched by their labels, as the widgets write them to the URL.
    """
    notices = []
    first, last = bounds
    for name, values in params.items():
        values = list(values)
        if name in STREAMLIT_PARAMS:
            continue
        if name not in FILTER_PARAMS:
            notices.append(
                f"The link's parameter '{name}' is not one the dashboard knows; it was ignored."
            )
            continue
        if name == YEAR_PARAM:
            notices.extend(year_notices(values, first, last))
        else:
            known = [label(term) for term in (spheres if name == SPHERE_PARAM else kinds)]
            what = "sphere" if name == SPHERE_PARAM else "source kind"
            for value in values:
                if value and value not in known:
                    notices.append(
                        f"The link asks for the {what} '{value}', which the data does not have; "
                        f"it was ignored. Known: {', '.join(known)}."
                    )
    return notices


def year_notices(values: list[str], first: int, last: int) -> list[str]:
    """Sentences for year values that are not years, are out of range, or are too many."""
    notices, years = [], []
    for value in values:
        try:
            year = int(value)
        except ValueError:
            notices.append(f"The link's year '{value}' is not a year; it was ignored.")
            continue
        years.append(year)
        if not first <= year <= last:
            nearest = first if year < first else last
            notices.append(
                f"The link's year {year} is outside the data ({first}–{last}); {nearest} is used instead."
            )
    if len(values) > 2:
        notices.append(
            "The link gives more than two years; a year range needs two, so it was ignored."
        )
    elif len(years) == 2 and years[0] > years[1]:
        notices.append(
            f"The link's years run backwards ({years[0]}, then {years[1]}); "
            "the range is read from the earlier year to the later."
        )
    return notices


def nearest_year_range(values: Iterable[str], bounds: tuple[int, int]) -> tuple[int, int] | None:
    """The valid year range closest to what a link asks for, or None to use the default.

    Years outside the data are pulled to its first or last year; values that are not years are
    dropped; one year alone means that year only; more than two years cannot be a range.
    """
    first, last = bounds
    years = []
    for value in values:
        try:
            years.append(min(max(int(value), first), last))
        except ValueError:
            continue
    if not years or len(years) > 2:
        return None
    return (min(years), max(years))


def filter_facts(facts: pd.DataFrame, sources: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Facts within the year range, in the chosen spheres, from the chosen kinds of source."""
    first, last = filters.years
    kinds = facts["source_id"].map(sources.set_index("source_id")["kind"])
    keep = (
        facts["year"].between(first, last)
        & facts["sphere"].isin(filters.spheres)
        & kinds.isin(filters.kinds)
    )
    return facts[keep.fillna(False).astype(bool)]


def filter_ranked_facts(ranked: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Ranked facts (see ``preference.rank_facts``) narrowed to the filters' years and spheres.

    Ranking depends only on which kinds of source are in play, so the dashboard ranks once per
    choice of kinds and then narrows by year and sphere, which is cheap; the best remaining
    figure of each group stays preferred.
    """
    first, last = filters.years
    keep = (
        ranked["year"].between(first, last)
        & ranked["sphere"].isin(filters.spheres)
        & ranked["source_kind"].isin(filters.kinds)
    )
    return restore_preferred(ranked[keep.fillna(False).astype(bool)])


def filter_events(events: pd.DataFrame, sources: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Events within the year range, in the chosen spheres, from the chosen kinds of source."""
    first, last = filters.years
    kinds = events["source_id"].map(sources.set_index("source_id")["kind"])
    year = events["date"].str[:4].astype(int)
    keep = (
        year.between(first, last)
        & events["sphere"].isin(filters.spheres)
        & kinds.isin(filters.kinds)
    )
    return events[keep]


def filters_slug(filters: Filters, defaults: Filters) -> str:
    """A short, file-name-safe description of the filters, like '2019-2023_electoral_all-sources'."""

    def part(chosen: tuple[str, ...], everything: tuple[str, ...], noun: str) -> str:
        if set(chosen) == set(everything):
            return f"all-{noun}"
        return "+".join(term.replace("_", "-") for term in chosen) or f"no-{noun}"

    first, last = filters.years
    spheres = part(filters.spheres, defaults.spheres, "spheres")
    kinds = part(filters.kinds, defaults.kinds, "sources")
    return f"{first}-{last}_{spheres}_{kinds}"


def filter_summary(filters: Filters, spheres: list[str], kinds: list[str]) -> str:
    """The chosen spheres and source kinds in words, for when their pills are out of sight.

    'Showing all 7 spheres and 2 of 4 source kinds (Official, News agency)'.
    """

    def part(chosen: tuple[str, ...], options: list[str], plural: str, singular: str) -> str:
        if set(options) <= set(chosen):
            return f"all {len(options)} {plural}"
        if not chosen:
            return f"no {singular}"
        names = ", ".join(label(option) for option in options if option in chosen)
        return f"{len(chosen)} of {len(options)} {plural} ({names})"

    spheres_part = part(filters.spheres, spheres, "spheres", "sphere")
    kinds_part = part(filters.kinds, kinds, "source kinds", "source kind")
    return f"Showing {spheres_part} and {kinds_part}"
