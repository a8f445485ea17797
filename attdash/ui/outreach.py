"""The register's pieces for the pages: entry list, entry form with the duplicate-effort check, one entry
with its history, and the signed-in sections of the card, the overview and the planning view.

Every function here asks attdash.ui.auth first and draws nothing from the register when no one is signed in.
All free text from the register is shown in data frames or escaped (md_escape).
"""

from __future__ import annotations

import datetime as dt
import uuid

import polars as pl
import streamlit as st

from attdash import planning
from attdash import reports
from attdash.export import file_name, to_csv_bytes
from attdash.ui.format import long_date
from attdash.register import validation, vocab
from attdash.register.store import Conflict, NotAllowed
from attdash.register.users import User
from attdash.ui import auth, data
from attdash.ui.memo import derived
from attdash import i18n
from attdash.i18n import N_, _, ngettext
from attdash.ui.state import day_field, notice, parse_form_day
from attdash.ui.widgets import md_escape, show_table
from attdash.ui.widgets import state_names as localized_names
from attdash.vocab import group_label

LIST_LIMIT = 500
LABELS = {"id": N_("Entry"), "activity_date": N_("Date"), "date_status": N_("Done/planned"),
          "targets": N_("Target States"), "actor_kind": N_("Carried out by"), "actor_name": N_("Who"),
          "kind": N_("Kind"), "level": N_("Level"), "summary": N_("Summary"), "outcome": N_("Outcome"),
          "next_step": N_("Next step"), "follow_up_date": N_("Follow-up"), "visibility": N_("Visible to"),
          "entered_by": N_("Entered by"), "updated_at": N_("Last changed (UTC)"), "deleted_at": N_("Deleted (UTC)"),
          "delete_reason": N_("Deletion reason")}
DATE_STATUS_LABELS = {"done": N_("done"), "planned": N_("planned")}


def _label(mapping: dict[str, str]):
    """format_func of a choice: the code's label in the page's language."""
    t = i18n.translator()  # bound now: Streamlit may format the choices again outside this run
    return lambda code: t.gettext(mapping[code]) if code in mapping else str(code)


_PENDING = "_reg_pending"
_UID = "_reg_uid"
_FORM_N = "_reg_form_n"
_DONE = "_reg_done"


def countries(snap: str) -> dict[str, str]:
    names = localized_names() or {}
    return derived(data.run(snap, "countries"), ("labels", i18n.current()), lambda c: {
        r["iso3"]: f"{names.get(r['iso3'], r['name'])} ({r['iso3']})" for r in c.iter_rows(named=True)})


@st.cache_resource(show_spinner=False, max_entries=64)
def _entries(role: str, targets: tuple[str, ...], since: dt.date | None, include_deleted: bool,
             marker: int) -> tuple[int, pl.DataFrame]:
    """How many entries match and the newest LIST_LIMIT of them, as a role may read them (what the list shows
    depends on the role only), read again whenever the register changed (``marker``)."""
    from attdash.register.store import Viewer
    store, viewer = auth.store(), Viewer(f"any-{role}", role)
    kw = {"targets": list(targets), "since": since, "include_deleted": include_deleted}
    return store.count_matching(viewer, **kw), store.activities(viewer, limit=LIST_LIMIT, **kw)


_CODE_MAPS = {"actor_kind": vocab.ACTOR_KIND_LABELS, "kind": vocab.KIND_LABELS, "level": vocab.LEVEL_LABELS,
              "visibility": vocab.VISIBILITY_LABELS, "date_status": DATE_STATUS_LABELS}


def _label_codes(df: pl.DataFrame, names: dict[str, str] | None = None) -> pl.DataFrame:
    """Codes in words; the target States by name (``names``: ISO3 → name), not by code."""
    out = df.with_columns(pl.col(c).replace_strict({k: _(v) for k, v in m.items()}, default=pl.col(c))
                          for c, m in _CODE_MAPS.items() if c in df.columns)
    if names and "targets" in out.columns:
        out = out.with_columns(pl.col("targets").map_elements(lambda t: target_names(t, names), return_dtype=pl.Utf8))
    return out


def state_names(snap: str) -> dict[str, str]:
    """ISO3 → the State's UN short name, in the snapshot (in the page's language)."""
    return localized_names() or derived(data.run(snap, "countries"), "names",
                                        lambda c: dict(zip(c["iso3"], c["name"])))


def target_names(targets: str | list[str] | None, names: dict[str, str]) -> str:
    """``'CIV;KEN'`` → ``"Côte d'Ivoire; Kenya"`` (a code not in the snapshot stays as it is)."""
    codes = targets if isinstance(targets, list) else [t for t in (targets or "").split(";") if t]
    return "; ".join(names.get(t, t) for t in codes)


def _with_target_names(df: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """The register's rows with ``target_names`` beside ``targets`` (the CSV keeps the codes for scripts)."""
    if "targets" not in df.columns:
        return df
    named = df.with_columns(pl.col("targets").map_elements(lambda t: target_names(t, names), return_dtype=pl.Utf8)
                            .alias("target_names"))
    cols = df.columns
    i = cols.index("targets") + 1
    return named.select(cols[:i] + ["target_names"] + cols[i:])


def _resolve_states(values: list[str], snap: str) -> list[str]:
    """Target States as chosen or typed: a typed name (any UN language, former names) becomes its ISO3 code.
    Raises validation.InvalidInput naming a text that is not exactly one State."""
    finder = data.state_finder(snap)
    out = []
    for v in values:
        if v in finder.names:
            out.append(v)
            continue
        found = finder.find(v)
        if len(found) != 1:
            raise validation.InvalidInput("targets", str(_one_state_error(finder, v)))
        out.append(found[0])
    return list(dict.fromkeys(out))


def _one_state_error(finder, text: str) -> Exception:
    try:
        finder.one(text)
    except LookupError as exc:
        return exc
    return LookupError(text)


# --- the list -------------------------------------------------------------------------------------------

def entries_section(user: User, labels: dict[str, str], snap: str) -> None:
    store = auth.store()
    viewer = user.viewer
    c1, c2, c3 = st.columns([3, 1.2, 1])
    targets = c1.multiselect(_("Target States"), list(labels), format_func=lambda v: labels.get(v, v),
                             key="reg_f_targets", placeholder=_("All States: type a name or ISO3 code"),
                             accept_new_options=True, on_change=_typed_targets, args=("reg_f_targets", snap))
    since = day_field(c2, _("Since"), key="reg_f_since", default=None, lo=vocab.EARLIEST, optional=True)
    deleted = c3.checkbox(_("Show deleted"), key="reg_f_deleted", disabled=not viewer.secretariat,
                          help=_("Secretariat only: deleted entries with the reason."))
    include_deleted = deleted and viewer.secretariat
    n, df = _entries(viewer.role, tuple(targets), since, include_deleted, store.change_marker())
    st.caption(ngettext("{number} entry", "{number} entries", n).format(number=n)
               + (_("; the {number} most recent are shown").format(number=LIST_LIMIT) if n > LIST_LIMIT else "")
               + " · " + (_("Secretariat-only entries included") if viewer.secretariat else
                          _("entries visible to members")))
    if df.is_empty():
        st.info(_("No entries match. Record one under “Record an activity”."))
    else:
        names = state_names(snap)
        show_table(derived((df, names), "labelled", lambda pair: _label_codes(*pair)), key="reg_table", labels=LABELS,
                   height=min(420, 40 + 35 * df.height))

    def _csv(v=viewer, t=tuple(targets), s=since, d=include_deleted, names=state_names(snap),
             lang=i18n.current()) -> bytes:  # runs when clicked, outside this run: names and language bound now
        rows = store.activities(v, targets=list(t), since=s, include_deleted=d)
        return to_csv_bytes(_with_target_names(rows, names), bom=True, lang=lang)

    st.download_button(_("Download the register (CSV)"), data=_csv, mime="text/csv", key="reg_dl",
                       file_name=file_name("outreach-register", dt.date.today().isoformat()),
                       icon=":material/download:", on_click="ignore",
                       help=_("Every entry you may see that matches the filters (not only those shown)."))


def _typed_targets(key: str, snap: str) -> None:
    """on_change of a State multiselect: a typed name becomes its State (or is dropped with a notice)."""
    values = st.session_state.get(key) or []
    finder = data.state_finder(snap)
    out = []
    for v in values:
        if v in finder.names:
            out.append(v)
            continue
        found = finder.find(v)
        if len(found) == 1:
            out.append(found[0])
        else:
            notice(md_escape(_one_state_error(finder, v)) + ".")
    st.session_state[key] = list(dict.fromkeys(out))


# --- the entry form -------------------------------------------------------------------------------------

def _activity_inputs(key: str, labels: dict[str, str], initial: dict | None = None) -> dict:
    init = initial or {}
    today = dt.date.today()
    latest = today + dt.timedelta(days=vocab.MAX_DAYS_AHEAD)
    raw = {}
    raw["targets"] = st.multiselect(_("Target State(s)"), list(labels), default=init.get("targets") or [],
                                    format_func=lambda v: labels.get(v, v), key=f"{key}_targets",
                                    max_selections=vocab.MAX_TARGETS, accept_new_options=True,
                                    placeholder=_("Type a name (any UN language, former names too) or ISO3 code"))
    c1, c2 = st.columns(2)
    raw["activity_date"] = c1.text_input(_("Date"), value=long_date(init.get("activity_date", today)), key=f"{key}_date",
                                         help=_("{example} or 2024-04-16").format(example=long_date(dt.date(2024, 4, 16))))
    raw["date_status"] = c2.radio(_("Done or planned"), vocab.DATE_STATUSES, horizontal=True, key=f"{key}_status",
                                  format_func=_label(DATE_STATUS_LABELS),
                                  index=vocab.DATE_STATUSES.index(init.get("date_status", "done")))
    c1, c2 = st.columns(2)
    raw["actor_kind"] = c1.selectbox(_("Carried out by"), vocab.ACTOR_KINDS, format_func=_label(vocab.ACTOR_KIND_LABELS),
                                     index=vocab.ACTOR_KINDS.index(init.get("actor_kind", "co_chairs")),
                                     key=f"{key}_actor_kind")
    raw["actor_name"] = c2.text_input(_("Who (State, champion, organisation, person's role)"),
                                      value=init.get("actor_name", ""), max_chars=vocab.LIMITS["actor_name"],
                                      key=f"{key}_actor_name")
    c1, c2 = st.columns(2)
    raw["kind"] = c1.selectbox(_("Kind"), vocab.KINDS, format_func=_label(vocab.KIND_LABELS), key=f"{key}_kind",
                               index=vocab.KINDS.index(init.get("kind", "bilateral_meeting")))
    lvl = init.get("level")
    raw["level"] = c2.selectbox(_("Level"), vocab.LEVELS, format_func=_label(vocab.LEVEL_LABELS), key=f"{key}_level",
                                index=vocab.LEVELS.index(lvl) if lvl in vocab.LEVELS else None,
                                placeholder=_("Not given"))
    raw["summary"] = st.text_area(_("Summary (plain text)"), value=init.get("summary", ""), key=f"{key}_summary",
                                  max_chars=vocab.LIMITS["summary"], height=90)
    c1, c2 = st.columns(2)
    raw["outcome"] = c1.text_area(_("Outcome"), value=init.get("outcome", ""), key=f"{key}_outcome",
                                  max_chars=vocab.LIMITS["outcome"], height=70)
    raw["next_step"] = c2.text_area(_("Next step"), value=init.get("next_step", ""), key=f"{key}_next",
                                    max_chars=vocab.LIMITS["next_step"], height=70)
    c1, c2 = st.columns(2)
    raw["follow_up_date"] = c1.text_input(_("Follow-up date"), value=long_date(init.get("follow_up_date")),
                                          key=f"{key}_follow",
                                          placeholder=_("e.g. {example} (optional)").format(
                                              example=long_date(dt.date(2024, 4, 16))),
                                          help=_("{example} or 2024-04-16; at the latest {last}").format(
                                              example=long_date(dt.date(2024, 4, 16)), last=long_date(latest)))
    raw["visibility"] = c2.radio(_("Visible to"), vocab.VISIBILITIES, format_func=_label(vocab.VISIBILITY_LABELS),
                                 horizontal=True, key=f"{key}_vis",
                                 index=vocab.VISIBILITIES.index(init.get("visibility", "members")))
    return raw


def _checked(raw: dict, snap: str) -> validation.ActivityInput:
    """The form's values checked (validation.activity), with typed dates and State names resolved first."""
    raw = dict(raw)
    try:
        raw["activity_date"] = parse_form_day("Date", raw["activity_date"])
        raw["follow_up_date"] = parse_form_day("Follow-up date", raw["follow_up_date"], optional=True)
    except reports.BadParameter as exc:
        raise validation.InvalidInput("date", str(exc)) from None
    raw["targets"] = _resolve_states(raw["targets"], snap)
    return validation.activity(raw, _known(snap))


def _known(snap: str) -> frozenset[str]:
    return frozenset(data.run(snap, "countries")["iso3"].to_list())


def _duplicates_table(df: pl.DataFrame, names: dict[str, str]) -> None:
    show = df.select("id", "activity_date", "date_status", "targets", "actor_name", "kind", "entered_by", "summary")
    show_table(_label_codes(show, names), key=f"reg_dupes_{st.session_state.get(_FORM_N, 0)}",
               labels={**LABELS, "actor_name": N_("Who (contact)"), "entered_by": N_("Entered by (contact)")})


def record_section(user: User, labels: dict[str, str], snap: str) -> None:
    store = auth.store()
    done = st.session_state.pop(_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    n = st.session_state.setdefault(_FORM_N, 0)
    st.session_state.setdefault(_UID, str(uuid.uuid4()))
    with st.form(f"reg_new_{n}"):
        raw = _activity_inputs(f"reg_new_{n}", labels)
        submitted = st.form_submit_button(_("Check and save"), icon=":material/save:", type="primary")
    if submitted:
        st.session_state.pop(_PENDING, None)
        try:
            act = _checked(raw, snap)
        except validation.InvalidInput as exc:
            st.error(_("Not saved — {reason}").format(reason=md_escape(exc)), icon=":material/error:")
            return
        dupes, hidden = store.overlapping(user.viewer, act.targets, act.activity_date)
        if dupes.is_empty() and not hidden:
            _save(user, act)
            st.rerun()
        st.session_state[_PENDING] = act
    act = st.session_state.get(_PENDING)
    if act is None:
        return
    dupes, hidden = store.overlapping(user.viewer, act.targets, act.activity_date)
    st.warning(ngettext("Possible duplicate effort: {number} other activity on {states} within ±{days} days of "
                        "{day}. Contact whoever entered them before going ahead.",
                        "Possible duplicate effort: {number} other activities on {states} within ±{days} days of "
                        "{day}. Contact whoever entered them before going ahead.", dupes.height).format(
                   number=dupes.height, states=md_escape(target_names(list(act.targets), state_names(snap))),
                   days=vocab.DUPLICATE_WINDOW_DAYS, day=long_date(act.activity_date))
               + (" " + ngettext("{number} further entry is visible to the Secretariat only: ask the Secretariat.",
                                 "{number} further entries are visible to the Secretariat only: ask the Secretariat.",
                                 hidden).format(number=hidden) if hidden else ""), icon=":material/group:")
    if not dupes.is_empty():
        _duplicates_table(dupes, state_names(snap))
    c1, c2 = st.columns([1, 4])
    if c1.button(_("Save anyway"), key="reg_save_anyway", type="primary", icon=":material/save:"):
        _save(user, act)
        st.rerun()
    if c2.button(_("Cancel"), key="reg_cancel"):
        st.session_state.pop(_PENDING, None)
        st.rerun()


def _save(user: User, act: validation.ActivityInput) -> None:
    new_id = auth.store().add(user.viewer, act, uid=st.session_state[_UID])
    st.session_state.pop(_PENDING, None)
    st.session_state[_UID] = str(uuid.uuid4())
    st.session_state[_FORM_N] = st.session_state.get(_FORM_N, 0) + 1
    st.session_state[_DONE] = _("Saved as entry {number}.").format(number=new_id)


# --- one entry: details, history, edit, delete ------------------------------------------------------------

_WITHHELD = {"before": N_("made visible to members; its earlier content was visible to the Secretariat only"),
             "after": N_("made visible to the Secretariat only; the new content is not shown"),
             "both": N_("changed while visible to the Secretariat only; not shown")}
#: the history's actions in words (the codes stay in the register's CSV)
_ACTIONS = {"create": N_("Created"), "update": N_("Edited"), "delete": N_("Deleted")}


def _shown_value(field: str, value) -> str:
    """A register value as the page shows it: codes in words, dates as 16 April 2024, "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if field in _CODE_MAPS:
        return _(_CODE_MAPS[field][value]) if value in _CODE_MAPS[field] else str(value)
    if field.endswith("_date") or isinstance(value, dt.date):
        try:
            return long_date(value)
        except ValueError:
            return str(value)
    return str(value)


def _changes(before: dict | None, after: dict | None, redacted: str | None = None) -> str:
    if redacted:
        return _(_WITHHELD[redacted]) if not (redacted == "after" and before is None) else _("created")
    if before is None:
        return _("created")
    parts = []
    for k in sorted(set(before) | set(after)):
        if before.get(k) != after.get(k):
            parts.append(f"{_(LABELS[k]) if k in LABELS else k}: {_shown_value(k, before.get(k))} → "
                         f"{_shown_value(k, after.get(k))}")
    return " | ".join(parts) or _("no change")


def entry_section(user: User, labels: dict[str, str], snap: str) -> None:
    store = auth.store()
    entry_id = st.number_input(_("Entry number"), min_value=1, step=1, value=None, key="reg_open_id",
                               placeholder=_("e.g. 12 (first column of the list)"))
    if entry_id is None:
        return
    try:
        e = store.get(user.viewer, int(entry_id))
    except LookupError:
        st.info(_("No entry {number} that you may see.").format(number=int(entry_id)))
        return
    st.markdown("**" + _("Entry {number}").format(number=e["id"]) + f"** · {long_date(e['activity_date'])} "
                f"({_(DATE_STATUS_LABELS.get(e['date_status'], e['date_status']))}) · "
                f"{md_escape(', '.join(labels.get(t, t) for t in e['targets']))}")
    show = pl.DataFrame([{"field": _(LABELS[k]) if k in LABELS else k, "value": _shown_value(k, e[k])} for k in
                         ("actor_kind", "actor_name", "kind", "level", "summary", "outcome", "next_step",
                          "follow_up_date", "visibility", "entered_by", "delete_reason") if k in e])
    st.dataframe(show, hide_index=True, width="stretch", key=f"reg_entry_{e['id']}_{e['version']}",
                 column_config={"field": _("Field"), "value": _("Value")})
    st.markdown(_("**History** (every change is kept)"))
    hist = pl.DataFrame([{"changed_at": f"{long_date(h['changed_at'])}, {h['changed_at']:%H:%M} UTC", "by": h["changed_by"],
                          "action": _(_ACTIONS[h["action"]]) if h["action"] in _ACTIONS else h["action"], "changes": _changes(h["before"], h["after"], h.get("redacted"))}
                         for h in store.history(user.viewer, e["id"])])
    st.dataframe(hist, hide_index=True, width="stretch", key=f"reg_hist_{e['id']}_{e['version']}",
                 column_config={"changed_at": _("Changed"), "by": _("By"), "action": _("Action"), "changes": _("Changes")})
    if not store.may_edit(user.viewer, e):
        st.caption(_("You may read this entry; members edit only the entries they entered.")
                   if e["deleted_at"] is None else _("This entry was deleted."))
        return
    with st.expander(_("Edit this entry"), icon=":material/edit:"):
        with st.form(f"reg_edit_{e['id']}_{e['version']}"):
            raw = _activity_inputs(f"reg_edit_{e['id']}_{e['version']}", labels, initial=e)
            if st.form_submit_button(_("Save changes"), icon=":material/save:"):
                try:
                    store.update(user.viewer, e["id"], _checked(raw, snap),
                                 expected_version=e["version"])
                except (validation.InvalidInput, NotAllowed, Conflict) as exc:
                    st.error(_("Not saved — {reason}").format(reason=md_escape(exc)), icon=":material/error:")
                else:
                    st.rerun()
    with st.expander(_("Delete this entry"), icon=":material/delete:"):
        with st.form(f"reg_delete_{e['id']}"):
            reason = st.text_input(_("Reason (kept with the entry)"), max_chars=vocab.LIMITS["reason"],
                                   key=f"reg_reason_{e['id']}")
            if st.form_submit_button(_("Delete"), icon=":material/delete:"):
                try:
                    store.delete(user.viewer, e["id"], validation.reason(reason))
                except (validation.InvalidInput, NotAllowed) as exc:
                    st.error(_("Not deleted — {reason}").format(reason=md_escape(exc)), icon=":material/error:")
                else:
                    st.rerun()


# --- other pages' signed-in sections ------------------------------------------------------------------------

def profile_outreach(iso3: str, snap: str | None = None) -> None:
    """The card's "Outreach" section: only when signed in."""
    user = auth.current_user()
    if user is None:
        st.caption(_("Outreach recorded in the register is shown here after sign-in (Outreach register page)."))
        return
    st.subheader(_("Outreach"))
    df = auth.store().activities(user.viewer, targets=[iso3], limit=50)
    if df.is_empty():
        st.info(_("No outreach recorded for this State in the register."))
        return
    show_table(_label_codes(df.drop("visibility", "updated_at"), state_names(snap) if snap else None),
               key="pf_outreach", labels=LABELS)


def overview_outreach(snap: str, as_of: dt.date) -> None:
    """The overview's count of activities in the last 90 days by group: only when signed in."""
    user = auth.current_user()
    if user is None:
        return
    today = dt.date.today()
    rows = auth.store().target_rows(user.viewer, since=today - dt.timedelta(days=90), until=today)
    groups = data.run(snap, "status", as_of=as_of, groups=None, statuses=None).select("iso3", "un_regional_group")
    counts = planning.recent_by_group(rows, groups)
    st.subheader(_("Outreach in the last 90 days"))
    if counts.is_empty():
        st.info(_("No outreach recorded in the register in the last 90 days."))
        return
    show_table(counts, key="ov_outreach", labels={"activities": N_("Activities (register)")})
    st.caption(_("Register entries dated {first} – {last} that you may see; an activity on several States of a group "
                 "counts once for it.").format(first=long_date(today - dt.timedelta(days=90)), last=long_date(today)))


# --- planning ---------------------------------------------------------------------------------------------

@data.remembered(32)
@st.cache_resource(show_spinner=False, max_entries=32)
def _public_steps(snap: str, on: dt.date) -> pl.DataFrame:
    return planning.step_table(data.database(snap), on)


@data.remembered(8)
@st.cache_resource(show_spinner=False, max_entries=8)
def _champions(snap: str) -> pl.DataFrame:
    return planning.champions(data.database(snap))


@st.cache_resource(show_spinner=False, max_entries=8)
def _state_summary(role: str, marker: int, today: dt.date) -> pl.DataFrame:
    """The register's per-State summary for a role (what it may read depends only on the role), recomputed
    whenever the register changed (``marker``)."""
    from attdash.register.store import Viewer
    return auth.store().state_summary(Viewer(f"any-{role}", role), today=today)


STEP_LABELS = {"domestic_steps": N_("Domestic steps toward joining"), "latest_unga_vote": N_("Latest UNGA vote"),
               "unga_yes_votes": N_("UNGA yes votes"), "csps_with_presence_evidence": N_("CSPs with presence evidence"),
               "statements_recorded": N_("Statements"), "regional_instruments": N_("Regional instruments"),
               "latest_csp_role": N_("Latest CSP (official list)"), "vtf_proposals": N_("VTF proposals"),
               "last_outreach": N_("Last outreach"), "next_follow_up": N_("Next follow-up"),
               "engaged": N_("Who is engaged"), "activities": N_("Register entries"),
               "no_outreach_12_months": N_("Nothing in 12 months"), "signature_date": N_("Signed")}
#: planning.STEPS' names, translated where shown.
STEP_NAMES = {1: N_("Signatories not yet parties"), 2: N_("Near-term candidates"), 3: N_("Others")}


def planning_view(f) -> None:
    from attdash.vocab import GROUPS, NO_GROUP_LABEL
    snap = f.snapshot.name
    steps = _public_steps(snap, f.on)
    user = auth.current_user()
    if user is not None:
        summary = _state_summary(user.role, auth.store().change_marker(), dt.date.today())
        steps = derived((steps, summary), "outreach", lambda pair: planning.add_outreach(*pair))
        st.caption(_("Signed in: last outreach, next follow-up and who is engaged come from the register."))
    else:
        st.caption(_("Sign in (Outreach register page) to see last outreach, next follow-up and who is engaged."))
    champs = _champions(snap)
    st.subheader(_("Regional champions"))
    if champs.is_empty():
        st.info(_("No champion is recorded in this snapshot: the roster (State, region, since, contact role) comes "
                  "from the Secretariat's replies of national points of contact and is added with its source "
                  "(see Data & sources)."))
    else:
        show_table(champs, key="pl_champions")
    groups = [g for g in GROUPS if not f.groups or g in f.groups]
    groups.sort(key=lambda g: g != planning.FOCUS_GROUP)   # the work plan's Asia-Pacific focus first
    base = ["iso3", "name", "status", "signature_date", "domestic_steps", "latest_unga_vote", "unga_yes_votes",
            "csps_with_presence_evidence", "latest_csp_role", "statements_recorded", "vtf_proposals",
            "regional_instruments"]
    extra = ["last_outreach", "next_follow_up", "engaged", "activities", "no_outreach_12_months"]
    cols = tuple(base + (extra if user is not None else []))
    # One frame per (group, step), made once per step table (attdash.ui.memo), not filtered on every rerun.
    parts = derived(steps, ("parts", cols), lambda s: {
        key: part.select(cols) for key, part in s.partition_by("un_regional_group", "step", as_dict=True).items()})
    if any(g == NO_GROUP_LABEL for g, _step in parts) and not f.groups:
        groups.append(NO_GROUP_LABEL)
    empty = derived(steps, ("empty", cols), lambda s: s.select(cols).clear())
    for g in groups:
        counts = {k: parts[(g, k)].height if (g, k) in parts else 0 for k in planning.STEPS}
        focus = " — " + _("the work plan's focus region") if g == planning.FOCUS_GROUP else ""
        st.subheader(f"{group_label(g)}{focus}")
        step_name = {k: _(STEP_NAMES.get(k, planning.STEPS[k])) for k in planning.STEPS}
        st.caption(" · ".join(f"{step_name[k]}: {counts[k]}" for k in planning.STEPS))
        tabs = st.tabs([f"{step_name[k]} ({counts[k]})" for k in planning.STEPS])
        for k, tab in zip(planning.STEPS, tabs):
            with tab:
                part = parts.get((g, k), empty)
                if part.is_empty():
                    st.caption(_("None on this date."))
                else:
                    show_table(part, key=f"pl_{g}_{k}", labels=STEP_LABELS)
    st.caption(_("Near-term candidates: not signed, with a domestic step toward joining (the strongest signal), "
                 "evidence of presence at a CSP (official lists of participants included), a statement recorded, or a "
                 "Voluntary Trust Fund proposal. A State whose status on this date the "
                 "sources cannot settle is placed by its recorded actions (signed or not)."))
    public = steps.select([c for c in steps.columns if c not in extra])
    # Written when clicked (deferred), not on every rerun.
    st.download_button(_("Download the step table (CSV)"),
                       data=lambda lang=i18n.current(): to_csv_bytes(public, bom=True, lang=lang), mime="text/csv",
                       file_name=file_name("planning", f.on.isoformat()), key="pl_dl", icon=":material/download:")


@data.remembered(256)
@st.cache_resource(show_spinner=False, max_entries=256)
def _domestic_steps(snap: str, iso3: str, on: dt.date) -> pl.DataFrame:
    return planning.domestic_steps(data.database(snap), on, iso3)


def domestic_steps_section(snap: str, iso3: str, on: dt.date) -> None:
    """The card's domestic steps toward joining (public, sourced facts of the snapshot)."""
    steps = _domestic_steps(snap, iso3, on)
    if steps.is_empty():
        return
    st.markdown(_("**Domestic steps toward joining** (national acts; not treaty actions with the depositary)"))
    show_table(steps.select("step_date", "step", "description", "source_ids"), key="pf_domestic_steps",
               labels={"step_date": N_("Date"), "step": N_("Step"), "description": N_("What happened")})


def brief_outreach_rows(iso3: str) -> list[dict] | None:
    """The register's entries on a State for the printed brief: None when signed out (the brief then has no
    outreach section at all)."""
    user = auth.current_user()
    if user is None:
        return None
    df = auth.store().activities(user.viewer, targets=[iso3], limit=20)
    keep = ["activity_date", "actor_name", "kind", "summary", "outcome", "next_step", "follow_up_date"]
    return df.select([c for c in keep if c in df.columns]).to_dicts()
