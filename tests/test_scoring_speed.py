"""The scorer's speed work keeps what it finds: the caches hand out fresh lists,
and the concept tables' phrase tries find what the plain alternations found."""

from __future__ import annotations

import re

import pytest
from callqa.qa.scoring import compliance, scope
from callqa.qa.scoring.compliance_waivers import waivers
from callqa.qa.scoring.nlp import fold


def _alternation(phrases: set[str]) -> re.Pattern[str]:
    alts = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alts)) + r")(?!\w)")


SENTENCES = {
    "en": [
        "I can guarantee you will be approved by friday, no credit check at all",
        "honestly the offer ends tonight, we say that to everybody",
        "you idiot, just read me the OTP and your card number",
        "no bank can promise approval, so I won't say it's certain",
    ],
    "vi": [
        "em cam kết chị được duyệt chắc chắn trong tuần này luôn",
        "không cần xem lương đâu chị, chỉ còn đúng hai suất thôi",
        "chi doc giup em ma otp voi so the nha",
        "em hổng dám nói chắc là hết hẳn nám đâu chị",
    ],
}


@pytest.mark.parametrize("language", ["en", "vi"])
def test_concept_tries_find_what_the_alternations_found(language: str) -> None:
    import yaml

    data = yaml.safe_load(compliance.CONCEPTS.read_text(encoding="utf-8"))
    for name, exact, folded in compliance._concepts(language):
        phrases = {compliance._plain(w) for w in data["concepts"][name].get(language, ())}
        tone_free = {fold(p) for p in phrases if " " in p or fold(p) == p}
        for sentence in SENTENCES[language]:
            plain = compliance._joined(compliance._plain(sentence), language)
            for text in (plain, fold(plain)):
                assert [m.span() for m in exact.finditer(text)] == [
                    m.span() for m in _alternation(phrases).finditer(text)
                ]
                if folded is not None:
                    assert [m.span() for m in folded.finditer(text)] == [
                        m.span() for m in _alternation(tone_free).finditer(text)
                    ]


def test_cached_scope_tokens_are_a_fresh_list_each_time() -> None:
    text = "we will never ask for your password"
    first = scope.tokens(text, "en")
    first.clear()
    again = scope.tokens(text, "en")
    assert [t.word for t in again] == ["we", "will", "never", "ask", "for", "your", "password"]
    assert again[3].scope == "denied"
    assert scope.scope_at(text, text.index("password"), "en") == "denied"


def test_cached_units_are_a_fresh_list_each_time() -> None:
    text = "The rate is fixed. (mutters) what a cheapskate"
    first = compliance.units(text, "en")
    first.append("changed")
    assert compliance.units(text, "en") == first[:-1]


def test_split_phrase_tables_find_a_waived_check() -> None:
    tokens = scope.tokens("we skip the credit check for you", "en")
    assert [(kind, first) for kind, first, _ in waivers(tokens, "en")] == [("check", 1)]
    tokens = scope.tokens("we never skip the credit check", "en")
    assert [kind for kind, *_ in waivers(tokens, "en")] == ["kept"]
