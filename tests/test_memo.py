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
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    frames = [pl.DataFrame({"x": [i]}) for i in range(5)]
    for df in frames:
        memo.derived(df, "bounded", lambda d: d.height)
    assert len(memo._memo) <= 3
