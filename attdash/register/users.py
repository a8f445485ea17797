"""Local accounts of the register: argon2 password hashes, roles, failed sign-ins rate-limited.

``python -m attdash users add|disable|list`` manages them. Failed sign-ins are counted per account in the
store (shared by every app replica): after ``MAX_FAILURES`` failures the account is locked for
``LOCK_MINUTES``. The sign-in page adds a per-session limit (attdash.ui.auth).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from attdash.register import sessions, validation, vocab
from attdash.register.store import Store, Viewer, _now, _utc
from attdash.register.tables import users

MAX_FAILURES = 5
LOCK_MINUTES = 15

_hasher = PasswordHasher()
# Verified against when the account does not exist, so that the answer takes as long either way.
_DUMMY_HASH = _hasher.hash("attdash-no-such-account")


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message never says whether the account exists."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str
    email: str | None = None

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.username, self.role)


def add_user(store: Store, username: str, password: str | None, role: str, *, email: str | None = None,
             display_name: str | None = None) -> User:
    """Create an account (password may be None for accounts that only sign in through OIDC)."""
    name = validation.username(username)
    role = validation.choice("role", role, vocab.ROLES)
    mail = validation.email(email)
    shown = validation.clean_text("display_name", display_name or name, required=True, multiline=False)
    pw_hash = (_hasher.hash(validation.password(password, context=(name, mail, shown)))
               if password is not None else None)
    with store.engine.begin() as conn:
        clash = conn.execute(sa.select(users.c.username).where(
            sa.or_(users.c.username == name, sa.and_(sa.literal(mail is not None), users.c.email == mail)))).first()
        if clash:
            raise validation.InvalidInput("username", f"an account {clash[0]!r} with this name or e-mail exists")
        conn.execute(users.insert().values(username=name, email=mail, display_name=shown, role=role,
                                           password_hash=pw_hash, active=True, created_at=_now(), failed_count=0,
                                           locked_until=None))
    return User(name, role, shown, mail)


def set_active(store: Store, username: str, active: bool) -> int:
    """Enable or disable an account; disabling ends every open session of it at once (returns how many)."""
    name = username.strip().lower()
    ended = 0
    with store.engine.begin() as conn:
        res = conn.execute(users.update().where(users.c.username == name)
                           .values(active=active, failed_count=0, locked_until=None))
        if res.rowcount == 1 and not active:
            ended = sessions.revoke_user_sessions(conn, sa.select(users.c.id).where(users.c.username == name))
    if res.rowcount != 1:
        raise LookupError(f"no account named {username[:64]!r}")
    return ended


def end_sessions(store: Store, username: str) -> int:
    """Sign an account out everywhere (every open session ends); how many were open."""
    name = username.strip().lower()
    with store.engine.begin() as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == name)).scalar()
        if uid is None:
            raise LookupError(f"no account named {username[:64]!r}")
        return sessions.revoke_user_sessions(conn, uid)


def set_password(store: Store, username: str, password: str) -> None:
    """A new password (checked like a first one); every open session of the account ends."""
    name = username.strip().lower()
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(users.c.email, users.c.display_name).where(users.c.username == name)).first()
    if r is None:
        raise LookupError(f"no account named {username[:64]!r}")
    pw_hash = _hasher.hash(validation.password(password, context=(name, r.email, r.display_name)))
    with store.engine.begin() as conn:
        res = conn.execute(users.update().where(users.c.username == name)
                           .values(password_hash=pw_hash, failed_count=0, locked_until=None))
        sessions.revoke_user_sessions(conn, sa.select(users.c.id).where(users.c.username == name))
    if res.rowcount != 1:
        raise LookupError(f"no account named {username[:64]!r}")


def list_users(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.username, users.c.display_name, users.c.email, users.c.role,
                                      users.c.active, users.c.created_at).order_by(users.c.username)).mappings()
        return [{**r, "created_at": _utc(r["created_at"])} for r in rows]


def get_user(store: Store, username: str) -> User | None:
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(users).where(users.c.username == username.strip().lower())
                         .where(users.c.active)).mappings().first()
    return User(r["username"], r["role"], r["display_name"], r["email"]) if r else None


def user_by_email(store: Store, email: str | None) -> User | None:
    """The active account with this e-mail (OIDC sign-in maps identities to roles this way)."""
    if not email:
        return None
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(users).where(users.c.email == email.strip().lower())
                         .where(users.c.active)).mappings().first()
    return User(r["username"], r["role"], r["display_name"], r["email"]) if r else None


#: The one answer to every failed sign-in: wrong name, wrong password, locked or disabled account alike.
REFUSED = "The user name or password is wrong, or the account is locked or disabled."


def authenticate(store: Store, username: str, password: str, now: dt.datetime | None = None) -> User:
    """The account for these credentials, or :class:`SignInRefused` with the same message, after the same
    work (one argon2 verification and one write), for every failure: an unknown name, a wrong password, a
    locked or a disabled account cannot be told apart.

    The failure count is changed by one atomic UPDATE (``failed_count = failed_count + 1 ... RETURNING``), so
    parallel wrong guesses are all counted and lock the account after MAX_FAILURES; a right password
    succeeds only through an UPDATE that also checks, in the same statement, that the account is not locked.
    """
    now = now or _now()
    refused = SignInRefused(REFUSED)
    name = (username or "").strip().lower()[:64]
    if not name or not password or len(password) > 1024:
        raise refused
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(users).where(users.c.username == name)).mappings().first()
    locked = _utc(r["locked_until"]) if r is not None else None
    usable = r is not None and r["active"] and r["password_hash"] and not (locked is not None and locked > now)
    # Verified outside any transaction: no lock is held during the (deliberately slow) hash.
    good = _verify(r["password_hash"] if usable else _DUMMY_HASH, password) and usable
    with store.engine.begin() as conn:
        if good:
            ok = conn.execute(users.update().where(users.c.id == r["id"]).where(users.c.active)
                              .where(sa.or_(users.c.locked_until.is_(None), users.c.locked_until <= now))
                              .values(failed_count=0, locked_until=None).returning(users.c.id)).first()
            if ok is not None:
                if _hasher.check_needs_rehash(r["password_hash"]):
                    conn.execute(users.update().where(users.c.id == r["id"])
                                 .values(password_hash=_hasher.hash(password)))
                return User(r["username"], r["role"], r["display_name"], r["email"])
        elif r is not None:
            # Counted even while locked or disabled; the count only says when to lock.
            nxt = users.c.failed_count + 1
            conn.execute(users.update().where(users.c.id == r["id"]).values(
                failed_count=sa.case((nxt >= MAX_FAILURES, 0), else_=nxt),
                locked_until=sa.case((nxt >= MAX_FAILURES, now + dt.timedelta(minutes=LOCK_MINUTES)),
                                     else_=users.c.locked_until)))
        else:
            # A name without an account: the same kind of write (a row rewritten unchanged, committed to
            # disk like a failure count), so the answer takes as long as for an account.
            conn.execute(users.update().where(users.c.id == sa.select(sa.func.min(users.c.id)).scalar_subquery())
                         .values(failed_count=users.c.failed_count))
    raise refused


def _verify(pw_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(pw_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
