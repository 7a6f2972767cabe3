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


def test_pages_never_import_spacy() -> None:
    """The dashboard parses nothing: importing every page's modules must not pull in spaCy (62 MB, ~3 s)."""
    import subprocess
    import sys

    pages = "app.data, app.frames, app.ui, app.urlstate, app.charts, app.highlight, app.network_data, app.compare_data, app.timeline_data"
    code = f"import sys, {pages}, storylens.network.graph; sys.exit(3 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=120).returncode == 0


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


def test_dashboard_runs_every_page_through_the_guard() -> None:
    assert "errors.run_guarded(page.run" in (REPO / "dashboard.py").read_text()
