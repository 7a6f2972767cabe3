"""Timeline17 development topics as Storylens inputs, and their builds, cached outside the repository.

Timeline17 (Tran et al. 2013) ships each topic's articles tokenised ("Michael 's death",
"`` not a suspect ''"); `detokenise` puts the words back together so that spaCy parses
them as it parses news text. Each topic becomes one JSONL file (text, published = the
article's dct, outlet = the topic's publisher) and is built by the ordinary build
(`storylens.build`), so the benchmark measures what a researcher who loads the topic gets.

Builds land in `$STORYLENS_T17_CACHE` (default /tmp/storylens-t17/<topic>); a build is
incremental, so a second run with unchanged code re-analyses nothing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd

from benchmarks.data_paths import BENCHMARKS

T17 = BENCHMARKS / "timeline17-dev"
CACHE = Path(os.environ.get("STORYLENS_T17_CACHE", "/tmp/storylens-t17"))
TOPICS = (
    "bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost",
    "EgyptianProtest_cnn", "IraqWar_guardian", "LibyaWar_cnn", "LibyaWar_reuters", "MJ_bbc", "haiti_bbc",
)  # fmt: skip
PUBLISHERS = {"bbc": "BBC", "foxnews": "Fox News", "guardian": "The Guardian", "reuters": "Reuters", "washingtonpost": "Washington Post", "cnn": "CNN"}

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def detokenise(text: str) -> str:
    """Penn-Treebank tokens back to running text: no space before , . ; : ! ? ) 's n't, none after
    ( and opening quotes, `` and '' as straight double quotes."""
    for k, v in _BRACKETS.items():
        text = text.replace(k, v)
    text = re.sub(r"``\s*", '"', text)
    text = re.sub(r"\s*''", '"', text)
    text = re.sub(r"`\s*", "'", text)
    text = re.sub(r"\s+([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$])\s+", r"\1", text)
    text = re.sub(r"\s+('s|'re|'ve|'ll|'d|'m|n't|')(?=\s|$|[,.;:!?])", r"\1", text, flags=re.I)
    text = re.sub(r'"\s+([^"]*?)\s+"', r'"\1"', text)
    return re.sub(r"[ \t]+", " ", text).strip()


def publisher(topic: str) -> str:
    return PUBLISHERS.get(topic.rsplit("_", 1)[-1], topic.rsplit("_", 1)[-1])


def gold_timeline(topic: str) -> pd.DataFrame:
    """The journalists' timeline: one row per (date, summary text), dates as datetime.date."""
    rows = json.loads((T17 / topic / "timeline.json").read_text(encoding="utf-8"))
    return pd.DataFrame({"date": [pd.Timestamp(r["date"]).date() for r in rows], "text": [detokenise(r["text"]) for r in rows]})


def write_topic(topic: str, path: Path, limit: int | None = None, max_chars: int | None = None) -> Path:
    """Write the topic's articles to `path` as JSONL (text, published, outlet, id): all of
    them, or the first `limit` by publication day of those under `max_chars` characters (a
    small, fast subset for the dashboard tests; a few Timeline17 "articles" are whole pages)."""
    arts = json.loads((T17 / topic / "articles.json").read_text(encoding="utf-8"))
    if max_chars is not None:
        arts = [a for a in arts if len(a["text"]) < max_chars]
    if limit is not None:
        arts = sorted(arts, key=lambda a: (a["dct"][:10], str(a["uid"])))[:limit]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps({"text": detokenise(a["text"]), "published": a["dct"][:10], "outlet": publisher(topic), "id": a["uid"]}) + "\n")
    tmp.replace(path)
    return path


def dashboard_subset(folder: Path) -> Path:
    """The Timeline17 input the dashboard tests load through the Corpus page: the smallest
    topic (MJ_bbc, 142 articles), its first 40 articles under 8,000 characters (97 k
    characters from 27 Jun 2009 to 11 Jan 2011; about 22 s of CPU to build)."""
    return write_topic("MJ_bbc", folder / "MJ_bbc_40.jsonl", limit=40, max_chars=8000)


def topic_input(topic: str, root: Path = CACHE) -> Path:
    """The topic's articles as one JSONL file in `root/<topic>-input/` (written once)."""
    path = root / f"{topic}-input" / f"{topic}.jsonl"
    if not path.exists():
        write_topic(topic, path)
    return path.parent


def built_topic(topic: str, root: Path = CACHE, workers: int = 1, rebuild: bool = False) -> Path:
    """The topic built by `storylens.build` into `root/<topic>`; an existing build is reused
    unless `rebuild` (any change to the library's code re-analyses every article)."""
    import storylens

    out = root / topic
    if rebuild or not (out / "build_info.json").exists():
        storylens.build([topic_input(topic, root)], out, workers=workers)
    return out


def dated_topic(topic: str, root: Path = CACHE, parse: bool = True) -> dict[str, pd.DataFrame]:
    """The three tables the key-dates ranking reads (articles, sentences, timexes), made with
    the build's own sentence and date-expression functions but without its other per-article
    stages (mentions, quotes, events: most of a build's time), cached in `root/<topic>-dates/`.
    For iterating on the ranking in minutes; the reported figures come from the full build
    (`built_topic`). Articles are as the dataset gives them (no de-duplication, publication
    day = the dataset's dct).

    `parse=False` is cheaper still (seconds per topic instead of CPU-minutes on a loaded
    machine): sentences from spaCy's rule-based sentencizer and the date expressions from
    the grammar without a parse (tense from the words alone), so a proxy of the build's
    tables, not the same ones."""
    from storylens.analyze import _trace, sentence_index, sentence_records
    from storylens.nlp import load_nlp
    from storylens.settings import Settings
    from storylens.timeline.timexes import timex_records

    folder = root / (f"{topic}-dates" if parse else f"{topic}-dates-noparse")
    names = ("articles", "sentences", "timexes")
    if not (folder / "done").exists():
        arts = json.loads((T17 / topic / "articles.json").read_text(encoding="utf-8"))
        texts = [detokenise(a["text"]) for a in arts]
        pubs = [pd.Timestamp(a["dct"][:10]).date() for a in arts]
        ids = [str(a["uid"]) for a in arts]
        if parse:
            nlp = load_nlp(Settings().model)
            nlp.select_pipes(disable=[p for p in ("ner",) if p in nlp.pipe_names])  # no stage read here uses entities
        else:
            import spacy

            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
        sents, timexes = [], []
        for aid, text, pub, doc in zip(ids, texts, pubs, nlp.pipe(texts, batch_size=16), strict=True):
            sents.extend(sentence_records(doc, aid))
            timexes.extend(_trace(timex_records(text, pub, doc if parse else None), aid, sentence_index(doc), "timex_id"))
        folder.mkdir(parents=True, exist_ok=True)
        frames = {
            "articles": pd.DataFrame({"article_id": ids, "published": pubs, "outlet": publisher(topic), "status": "analysed", "duplicate_of": None}),
            "sentences": pd.DataFrame(sents),
            "timexes": pd.DataFrame(timexes),
        }
        for n in names:
            frames[n].to_pickle(folder / f"{n}.pkl")
        (folder / "done").write_text("ok")
    return {n: pd.read_pickle(folder / f"{n}.pkl") for n in names}
