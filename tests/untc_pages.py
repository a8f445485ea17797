"""Write pages in the UN Treaty Collection's real XXVI-8 structure, for tests (no network).

The ViewDetails page: a "STATUS AS AT : DD-MM-YYYY hh:mm:ss EDT" line, the treaty header with
"Status : Signatories : N. Parties : N", and the participant grid (a table whose id ends in ``tblgrid``; first
row = column headers; names with footnote marks in <sup>; dates like "&nbsp;3 Jun&nbsp;2013" followed by the
instrument mark a / A / AA, or n in the provisional-application column).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MARKS = {"ratification": "", "deposit": "", "accession": "a", "acceptance": "A", "approval": "AA"}
GRID_ID = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid"


@dataclass
class Row:
    name: str
    signature: str = ""  # cell text, e.g. "\u00a03 Jun\u00a02013"
    provisional: str = ""
    consent: str = ""
    footnotes: tuple[str, ...] = ()


def _day(d: dt.date | str | None) -> dt.date | None:
    if d is None or isinstance(d, dt.date):
        return d
    if len(d) != 10:
        raise ValueError(f"a depositary page gives exact dates, not {d!r}")
    return dt.date.fromisoformat(d)


def cell_date(d: dt.date | str | None, mark: str = "") -> str:
    """The depositary's cell text: day padded with a non-breaking space, then the mark."""
    d = _day(d)
    if d is None:
        return ""
    day = f"\u00a0{d.day}" if d.day < 10 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]}\u00a0{d.year}" + (f"\u00a0{mark}" if mark else "")


def viewdetails_html(as_at: dt.date, rows: list[Row], signatories: int | None = None,
                     parties: int | None = None) -> str:
    sig = sum(1 for r in rows if r.signature) if signatories is None else signatories
    par = sum(1 for r in rows if r.consent) if parties is None else parties
    out = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=utf-8" /><title>UNITED NATIONS TREATY COLLECTION</title>',
        "<script>var x = '<table id=\"fake_tblgrid\">';</script></head><body>",
        '<form method="post" action="./ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XXVI-8&amp;chapter=26&amp;'
        'clang=_en" id="aspnetForm">',
        '<div class="pageContent"><span id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_'
        f'lblStatusAsAt">STATUS AS AT : {as_at:%d-%m-%Y} 05:03:44 EDT</span>',
        "<div>CHAPTER XXVI</div><div>DISARMAMENT</div>",
        "<h4>8\u00a0. Arms Trade Treaty</h4><div>New York, 2 April 2013</div>",
        '<table class="table-treaty-header">',
        "<tr><td>Entry into force\u00a0:</td><td>24 December 2014, in accordance with article 22.</td></tr>",
        "<tr><td>Registration\u00a0:</td><td>24 December 2014, No. 52373</td></tr>",
        f"<tr><td>Status\u00a0:</td><td>Signatories\u00a0: {sig}. Parties\u00a0: {par}</td></tr>",
        "<tr><td>Text\u00a0:</td><td>United Nations, <i>Treaty Series</i>, vol. 3013, p.269.</td></tr>",
        "</table>",
        "<div>Note\u00a0: The Treaty was adopted on 2 April 2013 by resolution 67/234B during the sixty-seventh "
        "session of the General Assembly of the United Nations.</div>",
        f'<table id="{GRID_ID}" class="table table-striped table-bordered" cellspacing="0" border="0">',
        '<tr class="tableHeader"><th scope="col">Participant</th><th scope="col">Signature</th>'
        '<th scope="col">Provisional application under article 23(n)</th>'
        '<th scope="col">Approval(AA), Acceptance(A), Accession(a), Ratification</th></tr>',
    ]
    for r in rows:
        marks = "".join(f'<sup><a href="#EndDec">{html.escape(m)}</a></sup>' for m in r.footnotes)
        out.append(f"<tr><td>{html.escape(r.name)}{marks}</td><td>{html.escape(r.signature)}</td>"
                   f"<td>{html.escape(r.provisional)}</td><td>{html.escape(r.consent)}</td></tr>")
    out += ["</table>", "<div>Declarations and Reservations (Unless otherwise indicated, the declarations and "
            "reservations were made upon ratification, acceptance, approval or accession.)</div>",
            "</div></form></body></html>"]
    return "\n".join(out)


def rows_from_snapshot(db, snapshot_path, as_at: dt.date) -> list[Row]:
    """The participant table a depositary page of ``as_at`` would show, from a snapshot's status that day."""
    import polars as pl

    from attdash import reports

    status = reports.status(db, as_at)
    events = pl.read_parquet(snapshot_path / "treaty_events.parquet")
    prov = {r["iso3"]: _day(r["event_date"]) for r in events.filter(
        pl.col("event_type") == "provisional_application").iter_rows(named=True)}
    prov = {k: v for k, v in prov.items() if v <= as_at}
    rows = []
    for r in status.sort("name").iter_rows(named=True):
        sig, cons = r["signature_date"], r["consent_date"]
        if sig is None and cons is None:
            continue
        rows.append(Row(r["name"], cell_date(sig), cell_date(prov.get(r["iso3"]), "n") if r["iso3"] in prov else "",
                        cell_date(cons, MARKS[r["consent_type"]]) if cons else ""))
    return rows
