"""Prohibited language of the four kinds English missed on writer set K (2026.14).

Invented calls (no sentence of a writer set), one short call per probe, each
kind in several regional voices, with clean near misses beside them:

- a health outcome said as fact with the agent's experience as proof ("you'll
  not be needing the tablets", "every one of our ladies that came in with it
  has come off them, I'd put my house on it");
- a muttered insult in an idiom of madness, said to someone else while the
  customer listens ("a few sandwiches short of a picnic", then "sorry?");
- approval as a fact to come whatever the credit history ("whatever's on your
  file, you'll be collecting the keys", "not had one come back with a no");
- a one-time code asked for in dialect (a code the bank sends, to be read out,
  said or called out to the agent).

The probes were written before they were first scored: with the 2026.13
models vi 5/0/1, en 2/0/8 (tp/fp/fn, 7 clean rows all clean); with the
2026.14 structures and K trained vi 5/0/1, en 10/0/0 (the toneless health
outcome is still missed: STILL_MISSED below). The same hand wrote the structures,
so these figures are no evidence of accuracy: the rotation's are.
"""

from __future__ import annotations

import pytest
from callqa.qa.scoring import Scorer
from callqa.qa.scoring.compliance import concepts, names_a_part

from tests.mini_calls import item_of, mini_call, scored

# (language, the agent's line, the customer's answer after it, expected verdict)
PROBES = [
    # health outcome as fact, experience as proof
    (
        "en",
        "Uncle, two months of this yoga and you'll be throwing away those BP tablets, every "
        "patient of mine who finished the course has stopped them, I'd stake my name on it.",
        "Okay, okay.",
        "violated",
    ),
    (
        "en",
        "Madam by December you will not be needing that insulin again, all the women I've "
        "put on this tea have come off their injections, I'd put my last kobo on it.",
        "Hmm.",
        "violated",
    ),
    (
        "en",
        "After six sessions ma'am the knee pain is gone, you won't be needing the "
        "painkillers anymore, every lola of ours that came in with arthritis walks without a "
        "cane now.",
        "Really?",
        "violated",
    ),
    (
        "vi",
        "dạ bác tập đủ ba tháng là khỏi phải uống thuốc huyết áp nữa luôn, mấy bác vô tập "
        "bên con ai cũng bỏ được thuốc hết trơn á",
        "ờ",
        "violated",
    ),
    # a muttered insult in an idiom of madness, the customer asks what was said
    (
        "en",
        "gawd the lights are on but nobody's home with this one",
        "Sorry, what was that?",
        "violated",
    ),
    (
        "en",
        "arre this uncle has a few screws loose yaar, one hour for one form",
        "Hello? What did you say?",
        "violated",
    ),
    (
        "vi",
        "trời ơi bà này chập mạch hay sao á nói hoài hổng hiểu",
        "hả em nói gì",
        "violated",
    ),
    # approval as a fact to come, whatever the credit history
    (
        "en",
        "Doesnae matter what's on your credit, once I send it up the road you'll be getting "
        "the keys to that flat. I've not had one come back with a no since March.",
        "Right.",
        "violated",
    ),
    (
        "en",
        "Oga whatever is on your BVN history, once the file lands on my desk you'll be "
        "driving that Camry home on Friday, not a single customer of mine has been turned down "
        "this year.",
        "Ehen.",
        "violated",
    ),
    (
        "vi",
        "nợ xấu nhóm mấy cũng kệ anh, hồ sơ qua tay em là anh coi như cầm sổ hồng trong tay, "
        "năm ni em chưa bị trả bộ mô",
        "thiệt hả em",
        "violated",
    ),
    # a code the bank sends, asked for in dialect
    (
        "en",
        "di system a go sen yuh a six number pon yuh phone by text, jus read dem off to mi "
        "quick quick and mi link it",
        "Alright.",
        "violated",
    ),
    (
        "en",
        "You'll get a wee text wi' a code in it from the bank, just read it oot tae me when it "
        "comes through and I'll get you set up.",
        "Aye.",
        "violated",
    ),
    (
        "en",
        "Bank go send you one code now now, abeg call am out for me make I confirm the account.",
        "Okay.",
        "violated",
    ),
    (
        "vi",
        "ngân hàng nhắn về máy chị cái dãy sáu số đó, chị nói em nghe với để em kích hoạt",
        "ừ đợi chút",
        "violated",
    ),
    (
        "vi",
        "chị check tin nhắn có cái code sáu số, chị đọc em nha để em confirm cho chị",
        "ok em",
        "violated",
    ),
    # clean near misses of each kind
    (
        "en",
        "Loads of our members who stick with it do bring their blood pressure down, but the "
        "tablets are a chat for your GP, not me.",
        "Fair enough.",
        "met",
    ),
    (
        "en",
        "Sorry, just had the boss in my ear there. So the laundry sensor, that's the one by "
        "the dryer?",
        "Sorry, what was that?",
        "met",
    ),
    (
        "en",
        "The lender decides, I can't promise what they'll say with the CCJ on the file, but "
        "if they approve it you'd usually be collecting the keys within a week.",
        "Okay.",
        "met",
    ),
    (
        "en",
        "If the bank ever texts you a code, never read it out to anybody on the phone, no even me.",
        "Good to know.",
        "met",
    ),
    (
        "vi",
        "dạ bác tập đều thì nhiều bác đỡ đau hơn, còn thuốc huyết áp thì bác phải hỏi bác sĩ nha",
        "ờ",
        "met",
    ),
    (
        "vi",
        "ngân hàng có gửi mã về máy chị thì chị tự nhập trên app nha, đừng đọc cho ai hết kể cả em",
        "ừ",
        "met",
    ),
    (
        "vi",
        "hồ sơ em nộp lên còn bên thẩm định xét, có nợ xấu thì em không dám hứa đâu anh",
        "ừ",
        "met",
    ),
]
OPENING = {
    "en": ("Hello?", "Hi, it's Sam calling back about your enquiry."),
    "vi": ("Alo?", "Dạ em gọi lại về đăng ký của mình ạ."),
}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.mark.parametrize(
    ("lang", "text", "answer", "expect"),
    PROBES,
    ids=[f"probe{n}" for n in range(len(PROBES))],
)
def test_fresh_kinds(scorer: Scorer, lang: str, text: str, answer: str, expect: str) -> None:
    assert _verdict(scorer, lang, text, answer) == expect


# A violating probe the scorer still misses (top unit 0.39 < 0.78): toneless, the
# universal "ai uong cung" is split by its verb and tone-free single words are not
# matched. The test pins today's verdict; when it is caught, move it into PROBES.
STILL_MISSED = (
    "vi",
    "co cu uong tra nay hai thang la duong huyet ve binh thuong, khach em ai uong cung "
    "ngung thuoc roi, em lam nghe tam nam chua thay ai khong bot",
    "vay ha",
)


def test_the_toneless_health_outcome_is_still_missed(scorer: Scorer) -> None:
    assert _verdict(scorer, *STILL_MISSED) == "met"


def _verdict(scorer: Scorer, lang: str, text: str, answer: str) -> str:
    hello, opening = OPENING[lang]
    call = mini_call(lang, [("c", hello), ("a", opening), ("c", "..."), ("a", text), ("c", answer)])
    result = item_of(scored(scorer, call), "prohibited_language")
    return result.verdict


# 2026.14: the structures behind the probes, each with a near miss
@pytest.mark.parametrize(
    ("lang", "text", "concept", "present"),
    [
        ("en", "I'd put my house on that, no word of a lie", "cert", True),
        ("en", "I'll stake my reputation on it", "cert", True),
        ("en", "I wouldn't put money on the weather though", "cert", False),
        ("en", "just shout it oot tae me when it lands", "ask", True),
        ("en", "abeg read am for me", "ask", True),
        ("en", "read them off to me slowly", "ask", True),
        ("en", "the code shows on your own screen and stays with you", "ask", False),
        ("vi", "chị đọc kỹ hợp đồng giúp em nha", "ask", True),  # "đọc" was an ask already
        ("en", "that bloke's a couple of tinnies short of a slab", "insult", True),
        ("en", "we're a few hundred short of the deposit", "insult", False),
        ("en", "every one of our members that came in with knee pain", "universal", True),
        ("en", "you'll not be needing the inhaler by spring", "future", True),
    ],
)
def test_a_structure_names_its_concept(lang: str, text: str, concept: str, present: bool) -> None:
    assert (concept in concepts(text, lang)) == present, concepts(text, lang)


def test_a_part_of_a_number_is_the_other_id_concept_for_rule_hits_too() -> None:
    assert names_a_part("just read me the card ending in ", "en")
    assert names_a_part("chị đọc em số đuôi của ", "vi")
    assert names_a_part("chi doc em so duoi cua ", "vi")
    assert not names_a_part("read me the long number on the ", "en")
