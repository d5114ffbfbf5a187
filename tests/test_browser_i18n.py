"""End-to-end: the dashboard in Kazakh, in a real Chromium on the fixture dataset.

A link with ``lang=kk`` opens in Kazakh (page titles, navigation, sidebar), none of a short
list of English interface strings is on the page, a chart draws Kazakh letters into its SVG,
and the language stays in the link after a page switch.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest

from metrics import i18n

from testing.pages import open_page, settle

pytestmark = pytest.mark.browser

KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
ENGLISH_STRINGS = (
    "Filters",
    "Reset filters",
    "Spheres and source kinds",
    "Elections and referendums",
    "Mark reform events on charts over time",
    "Take this view away",
    "Dataset version",
)


def test_a_kazakh_link_opens_in_kazakh_and_keeps_its_language(page, server_url):
    open_page(page, server_url, "elections?lang=kk")
    with i18n.language("kk"):
        title, filters, timeline = (
            i18n._("Elections and referendums"),
            i18n._("Filters"),
            i18n._("Timeline"),
        )
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")
    assert main.get_by_role("heading", name=title).first.is_visible()
    assert sidebar.get_by_text(filters, exact=True).is_visible()
    text = page.get_by_test_id("stApp").inner_text()
    present = [english for english in ENGLISH_STRINGS if english in text]
    assert not present, f"English interface strings on a Kazakh page: {present}"

    # a chart draws Kazakh letters, with glyphs that take room (the font has them)
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot svg text')]
            .filter(t => /[әғқңөұүһі]/i.test(t.textContent))
            .map(t => [t.textContent, t.getComputedTextLength()])"""
    )
    assert drawn, "no Kazakh text in any chart's SVG"
    assert all(width > 0 for _, width in drawn)

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=timeline).click()
    page.wait_for_url(re.compile(r"/timeline\?(.*&)?lang=kk"))
    settle(page)
    assert "lang=kk" in page.url
    with i18n.language("kk"):
        assert main.get_by_role("heading", name=i18n._("Timeline of reforms")).first.is_visible()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_jump_links_reach_their_translated_headings(page, server_url, lang):
    open_page(page, server_url, f"sources?lang={lang}", charts=False)
    prefix = {"kk": "Бөлімге өту:", "ru": "Перейти к разделу:"}[lang]
    jumps = page.get_by_test_id("stMarkdownContainer").filter(has_text=prefix)
    hrefs = [a.get_attribute("href") for a in jumps.first.get_by_role("link").all()]
    assert len(hrefs) == 7
    # the anchors are the English headings', the same in every language
    assert hrefs[0] == "#sources"
    for href in hrefs:
        assert page.locator(f"[id='{href[1:]}']").count() == 1, href


def test_a_tab_stays_open_when_the_language_changes(page, server_url):
    """The open tab is in the link by its label; another language's label opens the same tab."""
    open_page(page, server_url, "elections?lang=kk")
    kazakh, russian = (i18n.gettext_in(lang, "Results") for lang in ("kk", "ru"))
    assert kazakh != russian
    page.get_by_role("tab", name=kazakh).click()
    page.wait_for_url(re.compile("section="))
    settle(page)
    assert "section=" + kazakh in unquote_plus(page.url)
    page.get_by_test_id("stSidebar").get_by_role("radio", name="Русский").click()
    page.wait_for_url(re.compile(r"lang=ru"))
    settle(page)
    assert page.get_by_role("tab", name=russian).get_attribute("aria-selected") == "true"
    assert page.get_by_test_id("stAlert").count() == 0  # no notice: the same tab, in Russian
    # Streamlit drops the old label from the link with the old tabs; the open tab is kept
    assert "section=" + kazakh not in unquote_plus(page.url)

