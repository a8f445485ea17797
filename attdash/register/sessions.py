"""Signed-in sessions that survive a reload or a second tab, kept in the register's database.

A session is an opaque random token (256 bits) in an HttpOnly, SameSite=Strict cookie; the database keeps only
its SHA-256 hash, the account, when it was made, last seen and expires, and when it was revoked. Every
server process looks sessions up here, so a user stays signed in on whichever process serves the next page.

Hand-off: the sign-in form runs over Streamlit's websocket, which cannot set a cookie. Sign-in therefore makes
the session with a one-time hand-off code (valid ``HANDOFF_SECONDS``); the browser posts the code to
``/api/attdash/session`` (attdash.web), which swaps it for the real token in one UPDATE and sets the cookie.
The code is useless once exchanged; the long-lived token never appears in the page.

Sessions end after ``IDLE_MINUTES`` without activity, ``MAX_HOURS`` after sign-in, at sign-out (every session
of the account), and when the account is disabled or its password changed (attdash.register.users).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from attdash.register.store import Store, _now, _utc
from attdash.register.tables import sessions, users

IDLE_MINUTES = 30
MAX_HOURS = 12
HANDOFF_SECONDS = 120
TOUCH_SECONDS = 60            # last_seen is written at most once a minute per session
COOKIE = "attdash_session"


class SessionEnded(Exception):
    """The session is no longer valid. ``str(exc)`` says why, in one line for the page (or is empty)."""


@dataclass(frozen=True)
class Session:
    id: int
    username: str
    role: str
    display_name: str
    email: str | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _well_formed(token: str | None) -> bool:
    return isinstance(token, str) and 20 <= len(token) <= 100 and token.isascii()


def start(store: Store, username: str, now: dt.datetime | None = None) -> tuple[int, str]:
    """A new session for an (already authenticated) account: its id and the one-time hand-off code."""
    now = now or _now()
    code = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == username)
                           .where(users.c.active)).scalar()
        if uid is None:
            raise SessionEnded("")
        # Sessions long over are forgotten (revoked or expired for a day).
        conn.execute(sessions.delete().where(sessions.c.expires_at < now - dt.timedelta(days=1)))
        sid = conn.execute(sessions.insert().values(
            token_hash=token_hash(code), user_id=uid, created_at=now, last_seen=now,
            expires_at=now + dt.timedelta(hours=MAX_HOURS), revoked_at=None,
            handoff_until=now + dt.timedelta(seconds=HANDOFF_SECONDS)).returning(sessions.c.id)).scalar_one()
    return int(sid), code


def exchange(store: Store, code: str | None, now: dt.datetime | None = None) -> str | None:
    """Swap a hand-off code for the session's cookie token (once); None when the code is unknown, used,
    expired, or its session ended."""
    if not _well_formed(code):
        return None
    now = now or _now()
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        row = conn.execute(
            sessions.update().where(sessions.c.token_hash == token_hash(code))
            .where(sessions.c.handoff_until.is_not(None)).where(sessions.c.handoff_until >= now)
            .values(token_hash=token_hash(token), handoff_until=None)
            .returning(sessions.c.id, sessions.c.revoked_at, sessions.c.expires_at,
                       sessions.c.user_id)).mappings().first()
        if row is None:
            return None
        active = conn.execute(sa.select(users.c.active).where(users.c.id == row["user_id"])).scalar()
        if row["revoked_at"] is not None or _utc(row["expires_at"]) <= now \
                or not active:
            conn.execute(sessions.update().where(sessions.c.id == row["id"]).values(revoked_at=now))
            return None
    return token


def _check(store: Store, cond, now: dt.datetime | None) -> Session:
    now = now or _now()
    q = (sa.select(sessions.c.id, sessions.c.last_seen, sessions.c.expires_at, sessions.c.revoked_at,
                   users.c.username, users.c.role, users.c.display_name, users.c.email, users.c.active)
         .select_from(sessions.join(users, users.c.id == sessions.c.user_id)).where(cond))
    with store.engine.connect() as conn:
        r = conn.execute(q).mappings().first()
    if r is None or r["revoked_at"] is not None or not r["active"]:
        raise SessionEnded("")
    last_seen = _utc(r["last_seen"])
    if _utc(r["expires_at"]) <= now or last_seen + dt.timedelta(minutes=IDLE_MINUTES) <= now:
        revoke(store, r["id"], now)
        raise SessionEnded("Your session timed out; please sign in again.")
    if (now - last_seen).total_seconds() >= TOUCH_SECONDS:
        with store.engine.begin() as conn:
            conn.execute(sessions.update().where(sessions.c.id == r["id"]).where(sessions.c.revoked_at.is_(None))
                         .values(last_seen=now))
    return Session(int(r["id"]), r["username"], r["role"], r["display_name"], r["email"])


def by_token(store: Store, token: str | None, now: dt.datetime | None = None) -> Session:
    """The live session of a cookie token, or :class:`SessionEnded`."""
    if not _well_formed(token):
        raise SessionEnded("")
    return _check(store, sa.and_(sessions.c.token_hash == token_hash(token), sessions.c.handoff_until.is_(None)),
                  now)


def by_id(store: Store, session_id: int, now: dt.datetime | None = None) -> Session:
    """The live session with this id (the tab that signed in keeps it), or :class:`SessionEnded`."""
    return _check(store, sessions.c.id == int(session_id), now)


def revoke(store: Store, session_id: int, now: dt.datetime | None = None) -> None:
    with store.engine.begin() as conn:
        conn.execute(sessions.update().where(sessions.c.id == int(session_id))
                     .where(sessions.c.revoked_at.is_(None)).values(revoked_at=now or _now()))


def revoke_user_sessions(conn, user_id_or_select, now: dt.datetime | None = None) -> int:
    """Revoke every live session of an account, inside the caller's transaction; how many were live."""
    res = conn.execute(sessions.update().where(sessions.c.user_id.in_(
        user_id_or_select if isinstance(user_id_or_select, sa.Select) else [user_id_or_select]))
        .where(sessions.c.revoked_at.is_(None)).values(revoked_at=now or _now()))
    return res.rowcount


def sign_out(store: Store, session_id: int, now: dt.datetime | None = None) -> None:
    """Sign-out ends every session of the account (every tab and browser)."""
    with store.engine.begin() as conn:
        uid = conn.execute(sa.select(sessions.c.user_id).where(sessions.c.id == int(session_id))).scalar()
        if uid is not None:
            revoke_user_sessions(conn, uid, now)


def live_count(store: Store, username: str, now: dt.datetime | None = None) -> int:
    """Live (unrevoked, unexpired) sessions of an account: for ``users list`` and the tests."""
    now = now or _now()
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(sessions.c.expires_at).select_from(
            sessions.join(users, users.c.id == sessions.c.user_id))
            .where(users.c.username == username).where(sessions.c.revoked_at.is_(None))).scalars().all()
    return sum(1 for e in rows if _utc(e) > now)


def handoff_pending(store: Store, session_id: int) -> bool:
    """Whether the session's hand-off code has not been exchanged for a cookie yet."""
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sessions.c.handoff_until).where(sessions.c.id == int(session_id))
                            ).scalar() is not None
