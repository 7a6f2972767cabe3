"""What a visitor sees when a page fails: a plain message and an error id, never a traceback.

On a public server a traceback tells a stranger the server's paths and code; Streamlit's
`showErrorDetails = "none"` hides it but leaves a visitor with nothing to report. Here each
failure gets a short random id, written with the traceback to the server log
(logger "storylens.app"), and shown on the page, so a researcher can tell whoever runs the
server which failure they met. Streamlit's own control flow (rerun, stop, switch page) passes
through: those are BaseExceptions, not errors.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

import streamlit as st

log = logging.getLogger("storylens.app")


def new_error_id() -> str:
    """Eight hexadecimal characters: enough to find one failure in a day's log, nothing to guess from."""
    return secrets.token_hex(4)


def run_guarded(run: Callable[[], object], page_name: str) -> str | None:
    """Run a page; on failure log the traceback under an error id, show a plain message, return the id."""
    try:
        run()
    except Exception:
        error_id = new_error_id()
        log.exception("page %r failed; error id %s", page_name, error_id)
        st.error(
            f"Something went wrong while drawing this page (error id **{error_id}**). "
            "Reloading may help; if it does not, give this id to whoever runs this server: "
            "the details are in its log.",
            icon=":material/error:",
        )
        return error_id
    return None
