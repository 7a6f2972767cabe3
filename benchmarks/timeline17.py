"""Key dates (storylens.timeline.key_dates) against the journalists' timelines of Timeline17's 11 development topics.

    python benchmarks/timeline17.py                 # all 11 topics (builds cached in /tmp/storylens-t17)
    python benchmarks/timeline17.py --topics MJ_bbc haiti_bbc
    python benchmarks/timeline17.py --tables noparse   # seconds per topic: a proxy for iterating

Each topic is built by the ordinary build (benchmarks/timeline17_data.py), then ranked over
the whole topic (the key_dates ranking with story_id empty) with k = the number of gold days.

Two protocols, both printed per topic:
- news-tls (the comparable figure): the evaluation protocol of tilse/news-tls (Martschat &
  Markert 2018; Ghalandari & Ifrim 2020, news-tls `experiments/evaluate.py` with
  `data.get_input_time_span(ref_dates, 0)` for Timeline17): the collection is cut to the
  articles published from the journalists' first to their last date, and only days in that
  span can be selected (key_dates' `window`). Published figures on Timeline17 (news-tls
  DATEWISE about 0.54 Date-F1) are measured this way.
- unrestricted: every article of the topic, any day in the coverage: what a researcher who
  loads the whole topic gets, with no knowledge of the journalists' span. Lower where the
  collection runs far past the timeline (bpoil_foxnews: 13 gold days in 12 days, 286 articles
  over ten months).
The baseline gets the same collection and window as ours under each protocol.

Measured (--tables build, 2 Dec 2026; mean of the 11 topics, Date-F1 / ROUGE-1 concat F):
news-tls protocol 0.618 / 0.432 (publication count 0.537 / 0.440); unrestricted 0.579 / 0.438
(0.461 / 0.445). The ranking's weights (storylens/timeline/key_dates.py) were chosen on six
topics (the five bpoil_* and EgyptianProtest_cnn) and held out on the other five stories
(IraqWar_guardian, LibyaWar_cnn, LibyaWar_reuters, MJ_bbc, haiti_bbc): mean Date-F1 on the
held-out five 0.503 -> 0.538 under the news-tls protocol, 0.535 -> 0.591 unrestricted (the
tuning six: 0.656 -> 0.684, 0.541 -> 0.570).
Measures (tilse, Martschat & Markert 2017/2018; news-tls, Ghalandari & Ifrim 2020):
- Date-F1: the k selected days against the gold days (precision = recall = F1 when both have k).
- ROUGE-1 / ROUGE-2 F, concat: every summary of the timeline concatenated against every gold
  summary concatenated.
- ROUGE-1 / ROUGE-2 F, date-aligned (tilse's "agreement"): n-grams match only between the
  system and gold summaries of the same day; precision over all system n-grams, recall over
  all gold n-grams.
Tokens: lower-cased runs of letters and digits, no stemming, no stop-word removal.
The baseline beside each: the k days with most publications, summarised by the same
central-sentence rule over the leads of that day's articles.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import re
from collections import Counter

import pandas as pd

from benchmarks.timeline17_data import TOPICS, built_topic, dated_topic, gold_timeline
from storylens import store
from storylens.tables import to_date
from storylens.timeline.key_dates import key_dates, publication_baseline

_TOKEN = re.compile(r"[a-z0-9]+")


def ngrams(text: str, n: int) -> Counter:
    toks = _TOKEN.findall(text.lower())
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def _f(match: float, sys_total: float, ref_total: float) -> float:
    p = match / sys_total if sys_total else 0.0
    r = match / ref_total if ref_total else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def rouge_concat(system: dict, gold: dict, n: int) -> float:
    s, g = ngrams(" ".join(system.values()), n), ngrams(" ".join(gold.values()), n)
    return _f(sum((s & g).values()), sum(s.values()), sum(g.values()))


def rouge_aligned(system: dict, gold: dict, n: int) -> float:
    sc = {d: ngrams(t, n) for d, t in system.items()}
    gc = {d: ngrams(t, n) for d, t in gold.items()}
    match = sum(sum((sc[d] & gc[d]).values()) for d in sc if d in gc)
    return _f(match, sum(sum(c.values()) for c in sc.values()), sum(sum(c.values()) for c in gc.values()))


def date_f1(system: set, gold: set) -> float:
    hit = len(system & gold)
    return _f(hit, len(system), len(gold))


def scores(system: dict, gold: dict) -> dict[str, float]:
    return {
        "date_f1": date_f1(set(system), set(gold)),
        "r1_concat": rouge_concat(system, gold, 1),
        "r2_concat": rouge_concat(system, gold, 2),
        "r1_aligned": rouge_aligned(system, gold, 1),
        "r2_aligned": rouge_aligned(system, gold, 2),
    }


def topic_tables(topic: str, source: str = "build") -> dict[str, pd.DataFrame]:
    """The tables key dates read: from the full build (`build`, built first when needed), or
    the quicker ones of timeline17_data.dated_topic (`parse`: the build's parse and date
    functions alone; `noparse`: the date grammar without a parse, a proxy)."""
    if source == "build":
        out = built_topic(topic)
        return {n: store.read_table(out, n) for n in ("articles", "sentences", "timexes", "events")}
    return dated_topic(topic, parse=source == "parse") | {"events": pd.DataFrame(columns=["article_id", "date_start", "date_end", "event_type", "actor_ids"])}


PROTOCOLS = ("news-tls", "unrestricted")


def evaluate_topic(topic: str, source: str = "build", protocol: str = "news-tls") -> dict[str, float]:
    """Ours and the baseline's scores on one topic, under one of PROTOCOLS (module docstring)."""
    tables = topic_tables(topic, source)
    gold_rows = gold_timeline(topic)
    gold = gold_rows.groupby("date")["text"].apply(" ".join).to_dict()
    k = len(gold)
    articles, window = tables["articles"], None
    if protocol == "news-tls":
        window = (min(gold), max(gold))
        day = [to_date(p) for p in articles["published"]]
        articles = articles[[d is not None and window[0] <= d <= window[1] for d in day]]
    elif protocol != "unrestricted":
        raise ValueError(f"unknown protocol {protocol!r}: one of {PROTOCOLS}")
    ours = key_dates(articles, tables["sentences"], tables["timexes"], tables["events"], days=k, stories=False, window=window)
    base = publication_baseline(articles, tables["sentences"], k)
    row: dict[str, float] = {"gold_days": k}
    for name, frame in (("ours", ours), ("baseline", base)):
        system = dict(zip(frame["date"], frame["summary"].fillna("").astype(str), strict=True))
        row |= {f"{name}_{m}": v for m, v in scores(system, gold).items()}
    return row


def run(topics: list[str], source: str = "build", protocol: str = "news-tls") -> pd.DataFrame:
    table = pd.DataFrame({t: evaluate_topic(t, source, protocol) for t in topics}).T
    table.loc["mean"] = table.mean()
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", nargs="*", default=list(TOPICS))
    ap.add_argument("--tables", choices=("build", "parse", "noparse"), default="build", help="where the tables come from (see topic_tables)")
    ap.add_argument("--protocol", choices=(*PROTOCOLS, "both"), default="both", help="see the module docstring")
    args = ap.parse_args()
    cols = [f"{w}_{m}" for m in ("date_f1", "r1_concat", "r2_concat", "r1_aligned", "r2_aligned") for w in ("ours", "baseline")]
    for protocol in PROTOCOLS if args.protocol == "both" else (args.protocol,):
        table = run(args.topics, args.tables, protocol)
        print(f"protocol: {protocol}, tables: {args.tables}")
        with pd.option_context("display.width", 250, "display.max_columns", 20):
            print(table[["gold_days", *cols]].round(3).to_string())


if __name__ == "__main__":
    main()
