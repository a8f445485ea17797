"""Issue 16: a register database that is misconfigured or unreachable gives the pages one line, no traceback,
and the public pages go on (AppTest on the shipped snapshot)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from attdash.paths import ROOT


@pytest.mark.parametrize("url, says", [
    ("not a url", "its database is not set up correctly; please tell the Secretariat"),
    ("postgresql://nobody:s3cret-pw@127.0.0.1:1/attdash", "its database cannot be reached at the moment"),
])
def test_register_page_says_one_line_and_public_page_goes_on(url, says, monkeypatch, tmp_path):
    monkeypatch.setenv("ATTDASH_DATABASE_URL", url)
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Arms Trade Treaty — universalization overview"   # the public page is drawn
    at.switch_page("pages/register.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and says in errors[0] and "\n" not in errors[0], errors
    assert "s3cret-pw" not in errors[0]
    assert not [t for t in at.text_input if t.label in ("User name", "Password")]   # no sign-in form
