"""Cached access to the snapshot for the pages: one connection per snapshot, results cached by
snapshot, query and parameters, so a filter change only reruns what changed.

Query results are held as shared objects (``st.cache_resource``), not copied per rerun: a snapshot never
changes, and Polars frames are not changed in place (every operation returns a new frame), so every session
can read the same frame; unpickling a copy on each rerun cost more than the page's own work.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from typing import Any

import polars as pl
import streamlit as st
from streamlit.runtime.caching import cache_resource_api

from attdash import reports
from attdash.db import Database
from attdash.paths import PATH_SETTINGS
from attdash.profile import build_profile
from attdash.snapshot import get_snapshot
from attdash.ui.memo import Bounded


_DATABASES: dict[tuple, Database] = {}
_DATABASES_LOCK = threading.Lock()


def _streamlit_cache_epoch() -> int | None:
    """Changes when ``st.cache_resource.clear()`` runs (Streamlit then replaces its table of caches)."""
    caches = getattr(cache_resource_api, "_resource_caches", None)
    table = getattr(caches, "_function_caches", None)
    return None if table is None else id(table)


_ENVIRON = getattr(os.environ, "_data", None)  # os.environ's own table (bytes on POSIX): a read costs 0.1 µs, not 1.5
_SETTING_KEYS = tuple(os.environ.encodekey(k) for k in PATH_SETTINGS) if _ENVIRON is not None else ()


def _path_settings() -> tuple:
    if _ENVIRON is not None and os.environ._data is _ENVIRON:
        return tuple(map(_ENVIRON.get, _SETTING_KEYS))
    return tuple(map(os.environ.get, PATH_SETTINGS))


def database(snapshot_name: str) -> Database:
    """The snapshot's open :class:`Database`, one per process, snapshot and path settings.

    Not a ``st.cache_resource`` function: a hit there hashes the argument and records the call for replay
    (measured: 0.14 ms, five to fifteen times a rerun). A plain dict keyed by the name and the path settings
    (``ATTDASH_SNAPSHOTS``, the cache folder and key…) answers instead; ``st.cache_resource.clear()`` or
    :func:`clear_databases` empties it, as it emptied Streamlit's cache before.
    """
    key = (snapshot_name, _streamlit_cache_epoch(), _path_settings())
    db = _DATABASES.get(key)
    if db is not None:
        return db
    with _DATABASES_LOCK:
        db = _DATABASES.get(key)
        if db is None:
            db = Database(get_snapshot(snapshot_name))  # SnapshotDamaged is not remembered
            while len(_DATABASES) >= 8:  # settings changed often (tests): the oldest connection goes
                del _DATABASES[next(iter(_DATABASES))]
            _DATABASES[key] = db
        return db


def clear_databases() -> None:
    with _DATABASES_LOCK:
        _DATABASES.clear()


database.clear = clear_databases  # type: ignore[attr-defined]


def remembered(maxsize: int):
    """A plain memo in front of a ``st.cache_resource`` function whose first argument is the snapshot's name.

    A hit of Streamlit's cache hashes every argument (measured: 0.12 ms for a query with a date and two tuples,
    several times a rerun); this memo looks the arguments up in a dict. Each entry holds the snapshot's
    :func:`database` object it was computed with, and is used only while :func:`database` still returns that object:
    clearing Streamlit's caches (or a new snapshot under the same name) makes the memo recompute. Arguments that
    cannot be dict keys go straight to Streamlit's cache.
    """
    def wrap(cached):
        memo = Bounded(maxsize)

        @functools.wraps(cached)
        def lookup(snapshot_name: str, *args: Any, **kwargs: Any):
            db = database(snapshot_name)
            try:
                key = (snapshot_name, args, tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:
                return cached(snapshot_name, *args, **kwargs)
            hit = memo.get(key)
            if hit is not None and hit[0] is db:
                return hit[1]
            value = cached(snapshot_name, *args, **kwargs)
            memo.put(key, (db, value))
            return value

        lookup.clear = cached.clear  # type: ignore[attr-defined]
        return lookup
    return wrap


@remembered(1024)
@st.cache_resource(show_spinner=False, max_entries=1024)
def run(snapshot_name: str, query: str, **params: Any) -> pl.DataFrame:
    return database(snapshot_name).run(query, **params)


@remembered(256)
@st.cache_resource(show_spinner=False, max_entries=256)
def annex(snapshot_name: str, as_of: dt.date, groups: tuple[str, ...]) -> tuple:
    """The work plan's annex blocks (attdash.annex) on a date for the groups (empty: all five)."""
    from attdash.annex import annex as annex_blocks
    return tuple(annex_blocks(database(snapshot_name), as_of, list(groups) or None))


@remembered(16)
@st.cache_resource(show_spinner=False, max_entries=16)
def record_currency(snapshot_name: str) -> dict:
    return reports.record_currency(database(snapshot_name))


@remembered(256)
@st.cache_resource(show_spinner=False, max_entries=256)
def profile(snapshot_name: str, iso3: str, as_of: dt.date, role: str | None = None, lang: str = "en") -> dict:
    """The card; ``role`` (the viewer's, None signed out) is part of the cache key: restricted elements differ;
    ``lang`` too: the card's dates in words are written in the running page's language (attdash.partial_dates)."""
    return build_profile(database(snapshot_name), iso3, as_of, role=role)


@remembered(64)
@st.cache_resource(show_spinner=False, max_entries=64)
def table(snapshot_name: str, name: str) -> pl.DataFrame:
    return database(snapshot_name).table(name)


@remembered(64)
@st.cache_resource(show_spinner=False, max_entries=64)
def unknown_by_check_date(snapshot_name: str, as_of: dt.date, groups: list[str] | None) -> list[tuple]:
    """(unknown statuses, -ordinal, day) for each date a record check reaches: the overview offers the best."""
    out = []
    for day in run(snapshot_name, "check_dates", as_of=as_of)["checked_on"]:
        counts = run(snapshot_name, "status_counts", as_of=day, groups=groups)
        out.append((int(counts.filter(pl.col("status") == "unknown")["states"][0]), -day.toordinal(), day))
    return out


@remembered(128)
@st.cache_resource(show_spinner=False, max_entries=128)
def status_deck(snapshot_name: str, as_of: dt.date, groups: list[str] | None, statuses: list[str] | None,
                lang: str = "en"):
    """The overview's map on a date with the filters' States at full colour (attdash.ui.world_map), its tooltip in
    ``lang``."""
    from attdash.ui.world_map import status_deck as build
    everyone = run(snapshot_name, "status", as_of=as_of, groups=None, statuses=None)
    selected = set(run(snapshot_name, "status", as_of=as_of, groups=groups, statuses=statuses)["iso3"])
    return build(everyone, selected, lang, state_names(snapshot_name, lang) if lang != "en" else None)


_SNAPSHOT_TABLES = Bounded(16)


def snapshots_table(built: tuple[tuple[str, str], ...]) -> pl.DataFrame:
    """One row per usable snapshot (``built``: their names and build times, the key); remembered in a dict (a hit
    in Streamlit's cache cost 0.2 ms), dropped with Streamlit's caches."""
    key = (built, _streamlit_cache_epoch(), _path_settings())
    hit = _SNAPSHOT_TABLES.get(key)
    if hit is None:
        hit = _snapshots_table(built)
        _SNAPSHOT_TABLES.put(key, hit)
    return hit


@st.cache_resource(show_spinner=False, max_entries=16)
def _snapshots_table(built: tuple[tuple[str, str], ...]) -> pl.DataFrame:
    from attdash.snapshot import list_snapshots
    return pl.DataFrame([{
        "snapshot": s.name, "as_of": s.manifest["as_of"], "built_at": s.manifest.get("built_at", ""),
        "tables": len(s.manifest["tables"]), "rows": sum(t["rows"] for t in s.manifest["tables"].values()),
        "sources_cited": len(s.manifest.get("sources_used", [])),
    } for s in list_snapshots() if (s.name, s.manifest.get("built_at", "")) in built])


@remembered(16)
@st.cache_resource(show_spinner=False, max_entries=16)
def state_names(snapshot_name: str, lang: str) -> dict[str, str]:
    """ISO3 → the State's UN name in ``lang`` (the snapshot's country_names table; attdash.i18n.names)."""
    from attdash.i18n.names import names_in
    try:
        rows = table(snapshot_name, "country_names").to_dicts()
    except Exception:  # a snapshot built before the table existed: English names stay
        return {}
    return names_in(rows, lang)
@remembered(8)
@st.cache_resource(show_spinner=False, max_entries=8)
def state_finder(snapshot_name: str):
    """The snapshot's StateFinder (attdash.country_match): a State by any of its names, as people type them."""
    from attdash.country_match import StateFinder
    return StateFinder.from_database(database(snapshot_name))
