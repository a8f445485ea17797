"""Validate the source tables in ``data/sources/`` and parse them into typed rows.

Every problem becomes a :class:`Problem` naming the file, the line, the column and what
is wrong in plain words. Nothing is written here; :mod:`attdash.snapshot` writes only
when this finds no problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attdash.sources import schema
from attdash.text_rules import cut, has_scheme, text_problem, web_url
from attdash.sources.schema import BOOL, DATE, ENUM, FLOAT, INT, ISO3, PDATE, SOURCE_IDS, TEXT, YEAR, Table
from attdash.treaty_rules import entry_into_force
from attdash.vocab import CONSENT_TYPES, OPENED_FOR_SIGNATURE

ISO3_RE = re.compile(r"^[A-Z]{3}$")
M49_RE = re.compile(r"^\d{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_TEXT = 5000
#: The most digits a whole number may have (counts, amounts, years): more is a typing slip, not a fact.
MAX_DIGITS = 15
#: Free-text columns that may hold line breaks; every other column is a single line (names, codes, titles,
#: addresses): a line break or U+2028 in a name breaks every table it is shown in.
MULTILINE_COLUMNS = frozenset({"notes", "description", "evidence", "used_for", "scope"})
#: The largest source file accepted (the biggest shipped table is under 0.2 MB).
MAX_FILE_BYTES = 20_000_000
#: Tables that must have rows: without them no status can be computed.
CORE_TABLES = ("treaty_events", "countries", "sources", "group_membership")
#: C0 and C1 control characters and DEL, except tab, line feed and carriage return.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: A cell a spreadsheet would run as a formula (OWASP CSV injection): = + @ or - not followed by a plain number.
FORMULA_RE = re.compile(r"^(?:[=+@\t\r]|-(?!\d+(?:\.\d+)?$))")
#: A value with a URI scheme (javascript:, data:, file:, ...) or a protocol-relative address.
SCHEME_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ValidationFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the source tables")


@dataclass
class Parsed:
    """Typed rows of every table, ready to be written as Parquet."""

    tables: dict[str, list[dict[str, Any]]]


def parse_date(text: str) -> dt.date:
    if not DATE_RE.match(text):
        raise ValueError(f"'{cut(text)}' is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{cut(text)}' is not a real calendar date") from None


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year: the first and last days it can be."""

    first: dt.date
    last: dt.date
    precision: str  # day, month or year


def parse_partial_date(text: str) -> PartialDate:
    """'2025' → all of 2025; '2025-08' → August 2025; '2025-08-14' → that day."""
    if re.fullmatch(r"\d{4}", text):
        y = int(text)
        if not 1900 <= y <= 2100:
            raise ValueError(f"'{cut(text)}' is not a plausible year")
        return PartialDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise ValueError(f"'{cut(text)}' is not a real month")
        nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
        return PartialDate(dt.date(y, mo, 1), nxt - dt.timedelta(days=1), "month")
    if not DATE_RE.match(text):
        raise ValueError(f"'{cut(text)}' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")
    d = parse_date(text)
    return PartialDate(d, d, "day")


def _parse_value(col: schema.Column, text: str) -> Any:
    if col.kind in (TEXT, ISO3, SOURCE_IDS, ENUM):
        return text
    if col.kind == DATE:
        return parse_date(text)
    if col.kind == PDATE:
        return parse_partial_date(text)
    if col.kind in (INT, YEAR):
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"'{cut(text)}' is not a whole number")
        if len(text.lstrip("-")) > MAX_DIGITS:  # int() of thousands of digits is refused by Python itself
            raise ValueError(f"'{cut(text)}' has more than {MAX_DIGITS} digits; not a plausible number")
        value = int(text)
        if col.kind == YEAR and not 1900 <= value <= 2100:
            raise ValueError(f"'{cut(text)}' is not a plausible year")
        return value
    if col.kind == FLOAT:
        if len(text) > 40:
            raise ValueError(f"'{cut(text)}' is not a number")
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"'{cut(text)}' is not a number") from None
    if col.kind == BOOL:
        low = text.lower()
        if low not in ("true", "false"):
            raise ValueError(f"'{cut(text)}' is not true or false")
        return low == "true"
    raise AssertionError(col.kind)


def read_table(path: Path, table: Table, problems: list[Problem],
               unreadable: set[str] | None = None) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV as (first line number, raw row) pairs, checking its header.

    The whole file goes through the csv module (quoted fields may hold line breaks; a U+2028 inside a field
    is kept), with ``strict`` quoting. A UTF-8 byte-order mark (what Excel writes) is accepted. A file that
    cannot be read as a whole (missing, too large, not UTF-8, control characters, broken quoting) gives one
    problem and its table name is added to ``unreadable``, so other tables are not checked against it.
    """
    name = f"{path.parent.name}/{path.name}"
    before = len(problems)
    rows = _read_rows(path, name, table, problems)
    if unreadable is not None and len(problems) > before and not rows:
        unreadable.add(table.name)
    return rows


def _read_rows(path: Path, name: str, table: Table, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        problems.append(Problem(name, None, None, "the file is missing"))
        return []
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(name, None, None, f"the file is {size / 1e6:.1f} MB; the limit is "
                                                  f"{MAX_FILE_BYTES // 1_000_000} MB per source file"))
        return []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} at "
                                                  f"offset {exc.start} ({exc.reason}); save it as UTF-8"))
        return []
    bad = CONTROL_RE.search(text)
    if bad:
        n = len(CONTROL_RE.findall(text))
        more = f" (and {n - 1} more in this file)" if n > 1 else ""
        problems.append(Problem(name, text.count("\n", 0, bad.start()) + 1, None,
                                f"contains the control character U+{ord(bad.group()):04X}{more}; control "
                                "characters are not allowed (tabs and line breaks inside quoted text are)"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, None, "the file is empty: it needs at least the header line"))
        return []
    except csv.Error as exc:
        problems.append(Problem(name, 1, None, f"the header line cannot be read as CSV ({exc})"))
        return []
    header = [h.strip() for h in header]
    expected = table.column_names
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(name, 1, c, "this column is missing from the header"))
    for c in extra:
        problems.append(Problem(name, 1, c, f"unexpected column (expected: {', '.join(expected)})"))
    dupes = {c for c in header if header.count(c) > 1}
    for c in dupes:
        problems.append(Problem(name, 1, c, "this column appears more than once"))
    if missing or extra or dupes:
        return []
    rows = []
    last = reader.line_num
    try:
        for values in reader:
            line, last = last + 1, reader.line_num  # a record starts on the line after the previous one ended
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(Problem(name, line, None,
                                        f"has {len(values)} fields, the header has {len(header)}"))
                continue
            rows.append((line, dict(zip(header, (v.strip() for v in values)))))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            msg = "a quoted field that starts here is never closed (unterminated quote); nothing after it was read"
        else:
            msg = f"cannot be read as CSV ({exc}); nothing after it was read"
        problems.append(Problem(name, last + 1, None, msg))
        return []
    return rows


def validate(sources_dir: Path, as_of: dt.date) -> Parsed:
    """Validate every table; return typed rows, or raise :class:`ValidationFailed`."""
    problems: list[Problem] = []
    unreadable: set[str] = set()
    raw = {t.name: read_table(sources_dir / t.file, t, problems, unreadable) for t in schema.TABLES}
    problems += _check_core_tables(sources_dir, raw, unreadable)

    source_ids = {r["source_id"] for _, r in raw["sources"] if r.get("source_id")}
    iso3s = {r["iso3"] for _, r in raw["countries"] if r.get("iso3")}

    parsed: dict[str, list[dict[str, Any]]] = {}
    for table in schema.TABLES:
        fname = f"{sources_dir.name}/{table.file}"
        rows_out = []
        seen_keys: dict[tuple, int] = {}
        for line, row in raw[table.name]:
            out: dict[str, Any] = {}
            for col in table.columns:
                text = row[col.name]
                if len(text) > MAX_TEXT:
                    problems.append(Problem(fname, line, col.name, f"is longer than {MAX_TEXT} characters"))
                    text = text[:MAX_TEXT]
                bad_text = text_problem(text, single_line=col.name not in MULTILINE_COLUMNS)
                if bad_text:  # non-characters, bidi controls, line breaks in a single-line field: refused at entry
                    problems.append(Problem(fname, line, col.name, bad_text))
                    out[col.name] = None
                    continue
                if text == "":
                    if col.required:
                        what = "has no source" if col.kind == SOURCE_IDS else "is empty but required"
                        problems.append(Problem(fname, line, col.name, what))
                    out[col.name] = None
                    if col.kind == PDATE:
                        out[f"{col.name}_latest"] = out[f"{col.name}_precision"] = None
                    continue
                try:
                    value = _parse_value(col, text)
                except ValueError as exc:
                    problems.append(Problem(fname, line, col.name, str(exc)))
                    out[col.name] = None
                    continue
                if col.kind == ENUM and value not in col.allowed:
                    problems.append(Problem(fname, line, col.name,
                                            f"'{cut(value)}' is not one of: {', '.join(col.allowed)}"))
                if col.kind == ISO3 and value not in iso3s and "countries" not in unreadable:
                    problems.append(Problem(fname, line, col.name,
                                            f"unknown country code '{cut(value)}' (not in countries.csv)"))
                if col.kind == SOURCE_IDS:
                    ids = [s.strip() for s in value.split(";")]
                    if any(not s for s in ids):
                        problems.append(Problem(fname, line, col.name, f"'{cut(value)}' has an empty source id"))
                    for s in ids:
                        if s and s not in source_ids and "sources" not in unreadable:
                            problems.append(Problem(fname, line, col.name,
                                                    f"source id '{cut(s)}' does not resolve in sources.csv"))
                    value = ";".join(s for s in ids if s)
                problem = check_cell(col, value)
                if problem:
                    problems.append(Problem(fname, line, col.name, problem))
                if col.kind == PDATE:
                    # The first possible day stands in the column; the last (never after the as-of date: a source
                    # cannot report a later action) and the precision beside it.
                    out[f"{col.name}_latest"] = min(value.last, as_of)
                    out[f"{col.name}_precision"] = value.precision
                    value = value.first
                if col.kind in (DATE, PDATE) and value > as_of and not col.future_ok:
                    problems.append(Problem(fname, line, col.name,
                                            f"{value.isoformat()} is after the snapshot's as-of date "
                                            f"{as_of.isoformat()}"))
                out[col.name] = value
            if table.key:
                key = tuple(out.get(k) for k in table.key)
                if key in seen_keys:
                    problems.append(Problem(fname, line, None,
                                            "duplicates line " f"{seen_keys[key]} "
                                            f"({', '.join(f'{k}={v}' for k, v in zip(table.key, key))})"))
                else:
                    seen_keys[key] = line
            out["_line"] = line
            rows_out.append(out)
        parsed[table.name] = rows_out

    problems += _check_exact_duplicates(sources_dir, raw)
    problems += _check_meetings(f"{sources_dir.name}/meetings.csv", parsed["meetings"])
    problems += _check_countries(f"{sources_dir.name}/countries.csv", parsed["countries"])
    problems += _check_groups(f"{sources_dir.name}/group_membership.csv", parsed["group_membership"])
    problems += _check_treaty_events(f"{sources_dir.name}/treaty_events.csv", parsed["treaty_events"])
    problems += _check_record_checks(f"{sources_dir.name}/treaty_record_checks.csv",
                                     parsed["treaty_record_checks"], parsed["treaty_events"])
    if "treaty_events" not in unreadable:  # an unreadable or empty treaty_events.csv is already one problem
        problems += _check_conflicts(f"{sources_dir.name}/treaty_conflicts.csv", parsed["treaty_conflicts"],
                                     parsed["treaty_events"])
    problems += _check_counts(f"{sources_dir.name}/official_counts.csv", parsed["official_counts"])
    problems += _check_names(f"{sources_dir.name}/country_names.csv", parsed["country_names"],
                             {r["source_id"]: r for r in parsed["sources"]})
    problems += _check_votes(f"{sources_dir.name}/unga_votes.csv", parsed["unga_votes"],
                             {r["symbol"] for r in parsed["unga_resolutions"]})

    if problems:
        raise ValidationFailed(problems)
    for rows in parsed.values():
        for r in rows:
            r.pop("_line", None)
    return Parsed(parsed)


_NAME_ARTICLE = re.compile(r"\((?:the|l'|l’|le|la|les|el|los|las)\)\s*$")


def _check_names(fname: str, rows: list[dict], sources: dict[str, dict]) -> list[Problem]:
    """Names are the UN's, without UNTERM's sorting article; a name from elsewhere is said to be so in notes."""
    out = []
    for r in rows:
        for code in ("ar", "zh", "en", "fr", "ru", "es"):
            if _NAME_ARTICLE.search(r.get(f"name_{code}") or ""):
                out.append(Problem(fname, r["_line"], f"name_{code}", "ends with UNTERM's article in brackets "
                                   "(write \"Netherlands\", not \"Netherlands (the)\")"))
        ids = [s for s in (r.get("source_ids") or "").split(";") if s]
        if any(sources.get(s, {}).get("authority") == "other" for s in ids) and not r.get("notes"):
            out.append(Problem(fname, r["_line"], "notes", "a name not taken from the UN (UNTERM, UNSD) needs a "
                                                           "note saying which names come from where"))
    return out


def check_cell(col: schema.Column, value: Any) -> str | None:
    """What is wrong with one parsed cell beyond its type, or None.

    - Free text must not start like a spreadsheet formula (``=``, ``+``, ``@``, or ``-`` not followed by a plain
      number): a CSV export opened in Excel would run it (OWASP CSV injection).
    - A ``url`` column holds an http(s) address or plain words (where the sources give no address); any other
      scheme (``javascript:``, ``data:``, ``file:``) or a ``//host`` address is refused, and so is an address
      shortened with "…" or holding a ``{placeholder}``: documents cite it whole.
    """
    if col.kind != TEXT or not isinstance(value, str):
        return None
    if FORMULA_RE.match(value):
        return (f"starts with '{value[0]}', which a spreadsheet runs as a formula; rephrase it so that it does "
                "not start with =, +, - or @")
    if (col.name == "url" or col.name.endswith("_url")) and has_scheme(value) and not web_url(value):
        # judged as a browser or PDF viewer reads it: 'java<TAB>script:' is 'javascript:' to them
        return f"'{cut(value, 40)}' is not an http:// or https:// address"
    if (col.name == "url" or col.name.endswith("_url")) and re.match(r"^https?://", value, re.IGNORECASE) \
            and re.search(r"…|\{[^}]*\}", value):
        return (f"'{cut(value, 60)}' is not a whole address (shortened with … or holding a placeholder in braces): "
                "documents cite the address as written here")
    return None


def _check_exact_duplicates(sources_dir: Path, raw: dict[str, list[tuple[int, dict[str, str]]]]) -> list[Problem]:
    """In a table without a key, a row repeated exactly is a copy-paste slip: each fact is one row."""
    out = []
    for table in schema.TABLES:
        if table.key:
            continue
        seen: dict[tuple, int] = {}
        for line, row in raw[table.name]:
            values = tuple(row[c] for c in table.column_names)
            if values in seen:
                out.append(Problem(f"{sources_dir.name}/{table.file}", line, None,
                                   f"repeats line {seen[values]} exactly"))
            else:
                seen[values] = line
    return out


def _check_core_tables(sources_dir: Path, raw: dict[str, list], unreadable: set[str]) -> list[Problem]:
    """A core table with only its header is one problem; other tables are then not checked against it."""
    empty = [name for name in CORE_TABLES if name in raw and not raw[name] and name not in unreadable]
    unreadable.update(empty)
    return [Problem(f"{sources_dir.name}/{name}.csv", None, None, "has no rows: this core table must not be empty")
            for name in empty]


def _check_meetings(fname: str, rows: list[dict]) -> list[Problem]:
    return [Problem(fname, r["_line"], "end_date", f"{r['end_date']} is before start_date {r['start_date']}")
            for r in rows if r.get("start_date") and r.get("end_date") and r["end_date"] < r["start_date"]]


def _check_countries(fname: str, rows: list[dict]) -> list[Problem]:
    out = []
    for r in rows:
        if r["iso3"] and not ISO3_RE.match(r["iso3"]):
            out.append(Problem(fname, r["_line"], "iso3", f"'{r['iso3']}' is not three capital letters"))
        if r["m49"] and not M49_RE.match(r["m49"]):
            out.append(Problem(fname, r["_line"], "m49", f"'{r['m49']}' is not a 3-digit M49 code"))
    return out


def _check_groups(fname: str, rows: list[dict]) -> list[Problem]:
    out = []
    for r in rows:
        if r["valid_from"] and r["valid_to"] and r["valid_to"] <= r["valid_from"]:
            out.append(Problem(fname, r["_line"], "valid_to", "ends on or before valid_from"))
        if r.get("valid_from_earliest") and (not r["valid_from"] or r["valid_from_earliest"] > r["valid_from"]):
            out.append(Problem(fname, r["_line"], "valid_from_earliest",
                               "must be on or before valid_from (the change lies between the two)"))
    return out


def _check_treaty_events(fname: str, rows: list[dict]) -> list[Problem]:
    out = []
    by_state: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["iso3"] and r["event_type"] and r["event_date"]:
            by_state[r["iso3"]].append(r)
        if r["event_date"] and r["event_date_latest"] < OPENED_FOR_SIGNATURE:
            out.append(Problem(fname, r["_line"], "event_date",
                               f"{r['event_date']} is before the Treaty opened for signature "
                               f"({OPENED_FOR_SIGNATURE})"))
        if (r["event_type"] in CONSENT_TYPES and r["event_date"] and r["effective_date"]
                and r["event_date_precision"] == "day"
                and r["effective_date"] != entry_into_force(r["event_date"])):
            out.append(Problem(fname, r["_line"], "effective_date",
                               f"{r['effective_date']} is inconsistent with Art. 22: a deposit on "
                               f"{r['event_date']} enters into force on {entry_into_force(r['event_date'])}"))
    for iso3, events in by_state.items():
        sigs = [e for e in events if e["event_type"] == "signature"]
        consents = [e for e in events if e["event_type"] in CONSENT_TYPES]
        for extra in sigs[1:]:
            out.append(Problem(fname, extra["_line"], "event_type", f"{iso3} has a second signature"))
        for extra in consents[1:]:
            out.append(Problem(fname, extra["_line"], "event_type",
                               f"{iso3} has a second instrument of consent"))
        if sigs and consents and consents[0]["event_date_latest"] < sigs[0]["event_date"]:
            out.append(Problem(fname, consents[0]["_line"], "event_date",
                               f"{iso3}: deposit on {consents[0]['event_date']} is before its signature on "
                               f"{sigs[0]['event_date']}"))
        if sigs and consents and consents[0]["event_type"] == "accession":
            out.append(Problem(fname, consents[0]["_line"], "event_type",
                               f"{iso3} signed, so its instrument cannot be an accession"))

    return out


def _check_record_checks(fname: str, checks: list[dict], events: list[dict]) -> list[Problem]:
    first_action: dict[str, dt.date] = {}
    in_force: dict[str, dt.date] = {}
    for e in events:
        if e["iso3"] and e["event_date"]:
            # an action known only to a month or year surely preceded a date only once its window has
            last = e["event_date_latest"] or e["event_date"]
            first_action[e["iso3"]] = min(last, first_action.get(e["iso3"], last))
            if e["event_type"] in CONSENT_TYPES:
                in_force[e["iso3"]] = entry_into_force(last)
    out = []
    for c in checks:
        first = first_action.get(c["iso3"])
        eif = in_force.get(c["iso3"])
        if c["finding"] == "party" and c["checked_on"] and eif and eif > c["checked_on"]:
            out.append(Problem(fname, c["_line"], "finding",
                               f"says {c['iso3']} was a State Party on {c['checked_on']}, but treaty_events.csv "
                               f"puts its entry into force on {eif}"))
        if c["finding"] == "no_action" and c["checked_on"] and first and first <= c["checked_on"]:
            out.append(Problem(fname, c["_line"], "finding",
                               f"says {c['iso3']} had taken no action by {c['checked_on']}, but treaty_events.csv "
                               f"records an action on {first}"))
    return out


def _check_conflicts(fname: str, conflicts: list[dict], events: list[dict]) -> list[Problem]:
    """A conflict's kept value must be the value treaty_events holds (the losing value is the other one)."""
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in events:
        if e["iso3"] and e["event_type"] and e["event_date"]:
            held[(e["iso3"], e["event_type"])].add(_pdate_text(e))
    out = []
    for c in conflicts:
        if not (c["iso3"] and c["event_type"] and c["field"] and c["kept_value"]):
            continue
        values = held.get((c["iso3"], c["event_type"]))
        if not values:
            out.append(Problem(fname, c["_line"], "event_type",
                               f"treaty_events.csv has no {c['event_type']} of {c['iso3']}"))
        elif c["field"] == "event_date" and c["kept_value"] not in values:
            out.append(Problem(fname, c["_line"], "kept_value",
                               f"'{c['kept_value']}' is not the date treaty_events.csv holds for {c['iso3']}'s "
                               f"{c['event_type']} ({', '.join(sorted(values))})"))
        elif c["field"] == "event_type" and c["kept_value"] != c["event_type"]:
            out.append(Problem(fname, c["_line"], "kept_value", f"'{c['kept_value']}' should equal event_type"))
        if c["kept_value"] == c["other_value"]:
            out.append(Problem(fname, c["_line"], "other_value", "equals the kept value: no conflict"))
    return out


def _pdate_text(row: dict, col: str = "event_date") -> str:
    """The partial date as it was written (YYYY, YYYY-MM or YYYY-MM-DD)."""
    d, precision = row[col], row[f"{col}_precision"]
    return {"year": f"{d:%Y}", "month": f"{d:%Y-%m}"}.get(precision, d.isoformat())


def _check_counts(fname: str, rows: list[dict]) -> list[Problem]:
    out = []
    for r in rows:
        if r["signatories"] is None and r["parties"] is None:
            out.append(Problem(fname, r["_line"], None, "gives neither signatories nor parties"))
        for col in ("signatories", "parties"):
            if r[col] is not None and not 0 <= r[col] <= 250:
                out.append(Problem(fname, r["_line"], col, f"{r[col]} is not a possible number of States"))
    return out


def _check_votes(fname: str, rows: list[dict], symbols: set[str]) -> list[Problem]:
    return [
        Problem(fname, r["_line"], "symbol", f"resolution '{r['symbol']}' is not in unga_resolutions.csv")
        for r in rows if r["symbol"] and r["symbol"] not in symbols
    ]
