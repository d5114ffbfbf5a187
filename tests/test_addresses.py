"""Page addresses: which are redirected, and where to; the page shell's address of the server."""

from __future__ import annotations

import asyncio
import gzip
from urllib.parse import parse_qs, urlsplit

import pytest

from metrics.addresses import (
    NestedPathRedirect,
    ShellBackendAddress,
    redirect_target,
    shell_script,
    with_shell_script,
)
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


SHELL = b"<!DOCTYPE html><html><head><meta charset='UTF-8'></head><body></body></html>"


def run_shell(
    path: str, answer: tuple[int, bytes, bytes], accept: bytes = b"", head: bytes = b""
) -> list[dict]:
    """The messages ShellBackendAddress sends for ``path`` when the app answers ``answer``
    (status, content type, body), for a browser sending ``accept`` as its Accept-Encoding."""
    status, content_type, body = answer
    sent: list[dict] = []
    seen_headers: list[list] = []

    async def app(scope, receive, send):
        seen_headers.append(scope["headers"])
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"etag", b'"abc"'),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    headers = [(b"accept-encoding", accept)] if accept else []
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    asyncio.run(ShellBackendAddress(app, head=head)(scope, receive, send))
    assert all(name != b"accept-encoding" for name, _ in seen_headers[0])  # asked uncompressed
    return sent


def test_the_page_shell_names_the_server_root_before_the_frontend_loads():
    sent = run_shell("/elections", (200, b"text/html; charset=utf-8", SHELL))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    assert body.startswith(b"<!DOCTYPE html><html><head><script>window.__streamlit=")
    assert b'BACKEND_BASE_URL:window.location.origin+"/"' in body
    assert body.endswith(b"<meta charset='UTF-8'></head><body></body></html>")
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(body)).encode() and b"etag" not in headers


def test_the_page_head_follows_the_servers_address_in_the_shell():
    from metrics.ui.sharing import page_head

    head = page_head()
    sent = run_shell("/court", (200, b"text/html", SHELL), head=head)
    body = b"".join(m.get("body", b"") for m in sent[1:])
    address = body.index(b"BACKEND_BASE_URL")
    assert address < body.index(b'<style id="metrics-page-style">') < body.index(b"</head>")
    assert head in body and b"__metricsImageExport" in body
    # the script is one element: nothing in it closes it early
    script = head[head.index(b"<script>") + len(b"<script>") : -len(b"</script>")]
    assert b"</" not in script and head.endswith(b"</script>")


def test_the_edited_shell_is_gzipped_for_a_browser_that_accepts_it():
    sent = run_shell("/", (200, b"text/html", SHELL), accept=b"gzip, deflate, br")
    headers = dict(sent[0]["headers"])
    body = sent[1]["body"]
    assert headers[b"content-encoding"] == b"gzip"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert gzip.decompress(body).count(b"<script>") == 1


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/elections", (304, b"text/html", b"")),
        ("/elections", (200, b"application/json", b'{"a": "<head>"}')),
        ("/_stcore/health", (200, b"text/html", SHELL)),
        ("/static/js/index.js", (200, b"text/html", SHELL)),
    ],
)
def test_anything_but_a_page_shell_passes_through_unchanged(path, answer):
    sent = run_shell(path, answer)
    assert b"".join(m.get("body", b"") for m in sent[1:]) == answer[2]
    assert dict(sent[0]["headers"])[b"etag"] == b'"abc"'


def test_the_server_root_follows_the_base_url_path():
    assert b'origin+"/dash/"' in shell_script("/dash/")
    assert with_shell_script(b"<html><body>", b"<script></script>") == b"<html><body>"
