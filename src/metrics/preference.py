"""Which of several sources' figures for the same thing to show, and whether they disagree.

The rule, in order:

1. a final count beats a preliminary one, which beats a figure merely reported;
2. an official source beats a news agency, then a reference work, then other news, then
   opinion, then sponsored content;
3. a later figure beats an earlier one (the fact's date, then the source's publication date);
4. an exact figure beats a lower bound ("more than N") or a round "about N";
5. what is still tied goes to the lowest fact_id, so the choice never depends on row order.

Figures are "for the same thing" when they share series, metric and subject, and, for an
institution whose figures accumulate over time, the date they are as of. An election,
referendum, body or address fixes its own time, so there the date is not part of the group.
"""

from __future__ import annotations

import pandas as pd

STATUS_ORDER = ("final", "preliminary", "reported")
KIND_ORDER = ("official", "news_agency", "reference", "news", "opinion", "sponsored")
DATED_SERIES_KINDS = frozenset({"institution"})
VALUE_TOLERANCE = 1e-6


def figure_groups(facts: pd.DataFrame, series: pd.DataFrame) -> pd.Series:
    """A key per fact: facts with equal keys are figures for the same thing."""
    series_kind = facts["series"].map(series.set_index("series_id")["kind"])
    as_of = facts["date"].where(series_kind.isin(DATED_SERIES_KINDS), "")
    return facts["series"] + "|" + facts["metric"] + "|" + facts["subject"] + "|" + as_of


def group_disagrees(
    values: pd.Series, lower_bounds: pd.Series, approximate: pd.Series | None = None
) -> bool:
    """True when the figures in one group cannot all be right.

    Two exact figures that differ disagree; so does an exact figure below another source's
    lower bound. Lower bounds alone never disagree (more than 3,000 and more than 5,000 can
    both hold), and a round "about N" is not held to the digit. A figure rounded to fewer
    decimals agrees with a more precise one it rounds from (62.8 and 62.79).
    """
    loose = lower_bounds if approximate is None else lower_bounds | approximate
    exact = values[~loose]
    if exact.empty:
        return False
    figures = list(exact)
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if not same_when_rounded(a, b):
                return True
    bounds = values[lower_bounds]
    return bool(not bounds.empty and exact.min() <= bounds.max())


def rank_facts(facts: pd.DataFrame, sources: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """``facts`` with the preference columns added.

    Added columns: ``source_kind``, ``publisher``, ``published`` (from the source),
    ``figure_group``, ``preference`` (1 is preferred), ``is_preferred``, ``values_in_group``,
    ``disagrees`` (the group's figures conflict) and ``other_values`` (the group's other
    figures as readable text, on every row).
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
            "status": ranked["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}),
            "kind": ranked["source_kind"].map({k: i for i, k in enumerate(KIND_ORDER)}),
            "date": ranked["date"].map(date_sort_key),
            "published": ranked["published"].map(date_sort_key),
            "bound": ranked["is_lower_bound"].astype(bool) | approximate_flags(ranked),
            "fact_id": ranked["fact_id"],
            "group": ranked["figure_group"],
        },
        index=ranked.index,
    )
    order = order.sort_values(
        ["group", "status", "kind", "date", "published", "bound", "fact_id"],
        ascending=[True, True, True, False, False, True, True],
    )
    ranked["preference"] = order.groupby("group").cumcount().reindex(ranked.index) + 1
    ranked["is_preferred"] = ranked["preference"] == 1
    grouped = ranked.groupby("figure_group")
    ranked["values_in_group"] = grouped["fact_id"].transform("size")
    disagreeing = {
        key: group_disagrees(
            group["value"], group["is_lower_bound"].astype(bool), approximate_flags(group)
        )
        for key, group in grouped
    }
    ranked["disagrees"] = ranked["figure_group"].map(disagreeing).astype(bool)
    ranked["other_values"] = other_values_text(ranked)
    return ranked


def decimals(value: float) -> int:
    """How many decimals a figure is written with (62.8 -> 1, 62.79 -> 2, 3708.0 -> 0)."""
    text = repr(float(value))
    if "e" in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return len(fraction)


def same_when_rounded(a: float, b: float) -> bool:
    """True when the more precise figure rounds to the less precise one."""
    places = min(decimals(a), decimals(b))
    return abs(round(a, places) - round(b, places)) <= VALUE_TOLERANCE


def approximate_flags(facts: pd.DataFrame) -> pd.Series:
    """The is_approximate column as plain booleans (all false when the column is absent)."""
    if "is_approximate" not in facts:
        return pd.Series(False, index=facts.index)
    return facts["is_approximate"].fillna(False).astype(bool)


def date_sort_key(text: str) -> str:
    """A partial ISO date padded so that string order is time order (2023 sorts as 2023-00-00)."""
    text = text or ""
    return text + "-00-00"[: max(0, 10 - len(text))] if text else ""


def other_values_text(ranked: pd.DataFrame) -> pd.Series:
    """For each fact, the other figures in its group, like '70.76 % (preliminary, TASS)'."""
    described = ranked.apply(
        lambda row: (
            f"{format_value(row['value'], row['unit'], row['is_lower_bound'], row.get('is_approximate', False))} "
            f"({row['status']}, {row['publisher']})"
        ),
        axis=1,
    )
    result = pd.Series("", index=ranked.index, dtype="str")
    for _, group in ranked.groupby("figure_group"):
        if len(group) < 2:
            continue
        for index in group.index:
            others = described[group.index.drop(index)]
            result[index] = "; ".join(others)
    return result


def format_value(
    value: float, unit: str, is_lower_bound: bool = False, is_approximate: bool = False
) -> str:
    """A figure as people read it: '70.96 %', '3,708', 'more than 5,000', 'about 4,000'."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    text = f"{number} %" if unit == "percent" else number
    if is_lower_bound:
        return f"more than {text}"
    return f"about {text}" if is_approximate else text


def preferred_facts(ranked: pd.DataFrame) -> pd.DataFrame:
    """Only the preferred figure of each group."""
    return ranked[ranked["is_preferred"]]
