"""What the documents say: plain dicts built from the same functions the pages and the CLI use.

Every figure and every sentence with data in it is made here; the renderers (Typst, Word, Markdown)
only lay these dicts out. Nothing here is estimated: a missing fact is said to be missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from attdash import reports
from attdash.annex import annex
from attdash.citations import SECONDARY, citation_parts, cited, is_secondary, split_ids
from attdash.db import Database
from attdash.documents import i18n as L
from attdash.documents.i18n import _tr
from attdash.profile import build_profile
from attdash.vocab import GROUPS, NO_GROUP_LABEL, STATUS_LABELS

MAX_ITEMS = 6


def _english_sources(fn):
    """Build a document from the English words of the functions it reads (the card, the partial-date phrases, the
    record's currency), whatever language the page that asks for it runs in: the document's own ``lang`` alone
    decides its words, through this module's translations."""
    import contextvars
    import functools

    from attdash import i18n

    @functools.wraps(fn)
    def run(*args, **kwargs):
        def english():
            i18n.use("en")
            return fn(*args, **kwargs)
        return contextvars.copy_context().run(english)
    return run
#: The six UN languages in the order of the UN's own pages.
LANGUAGES = (("ar", "Arabic", "العربية"), ("zh", "Chinese", "中文"), ("en", "English", "English"),
             ("fr", "French", "Français"), ("ru", "Russian", "Русский"), ("es", "Spanish", "Español"))
ACTION_LABELS = {
    "signature": "Signature", "ratification": "Ratification deposited", "accession": "Accession deposited",
    "acceptance": "Acceptance deposited", "approval": "Approval deposited",
    "deposit": "Instrument deposited (type not stated by the sources)",
    "provisional_application": "Declaration of provisional application (Art. 23)",
    "declaration": "Declaration", "notice_no_intent": "Notice: does not intend to become a party",
}
CONSENT_LABELS = {"deposit": "Instrument (type not stated)"}
CONSENT_EVENT_TYPES = ("ratification", "accession", "acceptance", "approval", "deposit")
COUNT_KEYS = ("state_party", "ratified_not_in_force", "signatory", "others", "total")
#: The status columns of the report's counts table, each given on both dates, with their headings.
STATUS_COLUMNS = (("state_party", "States Parties"), ("ratified_not_in_force", "Ratified, not in force"),
                  ("signatory", "Signatories"), ("others", "Others"))


def status_columns(lang: str = "en") -> tuple[tuple[str, str], ...]:
    """STATUS_COLUMNS with their headings in ``lang``."""
    _ = L.tr(lang)
    words = {"state_party": _("States Parties"), "ratified_not_in_force": _("Ratified, not in force"),
             "signatory": _("Signatories"), "others": _("Others")}
    return tuple((k, words[k]) for k, _label in STATUS_COLUMNS)


def count_table_rows(d: dict[str, Any]) -> list[list[Any]]:
    """The report's counts table, one row per group: the group, each status on both dates, the States."""
    return [[c.get("group_label", c["group"]), *[x for k, _ in STATUS_COLUMNS for x in (c["since"][k], c["until"][k])],
             c["until"]["total"]] for c in d["counts"]]


def report_sections(d: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[list[Any]]]]:
    """The report's lists after the counts table: (title, column headings, rows), the same in every format."""
    _ = L.tr(d.get("lang", "en"))
    state, group, instrument = _("State"), _("UN regional group"), _("Instrument")
    deposited, in_force, signed = _("Deposited"), _("In force"), _("Signed")
    specs = (
        (_("States that deposited an instrument"), d["deposited"],
         ("name", "group", "consent_type", "consent_date", "entry_into_force_date", "signature_date"),
         (state, group, instrument, deposited, in_force, signed)),
        (_("Signatories that became States Parties"), d["converted"],
         ("name", "group", "signature_date", "consent_type", "consent_date", "status_to"),
         (state, group, signed, instrument, deposited, _("Status on {date}").format(date=d["until_long"]))),
        (_("Instruments that took effect (Treaty entered into force for the State)"), d["in_force"],
         ("name", "group", "consent_type", "consent_date", "entry_into_force_date"),
         (state, group, instrument, deposited, in_force)),
        (_("New signatures"), d["signed"], ("name", "group", "signature_date"), (state, group, signed)),
        (_("Changes of UN regional group"), d.get("group_changes", []), ("name", "from", "to", "event"),
         (state, _("Listed under, first date"), _("Listed under, second date"), _("Event"))),
        (_("Every change in the table, with the States behind it"), d.get("explained", []),
         ("group", "count", "change", "why"), (group, _("Count"), _("Change"), _("States behind it"))),
    )
    return [(title, head, [[r[k] for k in cols] for r in rows]) for title, rows, cols, head in specs]


def long_date(value: Any, lang: str = "en") -> str:
    """16 April 2024 (the UN's style; per locale in other languages); partial or unparsable dates as written."""
    return L.long_date(value, lang)


def precise_date(value: Any, precision: str | None, lang: str = "en") -> str:
    """A date known only to its month or year is written as such (March 2015, 2015)."""
    day = _day(value)
    if day and precision == "year":
        return str(day.year)
    if day and precision == "month":
        return L.month(day, lang)
    return long_date(value, lang)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a space, with an ellipsis (print layout; the full text is in the data)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:(") + "…"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ranges(years: Sequence[int]) -> str:
    """1992, 1994–1997, 2001."""
    out: list[str] = []
    ys = sorted(set(int(y) for y in years))
    i = 0
    while i < len(ys):
        j = i
        while j + 1 < len(ys) and ys[j + 1] == ys[j] + 1:
            j += 1
        out.append(str(ys[i]) if i == j else f"{ys[i]}–{ys[j]}")
        i = j + 1
    return ", ".join(out)


def _join(parts: Sequence[str], lang: str) -> str:
    """Clauses of one sentence: "; " (Chinese and Arabic: their own semicolon)."""
    sep = {"zh": "；", "ar": "؛ ", "fr": "\u202f; "}.get(lang, "; ")
    return sep.join(p for p in parts if p)


def _stop(lang: str) -> str:
    return "。" if lang == "zh" else "."


def _space(lang: str) -> str:
    """The space after a sentence: none after the Chinese full stop."""
    return "" if lang == "zh" else " "


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


# ---------------------------------------------------------------------------------------------- brief

def _consent_word(s: Mapping[str, Any], lang: str) -> str:
    """The instrument deposited: "ratification", "accession" …; "instrument" when the sources do not say which."""
    _ = L.tr(lang)
    words = {"ratification": _("ratification"), "accession": _("accession"), "acceptance": _("acceptance"),
             "approval": _("approval")}
    return words.get(s.get("consent_type") or "", _("instrument"))


def _status_line(s: Mapping[str, Any], as_of: str, lang: str = "en", name: str | None = None,
                 dates: Mapping[str, Any] | None = None) -> str:
    _ = L.tr(lang)
    st, name = s.get("status"), name or s.get("name")
    consent = _consent_word(s, lang)
    signed = _("signed {date}").format(date=long_date(s["signature_date"], lang)) if s.get("signature_date") else ""
    dates = dates if dates is not None else (s.get("dates") or {})
    stop = _stop(lang)
    if dates.get("partial"):  # a deposit known only to its month or year: what is known, and the window
        floor = dates.get("floor")
        deposited = (_("{instrument} deposited {date}") if lang == "en" else  # "2025, day not known" is no day
                     _("{instrument} deposited in {date}"))
        parts = [signed, deposited.format(instrument=consent, date=dates["deposit"]),
                 _("the Treaty in force for {state} {date} (Art. 22: 90 days after the deposit)").format(
                     state=name, date=dates["entry_into_force"])
                 if st == "state_party" else
                 _("the Treaty enters into force for {state} {date} (Art. 22)").format(
                     state=name, date=dates["entry_into_force"])]
        line = _cap(_join(parts, lang)) + stop
        if floor:
            line += f" {_cap(floor['sentence'])}{stop}"
        if st == "unknown":
            line = _("Nothing in this snapshot establishes the status on {date}: the deposit's day is not "
                     "known.").format(date=long_date(as_of, lang)) + f" {line}"
        return line
    if st == "state_party":
        parts = [signed,
                 _("{instrument} deposited {date}").format(
                     instrument=consent, date=precise_date(s["consent_date"], s.get("consent_precision"), lang))
                 if s.get("consent_date") else "",
                 _("in force for {state} since {date}").format(state=name,
                                                               date=long_date(s["entry_into_force_date"], lang))
                 if s.get("entry_into_force_date") else _("listed as a State Party by a full participant list")]
        return _cap(_join(parts, lang)) + stop
    if st == "ratified_not_in_force":
        return _cap(_("{instrument} deposited {date}; the Treaty enters into force for {state} on {eif} "
                      "(Art. 22).").format(instrument=consent,
                                           date=precise_date(s.get("consent_date"), s.get("consent_precision"), lang),
                                           state=name, eif=long_date(s.get("entry_into_force_date"), lang)))
    if st == "signatory":
        line = _("Signed {date}; no instrument of ratification deposited by {as_of}.").format(
            date=long_date(s.get("signature_date"), lang), as_of=long_date(as_of, lang))
        if s.get("no_intent"):
            line += _space(lang) + _("Notified the depositary on {date} that it does not intend to become a party.").format(
                date=long_date(s.get("no_intent_date"), lang))
        return line
    if st == "not_signed":
        return _("No signature and no instrument deposited by {date}.").format(date=long_date(as_of, lang))
    reason = s.get("status_reason") if lang == "en" else ""  # the rules' reason is English data text
    return (_("Nothing in this snapshot establishes the status on {date}:").format(date=long_date(as_of, lang)) + _space(lang)
            + (reason if reason else _("no complete record of the State's treaty actions (depositary table or "
                                       "national treaty database) reaches that date")) + stop).replace("..", ".")


def _timeline(card: Mapping[str, Any], lang: str = "en", dates: Mapping[str, Any] | None = None) -> list[dict[str, str]]:
    _ = L.tr(lang)
    out = []
    dates = dates if dates is not None else (card["state"].get("dates") or {})
    for e in card["treaty_events"]:
        when = L.known(e.get("event_date"), None, lang)
        partial = when != long_date(e.get("event_date"), lang)
        eif = (dates.get("entry_into_force") if partial and e.get("event_type") in ACTION_LABELS
               and e.get("event_type") in CONSENT_EVENT_TYPES else "")
        note = (long_date(e["entry_into_force_date"], lang) if e.get("entry_into_force_date") else eif)
        out.append({"date": when,
                    "action": L.label("action", e.get("event_type"), lang, default=str(e.get("event_type"))),
                    "note": _("Treaty in force for the State: {date} (Art. 22)").format(date=note) if note else "",
                    "refs": e.get("source_ids") or ""})
    return out


def _generic_item(row: Mapping[str, Any]) -> str:
    skip = {"notes", "source_ids", "confidence", "iso3"}
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in row.items() if k not in skip and v not in (None, ""))


def _element_summary(key: str, rows: list[dict[str, Any]], facts: list[dict[str, Any]],
                     lang: str = "en") -> tuple[str, list[str]]:
    """(one sentence, short items) for a ¶13 element with data; data values (titles, places, evidence) as given."""
    _ = L.tr(lang)
    n = L.number
    if key == "vtf":
        items = [" — ".join(x for x in (
            f"{r.get('cycle_year') or ''} {r.get('record') or ''}".strip(), r.get("project_title") or "",
            f"USD {n(r['amount_usd'], lang)}" if r.get("amount_usd") is not None else "",
            r.get("outcome") or "") if x) for r in facts]
        return _("Voluntary Trust Fund records found in public sources (partial list): {n}.").format(
            n=n(len(facts), lang)), items
    if key == "csp_attendance":
        ids = [r["meeting_id"] for r in facts]
        items = [f"{r['meeting_id']} ({long_date(r.get('start_date'), lang)}, {r.get('place') or ''}): {r['evidence']}"
                 for r in facts]
        return (_("Presence recorded at {n} of {total} meetings of the Conference ({meetings}). Evidence of presence, "
                  "not official lists of participants: a meeting not recorded is not an absence.").format(
                      n=n(len(facts), lang), total=n(len(rows), lang), meetings=", ".join(ids)), items)
    if key == "statements":
        items = [" — ".join(x for x in (
            f"{long_date(r.get('date'), lang)}, {r.get('meeting_id') or ''}",
            L.label("statement_type", r.get("statement_type"), lang, default=r.get("statement_type") or ""),
            L.label("role", r.get("role"), lang, default=r.get("role") or ""), r.get("session_or_agenda_item") or "") if x) for r in facts]
        return _("Statements or documents recorded: {n}.").format(n=n(len(facts), lang)), items
    if key == "unga_votes":
        years = [str(r.get("date") or "")[:4] for r in facts]
        by_vote: dict[str, list[str]] = {}
        for r in facts:
            by_vote.setdefault(r["vote"], []).append(f"{r.get('symbol')} ({str(r.get('date'))[:4]})")
        yes = len(by_vote.get("yes", []))
        items = [f"{L.label('vote', v, lang)}: {', '.join(s)}" for v, s in by_vote.items() if v != "yes"]
        return (_("Voted in favour of {yes} of the {total} plenary resolutions entitled \"The Arms Trade Treaty\" "
                  "({first}–{last}).").format(yes=n(yes, lang), total=n(len(facts), lang), first=min(years),
                                              last=max(years)), items)
    if key == "unroca":
        years = [r["year"] for r in facts]
        all_years = [r["year"] for r in rows]
        return (_("A report is listed on unroca.org for {n} of {total} calendar years ({first}–{last}): {years}. "
                  "A year not listed is unknown, not a missing report.").format(
                      n=n(len(facts), lang), total=n(len(rows), lang), first=min(all_years), last=max(all_years),
                      years=_ranges(years)), [])
    if key == "regional_arrangements":
        items = []
        for r in facts:
            consent = r.get("consent_type")
            dates = ", ".join(x for x in (
                _("signed {date}").format(date=long_date(r["signature_date"], lang)) if r.get("signature_date") else "",
                "{what} {date}".format(what=L.label("consent", consent, lang, default=consent).lower() if consent
                                       else _("joined"), date=long_date(r["consent_date"], lang))
                if r.get("consent_date") else "",
                _("list as of {date}").format(date=long_date(r["as_of"], lang)) if r.get("as_of") else "") if x)
            items.append(f"{r.get('instrument_name')}: {L.label('instrument_status', r.get('status'), lang)}"
                         + (f" ({dates})" if dates else ""))
        return _("Regional or global instruments on record in which the State takes part: {n}.").format(
            n=n(len(facts), lang)), items
    if key == "other":
        items = [f"{r.get('kind')}: {r.get('detail')}" + (f" ({r['period']})" if r.get("period") else "")
                 for r in facts]
        return _("Other facts on record: {n}.").format(n=n(len(facts), lang)), items
    return _("Records: {n}.").format(n=n(len(facts), lang)), [_generic_item(r) for r in facts]


def _language_names(lang: str) -> dict[str, str]:
    """The six languages named in the document's language."""
    _ = L.tr(lang)
    return {"ar": _("Arabic"), "zh": _("Chinese"), "en": _("English"), "fr": _("French"), "ru": _("Russian"),
            "es": _("Spanish")}


def _names(db: Database, iso3: str, lang: str = "en") -> tuple[list[dict[str, str]], str, list[str]]:
    """The State's names in the six UN languages, the note on where non-UNTERM names come from, their sources."""
    df = db.run("profile_names", iso3=iso3)
    if df.is_empty():
        return [], "", []
    row = df.row(0, named=True)
    words = _language_names(lang)
    names = [{"code": code, "language": words[code], "endonym": endo, "name": row[f"name_{code}"]}
             for code, _lang, endo in LANGUAGES if row.get(f"name_{code}")]
    # the sources' note is English data text: shown in English documents only
    return names, (row.get("notes") or "") if lang == "en" else "", split_ids(row.get("source_ids"))


def state_names(db: Database, lang: str = "en") -> dict[str, str]:
    """iso3 → the State's UN name in ``lang`` (UNTERM short name, else UNSD M49; English when none)."""
    if lang == "en":
        return {}
    df = db.table("country_names")
    col = f"name_{lang}"
    if df.is_empty() or col not in df.columns:
        return {}
    return {i: n for i, n in zip(df["iso3"].to_list(), df[col].to_list()) if n}


#: The register's columns as the brief heads them (others: the column name in words).
OUTREACH_LABELS = {"activity_date": "Date", "actor_name": "By", "kind": "Kind", "summary": "Summary",
                   "outcome": "Outcome", "next_step": "Next step", "follow_up_date": "Follow-up"}


def _outreach_labels(lang: str) -> dict[str, str]:
    _ = L.tr(lang)
    return {"activity_date": _("Date"), "actor_name": _("By"), "kind": _("Kind"), "summary": _("Summary"),
            "outcome": _("Outcome"), "next_step": _("Next step"), "follow_up_date": _("Follow-up")}


def _outreach_cell(column: str, value: Any, lang: str = "en") -> str:
    """A register value for people: the label of a code, a date as 16 April 2024."""
    from attdash.register.vocab import KIND_LABELS, LEVEL_LABELS
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)) or column.endswith("_date"):
        return long_date(value, lang)
    text = str(value)
    labels = {"kind": KIND_LABELS, "level": LEVEL_LABELS}.get(column, {})
    if text in labels:
        return L.shared(labels[text], lang)
    return text.replace("_", " ") if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", text) else text


def _outreach(outreach: Sequence[Mapping[str, Any]] | None, lang: str = "en") -> dict[str, Any] | None:
    """The register's rows as a small table (columns in the order of the first row; notes kept)."""
    if outreach is None:
        return None
    rows = [dict(r) for r in outreach]
    heads = _outreach_labels(lang)
    columns = [c for c in (rows[0].keys() if rows else []) if c not in ("iso3", "id", "source_ids")]
    return {"columns": [heads.get(c, c.replace("_", " ").capitalize()) for c in columns],
            "rows": [[_outreach_cell(c, r.get(c), lang) for c in columns] for r in rows]}


def _as_of_text(cov: Mapping[str, Any] | None, english: str, lang: str) -> str:
    """How current an element's data are ("data cover 2015–2025; latest dated fact 25 August 2025")."""
    if lang == "en" or not english:
        return english
    _ = L.tr(lang)
    m = re.search(r"data cover (\d{4})–(\d{4})", english)
    d = re.search(r"latest dated fact (\d{4}-\d{2}-\d{2})", english)
    parts = [_("data cover {first}–{last}").format(first=m.group(1), last=m.group(2)) if m else "",
             _("latest dated fact {date}").format(date=long_date(d.group(1), lang)) if d else ""]
    return _join(parts, lang)


def _group_joined(db: Database, iso3: str, lang: str) -> str:
    """profile._group_joined in ``lang``: "joined the Asia-Pacific Group in 2024, day not known: between …"."""
    from attdash.documents.changes import _when_joined, group_title
    _ = L.tr(lang)
    rows = [r for r in db.run("profile_group_history", iso3=iso3).to_dicts() if r.get("valid_from_earliest")]
    return _join([_("joined {group} in {date}").format(group=group_title(r["un_regional_group"], lang),
                                                        date=_when_joined(r, lang)) for r in rows], lang)


def _brief_labels(lang: str, name: str, iso3: str, status_as_of: str, data_as_of: str) -> dict[str, str]:
    """Every heading and fixed phrase of the brief, in its language (the renderers only place them)."""
    _ = L.tr(lang)
    return {
        "lang": lang, "rtl": L.rtl(lang), "colon": {"fr": "\u202f:", "zh": "："}.get(lang, ":"),
        "stop": _stop(lang),
        "org": _("Arms Trade Treaty · Working Group on Treaty Universalization"),
        "kicker": _("Country brief"),
        "header_right": _("Country brief · {iso3}").format(iso3=iso3),
        "status_on": _("Status on {date}").format(date=status_as_of),
        "data_as_of": _("Data as of {date}").format(date=data_as_of),
        "subtitle": _("Status on {date} · data as of {snapshot}").format(date=status_as_of, snapshot=data_as_of),
        "group": _("UN regional group"), "status": _("Treaty status"),
        "record": _("Record complete through"), "every_record": _("every State's record"),
        "state_record": _("This State's record confirmed through"),
        "names": _("Names in the six UN languages"), "language": _("Language"), "name": _("Name"),
        "timeline": _("Treaty timeline"), "no_timeline": _("No treaty action recorded in this snapshot."),
        "date": _("Date"), "action": _("Action"), "note": _("Note"), "sources": _("Sources"),
        "elements": _("The nine elements of the work plan (¶13)"),
        "no_data": _("No data in this snapshot."), "gap": _("Source that would fill it: {source}."),
        "as_of": _("As of: {text}"), "confidence": _("Confidence: {text}"),
        "outreach": _("Outreach (register; restricted)"),
        "no_outreach": _("No outreach recorded in the register."),
    }


@_english_sources
def brief_content(db: Database, iso3: str, as_of: dt.date | None = None,
                  outreach: Sequence[Mapping[str, Any]] | None = None, role: str | None = None,
                  lang: str = "en") -> dict[str, Any]:
    """Everything the country brief shows. ``outreach``: register rows, only for signed-in users; ``role``: the
    viewer's role (restricted elements only for the roles the schema lists; None: signed out); ``lang``: one of
    the six UN languages (the State's UN name, the labels, the sentences and the dates in that language).

    Each fact cites the authority behind it (the depositary, a UN or ATT body) when it has one; a fact that
    rests only on secondary sources says so. Sources are numbered in the order they are first cited and listed
    as publisher, title, date and whole URL; source ids stay in the data.
    """
    from attdash.i18n import normalise
    lang = normalise(lang)
    _ = L.tr(lang)
    secondary_note = L.secondary(lang)
    card = build_profile(db, iso3, as_of, role=role)
    s = card["state"]
    names, names_note, name_ids = _names(db, s["iso3"], lang)
    name = state_names(db, lang).get(s["iso3"], s["name"])
    dates = (L.treaty_dates(db, s, lang) if lang != "en" and (s.get("consent_date") or s.get("consent_first"))
             else (s.get("dates") or {}))
    group_ids = [i for g in card["group_history"] for i in split_ids(g.get("source_ids"))]
    extra = [i for i in (*name_ids, *group_ids) if i not in {r["source_id"] for r in card["sources"]}]
    sources = card["sources"] + (db.run("sources_by_id", ids=extra).to_dicts() if extra else [])
    by_id = {r["source_id"]: r for r in sources}
    authority = {i: (r.get("authority") or "other") for i, r in by_id.items()}
    number: dict[str, int] = {}

    def refs(ids: Sequence[str] | str | None) -> list[int]:
        out = []
        for i in cited(ids, authority):
            if i in by_id:
                number.setdefault(i, len(number) + 1)
                out.append(number[i])
        return sorted(set(out))

    # the domestic act that narrows a partial deposit date is cited with the status
    floor_ids = ((s.get("dates") or {}).get("floor") or {}).get("source_ids", "")
    state_refs = sorted(set(refs(s.get("source_ids") or "")) | set(refs(floor_ids) if floor_ids else []))
    group_refs = refs(group_ids)
    names_refs = refs(name_ids)
    timeline = _timeline(card, lang, dates)
    for t, e in zip(timeline, card["treaty_events"]):
        t["secondary"] = secondary_note if is_secondary(t["refs"], authority) else ""
        t["refs"] = refs(t["refs"])
    elements = []
    for sec in card["sections"]:
        facts = [r for r in sec["rows"]] if sec["key"] not in ("csp_attendance", "unga_votes", "unroca") else None
        if facts is None:
            field = {"csp_attendance": "evidence", "unga_votes": "vote", "unroca": "submitted"}[sec["key"]]
            facts = [r for r in sec["rows"] if r.get(field)]
        summary, items = _element_summary(sec["key"], sec["rows"], facts, lang) if sec["has_data"] else ("", [])
        more = max(0, len(items) - MAX_ITEMS)
        elements.append({
            "key": sec["key"], "title": L.label("element", sec["key"], lang, default=sec["title"]),
            "has_data": sec["has_data"], "summary": summary,
            "items": items[:MAX_ITEMS],
            "more": (_("… and {n} more (full list on the State's card in the dashboard)").format(n=L.number(more, lang))
                     if more else ""),
            "gap_source": L.label("gap", sec["key"], lang, default=sec["gap_source"])
                          if lang != "en" else sec["gap_source"],
            "data_as_of": _as_of_text(None, sec["data_as_of"], lang),
            "not_applicable": L.shared(sec.get("not_applicable") or "", lang),
            "secondary": secondary_note if sec["has_data"] and is_secondary(sec["source_ids"], authority) else "",
            "confidence": ", ".join(L.label("confidence", c, lang, default=c) for c in sec["confidence"]),
            "refs": refs(sec["source_ids"]) if sec["has_data"] else [],
            "restricted": sec.get("restricted", False),
            "restricted_note": L.shared(sec.get("restricted_note", ""), lang),
        })
    record = s.get("confirmed_through") or s.get("checked_through")
    groups_on_date = s.get("groups_on_date") or NO_GROUP_LABEL
    if lang != "en":  # "African; Asia-Pacific" → the groups' names in the language
        groups_on_date = ", ".join(L.group(g.strip(), lang) for g in re.split(r"[;,] ", groups_on_date))
    joined = s.get("group_joined") if lang == "en" else _group_joined(db, s["iso3"], lang)
    groups = groups_on_date + (_paren(joined, lang) if joined else "")
    cited_sources = sorted((by_id[i] for i in number), key=lambda r: number[r["source_id"]])
    complete = record_complete_through(db)
    status_as_of_long = long_date(card["status_as_of"], lang)
    snapshot_as_of = long_date(db.snapshot.as_of, lang)
    return {
        "kind": "brief",
        "lang": lang,
        "t": _brief_labels(lang, name, s["iso3"], status_as_of_long, snapshot_as_of),
        "title": _("Country brief: {state}").format(state=name),
        "iso3": s["iso3"],
        "state": {
            "name": name, "iso3": s["iso3"], "iso2": s.get("iso2") or "", "m49": s.get("m49") or "",
            "un_member": bool(s.get("un_member")),
            "membership": _("UN Member State") if s.get("un_member") else _("Not a UN Member State"),
            "group": groups, "group_refs": group_refs,
            "group_secondary": secondary_note if group_ids and is_secondary(group_ids, authority) else "",
            "status": s["status"], "status_label": L.label("status", s["status"], lang),
            "status_line": _status_line(s, card["status_as_of"], lang, name, dates), "refs": state_refs,
            "secondary": secondary_note if is_secondary(s.get("source_ids"), authority) else "",
        },
        "names": names,
        "names_refs": names_refs,
        "names_note": names_note,
        "names_secondary": secondary_note if is_secondary(name_ids, authority) else "",
        "timeline": timeline,
        "elements": elements,
        "status_as_of": card["status_as_of"],
        "status_as_of_long": status_as_of_long,
        # two dates, two names: the snapshot-wide "record complete through" (every State's record proven complete)
        # and this State's own, often later (a full list checked it after that date)
        "record_complete_through": long_date(complete, lang) if complete else "",
        "state_record_through": long_date(record, lang) if record else "",
        "snapshot": card["snapshot"],
        "snapshot_as_of": snapshot_as_of,
        "secondary_note": secondary_note,
        "sources": [{"n": number[r["source_id"]], "id": r["source_id"], **citation_parts(r, lang)}
                    for r in cited_sources],
        "outreach": _outreach(outreach, lang),
    }


# ---------------------------------------------------------------------------------------------- report

def record_complete_through(db: Database) -> dt.date | None:
    """The last date on which every State's record is proven complete (None: no such date)."""
    return _day(_currency(db)["complete_through"])


def _currency(db: Database) -> dict[str, Any]:
    """reports.record_currency, once per snapshot (a snapshot is immutable)."""
    cache = _CURRENCY.get(db.snapshot.name)
    if cache is None or cache[0] is not db:
        _CURRENCY[db.snapshot.name] = cache = (db, reports.record_currency(db))
    return cache[1]


_CURRENCY: dict[str, tuple[Database, dict[str, Any]]] = {}


def default_until(db: Database) -> dt.date:
    """The report's end date: the snapshot's as-of date, or the record's completeness date if earlier."""
    complete = record_complete_through(db)
    return min(db.snapshot.as_of, complete) if complete else db.snapshot.as_of


def until_note(db: Database, until: dt.date, lang: str = "en") -> str:
    _ = L.tr(lang)
    complete = record_complete_through(db)
    if complete and until == complete:
        return _("the date through which every State's treaty record is proven complete")
    if complete and until > complete:
        return _("after {date}, the date through which every State's treaty record is proven complete: later "
                 "actions may be missing").format(date=long_date(complete, lang))
    if until == db.snapshot.as_of:
        return _("the as-of date of the snapshot")
    return ""


def record_note(info: Mapping[str, Any], lang: str = "en") -> str:
    """reports.describe_record_currency in ``lang``: how far every State's record is proven complete."""
    if lang == "en":
        return reports.describe_record_currency(dict(info))
    _ = L.tr(lang)
    through = info["complete_through"]
    if through is None:
        return _("No full participant list or published count proves every State's record complete on any date.")
    text = _("Record complete through {date}").format(date=long_date(through, lang))
    c = info.get("count")
    if c:
        text += _paren((_("the depositary's count: {signatories} signatories, {parties} parties")
                        if c["authority"] == "depositary" else
                        _("published count: {signatories} signatories, {parties} parties")).format(
            signatories=L.number(c["signatories"], lang), parties=L.number(c["parties"], lang)), lang)
    later = info.get("later_events") or []
    names = state_names_cached(lang)
    if later:
        parts = []
        for e in later:
            when = (L.known(e["event_date"], e["precision"], lang) if e["precision"] != "day"
                    else long_date(e["event_date"], lang))
            parts.append(_("{state}: {action} ({date})").format(
                state=names.get(e.get("iso3"), e["name"]), date=when,
                action=L.label("action", e["event_type"], lang, default=e["event_type"])))
        text += _stop(lang) + _space(lang) + _("Known since: {events}.").format(events=_join(parts, lang))
    else:
        text += _stop(lang) + _space(lang) + _("No later treaty action is recorded.")
    return text


_NAMES: dict[str, dict[str, str]] = {}


def state_names_cached(lang: str) -> dict[str, str]:
    """State names in ``lang`` from the snapshot in use (set by the content functions)."""
    return _NAMES.get(lang, {})


def default_since(db: Database, until: dt.date) -> dt.date:
    """The opening of the last Conference of States Parties before ``until`` (meetings data)."""
    csps = db.run("csp_dates").filter(pl.col("start_date") < until)
    if csps.is_empty():
        raise reports.BadParameter(f"no Conference of States Parties opened before {until.isoformat()}; "
                                   "give --since")
    return csps["start_date"][-1]


def _csp_opening(db: Database, day: dt.date, lang: str = "en") -> str:
    hit = db.run("csp_dates").filter(pl.col("start_date") == day)
    if not hit.height:
        return ""
    if lang == "en":
        return f"opening of {hit['name'][0]}"
    n = re.sub(r"\D", "", str(hit["meeting_id"][0]).split(".")[0])
    return _tr(lang, "opening of the {n}th Conference of States Parties").format(n=n) if n else ""


def count_rows(summary: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Per group (and 'Total'): States Parties, ratified not in force, signatories, others, total."""
    out: dict[str, dict[str, int]] = {}
    for r in summary.iter_rows(named=True):
        out[r["un_regional_group"]] = {
            "state_party": int(r.get("state_party") or 0),
            "ratified_not_in_force": int(r.get("ratified_not_in_force") or 0),
            "signatory": int(r.get("signatory") or 0),
            "others": int(r.get("not_signed") or 0) + int(r.get("unknown") or 0),
            "unknown": int(r.get("unknown") or 0),
            "total": int(r.get("total") or 0),
        }
    out["Total"] = {k: sum(v[k] for v in list(out.values())) for k in (*COUNT_KEYS, "unknown")}
    return out


def _change(a: int, b: int) -> str:
    return f"{b - a:+d}" if b != a else "0"


def _state_rows(df: pl.DataFrame, db: Database, lang: str = "en") -> list[dict[str, str]]:
    """Rows for a list of States (the ``movers`` query); a deposit known only to its month or year is written as
    such, with its window, and its entry into force as a window (profile.treaty_dates), never as a day."""
    from attdash.profile import treaty_dates
    rows = []
    for r in df.iter_rows(named=True):
        d = treaty_dates(db, r) if lang == "en" else L.treaty_dates(db, r, lang)
        rows.append({**_state_row(r, lang), "consent_date": d["deposit"], "entry_into_force_date": d["entry_into_force"]})
    return rows


def _state_row(r: Mapping[str, Any], lang: str = "en") -> dict[str, str]:
    if lang == "en":
        return {"name": r["name"], "iso3": r["iso3"], "group": r.get("un_regional_group") or NO_GROUP_LABEL,
                "consent_type": CONSENT_LABELS.get(r.get("consent_type"), (r.get("consent_type") or "").capitalize()),
                "signature_date": long_date(r.get("signature_date")),
                "status_from": STATUS_LABELS.get(r.get("status_from"), r.get("status_from") or ""),
                "status_to": STATUS_LABELS.get(r.get("status_to"), r.get("status_to") or "")}
    consent = r.get("consent_type")
    return {"name": state_names_cached(lang).get(r["iso3"], r["name"]), "iso3": r["iso3"],
            "group": L.group(r.get("un_regional_group") or NO_GROUP_LABEL, lang),
            "consent_type": L.label("consent", consent, lang, default=(consent or "").capitalize()) if consent else "",
            "signature_date": long_date(r.get("signature_date"), lang),
            "status_from": L.label("status", r.get("status_from"), lang) if r.get("status_from") else "",
            "status_to": L.label("status", r.get("status_to"), lang) if r.get("status_to") else ""}


def _chart(db: Database, since: dt.date, until: dt.date, at_since: int, at_until: int,
           groups: Sequence[str] | None = None, lang: str = "en") -> dict[str, Any]:
    """States Parties over time (all groups, or the report's), as points scaled to 0..1, with the two dates marked."""
    tl = db.run("timeline", as_of=until)
    if groups:
        tl = tl.filter(pl.col("un_regional_group").is_in(list(groups)))
    tl = tl.group_by("date").agg(pl.col("states_parties").sum()).sort("date")
    start = tl["date"][0]
    span = max(1, (until - start).days)
    top = max(10, int(tl["states_parties"].max() or 0))
    step = 25 if top > 60 else 10
    ymax = ((top // step) + 1) * step

    def x(d: dt.date) -> float:
        return round(max(0, (d - start).days) / span, 5)

    return {
        "points": [[x(d), round(v / ymax, 5)] for d, v in tl.iter_rows()],
        "y_ticks": [{"label": str(v), "y": round(v / ymax, 5)} for v in range(0, ymax + 1, step)],
        "x_ticks": [{"label": str(y), "x": x(dt.date(y, 1, 1))} for y in range(start.year + 1, until.year + 1)
                    if dt.date(y, 1, 1) <= until],
        "marks": [{"label": f"{long_date(since, lang)}: {at_since}", "x": x(since), "y": round(at_since / ymax, 5)},
                  {"label": f"{long_date(until, lang)}: {at_until}", "x": x(until), "y": round(at_until / ymax, 5)}],
        "title": (f"States Parties{' (' + ', '.join(groups) + ')' if groups else ''}, {long_date(start)} to "
                  f"{long_date(until)} (first of each month)") if lang == "en" else
                 _tr(lang, "States Parties{groups}, {first} to {last} (first of each month)").format(
                     groups=_paren(", ".join(L.group(g, lang) for g in groups), lang) if groups else "",
                     first=long_date(start, lang), last=long_date(until, lang)),
    }


def _headline(a: dict[str, int], b: dict[str, int], since: dt.date, until: dt.date,
              total: Mapping[str, Any], scope: str, lang: str = "en") -> str:
    """The headline figures on both dates, each change followed by the States behind it."""
    _ = L.tr(lang)
    stop = _stop(lang)

    def why(col: str) -> str:
        e = total.get(col)
        return _paren(e["text"], lang) if e and e["text"] else ""
    sp = total.get("state_party")
    text = scope + stop + _space(lang) + _("States Parties: {a} on {since}, {b} on {until}").format(
        a=a["state_party"], since=long_date(since, lang), b=b["state_party"], until=long_date(until, lang))
    text += _paren(sp["text"] if sp and sp["text"] else _change(a["state_party"], b["state_party"]), lang) + stop + _space(lang)
    if a["ratified_not_in_force"] or b["ratified_not_in_force"]:
        text += (_("Ratified, not yet in force: {a} → {b}").format(a=a["ratified_not_in_force"],
                                                                   b=b["ratified_not_in_force"])
                 + why("ratified_not_in_force") + stop + _space(lang))
    text += (_("Signatories: {a} → {b}").format(a=a["signatory"], b=b["signatory"]) + why("signatory") + stop + _space(lang)
             + _("Others: {a} → {b}").format(a=a["others"], b=b["others"]) + why("others") + stop)
    return text


def _scope(groups: Sequence[str] | None, lang: str = "en") -> str:
    _ = L.tr(lang)
    if not groups:
        return _("All UN regional groups")
    from attdash.documents.changes import group_title
    names = [group_title(g) if lang == "en" else L.group(g, lang) for g in groups]
    joined = names[0] if len(names) == 1 else _("{first} and {last}").format(first=", ".join(names[:-1]),
                                                                             last=names[-1])
    return _("{groups} only").format(groups=joined)


def _report_labels(lang: str, since_long: str, until_long: str, snapshot: str) -> dict[str, str]:
    _ = L.tr(lang)
    return {
        "lang": lang, "rtl": L.rtl(lang),
        "org": _("Arms Trade Treaty · Working Group on Treaty Universalization"),
        "paren": "（{note}）" if lang == "zh" else " ({note})",
        "kicker": _("Progress report to the Conference of States Parties"),
        "header_right": _("Progress report · {since} – {until}").format(since=since_long, until=until_long),
        "footer": _("Snapshot {name}").format(name=snapshot),
        "from_to": _("From {since} to {until}."),
        "counts": _("Status of the Treaty by UN regional group"),
        "group": _("UN regional group"), "states": _("States"),
        "counts_note": _("States Parties: instrument deposited and the Treaty in force for the State. Others: not "
                         "signed, or no data. States are counted under the group they are listed in on each date "
                         "(Türkiye under Asia-Pacific)."),
        "none": _("None in this period."),
        "chart": _("States Parties over time"),
        "chart_caption": _("{title}; dashed lines: {since} and {until}."),
        "chart_marked": _("{title}; marked: {marks}."),
        "focus": _("Focus: {group} States on {date} (annex layout)"),
    }


@_english_sources
def report_content(db: Database, since: dt.date | None = None, until: dt.date | None = None,
                   groups: Sequence[str] | None = None, lang: str = "en") -> dict[str, Any]:
    """The working group's progress report between two dates (defaults: last CSP opening → snapshot as-of),
    for all UN regional groups or only ``groups`` (a regional champion's report)."""
    from attdash.documents.changes import explain
    from attdash.i18n import normalise
    lang = normalise(lang)
    _ = L.tr(lang)
    _NAMES[lang] = state_names(db, lang)
    _ISO_BY_NAME.update(_iso_by_name(db))
    groups = reports.check_groups(groups)
    until = reports.check_day(until, db.snapshot.as_of, "--until") if until else default_until(db)
    since = reports.check_day(since, db.snapshot.as_of, "--since") if since else default_since(db, until)
    if since > until:
        raise reports.BadParameter(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    a, b = count_rows(reports.summary(db, since)), count_rows(reports.summary(db, until))
    if groups:  # only the chosen groups, and their total
        for x in (a, b):
            for g in [g for g in x if g not in groups]:
                del x[g]
            x["Total"] = {k: sum(v[k] for v in x.values()) for k in (*COUNT_KEYS, "unknown")}
    names = [g for g in (*GROUPS, NO_GROUP_LABEL, "Total") if g in a or g in b]
    zero = dict.fromkeys((*COUNT_KEYS, "unknown"), 0)
    counts = []
    for g in names:
        x, y = a.get(g, zero), b.get(g, zero)
        counts.append({"group": g, "group_label": _("Total") if g == "Total" else L.group(g, lang),
                       "since": x, "until": y,
                       "change": {k: _change(x[k], y[k]) for k in COUNT_KEYS}})
    movers = db.run("movers", **{"from": since, "to": until}, groups=groups)
    deposited = movers.filter(pl.col("consent_first").is_not_null() & (pl.col("consent_first") > since)
                              & (pl.col("consent_first") <= until)).sort("consent_first")
    converted = movers.filter((pl.col("status_from") == "signatory")
                              & pl.col("status_to").is_in(["state_party", "ratified_not_in_force"]))
    signed = movers.filter((pl.col("status_to") == "signatory") & pl.col("signature_date").is_not_null()
                           & (pl.col("signature_date") > since)).sort("signature_date")
    in_force = movers.filter((pl.col("status_from") == "ratified_not_in_force")
                             & (pl.col("status_to") == "state_party")).sort("entry_into_force_date")
    focus = annex(db, until, [groups[0] if groups and len(groups) == 1 else "Asia-Pacific"])[0]
    total_a, total_b = a["Total"], b["Total"]
    why = explain(db, since, until, groups, lang=lang)
    scope = _scope(groups, lang)
    since_long, until_long = long_date(since, lang), long_date(until, lang)
    return {
        "kind": "report",
        "lang": lang,
        "t": _report_labels(lang, since_long, until_long, db.snapshot.name),
        "title": _("Progress towards the universalization of the Arms Trade Treaty"),
        "since": since.isoformat(), "until": until.isoformat(),
        "since_long": since_long, "until_long": until_long,
        "since_note": _csp_opening(db, since, lang),
        "until_note": until_note(db, until, lang),
        "record_note": record_note(_currency(db), lang),
        "groups": list(groups or []), "scope": scope,
        "headline": _headline(total_a, total_b, since, until, why["total"], scope, lang),
        "explained": _explained_rows(why, names, lang),
        "group_changes": why["group_changes"],
        "counts": counts,
        "unknown_note": (_("“Others” includes States whose status no data in this snapshot establishes: {a} on "
                           "{since}, {b} on {until}.").format(a=total_a["unknown"], since=since_long,
                                                             b=total_b["unknown"], until=until_long)
                         if total_a["unknown"] or total_b["unknown"] else ""),
        "deposited": _state_rows(deposited, db, lang),
        "converted": _state_rows(converted, db, lang),
        "signed": _state_rows(signed, db, lang),
        "in_force": _state_rows(in_force, db, lang),
        "focus": _annex_block(focus, lang),
        "chart": _chart(db, since, until, total_a["state_party"], total_b["state_party"], groups, lang),
        "snapshot": db.snapshot.name,
        "command": f"python -m attdash report --since {since.isoformat()} --until {until.isoformat()}"
                   + "".join(f' --group "{g}"' for g in groups or []),
    }


def _explained_rows(why: Mapping[str, Any], order: Sequence[str], lang: str = "en") -> list[dict[str, Any]]:
    """Every change in the counts table with the States behind it, in the table's order (groups, then Total)."""
    cols = [k for k, _ in STATUS_COLUMNS]
    rows = list(why["cells"]) + list(why["total"].values())
    rank = {g: i for i, g in enumerate(order)}
    rows.sort(key=lambda r: (rank.get(r["group"], len(rank)), cols.index(r["column"])))
    return [{"group": r["group"] if lang == "en" else (_tr(lang, "Total") if r["group"] == "Total"
                                                      else L.group(r["group"], lang)),
             "group_code": r["group"], "count": r["label"],
             "change": f"{r['change']:+d}".replace("-", "−") if r["change"] else "0",
             "states": ", ".join(r["states"]), "why": r["text"]} for r in rows]


# ---------------------------------------------------------------------------------------------- annex

def _annex_block(block: Mapping[str, Any], lang: str = "en") -> dict[str, Any]:
    """An annex block with display names (marks) and the notes under it, in ``lang`` (State names in the
    language, each list in that language's order)."""
    _ = L.tr(lang)
    names = state_names_cached(lang)

    def name(r):
        return names.get(r.get("iso3"), r["name"])

    def mark(r, kind):
        if kind == "parties" and r["status"] == "ratified_not_in_force":
            return f"{name(r)} †"
        if kind == "signatories" and r.get("no_intent"):
            return f"{name(r)} ‡"
        if kind == "others" and r["status"] == "unknown":
            return f"{name(r)} " + _("(no data)")
        return name(r)

    def ordered(rows):
        return rows if lang == "en" else sorted(rows, key=lambda r: _collation_key(name(r)))

    notes = []
    if block["pending"]:
        notes.append(_("† instrument deposited; the Treaty enters into force for it 90 days later (Art. 22)."))
    if block["no_intent"]:
        notes.append(_("‡ has notified the depositary that it does not intend to become a party."))
    if block["unknown"]:
        notes.append(_("(no data) the snapshot's sources do not establish this State's status on this date."))
    if block["also"]:
        also = block["also"] if lang == "en" else [_english_to(names, n) for n in block["also"]]
        notes.append(_("Also takes full part in this group, listed under another: {states}.").format(
            states=", ".join(also)))
    n_parties = len(block["parties"])
    pending = (_(" + {n} not yet in force").format(n=block["pending"]) if block["pending"] else "")
    return {
        "group": block["group"] if lang == "en" else L.group(block["group"], lang), "listed": block["listed"],
        "parties_head": _("States Parties ({n}{pending})").format(n=n_parties - block["pending"], pending=pending),
        "signatories_head": _("Signatories ({n})").format(n=len(block["signatories"])),
        "others_head": _("Others ({n})").format(n=len(block["others"])),
        "parties": [mark(r, "parties") for r in ordered(block["parties"])],
        "signatories": [mark(r, "signatories") for r in ordered(block["signatories"])],
        "others": [mark(r, "others") for r in ordered(block["others"])],
        "notes": notes,
    }


def _collation_key(text: str) -> tuple:
    """Alphabetical order in the language, without accents deciding first (Équateur with E); Chinese names
    in the order of the Unicode ideographs (radical, then strokes)."""
    import unicodedata
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (base.casefold(), text)


def _english_to(names: Mapping[str, str], english: str) -> str:
    """A State named in English in the annex's ``also`` list, in the language (by its English UN name)."""
    return names.get(_ISO_BY_NAME.get(english, ""), english)


_ISO_BY_NAME: dict[str, str] = {}


def _iso_by_name(db: Database) -> dict[str, str]:
    df = db.table("countries")
    return dict(zip(df["name"].to_list(), df["iso3"].to_list())) if not df.is_empty() else {}


@_english_sources
def annex_content(db: Database, as_of: dt.date | None = None, lang: str = "en") -> dict[str, Any]:
    from attdash.i18n import normalise
    lang = normalise(lang)
    _ = L.tr(lang)
    _NAMES[lang] = state_names(db, lang)
    _ISO_BY_NAME.update(_iso_by_name(db))
    as_of = as_of or db.snapshot.as_of
    blocks = annex(db, as_of, with_ungrouped=True)
    as_of_long = long_date(as_of, lang)
    total = sum(b["listed"] for b in blocks)
    return {
        "kind": "annex",
        "lang": lang,
        "t": {"lang": lang, "rtl": L.rtl(lang),
              "org": _("Arms Trade Treaty · Working Group on Treaty Universalization"),
              "kicker": _("Annex"), "header_right": _("Annex · as of {date}").format(date=as_of_long),
              "footer": _("Snapshot {name}").format(name=db.snapshot.name),
              "as_of_line": _("As of {date} · {n} States").format(date=as_of_long, n=total)},
        "title": _("Status of the Arms Trade Treaty by UN regional group"),
        "as_of": as_of.isoformat(), "as_of_long": as_of_long,
        "groups": [_annex_block(b, lang) for b in blocks],
        "total": total,
        "snapshot": db.snapshot.name,
        "command": f"python -m attdash annex --as-of {as_of.isoformat()}",
    }
