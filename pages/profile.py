"""Country profile card: status, treaty timeline and the nine elements of the work plan's ¶13."""

import re

import polars as pl
import streamlit as st

from attdash.ui import charts, data, outreach
from attdash.ui.access import viewer_role
from attdash.ui.documents import brief_buttons
from attdash.ui.state import current, notice, set_url_param, show_notices
from attdash.citations import SECONDARY
from attdash.export import file_name
from attdash.profile import profile_markdown, to_frame
from attdash.ui.format import dates_in_text, display_day, long_date, without_file_names
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, md_link, show_table
from attdash.vocab import GROUP_SHORT, NO_GROUP_LABEL, STATUS_LABELS

f = current()
snap = f.snapshot.name
countries = data.run(snap, "countries")
labels = {r["iso3"]: f"{r['name']} ({r['iso3']})" for r in countries.iter_rows(named=True)}

finder = data.state_finder(snap)
if "pf_iso3" not in st.session_state:
    wanted = (st.query_params.get("iso3") or "").strip()
    if wanted and wanted.upper() not in labels:
        found = finder.find(wanted)  # a link may name the State too (?iso3=Kenya)
        if len(found) == 1:
            wanted = found[0]
        else:
            notice(f"Unknown country code '{md_escape(wanted.upper()[:12])}' in the link; pick a State below.")
            wanted = ""
    st.session_state.pf_iso3 = wanted.upper() or None


def _typed_state() -> None:
    """on_change of the State box: a typed name (any UN language, former and common names) opens its State."""
    value = st.session_state.get("pf_iso3")
    if value is None or value in labels:
        return
    found = finder.find(value)
    if len(found) == 1:
        st.session_state.pf_iso3 = found[0]
    else:
        st.session_state.pf_iso3 = None
        try:
            finder.one(value)
        except LookupError as exc:
            notice(md_escape(exc.args[0]) + ".")


show_notices()

st.title("Country profile")
iso3 = st.selectbox("State — type a name or ISO3 code, then Enter", list(labels), key="pf_iso3",
                    format_func=lambda v: labels.get(v, v), index=None, accept_new_options=True,
                    on_change=_typed_state, filter_mode="contains",
                    placeholder=f"Search {len(labels)} States: e.g. Kenya, KEN, Ivory Coast, 科特迪瓦")
set_url_param("iso3", iso3)
if not iso3:
    st.info("Choose a State to see its card: treaty status and timeline, UN regional group, and the nine "
            "elements the WGTU work plan (¶13) asks the Secretariat to brief on.")
    st.stop()

role = viewer_role()  # restricted elements (assistance requests, sponsorship) only for signed-in roles
card = data.profile(snap, iso3, f.on, role)
s = card["state"]
src_by_id = {r["source_id"]: r for r in card["sources"]}
_sources_table = data.table(snap, "sources")
all_publishers = dict(zip(_sources_table["source_id"].to_list(), _sources_table["publisher"].fill_null("").to_list()))
_ID = re.compile(r"\b(?:" + "|".join(re.escape(i) for i in sorted(all_publishers, key=len, reverse=True)) + r")\b")


def by_publisher(df: pl.DataFrame) -> pl.DataFrame:
    """Source-id columns shown as their publishers (ids stay in the CSVs and on Data & sources)."""
    def names(ids: str | None) -> str:
        return "; ".join(dict.fromkeys((src_by_id.get(i) or {}).get("publisher") or "source"
                                       for i in (ids or "").split(";") if i))
    def in_words(text: str | None) -> str | None:  # research notes name sources by id ("T1-26 says …")
        return None if text is None else _ID.sub(lambda m: all_publishers.get(m.group(0)) or "another source", text)

    cols = [c for c in df.columns if c.endswith("source_ids")]
    df = df.with_columns(pl.col(c).map_elements(names, return_dtype=pl.Utf8) for c in cols) if cols else df
    notes = [c for c in df.columns if c in ("notes", "resolution") and df.schema[c] == pl.Utf8]
    return df.with_columns(pl.col(c).map_elements(in_words, return_dtype=pl.Utf8) for c in notes) if notes else df


def as_dates(df: pl.DataFrame, *cols: str) -> pl.DataFrame:
    """ISO date strings (or all-empty columns) to dates, for the date column format."""
    present = [c for c in cols if c in df.columns]
    return df.with_columns(pl.col(c).cast(pl.Utf8).str.to_date(strict=False) for c in present)


def sources_line(ids: list[str], secondary: bool = False) -> str:
    """Sources by publisher (linked to the whole URL); ids stay on Data & sources. Secondary-only facts say so."""
    parts = []
    for i in ids:
        r = src_by_id.get(i)
        if not r:
            continue
        parts.append(md_link(r.get("publisher") or r.get("title") or "source", r.get("url")))
    parts = list(dict.fromkeys(parts))
    return ("Sources: " + ", ".join(parts) if parts else "") + (f" — *{SECONDARY}*" if secondary else "")


with st.container(border=True):
    st.header(f"{md_escape(s['name'])} · {md_escape(s['iso3'])}")
    c1, c2 = st.columns(2)  # two tiles a row: a full date never truncates at 1280 px
    c3, c4 = st.columns(2)
    c1.metric(f"Status on {long_date(card['status_as_of'])}", STATUS_LABELS[s["status"]])
    short = "; ".join(GROUP_SHORT.get(g, g) for g in (s["groups_on_date"] or "").replace(" (observer)", "")
                      .replace(" (dual)", "").split("; ") if g)
    c2.metric("UN regional group", short or NO_GROUP_LABEL, help=s["groups_on_date"] or None)
    c3.metric("Signed", long_date(s["signature_date"]) or "—")
    dates = s["dates"]  # a deposit known only to its year: what is known and the window, never a day
    c4.metric("In force for the State", ("Day not known" if dates["partial"]  # the window is said just below
                                         else long_date(s["entry_into_force_date"])) or "—")
    if dates["partial"]:
        st.caption(md_escape(f"Instrument deposited {dates['deposit']}; the Treaty enters into force for the State "
                             f"90 days after the deposit (Art. 22), so {dates['entry_into_force']}."
                             + (f" {dates['floor']['sentence'][:1].upper()}{dates['floor']['sentence'][1:]}."
                                if dates["floor"] else "")))
    if s["group_joined"]:  # a group start known only as a window
        st.caption(md_escape(f"{s['name']} {s['group_joined']}."))
    if s["groups_on_date"] and ("(" in s["groups_on_date"] or ";" in s["groups_on_date"]):
        st.caption(f"UN regional group on {long_date(card['status_as_of'])}: {md_escape(s['groups_on_date'])}.")
    if s["no_intent"]:
        st.warning(f"Notified the depositary on {long_date(s['no_intent_date'])} that it does not intend to become a party.")
    if s["status"] == "unknown":
        st.info("The sources in this snapshot cannot settle this State's status on this date: "
                + md_escape(s["status_reason"] or "no complete record of its treaty actions reaches it") + ".")
    if s.get("secondary"):
        st.caption("Treaty status: " + sources_line(s.get("cited_ids", [])))
    if s["confirmed_through"]:
        st.caption(f"This State's record confirmed through {long_date(s['confirmed_through'])}; the status shown adds the "
                   "treaty actions recorded since.")
    st.markdown("**Treaty actions** (UN Treaty Collection XXVI-8 and the sources cited)")
    events = derived(card, "events", lambda c: to_frame(c["treaty_events"])) if card["treaty_events"] else None
    if events is None:
        st.markdown("No treaty action recorded in this snapshot.")
    else:
        show_table(derived(events, "dates", lambda e: by_publisher(as_dates(e, "effective_date",
                                                                            "entry_into_force_date"))),
                   key="pf_events",
                   labels={"event_type": "Action", "event_date": "Date", "effective_date": "Date of effect (source)",
                           "entry_into_force_date": "In force (Art. 22)", "source_ids": "Sources",
                           "secondary": "Secondary sources only"})
    outreach.domestic_steps_section(snap, iso3, f.on)  # public, sourced (snapshot table domestic_steps)
    if card["treaty_conflicts"]:
        st.markdown("**Where sources disagree** (the value kept and the one not used, with their sources)")
        show_table(derived(card, "conflicts", lambda c: by_publisher(to_frame(c["treaty_conflicts"]))),
                   key="pf_conflicts",
                   labels={"event_type": "Action", "kept_value": "Kept", "other_value": "Not used",
                           "kept_source_ids": "Sources (kept)", "other_source_ids": "Sources (not used)"})
    st.download_button("Download this card (Markdown, for briefings)", data=profile_markdown(card).encode("utf-8"),
                       file_name=file_name("profile", s["iso3"], card["status_as_of"]).replace(".csv", ".md"),
                       mime="text/markdown", key="dl_card", icon=":material/description:")
    brief_buttons(snap, s["iso3"], f.on, outreach=outreach.brief_outreach_rows(s["iso3"]), role=role)

for sec in card["sections"]:
    with st.container(border=True):
        st.subheader(sec["title"])
        if sec.get("restricted"):
            st.markdown(f":material/lock: {md_escape(sec['restricted_note'])}.")
            continue
        if sec.get("not_applicable"):
            st.markdown(sec["not_applicable"])
            continue
        if not sec["has_data"]:
            st.markdown("**No data in this snapshot.** Source that would fill it: "
                        f"{md_escape(without_file_names(sec['gap_source']))}.")
            continue
        df = derived(sec, "frame", lambda x: to_frame(x["rows"]))
        key = sec["key"]
        if key == "unga_votes":
            marks = derived(df, "marks", lambda d: d.with_columns(pl.col("vote").fill_null("not a UN Member"),
                                                                  pl.col("date").str.slice(0, 4).alias("year")))
            charts.show(charts.unga_votes, marks)
            yes = marks["vote"].to_list().count("yes")
            years = sorted(marks["year"].unique())
            st.caption(f"In favour of {yes} of {marks.height} plenary resolutions 'The Arms Trade Treaty' "
                       f"({years[0]}–{years[-1]}). 'absent' also covers present-not-voting.")
        elif key == "unroca":
            strip = derived(df, "strip", lambda d: d.with_columns(
                pl.when(pl.col("submitted")).then(pl.lit("report known"))
                .otherwise(pl.lit("not shown on unroca.org (unknown)")).alias("record")))
            charts.show(charts.unroca_years, strip)
            st.caption(f"{sec['fact_rows']} of {df.height} calendar years ({df['year'].min()}–{df['year'].max()}) with a "
                       "report listed on unroca.org. A year not listed is unknown, not 'did not report': the website "
                       "omits paper submissions.")
        elif key == "regional_arrangements":
            for r in sec["rows"]:
                dates = ", ".join(x for x in (f"signed {long_date(r['signature_date'])}" if r["signature_date"] else "",
                                              f"{r['consent_type'] or 'joined'} {long_date(r['consent_date'])}"
                                              if r["consent_date"] else "") if x)
                st.markdown(f"- **{md_escape(r['instrument_name'])}** — {md_escape(r['status'])}"
                            + (f" ({md_escape(dates)})" if dates else "")
                            + (f" · list as of {md_escape(dates_in_text(display_day(r['as_of'])))}" if r["as_of"] else "")
                            + f" · confidence {md_escape(r['confidence'] or '—')}")
        elif key == "csp_attendance":
            show_table(derived(df, "shown", lambda d: by_publisher(as_dates(d, "start_date")).with_columns(
                           pl.col("evidence").cast(pl.Utf8).fill_null("not recorded"))),
                       key=f"pf_{key}", labels={"status_on_opening_day": "Status on opening day"})
            st.caption("Evidence of presence (statements, offices, side events, reports), not official lists of "
                       "participants: 'not recorded' does not mean absent.")
        else:
            show_table(derived(df, "shown", lambda d: by_publisher(as_dates(d, "date", "start_date", "request_date",
                                                                            "application_date"))), key=f"pf_{key}",
                       labels={"source_ids": "Sources"})
        download(df, "profile", s["iso3"], key, card["status_as_of"], key=f"dl_{key}", label="Download CSV")
        meta = [sources_line(sec.get("cited_ids", sec["source_ids"]), sec.get("secondary", False))]
        if sec["confidence"]:
            meta.append("Confidence: " + md_escape(", ".join(sec["confidence"])))
        if sec["data_as_of"]:
            meta.append("As of: " + md_escape(dates_in_text(display_day(sec["data_as_of"]))))
        st.caption(" · ".join(m for m in meta if m))

with st.container(border=True):
    outreach.profile_outreach(iso3, snap)  # the register's entries: signed-in only

with st.expander(f"All sources cited on this card ({len(card['sources'])})"):
    _STANDING = {"depositary": "Depositary (UN Treaty Collection)", "un": "UN or ATT body",
                 "other": "Secondary source (to be confirmed by the Secretariat)"}
    show_table(derived(card, "sources", lambda c: to_frame(c["sources"]).select(
                   "publisher", "title", "as_of", "url", pl.col("authority").replace_strict(
                       _STANDING, default="Secondary source (to be confirmed by the Secretariat)"))
               if c["sources"] else pl.DataFrame()),
               key="pf_sources", link_columns=("url",),
               labels={"as_of": "Source dated", "authority": "Standing"})
