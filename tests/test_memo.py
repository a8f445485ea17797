"""attdash.ui.memo: a derived value is reused only for the very same source objects."""

from __future__ import annotations

import polars as pl

from attdash.ui import memo


def test_same_object_reuses_and_an_equal_new_object_does_not():
    calls = []
    a = pl.DataFrame({"x": [1, 2]})
    f = lambda df: calls.append(1) or df.height  # noqa: E731
    assert memo.derived(a, "n", f) == 2 and memo.derived(a, "n", f) == 2
    assert len(calls) == 1
    b = pl.DataFrame({"x": [1, 2]})  # equal, but another object: computed again
    memo.derived(b, "n", f)
    assert len(calls) == 2
    memo.derived(a, "other key", f)
    assert len(calls) == 3


def test_several_sources_must_all_be_the_same_objects():
    calls = []
    left, right = pl.DataFrame({"k": [1]}), pl.DataFrame({"k": [1], "v": ["a"]})
    join = lambda pair: calls.append(1) or pair[0].join(pair[1], on="k")  # noqa: E731
    first = memo.derived((left, right), "join", join)
    assert memo.derived((left, right), "join", join) is first and len(calls) == 1
    memo.derived((left, pl.DataFrame({"k": [1], "v": ["b"]})), "join", join)
    assert len(calls) == 2


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(memo._memo, "size", 3)
    frames = [pl.DataFrame({"x": [i]}) for i in range(5)]
    for df in frames:
        memo.derived(df, "bounded", lambda d: d.height)
    assert len(memo._memo) <= 3


def test_a_bounded_memo_drops_the_least_recently_used():
    m = memo.Bounded(2)
    m.put("a", 1)
    m.put("b", 2)
    assert m.get("a") == 1          # "a" is now the most recent
    m.put("c", 3)
    assert m.get("b") is None and m.get("a") == 1 and m.get("c") == 3 and len(m) == 2


def test_remembered_serves_a_hit_only_while_the_snapshot_database_is_the_same(monkeypatch):
    """attdash.ui.data.remembered: a dict memo in front of Streamlit's cache, bound to the snapshot's Database."""
    from attdash.ui import data
    current = {"db": object()}
    monkeypatch.setattr(data, "database", lambda name: current["db"])
    calls = []

    def cached(name, query, **params):
        calls.append((name, query, params))
        return [name, query, len(calls)]
    cached.clear = lambda: None
    run = data.remembered(8)(cached)
    first = run("2026-12-06", "status", groups=("African",))
    assert run("2026-12-06", "status", groups=("African",)) is first and len(calls) == 1
    assert run("2026-12-06", "status", groups=("Asia-Pacific",)) is not first and len(calls) == 2
    current["db"] = object()  # Streamlit's caches cleared, or a new snapshot under the same name
    assert run("2026-12-06", "status", groups=("African",)) is not first and len(calls) == 3
    run("2026-12-06", "status", groups=["African"])  # a list cannot be a key: straight to Streamlit's cache
    run("2026-12-06", "status", groups=["African"])
    assert len(calls) == 5


def test_the_snapshot_database_is_opened_once_and_again_after_a_cache_clear_or_other_settings(monkeypatch, tmp_path):
    """attdash.ui.data.database: one open Database per snapshot and path settings; st.cache_resource.clear() (which
    tests and operators use to start afresh) and clear_databases() drop it, as Streamlit's cache did before."""
    import streamlit as st
    from attdash.ui import data
    opened = []

    class Fake:
        def __init__(self, info):
            opened.append(info)
    monkeypatch.setattr(data, "Database", Fake)
    monkeypatch.setattr(data, "get_snapshot", lambda name: f"info {name}")
    data.clear_databases()
    first = data.database("2026-12-06")
    assert data.database("2026-12-06") is first and opened == ["info 2026-12-06"]
    assert data.database("2026-11-26") is not first and len(opened) == 2
    import os
    before = os.environ.get("ATTDASH_SNAPSHOTS")
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(tmp_path))  # another folder of snapshots: another Database
    other = data.database("2026-12-06")
    assert other is not first and len(opened) == 3
    if before is None:
        monkeypatch.delenv("ATTDASH_SNAPSHOTS")
    else:
        monkeypatch.setenv("ATTDASH_SNAPSHOTS", before)
    assert data.database("2026-12-06") is first and len(opened) == 3
    st.cache_resource.clear()
    assert data.database("2026-12-06") is not first and len(opened) == 4
    data.clear_databases()
    data.database("2026-12-06")
    assert len(opened) == 5
    for i in range(20):  # bounded: settings that change often do not pile up open connections
        monkeypatch.setenv("ATTDASH_CACHE", str(tmp_path / str(i)))
        data.database("2026-12-06")
    assert len(data._DATABASES) <= 8
    data.clear_databases()
