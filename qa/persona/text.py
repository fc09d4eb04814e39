"""Text folding and tokens shared by the persona extractors."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*[^\W\d_]*\d?|[^\W\d_]+|[.,!?;:]")


def fold(text: str) -> str:
    """Lower case without tone marks: "Sài Gòn" -> "sai gon", "Đồng" -> "dong"."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text.replace("đ", "d"))


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
