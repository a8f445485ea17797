"""One-time merge of the att_status research (shared/data/raw/att_status/) into the curated tables.

Run from the repository root:  .venv/bin/python data/sources/research/merge_att_status.py ../shared/data/raw/att_status

What it does (every value copied from a raw row that cites its source; nothing invented):
- sources.csv: adds the raw UN-/OT-/LT- sources (collection att_status) and fills the `authority` column
  (depositary = UN Treaty Collection; un = other United Nations / ATT bodies; other = the rest).
- treaty_events.csv: for each raw event, corroborates the row with the same State, kind and date (adds the
  source id), adds the rows we lacked, and resolves date conflicts by authority (depositary, then UN, then the
  rest; between equals the row already held, which rests on several sources, stays) — the losing value goes to
  treaty_conflicts.csv. Instrument types: a deposit stays typed (ratification/acceptance/approval) only where the
  depositary or a source that states the type says so (late/types.csv); otherwise it becomes `deposit`
  (instrument of consent, type not stated). Year-only facts (Vanuatu 2025, Ecuador 2026) keep that precision.
- treaty_record_checks.csv: one check per State from each full dated participant list (other/lists.csv):
  Nov 2024 (OT-002, checked on 2024-11-01, the first day of the month it is dated to) and 2026 (OT-001,
  checked on 2026-01-01; it cannot see the Marshall Islands, Samoa, Saint Vincent and the Grenadines or Niue).
- official_counts.csv: every dated count (un/, other/, late/ counts.csv) with its authority.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path("data/sources")
CONSENT = {"ratification", "accession", "acceptance", "approval", "deposit"}
#: Conflicts between sources of equal standing that the research notes settle: (State, kind, date kept) → why.
OVERRIDES = {
    ("MLI", "consent", "2013-12-03"): "research part 5: the UNODA-derived list (T5-14) and RASALAO give 3 Dec 2013; "
                                      "the depositary-derived source preferred over Control Arms (6 Dec)",
}


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def authority_of(publisher: str, title: str) -> str:
    from attdash.sources.import_raw import source_authority
    return source_authority(publisher, title)


def kind(event_type: str) -> str:
    return "consent" if event_type in CONSENT else event_type


def main(raw: Path) -> None:
    # --- sources ---------------------------------------------------------------------------------------
    sh, sources = read(SRC / "sources.csv")
    if "authority" not in sh:
        sh.append("authority")
    have = {s["source_id"] for s in sources}
    for part in ("un", "other", "late"):
        _, rows = read(raw / part / "sources.csv")
        for r in rows:
            if r["source_id"] in have:
                continue
            sources.append({"source_id": r["source_id"], "collection": "att_status", "title": r["title"],
                            "publisher": r["publisher"], "url": r["url"], "as_of": r["as_of"],
                            "used_for": r["what_taken"]})
            have.add(r["source_id"])
    for s in sources:
        s["authority"] = s.get("authority") or authority_of(s["publisher"], s["title"])
    auth = {s["source_id"]: s["authority"] for s in sources}
    rank = {"depositary": 0, "un": 1, "other": 2}

    def best(ids: str) -> int:
        return min((rank[auth[i]] for i in ids.split(";") if i), default=2)

    # --- events ----------------------------------------------------------------------------------------
    eh, events = read(SRC / "treaty_events.csv")
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for e in events:
        by_key.setdefault((e["iso3"], kind(e["event_type"])), e)
    conflicts: list[dict[str, str]] = []
    raw_events = []
    for part in ("un", "other", "late"):
        _, rows = read(raw / part / "events.csv")
        raw_events += rows

    def add_id(row: dict[str, str], sid: str) -> None:
        ids = [i for i in row["source_ids"].split(";") if i]
        if sid not in ids:
            row["source_ids"] = ";".join(ids + [sid])

    seen_conflict: set[tuple] = set()
    for r in raw_events:
        et, iso3, date, sid = r["event_type"], r["iso3"], r["event_date"], r["source_id"]
        if iso3 == "CHN" and sid == "OT-002":
            continue  # NOTES: the Wikipedia row for China mixes a domestic date with the deposit; not used
        if iso3 == "PHL" and et == "signature" and sid == "OT-002":
            continue  # impossible date (25 Sep 2012) in the source
        k = (iso3, kind(et))
        row = by_key.get(k)
        if row is None:
            new_type = et
            if kind(et) == "consent" and et == "ratification" and auth[sid] != "depositary":
                new_type = "deposit"
            row = {"iso3": iso3, "event_type": new_type, "event_date": date, "effective_date": "",
                   "source_ids": sid, "notes": r["detail"]}
            events.append(row)
            by_key[k] = row
            continue
        if row["event_date"] == date:
            add_id(row, sid)
            continue
        # a conflict of dates: the better authority wins; between equals the row held stays, unless the
        # research notes established that a better-founded source agrees with the new value (OVERRIDES)
        held_rank, new_rank = best(row["source_ids"]), rank[auth[sid]]
        if (iso3, kind(et), date) in OVERRIDES:
            new_rank = -1
        key = (iso3, kind(et), row["event_date"], date)
        if new_rank < held_rank:
            conflicts.append({"iso3": iso3, "event_type": row["event_type"], "field": "event_date",
                              "kept_value": date, "kept_source_ids": sid, "other_value": row["event_date"],
                              "other_source_ids": row["source_ids"],
                              "resolution": OVERRIDES.get((iso3, kind(et), date))
                              or f"{auth[sid]} source preferred over {list(rank)[held_rank]} sources",
                              "notes": r["detail"]})
            row["event_date"], row["effective_date"] = date, ""
            row["source_ids"] = sid + (";T5-14" if iso3 == "MLI" else "")
            row["notes"] = (f"date from {sid} ({auth[sid]}); " + row["notes"]).strip("; ")
        elif key not in seen_conflict:
            seen_conflict.add(key)
            conflicts.append({"iso3": iso3, "event_type": row["event_type"], "field": "event_date",
                              "kept_value": row["event_date"], "kept_source_ids": row["source_ids"],
                              "other_value": date, "other_source_ids": sid,
                              "resolution": ("held row kept: " + (f"{list(rank)[held_rank]} source preferred over "
                                             f"{auth[sid]}" if held_rank < new_rank else
                                             "sources of equal standing; the held row rests on its own sources "
                                             "and no depositary copy decides")),
                              "notes": r["detail"]})

    # Year-only deposits (other/lists.csv OT-001 gives a year; other/NOTES.md): keep that precision.
    for iso3, et, year, note in (
        ("VUT", "deposit", "2025", "OT-001 (2026 scrape of the depositary table, year only): State Party, instrument "
         "deposited in 2025; OT-002 still lists it as a signatory in Nov 2024 and the depositary's header of "
         "15 May 2025 (UN-010) counts 116 parties without it, so the deposit is after 15 May 2025; day not found"),
        ("ECU", "accession", "2026", "OT-001 (year only): acceded in 2026; Ecuador never signed, so accession; "
         "domestic steps: Assembly approval 17 Dec 2025 (LT-012), Executive Decree 293 of 23 Jan 2026 (LT-013, "
         "OT-014); deposit day not found"),
    ):
        if (iso3, "consent") not in by_key:
            row = {"iso3": iso3, "event_type": et, "event_date": year, "effective_date": "", "source_ids": "OT-001",
                   "notes": note}
            events.append(row)
            by_key[(iso3, "consent")] = row

    # --- instrument types ------------------------------------------------------------------------------
    _, types = read(raw / "late" / "types.csv")
    typed: dict[str, list[dict[str, str]]] = defaultdict(list)
    for t in types:
        typed[t["iso3"]].append(t)
    for e in events:
        if kind(e["event_type"]) != "consent" or e["event_type"] == "accession":
            continue
        ids = [i for i in e["source_ids"].split(";") if i]
        rows = [t for t in typed.get(e["iso3"], []) if t["deposit_date"] == e["event_date"]]
        stated = {t["instrument_type"] for t in rows}
        if rows and len(stated) == 1:
            e["event_type"] = stated.pop()
            for t in rows:
                add_id(e, t["source_id"])
        elif e["event_type"] in ("ratification", "acceptance", "approval") and any(
                auth[i] == "depositary" for i in ids):
            pass  # the depositary's own table gives the type (unmarked = ratification)
        elif e["event_type"] == "acceptance" and e["iso3"] in typed:
            pass
        else:
            if e["event_type"] != "deposit":
                e["notes"] = ("type not stated by a source that distinguishes ratification, acceptance and "
                              f"approval (was recorded as {e['event_type']}); " + e["notes"]).strip("; ")
            e["event_type"] = "deposit"
        if e["iso3"] == "FIN" and e["event_type"] == "ratification" and not any(
                auth[i] == "depositary" for i in e["source_ids"].split(";")):
            e["event_type"] = "deposit"
            e["notes"] = ("Finnish usage is approval/acceptance (hyväksyminen); only a Croatian press text calls it "
                          "ratification (late/NOTES.md); type unconfirmed; " + e["notes"]).strip("; ")
    # Gabon: the type conflict (Wikipedia 'ratified' column vs acceptance) is recorded, not silently dropped.
    conflicts.append({"iso3": "GAB", "event_type": "acceptance", "field": "event_type", "kept_value": "acceptance",
                      "kept_source_ids": "LT-003;OT-011", "other_value": "ratification", "other_source_ids": "OT-002",
                      "resolution": "a source that states the type preferred over a column that does not distinguish "
                                    "types", "notes": "Some Gabonese outlets call the act adhésion; Gabon signed, "
                                    "so accession is impossible (late/NOTES.md)"})

    for c in conflicts:  # the conflict rows name the event as finally typed, and all sources kept for it
        final = by_key[(c["iso3"], kind(c["event_type"]))]
        if c["field"] == "event_date" and final["event_date"] == c["kept_value"]:
            c["event_type"], c["kept_source_ids"] = final["event_type"], final["source_ids"]

    order = {"signature": 0, "provisional_application": 2, "declaration": 3, "notice_no_intent": 4}
    events.sort(key=lambda e: (e["iso3"], order.get(e["event_type"], 1), e["event_date"]))

    # --- record checks from the full dated lists --------------------------------------------------------
    ch, checks = read(SRC / "treaty_record_checks.csv")
    _, lists = read(raw / "other" / "lists.csv")
    _, countries = read(SRC / "countries.csv")
    all_iso = [c["iso3"] for c in countries]
    listed: dict[str, set[str]] = defaultdict(set)
    for r in lists:
        listed[r["as_of"]].add(r["iso3"])
    existing = {(c["iso3"], c["checked_on"]) for c in checks}
    for as_of, day, sid, cover, what in (
        ("2024-11", "2024-11-01", "OT-002", set(all_iso),
         "complete participant list dated Nov 2024 (116 bound incl. Niue + 26 signatories = 130 signatories); "
         "checked on the first day of that month"),
        ("2026", "2026-01-01", "OT-001", set(all_iso) - {"MHL", "WSM", "VCT", "NIU", "COK"},
         "2026 copy of the depositary table (year precision; its name resolver drops MHL, WSM, VCT); checked on "
         "the first day of 2026"),
    ):
        for iso3 in sorted(cover):
            if (iso3, day) in existing:
                continue
            finding = "complete" if iso3 in listed[as_of] else "no_action"
            if finding == "no_action" and as_of == "2026":
                finding = "complete" if (iso3, "consent") in by_key or (iso3, "signature") in by_key else finding
            checks.append({"iso3": iso3, "checked_on": day, "finding": finding, "source_ids": sid,
                           "notes": ("listed" if iso3 in listed[as_of] else "not listed") + " in the " + what})
    checks.sort(key=lambda c: (c["iso3"], c["checked_on"]))

    # --- official counts -------------------------------------------------------------------------------
    counts = []
    for part in ("un", "other", "late"):
        _, rows = read(raw / part / "counts.csv")
        for r in rows:
            if r["source_id"] == "OT-001":
                continue  # 115 = the States its name resolver maps, not a count of parties (other/NOTES.md)
            counts.append({"as_of": r["as_of"], "signatories": r["signatories"], "parties": r["parties"],
                           "authority": auth[r["source_id"]], "source_ids": r["source_id"], "notes": r["detail"]})
    counts.sort(key=lambda c: (c["as_of"], c["source_ids"]))

    write(SRC / "sources.csv", sh, sources)
    write(SRC / "treaty_events.csv", eh, events)
    write(SRC / "treaty_record_checks.csv", ch, checks)
    write(SRC / "treaty_conflicts.csv", ["iso3", "event_type", "field", "kept_value", "kept_source_ids",
                                        "other_value", "other_source_ids", "resolution", "notes"], conflicts)
    write(SRC / "official_counts.csv", ["as_of", "signatories", "parties", "authority", "source_ids", "notes"], counts)
    print(f"sources {len(sources)}, events {len(events)}, conflicts {len(conflicts)}, checks {len(checks)}, "
          f"counts {len(counts)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
