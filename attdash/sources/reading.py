"""Read an uploaded XLSX or CSV into raw rows per table, as the Secretariat really keeps its files.

Accepted and noted: a title row (or several) above the header, blank rows, spaces around values, dates typed as
Excel dates or as text (2025-03-01, 1 March 2025, 01/03/2025 read day first), numbers stored as 2024.0, yes/no for
true/false, an enumeration typed with capitals or spaces ("Not approved"), and State names instead of ISO3 codes
(resolved through countries.csv and country_aliases.csv by :mod:`attdash.country_match`; each resolution is
listed). What cannot be read becomes a :class:`attdash.sources.validate.Problem` naming the sheet, the row and the column.
Nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from attdash.sources import schema
from attdash.country_match import NameMatcher, UnknownName
from attdash.sources.schema import BOOL, DATE, ENUM, FLOAT, INT, PDATE, YEAR
from attdash.sources.catalog import SECRETARIAT_TABLES
from attdash.sources.template import NOT_DATA
from attdash.sources.validate import CONTROL_RE, MAX_FILE_BYTES, Problem

MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20
#: Header words that mean the State column.
STATE_HEADERS = {"state", "country", "state_name", "country_name", "member_state", "name_of_state"}
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9


class UnreadableFile(ValueError):
    """The file cannot be read at all (not XLSX/CSV, damaged, too large). One line."""


@dataclass
class UploadRow:
    sheet: str
    row: int  # as the spreadsheet numbers it (1 = first row)
    values: dict[str, str]


@dataclass
class Upload:
    file_name: str
    sha256: str
    tables: dict[str, list[UploadRow]] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # table → sheet it came from
    problems: list[Problem] = field(default_factory=list)
    #: Conversions made while reading, for the user to see: (sheet, row, column, what was read, as what).
    notes: list[tuple[str, int, str, str, str]] = field(default_factory=list)


class _Formula(str):
    """A cell holding a formula whose result the file does not carry (written by a script, never opened in
    Excel): its value is unknown, so it is a problem, never read as blank."""


def _header_key(value: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(value if value is not None else "").strip().casefold())


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _text_date(text: str) -> str | None:
    """A date typed as text in another common form → YYYY-MM-DD; None when it is no such form."""
    t = text.strip().replace(",", " ")
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", t)  # 1 March 2025
    if m and m.group(2).casefold() in MONTHS:
        d, mo, y = int(m.group(1)), MONTHS[m.group(2).casefold()], int(m.group(3))
    else:
        m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})\s+(\d{4})", t)  # March 1 2025
        if m and m.group(1).casefold() in MONTHS:
            d, mo, y = int(m.group(2)), MONTHS[m.group(1).casefold()], int(m.group(3))
        else:
            m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", t)  # 01/03/2025: day first (UN usage)
            if not m:
                return None
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _excel_serial(text: str) -> str | None:
    """A date cell Excel stored as a plain number (days since 1899-12-30)."""
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        n = int(float(text))
        if 20000 <= n <= 80000:
            return (dt.date(1899, 12, 30) + dt.timedelta(days=n)).isoformat()
    return None


class _Reader:
    def __init__(self, upload: Upload, matcher: NameMatcher | None, countries: set[str]):
        self.up = upload
        self.matcher = matcher
        self.countries = countries

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.up.problems.append(Problem(sheet, row, column, message))

    def note(self, sheet: str, row: int, column: str, raw: str, value: str) -> None:
        self.up.notes.append((sheet, row, column, raw, value))

    def table_for(self, sheet: str, header: list[str], wanted: str | None) -> schema.Table | None:
        if wanted:
            return schema.TABLES_BY_NAME[wanted]
        key = _header_key(sheet)
        if key in SECRETARIAT_TABLES:
            return schema.TABLES_BY_NAME[key]
        cols = {_header_key(h) for h in header}
        fits = [n for n in SECRETARIAT_TABLES
                if {c.name for c in schema.TABLES_BY_NAME[n].columns if c.required} <= cols | {"iso3", "source_ids"}
                and len(cols & set(schema.TABLES_BY_NAME[n].column_names)) >= 2]
        if len(fits) == 1:
            return schema.TABLES_BY_NAME[fits[0]]
        return None

    def header_row(self, rows: list[list[object]], table: schema.Table | None) -> int | None:
        """The index of the header: the first of the top rows holding at least two column names (or a State
        heading and a column name)."""
        names = set(table.column_names) if table else {c for n in SECRETARIAT_TABLES
                                                     for c in schema.TABLES_BY_NAME[n].column_names}
        for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]):
            keys = {_header_key(v) for v in r}
            if len(keys & names) + bool(keys & STATE_HEADERS) >= 2:
                return i
        return None

    def sheet(self, sheet: str, rows: list[list[object]], wanted: str | None) -> None:
        if not any(_cell_text(v).strip() for r in rows for v in r):
            return
        pre = schema.TABLES_BY_NAME[wanted] if wanted else None
        h = self.header_row(rows, pre)
        if h is None:
            self.problem(sheet, None, None, "no header row found in the first 20 rows: the header names the "
                                            "columns as in the template (e.g. iso3, meeting_id)")
            return
        header = [_header_key(v) for v in rows[h]]
        table = self.table_for(sheet, header, wanted)
        if table is None:
            self.problem(sheet, h + 1, None, "which table this sheet fills is not clear: name the sheet after "
                                             "the table, as in the template (e.g. assistance_requests)")
            return
        if table.name in self.up.tables:
            self.problem(sheet, None, None, f"a second sheet for {table.name} (first: {self.up.sheets[table.name]})")
            return
        expected = set(table.column_names)
        index: dict[str, int] = {}
        for i, k in enumerate(header):
            if not k:
                continue
            if k in STATE_HEADERS and "iso3" in expected and "iso3" not in header:
                k = "iso3"
            if k in index:
                self.problem(sheet, h + 1, k, "this column appears more than once")
            elif k in expected:
                index[k] = i
            else:
                self.problem(sheet, h + 1, k, f"unexpected column (expected: {', '.join(table.column_names)})")
        for c in table.columns:
            if c.name not in index and c.required and c.name != "source_ids":
                self.problem(sheet, h + 1, c.name, "this required column is missing from the header")
        self.up.sheets[table.name] = sheet
        out = self.up.tables.setdefault(table.name, [])
        example = {k: v for k, v in table.example.items() if v}
        for n, r in enumerate(rows[h + 1:], h + 2):
            cells = {c: (r[i] if i < len(r) else None) for c, i in index.items()}
            if not any(_cell_text(v).strip() for v in cells.values()):
                continue
            if len(out) >= MAX_ROWS:
                self.problem(sheet, n, None, f"more than {MAX_ROWS} rows; split the file")
                break
            if example and all(_cell_text(cells.get(k)).strip() == v for k, v in example.items()):
                self.problem(sheet, n, None, "this is the template's example row (synthetic); delete it")
                continue
            values = {c.name: self.value(sheet, n, c, cells.get(c.name)) for c in table.columns}
            out.append(UploadRow(sheet, n, values))

    def value(self, sheet: str, row: int, col: schema.Column, v: object) -> str:
        if isinstance(v, _Formula):
            self.problem(sheet, row, col.name, f"holds a formula ({v[:40]}) whose result the file does not "
                                               "carry; type the value itself")
            return ""
        raw = _cell_text(v)
        text = re.sub(r"[\u00a0\s]+", " ", raw).strip() if "\n" not in raw else raw.strip()
        if not text:
            return ""
        if CONTROL_RE.search(text):
            text = CONTROL_RE.sub("", text)
        if col.kind in (DATE, PDATE):
            if isinstance(v, (dt.date, dt.datetime)):
                return text
            iso = _excel_serial(text) or (None if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else _text_date(text))
            if iso:
                self.note(sheet, row, col.name, text, iso)
                return iso
            return text
        if col.kind in (INT, YEAR) and re.fullmatch(r"-?\d+\.0+", text):
            return text.split(".")[0]
        if col.kind == BOOL:
            low = text.casefold()
            mapped = {"yes": "true", "no": "false", "y": "true", "n": "false", "1": "true", "0": "false",
                      "true": "true", "false": "false", "oui": "true", "non": "false"}.get(low)
            if mapped and mapped != text:
                self.note(sheet, row, col.name, text, mapped)
            return mapped or text
        if col.kind == ENUM and text not in col.allowed:
            low = re.sub(r"[\s\-]+", "_", text.casefold())
            match = next((a for a in col.allowed if a.casefold() == low or a.casefold() == text.casefold()), None)
            if match:
                return match
            return text
        if col.kind == FLOAT:
            t = text.replace(",", "").replace(" ", "")
            return t if re.fullmatch(r"-?\d+(\.\d+)?", t) else text
        if col.kind == schema.ISO3:
            if text.upper() in self.countries:
                return text.upper()
            if self.matcher is not None:
                try:
                    iso3 = self.matcher.iso3(text)
                except UnknownName:
                    self.problem(sheet, row, col.name, f"'{text[:60]}' is neither an ISO3 code nor a State name we "
                                                       "know (countries and their other names)")
                    return text
                self.note(sheet, row, col.name, text, iso3)
                return iso3
        return text


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[list[object]]]]:
    from openpyxl import load_workbook
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip/XML errors of a damaged or non-Excel file
        raise UnreadableFile(f"the file cannot be opened as an Excel workbook ({type(exc).__name__})") from None
    # The same file read for its formulas: a formula cell without a saved result reads as None above.
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        out = []
        for ws in wb.worksheets:
            if ws.title in NOT_DATA or ws.title.startswith("Example") or ws.sheet_state != "visible":
                continue
            rows = []
            for r, f in zip(ws.iter_rows(values_only=True), formulas[ws.title].iter_rows(values_only=True)):
                rows.append([_Formula(fv) if v is None and isinstance(fv, str) and fv.startswith("=") else v
                             for v, fv in zip(r, f)] + list(r[len(f):]))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
            out.append((ws.title, rows))
        return out
    finally:
        wb.close()
        formulas.close()


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the CSV file is not UTF-8 text: save it as 'CSV UTF-8' (or upload the Excel file)") \
            from None
    # The separator (Excel writes ';' in many locales): the one most frequent on a single line among the first.
    first = text.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max(",;\t", key=lambda d: max((line.count(d) for line in first), default=0))
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV file cannot be read ({exc})") from None


def read_upload(file_name: str, data: bytes, sources_dir: Path, table: str | None = None) -> Upload:
    """Read an uploaded file; raises :class:`UnreadableFile` for a file that is no XLSX/CSV at all."""
    if table is not None and table not in SECRETARIAT_TABLES:
        raise UnreadableFile(f"'{table[:40]}' is not a table the Secretariat feeds "
                             f"(one of: {', '.join(SECRETARIAT_TABLES)})")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB")
    if not data:
        raise UnreadableFile("the file is empty")
    name = Path(file_name).name[:200] or "upload"
    up = Upload(name, hashlib.sha256(data).hexdigest())
    countries = set()
    with (sources_dir / "countries.csv").open(encoding="utf-8", newline="") as f:
        countries = {r["iso3"] for r in csv.DictReader(f)}
    reader = _Reader(up, NameMatcher.from_sources(sources_dir), countries)
    is_xlsx = data[:2] == b"PK"
    if is_xlsx:
        sheets = _xlsx_sheets(data)
        if table is not None and len(sheets) > 1:
            sheets = [s for s in sheets if _header_key(s[0]) == table] or sheets[:1]
        for sheet, rows in sheets:
            reader.sheet(sheet, rows, table)
    else:
        if name.lower().endswith((".xls", ".xlsm", ".ods")):
            raise UnreadableFile("save the workbook as .xlsx (Excel workbook) or as CSV UTF-8")
        stem = _header_key(Path(name).stem)
        wanted = table or (stem if stem in SECRETARIAT_TABLES else None)
        reader.sheet(name, _csv_rows(data), wanted)
    if not up.tables and not up.problems:
        up.problems.append(Problem(name, None, None, "no table found: use a template (one sheet named after "
                                                     "its table, e.g. assistance_requests)"))
    return up
