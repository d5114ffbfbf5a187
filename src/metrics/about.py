"""About this data: what a chart's figures measure, how they are counted, where they come from,
what is known to be missing, and what was corrected.

Everything comes from the package: the metrics registry (title, unit, description, method), the
``status`` vocabulary's definitions, the sources table, ``gaps.csv``, the coverage table
(``coverage``) and ``corrections.csv``. ``about_chart`` gathers it as plain text in sections;
``about_markdown`` and ``about_html`` render those sections with every data text escaped, so
the same words reach the page and the offline report.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from metrics import coverage
from metrics.chart_data import markdown_url
from metrics.citation import day_text, one_stop
from metrics.dataset import Dataset
from metrics.i18n import N_, _, current_language, language, ngettext
from metrics.labels import ENGLISH
from metrics.safe_text import escape_markdown, is_web_url

# How many of a source's own statements (its rows' evidence) are listed before "and N more".
EVIDENCE_SHOWN = 3
# How many limits of each kind are listed before "and N more".
LIMITS_SHOWN = 8
CORRECTION_COLUMN = "correction"


@dataclass(frozen=True)
class Item:
    """One line of a section: its text, an optional link, and lines under it."""

    text: str
    url: str = ""
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and its lines; ``empty`` says what to write when there are none, ``note``
    a line under the heading (the evidence's language, in Kazakh and Russian)."""

    title: str
    items: tuple[Item, ...]
    empty: str = ""
    note: str = ""


# Where the sources' own statements are shown in Kazakh or Russian: they are in English.
EVIDENCE_NOTE = N_("What each source says is given in English, as the dataset records it.")


def evidence_note(lang: str | None = None) -> str:
    """The note that evidence is in English, in the language of this run; '' in English."""
    return "" if (lang or current_language()) == ENGLISH else _(EVIDENCE_NOTE)


@dataclass(frozen=True)
class About:
    """The sections of About this data, in reading order."""

    sections: tuple[Section, ...] = field(default_factory=tuple)


def chart_metrics(metrics: Iterable[str], table: pd.DataFrame, dataset: Dataset) -> list[str]:
    """The registry metrics a chart shows: those it declares, else those its rows name."""
    declared = [m for m in metrics if m in dataset.metric_rows]
    if declared:
        return list(dict.fromkeys(declared))
    named: list[str] = []
    for column in ("metric", "rule"):
        if column in table:
            named += [m for m in table[column].dropna().astype(str) if m in dataset.metric_rows]
    return list(dict.fromkeys(named))


def source_ids(table: pd.DataFrame) -> list[str]:
    """The ids of every source behind a chart's rows, in order of appearance."""
    found: list[str] = []
    if "source_id" in table:
        found += [s for s in table["source_id"].dropna().astype(str) if s]
    if "source_ids" in table:
        found += [s for text in table["source_ids"].dropna() for s in str(text).split("; ") if s]
    return list(dict.fromkeys(found))


def fact_ids(table: pd.DataFrame) -> list[str]:
    """The fact ids of a chart's rows (none for a table of events or rules)."""
    if "fact_id" not in table:
        return []
    return list(dict.fromkeys(f for f in table["fact_id"].dropna().astype(str) if f))


def metric_section(metrics: list[str], dataset: Dataset) -> Section:
    """What each metric measures, in which unit, and how it is counted."""
    kinds = dataset.vocabularies["value_kind"].labels
    units = dataset.vocabularies["unit"].labels
    items = []
    for metric in metrics:
        row = dataset.metric_rows[metric]
        unit = dataset.label("unit", row["unit"]) if row["unit"] in units else row["unit"]
        kind = (
            dataset.label("value_kind", row["value_kind"])
            if row["value_kind"] in kinds
            else row["value_kind"]
        )
        title = dataset.metric_title(metric)
        short_unit = dataset.translated("metrics", metric, "short_unit", row["short_unit"])
        items.append(
            Item(
                f"{title} ({short_unit}): {row['description']}",
                details=(
                    _("Unit: {unit}; kind of value: {kind}.").format(unit=unit, kind=kind),
                    _("How it is counted: {method}").format(method=row["method"]),
                ),
            )
        )
    note = _("Descriptions and methods of the metrics are in English.") if items else ""
    return Section(
        _("What the figures measure"),
        tuple(items),
        _("The chart plots dated events, not figures."),
        note="" if current_language() == ENGLISH else note,
    )


def counting_section(table: pd.DataFrame, dataset: Dataset) -> Section:
    """How the chart's figures were counted: their statuses, bounds, approximations, derivations."""
    items = []
    if "status" in table:
        statuses = dataset.vocabularies["status"]
        counts = table["status"].fillna("").astype(str).value_counts()
        for status in statuses.terms:
            count = int(counts.get(status, 0))
            if count:
                definition = dataset.translated(
                    "vocabulary",
                    f"status.{status}",
                    "description",
                    statuses.definitions.get(status, ""),
                )
                items.append(
                    Item(
                        ngettext(
                            "{count} figure is {status}: {definition}",
                            "{count} figures are {status}: {definition}",
                            count,
                        ).format(
                            count=count,
                            status=dataset.label("status", status).lower(),
                            definition=definition,
                        )
                    )
                )
    for column in ("is_lower_bound", "is_approximate"):
        if column in table:
            count = int(table[column].fillna(False).astype(bool).sum())
            if count:
                items.append(Item(flag_text(column, count)))
    if "derived" in table:
        derived = table["derived"].fillna("").astype(str)
        count = int((derived != "").sum())
        if count:
            items.append(
                Item(
                    ngettext(
                        "{count} figure is worked out from the source's words rather than "
                        "printed by it (the data view's derived column says how).",
                        "{count} figures are worked out from the source's words rather than "
                        "printed by it (the data view's derived column says how).",
                        count,
                    ).format(count=count)
                )
            )
    if "series" in table:
        bases = dataset.series.set_index("series_id")
        notes = [
            f"{series_title(dataset, s, bases.at[s, 'title'])}: {bases.at[s, 'notes']}"
            for s in dict.fromkeys(table["series"].dropna().astype(str))
            if s in bases.index and bases.at[s, "notes"]
        ]
        items += [Item(note) for note in notes]
    return Section(
        _("How they are counted"), tuple(items), _("Each row is a dated event with its sources.")
    )


def flag_text(column: str, count: int) -> str:
    """'2 figures are a lower bound: ...' for the rows flagged in ``column``, in words."""
    if column == "is_lower_bound":
        text = ngettext(
            "{count} figure is a lower bound: the source says 'more than' the value.",
            "{count} figures are a lower bound: the source says 'more than' the value.",
            count,
        )
    else:
        text = ngettext(
            "{count} figure is approximate: the source says 'about' the value.",
            "{count} figures are approximate: the source says 'about' the value.",
            count,
        )
    return text.format(count=count)


def series_title(dataset: Dataset, series_id: str, english: str) -> str:
    """A series' title in the language of this run (labels.csv), its English otherwise."""
    return dataset.translated("series", series_id, "title", str(english))


def sources_section(table: pd.DataFrame, dataset: Dataset) -> Section:
    """Each source behind the chart, with its kind, its caveats and what it says."""
    sources = dataset.sources.set_index("source_id")
    kinds = dataset.vocabularies["kind"].labels
    items = []
    evidence = (
        table.groupby("source_id")["evidence"].agg(lambda s: list(dict.fromkeys(s.dropna())))
        if {"source_id", "evidence"} <= set(table.columns)
        else pd.Series(dtype=object)
    )
    for source_id in source_ids(table):
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        kind = dataset.label("kind", row["kind"]) if row["kind"] in kinds else row["kind"]
        published = f", {row['published']}" if row["published"] else ""
        said = [str(s) for s in evidence.get(source_id, []) if s]
        details = [_("Says: {evidence}").format(evidence=s) for s in said[:EVIDENCE_SHOWN]]
        more = len(said) - EVIDENCE_SHOWN
        if more > 0:
            details.append(
                ngettext("and {count} more figure.", "and {count} more figures.", more).format(
                    count=more
                )
            )
        if row["notes"]:
            details.append(_("Note: {note}").format(note=row["notes"]))
        items.append(
            Item(
                f"{row['publisher']} ({kind}{published}): {row['title']}",
                url=row["url"] if is_web_url(row["url"]) else "",
                details=tuple(details),
            )
        )
    said_any = any(d for item in items for d in item.details)
    return Section(
        _("Sources"),
        tuple(items),
        _("No source: the rows are computed."),
        note=evidence_note() if said_any else "",
    )


def limits_section(metrics: list[str], table: pd.DataFrame, dataset: Dataset) -> Section:
    """Figures searched for and not found, and those never recorded, for the chart's metrics.

    From ``gaps.csv`` and the coverage table: only the kinds of figure the chart's metrics
    belong to, and only its own votes where its rows name them.
    """
    items: list[Item] = []
    shown_series = set(table["series"].dropna().astype(str)) if "series" in table else None
    gaps = dataset.gaps[dataset.gaps["metric"].isin(metrics)]
    if shown_series is not None:
        gaps = gaps[gaps["series"].isin(shown_series)]
    titles = dataset.series.set_index("series_id")["title"]
    for gap in gaps.head(LIMITS_SHOWN).itertuples():
        title = dataset.metric_title(gap.metric)
        series = series_title(dataset, gap.series, titles.get(gap.series, gap.series))
        items.append(
            Item(
                _("Not found: {metric}, {series}. {result}").format(
                    metric=title, series=series, result=gap.result
                )
            )
        )
    more = len(gaps) - LIMITS_SHOWN
    if more > 0:
        items.append(
            Item(
                ngettext(
                    "and {count} more figure searched for and not found.",
                    "and {count} more figures searched for and not found.",
                    more,
                ).format(count=more)
            )
        )
    kinds = [name for name, kind_metrics in coverage.FIGURES if set(kind_metrics) & set(metrics)]
    if kinds:
        table_of = coverage_of(dataset)
        missing = table_of[
            table_of["figure"].isin(kinds) & (table_of["coverage"] == coverage.MISSING)
        ]
        if shown_series is not None:
            missing = missing[missing["series_id"].isin(shown_series)]
        for row in missing.head(LIMITS_SHOWN).itertuples():
            # the kinds of figure are the coverage table's (coverage.FIGURES), marked there
            figure = _(str(row.figure)).lower()
            series = series_title(dataset, row.series_id, row.series_title)
            items.append(
                Item(_("Not recorded: {figure}, {series}.").format(figure=figure, series=series))
            )
        more = len(missing) - LIMITS_SHOWN
        if more > 0:
            items.append(
                Item(
                    ngettext(
                        "and {count} more figure not recorded.",
                        "and {count} more figures not recorded.",
                        more,
                    ).format(count=more)
                )
            )
    caveated = dataset.facts[
        dataset.facts["metric"].isin(metrics) & (dataset.facts["caveat"].fillna("") != "")
    ]
    if len(caveated):
        items.append(
            Item(
                ngettext(
                    "{count} figure of these metrics is a source's own misprint, kept as "
                    "printed with a caveat and never shown as the preferred figure.",
                    "{count} figures of these metrics are a source's own misprint, kept as "
                    "printed with a caveat and never shown as the preferred figure.",
                    len(caveated),
                ).format(count=len(caveated))
            )
        )
    return Section(
        _("Known limits and gaps"),
        tuple(items),
        _(
            "No gap is recorded for these figures. The coverage table on the Sources page lists "
            "every vote's figures."
        ),
    )


def coverage_of(dataset: Dataset) -> pd.DataFrame:
    """The coverage table of a dataset in the language of this run, built once per loaded
    dataset and language (it reads every fact)."""
    return coverage_in(dataset, current_language())


@lru_cache(maxsize=12)
def coverage_in(dataset: Dataset, lang: str) -> pd.DataFrame:
    """``coverage.coverage_table`` built in ``lang``: its words may be translated."""
    with language(lang):
        return coverage.coverage_table(dataset)


def corrections_for(metrics: list[str], table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The corrections that touched a chart: of its rows' facts, or of facts of its metrics."""
    corrections = dataset.corrections
    facts = dataset.facts
    touched = set(fact_ids(table)) | set(facts.loc[facts["metric"].isin(metrics), "fact_id"])
    by_fact = (corrections["table"] == "facts") & corrections["row_id"].isin(touched)
    moved = (corrections["column"] == "metric") & (
        corrections["old_value"].isin(metrics) | corrections["new_value"].isin(metrics)
    )
    return corrections[by_fact | moved]


def correction_text(row: dict) -> str:
    """One correction in words: 'Corrected in version 0.2.0 (C0001, 25 November 2026): status
    was ...', in the language of this run (the reason stays as the data writes it)."""
    when = day_text(str(row["date"]))
    empty = _("(empty)")
    old = row["old_value"] if row["old_value"] not in (None, "") else empty
    new = row["new_value"] if row["new_value"] not in (None, "") else empty
    return _(
        "Corrected in version {version} ({correction}, {day}): {column} of {row} was "
        "'{old}', is now '{new}'. {reason}"
    ).format(
        version=row["version"],
        correction=row["correction_id"],
        day=when,
        column=row["column"],
        row=row["row_id"],
        old=old,
        new=new,
        reason=row["reason"],
    )


def corrections_section(metrics: list[str], table: pd.DataFrame, dataset: Dataset) -> Section:
    """The corrections that touched the chart, each in words."""
    rows = corrections_for(metrics, table, dataset).to_dict("records")
    return Section(
        _("Corrections"),
        tuple(Item(correction_text(row)) for row in rows),
        _("No figure of this chart has been corrected since it was published."),
    )


def about_chart(metrics: Iterable[str], table: pd.DataFrame, dataset: Dataset) -> About:
    """About this data for a chart declaring ``metrics`` and plotting ``table``."""
    chosen = chart_metrics(metrics, table, dataset)
    release = dataset.changelog
    version = Item(
        one_stop(
            _("Dataset version {version}, released {day}.").format(
                version=dataset.version, day=day_text(max(release["date"].astype(str)))
            )
        )
        if len(release)
        else _("Dataset version {version}.").format(version=dataset.version)
    )
    return About(
        (
            metric_section(chosen, dataset),
            counting_section(table, dataset),
            sources_section(table, dataset),
            limits_section(chosen, table, dataset),
            corrections_section(chosen, table, dataset),
            Section(_("Version"), (version,)),
        )
    )


def with_corrections(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """A chart's rows with a ``correction`` column: how each row's fact was corrected, or ''.

    Tables without facts (events, rules) are returned as they are.
    """
    if "fact_id" not in table or CORRECTION_COLUMN in table:
        return table
    notes = fact_corrections(dataset, current_language())
    texts = [notes.get(str(f), "") for f in table["fact_id"]]
    return table.assign(**{CORRECTION_COLUMN: texts})


@lru_cache(maxsize=12)
def fact_corrections(dataset: Dataset, lang: str) -> dict[str, str]:
    """Each corrected fact's corrections in words, in ``lang``, by fact id (read only).

    Built once per dataset and language: every chart's rows take their column from it on
    every filter change.
    """
    corrections = dataset.corrections[dataset.corrections["table"] == "facts"]
    notes: dict[str, list[str]] = {}
    with language(lang):
        for row in corrections.to_dict("records"):
            notes.setdefault(row["row_id"], []).append(correction_text(row))
    return {fact: " ".join(texts) for fact, texts in notes.items()}


def about_markdown(about: About) -> str:
    """About this data as Markdown, every data text escaped; links only for http(s) URLs."""
    lines: list[str] = []
    for section in about.sections:
        lines.append(f"**{escape_markdown(section.title)}**")
        lines.append("")
        if section.note:
            lines += [f"*{escape_markdown(section.note)}*", ""]
        if not section.items and section.empty:
            lines.append(escape_markdown(section.empty))
        for item in section.items:
            text = escape_markdown(item.text)
            if is_web_url(item.url):
                link = escape_markdown(_("open the source"))
                text += f" [{link}]({markdown_url(item.url)})"
            lines.append(f"- {text}")
            lines += [f"    - {escape_markdown(detail)}" for detail in item.details]
        lines.append("")
    return "\n".join(lines)


def about_html(about: About, heading_level: int = 4) -> str:
    """About this data as HTML, every data text escaped; links only for http(s) URLs."""
    parts: list[str] = []
    tag = f"h{heading_level}"
    for section in about.sections:
        parts.append(f"<{tag}>{html.escape(section.title)}</{tag}>")
        if section.note:
            parts.append(f"<p><em>{html.escape(section.note)}</em></p>")
        if not section.items and section.empty:
            parts.append(f"<p>{html.escape(section.empty)}</p>")
            continue
        parts.append("<ul>")
        for item in section.items:
            text = html.escape(item.text)
            if is_web_url(item.url):
                link = html.escape(_("open the source"))
                text += f' <a href="{html.escape(item.url, quote=True)}">{link}</a>'
            details = "".join(f"<li>{html.escape(d)}</li>" for d in item.details)
            parts.append(f"<li>{text}" + (f"<ul>{details}</ul>" if details else "") + "</li>")
        parts.append("</ul>")
    return "\n".join(parts)
