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

The first of those words inside the denied clause decides (a clause can name
both: "no need to bring payslips" waives an effort first). Matched on the
clause's words; a toneless Vietnamese unit matches the tone-free forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from callqa.qa.scoring import scope
from callqa.qa.scoring.nlp import fold

Waived = Literal["check", "effort", "kept"]

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


def _first(words: list[str], table: tuple[str, ...]) -> int | None:
    """Index of the first word of ``words`` that starts a phrase of ``table``."""
    for i in range(len(words)):
        for phrase in table:
            parts = phrase.split()
            if words[i : i + len(parts)] == parts:
                return i
    return None


def _tables(language: str, toneless: bool) -> tuple[tuple[str, ...], ...]:
    tables = (_CHECK[language], _EFFORT[language], _KEEP[language])
    if toneless:
        return tuple(tuple(fold(p) for p in t) for t in tables)
    return tables


def waivers(tokens: Sequence[scope.Token], language: str) -> list[tuple[Waived, int, int]]:
    """(what is waived, first token, end token) of each denied clause after a
    cue that names a check, an effort or skipping first; clauses naming none
    are left out."""
    if language not in _CHECK:
        return []
    toneless = language == "vi" and all(fold(t.word) == t.word for t in tokens)
    check, effort, keep = _tables(language, toneless)
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
    return out
