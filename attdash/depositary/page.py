"""Read the depositary's participant table for the Arms Trade Treaty (UN Treaty Collection, MTDSG XXVI-8).

Two formats, both published by the UN Treaty Collection (UNTC):

* the **ViewDetails HTML page** (``Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en``):
  a header with ``STATUS AS AT : 15-05-2025 ...`` and ``Status : Signatories : 130. Parties : 116``, then the
  participant grid, a ``<table>`` whose id ends in ``tblgrid`` (``ctl00_ContentPlaceHolder1_tblgrid`` on the
  older layout, ``ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid`` on the newer one),
  first row = column headers;
* the **MTDSG XML** (``doc/Publication/MTDSG/Volume II/Chapter XXVI/XXVI-8.en.xml``): the same table as
  ``Participants/Table/TGroup/Thead/Row/Entry`` and ``.../Tbody/Rows/Row/Entry``; footnote marks are written
  as ``<superscript>3</superscript>`` (often escaped inside the text); the copy carries no "status as at" date.

XXVI-8 has four columns: Participant | Signature | Provisional application under article 23(n) |
Approval(AA), Acceptance(A), Accession(a), Ratification. A date is printed ``3 Jun 2013`` (day padded with a
non-breaking space or a tab, e.g. ``29 May\\t 2013``), followed by the kind of instrument: ``a`` accession,
``A`` acceptance, ``AA`` approval, nothing = ratification; ``n`` marks the Art. 23 declaration of provisional
application. Footnote marks follow the participant's name (``Serbia 3``, ``<sup>3</sup>``).

Everything here is a pure function of the page's bytes: :func:`read_page` returns a :class:`DepositaryTable`
or raises :class:`BadPage` with a one-line reason. It checks the table against its own header (the number of
signatures and of instruments must equal the header's counts), so a truncated page is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lxml import etree, html

from attdash.text_rules import cut, is_depositary_url, text_problem
from attdash.vocab import OPENED_FOR_SIGNATURE, VIEWDETAILS_URL
XML_URL = "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-8.en.xml"

#: The marks after a date in the consent column, and what they mean.
CONSENT_MARKS = {"": "ratification", "a": "accession", "A": "acceptance", "AA": "approval"}
PROVISIONAL_MARK = "n"

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_DATE_CELL = re.compile(r"^\[?\s*(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\s*([A-Za-z]{1,2})?\s*\]?$")
_ESCAPED_SUP = re.compile(r"<\s*(superscript|sup)\s*>.*?<\s*/\s*(superscript|sup)\s*>", re.I | re.S)
_TRAILING_MARKS = re.compile(r"(?:\s*,)?(?:\s+\d{1,3}\s*,?)+\s*$")
_STATUS_AS_AT = re.compile(
    r"status\s+as\s+at\s*:?\s*(?:(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})|(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4}))", re.I)
_COUNTS = re.compile(r"signatories\s*:?\s*(\d+)\s*[.;,]?\s*parties\s*:?\s*(\d+)", re.I)


#: A table's own rows (not those of a table nested in one of its cells).
_OWN_ROWS = "./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"


class BadPage(ValueError):
    """The input is not a readable, complete XXVI-8 participant table (message: one line)."""


@dataclass(frozen=True)
class Participant:
    """One row of the participant table, footnote marks removed from the name."""

    name: str
    signature: dt.date | None
    provisional_application: dt.date | None
    consent: dt.date | None
    consent_type: str | None
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepositaryTable:
    status_as_at: dt.date
    signatories: int
    parties: int
    participants: tuple[Participant, ...]
    format: str  # "html" or "xml"
    url: str  # where the page says it comes from (or the UNTC address of its kind)


def clean_text(text: str) -> str:
    """Collapse tabs, non-breaking and other spaces to one space; strip."""
    return _SPACES.sub(" ", text or "").strip()


def long_date(d: dt.date) -> str:
    """``15 May 2025`` (the depositary's style, unpadded)."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def _calendar_date(day: str, month: str, year: str, what: str) -> dt.date:
    m = MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
    if not m or (not month.isdigit() and month.lower() not in (MONTH_NAMES[m - 1].lower(), month[:3].lower())):
        raise BadPage(f"{what}: {day} {month} {year} has no month called {month!r}")
    try:
        return dt.date(int(year), m, int(day))
    except ValueError:
        raise BadPage(f"{what}: {day} {month} {year} is not a real calendar date") from None


def parse_cell_date(text: str, what: str) -> tuple[dt.date, str] | None:
    """``' 3 Jun 2013 n'`` → (2013-06-03, 'n'); empty → None; anything else → BadPage."""
    t = clean_text(text)
    if not t:
        return None
    m = _DATE_CELL.match(t)
    if not m:
        raise BadPage(f"{what}: cannot read {cut(t)!r} as a date like '3 Jun 2013'")
    return _calendar_date(m.group(1), m.group(2), m.group(3), what), m.group(4) or ""


def split_name(raw: str) -> tuple[str, tuple[str, ...]]:
    """Participant name without footnote marks, and the marks (``'Serbia 3, 4'`` → ('Serbia', ('3', '4')))."""
    marks: list[str] = []
    for m in _ESCAPED_SUP.finditer(raw):
        marks += re.findall(r"\d+", m.group(0))
    text = clean_text(_ESCAPED_SUP.sub(" ", raw))
    tail = _TRAILING_MARKS.search(text)
    if tail:
        marks += re.findall(r"\d+", tail.group(0))
        text = text[: tail.start()]
    return clean_text(text.rstrip(",")), tuple(marks)


# --- the two formats, reduced to (header texts, rows of (name cell text, other cell texts)) ---

def _text_without_marks(el, mark_tags: tuple[str, ...]) -> tuple[str, list[str]]:
    """An element's text with footnote-mark children (<sup>, <superscript>) removed; the marks separately."""
    parts: list[str] = []
    marks: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in mark_tags:
                marks.extend(re.findall(r"\d+", "".join(child.itertext())))
                parts.append(" ")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts), marks


def _grid_from_html(doc) -> tuple[list[str], list[tuple[str, list[str], list[str]]]] | None:
    tables = doc.xpath("//table[contains(translate(@id, 'TBLGRID', 'tblgrid'), 'tblgrid')]")
    if not tables:
        tables = [t for t in doc.xpath("//table")
                  if (rows := t.xpath(_OWN_ROWS)) and clean_text(rows[0].text_content()).lower().startswith("participant")]
    if not tables:
        return None
    rows = [r for r in tables[0].xpath(_OWN_ROWS) if r.xpath("./td|./th")]
    if not rows:
        return None
    header = [clean_text(c.text_content()) for c in rows[0].xpath("./td|./th")]
    out = []
    for r in rows[1:]:
        cells = r.xpath("./td|./th")
        name, marks = _text_without_marks(cells[0], ("sup",))
        out.append((name, marks, [c.text_content() for c in cells[1:]]))
    return header, out


def _grid_from_xml(root) -> tuple[list[str], list[tuple[str, list[str], list[str]]]] | None:
    head = root.find(".//Participants//Thead//Row")
    body = root.findall(".//Participants//Tbody//Row")
    if head is None:
        return None
    header = [clean_text(_ESCAPED_SUP.sub("", "".join(e.itertext()))) for e in head.findall("Entry")]
    out = []
    for r in body:
        entries = r.findall("Entry")
        if not entries:
            continue
        name, marks = _text_without_marks(entries[0], ("superscript", "sup"))
        out.append((name, marks, ["".join(e.itertext()) for e in entries[1:]]))
    return header, out


def _columns(header: list[str]) -> dict[str, int]:
    """Index of each column by what it holds, read from the header texts (order-free)."""
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        low = h.lower()
        if i == 0 and low.startswith("participant"):
            cols["participant"] = i
        elif "provisional" in low:
            cols["provisional"] = i
        elif "ratification" in low or "accession" in low:
            cols["consent"] = i
        elif low.startswith("signature"):
            cols["signature"] = i
    missing = [c for c in ("participant", "signature", "consent") if c not in cols]
    if missing:
        raise BadPage(f"the participant table's header {cut(header)!r} lacks the {missing[0]} column")
    return cols


def _status_date(text: str) -> dt.date | None:
    m = _STATUS_AS_AT.search(text)
    if not m:
        return None
    if m.group(1):
        return _calendar_date(m.group(1), m.group(2), m.group(3), "the 'Status as at' date")
    return _calendar_date(m.group(4), m.group(5), m.group(6), "the 'Status as at' date")


#: The longest participant name (the UN's longest State name is about 50 characters).
MAX_NAME = 120
#: More participants than there are States is not a count (and int() of thousands of digits is refused by Python).
MAX_COUNT = 1000


def _count(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,4}", text) or int(text) > MAX_COUNT:
        raise BadPage(f"the header count {cut(text, 20)!r} is not a number of States (0 to {MAX_COUNT})")
    return int(text)


def _counts(text: str, root=None) -> tuple[int, int] | None:
    if root is not None:
        sig, par = root.find(".//Signatories"), root.find(".//Parties")
        if sig is not None and par is not None and clean_text(sig.text or "").isdigit() \
                and clean_text(par.text or "").isdigit():
            return _count(clean_text(sig.text)), _count(clean_text(par.text))
    m = _COUNTS.search(text)
    return (_count(m.group(1)), _count(m.group(2))) if m else None


def _origin_url(doc) -> str:
    """The page's own address when it is on the depositary's host (https://treaties.un.org), else the UNTC
    address of XXVI-8. A saved page names its origin itself, so anything else it names is not trusted: only
    the depositary is the depositary (``https://evil.example/phish?treaties.un.org`` is not)."""
    for href in doc.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
        if is_depositary_url(href) and "XXVI-8" in href:
            return href
    for action in doc.xpath("//form/@action"):
        if "ViewDetails.aspx" in action and "XXVI-8" in action:
            url = "https://treaties.un.org/Pages/ViewDetails.aspx" + action.split("ViewDetails.aspx", 1)[1]
            if is_depositary_url(url):
                return url
    return VIEWDETAILS_URL


def check_status_date(day: dt.date, today: dt.date | None = None) -> None:
    """A status date the depositary could have printed: from the opening for signature to today. A later date
    would be written into the sources and make every later snapshot build fail."""
    today = today or dt.date.today()
    if not OPENED_FOR_SIGNATURE <= day <= today:
        raise BadPage(f"the status date {day.isoformat()} is outside {OPENED_FOR_SIGNATURE.isoformat()} – "
                      f"{today.isoformat()} (from the Treaty's opening for signature to today)")


def read_page(data: bytes, status_as_at: dt.date | None = None) -> DepositaryTable:
    """Parse a ViewDetails HTML page or an MTDSG XML file. ``status_as_at`` is needed only when the
    page does not state its date (the XML); when it does, the two must agree."""
    if not data or not data.strip():
        raise BadPage("the file is empty")
    head = data.lstrip()[:200].lower()
    is_xml = head.startswith(b"<?xml") and b"<html" not in data[:2000].lower()
    if is_xml:
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                          load_dtd=False, huge_tree=False))
        except etree.XMLSyntaxError as exc:
            raise BadPage(f"the XML cannot be read (truncated?): {str(exc).splitlines()[0]}") from None
        text = clean_text(" ".join(root.itertext()))
        grid = _grid_from_xml(root)
        counts = _counts(text, root)
        fmt, url = "xml", XML_URL
    else:
        try:
            doc = html.document_fromstring(data)
        except (etree.ParserError, ValueError) as exc:
            raise BadPage(f"the page cannot be read as HTML: {exc}") from None
        for bad in doc.xpath("//script|//style"):
            bad.drop_tree()
        text = clean_text(doc.text_content())
        grid = _grid_from_html(doc)
        counts = _counts(text)
        fmt, url = "html", _origin_url(doc)
    stated = _status_date(text)
    if grid is None and stated is None:
        title = clean_text(text)[:60]
        raise BadPage(f"not a UN Treaty Collection status page (no 'Status as at' line and no participant table; "
                      f"an error page?): {title!r}")
    if "arms trade treaty" not in text.lower() and "xxvi-8" not in text.lower():
        raise BadPage("the page is not the status of XXVI-8 (the Arms Trade Treaty is not named on it)")
    if grid is None:
        raise BadPage("the page has no participant table (truncated or an error page?)")
    if counts is None:
        raise BadPage("the page has no header counts ('Signatories : N. Parties : N')")
    if stated and status_as_at and stated != status_as_at:
        raise BadPage(f"the page says status as at {stated.isoformat()}, not {status_as_at.isoformat()}")
    as_at = stated or status_as_at
    if as_at is None:
        raise BadPage("the file does not say its 'status as at' date: give it with --status-as-at YYYY-MM-DD")
    check_status_date(as_at)
    header, rows = grid
    cols = _columns(header)
    participants = _participants(rows, cols, as_at)
    sig = sum(1 for p in participants if p.signature)
    par = sum(1 for p in participants if p.consent)
    if (sig, par) != counts:
        raise BadPage(f"the table does not match its header ({counts[0]} signatories and {counts[1]} parties in "
                      f"the header, {sig} and {par} in the table): a truncated page?")
    return DepositaryTable(as_at, counts[0], counts[1], tuple(participants), fmt, url)


def _participants(rows, cols: dict[str, int], as_at: dt.date) -> list[Participant]:
    out: list[Participant] = []
    seen: set[str] = set()
    for n, (raw_name, marks, cells) in enumerate(rows, start=1):
        name, more_marks = split_name(raw_name)
        if not name:
            raise BadPage(f"row {n} of the participant table has no participant name"
                          + (" (the table ends there: a truncated page?)" if n == len(rows) else ""))
        problem = text_problem(name, single_line=True)
        if problem or len(name) > MAX_NAME:
            raise BadPage(f"row {n} of the participant table: the name {cut(name)!r} "
                          + (problem or f"is longer than {MAX_NAME} characters") + "; not a State's name")
        if name.lower() in seen:
            raise BadPage(f"{name} appears twice in the participant table")
        seen.add(name.lower())

        def cell(key: str) -> str:
            i = cols.get(key)
            return cells[i - 1] if i is not None and i - 1 < len(cells) else ""

        sig = parse_cell_date(cell("signature"), f"{name}, signature")
        prov = parse_cell_date(cell("provisional"), f"{name}, provisional application")
        cons = parse_cell_date(cell("consent"), f"{name}, instrument")
        if sig and sig[1]:
            raise BadPage(f"{name}, signature: unexpected mark {sig[1]!r} after the date")
        if prov and prov[1] not in ("", PROVISIONAL_MARK):
            raise BadPage(f"{name}, provisional application: unexpected mark {prov[1]!r} after the date")
        if cons and cons[1] not in CONSENT_MARKS:
            raise BadPage(f"{name}, instrument: unknown mark {cons[1]!r} (expected a, A, AA or none)")
        if not (sig or prov or cons):
            raise BadPage(f"{name} has no date in the participant table (a truncated page?)")
        for what, d in (("signature", sig), ("provisional application", prov), ("instrument", cons)):
            if d and d[0] < OPENED_FOR_SIGNATURE:
                raise BadPage(f"{name}, {what}: {d[0].isoformat()} is before the Treaty opened for signature "
                              f"({OPENED_FOR_SIGNATURE.isoformat()})")
            if d and d[0] > as_at:
                raise BadPage(f"{name}, {what}: {d[0].isoformat()} is after the page's status date "
                              f"{as_at.isoformat()}")
        out.append(Participant(
            name=name,
            signature=sig[0] if sig else None,
            provisional_application=prov[0] if prov else None,
            consent=cons[0] if cons else None,
            consent_type=CONSENT_MARKS[cons[1]] if cons else None,
            footnotes=tuple(marks) + more_marks,
        ))
    if not out:
        raise BadPage("the participant table has no rows (truncated or an error page?)")
    return out
