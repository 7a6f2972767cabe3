"""Seconds spent per build stage, recorded in build_info.json (`stage_seconds`, and the CPU-seconds
of this process in `stage_cpu_seconds`) for the scaling benchmarks."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator


class StageClock:
    """Wall-clock seconds and this process's CPU-seconds per named stage, summed when a stage runs more than once.

    Why CPU-seconds too: the machines the benchmarks run on are shared, and wall-clock
    seconds then measure the other sessions as well."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - t0, 3)
            self.cpu_seconds[name] = round(self.cpu_seconds.get(name, 0.0) + time.process_time() - c0, 3)


NO_CLOCK = StageClock()
"""A clock nobody reads, the default where a caller does not time the stages."""
