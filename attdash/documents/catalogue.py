"""The ``documents`` gettext domain: its messages extracted from the code with Babel, and its catalogues updated.

    python -m attdash.documents.catalogue          # print what is missing or stale in each language
    python -m attdash.documents.catalogue update   # add new messages (untranslated) and drop stale ones

The messages are every ``_("…")`` and ``N_("…")`` in ``attdash/documents/`` and ``attdash/citations.py``; a test
fails when a catalogue lacks a translation or keeps a message the code no longer has.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from attdash.i18n import CLDR_LOCALE, DEFAULT, LANGUAGES, LOCALE_DIR

DOMAIN = "documents"
PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "_tr": (2,)}


def source_files() -> list[Path]:
    return sorted((PACKAGE / "documents").rglob("*.py")) + [PACKAGE / "citations.py"]


def extract() -> Catalog:
    """The template (.pot) of the domain, from the code."""
    cat = Catalog(domain=DOMAIN, project="attdash", charset="utf-8")
    for path in source_files():
        for lineno, message, comments, context in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            cat.add(message, locations=[(str(path.relative_to(PACKAGE.parent)), lineno)],
                    auto_comments=comments, context=context)
    return cat


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=CLDR_LOCALE[lang], domain=DOMAIN)


def problems(lang: str, template: Catalog | None = None) -> dict[str, list[str]]:
    """Messages of the code without a translation in ``lang``, and messages of the catalogue the code lacks."""
    template = template or extract()
    if not po_path(lang).exists():
        return {"missing": [m.id for m in template if m.id], "stale": []}
    cat = read(lang)
    ids = {m.id for m in template if m.id}
    have = {m.id: m for m in cat if m.id}
    missing = sorted(i for i in ids if i not in have or not have[i].string or have[i].fuzzy)
    stale = sorted(i for i in have if i not in ids)
    return {"missing": missing, "stale": stale}


def update(lang: str, template: Catalog | None = None) -> None:
    """Merge the template into the language's catalogue: new messages added empty, stale ones dropped."""
    template = template or extract()
    path = po_path(lang)
    if path.exists():
        cat = read(lang)
        cat.update(template, no_fuzzy_matching=True)
        cat.obsolete.clear()
    else:
        cat = Catalog(locale=CLDR_LOCALE[lang], domain=DOMAIN, project="attdash", charset="utf-8")
        cat.update(template, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, cat, width=116, sort_output=False, omit_header=False)


def main(argv: list[str]) -> int:
    template = extract()
    bad = 0
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        if argv[:1] == ["update"]:
            update(lang, template)
        p = problems(lang, template)
        bad += len(p["missing"]) + len(p["stale"])
        print(f"{lang}: {len(p['missing'])} missing, {len(p['stale'])} stale")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
