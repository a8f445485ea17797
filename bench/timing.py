"""The one timing helper of the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], runs: int, *, warmup: bool = True) -> float:
    """Median wall time of ``runs`` calls of ``fn`` in milliseconds (after one untimed call if ``warmup``)."""
    if warmup:
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)
