"""In the browser: hostile text in a link value or in the data shows as typed — no link, image, autolink or icon.

The audit's cases: ``/?group=see http://3232235777/`` was echoed as a link, ``:material/…:`` and ``:emoji:``
became icons, and a country name ``![x](http://127.0.0.1:9/t.png)`` made the browser fetch that address.
"""

from __future__ import annotations

import datetime as dt
import sys
from urllib.parse import quote

import pytest

from e2e_support import REPO_ROOT, VIEWPORT, require_browser, watch_network_and_console

require_browser()

from test_browser import wait_for_app  # noqa: E402

HOSTILE_NAME = "![x](http://127.0.0.1:9/t.png) :material/lock: :smile: http://3232235777/ <b>bold</b>"


@pytest.fixture()
def hostile_snapshot(tmp_path, monkeypatch):
    sys.path.insert(0, str(REPO_ROOT))
    import tests.conftest as tc
    from attdash.snapshot import build
    monkeypatch.setattr(tc, "SYN_COUNTRIES", [("AAA", HOSTILE_NAME, "African")] + tc.SYN_COUNTRIES[1:])
    events = [{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"}]
    build(dt.date(2026, 1, 2), tc.make_sources(tmp_path / "src", events), tmp_path / "snaps")
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(tmp_path / "snaps"))  # read by the server started below
    return tmp_path / "snaps"


def _no_markup(page) -> None:
    main = page.get_by_test_id("stMain")
    hrefs = main.locator("a[href]:not([href^='#'])").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if "3232235777" in h or "127.0.0.1:9" in h or "ev.il" in h], hrefs
    assert main.locator("img[src*='127.0.0.1:9'], b").count() == 0
    texts = page.locator("[data-testid='stAlert'] [data-testid='stMarkdownContainer'], [data-testid='stHeading']")
    found = texts.locator("[data-testid='stIconMaterial'], [data-testid='stIconEmoji'], img, a:not([href^='#'])").evaluate_all(
        "els => els.map(e => e.outerHTML.slice(0, 200))")
    assert found == [], found
    assert "\U0001f604" not in page.get_by_test_id("stMain").inner_text()  # :smile: never became 😄
    from urllib.parse import urlsplit
    fetched = [u for u in page.requests if urlsplit(u).port == 9 or urlsplit(u).hostname in ("3232235777", "ev.il")]
    assert fetched == []


def test_hostile_link_values_and_data_show_as_text(browser, tmp_path, hostile_snapshot):
    from conftest import streamlit_running

    with streamlit_running(tmp_path) as url:
        page = browser.new_page(viewport=VIEWPORT)
        watch_network_and_console(page)
        try:
            page.goto(f"{url}/?group={quote('see http://3232235777/ :material/lock: :smile: <https://ev.il>')}",
                      wait_until="domcontentloaded")
            wait_for_app(page, after_action=False)
            alert = page.get_by_test_id("stAlert").filter(has_text="Unknown UN regional group")
            shown = alert.inner_text().replace("\u2060", "")  # the invisible word joiners that break autolinks
            assert "Unknown UN regional group 'see http://3232235777/ :material/lock: :…' in the link" in shown
            _no_markup(page)

            page.goto(f"{url}/profile?iso3=AAA", wait_until="domcontentloaded")
            wait_for_app(page, after_action=False)
            heading = page.get_by_test_id("stHeading").filter(has_text="· AAA")
            assert heading.inner_text().replace("\u2060", "").strip().startswith(HOSTILE_NAME + " · AAA")
            _no_markup(page)
        finally:
            page.close()
