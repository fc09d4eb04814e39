"""The matching engine: a phrase-only checklist builds no token patterns, so
scoring it calls no empty spaCy matcher (spaCy's W036 warning) and its verdicts
are those of the phrases; the tone-free phrase regex finds what a plain
alternation of the phrases finds; a call Doc's kept text is its Doc's text."""

from __future__ import annotations

import re
import warnings

import pytest
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Pipelines, Scorer, parse_checklist
from callqa.qa.scoring.word_regex import word_regex

PHRASES_ONLY = {
    "name": "t",
    "version": "1",
    "languages": ["en"],
    "pass_mark": 50,
    "items": [{"id": "step", "label": "step", "weight": 1, "all_of": [{"en": ["send you"]}]}],
}


def test_a_phrase_only_checklist_calls_no_empty_matcher():
    import spacy  # noqa: F401  (spaCy sets its own warning filters on import)

    call = Transcript(
        language="en",
        duration_s=6.0,
        segments=(Segment(start=1.0, end=5.5, text="I'll send you a quote.", speaker="agent"),),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = Scorer().score(call, parse_checklist(PHRASES_ONLY))
    assert [str(w.message) for w in caught if "W036" in str(w.message)] == []
    assert result.items[0].verdict == "met"


PHRASES = ["ban", "ban hang", "ban hang online", "hang", "an", "o'clock", "x"]
TEXTS = [
    "ban hang onlinex ban hang, xban hang an ban",
    "ban hang online\nban\n hang x-ray at six o'clock",
    "an",
    "bana hangx xx 'x' _ban ban_ hang",
]


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """What the trie must agree with: the phrases longest first, between non-word
    characters."""
    alts = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alts)) + r")(?!\w)")


@pytest.mark.parametrize("text", TEXTS)
def test_the_phrase_trie_finds_what_a_plain_alternation_finds(text: str) -> None:
    trie = word_regex(PHRASES)
    assert trie is not None
    assert [m.span() for m in trie.finditer(text)] == [
        m.span() for m in _alternation(PHRASES).finditer(text)
    ]


def test_the_phrase_trie_takes_the_longest_phrase_at_word_boundaries() -> None:
    trie = word_regex(PHRASES)
    assert trie is not None
    found = [m.group(0) for m in trie.finditer("ban hang onlinex, xban hang an bana")]
    assert found == ["ban hang", "hang", "an"]
    assert word_regex(["", ""]) is None


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("vi", ["Dạ em chào anh, em gọi từ công ty ABC ạ.", "ờ anh đang bận", "ok em"]),
        ("en", ["Hi, uh, it's Sam from Acme.", "I can't talk -- call me at 5:30?", "ok"]),
    ],
)
def test_a_call_doc_keeps_its_docs_text(language: str, texts: list[str]) -> None:
    segments = tuple(
        Segment(start=float(i), end=i + 0.9, text=t, speaker="agent") for i, t in enumerate(texts)
    )
    call = Pipelines().call_doc(segments, language)
    assert call.text == call.doc.text
    assert len(call.folded) == len(call.text)
