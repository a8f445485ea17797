"""Sign-in for the register: the one module every page that shows register data asks first.

Local accounts (attdash.register.users, argon2) by default. Where an identity provider is configured in
``.streamlit/secrets.toml`` (an ``[auth]`` section, see the README), Streamlit's native OIDC sign-in
(``st.login``) is offered and the e-mail it returns is mapped to an account of the register, whose role
applies; an identity without an active account with that e-mail gets no access.

A sign-in is a server-side session in the register's database (attdash.register.sessions): the tab keeps
only the session's number, and each rerun asks the database whether it is still live, so a sign-out in
another tab, a disabled account or a new password ends it at the next rerun, on every server process. When
the app is served by asgi.py, the session also gets an HttpOnly cookie (attdash.ui.session_http), read
back here through ``st.context.cookies``: a reload or a second tab stays signed in. Sessions end after
``IDLE_MINUTES`` without activity or ``MAX_HOURS`` in total. Failed sign-ins are limited per account (in the
store, shared by every replica) and per browser session (here).
"""

from __future__ import annotations

import logging
import time

import sqlalchemy as sa
import streamlit as st

from attdash.register import sessions
from attdash.register.store import Store, StoreUnavailable, open_store
from attdash.register.users import REFUSED, SignInRefused, User, authenticate, user_by_email
from attdash.ui import session_http
from attdash.i18n import _
from attdash.ui.widgets import md_escape

IDLE_MINUTES = sessions.IDLE_MINUTES
MAX_HOURS = sessions.MAX_HOURS
SESSION_FAILURES = 5          # then each further attempt in this session waits
SESSION_BACKOFF_S = 30

_SID = "_reg_session_id"
_HANDOFF = "_reg_handoff"      # (code, issued at): the cookie still to be set by the browser
_END_COOKIE = "_reg_end_cookie"
_OIDC_SUB = "_reg_oidc_email"
_FAILS = "_reg_failures"
_WAIT = "_reg_wait_until"
_MSG = "_reg_message"
_DOWN = "_reg_unavailable"


@st.cache_resource(show_spinner=False)
def _store(url_key: str) -> Store:
    return open_store(url_key)


def store() -> Store:
    """The register's store for this server process (one engine, pooled connections); raises
    :class:`StoreUnavailable` (one line) when the database cannot be opened."""
    from attdash.register.store import database_url
    return _store(database_url())


_DB_ERRORS = (StoreUnavailable, sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def _down_text(exc: BaseException) -> str:
    """One line for the page, in plain words (no addresses or settings); the detail goes to the server log."""
    detail = str(exc) if isinstance(exc, StoreUnavailable) else \
        (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    logging.getLogger("attdash.register").error("register unavailable: %s", detail)
    if isinstance(exc, StoreUnavailable) and "not a database URL" in detail or "must be SQLite" in detail:
        return "its database is not set up correctly; please tell the Secretariat"
    return "its database cannot be reached at the moment; please try again later"


_OIDC_CHECKED: list = [None, -1e9]   # [answer, when]: Streamlit reads the secrets files again on each question
_OIDC_TTL_S = 5.0                     # when there are none, so the answer is kept a few seconds


def oidc_configured() -> bool:
    now = time.monotonic()
    if now - _OIDC_CHECKED[1] < _OIDC_TTL_S:
        return _OIDC_CHECKED[0]
    try:
        answer = "auth" in st.secrets
    except Exception:  # no secrets file at all
        answer = False
    _OIDC_CHECKED[:] = [answer, now]
    return answer


def _forget(keep_oidc: bool = False) -> None:
    for k in (_SID, _HANDOFF) if keep_oidc else (_SID, _HANDOFF, _OIDC_SUB):
        st.session_state.pop(k, None)


def _as_user(s: sessions.Session) -> User:
    return User(s.username, s.role, s.display_name, s.email)


def _session() -> sessions.Session | None:
    """This tab's live session (database-backed), from the tab's session number or the browser's cookie."""
    # The database is asked only when there is something to look up: a signed-out visitor of a public
    # page costs nothing, and a register that is down does not slow the public pages.
    sid = st.session_state.get(_SID)
    try:
        if sid is not None:
            return sessions.by_id(store(), sid)
        token = st.context.cookies.get(sessions.COOKIE)
        if token:
            s = sessions.by_token(store(), token)
            st.session_state[_SID] = s.id
            return s
    except sessions.SessionEnded as exc:
        _forget(keep_oidc=True)   # an identity-provider sign-in whose session ended is not renewed silently
        if str(exc):
            st.session_state[_MSG] = str(exc)
        return None
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st_ = store()
        email = st.user.get("email")
        user = user_by_email(st_, email)
        if user is None:
            st.session_state[_MSG] = _("Your identity has no account in the register: ask the Secretariat.")
            return None
        if st.session_state.get(_OIDC_SUB) == email:
            return None   # its session ended (signed out elsewhere, disabled): sign in again
        sid, _code = sessions.start(st_, user.username)
        st.session_state[_SID], st.session_state[_OIDC_SUB] = sid, email
        return sessions.by_id(st_, sid)
    return None


def current_user() -> User | None:
    """The signed-in user of this tab, or None (also after a timeout, a sign-out elsewhere, or when the
    account was disabled or its password changed)."""
    try:
        s = _session()
    except _DB_ERRORS as exc:
        # Public pages go on without the register; the register's own page says why (require_user).
        st.session_state[_DOWN] = _down_text(exc)
        return None
    st.session_state.pop(_DOWN, None)
    return _as_user(s) if s is not None else None


def sign_out() -> None:
    """End every session of this account (all tabs and browsers) and clear this browser's cookie."""
    sid = st.session_state.get(_SID)
    if sid is not None:
        try:
            sessions.sign_out(store(), sid)
        except _DB_ERRORS:
            pass
    _forget()
    if session_http.MOUNTED:
        st.session_state[_END_COOKIE] = True
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def _cookie_frame() -> None:
    """Let the browser fetch its cookie (or clear it) from /api/attdash/session, in a 1-pixel frame of this
    site. The frame carries only a one-time code, never the session token."""
    if not session_http.MOUNTED:
        return
    if st.session_state.pop(_END_COOKIE, False):
        st.iframe(f"{session_http.PATH}?end=1", height=1, width=1, alt="Sign-out")
        return
    pending = st.session_state.get(_HANDOFF)
    if pending is None:
        return
    code, issued = pending
    if time.time() - issued > sessions.HANDOFF_SECONDS:
        st.session_state.pop(_HANDOFF, None)
        return
    # The same element on every rerun until the code is used, so a quick rerun does not cancel the request.
    st.iframe(f"{session_http.PATH}?code={code}", height=1, width=1, alt="Sign-in")
    try:
        if st.session_state.get(_SID) is not None and not sessions.handoff_pending(store(), st.session_state[_SID]):
            st.session_state.pop(_HANDOFF, None)
    except _DB_ERRORS:
        pass


def _try_sign_in(username: str, password: str) -> None:
    now = time.time()
    wait = st.session_state.get(_WAIT, 0) - now
    if wait > 0:
        st.session_state[_MSG] = _("Too many failed sign-ins in this session: wait {seconds} s.").format(
            seconds=int(wait) + 1)
        return
    try:
        user = authenticate(store(), username, password)
    except _DB_ERRORS as exc:
        st.session_state[_MSG] = _("The outreach register is not available: {reason}").format(reason=_down_text(exc))
        return
    except SignInRefused as exc:
        fails = st.session_state.get(_FAILS, 0) + 1
        st.session_state[_FAILS] = fails
        if fails >= SESSION_FAILURES:
            st.session_state[_WAIT] = now + SESSION_BACKOFF_S * (fails - SESSION_FAILURES + 1)
        st.session_state[_MSG] = str(exc)
        return
    st.session_state[_FAILS] = 0
    try:
        sid, code = sessions.start(store(), user.username)
    except (*_DB_ERRORS, sessions.SessionEnded) as exc:
        st.session_state[_MSG] = REFUSED if isinstance(exc, sessions.SessionEnded) else \
            _("The outreach register is not available: {reason}").format(reason=_down_text(exc))
        return
    st.session_state[_SID] = sid
    st.session_state[_HANDOFF] = (code, now)


def sign_in_form(key: str = "signin") -> None:
    """The sign-in form (local accounts, and the identity provider's button where configured)."""
    msg = st.session_state.pop(_MSG, None)
    if msg:
        st.warning(msg, icon="🔒")
    if oidc_configured():
        st.button(_("Sign in with your organisation's account"), on_click=st.login, key=f"{key}_oidc",
                  icon=":material/login:")
    with st.form(key, clear_on_submit=True, enter_to_submit=True):
        username = st.text_input(_("User name"), key=f"{key}_user", max_chars=64, autocomplete="username")
        password = st.text_input(_("Password"), type="password", key=f"{key}_pw", max_chars=1024,
                                 autocomplete="current-password")
        if st.form_submit_button(_("Sign in"), icon=":material/login:"):
            _try_sign_in(username, password)
            st.rerun()


def require_user(what: str | None = None) -> User | None:
    """The signed-in user; otherwise draw the sign-in form and return None (the caller shows nothing)."""
    user = current_user()
    if user is None:
        try:
            store()   # the register's own page needs its database: say so now, not after a sign-in
        except _DB_ERRORS as exc:
            st.session_state[_DOWN] = _down_text(exc)
    down = st.session_state.get(_DOWN)
    if user is None and down:
        st.error(_("The outreach register is not available: {reason}").format(reason=md_escape(down)),
                 icon=":material/cloud_off:")
        st.stop()
    if user is None:
        st.info(_("Sign in to see {what}. Entries are visible only to members of the Working Group and the "
                  "Secretariat.").format(what=what or _("the outreach register")), icon=":material/lock:")
        sign_in_form()
    return user


def signed_in_as(display_name: str, role: str) -> str:
    """"Sara (Secretariat)": the name with the role said once, also when the name already carries it."""
    role_label = _("Secretariat") if role == "secretariat" else _("member")
    if role_label.casefold() in display_name.casefold():
        return display_name
    return f"{display_name} ({role_label})"


def sidebar_status() -> User | None:
    """'Signed in as …' and a sign-out button in the sidebar (drawn by app.py on every page)."""
    user = current_user()
    with st.sidebar:
        if st.session_state.get(_DOWN):
            st.caption(_("The outreach register is not available at the moment."))
        if user is not None:
            st.caption(_("Signed in: {name}").format(name=md_escape(signed_in_as(user.display_name, user.role))))
            st.button(_("Sign out"), on_click=sign_out, key="reg_sign_out", icon=":material/logout:")
        _cookie_frame()
    return user
