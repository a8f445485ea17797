"""Every change between two dates, explained by the States behind it.

The progress report's counts table gives, per UN regional group, how many States are States Parties,
ratified-not-in-force, signatories and others on two dates. Each difference has causes: a State deposited, the
Treaty entered into force for it, it signed, or it joined or left the group. This module names them, so a headline
"+3 States Parties" always lists the three States, and a "+1 signatory" in Asia-Pacific says "Kiribati joined
the Asia-Pacific Group (2024, …)". The explanations add up to the table (a test checks it, cell by cell).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from attdash import partial_dates, reports
from attdash.db import Database
from attdash.documents import i18n as L
from attdash.documents.i18n import _tr
from attdash.vocab import NO_GROUP_LABEL

#: The report's status columns (a status on a date → its column).
COLUMN = {"state_party": "state_party", "ratified_not_in_force": "ratified_not_in_force",
          "signatory": "signatory", "not_signed": "others", "unknown": "others"}
COLUMN_LABELS = {"state_party": "States Parties", "ratified_not_in_force": "Ratified, not in force",
                 "signatory": "Signatories", "others": "Others"}


def column_labels(lang: str = "en") -> dict[str, str]:
    _ = L.tr(lang)
    return {"state_party": _("States Parties"), "ratified_not_in_force": _("Ratified, not in force"),
            "signatory": _("Signatories"), "others": _("Others")}


def group_title(group: str, lang: str = "en") -> str:
    """"Asia-Pacific Group", "Western European and Others Group"; "no regional group"."""
    if lang != "en":
        _ = L.tr(lang)
        if group == NO_GROUP_LABEL:
            return _("no regional group")
        # the pages' name of the group already says "Group" ("Groupe des États d'Afrique"); the documents' own
        # copy names its States ("États d'Afrique") and is made a group here
        return L._pages_label("group", group, lang) or _("the Group of {group}").format(
            group=L.shared(L.label_english("group", group), lang))
    if group == NO_GROUP_LABEL:
        return "no regional group"
    return group if group.endswith("Group") else f"{group} Group"


def _when_joined(row: dict[str, Any] | None, lang: str = "en") -> str:
    """When a State joined a group, at the precision the sources give."""
    _ = L.tr(lang)
    if not row or not row.get("valid_from"):
        return "date not known" if lang == "en" else _("date not known")
    last, first = row["valid_from"], row.get("valid_from_earliest")
    if not first:
        return partial_dates.day(last) if lang == "en" else L.day(last, lang)
    same_year = first.year == last.year
    if lang == "en":
        return (f"{first.year if same_year else f'{first.year}–{last.year}'}, day not known: "
                f"{partial_dates.window(first, last)}")
    return _("{years}, day not known: {window}").format(
        years=first.year if same_year else f"{first.year}–{last.year}", window=L.window(first, last, lang))


def _memberships(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """The dated group memberships (a State that joined or left a group), by (iso3, group)."""
    df = db.table("group_membership")
    out = {}
    for r in df.to_dicts():
        if r.get("valid_from") or r.get("valid_to"):
            out[(r["iso3"], r["un_regional_group"])] = r
    return out


def _status_event(a: dict[str, Any], b: dict[str, Any], until: dt.date, dates: dict[str, Any],
                  lang: str = "en", name: str | None = None) -> str:
    """What the State did between the dates, in one phrase ("the Treaty entered into force for Malawi (9 October
    2024)"); ``dates``: its deposit and entry into force in words (profile.treaty_dates: partial dates as such)."""
    name, ca, cb = name or b["name"], a["status"], b["status"]
    if lang != "en":
        return _status_event_in(lang, name, ca, cb, until, dates, b)

    def _deposit_words(_: Any) -> str:
        return dates["deposit_known"] or dates["deposit"]

    def _in_force_words(_: Any) -> str:
        return dates["entry_into_force"]

    if cb == "state_party" and ca == "ratified_not_in_force":
        return f"the Treaty entered into force for {name} ({_in_force_words(b)})"
    if cb == "state_party":
        return (f"{name} deposited its instrument ({_deposit_words(b)}) and the Treaty entered into force for it "
                f"({_in_force_words(b)})")
    if cb == "ratified_not_in_force":
        return f"{name} deposited its instrument ({_deposit_words(b)})"
    if cb == "signatory":
        return f"{name} signed ({partial_dates.day(b.get('signature_date'))})"
    if cb == "unknown":
        return f"no data in this snapshot establishes {name}'s status on {partial_dates.day(until)}"
    return f"{name}: {ca} → {cb}"


def _status_event_in(lang: str, name: str, ca: str, cb: str, until: dt.date, dates: dict[str, Any],
                     b: dict[str, Any]) -> str:
    """_status_event in another language than English."""
    _ = L.tr(lang)
    deposit, in_force = dates["deposit_known"] or dates["deposit"], dates["entry_into_force"]
    if cb == "state_party" and ca == "ratified_not_in_force":
        return _("the Treaty entered into force for {state} ({date})").format(state=name, date=in_force)
    if cb == "state_party":
        return _("{state} deposited its instrument ({deposit}) and the Treaty entered into force for it "
                 "({date})").format(state=name, deposit=deposit, date=in_force)
    if cb == "ratified_not_in_force":
        return _("{state} deposited its instrument ({deposit})").format(state=name, deposit=deposit)
    if cb == "signatory":
        return _("{state} signed ({date})").format(state=name, date=L.day(b.get("signature_date"), lang))
    if cb == "unknown":
        return _("no data in this snapshot establishes the status of {state} on {date}").format(
            state=name, date=L.day(until, lang))
    return f"{name}: {L.label('status', ca, lang)} → {L.label('status', cb, lang)}"


def explain(db: Database, since: dt.date, until: dt.date,
            groups: Sequence[str] | None = None, lang: str = "en") -> dict[str, Any]:
    """Per (group, column): the change and the named events behind it; per column, the same for the total.

    ``groups``: the report's UN regional groups (None: all, with "No regional group"). A State is counted under
    the group it is listed in on each date (Türkiye under Asia-Pacific), as in the counts table.
    """
    from attdash.profile import treaty_dates
    a = {r["iso3"]: r for r in reports.status(db, since).to_dicts()}
    b = {r["iso3"]: r for r in reports.status(db, until).to_dicts()}
    movers = {r["iso3"]: r for r in db.run("movers", **{"from": since, "to": until}, groups=None).to_dicts()}
    member_rows = _memberships(db)
    scope = set(groups) if groups else None
    names = {} if lang == "en" else {**{i: r["name"] for i, r in b.items()}, **_state_names(db, lang)}

    def nm(iso3: str) -> str:
        return names.get(iso3) or b[iso3]["name"]

    def in_scope(g: str) -> bool:
        return scope is None or g in scope

    # (group, col) → (sign, iso3, (text, the text with the State's name as a placeholder))
    cells: dict[tuple[str, str], list[tuple[int, str, tuple[str, str]]]] = defaultdict(list)
    total: dict[str, list[tuple[int, str, tuple[str, str]]]] = defaultdict(list)
    group_changes = []
    for iso3, rb in b.items():
        ra = a[iso3]
        ga, gb = ra["un_regional_group"] or NO_GROUP_LABEL, rb["un_regional_group"] or NO_GROUP_LABEL
        ca, cb = COLUMN[ra["status"]], COLUMN[rb["status"]]
        if (ga, ca) == (gb, cb):
            continue
        phrases = []
        if ra["status"] != rb["status"]:
            dates = treaty_dates(db, movers[iso3]) if lang == "en" else L.treaty_dates(db, movers[iso3], lang)
            phrases.append(_status_event(ra, rb, until, dates, lang, nm(iso3)))
        if ga != gb:
            if lang != "en":
                _ = L.tr(lang)
                moved = (_("{state} joined {group} ({date})") if gb != NO_GROUP_LABEL else
                         _("{state} left {group} ({date})")).format(
                    state=nm(iso3), group=group_title(gb if gb != NO_GROUP_LABEL else ga, lang),
                    date=_when_joined(member_rows.get((iso3, gb if gb != NO_GROUP_LABEL else ga)), lang))
            elif gb != NO_GROUP_LABEL:
                moved = f"{rb['name']} joined the {group_title(gb)} ({_when_joined(member_rows.get((iso3, gb)))})"
            else:
                moved = f"{rb['name']} left the {group_title(ga)} ({_when_joined(member_rows.get((iso3, ga)))})"
            phrases.append(moved)
            if in_scope(ga) or in_scope(gb):
                group_changes.append({"name": nm(iso3), "iso3": iso3,
                                      "from": ga if lang == "en" else L.group(ga, lang),
                                      "to": gb if lang == "en" else L.group(gb, lang), "event": moved})
        text = ("; " if lang == "en" else content_join(lang)).join(phrases)
        # States with the same event on the same day read as one phrase ("… for A, B and C (24 December 2014)")
        text = (text, text.replace(nm(iso3), "\x00", 1) if len(phrases) == 1 else text)
        if in_scope(ga):
            cells[(ga, ca)].append((-1, iso3, text))
        if in_scope(gb):
            cells[(gb, cb)].append((+1, iso3, text))
        # the total over the report's groups: a move between two of them changes nothing there
        if in_scope(ga) and not (in_scope(gb) and ca == cb):
            total[ca].append((-1, iso3, text))
        if in_scope(gb) and not (in_scope(ga) and ca == cb):
            total[cb].append((+1, iso3, text))

    def entry(group: str, col: str, items: list[tuple[int, str, tuple[str, str]]]) -> dict[str, Any]:
        change = sum(s for s, _, _ in items)
        ins = [(nm(i), t) for s, i, t in items if s > 0]
        outs = [(nm(i), t) for s, i, t in items if s < 0]
        return {"group": group, "column": col, "label": labels[col], "change": change,
                "states": sorted({nm(i) for _, i, _ in items}),
                "in": [t for _, (t, _) in ins], "out": [t for _, (t, _) in outs],
                "text": _sentence(ins, outs, lang)}

    labels = COLUMN_LABELS if lang == "en" else column_labels(lang)

    rows = [entry(g, c, items) for (g, c), items in cells.items() if items]
    totals = {c: entry("Total", c, items) for c, items in total.items() if items}
    return {"cells": rows, "total": totals, "group_changes": group_changes}


def _state_names(db: Database, lang: str) -> dict[str, str]:
    from attdash.documents.content import state_names
    return state_names(db, lang)


def content_join(lang: str) -> str:
    return {"zh": "；", "ar": "؛ ", "fr": "\u202f; "}.get(lang, "; ")


def _names(names: list[str], lang: str = "en") -> str:
    if len(names) == 1:
        return names[0]
    if lang == "en":
        return ", ".join(names[:-1]) + " and " + names[-1]
    return _tr(lang, "{first} and {last}").format(first=("、" if lang == "zh" else ", ").join(names[:-1]),
                                                   last=names[-1])


def _phrases(items: list[tuple[str, tuple[str, str]]], lang: str = "en") -> str:
    """The events, one phrase per kind of event and day: "the Treaty entered into force for A and B (…)"."""
    grouped: dict[str, list[str]] = {}
    whole: dict[str, str] = {}
    for name, (text, template) in items:
        key = template if "\x00" in template else text
        grouped.setdefault(key, []).append(name)
        whole[key] = text
    return (content_join(lang) if lang != "en" else "; ").join(
        whole[k] if len(n) == 1 else k.replace("\x00", _names(n, lang)) for k, n in grouped.items())


def _sentence(ins: list[tuple[str, tuple[str, str]]], outs: list[tuple[str, tuple[str, str]]],
              lang: str = "en") -> str:
    """"+2: A; B" and "−1: C" (the sign says which way each State moved the count)."""
    parts = []
    if ins:
        parts.append(f"+{len(ins)}: " + _phrases(ins, lang))
    if outs:
        parts.append(f"−{len(outs)}: " + _phrases(outs, lang))
    return " · ".join(parts)
