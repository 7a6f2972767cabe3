"""Where the benchmark scripts read their gold corpora: ../shared/benchmarks, beside the
repository, never copied into it.

CI has ../shared; a user's fresh clone does not (the tests that need it skip with the
reason, see tests/conftest.py). STORYLENS_SHARED points to another copy of ../shared.
Importing this module also puts the repository on sys.path, so `python benchmarks/x.py`
finds the `storylens` package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLENS_SHARED", REPO.parent / "shared"))  # ../shared
BENCHMARKS = SHARED / "benchmarks"  # ../shared/benchmarks

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
