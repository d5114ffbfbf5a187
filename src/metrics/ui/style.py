"""The few page-wide style rules Streamlit's theme has no option for.

Keyboard focus: Streamlit marks a focused control with a faint ring in the primary colour,
close to the red of a chosen pill and easy to take for the grey of the current page in the
navigation. Every control reached by the keyboard (``:focus-visible``) gets a solid ring of
its own instead, in the palette's blue, which keeps a 3:1 contrast on both themes' backgrounds.
The mouse leaves no ring (``:focus-visible`` does not apply to clicks).

Chart text: Streamlit's Plotly theme draws tick labels, axis titles, annotations (the
parliament's lines and total) and the text written beside points (the turnout's votes, the
rules overview's names and values) in a faded grey that,
on the light theme's white, has a contrast of 3.7:1, under the 4.5:1 that WCAG asks of text
this small. No one colour written into a figure reaches 4.5:1 on both the white and the dark
background, so the rule takes the page's own text colour (``currentColor``, which follows the
theme) at 80 %: about 6:1 on white and 11:1 on the dark theme. Text inside bars keeps the
colour Plotly picks against its bar. Exported images keep the figure's own colours.

The language control: Streamlit pads each of its buttons 16 px a side, so English, Қазақша
and Русский (about 170 px of text) needed 266 px and the third wrapped onto a line of its
own in the sidebar's 240. Half that padding keeps the three on one line.

The rules are put in the page shell's head by the server (``ui.sharing.page_head``, through
``metrics.addresses.ShellBackendAddress`` in ``asgi.py``), not by an element of the page: an
``st.html`` element made every page load two more scripts (Streamlit's HTML element and its
sanitiser) before the first chart, and a component three (its runtime and Arrow).
"""

from __future__ import annotations

from metrics.chart_data import PALETTE
from metrics.ui.sidebar import LANGUAGE_CHOICE_STATE

FOCUS_COLOUR = PALETTE[0]
# Plotly writes each text's fill in its style attribute; !important in a sheet outranks it.
AXIS_TEXT = (".js-plotly-plot .xtick text", ".js-plotly-plot .ytick text",
             ".js-plotly-plot .g-xtitle text", ".js-plotly-plot .g-ytitle text",
             ".js-plotly-plot .annotation-text", ".js-plotly-plot .scatterlayer .textpoint text")  # fmt: skip
AXIS_TEXT_SHARE = 80  # per cent of the page's text colour
# The language control's buttons (Streamlit's class for an element with that key).
LANGUAGE_BUTTONS = f".st-key-{LANGUAGE_CHOICE_STATE} button"
PAGE_CSS = f""":focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
{", ".join(AXIS_TEXT)} {{
  fill: color-mix(in srgb, currentColor {AXIS_TEXT_SHARE}%, transparent) !important;
}}
{LANGUAGE_BUTTONS} {{
  padding-left: 0.5rem !important;
  padding-right: 0.5rem !important;
}}"""
