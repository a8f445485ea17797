"""Plain output for a delegation: label columns beside codes in every CSV, the role said once, the page's
server address pinned for links to sub-pages (attdash.web)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl

from attdash.export import STEP_LABELS, to_csv, to_csv_bytes, with_label_columns
from tests.conftest import run_coroutine


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_label_column_beside_each_code_column_and_the_codes_kept():
    df = pl.DataFrame({"iso3": ["GHA", "USA", "DZA"], "status": ["state_party", "signatory", "not_signed"],
                       "consent_type": ["ratification", None, None], "consent_date": [dt.date(2015, 12, 22), None, None]})
    text = to_csv(df)
    assert text.splitlines()[0] == "iso3,status,status_label,consent_type,consent_type_label,consent_date"
    rows = _rows(text)
    assert [(r["status"], r["status_label"]) for r in rows] == [
        ("state_party", "State Party"), ("signatory", "Signatory"), ("not_signed", "Not signed")]
    assert [r["consent_type_label"] for r in rows] == ["Ratification", "", ""]
    assert to_csv_bytes(df, bom=True).startswith(b"\xef\xbb\xbfiso3,status,status_label,")


def test_shared_column_names_get_labels_only_where_they_hold_the_codes():
    other = pl.DataFrame({"kind": ["office held", "statement"], "detail": ["x", "y"]})  # the card's "other" rows
    assert to_csv(other).splitlines()[0] == "kind,detail"
    register = pl.DataFrame({"kind": ["bilateral_meeting"], "actor_kind": ["co_chairs"], "visibility": ["members"]})
    row = _rows(to_csv(register))[0]
    assert (row["kind_label"], row["actor_kind_label"], row["visibility_label"]) == (
        "Bilateral meeting", "The co-chairs", "Members")
    steps = pl.DataFrame({"step": [1, 2, 3]})
    assert [r["step_label"] for r in _rows(to_csv(steps))] == list(STEP_LABELS.values())


def test_an_unknown_code_is_kept_as_it_is_and_an_existing_label_column_is_not_doubled():
    cols, rows = with_label_columns(["status", "status_label"], [("state_party", "mine")])
    assert (cols, rows) == (["status", "status_label"], [("state_party", "mine")])
    cols, rows = with_label_columns(["status"], [("someday",)])
    assert (cols, rows) == (["status", "status_label"], [("someday", "someday")])


def test_planning_steps_and_their_csv_labels_agree():
    from attdash.planning import STEPS
    assert STEPS == STEP_LABELS


def test_the_role_is_said_once():
    from attdash.ui.auth import signed_in_as
    assert signed_in_as("Sara (Secretariat)", "secretariat") == "Sara (Secretariat)"
    assert signed_in_as("Sara", "secretariat") == "Sara (Secretariat)"
    assert signed_in_as("Mia", "member") == "Mia (member)"


# --- attdash.web.PinBackendUrl ------------------------------------------------------------------------------

PAGE = b'<html><head><script type="module" crossorigin src="./static/js/index.js"></script></head></html>'


def _serve(middleware, path: str, body: bytes = PAGE, content_type: bytes = b"text/html", chunks: int = 1):
    seen = {}

    async def inner(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    app = middleware(inner)
    scope = {"type": "http", "method": "GET", "path": path,
             "headers": [(b"accept-encoding", b"gzip"), (b"host", b"localhost")]}
    run_coroutine(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body_out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start, body_out, seen["headers"]


def test_the_page_says_where_the_server_is_before_streamlits_script():
    from attdash.web import PinBackendUrl
    start, body, headers = _serve(lambda app: PinBackendUrl(app, base_path=""), "/by-group", chunks=3)
    script = b'<script>window.__streamlit=Object.assign({},window.__streamlit||{},' \
             b'{BACKEND_BASE_URL:window.location.origin+"/"});</script>'
    assert body == PAGE.replace(b'<script type="module"', script + b'<script type="module"')
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()
    assert b"accept-encoding" not in headers  # the page comes uncompressed to be edited


def test_a_base_path_is_kept_and_assets_pass_untouched():
    from attdash.web import PinBackendUrl
    _, body, _ = _serve(lambda app: PinBackendUrl(app, base_path="/att/"), "/att/profile")
    assert b'BACKEND_BASE_URL:window.location.origin+"/att/"' in body
    js = b"console.log(1)"
    _, body, headers = _serve(lambda app: PinBackendUrl(app, base_path=""), "/static/js/index.js", js,
                              b"application/javascript")
    assert body == js and headers[b"accept-encoding"] == b"gzip"
    _, body, _ = _serve(lambda app: PinBackendUrl(app, base_path=""), "/_stcore/health", b"ok", b"text/plain")
    assert body == b"ok"
