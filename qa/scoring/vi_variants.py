"""Regional and spoken variants of Vietnamese checklist phrases.

A checklist is written once in standard (mostly Northern) Vietnamese; calls
come in Southern and Central wording, with chat spellings and code-switching.
``regional_variants`` lists, for every phrase of two or more words, the same
phrase with each word swapped for its regional equivalents ("không cần" ->
"hông cần", "hổng cần", "ko cần"; "ở đâu" -> "ở mô"; "đang dùng" -> "đang
xài"; "hẹn anh" -> "hẹn cô", "hẹn o"). Single words are left alone: out of a
phrase, "mô", "chi" or "tê" mean something else.

The tables hold general equivalences of the language, never wording taken
from a labelled call.
"""

from __future__ import annotations

from collections.abc import Iterable

# word -> regional / spoken equivalents (Southern, Central, chat spelling)
WORD_VARIANTS: dict[str, tuple[str, ...]] = {
    # negation and question finals
    "không": ("hông", "hổng", "ko", "hok", "khum"),
    "chẳng": ("chả",),
    # interrogatives and demonstratives (Central, Southern)
    "gì": ("chi",),
    "sao": ("răng",),
    "thế nào": ("răng", "sao", "ra răng"),
    "đâu": ("mô",),
    "vậy": ("rứa", "dậy", "zậy"),
    "thế": ("vậy", "rứa"),
    "này": ("ni",),
    "kia": ("tê",),
    "bây giờ": ("bây chừ", "chừ", "giờ"),
    "bao giờ": ("khi nào", "khi mô", "chừng nào"),
    "khi nào": ("khi mô", "chừng nào", "bao giờ"),
    "hôm nào": ("bữa nào", "hôm mô", "bữa mô"),
    "lúc nào": ("khi mô", "lúc mô"),
    "nào": ("mô",),
    "hôm nay": ("bữa nay", "hôm ni", "bữa ni"),
    "hôm qua": ("bữa qua", "hôm bữa"),
    "nay": ("ni",),
    "tìm": ("kiếm",),
    "thuê": ("mướn",),
    "nhầm": ("lộn",),
    # everyday vocabulary
    "dùng": ("xài",),
    "xem": ("coi",),
    "đắt": ("mắc",),
    "ốm": ("bệnh",),
    "tôi": ("tui",),
    "lắm": ("dữ", "quá"),
    # code-switching
    "kiểm tra": ("check",),
    "đặt lịch": ("book lịch", "book"),
    "ngân sách": ("budget",),
    # how a customer is addressed
    "anh": ("chị", "cô", "chú", "bác", "o", "bạn", "mình"),
    "chị": ("anh", "cô", "chú", "bác", "o", "bạn", "mình"),
    # how the agent refers to themself (Central and Southern calls use "con", "tui")
    "em": ("con", "cháu", "tui"),
    # sentence particles (Northern -> Southern, Central)
    "nhé": ("nha", "nghe", "nhen", "nghen"),
    "ạ": ("dạ", "nha"),
}

MAX_VARIANTS_PER_PHRASE = 24  # keeps a checklist's phrase count bounded


def _options(words: list[str]) -> list[list[tuple[str, int]]]:
    """Per position, the ways to read it: (text, words consumed); two-word entries first."""
    out: list[list[tuple[str, int]]] = []
    for i, word in enumerate(words):
        opts = [(word, 1)]
        pair = " ".join(words[i : i + 2]) if i + 1 < len(words) else None
        if pair in WORD_VARIANTS:
            opts += [(v, 2) for v in WORD_VARIANTS[pair]]
        opts += [(v, 1) for v in WORD_VARIANTS.get(word, ())]
        out.append(opts)
    return out


def variants(phrase: str) -> list[str]:
    """The regional forms of one phrase (without the phrase itself)."""
    words = phrase.split()
    if len(words) < 2:
        return []
    options = _options(words)
    found: list[str] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(found) >= MAX_VARIANTS_PER_PHRASE:
            return
        if i >= len(words):
            text = " ".join(acc)
            if text != phrase and text not in found:
                found.append(text)
            return
        for text, used in options[i]:
            walk(i + used, [*acc, text])

    walk(0, [])
    return found


def regional_variants(phrases: Iterable[str]) -> tuple[str, ...]:
    """The regional variants of the phrases that are not already among them."""
    base = list(phrases)
    seen = set(base)
    out: list[str] = []
    for phrase in base:
        for variant in variants(phrase):
            if variant not in seen:
                seen.add(variant)
                out.append(variant)
    return tuple(out)
