"""Issue 15, Right and Explained: partial dates never shown as days, one meaning for "record complete through",
Kiribati's group change as a dated window, every change in the progress report named, the report per UN group.

Run on a snapshot built here from today's data/sources (the shipped snapshot may predate the sources)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest
from docx import Document

from attdash import partial_dates
from attdash.db import Database
from attdash.documents import changes, content, markdown
from attdash.paths import ROOT
from attdash.profile import build_profile, profile_markdown
from attdash.snapshot import build, get_snapshot
from tests.conftest import SHIPPED_SOURCES

D = dt.date
AS_OF = D(2026, 11, 26)
VUT_DEPOSIT = "2025, day not known (between 16 May 2025 and 31 December 2025)"
VUT_IN_FORCE = "between 14 August 2025 and 31 March 2026"
ECU_DEPOSIT = "2026, day not known (between 23 January 2026 and 26 November 2026)"
ECU_IN_FORCE = "between 23 April 2026 and 24 February 2027"
KIR_JOINED = "Kiribati joined the Asia-Pacific Group (2024, day not known: between 17 April 2024 and 26 August 2024)"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Database:
    dest = tmp_path_factory.mktemp("snaps")
    build(AS_OF, SHIPPED_SOURCES, dest)
    return Database(get_snapshot(AS_OF.isoformat(), dest))


# ------------------------------------------------------------------------------------------ the formatter

def test_partial_date_formatter():
    assert partial_dates.known("2025") == "2025, day not known"
    assert partial_dates.known("2025-03") == "March 2025, day not known"
    assert partial_dates.known(D(2025, 5, 16), "year") == "2025, day not known"
    assert partial_dates.known("2024-04-16") == "16 April 2024"
    assert partial_dates.deposit("2025") == "2025, day not known"  # the whole year: no window to add
    assert partial_dates.deposit(D(2025, 5, 16), D(2025, 12, 31), "year") == VUT_DEPOSIT
    # a deposit known only as "2025" enters into force between 1 April 2025 and 31 March 2026 (Art. 22(2))
    assert partial_dates.entry_into_force("2025") == "between 1 April 2025 and 31 March 2026"
    assert partial_dates.entry_into_force(D(2014, 12, 18)) == "24 December 2014"  # Art. 22(1)
    assert partial_dates.window(D(2024, 1, 2), D(2024, 1, 2)) == "on 2 January 2024"


# ------------------------------------------------------------------------- card, Markdown card, brief, report

def test_vanuatu_and_ecuador_cards_show_what_is_known(db):
    vut = build_profile(db, "VUT")["state"]["dates"]
    assert (vut["deposit"], vut["entry_into_force"], vut["floor"]) == (VUT_DEPOSIT, VUT_IN_FORCE, None)
    ecu = build_profile(db, "ECU")["state"]["dates"]
    assert (ecu["deposit"], ecu["entry_into_force"]) == (ECU_DEPOSIT, ECU_IN_FORCE)
    # the decree the instrument rests on narrows the window, with its sources
    assert ecu["floor"]["date"] == "2026-01-23" and ecu["floor"]["source_ids"] == "LT-013;OT-014"


def test_markdown_cards_never_print_a_first_possible_day(db):
    vut = profile_markdown(build_profile(db, "VUT"))
    assert (f"- Signature: 26 July 2013; consent to be bound: instrument (type not stated) {VUT_DEPOSIT}; "
            f"entry into force: {VUT_IN_FORCE}" in vut.splitlines())
    assert "2025-05-16" not in vut and "2025-08-14" not in vut
    ecu = profile_markdown(build_profile(db, "ECU"))
    assert (f"- Signature: —; consent to be bound: accession {ECU_DEPOSIT}; entry into force: {ECU_IN_FORCE}"
            in ecu.splitlines())
    assert ("- Deposit window narrowed: the instrument cannot have been deposited before 23 January 2026, the date of "
            "the domestic act it rests on: Executive Decree 293 ratifying the Treaty, signed by the President in "
            "Brussels [2][3]") in ecu.splitlines()
    assert not [ln for ln in ecu.splitlines() if "2026-01-02" in ln or "2026-04-02" in ln]


def test_briefs_state_the_window(db):
    vut = markdown.brief(content.brief_content(db, "VUT"))
    assert (f"State Party. Signed 26 July 2013; instrument deposited {VUT_DEPOSIT}; the Treaty in force for Vanuatu "
            f"{VUT_IN_FORCE} (Art. 22: 90 days after the deposit).") in vut
    assert "| 2025, day not known | Instrument deposited (type not stated by the sources)" in vut
    assert f"Treaty in force for the State: {VUT_IN_FORCE} (Art. 22)" in vut
    assert "14 August 2025" not in vut.replace(VUT_IN_FORCE, "")
    ecu = markdown.brief(content.brief_content(db, "ECU"))
    assert (f"Accession deposited {ECU_DEPOSIT}; the Treaty enters into force for Ecuador {ECU_IN_FORCE} (Art. 22). "
            "The instrument cannot have been deposited before 23 January 2026, the date of the domestic act it rests "
            "on: Executive Decree 293") in ecu
    assert "2 January 2026" not in ecu
    # the decree's sources are cited in the status line
    d = content.brief_content(db, "ECU")
    cited = {s["id"] for s in d["sources"] if s["n"] in d["state"]["refs"]}
    assert {"LT-013", "OT-014", "OT-001"} <= cited


def test_report_lists_partial_deposits_as_such(db):
    d = content.report_content(db, D(2025, 5, 15), AS_OF)
    rows = {r["iso3"]: r for r in d["deposited"]}
    assert (rows["VUT"]["consent_date"], rows["VUT"]["entry_into_force_date"]) == (VUT_DEPOSIT, VUT_IN_FORCE)
    assert (rows["ECU"]["consent_date"], rows["ECU"]["entry_into_force_date"]) == (ECU_DEPOSIT, ECU_IN_FORCE)
    assert ("States Parties: 116 on 15 May 2025, 117 on 26 November 2026 (+1: Vanuatu deposited its instrument "
            f"(2025, day not known) and the Treaty entered into force for it ({VUT_IN_FORCE}))") in d["headline"]


# ------------------------------------------------------------------------------- record complete through

def test_record_complete_through_has_one_meaning(db):
    vut = markdown.brief(content.brief_content(db, "VUT"))
    assert "- **Record complete through:** 15 May 2025 (every State's record)" in vut.splitlines()
    assert "- **This State's record confirmed through:** 1 January 2026" in vut.splitlines()
    assert vut.count("Record complete through") == 1
    doc = Document(io.BytesIO(__import__("attdash.documents", fromlist=["x"]).brief(db, "VUT", fmt="docx")))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert cells[cells.index("Record complete through") + 1] == "15 May 2025 (every State's record)"
    assert cells[cells.index("This State's record confirmed through") + 1] == "1 January 2026"
    card = profile_markdown(build_profile(db, "VUT"))
    assert "- This State's record confirmed through 1 January 2026; later actions as recorded" in card.splitlines()
    assert "Record complete through" not in card and "Record confirmed complete" not in card


# ----------------------------------------------------------------------------------- Kiribati, explained

def test_kiribati_joined_asia_pacific_in_2024_as_a_window(db):
    groups = build_profile(db, "KIR")["group_history"]
    ap = [g for g in groups if g["un_regional_group"] == "Asia-Pacific"][0]
    assert (ap["valid_from_earliest"], ap["valid_from"]) == ("2024-04-17", "2024-08-26")
    d = content.report_content(db, D(2024, 8, 19), D(2025, 5, 15), ["Asia-Pacific"])
    assert d["group_changes"] == [{"name": "Kiribati", "iso3": "KIR", "from": "No regional group",
                                   "to": "Asia-Pacific", "event": KIR_JOINED}]
    assert [(e["group"], e["count"], e["change"], e["why"]) for e in d["explained"]] == [
        ("Asia-Pacific", "Signatories", "+1", f"+1: {KIR_JOINED}"),
        ("Total", "Signatories", "+1", f"+1: {KIR_JOINED}")]
    assert f"Signatories: 11 → 12 (+1: {KIR_JOINED})" in d["headline"]
    assert "26 August 2024)" not in d["headline"].replace("between 17 April 2024 and 26 August 2024)", "")


def test_every_change_in_the_table_is_explained_and_adds_up(db):
    for since, until, groups in ((D(2024, 8, 19), D(2025, 5, 15), None), (D(2019, 8, 26), D(2024, 4, 16), None),
                                 (D(2014, 12, 1), D(2015, 6, 1), None), (D(2024, 8, 19), AS_OF, ["Asia-Pacific"])):
        d = content.report_content(db, since, until, groups)
        why = changes.explain(db, since, until, groups)
        net = {(e["group"], e["column"]): e["change"] for e in why["cells"]}
        net.update({("Total", c): e["change"] for c, e in why["total"].items()})
        for c in d["counts"]:
            for col in ("state_party", "ratified_not_in_force", "signatory", "others"):
                assert c["until"][col] - c["since"][col] == net.get((c["group"], col), 0), (since, c["group"], col)


def test_headline_names_every_state_behind_a_change(db):
    d = content.report_content(db, D(2024, 8, 19), D(2025, 5, 15))
    assert d["headline"].startswith(
        "All UN regional groups. States Parties: 113 on 19 August 2024, 116 on 15 May 2025 (+3: Colombia deposited "
        "its instrument (15 October 2024) and the Treaty entered into force for it (13 January 2025); the Treaty "
        "entered into force for Gambia (11 September 2024); the Treaty entered into force for Malawi "
        "(9 October 2024)). Ratified, not yet in force: 2 → 0 (−2: the Treaty entered into force for Gambia")
    assert "Signatories: 27 → 26 (−1: Colombia deposited its instrument" in d["headline"]
    md = markdown.report(d)
    assert "## Every change in the table, with the States behind it" in md
    assert f"| No regional group | Signatories | −1 | −1: {KIR_JOINED} |" in md


def test_report_for_one_group_and_the_2014_cohort(db):
    d = content.report_content(db, D(2014, 9, 1), D(2014, 12, 24), ["WEOG"])
    assert d["groups"] == ["Western European and Others"] and d["scope"] == "Western European and Others Group only"
    assert [c["group"] for c in d["counts"]] == ["Western European and Others", "Total"]
    assert d["focus"]["group"] == "Western European and Others"
    took = {r["name"]: r["entry_into_force_date"] for r in d["deposited"]}
    assert took["Netherlands (Kingdom of the)"] == "24 December 2014"  # deposited 18 Dec 2014: Art. 22(1)
    assert took["Liechtenstein"] == "24 December 2014"
    assert " --group \"Western European and Others\"" in d["command"]
    assert ("(+20: the Treaty entered into force for Australia, Austria, Belgium, Denmark, Finland, France, Germany, "
            "Iceland, Ireland, Italy, Luxembourg, Malta, Norway, Spain, Sweden and United Kingdom of Great Britain and "
            "Northern Ireland (24 December 2014); Liechtenstein deposited its instrument (16 December 2014) and the "
            "Treaty entered into force for it (24 December 2014)") in d["headline"]


def test_cli_report_group_option():
    """On the shipped snapshot (the command line's default); the abbreviation works as in page links."""
    r = subprocess.run([sys.executable, "-m", "attdash", "report", "--since", "2024-08-19", "--until", "2025-05-15",
                        "--format", "csv", "--output", "-", "--group", "GRULAC"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].endswith(",change,states_behind_change")
    assert {ln.split(",")[0] for ln in lines[1:]} == {"Latin American and Caribbean", "Total"}
    assert any(ln.startswith("Latin American and Caribbean,state_party,") and ",1,in (1): Colombia deposited" in ln
               for ln in lines)
    bad = subprocess.run([sys.executable, "-m", "attdash", "report", "--group", "Atlantis", "--format", "md",
                          "--output", "-"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1
    assert "unknown UN regional group 'Atlantis'" in bad.stderr and not bad.stdout


def test_the_decree_narrows_the_status_too(db):
    """Ecuador's accession is known only as "2026" and its record was checked on 1 Jan 2026; Executive Decree 293
    of 23 Jan 2026 (LT-013) comes before any deposit, so until then Ecuador had not joined: not signed, not "no data"."""
    from attdash import reports
    ecu = lambda d: reports.status(db, d).filter(reports_iso3("ECU")).to_dicts()[0]["status"]  # noqa: E731
    assert ecu(D(2026, 1, 22)) == "not_signed"
    assert ecu(D(2026, 1, 23)) == "unknown"  # the deposit may be on the decree's day or any later one


def reports_iso3(iso3: str):
    import polars as pl
    return pl.col("iso3") == iso3


def test_kiribati_card_and_brief_give_the_group_start_as_a_window(db):
    joined = "joined the Asia-Pacific Group in 2024, day not known: between 17 April 2024 and 26 August 2024"
    card = profile_markdown(build_profile(db, "KIR", D(2024, 6, 1)))
    assert f"- UN regional group: none on this date ({joined})" in card.splitlines()
    brief = content.brief_content(db, "KIR")
    assert brief["state"]["group"] == f"Asia-Pacific ({joined})"
