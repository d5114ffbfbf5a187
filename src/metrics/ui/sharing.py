"""Sharing a view: chart images with their provenance, About this data and Cite this view, the
offline report and the data of the view at the foot of each page."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import about, chart_data, charts, downloads, figures, report
from metrics.charts import Chart
from metrics.citation import ViewCitation, view_address
from metrics.dataset import Dataset
from metrics.filters import PAGE_PARAMS
from metrics.i18n import _, current_language
from metrics.ui.loading import View
from metrics.ui.style import PAGE_CSS


def sources_line(plotted: pd.DataFrame, dataset: Dataset) -> str:
    """'Sources: Publisher (kind); ...' for an image's footer, or '' for computed rows."""
    names = [f"{p} ({k})" for p, k, _link in chart_data.source_links(plotted, dataset)]
    return _("Sources: {sources}.").format(sources="; ".join(dict.fromkeys(names))) if names else ""


def site_base() -> str:
    """The site's address as the browser reached it ('http://127.0.0.1:8501'), for citations."""
    url = st.context.url or ""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    address = st.get_option("browser.serverAddress") or "localhost"
    return f"http://{address}:{st.get_option('browser.serverPort')}"


def page_params() -> list[tuple[str, str]]:
    """The page's own parameters in the address bar (the Elections page's measure, its pair).

    The language is not one of them: ``view_address`` writes it from the language in force.
    """
    return [
        (name, value)
        for name in sorted(PAGE_PARAMS)
        if name in st.query_params
        for value in st.query_params.get_all(name)
    ]


def view_link(page: str, view: View, base: str) -> str:
    """The address of ``page`` under the view's filters (and the page's own parameters)."""
    spheres, kinds = charts.filter_labels(view.dataset)  # in the language of this run
    return view_address(
        base,
        page,
        view.filters,
        view.defaults,
        spheres,
        kinds,
        page_params(),
        lang=current_language(),
    )


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
    return _("Filters: none (every year {years}, every sphere and every kind of source).").format(
        years=years
    )


def figure_title(figure: go.Figure, chart: Chart) -> str:
    """A chart's title as plain text: its heading, else its figure's title."""
    if chart.heading:
        return _(chart.heading)  # a registry heading (N_) or a vote's own title
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
        _("About this data · Cite this view"),
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
        st.markdown("#### " + _("About this data"))
        st.markdown(text)
        st.markdown("#### " + _("Cite this view"))
        st.caption(
            _(
                "The address keeps the filters, so the citation opens this exact view. Copy "
                "with the button at the top right of each box."
            )
        )
        st.code(citation.plain(), language=None, wrap_lines=True)
        st.code(citation.bibtex(), language="latex")
        st.caption(
            _(
                "To take the chart as an image, hover it and use the camera (PNG) or the arrow "
                "beside it (SVG): the image carries the title, the filters, the sources, the "
                "dataset version and this address."
            )
        )


DRAWN_STATE = "_metrics_drawn_charts"


@contextmanager
def drawing_page() -> Iterator[None]:
    """The run of a page: the charts it draws are kept for its report, then let go.

    Let go also when a rerun or ``st.stop`` ends the run early. A session outlives its
    visitor: Streamlit keeps a disconnected session's state for
    ``server.disconnectedSessionTTL`` (two minutes), and every reload or new visitor is a new
    session. Charts held in session state (rows and figures) would stay alive with each of
    them after the memory-bounded cache let its own copies go, so memory grew with visitors.
    """
    st.session_state[DRAWN_STATE] = []
    try:
        yield
    finally:
        st.session_state.pop(DRAWN_STATE, None)


def drawn_charts() -> list:
    """The charts this run has drawn so far: (chart, plotted rows, figure, caption)."""
    return st.session_state.setdefault(DRAWN_STATE, [])


def page_downloads(page_title: str, page: str, view: View) -> None:
    """At the foot of every page: the offline report of the page and the data of this view.

    Both are built when the expander is opened, once per view (memoized): a report inlines
    plotly.js (some megabytes) and a bundle zips every table.
    """
    opened = st.expander(
        _("Take this view away: an offline report and the data it shows"),
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
            _(
                "The report is one HTML file that opens without a network: this page's charts "
                "(interactive), the rows behind each, About this data, the sources and the "
                "citation. The data of this view is a ZIP of exactly the facts and events the "
                "filters keep, with the registries, the corrections, the coverage table and "
                "the change log, described in datapackage.json."
            )
        )
        left, right = st.columns(2)
        left.download_button(
            _("Download the offline report (HTML)"),
            data=view.memo(f"report-{page}-{names}-{base}-{today}", build_report),
            file_name=downloads.download_name(page or "overview", view.slug, "html", "report"),
            mime="text/html",
            on_click="ignore",
            icon=":material/article:",
            key="page-report",
            width="stretch",
        )
        right.download_button(
            _("Download the data of this view (ZIP)"),
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


# Runs once in the browser, from the page shell's head (``page_head``, put there by the server:
# ``metrics.addresses.ShellBackendAddress``). It draws a chart's image with its provenance
# when the camera (PNG) or the SVG button of a chart's mode bar is clicked. Plotly's own download does the drawing; for that moment the chart's layout has its
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
if (!window.__metricsImageExport) {
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
IMAGE_EXPORT_JS = "(() => {" + IMAGE_EXPORT_JS + "})();"  # its names in a scope of their own


def page_head() -> bytes:
    """The page-wide style rules (``ui.style.PAGE_CSS``) and the image export's script, for
    the page shell's head.

    The server puts them there (``asgi.py``), not an element of each page: the component that
    carried them until 2026-11-26 loaded three more of Streamlit's scripts (its component
    runtime and Arrow) and drew an element on every page load, before the first chart.
    """
    script = IMAGE_EXPORT_JS.replace("</", "<\\/")  # nothing in it can close the element
    return f'<style id="metrics-page-style">{PAGE_CSS}</style><script>{script}</script>'.encode()
