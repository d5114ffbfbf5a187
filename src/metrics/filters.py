"""The dashboard's filters (year range, spheres, source kinds) and how URL parameters map onto them.

Streamlit binds the filter widgets to the URL and silently drops values it cannot use, so this
module reads the raw parameters first and says, in plain words, what was ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from metrics import dates
from metrics.dataset import Dataset
from metrics.i18n import _, parse_language
from metrics.labels import LANGUAGES
from metrics.preference import restore_preferred

YEAR_PARAM = "year"
SPHERE_PARAM = "sphere"
KIND_PARAM = "source"
FILTER_PARAMS = (YEAR_PARAM, SPHERE_PARAM, KIND_PARAM)
# Parameters a page binds to its own widgets (the Elections page's pair of votes to compare):
# never reported as unknown by the sidebar; the page says when their values are unusable.
COMPARE_FROM_PARAM, COMPARE_TO_PARAM = "compare_from", "compare_to"
MEASURE_PARAM = "measure"  # the Elections page's results as shares or votes
VOTE_PARAM = "vote"  # the Elections page's vote whose results are drawn
CHAMBER_PARAM = "chamber"  # the Electoral system page's election whose seats are drawn
SECTION_PARAM = "section"  # a page's chosen tab (ui.page_sections), by its label
PAGE_PARAMS = frozenset(
    {COMPARE_FROM_PARAM, COMPARE_TO_PARAM, MEASURE_PARAM, VOTE_PARAM, CHAMBER_PARAM, SECTION_PARAM}
)
# Set by the server's redirect of an address with no page (metrics.addresses); the sidebar
# says so in a notice of its own and takes it off the link.
PAGE_NOT_FOUND_PARAM = "page_not_found"
# The sidebar's switch of reform events marked on the charts over time: on unless "false".
MARKS_PARAM = "marks"
# The interface's language (en, kk, ru): read by the frame before the pages (metrics.i18n).
LANG_PARAM = "lang"
# Parameters Streamlit itself reads; never reported as unknown.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the dashboard to."""

    years: tuple[int, int]
    spheres: tuple[str, ...]
    kinds: tuple[str, ...]


# A year in a link: ASCII digits only. Python's int() also reads '２０２２' and '2_022'.
YEAR_TEXT = re.compile(r"[0-9]{1,6}")


def parse_year(value: str) -> int | None:
    """The year a link's value names, or None when it is not plain ASCII digits."""
    return int(value) if YEAR_TEXT.fullmatch(value) else None


def year_bounds(dataset: Dataset) -> tuple[int, int]:
    """The first and last year that any fact or event refers to."""
    event_years = [dates.year_of(text) for text in dataset.events["date"].unique()]
    years = [*dataset.facts["year"].dropna().astype(int), *event_years]
    return min(years), max(years)


def sphere_options(dataset: Dataset) -> list[str]:
    """Spheres of the vocabulary, in its order."""
    return list(dataset.vocabularies["sphere"].terms)


def kind_options(dataset: Dataset) -> list[str]:
    """Source kinds that at least one source has, in vocabulary order."""
    present = set(dataset.sources["kind"])
    return [kind for kind in dataset.vocabularies["kind"].terms if kind in present]


def default_filters(dataset: Dataset) -> Filters:
    """Everything: all years, spheres and source kinds."""
    return Filters(
        year_bounds(dataset), tuple(sphere_options(dataset)), tuple(kind_options(dataset))
    )


def ignored_param_notices(
    params: Mapping[str, Iterable[str]],
    bounds: tuple[int, int],
    spheres: Mapping[str, str],
    kinds: Mapping[str, str],
) -> list[str]:
    """One plain sentence for every URL parameter value the dashboard cannot use.

    ``params`` maps each parameter to all its values (``?year=2019&year=2023`` gives two).
    ``spheres`` and ``kinds`` map each term to its label: the widgets write labels to the URL.
    Values are quoted in the sentences at most ``NOTICE_EXCERPT`` characters long.
    """
    notices: list[str] = []
    first, last = bounds
    for name, values in params.items():
        values = list(values)
        if name in STREAMLIT_PARAMS or name in PAGE_PARAMS or name == PAGE_NOT_FOUND_PARAM:
            continue
        if name == MARKS_PARAM:
            notices.extend(
                _(
                    "The link's value '{value}' for marking reform events is not true or "
                    "false; they are marked."
                ).format(value=excerpt(value))
                for value in values
                if value.lower() not in {"true", "false"}
            )
            continue
        if name == LANG_PARAM:
            notices.extend(
                _(
                    "The link asks for the language '{value}', which the dashboard does not "
                    "have; it is shown in English. Known: {known}."
                ).format(value=excerpt(value), known=", ".join(LANGUAGES))
                for value in values[-1:]
                if parse_language(value) is None
            )
            continue
        if name not in FILTER_PARAMS:
            notices.append(
                _(
                    "The link's parameter '{name}' is not one the dashboard knows; it was ignored."
                ).format(name=excerpt(name))
            )
            continue
        if name == YEAR_PARAM:
            notices.extend(year_notices(values, first, last))
        else:
            known = list((spheres if name == SPHERE_PARAM else kinds).values())
            message = (
                _(
                    "The link asks for the sphere '{value}', which the data does not have; it "
                    "was ignored. Known: {known}."
                )
                if name == SPHERE_PARAM
                else _(
                    "The link asks for the source kind '{value}', which the data does not "
                    "have; it was ignored. Known: {known}."
                )
            )
            for value in values:
                if value and value not in known:
                    notices.append(message.format(value=excerpt(value), known=", ".join(known)))
    return notices


def relabelled_choices(
    values: Iterable[str], labels: Mapping[str, str], every_language: Iterable[Mapping[str, str]]
) -> list[str]:
    """A link's sphere or source-kind ``values`` as the labels of this language.

    The pills write their labels to the link, so a link holds the labels of the language it
    was copied in, and switching the language leaves the old labels in it. ``labels`` maps
    each term to its label in this language; ``every_language`` gives the same map in each
    language. A value that is a term's label in any language, or the term itself, becomes
    the term's label here; any other value stays as it is (and gets the usual notice).
    """
    terms: dict[str, str] = {term: term for term in labels}
    for language_labels in every_language:
        for term, label in language_labels.items():
            terms.setdefault(label, term)
    return [
        value if value in labels.values() else labels.get(terms.get(value, ""), value)
        for value in values
    ]


def page_not_found_notice(asked: str) -> str:
    """The notice for an address with no page, quoting it as the link gave it."""
    shown = excerpt(asked if asked.startswith("/") else "/" + asked)
    return _(
        "Page not found: the dashboard has no page at '{address}'. This is the Overview."
    ).format(address=shown)


def year_notices(values: list[str], first: int, last: int) -> list[str]:
    """Sentences for year values that are not years, are out of range, or are too many."""
    notices, years = [], []
    for value in values:
        year = parse_year(value)
        if year is None:
            notices.append(
                _("The link's year '{value}' is not a year; it was ignored.").format(
                    value=excerpt(value)
                )
            )
            continue
        years.append(year)
        if not first <= year <= last:
            nearest = first if year < first else last
            notices.append(
                _(
                    "The link's year {year} is outside the data ({first}–{last}); {nearest} is "
                    "used instead."
                ).format(year=year, first=first, last=last, nearest=nearest)
            )
    if len(values) > 2:
        notices.append(
            _("The link gives more than two years; a year range needs two, so it was ignored.")
        )
    elif len(years) == 2 and years[0] > years[1]:
        notices.append(
            _(
                "The link's years run backwards ({first}, then {second}); the range is read "
                "from the earlier year to the later."
            ).format(first=years[0], second=years[1])
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
        year = parse_year(value)
        if year is not None:
            years.append(min(max(year, first), last))
    if not years or len(years) > 2:
        return None
    return (min(years), max(years))


def year_link_needs_mending(values: list[str], notices: list[str]) -> bool:
    """True when a link's year values must be rewritten before the slider reads them.

    Streamlit's range slider silently drops a link it cannot use (and strips it from the
    address bar): a range with a notice about it, and a single year (``?year=2022``), which
    the dashboard reads as that year alone (2022–2022).
    """
    return bool(notices) or len(values) == 1


def latest_accessed(sources: pd.DataFrame) -> date | None:
    """The latest day any source was accessed (checked), or None when none says."""
    days = [date.fromisoformat(text) for text in sources["accessed"].dropna() if str(text)]
    return max(days, default=None)


NOTICE_EXCERPT = 40


def excerpt(value: str, limit: int = NOTICE_EXCERPT) -> str:
    """A link's value as a notice quotes it: at most ``limit`` characters, on one line."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


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

    Rows in year order (as ``chart_data.ranked_for_kinds`` gives them) are narrowed to the
    year range as one slice, which copies nothing; spheres and kinds are tested only when
    some row's would be dropped. Taking rows by a mask copies every column, and at 100,000
    facts the thirty text columns made that 25 ms of every filter change (make bench's scale
    table). Rows in any other order are narrowed by a mask, with the same result.
    """
    first, last = filters.years
    years = ranked["year"].to_numpy(dtype="float64", na_value=np.inf)  # no year: never kept
    if len(years) and bool((years[:-1] <= years[1:]).all()):
        start = int(np.searchsorted(years, first, side="left"))
        stop = int(np.searchsorted(years, last, side="right"))
        rows = ranked.iloc[start:stop]
    else:
        rows = ranked[(years >= first) & (years <= last)]
    for column, chosen in (("sphere", filters.spheres), ("source_kind", filters.kinds)):
        keep = rows[column].isin(chosen).to_numpy(dtype=bool, na_value=False)
        if not keep.all():
            rows = rows[keep]
    return restore_preferred(rows)


@dataclass(frozen=True)
class EventKeys:
    """What the filters test of each event, in the events' row order: year, sphere, source kind.

    They depend only on the dataset, so the dashboard computes them once (``event_keys``) and
    every filter change compares them with the filters instead of parsing every date and
    looking up every source again.
    """

    years: tuple[int, ...]
    spheres: tuple[object, ...]
    kinds: tuple[object, ...]


def event_keys(events: pd.DataFrame, sources: pd.DataFrame) -> EventKeys:
    """Each event's year, sphere and source kind (None where its source has no kind)."""
    kind_of = dict(zip(sources["source_id"], sources["kind"], strict=True))
    year_of = {d: dates.year_of(d) for d in events["date"].unique()}
    return EventKeys(
        years=tuple(year_of[d] for d in events["date"]),
        spheres=tuple(events["sphere"]),
        kinds=tuple(kind_of.get(i) for i in events["source_id"]),
    )


@lru_cache(maxsize=8)
def dataset_event_keys(dataset: Dataset) -> EventKeys:
    """``event_keys`` of a dataset's events, computed once per dataset, as the vocabularies'
    labels are (``chart_data.term_labels``)."""
    return event_keys(dataset.events, dataset.sources)


def filter_events(
    events: pd.DataFrame, sources: pd.DataFrame, filters: Filters, keys: EventKeys | None = None
) -> pd.DataFrame:
    """Events within the year range, in the chosen spheres, from the chosen kinds of source.

    ``keys`` are ``event_keys(events, sources)`` when the caller has them already.
    """
    keys = event_keys(events, sources) if keys is None else keys
    first, last = filters.years
    spheres, kinds = set(filters.spheres), set(filters.kinds)
    keep = np.fromiter(
        (
            first <= year <= last and sphere in spheres and kind in kinds
            for year, sphere, kind in zip(keys.years, keys.spheres, keys.kinds, strict=True)
        ),
        dtype=bool,
        count=len(events),
    )
    return events[keep]


def shows_everything(filters: Filters, defaults: Filters) -> bool:
    """Whether ``filters`` narrow nothing: ``defaults``' years, and all its spheres and kinds,
    in whatever order they were chosen."""
    return (
        tuple(filters.years) == tuple(defaults.years)
        and set(filters.spheres) == set(defaults.spheres)
        and set(filters.kinds) == set(defaults.kinds)
    )


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


def filter_summary(filters: Filters, spheres: Mapping[str, str], kinds: Mapping[str, str]) -> str:
    """The chosen spheres and source kinds in words, for when their pills are out of sight.

    'Showing all 7 spheres and 2 of 4 source kinds (Official, News agency)'. ``spheres`` and
    ``kinds`` map each option to its label, in order.
    """

    def part(
        chosen: tuple[str, ...], options: Mapping[str, str], words: tuple[str, str, str]
    ) -> str:
        every, none, some = words
        if set(options) <= set(chosen):
            return every.format(count=len(options))
        if not chosen:
            return none
        names = ", ".join(text for option, text in options.items() if option in chosen)
        return some.format(chosen=len(chosen), count=len(options), names=names)

    spheres_part = part(
        filters.spheres,
        spheres,
        (_("all {count} spheres"), _("no sphere"), _("{chosen} of {count} spheres ({names})")),
    )
    kinds_part = part(
        filters.kinds,
        kinds,
        (
            _("all {count} source kinds"),
            _("no source kind"),
            _("{chosen} of {count} source kinds ({names})"),
        ),
    )
    return _("Showing {spheres} and {kinds}").format(spheres=spheres_part, kinds=kinds_part)
