"""Documents fit to hand to a delegation: cited authorities, secondary sources marked, UN names, non-Members,
well-formed PDF/A, no codes, commands, file names or source ids in the body."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from attdash import citations, documents
from attdash.documents import content
from attdash.sources.import_raw import NAME_SOURCES, un_names
from attdash.paths import ROOT
from attdash.profile import build_profile, profile_markdown

RAW = ROOT.parent / "shared" / "data" / "raw"  # ../shared beside the checkout (as in CI)
ON = dt.date(2024, 4, 16)
ID_RE = re.compile(r"\b(?:CTY|ENG|RI|UNGA|OT|UN|LT|ALIAS|T\d)-S?\d+[\w-]*\b")


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs] + [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def all_formats(db, iso3: str, day=ON) -> dict[str, str]:
    return {"pdf": pdf_text(documents.brief(db, iso3, day, "pdf")),
            "docx": docx_text(documents.brief(db, iso3, day, "docx")),
            "md": documents.brief(db, iso3, day, "md").decode("utf-8")}


# ------------------------------------------------------------------------------------------------ rules

def test_a_fact_cites_its_authority_when_it_has_one():
    authority = {"UNTC": "depositary", "ATT": "un", "WIKI": "other", "PRESS": "other"}
    assert citations.cited("WIKI;UNTC;PRESS", authority) == ["UNTC"]
    assert citations.cited("PRESS;ATT;UNTC", authority) == ["UNTC", "ATT"]
    assert citations.cited("WIKI;PRESS", authority) == ["WIKI", "PRESS"]
    assert citations.is_secondary("WIKI;PRESS", authority)
    assert not citations.is_secondary("WIKI;ATT", authority)
    assert not citations.is_secondary("", authority)  # no source at all is "no data", not "secondary"
    assert citations.is_secondary("UNKNOWN", authority)


def test_citation_is_publisher_title_date_whole_url():
    url = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en" + "x" * 80
    text = citations.citation({"publisher": "United Nations Treaty Collection", "title": "Status of XXVI-8",
                               "as_of": "2025-05-15", "url": url, "authority": "depositary"})
    assert text == f"United Nations Treaty Collection, Status of XXVI-8, 15 May 2025. {url}"
    assert citations.citation({"title": "T", "as_of": "2015-12"}) == "T, December 2015."
    assert citations.citation({"publisher": "npm", "title": "world-countries 5.1.0"}) == \
        "npm, world-countries 5.1.0, undated."
    assert citations.citation({"publisher": "ghanaweb.com", "title": "GNA, 5 March 2010", "url": "https://g.h/x"}) == \
        "ghanaweb.com, GNA, 5 March 2010. https://g.h/x"  # the title carries the date


# ------------------------------------------------------------------------------------------------ names

def test_names_are_the_uns_and_say_where_they_are_not_unterm():
    if not (RAW / "countries" / "names_un_official.csv").exists():
        pytest.skip("raw research material not here")
    rows, sources = un_names(RAW / "countries")
    by = {r["iso3"]: r for r in rows}
    assert len(rows) == 197
    assert {s["source_id"] for s in sources} == {"CTY-S23-UNTERM", "CTY-S23-M49"}
    assert all(s["authority"] == "un" and s["url"].startswith("https://") for s in sources)
    assert by["NLD"]["name_en"] == "Netherlands" and by["NLD"]["name_fr"] == "Pays-Bas"  # UNTERM, article dropped
    assert by["AFG"]["name_es"] == "Afganistán" and by["AFG"]["source_ids"] == "CTY-S23-UNTERM"
    assert by["CIV"]["name_en"] == "Côte d'Ivoire"  # never the M49 copy's "Ivory Coast"
    assert "Ivory Coast" not in {v for r in rows for v in r.values()}
    assert by["CIV"]["source_ids"] == "CTY-S23-M49;CTY-S1" and "UNSD M49" in by["CIV"]["notes"]
    assert by["TUR"]["name_fr"] == "Türkiye" and by["TUR"]["source_ids"] == "CTY-S23-M49"
    assert by["NIU"]["name_fr"] == "Nioué" and by["COK"]["name_en"] == "Cook Islands"
    assert not any("CTY-S10" in r["source_ids"] for r in rows)  # the UN has a name for every row: no CLDR


def test_shipped_names_cite_unterm_or_unsd():
    import csv
    with (ROOT / "data" / "sources" / "country_names.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (ROOT / "data" / "sources" / "sources.csv").open(encoding="utf-8") as f:
        sources = {r["source_id"]: r for r in csv.DictReader(f)}
    for s in NAME_SOURCES:
        assert sources[s["source_id"]]["authority"] == "un"
    assert len(rows) == 197
    assert all(r["source_ids"].split(";")[0] in ("CTY-S23-UNTERM", "CTY-S23-M49") for r in rows)
    assert next(r for r in rows if r["iso3"] == "GHA")["name_zh"] == "加纳"


def test_names_in_a_brief_cite_unterm(tmp_path):
    """Built from the curated tables (the shipped snapshot predates the UN names)."""
    from attdash.db import Database
    from attdash.snapshot import build
    snaps = tmp_path / "snaps"
    build(dt.date.fromisoformat((ROOT / "data" / "sources" / "AS_OF").read_text().strip()),
          ROOT / "data" / "sources", snaps)
    from attdash.snapshot import get_snapshot
    db = Database(get_snapshot(None, snaps), cache=False)
    md = documents.brief(db, "GHA", fmt="md").decode("utf-8")
    line = next(x for x in md.splitlines() if x.startswith("- **Names in the six UN languages:**"))
    n = re.search(r"\[\^(\d+)\]", line).group(1)
    cite = next(x for x in md.splitlines() if x.startswith(f"[^{n}]:"))
    assert "UNTERM" in cite and "https://unterm.un.org/" in cite and "Department for General Assembly" in cite
    d = content.brief_content(db, "CIV")
    assert [x["name"] for x in d["names"] if x["code"] == "en"] == ["Côte d'Ivoire"]
    assert "UNSD M49" in d["names_note"]


# ------------------------------------------------------------------------------------------------ briefs

def test_ghana_brief_cites_whole_urls_and_marks_secondary_facts(real_db):
    card = build_profile(real_db, "GHA", ON)
    d = content.brief_content(real_db, "GHA", ON)
    texts = all_formats(real_db, "GHA")
    assert d["state"]["secondary"] == citations.SECONDARY  # the treaty actions rest on press reports and wikis
    urls = [s["url"] for s in d["sources"] if s["url"]]
    assert urls
    for fmt, text in texts.items():
        if fmt == "md":  # data values are escaped in Markdown (never links or emphasis): read it as a reader does
            text = re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")
        flat = " ".join(text.split())
        assert "secondary source — to be confirmed by the Secretariat" in flat, fmt
        assert not ID_RE.search(flat), (fmt, ID_RE.search(flat))
        for bad in ("python -m attdash", "state_party", "bilateral_meeting", ".csv", "fdocuments.us/…"):
            body = flat
            for src in d["sources"]:  # a cited title or address may name a file
                body = body.replace(" ".join(src["title"].split()), "").replace(src["url"], "")
            assert bad not in (body if fmt != "pdf" else body.rsplit("Sources", 1)[0]), (fmt, bad)
        if fmt != "pdf":  # the PDF breaks long URLs across lines
            for url in urls:  # whole, never shortened for the layout
                assert url in text, (fmt, url)
            for src in d["sources"]:
                assert " ".join(src["title"].split()) in flat, (fmt, src["title"])
    # a cited source that is secondary is listed with the mark; every source in the list is cited in the body
    md = texts["md"]
    for s in d["sources"]:
        assert f"[^{s['n']}]" in md.split("## Sources")[0]
        line = next(x for x in md.splitlines() if x.startswith(f"[^{s['n']}]:"))
        line = re.sub(r"\\(.)", r"\1", line).replace("\u2060", "")  # as read: escapes and word joiners aside
        assert s["publisher"] in line and s["title"] in line and s["date"] in line
        assert ("to be confirmed by the Secretariat" in line) == s["secondary"]
    assert {s["source_id"] for s in card["sources"]} >= set()


def test_depositary_sources_win_over_secondary_ones(real_db):
    """A State whose treaty actions cite the UN Treaty Collection is cited to it alone and not marked."""
    for iso3 in ("NIU", "AUS", "MEX", "FRA", "JPN"):
        card = build_profile(real_db, iso3, ON)
        auth = {r["source_id"]: r["authority"] for r in card["sources"]}
        ids = citations.split_ids(card["state"]["source_ids"])
        if any(auth.get(i) == "depositary" for i in ids) and any(auth.get(i) == "other" for i in ids):
            break
    else:
        pytest.skip("no State mixes depositary and secondary sources in this snapshot")
    d = content.brief_content(real_db, iso3, ON)
    cited = {s["n"]: s for s in d["sources"]}
    assert d["state"]["secondary"] == ""
    assert all(not cited[n]["secondary"] for n in d["state"]["refs"])


@pytest.mark.parametrize("iso3", ["NIU", "COK"])
def test_non_members_votes_and_register_are_not_applicable(real_db, iso3):
    card = build_profile(real_db, iso3, ON)
    assert not card["state"]["un_member"]
    secs = {s["key"]: s for s in card["sections"]}
    for key in ("unga_votes", "unroca"):
        assert secs[key]["not_applicable"] == "Not applicable (not a UN Member State)."
    assert secs["vtf"]["not_applicable"] == ""
    md_card = profile_markdown(card)
    for text in [md_card, *all_formats(real_db, iso3).values()]:
        flat = " ".join(text.split())
        for title in ("UN General Assembly votes on ATT resolutions", "Participation in the UN Register of "
                      "Conventional Arms"):
            after = flat.split(title, 1)[1][:55]
            assert "Not applicable (not a UN Member State)" in after, after
            assert "No data" not in after and "would fill it" not in after, after
    # a Member State without data still gets "no data" and the source that would fill it
    ken = {s["key"]: s for s in build_profile(real_db, "KEN", ON)["sections"]}
    assert ken["unroca"]["not_applicable"] == "" and ken["unga_votes"]["not_applicable"] == ""


# ------------------------------------------------------------------------------------------------ PDF

def _pdf_tools_say(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    said = out.stderr + ("" if out.returncode == 0 else f"pdfinfo exit {out.returncode}")
    if shutil.which("qpdf"):
        q = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        said += q.stderr + ("" if q.returncode == 0 else f"qpdf exit {q.returncode}: {q.stdout}")
    return said


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
@pytest.mark.parametrize("kind", ["brief", "report", "annex"])
def test_every_pdf_is_well_formed_pdfa(real_db, kind, tmp_path):
    data = {"brief": lambda: documents.brief(real_db, "GHA", ON, "pdf"),
            "report": lambda: documents.report(real_db, dt.date(2019, 8, 26), ON, "pdf"),
            "annex": lambda: documents.annex(real_db, ON, "pdf")}[kind]()
    assert _pdf_tools_say(data, tmp_path) == ""
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S).group(0)
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert b"/Suspects" not in data and b"/MarkInfo" in data  # still a tagged PDF
    assert b"/OutputIntents" in data  # PDF/A needs its colour profile


def test_suspects_blanking_keeps_offsets():
    from attdash.documents.typst_pdf import _without_suspects
    src = b"1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>>>\nendobj\n"
    out = _without_suspects(src)
    assert len(out) == len(src) and b"/Suspects" not in out and b"/Marked true" in out


# ------------------------------------------------------------------------------------------------ card

def test_markdown_card_is_for_people(real_db):
    md = profile_markdown(build_profile(real_db, "GHA"))
    assert "USD 99,958" in md and "99958" not in md
    assert "24 September 2013" in md and "2013-09-24" not in md
    assert "| Action | Date |" in md and "event_type" not in md and "source_ids" not in md
    assert not ID_RE.search(md), ID_RE.search(md)
    assert ".csv" not in md.split("## Sources")[0] and "state_party" not in md
    assert "secondary source — to be confirmed by the Secretariat" in md
    refs = {int(n) for n in re.findall(r"\[(\d+)\]", md)}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", md, re.M)}
    assert refs == listed and listed == set(range(1, len(listed) + 1))
    ken = profile_markdown(build_profile(real_db, "KEN"))
    assert "| Resolution | Date | Vote | In favour |" in ken and "A/RES/68/31 | 5 December 2013 | yes" in ken
    assert re.search(r"\| 1993 \| yes \| yes \|", ken)  # years stay years, not 1,993


def test_data_page_lists_secondary_facts(real_db):
    from attdash.sources import schema
    df = citations.secondary_facts({t.name: real_db.table(t.name) for t in schema.TABLES
                                    if t.name in real_db.snapshot.manifest["tables"]})
    gha = df.filter((df["table"] == "treaty_events") & (df["iso3"] == "GHA"))
    assert gha.height == 2 and "event type: signature" in gha["fact"].to_list()[0] + gha["fact"].to_list()[1]
    auth = {r["source_id"]: r["authority"] for r in real_db.table("sources").iter_rows(named=True)}
    assert all(auth.get(i) == "other" for ids in df["source_ids"] for i in ids.split(";"))


# ------------------------------------------------------------------------------------------------ pages

def test_pages_mark_secondary_facts_and_non_members():
    from tests.test_pages import open_page, texts
    at = open_page("profile", iso3="GHA", on="2024-04-16")
    shown = texts(at)
    assert "secondary source — to be confirmed by the Secretariat" in shown
    assert "[Control Arms](https://controlarms.org/" in shown
    assert not ID_RE.search(shown), ID_RE.search(shown)
    for frame in at.dataframe:  # tables name the publishers, not the ids
        cells = " ".join(str(v) for v in frame.value.astype(str).to_numpy().ravel())
        assert not ID_RE.search(cells), ID_RE.search(cells)
    assert any("Control Arms" in " ".join(map(str, f.value.to_numpy().ravel())) for f in at.dataframe)
    at = open_page("profile", iso3="NIU", on="2024-04-16")
    assert [m.value for m in at.markdown].count("Not applicable (not a UN Member State).") == 2
    at = open_page("data_sources")
    assert "Facts resting only on secondary sources" in [s.value for s in at.subheader]
    assert any("rows cite no depositary, UN or ATT source" in m.value for m in at.markdown)


# ------------------------------------------------------------------------------------------------ validation

def test_validation_refuses_cut_addresses_and_unterm_articles(sources_copy):
    from attdash.sources.validate import ValidationFailed, validate
    src = sources_copy / "sources.csv"
    src.write_text(src.read_text(encoding="utf-8")
                   + "X-CUT,test,t,p,https://fdocuments.us/document/arms-trade-treaty…,,,other\n"
                   + "X-TPL,test,t,p,https://www.unroca.org/api/{country},,,other\n", encoding="utf-8")
    names = sources_copy / "country_names.csv"
    text = names.read_text(encoding="utf-8")
    names.write_text(text.replace("NLD,هولندا,荷兰,Netherlands,", "NLD,هولندا,荷兰,Netherlands (the),")
                     .replace("CTY-S23-UNTERM,\n", "CTY-S10,\n", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        validate(sources_copy, dt.date.fromisoformat((sources_copy / "AS_OF").read_text().strip()))
    said = [p.message for p in err.value.problems]
    assert sum("is not a whole address" in m for m in said) == 2, said
    assert any("ends with UNTERM's article in brackets" in m for m in said), said
    assert any("a name not taken from the UN (UNTERM, UNSD) needs a note" in m for m in said), said


def test_outreach_rows_in_a_brief_speak_plainly(real_db):
    rows = [{"activity_date": dt.date(2026, 3, 2), "actor_name": "Co-chairs", "kind": "bilateral_meeting",
             "summary": "Capital visit planned", "follow_up_date": "2026-04-16"}]
    for fmt, extract in (("md", lambda b: b.decode("utf-8")), ("docx", docx_text), ("pdf", pdf_text)):
        text = " ".join(extract(documents.brief(real_db, "GHA", ON, fmt, outreach=rows)).split())
        assert "Bilateral meeting" in text and "bilateral_meeting" not in text, fmt
        assert "2 March 2026" in text and "16 April 2026" in text and "2026-03-02" not in text, fmt
        assert "Follow-up" in text and "follow_up_date" not in text.lower(), fmt


def test_import_names_reproduces_the_shipped_tables(sources_copy):
    """``import-raw RAW --names`` on the curated tables changes nothing: they are what the raw names give."""
    from attdash.sources.import_raw import import_names
    if not (RAW / "countries" / "names_un_official.csv").exists():
        pytest.skip("raw research material not here")
    counts = import_names(RAW, sources_copy)
    assert counts["country_names"] == 197
    for name in ("country_names.csv", "sources.csv"):
        assert (sources_copy / name).read_bytes() == (ROOT / "data" / "sources" / name).read_bytes(), name
