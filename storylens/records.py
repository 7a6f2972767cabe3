"""Plain rows out of DataFrames, for the corpus steps' Python loops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


def column_records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows as dicts of the given columns (those the frame has), built from each column's
    `tolist()`. Why: `to_dict("records")` boxes every value of every column one at a time
    (pandas 3 keeps strings in Arrow, slowest to box); over the 600,000 events of a
    20,000-article build that was most of the timeline step's time, for the few columns a
    rule reads. Why not in `tables`: that module is in the code fingerprint of every cached
    corpus step (`compare.story_cache.part_fingerprints`), so a helper added there throws
    away every story's cached alignments."""
    cols = [c for c in columns if c in frame.columns]
    if not cols:
        return [{} for _ in range(len(frame))]
    return [dict(zip(cols, row, strict=True)) for row in zip(*(frame[c].tolist() for c in cols), strict=True)]
