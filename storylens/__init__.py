"""Storylens: turn the coverage of one news story by several outlets into traceable tables.

Public API for notebooks and scripts:
    tables = storylens.build(["data/raw"], "data/processed", workers=2)
    tables = storylens.load("data/processed")
Both return a dict of DataFrames keyed by table name (see storylens.tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["build", "load", "__version__"]
__version__ = "0.1.0"


def build(inputs: Any, out_dir: str | Path, **settings: Any) -> dict[str, pd.DataFrame]:
    """Build every table from article files/folders into out_dir; see storylens.pipeline.build."""
    from storylens.pipeline import build as _build

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    corrections = settings.pop("corrections", None)
    return _build(list(inputs), out_dir, corrections_path=corrections, **settings)


def load(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read the tables of a build back as DataFrames."""
    from storylens.store import load as _load

    return _load(out_dir)
