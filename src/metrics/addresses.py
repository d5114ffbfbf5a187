"""Page addresses: those the dashboard has no page for, answered at once instead of never, and
the page shell's address of the server.

Streamlit 1.67 answers any unknown path with its page shell. For a nested path such as
``/elections/extra`` the shell's relative script paths resolve under ``/elections/``, get the
shell again, and the app never starts: the visitor sees a blank page. ``NestedPathRedirect``,
an ASGI middleware that ``asgi.py`` puts in front of Streamlit (``st.App``), sends such an
address to the front page with the address it asked for in ``PAGE_NOT_FOUND_PARAM``; the
sidebar then says the page was not found (``ui.sidebar``).

Only plain page addresses are redirected. Any path with one of Streamlit's own segments
(``_stcore``, ``static``, ``media``, ``component``, ``app``) is left alone, so the frontend's
probes of ``/<page>/_stcore/health`` still get their 404 and assets are served as before.
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import quote, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from metrics.filters import PAGE_NOT_FOUND_PARAM

# The first segments of Streamlit's own routes (starlette_routes.BASE_ROUTE_*).
STREAMLIT_SEGMENTS = frozenset({"_stcore", "static", "media", "component", "app"})
# How much of the asked-for address the redirect carries (the notice quotes less).
MAX_CARRIED = 200


def page_segments(path: str) -> list[str] | None:
    """The segments of a page address ('/elections/extra' -> ['elections', 'extra']), or
    None for a path into one of Streamlit's own routes."""
    segments = [part for part in path.split("/") if part]
    return None if any(part in STREAMLIT_SEGMENTS for part in segments) else segments


def redirect_target(path: str, base_url_path: str = "") -> str | None:
    """Where a request for ``path`` is sent instead, or None to serve it as Streamlit would.

    ``base_url_path`` is Streamlit's ``server.baseUrlPath`` (``""`` or ``"dash"``): paths
    outside it are not ours to judge.
    """
    base = base_url_path.strip("/")
    prefix = f"/{base}" if base else ""
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return None
    segments = page_segments(path[len(prefix) :])
    if segments is None or len(segments) < 2:
        return None
    asked = "/" + "/".join(segments)
    return f"{prefix}/?" + urlencode({PAGE_NOT_FOUND_PARAM: asked[:MAX_CARRIED]}, quote_via=quote)


class NestedPathRedirect:
    """ASGI middleware: a nested unknown page address gets a redirect to the front page."""

    def __init__(self, app: ASGIApp, base_url_path: str = "") -> None:
        self.app = app
        self.base_url_path = base_url_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in {"GET", "HEAD"}:
            target = redirect_target(scope.get("path", ""), self.base_url_path)
            if target is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 302,
                        "headers": [
                            (b"location", target.encode("ascii")),
                            (b"cache-control", b"no-cache"),
                            (b"content-length", b"0"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)


# The page shell's first script: the frontend's address of the server is the app's root. The
# frontend reads ``window.__streamlit.BACKEND_BASE_URL`` when its bundle loads; without it, on a
# page address such as ``/elections`` it first probes ``/elections/_stcore/health``, gets a 404,
# waits its retry delay (100 ms) and only then tries ``/_stcore/health``: about 150 ms before
# every page but the front one could start (``make bench``, every page).
SHELL_SCRIPT = (
    "<script>window.__streamlit=Object.assign({{}},window.__streamlit,"
    "{{BACKEND_BASE_URL:window.location.origin+{root}}});</script>"
)
SHELL_MARK = b"<head>"
MAX_SHELL_BYTES = 1 << 20  # the shell is about 8 kB; anything larger is passed on untouched


def shell_script(base_url_path: str = "") -> bytes:
    """The script put first in the page shell's head, for ``server.baseUrlPath``."""
    base = base_url_path.strip("/")
    root = json.dumps(f"/{base}/" if base else "/")
    return SHELL_SCRIPT.format(root=root).encode()


def with_shell_script(html: bytes, script: bytes) -> bytes:
    """``html`` with ``script`` right after its ``<head>``; unchanged if it has none."""
    at = html.find(SHELL_MARK)
    if at < 0:
        return html
    at += len(SHELL_MARK)
    return html[:at] + script + html[at:]


def is_shell_request(scope: Scope) -> bool:
    """A GET or HEAD of a page address (no Streamlit route segment in it)."""
    if scope["type"] != "http" or scope.get("method") not in {"GET", "HEAD"}:
        return False
    return page_segments(scope.get("path", "")) is not None


class ShellBackendAddress:
    """ASGI middleware: the page shell tells the frontend where the server is (``SHELL_SCRIPT``).

    Only a page address's ``200 text/html`` answer is changed. It is asked for uncompressed and
    compressed again here when the browser accepts gzip; anything else passes through as it is.
    """

    def __init__(self, app: ASGIApp, base_url_path: str = "", head: bytes = b"") -> None:
        self.app = app
        # then ``head``, the page's own rules and script (``ui.sharing.page_head``)
        self.script = shell_script(base_url_path) + head

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_shell_request(scope):
            await self.app(scope, receive, send)
            return
        headers = list(scope.get("headers", []))
        gzip_ok = any(
            name == b"accept-encoding" and b"gzip" in value.lower() for name, value in headers
        )
        plain = {**scope, "headers": [(n, v) for n, v in headers if n != b"accept-encoding"]}
        held: Message | None = None
        body = bytearray()

        async def edit(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                response_headers = dict(message.get("headers", []))
                html = response_headers.get(b"content-type", b"").startswith(b"text/html")
                encoded = b"content-encoding" in response_headers
                if message["status"] == 200 and html and not encoded:
                    held = message  # sent with the edited body's length, below
                    return
                await send(message)
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if more and len(body) <= MAX_SHELL_BYTES:
                return
            if more:  # not a page shell after all: the held answer goes out as it came
                await send(held)
                held = None
                await send({**message, "body": bytes(body)})
                return
            content = with_shell_script(bytes(body), self.script)
            dropped = {b"content-length", b"content-encoding", b"etag", b"vary"}
            kept = [(n, v) for n, v in held.get("headers", []) if n not in dropped]
            if gzip_ok:
                content = gzip.compress(content, compresslevel=6, mtime=0)
                kept.append((b"content-encoding", b"gzip"))
            kept += [(b"vary", b"Accept-Encoding"), (b"content-length", str(len(content)).encode())]
            await send({**held, "headers": kept})
            held = None
            await send({**message, "body": content})

        await self.app(plain, receive, edit)
