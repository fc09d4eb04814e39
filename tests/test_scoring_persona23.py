"""Persona rules of 2026.13 (issue 14, stop 23): English money slang ("ninety quid",
"a couple of grand", "a few hundred bucks") has a value, so a rounded echo of the
agent's price said that way is no budget, and a limit said that way is one; a cue
matched in an inflected form keeps its scope; interest, curiosity or a wish to learn
about the seller is no need; a deferral before punctuation defers; "until my wife sees
it" and "it's my money" say who decides. Sentences written from the label
definitions, not copied from a call."""

from __future__ import annotations

import pytest
from callqa.qa.persona.amounts import find_amounts
from callqa.qa.scoring.persona_rules import (
    conditional_at,
    defers,
    hit_unit,
    interest_only,
    key_at,
)
from callqa.qa.scoring.persona_structure import echoes_agent, states_budget, states_decider


@pytest.mark.parametrize(
    ("said", "value", "currency"),
    [
        ("ninety quid", 90, "GBP"),
        ("a hundred and twenty quid a month", 120, "GBP"),
        ("a couple of grand", 2_000, None),
        ("couple grand, tops", 2_000, None),
        ("a few thousand", 3_000, None),
        ("a couple hundred bucks", 200, "USD"),
        ("a couple of hundred quid", 200, "GBP"),
        ("two hundred bucks", 200, "USD"),
    ],
)
def test_english_money_slang_has_a_value(said: str, value: float, currency: str | None) -> None:
    amount = find_amounts(said)[-1]
    assert (amount.value, amount.currency) == (value, currency)


@pytest.mark.parametrize(
    "said", ["a couple of days", "a few of them", "the couple next door", "a quid pro quo"]
)
def test_a_vague_count_without_money_is_no_amount(said: str) -> None:
    assert find_amounts(said) == ()


@pytest.mark.parametrize(
    ("text", "asked", "expect"),
    [
        # the agent's price said back in slang, rounded
        ("Ninety quid? Blimey.", "That plan's eighty-eight quid a month.", True),
        ("A couple of grand, really?", "The full course is two thousand and fifty.", True),
        ("Two hundred bucks, huh.", "It's one ninety-nine, or two hundred dollars.", True),
        # near misses: a limit of their own; a figure well off the agent's
        ("I can do ninety quid max.", "That plan's eighty-eight quid a month.", False),
        ("Fifty quid, really?", "That plan's eighty-eight quid a month.", False),
    ],
)
def test_a_price_said_back_in_slang_is_no_budget(text: str, asked: str, expect: bool) -> None:
    assert echoes_agent(text, asked, "en") is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I was thinking a couple of grand, max.", True),
        ("Honestly I could do sixty quid a month, tops.", True),
        # near miss: slang money with no limit or intent of the customer's own
        ("My mate paid a couple of grand for his.", False),
    ],
)
def test_a_limit_in_slang_is_a_budget(text: str, expect: bool) -> None:
    assert states_budget(text, "", "en") is expect


@pytest.mark.parametrize(
    ("unit", "key", "expect"),
    [
        # the cue matched an inflected form: its scope is read where it was said
        ("If he wants something, he will ring us himself.", "want something", True),
        ("If she needs anything she'll call.", "need anything", True),
        # near miss: said outright, not supposed
        ("He wants something cheaper for the shop.", "want something", False),
    ],
)
def test_an_inflected_cue_keeps_its_conditional_scope(unit: str, key: str, expect: bool) -> None:
    assert conditional_at(unit, key, "en") is expect


def test_an_inflected_cue_finds_its_sentence() -> None:
    text = "He rang yesterday. If he wants something, he will ring us himself."
    assert hit_unit(text, "want something") == "If he wants something, he will ring us himself."
    assert key_at("nothing here", "want something") == -1


@pytest.mark.parametrize(
    ("unit", "expect"),
    [
        # eagerness or curiosity
        ("yeah no rush at all, I'm well keen though", True),
        ("I was only curious how the thing works", True),
        ("thấy hình đẹp nên em xem thử thôi", True),
        ("tui hỏi cho biết vậy mà", True),
        # a wish only to learn about the seller or its market
        ("We run a shop too, I'm trying to get a feel for your prices.", True),
        ("just want to see what the going rate is these days", True),
        # near misses: a problem or goal of the customer's own
        ("I want to know how to speak to my grandkids in their language", False),
        ("my back's been killing me since the fall", False),
        ("con muốn học tiếng Anh để đi du học", False),
    ],
)
def test_interest_or_curiosity_is_no_need(unit: str, expect: bool) -> None:
    assert interest_only(unit) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a deferral said before a comma or a stop is still one
        ("I don't know, love. Ask my son.", True),
        ("let me think.", True),
        ("để anh coi đã.", True),
        ("My shoulder's no good, that's the thing.", False),
    ],
)
def test_a_deferral_before_punctuation_defers(text: str, expect: bool) -> None:
    assert defers(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # nothing goes ahead until the other's look or word
        ("I'm not signing a thing till my husband has seen it.", True),
        ("Nothing gets booked until the wife sees the quote.", True),
        # the money is the customer's own
        ("Look, it's my own money, nobody else's business.", True),
        ("It's my flat and my money, so I'll say.", True),
        # near misses: another person's errand; money that is short
        ("I'm waiting till my dad sees a specialist.", False),
        ("My money's tight this month.", False),
    ],
)
def test_until_the_other_sees_it_or_own_money_says_who_decides(text: str, expect: bool) -> None:
    assert states_decider(text) is expect
