"""Data text is inert in Markdown, and only http(s) URLs become links."""

from __future__ import annotations

import pytest

from metrics.safe_text import escape_markdown, is_web_url


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("[click](javascript:alert(1))", "[click]("),
        ("![img](http://x/y.png)", "!["),
        ("**bold** _it_ `code`", "**"),
        ("line one\n\n- a list", "\n"),
    ],
)
def test_markdown_is_escaped(text, forbidden):
    assert forbidden not in escape_markdown(text)


def test_a_heading_marker_is_escaped():
    assert escape_markdown("# heading") == r"\# heading"


def test_plain_text_keeps_its_letters():
    assert escape_markdown("EU Reporter (opinion)") == r"EU Reporter \(opinion\)"


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://tass.com/x", True), ("http://tass.com/world/1063206", True), ("javascript:alert(1)", False),
     ("ftp://example.org", False), ("", False), (None, False), ("https://a b", False)],
)  # fmt: skip
def test_is_web_url(url, ok):
    assert is_web_url(url) is ok
