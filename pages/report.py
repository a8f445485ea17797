"""Progress report to the Conference: counts on two dates, who joined, Asia-Pacific focus; PDF/Word/CSV."""

import polars as pl
import streamlit as st

from attdash.documents.content import STATUS_COLUMNS, count_table_rows, default_until, until_note
from attdash.ui import data
from attdash.ui.documents import annex_bytes, buttons, default_since, report_bytes, report_content
from attdash.ui.memo import derived
from attdash.ui.state import current
from attdash.ui.widgets import md_escape
from attdash.vocab import OPENED_FOR_SIGNATURE

f = current()
snap = f.snapshot.name
st.title("Progress report")
db = data.database(snap)
c1, c2 = st.columns(2)
until = c2.date_input("Until", value=default_until(db), min_value=OPENED_FOR_SIGNATURE, max_value=f.snapshot.as_of,
                      key="rp_until", help="Default: the snapshot's as-of date, or the date through which every "
                                           "State's treaty record is proven complete if earlier.")
default = default_since(snap, until) or OPENED_FOR_SIGNATURE
since = c1.date_input("Since", value=min(default, until), min_value=OPENED_FOR_SIGNATURE, max_value=until,
                      key="rp_since",
                      help="Default: the opening of the last Conference of States Parties before the end date.")
r = report_content(snap, since, until)
note = until_note(db, until)
st.caption(f"From **{since:%d %B %Y}** to **{until:%d %B %Y}**" + (f" ({md_escape(note)})" if note else "")
           + f" · snapshot {snap}")
st.markdown(md_escape(r["headline"]))
st.caption(md_escape(r["record_note"]))
columns = (["UN regional group"] + [f"{label} {day}" for _, label in STATUS_COLUMNS for day in (r["since"], r["until"])]
           + ["States"])
table = derived(r, "counts table",  # Arrow: sent without a pandas round trip
                lambda r: pl.DataFrame(count_table_rows(r), schema=columns, orient="row").to_arrow())
st.dataframe(table, hide_index=True, width="stretch")
if r["unknown_note"]:
    st.caption(md_escape(r["unknown_note"]))
c1, c2 = st.columns(2)
with c1:
    st.markdown(f"**Deposited an instrument ({len(r['deposited'])})**")
    st.markdown("\n".join(f"- {md_escape(x['name'])}: {md_escape(x['consent_type'])} {md_escape(x['consent_date'])}"
                          for x in r["deposited"]) or "None in this period.")
with c2:
    st.markdown(f"**Signatories that became States Parties ({len(r['converted'])})**")
    st.markdown("\n".join(f"- {md_escape(x['name'])} (signed {md_escape(x['signature_date'])})"
                          for x in r["converted"]) or "None in this period.")

st.subheader("Download")
buttons(lambda fmt: report_bytes(snap, since, until, fmt), ("pdf", "docx", "csv"),
        ("report", since.isoformat(), until.isoformat()), key="rp_report", what="report")
st.markdown(f"The work plan's annex (States Parties · Signatories · Others per group) on {until:%d %B %Y}:")
buttons(lambda fmt: annex_bytes(snap, until, fmt), ("pdf", "docx"), ("annex", until.isoformat()),
        key="rp_annex", what="annex")
st.caption(f"Same documents: `python -m attdash report --since {since.isoformat()} --until {until.isoformat()} "
           f"--format pdf` · `python -m attdash annex --as-of {until.isoformat()} --format pdf`")
