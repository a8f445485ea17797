"""Country profile card: status, treaty timeline and the nine elements of the work plan's ¶13."""

import polars as pl
import streamlit as st

from attdash.ui import charts, data, outreach
from attdash.ui.documents import brief_buttons
from attdash.ui.state import current, notice, set_url_param, show_notices
from attdash.export import file_name
from attdash.profile import profile_markdown, to_frame
from attdash.ui.format import dates_in_text, display_day, long_date, without_file_names
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, show_table
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

card = data.profile(snap, iso3, f.on)
s = card["state"]
src_by_id = {r["source_id"]: r for r in card["sources"]}
src_number = {r["source_id"]: i for i, r in enumerate(card["sources"], 1)}  # as numbered in "All sources" below


def as_dates(df: pl.DataFrame, *cols: str) -> pl.DataFrame:
    """ISO date strings (or all-empty columns) to dates, for the date column format."""
    present = [c for c in cols if c in df.columns]
    return df.with_columns(pl.col(c).cast(pl.Utf8).str.to_date(strict=False) for c in present)


def sources_line(ids: list[str]) -> str:
    """"Sources: 1, 4" — numbers of the card's source list, each a link to the source where it has an address."""
    parts = []
    for i in sorted(ids, key=lambda x: src_number.get(x, 10**6)):
        r, n = src_by_id.get(i), src_number.get(i)
        if n is None:
            continue
        if r and r["url"] and r["url"].startswith(("http://", "https://")):
            url = r["url"].replace(")", "%29").replace(" ", "%20")
            title = md_escape(r["title"].replace('"', "'"))[:120]
            parts.append(f'[{n}]({url} "{title}")')
        else:
            parts.append(str(n))
    return "Sources (numbered as in “All sources cited on this card”): " + ", ".join(parts) if parts else ""


with st.container(border=True):
    st.header(f"{s['name']} · {s['iso3']}")
    c1, c2 = st.columns(2)  # two tiles a row: a full date never truncates at 1280 px
    c3, c4 = st.columns(2)
    c1.metric(f"Status on {long_date(card['status_as_of'])}", STATUS_LABELS[s["status"]])
    short = "; ".join(GROUP_SHORT.get(g, g) for g in (s["groups_on_date"] or "").replace(" (observer)", "")
                      .replace(" (dual)", "").split("; ") if g)
    c2.metric("UN regional group", short or NO_GROUP_LABEL, help=s["groups_on_date"] or None)
    c3.metric("Signed", long_date(s["signature_date"]) or "—")
    c4.metric("In force for the State", long_date(s["entry_into_force_date"]) or "—")
    if s["groups_on_date"] and ("(" in s["groups_on_date"] or ";" in s["groups_on_date"]):
        st.caption(f"UN regional group on {long_date(card['status_as_of'])}: {md_escape(s['groups_on_date'])}.")
    if s["no_intent"]:
        st.warning(f"Notified the depositary on {long_date(s['no_intent_date'])} that it does not intend to become a party.")
    if s["status"] == "unknown":
        st.info("The sources in this snapshot cannot settle this State's status on this date: "
                + md_escape(s["status_reason"] or "no complete record of its treaty actions reaches it") + ".")
    if s["confirmed_through"]:
        st.caption(f"Record confirmed complete through {long_date(s['confirmed_through'])}; the status shown adds the "
                   "treaty actions recorded since.")
    st.markdown("**Treaty actions** (UN Treaty Collection XXVI-8 and the sources cited)")
    events = derived(card, "events", lambda c: to_frame(c["treaty_events"])) if card["treaty_events"] else None
    if events is None:
        st.markdown("No treaty action recorded in this snapshot.")
    else:
        show_table(derived(events, "dates", lambda e: as_dates(e, "effective_date", "entry_into_force_date")),
                   key="pf_events",
                   labels={"event_type": "Action", "event_date": "Date", "effective_date": "Date of effect (source)",
                           "entry_into_force_date": "In force (Art. 22)"})
    outreach.domestic_steps_section(snap, iso3, f.on)  # public, sourced (snapshot table domestic_steps)
    if card["treaty_conflicts"]:
        st.markdown("**Where sources disagree** (the value kept and the one not used, with their sources)")
        show_table(derived(card, "conflicts", lambda c: to_frame(c["treaty_conflicts"])), key="pf_conflicts",
                   labels={"event_type": "Action", "kept_value": "Kept", "other_value": "Not used",
                           "kept_source_ids": "Sources (kept)", "other_source_ids": "Sources (not used)"})
    st.download_button("Download this card (Markdown, for briefings)", data=profile_markdown(card).encode("utf-8"),
                       file_name=file_name("profile", s["iso3"], card["status_as_of"]).replace(".csv", ".md"),
                       mime="text/markdown", key="dl_card", icon=":material/description:")
    brief_buttons(snap, s["iso3"], f.on, outreach=outreach.brief_outreach_rows(s["iso3"]))

for sec in card["sections"]:
    with st.container(border=True):
        st.subheader(sec["title"])
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
            show_table(derived(df, "shown", lambda d: as_dates(d, "start_date").with_columns(
                           pl.col("evidence").cast(pl.Utf8).fill_null("not recorded"))),
                       key=f"pf_{key}", labels={"status_on_opening_day": "Status on opening day"})
            st.caption("Evidence of presence (statements, offices, side events, reports), not official lists of "
                       "participants: 'not recorded' does not mean absent.")
        else:
            show_table(derived(df, "shown", lambda d: as_dates(d, "date", "start_date", "request_date",
                                                               "application_date")), key=f"pf_{key}")
        download(df, "profile", s["iso3"], key, card["status_as_of"], key=f"dl_{key}", label="Download CSV")
        meta = [sources_line(sec["source_ids"])]
        if sec["confidence"]:
            meta.append("Confidence: " + ", ".join(sec["confidence"]))
        if sec["data_as_of"]:
            meta.append("As of: " + dates_in_text(display_day(sec["data_as_of"])))
        st.caption(" · ".join(m for m in meta if m))

with st.container(border=True):
    outreach.profile_outreach(iso3, snap)  # the register's entries: signed-in only

with st.expander(f"All sources cited on this card ({len(card['sources'])})"):
    show_table(derived(card, "sources", lambda c: to_frame(c["sources"]).with_row_index("number", offset=1)
                       .select("number", "title", "publisher", "url", "as_of")), key="pf_sources",
               link_columns=("url",), labels={"number": "No.", "as_of": "Source dated"})
