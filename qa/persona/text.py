"""Text folding and tokens shared by the persona extractors."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*[^\W\d_]*\d?|[^\W\d_]+|[.,!?;:]")


def _slow_fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text.replace("đ", "d"))


@functools.cache
def _fold_table() -> dict[int, str]:
    """Latin letters with marks (Vietnamese and the rest of Latin Extended) -> bare letters.

    Built on first use, not at import (about 15 ms that a command reading no text skips).
    """
    return {
        code: _slow_fold(chr(code))
        for code in range(0xC0, 0x2000)
        if chr(code).isalpha()
        and len(_slow_fold(chr(code))) == 1
        and _slow_fold(chr(code)).isascii()
    }


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without tone marks: "Sài Gòn" -> "sai gon", "Đồng" -> "dong"."""
    text = unicodedata.normalize("NFC", text).lower().translate(_fold_table())
    return text if text.isascii() else _slow_fold(text)


@dataclass(frozen=True)
class Token:
    text: str  # lower case, tone marks kept (NFC)
    folded: str
    offset: int  # character offset in the original text

    @property
    def toneless(self) -> bool:
        return self.text == self.folded

    @property
    def is_punct(self) -> bool:
        return self.text in ".,!?;:"


def tokens(text: str) -> list[Token]:
    text = unicodedata.normalize("NFC", text)
    return [Token(m.group().lower(), fold(m.group()), m.start()) for m in _TOKEN.finditer(text)]


def has_phrase(folded_text: str, phrases: tuple[str, ...]) -> bool:
    """Whether any folded phrase occurs in folded text on word boundaries."""
    return any(phrase_at(folded_text, p) >= 0 for p in phrases)


def phrase_at(folded_text: str, phrase: str) -> int:
    match = re.search(rf"(?<![\w$]){re.escape(phrase)}(?!\w)", folded_text)
    return match.start() if match else -1
