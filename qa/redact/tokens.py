"""Digit items: written digit groups and spoken digits (Vietnamese, English) with their spans.

A digit item is one piece of a number as it was said or written: ``0912``,
``chín``, ``double five`` (``55``), ``thirty four`` (``34``), ``hai mươi mốt``
(``21``). Items keep the character span they came from, so a run of them can be
masked in the original text. Which items form a run, and what a run is, is
decided in ``qa.redact.detect``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words, digit groups, or any other single non-space character. Combining marks
# (U+0300..U+036F) keep decomposed (NFD) Vietnamese words in one piece.
_TOKEN = re.compile(r"[0-9]+|(?:[^\W\d_]|[\u0300-\u036f])+|\S")

VI_DIGITS = {
    "không": "0",
    "linh": "0",
    "lẻ": "0",
    "một": "1",
    "mốt": "1",
    "hai": "2",
    "ba": "3",
    "bốn": "4",
    "tư": "4",
    "năm": "5",
    "lăm": "5",
    "nhăm": "5",
    "sáu": "6",
    "bảy": "7",
    "bẩy": "7",
    "tám": "8",
    "chín": "9",
}
# After "mười" / "X mươi": the unit digit (zero words excluded: "hai mươi" is 20).
VI_UNITS = {word: d for word, d in VI_DIGITS.items() if d != "0"}
EN_UNITS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
EN_DIGITS = {"zero": "0", "oh": "0", "o": "0", **EN_UNITS}
EN_TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
EN_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
MULTIPLIERS = {"double": 2, "triple": 3}
DIGIT_WORDS = {**VI_DIGITS, **EN_DIGITS}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str  # lower-cased, NFC


@dataclass(frozen=True)
class DigitItem:
    start: int
    end: int
    digits: str
    spoken: bool
    first_token: int  # index into the token list, to look at what came before


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.start(), m.end(), unicodedata.normalize("NFC", m.group().lower()))
        for m in _TOKEN.finditer(text)
    ]


def digit_items(text: str, tokens: list[Token], skip: list[tuple[int, int]]) -> list[DigitItem]:
    """Every digit item in ``tokens``, in order; tokens inside a ``skip`` span are ignored."""
    items: list[DigitItem] = []
    k = 0
    while k < len(tokens):
        if any(s <= tokens[k].start < e for s, e in skip):
            k += 1
            continue
        found = _item_at(text, tokens, k)
        if found is None:
            k += 1
            continue
        item, k = found
        items.append(item)
    return items


def _item_at(text: str, tokens: list[Token], k: int) -> tuple[DigitItem, int] | None:
    """The digit item starting at token ``k`` and the index after it, or None."""
    tok = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    nxt2 = tokens[k + 2] if k + 2 < len(tokens) else None

    def close(a: Token, b: Token | None, pattern: str = r"\s{1,3}") -> bool:
        return b is not None and re.fullmatch(pattern, text[a.end : b.start]) is not None

    def item(width: int, digits: str, spoken: bool = True) -> tuple[DigitItem, int]:
        last = tokens[k + width - 1]
        return DigitItem(tok.start, last.end, digits, spoken, k), k + width

    word = tok.norm
    if word.isascii() and word.isdigit():
        return item(1, word, spoken=False)
    if word in MULTIPLIERS and close(tok, nxt) and nxt.norm in DIGIT_WORDS:
        return item(2, DIGIT_WORDS[nxt.norm] * MULTIPLIERS[word])
    if word in EN_TEENS:
        return item(1, EN_TEENS[word])
    if word in EN_TENS:
        if close(tok, nxt) and nxt.norm in EN_UNITS:  # "thirty four"
            return item(2, EN_TENS[word] + EN_UNITS[nxt.norm])
        hyphen = nxt is not None and nxt.norm == "-" and close(tok, nxt, "")
        if hyphen and close(nxt, nxt2, "") and nxt2.norm in EN_UNITS:  # "thirty-four"
            return item(3, EN_TENS[word] + EN_UNITS[nxt2.norm])
        return item(1, EN_TENS[word] + "0")
    if word == "mười":
        if close(tok, nxt) and nxt.norm in VI_UNITS:
            return item(2, "1" + VI_UNITS[nxt.norm])
        return item(1, "10")
    if word in VI_UNITS and VI_UNITS[word] != "1" and close(tok, nxt) and nxt.norm == "mươi":
        if close(nxt, nxt2) and nxt2.norm in VI_UNITS:
            return item(3, VI_UNITS[word] + VI_UNITS[nxt2.norm])
        return item(2, VI_UNITS[word] + "0")
    if word in DIGIT_WORDS:
        return item(1, DIGIT_WORDS[word])
    return None
