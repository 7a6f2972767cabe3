"""Seconds spent per build stage, recorded in build_info.json (`stage_seconds`) for the scaling benchmarks."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator


class StageClock:
    """Wall-clock seconds per named stage, summed when a stage runs more than once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - t0, 3)


NO_CLOCK = StageClock()
"""A clock nobody reads, the default where a caller does not time the stages."""
