"""Widget state <-> URL query parameters for widgets whose values are ids.

Why not only `bind="query-params"`: Streamlit 1.67 binds a widget to the URL by its
*displayed* label (the `format_func` output), so an actor picker would put "Vladimir
Putin" and an article picker a headline into the link. Ids are what the link contract
promises (`?article=<id>&sentence=<n>`) and what survives a renamed actor, so these
widgets are synced by hand, the way the house style describes: the URL is read into
session state (once, and again whenever the URL itself changes), and written back from
the widget's on_change. Widgets with plain values use `bind="query-params"` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st


def _seen_key(key: str) -> str:
    return f"_url_seen_{key}"


def seed(key: str, options: Iterable[Any], *, many: bool = False, default: Any = None, param: str | None = None) -> None:
    """Put the URL's value for `param` (default: `key`) into st.session_state[key].

    Runs before the widget is drawn. Values not among `options` are dropped (a link from
    another corpus must not crash the page). The URL wins when it changed since this
    session last saw it; otherwise the widget keeps what the person chose.
    """
    param = param or key
    opts = {str(o): o for o in options}
    raw = tuple(st.query_params.get_all(param))
    if raw and raw != st.session_state.get(_seen_key(key)):
        st.session_state[_seen_key(key)] = raw
        picked = [opts[v] for v in raw if v in opts]
        if many:
            st.session_state[key] = picked
        elif picked:
            st.session_state[key] = picked[0]
    if key not in st.session_state:
        st.session_state[key] = default
    current = st.session_state[key]
    if many:
        st.session_state[key] = [v for v in (current or []) if str(v) in opts]
    elif current is not None and str(current) not in opts:
        st.session_state[key] = default


def writer(key: str, *, param: str | None = None, clears: Iterable[str] = ()) -> Callable[[], None]:
    """An on_change callback writing st.session_state[key] to the URL (and removing `clears`)."""
    param = param or key

    def _write() -> None:
        value = st.session_state.get(key)
        for other in clears:
            st.query_params.pop(other, None)
        if value is None or value == []:
            st.query_params.pop(param, None)
            st.session_state[_seen_key(key)] = ()
            return
        values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        st.query_params[param] = values if isinstance(value, list) else values[0]
        st.session_state[_seen_key(key)] = tuple(values)

    return _write


def select(key: str, *, set_value: Any) -> None:
    """Change an id-valued widget from code (a chart click) and keep the URL in step."""
    st.session_state[key] = set_value
    writer(key)()
