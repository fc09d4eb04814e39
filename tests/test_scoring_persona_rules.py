"""Rules of the label definition that keep an amount or a date from counting as a
budget or a timeline (qa/scoring/persona_rules.py). Each rule: three wordings it
rules out and two near misses it must leave alone; written from the definition,
not copied from a labelled call."""

from __future__ import annotations

import pytest
from callqa.qa.scoring.persona_rules import (
    answers_history,
    asks_price,
    budget_in_context,
    conditional_at,
    held_amount,
    not_a_timeline,
    paid_before,
    past_year,
)
from callqa.qa.scoring.persona_structure import states_budget, states_timeline


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a bare recurring period is a habit
        ("tụi chị chốt sổ cuối tháng, mệt lắm", True),
        ("ban ngày đi làm, chắc cuối tuần mới học được", True),
        ("We only really get to the site on weekends.", True),
        # near misses: the same period with a deictic or a deadline is a date to come
        ("chắc cuối tháng này anh làm hồ sơ luôn", False),
        ("phải xong trước cuối tuần sau em ạ", False),
        # a daily schedule
        ("Mostly after work, around seven.", True),
        ("tầm trước giờ làm, sáu giờ sáng", True),
        ("before bed is when I've got time", True),
        # a callback time is the next step
        ("thứ năm tuần sau em gọi lại chị nhé", True),
        ("Call me back next Tuesday, I'm driving.", True),
        ("ring me Friday afternoon and we'll talk", True),
        # near misses: a purchase date, a deadline
        ("We'd want it in by next Tuesday.", False),
        ("sau Tết anh mới mua", False),
    ],
)
def test_not_a_timeline(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Third of May, nineteen ninety.", True),
        ("I was born in 2001.", True),
        ("we set up the shop in 2019", True),
        ("sinh tháng bảy năm 1995", True),
        # near misses: a car's model year, a year to come
        ("xe đời 2021, tầm năm trăm triệu", False),
        ("we want it paid off by 2028", False),
    ],
)
def test_past_year(text: str, expect: bool) -> None:
    assert past_year(text) is expect


@pytest.mark.parametrize(
    ("text", "asked", "lang", "expect"),
    [
        # income or an obligation already running, by the customer's words ...
        ("my salary is about forty thousand a month", "", "en", True),
        ("still owe around twelve grand on the old car", "", "en", True),
        ("lương tháng tầm mười lăm triệu", "", "vi", True),
        ("dư nợ còn khoảng hai trăm triệu", "", "vi", True),
        # ... or by the agent's question just before
        ("about seventy thousand", "and what's your monthly income roughly", "en", True),
        ("tầm hai mươi triệu", "thu nhập hàng tháng của anh khoảng bao nhiêu", "vi", True),
        # near misses: a limit of their own, a budget question
        ("with my salary I can do two thousand a month, max", "", "en", False),
        ("tầm hai triệu một tháng", "anh chị dự tính chi khoảng bao nhiêu", "vi", False),
    ],
)
def test_held_amount(text: str, asked: str, lang: str, expect: bool) -> None:
    assert held_amount(text, asked, lang) is expect


def test_amounts_that_are_no_budget() -> None:
    # income, a debt, a price asked, a year: no budget
    assert not states_budget("about sixty thousand", "what's your take home salary", "en")
    assert not budget_in_context("outstanding is about three hundred k", "", "en")
    assert not budget_in_context("năm chục hộp thì nhiêu", "", "vi")
    assert not budget_in_context("Ninth of March, two thousand and eight.", "date of birth?", "en")
    assert asks_price("ba mươi khách thì bao nhiêu")
    assert asks_price("and for two people how much")
    # near misses: "not much" states; a budget with a limit stands
    assert not asks_price("nằm viện thì chẳng được bao nhiêu")
    assert states_budget("I was thinking fifteen thousand max per year.", "", "en")
    assert states_budget("tối đa hai triệu một tháng thôi", "dạ chị tính chi bao nhiêu", "vi")


def test_timeline_by_structure_drops_habits_and_callbacks() -> None:
    assert not states_timeline("cuối tháng kế toán mới nhập sổ")
    assert not states_timeline("call me back in two weeks")
    assert states_timeline("we'd sign in two weeks")


def test_a_spouse_named_decides_only_with_a_deciding_verb_read_as_written() -> None:
    from callqa.qa.scoring.persona_structure import bare_relation, decides_in_turn

    # the customer's other pronouns name a spouse too
    assert bare_relation("vợ tui") and bare_relation("chồng tôi") and bare_relation("chong minh")
    assert decides_in_turn("để tui bàn với vợ tui đã")
    assert decides_in_turn("chồng tôi quyết hết")
    assert decides_in_turn("de em hoi y kien chong em")  # tone-less text: folded verbs
    # near misses: a toned word that folds to a deciding verb ("bán" is not "bàn")
    assert not decides_in_turn("có, vợ tui bán hàng ở nhà cả ngày")
    assert not decides_in_turn("chồng tôi hỏng xe nên đi bộ")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # an age before the date is a birthday
        ("I'll be sixteen next month, so nearly.", True),
        ("con bé mười lăm tuổi năm nay", True),
        ("Eighteen in October, I've got my provisional.", True),
        # near misses: a count before a date, a purchase date
        ("We'd want it done in October.", False),
        ("fifteen staff, we start next month", False),
    ],
)
def test_an_age_is_no_timeline(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


def test_dates_in_an_answer_about_the_bill_date_the_bill() -> None:
    from callqa.qa.scoring.persona_rules import answers_current_spend

    assert answers_current_spend("so what's your electric bill running in summer?", "en")
    assert answers_current_spend("dạ tiền điện nhà mình tháng cao nhất tầm bao nhiêu", "vi")
    assert answers_current_spend("what are you paying now for the old plan", "en")
    # near misses: a question about what they want to spend, a timing question
    assert not answers_current_spend("what would you like to spend on the system?", "en")
    assert not answers_current_spend("when are you hoping to get it installed?", "en")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a period up to now says how long, not when
        ("đang xài thử mấy tuần nay, cũng tạm", True),
        ("cả tháng nay chị chạy sổ tay", True),
        ("bên anh dùng bản miễn phí tuần nay rồi", True),
        # the customer says when they will not buy
        ("I can't afford a new system this year, honestly", True),
        ("we won't be able to buy anything this quarter", True),
        ("năm nay chưa mua nổi đâu em", True),
        # near misses: this week / this month to come, "not until" names when
        ("tuần này anh ghé cửa hàng được", False),
        ("we can't afford it until March, then yes", False),
        ("chưa có tiền, sau Tết mới mua", False),
        ("tính cuối năm mới chốt chứ giờ chưa có tiền", False),
        ("can't buy right now, but next spring for sure", False),
    ],
)
def test_up_to_now_and_not_buying_are_no_timeline(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        # a bare figure ending the customer's own spending intent is money
        ("anh tính tầm năm chục cho cả nhà", "vi", True),
        ("dự tính ba trăm thôi em", "vi", True),
        ("we're approved for three-twenty, so that's the ceiling", "en", True),
        ("I was thinking more like forty five a month", "en", True),
        # near misses: a count after the figure, a small number alone
        ("tính khoảng ba chục khách một ngày", "vi", False),
        ("we were thinking two or three sessions", "en", False),
    ],
)
def test_a_bare_figure_after_a_spending_intent(text: str, lang: str, expect: bool) -> None:
    assert states_budget(text, "", lang) is expect


# --- issue 14, stop 21 (2026.11) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        # an amount dated in the past is money paid: a bill or a cost, no budget
        ("The vet was about two hundred bucks last week", "en", True),
        ("we paid like four grand for the old system a few years ago", "en", True),
        ("tháng trước sửa xe hết ba triệu rưỡi", "vi", True),
        # near misses: a limit or a will to pay of the customer's own beside it
        ("last year they quoted ten, I could do eight max", "en", False),
        ("It cost us nine hundred last year, I'd rather pay that for a plan", "en", False),
        ("năm ngoái mất hai triệu, giờ chị tính tối đa ba triệu thôi", "vi", False),
    ],
)
def test_an_amount_paid_before_is_no_budget(text: str, lang: str, expect: bool) -> None:
    assert paid_before(text, lang) is expect
    if expect:
        assert not budget_in_context(text, "", lang)


def test_an_either_or_question_asks_the_price() -> None:
    assert asks_price("the two thousand one, that includes the fitting or not")
    assert asks_price("gói năm triệu đó có bảo hành hay không")
    assert not asks_price("two thousand, not more")


def test_a_callback_again_and_a_birth_date_are_no_timeline() -> None:
    assert not_a_timeline("maybe just call again after new year")
    assert not_a_timeline("thôi tháng sau em gọi chị lại nha")
    assert not not_a_timeline("we want it sorted after new year")
    assert answers_history("And can I get your date of birth, please?")
    assert answers_history("Cho em xin ngày sinh của chị ạ")
    assert not answers_history("When would you like to start?")


@pytest.mark.parametrize(
    ("unit", "key", "lang", "expect"),
    [
        # a need supposed, not stated
        ("If we ever need it, we'll ring you.", "need", "en", True),
        ("nếu cần thì chị liên hệ lại sau", "cần", "vi", True),
        # near misses: the need said outright, the condition elsewhere
        ("We need it before winter if the price is right.", "need", "en", False),
        ("chị cần lắm, nếu rẻ thì làm luôn", "cần", "vi", False),
    ],
)
def test_a_need_in_a_condition_is_not_stated(unit: str, key: str, lang: str, expect: bool) -> None:
    assert conditional_at(unit, key, lang) is expect


def test_a_will_to_pay_in_the_turn_keeps_a_past_amount() -> None:
    unit = "The fine was about six hundred last year."
    assert paid_before(unit, "en")
    assert not paid_before(unit, "en", unit + " I'd rather pay for the plan than that.")
