"""Segmentation never leaves a quotation mark or a one-word fragment as a sentence (storylens.nlp.merge_fragments).

Measured on every corpus by benchmarks/sentence_fragments.py (150 documents each): seeds 2 -> 0,
BBC 19 -> 0, PolNeAR 292 -> 0, MEANTIME 20 -> 0 fragments."""

from __future__ import annotations

from storylens.nlp import _is_fragment, doc_text, sentence_bounds, sentence_of_token


def _texts(doc) -> list[str]:
    text = doc_text(doc)
    return [text[a:b].strip() for _, _, a, b in sentence_bounds(doc)]


def test_closing_mark_joins_its_sentence(nlp) -> None:
    doc = nlp('He warned: "This must stop now. We will make sure North Korea pays a high price for supporting Russia."\n\nNewsweek reached out on Friday.')
    texts = _texts(doc)
    assert '"' not in texts
    assert any(t.endswith('Russia."') for t in texts), texts
    assert texts[-1] == "Newsweek reached out on Friday."


def test_opening_mark_joins_the_next_sentence(nlp) -> None:
    doc = nlp('"\nThe talks failed, officials said. They will resume.')
    texts = _texts(doc)
    assert texts[0].startswith('"') and "talks failed" in texts[0], texts


def test_no_fragment_left_and_token_index_consistent(nlp) -> None:
    doc = nlp('Kirby said the U.S. is "monitoring this closely."\n\n"\n\nRussia has looked elsewhere. " -- " he said.')
    bounds = sentence_bounds(doc)
    assert not any(_is_fragment(doc, a, b) for a, b, _, _ in bounds if doc[a:b].text.strip())
    of = sentence_of_token(doc)
    for si, (a, b, _, _) in enumerate(bounds):
        assert all(of[i] == si for i in range(a, b))
    assert sorted(of) == list(range(len(doc)))
