"""The few page-wide style rules Streamlit's theme has no option for.

Keyboard focus: Streamlit marks a focused control with a faint ring in the primary colour,
close to the red of a chosen pill and easy to take for the grey of the current page in the
navigation. Every control reached by the keyboard (``:focus-visible``) gets a solid ring of
its own instead, in the palette's blue, which keeps a 3:1 contrast on both themes' backgrounds.
The mouse leaves no ring (``:focus-visible`` does not apply to clicks).

The rules are put in the page's head by the page script (``ui.sharing.page_script``), not by
an ``st.html`` element: that element alone made every page load two more scripts (Streamlit's
HTML element and its sanitiser) before the first chart, for three lines of CSS.
"""

from __future__ import annotations

from metrics.chart_data import PALETTE

FOCUS_COLOUR = PALETTE[0]
PAGE_CSS = f""":focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}"""
