"""Derived values remembered per source object, for the pages' reruns.

The pages' query results and profile cards are shared objects (``st.cache_resource`` in attdash.ui.data):
the same object comes back on every rerun with the same filters. What a page derives from one (a filtered
frame, labels for display, a chart's rows) is then the same every time, so :func:`derived` computes it once
per (source object, key). The source is held by the memo (so its id cannot be reused); the least recently
used entries are dropped past ``MAX_ENTRIES`` (:class:`Bounded`, also used by attdash.ui.data.remembered). ``fn`` must depend only on the source and the key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 2048


class Bounded:
    """A thread-safe memo of at most ``size`` entries; the least recently used go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The entry (None when there is none)."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: Hashable, entry: Any) -> None:
        with self._lock:
            self._items[key] = entry
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


_memo = Bounded(MAX_ENTRIES)


def derived(source: Any, key: Hashable, fn: Callable[[Any], T]) -> T:
    """``fn(source)``, computed once per source object and key. ``source`` may be a tuple of objects (a value
    derived from several): it is then the objects that must be the same, not the tuple."""
    parts = source if type(source) is tuple else (source,)
    k = (tuple(id(x) for x in parts), key)
    hit = _memo.get(k)
    if hit is not None and len(hit[0]) == len(parts) and all(a is b for a, b in zip(hit[0], parts)):
        return hit[1]
    value = fn(source)
    _memo.put(k, (parts, value))
    return value
