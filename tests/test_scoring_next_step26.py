"""Next-step rules of 2026.16 (issue 14, stop 26): no step in a third party's action,
a call to someone else, a service feature, this call's own reason, a check inside
the call, the number taken off a list, the calling number, the lead's enquiry, or
"at one of" a place read as an hour; nor (English) "will do" with an object (the
pitch), the sale closed today ("lock it today", "put you through today") or a day
whose price follows ("tomorrow it's forty-five"). Real agent turns of the tuning calls
(their source call as the test id) and near misses that must stay steps."""

from __future__ import annotations

import pytest
from callqa.qa.scoring import Scorer
from callqa.qa.scoring.next_step import proposes

from tests.mini_calls import item_of, mini_call, scored


@pytest.mark.parametrize(
    ("language", "text"),
    [
        pytest.param(
            "vi",
            "Em báo thêm để anh biết thôi, nhà cung cấp tấm pin mới gửi thông báo tháng sau giá"
            " tấm tăng khoảng năm phần trăm.",
            id="holdout10/vi_09",
        ),
        pytest.param(
            "vi",
            "Lúc chuyển đổi trả góp ngân hàng sẽ nhắn mã OTP về máy chị, chị tự bấm trên máy POS"
            " tại cửa hàng thôi.",
            id="holdout12/vi_13",
        ),
        pytest.param(
            "vi",
            "dạ cô cho con xin số zalo bên nhựt của anh tí được hông cô để con liên hệ trực tiếp"
            " với ảnh",
            id="holdout13/vi_10",
        ),
        pytest.param(
            "vi",
            "dạ gò vấp thì bên em lắp trong ngày luôn chị kỹ thuật đi xe máy vô hẻm được hết",
            id="holdout10/vi_13",
        ),
        pytest.param(
            "vi",
            "tháng trước có chị diễm đăng ký gói khám sức khỏe tổng quát cho ba mẹ bằng số này nên"
            " em gọi lại để hẹn lịch khám á chị",
            id="holdout12/vi_15",
        ),
        pytest.param(
            "vi",
            "Dạ hôm thứ bảy anh có để số trên trang Facebook bên em hỏi về lắp điện mặt trời áp mái"
            " á anh, em gọi lại tư vấn cho anh chút, anh nói chuyện chừng năm phút được hông anh?",
            id="holdout12/vi_01",
        ),
        pytest.param(
            "vi",
            "Dạ cuộc gọi bên em có ghi âm lại, số gọi là số tổng đài của công ty, chú yên tâm ạ.",
            id="holdout9/vi_11",
        ),
        pytest.param(
            "en",
            "So how it works: first you come in for a 3D scan at one of our partner dental clinics,"
            " in Quezon City we have one in Cubao.",
            id="holdout12/en_06",
        ),
        pytest.param(
            "en",
            "Of course, I'll take it off our list today. Just to confirm, is this the best number",
            id="holdout12/en_07",
        ),
        pytest.param(
            "en",
            "it's gaz from motor line finance pet you put an enquiry in on wednesday for finance on"
            " a motor just ringing about that",
            id="holdout13/en_08",
        ),
        pytest.param(
            "en",
            "If anybody calls saying they're from TillWise or from the bank and asks for the code"
            " the bank SMS you, don't give, okay?",
            id="holdout11/en_03",
        ),
        pytest.param(
            "en",
            "it's gemma calling from kess trel broadband um you put an enquiry in about full fibre"
            " at your address so i'm just ringing to talk you through the packages",
            id="holdout10/en_09",
        ),
        pytest.param(
            "en",
            "ok our gym is twenty four hours so after work no problem one we got sauna group class"
            " like spin and hiit and body pump then first session with personal trainer is free he"
            " will do the body fat test and plan the program for you",
            id="holdout7/en_05",
        ),
        pytest.param("en", "So d'you want me to put you through today?", id="holdout10/en_03"),
        pytest.param(
            "en",
            "Sir, what is there to think, sir, tomorrow it's forty-five, today it's nineteen."
            " Better to lock it today itself.",
            id="holdout13/en_11",
        ),
    ],
)
def test_no_step_of_the_leads(language: str, text: str) -> None:
    assert proposes(text, language) is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("vi", "dạ chiều mai em gọi lại để chốt lịch lắp cho anh nha"),
        ("vi", "em gửi hồ sơ qua ngân hàng chiều mai rồi báo anh qua zalo nha"),
        ("vi", "thứ bảy này kỹ thuật bên em qua nhà chị khảo sát nha chị"),
        ("en", "I'll text you the address of the clinic at one o'clock."),
        ("en", "Just to confirm, I'll email you the quote tomorrow morning."),
        ("en", "I'll text you the bank details tomorrow morning."),
        ("en", "Will do, I'll call you tomorrow at ten."),  # "will do" agreeing
        ("en", "I can put you down for Thursday at two, does that work?"),
        ("en", "I'll send the contract today so you can sign it tomorrow."),
        ("en", "Tomorrow it is then, I'll call you at ten."),
    ],
)
def test_near_misses_stay_steps(language: str, text: str) -> None:
    assert proposes(text, language) is not None


def test_a_step_said_as_done_agrees_nothing() -> None:
    """holdout12/vi_11: the customer names Zalo, the agent's next sentence says the
    shop did call ("bên em có gọi"): no step agreed."""
    scorer = Scorer()
    call = mini_call(
        "vi",
        [
            ("a", "Dạ em chào anh, em gọi từ bên điện máy ạ."),
            ("c", "chị đi vắng rồi zalo shop cũng em trả lời chớ chị hổng có coi"),
            ("a", "dạ dzậy anh chuyển lời giúp em là bên em có gọi nghen"),
            ("c", "ừ"),
        ],
    )
    assert item_of(scored(scorer, call), "next_step").verdict != "met"


@pytest.mark.parametrize(
    ("reply", "met"),
    [
        pytest.param(
            "nice one and where d'you park it is it on a drive or on the road",
            False,
            id="holdout13/en_02",
        ),
        ("Tuesday at ten it is, I'll pop a confirmation over by text.", True),
    ],
)
def test_it_is_inside_a_question_agrees_nothing(reply: str, met: bool) -> None:
    """The customer names a day; "it is" agrees it only as "Tuesday it is", not inside
    the agent's next question."""
    call = mini_call(
        "en",
        [
            ("a", "Hi, it's Sam from Brightside Chargers, is now a good time?"),
            ("c", "yeah go on, I'm free Tuesday at ten if you want to come round"),
            ("a", reply),
            ("c", "okay"),
        ],
    )
    assert (item_of(scored(Scorer(), call), "next_step").verdict == "met") is met
