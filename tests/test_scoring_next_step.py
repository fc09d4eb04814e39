"""The next step by structure (qa/scoring/next_step.py): a step the agent proposes
or agrees, with a concrete time or channel, asserted, not past, not wished.

Three wordings and two near misses per rule and language, written from the
label definition (qa-dev README), none copied from a tuning call.
"""

from __future__ import annotations

import pytest
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer
from callqa.qa.scoring.checklist import default_checklist
from callqa.qa.scoring.next_step import proposes

# rule 1: a step addressed to the customer with a time or channel in the same sentence
STEP = {
    "vi": [
        "dạ chiều mai em gửi báo giá qua zalo cho anh nha",
        "vậy thứ bảy này chín giờ em qua nhà chị đo đạc được không chị",
        "để em nhắn tin địa chỉ showroom cho anh qua sms liền nha",
        "dạ em gui bang gia qua email cho chi trong chieu nay nhe",  # no tone marks
        "chị ơi mốt em qua lấy hồ sơ nha",
        "ok chị, em book lịch cho chị 3h chiều thứ 6 nha",
    ],
    "en": [
        "Great, I'll email you the quote this afternoon.",
        "Let's say Thursday at 4pm for the site visit, does that work?",
        "ok i whatsapp you the brochure tonight",
        "The technician will come tomorrow at ten to your address.",
        "Can we hop on a quick Zoom on Monday?",
    ],
}
# near misses of rule 1: the agent's own internal action, a product feature
NOT_STEP = {
    "vi": [
        "dạ em ghi chú lại nhu cầu của anh tuần sau",
        "em kiểm tra lại phiếu rồi báo anh sau nha",
        "phần mềm có xuất file chuyển khoản cho ngân hàng và duyệt đơn ngay trên app",
        "lớp học tối thứ ba và thứ năm, có video xem lại",
    ],
    "en": [
        "I'll make a note of that on your file for Monday.",
        "So it comes down to nineteen ninety-nine a month.",
        "The classes run on Saturday and Sunday mornings.",
        "Let me update the system with your details today.",
    ],
}
# rule 1b: a polite imperative to the customer is a step
IMPERATIVE = [
    "please email the signed form to us by Friday",
    "sir kindly share your salary slips on whatsapp tonight",
    "pls text me the address after this call",
]
# near misses of rule 1: a feature with no one doing it ("lắp đặt tận nhà"),
# "ngay" before a place ("right next to"), a hold inside the call, the call itself
NOT_STEP_MORE = {
    "vi": [
        "máy bảo hành ba năm giao hàng miễn phí lắp đặt tận nhà",
        "bên em lắp ngay cạnh cửa sổ cho gọn anh ạ",
        "dạ chị đợi em một xíu em xem lại đơn trên hệ thống nha",
        "dạ anh chờ em chút để em hỏi lại cửa hàng",
        "dạ em gọi để hỏi anh về đơn đặt hàng trên zalo ạ",
    ],
    "en": [
        "so i call to tell you about our new broadband plan",
        "i call because you left a message on our facebook page",
    ],
}
# and their steps: someone goes to the home, "ngay" alone, a wait with a time,
# a call to come
STEP_MORE = {
    "vi": [
        "thứ năm này kỹ thuật bên em lắp đặt tận nhà cho chị nha",
        "dạ em gửi ngay qua zalo cho anh",
        "dạ anh chờ em chiều mai em qua nhé",
        "em sẽ gọi lại để chốt lịch chiều mai nha anh",
    ],
    "en": [
        "I'll call you to confirm the slot on Tuesday morning.",
    ],
}
# rule 2: an open-ended condition is no step ("whenever you're ready")
OPEN = {
    "vi": [
        "khi nào anh cần thì anh gọi lại số này cho em nha",
        "khi mô có nhà riêng thì anh liên hệ lại bên em qua zalo",
        "dạ anh cứ nhắn zalo cho em khi nào cần nha",
    ],
    "en": [
        "Whenever you're ready, just give us a call on this number.",
        "If you ever need anything, email us any time.",
        "Feel free to text me if you change your mind.",
    ],
}
# rule 3: denied, past or wished: no step
DENIED_PAST_WISH = {
    "vi": [
        "em không gửi email cho anh đâu ạ",
        "anh đăng ký tư vấn hôm thứ bảy vừa rồi ạ",
        "dạ em chào chị, chúc chị cuối tuần vui vẻ",
    ],
    "en": [
        "We won't call you tomorrow, don't worry.",
        "You filled in our online form on Sunday, so I'm ringing about that.",
        "Thanks so much, have a great weekend!",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in STEP.items() for t in v])
def test_a_step_with_a_time_or_channel_counts(lang: str, text: str) -> None:
    found = proposes(text, lang)
    assert found is not None
    assert found.when and found.step


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in NOT_STEP.items() for t in v])
def test_internal_actions_and_features_are_no_step(lang: str, text: str) -> None:
    assert proposes(text, lang) is None


@pytest.mark.parametrize("text", IMPERATIVE)
def test_a_polite_imperative_to_the_customer_is_a_step(text: str) -> None:
    found = proposes(text, "en")
    assert found is not None
    assert found.step.split()[0] in ("please", "kindly", "pls")


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in NOT_STEP_MORE.items() for t in v])
def test_features_places_holds_and_this_call_are_no_step(lang: str, text: str) -> None:
    assert proposes(text, lang) is None


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in STEP_MORE.items() for t in v])
def test_their_steps_still_count(lang: str, text: str) -> None:
    assert proposes(text, lang) is not None


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in OPEN.items() for t in v])
def test_open_ended_conditions_are_no_step(lang: str, text: str) -> None:
    assert proposes(text, lang) is None


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, v in DENIED_PAST_WISH.items() for t in v])
def test_denied_past_and_wished_times_are_no_step(lang: str, text: str) -> None:
    assert proposes(text, lang) is None


@pytest.mark.parametrize(
    ("lang", "before", "reply"),
    [
        ("vi", "thứ bảy nha em", "dạ vâng em chốt lịch cho chị nha"),
        ("vi", "chiều mai ba giờ em qua đi", "dạ được, em qua nhà anh nha"),
        ("vi", "em gửi qua zalo số này nha", "dạ em gửi liền ạ"),
        ("en", "Call me Thursday at five.", "Sure, I'll call you then."),
        ("en", "Just email it over tonight.", "Will do, I'll send it across."),
        ("en", "Saturday morning works for me.", "Perfect, I'll book you in."),
    ],
)
def test_the_agent_agrees_the_customers_step(lang: str, before: str, reply: str) -> None:
    found = proposes(reply, lang, before)
    assert found is not None
    assert found.from_customer or found.when in reply.lower()


@pytest.mark.parametrize(
    ("lang", "before", "reply"),
    [
        ("vi", "thứ bảy nha em", "dạ thứ bảy em nghỉ rồi anh ạ"),
        ("vi", "mai anh rảnh á", "dạ vâng ạ"),
        ("en", "Call me Thursday at five.", "Okay."),
        ("en", "I'm free on Saturday?", "Thanks for letting me know."),
    ],
)
def test_no_step_of_the_agent_agrees_nothing(lang: str, before: str, reply: str) -> None:
    assert proposes(reply, lang, before) is None


def _call(lang: str, turns: list[tuple[str, str]]) -> Transcript:
    segments = tuple(
        Segment(start=10.0 * i, end=10.0 * i + 9, text=text, speaker=who)
        for i, (who, text) in enumerate(turns)
    )
    return Transcript(language=lang, segments=segments, duration_s=10.0 * len(turns))


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def _next_step(scorer: Scorer, lang: str, turns: list[tuple[str, str]]):
    result = scorer.score(_call(lang, turns), default_checklist(lang))
    return next(r for r in result.items if r.item_id == "next_step")


def test_the_verdict_keeps_the_sentence_its_time_and_a_reason(scorer: Scorer) -> None:
    item = _next_step(
        scorer,
        "vi",
        [
            ("agent", "Dạ em chào anh, em là Lan bên Sao Mai."),
            ("customer", "Ừ, em gửi anh xem thử."),
            ("agent", "Dạ vâng, chiều nay em gửi báo giá qua zalo số này cho anh nha."),
        ],
    )
    assert item.verdict == "met"
    assert item.evidence[0].start == 20.0
    assert "zalo" in item.evidence[0].text
    assert item.reason.startswith("next step proposed with")
    assert "0:20" in item.reason


def test_a_feature_and_a_goodbye_wish_are_missed_with_a_reason(scorer: Scorer) -> None:
    item = _next_step(
        scorer,
        "en",
        [
            ("agent", "Hi, it's Tom from Apex Fibre."),
            ("customer", "How much is it?"),
            ("agent", "It comes down to nineteen ninety-nine a month with the discount."),
            ("customer", "I'll think about it."),
            ("agent", "No worries, have a great weekend!"),
        ],
    )
    assert item.verdict == "missed"
    assert "no step with a concrete time or channel" in item.reason or "no next-step" in (
        item.reason
    )


@pytest.mark.parametrize(
    ("lang", "step", "refusal"),
    [
        (
            "vi",
            "dạ chiều mai anh mang giấy tờ ra văn phòng là bên em làm hợp đồng liền",
            "dạ anh chưa đủ điều kiện nên bên em chưa làm hợp đồng cho anh được ạ",
        ),
        (
            "en",
            "Great, I'll sign you up on Monday at nine at the branch.",
            "Oh, you're under eighteen, so I can't sign you up, I'm sorry.",
        ),
    ],
)
def test_a_step_the_agent_later_cannot_do_is_withdrawn(
    scorer: Scorer, lang: str, step: str, refusal: str
) -> None:
    item = _next_step(
        scorer,
        lang,
        [("agent", step), ("customer", "ok"), ("agent", refusal), ("customer", "ok")],
    )
    assert item.verdict == "missed"
    assert item.evidence[0].start == 20.0
    assert item.reason.startswith("the agent withdrew the step at 0:20")


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        # a condition, not a refusal; another action refused
        ("vi", "nếu chủ nhà không đồng ý thì bên em không làm hợp đồng được"),
        ("en", "I can't email the internal price sheet, it's confidential."),
    ],
)
def test_a_conditional_or_other_refusal_withdraws_nothing(
    scorer: Scorer, lang: str, refusal: str
) -> None:
    step = {
        "vi": "dạ chiều mai anh mang giấy tờ ra văn phòng là bên em làm hợp đồng liền",
        "en": "Great, I'll sign you up on Monday at nine at the branch.",
    }[lang]
    item = _next_step(scorer, lang, [("agent", step), ("customer", "ok"), ("agent", refusal)])
    assert item.verdict == "met"


# 2026.10: a slot the agent offers is a step ("I've got Thursday arvo at two");
# a thing the product has on a day is not
OFFERED_SLOT = [
    "I've got Wednesday arvo at three, would that work for you?",
    "We can do tomorrow at nine for the inspection if you like.",
    "I have Friday morning free for the fitting, does that suit?",
]
NOT_OFFERED_SLOT = [
    "We have Saturday classes for the little ones as well.",
    "I have a note here from last Tuesday.",
]


@pytest.mark.parametrize("text", OFFERED_SLOT)
def test_a_slot_the_agent_offers_is_a_step(text: str) -> None:
    found = proposes(text, "en")
    assert found is not None
    assert found.when in ("wednesday", "tomorrow", "friday")


@pytest.mark.parametrize("text", NOT_OFFERED_SLOT)
def test_a_day_the_product_has_or_a_past_note_is_no_slot(text: str) -> None:
    assert proposes(text, "en") is None


# 2026.11: a channel the lead used in the past ("hôm qua chị có nhắn qua page"), a
# channel that is the topic of "là"/"is" ("số này là số ..."), and a step done
# after every session (the product's routine) are no step; the same channels in a
# step to come still are
NOT_STEP_PAST_TOPIC_EVERY = {
    "vi": [
        "dạ tuần trước chị có nhắn tin qua page hỏi về khóa học, em gọi lại tư vấn cho chị",
        "dạ số này là số anh Tùng ghi trong phiếu đăng ký, em gọi để tư vấn cho anh ấy ạ",
        "bên em gửi bảng điểm sau mỗi buổi học qua zalo cho ba mẹ",
    ],
    "en": [
        "We send the coach's notes after each session by email.",
        "Hi, your number is on our list from the expo, I'll message you the details.",
    ],
}
STEP_SAME_CHANNELS = {
    "vi": [
        "dạ em gửi lịch khai giảng qua zalo cho chị chiều nay nha",
        "tối nay em nhắn tin qua số này cho anh nha",
    ],
    "en": ["I'll send the coach's notes by email tonight."],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(k, t) for k, v in NOT_STEP_PAST_TOPIC_EVERY.items() for t in v]
)
def test_a_past_channel_a_channel_talked_about_or_a_routine_is_no_step(
    lang: str, text: str
) -> None:
    assert proposes(text, lang) is None


@pytest.mark.parametrize(
    ("lang", "text"), [(k, t) for k, v in STEP_SAME_CHANNELS.items() for t in v]
)
def test_the_same_channels_in_a_step_to_come_count(lang: str, text: str) -> None:
    assert proposes(text, lang) is not None


@pytest.mark.parametrize(
    ("text", "step"),
    [
        # a suggestion asked as a question proposes the step
        ("Why don't you and your partner pop in Thursday at four?", True),
        ("Why not pop in to the showroom tomorrow morning?", True),
        # a real negation still denies it
        ("I'm afraid we can't come by on Thursday at four.", False),
        ("Why don't you think it over? We don't open on Sunday at ten.", False),
    ],
)
def test_a_why_dont_you_suggestion_proposes_its_step(text: str, step: bool) -> None:
    assert (proposes(text, "en") is not None) is step


@pytest.mark.parametrize(
    ("lang", "step", "reply", "verdict"),
    [
        # the customer turns the offered step down: nothing proposed *and agreed*
        ("en", "Shall I text you the brochure link tomorrow morning?", "Nope, no need.", "missed"),
        (
            "vi",
            "Dạ chị cho em xin zalo anh nhà, tối nay em nhắn trực tiếp cho anh được không chị?",
            "Hổng được đâu em, ảnh không thích người lạ nhắn.",
            "missed",
        ),
        # non-committal or agreeing, or "no problem": the step stands
        ("en", "Shall I text you the brochure link tomorrow morning?", "Maybe, I'll see.", "met"),
        ("en", "Shall I text you the brochure link tomorrow morning?", "No problem, go on.", "met"),
        (
            "vi",
            "Dạ chị cho em xin zalo anh nhà, tối nay em nhắn trực tiếp cho anh được không chị?",
            "Ờ để chị coi đã.",
            "met",
        ),
    ],
)
def test_a_step_the_customer_turns_down_is_no_step(
    scorer: Scorer, lang: str, step: str, reply: str, verdict: str
) -> None:
    item = _next_step(scorer, lang, [("agent", step), ("customer", reply)])
    assert item.verdict == verdict
    if verdict == "missed":
        assert item.reason.startswith("the customer declined the step at 0:10")


def test_a_declined_step_then_another_agreed_is_met(scorer: Scorer) -> None:
    item = _next_step(
        scorer,
        "en",
        [
            ("agent", "Can I pop round on Saturday at ten to measure up?"),
            ("customer", "No, Saturday's no good for me."),
            ("agent", "Right, then I'll call you on Monday at nine to find a day."),
            ("customer", "Okay."),
        ],
    )
    assert item.verdict == "met" and item.evidence[0].start == 20.0
