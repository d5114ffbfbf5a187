"""End-to-end: links that keep every filter across pages, reset, titles, the glossary, phones.

Driven in a real headless Chromium against the session's server on the fixture dataset.
Pages are switched by clicking the sidebar's navigation, as a person would.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from metrics.ui.sidebar import CHOICES_LABEL

from testing.pages import open_choices, open_page, settle

pytestmark = pytest.mark.browser

FOUR_KINDS = "Showing all 7 spheres and 4 of 5 source kinds"
FILTERED = "Showing 1 of 7 spheres (Electoral) and 1 of 5 source kinds (Official)"
FILTER_LINK = "sphere=Electoral&year=2020&year=2024&source=Official"


def summary_reads(page, start: str, timeout_ms: int = 15_000) -> bool:
    """Whether the sidebar's line comes to start with ``start``: after Back, Forward or a
    reload, the run that redraws it may not have begun when the address has already changed,
    so a line read at once can still be the last page's."""
    try:
        page.wait_for_function(
            """start => [...document.querySelectorAll('[data-testid=stSidebar] p')]
                .some(p => p.innerText.startsWith(start))""",
            arg=start,
            timeout=timeout_ms,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def slider_years(page) -> tuple[int, int]:
    start = page.locator('input[aria-label="Years — start"]').get_attribute("value")
    end = page.locator('input[aria-label="Years — end"]').get_attribute("value")
    return int(start), int(end)


def switch_to(page, title: str, path: str) -> None:
    """Click a page in the sidebar navigation and wait for its run to settle."""
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(rf"/{path}(\?|$)"))
    settle(page)


def params(url: str) -> list[str]:
    """The filter parameters of an address, sorted, values included."""
    query = url.split("?", 1)[1] if "?" in url else ""
    return sorted(part for part in query.split("&") if part)


def drop_opinion_on_elections(page, server_url) -> list[str]:
    """Open Elections, switch off the Opinion pill; the link's filter parameters after it."""
    open_page(page, server_url, "elections")
    open_choices(page)
    page.get_by_role("button", name="Opinion").click()
    page.wait_for_url(lambda url: "source=" in url)
    settle(page)
    return params(page.url)


def test_a_source_kind_stays_in_the_address_bar_after_a_page_switch(page, server_url):
    chosen = drop_opinion_on_elections(page, server_url)
    open_choices(page)  # closed again, as when a person moves on

    switch_to(page, "Timeline", "timeline")
    assert summary_reads(page, FOUR_KINDS)
    assert params(page.url) == chosen
    page.reload()
    settle(page)
    assert params(page.url) == chosen and summary_reads(page, FOUR_KINDS)
    switch_to(page, "Constitutional Court", "court")
    assert params(page.url) == chosen


def test_a_filtered_link_keeps_every_filter_on_every_page(page, server_url):
    open_page(page, server_url, f"elections?{FILTER_LINK}", charts=False)
    expected = params(page.url)
    for title, path in [("Timeline", "timeline"), ("Overview", ""), ("Glossary", "glossary")]:
        page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title).click()
        page.wait_for_url(lambda url, path=path: url.split("?")[0].endswith(f"/{path}"))
        settle(page)
        assert params(page.url) == expected, title
        assert summary_reads(page, FILTERED)
        assert slider_years(page) == (2020, 2024)


def test_a_one_year_link_shows_that_year(page, server_url):
    open_page(page, server_url, "court?year=2022", charts=False)
    page.wait_for_url("**/court?year=2022&year=2022")
    settle(page)
    assert slider_years(page) == (2022, 2022)


def test_a_nested_unknown_path_says_page_not_found_at_once(page, server_url):
    page.goto(f"{server_url}/elections/extra")
    page.get_by_text("Page not found").wait_for(timeout=10_000)
    assert "/elections/extra" in page.get_by_text("Page not found").inner_text()
    page.wait_for_url(re.compile(r"/$"))  # the notice's parameter is taken off the link
    page.get_by_test_id("stPlotlyChart").first.wait_for()  # the Overview works as usual


def test_a_page_address_reaches_the_server_without_a_failed_probe(page, server_url):
    # the shell names the server's root, so the frontend does not first try /court/_stcore/
    # and wait out its retry delay (metrics.addresses.ShellBackendAddress)
    probes: list[str] = []
    page.on(
        "request", lambda request: probes.append(request.url) if "_stcore" in request.url else None
    )
    open_page(page, server_url, "court")
    assert probes and not [url for url in probes if "/court/_stcore/" in url], probes
    assert f"{server_url}/_stcore/health" in probes


def test_a_page_asks_nothing_of_any_other_server(page, server_url):
    # the page icon is an emoji drawn from the page itself: a :material/...: icon made every
    # page fetch its image from fonts.gstatic.com, a third party, and nothing offline
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_page(page, server_url, "elections")
    elsewhere = [url for url in asked if not url.startswith((server_url, "data:", "blob:"))]
    assert asked and not elsewhere, elsewhere


def test_reset_returns_to_the_full_view(page, server_url):
    open_page(page, server_url, f"timeline?{FILTER_LINK}", charts=False)
    assert summary_reads(page, FILTERED)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Reset filters").click()
    page.wait_for_url(re.compile(r"/timeline$"))
    settle(page)
    assert slider_years(page) == (2019, 2025)
    assert summary_reads(page, "Showing all 7 spheres and all 5 source kinds")


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("", "Overview · Reform Metrics"),
        ("elections", "Elections · Reform Metrics"),
        ("court", "Constitutional Court · Reform Metrics"),
        ("glossary", "Glossary · Reform Metrics"),
    ],
)
def test_each_page_has_its_own_tab_title(page, server_url, path, title):
    open_page(page, server_url, path, charts=False)
    page.wait_for_function("title => document.title === title", arg=title)


def test_the_glossary_has_an_anchor_per_term(page, server_url):
    open_page(page, server_url, "glossary#akim", charts=False)
    main = page.get_by_test_id("stMain")
    for term_id in ("akim", "party-list", "lower-chamber"):
        assert main.locator(f"[id='{term_id}']").count() == 1
    assert main.get_by_role("heading", name="Akim").is_visible()


def test_on_a_phone_the_filters_are_one_labelled_tap_away(chromium, server_url):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(45_000)
    try:
        phone.goto(f"{server_url}/elections")
        phone.wait_for_function("() => document.title.startsWith('Elections')")
        opener = phone.get_by_role("button", name="Expand sidebar")
        opener.tap()
        settle(phone)
        # the sidebar slides in over the page: wait until it is wholly on screen
        phone.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().left >= 0"
        )
        years = phone.get_by_test_id("stSidebar").get_by_test_id("stSlider")
        assert years.is_visible() and years.bounding_box()["width"] <= 390
        choices = phone.get_by_test_id("stSidebar").get_by_text(CHOICES_LABEL)
        assert choices.is_visible() and choices.bounding_box()["x"] >= 0
    finally:
        context.close()


def test_back_and_forward_keep_every_filter_in_the_link(page, server_url):
    chosen = drop_opinion_on_elections(page, server_url)
    switch_to(page, "Timeline", "timeline")
    assert params(page.url) == chosen
    page.go_back()
    page.wait_for_url(re.compile(r"/elections\?"))
    settle(page)
    page.wait_for_timeout(500)  # a dropped parameter would leave the link after the run
    assert params(page.url) == chosen and summary_reads(page, FOUR_KINDS)
    page.go_forward()
    page.wait_for_url(re.compile(r"/timeline\?"))
    settle(page)
    page.wait_for_timeout(500)
    assert params(page.url) == chosen and summary_reads(page, FOUR_KINDS)


def test_back_to_an_unfiltered_page_shows_every_choice_again(page, server_url):
    open_page(page, server_url, "timeline")
    sidebar = page.get_by_test_id("stSidebar")
    # every sphere and kind, the expander closed: its pills are not drawn (the language's are)
    assert sidebar.get_by_test_id("stButtonGroup").count() == 1
    switch_to(page, "Elections", "elections")  # in the app: one session, its state kept
    open_choices(page)
    page.get_by_role("button", name="Opinion").click()
    page.wait_for_url(lambda url: "source=" in url)
    settle(page)
    chosen = params(page.url)
    open_choices(page)  # closed again: a choice is made, so the pills stay drawn
    assert sidebar.get_by_test_id("stButtonGroup").count() == 3
    page.go_back()  # to the timeline, unfiltered
    page.wait_for_url(lambda url: "/timeline" in url)
    settle(page)
    page.wait_for_timeout(500)  # a parameter put back would reach the link after the run
    assert "source=" not in page.url and summary_reads(page, "Showing all")
    page.go_forward()
    page.wait_for_url(lambda url: "source=" in url)
    settle(page)
    assert params(page.url) == chosen and summary_reads(page, FOUR_KINDS)


def test_the_keyboard_reaches_the_pills_right_after_their_button(page, server_url):
    open_page(page, server_url, "timeline")
    toggle = page.get_by_test_id("stSidebar").locator("summary", has_text=CHOICES_LABEL)
    toggle.focus()
    page.keyboard.press("Enter")
    # opening it draws the pills (a rerun); the focus stays on the expander's button
    page.get_by_test_id("stSidebar").get_by_role("button", name="Political").wait_for()
    labels = []
    for _ in range(3):
        page.keyboard.press("Tab")
        labels.append(page.evaluate("() => document.activeElement.innerText.trim()"))
        if labels[-1] == "Political":
            break
    # the first sphere within three tab stops (its group's help comes first); arrow keys move
    # within a group of pills, the tab key to the next group
    assert labels[-1] == "Political", labels
    page.keyboard.press("Space")  # and a pill toggles from the keyboard
    page.wait_for_url(lambda url: "sphere=" in url)


def test_focus_is_a_ring_of_its_own_not_the_current_pages_highlight(page, server_url):
    open_page(page, server_url, "timeline")
    page.keyboard.press("Tab")  # the keyboard, so that :focus-visible applies
    current = page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Timeline")
    current.focus()
    styles = current.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert styles[0] == "solid" and float(styles[1].removesuffix("px")) >= 2
    other = page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Glossary")
    unfocused = other.evaluate("e => getComputedStyle(e).outlineStyle")
    assert unfocused == "none"
