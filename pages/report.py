"""Progress report to the Conference: counts on two dates, who joined, Asia-Pacific focus; PDF/Word/CSV."""

import polars as pl
import streamlit as st

from attdash.documents.content import STATUS_COLUMNS, count_table_rows, default_until, until_note
from attdash.ui import data
from attdash.ui.documents import annex_bytes, buttons, default_since, report_bytes, report_content
from attdash.ui.memo import derived
from attdash.ui.state import current, day_field
from attdash.ui.format import display_day, long_date
from attdash.ui.widgets import md_escape
from attdash.vocab import GROUP_SHORT, OPENED_FOR_SIGNATURE

f = current()
snap = f.snapshot.name
st.title("Progress report")
db = data.database(snap)
c1, c2 = st.columns(2)
until = day_field(c2, "Until", key="rp_until", default=default_until(db), lo=OPENED_FOR_SIGNATURE,
                  hi=f.snapshot.as_of, help="Default: the snapshot's as-of date, or the date through which every "
                                            "State's treaty record is proven complete if earlier.")
since = day_field(c1, "Since", key="rp_since", default=default_since(snap, until) or OPENED_FOR_SIGNATURE,
                  lo=OPENED_FOR_SIGNATURE, hi=f.snapshot.as_of,
                  help="Default: the opening of the last Conference of States Parties before the end date.")
if since > until:
    st.warning("“Since” is after “Until”: the dates were swapped.", icon="⚠️")
    since, until = until, since
groups = tuple(f.groups)  # the sidebar's UN regional group filter: a report for one group, for its champion
r = report_content(snap, since, until, groups)
note = until_note(db, until)
st.info(md_escape(f"This report covers {'all UN regional groups' if not groups else r['scope'].removesuffix(' only')}"
                  f" ({'choose groups in the sidebar for a regional report' if not groups else 'the sidebar’s group filter'}"
                  f"), from {long_date(since)} to {long_date(until)}"
                  + (f" ({note})" if note else "") + ". Its two dates are set here; the sidebar’s “status on” date "
                  "does not apply to it."))
st.markdown(md_escape(r["headline"]))
st.caption(md_escape(r["record_note"]))
columns = (["UN regional group"] + [f"{label} {display_day(day)}" for _, label in STATUS_COLUMNS
                                    for day in (r["since"], r["until"])]
           + ["States"])
table = derived(r, "counts table",  # Arrow: sent without a pandas round trip
                lambda r: pl.DataFrame(count_table_rows(r), schema=columns, orient="row").to_arrow())
st.dataframe(table, hide_index=True, width="stretch")
if r["unknown_note"]:
    st.caption(md_escape(r["unknown_note"]))
if r["explained"]:
    st.markdown("**Every change in the table, with the States behind it**")
    st.dataframe(derived(r, "explained table", lambda r: pl.DataFrame(
        [[e["group"], e["count"], e["change"], e["why"]] for e in r["explained"]],
        schema=["UN regional group", "Count", "Change", "States behind it"], orient="row").to_arrow()),
        hide_index=True, width="stretch")
c1, c2, c3 = st.columns(3)
with c1:
    st.markdown(f"**Deposited an instrument ({len(r['deposited'])})**")
    st.markdown("\n".join(f"- {md_escape(x['name'])}: {md_escape(x['consent_type'])} {md_escape(x['consent_date'])}"
                          for x in r["deposited"]) or "None in this period.")
with c2:
    st.markdown(f"**Signatories that became States Parties ({len(r['converted'])})**")
    st.markdown("\n".join(f"- {md_escape(x['name'])} (signed {md_escape(x['signature_date'])})"
                          for x in r["converted"]) or "None in this period.")
with c3:
    st.markdown(f"**The Treaty took effect ({len(r['in_force'])})**")
    st.markdown("\n".join(f"- {md_escape(x['name'])}: in force {md_escape(x['entry_into_force_date'])}"
                          for x in r["in_force"]) or "None in this period.")
if r["signed"] or r["group_changes"]:
    st.markdown("\n".join([f"- {md_escape(x['name'])} signed ({md_escape(x['signature_date'])})" for x in r["signed"]]
                          + [f"- {md_escape(x['event'])}" for x in r["group_changes"]]))

st.subheader("Download")
buttons(lambda fmt: report_bytes(snap, since, until, fmt, groups), ("pdf", "docx", "csv"),
        ("report", *[GROUP_SHORT[g] for g in groups], since.isoformat(), until.isoformat()), key="rp_report",
        what="report")
st.markdown(f"The work plan's annex (States Parties · Signatories · Others per group) on {long_date(until)}:")
buttons(lambda fmt: annex_bytes(snap, until, fmt), ("pdf", "docx"), ("annex", until.isoformat()),
        key="rp_annex", what="annex")
