"""Persona rules of 2026.14 (issue 14, stop 24): on a wrong number the person on the
line is not the lead, so nothing they say is a persona field; money slang the parser
now values ("two lakh", "one crore", "forty pounds", "a fiver", "hai chai"), while
pounds after a verb of body weight stay a weight. Sentences written from the label
definitions, not copied from a call."""

from __future__ import annotations

import pytest
from callqa.qa.persona.amounts import find_amounts
from callqa.qa.scoring import Scorer
from callqa.qa.scoring.persona_structure import has_money

from tests.mini_calls import mini_call, scored


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.mark.parametrize(
    ("said", "value", "currency"),
    [
        ("two lakh only", 200_000, None),
        ("two and half lakhs", 250_000, None),
        ("one and half crore", 15_000_000, None),
        ("forty pounds a month", 40, "GBP"),
        ("a fiver a week", 5, "GBP"),
        ("two tenners", 20, "GBP"),
        ("chừng hai chai thôi", 2_000_000, None),
    ],
)
def test_more_money_slang_has_a_value(said: str, value: float, currency: str | None) -> None:
    amount = find_amounts(said)[-1]
    assert (amount.value, amount.currency) == (value, currency)


@pytest.mark.parametrize("said", ["nhớ mang theo chai nước", "a lakeside house", "the crown"])
def test_a_bottle_or_a_lookalike_is_no_amount(said: str) -> None:
    assert find_amounts(said) == ()


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("I could put forty pounds a month towards it.", True),
        ("I'm hoping to drop twenty pounds by summer.", False),
        ("She shed ten pounds on that diet.", False),
    ],
)
def test_pounds_are_weight_after_a_verb_of_body_weight(text: str, expect: bool) -> None:
    assert has_money(text) is expect


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        (
            "en",
            [
                ("a", "Hi, is this Priya? I'm calling about your enquiry on home loans."),
                ("c", "No, sorry, wrong number. I've had this number a month."),
                ("a", "Oh, apologies. Well, are you looking at buying a place yourself?"),
                ("c", "Ha, I need a bigger flat badly, we're three in one room, maybe next year."),
            ],
        ),
        (
            "vi",
            [
                ("a", "dạ alo em chào anh Tuấn, em gọi về cái đăng ký vay mua xe ạ"),
                ("c", "nhầm số rồi em ơi, ở đây không có ai tên Tuấn"),
                ("a", "dạ em xin lỗi, mà anh có tính mua xe không anh"),
                ("c", "xe tui cũ quá hư hoài, tui cần đổi xe lắm, chắc cuối năm nay"),
            ],
        ),
    ],
)
def test_a_wrong_number_states_no_persona_field(
    scorer: Scorer, lang: str, turns: list[tuple[str, str]]
) -> None:
    result = scored(scorer, mini_call(lang, [list(t) for t in turns]))
    assert (result.target_fit, result.target_fit_reason) == ("wrong", "wrong number")
    assert not any(result.persona.values()), result.persona


def test_another_wrong_reason_keeps_the_need(scorer: Scorer) -> None:
    # a renter is the lead, just not the target group: the need is still theirs
    turns = [
        ["a", "Hi, is this Sam? You asked about solar panels for your home."],
        ["c", "Yeah, the power bills are killing us every summer, it's brutal."],
        ["a", "Do you own the house?"],
        ["c", "No, we rent it, the landlord owns the place."],
    ]
    result = scored(scorer, mini_call("en", turns))
    assert result.target_fit == "wrong"
    assert result.target_fit_reason != "wrong number"
    assert result.persona["need"]
