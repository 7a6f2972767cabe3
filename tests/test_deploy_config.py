"""The Streamlit config a public deployment runs with (issue 15): no tracebacks shown to
visitors, no usage statistics, no external look-ups at start-up, uploads bounded."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import tomllib

from app import corpora

REPO = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_errors_are_not_shown_to_visitors() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_no_usage_stats_and_no_external_ip_lookup() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["headless"] is True
    assert CONFIG["browser"]["serverAddress"] in {"localhost", "127.0.0.1"}


def test_upload_size_bounded_by_streamlit_and_the_page() -> None:
    mb = CONFIG["server"]["maxUploadSize"]
    assert 0 < mb * 1_000_000 <= corpora.MAX_ZIP_BYTES
    assert corpora.MAX_FILE_BYTES <= corpora.MAX_TOTAL_BYTES <= corpora.MAX_VISITOR_BYTES


def test_page_icon_is_a_bundled_file() -> None:
    """Material and emoji favicons are fetched from a CDN by the browser; a file is served by the app."""
    source = (REPO / "dashboard.py").read_text(encoding="utf-8")
    assert ":material/" not in source.split("st.navigation")[0].split("set_page_config")[1].split(")")[0]
    assert (REPO / "app" / "assets" / "favicon.png").stat().st_size > 0


def _page_imports() -> dict[str, list[str]]:
    """Per page file (and dashboard.py), the project modules it imports, read from its source."""
    import ast

    out: dict[str, list[str]] = {}
    for path in [REPO / "dashboard.py", *sorted((REPO / "pages").glob("*.py"))]:
        mods: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"app", "storylens"}:
                sub = [f"{node.module}.{a.name}" for a in node.names if (REPO / node.module.replace(".", "/") / f"{a.name}.py").exists()]
                mods += sub or [node.module]
            elif isinstance(node, ast.Import):
                mods += [a.name for a in node.names if a.name.split(".")[0] in {"app", "storylens"}]
        out[path.name] = list(dict.fromkeys(mods))
    return out


def test_pages_never_import_spacy() -> None:
    """The dashboard parses nothing: the modules every page imports must not pull in spaCy (62 MB, ~3 s).

    The module list is read from the pages themselves, so a page that starts importing a
    parser-backed module fails here; each page's modules are imported in a fresh interpreter."""
    import json
    import subprocess
    import sys

    pages = _page_imports()
    assert pages["network.py"] and pages["timeline.py"], pages  # the reader found the pages' imports
    code = (
        "import importlib, json, sys\n"
        f"pages = json.loads({json.dumps(json.dumps(pages))})\n"
        "bad = {}\n"
        "for page, mods in pages.items():\n"
        "    for m in mods:\n"
        "        importlib.import_module(m)\n"
        "        if 'spacy' in sys.modules:\n"
        "            bad[page] = m\n"
        "            break\n"
        "    if bad:\n"
        "        break\n"
        "print(json.dumps(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=180, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}, f"spaCy imported (page: module): {done.stdout}"


def test_a_failing_page_shows_an_error_id_not_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """The visitor reads a plain message with an id; the log has the same id with the traceback."""
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from app import errors

        def page() -> None:
            raise RuntimeError("secret path /srv/corpora/abc")

        errors.run_guarded(page, "Timeline")

    caplog.set_level(logging.ERROR, logger="storylens.app")
    at = AppTest.from_function(script).run(timeout=60)
    assert not at.exception  # nothing reached Streamlit's own error display
    shown = at.error[0].value
    error_id = re.search(r"error id \*\*([0-9a-f]{8})\*\*", shown).group(1)
    assert "secret path" not in shown and "RuntimeError" not in shown
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info and "secret path" in str(logged[0].exc_info[1])


def test_a_page_that_fails_inside_the_dashboard_shows_the_error_id(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Through dashboard.py itself: the Overview's first query raises, the visitor sees the plain
    message with an error id, the sidebar is still drawn, and no traceback reaches the page."""
    from streamlit.testing.v1 import AppTest

    from app import data

    def broken_build_info() -> dict:
        raise RuntimeError("secret path /srv/corpora/abc")

    monkeypatch.setattr(data, "build_info", broken_build_info)
    caplog.set_level(logging.ERROR, logger="storylens.app")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error and re.search(r"error id \*\*[0-9a-f]{8}\*\*", at.error[0].value)
    assert "secret path" not in at.error[0].value
    assert at.sidebar.text_input(key="search_box") is not None
    assert any("secret path" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_no_full_garbage_collection_and_no_file_watcher_per_page_run() -> None:
    # Both cost the server CPU on every page run of every visitor (py-spy, issue 15):
    # Streamlit's post-run gc.collect(2) was two thirds of it.
    assert CONFIG["runner"]["postScriptGC"] is False
    assert CONFIG["server"]["fileWatcherType"] == "none"
