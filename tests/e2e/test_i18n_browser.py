"""Issue 18 in a real browser: every page in every UN language, right to left in Arabic, the language kept in the
address and across a switch, and the overview's screenshots in Chinese and Arabic (tests/e2e/screenshots/).

One server and one tab for the whole loop (pages × languages): CPU is scarce. Expectations come from the
catalogues and CLDR (attdash.i18n), not from strings copied here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from e2e_support import require_browser

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402

from attdash import i18n  # noqa: E402
from test_browser import assert_healthy, open_app, sidebar, wait_for_app  # noqa: E402

DAY = dt.date(2024, 4, 16)
SHOTS = Path(__file__).resolve().parent / "screenshots"
PAGES = [  # (address, the page's heading as its English message id)
    ("/", "Arms Trade Treaty — universalization overview"),
    ("/by-group", "Treaty status by UN regional group"),
    ("/signatories", "Signatory tracking"),
    ("/profile?iso3=CIV", "Country profile"),
    ("/data", "Data & sources"),
    ("/report", "Progress report"),
    ("/planning", "Planning: the step approach"),
    ("/register", "Outreach register"),
]
#: Interface words of the English pages that must not be left on a translated page (proper names and the data's
#: own text aside). Matched as whole words, case-sensitive, in the main block and the sidebar.
ENGLISH = ["Filters", "Status on", "Download", "States Parties", "Signatories", "World map", "Overview",
           "Country profile", "Snapshot", "UN regional group", "Language", "Reproduce with the command line",
           "No data in this snapshot", "Sign in", "Search", "Treaty actions", "Progress report", "Planning",
           "Outreach register", "Data & sources", "All groups", "All statuses", "Choose", "Others", "Since", "Until"]
#: Text on the progress report page that the documents engine writes (domain "documents", its own branch):
#: its headline and record note speak of States Parties until that branch passes the language through.
DOCUMENT_TEXT = {"/report": {"States Parties", "Signatories", "Others"}}


def _visible_text(page: Page) -> str:
    return page.evaluate("""() => ['[data-testid="stMain"]', '[data-testid="stSidebar"]']
        .map(s => document.querySelector(s)?.innerText || '').join('\\n')""")


def _month_names(lang: str) -> list[str]:
    """How each month is written in a long date of the language (from attdash.i18n.format_day)."""
    out = []
    for m in range(1, 13):
        text = i18n.format_day(dt.date(2024, m, 28), lang)
        out.append(re.sub(r"\d+|\s*г\.|年|月|日", " ", text).replace(" de ", " ").strip() or f"{m}月")
    return out


def test_every_page_in_every_language(page: Page, artifacts_dir):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in i18n.LANGUAGES:
        t = i18n.translator(lang)
        long_day = i18n.format_day(DAY, lang)
        for path, title in PAGES:
            sep = "&" if "?" in path else "?"
            open_app(page, f"{path}{sep}lang={lang}&on={DAY.isoformat()}")
            assert_healthy(page)
            where = f"{path} in {lang}"
            heading = page.get_by_test_id("stHeading").filter(has_text=t.gettext(title)).first
            heading.wait_for(timeout=30_000)
            # the sidebar's date field and, on the pages about that date, the page itself: the language's long form
            status_on = sidebar(page).get_by_label(t.gettext("Status on"), exact=True)
            expect(status_on, where).to_have_value(long_day)  # a deep link is handed over to app.py once
            wait_for_app(page, after_action=False)
            text = _visible_text(page)
            if path in ("/", "/by-group", "/signatories", "/planning"):
                assert long_day in text, where
            if path != "/register":  # signed out, the register page shows only its sign-in form
                assert any(name in text for name in _month_names(lang)), where
            if lang != "en":
                allowed = DOCUMENT_TEXT.get(path, set())
                left = [w for w in ENGLISH if w not in allowed and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
                assert not left, f"{where}: English interface words left: {left}"
            # nothing in another language's script (a catalogue cached for the wrong language would show it)
            if lang != "ar":
                assert not re.search(r"[\u0600-\u06FF]", text), f"{where}: Arabic text on the page"
            if lang != "zh":
                assert not re.search(r"[\u4e00-\u9fff]", text), f"{where}: Chinese text on the page"
            if lang != "ru":
                assert not re.search(r"[\u0400-\u04FF]", text), f"{where}: Cyrillic text on the page"
            direction = page.evaluate("""() => getComputedStyle(document.querySelector('[data-testid="stMain"]'))
                                         .direction""")
            assert direction == ("rtl" if lang == "ar" else "ltr"), where
            assert page.console_errors == [], (where, page.console_errors)
            assert "lang=" + lang in page.url or lang == "en", (where, page.url)
            if path == "/" and lang in ("zh", "ar"):
                page.wait_for_timeout(1500)  # the map's tiles of colour and the chart's lines
                page.screenshot(path=str(SHOTS / f"overview-{lang}.png"))


def test_switching_language_keeps_the_filters_and_the_address(page: Page):
    open_app(page, f"/by-group?group=GRULAC&on={DAY.isoformat()}")
    box = sidebar(page).get_by_test_id("stSelectbox").filter(has_text="Language")
    box.click()
    page.get_by_role("option", name=i18n.LANGUAGES["fr"], exact=True).click()
    wait_for_app(page)
    assert_healthy(page)
    assert "lang=fr" in page.url and "group=Latin" in page.url and f"on={DAY.isoformat()}" in page.url, page.url
    page.get_by_test_id("stHeading").filter(
        has_text=i18n.translator("fr").gettext("Latin American and Caribbean States")).first.wait_for()
    status_on = sidebar(page).get_by_label(i18n.translator("fr").gettext("Status on"), exact=True)
    assert status_on.input_value() == i18n.format_day(DAY, "fr")
    # a shared link opens in its language; an unknown language says so in one line and shows English
    open_app(page, "/?lang=xx")
    assert_healthy(page)
    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="Unknown language")
    assert warning.count() == 1 and "lang=" not in page.url
