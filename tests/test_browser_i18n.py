"""End-to-end: the dashboard in Kazakh, in a real Chromium on the fixture dataset.

A link with ``lang=kk`` opens in Kazakh (page titles, navigation, sidebar), none of a short
list of English interface strings is on the page, a chart draws Kazakh letters into its SVG,
and the language stays in the link after a page switch.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import expect

from metrics import i18n
from metrics.ui.sidebar import LANGUAGE_CHOICE_STATE
from metrics.ui.style import LANGUAGE_BUTTONS

from testing.pages import open_page, settle

pytestmark = pytest.mark.browser

KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
ENGLISH_STRINGS = (
    "Filters",
    "Reset filters",
    "Spheres, sources and reform marks",
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

    # English, Қазақша and Русский on one line of the sidebar: with Streamlit's padding the
    # third wrapped onto a line of its own (ui.style.LANGUAGE_BUTTONS)
    assert LANGUAGE_BUTTONS.startswith(f".st-key-{LANGUAGE_CHOICE_STATE} ")
    tops = page.locator(LANGUAGE_BUTTONS).evaluate_all(
        "buttons => buttons.map(b => Math.round(b.getBoundingClientRect().top))"
    )
    assert len(tops) == 3 and len(set(tops)) == 1, tops

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
    links = jumps.first.get_by_role("link")
    # waits: the page may be drawn without its chart yet (charts=False returns early)
    expect(links).to_have_count(7)
    hrefs = [a.get_attribute("href") for a in links.all()]
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


# Each chart text's contrast against the chart's background, in the page's theme: WCAG's
# ratio of relative luminances, of the text's colour as drawn (a canvas pixel of it, so that
# any colour syntax and its transparency count). Hover labels are drawn only on hover.
CHART_TEXT_CONTRAST = """() => {
  const pixel = (s) => { const c = document.createElement('canvas').getContext('2d');
    c.fillStyle = s; c.fillRect(0, 0, 1, 1); return [...c.getImageData(0, 0, 1, 1).data]; };
  const over = (s, under) => { const [r, g, b, a] = pixel(s);
    return [r, g, b].map((v, i) => v * a / 255 + under[i] * (1 - a / 255)); };
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  return [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const box = plot.getBoundingClientRect();
    const background = over(getComputedStyle(plot.querySelector('.main-svg')).backgroundColor,
                            [255, 255, 255]);
    return [...plot.querySelectorAll('.gtitle, .xtick text, .ytick text, .g-xtitle text, '
                                     + '.g-ytitle text, .legendtext, .annotation-text, '
                                     + '.scatterlayer .textpoint text')]
      .filter(t => t.textContent.trim())
      .map(t => { const r = t.getBoundingClientRect();
        return [t.textContent, ratio(over(getComputedStyle(t).fill, background), background),
                t.getComputedTextLength(), r.left >= box.left - 1 && r.right <= box.right + 1]; });
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_cyrillic_chart_text_is_drawn_and_legible_in_both_themes(
    chromium, server_url, lang, scheme
):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(45_000)
    try:
        for path in ("elections", "court", "timeline", "rules"):
            open_page(page, server_url, f"{path}?lang={lang}")
            texts = page.evaluate(CHART_TEXT_CONTRAST)
            cyrillic = [t for t in texts if re.search("[а-яәғқңөұүһі]", t[0], re.IGNORECASE)]
            assert cyrillic, f"{path}: no Cyrillic text in a chart"
            assert all(width > 0 for _, _, width, _ in cyrillic), path  # the font has the glyphs
            # fixed margins (figures.base.FIXED_AXIS) leave every label inside its chart
            cut = [text for text, _, _, inside in texts if not inside]
            assert not cut, f"{path}: labels cut at the chart's edge: {cut}"
            faint = [(text, round(ratio, 2)) for text, ratio, _, _ in texts if ratio < 4.5]
            assert not faint, f"{path} ({scheme}): text below 4.5:1 against its chart: {faint}"
        # the theme is the one asked for: a dark page's chart is dark
        dark = page.evaluate(
            "() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg'))"
            ".backgroundColor"
        )
        shade = sum(int(v) for v in re.findall(r"\d+", dark)[:3])  # rgb(r, g, b)
        assert (shade < 200) is (scheme == "dark"), dark
    finally:
        context.close()


def test_a_filter_survives_a_language_switch_and_its_link_reopens_it(page, server_url):
    """The pills write their labels to the link: labels of the language left behind neither
    raise a notice nor lose the choice, now or when the link is opened again."""
    open_page(page, server_url, "elections?source=News&source=Official")
    page.get_by_test_id("stSidebar").get_by_role("radio", name="Русский").click()
    page.wait_for_url(re.compile(r"lang=ru"))
    settle(page)
    with i18n.language("ru"):  # '2 of 5 source kinds', in Russian, without the names
        two = i18n._("{chosen} of {count} source kinds ({names})").split(" (")[0]
    two = two.format(chosen=2, count=5)
    sidebar = page.get_by_test_id("stSidebar")
    assert two in sidebar.inner_text()
    assert page.get_by_test_id("stAlert").count() == 0
    again = page.context.new_page()  # the link as it stands, in a new session
    try:
        open_page(again, "", page.url)
        assert two in again.get_by_test_id("stSidebar").inner_text()
        assert again.get_by_test_id("stAlert").count() == 0
    finally:
        again.close()
