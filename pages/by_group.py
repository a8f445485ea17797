"""Status by UN regional group: the work plan's annex layout, on any date, plus the detail table."""

import streamlit as st

from attdash import i18n
from attdash.ui import data
from attdash.ui.memo import derived
from attdash.ui.state import current
from attdash.ui.format import long_date
from attdash.ui.widgets import download, filter_parts, md_escape, show_table
from attdash.i18n import _
from attdash.i18n.names import sort_key
from attdash.ui.widgets import state_names
from attdash.vocab import GROUPS, group_label

f = current()
snap = f.snapshot.name
st.title(_("Treaty status by UN regional group"))
st.caption(_("As of **{day}** · data as of {as_of} · the layout of the WGTU work plan's annex tables").format(
    day=long_date(f.on), as_of=long_date(f.snapshot.as_of)))
names = state_names() or {}
lang = i18n.current()

groups = list(f.groups) or list(GROUPS)
status = data.run(snap, "status", as_of=f.on, groups=f.groups_param, statuses=f.statuses_param)


def _numbered(rows: list[dict], mark=lambda r: "") -> str:
    """The block's list, numbered, in the language's alphabetical order."""
    if not rows:
        return "_" + _("none") + "_"
    if names:  # the language's alphabetical order (attdash.i18n.names.sort_key), as the English list is in its own
        rows = sorted(rows, key=lambda r: sort_key(names.get(r.get("iso3"), r["name"])))
    return "\n".join(f"{i}. {md_escape(names.get(r.get('iso3'), r['name']))}{mark(r)}" for i, r in enumerate(rows, 1))


def _texts(blocks: tuple) -> list[dict]:
    """Every block's heading, three lists and notes as Markdown; once per annex result and language (a rerun with
    the same filters only draws them)."""
    out = []
    for block in blocks:
        parties, signatories, others = block["parties"], block["signatories"], block["others"]
        n_pending, n_unknown = block["pending"], block["unknown"]
        notes = []
        if n_pending:
            notes.append("† " + _("instrument deposited; the Treaty enters into force for it 90 days later (Art. 22)."))
        if block["no_intent"]:
            notes.append("‡ " + _("has notified the depositary that it does not intend to become a party."))
        if n_unknown:
            notes.append("(" + _("no data") + ") "
                         + _("the snapshot's sources do not establish this State's status on this date."))
        if block["also"]:
            notes.append(_("Also takes full part in this group, listed under another: {states}.").format(
                states=md_escape(", ".join(names.get(x, x) for x in block["also"]))))
        out.append({
            "heading": f"{md_escape(group_label(block['group']))} ({block['listed']})",
            "columns": [
                ("**" + _("States Parties ({number}").format(number=len(parties) - n_pending)
                 + (_(" + {number} not yet in force").format(number=n_pending) if n_pending else "") + ")**",
                 _numbered(parties, lambda r: " †" if r["status"] == "ratified_not_in_force" else "")),
                ("**" + _("Signatories ({number})").format(number=len(signatories)) + "**",
                 _numbered(signatories, lambda r: " ‡" if r["no_intent"] else "")),
                ("**" + _("Others ({number})").format(number=len(others)) + "**",
                 _numbered(others, lambda r: " (" + _("no data") + ")" if r["status"] == "unknown" else "")),
            ],
            "notes": " ".join(notes),
        })
    return out


annex = data.annex(snap, f.on, tuple(groups))  # attdash.annex: the same blocks as the annex document
for block in derived((annex, names) if names else annex, ("by group texts", lang), lambda _src: _texts(annex)):
    with st.container(border=True):
        st.subheader(block["heading"])
        for column, (head, body) in zip(st.columns(3), block["columns"]):
            column.markdown(head)
            column.markdown(body)
        if block["notes"]:
            st.caption(block["notes"])

st.subheader(_("Detail"))
show_table(status, key="grp_detail")
download(status, "status", filter_parts(f.groups, f.statuses), f.on.isoformat(), key="dl_status")
