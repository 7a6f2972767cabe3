"""The open corpus of this session: read from `?corpus=<id>` (and `&edit=<token>`), kept across pages.

Why the URL and not only the session: a copied link must reopen the same corpus, and a
link opened in a new tab starts a new session. The session remembers the corpus because
Streamlit's page navigation drops query parameters; each run puts `?corpus=` back into the
URL. The edit token is the exception: read once from an edit link into the session, it is
then taken out of the address bar and out of every in-app link, so copying the address or a
link shares a view, never edit rights. The edit link is given only by the Corpus page's
"Copy edit link" control (`share_link(edit=True)`). The corpora this session created are the
only private ones it may list (`pickable()`); everything else is found by its link or
because it was published.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import streamlit as st

from storylens.workspace.builds import BuildQueue, read_status
from storylens.workspace.corpora import SAMPLE_ID, Corpus, Workspace
from storylens.workspace.hosting import HostSettings

_EXPIRY_EVERY_S = 3600


@st.cache_resource(show_spinner=False)
def _workspace(settings: HostSettings) -> Workspace:
    return Workspace(settings)


@st.cache_resource(show_spinner=False)
def _queue(settings: HostSettings) -> BuildQueue:
    """One queue per server process (and per settings): builds of every session share it."""
    return BuildQueue(_workspace(settings))


@st.cache_resource(show_spinner=False)
def _expiry_clock(settings: HostSettings) -> dict[str, float]:
    return {"last": 0.0}


def workspace() -> Workspace:
    settings = HostSettings.from_env()
    ws = _workspace(settings)
    clock = _expiry_clock(settings)
    if time.time() - clock["last"] > _EXPIRY_EVERY_S:
        clock["last"] = time.time()
        ws.expire()
    return ws


def queue() -> BuildQueue:
    return _queue(HostSettings.from_env())


def current() -> Corpus:
    """The corpus this run shows: the URL's, else this session's last, else the sample."""
    ws = workspace()
    from_url = st.query_params.get("corpus")
    wanted = from_url or st.session_state.get("corpus_id") or SAMPLE_ID
    corpus = ws.open(wanted)
    if corpus is None:
        st.session_state["corpus_unknown"] = wanted
        corpus = ws.sample()
    elif from_url:
        # Only a link that opens a corpus clears the "no corpus has this id" note: the dashboard's
        # own call has already taken the unknown id out of the URL when the page calls this again.
        st.session_state.pop("corpus_unknown", None)
    if st.session_state.get("corpus_id") != corpus.id:
        st.session_state["corpus_id"] = corpus.id
    token = st.query_params.get("edit")
    if token is not None:
        if corpus.can_edit(token):
            st.session_state.setdefault("edit_tokens", {})[corpus.id] = token
        # Out of the address bar, right or wrong: the session holds a right one from now on.
        st.query_params.pop("edit", None)
    if not corpus.is_sample:
        if st.query_params.get("corpus") != corpus.id:
            st.query_params["corpus"] = corpus.id
    elif "corpus" in st.query_params:
        st.query_params.pop("corpus", None)
    return corpus


def edit_token(corpus: Corpus) -> str | None:
    """This session's verified edit token for `corpus`, if it holds one."""
    return (st.session_state.get("edit_tokens") or {}).get(corpus.id)


def can_edit(corpus: Corpus | None = None) -> bool:
    corpus = corpus or current()
    return corpus.can_edit(edit_token(corpus))


def remember(corpus: Corpus, token: str) -> None:
    """A corpus this session created: listed in its picker, editable, opened."""
    mine_ids = st.session_state.setdefault("my_corpora", [])
    if corpus.id not in mine_ids:
        mine_ids.append(corpus.id)
    st.session_state.setdefault("edit_tokens", {})[corpus.id] = token
    switch(corpus.id)


def switch(corpus_id: str) -> None:
    """Open another corpus (the session's edit token for it, if any, still applies; it is not put in the URL)."""
    for k in list(st.query_params):
        st.query_params.pop(k, None)  # the old corpus's filters mean nothing in the new one
    st.session_state["corpus_id"] = corpus_id
    st.session_state.pop("data_dir", None)
    st.session_state.pop("corpus_unknown", None)
    if corpus_id != SAMPLE_ID:
        st.query_params["corpus"] = corpus_id


def pickable() -> list[Corpus]:
    """What this visitor's picker lists: the sample, published corpora, this session's own, the open one."""
    ws = workspace()
    seen: dict[str, Corpus] = {SAMPLE_ID: ws.sample()}
    for c in ws.published():
        seen.setdefault(c.id, c)
    for cid in st.session_state.get("my_corpora", []):
        c = ws.open(cid)
        if c is not None:
            seen.setdefault(c.id, c)
    now = current()
    seen.setdefault(now.id, now)
    return list(seen.values())


def link_params(corpus: Corpus | None = None, *, edit: bool = False) -> dict[str, str]:
    """Query parameters that reopen the corpus in a new tab; with the edit token only when held
    and asked for (the Corpus page's edit link), never in the app's own links."""
    corpus = corpus or current()
    if corpus.is_sample:
        return {}
    params = {"corpus": corpus.id}
    token = edit_token(corpus) if edit else None
    if token:
        params["edit"] = token
    return params


def base_url() -> str:
    """The app's address: STORYLENS_PUBLIC_URL, else what the browser used (for links shown on screen)."""
    configured = HostSettings.from_env().public_url
    if configured:
        return configured
    url = st.context.url or ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def share_link(corpus: Corpus, *, edit: bool, page: str = "") -> str:
    params = link_params(corpus, edit=edit)
    return f"{base_url()}/{page}" + (f"?{urlencode(params)}" if params else "")


def absolute(href: str) -> str | None:
    """A relative in-app link as an absolute one for a CSV, without any edit token; None when
    STORYLENS_PUBLIC_URL is unset (a relative link in a file means nothing)."""
    base = HostSettings.from_env().public_url
    if not base or not isinstance(href, str):
        return None
    parts = urlsplit(href)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "edit"]
    return f"{base}/{parts.path.removeprefix('./').lstrip('/')}" + (f"?{urlencode(query)}" if query else "")


def status(corpus: Corpus) -> dict:
    """The build state, with the place in the queue when waiting."""
    s = read_status(corpus)
    if s.get("state") == "queued":
        s["position"] = queue().position(corpus.id)
    return s
