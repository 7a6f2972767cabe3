"""Package exports that are imported only when first used (PEP 562 module `__getattr__`).

Why: a package's `__init__` names its public functions, but importing all of them eagerly
would load spaCy for a caller that wants one table-only function (the dashboard's network
page needs `storylens.network.co_mentions`, which never touches the parser).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, exporting each name from its submodule.

    `exports` maps a public name to the submodule (relative to `package`) that defines it.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
