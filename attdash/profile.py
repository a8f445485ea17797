"""The country profile card: one assembly function for the page and ``python -m attdash profile``.

The card holds the State's identity and treaty record and one section per element of the
WGTU work plan's ¶13. A section without data says so and names the source that would
fill it; nothing is estimated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from attdash.db import Database
from attdash.export import neutralise
from attdash.reports import BadParameter
from attdash.schema import ELEMENTS
from attdash.text_rules import md_autolink, md_text
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


def build_profile(db: Database, iso3: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """Assemble the card for ``iso3`` with the treaty status on ``as_of`` (default: snapshot as-of)."""
    iso3 = (iso3 or "").strip().upper()
    as_of = as_of or db.snapshot.as_of
    header = db.run("profile_header", iso3=iso3, as_of=as_of)
    if header.is_empty():
        raise BadParameter(f"unknown country code {iso3[:10]!r} (use an ISO 3166 alpha-3 code, e.g. KEN)")
    head = _records(header)[0]
    head["status_label"] = STATUS_LABELS[head["status"]]
    events = db.run("profile_treaty_events", iso3=iso3)
    groups = db.run("profile_group_history", iso3=iso3)
    conflicts = db.run("treaty_conflicts", iso3=iso3).drop("iso3", "name")
    sections = []
    all_frames = [header, events, groups,
                  conflicts.select(pl.concat_str(["kept_source_ids", "other_source_ids"], separator=";")
                                   .alias("source_ids"))]
    cover = {r["element"]: r for r in coverage(db).iter_rows(named=True)}
    for key, title, gap_source in ELEMENTS:
        df = db.run(ELEMENT_QUERIES[key], iso3=iso3)
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
            "gap_source": gap_source,
            "data_as_of": _as_of_text(cover[key]),
        })
    sources = db.run("sources_by_id", ids=_source_ids(*all_frames) or [""])
    return {
        "snapshot": db.snapshot.name,
        "status_as_of": as_of.isoformat(),
        "state": head,
        "treaty_events": _records(events),
        "treaty_conflicts": _records(conflicts),
        "group_history": _records(groups),
        "sections": sections,
        "sources": _records(sources),
    }


def _as_of_text(c: dict[str, Any]) -> str:
    """How current the element's data are, for every State (from the coverage query)."""
    if not c["rows"]:
        return ""
    years = f"{c['first_year']}–{c['last_year']}" if c["first_year"] else ""
    latest = f"latest dated fact {c['latest_date']}" if c["latest_date"] else ""
    return "; ".join(x for x in (f"data cover {years}" if years else "", latest) if x)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        v = neutralise(v.strip())
    return md_text(str(v).replace("|", "/"))  # data: never a link, image, HTML or autolink in the card


def _md_table(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_cell(r.get(c)) for c in columns) + " |" for r in rows]
    return out


def profile_markdown(card: dict[str, Any]) -> str:
    s = card["state"]
    lines = [
        f"# {_cell(s['name'])} ({_cell(s['iso3'])})",
        "",
        f"- Treaty status on {card['status_as_of']}: **{s['status_label']}**"
        + (" — has notified that it does not intend to become a party" if s["no_intent"] else ""),
        f"- UN regional group: {_cell(s['groups_on_date']) or 'none on this date'}",
        f"- Signature: {s['signature_date'] or '—'}; consent: {s['consent_type'] or '—'} {s['consent_date'] or ''};"
        f" entry into force: {s['entry_into_force_date'] or '—'}",
        f"- Snapshot: {card['snapshot']}",
    ]
    if s.get("status_reason"):
        lines.append(f"- Why the status is not known on this date: {_cell(s['status_reason'])}")
    if s.get("confirmed_through"):
        lines.append(f"- Record confirmed complete through {s['confirmed_through']}; later actions as recorded")
    lines += ["", "## Treaty actions", ""]
    if card["treaty_events"]:
        lines += _md_table(card["treaty_events"], ["event_type", "event_date", "entry_into_force_date", "source_ids"])
    else:
        lines.append("No treaty action recorded in this snapshot.")
    if card.get("treaty_conflicts"):
        lines += ["", "### Where sources disagree", ""]
        lines += _md_table(card["treaty_conflicts"], ["event_type", "field", "kept_value", "kept_source_ids",
                                                      "other_value", "other_source_ids", "resolution"])
    for sec in card["sections"]:
        lines += ["", f"## {_cell(sec['title'])}", ""]
        if not sec["has_data"]:
            lines.append(f"No data in this snapshot. Source that would fill it: {_cell(sec['gap_source'])}.")
            continue
        rows = sec["rows"]
        cols = [c for c in rows[0] if c not in ("notes",)]
        lines += _md_table(rows, cols)
        if sec["confidence"]:
            lines.append(f"\nConfidence: {_cell(', '.join(sec['confidence']))}.")
        if sec["data_as_of"]:
            lines.append(f"\nAs of: {_cell(sec['data_as_of'])}.")
    lines += ["", "## Sources", ""]
    lines += [f"- {_cell(r['source_id'])}: {_cell(r['title'])} — {_cell(r['publisher'])} "
              f"{md_autolink(r['url']) if r['url'] else ''}".rstrip()
              for r in card["sources"]]
    return "\n".join(lines)


def coverage(db: Database) -> pl.DataFrame:
    return db.run("coverage")
