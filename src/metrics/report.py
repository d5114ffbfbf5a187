"""An offline report of the view a reader sees: one self-contained HTML file.

Plotly's JavaScript is inlined once, so the charts stay interactive with no network; each chart
comes with its caption, About this data, the rows it plots as a table, and its sources; the
page ends with the sources and the citation of the view (plain text and BibTeX). Every text
from the data is HTML-escaped; figures are embedded as Plotly's JSON, which escapes ``<``,
``>`` and ``/``, so no text can close a script. No ``<script src>`` and no stylesheet link:
nothing is fetched when the file is opened.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from metrics.about import evidence_note
from metrics.citation import SITE_NAME, ViewCitation, accessed_text
from metrics.i18n import _, current_language, ngettext
from metrics.safe_text import is_web_url

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; } h4 { margin: 1rem 0 .3rem; }
.meta, .caption { color: #555; font-size: .9rem; }
.table-wrap { overflow-x: auto; max-height: 28rem; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: .8rem; }
th, td { border-bottom: 1px solid #eee; padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #f6f6f6; }
pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }
details { margin: .5rem 0; }
"""


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: its title, figure, caption, rows, and About this data as HTML."""

    title: str
    figure: go.Figure
    caption: str
    table: pd.DataFrame
    about_html: str = ""
    config: dict | None = None


@cache
def plotly_js() -> str:
    """plotly.js as shipped with the installed plotly (read once per process)."""
    return get_plotlyjs()


def table_html(table: pd.DataFrame) -> str:
    """A table as escaped HTML (every cell as text), in a scrolling box."""
    text = table.astype("string").fillna("")
    return '<div class="table-wrap">' + text.to_html(index=False, escape=True, border=0) + "</div>"


def sources_html(sources: Sequence[tuple[str, str, str]]) -> str:
    """'Publisher (kind)' per source, linked where its URL is http(s)."""
    items = []
    for publisher, kind, url in sources:
        name = html.escape(publisher)
        if is_web_url(url):
            name = f'<a href="{html.escape(url, quote=True)}">{name}</a>'
        items.append(f"<li>{name} ({html.escape(kind)})</li>")
    if not items:
        return "<p>" + html.escape(_("No source.")) + "</p>"
    return "<ul>" + "".join(items) + "</ul>"


def chart_html(chart: ReportChart, number: int) -> str:
    """One chart's section: the interactive figure, caption, About this data and its rows."""
    config = {"displaylogo": False, "responsive": True, **(chart.config or {})}
    config.pop("modeBarButtonsToAdd", None)  # the page's SVG button needs the page's script
    figure = pio.to_html(
        chart.figure,
        full_html=False,
        include_plotlyjs=False,
        config=config,
        div_id=f"chart-{number}",
        default_width="100%",
    )
    about = (
        "<details><summary>" + html.escape(_("About this data")) + "</summary>"
        f"{chart.about_html}</details>"
        if chart.about_html
        else ""
    )
    rows = ngettext(
        "The data behind this chart ({count} row)",
        "The data behind this chart ({count} rows)",
        len(chart.table),
    ).format(count=len(chart.table))
    note = evidence_note() if "evidence" in chart.table else ""
    return "\n".join(
        [
            f'<section id="section-{number}">',
            f"<h2>{html.escape(chart.title)}</h2>",
            figure,
            f'<p class="caption">{html.escape(chart.caption)}</p>',
            about,
            f"<details><summary>{html.escape(rows)}</summary>",
            f'<p class="caption">{html.escape(note)}</p>' if note else "",
            table_html(chart.table),
            "</details>",
            "</section>",
        ]
    )


def report_html(
    page_title: str,
    charts: Sequence[ReportChart],
    citation: ViewCitation,
    sources: Sequence[tuple[str, str, str]],
) -> str:
    """The whole report as one HTML document (Plotly inlined; nothing fetched when opened).

    Its words, its ``lang`` and its dates are in the language of this run; the data's own
    texts are as the charts give them.
    """
    sections = "\n".join(chart_html(chart, n) for n, chart in enumerate(charts, start=1))
    if not charts:
        sections = "<p>" + html.escape(_("This page has no chart under these filters.")) + "</p>"
    filters = f" {citation.filters_text}" if citation.filters_text else ""
    meta = _(
        "{site}, dataset version {version}.{filters} Saved {day} from {address}. This file "
        "works offline: the charts are interactive."
    ).format(
        site=SITE_NAME,
        version=citation.dataset_version,
        filters=filters,
        day=accessed_text(citation.accessed),
        address=citation.address,
    )
    sources_heading = html.escape(_("Sources"))
    cite_heading = html.escape(_("How to cite this view"))
    return f"""<!DOCTYPE html>
<html lang="{current_language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(f"{page_title} · {SITE_NAME}")}</title>
<style>{STYLE}</style>
<script>{plotly_js()}</script>
</head>
<body>
<h1>{html.escape(page_title)}</h1>
<p class="meta">{html.escape(meta)}</p>
{sections}
<h2>{sources_heading}</h2>
{sources_html(sources)}
<h2>{cite_heading}</h2>
<pre>{html.escape(citation.plain())}</pre>
<pre>{html.escape(citation.bibtex())}</pre>
</body>
</html>
"""


def report_bytes(
    page_title: str,
    charts: Sequence[ReportChart],
    citation: ViewCitation,
    sources: Sequence[tuple[str, str, str]],
) -> bytes:
    """``report_html`` as UTF-8 bytes, for a download."""
    return report_html(page_title, charts, citation, sources).encode("utf-8")
