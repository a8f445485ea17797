"""The country profile card: one assembly function for the page and ``python -m attdash profile``.

The card holds the State's identity and treaty record and one section per element of the
WGTU work plan's ¶13. A section without data says so and names the source that would
fill it; nothing is estimated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl

from attdash.citations import SECONDARY, authority_map, cited, is_secondary, split_ids
from attdash.db import Database
from attdash.export import neutralise
from attdash.reports import BadParameter
from attdash.sources.schema import ELEMENTS, TABLES_BY_NAME, may_see
from attdash.i18n import N_, translator
from attdash.vocab import STATUS_LABELS, element_title, status_label
from attdash.text_rules import md_text
from attdash.vocab import STATUS_LABELS

#: element key → the query that gives the State's rows for it
ELEMENT_QUERIES = {
    "vtf": "profile_vtf",
    "assistance_requests": "profile_assistance",
    "sponsorship": "profile_sponsorship",
    "csp_attendance": "profile_csp_attendance",
    "statements": "profile_statements",
    "unga_votes": "profile_unga_votes",
    "unroca": "profile_unroca",
    "regional_arrangements": "profile_instruments",
    "other": "profile_other",
}


#: Elements that concern UN Member States only: for a State that is not one, "not applicable", never "no data".
MEMBERS_ONLY = {"unga_votes": "UN General Assembly votes", "unroca": "the UN Register of Conventional Arms"}
NOT_APPLICABLE = "Not applicable (not a UN Member State)."
_FILE = re.compile(r"\s*→\s*[\w, .]*\.csv\b[\w, .]*")


def plain_gap(text: str) -> str:
    """The source that would fill a gap, without the file it would go in (files belong on Data & sources)."""
    return _FILE.sub("", text or "").strip().rstrip(",;")


#: element key → the tables its query reads that may be restricted (schema.Table.restricted_to)
ELEMENT_TABLES = {
    "assistance_requests": ("assistance_requests",),
    "sponsorship": ("sponsorship_applications",),
}
#: What a card says for a restricted element it may not show (the same for every State: it reveals nothing).
RESTRICTED_NOTE = N_("Restricted: shown only to signed-in members of the Working Group and the Secretariat "
                   "(requests and applications are shared with the State's consent)")


def element_visible(key: str, role: str | None) -> bool:
    """Whether a viewer with ``role`` (None: signed out) may see the element's rows."""
    return all(may_see(TABLES_BY_NAME[t], role) for t in ELEMENT_TABLES.get(key, ()))


def _has_data(key: str, df: pl.DataFrame) -> pl.DataFrame:
    """The rows that are facts about the State (element queries may list context rows too)."""
    if key == "csp_attendance":
        return df.filter(pl.col("evidence").is_not_null())
    if key == "unga_votes":
        return df.filter(pl.col("vote").is_not_null())
    if key == "unroca":
        return df.filter(pl.col("submitted").fill_null(False))
    return df


def _records(df: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()} for r in df.to_dicts()]


def to_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A card's rows (JSON-like dicts) as a DataFrame with an explicit schema taken from every row.

    ``pl.DataFrame(rows)`` infers the types from the first 100 rows only and fails (ComputeError) when a later
    row holds a value of another type, e.g. a State with more than 100 treaty events whose first 100 have no
    ``notes``. Here each column is Boolean, Int64 or Float64 when all its values are, otherwise text.
    """
    if not rows:
        return pl.DataFrame()
    columns = list(dict.fromkeys(k for r in rows for k in r))
    pl_schema: dict[str, pl.DataType] = {}
    for c in columns:
        kinds = {type(r.get(c)) for r in rows} - {type(None)}
        if kinds == {bool}:
            pl_schema[c] = pl.Boolean
        elif kinds and kinds <= {int}:
            pl_schema[c] = pl.Int64
        elif kinds and kinds <= {int, float}:
            pl_schema[c] = pl.Float64
        else:
            pl_schema[c] = pl.Utf8
    data = {c: [None if r.get(c) is None else (str(r[c]) if pl_schema[c] == pl.Utf8 else r[c]) for r in rows]
            for c in columns}
    return pl.DataFrame(data, schema=pl_schema)


def _source_ids(*frames: pl.DataFrame) -> list[str]:
    ids: set[str] = set()
    for df in frames:
        if "source_ids" in df.columns:
            for v in df["source_ids"].drop_nulls():
                ids.update(s for s in v.split(";") if s)
    return sorted(ids)


def build_profile(db: Database, iso3: str, as_of: dt.date | None = None, role: str | None = None) -> dict[str, Any]:
    """Assemble the card for ``iso3`` with the treaty status on ``as_of`` (default: snapshot as-of).

    ``role``: the viewer's role (None: signed out). Elements fed by restricted tables show their rows only to
    the roles the schema lists; for anyone else the section is empty and says it is restricted."""
    iso3 = (iso3 or "").strip().upper()
    as_of = as_of or db.snapshot.as_of
    header = db.run("profile_header", iso3=iso3, as_of=as_of)
    if header.is_empty():
        raise BadParameter(f"unknown country code {iso3[:10]!r} (use an ISO 3166 alpha-3 code, e.g. KEN)")
    head = _records(header)[0]
    head["status_label"] = STATUS_LABELS[head["status"]]
    head["dates"] = treaty_dates(db, head)
    events = db.run("profile_treaty_events", iso3=iso3)
    groups = db.run("profile_group_history", iso3=iso3)
    head["group_joined"] = _group_joined(groups)
    conflicts = db.run("treaty_conflicts", iso3=iso3).drop("iso3", "name")
    sections = []
    all_frames = [header, events, groups,
                  conflicts.select(pl.concat_str(["kept_source_ids", "other_source_ids"], separator=";")
                                   .alias("source_ids"))]
    cover = {r["element"]: r for r in coverage(db).iter_rows(named=True)}
    for key, title, gap_source in ELEMENTS:
        df = db.run(ELEMENT_QUERIES[key], iso3=iso3)
        hidden = not element_visible(key, role)
        if hidden:
            df = df.clear()
        facts = _has_data(key, df)
        all_frames.append(facts)
        ids = _source_ids(facts)
        confidence = sorted(set(facts["confidence"].drop_nulls())) if "confidence" in facts.columns else []
        sections.append({
            "key": key,
            "title": title,
            "has_data": not facts.is_empty(),
            "rows": _records(df),
            "fact_rows": facts.height,
            "source_ids": ids,
            "confidence": confidence,
            "gap_source": plain_gap(gap_source),
            "gap_source_file": gap_source,
            "not_applicable": (NOT_APPLICABLE if key in MEMBERS_ONLY and facts.is_empty() and not head.get("un_member")
                               else ""),
            "restricted": hidden,
            "restricted_note": RESTRICTED_NOTE if hidden else "",
            "data_as_of": "" if hidden else _as_of_text(cover[key]),
        })
    if head["dates"]["floor"]:  # the domestic act that narrows a partial deposit date is cited too
        all_frames.append(pl.DataFrame({"source_ids": [head["dates"]["floor"]["source_ids"]]}))
    sources = db.run("sources_by_id", ids=_source_ids(*all_frames) or [""])
    authority = authority_map(sources)
    for sec in sections:
        sec["cited_ids"] = cited(sec["source_ids"], authority)
        sec["secondary"] = is_secondary(sec["source_ids"], authority)
    head["cited_ids"] = cited(head.get("source_ids"), authority)
    head["secondary"] = is_secondary(head.get("source_ids"), authority)
    event_rows = _records(events)
    for e in event_rows:
        e["secondary"] = is_secondary(e.get("source_ids"), authority)
    group_rows = _records(groups)
    for g in group_rows:
        g["secondary"] = is_secondary(g.get("source_ids"), authority)
    return {
        "snapshot": db.snapshot.name,
        "status_as_of": as_of.isoformat(),
        "state": head,
        "treaty_events": event_rows,
        "treaty_conflicts": _records(conflicts),
        "group_history": group_rows,
        "sections": sections,
        "sources": _records(sources),
        "names": _names_row(db, iso3),
    }


def _names_row(db: Database, iso3: str) -> dict[str, Any]:
    """The State's names in the six UN languages (country_names), {} when the snapshot has none."""
    try:
        rows = db.run("profile_names", iso3=iso3).to_dicts()
    except Exception:  # a snapshot built before the table existed
        return {}
    return {k: v for k, v in rows[0].items() if k.startswith("name_")} if rows else {}


def _group_joined(groups: pl.DataFrame) -> str:
    """"joined the Asia-Pacific Group in 2024, day not known: between 17 April 2024 and 26 August 2024" for a
    membership whose start the sources give only as a window ("" otherwise)."""
    from attdash.documents.changes import _when_joined, group_title
    rows = [r for r in groups.to_dicts() if r.get("valid_from_earliest")]
    return "; ".join(f"joined the {group_title(r['un_regional_group'])} in {_when_joined(r)}" for r in rows)


#: Domestic acts that must precede the deposit of the instrument they approve.
_BEFORE_DEPOSIT = ("parliamentary_approval", "decree_or_law")


def treaty_dates(db: Database, s: dict[str, Any]) -> dict[str, Any]:
    """The State's deposit and entry into force as words, at the precision the sources give (one formatter,
    attdash.partial_dates): a deposit known only to its year is "2025, day not known", its entry into force a
    window. A sourced domestic act dated inside the window (an instrument is not deposited before the decree or
    the approval it rests on) narrows it, and ``floor`` says which act and its sources."""
    from attdash import partial_dates as pd
    from attdash.planning import domestic_steps
    first = s["consent_first"] if "consent_first" in s else s.get("consent_date")  # movers: the window's first day
    latest, precision = s.get("consent_latest"), s.get("consent_precision") or "day"
    out: dict[str, Any] = {"signature": pd.day(s.get("signature_date")), "deposit": "", "entry_into_force": "",
                           "deposit_known": "", "floor": None, "partial": bool(first) and precision != "day"}
    if not first:
        return out
    if precision != "day":
        lo, hi = pd.as_day(first), pd.as_day(latest)
        steps = domestic_steps(db, hi or db.snapshot.as_of, s["iso3"]) if hi else None
        if steps is not None and not steps.is_empty():
            acts = steps.filter(pl.col("step").is_in(_BEFORE_DEPOSIT) & (pl.col("step_date") >= lo)
                                & (pl.col("step_date") <= hi)).sort("step_date")
            if acts.height:
                act = acts.row(-1, named=True)
                lo = act["step_date"]
                out["floor"] = {"date": lo.isoformat(), "date_long": pd.day(lo), "description": act["description"],
                                "source_ids": act["source_ids"]}
        out["deposit_known"] = pd.known(first, precision)
        out["deposit"] = pd.deposit(lo, hi, precision)
        out["entry_into_force"] = pd.entry_into_force(lo, hi, precision)
        if out["floor"]:
            out["floor"]["sentence"] = (f"the instrument cannot have been deposited before "
                                        f"{out['floor']['date_long']}, the date of the domestic act it rests on: "
                                        f"{out['floor']['description']}")
    else:
        out["deposit"] = out["deposit_known"] = pd.day(first)
        out["entry_into_force"] = pd.entry_into_force(first, stated=s.get("entry_into_force_date"))
    return out


def _as_of_text(c: dict[str, Any]) -> str:
    """How current the element's data are, for every State (from the coverage query)."""
    if not c["rows"]:
        return ""
    years = f"{c['first_year']}–{c['last_year']}" if c["first_year"] else ""
    latest = f"latest dated fact {c['latest_date']}" if c["latest_date"] else ""
    return "; ".join(x for x in (f"data cover {years}" if years else "", latest) if x)


#: Column headings of the card's tables (others: the column name in words).
COLUMN_LABELS = {
    "event_type": N_("Action"), "event_date": N_("Date"), "effective_date": N_("Date of effect (source)"),
    "entry_into_force_date": N_("In force for the State (Art. 22)"), "symbol": N_("Resolution"), "date": N_("Date"),
    "vote": N_("Vote"), "yes": N_("In favour"), "no": N_("Against"), "abstain": N_("Abstentions"), "non_voting": N_("Non-voting"),
    "undl_record": N_("UN Digital Library record"), "year": N_("Year"), "submitted": N_("Report submitted"),
    "listed_on_unroca_org": N_("Listed on unroca.org"), "exports_reported": N_("Exports reported"),
    "imports_reported": N_("Imports reported"), "nil_report": N_("Nil report"), "meeting_id": N_("Meeting"),
    "start_date": N_("Opened"), "place": N_("Place"), "evidence": N_("Evidence of presence"), "capacity": N_("Capacity"),
    "status_on_opening_day": N_("Status on opening day"), "amount_usd": N_("Amount"), "cycle_year": N_("Cycle"),
    "project_title": N_("Project"), "instrument_name": N_("Instrument"), "signature_date": N_("Signed"),
    "consent_type": N_("Consent to be bound"), "consent_date": N_("Consent given"), "as_of": N_("As of"),
    "confidence": N_("Confidence"), "statement_type": N_("Kind"), "session_or_agenda_item": N_("Session or agenda item"),
    "kind": N_("Kind"), "detail": N_("Detail"), "period": N_("Period"), "field": N_("Field"), "kept_value": N_("Value kept"),
    "other_value": N_("Value not used"), "resolution": N_("How settled"), "un_regional_group": N_("UN regional group"),
    "role": N_("Role"), "valid_from": N_("From"), "valid_to": N_("To"), "record": N_("Record"), "outcome": N_("Outcome"),
}
_HIDDEN = {"iso3", "notes", "source_ids", "kept_source_ids", "other_source_ids", "secondary", "cited_ids",
           "instrument_id", "listed_in_annex"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")


def _long_date(value: Any, precision: str | None = None) -> str:
    from attdash.citations import long_date
    from attdash.partial_dates import known
    day = dt.date.fromisoformat(value) if isinstance(value, str) and _ISO_DAY.match(value) else value
    if isinstance(day, dt.date) and precision in ("year", "month"):
        return known(day, precision)  # "2025, day not known": never the first possible day
    return long_date(day)


def _value(row: dict[str, Any], col: str, lang: str | None = None) -> str:
    """A cell for people: labels not codes, numbers with thousands separators, dates as 16 April 2024."""
    from attdash.documents.content import ACTION_LABELS  # late: documents import this module
    from attdash.vocab import EVENT_LABELS, event_label
    v = row.get(col)
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        t = translator(lang)
        return t.pgettext("yes/no", "yes") if v else t.pgettext("yes/no", "no")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if col == "year" or col.endswith("_year"):
            return str(int(v))
        text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
        return f"USD {text}" if col.endswith("_usd") else text
    if isinstance(v, dt.date) or (isinstance(v, str) and _ISO_DAY.match(v)):
        return _long_date(v, row.get(f"{col}_precision"))
    text = neutralise(str(v).strip())
    if col == "event_type":
        if lang not in (None, "en") and text in EVENT_LABELS:
            return event_label(text, lang)
        return ACTION_LABELS.get(text, text.replace("_", " "))
    if col in ("status", "status_on_opening_day"):
        return status_label(text, lang) if text in STATUS_LABELS else text.replace("_", " ")
    if _CODE.match(text):
        text = text.replace("_", " ")
    return md_text(text.replace("|", "/"))  # data: never a link, image, HTML or autolink in the card


def _cell(v: Any) -> str:
    """Free text in a Markdown line: neutralised, one line, no table pipes."""
    if v is None:
        return ""
    if isinstance(v, str):
        v = neutralise(v.strip())
    return md_text(str(v).replace("|", "/"))  # data: never a link, image, HTML or autolink in the card


def _md_table(rows: list[dict[str, Any]], columns: list[str], refs, lang: str | None = None) -> list[str]:
    t = translator(lang).gettext
    heads = [t(COLUMN_LABELS[c]) if c in COLUMN_LABELS else c.replace("_", " ").capitalize()
             for c in columns] + [t("Sources")]
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for r in rows:
        mark = " (" + t("secondary") + ")" if r.get("secondary") else ""
        out.append("| " + " | ".join(_value(r, c, lang) for c in columns) + f" | {refs(r.get('source_ids'))}{mark} |")
    return out


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    return [c for c in cols if c not in _HIDDEN and not c.endswith(("_precision", "_latest"))
            and any(r.get(c) not in (None, "") for r in rows)]


def profile_markdown(card: dict[str, Any], lang: str | None = None) -> str:
    """The card as Markdown for people: labels, long dates, numbered sources cited by publisher, title, date, URL;
    in ``lang`` (attdash.i18n, default: the running page's or command's language; `profile --lang`). Research
    notes, source titles and reasons stay as the sources write them."""
    from attdash import i18n
    from attdash.citations import citation
    from attdash.vocab import SECONDARY_NOTE, group_label
    lang = i18n.normalise(lang or i18n.current())
    t = translator(lang).gettext
    secondary_note = t(SECONDARY_NOTE)

    s = card["state"]
    by_id = {r["source_id"]: r for r in card["sources"]}
    authority = authority_map(pl.DataFrame(card["sources"])) if card["sources"] else {}
    number: dict[str, int] = {}

    def refs(ids: Any) -> str:
        out = []
        for i in cited(ids, authority):
            if i in by_id:
                number.setdefault(i, len(number) + 1)
                out.append(f"[{number[i]}]")
        return "".join(out)

    def date(key: str) -> str:
        return _long_date(s.get(key), s.get(key.replace("_date", "_precision"))) or "—"

    en = lang == "en"
    consent_code = s.get("consent_type") or ""
    consent = (consent_code.replace("deposit", "instrument (type not stated)") if en
               else event_label_lower(consent_code, lang))
    status = "- " + t("Treaty status on {day}: **{status}**").format(day=_long_date(card["status_as_of"]),
                                                                      status=status_label(s["status"], lang))
    status += " — " + t("has notified that it does not intend to become a party") if s["no_intent"] else ""
    status += f" {refs(s.get('source_ids'))}".rstrip() + (f" ({secondary_note})" if s.get("secondary") else "")
    d = s.get("dates") or {}
    names = _names(card, lang) if not en else {}  # English: the name the countries table gives
    groups = s["groups_on_date"] if en else "; ".join(group_label(g.replace(" (observer)", "").replace(" (dual)", ""),
                                                                     lang)
                                                       for g in (s["groups_on_date"] or "").split("; ") if g)
    lines = [
        f"# {_cell(names.get(s['iso3']) or s['name'])} ({_cell(s['iso3'])})",
        "",
        status,
        "- " + t("UN regional group: {group}").format(group=_cell(groups) or t("none on this date"))
        + (f" ({s['group_joined']})" if s.get("group_joined") and en else ""),
        "- " + t("UN membership: {membership}").format(
            membership=t("UN Member State") if s.get("un_member") else t("not a UN Member State")),
        "- " + t("Signature: {signature}; consent to be bound: {consent}; entry into force: {entry_into_force}").format(
            signature=date("signature_date"),
            consent=(f"{consent} {_cell(d.get('deposit') or '') or date('consent_date')}" if s.get("consent_date")
                     else "—"),
            entry_into_force=_cell(d.get("entry_into_force") or "") or date("entry_into_force_date")),
        "- " + t("Data as of {day}").format(day=_long_date(card["snapshot"])),
    ]
    if s.get("status_reason"):
        lines.append("- " + t("Why the status is not known on this date: {reason}").format(
            reason=_cell(s["status_reason"])))
    if d.get("floor") and en:
        lines.append(f"- Deposit window narrowed: {_cell(d['floor']['sentence'])} {refs(d['floor']['source_ids'])}".rstrip())
    if s.get("confirmed_through"):
        lines.append("- " + t("This State's record confirmed through {day}; later actions as recorded").format(
            day=_long_date(s["confirmed_through"])))
    lines += ["", "## " + t("Treaty actions"), ""]
    if card["treaty_events"]:
        lines += _md_table(card["treaty_events"], [c for c in ("event_type", "event_date", "entry_into_force_date")
                                                   if c in _columns(card["treaty_events"])], refs, lang)
    else:
        lines.append(t("No treaty action recorded in this snapshot."))
    if card.get("treaty_conflicts"):
        lines += ["", "### " + t("Where sources disagree"), ""]
        lines += _md_table(card["treaty_conflicts"], _columns(card["treaty_conflicts"]),
                           lambda _: "", lang)
    for sec in card["sections"]:
        lines += ["", f"## {_cell(sec['title'] if en else element_title(sec['key'], lang))}", ""]
        if sec.get("restricted"):
            lines.append(f"{_cell(sec['restricted_note'] if en else t(sec['restricted_note']))}.")
            continue
        if sec.get("not_applicable"):
            lines.append(_cell(sec["not_applicable"]))
            continue
        if not sec["has_data"]:
            lines.append(f"No data in this snapshot. Source that would fill it: {_cell(sec['gap_source'])}." if en
                         else t("No data in this snapshot.") + " " + t("The Secretariat's records would fill it."))
            continue
        rows = sec["rows"]
        lines += _md_table(rows, _columns(rows), refs, lang)
        if sec.get("secondary"):
            lines.append("\n" + t("Sources of this section: {note}.").format(note=secondary_note))
        if sec["confidence"]:
            lines.append("\n" + t("Confidence:") + " " + _cell(", ".join(t(c) for c in sec["confidence"])) + ".")
        if sec["data_as_of"] and en:
            lines.append(f"\nAs of: {_cell(sec['data_as_of'])}.")
    lines += ["", "## " + t("Sources"), ""]
    for i, n in sorted(number.items(), key=lambda kv: kv[1]):
        mark = f" ({secondary_note})" if by_id[i].get("authority", "other") not in ("depositary", "un") else ""
        lines.append(f"{n}. {_cell(citation(by_id[i]))}{mark}")
    return "\n".join(lines) + "\n"


def event_label_lower(code: str, lang: str | None) -> str:
    """A consent type in a sentence ("ratification"): the action's label, lower case where the script has case."""
    from attdash.vocab import event_label
    text = event_label(code, lang)
    return text[:1].lower() + text[1:] if text[:1].isupper() and lang != "de" else text


def _names(card: dict[str, Any], lang: str) -> dict[str, str]:
    """ISO3 → the State's name in ``lang`` (the card's ``names`` row from country_names, when it has one)."""
    row = card.get("names") or {}
    name = row.get(f"name_{lang}") if isinstance(row, dict) else None
    return {card["state"]["iso3"]: name} if name else {}


def coverage(db: Database) -> pl.DataFrame:
    return db.run("coverage")
