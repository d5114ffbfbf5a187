"""What a page draws for each chart of the registry: the chart, its caption, its data and downloads.

Sharing (images, About and Cite, the offline report) is in ``ui.sharing``; families of charts
(one per vote, per election, per rule) in ``ui.families``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import about, chart_data, charts, downloads, figures
from metrics.charts import Chart
from metrics.dataset import Dataset
from metrics.figures.marks import marked_figure
from metrics.filters import SECTION_PARAM, excerpt
from metrics.i18n import _, message_index
from metrics.marks import marks_alt
from metrics.safe_text import escape_markdown
from metrics.ui.loading import View
from metrics.ui.sharing import (
    about_and_cite,
    chart_address,
    drawn_charts,
    filters_text,
    site_base,
    sources_line,
)


def sources_caption(table: pd.DataFrame, dataset: Dataset | None = None) -> str:
    """'Sources: A (kind); B (kind).' for the rows of a chart, escaped for Markdown.

    With the dataset, each publisher links to its source's page (http and https only).
    """
    if dataset is not None:
        linked = chart_data.sources_markdown(chart_data.source_links(table, dataset))
        if linked:
            return linked
    names = "; ".join(chart_data.source_names(table))
    return _("Sources:") + " " + escape_markdown(names) + "\\."


def chart_caption(chart: Chart, plotted: pd.DataFrame, view: View) -> str:
    """A chart's caption: its sources (linked), a computed remainder, and the active filters."""
    parts = [sources_caption(plotted, view.dataset)]
    note = chart_data.remainder_note(plotted)
    if note:
        parts.append(escape_markdown(note))
    spheres, kinds = charts.filter_labels(view.dataset)
    active = chart_data.filters_caption(view.filters, view.defaults, spheres, kinds)
    if active:
        parts.append(escape_markdown(active))
    return " ".join(parts)


def data_table(table: pd.DataFrame, key: str) -> None:
    """A table with its source links clickable (http and https only, as validated).

    Each column's header explains it on hover (``downloads.COLUMN_DOCS``, translated). The
    headers keep the machine names, as the downloads do; where the evidence is shown in
    Kazakh or Russian, a note says it is in English.
    """
    config: dict[str, Any] = {
        name: st.column_config.Column(help=downloads.column_doc(name))
        for name in table.columns
        if name in downloads.COLUMN_DOCS
    }
    config |= {
        "url": st.column_config.LinkColumn("url", help=_("The source's page")),
        "evidence": st.column_config.TextColumn(
            "evidence", width="large", help=downloads.column_doc("evidence")
        ),
        "other_values": st.column_config.TextColumn(
            "other values", help=downloads.column_doc("other_values")
        ),
    }
    note = about.evidence_note() if "evidence" in table else ""
    if note:
        st.caption(escape_markdown(note))
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key=key)


DOWNLOAD_FORMATS = (
    ("CSV", "csv", "text/csv", downloads.csv_bytes),
    ("Parquet", "parquet", "application/vnd.apache.parquet", downloads.chart_parquet_bytes),
)


def download_buttons(table: pd.DataFrame, chart: str, view: View, variant: str = "shown") -> None:
    """CSV and Parquet downloads of exactly ``table``; neither reruns the page.

    The bytes are made when the buttons are drawn (once per data version, filters and
    ``variant``), not by a callable on click. Streamlit 1.67 leaves a file made on click
    unreferenced, and the orphan sweep that ends every script run of *any* session deletes it
    after two runs, so under concurrent sessions the browser's fetch could find it gone (the
    load test saw "Download.save_as: canceled"). A file given as bytes stays referenced by
    this session's page until its next rerun. The files carry label columns and the guide
    words in the language of the run, which is part of every memo's key (``View.cache_key``).
    """
    *format_columns, guide_column = st.columns(len(DOWNLOAD_FORMATS) + 1)
    guide: bytes = view.memo(
        f"{chart}-{variant}-guide",
        lambda: downloads.column_guide_bytes(table, chart, view.dataset.version, view.dataset),
    )
    guide_column.download_button(
        _("Download column guide"),
        data=guide,
        file_name=downloads.download_name(chart, view.slug, "md", f"{variant}-columns"),
        mime="text/markdown",
        on_click="ignore",
        icon=":material/description:",
        key=f"{chart}-guide",
        width="stretch",
    )
    for column, (name, extension, mime, encode) in zip(
        format_columns, DOWNLOAD_FORMATS, strict=True
    ):
        data: bytes = view.memo(
            f"{chart}-{variant}-{extension}", partial(encode, table, view.dataset)
        )
        column.download_button(
            _("Download {format}").format(format=name),
            data=data,
            file_name=downloads.download_name(chart, view.slug, extension, variant),
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"{chart}-{extension}",
            width="stretch",
        )


def section(title: str) -> None:
    """A page's section heading: ``title`` (an English message, marked ``N_``) translated, with
    the English heading's anchor, the same in every language (``jump_links``)."""
    st.subheader(escape_markdown(_(title)), anchor=chart_data.heading_anchor(title))


def page_sections(titles: list[str], default: str | None = None) -> list[Any]:
    """A page's sections as tabs (``titles``: English messages, marked ``N_``), in the link.

    Only the open tab's content is drawn (each ``tab.open`` says whether it is): every chart
    drawn costs the browser on every reload (make bench). The open tab lives in the address
    bar as ``section=<its label>``; a link whose label is in another language opens the same
    tab, and a label that names no tab gets a notice and the ``default`` tab (the first if
    None). When the language control is switched, the tab stays open, but Streamlit takes the
    old label off the link with the old tabs (a bound parameter cannot be written from code):
    the link names the tab again once one is clicked.
    """
    labels = [_(title) for title in titles]
    asked = st.query_params.get_all(SECTION_PARAM)
    if asked and asked[-1] not in labels:
        index = message_index(asked[-1], titles)
        if index is None:
            st.warning(
                escape_markdown(
                    _(
                        "The link asks for the section '{asked}', which this page does not have; "
                        "it was ignored. Known: {known}."
                    ).format(asked=excerpt(asked[-1]), known=", ".join(labels))
                ),
                icon=":material/link_off:",
            )
        else:  # the same tab, in the language now chosen
            st.session_state[SECTION_PARAM] = labels[index]
    return list(
        st.tabs(
            labels,
            default=_(default) if default else None,
            key=SECTION_PARAM,
            bind="query-params",
        )
    )


def jump_links(titles: list[str]) -> None:
    """'Jump to:' a link to each of the page's sections (English messages, as ``section``)."""
    sections = [(_(title), chart_data.heading_anchor(title)) for title in titles]
    st.markdown(chart_data.jump_links(sections, _("Jump to:")))


def heading(chart: Chart) -> None:
    """The chart's heading and introduction, if it has them."""
    title = _(chart.heading) if chart.heading else ""  # a vote's own title stays as it is
    if title and chart.heading_level <= 3:
        st.subheader(escape_markdown(title), anchor=chart_data.heading_anchor(chart.heading))
    elif title:
        st.markdown(f"{'#' * chart.heading_level} {escape_markdown(title)}")
    if chart.intro:
        st.caption(_(chart.intro))


def chart_block(chart: Chart, view: View) -> None:
    """A registry chart with its heading, caption, the rows it plots and their downloads.

    When the filters leave no rows, a plain sentence says which filter emptied it. A
    ``time_ordered`` chart longer than ``chart_data.PLOTTED_ROWS_LIMIT`` is plotted from its
    latest rows, with a note saying so; the data view always has every row. A chart with a
    ``listing`` has it under the chart, to read without hovering. Every chart's mode bar
    downloads it as PNG or SVG with its provenance printed on it, and one expander under it
    holds About this data and Cite this view, drawn when opened.
    """
    heading(chart)
    table = view.memo(
        chart.chart_id, lambda: about.with_corrections(chart.rows(view.inputs), view.dataset)
    )
    if table.empty:
        message = view.memo(
            f"{chart.chart_id}-why-empty",
            lambda: charts.why_empty(chart, view.dataset, view.filters, view.defaults),
        )
        st.info(message, icon=":material/filter_alt_off:")
        return
    plotted = chart_data.latest_rows(table) if chart.time_ordered else table
    base = site_base()
    marked = view.marks and bool(chart.marks_over)
    figure, alt, config = view.memo(
        f"{chart.chart_id}-figure-{base}{'-marked' * marked}",
        lambda: chart_parts(chart, plotted, view, base, marked),
    )
    st.plotly_chart(
        figure,
        width="stretch",
        alt=alt,
        key=f"{chart.chart_id}-figure",
        config=config,
    )
    # after the chart: its message leaves before the caption is built
    caption = view.memo(f"{chart.chart_id}-caption", lambda: chart_caption(chart, plotted, view))
    note = chart_data.plotted_note(len(plotted), len(table))
    st.caption(caption if note is None else f"{caption} {note}")
    drawn_charts().append((chart, plotted, figure, caption))
    make_listing = chart.listing
    if make_listing is not None:
        # drawn when opened, as the data views are: a table of every event on every run cost
        # the browser more than the chart (make bench)
        opened = st.expander(
            _("The events as a list"), icon=":material/list:", key=f"{chart.chart_id}-listing",
            on_change="rerun",
        )  # fmt: skip
        if opened.open:
            listing = view.memo(f"{chart.chart_id}-listing", lambda: make_listing(plotted))
            # a static table: its text is in the page, legible and searchable; cells are Markdown
            with opened:
                st.table(listing.map(escape_markdown), hide_index=True)
    about_and_cite(chart, plotted, figure, view)
    all_rows = chart.all_rows
    all_values = None
    if all_rows is not None:  # built only when the data view is open, not on every filter change
        all_values = partial(
            view.memo,
            f"{chart.chart_id}-all",
            lambda: about.with_corrections(all_rows(view.inputs), view.dataset),
        )
    data_view(chart.chart_id, table, view, all_values)


def chart_parts(
    chart: Chart, plotted: pd.DataFrame, view: View, base: str, marked: bool = False
) -> tuple[go.Figure, str, dict[str, Any]]:
    """A chart's figure (with its image export in ``layout.meta``), text alternative and
    Plotly config, built once per view and site address.

    ``marked``: the reform events within the chart's dates are drawn on it and named in its
    text alternative (``metrics.marks``).
    """
    alt = chart.alt(plotted)
    if marked:
        events = charts.chart_marks(chart, plotted, view.inputs)
        figure = marked_figure(chart.figure, plotted, events)
        alt = " ".join(part for part in (alt, marks_alt(events)) if part)
    else:
        figure = chart.figure(plotted)
    provenance = [
        filters_text(view),
        sources_line(plotted, view.dataset),
        _("{site}, dataset version {version}.").format(
            site=downloads.SITE_NAME, version=view.dataset.version
        )
        + f" {chart_address(chart, view, base)}",
    ]
    export = figures.export_layout(figure, provenance)
    figure.layout.meta = {"image_export": {"layout": export}}
    file_name = downloads.download_name(chart.chart_id, view.slug, "", "image").rstrip(".")
    config = figures.image_config(file_name, export)
    return figure, alt, config


def page_charts(
    page: str, view: View, only: tuple[str, ...] | None = None, on_demand_label: str = ""
) -> None:
    """The fixed charts of ``page`` from the registry, in order (``only`` these ids, if given).

    With ``on_demand_label`` they sit in an expander of that name, drawn when opened.
    """
    chosen = [c for c in charts.charts_on(page, view.inputs) if only is None or c.chart_id in only]
    if on_demand_label and chosen:
        box = on_demand(on_demand_label, f"{page}-{chosen[0].chart_id}-on-demand")
        if not box.open:
            return
        with box:
            for chart in chosen:
                chart_block(chart, view)
        return
    for chart in chosen:
        chart_block(chart, view)


def on_demand(label: str, key: str) -> Any:
    """An expander whose content is drawn only once it is opened (it reruns the page)."""
    return st.expander(label, icon=":material/add_chart:", key=key, on_change="rerun")


def data_view(
    chart: str,
    table: pd.DataFrame,
    view: View,
    all_values: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """The rows behind a chart and their downloads, in an expander drawn only when opened.

    A table widget for every chart on every run would cost more than the charts; the
    expander reruns the page when opened, and only then are the rows sent. ``all_values``
    builds every source's rows (not only the preferred), also only then.
    """
    label = _("Data behind these figures") if chart == "headlines" else _("Data behind this chart")
    expander = st.expander(label, icon=":material/table:", key=f"{chart}-data", on_change="rerun")
    if not expander.open:
        return
    with expander:
        rows, variant = table, "shown"
        every = None if all_values is None else all_values()
        show_all = every is not None and len(every) > len(table)
        if show_all and st.toggle(
            _("Show every source's value, not only the preferred one"), key=f"{chart}-all"
        ):
            rows, variant = every, "all"
        # the downloads come before the table: a keyboard reaches them in a few tab stops,
        # where the table's cells and toolbar would take more than twenty
        download_buttons(rows, chart, view, variant)
        data_table(rows, key=f"{chart}-table")
