"""Documents in the six UN languages (issue 18): the catalogues are complete and current, and each brief, report and
annex says in its language what the data say — the State's UN name in that language, the status label, dates
written as the locale writes them — with every glyph in the PDF's fonts, a first page that is not blank, Arabic
flowing right to left, and no English sentence of ours left in a document in another language."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from attdash import documents, reports
from attdash.documents import catalogue, content, shared_terms
from attdash.documents import i18n as L
from attdash.i18n import LANGUAGES, format_day, translator
from tests.test_documents import ON, WINDOWS, _tounicode_cids, docx_text, pdf_text

OTHERS = [lang for lang in LANGUAGES if lang != "en"]
#: States whose brief a co-chair would send in each language (Côte d'Ivoire in French, GRULAC in Spanish, a Gulf
#: signatory in Arabic …), and a State Party, a signatory and a non-signatory among them.
STATES = {"fr": "CIV", "es": "MEX", "ar": "SAU", "ru": "KAZ", "zh": "CHN", "en": "GHA"}


def flat(text: str) -> str:
    """Text without whitespace: PDF extraction spaces CJK and digits and breaks lines anywhere."""
    return re.sub(r"[\s\u064b-\u0652\u200e\u200f\u202a-\u202e]+", "", text)  # and Arabic vowel marks, bidi marks


# ------------------------------------------------------------------------------------------- catalogues

@pytest.fixture(scope="module")
def template():
    return catalogue.extract()


@pytest.mark.parametrize("lang", OTHERS)
def test_catalogue_translates_every_message_and_keeps_no_stale_one(template, lang):
    found = catalogue.problems(lang, template)
    assert found == {"missing": [], "stale": []}, f"{lang}: run python -m attdash.documents.catalogue update"
    assert len([m for m in template if m.id]) > 100


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_their_placeholders(template, lang):
    cat = catalogue.read(lang)
    for m in cat:
        if not m.id:
            continue
        want, got = set(re.findall(r"\{\w+\}", m.id)), set(re.findall(r"\{\w+\}", m.string))
        # a translation may leave out the State's name where the language would need its article or case
        assert got <= want and want - got <= {"{state}"}, (lang, m.id, m.string)
        assert m.string.format(**{k[1:-1]: "X" for k in want}) != ""


def test_catalogue_check_fails_on_a_missing_and_a_stale_message(template, tmp_path, monkeypatch):
    """The check above can fail: a message the code gains is missing, one the catalogue keeps is stale."""
    from babel.messages.catalog import Catalog
    extra = Catalog(domain="documents")
    for m in template:
        if m.id:
            extra.add(m.id)
    extra.add("A sentence the code just gained")
    monkeypatch.setattr(catalogue, "po_path", lambda lang: tmp_path / "fr.po")
    (tmp_path / "fr.po").write_bytes(catalogue.LOCALE_DIR.joinpath("fr/LC_MESSAGES/documents.po").read_bytes()
                                     + b'\nmsgid "A sentence the code lost"\nmsgstr "Une phrase perdue"\n')
    found = catalogue.problems("fr", extra)
    assert found == {"missing": ["A sentence the code just gained"], "stale": ["A sentence the code lost"]}


def test_shared_terms_are_the_vocabulary():
    """The copy of the shared vocabulary marked for translation is the one the code uses."""
    from attdash.profile import NOT_APPLICABLE, RESTRICTED_NOTE, plain_gap
    from attdash.sources.schema import ELEMENTS
    from attdash.vocab import GROUPS, NO_GROUP_LABEL, STATUS_LABELS
    e = shared_terms.ENGLISH
    assert e["status"] == STATUS_LABELS
    assert list(e["group"]) == [*GROUPS, NO_GROUP_LABEL]
    assert e["action"] == content.ACTION_LABELS
    assert e["element"] == {k: title for k, title, _ in ELEMENTS}
    assert e["gap"] == {k: plain_gap(gap) for k, _, gap in ELEMENTS}
    assert e["note"] == {"restricted": RESTRICTED_NOTE, "not_applicable": NOT_APPLICABLE}


def test_shared_vocabulary_prefers_the_pages_catalogue(monkeypatch):
    """A word the pages' catalogue (domain attdash) translates is taken from there; else the documents' copy."""
    pages = translator("fr", "attdash")
    monkeypatch.setitem(pages._messages, (None, "State Party"), "État partie (pages)")
    monkeypatch.delitem(pages._messages, (None, "Signatory"), raising=False)  # a word the pages leave untranslated
    assert L.label("status", "state_party", "fr") == "État partie (pages)"
    assert L.label("status", "signatory", "fr") == translator("fr", "documents").gettext("Signatory") != "Signatory"
    assert L.label("status", "state_party", "en") == "State Party"


# ------------------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("lang, want", [("en", "16 April 2024"), ("fr", "16 avril 2024"),
                                        ("es", "16 de abril de 2024"), ("ru", "16 апреля 2024\u202fг."),
                                        ("zh", "2024年4月16日"), ("ar", "16 أبريل 2024")])
def test_dates_as_each_locale_writes_them(lang, want):
    if lang == "ar":  # UN Arabic documents also write the Levantine month name: 16 نيسان/أبريل 2024
        assert content.long_date(ON, lang) in (want, "16 نيسان/أبريل 2024")
    else:
        assert content.long_date(ON, lang) == want
    assert content.long_date("2024-04", lang) != content.long_date(ON, lang)  # a month is never a day
    assert L.known("2025", "year", lang).startswith("2025") and "1" not in L.known("2025", "year", lang)[4:]


# ------------------------------------------------------------------------------------------- briefs

def _english_sentences(template) -> list[str]:
    """Our English phrases (two words or more) whose translations differ from them, as fixed fragments."""
    out = set()
    # words that are also data values (a statement's kind, an instrument's status): the data's evidence text uses them
    data_words = {w for k in ("vote", "statement_type", "role", "instrument_status", "confidence")
                  for w in shared_terms.ENGLISH[k].values()}
    for m in template:
        if not m.id or len(m.id.split()) < 2 or m.id in data_words:
            continue
        for part in re.split(r"\{\w+\}", m.id):
            part = part.strip(" .,;:()·")
            if len(part) >= 12 and len(part.split()) >= 3:  # two-word terms (States Parties) occur in data
                out.add(part)
    return sorted(out)


def _before_sources(text: str, heading: str) -> str:
    """A document's own words: the source list (publishers and titles as the sources give them) cut off."""
    return text.split(f"## {heading}")[0] if f"## {heading}" in text else text.split(heading)[0]


@pytest.fixture(scope="module")
def briefs(real_db):
    out = {}
    for lang, iso3 in STATES.items():
        data = content.brief_content(real_db, iso3, ON, lang=lang)
        out[lang] = (data, {fmt: documents.render_brief(data, fmt) for fmt in ("pdf", "docx", "md")})
    return out


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_brief_says_what_the_data_say_in_its_language(real_db, briefs, lang):
    data, files = briefs[lang]
    iso3 = STATES[lang]
    names = real_db.table("country_names").filter(pl.col("iso3") == iso3).row(0, named=True)
    row = reports.status(real_db, ON).filter(pl.col("iso3") == iso3).row(0, named=True)
    name = names[f"name_{lang}"]
    status = L.label("status", row["status"], lang)
    as_of, snapshot = format_day(ON, lang), format_day(real_db.snapshot.as_of, lang)
    if lang != "en":
        assert status != L.label("status", row["status"], "en")
    assert data["state"]["name"] == name and data["lang"] == lang
    pdf, word, md = pdf_text(files["pdf"]), docx_text(files["docx"]), files["md"].decode("utf-8")
    for text in (pdf, word, md):
        f = flat(text)
        if lang == "ar":  # pypdf gives Arabic words in visual order: each word must be there
            for word_ in re.split(r"[\s/]+", f"{name} {status} {as_of}"):
                assert flat(word_) in f, (lang, word_)
        else:
            for want in (name, status, as_of, snapshot):
                assert flat(want) in f, (lang, want)
        assert iso3 in text and str(row["m49"] if "m49" in row else names["iso3"]) in text
    if row.get("signature_date"):
        assert flat(format_day(row["signature_date"], lang)) in flat(md)
    assert len(PdfReader(io.BytesIO(files["pdf"])).pages) <= 2, "a brief is one or two A4 pages"
    assert PdfReader(io.BytesIO(files["pdf"])).trailer["/Root"]["/Lang"].split("-")[0] == lang


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_sentence_of_ours_in_another_language(briefs, template, lang):
    data, files = briefs[lang]
    heading = data["t"]["sources"]
    own = [_before_sources(files["md"].decode("utf-8"), heading),
           _before_sources(docx_text(files["docx"]), heading)]
    for text in own:
        left = [p for p in _english_sentences(template) if p in text]
        assert not left, f"{lang}: English left: {left[:5]}"
    assert "secondary source" not in files["md"].decode("utf-8")
    undated = translator(lang, "documents").gettext("undated")
    assert undated != "undated" and all(s["date"] != "undated" for s in data["sources"])
    assert any(s["date"] == undated for s in data["sources"]), "the test States cite an undated source"


def test_english_check_catches_an_english_sentence(briefs, template):
    """The check above can fail: the English brief is full of them."""
    data, files = briefs["en"]
    assert len([p for p in _english_sentences(template) if p in files["md"].decode("utf-8")]) > 10


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_glyph_of_the_brief_is_in_the_pdf_fonts(briefs, lang):
    data, files = briefs[lang]
    reader = PdfReader(io.BytesIO(files["pdf"]))
    glyphs = _tounicode_cids(reader)
    words = [data["state"]["name"], data["state"]["status_label"], data["state"]["status_line"], data["t"]["org"],
             data["t"]["elements"], data["status_as_of_long"], *(n["name"] for n in data["names"])]
    for ch in set("".join(words)) - set(" \u202f\u00a0"):
        if ch in "()":  # Arabic mirrors brackets: drawn as the other one
            continue
        assert ch in glyphs, f"{lang}: {ch!r} ({ord(ch):04X}) not in any embedded font"
        assert 0 not in glyphs[ch], f"{lang}: {ch!r} drawn with .notdef (tofu)"
    families = " ".join(str(f.get_object().get("/BaseFont")) for p in reader.pages
                        for f in p["/Resources"]["/Font"].values())
    if lang == "zh":
        assert "CJK" in families
    if lang == "ar":
        assert "Arabic" in families


@pytest.mark.parametrize("lang", ["fr", "ar", "zh"])
def test_brief_first_page_is_not_blank(briefs, lang, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm missing: run `make fonts` (Debian poppler-utils)")
    path = tmp_path / f"brief-{lang}.pdf"
    path.write_bytes(briefs[lang][1]["pdf"])
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / lang)],
                   check=True)
    img = Image.open(next(tmp_path.glob(f"{lang}-*1.png"))).convert("L")
    dark = sum(img.histogram()[:128])
    assert dark > 0.01 * img.width * img.height, f"{lang}: first page nearly blank"
    if lang == "ar":  # right to left: the State's name (the title) starts at the right margin
        w, h = img.size
        band = img.crop((0, int(h * 0.08), w, int(h * 0.14)))
        cols = [x for x in range(w) if min(band.getpixel((x, y)) for y in range(band.height)) < 128]
        assert cols and max(cols) > 0.85 * w, "Arabic title not at the right"


def test_readme_picture_of_a_french_brief(briefs, tmp_path):
    """The README shows the first page of Côte d'Ivoire's brief in French (rendered from this test's PDF)."""
    path = tmp_path / "brief-fr.pdf"
    path.write_bytes(briefs["fr"][1]["pdf"])
    out = Path(__file__).resolve().parent / "e2e" / "screenshots" / "brief-fr"
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-png", str(path), str(out)],
                   check=True)
    img = Image.open(f"{out}.png")
    assert img.width > 400 and sum(img.convert("L").histogram()[:128]) > 0.01 * img.width * img.height


def test_arabic_word_brief_flows_right_to_left(briefs):
    doc = Document(io.BytesIO(briefs["ar"][1]["docx"]))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs and all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None for p in paragraphs for r in p.runs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    text = docx_text(briefs["ar"][1]["docx"])
    assert "SAU" in text and "682" in text  # codes and numbers stay as written
    french = Document(io.BytesIO(briefs["fr"][1]["docx"]))
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in french.paragraphs)


def test_unknown_language_is_english(real_db):
    assert content.brief_content(real_db, "GHA", ON, lang="xx")["title"] == "Country brief: Ghana"


# ------------------------------------------------------------------------------------------- report and annex

@pytest.fixture(scope="module")
def reports_(real_db):
    since, until = WINDOWS[0]
    out = {}
    for lang in LANGUAGES:
        data = content.report_content(real_db, since, until, lang=lang)
        out[lang] = (data, {fmt: documents.render_report(data, fmt) for fmt in ("md", "csv", "docx")})
    return out


def _md_counts(md: str, labels: dict[str, str]) -> dict[str, list[int]]:
    """Group code → the nine numbers of its row in the Markdown counts table (rows found by the group's label)."""
    out = {}
    for line in md.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for code, label in labels.items():
            if cells and cells[0] == label and len(cells) == 10 and all(c.isdigit() for c in cells[1:]):
                out[code] = [int(c) for c in cells[1:]]
    return out


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_report_counts_and_words_in_its_language(real_db, reports_, template, lang):
    from tests.test_documents import _expected
    from attdash.vocab import GROUPS
    data, files = reports_[lang]
    since, until = WINDOWS[0]
    labels = {g: L.group(g, lang) for g in GROUPS}
    labels["Total"] = translator(lang, "documents").gettext("Total")
    want = _expected(real_db, since, until)
    got = _md_counts(files["md"].decode("utf-8"), labels)
    assert got and all(got[g] == want[g] for g in got) and set(got) >= set(GROUPS) | {"Total"}
    md = files["md"].decode("utf-8")
    for word_ in (format_day(since, lang), format_day(until, lang), data["title"], *labels.values()):
        assert word_ in md, (lang, word_)
    word = docx_text(files["docx"])
    assert labels["African"] in word and format_day(until, lang) in word
    # the States in the lists are named in the language: China deposited in this window
    china = real_db.table("country_names").filter(pl.col("iso3") == "CHN")[f"name_{lang}"][0]
    assert china in md
    if lang != "en":
        left = [p for p in _english_sentences(template) if p in md or p in word]
        assert not left, f"{lang}: English left: {left[:5]}"
        assert china == "China" or "China" not in md


def test_report_csv_keeps_english_codes_and_labels_follow_the_language(reports_):
    en = list(__import__("csv").DictReader(io.StringIO(reports_["en"][1]["csv"].decode("utf-8"))))
    for lang in OTHERS:
        rows = list(__import__("csv").DictReader(io.StringIO(reports_[lang][1]["csv"].decode("utf-8"))))
        # the English codes, each label column beside its code column, in the language
        assert list(rows[0]) == ["un_regional_group", "un_regional_group_label", *list(en[0])[1:]]
        assert [(r["un_regional_group"], r["status"], r["states_until"]) for r in rows] == \
               [(r["un_regional_group"], r["status"], r["states_until"]) for r in en]
        assert rows[0]["un_regional_group_label"] == L.group(rows[0]["un_regional_group"], lang) \
            != rows[0]["un_regional_group"]
        assert rows[0]["status_label"] == dict(content.status_columns(lang))["state_party"] != en[0]["status_label"]
        assert not any(r["states_behind_change"].startswith(("in (", "out (")) for r in rows)


@pytest.mark.parametrize("lang", ["fr", "ar", "zh"])
def test_report_and_annex_pdfs_in_the_language(real_db, lang, tmp_path):
    since, until = WINDOWS[0]
    for kind, pdf in (("report", documents.report(real_db, since, until, "pdf", lang=lang)),
                      ("annex", documents.annex(real_db, ON, "pdf", lang=lang))):
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.trailer["/Root"]["/Lang"].split("-")[0] == lang
        text = flat(pdf_text(pdf))
        for word_ in (L.group("African", lang), format_day(until if kind == "report" else ON, lang)):
            for part in (re.split(r"[\s/]+", word_) if lang == "ar" else [word_]):
                assert flat(part) in text, (kind, lang, part)
        glyphs = _tounicode_cids(reader)
        assert all(0 not in ids for ids in glyphs.values()), f"{kind} {lang}: a glyph drawn with .notdef"
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / kind)],
                       check=True)
        img = Image.open(next(tmp_path.glob(f"{kind}-*1.png"))).convert("L")
        assert sum(img.histogram()[:128]) > 0.01 * img.width * img.height, f"{kind} {lang}: first page blank"


@pytest.mark.parametrize("lang", OTHERS)
def test_annex_numbers_each_group_with_names_in_the_language(real_db, template, lang):
    data = content.annex_content(real_db, ON, lang=lang)
    summary = {r["un_regional_group"]: r for r in reports.summary(real_db, ON).iter_rows(named=True)}
    names = dict(real_db.table("country_names").select("iso3", f"name_{lang}").iter_rows())
    by_label = {L.group(g, lang): g for g in summary}
    blocks = [(b, by_label[b["group"]]) for b in data["groups"] if b["group"] in by_label]
    assert len(blocks) >= 5, "every UN regional group is named in the language"
    for b, g in blocks:
        s = summary[g]
        assert len(b["parties"]) == s["state_party"] + s["ratified_not_in_force"]
        assert len(b["signatories"]) == s["signatory"]
        assert len(b["others"]) == s["not_signed"] + s["unknown"]
    asia = next(b for b in data["groups"] if b["group"] == L.group("Asia-Pacific", lang))
    assert names["CHN"] in asia["parties"] and (names["CHN"] == "China" or "China" not in asia["parties"])
    md = documents.render_annex(data, "md").decode("utf-8")
    left = [p for p in _english_sentences(template) if p in md]
    assert not left, f"{lang}: English left: {left[:5]}"


@pytest.mark.parametrize("lang", OTHERS)
def test_a_deposit_known_to_its_year_is_never_a_day_in_any_language(real_db, lang):
    """Vanuatu's deposit is known only to its year: the brief says so in the language, with the window."""
    if reports.status(real_db, real_db.snapshot.as_of).filter(pl.col("iso3") == "VUT")["status"][0] != "state_party":
        pytest.skip("Vanuatu's deposit is not in this snapshot")
    data = content.brief_content(real_db, "VUT", None, lang=lang)
    line = data["state"]["status_line"]
    assert L.known("2025", "year", lang) in line
    assert L.window("2025-05-16", "2025-12-31", lang) in line  # the deposit's window, in the language's words
    assert "day not known" not in line and "between" not in line
    timeline = [t for t in data["timeline"] if t["date"] == L.known("2025", "year", lang)]
    assert timeline and "(Art. 22)" not in timeline[0]["note"]


def test_french_writes_the_first_of_the_month_as_1er():
    assert L.day("2026-01-01", "fr") == "1er janvier 2026"
    assert L.day("2026-01-11", "fr") == "11 janvier 2026"
    assert L.day("2026-01-01", "en") == "1 January 2026"


def test_the_pages_label_functions_win_when_they_translate(monkeypatch):
    """When attdash.vocab has the pages' label functions (branch i18n-ui), documents use their words; a word
    they leave in English falls back to the documents' catalogue."""
    from attdash import vocab
    monkeypatch.setattr(vocab, "GROUP_NAMES", {"African": "African States"}, raising=False)
    monkeypatch.setattr(vocab, "group_label", lambda g, lang=None: (
        g if lang == "en" else {"fr": "Groupe des États d'Afrique"}.get(lang, "African States")), raising=False)
    assert L.group("African", "fr") == "Groupe des États d'Afrique"
    assert L.group("African", "es") == translator("es", "documents").gettext("African") != "African States"
    assert L.group("African", "en") == "African"


@pytest.mark.parametrize("iso3", ["AUS", "MEX"])
def test_brief_with_the_longest_source_lists_fits_two_pages_in_every_language(real_db, iso3):
    for lang in OTHERS:
        pdf = documents.brief(real_db, iso3, ON, "pdf", lang=lang)
        assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2, f"{iso3} {lang}: a brief is one or two A4 pages"


#: The Chinese terms of the working group's own papers (WGTU work plan and annex, co-chairs' reports; the shared
#: glossary att_terms_zh.csv): the documents use them exactly.
GLOSSARY_ZH = {
    "States Parties": "缔约国", "State Party": "缔约国", "Signatory": "签署国", "Signatories": "签署国",
    "Others": "其他国家",
    "Voluntary Trust Fund proposals": "《武器贸易条约》自愿信托基金项下的提案",
    "Assistance requests (needs-and-resources matching database)": "《武器贸易条约》需求与资源匹配数据库中的援助请求",
    "Sponsorship Programme applications": "对《武器贸易条约》赞助方案的申请",
    "Attendance at Conferences of States Parties": "《武器贸易条约》缔约国会议参加情况",
    "Statements at CSPs and working groups": "在《武器贸易条约》缔约国会议上和在《武器贸易条约》工作组中的发言和一般性陈述",
    "UN General Assembly votes on ATT resolutions": "联合国大会对《武器贸易条约》决议的投票记录",
    "Participation in the UN Register of Conventional Arms": "联合国常规武器登记册的参加情况",
    "Participation in relevant regional arrangements": "相关区域安排的参与情况",
    "Other relevant information": "ATT秘书处内提供的其他相关信息",
}


def test_chinese_uses_the_working_groups_terms():
    zh = translator("zh", "documents")
    for english, chinese in GLOSSARY_ZH.items():
        assert zh.gettext(english) == chinese, english
    assert "普遍加入条约工作组" in zh.gettext("Arms Trade Treaty · Working Group on Treaty Universalization")
    assert zh.gettext("Arms Trade Treaty · Working Group on Treaty Universalization").startswith("《武器贸易条约》")


def test_arabic_word_runs_keep_their_size_and_weight_as_complex_script(briefs):
    """A right-to-left run takes Word's complex-script size and bold: the Arabic note is small, the label bold."""
    doc = Document(io.BytesIO(briefs["ar"][1]["docx"]))
    runs = [r._r.rPr for p in doc.paragraphs for r in p.runs if r._r.rPr is not None]
    sized = [r for r in runs if r.find(qn("w:sz")) is not None]
    assert sized and all(r.find(qn("w:szCs")).get(qn("w:val")) == r.find(qn("w:sz")).get(qn("w:val")) for r in sized)
    bold = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.bold]
    assert bold and all(r._r.rPr.find(qn("w:bCs")) is not None for r in bold)


#: The hostile value of tests/test_bad_input.py (links, images, HTML, autolinks).
HOSTILE_NAME = "![x](http://127.0.0.1:9/t.png) <img src=x> [Log in](https://ev.il) http://3232235777/ www.ev.il a@ev.il"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_markdown_brief_in_another_language_escapes_data_values(real_db, lang):
    """Translated sentences carry data (a State's name, a source's title, an element's item): still escaped."""
    brief = content.brief_content(real_db, "GHA", ON, lang=lang)
    brief["state"]["name"] = brief["title"] = HOSTILE_NAME
    brief["state"]["status_line"] = HOSTILE_NAME
    brief["sources"][0]["title"] = HOSTILE_NAME
    with_items = next(e for e in brief["elements"] if e["has_data"])
    with_items["items"] = [HOSTILE_NAME]
    md = documents.render_brief(brief, "md").decode()
    assert "![x](" not in md and "[Log in](" not in md and not re.search(r"(?<!\\)<img", md)
    assert "http://3232235777" not in md and "www.ev" not in md and "a@ev" not in md


def test_a_page_in_another_language_does_not_change_a_document(real_db):
    """The language a page runs in (attdash.i18n.use) never leaks into a document: only ``lang`` decides."""
    import contextvars
    from attdash import i18n

    def in_french_page():
        i18n.use("fr")
        data = content.brief_content(real_db, "GHA", ON, lang="en")
        assert i18n.current() == "fr"  # the page's language is left as it was
        return data
    assert contextvars.copy_context().run(in_french_page) == content.brief_content(real_db, "GHA", ON, lang="en")


@pytest.mark.parametrize("lang", OTHERS)
def test_a_change_of_group_is_told_in_the_language(real_db, lang):
    """Kiribati joined the Asia-Pacific Group between CSP9 and the record's completeness date: said in words of
    the language, with its name and the day in it."""
    import datetime as dt
    data = content.report_content(real_db, dt.date(2023, 8, 21), dt.date(2025, 5, 15), lang=lang)
    moves = [g for g in data["group_changes"] if g["iso3"] == "KIR"]
    if not moves:
        pytest.skip("no change of group for Kiribati in this snapshot")
    kir = real_db.table("country_names").filter(pl.col("iso3") == "KIR")[f"name_{lang}"][0]
    event = moves[0]["event"]
    assert event.startswith(kir) and moves[0]["name"] == kir
    assert moves[0]["to"] == L.group("Asia-Pacific", lang)
    assert not re.search(r"\bjoined\b|\bGroup\b", event)
    assert re.search(r"2024", event)
