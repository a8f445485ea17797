"""The outreach register in a real browser: sign-in, recording with the duplicate warning, edit, history,
CSV, sign-out; roles; and nothing from the register anywhere when signed out.

Its own server: a temporary register (ATTDASH_DATA_DIR) and a snapshot built from data/sources into a
temporary folder (ATTDASH_SNAPSHOTS), so the shipped data is not touched. Register rows are synthetic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time

import pytest

from e2e_support import VIEWPORT, require_browser

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402

from conftest import streamlit_running  # noqa: E402
from test_browser import download, grid_column, open_app, sidebar, wait_for_app  # noqa: E402

SEC_PW = "secretariat passphrase 1"
MEM_PW = "member passphrase 1"
SECRET = "SECRET-ONLY-Fiji-note-7f3a"
SHARED = "MEMBERS-Fiji-note-91c2"
EARLIER = "EARLIER-confidential-text-5b1e"      # later made visible to members: its old text must not leak
REASON = "DELETION-REASON-confidential-c4d2"   # a deleted entry's reason: the Secretariat's only
TOM_PW = "tom walks the long road 3"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def register_server(tmp_path_factory):
    from attdash.paths import ROOT
    from attdash.register import users, validation
    from attdash.register.store import Viewer, open_store
    from attdash.snapshot import build

    tmp = tmp_path_factory.mktemp("register-e2e")
    snaps = tmp / "snapshots"
    build(dt.date.fromisoformat((ROOT / "data" / "sources" / "AS_OF").read_text().strip()),
          ROOT / "data" / "sources", snaps)
    env = {"ATTDASH_DATA_DIR": str(tmp / "register"), "ATTDASH_SNAPSHOTS": str(snaps)}
    saved = {k: os.environ.get(k) for k in (*env, "ATTDASH_DATABASE_URL")}
    os.environ.pop("ATTDASH_DATABASE_URL", None)
    os.environ.update(env)
    try:
        store = open_store()
        users.add_user(store, "sara", SEC_PW, "secretariat", display_name="Sara (Secretariat)")
        users.add_user(store, "mia", MEM_PW, "member", display_name="Mia")
        sara = Viewer("sara", "secretariat")
        base = {"targets": ["FJI"], "activity_date": (TODAY - dt.timedelta(days=10)).isoformat(),
                "actor_kind": "secretariat", "actor_name": "ATT Secretariat", "kind": "letter_or_demarche"}
        users.add_user(store, "tom", TOM_PW, "member", display_name="Tom")
        ids = {"secret": store.add(sara, validation.activity({**base, "summary": SECRET, "visibility": "secretariat"},
                                                             {"FJI"})),
               "shared": store.add(sara, validation.activity({**base, "summary": SHARED}, {"FJI"}))}
        ids["opened"] = store.add(sara, validation.activity({**base, "summary": EARLIER, "outcome": EARLIER,
                                                             "visibility": "secretariat"}, {"FJI"}))
        store.update(sara, ids["opened"], validation.activity({**base, "summary": "Now open to members"}, {"FJI"}))
        ids["deleted"] = store.add(sara, validation.activity({**base, "summary": "Later deleted"}, {"FJI"}))
        store.delete(sara, ids["deleted"], REASON)
        store.dispose()
        # asgi.py: the app with its session route (cookies), as `make run` serves it
        with streamlit_running(tmp, script="asgi.py") as url:
            yield url, ids
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def rpage(browser, register_server):
    url, _ = register_server
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=url)
    ctx.set_default_timeout(30_000)
    pg = ctx.new_page()
    pg.dialogs = []
    try:
        yield pg
    finally:
        ctx.close()


def sign_in(page: Page, user: str, password: str) -> None:
    open_app(page, "/register")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)


def tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=re.compile("^" + re.escape(name))).click()
    wait_for_app(page)


def record(page: Page, iso3_name: str, who: str, summary: str) -> None:
    tab(page, "Record an activity")
    box = page.get_by_test_id("stMultiSelect").filter(has_text="Target State(s)")
    box.click()
    page.keyboard.type(iso3_name)
    page.get_by_role("option", name=re.compile(re.escape(iso3_name))).first.click()
    page.keyboard.press("Escape")
    page.get_by_label("Who (State, champion, organisation, person's role)").fill(who)
    page.get_by_label("Summary (plain text)").fill(summary)
    page.get_by_role("button", name="Check and save").click()
    wait_for_app(page)


def open_entry(page: Page, entry_id: int) -> None:
    tab(page, "Open an entry")
    field = page.get_by_label("Entry number")
    field.fill(str(entry_id))
    field.press("Enter")
    wait_for_app(page)
    # the entry drawn by the rerun the key press started (on busy cores it may start after wait_for_app's pause)
    expect(page.get_by_text(re.compile(rf"^(Entry {entry_id} ·|No entry {entry_id} that you may see)"))).to_be_visible()
    wait_for_app(page, after_action=False)


def page_has(page: Page, text: str, timeout_s: float = 20) -> bool:
    """``text`` in the page's HTML within ``timeout_s`` (a table's cells arrive a moment after the text above it)."""
    deadline = time.monotonic() + timeout_s
    while text not in page.content():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(200)
    return True


def frame_with_column(page: Page, header: str):
    """The (one) st.dataframe with this column header (every tab's content is in the page)."""
    return page.get_by_test_id("stDataFrame").filter(has=page.locator("table thead th", has_text=header))


def saved_id(page: Page) -> int:
    msg = page.get_by_text(re.compile(r"Saved as entry \d+\.")).inner_text()
    return int(re.search(r"entry (\d+)", msg).group(1))


def test_signed_out_no_register_content_anywhere(rpage: Page, register_server):
    _, ids = register_server
    for path in ("/register", "/planning", "/profile?iso3=FJI", "/", "/data"):
        open_app(rpage, path)
        html = rpage.content()
        assert SECRET not in html and SHARED not in html, path
        assert "ATT Secretariat" not in html, path
        expect(rpage.get_by_role("button", name="Download the register (CSV)")).to_have_count(0)
        expect(rpage.get_by_test_id("stException")).to_have_count(0)
    open_app(rpage, "/register")
    expect(rpage.get_by_role("button", name="Sign in")).to_be_visible()
    expect(rpage.get_by_role("tab")).to_have_count(0)
    # a wrong password gets a message and no access
    rpage.get_by_label("User name").fill("sara")
    rpage.get_by_label("Password", exact=True).fill("not the password")
    rpage.get_by_role("button", name="Sign in").click()
    wait_for_app(rpage)
    expect(rpage.get_by_text("The user name or password is wrong")).to_be_visible()
    expect(rpage.get_by_role("tab")).to_have_count(0)


def test_record_duplicate_warning_edit_history_csv_sign_out(rpage: Page):
    page = rpage
    sign_in(page, "sara", SEC_PW)
    # the role said once, though the display name already carries it
    expect(page.get_by_test_id("stSidebar").get_by_text("Signed in: Sara (Secretariat)", exact=True)).to_be_visible()
    record(page, "Kenya", "Mission of Ghana", "First démarche <b>bold?</b> 'quoted'")
    first = saved_id(page)
    # a second one on the same State: the warning comes first, with who to contact
    record(page, "Kenya", "Co-chairs", "Second visit to Nairobi")
    warning = page.get_by_text(re.compile("Possible duplicate effort: 1 other activity on Kenya"))
    expect(warning).to_be_visible()
    dupes = frame_with_column(page, "Who (contact)")
    assert grid_column(dupes, "Who (contact)") == ["Mission of Ghana"]
    page.get_by_role("button", name="Save anyway").click()
    wait_for_app(page)
    second = saved_id(page)
    assert second == first + 1
    # edit the first one, then see the change in its history
    open_entry(page, first)
    page.get_by_text("Edit this entry").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save changes"))
    summary = form.get_by_label("Summary (plain text)")
    summary.fill("First démarche, corrected")
    expect(summary).to_have_value("First démarche, corrected")
    wait_for_app(page, after_action=False)  # nothing running when the form is sent
    form.get_by_role("button", name="Save changes").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Not saved")).to_have_count(0)
    hist = frame_with_column(page, "Changes")
    expect(hist.locator("table tbody")).to_contain_text("Edited")   # the rerun after saving has drawn it
    assert grid_column(hist, "Action") == ["Created", "Edited"]
    changes = grid_column(hist, "Changes")[1]
    assert "Summary: First démarche <b>bold?</b> 'quoted' → First démarche, corrected" in changes
    # the CSV has the entries Sara may see (the Secretariat-only one included)
    tab(page, "Entries")
    name, body = download(page, page.get_by_role("button", name="Download the register (CSV)"))
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the UTF-8 ("démarche")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert name.startswith("attdash_outreach-register_") and name.endswith(".csv")
    cols = list(rows[0])
    assert cols[cols.index("targets") + 1] == "target_names" and cols[cols.index("kind") + 1] == "kind_label"
    by_summary = {r["summary"]: r for r in rows}
    assert set(by_summary) == {"First démarche, corrected", "Second visit to Nairobi", SECRET, SHARED,
                               "Now open to members"}
    assert by_summary["Second visit to Nairobi"]["target_names"] == "Kenya"
    assert by_summary["Second visit to Nairobi"]["targets"] == "KEN" and \
        by_summary["Second visit to Nairobi"]["entered_by"] == "sara"
    # sign out: nothing of the register is left on the page
    sidebar(page).get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    html = page.content()
    assert "Nairobi" not in html and "corrected" not in html and SECRET not in html
    expect(page.get_by_role("button", name="Download the register (CSV)")).to_have_count(0)


def test_member_sees_members_entries_only_and_edits_only_own(rpage: Page, register_server):
    _, ids = register_server
    page = rpage
    sign_in(page, "mia", MEM_PW)
    frame = frame_with_column(page, "Summary")
    summaries = grid_column(frame, "Summary")
    assert SHARED in summaries and SECRET not in summaries
    assert SECRET not in page.content()
    name, body = download(page, page.get_by_role("button", name="Download the register (CSV)"))
    assert SHARED in body.decode("utf-8") and SECRET not in body.decode("utf-8")
    open_entry(page, ids["secret"])
    expect(page.get_by_text(f"No entry {ids['secret']} that you may see.")).to_be_visible()
    open_entry(page, ids["shared"])
    expect(page.get_by_text("members edit only the entries they entered")).to_be_visible()
    expect(page.get_by_text("Edit this entry")).to_have_count(0)
    # the card shows the Outreach section now, with what a member may see
    sidebar(page).get_by_role("link", name="Country profile").click()
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="State — type a name").click()
    page.keyboard.type("Fiji")
    page.get_by_role("option", name="Fiji (FJI)").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Outreach")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("stDataFrame").filter(has=page.locator("table thead th", has_text="Summary"))
           .locator("table tbody")).to_contain_text(SHARED)
    assert SECRET not in page.content()


def test_member_sees_neither_earlier_secret_text_nor_deleted_entries(rpage: Page, register_server):
    """Issue 16: a Secretariat-only entry later made visible to members shows no earlier text in its
    History; a deleted entry opened by its number shows nothing, nor its deletion reason."""
    _, ids = register_server
    page = rpage
    sign_in(page, "mia", MEM_PW)
    open_entry(page, ids["opened"])
    hist = frame_with_column(page, "Changes")
    expect(hist.locator("table tbody")).to_contain_text("Edited")
    assert grid_column(hist, "Action") == ["Created", "Edited"]
    changes = grid_column(hist, "Changes")
    assert changes[1] == "made visible to members; its earlier content was visible to the Secretariat only"
    assert EARLIER not in page.content()
    open_entry(page, ids["deleted"])
    expect(page.get_by_text(f"No entry {ids['deleted']} that you may see.")).to_be_visible()
    assert REASON not in page.content() and "Later deleted" not in page.content()
    # the Secretariat sees both
    sidebar(page).get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    sign_in(page, "sara", SEC_PW)
    open_entry(page, ids["deleted"])
    expect(page.get_by_text("This entry was deleted.")).to_be_visible()
    assert page_has(page, REASON)


def _session_cookie(page: Page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "attdash_session"), None)


def _signed_in(page: Page) -> None:
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("tab", name=re.compile("^Entries"))).to_be_visible()


def _signed_out(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=15_000)
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_have_count(0)
    assert SHARED not in page.content()


def _rerun(page: Page) -> None:
    """A rerun of the same Streamlit session (no reload): go to another page and back by the sidebar."""
    sidebar(page).get_by_role("link", name="Planning").click()
    wait_for_app(page)
    sidebar(page).get_by_role("link", name="Outreach register").click()
    wait_for_app(page)


def test_staying_signed_in_reload_second_tab_sign_out_and_disable(rpage: Page):
    """Issue 17: a reload and a second tab stay signed in (HttpOnly cookie, session in the database);
    sign-out ends both tabs; disabling the account on the command line ends its sessions at the next rerun."""
    import subprocess
    import sys

    from attdash.paths import ROOT
    page = rpage
    sign_in(page, "tom", TOM_PW)
    page.wait_for_function("() => true")
    for _ in range(50):
        if _session_cookie(page):
            break
        page.wait_for_timeout(200)
    cookie = _session_cookie(page)
    assert cookie is not None, "the session cookie was not set"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] not in page.content()
    assert page.evaluate("document.cookie").find("attdash_session") == -1   # not readable by scripts
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page, after_action=False)
    _signed_in(page)
    second = page.context.new_page()
    open_app(second, "/register")
    _signed_in(second)
    assert cookie["value"] not in second.content()
    # sign out in the first tab: the second is signed out at its next rerun
    sidebar(page).get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    _signed_out(page)
    _rerun(second)
    _signed_out(second)
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page, after_action=False)
    _signed_out(page)
    # sign in again; a second tab; then the account is disabled on the server's command line
    sign_in(page, "tom", TOM_PW)
    for _ in range(50):
        if _session_cookie(page) and _session_cookie(page)["value"] != cookie["value"]:
            break
        page.wait_for_timeout(200)
    open_app(second, "/register")
    _signed_in(second)
    res = subprocess.run([sys.executable, "-m", "attdash", "users", "disable", "tom"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "disabled tom: 1 open session ended", res.stderr
    _rerun(second)
    _signed_out(second)
    _rerun(page)
    _signed_out(page)
    second.close()
