"""PDF through Typst: a template in ``templates/`` plus the document's dict as JSON (``sys.inputs.data``).

Data never become Typst markup: the template reads them as JSON values and places them as text.
Fonts: Noto from the Debian packages fonts-noto-core and fonts-noto-cjk (``make fonts``), found in
the usual folders or in ``ATTDASH_FONT_DIRS`` (folders separated by ``os.pathsep``).
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")
#: Families the templates need: Latin/Cyrillic, Arabic and Chinese.
REQUIRED_FAMILIES = ("Noto Serif", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Serif CJK SC",
                     "Noto Sans CJK SC")
_lock = threading.Lock()
#: Documents are archived: every PDF is PDF/A-2b (ISO 19005-2, level B), declared in its XMP metadata.
PDF_STANDARD = "a-2b"
#: ``/Suspects false`` in the MarkInfo dictionary is valid PDF, but poppler (pdfinfo, pdftotext; Debian 12) reports
#: "Syntax Error: Suspects object is wrong type (boolean)". false is the default, so the entry is blanked with
#: spaces of the same length: byte offsets (xref) are unchanged and every reader sees the same document.
_SUSPECTS = re.compile(rb"(/MarkInfo\s*<<[^>]*?)(/Suspects\s*false)")


def _without_suspects(pdf: bytes) -> bytes:
    return _SUSPECTS.sub(lambda m: m.group(1) + b" " * len(m.group(2)), pdf, count=1)


class FontsMissing(RuntimeError):
    """The Noto fonts are not installed."""


def font_dirs() -> list[str]:
    env = os.environ.get("ATTDASH_FONT_DIRS")
    dirs = env.split(os.pathsep) if env else FONT_DIRS
    return [d for d in dirs if d and Path(d).is_dir()]


@lru_cache(maxsize=1)
def fonts() -> typst.Fonts:
    found = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=font_dirs())
    missing = sorted(set(REQUIRED_FAMILIES) - set(found.families()))
    if missing:
        raise FontsMissing(f"fonts missing for PDF output: {', '.join(missing)} (install the Debian packages "
                           "fonts-noto-core and fonts-noto-cjk: make fonts)")
    return found


@lru_cache(maxsize=8)
def _compiler(template: str) -> typst.Compiler:
    path = TEMPLATES / f"{template}.typ"
    if not path.exists():
        raise LookupError(f"no document template {template!r}")
    return typst.Compiler(str(path), root=str(TEMPLATES), font_paths=fonts(), ignore_system_fonts=True)


def _mark_links(value: Any) -> Any:
    """A copy of ``value`` in which every dict with a ``url`` says whether it may be a link (``url_ok``): only an
    http(s) address, judged as a PDF viewer reads it (``java<TAB>script:`` is ``javascript:``), becomes one."""
    from attdash.text_rules import web_url
    if isinstance(value, dict):
        out = {k: _mark_links(v) for k, v in value.items()}
        if "url" in out:
            out["url_ok"] = web_url(out["url"]) if isinstance(out["url"], str) else False
        return out
    if isinstance(value, (list, tuple)):
        return [_mark_links(v) for v in value]
    return value


def render(template: str, data: dict[str, Any], fmt: str = "pdf", ppi: float | None = None) -> bytes:
    """Compile ``templates/<template>.typ`` with ``data``; PDF bytes (or the first page as PNG)."""
    payload = json.dumps(_mark_links(data), ensure_ascii=False, default=str)
    with _lock:  # one compiler per template, not re-entrant
        out = _compiler(template).compile(format=fmt, ppi=ppi, sys_inputs={"data": payload}, timestamp=0,
                                          pdf_standards=PDF_STANDARD if fmt == "pdf" else [])
    if isinstance(out, list):
        out = out[0]
    return _without_suspects(out) if fmt == "pdf" else out
