"""What a denied clause waives: a check of the lender, or an effort of the customer.

``scope.tokens`` reads "không cần xem lương" and "không cần chuẩn bị gì" alike:
a negation and a denied clause. For prohibited language they differ. A clause
that waives a step the lender or seller must take (a credit check, an income
check, an assessment, a guarantor, paperwork: "no credit check", "không cần
thẩm định", "we don't look at your CIBIL") is a promise that the check is
skipped, the "no credit check" claim of the label definition. A clause that
waives an effort of the customer ("you don't need to bring anything today",
"chị không cần chuẩn bị gì", "no need to come in") is ordinary service talk.
A clause that denies skipping a check ("we can't skip the credit check",
"không thể bỏ qua thẩm định") keeps the check.

2026.9: skipping said outright is the claim too: an asserted skip verb beside
a step of the lender's assessment ("we skip the credit check", "bỏ qua bước
thẩm định"). A waived check that a contrast clause a few words later restores
("no income proof needed, but the file is still assessed", "không cần chứng
minh thu nhập ... nhưng hồ sơ vẫn được thẩm định") is no claim: ``restored``.
A restoring clause must name such a step, asserted: "but you still get the
money" or "nhưng vẫn duyệt" restores nothing.

The first of those words inside the denied clause decides (a clause can name
both: "no need to bring payslips" waives an effort first). Matched on the
clause's words; a toneless Vietnamese unit matches the tone-free forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Literal

from callqa.qa.scoring import scope
from callqa.qa.scoring.nlp import fold

Waived = Literal["check", "effort", "kept", "restored"]

# Steps of the lender or seller: checks, assessments and what they read.
_CHECK = {
    "en": (
        "check",
        "checks",
        "checking",
        "checked",
        "credit",
        "cibil",
        "verification",
        "verify",
        "verified",
        "verifying",
        "assess",
        "assessment",
        "underwriting",
        "underwriter",
        "paperwork",
        "documents",
        "document",
        "docs",
        "proof",
        "payslips",
        "payslip",
        "statements",
        "guarantor",
        "guarantors",
        "background",
        "income",
        "salary",
        "collateral",
        "medical",
        "inspection",
        "kyc",
        "score",
        "history",
        "look at",
        "looking at",
        "pull",
        "run",
        "ask about",
    ),
    "vi": (
        "check",
        "kiểm tra",
        "thẩm định",
        "xét",
        "tra",
        "coi",
        "xem",
        "ngó",
        "dòm",
        "cic",
        "sao kê",
        "chứng minh",
        "bảo lãnh",
        "giấy tờ",
        "hồ sơ",
        "lương",
        "thu nhập",
        "thế chấp",
        "tài sản",
        "khám",
        "xác minh",
        "tín dụng",
        "nợ xấu",
        "lịch sử",
        "hỏi han",
    ),
}
# Efforts of the customer.
_EFFORT = {
    "en": (
        "bring",
        "come",
        "come in",
        "visit",
        "prepare",
        "pay",
        "sign",
        "travel",
        "drive",
        "download",
        "install",
        "print",
        "fill",
        "call",
        "wait",
        "worry",
        "rush",
        "decide",
        "take",
        "do",
        "anything",
        "go",
        "queue",
        "stay",
    ),
    "vi": (
        "mang",
        "đem",
        "chuẩn bị",
        "tới",
        "đến",
        "ra",
        "lên",
        "đi",
        "đóng",
        "trả",
        "ký",
        "cài",
        "tải",
        "điền",
        "gọi",
        "chờ",
        "đợi",
        "lo",
        "vội",
        "quyết",
        "làm",
        "gì",
        "mua",
        "nghỉ",
        "xếp hàng",
    ),
}
# Skipping, bypassing: denied, they keep the check ("we can't skip the check").
_KEEP = {
    "en": ("skip", "skipping", "bypass", "waive", "avoid", "get around", "ignore"),
    "vi": ("bỏ qua", "bỏ", "lách", "miễn", "qua mặt"),
}


# Steps of the lender's assessment proper: what an asserted skip verb skips and
# what a restoring clause names (narrower than _CHECK: no "look at", "hồ sơ",
# "xem", which name a step only after a negation).
_STEP = {
    "en": (
        "credit",
        "cibil",
        "check",
        "checks",
        "checked",
        "checking",
        "verification",
        "verify",
        "verified",
        "assess",
        "assessed",
        "assessment",
        "underwriting",
        "underwriter",
        "background",
        "income",
        "kyc",
        "screening",
        "screened",
        "review",
        "reviewed",
        "medical",
        "inspection",
    ),
    "vi": (
        "thẩm định",
        "kiểm tra",
        "xét",
        "cic",
        "tín dụng",
        "nợ xấu",
        "xác minh",
        "chứng minh thu nhập",
        "thu nhập",
        "sao kê",
        "lịch sử",
        "khám",
    ),
}
# Skipping said outright ("we skip", "bỏ qua"): asserted, beside a step, the claim.
_SKIP = {
    "en": (
        "skip",
        "skips",
        "skipped",
        "skipping",
        "bypass",
        "bypassed",
        "bypassing",
        "waive",
        "waived",
        "waives",
        "waiving",
    ),
    "vi": ("bỏ qua", "lược bỏ", "lược qua", "bỏ bước", "bỏ khâu", "lách", "khỏi qua"),
}
# Contrast conjunctions that open a restoring clause ("but", "nhưng").
_CONTRAST = {
    "en": ("but", "however", "though", "although", "yet"),
    "vi": ("nhưng", "tuy nhiên", "song", "có điều", "tuy vậy"),
}
SKIP_REACH = 3  # words between a skip verb and its step, either order
CONTRAST_REACH = 8  # words between a waived check's clause and a contrast cue
STEP_REACH = 6  # words between the contrast cue and the step it restores


@cache
def _split(table: tuple[str, ...]) -> tuple[list[str], ...]:
    """The words of each phrase of ``table``, split once (``_first`` and ``_width``
    try every phrase at every word of every unit)."""
    return tuple(phrase.split() for phrase in table)


def _first(words: list[str], table: tuple[str, ...]) -> int | None:
    """Index of the first word of ``words`` that starts a phrase of ``table``."""
    phrases = _split(table)
    for i in range(len(words)):
        for parts in phrases:
            if words[i : i + len(parts)] == parts:
                return i
    return None


@cache
def _tables(language: str, toneless: bool) -> tuple[tuple[str, ...], ...]:
    tables = (
        _CHECK[language],
        _EFFORT[language],
        _KEEP[language],
        _STEP[language],
        _SKIP[language],
        _CONTRAST[language],
    )
    if toneless:
        return tuple(tuple(fold(p) for p in t) for t in tables)
    return tables


def waivers(tokens: Sequence[scope.Token], language: str) -> list[tuple[Waived, int, int]]:
    """(what is waived, first token, end token) of each denied clause after a
    cue that names a check, an effort or skipping first, and of each asserted
    skip verb beside a step ("we skip the credit check": a check); clauses
    naming none are left out. A waived check that a later contrast clause
    restores is ``restored``."""
    if language not in _CHECK:
        return []
    toneless = language == "vi" and all(fold(t.word) == t.word for t in tokens)
    check, effort, keep, step, skip, contrast = _tables(language, toneless)
    out: list[tuple[Waived, int, int]] = []
    i = 0
    while i < len(tokens):
        if not (tokens[i].cue and i + 1 < len(tokens) and tokens[i + 1].scope == "denied"):
            i += 1
            continue
        start = end = i + 1
        while end < len(tokens) and tokens[end].scope == "denied" and not tokens[end].cue:
            end += 1
        words = [t.word for t in tokens[start:end]]
        found = {
            kind: at
            for kind, table in (("check", check), ("effort", effort), ("kept", keep))
            if (at := _first(words, table)) is not None
        }
        if found:
            kind = min(found, key=lambda k: found[k])
            out.append((kind, start, end))  # type: ignore[arg-type]
        i = max(end, i + 1)
    out += _skipped(tokens, skip, step)
    out.sort(key=lambda w: w[1])
    return [
        ("restored", a, b)
        if kind == "check" and _restored(tokens, b, contrast, step)
        else (kind, a, b)
        for kind, a, b in out
    ]


def _width(words: list[str], k: int, table: tuple[str, ...]) -> int:
    """How many words a phrase of ``table`` starting at ``words[k]`` spans (0: none)."""
    return max((len(p) for p in _split(table) if words[k : k + len(p)] == p), default=0)


def _skipped(
    tokens: Sequence[scope.Token], skip: tuple[str, ...], step: tuple[str, ...]
) -> list[tuple[Waived, int, int]]:
    """(``check``, first token, end token) of each asserted skip verb with a step
    within ``SKIP_REACH`` words after or before it ("bỏ qua bước thẩm định",
    "the credit check is waived")."""
    said = [(n, t.word) for n, t in enumerate(tokens) if t.scope == "asserted" and not t.cue]
    words = [w for _, w in said]
    out: list[tuple[Waived, int, int]] = []
    for k in range(len(words)):
        width = _width(words, k, skip)
        if not width:
            continue
        after = _first(words[k + width : k + width + SKIP_REACH + 1], step)
        first = max(0, k - SKIP_REACH - 1)
        before = _first(words[first:k], step)
        if after is not None:
            last = k + width + after + _width(words, k + width + after, step) - 1
            out.append(("check", said[k][0], said[last][0] + 1))
        elif before is not None:
            out.append(("check", said[first + before][0], said[k + width - 1][0] + 1))
    return out


def _restored(
    tokens: Sequence[scope.Token], end: int, contrast: tuple[str, ...], step: tuple[str, ...]
) -> bool:
    """Whether a contrast cue within ``CONTRAST_REACH`` words after token ``end``
    opens a clause naming an asserted step within ``STEP_REACH`` words of it."""
    rest = [t for t in tokens[end:] if any(ch.isalnum() for ch in t.word)]
    words = [t.word for t in rest]
    cue = _first(words[: CONTRAST_REACH + 1], contrast)
    if cue is None:
        return False
    at = _first(words[cue + 1 : cue + 2 + STEP_REACH], step)
    return at is not None and rest[cue + 1 + at].scope == "asserted"
