"""Hashes of the library code one build step runs, so a cached result is reused only when
the code that made it is unchanged, and a change to another step leaves it reusable.

Why not one hash of the whole library: each article's analysis is keyed by the code it ran
(`analyze.analysis_key`). With every source file in that key, a change to a corpus step
(quote grouping, stories, claims) re-parsed every article on the next build: 76 minutes on
20,000 articles for a change the parse never reads. Here a step's code is the closure of
its entry modules over their `storylens` imports, read statically from the source (module
and function level, package `__init__`s, the lazy exports of `storylens._lazy`), plus every
file in `storylens/resources` (gazetteer overrides, cue lexicons, the cue model): a data
file is cheap to over-include and costly to miss.

Conservative where the source does not say: a name imported from a package that is neither
a submodule nor a listed lazy export pulls in the whole package.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

PACKAGE = "storylens"
ROOT = Path(__file__).resolve().parent
RESOURCE_SUFFIXES = frozenset({".py", ".yaml", ".json"})


def _module_file(root: Path, module: str) -> Path | None:
    """The file of a `storylens.x.y` module under `root` (a package's `__init__.py`)."""
    parts = module.split(".")[1:]
    base = root.joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _lazy_exports(init: Path) -> dict[str, str] | None:
    """The `_EXPORTS` name -> submodule map of a package using `storylens._lazy`, if any."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in node.targets):
            try:
                return dict(ast.literal_eval(node.value))
            except ValueError:
                return None
    return None


def _package_modules(root: Path, package: str) -> list[str]:
    """Every module of a package (for a name the source does not place)."""
    folder = root.joinpath(*package.split(".")[1:])
    return [".".join([PACKAGE, *p.relative_to(root).with_suffix("").parts]).removesuffix(".__init__") for p in folder.rglob("*.py") if "__pycache__" not in p.parts]


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(body: list[ast.stmt]) -> list[ast.AST]:
    """Every statement of a module, nested ones included (an import inside a function, an
    `if`, a `try`): the blocks only, not the expressions, which ast.walk also visits (0.45 s
    of the three steps' closures, paid on import)."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        out.append(node)
        for block in _BLOCKS:
            stack.extend(getattr(node, block, None) or ())
    return out


def _imported_modules(root: Path, path: Path, module: str, top_level_only: bool) -> set[str]:
    """The `storylens` modules `path` (module `module`) imports: anywhere in its source, or
    only at its top level for a package `__init__` that runs because a submodule is imported
    (its functions are not what the step calls; `storylens.build` imports the whole pipeline
    inside its body)."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body if top_level_only else _statements(tree.body):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                continue
            target_file = _module_file(root, target)
            exports = _lazy_exports(target_file) if target_file and target_file.name == "__init__.py" else None
            for alias in node.names:
                if _module_file(root, f"{target}.{alias.name}"):
                    found.add(f"{target}.{alias.name}")
                elif exports is not None and alias.name in exports:
                    found.add(f"{target}.{exports[alias.name]}")
                elif exports is not None:
                    found.update(_package_modules(root, target))
                else:
                    found.add(target)  # a name defined in the module itself
    return found


def source_closure(entries: tuple[str, ...], root: Path = ROOT) -> list[Path]:
    """The source files the `entries` modules run: themselves, what they import from
    `storylens` (transitively), and the `__init__` of every package on the way (with what
    those import at their top level)."""
    walked: dict[str, bool] = {}  # module -> walked in full (True) or as a parent package only
    todo = [(m, True) for m in entries]
    files: set[Path] = set()
    while todo:
        module, full = todo.pop()
        if walked.get(module) is True or (module in walked and not full):
            continue
        walked[module] = full
        parts = module.split(".")
        todo.extend((".".join(parts[:i]), False) for i in range(1, len(parts)))  # parent packages run first
        path = _module_file(root, module)
        if path is None:
            continue
        files.add(path)
        todo.extend((m, True) for m in _imported_modules(root, path, module, top_level_only=not full))
    return sorted(files)


def resource_files(root: Path = ROOT) -> list[Path]:
    """Every data file of the library (read by some step; all of them are in every hash)."""
    folder = root / "resources"
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in RESOURCE_SUFFIXES and "__pycache__" not in p.parts)


def _hash(paths: list[Path], root: Path) -> str:
    """12 hex digits of sha1 over each file's path (relative to `root`) and content, in order."""
    h = hashlib.sha1()
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode())
        h.update(_code(p) if p.suffix == ".py" else p.read_bytes())
    return h.hexdigest()[:12]


def _code(path: Path) -> bytes:
    """What a Python file runs: its syntax tree without comments, docstrings or layout.

    Why: a cache keyed by the file's bytes was thrown away by a reworded docstring or a
    comment in any file of the step's closure (for the prepare step, 20,000 articles cleaned
    again: 100-200 s). A file that does not parse is hashed by its bytes, so it still
    changes the key."""
    source = path.read_bytes()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            kept = [s for s in body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))]
            node.body = kept or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree).encode()


def code_fingerprint(entries: tuple[str, ...], root: Path = ROOT) -> str:
    """Hash of the source closure of `entries` and the library's resources."""
    return _hash(sorted(set(source_closure(entries, root)) | set(resource_files(root))), root)


def library_fingerprint(root: Path = ROOT) -> str:
    """Hash of all the library's source and resources (the corpus steps' caches use it)."""
    return _hash(sorted(p for p in root.rglob("*") if p.suffix in RESOURCE_SUFFIXES and "__pycache__" not in p.parts), root)


@cache
def step_fingerprint(*entries: str) -> str:
    """`code_fingerprint` of the installed library, once per process, when a build first
    needs it (not on import: a dashboard or a Dask worker importing the library never does)."""
    return code_fingerprint(entries)
