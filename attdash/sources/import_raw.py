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

from attdash.sources import schema

PREFIX = {
    "countries": "CTY",
    "att_engagement": "ENG",
    "related_instruments": "RI",
    "unga_votes": "UNGA",
}
GROUPLESS_IDS = {"CTY-S5", "CTY-S6", "CTY-S7", "CTY-S8"}
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


def _balanced(text: str) -> str:
    """Text with an unclosed bracket closed and an unopened one dropped ("npm x (ODbL" → "npm x (ODbL)")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text + ")" * max(0, text.count("(") - text.count(")"))


def note_title(note: str, limit: int = 160) -> str:
    """A title from a research note: its first clause (up to ";"), whole words, brackets balanced."""
    first = next((c.strip() for c in note.split(";") if c.strip()), "")
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(" ,:(") + " …"
    return _balanced(first)


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
        first = _balanced(_clean(URL_RE.sub("", cells[0])).strip(" ;,"))
        used_for = _clean(cells[-1] if len(cells) < 4 else cells[-2] if collection == "att_engagement"
                          else cells[-1])
        if collection == "att_engagement":
            publisher = _clean(cells[1]) if len(cells) > 1 else ""
            title = note_title(used_for)
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


#: Where a source without a web address in the research notes can be found: the exact location the notes give
#: (repository, path and commit; package and version), as a whole URL, with its publisher and date, so that a
#: document can cite it as publisher, title, date and URL.
_GH = "https://github.com/"
LOCATIONS = {
    "CTY-S3": {"publisher": "GitHub (akvo/unep-gpml)", "url": _GH + "akvo/unep-gpml/blob/021cc785ec99ea2786d07e4e3414432f4"
               "ac8092c/frontend/src/modules/knowledge-library/multicountry.js"},
    "CTY-S4": {"publisher": "npm (mledoze/countries)", "url": "https://www.npmjs.com/package/world-countries/v/5.1.0"},
    "CTY-S5": {"publisher": "PyPI", "url": "https://pypi.org/project/country-converter/1.3.2/"},
    "CTY-S6": {"publisher": "PyPI", "url": "https://pypi.org/project/pycountry/26.2.16/"},
    "CTY-S7": {"publisher": "GitHub (alendaris/power-query)", "as_of": "2023-02-03",
               "url": _GH + "alendaris/power-query/blob/f7665abb1042e4b39adec8b5430824ddd7a87aac/data/"
                      "UNSD%20%E2%80%94%20Methodology.csv"},
    "CTY-S8": {"publisher": "GitHub (Rana-Irem-Turhan/climate_dashboard_2)", "as_of": "2025-06-04",
               "url": _GH + "Rana-Irem-Turhan/climate_dashboard_2/blob/a337cbfdc1e163f076219bd4582c6fc3399404d0/"
                      "UNSD%20%E2%80%94%20Methodology.csv"},
    "CTY-S9": {"publisher": "npm", "url": "https://www.npmjs.com/package/world-atlas/v/2.0.2"},
    "CTY-S10": {"publisher": "PyPI (Unicode CLDR 47)", "url": "https://pypi.org/project/Babel/2.18.0/"},
    "UNGA-S1": {"publisher": "GitHub (data-driven-decision-lab/un-digital-library-scraper)", "as_of": "2025-09-05",
                "url": _GH + "data-driven-decision-lab/un-digital-library-scraper/blob/3eca1b55230337338d2b360b9e6fa788"
                       "9decce7c/un-digital-library-scraper-main/data/raw/UN_VOTING_DATA_RAW_WITH_TAGS_2025-09-05.csv"},
    "UNGA-S3": {"publisher": "GitHub (dgrtwo/unvotes)", "as_of": "2021-03-08",
                "url": _GH + "dgrtwo/unvotes/tree/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data"},
    "RI-S11": {"publisher": "GitHub (zmjones/untreaties)", "as_of": "2014-07-10",
               "title": "untreaties, treaties/18-12-c.csv: scrape of the treaties.un.org status page of chapter "
                        "XVIII-12-c (Firearms Protocol)",
               "url": _GH + "zmjones/untreaties/blob/65551ea/treaties/18-12-c.csv"},
    # UN pages read as published (stored copies of the UN's own addresses): cited to the UN body.
    "CTY-S2": {"publisher": "United Nations, Dag Hammarskjöld Library"},
    "RI-S04": {"publisher": "United Nations Office for Disarmament Affairs",
               "title": "United Nations Register of Conventional Arms"},
    "RI-S12": {"publisher": "United Nations Treaty Collection (depositary)", "as_of": "2024-05-04",
               "title": "Status of Treaties, chapter XVIII-12-c: Protocol against the Illicit Manufacturing of and "
                        "Trafficking in Firearms, Their Parts and Components and Ammunition"},
    "RI-S13": {"publisher": "United Nations Office on Drugs and Crime", "as_of": "2008-09-26",
               "title": "Firearms Protocol: signatories and parties"},
    "RI-S15": {"publisher": "United Nations Information Service, Vienna", "as_of": "2005-07-06",
               "title": "Press release UNIS/CP/517: Firearms Protocol enters into force"},
    "RI-S71": {"publisher": "United Nations Office on Drugs and Crime",
               "title": "The Firearms Protocol (adopted by General Assembly resolution 55/255 of 31 May 2001)"},
    "RI-S17": {"publisher": "United Nations Treaty Collection (depositary)",
               "title": "Multilateral Treaties Deposited with the Secretary-General, chapter XXVI-7: Central African "
                        "Convention for the Control of Small Arms and Light Weapons (Kinshasa Convention), status"},
    "RI-S01": {"publisher": "GitHub (Klohto/UNROCA-scraper)", "as_of": "2023-06-16",
               "title": "UNROCA-scraper, years.json: the years for which unroca.org lists a report, per State (cached "
                        "output of the unroca.org API)",
               "url": _GH + "Klohto/UNROCA-scraper/blob/39f3f3e3889dd2de4955e4ca60238f9485fe190d/years.json"},
}


def source_authority(publisher: str, title: str) -> str:
    """depositary (UN Treaty Collection), un (other UN and ATT bodies) or other, from who published a source."""
    text = f"{publisher or ''} {title or ''}"
    if "Treaty Collection" in text or "Collection des traités" in text:
        return "depositary"
    un_marks = ("United Nations", "UN Office", "UNODA", "Office for Disarmament", "UNREC", "UNRCPD", "UNLIREC",
                "ATT Secretariat", "Arms Trade Treaty Secretariat", "UN Department", "UN News", "Nations Unies",
                "Secretary-General", "Naciones Unidas")
    return "un" if any(m in text for m in un_marks) else "other"


#: The UN's own names (raw SOURCES.md S23): UNTERM short names, else UNSD M49 names. Both were read from the
#: compilation named in ``used_for``; they are cited by the UN body that publishes them.
_S23_COPY = ("GitHub datasets/country-codes, data/country-codes.csv @ caa72d1e0e5af8876c170bb36a9e4d64a01bba88 "
             "(2026-05-15)")
NAME_SOURCES = (
    {"source_id": "CTY-S23-UNTERM", "collection": "countries",
     "title": "UNTERM, the United Nations Terminology Database: country names (short and formal names in the six "
              "official languages)",
     "publisher": "United Nations, Department for General Assembly and Conference Management",
     "url": "https://unterm.un.org/", "as_of": "2026-05-15", "authority": "un",
     "used_for": "Short names of States in Arabic, Chinese, English, French, Russian and Spanish, with the article "
                 f"in brackets dropped (\"Netherlands (the)\" → \"Netherlands\"). Read from {_S23_COPY}, columns "
                 "\"UNTERM * Short\"."},
    {"source_id": "CTY-S23-M49", "collection": "countries",
     "title": "Standard country or area codes for statistical use (M49): country or area names",
     "publisher": "United Nations Statistics Division",
     "url": "https://unstats.un.org/unsd/methodology/m49/overview/", "as_of": "2026-05-15", "authority": "un",
     "used_for": "Names of States that have no UNTERM entry in the copy consulted (Côte d'Ivoire, Türkiye: renamed). "
                 f"Read from the UNSD M49 files joined in {_S23_COPY}. Its English file gives \"Ivory Coast\" for "
                 "Côte d'Ivoire, which is not the UN's English name and is not used."},
)
LANG_CODES = ("ar", "zh", "en", "fr", "ru", "es")
#: "Afghanistan (l')", "Netherlands (the)", "Afganistán (el)": UNTERM's sorting form of the article.
_ARTICLE = re.compile(r"\s*\((?:the|l'|l’|le|la|les|el|los|las)\)$")
_WRONG_NAMES = {("CIV", "en", "Ivory Coast")}


def un_names(raw_countries: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """country_names rows from the UN's names (names_un_official.csv) and the source rows they cite.

    Per language: the UNTERM short name without its bracketed article, else the UNSD M49 name, else (English
    only) the UN English short name of countries.csv, else the CLDR display name of names_un6.csv; ``notes``
    says which, where it is not UNTERM.
    """
    official = {r["iso3"]: r for r in _read(raw_countries / "names_un_official.csv")}
    cldr = {r["iso3"]: r for r in _read(raw_countries / "names_un6.csv")}
    countries = {r["iso3"]: r for r in _read(raw_countries / "countries.csv")}
    basis_ids = {"UNTERM": "CTY-S23-UNTERM", "UNSD M49": "CTY-S23-M49", "CLDR": "CTY-S10"}
    rows = []
    for iso3 in sorted(set(official) | set(cldr)):
        o, c = official.get(iso3, {}), cldr.get(iso3, {})
        row: dict[str, str] = {"iso3": iso3}
        basis: dict[str, str] = {}
        for code in LANG_CODES:
            unterm = _ARTICLE.sub("", (o.get(f"unterm_short_{code}") or "").strip())
            m49 = (o.get(f"m49_name_{code}") or "").strip()
            if (iso3, code, m49) in _WRONG_NAMES:
                m49 = ""
            if unterm:
                row[f"name_{code}"], basis[code] = unterm, "UNTERM"
            elif m49:
                row[f"name_{code}"], basis[code] = m49, "UNSD M49"
            elif code == "en" and countries.get(iso3, {}).get("name_en"):
                row[f"name_{code}"], basis[code] = countries[iso3]["name_en"], "UN DGACM list of Member States"
            elif c.get(f"name_{code}"):
                row[f"name_{code}"], basis[code] = c[f"name_{code}"], "CLDR"
        ids = []
        for code in LANG_CODES:
            b = basis.get(code)
            ids += [basis_ids[b]] if b in basis_ids else (["CTY-S1"] if b else [])
        row["source_ids"] = ";".join(dict.fromkeys(ids))
        others = {b for b in basis.values() if b != "UNTERM"}
        if others:
            by_basis = {b: [code for code in LANG_CODES if basis.get(code) == b] for b in others}
            row["notes"] = "No UNTERM name; " + "; ".join(
                f"{', '.join(cs)} from {'CLDR (a display name, not UN terminology)' if b == 'CLDR' else b}"
                for b, cs in sorted(by_basis.items(), key=lambda kv: LANG_CODES.index(kv[1][0]))) + "."
        rows.append(row)
    return rows, [dict(s) for s in NAME_SOURCES]


def import_names(raw: Path, dest: Path) -> dict[str, int]:
    """Refresh only country_names.csv and the name sources in sources.csv (``import-raw --names``)."""
    names, name_sources = un_names(raw / "countries")
    table = {t.name: t for t in schema.TABLES}
    write_table(dest / "country_names.csv", table["country_names"], names)
    path = dest / "sources.csv"
    rows = [r for r in _read(path) if r["source_id"] not in {s["source_id"] for s in name_sources}]
    write_table(path, table["sources"], rows + name_sources)
    return {"country_names": len(names), "sources": len(rows) + len(name_sources)}


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
        s.update(LOCATIONS.get(s["source_id"], {}))
        s["authority"] = source_authority(s.get("publisher", ""), s.get("title", ""))
    tables["sources"] = sources

    # Countries, names, regional groups
    countries = _read(raw / "countries" / "countries.csv")
    tables["countries"] = [{"iso3": r["iso3"], "iso2": r["iso2"], "m49": r["m49"], "name": r["name_en"],
                            "un_member": r["un_member"], "source_ids": _ids("countries", r["source_ids"])}
                           for r in countries]
    names, name_sources = un_names(raw / "countries")
    tables["country_names"] = names
    sources[:] = [s for s in sources if s["source_id"] != "CTY-S23"] + name_sources
    groups = []
    for r in countries:
        if not r["un_regional_group"]:
            continue
        # the group rests on the group lists (S1, S3, S4, S15 and the special cases' sources), not on the
        # sources of the row's codes, names and UN membership (S5, S6, S7)
        ids = ";".join(i for i in _ids("countries", r["source_ids"]).split(";") if i not in GROUPLESS_IDS)
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
