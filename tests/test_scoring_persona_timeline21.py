"""When a date is the customer's own timeline (issue 14, 2026.8): the answer to the
agent's "when" question, and not a date in a reported or supposed clause, a
deadline with no date of its own or an event said as past, a season that dates a
bill, a clock time. Each rule: three wordings it covers and two near misses it
must leave alone, in both languages where it applies; written from the label
definition, not copied from a call."""

from __future__ import annotations

import pytest
from callqa.qa.scoring import persona_timeline
from callqa.qa.scoring.persona_timeline import asks_when, clock_time, customer_plan_time


@pytest.fixture(autouse=True)
def _english_rules_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # the clock/past/season rules are on for Vietnamese only; test the rules themselves
    monkeypatch.setattr(persona_timeline, "UNIT_RULES", frozenset({"vi", "en"}))


def plan(text: str, asked: str = "", key: str = "") -> bool:
    language = "en" if (text + asked).isascii() else "vi"
    return customer_plan_time(text, asked, language, key)


@pytest.mark.parametrize(
    ("asked", "text", "expect"),
    [
        # the agent's "when" question: a season or a bare period is the answer
        ("When are you looking to get it done?", "Probably in the spring.", True),
        ("Do you have a date in mind?", "Sometime over the winter, I reckon.", True),
        ("Khi nào anh chị định lắp ạ?", "Chắc mùa hè.", True),
        ("Chị tính chừng nào làm ạ?", "Mùa đông đi em.", True),
        # near misses: a callback or visit time asked, "have you ever"
        ("What's a good time to call you back?", "after eleven", False),
        ("Anh gọi lại lúc mấy giờ thì tiện ạ?", "tầm tám giờ tối", False),
    ],
)
def test_the_answer_to_a_when_question_is_a_timeline(asked: str, text: str, expect: bool) -> None:
    assert plan(text, asked) is expect


@pytest.mark.parametrize(
    ("asked", "expect"),
    [
        ("And what kind of timeframe are we looking at?", True),
        ("Which dates are you looking at?", True),
        ("Mình định đi dịp nào chị?", True),
        ("Is there a good time to ring you back?", False),
        ("Chị đã bao giờ dùng bên nào chưa?", False),
    ],
)
def test_asks_when(asked: str, expect: bool) -> None:
    assert asks_when(asked) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Friday at half past four suits me", True),
        ("phone me after 3 pm", True),
        ("tối nay tầm chín giờ chị mới về", True),
        # near misses: "bây giờ" is now, "sau giờ làm" after work; "from one provider"
        ("bây giờ chị muốn lắp trước tết", False),
        ("sau giờ làm tháng sau anh qua đăng ký", False),
        ("we're switching from one provider to another next month", False),
    ],
)
def test_a_clock_time_not_now(text: str, expect: bool) -> None:
    assert clock_time(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a date in someone else's report or a supposed event, no intent of the customer's
        ("other companies say they can do it in two weeks", False),
        ("they say prices go up again next year", False),
        ("nghe nói bên kia tháng sau giảm giá", False),
        ("để tuần sau lại phải nghe máy thì phiền lắm", False),
        # near misses: the customer's plan in the same clause
        ("nếu tháng sau có tiền thì chị lắp", True),
        ("hợp đồng bên kia của anh hết hạn cuối tháng này, hết là anh chuyển", True),
        ("if the price holds we want to switch next month", True),
        ("if possible, by next month", True),
    ],
)
def test_a_reported_or_supposed_date_is_no_timeline(text: str, expect: bool) -> None:
    assert plan(text) is expect


@pytest.mark.parametrize(
    ("text", "key", "expect"),
    [
        # a deadline with no date of its own, or an event said as past
        ("She's back by then anyway.", "by then", False),
        ("We sorted the paperwork before we moved.", "before we move", False),
        ("It got worse when school started.", "when school starts", False),
        ("tôi điền phiếu trước khi về quê rồi", "truoc khi", False),
        # near misses: the customer's intent beside it, a date after "before"
        ("I'd like it sorted by then.", "by then", True),
        ("Definitely before Christmas.", "before", True),
        ("chị định mua trước khi bé tròn một tuổi", "truoc khi", True),
    ],
)
def test_an_undated_deadline_needs_an_intent(text: str, key: str, expect: bool) -> None:
    assert plan(text, key=key) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a season beside an amount per period dates a bill
        ("mùa đông thì tầm một triệu một tháng", False),
        ("this summer it was about two hundred a month", False),
        ("mùa nắng này hơn ba triệu mỗi tháng", False),
        # near misses: a plan beside the bill; a season to come with a plan
        ("we want it in before summer, we pay two hundred a month now", True),
        ("hè này anh muốn lắp, giờ một tháng hai triệu", True),
    ],
)
def test_a_season_beside_a_monthly_amount_is_a_bill(text: str, expect: bool) -> None:
    assert plan(text) is expect


def test_the_last_week_of_a_month_is_to_come() -> None:
    assert plan("Probably the last week of June.")
    assert not plan("Only last week, actually.")


@pytest.mark.parametrize(
    ("asked", "text", "expect"),
    [
        # someone's trip, absence or return: when they are there, not when anyone buys
        ("", "ông xã đi công tác Đà Lạt, cuối tháng mới về", False),
        ("Khi nào anh có nhà ạ?", "tuần sau tôi đi du lịch rồi", False),
        ("", "hè này mấy đứa nhỏ về quê ngoại hết", False),
        # near misses: the customer's intent beside the return; "về" as "about"
        ("", "tháng sau chồng chị về thì chị lắp luôn", True),
        ("", "tháng sau chị muốn hỏi thêm về gói này", True),
    ],
)
def test_a_trip_or_return_is_no_timeline(asked: str, text: str, expect: bool) -> None:
    assert plan(text, asked) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # "năm nay" dating a person's age or school year, even beside an intent
        ("bé nhà em năm nay lên lớp bốn", False),
        ("muốn mua cho mẹ, mẹ năm nay bảy mươi tuổi", False),
        # a date of this period with a clause-final "rồi": an event already done
        ("năm nay thằng bé đi cấp cứu ba lần rồi", False),
        # near misses: a plan this year; a date to come with "rồi" is not this period
        ("năm nay anh muốn đổi xe", True),
        ("tháng sau là hết hạn rồi", True),
    ],
)
def test_a_state_or_a_done_event_this_year_is_no_timeline(text: str, expect: bool) -> None:
    assert plan(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # "từ" before a period's start or a holiday: since then, a past date
        ("máy lạnh kêu to từ đầu tháng, bật lên là ồn", False),
        ("bà ho từ đầu tuần tới giờ", False),
        ("từ Tết đến nay chưa đi khám lại", False),
        # near misses: from a date to come
        ("từ đầu tháng sau chị chuyển qua gói mới", True),
        ("từ đầu tuần tới anh bắt đầu đi làm ca sáng, lắp trước đó", True),
    ],
)
def test_since_a_date_is_past(text: str, expect: bool) -> None:
    assert plan(text) is expect


# --- issue 14, stop 21 (2026.11): how long, whose return, a plan not made -----------


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a length of time says how long, not when (both languages: no UNIT_RULES gate)
        ("we'll be renting here for another two years at least", False),
        ("I signed up for the twelve month plan with them", False),
        ("con đăng ký khóa ba tháng bên trung tâm kia", False),
        ("gói hai năm thì bao nhiêu em", False),
        # near misses: a date to come beside the length, a period "in" to come
        ("I want to start next month, it's a six month course", True),
        ("chị muốn học luôn tháng sau", True),
    ],
)
def test_a_length_of_time_is_no_timeline(text: str, expect: bool) -> None:
    assert plan(text) is expect


def test_a_school_year_is_a_grade_not_a_date() -> None:
    assert not plan("my son is still in year nine", key="in year")
    assert plan("we'd like it sorted in a year", key="in a year")


@pytest.mark.parametrize(
    ("asked", "text", "expect"),
    [
        # a when question of a callback, a visit or someone's return
        ("When will your husband be back?", "Not till after Easter.", False),
        ("Dạ khi nào anh Tâm về ạ?", "Chắc tháng sau á em.", False),
        ("When are you free for the assessor to come by?", "Sometime next week.", False),
        # near misses: a when question of buying; an intent of the customer's own
        ("When would you want the work done?", "Sometime next week.", True),
        ("When will your husband be back?", "After Easter, and we want to book it then.", True),
    ],
)
def test_the_answer_to_a_callback_or_return_question(asked: str, text: str, expect: bool) -> None:
    assert plan(text, asked) is expect


@pytest.mark.parametrize(
    ("text", "key", "expect"),
    [
        # a season or a festival dating a habit, with the plan said as not made
        ("Dịp Tết khách đông lắm, tui chưa tính gì hết.", "tet", False),
        ("In the summer it's busy, we're not planning anything yet.", "", False),
        # near misses: the plan made
        ("Trước Tết tui tính làm luôn.", "tet", True),
        ("Before summer we plan to get it in.", "", True),
    ],
)
def test_a_plan_not_made_is_no_plan(text: str, key: str, expect: bool) -> None:
    assert plan(text, key=key) is expect


def test_a_trip_in_its_own_comma_phrase() -> None:
    # the trip's phrase dates the trip though the next phrase holds a verb of changing
    assert not plan("Sếp chị đi công tác tới cuối tháng sau, điện thoại đổi số rồi em.")
    assert plan("Sếp chị đi công tác, tháng sau về là chị muốn làm liền.")


def test_moving_in_is_no_trip() -> None:
    # a phrase-final "về" after a plan elsewhere in the clause is moving in, not a return
    assert plan("nhà chật quá, chị tính tầm hai tỷ, cuối năm nay dọn về")
