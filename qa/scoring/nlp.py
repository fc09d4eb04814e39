"""spaCy pipelines for scoring: normalisation, tokenisation and one Doc per call.

Vietnamese uses ``spacy.blank("vi")`` with a word segmenter built on pyvi's CRF
model (compound words such as "công ty" become one token); English uses
``spacy.blank("en")`` with lookup lemmas from spacy-lookups-data. Nothing heavy
is loaded at import time: build one ``Pipelines`` and pass it around.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from callqa.qa.records import Segment
from callqa.qa.scoring.vi_sentences import soft_breaks
from callqa.qa.scoring.vi_tokenizer import VietnameseTokenizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("vi", "en")
SEGMENT_BREAK = "\n"  # token placed between segments so no phrase spans two of them

# Old-style tone placement ("hoà", "khoẻ", "thuỷ") -> the common modern form
# ("hòa", "khỏe", "thủy"). Only open syllables ending in oa/oe/uy differ.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VOWEL_TAIL = re.compile(r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_SPACE_RE = re.compile(r"\s+")
# Where one sentence of a segment ends and the next begins: the space after
# ".", "!", "?", ";" or "…" (recognisers punctuate little, so a segment is often
# one sentence). Shared by every part of the scorer that reads sentence by sentence.
SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+")


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    tone = "".join(c for c in decomposed if c in _TONES)
    bare = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", bare)


def normalize_text(text: str) -> str:
    """NFC, one tone-mark placement, collapsed whitespace. Keeps length-stable case."""
    text = unicodedata.normalize("NFC", text)
    text = _VOWEL_TAIL.sub(_move_tone, text)
    return _SPACE_RE.sub(" ", text).strip()


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x2000):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn"
        )
        if len(base) == 1 and base != char:
            table[code] = base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase and strip diacritics ("Đường" -> "duong"); one char in, one char out."""
    return text.translate(_FOLD).lower()


def has_diacritics(text: str) -> bool:
    return text.translate(_FOLD) != text


@dataclass
class CallDoc:
    """One spaCy Doc for a whole call, with token -> segment bookkeeping."""

    doc: Doc
    # doc.text, kept: spaCy's ``Doc.text`` joins every token's text on each read
    text: str
    segments: tuple[Segment, ...]
    tok_seg: list[int]  # segment index per token, -1 for separators
    lowers: list[str]  # token.lower_ per token
    folded: str  # fold(text), same offsets as text
    toneless: list[bool]  # per segment: written without any diacritics (ASR lost them)
    _char_ranges: list[tuple[int, int]] | None = None
    # Vietnamese: tokens ending a sentence in unpunctuated text (``vi_sentences``)
    soft_breaks: frozenset[int] = frozenset()

    def segment_char_ranges(self) -> list[tuple[int, int]]:
        """Per segment, its (start, end) character offsets in ``text``; (0, 0) if empty."""
        if self._char_ranges is None:
            from spacy.attrs import IDX

            ranges = [(0, 0)] * len(self.segments)
            starts = self.doc.to_array([IDX]).tolist()
            for i, seg in enumerate(self.tok_seg):
                if seg < 0:
                    continue
                lo, hi = ranges[seg]
                end = starts[i] + len(self.lowers[i])
                ranges[seg] = (starts[i], end) if hi == 0 else (lo, end)
            self._char_ranges = ranges
        return self._char_ranges

    def seg_of(self, start: int, end: int) -> int:
        """Segment index of the token span, or -1 when it crosses a segment break."""
        first, last = self.tok_seg[start], self.tok_seg[end - 1]
        return first if first == last else -1


class Pipelines:
    """Builds each language pipeline once and reuses it; pass one instance around."""

    def __init__(self) -> None:
        self._nlp: dict[str, Language] = {}
        self._lemmas: dict[int, int] = {}
        self._lower_text: dict[int, str] = {}
        self._lemma_table: Any = None

    def nlp(self, language: str) -> Language:
        lang = language.lower().split("-")[0]
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; have {SUPPORTED_LANGUAGES}")
        if lang not in self._nlp:
            self._nlp[lang] = self._build(lang)
        return self._nlp[lang]

    def _build(self, lang: str) -> Language:
        import spacy

        logger.info("building spaCy pipeline for %s", lang)
        if lang == "vi":
            nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
            nlp.tokenizer = VietnameseTokenizer(nlp.vocab)
            return nlp
        from spacy.lookups import load_lookups

        nlp = spacy.blank("en")
        self._lemma_table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        return nlp

    def _lemmatize(self, doc: Doc, lower_ids: list[int] | None = None) -> None:
        """Lookup lemmas keyed by the lowercase form ("Calling" -> "call")."""
        import numpy
        from spacy.attrs import LEMMA, LOWER

        cache, strings, table = self._lemmas, doc.vocab.strings, self._lemma_table
        if lower_ids is None:
            lower_ids = doc.to_array([LOWER]).tolist()
        lemmas = []
        for low_id in lower_ids:
            lemma = cache.get(low_id)
            if lemma is None:
                low = strings[low_id]
                lemma = cache[low_id] = strings.add(table.get(low, low))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))

    def _lowers(self, doc: Doc) -> tuple[list[int], list[str]]:
        from spacy.attrs import LOWER

        ids = doc.to_array([LOWER]).tolist()
        cache, strings = self._lower_text, doc.vocab.strings
        out = []
        for low_id in ids:
            text = cache.get(low_id)
            if text is None:
                text = cache[low_id] = strings[low_id]
            out.append(text)
        return ids, out

    def make_doc(self, text: str, language: str) -> Doc:
        """A Doc for a short text (patterns, tests), processed like call text."""
        nlp = self.nlp(language)
        doc = nlp.make_doc(normalize_text(text))
        if language.startswith("en"):
            self._lemmatize(doc)
        return doc

    def call_doc(self, segments: Sequence[Segment], language: str) -> CallDoc:
        """One Doc for all segments, with a break token between segments."""
        from spacy.tokens import Doc

        nlp = self.nlp(language)
        texts = [normalize_text(s.text) for s in segments]
        toneless = [not has_diacritics(t) for t in texts]
        tok_seg: list[int] = []
        if language.startswith("vi"):
            tokenizer: VietnameseTokenizer = nlp.tokenizer  # type: ignore[assignment]
            words: list[str] = []
            for index, text in enumerate(texts):
                seg_words = tokenizer.words(text)
                words.extend(seg_words)
                words.append(SEGMENT_BREAK)
                tok_seg.extend([index] * len(seg_words))
                tok_seg.append(-1)
            doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
            doc_text = " ".join(words) + " " if words else ""
            lowers = self._lowers(doc)[1]
        else:
            import numpy
            from spacy.attrs import IDX, IS_SPACE

            doc_text = f" {SEGMENT_BREAK} ".join(texts)
            doc = nlp.make_doc(doc_text)
            starts, pos = [], 0
            for text in texts:
                starts.append(pos)
                pos += len(text) + 3
            arr = doc.to_array([IDX, IS_SPACE])
            seg = numpy.searchsorted(numpy.array(starts), arr[:, 0], side="right") - 1
            seg[arr[:, 1] == 1] = -1
            tok_seg = seg.tolist()
            lower_ids, lowers = self._lowers(doc)
            self._lemmatize(doc, lower_ids)
        vi = language.startswith("vi")
        breaks = soft_breaks(lowers, tok_seg, toneless) if vi else frozenset()
        return CallDoc(
            doc,
            doc_text,
            tuple(segments),
            tok_seg,
            lowers,
            fold(doc_text),
            toneless,
            soft_breaks=breaks,
        )
