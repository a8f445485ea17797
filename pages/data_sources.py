"""Data & sources: snapshots and manifests, coverage, the sources table, the data dictionary, downloads."""

import polars as pl
import streamlit as st

from attdash import reports, schema
from attdash.citations import secondary_facts
from attdash.snapshot import list_snapshots
from attdash.ui import data
from attdash.ui.access import viewer_role
from attdash.ui.state import current
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, show_table

f = current()
snap = f.snapshot.name
st.title("Data & sources")
st.markdown("Every figure in this dashboard comes from a dated, immutable snapshot of curated source tables; "
            "every row carries the ids of its sources. Where a source is missing the dashboard says "
            "“no data in this snapshot”.")

st.subheader("Snapshots")
snaps = list_snapshots()
snapshots = data.snapshots_table(tuple((s.name, s.manifest.get("built_at", "")) for s in snaps))
show_table(derived(snapshots, "times", lambda t: t.with_columns(  # built_at: shown as 26 November 2026, 02:56
    pl.col("built_at").str.to_datetime(strict=False, time_zone="UTC"))), key="ds_snapshots", source_ids=True,
    labels={"built_at": "Built (UTC)"})
with st.expander(f"Manifest of snapshot {snap}"):
    st.json(f.snapshot.manifest, expanded=False)

st.subheader("Published counts, reconciled")
st.markdown(md_escape(reports.describe_record_currency(data.record_currency(snap))))
counts = data.run(snap, "official_counts_check")
show_table(counts, key="ds_counts", source_ids=True, labels={
    "as_of": "As of", "signatories": "Signatories (published)", "signatories_min": "Ours (from)",
    "signatories_max": "Ours (to)", "parties": "Parties (published)", "parties_min": "Ours (from)",
    "parties_max": "Ours (to)", "reconciled": "Reconciled", "near": "States with actions nearest the date"})
download(counts, "official-counts-reconciled", snap, key="dl_counts")
st.caption("Each published count of signatories and parties next to this snapshot's own count on that date (over "
           "the whole month or year where the count is dated only so far). Counts by the depositary and UN bodies "
           "must reconcile or the snapshot is not built; other publishers' counts are shown as they check out.")

st.subheader("Where sources disagree")
conflicts = data.run(snap, "treaty_conflicts", iso3=None)
show_table(conflicts, key="ds_conflicts", source_ids=True, labels={"kept_value": "Kept", "other_value": "Not used"})
download(conflicts, "treaty-conflicts", snap, key="dl_conflicts")
st.caption("The depositary wins, then UN and ATT documents, then the rest; between sources of equal standing the "
           "value held stays unless the research notes settle it. The losing value is never dropped.")

st.subheader("Coverage of the profile elements (work plan ¶13)")
cov = data.run(snap, "coverage")
show_table(cov, key="ds_coverage", source_ids=True, labels={"states_with_data": "States with data", "states_total": "of"})
download(cov, "coverage", snap, key="dl_coverage")
st.caption("Same rows as `python -m attdash coverage --format csv`. Elements at 0 are filled from the "
           "Secretariat's own records: the Secretariat adds them on its Data updates page (template, upload, "
           "review, publish).")

st.subheader("Sources")
sources = data.table(snap, "sources")
show_table(sources, key="ds_sources", source_ids=True, link_columns=("url",), height=300)
download(sources, "sources", snap, key="dl_sources")

st.subheader("Facts resting only on secondary sources")
secondary = derived(data.database(snap), "secondary_facts", lambda db: secondary_facts(
    {t.name: db.table(t.name) for t in schema.TABLES if t.name in f.snapshot.manifest["tables"]}))
st.markdown(md_escape(f"{secondary.height:,} rows cite no depositary, UN or ATT source: only press reports, wikis, "
                      "mirror sites or data packages. Cards and briefs mark them “secondary source — to be "
                      "confirmed by the Secretariat”. The Secretariat can confirm them against its own records "
                      "and add the authoritative source to the row's source ids."))
by_table = derived(secondary, "by_table", lambda d: d.group_by("table").agg(pl.len().alias("rows"),
                                                                           pl.col("iso3").n_unique().alias("states"))
                   .sort("rows", descending=True))
show_table(by_table, key="ds_secondary_by_table", labels={"table": "Table", "rows": "Rows", "states": "States"})
show_table(secondary, key="ds_secondary", height=300,
           labels={"table": "Table", "iso3": "State", "fact": "Fact", "source_ids": "Source ids"})
download(secondary, "secondary-facts", snap, key="dl_secondary")

st.subheader("Tables and data dictionary")
names = [t.name for t in schema.TABLES if t.name in f.snapshot.manifest["tables"]]
name = st.selectbox("Table", names, key="ds_table",
                    format_func=lambda n: f"{n} ({f.snapshot.manifest['tables'].get(n, {}).get('rows', 0)} rows)")
table = schema.TABLES_BY_NAME[name]
st.markdown(table.description + (" *Template: filled from the Secretariat's records; shipped empty.*"
                                 if table.template else "")
            + (" *Restricted: rows only for signed-in members and the Secretariat.*" if table.restricted else ""))
dictionary = derived(table, "dictionary", lambda t: pl.DataFrame([
    {"column": c.name, "type": c.kind, "required": c.required, "allowed_values": ", ".join(c.allowed),
     "meaning": c.description} for c in t.columns]))
show_table(dictionary, key="ds_dictionary", source_ids=True)
download(dictionary, f"dictionary-{name}", snap, key="dl_dictionary", label="Download the dictionary (CSV)")
if table.example:
    st.caption("Example row (documentation only, not data): " + ", ".join(f"{k}={v}" for k, v in table.example.items()))
if schema.may_see(table, viewer_role()):
    rows = data.table(snap, name)
    show_table(rows, key="ds_rows", source_ids=True, height=320)
    download(rows, name, snap, key="dl_table")
else:  # the table exists; its rows are shown only to the roles the schema lists
    st.info("Restricted table: its rows are shown only to signed-in members of the Working Group and the "
            "Secretariat.", icon=":material/lock:")

st.subheader("Command line (for analysts)")
st.markdown("The pages' tables and documents come from the same functions as the command line; its CSV output "
            "equals the pages' CSV downloads. For the filters chosen in the sidebar:")
_groups = "".join(f' --group "{g}"' for g in f.groups)
_statuses = "".join(f" --status {x}" for x in f.statuses)
st.code("\n".join([
    f"python -m attdash status --as-of {f.on.isoformat()}{_groups}{_statuses} --format csv   # Status by regional group",
    f"python -m attdash summary --as-of {f.on.isoformat()} --format csv   # Overview: counts by group",
    f"python -m attdash profile KEN --as-of {f.on.isoformat()}   # Country profile (an ISO3 code or a name)",
    f"python -m attdash report --until {f.on.isoformat()} --format pdf   # Progress report",
    f"python -m attdash annex --as-of {f.on.isoformat()} --format pdf   # the work plan's annex",
    "python -m attdash coverage --format csv   # coverage of the profile elements",
    "python -m attdash snapshot list",
]) + (f"\n# snapshot: add --snapshot {snap}" if snap != list_snapshots()[0].name else ""), language=None,
        wrap_lines=True)
