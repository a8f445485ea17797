"""Derived values remembered per source object, for the pages' reruns.

The pages' query results and profile cards are shared objects (``st.cache_resource`` in attdash.ui.data):
the same object comes back on every rerun with the same filters. What a page derives from one (a filtered
frame, labels for display, a chart's rows) is then the same every time, so :func:`derived` computes it once
per (source object, key). The source is held by the memo (so its id cannot be reused); the least recently
used entries are dropped past ``MAX_ENTRIES``. ``fn`` must depend only on the source and the key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 2048

_memo: OrderedDict[tuple[int, Hashable], tuple[Any, Any]] = OrderedDict()
_lock = threading.Lock()


def derived(source: Any, key: Hashable, fn: Callable[[Any], T]) -> T:
    """``fn(source)``, computed once per source object and key. ``source`` may be a tuple of objects (a value
    derived from several): it is then the objects that must be the same, not the tuple."""
    parts = source if type(source) is tuple else (source,)
    k = (tuple(id(x) for x in parts), key)
    with _lock:
        hit = _memo.get(k)
        if hit is not None and len(hit[0]) == len(parts) and all(a is b for a, b in zip(hit[0], parts)):
            _memo.move_to_end(k)
            return hit[1]
    value = fn(source)
    with _lock:
        _memo[k] = (parts, value)
        _memo.move_to_end(k)
        while len(_memo) > MAX_ENTRIES:
            _memo.popitem(last=False)
    return value
