"""What a page draws for each chart of the registry: the chart, its caption, its data and downloads."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import about, chart_data, charts, downloads, figures, report
from metrics.charts import Chart
from metrics.citation import ViewCitation, view_address
from metrics.dataset import Dataset
from metrics.figures.marks import with_reform_marks
from metrics.filters import MEASURE_PARAM, PAGE_PARAMS
from metrics.marks import marks_alt
from metrics.safe_text import escape_markdown
from metrics.ui.loading import View


def sources_caption(table: pd.DataFrame, dataset: Dataset | None = None) -> str:
    """'Sources: A (kind); B (kind).' for the rows of a chart, escaped for Markdown.

    With the dataset, each publisher links to its source's page (http and https only).
    """
    if dataset is not None:
        linked = chart_data.sources_markdown(chart_data.source_links(table, dataset))
        if linked:
            return linked
    return "Sources: " + escape_markdown("; ".join(chart_data.source_names(table))) + "\\."


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

    Each column's header explains it on hover (``downloads.COLUMN_DOCS``).
    """
    config: dict[str, Any] = {
        name: st.column_config.Column(help=downloads.COLUMN_DOCS[name])
        for name in table.columns
        if name in downloads.COLUMN_DOCS
    }
    config |= {
        "url": st.column_config.LinkColumn("url", help="The source's page"),
        "evidence": st.column_config.TextColumn("evidence", width="large"),
        "other_values": st.column_config.TextColumn("other values"),
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key=key)


DOWNLOAD_FORMATS = (
    ("CSV", "csv", "text/csv", downloads.csv_bytes),
    ("Parquet", "parquet", "application/vnd.apache.parquet", downloads.parquet_bytes),
)


def download_buttons(table: pd.DataFrame, chart: str, view: View, variant: str = "shown") -> None:
    """CSV and Parquet downloads of exactly ``table``; neither reruns the page.

    The bytes are made when the buttons are drawn (once per data version, filters and
    ``variant``), not by a callable on click. Streamlit 1.67 leaves a file made on click
    unreferenced, and the orphan sweep that ends every script run of *any* session deletes it
    after two runs, so under concurrent sessions the browser's fetch could find it gone (the
    load test saw "Download.save_as: canceled"). A file given as bytes stays referenced by
    this session's page until its next rerun.
    """
    *format_columns, guide_column = st.columns(len(DOWNLOAD_FORMATS) + 1)
    guide: bytes = view.memo(
        f"{chart}-{variant}-guide",
        lambda: downloads.column_guide_bytes(table, chart, view.dataset.version),
    )
    guide_column.download_button(
        "Download column guide",
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
        data: bytes = view.memo(f"{chart}-{variant}-{extension}", partial(encode, table))
        column.download_button(
            f"Download {name}",
            data=data,
            file_name=downloads.download_name(chart, view.slug, extension, variant),
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"{chart}-{extension}",
            width="stretch",
        )


def heading(chart: Chart) -> None:
    """The chart's heading and introduction, if it has them."""
    if chart.heading and chart.heading_level <= 3:
        st.subheader(escape_markdown(chart.heading))
    elif chart.heading:
        st.markdown(f"{'#' * chart.heading_level} {escape_markdown(chart.heading)}")
    if chart.intro:
        st.caption(chart.intro)


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
    figure, alt, caption, config = view.memo(
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
    note = chart_data.plotted_note(len(plotted), len(table))
    st.caption(caption if note is None else f"{caption} {note}")
    drawn_charts().append((chart, plotted, figure, caption))
    make_listing = chart.listing
    if make_listing is not None:
        # drawn when opened, as the data views are: a table of every event on every run cost
        # the browser more than the chart (make bench)
        opened = st.expander(
            "The events as a list", icon=":material/list:", key=f"{chart.chart_id}-listing",
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
    if all_rows is not None:
        all_values = view.memo(
            f"{chart.chart_id}-all",
            lambda: about.with_corrections(all_rows(view.inputs), view.dataset),
        )
    data_view(chart.chart_id, table, view, all_values)


def chart_parts(
    chart: Chart, plotted: pd.DataFrame, view: View, base: str, marked: bool = False
) -> tuple[go.Figure, str, str, dict[str, Any]]:
    """A chart's figure (with its image export in ``layout.meta``), text alternative, caption
    and Plotly config, built once per view and site address.

    ``marked``: the reform events within the chart's dates are drawn on it and named in its
    text alternative (``metrics.marks``).
    """
    figure = chart.figure(plotted)
    alt = chart.alt(plotted)
    if marked:
        events = charts.chart_marks(chart, plotted, view.inputs)
        figure = with_reform_marks(figure, events)
        alt = " ".join(part for part in (alt, marks_alt(events)) if part)
    provenance = [
        filters_text(view),
        sources_line(plotted, view.dataset),
        f"{downloads.SITE_NAME}, dataset version {view.dataset.version}. "
        f"{chart_address(chart, view, base)}",
    ]
    export = figures.export_layout(figure, provenance)
    figure.layout.meta = {"image_export": {"layout": export}}
    file_name = downloads.download_name(chart.chart_id, view.slug, "", "image").rstrip(".")
    config = figures.image_config(file_name, export)
    return figure, alt, chart_caption(chart, plotted, view), config


def sources_line(plotted: pd.DataFrame, dataset: Dataset) -> str:
    """'Sources: Publisher (kind); ...' for an image's footer, or '' for computed rows."""
    names = [f"{p} ({k})" for p, k, _ in chart_data.source_links(plotted, dataset)]
    return "Sources: " + "; ".join(dict.fromkeys(names)) + "." if names else ""


def site_base() -> str:
    """The site's address as the browser reached it ('http://127.0.0.1:8501'), for citations."""
    url = st.context.url or ""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    address = st.get_option("browser.serverAddress") or "localhost"
    return f"http://{address}:{st.get_option('browser.serverPort')}"


def page_params() -> list[tuple[str, str]]:
    """The page's own parameters in the address bar (the Elections page's measure, its pair)."""
    return [
        (name, value)
        for name in sorted(PAGE_PARAMS)
        if name in st.query_params
        for value in st.query_params.get_all(name)
    ]


def view_link(page: str, view: View, base: str) -> str:
    """The address of ``page`` under the view's filters (and the page's own parameters)."""
    spheres, kinds = charts.filter_labels(view.dataset)
    return view_address(base, page, view.filters, view.defaults, spheres, kinds, page_params())


def chart_address(chart: Chart, view: View, base: str) -> str:
    """The address of the page that shows ``chart``, with the filters."""
    return view_link(chart.page, view, base)


def filters_text(view: View) -> str:
    """The filters in force, in words; the full view says so."""
    spheres, kinds = charts.filter_labels(view.dataset)
    active = chart_data.filters_caption(view.filters, view.defaults, spheres, kinds)
    if active:
        return active
    years = chart_data.years_text(view.filters.years)
    return f"Filters: none (every year {years}, every sphere and every kind of source)."


def figure_title(figure: go.Figure, chart: Chart) -> str:
    """A chart's title as plain text: its heading, else its figure's title."""
    if chart.heading:
        return chart.heading
    text = figure.layout.title.text or chart.chart_id
    return html.unescape(text.replace("<br>", " "))


def view_citation(title: str, address: str, view: View) -> ViewCitation:
    """The citation of a chart or page under the view's filters, accessed today."""
    return ViewCitation(title, address, view.dataset.version, date.today(), filters_text(view))


def about_and_cite(chart: Chart, plotted: pd.DataFrame, figure: go.Figure, view: View) -> None:
    """One expander under a chart: About this data, Cite this view, and how to get the image.

    Drawn when opened, like the data view, so a page pays for it only when a reader asks.
    """
    opened = st.expander(
        "About this data · Cite this view",
        icon=":material/info:",
        key=f"{chart.chart_id}-about",
        on_change="rerun",
    )
    if not opened.open:
        return
    base = site_base()
    title = figure_title(figure, chart)
    citation = view_citation(title, chart_address(chart, view, base), view)
    text = view.memo(
        f"{chart.chart_id}-about-md",
        lambda: about.about_markdown(about.about_chart(chart.metrics, plotted, view.dataset)),
    )
    with opened:
        st.markdown("#### About this data")
        st.markdown(text)
        st.markdown("#### Cite this view")
        st.caption(
            "The address keeps the filters, so the citation opens this exact view. Copy with "
            "the button at the top right of each box."
        )
        st.code(citation.plain(), language=None, wrap_lines=True)
        st.code(citation.bibtex(), language="latex")
        st.caption(
            "To take the chart as an image, hover it and use the camera (PNG) or the arrow "
            "beside it (SVG): the image carries the title, the filters, the sources, the "
            "dataset version and this address."
        )


DRAWN_STATE = "_metrics_drawn_charts"


def begin_page() -> None:
    """Forget the charts the last run drew: the page's report holds this run's charts only."""
    st.session_state[DRAWN_STATE] = []


def drawn_charts() -> list:
    """The charts this run has drawn so far: (chart, plotted rows, figure, caption)."""
    return st.session_state.setdefault(DRAWN_STATE, [])


def page_downloads(page_title: str, page: str, view: View) -> None:
    """At the foot of every page: the offline report of the page and the data of this view.

    Both are built when the expander is opened, once per view (memoized): a report inlines
    plotly.js (some megabytes) and a bundle zips every table.
    """
    opened = st.expander(
        "Take this view away: an offline report and the data it shows",
        icon=":material/download:",
        key="page-downloads",
        on_change="rerun",
    )
    if not opened.open:
        return
    base = site_base()
    address = view_link(page, view, base)
    drawn = list(drawn_charts())
    names = ",".join(chart.chart_id for chart, *_ in drawn)
    citation = view_citation(page_title, address, view)

    def build_report() -> bytes:
        parts = []
        sources: list[tuple[str, str, str]] = []
        for chart, plotted, figure, caption in drawn:
            about_text: str = view.memo(
                f"{chart.chart_id}-about-html", partial(about_html, chart, plotted, view)
            )
            parts.append(
                report.ReportChart(
                    figure_title(figure, chart),
                    figure,
                    plain_caption(caption),
                    downloads.analysis_table(plotted),
                    about_text,
                )
            )
            sources += chart_data.source_links(plotted, view.dataset)
        return report.report_bytes(page_title, parts, citation, list(dict.fromkeys(sources)))

    def build_bundle() -> bytes:
        keep = downloads.view_tables(
            view.dataset, set(view.facts["fact_id"]), set(view.events["event_id"])
        )
        bundle_view = downloads.BundleView(filters_text(view), address, citation)
        return downloads.bundle_zip(view.dataset, view=bundle_view, keep=keep)

    today = date.today().isoformat()
    with opened:
        st.caption(
            "The report is one HTML file that opens without a network: this page's charts "
            "(interactive), the rows behind each, About this data, the sources and the "
            "citation. The data of this view is a ZIP of exactly the facts and events the "
            "filters keep, with the registries, the corrections, the coverage table and the "
            "change log, described in datapackage.json."
        )
        left, right = st.columns(2)
        left.download_button(
            "Download the offline report (HTML)",
            data=view.memo(f"report-{page}-{names}-{base}-{today}", build_report),
            file_name=downloads.download_name(page or "overview", view.slug, "html", "report"),
            mime="text/html",
            on_click="ignore",
            icon=":material/article:",
            key="page-report",
            width="stretch",
        )
        right.download_button(
            "Download the data of this view (ZIP)",
            data=view.memo(f"view-bundle-{page}-{base}-{today}", build_bundle),
            file_name=downloads.download_name("view", view.slug, "zip", "data"),
            mime="application/zip",
            on_click="ignore",
            icon=":material/folder_zip:",
            key="view-bundle",
            width="stretch",
        )


def about_html(chart: Chart, plotted: pd.DataFrame, view: View) -> str:
    """About this data of a chart, as HTML for the report."""
    return about.about_html(about.about_chart(chart.metrics, plotted, view.dataset))


def plain_caption(caption: str) -> str:
    """A chart caption's Markdown as plain text: links become their text, escapes are dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", caption)
    return re.sub(r"\\(.)", r"\1", text)


# The mode bar shows only while the pointer is over a chart, in the strip above its title;
# each chart's own config (``figures.image_config``) adds its image downloads.
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": "hover"}


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


def result_charts(view: View) -> None:
    """The Elections page's results charts, one per vote, latest first, as shares or votes.

    The choice is bound to the address bar (``measure``), so a link keeps it.
    """
    measure = (
        st.segmented_control(
            "Results as",
            options=[figures.SHARES, figures.VOTES],
            default=figures.SHARES,
            format_func={figures.SHARES: "Shares (%)", figures.VOTES: "Votes (counts)"}.__getitem__,
            key=MEASURE_PARAM,
            bind="query-params",
            help="Votes are drawn for the options whose votes a source counts; the others are gaps.",
        )
        or figures.SHARES
    )
    drawn, total = view.memo(
        f"result-charts-{measure}", lambda: charts.result_charts(view.inputs, measure)
    )
    if not total:
        st.info(
            "No election or referendum results match these filters.",
            icon=":material/filter_alt_off:",
        )
    elif len(drawn) < total:
        st.caption(
            f"Showing the latest {len(drawn)} of {total:,} votes with results. Narrow the "
            "years in the sidebar to see earlier ones."
        )
    if len(drawn) > 1:
        st.markdown(chart_data.jump_links([chart.heading for chart in drawn[:SHOWN_AT_ONCE]]))
    draw_charts(drawn, view, "Earlier votes", "result-charts-more")


# How many charts of a family are drawn at once; the rest wait in an expander drawn when
# opened. Every chart drawn costs the browser on each reload (make bench, every page).
SHOWN_AT_ONCE = 4


def on_demand(label: str, key: str) -> Any:
    """An expander whose content is drawn only once it is opened (it reruns the page)."""
    return st.expander(label, icon=":material/add_chart:", key=key, on_change="rerun")


def draw_charts(charts_to_draw: list[Chart], view: View, label: str, key: str) -> None:
    """The first ``SHOWN_AT_ONCE`` charts, then the rest in an expander drawn when opened."""
    for chart in charts_to_draw[:SHOWN_AT_ONCE]:
        chart_block(chart, view)
    rest = charts_to_draw[SHOWN_AT_ONCE:]
    if rest:
        more = on_demand(f"{label} ({len(rest)})", key)
        if more.open:
            with more:
                for chart in rest:
                    chart_block(chart, view)


def chart_family(view: View, name: str, build, empty: str, label: str = "More charts") -> None:
    """Every chart of a family (one per rule, one per election...), the first few drawn at once."""
    drawn = view.memo(name, lambda: build(view.inputs))
    if not drawn:
        st.info(empty, icon=":material/filter_alt_off:")
        return
    draw_charts(drawn, view, label, f"{name}-more")


def rule_charts(view: View) -> None:
    """The Rules page's step chart of each rule that changed, drawn when asked for."""
    drawn = view.memo("rule-charts", lambda: charts.rule_charts(view.inputs))
    if drawn:
        each = on_demand(f"Each rule on its own chart, with its acts ({len(drawn)})", "rules-each")
        if each.open:
            with each:
                for chart in drawn:
                    chart_block(chart, view)


def seats_charts(view: View) -> None:
    """The Electoral system page's parliament chart of each election of a whole chamber."""
    chart_family(
        view, "seats-charts", charts.seats_charts, "No seats per party match these filters."
    )


def data_view(
    chart: str, table: pd.DataFrame, view: View, all_values: pd.DataFrame | None = None
) -> None:
    """The rows behind a chart and their downloads, in an expander drawn only when opened.

    A table widget for every chart on every run would cost more than the charts; the
    expander reruns the page when opened, and only then are the rows sent.
    """
    label = "Data behind these figures" if chart == "headlines" else "Data behind this chart"
    expander = st.expander(label, icon=":material/table:", key=f"{chart}-data", on_change="rerun")
    if not expander.open:
        return
    with expander:
        rows, variant = table, "shown"
        show_all = all_values is not None and len(all_values) > len(table)
        if show_all and st.toggle(
            "Show every source's value, not only the preferred one", key=f"{chart}-all"
        ):
            rows, variant = all_values, "all"
        # the downloads come before the table: a keyboard reaches them in a few tab stops,
        # where the table's cells and toolbar would take more than twenty
        download_buttons(rows, chart, view, variant)
        data_table(rows, key=f"{chart}-table")


# Runs once in the browser (a component of the page, not an iframe): it draws a chart's image
# with its provenance when the camera (PNG) or the SVG button of a chart's mode bar is
# clicked. Plotly's own download does the drawing; for that moment the chart's layout has its
# image export (``layout.meta.image_export``, from ``figures.export_layout``) merged in, and
# the format is PNG or SVG. The page's chart is never redrawn.
IMAGE_EXPORT_JS = """
const PNG = __PNG__, SVG = __SVG__, ICON = __ICON__;
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function merged(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (key === "annotations") out[key] = [...(base[key] || []), ...value];
    else if (isObject(value) && isObject(base[key])) out[key] = merged(base[key], value);
    else out[key] = value;
  }
  return out;
}
function onClick(event) {
  const button = event.target.closest ? event.target.closest(".modebar-btn") : null;
  if (!button) return;
  const plot = button.closest(".js-plotly-plot");
  const meta = plot && plot.layout && plot.layout.meta;
  const extra = meta && meta.image_export;
  if (!extra) return;
  const title = button.getAttribute("data-title");
  if (title === SVG) {
    event.stopImmediatePropagation();
    event.preventDefault();
    const camera = [...plot.querySelectorAll(".modebar-btn")]
      .find((b) => b.getAttribute("data-title") === PNG);
    if (!camera) return;
    plot.__metricsImageFormat = "svg";
    camera.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    return;
  }
  if (title !== PNG) return;
  const format = plot.__metricsImageFormat || "png";
  plot.__metricsImageFormat = undefined;
  const layout = plot.layout, options = plot._context.toImageButtonOptions;
  plot.layout = merged(layout, extra.layout);
  plot._context.toImageButtonOptions = { ...options, format, scale: format === "svg" ? 1 : options.scale };
  setTimeout(() => { plot.layout = layout; plot._context.toImageButtonOptions = options; }, 0);
}
function addSvgButton(event) {
  const plot = event.target.closest ? event.target.closest(".js-plotly-plot") : null;
  const meta = plot && plot.layout && plot.layout.meta;
  if (!meta || !meta.image_export) return;
  const camera = [...plot.querySelectorAll(".modebar-btn")]
    .find((b) => b.getAttribute("data-title") === PNG);
  if (!camera || camera.parentNode.querySelector(".metrics-svg-btn")) return;
  const button = camera.cloneNode(true);  // Plotly's look, none of its listeners
  button.classList.add("metrics-svg-btn");
  button.setAttribute("data-title", SVG);
  button.setAttribute("aria-label", SVG);
  const icon = button.querySelector("svg"), path = button.querySelector("path");
  if (icon && path) {
    icon.setAttribute("viewBox", "0 0 24 24");
    path.setAttribute("d", ICON);
    path.removeAttribute("transform");
  }
  camera.after(button);
}
export default function () {
  if (window.__metricsImageExport) return;
  window.__metricsImageExport = true;
  document.addEventListener("click", onClick, true);
  document.addEventListener("mouseover", addSvgButton, true);
}
"""
for _name, _value in (
    ("__PNG__", figures.PNG_BUTTON_TITLE),
    ("__SVG__", figures.SVG_BUTTON_TITLE),
    ("__ICON__", figures.SVG_ICON_PATH),
):
    IMAGE_EXPORT_JS = IMAGE_EXPORT_JS.replace(_name, json.dumps(_value))
IMAGE_EXPORT = st.components.v2.component(
    "metrics_image_export", html="<span></span>", js=IMAGE_EXPORT_JS
)


def image_export_hook() -> None:
    """Put the image export's script on the page (in the sidebar, where it takes no room)."""
    with st.sidebar:
        IMAGE_EXPORT(key="metrics-image-export", width="content", height="content")
