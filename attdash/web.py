"""ASGI middleware for serving the dashboard: Streamlit's front end finds its server at the site's root.

Opened at a page's own address (``/by-group``), Streamlit's front end first looks for its server under that
path (``/by-group/_stcore/health``, ``/by-group/_stcore/host-config``): two 404s in the browser console on
every page opened from a link, before it falls back to ``/``. The front end skips that search when the page
says where the server is (``window.__streamlit.BACKEND_BASE_URL``, Streamlit's setting for hosting it under
another address). :class:`PinBackendUrl` writes that setting into the HTML page Streamlit serves: the root of
this site (with ``server.baseUrlPath``, when one is configured).
"""

from __future__ import annotations

import json


def _script(base_path: str) -> bytes:
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    js = ("window.__streamlit=Object.assign({},window.__streamlit||{},"
          f"{{BACKEND_BASE_URL:window.location.origin+{json.dumps(base)}}});")
    return f"<script>{js}</script>".encode()


class PinBackendUrl:
    """Insert ``window.__streamlit.BACKEND_BASE_URL`` (the site's root) before the front end's own script."""

    _MARK = b'<script type="module"'

    def __init__(self, app, base_path: str | None = None):
        self.app = app
        if base_path is None:
            from streamlit import config
            base_path = config.get_option("server.baseUrlPath") or ""
        self.script = _script(base_path)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or "/_stcore/" in path
                or "/static/" in path or path.endswith((".js", ".css", ".png", ".json", ".woff2", ".svg", ".ico"))):
            await self.app(scope, receive, send)
            return
        # The page must reach us uncompressed to be edited (a few kB; assets keep their compression).
        scope = dict(scope, headers=[(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"])
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            headers = dict((k.lower(), v) for k, v in start.get("headers", []))
            if not headers.get(b"content-type", b"").startswith(b"text/html"):
                if start:
                    await send(start)
                    start.clear()
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            if self._MARK in body:
                body = body.replace(self._MARK, self.script + self._MARK, 1)
            out = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            out.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": out})
            await send({"type": "http.response.body", "body": body if scope.get("method") == "GET" else b""})

        await self.app(scope, receive, capture)
