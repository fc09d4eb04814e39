"""Persona rules of 2026.12 (issue 14, stop 22): a price said back (rounded), another
seller's price or an amount in a turn that puts the question off is no budget; a
rough figure or money saved after a spending intent is; someone to ask first or who
holds the money says who decides; a teen age after the time, minutes or hours and a
holiday naming a kind of thing are no timeline; the product turned down for good
states no need. Sentences written from the label definitions, not copied from a call."""

from __future__ import annotations

import pytest
from callqa.qa.scoring.persona_rules import not_a_timeline, refuses
from callqa.qa.scoring.persona_structure import echoes_agent, states_budget, states_decider


@pytest.mark.parametrize(
    ("text", "asked", "lang", "expect"),
    [
        # the agent's price said back, rounded, with no limit of the customer's own
        ("sáu triệu hơn lận hả, để chị coi lại", "dạ gói này sáu triệu một chị", "vi", True),
        ("Forty-nine grand? Wow.", "It comes to forty-eight thousand five hundred.", "en", True),
        # another seller's price
        ("tám triệu mắc quá, bên kia người ta bán có bảy triệu", "dạ tám triệu anh", "vi", True),
        # any amount in a turn that puts the question off
        ("Hai chục triệu hả, thôi để anh suy nghĩ thêm đã.", "dạ hai mươi lăm triệu", "vi", True),
        # near misses: a limit of their own, a figure well under the price
        ("sáu triệu thì cao, chị tính tầm năm triệu đổ lại", "dạ gói này sáu triệu", "vi", False),
        ("hai chục triệu thôi em", "dạ hai mươi lăm triệu anh", "vi", False),
        ("I've got about forty grand saved for it", "It's forty-eight thousand.", "en", False),
    ],
)
def test_a_price_said_back_or_put_off_is_no_budget(
    text: str, asked: str, lang: str, expect: bool
) -> None:
    assert echoes_agent(text, asked, lang) is expect


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        ("We were looking at fifty-ish a month.", "en", True),
        ("We were thinking more like thirty-odd.", "en", True),
        ("con để dành được ba triệu rồi", "vi", True),
        ("tui dành dụm được chục triệu", "vi", True),
        # near misses: a count, a small figure, nothing saved
        ("There were forty-odd people in the queue.", "en", False),
        ("tui không có đồng nào để dành hết", "vi", False),
    ],
)
def test_a_rough_figure_or_money_saved_is_a_budget(text: str, lang: str, expect: bool) -> None:
    assert states_budget(text, "", lang) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("để anh về hỏi bà xã coi sao đã", True),
        ("phải hỏi ý kiến ông nhà trước", True),
        ("tiền nong nhà tui là bà xã giữ hết", True),
        ("tiền học là bố nó lo", True),
        ("We don't buy anything without my husband seeing it.", True),
        ("Not without my boss's approval, no.", True),
        # near misses: asking about the product, a bill paid, going without
        ("để chị hỏi giá chỗ khác đã", False),
        ("tiền điện là anh trả", False),
        ("We've been without my husband's car for a week.", False),
    ],
)
def test_someone_to_ask_first_or_who_holds_the_money_decides(text: str, expect: bool) -> None:
    assert states_decider(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("sang năm thì đủ mười tám tuổi", True),
        ("tháng sau là đủ mười sáu tuổi", True),
        ("I've only got ten minutes before the school run.", True),
        ("mười phút nữa chị phải đi đón con", True),
        ("tiền thưởng Tết chị để dành mua cái này", True),
        # near misses: an amount after the time, a date with an ordinal, a holiday as a date
        ("tháng sau mười triệu chị lo được", False),
        ("It ends on the twenty-second.", False),
        ("sau Tết chị mới lắp", False),
    ],
)
def test_an_age_minutes_or_a_holiday_thing_are_no_timeline(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Chị làm may ở nhà. Mà chị nói rồi, chị không mua nữa.", True),
        ("thôi em, anh hổng lắp nữa đâu", True),
        ("Honestly we don't need it anymore, we sold the house.", True),
        # near misses: soon, more of it
        ("chắc không lâu nữa chị mua", False),
        ("anh muốn vay thêm nữa", False),
    ],
)
def test_the_product_turned_down_for_good_states_no_need(text: str, expect: bool) -> None:
    assert refuses(text) is expect
