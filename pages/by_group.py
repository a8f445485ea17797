"""Status by UN regional group: the work plan's annex layout, on any date, plus the detail table."""

import streamlit as st

from attdash.ui import data
from attdash.ui.state import current
from attdash.ui.format import long_date
from attdash.ui.widgets import download, filter_parts, md_escape, show_table
from attdash.vocab import GROUPS

f = current()
snap = f.snapshot.name
st.title("Treaty status by UN regional group")
st.caption(f"As of **{long_date(f.on)}** · data as of {long_date(f.snapshot.as_of)} · the layout of the WGTU work plan's annex tables")

groups = list(f.groups) or list(GROUPS)
status = data.run(snap, "status", as_of=f.on, groups=f.groups_param, statuses=f.statuses_param)


def _numbered(rows: list[dict], mark=lambda r: "") -> str:
    if not rows:
        return "_none_"
    return "\n".join(f"{i}. {md_escape(r['name'])}{mark(r)}" for i, r in enumerate(rows, 1))


for block in data.annex(snap, f.on, tuple(groups)):  # attdash.annex: the same blocks as the annex document
    parties, signatories, others = block["parties"], block["signatories"], block["others"]
    n_pending, n_unknown = block["pending"], block["unknown"]
    with st.container(border=True):
        st.subheader(f"{md_escape(block['group'])} ({block['listed']})")
        c1, c2, c3 = st.columns(3)
        c1.markdown(f"**States Parties ({len(parties) - n_pending}"
                    + (f" + {n_pending} not yet in force" if n_pending else "") + ")**")
        c1.markdown(_numbered(parties, lambda r: " †" if r["status"] == "ratified_not_in_force" else ""))
        c2.markdown(f"**Signatories ({len(signatories)})**")
        c2.markdown(_numbered(signatories, lambda r: " ‡" if r["no_intent"] else ""))
        c3.markdown(f"**Others ({len(others)})**")
        c3.markdown(_numbered(others, lambda r: " (no data)" if r["status"] == "unknown" else ""))
        notes = []
        if n_pending:
            notes.append("† instrument deposited; the Treaty enters into force for it 90 days later (Art. 22).")
        if block["no_intent"]:
            notes.append("‡ has notified the depositary that it does not intend to become a party.")
        if n_unknown:
            notes.append("(no data) the snapshot's sources do not establish this State's status on this date.")
        if block["also"]:
            notes.append(f"Also takes full part in this group, listed under another: {md_escape(', '.join(block['also']))}.")
        if notes:
            st.caption(" ".join(notes))

st.subheader("Detail")
show_table(status, key="grp_detail")
download(status, "status", filter_parts(f.groups, f.statuses), f.on.isoformat(), key="dl_status")
