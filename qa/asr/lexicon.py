"""Word lists for the transcript-quality gate, from pinned packages already installed.

Vietnamese: pyvi's dictionary (``pyvi/models/words.txt``, 31k words, one or
more syllables each): every syllable it uses, and every multi-syllable word.
English: the base forms in spaCy's English lemma index, the irregular forms in
its lemma table (both ``spacy-lookups-data``) and spaCy's English stop words;
regular endings (-s, -es, -ed, -ing, -ly, 's) are taken off before looking a
word up. Loaded once, lazily.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

MAX_WORD_SYLLABLES = 4  # longest dictionary word looked for when covering a sentence


@dataclass(frozen=True)
class Lexicon:
    words: frozenset[str]  # single tokens (Vietnamese syllables, English words)
    compounds: frozenset[str]  # multi-syllable Vietnamese words, syllables joined by a space


def normalise(token: str) -> str:
    """Lower case, NFC, punctuation stripped from both ends."""
    token = unicodedata.normalize("NFC", token).lower()
    return token.strip(".,!?;:\"'()[]{}…-–—“”‘’")


@cache
def vietnamese() -> Lexicon:
    text = resources.files("pyvi").joinpath("models/words.txt").read_text(encoding="utf-8")
    words, compounds = set(), set()
    for line in text.splitlines():
        entry = " ".join(normalise(t) for t in line.split())
        if not entry:
            continue
        syllables = entry.split()
        words.update(syllables)
        if len(syllables) > 1:
            compounds.add(entry)
    return Lexicon(frozenset(words), frozenset(compounds))


ENGLISH_ENDINGS = ("'s", "s", "es", "ed", "d", "ing", "ly")


@cache
def english() -> Lexicon:
    from spacy.lang.en.stop_words import STOP_WORDS

    data = resources.files("spacy_lookups_data").joinpath("data")
    words = set(STOP_WORDS)
    for name in ("en_lemma_lookup.json.gz", "en_lemma_index.json.gz"):
        with gzip.open(data.joinpath(name).open("rb"), "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        if name == "en_lemma_lookup.json.gz":
            words.update(w for pair in table.items() for w in pair)
        else:
            words.update(w for forms in table.values() for w in forms)
    words = {normalise(w) for w in words}
    return Lexicon(frozenset(w for w in words if w), frozenset())


def is_word(token: str, lexicon: Lexicon) -> bool:
    """``token`` (normalised) is in ``lexicon``, or is once a regular English ending is off."""
    if token in lexicon.words:
        return True
    return any(
        token.endswith(end) and token[: -len(end)] in lexicon.words
        for end in ENGLISH_ENDINGS
        if len(token) > len(end) + 2
    )


def compound_share(syllables: list[str], lexicon: Lexicon) -> float:
    """Share of syllables that belong to a multi-syllable dictionary word (longest match first)."""
    if not syllables:
        return 0.0
    covered = 0
    i = 0
    while i < len(syllables):
        for size in range(MAX_WORD_SYLLABLES, 1, -1):
            if " ".join(syllables[i : i + size]) in lexicon.compounds:
                covered += size
                i += size
                break
        else:
            i += 1
    return covered / len(syllables)
