"""Timeline rules of the label definition added in 2026.7 (issue 14, set E's errors):
a clock time, a past date or a season with no plan of the customer's is no
timeline. Each rule: three wordings it covers and two near misses it must leave
alone, in both languages; written from the definition, not copied from a call.
Since 2026.8 the clock, past-date and season rules live in
``persona_timeline.customer_plan_time`` (no agent question before them here), on
for Vietnamese only; the English rows switch them on to test the rule itself."""

from __future__ import annotations

import pytest
from callqa.qa.scoring import persona_timeline
from callqa.qa.scoring.persona_rules import not_a_timeline
from callqa.qa.scoring.persona_timeline import customer_plan_time


@pytest.fixture(autouse=True)
def _english_rules_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persona_timeline, "UNIT_RULES", frozenset({"vi", "en"}))


def no_timeline(text: str) -> bool:
    language = "en" if text.isascii() else "vi"
    return not_a_timeline(text) or not customer_plan_time(text, "", language)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a clock time is a meeting, a callback or a working day
        ("Ring after ten, I'm on the school run till then", True),
        ("Friday at half past four suits me", True),
        ("tối mai tầm bảy giờ anh rảnh", True),
        ("bữa nào em cũng làm tới mười giờ đêm", True),
        # near misses: a count of hours or months, a date to come
        ("in about two months we want it in", False),
        ("khoảng hai tháng nữa anh lắp", False),
    ],
)
def test_a_clock_time_is_no_timeline(text: str, expect: bool) -> None:
    assert no_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a date said as past, with no plan in the unit, is history
        ("the roof guy came out three weeks ago", True),
        ("only last Friday actually", True),
        ("tuần trước bên kia có xuống khảo sát rồi", True),
        ("năm ngoái nhà chị sửa lại mái", True),
        # near misses: a past date beside a plan to come
        ("it broke last week so we need a new one by Friday", False),
        ("tháng trước hỏng rồi, tháng sau chị tính mua cái mới", False),
    ],
)
def test_a_past_date_is_no_timeline(text: str, expect: bool) -> None:
    assert no_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a season that describes usage or a bill, with no plan of the customer's
        ("in winter the heating is on pretty much nonstop", True),
        ("every summer the bill goes through the roof", True),
        ("mùa nóng nhà anh bật điều hòa cả ngày", True),
        ("mùa đông thì tiền điện đỡ hơn", True),
        # near misses: a season as a deadline or a plan
        ("we'd want the panels up before summer", False),
        ("chị muốn lắp xong trước mùa nắng", False),
        ("the contract runs out in spring", False),
        ("hợp đồng thuê nhà hết hạn mùa hè này", False),
    ],
)
def test_a_season_without_a_plan_is_no_timeline(text: str, expect: bool) -> None:
    assert no_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a quarter's end with no deictic is a habit
        ("cuối quý nào cũng chạy deadline", True),
        ("đầu quý là phòng kế toán bận lắm", True),
        # near misses: this quarter's end is a date to come
        ("cuối quý này chị chốt", False),
        ("trước cuối quý anh ký", False),
    ],
)
def test_a_bare_quarter_end_is_a_habit(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


def test_english_keeps_the_2026_7_behaviour_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persona_timeline, "UNIT_RULES", frozenset({"vi"}))
    assert customer_plan_time("the roof guy came out three weeks ago", "", "en")
    assert not customer_plan_time("năm ngoái nhà chị sửa lại mái", "", "vi")
