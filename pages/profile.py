"""Country profile card: status, treaty timeline and the nine elements of the work plan's ¶13."""

import re

import polars as pl
import streamlit as st

from attdash.ui import charts, data, outreach
from attdash.ui.access import viewer_role
from attdash.ui.documents import brief_buttons
from attdash.ui.state import current, notice, set_url_param, show_notices
from attdash import citations
from attdash.citations import SECONDARY
from attdash.export import file_name
from attdash.profile import profile_markdown, to_frame
from attdash.ui.format import dates_in_text, display_day, long_date, without_file_names
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, md_link, show_table
from attdash import i18n
from attdash.i18n import N_, _
from attdash.i18n.names import sort_key
from attdash.ui.widgets import state_names
from attdash.vocab import element_title, group_label, instrument_status_label, status_label

f = current()
snap = f.snapshot.name
countries = data.run(snap, "countries")
lang = i18n.current()
names = state_names() or {}
# The picker in the page's language, sorted as its readers expect (attdash.i18n.names.sort_key).
labels = derived((countries, names) if names else countries, ("picker", lang), lambda _src: dict(sorted(
    ((r["iso3"], f"{names.get(r['iso3'], r['name'])} ({r['iso3']})") for r in countries.iter_rows(named=True)),
    key=lambda kv: sort_key(kv[1], lang))))

finder = data.state_finder(snap)
if "pf_iso3" not in st.session_state:
    wanted = (st.query_params.get("iso3") or "").strip()
    if wanted and wanted.upper() not in labels:
        found = finder.find(wanted)  # a link may name the State too (?iso3=Kenya)
        if len(found) == 1:
            wanted = found[0]
        else:
            notice(_("Unknown country code '{code}' in the link; pick a State below.").format(
                code=md_escape(wanted.upper()[:12])))
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

st.title(_("Country profile"))
# Names in the page's language, sorted as its readers expect (attdash.i18n.names.sort_key); a name typed in any
# UN language, accents and case aside ("科特迪瓦", "cote", "CIV"), is found by the snapshot's StateFinder.
iso3 = st.selectbox(_("State — type a name or ISO3 code, then Enter"), list(labels), key="pf_iso3",
                    format_func=lambda v: labels.get(v, v), index=None, accept_new_options=True,
                    on_change=_typed_state, filter_mode="contains",
                    placeholder=_("Search {number} States: e.g. {example}").format(
                        number=len(labels), example=f"{names.get('KEN', 'Kenya')}, KEN, Ivory Coast, 科特迪瓦"))
set_url_param("iso3", iso3)
if not iso3:
    st.info(_("Choose a State to see its card: treaty status and timeline, UN regional group, and the nine "
              "elements the WGTU work plan (¶13) asks the Secretariat to brief on."))
    st.stop()

from attdash.vocab import ELEMENT_TITLES as ELEMENT_KEYS  # noqa: E402
role = viewer_role()  # restricted elements (assistance requests, sponsorship) only for signed-in roles
card = data.profile(snap, iso3, f.on, role, lang)
s = card["state"]
src_by_id = {r["source_id"]: r for r in card["sources"]}


def _publishers(sources: pl.DataFrame) -> tuple[dict[str, str], re.Pattern]:
    """Every source id → its publisher, and a pattern finding the ids in research notes (once per snapshot)."""
    names = dict(zip(sources["source_id"].to_list(), sources["publisher"].fill_null("").to_list()))
    return names, re.compile(r"\b(?:" + "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True)) + r")\b")


all_publishers, _ID = derived(data.table(snap, "sources"), "publishers", _publishers)


def by_publisher(df: pl.DataFrame) -> pl.DataFrame:
    """Source-id columns shown as their publishers (ids stay in the CSVs and on Data & sources)."""
    def names(ids: str | None) -> str:
        return "; ".join(dict.fromkeys((src_by_id.get(i) or {}).get("publisher") or _("source")
                                       for i in (ids or "").split(";") if i))
    def in_words(text: str | None) -> str | None:  # research notes name sources by id ("T1-26 says …")
        return None if text is None else _ID.sub(lambda m: all_publishers.get(m.group(0)) or _("another source"), text)

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
        parts.append(md_link(r.get("publisher") or r.get("title") or _("source"), r.get("url")))
    parts = list(dict.fromkeys(parts))
    return (_("Sources: {sources}").format(sources=", ".join(parts)) if parts else "") + (
        f" — *{_(SECONDARY)}*" if secondary else "")


with st.container(border=True):
    st.header(f"{md_escape(names.get(s['iso3'], s['name']))} · {md_escape(s['iso3'])}")
    c1, c2 = st.columns(2)  # two tiles a row: a full date never truncates at 1280 px
    c3, c4 = st.columns(2)
    c1.metric(_("Status on {day}").format(day=long_date(card["status_as_of"])), status_label(s["status"]))
    short = "; ".join(group_label(g, short=True) for g in (s["groups_on_date"] or "").replace(" (observer)", "")
                      .replace(" (dual)", "").split("; ") if g)
    c2.metric(_("UN regional group"), short or group_label(None),
              help=(s["groups_on_date"] or None) if lang == "en" else None)
    c3.metric(_("Signed"), long_date(s["signature_date"]) or "—")
    dates = s["dates"]  # a deposit known only to its year: what is known and the window, never a day
    c4.metric(_("In force for the State"), (_("Day not known") if dates["partial"]  # the window is said just below
                                         else long_date(s["entry_into_force_date"])) or "—")
    if dates["partial"]:
        st.caption(md_escape(_("Instrument deposited {deposit}; the Treaty enters into force for the State 90 days "
                               "after the deposit (Art. 22), so {entry_into_force}.").format(
                                   deposit=dates["deposit"], entry_into_force=dates["entry_into_force"])
                             + (f" {dates['floor']['sentence'][:1].upper()}{dates['floor']['sentence'][1:]}."
                                if dates["floor"] and lang == "en" else "")))
    if s["group_joined"] and lang == "en":  # a group start known only as a window
        st.caption(md_escape(f"{s['name']} {s['group_joined']}."))
    if s["groups_on_date"] and ("(" in s["groups_on_date"] or ";" in s["groups_on_date"]) and lang == "en":
        st.caption(_("UN regional group on {day}: {groups}.").format(day=long_date(card["status_as_of"]),
                                                                     groups=md_escape(s["groups_on_date"])))
    if s["no_intent"]:
        st.warning(_("Notified the depositary on {day} that it does not intend to become a party.").format(
            day=long_date(s["no_intent_date"])))
    if s["status"] == "unknown":
        st.info(_("The sources in this snapshot cannot settle this State's status on this date: {reason}.").format(
            reason=md_escape(s["status_reason"] if s["status_reason"] and lang == "en"
                             else _("no complete record of its treaty actions reaches it"))))
    if s.get("secondary"):
        st.caption(_("Treaty status:") + " " + sources_line(s.get("cited_ids", [])))
    if s["confirmed_through"]:
        st.caption(_("This State's record confirmed through {day}; the status shown adds the treaty actions recorded "
                     "since.").format(day=long_date(s["confirmed_through"])))
    st.markdown(_("**Treaty actions** (UN Treaty Collection XXVI-8 and the sources cited)"))
    events = derived(card, "events", lambda c: to_frame(c["treaty_events"])) if card["treaty_events"] else None
    if events is None:
        st.markdown(_("No treaty action recorded in this snapshot."))
    else:
        show_table(derived(events, "dates", lambda e: by_publisher(as_dates(e, "effective_date",
                                                                            "entry_into_force_date"))),
                   key="pf_events",
                   labels={"event_type": N_("Action"), "event_date": N_("Date"),
                           "effective_date": N_("Date of effect (source)"),
                           "entry_into_force_date": N_("In force (Art. 22)"), "source_ids": N_("Sources"),
                           "secondary": N_("Secondary sources only")})
    outreach.domestic_steps_section(snap, iso3, f.on)  # public, sourced (snapshot table domestic_steps)
    if card["treaty_conflicts"]:
        st.markdown(_("**Where sources disagree** (the value kept and the one not used, with their sources)"))
        show_table(derived(card, "conflicts", lambda c: by_publisher(to_frame(c["treaty_conflicts"]))),
                   key="pf_conflicts",
                   labels={"event_type": N_("Action"), "kept_value": N_("Kept"), "other_value": N_("Not used"),
                           "kept_source_ids": N_("Sources (kept)"), "other_source_ids": N_("Sources (not used)")})
    st.download_button(_("Download this card (Markdown, for briefings)"),
                       data=derived(card, ("markdown", lang), lambda c: profile_markdown(c).encode("utf-8")),
                       file_name=file_name("profile", s["iso3"], card["status_as_of"]).replace(".csv", ".md"),
                       mime="text/markdown", key="dl_card", icon=":material/description:")
    brief_buttons(snap, s["iso3"], f.on, outreach=outreach.brief_outreach_rows(s["iso3"]), role=role)

for sec in card["sections"]:
    with st.container(border=True):
        st.subheader(element_title(sec["key"]) if sec["key"] in ELEMENT_KEYS else sec["title"])
        if sec.get("restricted"):
            st.markdown(f":material/lock: {md_escape(_(sec['restricted_note']))}.")
            continue
        if sec.get("not_applicable"):
            st.markdown(sec["not_applicable"])
            continue
        if not sec["has_data"]:
            st.markdown("**" + _("No data in this snapshot.") + "** " + (_("Source that would fill it: {source}.").format(
                source=md_escape(without_file_names(sec["gap_source"]))) if lang == "en"
                else _("The Secretariat's records would fill it.")))
            continue
        df = derived(sec, "frame", lambda x: to_frame(x["rows"]))
        key = sec["key"]
        if key == "unga_votes":
            marks = derived(df, ("marks", lang), lambda d: d.with_columns(
                pl.col("vote").fill_null("not a UN Member").map_elements(charts.vote_label, return_dtype=pl.Utf8),
                pl.col("date").str.slice(0, 4).alias("year"),
                pl.col("date").map_elements(long_date, return_dtype=pl.Utf8).alias("day")))
            charts.show(charts.unga_votes, marks)
            yes = df["vote"].to_list().count("yes")
            years = sorted(marks["year"].unique())
            st.caption(_("In favour of {yes} of {total} plenary resolutions “The Arms Trade Treaty” ({first}–{last}). "
                         "“{absent}” also covers present-not-voting.").format(
                yes=yes, total=marks.height, first=years[0], last=years[-1], absent=charts.vote_label("absent")))
        elif key == "unroca":
            strip = derived(df, ("strip", lang), lambda d: d.with_columns(
                pl.when(pl.col("submitted")).then(pl.lit(_(charts.UNROCA_KNOWN)))
                .otherwise(pl.lit(_(charts.UNROCA_UNKNOWN))).alias("record")))
            charts.show(charts.unroca_years, strip)
            st.caption(_("{number} of {total} calendar years ({first}–{last}) with a report listed on unroca.org. A year "
                         "not listed is unknown, not “did not report”: the website omits paper submissions.").format(
                number=sec["fact_rows"], total=df.height, first=df["year"].min(), last=df["year"].max()))
        elif key == "regional_arrangements":
            for r in sec["rows"]:
                dates = ", ".join(x for x in (
                    _("signed {day}").format(day=long_date(r["signature_date"])) if r["signature_date"] else "",
                    _("joined {day}").format(day=long_date(r["consent_date"])) if r["consent_date"] else "") if x)
                st.markdown(f"- **{md_escape(r['instrument_name'])}** — {md_escape(instrument_status_label(r['status']))}"
                            + (f" ({md_escape(dates)})" if dates else "")
                            + (" · " + _("list as of {day}").format(
                                day=md_escape(dates_in_text(display_day(r["as_of"])))) if r["as_of"] else "")
                            + " · " + _("confidence {level}").format(level=md_escape(_(r["confidence"])
                                                                                    if r["confidence"] else "—")))
        elif key == "csp_attendance":
            show_table(derived(df, "shown", lambda d: by_publisher(as_dates(d, "start_date")).with_columns(
                           pl.col("evidence").cast(pl.Utf8).fill_null(_("not recorded")))),
                       key=f"pf_{key}", labels={"status_on_opening_day": N_("Status on opening day")})
            st.caption(_("Evidence of presence (statements, offices, side events, reports), not official lists of "
                         "participants: “not recorded” does not mean absent."))
        else:
            show_table(derived(df, "shown", lambda d: by_publisher(as_dates(d, "date", "start_date", "request_date",
                                                                            "application_date"))), key=f"pf_{key}",
                       labels={"source_ids": N_("Sources")})
        download(df, "profile", s["iso3"], key, card["status_as_of"], key=f"dl_{key}")
        meta = [sources_line(sec.get("cited_ids", sec["source_ids"]), sec.get("secondary", False))]
        if sec["confidence"]:
            meta.append(_("Confidence:") + " " + md_escape(", ".join(_(c) for c in sec["confidence"])))
        if sec["data_as_of"] and lang == "en":
            meta.append("As of: " + md_escape(dates_in_text(display_day(sec["data_as_of"]))))
        st.caption(" · ".join(m for m in meta if m))

with st.container(border=True):
    outreach.profile_outreach(iso3, snap)  # the register's entries: signed-in only

with st.expander(_("All sources cited on this card ({number})").format(number=len(card["sources"]))):
    _STANDING = {"depositary": _("Depositary (UN Treaty Collection)"), "un": _("UN or ATT body"),
                 "other": _("Secondary source (to be confirmed by the Secretariat)")}
    show_table(derived(card, "sources", lambda c: to_frame(c["sources"]).select(
                   "publisher", "title", "as_of", "url", pl.col("authority").replace_strict(
                       _STANDING, default=_STANDING["other"]))
               if c["sources"] else pl.DataFrame()),
               key="pf_sources", link_columns=("url",),
               labels={"publisher": N_("Publisher"), "title": N_("Title"), "url": "URL",
                       "as_of": N_("Source dated"), "authority": N_("Standing")})
