"""Validation of every value that enters the register: the one place for it.

Each function takes raw user values (strings from a form, the CLI or a script) and returns clean,
typed values or raises :class:`InvalidInput` with a one-line message that names the field. Nothing is
stored unless validation passed.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from attdash.register import vocab


class InvalidInput(ValueError):
    """A user value the register refuses. ``str(exc)`` is a one-line message."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


@dataclass(frozen=True)
class ActivityInput:
    """A validated activity (what the store writes)."""
    targets: tuple[str, ...]
    activity_date: dt.date
    date_status: str
    actor_kind: str
    actor_name: str
    kind: str
    level: str | None
    summary: str
    outcome: str
    next_step: str
    follow_up_date: dt.date | None
    visibility: str

    def as_row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "targets"}


_ISO3 = re.compile(r"^[A-Z]{3}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _noncharacter(ch: str) -> bool:
    """Unicode non-characters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF,
    U+1FFFE, ...). Never meant for interchange; some drivers and viewers choke on them."""
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _has_control(text: str) -> bool:
    # Tabs and line breaks are fine in multi-line fields; the zero-width (non-)joiners are needed to write
    # Persian and Indic names; other control, format (bidi overrides), surrogate, private and unassigned
    # characters (Cn, which holds the non-characters U+FFFE/U+FFFF) are not.
    return any((unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\n\t\u200c\u200d")
               or _noncharacter(ch) for ch in text)


def clean_text(name: str, value: Any, *, required: bool = False, multiline: bool = True,
               limit: int | None = None) -> str:
    """Plain text: stripped, NFC, no control characters, at most ``limit`` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(name, "must be text")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    limit = limit or vocab.LIMITS.get(name, 2000)
    if required and not text:
        raise InvalidInput(name, "is required")
    if len(text) > limit:
        raise InvalidInput(name, f"is {len(text)} characters long; at most {limit} are allowed")
    if _has_control(text) or (not multiline and ("\n" in text or "\t" in text)):
        raise InvalidInput(name, "contains control characters; use plain text")
    return text


def choice(name: str, value: Any, allowed: Iterable[str], *, required: bool = True) -> str | None:
    allowed = tuple(allowed)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = repr(value)[:40]
        raise InvalidInput(name, f"{shown} is not one of: {', '.join(allowed)}")
    return value


def parse_date(name: str, value: Any, *, today: dt.date, required: bool = True) -> dt.date | None:
    """A date between 3 June 2013 (Treaty opened for signature) and three years after today."""
    if value in (None, ""):
        if required:
            raise InvalidInput(name, "is required (YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise InvalidInput(name, f"{str(value)[:40]!r} is not a date in the form YYYY-MM-DD")
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(name, f"{value.strip()!r} is not a real calendar date") from None
    latest = today + dt.timedelta(days=vocab.MAX_DAYS_AHEAD)
    if not vocab.EARLIEST <= value <= latest:
        raise InvalidInput(name, f"{value.isoformat()} is outside {vocab.EARLIEST.isoformat()} – {latest.isoformat()}")
    return value


def targets(value: Any, known: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Target States: ISO3 codes among the snapshot's States, at least one, no repeats kept."""
    if isinstance(value, str):
        value = [value]
    if not value:
        raise InvalidInput("target", "at least one target State (ISO3 code) is required")
    out: list[str] = []
    for v in value:
        if not isinstance(v, str):
            raise InvalidInput("target", "must be ISO3 codes")
        code = v.strip().upper()
        if not _ISO3.match(code):
            raise InvalidInput("target", f"{v[:20]!r} is not an ISO3 code (three letters, e.g. KEN)")
        if code not in known:
            raise InvalidInput("target", f"{code} is not one of the States in the snapshot")
        if code not in out:
            out.append(code)
    if len(out) > vocab.MAX_TARGETS:
        raise InvalidInput("target", f"at most {vocab.MAX_TARGETS} target States per activity")
    return tuple(out)


def activity(raw: dict[str, Any], known_states: set[str] | frozenset[str], *,
             today: dt.date | None = None) -> ActivityInput:
    """Validate a whole activity. ``raw`` keys: target(s), activity_date, date_status, actor_kind, actor_name,
    kind, level, summary, outcome, next_step, follow_up_date, visibility. Unknown keys are refused, so a
    forged field (a role, an author, an id) cannot ride along."""
    allowed = {"targets", "activity_date", "date_status", "actor_kind", "actor_name", "kind", "level", "summary",
               "outcome", "next_step", "follow_up_date", "visibility"}
    extra = sorted(set(raw) - allowed)
    if extra:
        raise InvalidInput(str(extra[0])[:40], "is not a field of an activity")
    today = today or dt.date.today()
    day = parse_date("activity_date", raw.get("activity_date"), today=today)
    status = raw.get("date_status") or ("planned" if day > today else "done")
    status = choice("date_status", status, vocab.DATE_STATUSES)
    if status == "done" and day > today:
        raise InvalidInput("activity_date", f"{day.isoformat()} is in the future; mark the activity as planned")
    follow = parse_date("follow_up_date", raw.get("follow_up_date"), today=today, required=False)
    if follow is not None and follow < day:
        raise InvalidInput("follow_up_date", "is before the activity's date")
    return ActivityInput(
        targets=targets(raw.get("targets"), known_states),
        activity_date=day,
        date_status=status,
        actor_kind=choice("actor_kind", raw.get("actor_kind"), vocab.ACTOR_KINDS),
        actor_name=clean_text("actor_name", raw.get("actor_name"), required=True, multiline=False),
        kind=choice("kind", raw.get("kind"), vocab.KINDS),
        level=choice("level", raw.get("level"), vocab.LEVELS, required=False),
        summary=clean_text("summary", raw.get("summary"), required=True),
        outcome=clean_text("outcome", raw.get("outcome")),
        next_step=clean_text("next_step", raw.get("next_step")),
        follow_up_date=follow,
        visibility=choice("visibility", raw.get("visibility") or "members", vocab.VISIBILITIES),
    )


def username(value: Any) -> str:
    text = clean_text("username", value, required=True, multiline=False).lower()
    if not _USERNAME.match(text):
        raise InvalidInput("username", "use 2–64 lower-case letters, digits, '.', '_' or '-'")
    return text


def email(value: Any, *, required: bool = False) -> str | None:
    text = clean_text("email", value, required=required, multiline=False).lower()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise InvalidInput("email", "is not an e-mail address")
    return text


PASSWORD_MIN = 10
_COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords.txt.gz"


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 19,640 most common passwords of public breach corpora (source: common-passwords.NOTICE.txt)."""
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def password(value: Any, *, context: Iterable[str | None] = ()) -> str:
    """A new password, checked as NIST SP 800-63B (section 3.1.1.2) asks: at least PASSWORD_MIN characters, no
    composition rules, not on the list of common and breached passwords, not a repetition or a run, not the
    account's own names (``context``: user name, e-mail, display name) or the application's name."""
    if not isinstance(value, str) or not value:
        raise InvalidInput("password", "is required")
    if len(value) < PASSWORD_MIN:
        raise InvalidInput("password", f"must have at least {PASSWORD_MIN} characters")
    if len(value) > 1024:
        raise InvalidInput("password", "is too long (at most 1024 characters)")
    if _has_control(value) or "\n" in value:
        raise InvalidInput("password", "contains control characters")
    refused = InvalidInput("password", "is too easy to guess (a common or breached password, a repetition, or "
                                       "your own name); choose a longer phrase of unrelated words")
    folded = _folded(value)
    squeezed = re.sub(r"[\s._-]+", "", folded)
    if folded in common_passwords() or squeezed in common_passwords():
        raise refused
    if len(set(squeezed)) <= 2:                       # aaaaaaaaaa, abababab
        raise refused
    steps = {ord(b) - ord(a) for a, b in zip(squeezed, squeezed[1:])}
    if len(steps) == 1 and steps <= {1, -1}:          # 0123456789, abcdefghij
        raise refused
    words = {"attdash", "armstradetreaty", "armstrade"}
    for item in context:
        if item:
            f = _folded(item)
            words.update({f, re.sub(r"[\s._-]+", "", f.split("@")[0])})
            words.update(w for w in re.split(r"[\s@._-]+", f) if len(w) >= 4)
    stripped = re.sub(r"[\d\W_]+", "", folded)         # "Password123!" → "password"
    if stripped in common_passwords():
        raise refused
    for w in words:
        # the password is one of these words, or mostly one of them (a name with a few digits around)
        if w and (squeezed == w or stripped == w or (w in squeezed and len(squeezed) - len(w) <= 4)):
            raise refused
    return value


def reason(value: Any) -> str:
    return clean_text("reason", value, required=True, multiline=False)
