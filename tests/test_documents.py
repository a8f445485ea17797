"""Print-ready documents (brief, progress report, annex) on the shipped snapshot: the figures in the PDF, Word,
Markdown and CSV equal what `status`/`summary` say for the same dates, every glyph of the six-language names is
in the PDF's fonts, and the first page is not blank."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys

import polars as pl
import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from attdash import documents, reports
from attdash.documents import content
from attdash.paths import ROOT
from attdash.profile import build_profile
from attdash.sources.schema import ELEMENTS
from attdash.vocab import GROUPS, STATUS_LABELS

ON = dt.date(2024, 4, 16)          # the work plan annex's date: most statuses are settled by record checks
WINDOWS = [(dt.date(2019, 8, 26), ON), (dt.date(2015, 8, 24), dt.date(2019, 8, 26))]


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def state_row(db, iso3: str, day: dt.date) -> dict:
    return reports.status(db, day).filter(pl.col("iso3") == iso3).row(0, named=True)


def pick(db, status: str, preferred: tuple[str, ...]) -> str:
    """A State with ``status`` on ON: the first preferred one that has it, else the first in the table."""
    rows = reports.status(db, ON, statuses=[status])
    assert rows.height, f"no State is {status} on {ON}"
    return next((i for i in preferred if i in set(rows["iso3"])), rows["iso3"][0])


@pytest.fixture(scope="module")
def cases(real_db):
    return {
        "party": "GHA",
        "signatory": pick(real_db, "signatory", ("MYS", "USA")),
        "non_signatory": pick(real_db, "not_signed", ("IND", "PAK", "IRN")),
        "outside_un": "VAT",
        "outside_un_no_group": "NIU",  # Niue: not a UN Member State, in no UN regional group
    }


# ------------------------------------------------------------------------------------------------ brief

@pytest.mark.parametrize("case", ["party", "signatory", "non_signatory", "outside_un", "outside_un_no_group"])
def test_brief_pdf_word_markdown_say_what_status_says(real_db, cases, case):
    iso3 = cases[case]
    if reports.status(real_db, ON).filter(pl.col("iso3") == iso3).is_empty():
        pytest.skip(f"{iso3} is not in this snapshot")
    row = state_row(real_db, iso3, ON)
    card = build_profile(real_db, iso3, ON)
    empty = sum(1 for s in card["sections"] if not s["has_data"] and not s.get("restricted"))
    pdf = documents.brief(real_db, iso3, ON, "pdf")
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2, "a brief is one or two A4 pages"
    for text in (pdf_text(pdf), docx_text(documents.brief(real_db, iso3, ON, "docx")),
                 documents.brief(real_db, iso3, ON, "md").decode("utf-8")):
        flat = " ".join(text.split())
        assert row["name"] in flat
        assert STATUS_LABELS[row["status"]] in flat
        assert f"data as of {content.long_date(real_db.snapshot.as_of)}" in flat
        assert content.long_date(ON) in flat
        for _, title, _ in ELEMENTS:
            assert title in flat
        assert flat.count("No data in this snapshot") + flat.count("not a UN Member State)") >= empty
        if row["signature_date"]:
            assert content.long_date(row["signature_date"]) in flat
        if row["entry_into_force_date"]:
            assert content.long_date(row["entry_into_force_date"]) in flat
        for source in card["sources"]:  # ids stay in the data: the list cites publisher, title, date, URL
            assert not re.search(rf"(?<![\w-]){re.escape(source['source_id'])}(?![\w-])", flat), source["source_id"]
        assert "python -m attdash" not in flat
        assert "Outreach" not in flat
    if case.startswith("outside_un"):
        assert "Not a UN Member State" in pdf_text(pdf)
    if case == "outside_un_no_group":
        assert "No regional group" in pdf_text(pdf)


def test_signatory_brief_names_the_signature_and_no_deposit(real_db, cases):
    iso3 = cases["signatory"]
    text = " ".join(pdf_text(documents.brief(real_db, iso3, ON, "pdf")).split())
    assert f"Signed {content.long_date(state_row(real_db, iso3, ON)['signature_date'])}; no instrument" in text


def test_outreach_section_only_when_given(real_db):
    rows = [{"date": "2026-03-02", "channel": "bilateral meeting", "note": "Test note: capital visit planned"}]
    for fmt, extract in (("pdf", pdf_text), ("docx", docx_text), ("md", lambda b: b.decode("utf-8"))):
        with_ = extract(documents.brief(real_db, "GHA", ON, fmt, outreach=rows))
        without = extract(documents.brief(real_db, "GHA", ON, fmt))
        assert "Outreach" in with_ and "capital visit planned" in " ".join(with_.split())
        assert "Outreach" not in without and "capital visit" not in without


def _tounicode_cids(reader: PdfReader) -> dict[str, set[int]]:
    """Character → the glyph ids that the PDF's embedded fonts map to it (from their ToUnicode maps)."""
    out: dict[str, set[int]] = {}
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            assert "/ToUnicode" in font, "every font in the brief maps its glyphs back to Unicode"
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for cid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    text = bytes.fromhex(uni).decode("utf-16-be")
                    for ch in text:
                        out.setdefault(ch, set()).add(int(cid, 16))
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    start = int(uni, 16)
                    for k in range(int(hi, 16) - int(lo, 16) + 1):
                        out.setdefault(chr(start + k), set()).add(int(lo, 16) + k)
    return out


@pytest.mark.parametrize("iso3", ["CIV", "TUR", "CHN", "SAU"])
def test_every_glyph_of_the_six_language_names_is_in_the_pdf(real_db, iso3):
    names = real_db.run("profile_names", iso3=iso3).row(0, named=True)
    pdf = documents.brief(real_db, iso3, ON, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    english = state_row(real_db, iso3, ON)["name"]
    assert english in text
    for lang in ("zh", "ru", "fr", "es"):
        assert names[f"name_{lang}"] in text, lang
    glyphs = _tounicode_cids(reader)
    for lang in ("ar", "zh", "en", "fr", "ru", "es"):
        for ch in names[f"name_{lang}"].replace(" ", ""):
            assert ch in glyphs, f"{iso3} {lang}: {ch!r} not in any embedded font"
            assert 0 not in glyphs[ch], f"{iso3} {lang}: {ch!r} drawn with .notdef (tofu)"
    for ch in english.replace(" ", ""):
        assert ch in glyphs and 0 not in glyphs[ch]
    families = {str(f.get_object().get("/BaseFont")) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("CJK" in f for f in families) and any("Arabic" in f for f in families), families


def test_first_page_is_not_blank(real_db, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm missing: run `make fonts` (Debian poppler-utils)")
    for name, data in (("brief", documents.brief(real_db, "GHA", ON, "pdf")),
                       ("report", documents.report(real_db, *WINDOWS[0], "pdf"))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / name)],
                       check=True)
        png = next(tmp_path.glob(f"{name}-*1.png"))
        img = Image.open(png).convert("L")
        dark = sum(img.histogram()[:128])
        assert dark > 0.01 * img.width * img.height, f"{name}: first page nearly blank"
        assert img.width < img.height, "A4 portrait"


# ------------------------------------------------------------------------------------------------ report

def _counts_from_lines(text: str) -> dict[str, list[int]]:
    """Group → the nine numbers of its row in the counts table, from extracted text."""
    out = {}
    for line in text.splitlines():
        for g in (*GROUPS, "No regional group", "Total"):
            m = re.fullmatch(re.escape(g) + r"((?: \d+){9})", line.strip())
            if m:
                out[g] = [int(x) for x in m.group(1).split()]
    return out


def _expected(db, since, until) -> dict[str, list[int]]:
    a = {r["un_regional_group"]: r for r in reports.summary(db, since).iter_rows(named=True)}
    b = {r["un_regional_group"]: r for r in reports.summary(db, until).iter_rows(named=True)}
    out = {}
    for g in (*GROUPS, "No regional group", "Total"):
        if g == "Total":
            ra = {k: sum(r[k] for r in a.values()) for k in next(iter(a.values())) if k != "un_regional_group"}
            rb = {k: sum(r[k] for r in b.values()) for k in next(iter(b.values())) if k != "un_regional_group"}
        elif g in a or g in b:
            ra, rb = a[g], b[g]
        else:
            continue
        row = []
        for k in ("state_party", "ratified_not_in_force", "signatory"):
            row += [ra[k], rb[k]]
        row += [ra["not_signed"] + ra["unknown"], rb["not_signed"] + rb["unknown"], rb["total"]]
        out[g] = row
    return out


@pytest.mark.parametrize("since, until", WINDOWS)
def test_report_counts_equal_summary_in_every_format(real_db, since, until):
    expected = _expected(real_db, since, until)
    assert _counts_from_lines(pdf_text(documents.report(real_db, since, until, "pdf"))) == expected
    md = documents.report(real_db, since, until, "md").decode("utf-8")
    got = {}
    for line in md.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] in expected and all(c.isdigit() for c in cells[1:]) and len(cells) == 10:
            got[cells[0]] = [int(c) for c in cells[1:]]
    assert got == expected
    doc = Document(io.BytesIO(documents.report(real_db, since, until, "docx")))
    counts = doc.tables[0]
    got = {r.cells[0].text: [int(c.text) for c in r.cells[1:]] for r in counts.rows[2:]}
    assert got == expected
    rows = list(csv.DictReader(io.StringIO(documents.report(real_db, since, until, "csv").decode("utf-8"))))
    african = {r["status"]: (int(r["states_since"]), int(r["states_until"])) for r in rows
               if r["un_regional_group"] == "African"}
    assert african["state_party"] == (expected["African"][0], expected["African"][1])
    assert african["total"][1] == expected["African"][-1]


@pytest.mark.parametrize("since, until", WINDOWS)
def test_report_lists_who_joined_and_who_converted(real_db, since, until):
    a = reports.status(real_db, since)
    b = reports.status(real_db, until)
    joined = b.filter(pl.col("consent_date").is_not_null()
                      & (pl.col("consent_date").cast(pl.Utf8) > since.isoformat()))
    was_signatory = set(a.filter(pl.col("status") == "signatory")["iso3"])
    converted = b.filter(pl.col("iso3").is_in(list(was_signatory))
                         & pl.col("status").is_in(["state_party", "ratified_not_in_force"]))
    assert joined.height > 0
    doc = Document(io.BytesIO(documents.report(real_db, since, until, "docx")))
    deposited_table, converted_table = doc.tables[1], doc.tables[2]
    assert [r.cells[0].text for r in deposited_table.rows[1:]] == \
        joined.sort(["consent_date", "name"])["name"].to_list() or \
        sorted(r.cells[0].text for r in deposited_table.rows[1:]) == sorted(joined["name"])
    for r in deposited_table.rows[1:]:
        src = joined.filter(pl.col("name") == r.cells[0].text).row(0, named=True)
        assert r.cells[2].text == content.CONSENT_LABELS.get(src["consent_type"], src["consent_type"].capitalize())
        assert r.cells[3].text == content.long_date(src["consent_date"]) != ""
    got = sorted(r.cells[0].text for r in converted_table.rows[1:]) if converted.height else []
    assert got == sorted(converted["name"])
    text = " ".join(pdf_text(documents.report(real_db, since, until, "pdf")).split())
    for name in joined["name"]:
        assert name in text


def test_report_focus_table_is_the_asia_pacific_annex(real_db):
    since, until = WINDOWS[0]
    ap = reports.status(real_db, until, ["Asia-Pacific"]).filter(pl.col("un_regional_group") == "Asia-Pacific")
    parties = ap.filter(pl.col("status").is_in(["state_party", "ratified_not_in_force"]))
    doc = Document(io.BytesIO(documents.report(real_db, since, until, "docx")))
    focus = doc.tables[-1]
    assert focus.rows[0].cells[0].text.startswith(f"States Parties ({parties.height}")
    listed = [r.cells[0].text for r in focus.rows[1:] if r.cells[0].text]
    assert [re.sub(r"^\d+\. ", "", x).rstrip(" †") for x in listed] == parties["name"].to_list()


def test_report_defaults_to_the_last_csp_and_the_snapshot_date(real_db):
    data = content.report_content(real_db)
    complete = real_db.run("record_complete_through")["complete_through"][0]
    until = min(real_db.snapshot.as_of, complete) if complete else real_db.snapshot.as_of
    assert data["until"] == until.isoformat()
    csps = real_db.run("csp_dates").filter(pl.col("start_date") < until)
    assert data["since"] == csps["start_date"][-1].isoformat()


# ------------------------------------------------------------------------------------------------ annex

def test_annex_numbers_each_group_like_summary(real_db):
    summary = {r["un_regional_group"]: r for r in reports.summary(real_db, ON).iter_rows(named=True)}
    doc = Document(io.BytesIO(documents.annex(real_db, ON, "docx")))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert heads[:5] == [f"{g} ({summary[g]['total']})" for g in GROUPS]
    for g, t in zip(GROUPS, doc.tables):
        s = summary[g]
        n_parties = s["state_party"] + s["ratified_not_in_force"]
        assert t.rows[0].cells[0].text.startswith(f"States Parties ({s['state_party']}")
        assert t.rows[0].cells[1].text == f"Signatories ({s['signatory']})"
        assert t.rows[0].cells[2].text == f"Others ({s['not_signed'] + s['unknown']})"
        numbered = [r.cells[0].text for r in t.rows[1:] if r.cells[0].text]
        assert len(numbered) == n_parties and (not numbered or numbered[-1].startswith(f"{n_parties}. "))
    text = " ".join(pdf_text(documents.annex(real_db, ON, "pdf")).split())
    for g in GROUPS:
        assert f"{g} ({summary[g]['total']})" in text


# ------------------------------------------------------------------------------------------------ CLI

def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attdash", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_writes_each_document(tmp_path):
    out = tmp_path / "b.docx"
    r = cli("brief", "gha", "--as-of", "2024-04-16", "--format", "docx", "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert "Ghana" in docx_text(out.read_bytes())
    r = cli("report", "--since", "2019-08-26", "--until", "2024-04-16", "--format", "csv", "--output", "-")
    assert r.returncode == 0 and r.stdout.startswith("un_regional_group,status,status_label,since,until")
    r = cli("annex", "--as-of", "2024-04-16", "--format", "pdf", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "attdash_annex_2024-04-16.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args, message", [
    (("brief", "XXX"), "unknown country code 'XXX'"),
    (("brief", "GHA", "--format", "odt"), "invalid choice: 'odt'"),
    (("report", "--since", "2024-02-30"), "not a real calendar date"),
    (("report", "--since", "2024-05-01", "--until", "2024-01-01"), "is after --until"),
    (("report", "--until", "2014-01-01"), "no Conference of States Parties opened before 2014-01-01"),
    (("annex", "--as-of", "16/04/2024"), "not a date in the form YYYY-MM-DD"),
    (("report", "--until", "2030-01-01"), "--until 2030-01-01 is outside 2013-06-03"),
    (("brief", "GHA", "--as-of", "2012-01-01"), "--as-of 2012-01-01 is outside 2013-06-03"),
    (("report", "--output", "/nonexistent-folder/x.pdf"), "does not exist"),
])
def test_cli_bad_values_one_line_exit_2(args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert message in r.stderr and r.stderr.count("\n") == 1, r.stderr


# ------------------------------------------------------------------------------------------------ pages

def test_report_page_and_profile_buttons(real_db):
    from attdash.ui.widgets import md_escape
    from tests.test_pages import open_page
    at = open_page("report")
    assert at.title[0].value == "Progress report"
    assert at.session_state["rp_until"] == content.default_until(real_db)
    until_text = at.text_input(key="rp_until__text")
    assert until_text.value == f"{content.default_until(real_db).day} {content.default_until(real_db):%B %Y}"
    until_text.set_value(f"{ON.day} {ON:%B %Y}").run()  # typed as the page shows dates
    assert at.session_state["rp_until"] == ON
    since = at.session_state["rp_since"]
    csps = real_db.run("csp_dates").filter(pl.col("start_date") < ON)
    assert since == csps["start_date"][-1]
    assert md_escape(content.report_content(real_db, since, ON)["headline"]) in [m.value for m in at.markdown]
    keys = [b.key for b in at.get("download_button")]
    assert {"rp_report_pdf", "rp_report_docx", "rp_report_csv", "rp_annex_pdf", "rp_annex_docx"} <= set(keys)
    at = open_page("profile", iso3="GHA", on="2024-04-16")
    keys = [b.key for b in at.get("download_button")]
    assert {"brief_GHA_pdf", "brief_GHA_docx"} <= set(keys)


@pytest.mark.parametrize("iso3", ["AUS", "MEX"])
def test_brief_with_the_longest_source_lists_fits_two_pages(real_db, iso3):
    card = build_profile(real_db, iso3)
    assert len(card["sources"]) >= 25  # among the longest source lists in the snapshot
    assert len(PdfReader(io.BytesIO(documents.brief(real_db, iso3, fmt="pdf"))).pages) <= 2
