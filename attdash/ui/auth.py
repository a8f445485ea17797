"""Sign-in for the register: the one module every page that shows register data asks first.

Local accounts (attdash.register.users, argon2) by default. Where an identity provider is configured in
``.streamlit/secrets.toml`` (an ``[auth]`` section, see the README), Streamlit's native OIDC sign-in
(``st.login``) is offered and the e-mail it returns is mapped to an account of the register, whose role
applies; an identity without an active account with that e-mail gets no access.

Sessions end after ``IDLE_MINUTES`` without activity or ``MAX_HOURS`` in total. Failed sign-ins are
limited per account (in the store, shared by every replica) and per browser session (here).
"""

from __future__ import annotations

import time

import streamlit as st

from attdash.register.store import Store, open_store
from attdash.register.users import SignInRefused, User, authenticate, user_by_email
from attdash.i18n import _
from attdash.ui.widgets import md_escape

IDLE_MINUTES = 30
MAX_HOURS = 12
SESSION_FAILURES = 5          # then each further attempt in this session waits
SESSION_BACKOFF_S = 30

_USER = "_reg_user"
_SINCE = "_reg_signed_in_at"
_SEEN = "_reg_last_seen"
_FAILS = "_reg_failures"
_WAIT = "_reg_wait_until"
_MSG = "_reg_message"


@st.cache_resource(show_spinner=False)
def _store(url_key: str) -> Store:
    return open_store()


def store() -> Store:
    """The register's store for this server process (one engine, pooled connections)."""
    from attdash.register.store import database_url
    return _store(database_url())


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _forget() -> None:
    for k in (_USER, _SINCE, _SEEN):
        st.session_state.pop(k, None)


def current_user() -> User | None:
    """The signed-in user of this session, or None (also after a timeout)."""
    now = time.time()
    user = st.session_state.get(_USER)
    if user is None and oidc_configured() and getattr(st.user, "is_logged_in", False):
        user = user_by_email(store(), st.user.get("email"))
        if user is None:
            st.session_state[_MSG] = _("Your identity has no account in the register: ask the Secretariat.")
            return None
        st.session_state[_USER], st.session_state[_SINCE] = user, now
    if user is None:
        return None
    if now - st.session_state.get(_SEEN, now) > IDLE_MINUTES * 60 or \
            now - st.session_state.get(_SINCE, now) > MAX_HOURS * 3600:
        _forget()
        st.session_state[_MSG] = _("Your session timed out; please sign in again.")
        return None
    st.session_state[_SEEN] = now
    return user


def sign_out() -> None:
    _forget()
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def _try_sign_in(username: str, password: str) -> None:
    now = time.time()
    wait = st.session_state.get(_WAIT, 0) - now
    if wait > 0:
        st.session_state[_MSG] = _("Too many failed sign-ins in this session: wait {seconds} s.").format(
            seconds=int(wait) + 1)
        return
    try:
        user = authenticate(store(), username, password)
    except SignInRefused as exc:
        fails = st.session_state.get(_FAILS, 0) + 1
        st.session_state[_FAILS] = fails
        if fails >= SESSION_FAILURES:
            st.session_state[_WAIT] = now + SESSION_BACKOFF_S * (fails - SESSION_FAILURES + 1)
        st.session_state[_MSG] = str(exc)
        return
    st.session_state[_FAILS] = 0
    st.session_state[_USER], st.session_state[_SINCE], st.session_state[_SEEN] = user, now, now


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
        st.info(_("Sign in to see {what}. Entries are visible only to members of the Working Group and the "
                  "Secretariat.").format(what=what or _("the outreach register")), icon=":material/lock:")
        sign_in_form()
    return user


def sidebar_status() -> User | None:
    """'Signed in as …' and a sign-out button in the sidebar (drawn by app.py on every page)."""
    user = current_user()
    if user is not None:
        with st.sidebar:
            st.caption(_("Signed in: {name} ({role})").format(
                name=md_escape(user.display_name),
                role=_("Secretariat") if user.role == "secretariat" else _("member")))
            st.button(_("Sign out"), on_click=sign_out, key="reg_sign_out", icon=":material/logout:")
    return user
