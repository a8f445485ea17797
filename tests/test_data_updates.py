"""The Secretariat's data updates: templates, messy uploads, validation messages, diff, publish, withdraw,
restricted tables, the command line. Rows are synthetic (tests only) and go to temporary copies of data/."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from attdash.sources import schema
from attdash.paths import ROOT
from attdash.sources import catalog
from attdash.sources.publish import PublishRefused, publish, withdraw, withdrawn
from attdash.sources.reading import UnreadableFile, read_upload
from attdash.sources.staging import describe, prepare
from attdash.sources.template import EXAMPLE_SHEET, HOW_SHEET, how_to_fill, template_xlsx

TODAY = dt.date.today()


@pytest.fixture()
def env(tmp_path, sources_copy, monkeypatch):
    """Sources, snapshots and the register in temporary folders (never the repo's data/)."""
    monkeypatch.setenv("ATTDASH_SOURCES", str(sources_copy))
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(tmp_path / "snapshots"))
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path / "register"))
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    return sources_copy


def workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ASSIST_HEADER = ["iso3", "request_date", "area", "status", "matched_with", "notes", "source_ids"]


# --- templates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", catalog.SECRETARIAT_TABLES)
def test_template_has_columns_lists_dates_example_and_how_to_fill(name):
    table = schema.TABLES_BY_NAME[name]
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx(table)))
    ws = wb[name]
    assert [c.value for c in ws[1]] == table.column_names
    assert ws["A1"].comment is not None and table.columns[0].description in ws["A1"].comment.text
    lists = {re.match(r"[A-Z]+", str(dv.sqref)).group(): dv for dv in ws.data_validations.dataValidation}
    for i, col in enumerate(table.columns):
        letter = openpyxl.utils.get_column_letter(i + 1)
        if col.kind == schema.ENUM:
            dv = lists[letter]
            assert dv.type == "list"
            ref = dv.formula1.split("!")[1].replace("$", "")
            values = [c.value for row in wb["Lists"][ref] for c in row]
            assert values == list(col.allowed)
        if col.kind == schema.DATE:
            assert lists[letter].type == "date" and ws[f"{letter}2"].number_format == "yyyy-mm-dd"
    ex = wb[EXAMPLE_SHEET]
    assert "EXAMPLE ONLY" in ex["A1"].value
    assert [c.value or "" for c in ex[3]] == [table.example.get(c, "") for c in table.column_names]
    how = [[c.value for c in r] for r in wb[HOW_SHEET].iter_rows()]
    assert [r[0] for r in how if r[0] in table.column_names] == table.column_names
    assert how_to_fill(table)[0]["meaning"] == table.columns[0].description


def test_template_filled_reads_back_and_example_is_never_imported(env):
    table = schema.TABLES_BY_NAME["vtf_proposals"]
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx(table)))
    wb["vtf_proposals"].append(["Kenya", 2025, "Synthetic test proposal", "approved", 1000, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    up = read_upload("vtf.xlsx", buf.getvalue(), env)
    assert list(up.tables) == ["vtf_proposals"] and not up.problems
    [row] = up.tables["vtf_proposals"]
    assert (row.row, row.values["iso3"], row.values["cycle_year"], row.values["amount_usd"]) == (2, "KEN", "2025", "1000")


def test_example_row_copied_into_the_data_sheet_is_refused(env):
    t = schema.TABLES_BY_NAME["assistance_requests"]
    data = workbook({"assistance_requests": [ASSIST_HEADER, [t.example[c] for c in ASSIST_HEADER]]})
    up = read_upload("x.xlsx", data, env)
    assert [(p.line, p.message) for p in up.problems] == [(2, "this is the template's example row (synthetic); delete it")]


# --- reading messy files -----------------------------------------------------------------------------------

def test_messy_workbook_title_blank_rows_dates_spaces_and_names(env):
    data = workbook({"assistance_requests": [
        ["Secretariat export — assistance database (synthetic test)"],
        [],
        ["State ", "Request date", "area", "status", "matched_with", "notes", "source_ids"],
        ["  Kenya ", dt.datetime(2025, 3, 1), " legislation  ", "Open", None, None, None],
        [None, None, None, None, None, None, None],
        ["Turkey", "2 April 2025", "training", "matched", "A donor", None, None],
        ["FJI", "15/05/2025", "stockpile", "closed", None, None, None],
        ["Côte d’Ivoire", "45800", "control list", "open", None, None, None],
    ]})
    up = read_upload("requests.xlsx", data, env)
    assert not up.problems
    rows = [(r.row, r.values["iso3"], r.values["request_date"], r.values["area"], r.values["status"])
            for r in up.tables["assistance_requests"]]
    assert rows == [(4, "KEN", "2025-03-01", "legislation", "open"), (6, "TUR", "2025-04-02", "training", "matched"),
                    (7, "FJI", "2025-05-15", "stockpile", "closed"), (8, "CIV", "2025-05-23", "control list", "open")]
    assert ("assistance_requests", 6, "iso3", "Turkey", "TUR") in up.notes
    assert ("assistance_requests", 4, "iso3", "Kenya", "KEN") in up.notes
    assert ("assistance_requests", 7, "request_date", "15/05/2025", "2025-05-15") in up.notes


def test_csv_with_title_row_semicolons_and_bom(env):
    text = "Sponsorship 2025 (synthetic)\n\niso3;meeting_id;application_date;outcome;delegates_sponsored\n" \
           "Kenya ;CSP11;2025-06-15;Sponsored;2.0\n"
    up = read_upload("sponsorship_applications.csv", ("\ufeff" + text).encode(), env)
    assert not up.problems
    [r] = up.tables["sponsorship_applications"]
    assert (r.row, r.values["iso3"], r.values["outcome"], r.values["delegates_sponsored"]) == (4, "KEN", "sponsored", "2")


def test_unreadable_files(env):
    with pytest.raises(UnreadableFile, match="Excel workbook"):
        read_upload("x.xlsx", b"PK\x03\x04 not really a zip", env)
    with pytest.raises(UnreadableFile, match="not UTF-8"):
        read_upload("x.csv", "iso3,area\nKEN,d\xe9j\xe0\n".encode("latin-1"), env)
    with pytest.raises(UnreadableFile, match="not a table the Secretariat feeds"):
        read_upload("x.csv", b"iso3\n", env, table="treaty_events")


# --- validation messages -----------------------------------------------------------------------------------

def test_every_problem_by_sheet_row_and_column_nothing_written(env):
    before = (env / "assistance_requests.csv").read_bytes()
    data = workbook({"assistance_requests": [
        ["Title"], ASSIST_HEADER,
        ["KEN", dt.datetime(2025, 3, 1), "legislation", "open"],
        ["Narnia", dt.datetime(2025, 3, 1), "training", "open"],
        ["FJI", "2025-02-30", "training", "pending"],
        ["GHA", dt.datetime(2030, 1, 1), "+cmd|' /C calc'!A0", "open"],
    ]})
    st = prepare(read_upload("bad.xlsx", data, env), env, "sara", TODAY)
    try:
        got = sorted(describe(p) for p in st.problems)
        assert got == sorted([
            "sheet 'assistance_requests', row 4, column 'iso3': 'Narnia' is neither an ISO3 code nor a State name "
            "we know (countries and their other names)",
            "sheet 'assistance_requests', row 5, column 'request_date': '2025-02-30' is not a real calendar date",
            "sheet 'assistance_requests', row 5, column 'status': 'pending' is not one of: open, matched, closed",
            "sheet 'assistance_requests', row 6, column 'area': starts with '+', which a spreadsheet runs as a "
            "formula; rephrase it so that it does not start with =, +, - or @",
            f"sheet 'assistance_requests', row 6, column 'request_date': 2030-01-01 is after the snapshot's as-of "
            f"date {TODAY.isoformat()}",
        ])
        with pytest.raises(PublishRefused, match="5 problem"):
            publish(st)
    finally:
        st.discard()
    assert (env / "assistance_requests.csv").read_bytes() == before
    assert not (Path(env.parent) / "snapshots").exists()


def test_formula_without_a_saved_result_is_a_problem_not_a_blank(env):
    data = workbook({"assistance_requests": [ASSIST_HEADER,
                                             ["KEN", dt.datetime(2025, 3, 1), "legislation", "open", "=B2&\"x\""]]})
    up = read_upload("f.xlsx", data, env)
    assert [describe(p) for p in up.problems] == [
        "sheet 'assistance_requests', row 2, column 'matched_with': holds a formula (=B2&\"x\") whose result the "
        "file does not carry; type the value itself"]


def test_duplicate_rows_name_the_spreadsheet_rows(env):
    data = workbook({"sponsorship_applications": [
        ["iso3", "meeting_id", "outcome"], ["KEN", "CSP10", "sponsored"], ["Kenya", "CSP10", "declined"]]})
    st = prepare(read_upload("d.xlsx", data, env), env, "sara", TODAY)
    st.discard()
    assert [describe(p) for p in st.problems] == [
        "sheet 'sponsorship_applications', row 3: duplicates row 2 (iso3=KEN, meeting_id=CSP10)"]


# --- diff and publish --------------------------------------------------------------------------------------

def _seed(env: Path, table: str, rows: list[dict]) -> None:
    import csv
    t = schema.TABLES_BY_NAME[table]
    with (env / t.file).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, t.column_names, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in t.column_names})


def test_diff_added_changed_removed_and_unchanged_rows_keep_their_source(env):
    src = "SEC-UPLOAD-20250101-aaaaaaaaaaaa"
    with (env / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(f"{src},secretariat_upload,earlier.xlsx (synthetic test),ATT Secretariat,,2025-01-01,test,un\n")
    base = {"meeting_id": "CSP10", "source_ids": src}
    _seed(env, "sponsorship_applications", [{**base, "iso3": "KEN", "outcome": "sponsored"},
                                            {**base, "iso3": "FJI", "outcome": "pending"},
                                            {**base, "iso3": "GHA", "outcome": "sponsored"}])
    data = workbook({"sponsorship_applications": [["iso3", "meeting_id", "outcome"], ["KEN", "CSP10", "sponsored"],
                                                  ["FJI", "CSP10", "declined"], ["PER", "CSP10", "sponsored"]]})
    st = prepare(read_upload("s.xlsx", data, env), env, "sara", TODAY)
    st.discard()
    assert st.ok, st.problems
    d = st.diffs["sponsorship_applications"]
    assert [r["iso3"] for r in d.added] == ["PER"] and d.added[0]["source_ids"] == st.source_id
    assert [(o["iso3"], o["outcome"], n["outcome"], c) for o, n, c in d.changed] == \
        [("FJI", "pending", "declined", ["outcome", "source_ids"])]
    assert [r["iso3"] for r in d.removed] == ["GHA"] and d.unchanged == 1


def test_csp_list_replaces_only_the_meetings_it_lists(env):
    import csv
    with (env / "csp_participation.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    other = [r for r in rows if r["meeting_id"] != "CSP11"]
    data = workbook({"csp_participation": [
        ["meeting_id", "year", "iso3", "basis", "capacity", "evidence"],
        ["CSP11", 2025, "Somalia", "official_list", "observer", "CSP11 list of participants (synthetic test)"]]})
    st = prepare(read_upload("c.xlsx", data, env), env, "sara", TODAY)
    try:
        assert st.ok, st.problems
        d = st.diffs["csp_participation"]
        assert [r["iso3"] for r in d.added] == ["SOM"]
        assert len(d.removed) == sum(r["meeting_id"] == "CSP11" for r in rows) - 0
        with (st.staging / "sources" / "csp_participation.csv").open(encoding="utf-8") as f:
            staged = list(csv.DictReader(f))
        assert [r for r in staged if r["meeting_id"] != "CSP11"] == other
    finally:
        st.discard()


def test_publish_writes_sources_snapshot_source_row_and_audit(env, tmp_path):
    from attdash.register.data_audit import entries
    from attdash.register.store import open_store
    from attdash.snapshot import get_snapshot
    data = workbook({"reporting_status": [["iso3", "report_type", "report_year", "submitted_date", "public"],
                                          ["Kenya", "annual", 2024, dt.datetime(2025, 5, 30), "yes"]]})
    up = read_upload("Reporting 2025.xlsx", data, env)
    st = prepare(up, env, "sara", TODAY)
    store = open_store()
    path = publish(st, store)
    assert path == tmp_path / "snapshots" / TODAY.isoformat()
    assert not st.staging.exists()
    rows = (env / "reporting_status.csv").read_text().splitlines()
    assert rows[1] == f"KEN,annual,2024,2025-05-30,true,,{st.source_id}"
    src = [line for line in (env / "sources.csv").read_text().splitlines() if line.startswith(st.source_id)]
    assert len(src) == 1 and "ATT Secretariat" in src[0] and up.sha256 in src[0] and "Reporting 2025.xlsx" in src[0]
    assert "uploaded by sara" in src[0]
    assert (env / "AS_OF").read_text().strip() == TODAY.isoformat()
    snap = get_snapshot(None, tmp_path / "snapshots")
    assert snap.manifest["tables"]["reporting_status"]["rows"] == 1 and st.source_id in snap.manifest["sources_used"]
    log = entries(store)
    assert log.select("username", "action", "snapshot", "file_name", "sha256").row(0) == \
        ("sara", "publish", TODAY.isoformat(), "Reporting 2025.xlsx", up.sha256)
    assert json.loads(log["summary"][0])["reporting_status"] == {"added": 1, "changed": 0, "removed": 0}
    # A second publication the same day is refused: snapshot names are dates.
    again = prepare(read_upload("r2.xlsx", workbook({"reporting_status": [
        ["iso3", "report_type", "report_year"], ["FJI", "initial", None]]}), env), env, "sara", TODAY)
    with pytest.raises(PublishRefused, match="already exists: one publication per day"):
        publish(again, store)
    again.discard()
    store.dispose()


def test_publish_refused_when_sources_changed_after_review(env):
    st = prepare(read_upload("r.xlsx", workbook({"reporting_status": [
        ["iso3", "report_type", "report_year"], ["FJI", "initial", None]]}), env), env, "sara", TODAY)
    (env / "champions.csv").write_text((env / "champions.csv").read_text() + "\n")
    with pytest.raises(PublishRefused, match="changed since this upload was reviewed"):
        publish(st)
    st.discard()
    assert (env / "reporting_status.csv").read_text().count("\n") == 1


def test_audit_log_is_append_only(env):
    import sqlalchemy as sa
    from attdash.register import data_audit
    from attdash.register.store import open_store
    store = open_store()
    data_audit.record(store, username="sara", action="publish", summary="x")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(sa.delete(data_audit.data_updates))
    store.dispose()


# --- withdraw ----------------------------------------------------------------------------------------------

def test_withdraw_hides_keeps_on_disk_records_reason(env, tmp_path):
    from attdash.register.data_audit import entries
    from attdash.register.store import open_store
    from attdash.snapshot import build, list_snapshots
    snaps = tmp_path / "snapshots"
    build(TODAY - dt.timedelta(days=1), env, snaps)
    build(TODAY, env, snaps)
    store = open_store()
    with pytest.raises(PublishRefused, match="reason"):
        withdraw(TODAY.isoformat(), " ", "sara", store, snaps)
    with pytest.raises(LookupError, match="unknown snapshot"):
        withdraw("2001-01-01", "wrong rows", "sara", store, snaps)
    withdraw(TODAY.isoformat(), "Wrong file uploaded", "sara", store, snaps)
    assert withdrawn(snaps)[TODAY.isoformat()]["reason"] == "Wrong file uploaded"
    assert (snaps / TODAY.isoformat() / "manifest.json").exists()
    assert [s.name for s in list_snapshots(snaps)][0] == TODAY.isoformat()  # kept on disk
    with pytest.raises(PublishRefused, match="only snapshot left"):
        withdraw((TODAY - dt.timedelta(days=1)).isoformat(), "no reason really", "sara", store, snaps)
    assert entries(store).select("action", "snapshot", "summary").row(0) == \
        ("withdraw", TODAY.isoformat(), "Wrong file uploaded")
    store.dispose()


# --- restricted tables ---------------------------------------------------------------------------------------

def test_restricted_tables_marked_in_the_schema():
    assert set(schema.RESTRICTED_TABLES) == {"assistance_requests", "sponsorship_applications", "national_contacts"}
    assert not schema.TABLES_BY_NAME["champions"].restricted
    assert schema.may_see(schema.TABLES_BY_NAME["assistance_requests"], "member")
    assert not schema.may_see(schema.TABLES_BY_NAME["assistance_requests"], None)


def test_restricted_rows_only_for_signed_in_roles_card_and_brief(env, tmp_path):
    from attdash.db import Database
    from attdash.documents import brief
    from attdash.profile import RESTRICTED_NOTE, build_profile, profile_markdown
    from attdash.snapshot import build, get_snapshot
    data = workbook({"assistance_requests": [ASSIST_HEADER, ["KEN", dt.datetime(2025, 3, 1), "SYNTH-AREA-91", "open"]],
                     "sponsorship_applications": [["iso3", "meeting_id", "outcome"], ["KEN", "CSP10", "sponsored"]]})
    st = prepare(read_upload("r.xlsx", data, env), env, "sara", TODAY)
    assert st.ok, st.problems
    path = build(TODAY, st.staging / "sources", tmp_path / "snaps")
    st.discard()
    db = Database(get_snapshot(path.name, tmp_path / "snaps"), cache=False)
    try:
        out = build_profile(db, "KEN")
        secs = {s["key"]: s for s in out["sections"]}
        assert secs["assistance_requests"]["rows"] == [] and secs["assistance_requests"]["restricted"]
        assert secs["sponsorship"]["rows"] == [] and secs["sponsorship"]["restricted_note"] == RESTRICTED_NOTE
        assert "SYNTH-AREA-91" not in profile_markdown(out)
        assert not any(s["source_id"] == st.source_id for s in out["sources"])
        md = brief(db, "KEN", None, "md").decode()
        assert "SYNTH-AREA-91" not in md and RESTRICTED_NOTE in md
        # Every State's card says the same: it does not reveal which State has rows.
        other = {s["key"]: s for s in build_profile(db, "FJI")["sections"]}
        assert other["assistance_requests"]["restricted_note"] == RESTRICTED_NOTE
        assert other["assistance_requests"]["rows"] == [] and not other["assistance_requests"]["has_data"]
        for role in ("member", "secretariat"):
            secs = {s["key"]: s for s in build_profile(db, "KEN", role=role)["sections"]}
            assert [r["area"] for r in secs["assistance_requests"]["rows"]] == ["SYNTH-AREA-91"]
            assert "SYNTH-AREA-91" in brief(db, "KEN", None, "md", role=role).decode()
    finally:
        db.close()


# --- command line ------------------------------------------------------------------------------------------

def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "attdash", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_cli_template(tmp_path):
    r = _cli("sources", "template", "champions", "--format", "xlsx", "--output", str(tmp_path / "c.xlsx"))
    assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames == ["champions", "Lists", EXAMPLE_SHEET, HOW_SHEET]
    r = _cli("sources", "template", "treaty_events")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_cli_import_bad_row_exit_2_nothing_written_then_apply(env, tmp_path):
    before = {p.name: p.read_bytes() for p in env.glob("*.csv")}
    bad = tmp_path / "vtf.xlsx"
    bad.write_bytes(workbook({"vtf_proposals": [
        ["iso3", "cycle_year", "project_title", "outcome"], ["KEN", 2025, "Synthetic A", "approved"],
        ["FJI", "twenty", "Synthetic B", "maybe"]]}))
    r = _cli("sources", "import", str(bad), "--apply")
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "error: sheet 'vtf_proposals', row 3, column 'cycle_year': 'twenty' is not a whole number",
        "error: sheet 'vtf_proposals', row 3, column 'outcome': 'maybe' is not one of: approved, not_approved, "
        "withdrawn, pending",
        f"nothing written: 2 problem(s) in {bad}"]
    assert {p.name: p.read_bytes() for p in env.glob("*.csv")} == before
    assert not (tmp_path / "snapshots").exists()
    good = tmp_path / "vtf_proposals.csv"
    good.write_text("iso3,cycle_year,project_title,outcome\nKEN,2025,Synthetic A,approved\n")
    r = _cli("sources", "import", str(good))
    assert r.returncode == 0, r.stderr
    assert "(vtf_proposals): 1 added, 0 changed, 0 removed" in r.stdout and "Nothing written" in r.stdout
    assert (env / "vtf_proposals.csv").read_bytes() == before["vtf_proposals.csv"]
    r = _cli("sources", "import", str(good), "--apply", "--by", "sara")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "snapshots" / TODAY.isoformat() / "manifest.json").exists()
    assert "KEN,2025,Synthetic A,approved" in (env / "vtf_proposals.csv").read_text()


# --- signals that use the uploaded data ------------------------------------------------------------------------

def test_official_list_role_and_vtf_proposal_feed_planning(env, tmp_path):
    from attdash import planning
    from attdash.db import Database
    from attdash.snapshot import build, get_snapshot
    data = workbook({
        "csp_participation": [["meeting_id", "year", "iso3", "basis", "capacity", "evidence"],
                              ["CSP11", 2025, "Somalia", "official_list", "observer", "Listed (synthetic test)"]],
        "vtf_proposals": [["iso3", "cycle_year", "project_title", "outcome"],
                          ["Eritrea", 2025, "Synthetic proposal", "not_approved"]]})
    st = prepare(read_upload("s.xlsx", data, env), env, "sara", TODAY)
    assert st.ok, st.problems
    before = Database(get_snapshot(build(TODAY - dt.timedelta(days=1), env, tmp_path / "a").name, tmp_path / "a"),
                      cache=False)
    after = Database(get_snapshot(build(TODAY, st.staging / "sources", tmp_path / "b").name, tmp_path / "b"),
                     cache=False)
    st.discard()
    try:
        old = {r["iso3"]: r for r in planning.step_table(before, before.snapshot.as_of).iter_rows(named=True)}
        new = {r["iso3"]: r for r in planning.step_table(after, after.snapshot.as_of).iter_rows(named=True)}
        assert (old["SOM"]["step"], old["ERI"]["step"]) == (3, 3)
        assert (new["SOM"]["step"], new["SOM"]["latest_csp_role"]) == (2, "observer at CSP11")
        assert (new["ERI"]["step"], new["ERI"]["vtf_proposals"]) == (2, 1)
    finally:
        before.close()
        after.close()


# --- the depositary refresh on the page ------------------------------------------------------------------------

def test_depositary_page_staged_reviewed_published(env, tmp_path, real_db):
    from attdash.register.data_audit import entries
    from attdash.register.store import open_store
    from attdash.sources import depositary
    from attdash.sources.validate import ValidationFailed
    from tests.untc_pages import Row, cell_date, rows_from_snapshot, viewdetails_html
    as_at = dt.date(2025, 5, 15)  # the depositary's header of that day (130 signatories) is in the sources
    rows = rows_from_snapshot(real_db, real_db.snapshot.path, as_at)
    before = {p.name: p.read_bytes() for p in env.glob("*.csv")}
    store = open_store()
    # A page with an invented signature (synthetic): its header disagrees with the published count of that
    # day, so the build refuses and nothing is written.
    bad = viewdetails_html(as_at, sorted(rows + [Row("Somalia", cell_date(as_at))], key=lambda r: r.name))
    staged = depositary.stage("XXVI-8-bad.html", bad.encode(), env)
    assert "SOM" in staged.plan.render() and not staged.plan.empty
    with pytest.raises(ValidationFailed):
        depositary.publish(staged, "sara", TODAY, store)
    staged.discard()
    assert {p.name: p.read_bytes() for p in env.glob("*.csv")} == before
    assert not (tmp_path / "snapshots" / TODAY.isoformat()).exists()
    # The page as it was: the same facts, now corroborated by the depositary (record checks, source ids).
    staged = depositary.stage("XXVI-8.html", viewdetails_html(as_at, rows).encode(), env)
    assert not staged.plan.empty and not staged.plan.new
    assert {p.name: p.read_bytes() for p in env.glob("*.csv")} == before  # planning writes nothing live
    path = depositary.publish(staged, "sara", TODAY, store)
    assert path == tmp_path / "snapshots" / TODAY.isoformat() and not staged.staging.exists()
    assert "UNTC-2025-05-15" in (env / "treaty_events.csv").read_text()
    assert (env / "treaty_events.csv").read_bytes() != before["treaty_events.csv"]
    assert entries(store).select("username", "action", "snapshot", "file_name").row(0) == \
        ("sara", "depositary", TODAY.isoformat(), "XXVI-8.html")
    store.dispose()


def _older_and_withdrawn_newer(sources, snaps, reason: str) -> tuple[dt.date, dt.date]:
    """Two snapshots, the day before yesterday's and yesterday's, the newer one withdrawn for ``reason``."""
    from attdash.snapshot import build
    older, newer = TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1)
    build(older, sources, snaps)
    build(newer, sources, snaps)
    withdraw(newer.isoformat(), reason, "sara", None, snaps)
    return older, newer


def test_withdrawn_snapshot_leaves_the_picker_and_a_link_to_it_falls_back(env, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest
    older, newer = _older_and_withdrawn_newer(env, tmp_path / "snapshots", "Rows uploaded to the wrong table")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["snapshot"] = newer.isoformat()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    picker = next(s for s in at.sidebar.selectbox if s.label == "Snapshot (data as of)")
    from attdash.ui.format import long_date  # the picker names a snapshot by its as-of date in the pages' style
    assert picker.options == [long_date(older)] and picker.value == older.isoformat()
    assert any(f"the snapshot of {long_date(newer)} was withdrawn (Rows uploaded to the wrong table)"
               in w.value.replace("\\", "") for w in at.warning)


def test_the_command_line_skips_a_withdrawn_snapshot_unless_it_is_named(env, tmp_path, capsys):
    """The picker hides a withdrawn snapshot; the command line's default (the newest) does too, and says so."""
    from attdash import cli
    older, newer = _older_and_withdrawn_newer(env, tmp_path / "snapshots", "Rows uploaded\x1b[31m to the wrong table")
    # the default answers from the older snapshot: a date after its as-of date is refused
    assert cli.main(["summary", "--as-of", older.isoformat(), "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert f"snapshot {newer.isoformat()} was withdrawn (Rows uploaded?[31m to the wrong table); using snapshot " \
        f"{older.isoformat()}" in out.err and "\x1b" not in out.err
    assert out.out.startswith("un_regional_group,state_party")
    assert cli.main(["summary", "--as-of", newer.isoformat(), "--format", "csv"]) == 2
    assert "--as-of" in capsys.readouterr().err
    # named, it answers, with the warning
    assert cli.main(["summary", "--as-of", newer.isoformat(), "--format", "csv", "--snapshot", newer.isoformat()]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("un_regional_group,state_party")
    assert f"snapshot {newer.isoformat()} was withdrawn" in out.err and "because it was named" in out.err
