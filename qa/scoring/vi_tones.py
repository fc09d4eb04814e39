"""Recognition errors in Vietnamese tone marks: a mark dropped, never swapped.

A recogniser that gets a Vietnamese syllable wrong mostly leaves a mark out
("đăt quá" for "đắt quá", "dư án" for "dự án", "bảng gia" for "bảng giá");
a different mark in its place makes another word ("đang bán", selling, is not
"đang bận", busy). ``only_dropped`` accepts the first kind and refuses the
second, so a tone-free match in a toned turn can count where the written words
are the phrase with marks missing.
"""

from __future__ import annotations

import unicodedata

_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _parts(char: str) -> tuple[str, frozenset[str]]:
    if char in "đĐ":
        return "d", frozenset({"stroke"})
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = "".join(c for c in decomposed if c not in _MARKS)
    return base, frozenset(c for c in decomposed if c in _MARKS)


def only_dropped(written: str, phrase: str) -> bool:
    """Whether ``written`` is ``phrase`` with some diacritics left out and none
    changed or added (letter for letter, case ignored)."""
    written = unicodedata.normalize("NFC", written.lower())
    phrase = unicodedata.normalize("NFC", phrase.lower())
    if len(written) != len(phrase):
        return False
    for w, p in zip(written, phrase, strict=True):
        if w == p:
            continue
        w_base, w_marks = _parts(w)
        p_base, p_marks = _parts(p)
        if w_base != p_base or not w_marks < p_marks:
            return False
    return True
