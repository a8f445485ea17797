"""Named views of a snapshot: the functions both the command line and the pages call.

Each wraps one SQL file in ``queries/`` and normalizes its parameters, so a CSV download
and ``python -m attdash ...`` with the same filters give the same rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attdash.text_rules import cut
from attdash.vocab import GROUPS, OPENED_FOR_SIGNATURE, STATUSES

if TYPE_CHECKING:  # imported lazily: argument checks must not load DuckDB and Polars
    import polars as pl

    from attdash.db import Database


class BadParameter(ValueError):
    """A user-supplied filter value that is not allowed (unknown group, status, date...)."""


def _check_choices(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str] | None:
    """The values, de-duplicated, or None for "no filter"; BadParameter names the first unknown one."""
    if not values:
        return None
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadParameter(f"unknown {what} {cut(unknown[0])!r} (use one of: {', '.join(allowed)})")
    return list(dict.fromkeys(values))


def check_groups(groups: Sequence[str] | None) -> list[str] | None:
    """The full group names; the usual abbreviations (GRULAC, WEOG) are accepted as in page links."""
    from attdash.vocab import GROUP_SHORT
    aliases = {short: full for full, short in GROUP_SHORT.items() if short != full}
    return _check_choices([aliases.get(g, g) for g in groups] if groups else groups, GROUPS, "UN regional group")


def check_statuses(statuses: Sequence[str] | None) -> list[str] | None:
    return _check_choices(statuses, STATUSES, "status")


def parse_day(text: str) -> dt.date:
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise BadParameter(f"{cut(str(text), 40)!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadParameter(f"{cut(text.strip(), 40)!r} is not a real calendar date") from None


def check_day(day: dt.date, as_of: dt.date, what: str = "date") -> dt.date:
    """``day`` if the snapshot can speak for it: from the Treaty's opening for signature to the snapshot's as-of.

    The one range rule for the command line and the pages. Before 2013-06-03 no State could act; after the
    as-of date the snapshot does not know what happened.
    """
    if not OPENED_FOR_SIGNATURE <= day <= as_of:
        raise BadParameter(f"{what} {day.isoformat()} is outside {OPENED_FOR_SIGNATURE.isoformat()} – "
                           f"{as_of.isoformat()} (from the Treaty's opening for signature to the snapshot's "
                           "as-of date)")
    return day


def status_params(as_of: dt.date, groups: Sequence[str] | None = None,
                  statuses: Sequence[str] | None = None) -> dict:
    """The checked parameters of the ``status`` query (BadParameter names a value that is not allowed)."""
    return {"as_of": as_of, "groups": check_groups(groups), "statuses": check_statuses(statuses)}


def status(db: Database, as_of: dt.date, groups: Sequence[str] | None = None,
           statuses: Sequence[str] | None = None) -> pl.DataFrame:
    return db.run("status", **status_params(as_of, groups, statuses))


def summary(db: Database, as_of: dt.date) -> pl.DataFrame:
    return db.run("summary", as_of=as_of)


def deposited_sentence(counts, lang: str | None = None) -> str:
    """The depositary's own measure of parties (instruments deposited), from the deposited_count query; in
    ``lang`` (attdash.i18n; default: the running page's or command's language)."""
    from attdash.i18n import translator
    t = translator(lang)
    lo, hi = int(counts["deposited_min"][0]), int(counts["deposited_max"][0])
    n = str(lo) if lo == hi else t.gettext("{low}–{high} (a deposit dated only to its month or year)").format(
        low=lo, high=hi)
    return t.gettext("Instruments deposited by that day, as the depositary counts “Parties”: {number}.").format(
        number=n)


def record_currency(db: Database) -> dict:
    """How current the record is: the last date every State's record is proven complete, the published counts
    of that day, and the treaty actions known since (at the precision their sources give)."""
    through = db.run("record_complete_through")["complete_through"][0]
    counts = db.run("official_count_on", as_of=through).to_dicts() if through else []
    later = db.run("later_events").to_dicts()
    return {"complete_through": through, "count": counts[0] if counts else None, "later_events": later}


def describe_record_currency(info: dict, lang: str | None = None, names: dict[str, str] | None = None) -> str:
    """One plain sentence for pages and documents (no Markdown; callers escape as needed), in ``lang``
    (attdash.i18n; default: the running page's or command's language); ``names``: ISO3 → the State's name in it."""
    from attdash import i18n, partial_dates
    from attdash.vocab import event_sentence
    t = i18n.translator(lang)
    through = info["complete_through"]
    if through is None:
        return t.gettext("No full participant list or published count proves every State's record complete on "
                         "any date.")
    text = t.gettext("Record complete through {day}").format(day=i18n.format_day(through, lang))
    if info["count"]:
        c = info["count"]
        text += (t.gettext(" (the depositary's count: {signatories} signatories, {parties} parties)")
                 if c["authority"] == "depositary" else
                 t.gettext(" (published count: {signatories} signatories, {parties} parties)")).format(
            signatories=c["signatories"], parties=c["parties"])
    later = info["later_events"]
    if later:
        parts = []
        for e in later:
            when = (partial_dates.known(e["event_date"], e["precision"], lang) if e["precision"] != "day"
                    else i18n.format_day(e["event_date"], lang))
            name = (names or {}).get(e.get("iso3"), e["name"])
            parts.append(event_sentence(e["event_type"], name, when, lang))
        text += t.gettext(". Known since: {events}.").format(events="; ".join(parts))
    else:
        text += t.gettext("; no later treaty action is recorded.")
    return text
