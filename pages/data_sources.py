"""Data & sources: snapshots and manifests, coverage, the sources table, the data dictionary, downloads."""

import polars as pl
import streamlit as st

from attdash import reports
from attdash.sources import schema
from attdash.citations import secondary_facts
from attdash.snapshot import list_snapshots
from attdash.ui import data
from attdash.ui.access import viewer_role
from attdash.ui.state import current
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, show_table, state_names
from attdash import i18n
from attdash.i18n import N_, _

f = current()
snap = f.snapshot.name
st.title(_("Data & sources"))
st.markdown(_("Every figure in this dashboard comes from a dated, immutable snapshot of curated source tables; "
              "every row carries the ids of its sources. Where a source is missing the dashboard says "
              "“no data in this snapshot”."))

st.subheader(_("Snapshots"))
snaps = list_snapshots()
snapshots = data.snapshots_table(tuple((s.name, s.manifest.get("built_at", "")) for s in snaps))
show_table(derived(snapshots, "times", lambda t: t.with_columns(  # built_at: shown as 26 November 2026, 02:56
    pl.col("built_at").str.to_datetime(strict=False, time_zone="UTC"))), key="ds_snapshots", source_ids=True,
    labels={"built_at": N_("Built (UTC)")})
with st.expander(_("Manifest of snapshot {name}").format(name=snap)):
    st.json(f.snapshot.manifest, expanded=False)

st.subheader(_("Published counts, reconciled"))
st.markdown(md_escape(reports.describe_record_currency(data.record_currency(snap), names=state_names())))
counts = data.run(snap, "official_counts_check")
show_table(counts, key="ds_counts", source_ids=True, labels={
    "as_of": N_("As of"), "signatories": N_("Signatories (published)"), "signatories_min": N_("Ours (from)"),
    "signatories_max": N_("Ours (to)"), "parties": N_("Parties (published)"), "parties_min": N_("Ours (from)"),
    "parties_max": N_("Ours (to)"), "reconciled": N_("Reconciled"), "near": N_("States with actions nearest the date"),
    "source_id": N_("Source id"), "publisher": N_("Publisher"), "authority": N_("Standing")})
download(counts, "official-counts-reconciled", snap, key="dl_counts")
st.caption(_("Each published count of signatories and parties next to this snapshot's own count on that date "
             "(over the whole month or year where the count is dated only so far). Counts by the depositary and UN "
             "bodies must reconcile or the snapshot is not built; other publishers' counts are shown as they check "
             "out."))

st.subheader(_("Where sources disagree"))
conflicts = data.run(snap, "treaty_conflicts", iso3=None)
show_table(conflicts, key="ds_conflicts", source_ids=True, labels={"kept_value": N_("Kept"),
                                                                   "other_value": N_("Not used")})
download(conflicts, "treaty-conflicts", snap, key="dl_conflicts")
st.caption(_("The depositary wins, then UN and ATT documents, then the rest; between sources of equal standing the "
             "value held stays unless the research notes settle it. The losing value is never dropped."))

st.subheader(_("Coverage of the profile elements (work plan ¶13)"))
cov = data.run(snap, "coverage")
show_table(cov, key="ds_coverage", source_ids=True, labels={"states_with_data": N_("States with data"),
                                                           "states_total": N_("of")})
download(cov, "coverage", snap, key="dl_coverage")
st.caption(_("Same rows as `python -m attdash coverage --format csv`. Elements at 0 are filled from the "
             "Secretariat's own records: the Secretariat adds them on its Data updates page (template, upload, "
             "review, publish)."))

st.subheader(_("Sources"))
sources = data.table(snap, "sources")
show_table(sources, key="ds_sources", source_ids=True, link_columns=("url",), height=300)
download(sources, "sources", snap, key="dl_sources")

st.subheader(_("Facts resting only on secondary sources"))
secondary = derived(data.database(snap), "secondary_facts", lambda db: secondary_facts(
    {t.name: db.table(t.name) for t in schema.TABLES if t.name in f.snapshot.manifest["tables"]}))
st.markdown(md_escape(_("{number} rows cite no depositary, UN or ATT source: only press reports, wikis, mirror sites "
                        "or data packages. Cards and briefs mark them “secondary source — to be confirmed by the "
                        "Secretariat”. The Secretariat can confirm them against its own records and add the "
                        "authoritative source to the row's source ids.").format(
    number=i18n.format_number(secondary.height))))
by_table = derived(secondary, "by_table", lambda d: d.group_by("table").agg(pl.len().alias("rows"),
                                                                           pl.col("iso3").n_unique().alias("states"))
                   .sort("rows", descending=True))
show_table(by_table, key="ds_secondary_by_table", labels={"table": N_("Table"), "rows": N_("Rows"),
                                                          "states": N_("States")})
show_table(secondary, key="ds_secondary", height=300,
           labels={"table": N_("Table"), "iso3": N_("State"), "fact": N_("Fact"), "source_ids": N_("Source ids")})
download(secondary, "secondary-facts", snap, key="dl_secondary")

st.subheader(_("Tables and data dictionary"))
names = [t.name for t in schema.TABLES if t.name in f.snapshot.manifest["tables"]]
name = st.selectbox(_("Table"), names, key="ds_table",
                    format_func=lambda n, t=i18n.translator(): t.gettext("{table} ({number} rows)").format(
                        table=n, number=f.snapshot.manifest["tables"].get(n, {}).get("rows", 0)))
table = schema.TABLES_BY_NAME[name]
st.markdown(table.description + (" *" + _("Template: filled from the Secretariat's records; shipped empty.") + "*"
                                 if table.template else "")
            + (" *" + _("Restricted: rows only for signed-in members and the Secretariat.") + "*"
               if table.restricted else ""))
dictionary = derived(table, "dictionary", lambda t: pl.DataFrame([
    {"column": c.name, "type": c.kind, "required": c.required, "allowed_values": ", ".join(c.allowed),
     "meaning": c.description} for c in t.columns]))
show_table(dictionary, key="ds_dictionary", source_ids=True)
download(dictionary, f"dictionary-{name}", snap, key="dl_dictionary", label=_("Download the dictionary (CSV)"))
if table.example:
    st.caption(_("Example row (documentation only, not data):") + " "
               + ", ".join(f"{k}={v}" for k, v in table.example.items()))
if schema.may_see(table, viewer_role()):
    rows = data.table(snap, name)
    show_table(rows, key="ds_rows", source_ids=True, height=320)
    download(rows, name, snap, key="dl_table")
else:  # the table exists; its rows are shown only to the roles the schema lists
    st.info(_("Restricted table: its rows are shown only to signed-in members of the Working Group and the "
              "Secretariat."), icon=":material/lock:")

st.subheader(_("Command line (for analysts)"))
st.markdown(_("The pages' tables and documents come from the same functions as the command line; its CSV output "
              "equals the pages' CSV downloads. For the filters chosen in the sidebar:"))
_groups = "".join(f' --group "{g}"' for g in f.groups)
_statuses = "".join(f" --status {x}" for x in f.statuses)
_lang = f" --lang {i18n.current()}" if i18n.current() != i18n.DEFAULT else ""
st.code("\n".join([
    f"python -m attdash status --as-of {f.on.isoformat()}{_groups}{_statuses} --format csv   # "
    + _("Status by regional group"),
    f"python -m attdash summary --as-of {f.on.isoformat()} --format csv   # " + _("Overview: counts by group"),
    f"python -m attdash profile KEN --as-of {f.on.isoformat()}{_lang}   # "
    + _("Country profile (an ISO3 code or a name)"),
    f"python -m attdash report --until {f.on.isoformat()}{_lang} --format pdf   # " + _("Progress report"),
    f"python -m attdash annex --as-of {f.on.isoformat()}{_lang} --format pdf   # " + _("the work plan's annex"),
    "python -m attdash coverage --format csv   # " + _("coverage of the profile elements"),
    "python -m attdash snapshot list",
]) + (f"\n# snapshot: add --snapshot {snap}" if snap != list_snapshots()[0].name else ""), language=None,
        wrap_lines=True)
