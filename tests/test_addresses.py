"""The answer to addresses with no page: which are redirected, and where to."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest

from metrics.addresses import NestedPathRedirect, redirect_target
from metrics.filters import PAGE_NOT_FOUND_PARAM, page_not_found_notice


def asked(target: str) -> str:
    return parse_qs(urlsplit(target).query)[PAGE_NOT_FOUND_PARAM][0]


@pytest.mark.parametrize(
    ("path", "carried"),
    [
        ("/elections/extra", "/elections/extra"),
        ("/elections/extra/", "/elections/extra"),
        ("/a/b/c", "/a/b/c"),
        ("/elections/<script>", "/elections/<script>"),
    ],
)
def test_a_nested_page_address_goes_to_the_front_page_with_what_it_asked(path, carried):
    target = redirect_target(path)
    assert target is not None and target.startswith("/?")
    assert asked(target) == carried


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/elections",
        "/no-such-page",  # one segment: Streamlit's own "page not found" answers it
        "/_stcore/health",
        "/elections/_stcore/health",  # the frontend's probe must keep its 404
        "/elections/extra/_stcore/stream",
        "/static/js/index.js",
        "/elections/static/js/index.js",
        "/media/abc.csv",
        "/component/x/index.html",
        "/app/static/logo.png",
    ],
)
def test_streamlit_routes_and_single_pages_are_left_alone(path):
    assert redirect_target(path) is None


def test_with_a_base_path_only_addresses_under_it_are_judged():
    assert redirect_target("/dash/elections/extra", "dash") == (
        "/dash/?page_not_found=%2Felections%2Fextra"
    )
    assert redirect_target("/dash/elections", "/dash/") is None
    assert redirect_target("/other/elections/extra", "dash") is None


def test_the_carried_address_is_bounded():
    target = redirect_target("/a/" + "x" * 5000)
    assert target is not None and len(asked(target)) == 200


def run_middleware(path: str, method: str = "GET") -> tuple[list[dict], list[str]]:
    sent: list[dict] = []
    reached: list[str] = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path}
    asyncio.run(NestedPathRedirect(app)(scope, receive, send))
    return sent, reached


def test_the_middleware_redirects_at_once_and_passes_everything_else_on():
    sent, reached = run_middleware("/elections/extra")
    assert not reached and sent[0]["status"] == 302
    headers = dict(sent[0]["headers"])
    assert headers[b"location"] == b"/?page_not_found=%2Felections%2Fextra"
    assert run_middleware("/elections")[1] == ["/elections"]
    assert run_middleware("/elections/extra", method="POST")[1] == ["/elections/extra"]


def test_the_notice_quotes_the_address_in_plain_words():
    assert page_not_found_notice("/elections/extra") == (
        "Page not found: the dashboard has no page at '/elections/extra'. This is the Overview."
    )
    assert "'/x'" in page_not_found_notice("x")
