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
from attdash import i18n
from attdash.i18n import N_, _
from attdash.vocab import GROUP_SHORT, OPENED_FOR_SIGNATURE, group_label

f = current()
snap = f.snapshot.name
st.title(_("Progress report"))
lang = i18n.current()
db = data.database(snap)
c1, c2 = st.columns(2)
until = day_field(c2, _("Until"), key="rp_until", default=default_until(db), lo=OPENED_FOR_SIGNATURE,
                  hi=f.snapshot.as_of, help=_("Default: the snapshot's as-of date, or the date through which every "
                                              "State's treaty record is proven complete if earlier."))
since = day_field(c1, _("Since"), key="rp_since", default=default_since(snap, until) or OPENED_FOR_SIGNATURE,
                  lo=OPENED_FOR_SIGNATURE, hi=f.snapshot.as_of,
                  help=_("Default: the opening of the last Conference of States Parties before the end date."))
if since > until:
    st.warning(_("“Since” is after “Until”: the dates were swapped."), icon="⚠️")
    since, until = until, since
groups = tuple(f.groups)  # the sidebar's UN regional group filter: a report for one group, for its champion
r = report_content(snap, since, until, groups, lang)


def _texts(r: dict) -> dict:
    """The page's Markdown for one report: once per report content (itself per dates, groups and language)."""
    note = until_note(db, until)
    return {
        "scope": md_escape(_("This report covers {scope} ({how}), from {since} to {until}").format(
            scope=_("all UN regional groups") if not groups else (
                r["scope"].removesuffix(" only") if lang == "en" else ", ".join(group_label(g) for g in groups)),
            how=_("choose groups in the sidebar for a regional report") if not groups else _("the sidebar’s group filter"),
            since=long_date(since), until=long_date(until))
            + (f" ({note})" if note and lang == "en" else "") + ". "
            + _("Its two dates are set here; the sidebar’s “status on” date does not apply to it.")),
        "headline": md_escape(r["headline"]),
        "record_note": md_escape(r["record_note"]),
        "unknown_note": md_escape(r["unknown_note"]) if r["unknown_note"] else "",
        "lists": [
            ("**" + _("Deposited an instrument ({number})").format(number=len(r["deposited"])) + "**",
             "\n".join(f"- {md_escape(x['name'])}: {md_escape(x['consent_type'])} {md_escape(x['consent_date'])}"
                       for x in r["deposited"]) or _("None in this period.")),
            ("**" + _("Signatories that became States Parties ({number})").format(number=len(r["converted"])) + "**",
             "\n".join(f"- {md_escape(x['name'])} (" + _("signed {day}").format(day=md_escape(x["signature_date"]))
                       + ")" for x in r["converted"]) or _("None in this period.")),
            ("**" + _("The Treaty took effect ({number})").format(number=len(r["in_force"])) + "**",
             "\n".join(f"- {md_escape(x['name'])}: " + _("in force {day}").format(
                 day=md_escape(x["entry_into_force_date"])) for x in r["in_force"]) or _("None in this period.")),
        ],
        "signed": "\n".join([f"- {md_escape(x['name'])} (" + _("signed {day}").format(
            day=md_escape(x["signature_date"])) + ")" for x in r["signed"]]
            + [f"- {md_escape(x['event'])}" for x in r["group_changes"]]),
    }


# r depends on the dates, the groups and the language; the scope sentence also on the groups' order and the dates
texts = derived(r, ("page texts", groups, since, until), _texts)
st.info(texts["scope"])
st.markdown(texts["headline"])
st.caption(texts["record_note"])
N_("Others")  # STATUS_COLUMNS' labels: States Parties, Ratified, not in force, Signatories, Others
columns = ([_("UN regional group")] + [f"{_(label)} {display_day(day)}" for _code, label in STATUS_COLUMNS
                                       for day in (r["since"], r["until"])] + [_("States")])
table = derived(r, "counts table",  # Arrow: sent without a pandas round trip
                lambda r: pl.DataFrame([[group_label(row[0]) if row[0] != "Total" else _("Total"), *row[1:]]
                                        for row in count_table_rows(r)], schema=columns, orient="row").to_arrow())
st.dataframe(table, hide_index=True, width="stretch")
if texts["unknown_note"]:
    st.caption(texts["unknown_note"])
if r["explained"]:
    st.markdown("**" + _("Every change in the table, with the States behind it") + "**")
    st.dataframe(derived(r, "explained table", lambda r: pl.DataFrame(
        [[e["group"], e["count"], e["change"], e["why"]] for e in r["explained"]],
        schema=[_("UN regional group"), _("Count"), _("Change"), _("States behind it")], orient="row").to_arrow()),
        hide_index=True, width="stretch")
for column, (head, body) in zip(st.columns(3), texts["lists"]):
    column.markdown(head)
    column.markdown(body)
if texts["signed"]:
    st.markdown(texts["signed"])

st.subheader(_("Download"))
buttons(lambda fmt: report_bytes(snap, since, until, fmt, groups, lang), ("pdf", "docx", "csv"),
        ("report", *[GROUP_SHORT[g] for g in groups], since.isoformat(), until.isoformat()), key="rp_report",
        what=_("report"))
st.markdown(_("The work plan's annex (States Parties · Signatories · Others per group) on {day}:").format(
    day=long_date(until)))
buttons(lambda fmt: annex_bytes(snap, until, fmt, lang), ("pdf", "docx"), ("annex", until.isoformat()),
        key="rp_annex", what=_("annex"))
