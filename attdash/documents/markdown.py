"""Markdown output of the documents (for e-mail and wikis); lays out the content dicts, computes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attdash.documents.content import count_table_rows, report_sections, status_columns
from attdash.text_rules import md_autolink
from attdash.text_rules import md_text as _t  # every data value: never a link, image, HTML or autolink


def _esc(v: Any) -> str:
    return "" if v is None else _t(str(v).replace("|", "/"))


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(_esc(c) for c in r) + " |" for r in rows]


def _refs(ns: Sequence[int]) -> str:
    return "".join(f"[^{n}]" for n in ns)


def _secondary(text: str) -> str:
    return f" *({text})*" if text else ""


def brief(d: dict[str, Any]) -> str:
    st, t = d["state"], d["t"]
    out = [f"# {_t(d['title'])}", "", f"*{_t(t['subtitle'])}*", "",
           f"- **{t['group']}{t['colon']}** {_t(st['group'])}{_refs(st['group_refs'])}{_secondary(st['group_secondary'])} · "
           f"{_t(st['membership'])} · ISO {_t(st['iso3'])} / {_t(st['iso2'])} · M49 {_t(st['m49'])}",
           f"- **{t['status']}{t['colon']}** {_t(st['status_label'])}{t['stop']} {_t(st['status_line'])}{_refs(st['refs'])}"
           f"{_secondary(st['secondary'])}"]
    if d["record_complete_through"]:
        out.append(f"- **{t['record']}{t['colon']}** {_t(d['record_complete_through'])} ({t['every_record']})")
    if d["state_record_through"]:
        out.append(f"- **{t['state_record']}{t['colon']}** {_t(d['state_record_through'])}")
    if d["names"]:
        out.append(f"- **{t['names']}{t['colon']}** "
                   + " · ".join(f"{_t(n['language'])}: {_t(n['name'])}" for n in d["names"]) + _refs(d["names_refs"])
                   + (f" ({_t(d['names_note'])})" if d["names_note"] else "") + _secondary(d["names_secondary"]))
    out += ["", f"## {t['timeline']}", ""]
    if d["timeline"]:
        out += _table([t["date"], t["action"], t["note"]],
                      [(x["date"], x["action"] + _refs(x["refs"]),
                        "; ".join(y for y in (x["note"], x["secondary"]) if y)) for x in d["timeline"]])
    else:
        out.append(t["no_timeline"])
    out += ["", f"## {t['elements']}"]
    for i, e in enumerate(d["elements"], 1):
        out += ["", f"### {i}. {_t(e['title'])}{_refs(e['refs'])}", ""]
        if e.get("restricted"):
            out.append(f"*{_t(e['restricted_note'])}.*")
            continue
        if e["not_applicable"]:
            out.append(f"*{_t(e['not_applicable'])}*")
            continue
        if not e["has_data"]:
            out.append(f"*{t['no_data']}* " + t["gap"].format(source=_t(e["gap_source"])))
            continue
        out.append(_t(e["summary"]))
        if e["items"]:
            out += [""] + [f"- {_t(x)}" for x in e["items"]]
        meta = [_t(x) for x in (e["more"], t["as_of"].format(text=e["data_as_of"]) if e["data_as_of"] else "",
                                t["confidence"].format(text=e["confidence"]) if e["confidence"] else "") if x]
        meta += [_cap(e["secondary"])] if e["secondary"] else []
        if meta:
            out += ["", "*" + " · ".join(meta) + "*"]
    if d.get("outreach") is not None:
        out += ["", f"## {t['outreach']}", ""]
        out += (_table(d["outreach"]["columns"], d["outreach"]["rows"]) if d["outreach"]["rows"]
                else [t["no_outreach"]])
    out += ["", f"## {t['sources']}", ""]
    out += [f"[^{s['n']}]: " + ", ".join(_t(x) for x in (s["publisher"], s["title"], s["date"]) if x) + "."
            + (f" {md_autolink(s['url'])}" if s["url"] else "") + (f" *({d['secondary_note']})*" if s["secondary"] else "")
            for s in d["sources"]]
    return "\n".join(out) + "\n"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _annex_block(b: dict[str, Any]) -> list[str]:
    cols = (b["parties"], b["signatories"], b["others"])
    n = max((len(c) for c in cols), default=0)
    rows = [[f"{i + 1}. {c[i]}" if i < len(c) else "" for c in cols] for i in range(n)]
    out = ["", f"### {_t(b['group'])} ({_t(b['listed'])})", ""]
    out += _table([b["parties_head"], b["signatories_head"], b["others_head"]], rows)
    if b["notes"]:
        out += ["", "*" + _t(" ".join(b["notes"])) + "*"]
    return out


def report(d: dict[str, Any]) -> str:
    t = d["t"]
    since = f"**{_t(d['since_long'])}**" + (t["paren"].format(note=_t(d["since_note"])) if d["since_note"] else "")
    until = f"**{_t(d['until_long'])}**" + (t["paren"].format(note=_t(d["until_note"])) if d["until_note"] else "")
    out = [f"# {d['title']}", "", t["from_to"].format(since=since, until=until), "",
           _t(d["headline"]), "", f"*{_t(d['record_note'])}*", "", f"## {t['counts']}", ""]
    head = ([t["group"]] + [f"{lab} {day}" for _, lab in status_columns(d.get("lang", "en"))
                            for day in (d["since"], d["until"])] + [t["states"]])
    out += _table(head, count_table_rows(d))
    if d["unknown_note"]:
        out += ["", "*" + _t(d["unknown_note"]) + "*"]
    for title, hd, rows in report_sections(d):
        out += ["", f"## {title}", ""]
        out += _table(hd, rows) if rows else [t["none"]]
    out += ["", f"## {t['chart']}", "",
            t["chart_marked"].format(title=_t(d["chart"]["title"]),
                                     marks="; ".join(_t(m["label"]) for m in d["chart"]["marks"])),
            "", "## " + t["focus"].format(group=_t(d["focus"]["group"]), date=d["until_long"])]
    out += _annex_block(d["focus"])
    out += ["", f"*{_t(t['footer'])}*"]
    return "\n".join(out) + "\n"


def annex(d: dict[str, Any]) -> str:
    t = d["t"]
    out = [f"# {d['title']}", "", _t(t["as_of_line"])]
    for b in d["groups"]:
        out += _annex_block(b)
    out += ["", f"*{_t(t['footer'])}*"]
    return "\n".join(out) + "\n"
