"""Money amounts as people say them, in Vietnamese and English.

"tầm trăm triệu" 100 000 000, "1 tỷ 2" 1 200 000 000, "hai trăm củ" (củ = triệu),
"hai lít" 200 000 (lít = trăm nghìn), "ba tỏi" (tỏi = tỷ), "500k", "2tr5",
"$25k", "twenty five thousand a year", "a hundred grand", "ninety quid", "a couple
of grand", "two lakh" (lakh = 100 000), "one crore" (crore = 10 000 000), "forty
pounds", "a fiver", "ba chai" (chai = triệu). A phrase is an amount when it carries a
magnitude, a slang unit or a currency, or is at least 1000.
Ranges need no rule: their upper bound is the last amount said, and the last
amount wins.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from callqa.qa.persona.text import Token, tokens

# Words with tone marks are read as written; toneless words (ASR or typed
# without marks) through the folded table, where "tam" may be "tầm" (about).
VI_DIGITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
VI_TENS = {"mười", "mươi", "chục"}
VI_FOLDED_DIGITS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
EN_DIGITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
HUNDRED = {"trăm", "tram", "hundred"}
MAGNITUDES = {
    "nghìn": 1e3, "ngàn": 1e3, "nghin": 1e3, "ngan": 1e3, "k": 1e3, "thousand": 1e3,
    "grand": 1e3, "triệu": 1e6, "trieu": 1e6, "tr": 1e6, "củ": 1e6, "cu": 1e6,
    "million": 1e6, "m": 1e6, "mil": 1e6, "tỷ": 1e9, "tỉ": 1e9, "ty": 1e9, "ti": 1e9,
    "tỏi": 1e9, "toi": 1e9, "billion": 1e9, "lít": 1e5, "lit": 1e5, "xị": 1e5,
    "chai": 1e6, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# Toneless words that are also everyday words: units only right after a number
# ("chai" is a bottle too: "mang theo chai nước").
AMBIGUOUS_UNITS = {"cu", "toi", "lit", "ti", "m", "k", "tr", "chai"}
# A bottle or a litre of something is a measure, not money: "ba chai bia", "hai lít
# xăng" (the slang "hai chai là cùng" names nothing after the unit). What a bottle or
# a litre holds, toned as written; toneless only where the word is not another
# ("dau" is also "đâu").
VOLUME_UNITS = {"chai", "lit", "xi"}
MEASURED = {
    "bia", "xăng", "nước", "rượu", "dầu", "sữa", "nhớt", "mắm", "giấm",
    "xang", "nuoc", "ruou", "sua", "nhot", "mam", "giam",
}  # fmt: skip
CURRENCY_WORDS = {
    "đồng": "VND", "dong": "VND", "vnd": "VND", "vnđ": "VND", "đ": "VND",
    "dollars": "USD", "dollar": "USD", "bucks": "USD", "usd": "USD", "quid": "GBP",
    "pounds": "GBP", "pound": "GBP",
}  # fmt: skip
# Notes said by name, an amount on their own ("a fiver", "two tenners").
NOTES = {"fiver": 5, "fivers": 5, "tenner": 10, "tenners": 10}
# A vague count said before hundreds or a magnitude ("a couple of grand", "a couple
# hundred bucks", "a few thousand"): read as its usual figure.
VAGUE = {"couple": 2, "few": 3}
HALF = {"rưỡi", "ruoi"}
# A digit after a magnitude is its next lower place ("1 tỷ 2" = 1.2 tỷ), unless
# it counts something: "7 triệu một năm" is seven million a year.
COUNTERS = {
    "năm", "nam", "tháng", "thang", "tuần", "tuan", "ngày", "ngay", "người", "nguoi",
    "lần", "lan", "cái", "cai", "tấm", "tam", "kw", "kwp", "year", "month", "week",
}  # fmt: skip
_DIGITS_TOKEN = re.compile(r"(\$?)(\d+(?:[.,]\d+)*)([^\W\d_]*)(\d?)")


@dataclass(frozen=True)
class Amount:
    value: float
    offset: int  # character offset of the phrase in the text
    currency: str | None = None


def _digits(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    return float(raw.replace(",", "."))


def _number_word(tok: Token, nxt: Token | None) -> int | None:
    if tok.text in VI_DIGITS:
        return VI_DIGITS[tok.text]
    if tok.text in EN_DIGITS:
        return EN_DIGITS[tok.text]
    if tok.toneless and tok.folded in VI_FOLDED_DIGITS:
        # "tam tram trieu" is "tầm trăm triệu" (about a hundred million), and a
        # lone "sau", "ba" or "nam" is a word, not a digit, unless a number follows.
        if nxt is None or not (_is_hundred_or_tens(nxt) or nxt.folded in MAGNITUDES):
            return None
        if tok.folded == "tam" and nxt.folded != "muoi":
            return None
        return VI_FOLDED_DIGITS[tok.folded]
    return None


def _is_hundred_or_tens(tok: Token) -> bool:
    return tok.text in HUNDRED or tok.text in VI_TENS or tok.folded in ("muoi", "chuc")


@functools.lru_cache(maxsize=4096)
def find_amounts(text: str) -> tuple[Amount, ...]:
    """Every amount in ``text`` in the order said."""
    toks = tokens(text)
    out: list[Amount] = []
    i = 0
    while i < len(toks):
        amount, i = _phrase(toks, i)
        if amount is not None:
            out.append(amount)
    return tuple(out)


def _phrase(toks: list[Token], i: int) -> tuple[Amount | None, int]:  # noqa: C901
    start = i
    total = group = pending = 0.0
    last_mag = 0.0
    seen = False
    money = False
    currency: str | None = None
    n = len(toks)
    while i < n:
        tok, nxt = toks[i], toks[i + 1] if i + 1 < n else None
        m = _DIGITS_TOKEN.fullmatch(tok.text)
        word = _number_word(tok, nxt)
        if m:
            if seen and last_mag and pending == 0 and group == 0 and not m.group(3):
                pass  # a trailing place digit, handled below
            elif seen and (pending or group) and not last_mag:
                break  # two numbers in a row: a new phrase
            dollar, raw, unit, tail = m.groups()
            value = _digits(raw)
            if dollar:
                currency, money = "USD", True
            if unit in MAGNITUDES:
                mag = MAGNITUDES[unit]
                total += (group + value) * mag
                group = pending = 0.0
                last_mag, money = mag, True
                if tail:
                    total += int(tail) * mag / 10
            elif unit in CURRENCY_WORDS:
                total += value
                currency, money = CURRENCY_WORDS[unit], True
            elif unit:
                break
            elif seen and last_mag and not (pending or group):
                if _counts(nxt) or value >= 1000:
                    break
                total += value * last_mag / (10 ** len(raw))
                i += 1
                seen = True
                break
            else:
                pending = value
            seen = True
        elif word is not None:
            if seen and pending and word < 10 and pending < 10 and not last_mag:
                break
            if seen and last_mag and not (pending or group) and word < 10:
                if _counts(nxt):
                    break
                total += word * last_mag / 10
                i += 1
                break
            pending = pending + word if pending >= 20 and word < 10 else word
            seen = True
        elif seen and (tok.text in HUNDRED):
            group += (pending or 1) * 100
            pending = 0.0
        elif tok.text in HUNDRED and not seen:
            group, seen = 100.0, True
        elif tok.text in VI_TENS or (tok.toneless and tok.folded in ("muoi", "chuc")):
            group += (pending or 1) * 10
            pending, seen = 0.0, True
        elif seen and tok.folded in VOLUME_UNITS and _measured(nxt):
            break  # "ba chai bia": three bottles, not three million
        elif (
            _magnitude(tok) in MAGNITUDES
            and (seen or tok.folded not in AMBIGUOUS_UNITS)
            and not (tok.folded in AMBIGUOUS_UNITS and not seen)
        ):
            mag = MAGNITUDES[_magnitude(tok)]
            total += (group + pending or 1) * mag
            group = pending = 0.0
            last_mag, money, seen = mag, True, True
        elif tok.folded in HALF and seen:
            if last_mag and not (group or pending):
                total += last_mag / 2
            else:
                group += 50 if group >= 100 else 0.5
            money = money or bool(last_mag)
        elif tok.folded in NOTES and not last_mag and not group:
            total += (pending or 1) * NOTES[tok.folded]
            pending, currency, money, seen = 0.0, "GBP", True, True
            i += 1
            break
        elif seen and tok.folded in CURRENCY_WORDS:
            currency, money = CURRENCY_WORDS[tok.folded], True
            i += 1
            break
        elif (
            tok.folded == "a"
            and nxt is not None
            and (nxt.text in HUNDRED or nxt.folded in MAGNITUDES)
        ):
            pending, seen = 1.0, True
        elif not seen and tok.folded in VAGUE and _vague_counts(toks, i + 1):
            pending, seen = float(VAGUE[tok.folded]), True
            if toks[i + 1].folded == "of":  # "a couple of grand"
                i += 1
        elif tok.folded in ("point", "phay", "cham") and pending and nxt is not None:
            tenth = _number_word(nxt, None) if not nxt.text.isdigit() else int(nxt.text[:1])
            if tenth is None or tenth >= 10:
                break
            pending += tenth / 10
            i += 1
        elif tok.folded == "and" and pending and _and_half(toks, i + 1):
            pending += 0.5  # "two and half lakhs", "two and a half thousand"
            i += 1 if toks[i + 1].folded == "half" else 2
        elif tok.folded in ("linh", "le", "and") and seen and (group or last_mag):
            pass
        else:
            if not seen:
                return None, i + 1
            break
        i += 1
    value = total + group + pending
    if not seen:
        return None, max(i, start + 1)
    if not money and value < 1000 or (not money and 1900 <= value <= 2100 and value % 1 == 0):
        return None, max(i, start + 1)
    return Amount(value=value, offset=toks[start].offset, currency=currency), max(i, start + 1)


def _and_half(toks: list[Token], i: int) -> bool:
    """Whether "half" or "a half" comes at ``i`` (after an "and")."""
    if i < len(toks) and toks[i].folded == "a":
        i += 1
    return i < len(toks) and toks[i].folded == "half"


def _measured(tok: Token | None) -> bool:
    """Whether ``tok`` names what a bottle or a litre holds (see ``MEASURED``)."""
    return tok is not None and (tok.folded if tok.toneless else tok.text.lower()) in MEASURED


def _vague_counts(toks: list[Token], i: int) -> bool:
    """Whether hundreds or a magnitude follow at ``i``, after an optional "of"."""
    if i < len(toks) and toks[i].folded == "of":
        i += 1
    return i < len(toks) and (toks[i].text in HUNDRED or _magnitude(toks[i]) in MAGNITUDES)


def _magnitude(tok: Token) -> str:
    """The key a magnitude is looked up by: a word with tone marks as written ("ngân
    hàng" is a bank, not "ngàn"), a toneless one folded."""
    return tok.folded if tok.toneless else tok.text.lower()


def _counts(tok: Token | None) -> bool:
    return tok is not None and (tok.text in COUNTERS or tok.folded in COUNTERS)
