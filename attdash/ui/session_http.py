"""The one HTTP route attdash adds to Streamlit's server: it turns a signed-in tab into a cookie.

Why a route: Streamlit pages run over a websocket, which cannot set cookies, and a cookie set by JavaScript
cannot be HttpOnly. Streamlit 1.67 lets an app add its own Starlette routes (``st.App(..., routes=...)``, see
asgi.py), so the session cookie is set by the server: HttpOnly, SameSite=Strict, Secure when the request came
over HTTPS (directly or through a proxy that says so in X-Forwarded-Proto).

``GET /api/attdash/session?code=…``: the signed-in page loads this URL in a 1-pixel same-origin frame, with the
one-time hand-off code of its new session (attdash.register.sessions); the route swaps it for the session
token in the database and sets the cookie. ``GET /api/attdash/session?end=1`` clears the cookie (the session
itself was already revoked by the sign-out). Requests from other sites are refused (Sec-Fetch-Site), so no
other site can sign a browser in or out. Nothing here keeps state: every process answers alike.
"""

from __future__ import annotations

import functools
import re

PATH = "/api/attdash/session"
#: True in a process that serves the route (asgi.py); `streamlit run app.py` alone has no cookie, so
#: there a sign-in lasts as long as the tab.
MOUNTED = False

_CODE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'"}


@functools.lru_cache(maxsize=4)
def _store(url: str):
    from attdash.register.store import open_store
    return open_store(url)


def _secure(request) -> bool:
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or proto == "https"


async def session_route(request):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse

    from attdash.register import sessions
    from attdash.register.store import StoreUnavailable, database_url

    def answer(status: int, text: str) -> HTMLResponse:
        return HTMLResponse(f"<!doctype html><title>{text}</title>", status_code=status, headers=_HEADERS)

    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return answer(403, "refused")
    params = request.query_params
    if params.get("end"):
        resp = answer(200, "signed out")
        token = request.cookies.get(sessions.COOKIE)
        if token:
            try:
                store = _store(database_url())
                sess = await run_in_threadpool(sessions.by_token, store, token)
                await run_in_threadpool(sessions.sign_out, store, sess.id)
            except (sessions.SessionEnded, StoreUnavailable):
                pass
        resp.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
        return resp
    code = params.get("code", "")
    if not _CODE.match(code):
        return answer(400, "refused")
    try:
        token = await run_in_threadpool(sessions.exchange, _store(database_url()), code)
    except StoreUnavailable:
        return answer(503, "unavailable")
    if token is None:
        return answer(400, "refused")
    resp = answer(200, "signed in")
    resp.set_cookie(sessions.COOKIE, token, max_age=sessions.MAX_HOURS * 3600, path="/", httponly=True,
                    samesite="strict", secure=_secure(request))
    return resp


def routes() -> list:
    """The routes to give ``st.App`` (asgi.py)."""
    global MOUNTED
    from starlette.routing import Route
    MOUNTED = True
    return [Route(PATH, session_route, methods=["GET"])]
