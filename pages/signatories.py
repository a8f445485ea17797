"""Signatory tracking: who signed but has not joined, since when, what moved others, who moved."""


import polars as pl
import streamlit as st

from attdash.ui import charts, data
from attdash.ui.state import current, day_field, set_url_param, url_day
from attdash.ui.format import long_date
from attdash.ui.memo import derived
from attdash.ui.widgets import download, filter_parts, md_escape, show_table
from attdash import i18n
from attdash.i18n import N_, _
from attdash.ui.widgets import state_names
from attdash.vocab import OPENED_FOR_SIGNATURE

f = current()
snap = f.snapshot.name
st.title(_("Signatory tracking"))
st.caption(_("Signatories not yet parties on **{day}** · {filters}").format(day=long_date(f.on),
                                                                          filters=f.describe()))

both = data.run(snap, "signatories_waiting", as_of=f.on, groups=f.groups_param)
waiting = derived(both, "waiting", lambda b: b.filter(pl.col("status") == "signatory").drop("status"))
unsure = derived(both, "unsure", lambda b: b.filter(pl.col("status") == "unknown").drop("status", "years_waiting",
                                                                                        "no_intent"))
c1, c2, c3 = st.columns(3)
median, no_intent = derived(waiting, ("metrics", i18n.current()), lambda w: (
    i18n.format_number(w["years_waiting"].median() or 0, digits=1) if w.height else "—", int(w["no_intent"].sum())))
c1.metric(_("Signatories not yet parties"), waiting.height)
c2.metric(_("Median years since signature"), median)
c3.metric(_("Notified no intent to become a party"), no_intent)
show_table(waiting, key="sig_waiting")
download(waiting, "signatories", filter_parts(f.groups), f.on.isoformat(), key="dl_signatories")
if unsure.height:
    st.warning(_("{number} more States had signed by this date, but this snapshot cannot establish their status on "
                 "it: no complete record of their treaty actions reaches this date. 'Confirmed through' is the last "
                 "date their record is known complete.").format(number=unsure.height), icon="⚠️")
    show_table(unsure, key="sig_unsure", labels={"confirmed_through": N_("Confirmed through")})
    download(unsure, "signed-status-unknown", filter_parts(f.groups), f.on.isoformat(), key="dl_unsure")
names = state_names() or {}
for text in derived(waiting, ("no_intent", i18n.current()), lambda w: [
        _("{state} notified the depositary on {day} that it does not intend to become a party (its sources: the CSV "
          "download and Data & sources).").format(state=md_escape(names.get(r["iso3"], r["name"])),
                                                  day=long_date(r["no_intent_date"]))
        for r in w.filter(pl.col("no_intent")).to_dicts()]):
    st.caption(text)

st.subheader(_("Signals: engagement evidence side by side"))
st.caption(_("Counts of recorded facts in this snapshot — 0 means none recorded, not that none happened. "
             "No composite score: read the evidence."))
signals = data.run(snap, "signals", as_of=f.on, groups=f.groups_param)
show_table(signals, key="sig_signals", labels={
    "unga_yes_votes": N_("UNGA votes in favour"), "unga_votes_recorded": N_("UNGA votes recorded"),
    "latest_unga_vote": N_("Latest UNGA vote"), "csps_with_presence_evidence": N_("CSPs with presence evidence"),
    "statements_recorded": N_("Statements"), "vtf_projects": N_("VTF projects"), "unroca_reports": N_("UNROCA reports"),
    "latest_unroca_year": N_("Latest UNROCA year"), "regional_instruments": N_("Regional instruments")})
download(signals, "signals", filter_parts(f.groups), f.on.isoformat(), key="dl_signals")

left, right = st.columns(2)
with left:
    st.subheader(_("Signatory → party conversions per year"))
    conv = data.run(snap, "conversions", as_of=f.on)
    kinds = {"signatories_deposited": _("Signatory deposited"), "accessions": _("Accession")}
    long = derived(conv, ("chart", i18n.current()), lambda c: c.unpivot(
        index="year", on=["signatories_deposited", "accessions"], variable_name="kind", value_name="states",
    ).with_columns(pl.col("kind").replace(kinds)))
    charts.show(charts.conversions_per_year, long)
    download(conv, "conversions", f.on.isoformat(), key="dl_conversions")
with right:
    st.subheader(_("Who moved between two dates"))

    def _moved_dates(m: pl.DataFrame) -> pl.DataFrame:
        """A deposit known only to its year is shown as such, its entry into force as a window (never a day)."""
        if m.is_empty() or (m["consent_precision"].fill_null("day") == "day").all():
            return m.with_columns(pl.col("consent_date").str.to_date(strict=False))
        from attdash.profile import treaty_dates
        words = [treaty_dates(data.database(snap), r) for r in m.iter_rows(named=True)]  # in the page's language
        return m.with_columns(pl.Series("consent_date", [w["deposit"] for w in words], pl.Utf8),
                              pl.Series("entry_into_force_date", [w["entry_into_force"] for w in words], pl.Utf8))
    csps = derived(data.run(snap, "csp_dates"), ("before", f.on), lambda c: c.filter(pl.col("start_date") < f.on))
    default_from = csps["start_date"][-1] if csps.height else OPENED_FOR_SIGNATURE
    if "mv_from" not in st.session_state:  # the link's dates, once per session
        st.session_state.mv_from = url_day("from", default_from, f.snapshot.as_of)
    if "mv_to" not in st.session_state:
        st.session_state.mv_to = url_day("to", f.on, f.snapshot.as_of)
    a, b = st.columns(2)
    d_from = day_field(a, _("From"), key="mv_from", default=default_from, lo=OPENED_FOR_SIGNATURE,
                       hi=f.snapshot.as_of)
    d_to = day_field(b, _("To"), key="mv_to", default=f.on, lo=OPENED_FOR_SIGNATURE, hi=f.snapshot.as_of)
    set_url_param("from", d_from.isoformat())
    set_url_param("to", d_to.isoformat())
    if d_from > d_to:
        st.warning(_("“From” is after “To”: the dates were swapped."), icon="⚠️")
        d_from, d_to = d_to, d_from
    movers = data.run(snap, "movers", groups=f.groups_param, **{"from": d_from, "to": d_to})
    show_table(derived(movers, ("shown", i18n.current()), lambda m: _moved_dates(m).select(
                   "iso3", "name", "un_regional_group", "status_from", "status_to", "consent_date",
                   "entry_into_force_date")),
               key="sig_movers", labels={"status_from": _("On {day}").format(day=long_date(d_from)),
                                         "status_to": _("On {day}").format(day=long_date(d_to))})
    download(movers, "movers", filter_parts(f.groups), d_from.isoformat(), d_to.isoformat(), key="dl_movers")
