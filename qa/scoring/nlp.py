"""spaCy pipelines for scoring: normalisation, tokenisation and one Doc per call.

Vietnamese uses ``spacy.blank("vi")`` with a word segmenter built on pyvi's CRF
model (compound words such as "công ty" become one token); English uses
``spacy.blank("en")`` with lookup lemmas from spacy-lookups-data. Nothing heavy
is loaded at import time: build one ``Pipelines`` and pass it around.
"""

from __future__ import annotations

import logging
import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qa.records import Segment

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
_SYLLABLE_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+|[^\w\s]")


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
    segments: tuple[Segment, ...]
    tok_seg: list[int]  # segment index per token, -1 for separators
    lowers: list[str]  # token.lower_ per token
    folded: str  # fold(doc.text), same offsets as doc.text
    toneless: list[bool]  # per segment: written without any diacritics (ASR lost them)
    _char_ranges: list[tuple[int, int]] | None = None

    def segment_char_ranges(self) -> list[tuple[int, int]]:
        """Per segment, its (start, end) character offsets in ``doc.text``; (0, 0) if empty."""
        if self._char_ranges is None:
            ranges = [(0, 0)] * len(self.segments)
            doc = self.doc
            for i, seg in enumerate(self.tok_seg):
                if seg < 0:
                    continue
                tok = doc[i]
                lo, hi = ranges[seg]
                end = tok.idx + len(tok.text)
                ranges[seg] = (tok.idx, end) if hi == 0 else (lo, end)
            self._char_ranges = ranges
        return self._char_ranges

    def seg_of(self, start: int, end: int) -> int:
        """Segment index of the token span, or -1 when it crosses a segment break."""
        first, last = self.tok_seg[start], self.tok_seg[end - 1]
        return first if first == last else -1


class VietnameseTokenizer:
    """pyvi word segmentation producing spaCy Docs ("công_ty" -> token "công ty").

    Uses pyvi's own CRF model and features, but builds the feature strings
    directly (twice as fast as ``ViTokenizer.tokenize``, same labels).
    """

    def __init__(self, vocab: Any) -> None:
        import pycrfsuite
        from pyvi.ViTokenizer import ViTokenizer

        self.vocab = vocab
        self._item_sequence = pycrfsuite.ItemSequence
        self._tagger = ViTokenizer.model.tagger_
        self._bi = ViTokenizer.bi_grams
        self._tri = ViTokenizer.tri_grams

    def _features(self, sylls: list[str]) -> list[list[str]]:
        low = [s.lower() for s in sylls]
        title = [s.istitle() for s in sylls]
        upper = [s.isupper() for s in sylls]
        bi, tri, n = self._bi, self._tri, len(sylls)
        out = []
        for i, w in enumerate(low):
            f = ["bias", "word.lower():" + w]
            if upper[i]:
                f.append("word.isupper()")
            if title[i]:
                f.append("word.istitle()")
            if sylls[i].isdigit():
                f.append("word.isdigit()")
            if i > 0:
                p = low[i - 1]
                f.append("-1:word.lower():" + p)
                if title[i - 1]:
                    f.append("-1:word.istitle()")
                if upper[i - 1]:
                    f.append("-1:word.isupper()")
                if p + " " + w in bi:
                    f.append("-1:word.bi_gram()")
                if i > 1 and low[i - 2] + " " + p + " " + w in tri:
                    f.append("-2:word.tri_gram()")
            if i < n - 1:
                q = low[i + 1]
                f.append("+1:word.lower():" + q)
                if title[i + 1]:
                    f.append("+1:word.istitle()")
                if upper[i + 1]:
                    f.append("+1:word.isupper()")
                if w + " " + q in bi:
                    f.append("+1:word.bi_gram()")
                if i < n - 2 and w + " " + q + " " + low[i + 2] in tri:
                    f.append("+2:word.tri_gram()")
            out.append(f)
        return out

    def words(self, text: str) -> list[str]:
        """Segment normalised text into words; syllables of a word joined by spaces."""
        sylls = _SYLLABLE_RE.findall(text)
        if not sylls:
            return []
        labels = self._tagger.tag(self._item_sequence(self._features(sylls)))
        punct = string.punctuation
        words = [sylls[0]]
        for i in range(1, len(sylls)):
            cur, prev = sylls[i], sylls[i - 1]
            if (
                labels[i] == "I_W"
                and cur not in punct
                and prev not in punct
                and not cur[0].isdigit()
                and not prev[0].isdigit()
                and not (cur[0].istitle() and not prev[0].istitle())
            ):
                words[-1] += " " + cur
            else:
                words.append(cur)
        return words

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words = self.words(normalize_text(text))
        return Doc(self.vocab, words=words, spaces=[True] * len(words))


class Pipelines:
    """Builds each language pipeline once and reuses it; pass one instance around."""

    def __init__(self) -> None:
        self._nlp: dict[str, Language] = {}
        self._lemmas: dict[int, int] = {}
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

    def _lemmatize(self, doc: Doc) -> None:
        """Lookup lemmas keyed by the lowercase form ("Calling" -> "call")."""
        cache, strings, table = self._lemmas, doc.vocab.strings, self._lemma_table
        for tok in doc:
            lemma = cache.get(tok.lower)
            if lemma is None:
                low = tok.lower_
                lemma = cache[tok.lower] = strings.add(table.get(low, low))
            tok.lemma = lemma

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
        else:
            doc = nlp.make_doc(f" {SEGMENT_BREAK} ".join(texts))
            starts, pos = [], 0
            for text in texts:
                starts.append(pos)
                pos += len(text) + 3
            for tok in doc:
                tok_seg.append(-1 if tok.is_space else bisect_right(starts, tok.idx) - 1)
            self._lemmatize(doc)
        lowers = [t.lower_ for t in doc]
        return CallDoc(doc, tuple(segments), tok_seg, lowers, fold(doc.text), toneless)
