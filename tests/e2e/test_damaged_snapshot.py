"""In the browser: a damaged newest snapshot stops the page with a clear error, and another can be chosen."""

from __future__ import annotations

import json
import shutil

import pytest

from e2e_support import REPO_ROOT, VIEWPORT, require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from test_browser import url_param, wait_for_app  # noqa: E402

GOOD, DAMAGED = "2026-11-24", "2026-11-25"


@pytest.fixture()
def damaged_snapshots(tmp_path, monkeypatch):
    shipped = sorted(p for p in (REPO_ROOT / "data" / "snapshots").iterdir() if not p.name.startswith("."))[-1]
    root = tmp_path / "snaps"
    for name in (GOOD, DAMAGED):
        shutil.copytree(shipped, root / name)
        m = json.loads((root / name / "manifest.json").read_text())
        m["as_of"] = name
        (root / name / "manifest.json").write_text(json.dumps(m))
    (root / DAMAGED / "countries.parquet").write_text("iso3,name\nKEN,Tampered\n")
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(root))  # read by the server started below
    return root


def test_damaged_snapshot_error_then_choose_another(browser, tmp_path, damaged_snapshots):
    from conftest import streamlit_running

    with streamlit_running(tmp_path) as url:
        page = browser.new_page(viewport=VIEWPORT)
        try:
            page.goto(url, wait_until="domcontentloaded")
            wait_for_app(page, after_action=False)
            alert = page.get_by_test_id("stAlert").filter(has_text="This snapshot cannot be used")
            expect(alert).to_contain_text(f"snapshot {DAMAGED}, file countries.parquet: not a Parquet file "
                                          "(truncated or overwritten). Choose another snapshot in the sidebar.")
            expect(page.get_by_role("heading", name="Arms Trade Treaty — universalization overview")).to_have_count(0)

            page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
                has_text="Snapshot (data as of)").click()
            page.get_by_role("option", name="24 November 2026", exact=True).click()  # GOOD, as the picker shows it
            wait_for_app(page)
            expect(page.get_by_role("heading", name="Arms Trade Treaty — universalization overview",
                                    exact=True)).to_be_visible()
            expect(page.get_by_test_id("stAlert").filter(has_text="This snapshot cannot be used")).to_have_count(0)
            assert url_param("snapshot", GOOD).search(page.url), page.url
        finally:
            page.close()
