"""``python -m attdash untc import``: bring the depositary's participant table into the curated source tables.

The depositary (UN Treaty Collection, XXVI-8) is the authority. For each participant on the page:

* an action we lack is **new**;
* the same action on the same date is **corroborated**: the page's source id is added to the row's source_ids;
* a partial date (``2025``, ``2025-09``) that contains the page's date, or an instrument of unknown type
  (``deposit``) that the page types, is **refined**: the page's value replaces ours, the old source ids stay;
* another date or another instrument type is a **conflict**: the page's value replaces ours and the losing
  value is recorded in ``treaty_conflicts.csv`` with its sources ("depositary wins");
* an action of ours that the page, current to its status date, does not show is **missing from the page**:
  it is listed for review and never deleted, and that State gets no record check until it is resolved.

Every State in ``countries.csv`` gets one record check for the status date (``complete`` when it is on the
page, ``no_action`` when it is not); the page's header counts become an official count (authority
``depositary``); the page itself becomes a source ``UNTC-<status date>``. :func:`plan_import` computes all of
this without writing; :func:`apply_plan` writes the changed tables atomically. Snapshots are built separately
(``snapshot build``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from attdash.country_match import NameMatcher, UnknownName
from attdash.sources.csv_edit import CsvFile, Row, read_csv, write_atomic
from attdash.sources.import_raw import source_authority
from attdash.treaty_rules import entry_into_force
from attdash.text_rules import is_depositary_url
from attdash.depositary.page import BadPage, DepositaryTable, check_status_date, long_date
from attdash.sources.validate import parse_partial_date
from attdash.vocab import CONSENT_TYPES

SOURCE_PREFIX = "UNTC-"
PUBLISHER = "United Nations Treaty Collection (depositary)"
RESOLUTION = "depositary wins"
#: The instrument of consent whose type no source gives (one of vocab.CONSENT_TYPES); the page always types it.
DEPOSIT = "deposit"
assert DEPOSIT in CONSENT_TYPES
#: The tables the import reads and may write.
TABLES = ("sources", "countries", "treaty_events", "treaty_conflicts", "treaty_record_checks", "official_counts")


class CannotImport(ValueError):
    """Input that cannot be imported (one line)."""


def source_id(table: DepositaryTable) -> str:
    return f"{SOURCE_PREFIX}{table.status_as_at.isoformat()}"


def date_span(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a (possibly partial) date can mean ('2025' → all of 2025); None if unreadable."""
    try:
        pd = parse_partial_date((text or "").strip())
    except ValueError:
        return None
    return pd.first, pd.last


def _slot(event_type: str) -> str | None:
    if event_type == "signature":
        return "signature"
    if event_type in CONSENT_TYPES:
        return "consent"
    if event_type == "provisional_application":
        return "provisional_application"
    return None  # declarations and notices are not in the participant table


def _add_id(ids: str, sid: str) -> str:
    parts = [s.strip() for s in ids.split(";") if s.strip()]
    return ";".join(parts if sid in parts else [*parts, sid])


@dataclass
class Plan:
    table: DepositaryTable
    sid: str
    files: dict[str, CsvFile]
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    unchanged: int = 0
    checks_new: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    checks_changed: list[str] = field(default_factory=list)
    checks_withheld: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # sources and counts
    dirty: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.dirty

    def render(self) -> str:
        t = self.table
        lines = [f"UN Treaty Collection XXVI-8, status as at {long_date(t.status_as_at)} ({self.sid}): "
                 f"{len(t.participants)} participants; header counts {t.signatories} signatories, "
                 f"{t.parties} parties."]

        def group(title: str, items: list[str]) -> None:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {x}" for x in items)

        group("New", self.new)
        group("Changed", self.changed)
        group("Conflicts with a non-depositary row (the depositary wins; the other value goes to "
              "treaty_conflicts.csv)", self.conflicts)
        group("Missing from the page (kept, not deleted: review them; no record check for these States)",
              self.missing)
        if self.corroborated:
            lines.append(f"Corroborated ({len(self.corroborated)} rows get source id {self.sid}): "
                         + ", ".join(self.corroborated))
        lines.append(f"Unchanged: {self.unchanged} treaty events already carry {self.sid}.")
        checks = ", ".join(f"{n} {k}" for k, n in sorted(self.checks_new.items()))
        lines.append(f"Record checks for {t.status_as_at.isoformat()}: "
                     + (f"new {checks}" if checks else "none new")
                     + (f"; changed {len(self.checks_changed)}: {', '.join(self.checks_changed)}"
                        if self.checks_changed else "")
                     + (f"; withheld for {', '.join(self.checks_withheld)}" if self.checks_withheld else ""))
        lines.extend(self.other)
        if self.empty:
            lines.append(f"No changes: data/sources already matches the depositary's table of "
                         f"{long_date(t.status_as_at)}.")
        return "\n".join(lines)


def load_tables(sources_dir: Path) -> dict[str, CsvFile]:
    files = {}
    for name in TABLES:
        path = sources_dir / f"{name}.csv"
        if not path.exists():
            raise CannotImport(f"{path} is missing (the import writes sources, treaty_events, treaty_conflicts, "
                               "treaty_record_checks and official_counts)")
        try:
            files[name] = read_csv(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CannotImport(f"{path} cannot be read: {exc}") from None
    return files


def plan_import(table: DepositaryTable, sources_dir: Path) -> Plan:
    """Compute every change the page implies; writes nothing."""
    if not is_depositary_url(table.url):  # what --apply writes into sources.csv is the depositary's address
        raise CannotImport(f"the page's address {table.url[:80]!r} is not on https://treaties.un.org")
    try:
        check_status_date(table.status_as_at)
    except BadPage as exc:
        raise CannotImport(str(exc)) from None
    files = load_tables(sources_dir)
    plan = Plan(table, source_id(table), files)
    matcher = NameMatcher.from_sources(sources_dir)
    by_iso: dict[str, object] = {}
    for p in table.participants:
        try:
            iso3 = matcher.iso3(p.name)
        except UnknownName as exc:
            raise CannotImport(str(exc)) from None
        if iso3 in by_iso:
            raise CannotImport(f"{p.name!r} and {by_iso[iso3].name!r} are both {iso3}")
        by_iso[iso3] = p
    countries = [r.get("iso3") for r in files["countries"].rows if r.get("iso3")]
    _plan_source(plan)
    touched_states = _plan_events(plan, by_iso)
    _plan_checks(plan, by_iso, countries, touched_states)
    _plan_count(plan)
    return plan


def _plan_source(plan: Plan) -> None:
    t = plan.table
    src = plan.files["sources"]
    if any(r.get("source_id") == plan.sid for r in src.rows):
        return
    title = (f"UN Treaty Collection, Status of Treaties XXVI-8 Arms Trade Treaty, status as at "
             f"{long_date(t.status_as_at)}")
    src.append({
        "source_id": plan.sid,
        "collection": "att_status",
        "title": title,
        "publisher": PUBLISHER,
        "url": t.url,
        "as_of": t.status_as_at.isoformat(),
        "authority": source_authority(PUBLISHER, title),
        "used_for": f"The participant table ({len(t.participants)} participants: signature, provisional "
                    f"application under article 23, instrument and its type) and the header counts "
                    f"(Signatories {t.signatories}, Parties {t.parties}); record checks for every State on "
                    f"{t.status_as_at.isoformat()}. Imported with python -m attdash untc import.",
    })
    plan.other.append(f"Source: new {plan.sid} ({t.url})")
    plan.dirty.add("sources")


def _page_events(p) -> list[tuple[str, str, dt.date]]:
    out = []
    if p.signature:
        out.append(("signature", "signature", p.signature))
    if p.provisional_application:
        out.append(("provisional_application", "provisional_application", p.provisional_application))
    if p.consent:
        out.append(("consent", p.consent_type, p.consent))
    return out


def _plan_events(plan: Plan, by_iso: dict) -> set[str]:
    """Events: new, corroborated, refined, conflicting, missing. Returns States with rows missing from the page."""
    ev = plan.files["treaty_events"]
    conf = plan.files["treaty_conflicts"]
    as_at = plan.table.status_as_at
    sid = plan.sid
    slots: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in ev.rows:
        slot = _slot(r.get("event_type"))
        span = date_span(r.get("event_date"))
        if slot and span and span[0] <= as_at:  # could have happened by the status date
            slots[(r.get("iso3"), slot)].append(r)
    matched: set[int] = set()
    authority = {r.get("source_id"): r.get("authority") for r in plan.files["sources"].rows}

    for iso3 in sorted(by_iso):
        p = by_iso[iso3]
        for slot, etype, day in _page_events(p):
            iso_day = day.isoformat()
            cands = [r for r in slots.get((iso3, slot), []) if id(r) not in matched]
            if not cands:
                values = {"iso3": iso3, "event_type": etype, "event_date": iso_day, "source_ids": sid,
                          "effective_date": entry_into_force(day).isoformat() if slot == "consent" else "",
                          "notes": f"UN Treaty Collection XXVI-8, status as at {as_at.isoformat()}"}
                ev.append(values)
                plan.new.append(f"+ {iso3} {etype} {iso_day}")
                plan.dirty.add("treaty_events")
                continue
            row = next((r for r in cands if r.get("event_date") == iso_day), None) \
                or next((r for r in cands if (s := date_span(r.get("event_date"))) and s[0] <= day <= s[1]), None) \
                or cands[0]
            matched.add(id(row))
            old_type, old_date, old_ids = row.get("event_type"), row.get("event_date"), row.get("source_ids")
            if old_type == etype and old_date == iso_day:
                _settle_held_conflicts(plan, iso3, old_type, etype, iso_day)
                if sid in old_ids.split(";"):
                    plan.unchanged += 1
                else:
                    row.set("source_ids", _add_id(old_ids, sid))
                    plan.corroborated.append(f"{iso3} {etype}")
                    plan.dirty.add("treaty_events")
                continue
            span = date_span(old_date)
            date_refined = old_date != iso_day and span is not None and span[0] != span[1] \
                and span[0] <= day <= span[1]
            type_refined = old_type != etype and old_type == DEPOSIT
            date_conflict = old_date != iso_day and not date_refined
            type_conflict = old_type != etype and not type_refined
            was = f"{old_type} {old_date}"
            row.set("event_type", etype)
            row.set("event_date", iso_day)
            if slot == "consent":
                row.set("effective_date", entry_into_force(day).isoformat())
            plan.dirty.add("treaty_events")
            agreeing = _settle_held_conflicts(plan, iso3, old_type, etype, iso_day)
            if not (date_conflict or type_conflict):
                row.set("source_ids", _add_id(old_ids, sid))
                row.set("notes", _note(row.get("notes"), f"depositary ({sid}) refines {was}"))
                plan.changed.append(f"~ {iso3} {was} → {etype} {iso_day} (refined; sources {old_ids} kept)")
                continue
            new_ids = sid
            for other_sid in agreeing:
                new_ids = _add_id(new_ids, other_sid)
            row.set("source_ids", new_ids)
            row.set("notes", _note(row.get("notes"), f"depositary ({sid}) replaces {was}: see treaty_conflicts"))
            for fld, kept, other in (("event_date", iso_day, old_date), ("event_type", etype, old_type)):
                if (fld == "event_date" and date_conflict) or (fld == "event_type" and type_conflict):
                    same = next((c for c in conf.rows if (c.get("iso3"), c.get("event_type"), c.get("field"),
                                                          c.get("other_value")) == (iso3, etype, fld, other)), None)
                    if same is not None:  # a held conflict already records this losing value
                        for old_sid in old_ids.split(";"):
                            if old_sid.strip():
                                same.set("other_source_ids", _add_id(same.get("other_source_ids"), old_sid.strip()))
                        plan.dirty.add("treaty_conflicts")
                        continue
                    conf.append({"iso3": iso3, "event_type": etype, "field": fld, "kept_value": kept,
                                 "kept_source_ids": new_ids, "other_value": other, "other_source_ids": old_ids,
                                 "resolution": RESOLUTION,
                                 "notes": f"UN Treaty Collection XXVI-8, status as at {as_at.isoformat()}"})
                    plan.dirty.add("treaty_conflicts")
            earlier = all(authority.get(x.strip()) == "depositary" for x in old_ids.split(";") if x.strip())
            plan.conflicts.append(f"! {iso3} {was} ({old_ids}) → depositary: {etype} {iso_day}"
                                  + (" (the older row was itself a depositary reading)" if earlier else ""))

    withheld: set[str] = set()
    for (iso3, _slot_name), rows in sorted(slots.items()):
        for r in rows:
            span = date_span(r.get("event_date"))
            if id(r) in matched or span is None or span[1] > as_at:
                continue  # a partial date that may fall after the status date is not contradicted
            plan.missing.append(f"? {iso3} {r.get('event_type')} {r.get('event_date')} ({r.get('source_ids')})"
                                + ("" if iso3 in by_iso else " — the State is not on the page"))
            withheld.add(iso3)
    return withheld


def _settle_held_conflicts(plan: Plan, iso3: str, old_type: str, etype: str, iso_day: str) -> list[str]:
    """The depositary decides conflicts already recorded for this event: each row follows the event's new type,
    its kept value becomes the depositary's (swapping kept and other where the other source had it right).
    Returns the ids of sources that had the depositary's value."""
    conf = plan.files["treaty_conflicts"]
    sid = plan.sid
    agreeing: list[str] = []
    for c in list(conf.rows):
        if (c.get("iso3"), c.get("event_type")) != (iso3, old_type):
            continue
        fld = c.get("field")
        page_value = iso_day if fld == "event_date" else etype
        kept, other = c.get("kept_value"), c.get("other_value")
        c.set("event_type", etype)
        if kept == page_value:
            c.set("kept_source_ids", _add_id(c.get("kept_source_ids"), sid))
            summary = f"depositary confirms {kept}"
        elif other == page_value:
            agreeing += [s.strip() for s in c.get("other_source_ids").split(";") if s.strip()]
            c.set("kept_value", other)
            c.set("other_value", kept)
            ids = sid
            for s in c.get("other_source_ids").split(";"):
                ids = _add_id(ids, s.strip()) if s.strip() else ids
            c.set("other_source_ids", c.get("kept_source_ids"))
            c.set("kept_source_ids", ids)
            summary = f"depositary decides for {other} over {kept}"
        else:
            c.set("kept_value", page_value)
            c.set("kept_source_ids", sid)
            summary = f"depositary gives {page_value} (neither {kept} nor {other})"
        c.set("resolution", RESOLUTION)
        if c.get("kept_value") == c.get("other_value"):
            conf.rows.remove(c)
            c.raw = None
        if c.raw is None:
            plan.dirty.add("treaty_conflicts")
            plan.changed.append(f"~ conflict {iso3} {old_type} {fld}: {summary}")
    return agreeing


def _note(notes: str, add: str) -> str:
    return add if not notes else notes if add in notes else f"{notes}; {add}"


def _plan_checks(plan: Plan, by_iso: dict, countries: list[str], withheld: set[str]) -> None:
    checks = plan.files["treaty_record_checks"]
    day = plan.table.status_as_at.isoformat()
    existing = {(r.get("iso3"), r.get("checked_on")): r for r in checks.rows}
    for iso3 in countries:
        if iso3 in withheld:
            plan.checks_withheld.append(iso3)
            continue
        p = by_iso.get(iso3)
        finding = "complete" if p else "no_action"
        if p:
            acts = "; ".join(f"{'consent (' + p.consent_type + ')' if s == 'consent' else s.replace('_', ' ')} "
                             f"{d.isoformat()}" for s, _, d in _page_events(p))
            note = f"UN Treaty Collection XXVI-8 participant table, status as at {day}: {acts}"
        else:
            note = f"UN Treaty Collection XXVI-8, status as at {day}: not a participant"
        row = existing.get((iso3, day))
        if row is None:
            checks.append({"iso3": iso3, "checked_on": day, "finding": finding, "source_ids": plan.sid,
                           "notes": note})
            plan.checks_new[finding] += 1
            plan.dirty.add("treaty_record_checks")
        elif row.get("finding") != finding:
            plan.checks_changed.append(f"{iso3} {row.get('finding')} → {finding}")
            row.set("finding", finding)
            row.set("source_ids", plan.sid)
            row.set("notes", note)
            plan.dirty.add("treaty_record_checks")
        elif plan.sid not in row.get("source_ids").split(";"):
            row.set("source_ids", _add_id(row.get("source_ids"), plan.sid))
            plan.checks_changed.append(f"{iso3} corroborated")
            plan.dirty.add("treaty_record_checks")


def _plan_count(plan: Plan) -> None:
    t = plan.table
    counts = plan.files["official_counts"]
    day = t.status_as_at.isoformat()
    same_day = [r for r in counts.rows if r.get("as_of") == day]
    for r in same_day:
        if r.get("signatories") == str(t.signatories) and r.get("parties") == str(t.parties):
            if plan.sid not in r.get("source_ids").split(";"):
                r.set("source_ids", _add_id(r.get("source_ids"), plan.sid))
                plan.other.append(f"Official count {day}: {t.signatories}/{t.parties} corroborated "
                                  f"(source id {plan.sid} added)")
                plan.dirty.add("official_counts")
            return
    for r in same_day:
        plan.other.append(f"Official count {day}: another row says {r.get('signatories')}/{r.get('parties')} "
                          f"({r.get('source_ids')}); the snapshot build will check both")
    counts.append({"as_of": day, "signatories": str(t.signatories), "parties": str(t.parties),
                   "authority": "depositary", "source_ids": plan.sid,
                   "notes": f"Header of the UN Treaty Collection XXVI-8 status page, status as at {day}"})
    plan.other.append(f"Official count: new {day} {t.signatories} signatories, {t.parties} parties (depositary)")
    plan.dirty.add("official_counts")


def apply_plan(plan: Plan) -> list[Path]:
    """Write the tables the plan changed (atomically); returns their paths."""
    contents = {plan.files[name].path: plan.files[name].render() for name in sorted(plan.dirty)}
    write_atomic(contents)
    return sorted(contents)
