"""Data updates (Secretariat only): templates, upload of the Secretariat's files, validation, review, publish;
the depositary refresh; snapshots (withdraw) and the audit log."""

import datetime as dt

import polars as pl
import streamlit as st

from attdash.sources import schema
from attdash.paths import snapshots_dir, sources_dir
from attdash.snapshot import list_snapshots
from attdash.sources import catalog
from attdash.sources.template import template_xlsx
from attdash.ui import auth
from attdash.ui.format import long_date
from attdash.ui.kept import kept
from attdash.ui.state import KEEP, current
from attdash.ui.widgets import md_escape
from attdash import i18n
from attdash.i18n import _, ngettext

f = current()
st.title(_("Data updates"))
st.caption(_("Feed the dashboard from the Secretariat's own records: download a template, fill it, upload it, "
             "review the changes and publish a new dated snapshot. Nothing is written while a problem remains."))
user = auth.require_user(_("data updates"))
if user is None:
    st.stop()
if user.role != "secretariat":
    st.warning(_("Data updates are open to the Secretariat only."), icon=":material/lock:")
    st.stop()

TODAY = dt.date.today()
upload_tab, templates_tab, depositary_tab, history_tab = st.tabs(
    [_("Upload and publish"), _("Templates"), _("Depositary refresh"), _("Snapshots and history")])


def _store():
    return auth.store()


def _open_snapshot(name: str) -> None:
    """This session moves to the snapshot just published (the sidebar's picker takes it on the next run)."""
    st.session_state.pop("f_snapshot", None)
    day = dt.date.fromisoformat(name)
    kept().setdefault(KEEP, {}).update(f_snapshot=name, f_on=day)
    st.session_state["f_on"] = day


def _today_taken() -> bool:
    return (snapshots_dir() / TODAY.isoformat()).exists()


def _problems_frame(problems) -> pl.DataFrame:
    sheet, row, column, problem = _("Sheet"), _("Row"), _("Column"), _("Problem")
    return pl.DataFrame({sheet: [p.file for p in problems], row: [p.line for p in problems],
                         column: [p.column or "" for p in problems], problem: [p.message for p in problems]},
                        schema={sheet: pl.String, row: pl.Int64, column: pl.String, problem: pl.String})


def _rows_frame(table: str, rows: list[dict]) -> pl.DataFrame:
    cols = schema.TABLES_BY_NAME[table].column_names
    return pl.DataFrame({c: [r.get(c, "") for r in rows] for c in cols}, schema={c: pl.String for c in cols})


with templates_tab:
    st.markdown(_("One Excel template per table: the columns with their meaning, drop-down lists, date cells, an "
                  "example sheet (synthetic, never imported) and a “How to fill” sheet."))
    for name in catalog.SECRETARIAT_TABLES:
        table = schema.TABLES_BY_NAME[name]
        c1, c2 = st.columns([3, 1])
        c1.markdown(f"**{md_escape(catalog.title(name))}**" + (" · " + _("restricted") if table.restricted else "")
                    + f"  \n{md_escape(table.description)}")
        c2.download_button(_("Template (Excel)"), data=lambda t=table: template_xlsx(t), file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"du_tpl_{name}", icon=":material/download:", on_click="ignore")

with upload_tab:
    if _today_taken():
        st.info(_("A snapshot dated {day} is already published: snapshots are named by their date, so the next "
                  "publication is possible tomorrow. You can still upload and check a file.").format(day=long_date(TODAY)),
                icon=":material/info:")
    done = st.session_state.pop("du_done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    _found = _("Found from the file (sheet names)")
    choice = st.selectbox(_("Table"), [None, *catalog.SECRETARIAT_TABLES], key="du_table",
                          format_func=lambda n: _found if n is None else catalog.title(n),
                          help=_("For a CSV file or a single sheet not named after its table."))
    file = st.file_uploader(_("Upload the filled template (Excel .xlsx or CSV)"), type=["xlsx", "csv"], key="du_file")
    staged = st.session_state.get("du_staged")
    if file is None:
        if staged is not None:
            staged.discard()
            st.session_state.pop("du_staged", None)
    else:
        data = file.getvalue()
        import hashlib
        ident = (file.name, hashlib.sha256(data).hexdigest(), choice)
        if staged is None or st.session_state.get("du_ident") != ident:
            if staged is not None:
                staged.discard()
            from attdash.sources.impact import impact
            from attdash.sources.reading import UnreadableFile, read_upload
            from attdash.sources.staging import prepare
            try:
                with st.spinner(_("Reading and checking the file…")):
                    up = read_upload(file.name, data, sources_dir(), choice)
                    staged = prepare(up, sources_dir(), user.username, TODAY)
                    staged.impact = impact(staged)
            except UnreadableFile as exc:
                st.error(_("This file cannot be read: {reason}.").format(reason=md_escape(exc)), icon="⛔")
                staged = None
            st.session_state["du_staged"], st.session_state["du_ident"] = staged, ident
        if staged is not None:
            up = staged.upload
            tables = ", ".join(catalog.title(t) for t in up.tables) or _("none")
            st.markdown(_("Read **{file}**: {tables}.").format(file=md_escape(up.file_name), tables=md_escape(tables)))
            if up.notes:
                with st.expander(_("How values were read ({number})").format(number=len(up.notes)),
                                 expanded=not staged.problems):
                    st.dataframe(pl.DataFrame([{_("Sheet"): s, _("Row"): r, _("Column"): c, _("As written"): a,
                                                _("Read as"): b} for s, r, c, a, b in up.notes]), hide_index=True,
                                 key="du_notes")
            if staged.problems:
                st.error(_("{number} problem(s): nothing will be written. Correct the file and upload it again.").format(
                    number=len(staged.problems)), icon="⛔")
                st.dataframe(_problems_frame(staged.problems), hide_index=True, key="du_problems",
                             use_container_width=True)
            else:
                st.success(_("No problem found: the rules of the snapshot build all pass."), icon=":material/check:")
                st.subheader(_("Review"))
                for name, d in staged.diffs.items():
                    st.markdown(f"**{md_escape(catalog.title(name))}**: " + _(
                        "{added} added, {changed} changed, {removed} removed, {unchanged} unchanged.").format(
                        added=len(d.added), changed=len(d.changed), removed=len(d.removed), unchanged=d.unchanged))
                    if d.added:
                        with st.expander(_("Added rows ({number})").format(number=len(d.added))):
                            st.dataframe(_rows_frame(name, d.added), hide_index=True, key=f"du_add_{name}")
                    if d.changed:
                        with st.expander(_("Changed rows ({number})").format(number=len(d.changed))):
                            st.dataframe(pl.DataFrame([{_("Row"): ", ".join(f"{k}={v.get(k, '')}" for k in
                                                                            (schema.TABLES_BY_NAME[name].key or ["iso3"])),
                                                        _("Columns"): ", ".join(c),
                                                        _("Before"): "; ".join(o.get(x, "") for x in c),
                                                        _("After"): "; ".join(v.get(x, "") for x in c)}
                                                       for o, v, c in d.changed]), hide_index=True,
                                         key=f"du_chg_{name}")
                    if d.removed:
                        with st.expander(_("Removed rows ({number})").format(number=len(d.removed))):
                            st.dataframe(_rows_frame(name, d.removed), hide_index=True, key=f"du_rem_{name}")
                if staged.impact:
                    st.markdown("**" + _("What it changes for the users") + "**")
                    st.markdown("\n".join(f"- {md_escape(line)}" for line in staged.impact))
                if not staged.changes:
                    st.info(_("The file changes nothing in the current data."))
                elif st.button(_("Publish: write the data and build the snapshot"), type="primary", key="du_publish",
                               icon=":material/publish:", disabled=_today_taken()):
                    from attdash.sources.publish import PublishRefused, publish
                    from attdash.sources.validate import ValidationFailed
                    try:
                        with st.spinner(_("Building the snapshot…")):
                            path = publish(staged, _store())
                    except PublishRefused as exc:
                        st.error(_("Not published: {reason}.").format(reason=md_escape(exc)), icon="⛔")
                    except ValidationFailed as exc:
                        st.error(_("Not published: {number} problem(s) found by the build; nothing was written.").format(
                            number=len(exc.problems)), icon="⛔")
                    else:
                        st.session_state.pop("du_staged", None)
                        _open_snapshot(path.name)
                        st.session_state["du_done"] = _("Published: the snapshot of {day}. New sessions open it; "
                                                        "earlier snapshots stay in the picker.").format(
                            day=long_date(path.name))
                        st.session_state.pop("du_file", None)
                        st.rerun()

with depositary_tab:
    st.markdown(_("Refresh the treaty record from the depositary: save the UN Treaty Collection page of the Arms "
                  "Trade Treaty (chapter XXVI-8) or its XML, upload it, review the changes, then apply and publish."))
    dep_done = st.session_state.pop("du_dep_done", None)
    if dep_done:
        st.success(dep_done, icon=":material/check_circle:")
    page_file = st.file_uploader(_("The saved page (.html) or XML"), type=["html", "htm", "xml"], key="du_dep_file")
    dep = st.session_state.get("du_dep")
    if page_file is None:
        if dep is not None:
            dep.discard()
            st.session_state.pop("du_dep", None)
    else:
        from attdash.sources import depositary
        from attdash.depositary.importer import CannotImport
        from attdash.depositary.page import BadPage
        raw = page_file.getvalue()
        import hashlib
        ident = (page_file.name, hashlib.sha256(raw).hexdigest())
        if dep is None or st.session_state.get("du_dep_ident") != ident:
            if dep is not None:
                dep.discard()
            try:
                dep = depositary.stage(page_file.name, raw, sources_dir())
            except (BadPage, CannotImport) as exc:
                st.error(_("This page cannot be used: {reason}.").format(reason=md_escape(exc)), icon="⛔")
                dep = None
            st.session_state["du_dep"], st.session_state["du_dep_ident"] = dep, ident
        if dep is not None:
            st.code(dep.plan.render(), language=None)
            if dep.plan.empty:
                st.info(_("The depositary's table matches the current data: nothing to apply."))
            elif st.button(_("Apply and publish"), type="primary", key="du_dep_apply", icon=":material/publish:",
                           disabled=_today_taken()):
                from attdash.sources.publish import PublishRefused
                from attdash.sources.validate import ValidationFailed
                try:
                    with st.spinner(_("Building the snapshot…")):
                        path = depositary.publish(dep, user.username, TODAY, _store())
                except PublishRefused as exc:
                    st.error(_("Not published: {reason}.").format(reason=md_escape(exc)), icon="⛔")
                except ValidationFailed as exc:
                    st.error(_("Not published: {number} problem(s) found by the build:").format(number=len(exc.problems))
                             + " " + md_escape("; ".join(str(p) for p in exc.problems[:5])), icon="⛔")
                else:
                    st.session_state.pop("du_dep", None)
                    st.session_state.pop("du_dep_file", None)
                    _open_snapshot(path.name)
                    st.session_state["du_dep_done"] = _("Published: the snapshot of {day}.").format(day=long_date(path.name))
                    st.rerun()

with history_tab:
    from attdash.register import data_audit
    from attdash.sources.publish import PublishRefused, withdraw, withdrawn
    gone = withdrawn()
    snaps = list_snapshots()
    st.dataframe(pl.DataFrame([{_("Snapshot"): long_date(s.name),
                                _("Built"): s.manifest.get("built_at", "")[:16].replace("T", " "),
                                _("Withdrawn"): (f"{gone[s.name].get('at', '')[:10]}: {gone[s.name].get('reason', '')}"
                                              if s.name in gone else "")} for s in snaps]),
                 hide_index=True, key="du_snaps")
    msg = st.session_state.pop("du_wd_done", None)
    if msg:
        st.success(msg)
    offered = [s.name for s in snaps if s.name not in gone]
    with st.form("du_withdraw", clear_on_submit=True):
        st.markdown(_("**Withdraw a snapshot**: it is hidden from the picker and kept on disk; the reason is recorded."))
        name = st.selectbox(_("Snapshot"), offered, format_func=lambda n, lang=i18n.current(): long_date(n, lang),
                            key="du_wd_name")
        reason = st.text_input(_("Reason"), max_chars=500, key="du_wd_reason")
        if st.form_submit_button(_("Withdraw"), icon=":material/visibility_off:"):
            try:
                withdraw(name, reason, user.username, _store())
            except (PublishRefused, LookupError) as exc:
                st.error(_("Not withdrawn: {reason}.").format(reason=md_escape(exc.args[0] if exc.args else exc)),
                         icon="⛔")
            else:
                st.session_state["du_wd_done"] = _("Snapshot of {day} withdrawn.").format(day=long_date(name))
                st.rerun()
    st.subheader(_("Audit log"))
    st.dataframe(data_audit.entries(_store()), hide_index=True, key="du_audit")
