"""Addresses the dashboard has no page for, answered at once instead of never.

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

from urllib.parse import quote, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from metrics.filters import PAGE_NOT_FOUND_PARAM

# The first segments of Streamlit's own routes (starlette_routes.BASE_ROUTE_*).
STREAMLIT_SEGMENTS = frozenset({"_stcore", "static", "media", "component", "app"})
# How much of the asked-for address the redirect carries (the notice quotes less).
MAX_CARRIED = 200


def redirect_target(path: str, base_url_path: str = "") -> str | None:
    """Where a request for ``path`` is sent instead, or None to serve it as Streamlit would.

    ``base_url_path`` is Streamlit's ``server.baseUrlPath`` (``""`` or ``"dash"``): paths
    outside it are not ours to judge.
    """
    base = base_url_path.strip("/")
    prefix = f"/{base}" if base else ""
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return None
    segments = [part for part in path[len(prefix) :].split("/") if part]
    if len(segments) < 2 or any(part in STREAMLIT_SEGMENTS for part in segments):
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
