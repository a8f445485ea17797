"""Issue 18: the dashboard in the six UN languages (domain "attdash": pages, app, attdash.ui, shared vocabulary).

The catalogues are checked against a fresh extraction (Babel's own API, the project's babel.cfg): every interface
string has a translation in every language, no catalogue keeps a stale entry, and each translation keeps the
message's placeholders. Then the shared functions the pages and documents call with a language.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from attdash import i18n, partial_dates, vocab
from attdash.i18n import names

ROOT = Path(__file__).resolve().parents[1]
CFG = ROOT / "attdash" / "i18n" / "babel.cfg"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "t": None}
OTHER_LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


def _key(m_id, ctx):
    return (ctx, m_id if isinstance(m_id, str) else tuple(m_id))


@pytest.fixture(scope="module")
def extracted() -> dict:
    with CFG.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    out = {}
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        out[_key(message, context)] = message
    return out


def _catalogue(lang: str):
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "attdash.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=i18n.CLDR_LOCALE[lang], domain="attdash")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_extraction_finds_the_interface(extracted):
    """The extraction reads the pages, app.py and the shared vocabulary (a test that finds nothing proves nothing)."""
    ids = {k[1] for k in extracted}
    for msg in ("Overview", "Filters", "State Party", "African States", "{year}, day not known",
                "Language", "Download CSV", "Treaty status by UN regional group"):
        assert msg in ids, msg
    assert len(extracted) > 400


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_catalogue_complete_and_current(extracted, lang):
    cat = _catalogue(lang)
    assert not cat.fuzzy, f"{lang}: the catalogue's header is marked fuzzy (make i18n-compile would skip it)"
    held = {_key(m.id, m.context): m for m in cat if m.id}
    missing = sorted(str(k) for k in extracted if k not in held or not held[k].string
                     or (isinstance(held[k].string, tuple) and not all(held[k].string)) or held[k].fuzzy)
    stale = sorted(str(k) for k in held if k not in extracted)
    assert not missing, f"{lang}: {len(missing)} interface strings without a translation, e.g. {missing[:5]}"
    assert not stale, f"{lang}: {len(stale)} stale entries (make i18n-update), e.g. {stale[:5]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_placeholders(lang):
    for m in _catalogue(lang):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        want = set().union(*(_fields(i) for i in ids))
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        for form in forms:
            got = _fields(form)
            # a plural form for 0, 1 or 2 may spell the number out (Arabic)
            assert got <= want and (got == want or isinstance(m.id, tuple)), (lang, m.id, form)
            assert form.count("**") == ids[0].count("**"), (lang, m.id, form)


def test_glossary_terms_in_chinese():
    """The working group's own Chinese terms (shared/glossary/att_terms_zh.csv), exactly."""
    t = i18n.translator("zh")
    assert t.gettext("State Party") == "缔约国" and t.gettext("States Parties") == "缔约国"
    assert t.gettext("Signatory") == "签署国" and t.gettext("Others") == "其他国家"
    assert t.gettext("Signatories not yet parties") == "尚未成为缔约国的签署国"
    assert vocab.element_title("vtf", "zh") == "《武器贸易条约》自愿信托基金项下的提案"
    assert vocab.element_title("unga_votes", "zh") == "联合国大会对《武器贸易条约》决议的投票记录"
    assert t.gettext("Planning: the step approach").endswith("分步法")


def test_status_group_and_action_labels_per_language():
    assert [vocab.status_label("state_party", lang) for lang in i18n.LANGUAGES] == [
        "دولة طرف", "缔约国", "State Party", "État partie", "Государство-участник", "Estado parte"]
    assert vocab.group_label("African", "fr") == "Groupe des États d’Afrique"
    assert vocab.group_label("Latin American and Caribbean", "es") == "Grupo de los Estados de América Latina y el Caribe"
    assert vocab.group_label("Western European and Others", "ru") == "Группа государств Западной Европы и других государств"
    assert vocab.group_label("Asia-Pacific", "en") == "Asia-Pacific" and vocab.group_label(None, "en") == "No regional group"
    assert vocab.group_label("Western European and Others", "en", short=True) == "WEOG"
    assert vocab.event_label("accession", "es") == "Adhesión"
    assert vocab.event_sentence("ratification", "Tonga", "2020", "fr") == "Tonga a ratifié (2020)"
    assert vocab.status_label("bogus", "fr") == "bogus"


def test_dates_per_locale():
    day = dt.date(2024, 4, 16)
    assert [i18n.format_day(day, lang) for lang in ("en", "fr", "es", "ru", "zh", "ar")] == [
        "16 April 2024", "16 avril 2024", "16 de abril de 2024", "16 апреля 2024\u202fг.", "2024年4月16日",
        "16 نيسان/أبريل 2024"]


def test_partial_dates_in_each_language():
    assert partial_dates.known("2025", lang="fr") == "2025, jour inconnu"
    assert partial_dates.known("2025-05", lang="es") == "mayo de 2025, día desconocido"
    assert partial_dates.window("2025-05-16", "2025-12-31", lang="ru") == "между 16 мая 2025\u202fг. и 31 декабря 2025\u202fг."
    assert partial_dates.window("2025-05-16", "2025-12-31", lang="zh") == "在2025年5月16日至2025年12月31日之间"
    assert partial_dates.known("2025", lang="en") == "2025, day not known"
    assert partial_dates.deposit("2025-05-16", "2025-12-31", "year", lang="ar") == (
        "2025، اليوم غير معروف (بين 16 أيار/مايو 2025 و31 كانون الأول/ديسمبر 2025)")


def test_typed_dates_in_each_language():
    from attdash.reports import BadParameter
    from attdash.ui.format import parse_user_day
    day = dt.date(2024, 4, 16)
    for lang in i18n.LANGUAGES:
        assert parse_user_day(i18n.format_day(day, lang), lang) == day, lang
    assert parse_user_day("16 April 2024", "fr") == day  # English month names are understood everywhere
    with pytest.raises(BadParameter, match="inconnu"):
        i18n.use("fr")
        try:
            parse_user_day("16 Foo 2024", "fr")
        finally:
            i18n.use("en")


def test_language_codes_from_users():
    assert i18n.normalise("FR") == "fr" and i18n.normalise("zh-Hans") == "zh" and i18n.normalise("xx") == "en"
    assert i18n.normalise("<script>") == "en" and i18n.normalise(None) == "en"


ROWS = [
    {"iso3": "CIV", "name_ar": "كوت ديفوار", "name_zh": "科特迪瓦", "name_en": "Côte d'Ivoire",
     "name_fr": "Côte d’Ivoire", "name_ru": "Кот-д'Ивуар", "name_es": "Côte d’Ivoire"},
    {"iso3": "TUR", "name_ar": "تركيا", "name_zh": "土耳其", "name_en": "Türkiye", "name_fr": "Türkiye",
     "name_ru": "Турция", "name_es": "Türkiye"},
    {"iso3": "ESP", "name_ar": "إسبانيا", "name_zh": "西班牙", "name_en": "Spain", "name_fr": "Espagne",
     "name_ru": "Испания", "name_es": "España"},
]


def test_search_is_accent_and_case_insensitive_across_languages():
    for query in ("科特迪瓦", "Côte", "cote", "CÔTE D'IVOIRE", "civ", "кот-д", "كوت"):
        assert names.search(query, ROWS) == ["CIV"], query
    assert names.search("turkiye", ROWS) == ["TUR"] and names.search("турц", ROWS) == ["TUR"]
    assert names.search("espana", ROWS) == ["ESP"]
    assert names.search("   ", ROWS) == [] and names.search("zzz", ROWS) == []


def test_sorting_follows_the_language():
    es = sorted(["Nueva Zelandia", "Níger", "Namibia", "Ñandú", "Omán"], key=lambda n: names.sort_key(n, "es"))
    assert es == ["Namibia", "Níger", "Nueva Zelandia", "Ñandú", "Omán"]
    fr = sorted(["Égypte", "Espagne", "Érythrée", "Eswatini", "Estonie"], key=lambda n: names.sort_key(n, "fr"))
    assert fr == ["Égypte", "Érythrée", "Espagne", "Estonie", "Eswatini"]
    assert names.fold("أفغانستان") == names.fold("افغانستان")


def test_state_names_from_the_shipped_table():
    import csv
    with (ROOT / "data" / "sources" / "country_names.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 195 and all(r[f"name_{lang}"] for r in rows for lang in i18n.LANGUAGES)
    zh = names.names_in(rows, "zh")
    assert zh["CIV"] == "科特迪瓦" and names.names_in(rows, "fr")["CIV"] == "Côte d’Ivoire"


def test_rtl_stylesheet_is_fixed_text():
    from attdash.ui.language import RTL_CSS
    assert "direction: rtl" in RTL_CSS and "{" in RTL_CSS and not re.search(r"\{[a-z_]+\}", RTL_CSS)
    assert i18n.is_rtl("ar") and not i18n.is_rtl("fr")


def test_cli_lang_flag(capsys):
    from attdash.cli import main
    with pytest.raises(SystemExit):
        main(["profile", "KEN", "--lang", "xx"])
    assert "unknown language 'xx'" in capsys.readouterr().err
    for command in (["brief", "KEN"], ["report"], ["annex"]):
        from attdash.cli import _parser
        assert _parser().parse_args([*command, "--lang", "ar"]).lang == "ar"


def test_default_language_follows_the_running_page():
    """translator() without a language is the running page's, every time (not the first one asked for)."""
    try:
        for lang in ("ar", "zh", "fr"):
            i18n.use(lang)
            assert i18n.translator().gettext("State Party") == vocab.status_label("state_party", lang)
            assert i18n.translator(None).gettext("Filters") == i18n.translator(lang).gettext("Filters")
    finally:
        i18n.use("en")
    assert i18n.translator().gettext("Filters") == "Filters"


def test_csv_keeps_english_codes_and_labels_in_the_language():
    import polars as pl
    from attdash.export import to_csv
    df = pl.DataFrame({"iso3": ["CIV"], "name": ["科特迪瓦"], "status": ["state_party"], "event_type": ["accession"]})
    zh = to_csv(df, "zh").splitlines()
    assert zh[0] == "iso3,name,status,status_label,event_type,event_type_label"
    assert zh[1] == "CIV,科特迪瓦,state_party,缔约国,accession,加入"
    assert to_csv(df).splitlines()[1].endswith("state_party,State Party,accession,Accession")


def test_chinese_names_sort_by_pinyin():
    zh = sorted(["中非共和国", "阿富汗", "巴西", "乍得", "南非"], key=lambda n: names.sort_key(n, "zh"))
    assert zh == ["阿富汗", "巴西", "南非", "乍得", "中非共和国"]  # a, ba, nan, zha, zhong
