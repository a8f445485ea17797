"""Bring the researched material (``shared/data/raw/``) into the curated source tables.

Run once to bootstrap ``data/sources/`` (``python -m attdash import-raw ../shared/data/raw``);
afterwards the curated CSVs are edited by hand and this is not needed. Every fact keeps
its source: raw source ids are prefixed with their collection (``CTY-S1``, ``ENG-S01``,
``RI-S01``, ``UNGA-S1``) so that ids are unique across collections; the ATT status
research (``data/sources/research/``, ids ``T1-..``) is merged as it is.
Nothing is invented here: values are copied, reshaped, or moved into a notes column. The att_status research
(shared/data/raw/att_status/) is merged afterwards by ``data/sources/research/merge_att_status.py``.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from attdash import schema

PREFIX = {
    "countries": "CTY",
    "att_engagement": "ENG",
    "related_instruments": "RI",
    "unga_votes": "UNGA",
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"https?://[^\s|)>`\]]+")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _ids(collection: str, text: str) -> str:
    return ";".join(f"{PREFIX[collection]}-{s.strip()}" for s in text.split(";") if s.strip())


def _clean(text: str) -> str:
    text = re.sub(r"[*`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_sources_md(collection: str, path: Path) -> list[dict[str, str]]:
    """Rows of the markdown source table(s) in a SOURCES.md (lines starting ``| S<n>``)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*(S\d+)\s*\|(.*)\|\s*$", line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split("|")]
        urls = URL_RE.findall(line)
        url = urls[0].rstrip(".,;:") if urls else ""
        first = _clean(URL_RE.sub("", cells[0])).strip(" ;,()")
        used_for = _clean(cells[-1] if len(cells) < 4 else cells[-2] if collection == "att_engagement"
                          else cells[-1])
        if collection == "att_engagement":
            publisher = _clean(cells[1]) if len(cells) > 1 else ""
            title = used_for[:160] + ("…" if len(used_for) > 160 else "")
        else:
            publisher = urlparse(url).netloc if url else ""
            title = first or used_for[:160]
        out.append({
            "source_id": f"{PREFIX[collection]}-{m.group(1)}",
            "collection": collection,
            "title": title,
            "publisher": publisher,
            "url": url,
            "as_of": "",
            "used_for": used_for,
        })
    return out


def source_authority(publisher: str, title: str) -> str:
    """depositary (UN Treaty Collection), un (other UN and ATT bodies) or other, from who published a source."""
    text = f"{publisher or ''} {title or ''}"
    if "Treaty Collection" in text or "Collection des traités" in text:
        return "depositary"
    un_marks = ("United Nations", "UN Office", "UNODA", "Office for Disarmament", "UNREC", "UNRCPD", "UNLIREC",
                "ATT Secretariat", "Arms Trade Treaty Secretariat", "UN Department", "UN News", "Nations Unies",
                "Secretary-General", "Naciones Unidas")
    return "un" if any(m in text for m in un_marks) else "other"


def write_table(path: Path, table: schema.Table, rows: list[dict[str, str]]) -> None:
    """Write rows (dicts by column name) as a source CSV with the table's header."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=table.column_names, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") or "" for c in table.column_names})


def import_raw(raw: Path, dest: Path, research: Path | None = None, force: bool = False) -> dict[str, int]:
    """Write the curated tables into ``dest``; returns row counts. Refuses to overwrite without ``force``."""
    research = research or dest / "research"
    tables: dict[str, list[dict[str, str]]] = {}

    # Sources
    sources = []
    for collection in PREFIX:
        sources += parse_sources_md(collection, raw / collection / "SOURCES.md")
    for p in sorted(research.glob("treaty_sources_part*.csv")):
        for r in _read(p):
            sources.append({"source_id": r["source_id"], "collection": "att_status", "title": r["title"],
                            "publisher": r["publisher"], "url": r["url"], "as_of": r["as_of"],
                            "used_for": r["notes"]})
    for s in sources:
        s["authority"] = source_authority(s.get("publisher", ""), s.get("title", ""))
    tables["sources"] = sources

    # Countries, names, regional groups
    countries = _read(raw / "countries" / "countries.csv")
    tables["countries"] = [{"iso3": r["iso3"], "iso2": r["iso2"], "m49": r["m49"], "name": r["name_en"],
                            "un_member": r["un_member"], "source_ids": _ids("countries", r["source_ids"])}
                           for r in countries]
    tables["country_names"] = [{**r, "source_ids": _ids("countries", r["source_ids"])}
                               for r in _read(raw / "countries" / "names_un6.csv")]
    groups = []
    for r in countries:
        if not r["un_regional_group"]:
            continue
        ids = _ids("countries", r["source_ids"])
        note = r["regional_group_note"]
        for g in r["groups_all"].split(";"):
            row = {"iso3": r["iso3"], "un_regional_group": g, "role": r["group_status"],
                   "listed_in_annex": "true", "valid_from": "", "valid_from_earliest": "", "valid_to": "", "source_ids": ids, "notes": note}
            if r["iso3"] == "TUR":
                row["listed_in_annex"] = "true" if g == "Asia-Pacific" else "false"
                row["source_ids"] = ";".join(dict.fromkeys(ids.split(";") + ["CTY-S1", "CTY-S2", "CTY-S17"]))
                row["notes"] = ("Takes full part in both WEOG and Asia-Pacific (counts as WEOG for electoral "
                                "purposes); tables by group list it under Asia-Pacific, as the work plan's annex does.")
            if r["iso3"] == "KIR":
                # CHECKS.md: joined in 2024, most likely between April and late August; the first dated
                # evidence of membership is the DGACM page as retrieved on 26 August 2024 (S13).
                row["valid_from"] = "2024-08-26"   # the first day membership is known, not the day it began
                row["valid_from_earliest"] = "2024-04-17"  # the day after the annex of 16 Apr 2024 (S19)
                row["source_ids"] = ";".join(dict.fromkeys(ids.split(";") + ["CTY-S2", "CTY-S13", "CTY-S14"]))
                row["notes"] = ("Joined in 2024, day not known (no announcement found): in no group before 2024 "
                                "(S2, S11, S12); the ATT work plan's annex of 16 Apr 2024 does not count it under "
                                "Asia-Pacific (S19); on the DGACM list retrieved 26 Aug 2024 (S13). valid_from is "
                                "that retrieval date (the first day membership is known), valid_from_earliest the "
                                "day after the annex.")
            if r["iso3"] == "ISR":
                row["source_ids"] = ";".join(dict.fromkeys(ids.split(";") + ["CTY-S2", "CTY-S21"]))
                row["notes"] = ("Full WEOG member on a temporary basis since May 2000, renewed permanently in "
                                "2004 (S2); an older source says for New York activities only (S21).")
            if r["iso3"] == "USA":
                row["notes"] = ("Not formally a member of any group: attends WEOG as an observer and counts as a "
                                "WEOG member for electoral purposes (S2, S16, S17).")
            groups.append(row)
    tables["group_membership"] = groups

    # Treaty events and record checks (ATT status research, merged from its parts)
    events: dict[tuple[str, str, str], dict[str, str]] = {}
    for p in sorted(research.glob("treaty_events_part*.csv")):
        for r in _read(p):
            row = {k: (r.get(k) or "").strip() for k in ("iso3", "event_type", "event_date", "effective_date",
                                                         "source_ids", "notes")}
            key = (row["iso3"], row["event_type"], row["event_date"])
            if key in events:  # the same fact found by two research parts: keep both sources
                old = events[key]
                old["source_ids"] = ";".join(dict.fromkeys(old["source_ids"].split(";") + row["source_ids"].split(";")))
                old["effective_date"] = old["effective_date"] or row["effective_date"]
                old["notes"] = " ".join(n for n in (old["notes"], row["notes"]) if n)
            else:
                events[key] = row
    tables["treaty_events"] = list(events.values())
    checks = []
    for p in sorted(research.glob("treaty_checks_part*.csv")):
        checks += _read(p)
    tables["treaty_record_checks"] = checks

    # Engagement
    eng = raw / "att_engagement"
    tables["meetings"] = [{**r, "source_ids": _ids("att_engagement", r["source_ids"])}
                          for r in _read(eng / "meetings.csv")]
    tables["csp_participation"] = [{
        "meeting_id": r["csp"], "year": r["year"], "iso3": r["iso3"], "basis": "presence_evidence",
        "capacity": r["capacity"], "capacity_source_ids": _ids("att_engagement", r["capacity_source_ids"]),
        "evidence": r["evidence"], "confidence": "medium" if "inferred" in (r["notes"] + r["evidence"]) else "high",
        "notes": r["notes"], "source_ids": _ids("att_engagement", r["source_ids"]),
    } for r in _read(eng / "csp_participation.csv")]
    statements = []
    for r in _read(eng / "statements.csv"):
        row = {**r, "actor": r["state"], "source_ids": _ids("att_engagement", r["source_ids"])}
        if r["date"] and not DATE_RE.match(r["date"]):
            row["notes"] = f"Date given as {r['date']}. {r['notes']}".strip()
            row["date"] = ""
        statements.append(row)
    tables["statements"] = statements
    tables["vtf_projects"] = [{**r, "source_ids": _ids("att_engagement", r["source_ids"])}
                              for r in _read(eng / "vtf_projects.csv")]
    tables["vtf_contributions"] = [{**r, "contributor": r["state"],
                                    "source_ids": _ids("att_engagement", r["source_ids"])}
                                   for r in _read(eng / "contributions.csv")]
    tables["office_holders"] = [{**r, "source_ids": _ids("att_engagement", r["source_ids"])}
                                for r in _read(eng / "office_holders.csv")]
    aggregates = [{"collection": "att_engagement", "indicator": r["indicator"], "scope": r["scope"],
                   "value": r["value"], "as_of": r["as_of"], "notes": r["notes"],
                   "source_ids": _ids("att_engagement", r["source_ids"])} for r in _read(eng / "aggregates.csv")]

    # UNGA votes
    un = raw / "unga_votes"
    tables["unga_resolutions"] = [{**r, "source_ids": _ids("unga_votes", r["source_ids"])}
                                  for r in _read(un / "resolutions.csv")]
    tables["unga_votes"] = [{"symbol": r["symbol"], "iso3": r["iso3"], "vote": r["vote"],
                             "source_ids": _ids("unga_votes", r["source_ids"])} for r in _read(un / "votes.csv")]

    # Related instruments
    ri = raw / "related_instruments"
    tables["unroca_reports"] = [{**r, "source_ids": _ids("related_instruments", r["source_ids"])}
                                for r in _read(ri / "unroca_reports.csv")]
    tables["instruments"] = [{**r, "source_ids": _ids("related_instruments", r["source_ids"])}
                             for r in _read(ri / "instruments.csv")]
    tables["instrument_participation"] = [{**r, "source_ids": _ids("related_instruments", r["source_ids"])}
                                          for r in _read(ri / "instrument_participation.csv")]
    aggregates += [{"collection": "related_instruments", "indicator": f"{r['instrument_id']}: {r['metric']}",
                    "scope": r["instrument_id"], "value": r["value"], "as_of": r["as_of_or_period"],
                    "notes": r["notes"], "source_ids": _ids("related_instruments", r["source_ids"])}
                   for r in _read(ri / "aggregates.csv")]
    tables["aggregates"] = aggregates

    # Templates and tables filled by later steps (data/sources/research/merge_att_status.py): header only.
    for t in schema.TABLES:
        tables.setdefault(t.name, [])

    dest.mkdir(parents=True, exist_ok=True)
    existing = [t.file for t in schema.TABLES if (dest / t.file).exists()]
    if existing and not force:
        raise FileExistsError(f"{dest} already holds {', '.join(existing)}; the curated tables are edited by "
                              "hand — pass --force to overwrite them from the raw material")
    for t in schema.TABLES:
        if t.name not in tables:  # curated by hand from the research notes (domestic_steps): keep what is there
            if (dest / t.file).exists():
                continue
            tables[t.name] = []
        write_table(dest / t.file, t, tables[t.name])
    geo = dest.parent / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    for name in ("world_110m.geojson", "centroids.csv"):
        shutil.copyfile(raw / "countries" / name, geo / name)
    return {name: len(rows) for name, rows in tables.items()}
