"""Find PII spans in text, classify digit runs, and mask text.

See the ``qa.redact`` package docstring for what counts as each kind and the
order in which kinds are tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callqa.qa.redact.settings import Redaction, RedactionSettings
from callqa.qa.redact.tokens import DigitItem, Token, digit_items, tokenize

MAX_CARD_DIGITS = 19
MAX_PHONE_DIGITS = 15  # E.164, country code included
MIN_SPOKEN_DIGITS = 8  # a spoken digit run shorter than this is an ordinary number
MAX_RUN_DIGITS = MAX_CARD_DIGITS + 3  # room for a 00 / 84 prefix in front of a long number

# --- e-mail: written (an@gmail.com) and spoken (an at gmail dot com, an a còng gmail chấm com)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9_%+\-]*[A-Za-z0-9])?"
_SPOKEN_DOT = r"\s+(?:dot|chấm)\s+"
_EMAIL = re.compile(
    rf"(?<![\w.@+\-])(?P<local>{_LABEL}(?:(?:[._\-]|{_SPOKEN_DOT}){_LABEL})*)"
    r"(?P<at>\s?@\s?|\s+(?:at|a\s?còng|a\s?móc|còng)\s+)"
    rf"(?P<domain>{_LABEL}(?:(?:\.|{_SPOKEN_DOT}){_LABEL})+)(?![\w@])",
    re.IGNORECASE,
)
# Top-level domains accepted in a spoken address, where ordinary speech could match.
SPOKEN_TLDS = {"com", "net", "org", "vn", "edu", "gov", "io", "co", "info", "biz", "me", "us"}

# --- digit runs
# Between two items of one run: spaces and phone punctuation. A run is all written
# or all spoken: "năm 2024" is "the year 2024", not 52024. A comma joins spoken
# digits ("zero, nine, one"); between written groups it separates a list
# ("100, 200, 300"), and "150,000,000" is an amount.
_GAP = re.compile(r"[\s.,()\-–—]{0,4}")
# A quantity, not an identifier, when the number is followed or preceded by one of these.
_UNIT_AFTER = re.compile(
    r"\s*(?:%|₫|\$|đ\b|đồng|vnd\b|vnđ|usd\b|triệu|tr\b|nghìn|ngàn|tỷ|tỉ|k\b|million|thousand"
    r"|billion|dollars?\b|percent|phần\s+trăm|giờ|phút|giây|kwh?\b)",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"(?:\$|₫|usd|vnd)\s*$", re.IGNORECASE)
# Mobile 03/05/07/08/09 + 8 digits; landline 02 + 9; pre-2018 mobile 01x + 8; after 84 or 840.
_VN_PHONE = re.compile(r"(?:0|840?)(?:[35789]\d{8}|[12]\d{9})")
_DIAL_OUT = re.compile(r"00[1-9]\d{7,14}")  # 00 + country code + number, dialled from Vietnam
_YEAR = re.compile(r"(?:19|20)\d\d")
_PLUS_WORDS = {"+", "plus", "cộng"}


@dataclass(frozen=True)
class _Run:
    items: tuple[DigitItem, ...]
    plus_start: int | None  # where a leading "+", "plus" or "cộng" starts, if any


def find_pii(text: str) -> list[Redaction]:
    """Every PII span in ``text``, sorted and non-overlapping, whatever the settings."""
    emails = [Redaction("email", m.start(), m.end()) for m in _EMAIL.finditer(text) if _is_email(m)]
    tokens = tokenize(text)
    items = digit_items(text, tokens, [(r.start, r.end) for r in emails])
    found = list(emails)
    for run in _runs(text, tokens, items):
        found.extend(_classify_run(text, run))
    return sorted(found, key=lambda r: r.start)


def redact_text(
    text: str, settings: RedactionSettings = RedactionSettings()
) -> tuple[str, list[Redaction]]:
    """``text`` with each PII span replaced by its mask, and the spans masked.

    Offsets in the returned redactions refer to the original ``text``.
    """
    if not settings.enabled or not text:
        return text, []
    spans = [r for r in find_pii(text) if r.kind in settings.kinds]
    return apply_masks(text, spans, settings), spans


def apply_masks(text: str, spans: list[Redaction], settings: RedactionSettings) -> str:
    """Replace each (sorted, non-overlapping) span of ``text`` by its mask."""
    out, pos = [], 0
    for r in spans:
        out.append(text[pos : r.start])
        out.append(settings.mask_for(r.kind))
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def classify_digits(digits: str, *, plus: bool = False, spoken: bool = False) -> str | None:
    """The PII kind of a digit string, or None, trying kinds in the package's documented order."""
    return _structured_kind(digits, plus=plus) or _loose_kind(digits, spoken=spoken)


def _structured_kind(digits: str, *, plus: bool) -> str | None:
    """Rules 1-4: numbers whose shape says what they are."""
    n = len(digits)
    if len(set(digits)) == 1:  # "không, không, không ...", 0000 0000 0000 0000
        return None
    if plus:
        return "phone" if MIN_SPOKEN_DIGITS <= n <= MAX_PHONE_DIGITS else None
    if n == 12 and digits[0] == "0":  # CCCD: a province code 001..096 comes first
        return "national_id"
    if _VN_PHONE.fullmatch(digits) or _DIAL_OUT.fullmatch(digits):
        return "phone"
    if 13 <= n <= MAX_CARD_DIGITS and digits[0] != "0" and luhn_valid(digits):
        return "card"
    return None


def _loose_kind(digits: str, *, spoken: bool) -> str | None:
    """Rules 5-7: numbers known only by their length."""
    n = len(digits)
    if len(set(digits)) == 1:
        return None
    if n in (10, 11):  # a national number abroad (US 10 digits, China 11), without "+"
        return "phone"
    if n in (9, 12):  # CMND 9 digits, CCCD 12
        return "national_id"
    if spoken and MIN_SPOKEN_DIGITS <= n <= MAX_PHONE_DIGITS:
        return "phone"
    return None


def _is_email(m: re.Match[str]) -> bool:
    domain = m.group("domain")
    spoken = m.group("at").strip() != "@" or re.search(_SPOKEN_DOT, domain, re.IGNORECASE)
    tld = re.split(r"\.|\s+", domain)[-1].lower()
    if spoken:
        return tld in SPOKEN_TLDS
    return tld.isalpha() and len(tld) >= 2


def _runs(text: str, tokens: list[Token], items: list[DigitItem]) -> list[_Run]:
    groups: list[list[DigitItem]] = []
    for item in items:
        if groups and _joins(text, groups[-1][-1], item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return [_Run(tuple(g), _plus_start(text, tokens, g[0])) for g in groups]


def _joins(text: str, a: DigitItem, b: DigitItem) -> bool:
    gap = text[a.end : b.start]
    if a.spoken != b.spoken or not _GAP.fullmatch(gap):
        return False
    return "," not in gap or a.spoken


def _plus_start(text: str, tokens: list[Token], first: DigitItem) -> int | None:
    if first.first_token == 0:
        return None
    prev = tokens[first.first_token - 1]
    gap = text[prev.end : first.start]
    if prev.norm in _PLUS_WORDS and (gap.isspace() or (gap == "" and prev.norm == "+")):
        return prev.start
    return None


def _classify_run(text: str, run: _Run) -> list[Redaction]:
    """Greedy from the left: at each item, the longest stretch that is PII wins.

    Shapes (rules 1-4) are tried before lengths (rules 5-7), so in "0912 345 678 2
    gói" the phone ends at 678 rather than taking the 2 along as an 11-digit number.
    """
    found: list[Redaction] = []
    i = 0
    while i < len(run.items):
        redaction = _longest(text, run, i, structured=True) or _longest(
            text, run, i, structured=False
        )
        if redaction is None:
            i += 1
            continue
        found.append(redaction)
        while i < len(run.items) and run.items[i].start < redaction.end:
            i += 1
    return found


def _longest(text: str, run: _Run, i: int, *, structured: bool) -> Redaction | None:
    for j in range(len(run.items) - 1, i - 1, -1):
        items = run.items[i : j + 1]
        digits = "".join(item.digits for item in items)
        if len(digits) > MAX_RUN_DIGITS:
            continue
        plus = i == 0 and run.plus_start is not None
        spoken = items[0].spoken
        if structured:
            kind = _structured_kind(digits, plus=plus)
        else:
            kind = None if plus else _loose_kind(digits, spoken=spoken)
        if kind is None or _is_quantity(text, items, digits, plus=plus, spoken=spoken):
            continue
        start = run.plus_start if plus else items[0].start
        end = items[-1].end
        if start > 0 and text[start - 1] == "(" and ")" in text[start:end]:
            start -= 1  # "(028) 3822 1234"
        return Redaction(kind, start, end)
    return None


def _is_quantity(
    text: str, items: tuple[DigitItem, ...], digits: str, *, plus: bool, spoken: bool
) -> bool:
    """Guards against prices, amounts, years and lists that happen to have an ID's length.

    Nobody writes or says a quantity with a leading 0 or a "+", so those are never one.
    """
    if plus or digits[0] == "0":
        return False
    start, end = items[0].start, items[-1].end
    if _UNIT_AFTER.match(text, end) or _UNIT_BEFORE.search(text[max(0, start - 6) : start]):
        return True
    many = len(items) > 1
    round_list = all(
        len(it.digits) > 1 and it.digits.endswith("0") and not it.digits.startswith("0")
        for it in items
    )
    if many and round_list:  # "100 200 300", "hai mươi ba mươi bốn mươi"
        return True
    if spoken:
        return False
    if digits.endswith("0000"):  # 150000000 (đồng)
        return True
    if many and all(_YEAR.fullmatch(it.digits) for it in items):  # 2023 2024 2025
        return True
    gaps = {text[a.end : b.start] for a, b in zip(items, items[1:], strict=False)}
    thousands = len(items[0].digits) <= 3 and all(len(it.digits) == 3 for it in items[1:])
    return many and gaps == {"."} and thousands  # 150.000.000, 1.234.567.890
