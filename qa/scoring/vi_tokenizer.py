"""Vietnamese word segmentation for spaCy, on pyvi's CRF model.

pyvi's ``ViTokenizer`` joins compound words with underscores ("công_ty"); this
tokenizer produces spaCy Docs whose tokens are those words ("công ty").
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_CACHED_SYLLABLES = 50_000  # feature strings kept per distinct syllable
# Hesitation sounds a recogniser writes out ("em là ờ Lan"): dropped so that
# "em là <name>" still matches. Not "à" or "ừ" (a question final, a yes).
FILLERS = frozenset({"ờ", "ờm", "ừm", "ơ", "ưm", "ầm", "ậm", "uhm", "hmm", "ừm ừm", "ờ ờ"})
# Sentence particles and address finals: the CRF sometimes glues one to its
# neighbour ("Jenny đây", "nha anh"), which hides both words from the patterns.
# A particle joins another syllable only where pyvi's dictionary lists the pair
# ("nha khoa", "mới đây", "trời ơi").
PARTICLES = frozenset(
    {
        "đây", "đó", "đấy", "nha", "nhé", "ạ", "ơi", "nè", "hả", "hỉ", "nghen", "nhen", "á",
        "à", "ha", "hen", "hén", "nhỉ", "chứ", "rứa", "nờ", "hông", "hổng", "nhá",
    }
)  # fmt: skip
SYLLABLE_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+|[^\w\s]")


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
        self._unigrams: dict[str, tuple[str, str, str]] = {}

    def _unigram(self, low: str) -> tuple[str, str, str]:
        feats = self._unigrams.get(low)
        if feats is None:
            feats = ("word.lower():" + low, "-1:word.lower():" + low, "+1:word.lower():" + low)
            if len(self._unigrams) < MAX_CACHED_SYLLABLES:
                self._unigrams[low] = feats
        return feats

    def _features(self, sylls: list[str]) -> list[list[str]]:
        """pyvi's features for each syllable, as crfsuite attribute names."""
        low = [s.lower() for s in sylls]
        uni = [self._unigram(w) for w in low]
        title = [s.istitle() for s in sylls]
        upper = [s.isupper() for s in sylls]
        bi, tri, n = self._bi, self._tri, len(sylls)
        pairs = [low[i] + " " + low[i + 1] in bi for i in range(n - 1)]
        out = []
        for i in range(n):
            f = ["bias", uni[i][0]]
            if upper[i]:
                f.append("word.isupper()")
            if title[i]:
                f.append("word.istitle()")
            if sylls[i].isdigit():
                f.append("word.isdigit()")
            if i > 0:
                f.append(uni[i - 1][1])
                if title[i - 1]:
                    f.append("-1:word.istitle()")
                if upper[i - 1]:
                    f.append("-1:word.isupper()")
                if pairs[i - 1]:
                    f.append("-1:word.bi_gram()")
                if i > 1 and low[i - 2] + " " + low[i - 1] + " " + low[i] in tri:
                    f.append("-2:word.tri_gram()")
            if i < n - 1:
                f.append(uni[i + 1][2])
                if title[i + 1]:
                    f.append("+1:word.istitle()")
                if upper[i + 1]:
                    f.append("+1:word.isupper()")
                if pairs[i]:
                    f.append("+1:word.bi_gram()")
                if i < n - 2 and low[i] + " " + low[i + 1] + " " + low[i + 2] in tri:
                    f.append("+2:word.tri_gram()")
            out.append(f)
        return out

    def _particle_split(self, prev: str, cur: str) -> bool:
        """Whether a particle must stay its own word between these two syllables."""
        low_prev, low_cur = prev.lower(), cur.lower()
        if prev[:1].isupper() and cur[:1].isupper():
            return False  # a name: "Á Châu"
        return (low_prev in PARTICLES or low_cur in PARTICLES) and (
            low_prev + " " + low_cur not in self._bi
        )

    def words(self, text: str) -> list[str]:
        """Segment normalised text into words; syllables of a word joined by spaces."""
        sylls = SYLLABLE_RE.findall(text)
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
                and not self._particle_split(prev, cur)
            ):
                words[-1] += " " + cur
            else:
                words.append(cur)
        kept = [w for w in words if w.lower() not in FILLERS]
        return kept or words

    def __call__(self, text: str) -> Doc:
        from callqa.qa.scoring.nlp import normalize_text
        from spacy.tokens import Doc

        words = self.words(normalize_text(text))
        return Doc(self.vocab, words=words, spaces=[True] * len(words))
