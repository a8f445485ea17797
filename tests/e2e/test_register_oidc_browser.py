"""Organisation sign-in (Streamlit's ``st.login``, OpenID Connect) end to end in a real browser, against a local
OpenID provider the test starts (PyPI ``oidc-provider-mock``): sign in, reload, the role comes from the register
account with the identity's e-mail, an unknown identity sees nothing, sign out.

Its own servers: the provider on a free port, and the app (asgi.py) with a temporary register and a secrets
file naming the provider. The snapshot is the shipped one. Accounts and entries are synthetic.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from e2e_support import VIEWPORT, require_browser

require_browser()
for _mod, _why in (("authlib", "st.login needs Authlib"), ("oidc_provider_mock", "the local OpenID provider")):
    if importlib.util.find_spec(_mod) is None:   # found, not imported: the provider runs in its own process
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{_mod} is not installed ({_why}; requirements.txt)", pytrace=False)
        pytest.skip(f"{_mod} is not installed ({_why}; pip install -r requirements.txt)", allow_module_level=True)

from playwright.sync_api import Page, expect  # noqa: E402

from conftest import streamlit_running  # noqa: E402
from test_browser import grid_column, open_app, sidebar, wait_for_app  # noqa: E402

SHARED = "MEMBERS-OIDC-note-3a9d"
SECRET = "SECRET-OIDC-note-e71b"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory):
    from attdash.register import users, validation
    from attdash.register.store import Viewer, open_store

    tmp = tmp_path_factory.mktemp("register-oidc")
    op_port, app_port = _free_port(), _free_port()
    provider = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(op_port)],
                                stdout=open(tmp / "provider.log", "wb"), stderr=subprocess.STDOUT,
                                start_new_session=True)
    issuer = f"http://127.0.0.1:{op_port}"
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "attdash-test"\n'
        'client_secret = "attdash-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n', encoding="utf-8")
    env = {"ATTDASH_DATA_DIR": str(tmp / "register"), "AUTHLIB_INSECURE_TRANSPORT": "1"}
    saved = {k: os.environ.get(k) for k in (*env, "ATTDASH_DATABASE_URL")}
    os.environ.pop("ATTDASH_DATABASE_URL", None)
    os.environ.update(env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2).read()
                break
            except OSError:
                if provider.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the OpenID provider did not start:\n" + (tmp / "provider.log").read_text())
                time.sleep(0.2)
        store = open_store()
        users.add_user(store, "mia", None, "member", email="mia@example.org", display_name="Mia (OIDC)")
        users.add_user(store, "sara", None, "secretariat", email="sara@example.org", display_name="Sara (OIDC)")
        sara = Viewer("sara", "secretariat")
        base = {"targets": ["FJI"], "activity_date": (dt.date.today() - dt.timedelta(days=5)).isoformat(),
                "actor_kind": "secretariat", "actor_name": "ATT Secretariat", "kind": "letter_or_demarche"}
        store.add(sara, validation.activity({**base, "summary": SHARED}, {"FJI"}))
        store.add(sara, validation.activity({**base, "summary": SECRET, "visibility": "secretariat"}, {"FJI"}))
        store.dispose()
        with streamlit_running(tmp, script="asgi.py", port=app_port,
                               extra_args=("--secrets.files", str(secrets_file))) as url:
            yield url
    finally:
        provider.terminate()
        try:
            provider.wait(timeout=10)
        except subprocess.TimeoutExpired:
            provider.kill()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def opage(browser, oidc_server):
    ctx = browser.new_context(viewport=VIEWPORT, base_url=oidc_server)
    ctx.set_default_timeout(30_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def oidc_sign_in(page: Page, identity: str) -> None:
    open_app(page, "/register")
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    page.locator("input[name=sub]").fill(identity)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/(\?.*)?$|/register"), timeout=30_000)
    wait_for_app(page, after_action=False)


def test_organisation_sign_in_reload_role_and_sign_out(opage: Page):
    page = opage
    oidc_sign_in(page, "mia@example.org")
    expect(sidebar(page).get_by_text("Signed in: Mia (OIDC) (member)")).to_be_visible(timeout=15_000)
    open_app(page, "/register")                       # a reload: Streamlit's identity cookie keeps it
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("tab", name=re.compile("^Entries"))).to_be_visible()
    # the member's role, from the register account with this e-mail: members' entries only
    frame = page.get_by_test_id("stDataFrame").filter(has=page.locator("table thead th", has_text="Summary"))
    summaries = grid_column(frame, "Summary")
    assert SHARED in summaries and SECRET not in summaries and SECRET not in page.content()
    sidebar(page).get_by_role("button", name="Sign out").click()
    # st.logout sends the browser to /auth/logout (identity cookie deleted), then to the provider's sign-out
    page.wait_for_url(lambda u: "/register" not in u, timeout=30_000)
    page.wait_for_load_state()
    open_app(page, "/register")
    expect(page.get_by_role("button", name="Sign in with your organisation's account")).to_be_visible()
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_have_count(0)
    assert SHARED not in page.content()


def test_unknown_identity_sees_nothing(opage: Page):
    page = opage
    oidc_sign_in(page, "stranger@example.org")
    open_app(page, "/register")
    expect(page.get_by_text("Your identity has no account in the register")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("tab")).to_have_count(0)
    assert SHARED not in page.content() and SECRET not in page.content()
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_have_count(0)
