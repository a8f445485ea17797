"""One set of rules for text that enters the project (source tables, the register, links, the depositary's page).

- :func:`text_problem` names what a value must not contain: control characters, Unicode non-characters
  (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF, which crash the Word writer), bidirectional overrides and isolates (they
  make ``KEN`` read as ``NEK``), and, in a single-line field, line breaks (LF, CR, U+0085, U+2028, U+2029).
- :func:`web_url` says whether a value is an http(s) address *after* removing what browsers and PDF viewers
  ignore (``java<TAB>script:`` is ``javascript:`` to them); :func:`is_depositary_url` accepts only the
  depositary's own host, ``https://treaties.un.org``.
- :func:`cut` shortens a value echoed in a message (80 characters and "…").

Pure functions of strings, no imports beyond the standard library: the validation, the register and the
command line share them.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

#: C0 and C1 controls and DEL, except tab, line feed and carriage return (those are allowed in multi-line text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Unicode non-characters: U+FDD0–U+FDEF and the last two code points of every plane.
_NONCHAR = re.compile("[\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")
#: Lone surrogates (cannot come from UTF-8, but can from a JSON escape or an API).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Bidirectional embeddings, overrides, isolates and marks: they reorder what a reader sees.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Line breaks, refused in single-line fields (names, codes, titles).
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")

_WEB_SCHEMES = ("http", "https")
DEPOSITARY_HOST = "treaties.un.org"


def _where(text: str, index: int) -> str:
    return f"U+{ord(text[index]):04X} at character {index + 1}"


def text_problem(text: str, *, single_line: bool = False) -> str | None:
    """What ``text`` must not contain, in words (naming the first such character), or None when it is clean."""
    for pattern, what in ((_CONTROL, "a control character"), (_NONCHAR, "a Unicode non-character"),
                          (_SURROGATE, "a lone surrogate"),
                          (_BIDI, "a bidirectional control (it reorders what a reader sees)")):
        m = pattern.search(text)
        if m:
            return f"contains {what}, {_where(text, m.start())}"
    if single_line:
        m = _LINE_BREAK.search(text)
        if m:
            return f"contains a line break, {_where(text, m.start())}; this field is a single line"
    return None


def cut(value: object, limit: int = 80) -> str:
    """``value`` as text of at most ``limit`` characters (then "…"), for echoing user input in a message."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def normalise_url(text: str) -> str:
    """``text`` without the characters URL parsers ignore or strip: controls, whitespace, format characters
    (zero-width, bidi). ``java\\tscript:`` becomes ``javascript:``, as a browser or PDF viewer reads it."""
    return "".join(ch for ch in text if not (unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")
                                             or ch.isspace()))


def web_url(text: str) -> bool:
    """True when ``text`` is an http:// or https:// address with a host, and nothing a reader would see
    differently (no control, whitespace or format characters anywhere in it)."""
    if not isinstance(text, str) or not text or normalise_url(text) != text:
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)


def has_scheme(text: str) -> bool:
    """True when ``text`` (normalised) starts with a URI scheme (``x:``) or is protocol-relative (``//host``)."""
    return bool(re.match(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//|\\\\)", normalise_url(text)))


def is_depositary_url(text: str) -> bool:
    """True only for an https address on the depositary's own host (``https://treaties.un.org/...``): no user
    name, no other port, no look-alike (``treaties.un.org.evil.example``, ``evil.example/?treaties.un.org``)."""
    if not web_url(text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:
        return False
    return (parts.scheme.lower() == "https" and (parts.hostname or "").lower() == DEPOSITARY_HOST
            and parts.username is None and parts.password is None and port in (None, 443))


#: Markdown punctuation that can make data text into markup in a Markdown document: links and images ([ ] !),
#: HTML and autolinks (< >), emphasis and code (* _ `), tables (|), strikethrough (~), maths ($), escapes (\).
_MD_DOC_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~$])")
#: Bare addresses GFM turns into links (http://…, www.…, a@b.c): their ':' / '.' / '@' are escaped.
_MD_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|file|javascript|data)):|(\bwww)\.|(?<=[\w.+\-])@")
_MD_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def md_text(value: object) -> str:
    """``value`` as plain text inside a Markdown document (the card, the brief, the report): one line, no link,
    image, autolink, HTML or emphasis, yet readable as raw text (names keep their parentheses and dots)."""
    text = _MD_LINE_BREAKS.sub(" ", "" if value is None else str(value))
    text = _MD_DOC_SPECIAL.sub(r"\\\1", text)

    def _break(m: re.Match) -> str:  # escaped, and an invisible WORD JOINER for renderers that link the text itself
        if m.group(1):
            return m.group(1) + "\\:\u2060"
        if m.group(2):
            return m.group(2) + "\u2060\\."
        return "\\@\u2060"
    return _MD_AUTOLINK.sub(_break, text)


def md_autolink(url: object) -> str:
    """``<url>`` (a Markdown autolink) when ``url`` is an http(s) address without spaces or angle brackets;
    otherwise the value as plain text (:func:`md_text`)."""
    if isinstance(url, str) and web_url(url) and not re.search(r"[<>\s]", url):
        return f"<{url}>"
    return md_text(url)


#: Characters XML 1.0 cannot hold (Word, PDF metadata): C0 controls except tab and line breaks, lone surrogates,
#: U+FFFE and U+FFFF; and the other non-characters, which no text means.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]|" + _NONCHAR.pattern)


def printable(value):
    """``value`` (text, or dicts and lists of it) with every character a document cannot hold replaced by U+FFFD.

    The entry checks refuse such characters; this is the writers' last line, so a value that slipped past them
    (an older snapshot, another input) costs one replacement character, not a crashed Word export.
    """
    if isinstance(value, str):
        return _NOT_IN_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(v) for v in value) if isinstance(value, list) else tuple(
            printable(v) for v in value)
    return value
