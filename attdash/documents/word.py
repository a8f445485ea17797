"""Word (.docx) output with python-docx: real Word styles (Title, Heading, List) and real tables.

Lays out the dicts of :mod:`attdash.documents.content`; computes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from attdash.documents.content import STATUS_COLUMNS, count_table_rows, report_sections, status_columns

UN_BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)


def _document(header: str, footer: str, lang: str = "en") -> Document:
    doc = Document()
    _language(doc, lang)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2.4), Cm(2.0), Cm(2.2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(10)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), "SimSun")   # Chinese names
    rfonts.set(qn("w:cs"), "Arial")          # Arabic names (complex script)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10)):
        st = doc.styles[name]
        st.font.name, st.font.size, st.font.color.rgb = "Arial", Pt(size), UN_BLUE
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:ascii"), "Arial")
    hp = sec.header.paragraphs[0]
    hp.text = header
    _small(hp)
    fp = sec.footer.paragraphs[0]
    fp.text = footer
    _small(fp)
    return doc


def _small(p, size: float = 7.5, colour: RGBColor = GREY) -> None:
    for r in p.runs:
        r.font.size, r.font.color.rgb = Pt(size), colour


def _note(doc: Document, text: str, size: float = 8) -> None:
    if text:
        p = doc.add_paragraph(text)
        _small(p, size)


def _borders(table, header_rows: int = 1) -> None:
    """Horizontal rules only: above and below the table, under the header row(s)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("bottom", 8), ("left", 0), ("right", 0), ("insideH", 0), ("insideV", 0)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if size else "nil")
        if size:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), "404040")
        borders.append(el)
    tbl_pr.append(borders)
    for cell in (table.rows[header_rows - 1].cells if header_rows else ()):
        tc_pr = cell._tc.get_or_add_tcPr()
        b = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "6")
        bottom.set(qn("w:color"), "404040")
        b.append(bottom)
        tc_pr.append(b)
    for row in table.rows[:header_rows]:  # repeat the header on each page
        tr_pr = row._tr.get_or_add_trPr()
        h = OxmlElement("w:tblHeader")
        h.set(qn("w:val"), "true")
        tr_pr.append(h)


def table(doc: Document, header: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric_from: int | None = None,
          size: float = 8.5, bold_last: bool = False, header_rows: Sequence[Sequence[str]] = ()):
    t = doc.add_table(rows=0, cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for hr in (*header_rows, header):
        cells = t.add_row().cells
        for c, text in zip(cells, hr):
            c.text = str(text)
            for r in c.paragraphs[0].runs:
                r.bold, r.font.size = True, Pt(size - 0.5)
    for i, row in enumerate(rows):
        cells = t.add_row().cells
        for j, (c, value) in enumerate(zip(cells, row)):
            c.text = "" if value is None else str(value)
            p = c.paragraphs[0]
            if numeric_from is not None and j >= numeric_from:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for r in p.runs:
                r.font.size = Pt(size)
                r.bold = bold_last and i == len(rows) - 1
    _borders(t, header_rows=len(header_rows) + 1)
    for hr_i in range(len(header_rows)):  # merge repeated group labels in the upper header rows
        cells = t.rows[hr_i].cells
        j = 0
        while j < len(cells):
            k = j
            while k + 1 < len(cells) and header_rows[hr_i][k + 1] == "" and header_rows[hr_i][j] != "":
                k += 1
            if k > j:
                merged = cells[j].merge(cells[k])
                merged.text = header_rows[hr_i][j]
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                for r in merged.paragraphs[0].runs:
                    r.bold, r.font.size = True, Pt(size - 0.5)
            j = k + 1
    return t


#: Word's language tags per document language (w:lang: val for Latin and Cyrillic, eastAsia, bidi).
WORD_LANG = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "zh": "zh-CN", "ar": "ar-SA"}


def _language(doc: Document, lang: str) -> None:
    """The document's language on its default run style (spelling, hyphenation, fonts per script)."""
    rpr = doc.styles.element.find(qn("w:docDefaults"))
    rpr = rpr.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr is not None else None
    if rpr is None:
        rpr = doc.styles["Normal"].element.get_or_add_rPr()
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), WORD_LANG[lang] if lang in ("en", "fr", "es", "ru") else "en-GB")  # Latin/Cyrillic text
    el.set(qn("w:eastAsia"), "zh-CN")
    el.set(qn("w:bidi"), "ar-SA")


#: The elements that follow w:bidi in a paragraph's properties (ECMA-376 CT_PPr order).
_PARA_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
#: The elements that follow w:bidi in a section's properties (ECMA-376 CT_SectPr order).
_SECT_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _rtl(doc: Document) -> None:
    """Arabic: every paragraph flows right to left (w:bidi), every run is complex script right to left (w:rtl),
    every table reads from the right (w:bidiVisual), the page too (section w:bidi); digits and Latin codes keep
    their own order (Unicode bidi). Each element goes where the schema puts it, so Word opens the file cleanly."""
    body = doc.element.body
    parts = [body] + [s.header._element for s in doc.sections] + [s.footer._element for s in doc.sections]
    after_bidi = _PARA_AFTER_BIDI
    for part in parts:
        for p in part.iter(qn("w:p")):
            ppr = p.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert_element_before(OxmlElement("w:bidi"), *after_bidi)
            for r in p.iter(qn("w:r")):
                rpr = r.get_or_add_rPr()
                rpr.get_or_add_rtl()
                _complex_script(rpr)
        for tbl in part.iter(qn("w:tbl")):
            tbl.tblPr.get_or_add_bidiVisual()
    for sect in body.iter(qn("w:sectPr")):
        if sect.find(qn("w:bidi")) is None:
            sect.insert_element_before(OxmlElement("w:bidi"), *_SECT_AFTER_BIDI)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        rpr = doc.styles[name].element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(qn("w:cs"), "Arial")
        fonts.attrib.pop(qn("w:cstheme"), None)  # a theme font would override it
        _complex_script(rpr)


_RUN_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                   "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _complex_script(rpr) -> None:
    """Right-to-left runs take the complex-script size, bold and italic (w:szCs, w:bCs, w:iCs): copy them."""
    sz = rpr.find(qn("w:sz"))
    if sz is not None and rpr.find(qn("w:szCs")) is None:
        el = OxmlElement("w:szCs")
        el.set(qn("w:val"), sz.get(qn("w:val")))
        rpr.insert_element_before(el, *_RUN_AFTER_SZCS)
    if rpr.find(qn("w:b")) is not None:
        rpr.get_or_add_bCs()
    if rpr.find(qn("w:i")) is not None:
        rpr.get_or_add_iCs()


def _save(doc: Document, lang: str = "en") -> bytes:
    if lang == "ar":
        _rtl(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _kicker(doc: Document, kicker: str, title: str) -> None:
    p = doc.add_paragraph(kicker)
    _small(p, 8)
    doc.add_paragraph(title, style="Title")


def _superscript(p, refs: Sequence[int]) -> None:
    if refs:
        r = p.add_run(",".join(str(n) for n in refs))
        r.font.superscript = True


def brief(d: dict[str, Any]) -> bytes:
    st, t = d["state"], d["t"]
    doc = _document(f"{t['org']} · {t['header_right']}", t["subtitle"], lang=d.get("lang", "en"))
    _kicker(doc, t["kicker"].upper(), st["name"])
    p = doc.add_paragraph()
    p.add_run(t["subtitle"]).italic = True

    def cite(ns, secondary=""):
        return (f" [{', '.join(map(str, ns))}]" if ns else "") + (f" ({secondary})" if secondary else "")

    facts = [(t["group"], f"{st['group']}{cite(st['group_refs'], st['group_secondary'])} · "
                          f"{st['membership']} · ISO {st['iso3']} / {st['iso2']} · M49 {st['m49']}"),
             (t["status"], f"{st['status_label']}{t['stop']} {st['status_line']}{cite(st['refs'], st['secondary'])}")]
    if d["record_complete_through"]:
        facts.append((t["record"], f"{d['record_complete_through']} ({t['every_record']})"))
    if d["state_record_through"]:
        facts.append((t["state_record"], d["state_record_through"]))
    tb = doc.add_table(rows=0, cols=2)
    tb.style = doc.styles["Table Grid"]
    for label, text in facts:
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = label, text
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].width, cells[1].width = Cm(4.2), Cm(12.4)
    _borders(tb, header_rows=0)
    if d["names"]:
        doc.add_heading(t["names"], level=1)
        _note(doc, t["sources"] + ": " + cite(d["names_refs"], d["names_secondary"]).strip()
              + (f". {d['names_note']}" if d["names_note"] else ""))
        tb = table(doc, [t["language"], t["name"]], [(n["language"], n["name"]) for n in d["names"]])
        for row, n in zip(tb.rows[1:], d["names"]):
            for run in row.cells[1].paragraphs[0].runs:
                lang = OxmlElement("w:lang")
                lang.set(qn("w:val"), n["code"])
                if n["code"] == "ar":  # right to left, complex-script font
                    run.font.rtl = True
                    lang.set(qn("w:bidi"), "ar-SA")
                elif n["code"] == "zh":
                    lang.set(qn("w:eastAsia"), "zh-CN")
                run._r.get_or_add_rPr().append(lang)
    doc.add_heading(t["timeline"], level=1)
    if d["timeline"]:
        table(doc, [t["date"], t["action"], t["note"], t["sources"]],
              [(x["date"], x["action"], "; ".join(y for y in (x["note"], x["secondary"]) if y),
                ", ".join(map(str, x["refs"]))) for x in d["timeline"]])
    else:
        doc.add_paragraph(t["no_timeline"])
    doc.add_heading(t["elements"], level=1)
    for i, e in enumerate(d["elements"], 1):
        h = doc.add_heading(f"{i}. {e['title']}", level=3)
        _superscript(h, e["refs"])
        if e.get("restricted"):
            doc.add_paragraph().add_run(f"{e['restricted_note']}.").italic = True
            continue
        if e["not_applicable"]:
            doc.add_paragraph().add_run(e["not_applicable"]).italic = True
            continue
        if not e["has_data"]:
            p = doc.add_paragraph()
            p.add_run(t["no_data"] + " ").italic = True
            p.add_run(t["gap"].format(source=e["gap_source"]))
            continue
        doc.add_paragraph(e["summary"])
        for item in e["items"]:
            doc.add_paragraph(item, style="List Bullet")
        meta = [x for x in (e["more"], t["as_of"].format(text=e["data_as_of"]) if e["data_as_of"] else "",
                            t["confidence"].format(text=e["confidence"]) if e["confidence"] else "",
                            e["secondary"][:1].upper() + e["secondary"][1:]) if x]
        _note(doc, " · ".join(meta))
    if d.get("outreach") is not None:
        doc.add_heading(t["outreach"], level=1)
        if d["outreach"]["rows"]:
            table(doc, d["outreach"]["columns"], d["outreach"]["rows"])
        else:
            doc.add_paragraph(t["no_outreach"])
    doc.add_heading(t["sources"], level=1)
    for s in d["sources"]:
        p = doc.add_paragraph(style="List Number")
        p.add_run(", ".join(x for x in (s["publisher"], s["title"], s["date"]) if x) + "."
                  + (f" {s['url']}" if s["url"] else "") + (f" ({d['secondary_note']})" if s["secondary"] else ""))
        _small(p, 8, RGBColor(0, 0, 0))
    return _save(doc, d.get("lang", "en"))


def _annex_block(doc: Document, b: dict[str, Any]) -> None:
    doc.add_heading(f"{b['group']} ({b['listed']})", level=3)
    cols = (b["parties"], b["signatories"], b["others"])
    n = max((len(c) for c in cols), default=0)
    rows = [[f"{i + 1}. {c[i]}" if i < len(c) else "" for c in cols] for i in range(n)]
    table(doc, [b["parties_head"], b["signatories_head"], b["others_head"]], rows, size=8.5)
    _note(doc, " ".join(b["notes"]))


def report(d: dict[str, Any], chart_png: bytes | None = None) -> bytes:
    t, lang = d["t"], d.get("lang", "en")
    doc = _document(f"{t['org']} · {t['header_right']}", t["footer"], lang=lang)
    _kicker(doc, t["kicker"].upper(), d["title"])
    since = f"{d['since_long']}" + (t["paren"].format(note=d["since_note"]) if d["since_note"] else "")
    until = f"{d['until_long']}" + (t["paren"].format(note=d["until_note"]) if d["until_note"] else "")
    doc.add_paragraph(t["from_to"].format(since=since, until=until))
    doc.add_paragraph(d["headline"])
    _note(doc, d["record_note"])
    doc.add_heading(t["counts"], level=1)
    top = [""] + [x for _, label in status_columns(lang) for x in (label, "")] + [""]
    head = [t["group"]] + [x for _ in STATUS_COLUMNS for x in (d["since"], d["until"])] + [t["states"]]
    rows = count_table_rows(d)
    table(doc, head, rows, numeric_from=1, size=8, bold_last=True, header_rows=[top])
    _note(doc, t["counts_note"] + " " + d["unknown_note"])
    for title, head, rows_ in report_sections(d):
        doc.add_heading(title, level=1)
        if rows_:
            table(doc, head, rows_)
        else:
            doc.add_paragraph(t["none"])
    doc.add_heading(t["chart"], level=1)
    if chart_png:
        doc.add_picture(io.BytesIO(chart_png), width=Cm(16))
    _note(doc, t["chart_marked"].format(title=d["chart"]["title"],
                                        marks="; ".join(m["label"] for m in d["chart"]["marks"])))
    doc.add_heading(t["focus"].format(group=d["focus"]["group"], date=d["until_long"]), level=1)
    _annex_block(doc, d["focus"])
    return _save(doc, lang)


def annex(d: dict[str, Any]) -> bytes:
    t, lang = d["t"], d.get("lang", "en")
    doc = _document(f"{t['org']} · {t['header_right']}", t["footer"], lang=lang)
    _kicker(doc, t["kicker"].upper(), d["title"])
    doc.add_paragraph(t["as_of_line"])
    for b in d["groups"]:
        _annex_block(doc, b)
    return _save(doc, lang)
