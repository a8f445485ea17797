"""The Secretariat's Data updates page in a real browser: download a template, upload it with one bad row, see
the problem, upload the fixed file, review the diff and what it changes, publish, and see the new rows on the
card and in Planning. A member does not see the page; signed out, no restricted row appears anywhere (pages,
CSV, card, brief).

Its own server on temporary copies of data/ (ATTDASH_SOURCES, ATTDASH_SNAPSHOTS, ATTDASH_DATA_DIR): the shipped
sources and snapshots are not touched. The uploaded rows are synthetic (tests only).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from e2e_support import VIEWPORT, require_browser

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402

from conftest import streamlit_running  # noqa: E402
from test_browser import download, open_app, sidebar, wait_for_app  # noqa: E402

SEC_PW = "secretariat passphrase 2"
MEM_PW = "member passphrase 2"
MARK = "SYNTH-RESTRICTED-area-5d1e"
TODAY = dt.date.today()
NEAR_TERM = {"SOM": "Somalia", "TUN": "Tunisia"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from attdash.paths import ROOT
    from attdash.register import users
    from attdash.register.store import open_store
    from attdash.snapshot import build

    tmp = tmp_path_factory.mktemp("data-updates-e2e")
    sources = tmp / "data" / "sources"
    shutil.copytree(ROOT / "data" / "sources", sources, ignore=shutil.ignore_patterns("research"))
    snaps = tmp / "data" / "snapshots"
    # the snapshot the Secretariat starts from is older than today (one snapshot can be published per day)
    start = min(dt.date.fromisoformat((sources / "AS_OF").read_text().strip()), dt.date.today() - dt.timedelta(days=1))
    build(start, sources, snaps)
    env = {"ATTDASH_DATA_DIR": str(tmp / "register"), "ATTDASH_SNAPSHOTS": str(snaps),
           "ATTDASH_SOURCES": str(sources)}
    saved = {k: os.environ.get(k) for k in (*env, "ATTDASH_DATABASE_URL")}
    os.environ.pop("ATTDASH_DATABASE_URL", None)
    os.environ.update(env)
    try:
        store = open_store()
        users.add_user(store, "sara", SEC_PW, "secretariat", display_name="Sara (Secretariat)")
        users.add_user(store, "mia", MEM_PW, "member", display_name="Mia")
        store.dispose()
        with streamlit_running(tmp) as url:
            yield url, sources, snaps
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def new_page(browser, server):
    url = server[0]
    contexts = []

    def make() -> Page:
        ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=url)
        ctx.set_default_timeout(60_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def sign_in(page: Page, user: str, password: str) -> None:
    open_app(page, "/register")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)


def go(page: Page, title: str) -> None:
    sidebar(page).get_by_role("link", name=title).click()
    wait_for_app(page)


def upload(page: Page, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploader").first.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": data})
    wait_for_app(page, timeout=90_000)


def filled(template: bytes, status: str) -> bytes:
    """The downloaded template filled as the Secretariat would: a State name, an Excel date, one more sheet."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["assistance_requests"]
    ws.append(["Kenya ", dt.datetime(2025, 3, 1), MARK, "open", None, None, None])
    ws.append(["Fiji", "2 April 2025", "training", status, None, None, None])
    csp = wb.create_sheet("csp_participation")
    csp.append(["CSP11 list of participants (synthetic test rows)"])
    csp.append(["meeting_id", "year", "State", "basis", "capacity", "evidence"])
    for name in NEAR_TERM.values():
        csp.append(["CSP11", 2025, name, "official_list", "observer", "Listed as observer (synthetic test)"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def page_text(page: Page) -> str:
    return page.content()


def test_secretariat_template_bad_row_fix_review_publish_then_card_planning_and_restrictions(new_page, server):
    import openpyxl
    _, sources, snaps = server
    page = new_page()
    sign_in(page, "sara", SEC_PW)
    go(page, "Data updates")
    expect(page.get_by_role("heading", name="Data updates")).to_be_visible()

    # 1. the template
    page.get_by_role("tab", name="Templates").click()
    wait_for_app(page)
    row = page.get_by_test_id("stHorizontalBlock").filter(has_text="Assistance requests")
    name, template = download(page, row.get_by_role("button", name="Template (Excel)"))
    assert name == "assistance_requests.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(template))
    assert wb.sheetnames == ["assistance_requests", "Lists", "Example (not imported)", "How to fill"]

    # 2. one bad row: the problem by sheet, row and column; nothing written
    before = (sources / "assistance_requests.csv").read_bytes()
    page.get_by_role("tab", name="Upload and publish").click()
    upload(page, "requests.xlsx", filled(template, "bogus"))
    expect(page.get_by_text("1 problem(s): nothing will be written")).to_be_visible()
    problems = page.get_by_test_id("stDataFrame").filter(has_text="Problem")
    expect(problems).to_contain_text("'bogus' is not one of: open, matched, closed")
    expect(problems).to_contain_text("assistance_requests")
    expect(page.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
    assert (sources / "assistance_requests.csv").read_bytes() == before

    # 3. the fixed file: review (diff and what it changes), publish
    upload(page, "requests-fixed.xlsx", filled(template, "matched"))
    expect(page.get_by_text("No problem found")).to_be_visible()
    expect(page.get_by_text("Assistance requests: 2 added, 0 changed, 0 removed")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Planning: 2 new near-term candidates in the African group "
                                       r"\(Somalia, Tunisia\)"))).to_be_visible()
    # the README's picture of the page: the review before publishing (synthetic rows, a temporary copy of data/)
    page.screenshot(path=str(Path(__file__).resolve().parent / "screenshots" / "data_updates.png"), full_page=True)
    page.get_by_role("button", name=re.compile("^Publish")).click()
    wait_for_app(page, timeout=120_000)
    expect(page.get_by_text(re.compile(r"Published: the snapshot of"))).to_be_visible()
    assert (snaps / TODAY.isoformat() / "manifest.json").exists()
    assert MARK in (sources / "assistance_requests.csv").read_text()

    # 4. the Secretariat's session (same session: navigation, no reload) now reads the new snapshot: the
    # restricted row on the card, the candidates in Planning
    expect(sidebar(page).get_by_role("combobox").first).to_be_visible()
    go(page, "Country profile")
    box = page.get_by_test_id("stSelectbox").filter(has_text="State — type a name or ISO3 code")
    box.click()
    page.keyboard.type("Kenya")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_test_id("stDataFrame").filter(has_text=MARK)).to_have_count(1)
    go(page, "Planning")
    _, body = download(page, page.get_by_role("button", name="Download the step table (CSV)"))
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM of every page download (Excel reads UTF-8)
    steps = {r["iso3"]: r for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    for iso3 in NEAR_TERM:
        assert steps[iso3]["step"] == "2" and steps[iso3]["csps_with_presence_evidence"] != "0"
    # the audit log
    go(page, "Data updates")
    page.get_by_role("tab", name="Snapshots and history").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stDataFrame").filter(has_text="requests-fixed.xlsx")).to_have_count(1)

    # 5. signed out, in a new session: the new snapshot opens; no restricted row anywhere
    out = new_page()
    open_app(out, "/planning")
    _, body = download(out, out.get_by_role("button", name="Download the step table (CSV)"))
    steps = {r["iso3"]: r for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    assert all(steps[iso3]["step"] == "2" for iso3 in NEAR_TERM)
    open_app(out, "/profile?iso3=KEN")
    expect(out.get_by_text(re.compile("Restricted: shown only to signed-in members")).first).to_be_visible()
    assert MARK not in page_text(out)
    _, card = download(out, out.get_by_role("button", name="Download this card (Markdown, for briefings)"))
    assert MARK not in card.decode("utf-8") and "Restricted" in card.decode("utf-8")
    _, docx = download(out, out.get_by_role("button", name="Download brief (Word)"))
    import docx as python_docx
    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx)).paragraphs)
    assert MARK not in text and "Restricted: shown only to signed-in members" in text
    open_app(out, "/data")
    box = out.get_by_test_id("stSelectbox").filter(has_text="Table")
    box.click()
    out.keyboard.type("assistance_requests")
    out.keyboard.press("Enter")
    wait_for_app(out)
    expect(out.get_by_text("Restricted table: its rows are shown only")).to_be_visible()
    assert MARK not in page_text(out)
    for path in ("/", "/planning", "/report", "/signatories", "/by-group"):
        open_app(out, path)
        assert MARK not in page_text(out), path
    expect(sidebar(out).get_by_role("link", name="Data updates")).to_have_count(0)


def test_member_does_not_see_the_page(new_page):
    page = new_page()
    sign_in(page, "mia", MEM_PW)
    expect(sidebar(page).get_by_role("link", name="Outreach register")).to_be_visible()
    expect(sidebar(page).get_by_role("link", name="Data updates")).to_have_count(0)
    open_app(page, "/data-updates")  # a new session: signed out, and the page does not exist either way
    expect(page.get_by_role("heading", name="Data updates")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
