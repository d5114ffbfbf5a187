"""Text from the data, made inert before Streamlit renders it as Markdown.

Streamlit escapes HTML in Markdown unless told otherwise (and this project never tells it
otherwise), but Markdown itself can still make links, images and emphasis out of data. Every
piece of data text that goes into ``st.markdown``, ``st.caption`` or a label passes through
``escape_markdown`` first.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """``text`` with every Markdown special character backslash-escaped and line breaks flattened."""
    flat = " ".join(str(text).split())
    return MARKDOWN_SPECIALS.sub(r"\\\1", flat)


def is_web_url(url: object) -> bool:
    """True only for http and https URLs: the only ones the dashboard turns into links."""
    return isinstance(url, str) and re.match(r"^https?://[^\s]+$", url) is not None
