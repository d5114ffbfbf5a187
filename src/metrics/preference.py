"""Which of several sources' figures for the same thing to show, and whether they disagree.

The rule, in order:

0. a figure with a caveat (a source's misprint, a mislabelled or outlying figure) is never
   preferred while another figure exists;
1. a final count beats a preliminary one, which beats a figure merely reported (the order of
   the ``status`` categories in ``datapackage.json``);
2. an official source beats a news agency, then a reference work, then other news, then
   opinion, then sponsored content (the order of the ``kind`` categories);
3. a later figure beats an earlier one (the fact's date, then the source's publication date);
4. an exact figure beats a lower bound ("more than N") or a round "about N";
5. what is still tied goes to the lowest fact_id, so the choice never depends on row order.

Figures are "for the same thing" when they share series, metric and subject, and, for an
institution whose figures accumulate over time, the date they are as of. An election,
referendum, body or address fixes its own time, so there the date is not part of the group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from babel.numbers import format_decimal as babel_format_decimal

from metrics import dates, ids
from metrics.i18n import _, current_language, format_percent, locale_of
from metrics.labels import ENGLISH
from metrics.tableschema import category_labels, category_values

DATED_SERIES_KINDS = frozenset({ids.INSTITUTION, ids.INCIDENT})
VALUE_TOLERANCE = 1e-6
PERCENT = "percent"


@dataclass(frozen=True)
class Ranking:
    """The order of statuses and of source kinds, best first, as the package's categories list them."""

    status: Sequence[str]
    kind: Sequence[str]
    caveat_labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, package: dict) -> Ranking:
        """The ranking that ``package`` declares (facts.status and sources.kind categories)."""

        def values(resource: str, field: str) -> list[str]:
            spec = next(r for r in package["resources"] if r["name"] == resource)
            found = next(f for f in spec["schema"]["fields"] if f["name"] == field)
            return list(category_values(found) or [])

        def labels(resource: str, field_name: str) -> dict[str, str]:
            spec = next(r for r in package["resources"] if r["name"] == resource)
            found = [f for f in spec["schema"]["fields"] if f["name"] == field_name]
            return category_labels(found[0]) if found else {}

        return cls(
            tuple(values("facts", "status")),
            tuple(values("sources", "kind")),
            labels("facts", "caveat"),
        )


def figure_groups(facts: pd.DataFrame, series: pd.DataFrame) -> pd.Series:
    """A key per fact: facts with equal keys are figures for the same thing."""
    series_kind = facts["series"].map(series.set_index("series_id")["kind"])
    as_of = facts["date"].where(series_kind.isin(DATED_SERIES_KINDS), "")
    return facts["series"] + "|" + facts["metric"] + "|" + facts["subject"] + "|" + as_of


def group_disagrees(
    values: pd.Series, lower_bounds: pd.Series, approximate: pd.Series | None = None
) -> bool:
    """True when the figures in one group cannot all be right.

    Exact figures disagree when they differ once rounded to the coarsest precision among them
    (12.5 and 12.49 agree: one is the other rounded; 12.5 and 12.3 do not). An exact figure
    below another source's lower bound disagrees with it too. Lower bounds alone never
    disagree (more than 1,000 and more than 2,000 can both hold), and a round "about N" is not
    held to the digit. ``disagreeing_groups`` computes the same for every group at once.
    """
    loose = lower_bounds if approximate is None else lower_bounds | approximate
    exact = values[~loose]
    if exact.empty:
        return False
    places = min(decimals(v) for v in exact)
    rounded = {round(v, places) for v in exact}
    if max(rounded) - min(rounded) > VALUE_TOLERANCE:
        return True
    bounds = values[lower_bounds]
    return bool(not bounds.empty and exact.min() <= bounds.max())


def disagreeing_groups(ranked: pd.DataFrame) -> pd.Series:
    """``group_disagrees`` for every row's group at once, vectorised (True on each row)."""
    result = pd.Series(False, index=ranked.index)
    # a figure kept with a caveat (a misprint) is listed, but disputes nothing
    multi = ranked[(ranked["values_in_group"] > 1) & ~caveat_flags(ranked)]
    if multi.empty:
        return result
    bound = multi["is_lower_bound"].fillna(False).astype(bool)
    loose = bound | approximate_flags(multi)
    exact = multi[~loose]
    places = exact["value"].map(decimals).groupby(exact["figure_group"]).transform("min")
    scale = 10.0**places
    rounded = (exact["value"] * scale).round() / scale
    by_group = rounded.groupby(exact["figure_group"])
    spread = by_group.max() - by_group.min()
    differ = set(spread[spread > VALUE_TOLERANCE].index)
    lowest_exact = exact.groupby("figure_group")["value"].min()
    highest_bound = multi[bound].groupby("figure_group")["value"].max()
    below = lowest_exact.reindex(highest_bound.index) <= highest_bound
    differ |= set(below[below.fillna(False)].index)
    return ranked["figure_group"].isin(differ)


def rank_facts(
    facts: pd.DataFrame,
    sources: pd.DataFrame,
    series: pd.DataFrame,
    ranking: Ranking,
    describe: bool = True,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """``facts`` with the preference columns added, ranked by ``ranking`` and the rules above.

    With ``describe=False`` only the ranking is computed (no ``disagrees``/``other_values``):
    enough for validation, and much cheaper on large datasets.

    Added columns: ``source_kind``, ``publisher``, ``published`` (from the source),
    ``figure_group``, ``preference`` (1 is preferred), ``is_preferred``, ``values_in_group``,
    ``disagrees`` (the group's figures conflict) and ``other_values`` (the group's other
    figures as readable text, on every row). ``labels`` gives the ``status`` and ``caveat``
    terms' labels for that text in the language of the run (the package's English without).
    """
    source_columns = sources.set_index("source_id")[["kind", "publisher", "published"]]
    ranked = facts.join(
        source_columns.rename(columns={"kind": "source_kind"}), on="source_id"
    ).copy()
    ranked["figure_group"] = figure_groups(ranked, series)
    if ranked.empty:
        for column, dtype in [
            ("preference", "int64"),
            ("is_preferred", "bool"),
            ("values_in_group", "int64"),
            ("disagrees", "bool"),
            ("other_values", "str"),
        ]:
            ranked[column] = pd.Series(dtype=dtype)
        return ranked

    order = pd.DataFrame(
        {
            "caveat": caveat_flags(ranked),
            "status": ranked["status"].map({s: i for i, s in enumerate(ranking.status)}),
            "kind": ranked["source_kind"].map({k: i for i, k in enumerate(ranking.kind)}),
            "date": sortable_dates(ranked["date"]),
            "published": sortable_dates(ranked["published"]),
            "bound": ranked["is_lower_bound"].astype(bool) | approximate_flags(ranked),
            "fact_id": ranked["fact_id"],
            "group": ranked["figure_group"],
        },
        index=ranked.index,
    )
    order = order.sort_values(
        ["group", "caveat", "status", "kind", "date", "published", "bound", "fact_id"],
        ascending=[True, True, True, True, False, False, True, True],
    )
    ranked["preference"] = order.groupby("group").cumcount().reindex(ranked.index) + 1
    ranked["is_preferred"] = ranked["preference"] == 1
    ranked["values_in_group"] = ranked.groupby("figure_group")["fact_id"].transform("size")
    if not describe:
        return ranked
    ranked["disagrees"] = disagreeing_groups(ranked)
    labels = labels or {}
    ranked["other_values"] = other_values_text(
        ranked, labels.get("caveat", ranking.caveat_labels), labels.get("status")
    )
    return ranked


def sortable_dates(texts: pd.Series) -> pd.Series:
    """``dates.sort_key`` of each partial date, computed once per distinct date."""
    return texts.map({d: dates.sort_key(d) for d in texts.unique()})


def decimals(value: float) -> int:
    """How many decimals a figure is written with (12.5 -> 1, 12.49 -> 2, 1234.0 -> 0)."""
    text = repr(float(value))
    if "e" in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return len(fraction)


def caveat_flags(facts: pd.DataFrame) -> pd.Series:
    """True where a fact carries a caveat (all false when the column is absent)."""
    if "caveat" not in facts:
        return pd.Series(False, index=facts.index)
    return facts["caveat"].fillna("") != ""


def approximate_flags(facts: pd.DataFrame) -> pd.Series:
    """The is_approximate column as plain booleans (all false when the column is absent)."""
    if "is_approximate" not in facts:
        return pd.Series(False, index=facts.index)
    return facts["is_approximate"].fillna(False).astype(bool)


def other_values_text(
    ranked: pd.DataFrame,
    caveats: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
) -> pd.Series:
    """For each fact, the other figures in its group, like '12.3 % (preliminary, A news agency)'.

    ``statuses`` names each status term (its label in the run's language); without it the
    term itself is written.
    """
    result = pd.Series("", index=ranked.index, dtype="str")
    multi = ranked[ranked["values_in_group"] > 1]
    if multi.empty:
        return result
    approximate = approximate_flags(multi)
    caveat = multi["caveat"].fillna("") if "caveat" in multi else pd.Series("", index=multi.index)
    caveats = caveats or {}
    statuses = statuses or {}
    described = [
        f"{format_value(v, u, bool(b), bool(a))} ({statuses.get(s, s)}, {p}"
        + (f"; {caveats.get(c, c).lower()}" if c else "")
        + ")"
        for v, u, b, a, s, p, c in zip(
            multi["value"], multi["unit"], multi["is_lower_bound"].fillna(False),
            approximate, multi["status"], multi["publisher"], caveat, strict=True,
        )
    ]  # fmt: skip
    labels = multi.index.to_numpy()
    texts: dict = {}
    for positions in multi.groupby("figure_group", sort=False).indices.values():
        members = [described[p] for p in positions]
        for offset, position in enumerate(positions):
            texts[labels[position]] = "; ".join(members[:offset] + members[offset + 1 :])
    result.update(pd.Series(texts, dtype="str"))
    return result


def format_amount(value: float, lang: str | None = None) -> str:
    """A number with at most two decimals, grouped as the language writes it: '1,234.5',
    ru '1 234,5' (no-break spaces); the language of this run unless ``lang`` says otherwise."""
    lang = lang or current_language()
    if lang == ENGLISH:
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return babel_format_decimal(value, format="#,##0.##", locale=locale_of(lang))


def format_share(value: float, lang: str | None = None) -> str:
    """A percentage (0-100) as the language writes it: '12.5 %', ru '12,5 %', kk '12,5%'."""
    lang = lang or current_language()
    if lang == ENGLISH:
        return f"{format_amount(value, lang)} %"
    # the locale's own percent pattern ('100 %' in Russian, '100%' in Kazakh), with the number
    return format_percent(100, lang).replace("100", format_amount(value, lang))


def format_value(
    value: float, unit: str, is_lower_bound: bool = False, is_approximate: bool = False
) -> str:
    """A figure as people read it: '12.5 %', '1,234', 'more than 1,000', 'about 2,000'.

    In the language of this run (``i18n``): ru 'более 1 000', '12,5 %'.
    """
    text = format_share(value) if unit == PERCENT else format_amount(value)
    if is_lower_bound:
        return _("more than {value}").format(value=text)
    return _("about {value}").format(value=text) if is_approximate else text


# A number for each figure group, set once on ranked facts that are narrowed again and again.
GROUP_NUMBER = "figure_group_number"


def number_groups(ranked: pd.DataFrame) -> pd.DataFrame:
    """``ranked`` with each figure group numbered from 0, for ``restore_preferred``."""
    return ranked.assign(**{GROUP_NUMBER: pd.factorize(ranked["figure_group"])[0]})


def restore_preferred(rows: pd.DataFrame) -> pd.DataFrame:
    """After ranked rows were narrowed, make the best remaining figure of each group preferred.

    Narrowing by year or sphere keeps or drops whole groups in practice, but a group whose
    sources filed it under different spheres could lose its preferred row; then the next best
    one takes its place, as if the ranking had been done on the narrowed rows.
    """
    if rows.empty:
        return rows
    # Group numbers instead of a groupby on the group names: at 100,000 facts this ran on every
    # filter change and took 12 ms; ``ranked_for_kinds`` numbers the groups once (0.3 ms).
    if GROUP_NUMBER in rows:
        numbers = rows[GROUP_NUMBER].to_numpy()
    else:
        numbers = pd.factorize(rows["figure_group"])[0]
    preference = rows["preference"].to_numpy()
    best = np.full(numbers.max() + 1, np.iinfo(preference.dtype).max, dtype=preference.dtype)
    np.minimum.at(best, numbers, preference)
    return rows.assign(is_preferred=preference == best[numbers])
