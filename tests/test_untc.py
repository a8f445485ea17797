"""``untc import``: the depositary's XXVI-8 table read from fixture pages in the real structure (no network)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from attdash import reports
from attdash.country_match import NameMatcher
from attdash.db import Database
from attdash.paths import ROOT
from attdash.snapshot import build, get_snapshot
from attdash.depositary.importer import apply_plan, plan_import
from attdash.depositary.page import BadPage, read_page
from tests.conftest import SHIPPED_SNAPSHOTS
from tests.untc_pages import Row, cell_date, rows_from_snapshot, viewdetails_html

FIXTURES = Path(__file__).parent / "fixtures" / "untc"
ROUND_TRIP_DATE = dt.date(2025, 5, 15)

CONFLICTS_HEADER = "iso3,event_type,field,kept_value,kept_source_ids,other_value,other_source_ids,resolution,notes"
COUNTS_HEADER = "as_of,signatories,parties,authority,source_ids,notes"


def cli(*args: str) -> subprocess.CompletedProcess:
    """The command line in a subprocess (exactly as users run it)."""
    return subprocess.run([sys.executable, "-m", "attdash", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture()
def run(capsys):
    """The same command line in-process (fast): returns returncode, stdout, stderr like ``cli``."""
    from attdash.cli import main

    def _run(*args: str) -> subprocess.CompletedProcess:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse errors
            code = exc.code
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)

    return _run


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def ensure_contract_tables(src: Path) -> None:
    """The tables of the data model the import writes to, where a copy of the sources predates them."""
    if not (src / "treaty_conflicts.csv").exists():
        (src / "treaty_conflicts.csv").write_text(CONFLICTS_HEADER + "\n")
    if not (src / "official_counts.csv").exists():
        (src / "official_counts.csv").write_text(COUNTS_HEADER + "\n")
    countries = (src / "countries.csv").read_text()
    if "\nNIU," not in countries:  # test-only rows until countries.csv lists Niue and the Cook Islands
        with (src / "sources.csv").open("a") as f:
            f.write("TEST-NIU,test,Synthetic test source (Niue and Cook Islands rows for tests),,,,\n")
        with (src / "countries.csv").open("a") as f:
            f.write("NIU,NU,570,Niue,false,TEST-NIU\nCOK,CK,184,Cook Islands,false,TEST-NIU\n")


# --- reading the page -----------------------------------------------------------------------------------------

def test_tricky_page_names_marks_and_dates():
    t = read_page((FIXTURES / "tricky.html").read_bytes())
    assert (t.status_as_at, t.signatories, t.parties, t.format) == (ROUND_TRIP_DATE, 10, 9, "html")
    assert t.url == "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en"
    rows = {p.name: p for p in t.participants}
    assert len(rows) == 12
    uk = rows["United Kingdom of Great Britain and Northern Ireland"]
    assert (uk.signature, uk.provisional_application, uk.consent, uk.consent_type, uk.footnotes) == (
        dt.date(2013, 6, 3), dt.date(2014, 4, 2), dt.date(2014, 4, 2), "ratification", ("3", "4"))
    assert rows["Japan"].consent_type == "acceptance" and rows["Japan"].consent == dt.date(2014, 5, 9)
    assert rows["Netherlands (Kingdom of the)"].consent_type == "approval"
    assert rows["Netherlands (Kingdom of the)"].footnotes == ("1",)
    assert (rows["Niue"].consent_type, rows["Niue"].signature) == ("accession", None)
    assert rows["Serbia"].footnotes == ("2",) and rows["Serbia"].provisional_application == dt.date(2013, 8, 12)
    assert rows["Côte d’Ivoire"].consent == dt.date(2015, 2, 26)  # "26 Feb<TAB> 2015"
    assert rows["Bolivia (Plurinational State of)"].consent is None  # "&nbsp;" only


def test_names_map_to_iso3_through_countries_and_aliases(sources_copy):
    ensure_contract_tables(sources_copy)
    m = NameMatcher.from_sources(sources_copy)
    t = read_page((FIXTURES / "tricky.html").read_bytes())
    assert [m.iso3(p.name) for p in t.participants] == [
        "BOL", "CIV", "CZE", "JPN", "NLD", "NIU", "MDA", "SRB", "PSE", "MKD", "TUR", "GBR"]
    assert m.iso3("Turkey") == m.iso3("TÜRKIYE ") == "TUR"
    assert m.iso3("Swaziland") == "SWZ" and m.iso3("Democratic People's Republic of Korea") == "PRK"
    assert m.iso3("Holy See") == "VAT" and m.iso3("Cook Islands") == "COK"
    with pytest.raises(LookupError, match="unknown participant 'Atlantis'"):
        m.iso3("Atlantis")


def test_mtdsg_xml_with_escaped_superscripts():
    data = (FIXTURES / "XXVI-8.en.xml").read_bytes()
    t = read_page(data, dt.date(2022, 12, 2))
    assert t.format == "xml" and (t.signatories, t.parties) == (3, 2)
    assert [(p.name, p.consent_type, p.footnotes) for p in t.participants] == [
        ("Afghanistan", "accession", ()), ("Albania", "ratification", ()),
        ("Côte d'Ivoire", None, ("1",)), ("Swaziland", None, ("2",))]
    with pytest.raises(BadPage, match="--status-as-at"):
        read_page(data)


# --- the diff and --apply on a small synthetic source folder --------------------------------------------------

SYN_COUNTRIES = [("CHE", "Switzerland"), ("GRC", "Greece"), ("JPN", "Japan"), ("NIU", "Niue"),
                 ("NLD", "Netherlands (Kingdom of the)"), ("SRB", "Serbia"), ("USA", "United States of America"),
                 ("VUT", "Vanuatu"), ("COK", "Cook Islands")]
# Synthetic facts (tests only), one per case the import must handle. CRLF line ends and a quoted note, to check
# that the file keeps its format.
SYN_EVENTS = (
    "iso3,event_type,event_date,effective_date,source_ids,notes\r\n"
    "JPN,ratification,2014-05-09,2014-12-24,SYN-1,press: ratification\r\n"          # type conflict
    "GRC,deposit,2016-02-29,2016-05-29,SYN-1,\"derived, from EIF\"\r\n"            # held conflict decided
    "NLD,deposit,2014-12,,SYN-2,type unknown\r\n"                                     # refinement
    "SRB,signature,2013-08-12,,SYN-1,\r\n"                                            # corroboration
    "CHE,provisional_application,2015-01-30,,SYN-1,\r\n"                              # missing from the page
    "VUT,signature,2013-07-26,,SYN-1,\r\n"
    "VUT,deposit,2025,,SYN-2,year only\r\n"                                           # may fall after the page
    "USA,signature,2013-09-25,,SYN-1,\r\n"
    "USA,notice_no_intent,2019-07-18,,SYN-1,\r\n"                                     # not in the table
)


def make_syn_sources(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources.csv").write_text("source_id,collection,title,publisher,url,as_of,used_for,authority\n"
                                      "SYN-1,test,Synthetic source 1,,,,,other\nSYN-2,test,Synthetic source 2,,,,,un\n")
    (root / "countries.csv").write_text("iso3,iso2,m49,name,un_member,source_ids\n" + "".join(
        f"{iso3},{iso3[:2]},{900 + i},{name},true,SYN-1\n" for i, (iso3, name) in enumerate(SYN_COUNTRIES)))
    (root / "country_aliases.csv").write_text("iso3,alias,source_ids,notes\nNLD,Netherlands,SYN-1,\n")
    (root / "treaty_events.csv").write_bytes(SYN_EVENTS.encode())
    (root / "treaty_conflicts.csv").write_text(
        CONFLICTS_HEADER + "\nGRC,deposit,event_date,2016-02-29,SYN-1,2016-03-01,SYN-2,held row kept,\n")
    (root / "treaty_record_checks.csv").write_text("iso3,checked_on,finding,source_ids,notes\n"
                                                   "GRC,2025-05-15,party,SYN-2,a list\n")
    (root / "official_counts.csv").write_text(COUNTS_HEADER + "\n2025-05-15,5,4,un,SYN-2,a speech\n")
    return root


SYN_PAGE_ROWS = [
    Row("Greece", cell_date(dt.date(2013, 6, 3)), "", cell_date(dt.date(2016, 3, 1))),
    Row("Japan", cell_date(dt.date(2013, 6, 3)), "", cell_date(dt.date(2014, 5, 9), "A")),
    Row("Netherlands", cell_date(dt.date(2013, 6, 3)), "", cell_date(dt.date(2014, 12, 18), "AA"), ("1",)),
    Row("Niue", "", "", cell_date(dt.date(2020, 8, 6), "a")),
    Row("Serbia", cell_date(dt.date(2013, 8, 12)), cell_date(dt.date(2013, 8, 12), "n"),
        cell_date(dt.date(2014, 12, 5)), ("2",)),
    Row("Switzerland", cell_date(dt.date(2013, 6, 3)), "", cell_date(dt.date(2015, 1, 30))),
    Row("United States of America", cell_date(dt.date(2013, 9, 25))),
    Row("Vanuatu", cell_date(dt.date(2013, 7, 26))),
]


@pytest.fixture()
def syn(tmp_path: Path) -> tuple[Path, Path]:
    src = make_syn_sources(tmp_path / "src")
    page = tmp_path / "page.html"
    page.write_text(viewdetails_html(ROUND_TRIP_DATE, SYN_PAGE_ROWS), encoding="utf-8")
    return src, page


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_diff_shows_every_kind_of_change_and_writes_nothing(run, syn):
    src, page = syn
    before = fingerprint(src)
    r = run("untc", "import", str(page), "--sources", str(src))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "status as at 15 May 2025 (UNTC-2025-05-15): 8 participants; header counts 7 signatories, 6 parties" in out
    assert "New (8):" in out and "+ NIU accession 2020-08-06" in out and "+ SRB provisional_application 2013-08-12" in out
    assert "~ NLD deposit 2014-12 → approval 2014-12-18 (refined; sources SYN-2 kept)" in out
    assert "! GRC deposit 2016-02-29 (SYN-1) → depositary: ratification 2016-03-01" in out
    assert "~ conflict GRC deposit event_date: depositary decides for 2016-03-01 over 2016-02-29" in out
    assert "! JPN ratification 2014-05-09 (SYN-1) → depositary: acceptance 2014-05-09" in out
    assert "? CHE provisional_application 2015-01-30 (SYN-1)" in out
    assert "VUT deposit" not in out  # year only: may fall after the page's date, so not contradicted
    assert "Corroborated (3 rows get source id UNTC-2025-05-15): SRB signature, USA signature, VUT signature" in out
    assert "Record checks for 2025-05-15: new 6 complete, 1 no_action; changed 1: GRC party → complete; " \
           "withheld for CHE" in out
    assert "another row says 5/4 (SYN-2)" in out
    assert "Nothing written" in out
    assert fingerprint(src) == before


def test_apply_writes_rows_keeps_format_and_second_run_is_empty(run, syn):
    src, page = syn
    old_lines = SYN_EVENTS.encode().split(b"\r\n")
    r = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert r.returncode == 0, r.stderr
    raw = (src / "treaty_events.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF kept everywhere
    new_lines = raw.split(b"\r\n")
    for kept in (0, 5, 7, 9):  # header, CHE, VUT deposit, USA notice: untouched bytes
        assert old_lines[kept] in new_lines
    events = {(e["iso3"], e["event_type"]): e for e in read_rows(src / "treaty_events.csv")}
    assert events[("JPN", "acceptance")]["source_ids"] == "UNTC-2025-05-15"
    assert events[("GRC", "ratification")]["event_date"] == "2016-03-01"
    assert events[("GRC", "ratification")]["source_ids"] == "UNTC-2025-05-15;SYN-2"  # SYN-2 had it right
    assert events[("GRC", "ratification")]["effective_date"] == "2016-05-30"
    nld = events[("NLD", "approval")]
    assert (nld["event_date"], nld["effective_date"], nld["source_ids"]) == (  # deposited before the Treaty
        "2014-12-18", "2014-12-24", "SYN-2;UNTC-2025-05-15")                   # entered into force: Art. 22(1)
    assert events[("NIU", "accession")]["effective_date"] == "2020-11-04"
    assert events[("SRB", "signature")]["source_ids"] == "SYN-1;UNTC-2025-05-15"
    assert events[("VUT", "deposit")]["event_date"] == "2025"
    assert ("CHE", "provisional_application") in events  # missing from the page: kept, never deleted
    conflicts = read_rows(src / "treaty_conflicts.csv")
    assert conflicts[0]["event_type"] == "ratification"
    assert conflicts[0]["kept_source_ids"] == "UNTC-2025-05-15;SYN-2"
    assert [(c["iso3"], c["field"], c["kept_value"], c["other_value"], c["other_source_ids"], c["resolution"])
            for c in conflicts] == [
        ("GRC", "event_date", "2016-03-01", "2016-02-29", "SYN-1", "depositary wins"),
        ("JPN", "event_type", "acceptance", "ratification", "SYN-1", "depositary wins")]
    checks = {c["iso3"]: c for c in read_rows(src / "treaty_record_checks.csv")}
    assert "CHE" not in checks
    assert {k: c["finding"] for k, c in checks.items()} == {
        "GRC": "complete", "JPN": "complete", "NIU": "complete", "NLD": "complete", "SRB": "complete",
        "USA": "complete", "VUT": "complete", "COK": "no_action"}
    counts = read_rows(src / "official_counts.csv")
    assert counts[-1] | {"notes": ""} == {"as_of": "2025-05-15", "signatories": "7", "parties": "6",
                                          "authority": "depositary", "source_ids": "UNTC-2025-05-15", "notes": ""}
    source = read_rows(src / "sources.csv")[-1]
    assert source["source_id"] == "UNTC-2025-05-15" and source["as_of"] == "2025-05-15"
    assert source["title"] == ("UN Treaty Collection, Status of Treaties XXVI-8 Arms Trade Treaty, "
                               "status as at 15 May 2025")
    assert source["publisher"] == "United Nations Treaty Collection (depositary)"
    assert not list(src.glob(".*.tmp"))

    before = fingerprint(src)
    again = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert again.returncode == 0, again.stderr
    assert "No changes" in again.stdout and "New (0):" in again.stdout and "Conflicts" in again.stdout
    assert fingerprint(src) == before


def _bad(page: Path, text: str) -> Path:
    page.write_text(text, encoding="utf-8")
    return page


def _page(rows=SYN_PAGE_ROWS, **kw) -> str:
    return viewdetails_html(ROUND_TRIP_DATE, list(rows), **kw)


BAD_INPUTS = {
    "error page": ((FIXTURES / "error_page.html").read_text(), "not a UN Treaty Collection status page"),
    "truncated table": (_page()[: _page().index("Switzerland")], "the table ends there: a truncated page?"),
    "truncated after a row": (_page()[: _page().index("<tr><td>Switzerland")], "does not match its header"),
    "empty file": ("", "the file is empty"),
    "unknown participant": (_page([*SYN_PAGE_ROWS, Row("Atlantis", cell_date(dt.date(2013, 6, 3)))]),
                            "unknown participant 'Atlantis'"),
    "impossible date": (_page([*SYN_PAGE_ROWS[:-1], Row("Vanuatu", "31 Feb\u00a02014")]),
                        "Vanuatu, signature: 31 Feb 2014 is not a real calendar date"),
    "date before opening": (_page([*SYN_PAGE_ROWS[:-1], Row("Vanuatu", cell_date(dt.date(2013, 6, 2)))]),
                            "is before the Treaty opened for signature (2013-06-03)"),
    "date after the page": (_page([*SYN_PAGE_ROWS[:-1], Row("Vanuatu", cell_date(dt.date(2025, 5, 16)))]),
                            "is after the page's status date 2025-05-15"),
    "unknown mark": (_page([*SYN_PAGE_ROWS[:-1], Row("Vanuatu", "", "", cell_date(dt.date(2015, 1, 1), "d"))]),
                     "unknown mark 'd'"),
    "wrong counts": (_page(signatories=130, parties=116), "130 signatories and 116 parties in the header, 7 and 6"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_one_line_error_exit_2_nothing_written(run, syn, case):
    src, page = syn
    text, message = BAD_INPUTS[case]
    _bad(page, text)
    before = fingerprint(src)
    r = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert r.returncode == 2, r.stdout
    assert message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""
    assert fingerprint(src) == before


def test_missing_file_and_non_http_url(run, syn, tmp_path):
    src, _ = syn
    r = run("untc", "import", str(tmp_path / "nope.html"), "--sources", str(src))
    assert r.returncode == 2 and "cannot read" in r.stderr and len(r.stderr.splitlines()) == 1
    r = run("untc", "import", "--url", "file:///etc/passwd", "--sources", str(src))
    assert r.returncode == 2 and "must be an address on https://treaties.un.org (the depositary)" in r.stderr


def test_url_is_fetched_and_recorded_as_the_source_url(syn, monkeypatch, capsys):
    from attdash import cli as attdash_cli
    from attdash.depositary import cli as untc_cli

    src, page = syn
    url = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en"
    seen = []

    def fake_urlopen(req, timeout):
        seen.append(req.full_url)
        return io.BytesIO(page.read_bytes())

    monkeypatch.setattr(untc_cli.urllib.request, "urlopen", fake_urlopen)
    assert attdash_cli.main(["untc", "import", "--url", "--sources", str(src), "--apply"]) == 0  # the default
    assert seen == [url]
    assert read_rows(src / "sources.csv")[-1]["url"] == url
    assert "Wrote " in capsys.readouterr().out


# --- round trip on the real data ------------------------------------------------------------------------------

def test_round_trip_of_the_shipped_snapshot_on_15_may_2025(sources_copy, tmp_path):
    """A page written from the snapshot's statuses on 15 May 2025, imported into a copy of data/sources and
    built into a new snapshot, gives the same statuses; a second import shows an empty diff."""
    ensure_contract_tables(sources_copy)
    snap = get_snapshot(None, SHIPPED_SNAPSHOTS)
    db = Database(snap)
    rows = rows_from_snapshot(db, snap.path, ROUND_TRIP_DATE)
    page = tmp_path / "ViewDetails.html"
    page.write_text(viewdetails_html(ROUND_TRIP_DATE, rows), encoding="utf-8")

    table = read_page(page.read_bytes())
    # The snapshot's record on that day reproduces the depositary's own header of 15 May 2025 (UN-010).
    assert (table.signatories, table.parties) == (130, 116)
    assert "Niue" in {r.name for r in rows} and "Cook Islands" not in {r.name for r in rows}
    plan = plan_import(table, sources_copy)
    assert not plan.conflicts and not plan.missing and not plan.new  # the same facts, now corroborated
    before = fingerprint(sources_copy)
    dry = cli("untc", "import", str(page), "--sources", str(sources_copy))
    assert dry.returncode == 0 and "Nothing written" in dry.stdout
    assert fingerprint(sources_copy) == before
    apply_plan(plan)
    again = plan_import(read_page(page.read_bytes()), sources_copy)
    assert again.empty and "No changes" in again.render(), again.render()

    as_of = dt.date.fromisoformat((sources_copy / "AS_OF").read_text().strip())
    new_db = Database(get_snapshot(build(as_of, sources_copy, tmp_path / "snaps").name, tmp_path / "snaps"))
    old = {r["iso3"]: r for r in reports.status(db, ROUND_TRIP_DATE).iter_rows(named=True)}
    new = {r["iso3"]: r for r in reports.status(new_db, ROUND_TRIP_DATE).iter_rows(named=True)}
    assert set(old) <= set(new)
    # A page can show neither "unknown" nor a State Party whose deposit date the snapshot lacks.
    unrepresentable = {k for k, r in old.items()
                       if r["status"] == "unknown" or (r["status"] == "state_party" and r["consent_date"] is None)}
    assert not unrepresentable
    for iso3, r in old.items():
        if iso3 not in unrepresentable:
            assert (new[iso3]["status"], new[iso3]["signature_date"], new[iso3]["consent_date"]) == (
                r["status"], r["signature_date"], r["consent_date"]), iso3
    assert not [k for k, r in new.items() if r["status"] == "unknown"]
    bound = {k for k, r in new.items() if r["status"] in ("state_party", "ratified_not_in_force")}
    assert len(bound - unrepresentable) == sum(1 for r in rows if r.consent) == table.parties


def test_older_layout_and_other_refusals():
    html = (FIXTURES / "tricky.html").read_text(encoding="utf-8")
    older = html.replace("ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid",
                         "ctl00_ContentPlaceHolder1_tblgrid")
    assert len(read_page(older.encode()).participants) == 12
    with pytest.raises(BadPage, match="says status as at 2025-05-15, not 2025-05-16"):
        read_page(html.encode(), dt.date(2025, 5, 16))
    with pytest.raises(BadPage, match="Arms Trade Treaty is not named"):
        read_page(html.replace("Arms Trade Treaty", "Convention on Cluster Munitions").replace("XXVI-8", "XXVI-6")
                  .encode())
    with pytest.raises(BadPage, match="Japan appears twice"):
        read_page(html.replace("<tr><td>Niue</td>", "<tr><td>Japan</td>").encode())


def test_two_names_of_one_state_on_a_page_are_refused(run, syn):
    src, page = syn
    page.write_text(_page([*SYN_PAGE_ROWS, Row("Kingdom of the Netherlands", cell_date(dt.date(2013, 6, 3)))]))
    with (src / "country_aliases.csv").open("a") as f:
        f.write("NLD,Kingdom of the Netherlands,SYN-1,\n")
    before = fingerprint(src)
    r = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert r.returncode == 2 and "are both NLD" in r.stderr and fingerprint(src) == before


# --- hostile pages and arguments (issue 16): only the depositary is the depositary; nothing is written -------

from attdash.vocab import VIEWDETAILS_URL  # noqa: E402


def _with_head(page: Path, head: str) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace("<title>", head + "<title>", 1), encoding="utf-8")


@pytest.mark.parametrize("origin", [
    "https://evil.example/phish?treaties.un.org",                        # the audit's case
    "javascript:alert(document.domain)//treaties.un.org XXVI-8",
    "https://treaties.un.org.evil.example/Pages/ViewDetails.aspx?mtdsg_no=XXVI-8",
    "https://user@treaties.un.org/Pages/ViewDetails.aspx?mtdsg_no=XXVI-8",
    "http://treaties.un.org/Pages/ViewDetails.aspx?mtdsg_no=XXVI-8",    # not https
    "https://treaties.un.org:8443/Pages/ViewDetails.aspx?mtdsg_no=XXVI-8",
    "java\tscript:alert(1)//treaties.un.org/XXVI-8",
])
def test_a_page_naming_another_origin_is_recorded_as_the_depositary_address(origin, run, syn):
    src, page = syn
    import html as html_mod
    _with_head(page, f'<link rel="canonical" href="{html_mod.escape(origin)}" />'
                     f'<meta property="og:url" content="{html_mod.escape(origin)}" />')
    r = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert r.returncode == 0, r.stderr
    assert read_rows(src / "sources.csv")[-1]["url"] == VIEWDETAILS_URL
    assert "evil" not in (src / "sources.csv").read_text() and "script" not in r.stdout


def test_url_on_another_host_is_not_fetched(run, syn, monkeypatch):
    from attdash.depositary import cli as untc_cli
    src, _ = syn
    seen = []
    monkeypatch.setattr(untc_cli.urllib.request, "urlopen", lambda req, timeout: seen.append(req) or 1 / 0)
    before = fingerprint(src)
    for url in ("https://evil.example/phish?treaties.un.org", "http://treaties.un.org/Pages/ViewDetails.aspx",
                "https://treaties.un.org.evil.example/", "javascript:alert(1)"):
        r = run("untc", "import", "--url", url, "--sources", str(src), "--apply")
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr == (f"attdash: error: {url}: --url must be an address on https://treaties.un.org "
                            f"(the depositary), not {url!r}\n")
    assert seen == [] and fingerprint(src) == before


def test_a_redirect_off_the_depositary_is_refused(run, syn, monkeypatch):
    from attdash.depositary import cli as untc_cli
    src, page = syn

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def geturl(self):
            return "https://evil.example/status"

        def read(self, n):
            return page.read_bytes()

    monkeypatch.setattr(untc_cli.urllib.request, "urlopen", lambda req, timeout: Response())
    before = fingerprint(src)
    r = run("untc", "import", "--url", "--sources", str(src), "--apply")
    assert r.returncode == 2 and "redirected to 'https://evil.example/status', which is not the depositary's host" \
        in r.stderr and len(r.stderr.splitlines()) == 1
    assert fingerprint(src) == before


@pytest.mark.parametrize("day, message", [
    ("2099-01-01", "--status-as-at: the status date 2099-01-01 is outside 2013-06-03 – {today} (from the Treaty's "
                   "opening for signature to today)"),
    ("2013-01-01", "--status-as-at: the status date 2013-01-01 is outside 2013-06-03 – {today} (from the Treaty's "
                   "opening for signature to today)"),
    ("2099-02-30", "argument --status-as-at: '2099-02-30' is not a real calendar date"),
])
def test_status_as_at_in_the_future_or_impossible_is_refused_before_writing(day, message, run, syn):
    """2099-01-01 with --apply used to be written, and every later snapshot build failed."""
    src, _ = syn
    before = fingerprint(src)
    r = run("untc", "import", str(FIXTURES / "XXVI-8.en.xml"), "--status-as-at", day, "--sources", str(src),
            "--apply")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"attdash: error: {message.format(today=dt.date.today().isoformat())}\n"
    assert fingerprint(src) == before


def _page_text(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, message", [
    ("STATUS AS AT : 15-05-2025", "STATUS AS AT : 01-01-2099",
     "the status date 2099-01-01 is outside 2013-06-03 – {today} (from the Treaty's opening for signature to today)"),
    ("Signatories\u00a0: 7.", "Signatories\u00a0: " + "9" * 5000 + ".",
     "the header count '" + "9" * 20 + "…' is not a number of States (0 to 1000)"),
    ("Signatories\u00a0: 7.", "Signatories\u00a0: 99999.",
     "the header count '99999' is not a number of States (0 to 1000)"),
    ("<td>Vanuatu</td>", "<td>Vanu\u202eatu</td>",
     "row 8 of the participant table: the name 'Vanu\\u202eatu' contains a bidirectional control (it reorders what "
     "a reader sees), U+202E at character 5; not a State's name"),
    ("<td>Vanuatu</td>", "<td>Vanuatu\ufffe</td>",
     "row 8 of the participant table: the name 'Vanuatu\\ufffe' contains a Unicode non-character, U+FFFE at "
     "character 8; not a State's name"),
    ("<td>Vanuatu</td>", "<td>" + "V" * 500 + "</td>",
     "row 8 of the participant table: the name '" + "V" * 80 + "…' is longer than 120 characters; not a State's "
     "name"),
    ("<td>Vanuatu</td><td>", "<td>Vanuatu</td><td>" + "26 Jul 2013" + " x" * 5000,
     "Vanuatu, signature: cannot read '" + ("26 Jul 2013" + " x" * 5000)[:80] + "…' as a date like '3 Jun 2013'"),
])
def test_a_hostile_page_is_refused_with_one_short_line(old, new, message, run, syn):
    src, page = syn
    _page_text(page, old, new)
    before = fingerprint(src)
    r = run("untc", "import", str(page), "--sources", str(src), "--apply")
    assert (r.returncode, r.stdout) == (2, ""), r.stdout
    assert r.stderr == f"attdash: error: {page}: {message.format(today=dt.date.today().isoformat())}\n"
    assert fingerprint(src) == before
