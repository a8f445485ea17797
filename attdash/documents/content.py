"""What the documents say: plain dicts built from the same functions the pages and the CLI use.

Every figure and every sentence with data in it is made here; the renderers (Typst, Word, Markdown)
only lay these dicts out. Nothing here is estimated: a missing fact is said to be missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from attdash import reports
from attdash.annex import annex
from attdash.db import Database
from attdash.profile import build_profile
from attdash.vocab import GROUPS, NO_GROUP_LABEL, STATUS_LABELS

MAX_ITEMS = 6
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
COUNT_KEYS = ("state_party", "ratified_not_in_force", "signatory", "others", "total")
#: The status columns of the report's counts table, each given on both dates, with their headings.
STATUS_COLUMNS = (("state_party", "States Parties"), ("ratified_not_in_force", "Ratified, not in force"),
                  ("signatory", "Signatories"), ("others", "Others"))


def count_table_rows(d: dict[str, Any]) -> list[list[Any]]:
    """The report's counts table, one row per group: the group, each status on both dates, the States."""
    return [[c["group"], *[x for k, _ in STATUS_COLUMNS for x in (c["since"][k], c["until"][k])],
             c["until"]["total"]] for c in d["counts"]]


def report_sections(d: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[list[Any]]]]:
    """The report's lists after the counts table: (title, column headings, rows), the same in every format."""
    specs = (
        ("States that deposited an instrument", d["deposited"],
         ("name", "group", "consent_type", "consent_date", "entry_into_force_date", "signature_date"),
         ("State", "UN regional group", "Instrument", "Deposited", "In force", "Signed")),
        ("Signatories that became States Parties", d["converted"],
         ("name", "group", "signature_date", "consent_type", "consent_date", "status_to"),
         ("State", "UN regional group", "Signed", "Instrument", "Deposited", f"Status on {d['until_long']}")),
        ("Instruments that took effect (Treaty entered into force for the State)", d["in_force"],
         ("name", "group", "consent_type", "consent_date", "entry_into_force_date"),
         ("State", "UN regional group", "Instrument", "Deposited", "In force")),
        ("New signatures", d["signed"], ("name", "group", "signature_date"), ("State", "UN regional group", "Signed")),
    )
    return [(title, head, [[r[k] for k in cols] for r in rows]) for title, rows, cols, head in specs]


def long_date(value: Any) -> str:
    """16 April 2024 (the UN's style); partial or unparsable dates are shown as written."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    text = str(value)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():  # YYYY-MM: month known
        return f"{dt.date(int(text[:4]), int(text[5:]), 1):%B %Y}"
    try:
        return long_date(dt.date.fromisoformat(text[:10]))
    except ValueError:
        return text


def precise_date(value: Any, precision: str | None) -> str:
    """A date known only to its month or year is written as such (March 2015, 2015)."""
    day = _day(value)
    if day and precision == "year":
        return str(day.year)
    if day and precision == "month":
        return f"{day:%B %Y}"
    return long_date(value)


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


# ---------------------------------------------------------------------------------------------- brief

def _status_line(s: Mapping[str, Any], as_of: str) -> str:
    st, name = s.get("status"), s.get("name")
    consent = (s.get("consent_type") or "instrument").replace("deposit", "instrument")
    signed = f"signed {long_date(s['signature_date'])}" if s.get("signature_date") else ""
    if st == "state_party":
        parts = [signed,
                 f"{consent} deposited {precise_date(s['consent_date'], s.get('consent_precision'))}"
                 if s.get("consent_date") else "",
                 f"in force for {name} since {long_date(s['entry_into_force_date'])}"
                 if s.get("entry_into_force_date") else "listed as a State Party by a full participant list"]
        return _cap("; ".join(p for p in parts if p)) + "."
    if st == "ratified_not_in_force":
        return (f"{_cap(consent)} deposited {precise_date(s.get('consent_date'), s.get('consent_precision'))}; the Treaty "
                f"enters into force for {name} on {long_date(s.get('entry_into_force_date'))} (Art. 22).")
    if st == "signatory":
        line = f"{_cap(signed)}; no instrument of ratification deposited by {long_date(as_of)}."
        if s.get("no_intent"):
            line += (f" Notified the depositary on {long_date(s.get('no_intent_date'))} that it does not intend "
                     "to become a party.")
        return line
    if st == "not_signed":
        return f"No signature and no instrument deposited by {long_date(as_of)}."
    reason = s.get("status_reason")
    return (f"Nothing in this snapshot establishes the status on {long_date(as_of)}: "
            + (reason if reason else "no complete record of the State's treaty actions (depositary table or "
               "national treaty database) reaches that date") + ".").replace("..", ".")


def _timeline(card: Mapping[str, Any]) -> list[dict[str, str]]:
    out = []
    for e in card["treaty_events"]:
        out.append({"date": long_date(e.get("event_date")),
                    "action": ACTION_LABELS.get(e.get("event_type"), str(e.get("event_type"))),
                    "note": (f"Treaty in force for the State: {long_date(e['entry_into_force_date'])} (Art. 22)"
                             if e.get("entry_into_force_date") else ""),
                    "refs": e.get("source_ids") or ""})
    return out


def _generic_item(row: Mapping[str, Any]) -> str:
    skip = {"notes", "source_ids", "confidence", "iso3"}
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in row.items() if k not in skip and v not in (None, ""))


def _element_summary(key: str, rows: list[dict[str, Any]], facts: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """(one sentence, short items) for a ¶13 element with data."""
    if key == "vtf":
        items = [" — ".join(x for x in (
            f"{r.get('cycle_year') or ''} {r.get('record') or ''}".strip(), r.get("project_title") or "",
            f"USD {r['amount_usd']:,.0f}" if r.get("amount_usd") is not None else "",
            r.get("outcome") or "") if x) for r in facts]
        return f"{len(facts)} VTF record(s) found in public sources (partial list).", items
    if key == "csp_attendance":
        ids = [r["meeting_id"] for r in facts]
        items = [f"{r['meeting_id']} ({long_date(r.get('start_date'))}, {r.get('place') or ''}): {r['evidence']}"
                 for r in facts]
        return (f"Presence recorded at {len(facts)} of {len(rows)} meetings of the Conference ({', '.join(ids)}). Evidence of "
                "presence, not official lists of participants: a meeting not recorded is not an absence.", items)
    if key == "statements":
        items = [" — ".join(x for x in (
            f"{long_date(r.get('date'))}, {r.get('meeting_id') or ''}", r.get("statement_type") or "",
            r.get("role") or "", r.get("session_or_agenda_item") or "") if x) for r in facts]
        return f"{len(facts)} statement(s) or document(s) recorded.", items
    if key == "unga_votes":
        years = [str(r.get("date") or "")[:4] for r in facts]
        by_vote: dict[str, list[str]] = {}
        for r in facts:
            by_vote.setdefault(r["vote"], []).append(f"{r.get('symbol')} ({str(r.get('date'))[:4]})")
        yes = len(by_vote.get("yes", []))
        items = [f"{v}: {', '.join(s)}" for v, s in by_vote.items() if v != "yes"]
        return (f"Voted in favour of {yes} of the {len(facts)} plenary resolutions \"The Arms Trade Treaty\" "
                f"({min(years)}–{max(years)}).", items)
    if key == "unroca":
        years = [r["year"] for r in facts]
        all_years = [r["year"] for r in rows]
        return (f"A report is listed on unroca.org for {len(facts)} of {len(rows)} calendar years "
                f"({min(all_years)}–{max(all_years)}): {_ranges(years)}. A year not listed is unknown, "
                "not a missing report.", [])
    if key == "regional_arrangements":
        items = []
        for r in facts:
            dates = ", ".join(x for x in (
                f"signed {long_date(r['signature_date'])}" if r.get("signature_date") else "",
                f"{r.get('consent_type') or 'joined'} {long_date(r['consent_date'])}" if r.get("consent_date") else "",
                f"list as of {long_date(r['as_of'])}" if r.get("as_of") else "") if x)
            items.append(f"{r.get('instrument_name')}: {r.get('status')}" + (f" ({dates})" if dates else ""))
        return f"Takes part in {len(facts)} regional or global instrument(s) on record.", items
    if key == "other":
        items = [f"{r.get('kind')}: {r.get('detail')}" + (f" ({r['period']})" if r.get("period") else "")
                 for r in facts]
        return f"{len(facts)} other fact(s) on record.", items
    return f"{len(facts)} record(s).", [_generic_item(r) for r in facts]


def _names(db: Database, iso3: str) -> list[dict[str, str]]:
    df = db.run("profile_names", iso3=iso3)
    if df.is_empty():
        return []
    row = df.row(0, named=True)
    return [{"code": code, "language": lang, "endonym": endo, "name": row[f"name_{code}"]}
            for code, lang, endo in LANGUAGES if row.get(f"name_{code}")]


def _outreach(outreach: Sequence[Mapping[str, Any]] | None) -> dict[str, Any] | None:
    """The register's rows as a small table (columns in the order of the first row; notes kept)."""
    if outreach is None:
        return None
    rows = [dict(r) for r in outreach]
    columns = [c for c in (rows[0].keys() if rows else []) if c not in ("iso3", "id", "source_ids")]
    return {"columns": [c.replace("_", " ").capitalize() for c in columns],
            "rows": [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in rows]}


def brief_content(db: Database, iso3: str, as_of: dt.date | None = None,
                  outreach: Sequence[Mapping[str, Any]] | None = None, role: str | None = None) -> dict[str, Any]:
    """Everything the country brief shows. ``outreach``: register rows, only for signed-in users; ``role``: the
    viewer's role (restricted elements only for the roles the schema lists; None: signed out)."""
    card = build_profile(db, iso3, as_of, role=role)
    s = card["state"]
    sources = card["sources"]
    number = {r["source_id"]: i for i, r in enumerate(sources, 1)}

    def refs(ids: Sequence[str] | str) -> list[int]:
        if isinstance(ids, str):
            ids = [x for x in ids.split(";") if x]
        return sorted({number[i] for i in ids if i in number})

    elements = []
    for sec in card["sections"]:
        facts = [r for r in sec["rows"]] if sec["key"] not in ("csp_attendance", "unga_votes", "unroca") else None
        if facts is None:
            field = {"csp_attendance": "evidence", "unga_votes": "vote", "unroca": "submitted"}[sec["key"]]
            facts = [r for r in sec["rows"] if r.get(field)]
        summary, items = _element_summary(sec["key"], sec["rows"], facts) if sec["has_data"] else ("", [])
        more = max(0, len(items) - MAX_ITEMS)
        elements.append({
            "key": sec["key"], "title": sec["title"], "has_data": sec["has_data"], "summary": summary,
            "items": items[:MAX_ITEMS],
            "more": (f"… and {more} more (full list: python -m attdash profile {s['iso3']})" if more else ""),
            "gap_source": sec["gap_source"], "data_as_of": sec["data_as_of"],
            "restricted": sec.get("restricted", False), "restricted_note": sec.get("restricted_note", ""),
            "confidence": ", ".join(sec["confidence"]), "refs": refs(sec["source_ids"]),
        })
    timeline = _timeline(card)
    for t in timeline:
        t["refs"] = refs(t["refs"])
    record = s.get("confirmed_through") or s.get("checked_through")
    groups = s.get("groups_on_date") or NO_GROUP_LABEL
    return {
        "kind": "brief",
        "title": f"Country brief: {s['name']}",
        "iso3": s["iso3"],
        "state": {
            "name": s["name"], "iso3": s["iso3"], "iso2": s.get("iso2") or "", "m49": s.get("m49") or "",
            "un_member": bool(s.get("un_member")),
            "membership": "UN Member State" if s.get("un_member") else "Not a UN Member State",
            "group": groups, "status": s["status"], "status_label": STATUS_LABELS.get(s["status"], s["status"]),
            "status_line": _status_line(s, card["status_as_of"]), "refs": refs(s.get("source_ids") or ""),
        },
        "names": _names(db, s["iso3"]),
        "timeline": timeline,
        "elements": elements,
        "status_as_of": card["status_as_of"],
        "status_as_of_long": long_date(card["status_as_of"]),
        "record_complete_through": long_date(record) if record else "",
        "snapshot": card["snapshot"],
        "snapshot_as_of": long_date(db.snapshot.as_of),
        "sources": [{"n": number[r["source_id"]], "id": r["source_id"], "title": r.get("title") or "",
                     "title_short": _shorten(r.get("title") or "", 110),
                     "url_short": _shorten(r.get("url") or "", 70),
                     "publisher": r.get("publisher") or "", "url": r.get("url") or "",
                     "as_of": long_date(r.get("as_of"))} for r in sources],
        "outreach": _outreach(outreach),
        "command": f"python -m attdash brief {s['iso3']} --as-of {card['status_as_of']}",
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


def until_note(db: Database, until: dt.date) -> str:
    complete = record_complete_through(db)
    if complete and until == complete:
        return "the date through which every State's treaty record is proven complete"
    if complete and until > complete:
        return (f"after {long_date(complete)}, the date through which every State's treaty record is proven "
                "complete: later actions may be missing")
    if until == db.snapshot.as_of:
        return "the as-of date of the snapshot"
    return ""


def default_since(db: Database, until: dt.date) -> dt.date:
    """The opening of the last Conference of States Parties before ``until`` (meetings data)."""
    csps = db.run("csp_dates").filter(pl.col("start_date") < until)
    if csps.is_empty():
        raise reports.BadParameter(f"no Conference of States Parties opened before {until.isoformat()}; "
                                   "give --since")
    return csps["start_date"][-1]


def _csp_opening(db: Database, day: dt.date) -> str:
    hit = db.run("csp_dates").filter(pl.col("start_date") == day)
    return f"opening of {hit['name'][0]}" if hit.height else ""


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


def _state_rows(df: pl.DataFrame, shown: pl.DataFrame | None = None) -> list[dict[str, str]]:
    """Rows for a list of States; dates as the ``status`` query shows them (a partial date keeps its precision)."""
    if shown is not None and df.height:
        cols = [c for c in ("consent_date", "entry_into_force_date") if c in shown.columns]
        df = df.drop(cols).join(shown.select("iso3", *cols), on="iso3", how="left")
    return [{"name": r["name"], "iso3": r["iso3"], "group": r.get("un_regional_group") or NO_GROUP_LABEL,
             "consent_type": CONSENT_LABELS.get(r.get("consent_type"), (r.get("consent_type") or "").capitalize()),
             "consent_date": long_date(r.get("consent_date")),
             "entry_into_force_date": long_date(r.get("entry_into_force_date")),
             "signature_date": long_date(r.get("signature_date")),
             "status_from": STATUS_LABELS.get(r.get("status_from"), r.get("status_from") or ""),
             "status_to": STATUS_LABELS.get(r.get("status_to"), r.get("status_to") or "")}
            for r in df.iter_rows(named=True)]


def _chart(db: Database, since: dt.date, until: dt.date, at_since: int, at_until: int) -> dict[str, Any]:
    """States Parties over time (all groups), as points scaled to 0..1, with the two dates marked."""
    tl = db.run("timeline", as_of=until).group_by("date").agg(pl.col("states_parties").sum()).sort("date")
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
        "marks": [{"label": f"{long_date(since)}: {at_since}", "x": x(since), "y": round(at_since / ymax, 5)},
                  {"label": f"{long_date(until)}: {at_until}", "x": x(until), "y": round(at_until / ymax, 5)}],
        "title": f"States Parties, {long_date(start)} to {long_date(until)} (first of each month)",
    }


def report_content(db: Database, since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
    """The working group's progress report between two dates (defaults: last CSP opening → snapshot as-of)."""
    until = reports.check_day(until, db.snapshot.as_of, "--until") if until else default_until(db)
    since = reports.check_day(since, db.snapshot.as_of, "--since") if since else default_since(db, until)
    if since > until:
        raise reports.BadParameter(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    a, b = count_rows(reports.summary(db, since)), count_rows(reports.summary(db, until))
    names = [g for g in (*GROUPS, NO_GROUP_LABEL, "Total") if g in a or g in b]
    zero = dict.fromkeys((*COUNT_KEYS, "unknown"), 0)
    counts = []
    for g in names:
        x, y = a.get(g, zero), b.get(g, zero)
        counts.append({"group": g, "since": x, "until": y,
                       "change": {k: _change(x[k], y[k]) for k in COUNT_KEYS}})
    movers = db.run("movers", **{"from": since, "to": until}, groups=None)
    deposited = movers.filter(pl.col("consent_date").is_not_null() & (pl.col("consent_date") > since)
                              & (pl.col("consent_date") <= until)).sort("consent_date")
    converted = movers.filter((pl.col("status_from") == "signatory")
                              & pl.col("status_to").is_in(["state_party", "ratified_not_in_force"]))
    signed = movers.filter((pl.col("status_to") == "signatory") & pl.col("signature_date").is_not_null()
                           & (pl.col("signature_date") > since)).sort("signature_date")
    in_force = movers.filter((pl.col("status_from") == "ratified_not_in_force")
                             & (pl.col("status_to") == "state_party")).sort("entry_into_force_date")
    shown = reports.status(db, until)
    focus = annex(db, until, ["Asia-Pacific"])[0]
    total_a, total_b = a["Total"], b["Total"]
    return {
        "kind": "report",
        "title": "Progress towards the universalization of the Arms Trade Treaty",
        "since": since.isoformat(), "until": until.isoformat(),
        "since_long": long_date(since), "until_long": long_date(until),
        "since_note": _csp_opening(db, since),
        "until_note": until_note(db, until),
        "record_note": reports.describe_record_currency(_currency(db)),
        "headline": (f"States Parties: {total_a['state_party']} on {long_date(since)}, {total_b['state_party']} on "
                     f"{long_date(until)} ({_change(total_a['state_party'], total_b['state_party'])}). "
                     f"Signatories: {total_a['signatory']} → {total_b['signatory']}. "
                     f"Others: {total_a['others']} → {total_b['others']}."),
        "counts": counts,
        "unknown_note": (f"“Others” includes States whose status no data in this snapshot establishes: "
                         f"{total_a['unknown']} on {long_date(since)}, {total_b['unknown']} on {long_date(until)}."
                         if total_a["unknown"] or total_b["unknown"] else ""),
        "deposited": _state_rows(deposited, shown),
        "converted": _state_rows(converted, shown),
        "signed": _state_rows(signed, shown),
        "in_force": _state_rows(in_force, shown),
        "focus": _annex_block(focus),
        "chart": _chart(db, since, until, total_a["state_party"], total_b["state_party"]),
        "snapshot": db.snapshot.name,
        "command": f"python -m attdash report --since {since.isoformat()} --until {until.isoformat()}",
    }


# ---------------------------------------------------------------------------------------------- annex

def _annex_block(block: Mapping[str, Any]) -> dict[str, Any]:
    """An annex block with display names (marks) and the notes under it."""
    def mark(r, kind):
        if kind == "parties" and r["status"] == "ratified_not_in_force":
            return f"{r['name']} †"
        if kind == "signatories" and r.get("no_intent"):
            return f"{r['name']} ‡"
        if kind == "others" and r["status"] == "unknown":
            return f"{r['name']} (no data)"
        return r["name"]

    notes = []
    if block["pending"]:
        notes.append("† instrument deposited; the Treaty enters into force for it 90 days later (Art. 22).")
    if block["no_intent"]:
        notes.append("‡ has notified the depositary that it does not intend to become a party.")
    if block["unknown"]:
        notes.append("(no data) the snapshot's sources do not establish this State's status on this date.")
    if block["also"]:
        notes.append(f"Also takes full part in this group, listed under another: {', '.join(block['also'])}.")
    n_parties = len(block["parties"])
    return {
        "group": block["group"], "listed": block["listed"],
        "parties_head": f"States Parties ({n_parties - block['pending']}"
                        + (f" + {block['pending']} not yet in force" if block["pending"] else "") + ")",
        "signatories_head": f"Signatories ({len(block['signatories'])})",
        "others_head": f"Others ({len(block['others'])})",
        "parties": [mark(r, "parties") for r in block["parties"]],
        "signatories": [mark(r, "signatories") for r in block["signatories"]],
        "others": [mark(r, "others") for r in block["others"]],
        "notes": notes,
    }


def annex_content(db: Database, as_of: dt.date | None = None) -> dict[str, Any]:
    as_of = as_of or db.snapshot.as_of
    blocks = annex(db, as_of, with_ungrouped=True)
    return {
        "kind": "annex",
        "title": "Status of the Arms Trade Treaty by UN regional group",
        "as_of": as_of.isoformat(), "as_of_long": long_date(as_of),
        "groups": [_annex_block(b) for b in blocks],
        "total": sum(b["listed"] for b in blocks),
        "snapshot": db.snapshot.name,
        "command": f"python -m attdash annex --as-of {as_of.isoformat()}",
    }
