"""The sidebar filters and their mirror in the URL (``st.query_params``).

A link reopens the same view: the snapshot, the "status on" date, the groups and the
statuses are written to the URL on every run and read from it when a session starts.
A bad URL value gets a notice and falls back to the default; it never raises.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from attdash import i18n, reports
from attdash.i18n import _
from attdash.snapshot import SnapshotDamaged, SnapshotInfo, scan_snapshots, verify
from attdash.ui.format import long_date, parse_user_day
from attdash.ui.kept import kept
from attdash.ui.widgets import md_escape
from attdash.vocab import GROUP_SHORT, GROUPS, OPENED_FOR_SIGNATURE, STATUSES, group_label, status_label

# kept() (attdash.ui.kept): the session's own values
_NOTICES = "notices"
HANDOVER = "handover"
_HANDED_OVER = "handed_over"
_FILTER_KEYS = ("f_snapshot", "f_on", "f_groups", "f_statuses")
_INIT = "url_loaded"
FILTERS = "filters"  # this run's Filters, drawn by app.py (absent when a page runs on its own)
KEEP = "filter_copies"  # the filters' values, restored after a page switch
DEFAULTS = "day_defaults"  # each date field's last default


@dataclass(frozen=True)
class Filters:
    snapshot: SnapshotInfo
    on: dt.date
    groups: tuple[str, ...]
    statuses: tuple[str, ...]

    @property
    def groups_param(self) -> list[str] | None:
        return list(self.groups) or None

    @property
    def statuses_param(self) -> list[str] | None:
        return list(self.statuses) or None

    def describe(self) -> str:
        g = ", ".join(group_label(x) for x in self.groups) if self.groups else _("all UN regional groups")
        return _("{groups} · data as of {day}").format(groups=g, day=long_date(self.snapshot.as_of))


def notice(text: str) -> None:
    """Queue a notice to show at the top of this run's page."""
    kept().setdefault(_NOTICES, []).append(text)


def show_notices() -> None:
    for text in kept().pop(_NOTICES, ()):
        st.warning(text, icon="⚠️")


def _short(value: object) -> str:
    """A user value for a message: at most 40 characters, Markdown-escaped (shows as typed, never as a link)."""
    text = str(value)
    return md_escape(text if len(text) <= 40 else text[:40] + "…")


def url_day(key: str, default: dt.date, as_of: dt.date) -> dt.date:
    """A date from the URL, or ``default`` with a notice when it is malformed or outside the range the snapshot
    can answer for (:func:`attdash.reports.check_day`, the same rule as the command line)."""
    raw = st.query_params.get(key)
    if raw is None:
        return default
    try:
        day = reports.parse_day(raw)
    except reports.BadParameter as exc:
        why = _("is not a real calendar date") if "calendar" in str(exc) else _("is not a date in the form YYYY-MM-DD")
        notice(_("The link's '{key}' date '{value}' {why}. Showing {default} instead.").format(
            key=key, value=_short(raw), why=why, default=long_date(default)))
        return default
    try:
        return reports.check_day(day, as_of)
    except reports.BadParameter:
        notice(_("The link's '{key}' date {day} is outside {first} – {last} (from the Treaty's opening for "
                 "signature to the snapshot's as-of date). Showing {default} instead.").format(
            key=key, day=day.isoformat(), first=long_date(OPENED_FOR_SIGNATURE), last=long_date(as_of),
            default=long_date(default)))
        return default


def _snap_label(name: str, lang: str | None = None) -> str:
    """A snapshot as the picker shows it: its as-of date, 26 November 2026 (the name is that date in ISO form)."""
    try:
        return long_date(dt.date.fromisoformat(name), lang)
    except ValueError:
        return name


def _load_url(snaps: list[SnapshotInfo], broken: dict[str, str]) -> None:
    qp = st.query_params
    names = [s.name for s in snaps]
    snap = qp.get("snapshot")
    if snap in broken:
        notice(_("The link's snapshot cannot be used: {reason}. Showing the newest usable snapshot (data as of "
                 "{name}).").format(reason=md_escape(broken[snap]), name=_snap_label(names[0])))
        snap = None
    elif snap is not None and snap not in names:
        notice(_("Unknown snapshot '{value}' in the link; showing the newest snapshot (data as of {name}).").format(
            value=_short(snap), name=_snap_label(names[0])))
        snap = None
    st.session_state.f_snapshot = snap or names[0]
    info = next(s for s in snaps if s.name == st.session_state.f_snapshot)
    st.session_state.f_on = url_day("on", info.as_of, info.as_of)
    st.session_state.f_groups = _url_choices("group", GROUPS, _("UN regional group"), aliases=GROUP_ALIASES)
    st.session_state.f_statuses = _url_choices("status", STATUSES, _("status"))


#: The usual abbreviations, accepted in links (?group=GRULAC); pages show the full names.
GROUP_ALIASES = {short: full for full, short in GROUP_SHORT.items() if short != full}


def _url_choices(key: str, allowed: tuple[str, ...], what: str, aliases: dict[str, str] | None = None) -> list[str]:
    """The link's values for a multi-choice filter; unknown ones are dropped with a notice."""
    values = [(aliases or {}).get(v, v) for v in st.query_params.get_all(key)]
    bad = [v for v in values if v not in allowed]
    if bad:
        notice(_("Unknown {what} '{value}' in the link; it was ignored. Choose from: {choices}.").format(
            what=what, value=_short(bad[0]), choices=", ".join(allowed)))
    return [v for v in dict.fromkeys(values) if v in allowed]


_ON_TEXT = "f_on_text"


def _typed_day(hi: dt.date) -> None:
    """on_change of the "Status on" field: apply the typed date, or keep the current one with a notice."""
    text = st.session_state.get(_ON_TEXT, "")
    from attdash import i18n
    i18n.use(st.session_state.get("f_lang"))  # a callback runs before app.py: the notices in the page's language
    try:
        day = parse_user_day(text)
    except reports.BadParameter as exc:
        notice(_("{error}. The date was not changed.").format(error=md_escape(exc)))
        return
    if not OPENED_FOR_SIGNATURE <= day <= hi:
        notice(_("{day} is outside {first} – {last}; the date was not changed.").format(
            day=long_date(day), first=long_date(OPENED_FOR_SIGNATURE), last=long_date(hi)))
        return
    st.session_state.f_on = day


def _withdrawn_reasons() -> dict[str, str]:
    from attdash.sources.publish import withdrawn
    from attdash.ui.format import long_date
    return {name: _("the snapshot of {day} was withdrawn ({reason})").format(day=long_date(name),
                                                                              reason=w.get("reason", ""))
            for name, w in withdrawn().items()}


def _offered() -> tuple[list[SnapshotInfo], list]:
    """Usable snapshots minus the withdrawn ones (kept on disk, hidden from the picker), and the damaged ones."""
    from attdash.sources.publish import withdrawn
    snaps, broken = scan_snapshots()
    gone = withdrawn()
    return [s for s in snaps if s.name not in gone] or snaps, broken


@functools.lru_cache(maxsize=64)
def _labels(kind: str, choices: tuple[str, ...], lang: str) -> dict[str, str]:
    """The sidebar's choices in words, once per language (Streamlit formats every choice on every rerun)."""
    label = {"snapshot": _snap_label, "group": group_label, "status": status_label}[kind]
    return {c: label(c, lang) for c in choices}


def _set(key: str, value) -> None:
    """``st.session_state[key] = value`` when it differs (a write costs more than a read, on every rerun)."""
    missing = object()
    if st.session_state.get(key, missing) != value:
        st.session_state[key] = value


def sidebar_filters() -> Filters:
    """Draw the sidebar filters (URL-backed) and return their values.

    Damaged snapshots are named in the sidebar and left out of the picker; a snapshot whose files fail the
    check when it is opened stops the page with a clear error while the picker stays available.
    """
    snaps, broken = _offered()
    if not snaps:
        st.error(_("No usable snapshot of the data was found: whoever maintains this dashboard builds one (see the "
                   "README, “snapshot build”).")
                 + ("".join(f"\n\n{md_escape(b.reason)}" for b in broken)))
        st.stop()
    own = kept()
    if not own.get(_INIT):
        _load_url(snaps, {b.name: b.reason for b in broken} | _withdrawn_reasons())
        own[_INIT] = True
    names = [s.name for s in snaps]
    # Streamlit forgets a widget's value after a run that did not draw it (a page switch); keep a copy.
    copies = own.setdefault(KEEP, {})
    for key in _FILTER_KEYS:
        if key in copies and key not in st.session_state:
            st.session_state[key] = copies[key]
    if st.session_state.get("f_snapshot") not in names:
        st.session_state.f_snapshot = names[0]
    with st.sidebar:
        st.markdown("### " + _("Filters"))
        lang = i18n.current()  # bound in the choices' labels: Streamlit may format them again outside this run
        name = st.selectbox(_("Snapshot (data as of)"), names, key="f_snapshot",
                            format_func=_labels("snapshot", tuple(names), lang).__getitem__,
                            help=_("Each snapshot is an immutable, dated copy of the sourced data."))
        info = next(s for s in snaps if s.name == name)
        on = st.session_state.get("f_on") or info.as_of
        if not OPENED_FOR_SIGNATURE <= on <= info.as_of:
            on = st.session_state.f_on = info.as_of
        # A text field, not st.date_input: a typed date applies on Enter (a date input applies on blur).
        _set(_ON_TEXT, long_date(on))
        st.text_input(_("Status on"), key=_ON_TEXT, on_change=_typed_day, args=(info.as_of,),
                      help=_("Type a date and press Enter: {example} or 2024-04-16. Any date from {first} (opened "
                             "for signature) to {last} (the data's as-of date).").format(
                          example=long_date(dt.date(2024, 4, 16)), first=long_date(OPENED_FOR_SIGNATURE),
                          last=long_date(info.as_of)))
        groups = st.multiselect(_("UN regional group"), GROUPS, key="f_groups",
                                format_func=_labels("group", GROUPS, lang).__getitem__,
                                placeholder=_("All groups"))
        statuses = st.multiselect(_("Status"), STATUSES, key="f_statuses",
                                  format_func=_labels("status", STATUSES, lang).__getitem__,
                                  placeholder=_("All statuses"))
        st.caption(_("The filters and the language are in the page address: copy the link to share this view."))
        for b in broken:
            st.caption(_("Damaged, not offered: {reason}").format(reason=md_escape(b.reason)))
    try:
        verify(info)
    except SnapshotDamaged as exc:
        st.error(_("This snapshot cannot be used: {reason}. Choose another snapshot in the sidebar.").format(
                     reason=md_escape(exc.args[0])),
                 icon="⛔")
        st.stop()
    filters = Filters(info, on, tuple(groups), tuple(statuses))
    copies.update(f_snapshot=name, f_on=on, f_groups=groups, f_statuses=statuses)
    _write_url(filters, snaps[0].name)
    return filters


def set_url_param(key: str, value: str | list[str] | None) -> None:
    """The address's ``key`` set to ``value`` (removed when empty), written only when it differs: one read of the
    address per call (each costs ≈ 15 µs, several calls a rerun)."""
    qp = st.query_params
    if isinstance(value, list):
        if qp.get_all(key) != value:
            if value:
                qp[key] = value
            else:
                del qp[key]
        return
    current = qp.get(key)
    if value in (None, ""):
        if current is not None:
            del qp[key]
    elif current != value:
        qp[key] = value


def _write_url(f: Filters, newest: str) -> None:
    set_url_param("snapshot", None if f.snapshot.name == newest else f.snapshot.name)
    set_url_param("on", None if f.on == f.snapshot.as_of else f.on.isoformat())
    set_url_param("group", list(f.groups))
    set_url_param("status", list(f.statuses))


def _link_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def current() -> Filters:
    """The filters drawn by app.py for this run.

    A page file can run without app.py: in the first session after the server starts, Streamlit resolves
    a deep link (``/profile?iso3=KEN``) by file name before app.py has registered its navigation
    (streamlit/streamlit#9624). The page then hands over once to app.py, which reopens it with the link's
    parameters. Should that not be possible (a test harness), the page draws the filters itself.
    """
    own = kept()
    if FILTERS in own:
        return own[FILTERS]
    if not own.get(_HANDED_OVER):
        own[_HANDED_OVER] = True
        own[HANDOVER] = f"pages/{Path(inspect.stack()[1].filename).name}"
        st.switch_page("app.py", query_params=_link_params())
    from attdash.ui import language
    language.apply()
    language.selector()
    language.direction()
    own[FILTERS] = sidebar_filters()
    show_notices()
    return own[FILTERS]


def resume_handover() -> None:
    """Called by app.py after st.navigation: reopen the page a deep link asked for (see current())."""
    target = kept().pop(HANDOVER, None)
    if target:
        st.switch_page(target, query_params=_link_params())


def day_field(where, label: str, *, key: str, default: dt.date | None, lo: dt.date | None = None,
              hi: dt.date | None = None, help: str | None = None, optional: bool = False) -> dt.date | None:
    """A date field in the pages' one style ("16 April 2024"), typed like the sidebar's "Status on".

    ``st.session_state[key]`` holds the date (``default`` at first); the text field beside it shows it as
    16 April 2024 and takes 16 April 2024 or 2024-04-16 on Enter. A bad or out-of-range date keeps the
    previous one with a notice; ``optional``: an emptied field means no date. Until the user types a date,
    the field follows ``default`` (e.g. "Since" follows the "Until" chosen).
    """
    text_key = f"{key}__text"
    defaults = kept().setdefault(DEFAULTS, {})
    previous = defaults.get(key, default)
    missing = object()
    value = st.session_state.get(key, missing)
    if value is missing or (previous != default and value == previous):
        value = st.session_state[key] = default
    defaults[key] = default

    def _apply() -> None:
        i18n.use(st.session_state.get("f_lang"))  # a callback runs before app.py: its notice in the page's language
        text = (st.session_state.get(text_key) or "").strip()
        if optional and not text:
            st.session_state[key] = None
            return
        try:
            day = parse_user_day(text)
        except reports.BadParameter as exc:
            notice(_("{field}: {error}. The date was not changed.").format(field=label, error=md_escape(exc)))
            return
        if (lo and day < lo) or (hi and day > hi):
            notice(_("{field}: {day} is outside {first} – {last}; the date was not changed.").format(
                field=label, day=long_date(day), first=long_date(lo) or "…", last=long_date(hi) or "…"))
            return
        st.session_state[key] = day

    _set(text_key, long_date(value))
    example = long_date(dt.date(2024, 4, 16))
    where.text_input(label, key=text_key, on_change=_apply,
                     placeholder=_("e.g. {example}").format(example=example) if optional else None,
                     help=(help + " " if help else "") + _("Type a date and press Enter: {example} or 2024-04-16.").format(
                         example=example))
    return value


def parse_form_day(label: str, text: str, *, optional: bool = False) -> dt.date | None:
    """A date typed in a form field (checked when the form is submitted): BadParameter names the field."""
    if optional and not (text or "").strip():
        return None
    try:
        return parse_user_day(text)
    except reports.BadParameter as exc:
        raise reports.BadParameter(f"{label}: {exc}") from None
