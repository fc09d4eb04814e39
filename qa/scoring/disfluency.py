"""A disfluency-free view of a call Doc, so patterns survive fillers and stutters.

Speech recognisers write what was said: "calling from, uh, Solar City", "my
my name is", "hello ah this is Wei Ling". A phrase or token pattern written
without the filler misses those. ``compact_view`` drops filler tokens (and a
comma touching one) and a word repeated straight after itself, and returns a
new Doc of the remaining tokens with their lemmas, plus the index of each kept
token in the original Doc, so a match found in the view maps back to the
original tokens (evidence, question and negation cues keep working there).

Fillers are per language; a language with none gets no view. Vietnamese has
none here yet: "à" and "ạ" are particles that carry meaning (a question, a
polite ending), so which of its hesitation sounds to drop is left to whoever
owns Vietnamese normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from callqa.qa.scoring.nlp import SEGMENT_BREAK, CallDoc

if TYPE_CHECKING:
    from spacy.tokens import Doc

FILLERS: dict[str, frozenset[str]] = {
    # hesitations, and the Singapore/Malaysian discourse particles that carry no
    # content for a pattern ("cannot lah", "this one ah")
    "en": frozenset(
        {
            "uh",
            "uhh",
            "uhm",
            "um",
            "umm",
            "er",
            "erm",
            "err",
            "hmm",
            "hm",
            "mm",
            "mmm",
            "ah",
            "ahh",
            "eh",
            "lah",
            "leh",
            "lor",
            "meh",
            "hor",
        }
    ),  # fmt: skip
}
SOFT_PUNCT = frozenset({",", "-", "--", "…", "..."})


@dataclass(frozen=True)
class CompactView:
    """The segments that had disfluencies, without them, and per kept token its
    index in the call Doc."""

    doc: Doc
    keep: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token offsets ``start:end`` in the view as offsets in the call Doc."""
        return self.keep[start], self.keep[end - 1] + 1


def _dropped(lowers: list[str], tok_seg: list[int], fillers: frozenset[str]) -> list[bool]:
    n = len(lowers)
    drop = [False] * n
    for i, word in enumerate(lowers):
        if tok_seg[i] < 0:
            continue
        if word in fillers:
            drop[i] = True
        elif (
            i > 0
            and tok_seg[i - 1] == tok_seg[i]
            and word == lowers[i - 1]
            and word.isalpha()
            and word not in ("that", "had", "is", "very", "no", "bye")  # "had had", "no no"
        ):
            drop[i] = True  # "my my name", "i i'm"
    for i, word in enumerate(lowers):
        if word in SOFT_PUNCT and tok_seg[i] >= 0:
            prev_filler = i > 0 and drop[i - 1] and lowers[i - 1] in fillers
            next_filler = i + 1 < n and drop[i + 1] and lowers[i + 1] in fillers
            if prev_filler or next_filler:
                drop[i] = True
    return drop


def compact_view(call: CallDoc, language: str) -> CompactView | None:
    """The call without fillers and stutters, or None when there is nothing to drop."""
    fillers = FILLERS.get(language)
    if not fillers:
        return None
    drop = _dropped(call.lowers, call.tok_seg, fillers)
    if not any(drop):
        return None
    import numpy
    from spacy.attrs import LEMMA
    from spacy.tokens import Doc

    # only segments that lost a token: the others read the same as in the call
    segs = {call.tok_seg[i] for i, d in enumerate(drop) if d}
    keep = tuple(
        i
        for i, d in enumerate(drop)
        if not d
        and (
            call.tok_seg[i] in segs
            or (call.tok_seg[i] < 0 and i > 0 and call.tok_seg[i - 1] in segs)
        )
    )
    original = call.doc
    words = [original[i].text if call.tok_seg[i] >= 0 else SEGMENT_BREAK for i in keep]
    doc = Doc(original.vocab, words=words, spaces=[True] * len(words))
    lemmas = original.to_array([LEMMA])[list(keep)]
    doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
    return CompactView(doc, keep)
