"""Each build step's cache is keyed by the code that step runs, no more and no less.

The per-article analysis must be recomputed when its code changes (a stale row would be
served as current) and must not be recomputed when only a corpus step changes (a 20,000
article re-parse for nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storylens import code_fingerprint as cf

LIBRARY = Path(cf.__file__).resolve().parent
ANALYSIS = ("storylens.analyze", "storylens.nlp", "storylens.actors.gazetteer")


def _relative(paths: list[Path], root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in paths}


def test_analysis_closure_holds_what_the_parse_runs_and_not_the_corpus_steps() -> None:
    files = _relative(cf.source_closure(ANALYSIS), LIBRARY)
    for needed in ("analyze.py", "nlp.py", "compare/quotes/extract.py", "actors/mentions.py", "timeline/timexes.py", "compare/__init__.py"):
        assert needed in files, needed
    for corpus_step in ("compare/quote_groups.py", "pipeline.py", "actors/resolve.py", "compare/stories.py"):
        assert corpus_step not in files, corpus_step


def test_prepare_closure_holds_the_cleaning_code() -> None:
    files = _relative(cf.source_closure(("storylens.ingest.prepare",)), LIBRARY)
    assert {"ingest/prepare.py", "ingest/readers.py", "ingest/__init__.py"} <= files
    assert "analyze.py" not in files and "nlp.py" not in files


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "storylens"
    shutil.copytree(LIBRARY, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_a_corpus_step_change_keeps_the_analysis_key(library_copy: Path) -> None:
    before = cf.code_fingerprint(ANALYSIS, library_copy)
    assert before == cf.code_fingerprint(ANALYSIS, LIBRARY)
    _append(library_copy / "compare" / "quote_groups.py", "\nCHANGED = 1\n")
    assert cf.code_fingerprint(ANALYSIS, library_copy) == before
    assert cf.library_fingerprint(library_copy) != cf.library_fingerprint(LIBRARY)


@pytest.mark.parametrize("changed", ["compare/quotes/extract.py", "actors/mentions.py", "tables.py"])
def test_an_analysis_code_change_changes_the_analysis_key(library_copy: Path, changed: str) -> None:
    before = cf.code_fingerprint(ANALYSIS, library_copy)
    _append(library_copy / changed, "\nCHANGED = 1\n")
    assert cf.code_fingerprint(ANALYSIS, library_copy) != before


def test_a_resource_change_changes_every_step(library_copy: Path) -> None:
    resource = next(p for p in cf.resource_files(library_copy) if p.suffix == ".json")
    before = {entry: cf.code_fingerprint((entry,), library_copy) for entry in ("storylens.analyze", "storylens.ingest.prepare")}
    _append(resource, "\n")
    for entry, value in before.items():
        assert cf.code_fingerprint((entry,), library_copy) != value, entry


def test_a_lazy_export_resolves_to_its_module(library_copy: Path) -> None:
    """A name imported from a lazy package pulls in the module defining it, not the package."""
    (library_copy / "probe.py").write_text("from storylens.compare import build_claims\n", encoding="utf-8")
    files = _relative(cf.source_closure(("storylens.probe",), library_copy), library_copy)
    assert {"compare/__init__.py", "compare/claims.py"} <= files
    assert "compare/quote_groups.py" not in files
    (library_copy / "probe.py").write_text("from storylens.compare import not_exported\n", encoding="utf-8")
    files = _relative(cf.source_closure(("storylens.probe",), library_copy), library_copy)
    assert "compare/quote_groups.py" in files  # a name the source does not place: the whole package


def test_the_analysis_key_uses_the_analysis_closure() -> None:
    from storylens import analyze

    assert analyze.ANALYSIS_ENTRIES == ANALYSIS
    assert cf.code_fingerprint(ANALYSIS, LIBRARY) == cf.step_fingerprint(*analyze.ANALYSIS_ENTRIES)
    assert cf.library_fingerprint(LIBRARY) == analyze.CODE_FINGERPRINT


def test_comments_docstrings_and_layout_keep_every_key(library_copy: Path) -> None:
    before = cf.code_fingerprint(("storylens.ingest.prepare",), library_copy)
    path = library_copy / "ingest" / "prepare.py"
    source = path.read_text(encoding="utf-8")
    doc_end = source.index('"""', 3) + 3  # the module docstring, reworded
    path.write_text('"""Reworded."""' + source[doc_end:].replace("\n\n\n", "\n\n\n# a comment\n\n", 1), encoding="utf-8")
    assert cf.code_fingerprint(("storylens.ingest.prepare",), library_copy) == before
    _append(path, "\nCHANGED = 1\n")
    assert cf.code_fingerprint(("storylens.ingest.prepare",), library_copy) != before
