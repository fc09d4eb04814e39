"""Rules of the label definition added in 2026.7 (persona fields: only what the
customer states). Each rule: three wordings it covers and two near misses it must
leave alone; written from the definition, not copied from a labelled call."""

from __future__ import annotations

from datetime import date

import pytest
from callqa.qa.persona.dates import find_dates
from callqa.qa.scoring.persona_rules import (
    answers_history,
    asks_amount_back,
    not_a_timeline,
    reported_at,
)
from callqa.qa.scoring.persona_structure import (
    answers_who_decides,
    asks_who,
    decides_what_or_when,
    states_budget,
    states_decider,
)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # someone else must sign, agree or see it first; or nobody's leave is needed
        ("honestly it's up to them, not me", True),
        ("I can't sign off on anything like that, it goes to the partners", True),
        ("my husband has to approve it before we book anything", True),
        ("we would both need to be on board with it", True),
        ("I don't need anybody's permission for this", True),
        ("phải chồng chị đồng ý mới làm được em ơi", True),
        ("tiền nong trong nhà thì chị tự lo hết", True),
        ("ổng đi làm xa, để em quyết cho nhanh", True),
        # near misses: a limit, signing in, someone's errand, a worry, another "phải"
        ("we could go up to forty grand", False),
        ("I can't sign in to the portal, it keeps timing out", False),
        ("she has to see the dentist on Monday", False),
        ("chị lo quá em ơi, dạo này mất ngủ", False),
        ("phải chờ tới tháng sau mới có lương", False),
    ],
)
def test_who_decides_without_the_word_decide(text: str, expect: bool) -> None:
    assert states_decider(text) is expect


@pytest.mark.parametrize(
    ("asked", "expect"),
    [
        ("chị bị đau lưng lâu chưa chị?", True),
        ("How long have you had the leak?", True),
        ("since when has the boiler been playing up?", True),
        ("tình trạng này bị từ hồi nào vậy anh", True),
        # near misses: when the customer will buy
        ("how long until you want it installed?", False),
        ("anh định khi nào lắp?", False),
    ],
)
def test_a_date_answering_how_long_it_has_gone_on_is_history(asked: str, expect: bool) -> None:
    assert answers_history(asked) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a past event with its date is history
        ("we had the twins in March, so money's tight", True),
        ("it cracked at Christmas and I've put up with it since", True),
        ("we just moved in September", True),
        # near misses: a wish or an event to come
        ("I wanted it sorted by June", False),
        ("my son gets married in October", False),
    ],
)
def test_a_reported_past_event_is_no_timeline(text: str, expect: bool) -> None:
    assert not_a_timeline(text) is expect


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("around the fifth to the tenth of November", True),
        ("we fly out on the 3rd of June", True),
        ("twentieth December if we can", True),
        # near misses: a day without a month, an ordinal that is no day
        ("Thursday the fourteenth works", False),
        ("it's the second time they called", False),
    ],
)
def test_a_day_of_a_month_is_a_date(text: str, found: bool) -> None:
    assert bool(find_dates(text, date(2026, 1, 1))) is found


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        # what the customer only has is a limit
        ("mắc quá, chị tính có ba chục thôi", "vi", True),
        ("em chỉ có tầm hai chục thôi anh", "vi", True),
        ("honestly I've only got about twelve grand", "en", True),
        # near misses: a count, not money
        ("nhà chị chỉ có hai phòng ngủ thôi", "vi", False),
        ("I only have two kids at home", "en", False),
    ],
)
def test_what_the_customer_only_has_is_a_budget(text: str, lang: str, expect: bool) -> None:
    assert states_budget(text, "", lang) is expect


# --- 2026.9 (issue 14, stop 19): budget and who decides by structure -----------------
@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        # a figure right after "budget", a range read as one amount
        ("Our budget maybe three point two to three point five only.", "en", True),
        ("ngân sách tầm hai chục tới hai lăm thôi", "vi", True),
        # a limit right after a bare figure
        ("Forty's my limit, mate.", "en", True),
        ("eighty tops, honestly", "en", True),
        ("hai chục là tối đa nha em", "vi", True),
        # a half in the figure, with a money word
        ("maybe four and half lakhs max", "en", True),
        # a stretch or what the customer can manage, with money
        ("We could stretch to sixty bucks a week.", "en", True),
        ("cố được mười lăm triệu thôi", "vi", True),
        # near misses: a small count before "max", a speed, an age, an amount asked back
        ("I can do two max", "en", False),
        ("We're on five hundred meg already", "en", False),
        ("I'm under thirty", "en", False),
        ("Eight grand for one window?", "en", False),
        ("ba triệu một tháng luôn hả?", "vi", False),
    ],
)
def test_budget_by_structure_2026_9(text: str, lang: str, expect: bool) -> None:
    assert states_budget(text, "", lang) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("My husband must see it first, he's fussy about these things.", True),
        ("Anything over a grand, he's the one who signs.", True),
        ("Honestly I call the shots on the money side.", True),
        ("I'd have to run it by her first.", True),
        ("Dad gets the final say on the car.", True),
        # near misses: a question, a call made to someone, asking her something
        ("So who makes the call on your side?", False),
        ("I'll make the call to the plumber tomorrow.", False),
        ("I'll ask her what time suits.", False),
    ],
)
def test_who_decides_2026_9(text: str, expect: bool) -> None:
    assert states_decider(text) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Send it over and I'll decide how many I need.", True),
        ("We're going to decide pretty soon anyway.", True),
        ("để anh quyết định sớm cho em", True),
        # near misses: who decides
        ("We decide these things together.", False),
        ("chuyện này chị quyết hết", False),
    ],
)
def test_deciding_what_or_when_is_not_who_decides(text: str, expect: bool) -> None:
    assert decides_what_or_when(text) is expect


@pytest.mark.parametrize(
    ("unit", "expect"),
    [
        ("So would that be five hundred a month for the whole family plan then?", True),
        ("hai chục triệu cho cái máy nhỏ xíu vầy luôn á?", True),
        # near misses: a limit of the customer's own, a tag, a statement
        ("Could we keep it under fifty a month?", False),
        ("Two grand a month is doable, right?", False),
        ("Two grand a month is doable.", False),
    ],
)
def test_an_amount_asked_back_is_no_budget(unit: str, expect: bool) -> None:
    assert asks_amount_back(unit, "en" if unit.isascii() else "vi") is expect


@pytest.mark.parametrize(
    ("text", "lang", "expect"),
    [
        # someone else's figure, in a reported scope, is no budget of the customer's
        ("Other companies say thirty grand is the max.", "en", False),
        ("nghe nói bên kia tối đa hai chục thôi", "vi", False),
        ("The neighbour told us twenty grand is the max.", "en", False),
        ("hàng xóm bảo là tối đa hai chục thôi", "vi", False),
        # near misses: the customer's own limit, or the buying side's (who pays) relayed
        ("Thirty grand is the max for us.", "en", True),
        ("tối đa hai chục thôi em", "vi", True),
        ("My dad told me fifteen grand is the max, he's paying.", "en", True),
        ("chồng chị nói tối đa ba chục thôi", "vi", True),
    ],
)
def test_a_reported_amount_is_no_budget(text: str, lang: str, expect: bool) -> None:
    assert states_budget(text, "", lang) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a reported or a who-question is not the customer saying who decides
        ("People say the husband has to sign.", False),
        ("ai quyết vậy em?", False),
        # near misses
        ("My husband has to sign.", True),
        ("Can I check with him first?", False),
    ],
)
def test_reported_or_asked_who_decides(text: str, expect: bool) -> None:
    said = states_decider(text) and not asks_who(text)
    assert said is expect


def test_reported_cue_words() -> None:
    assert reported_at("people say the boss decides", "boss", "en")
    assert not reported_at("the boss decides", "boss", "en")
    assert reported_at("người ta nói sếp quyết", "quyết", "vi")
    assert reported_at("the broker said the boss decides", "boss", "en")
    assert not reported_at("my wife said the boss decides", "boss", "en")
    assert not reported_at("vợ anh bảo để ổng quyết", "quyết", "vi")
    assert asks_who("So who makes the call there?")
    assert not asks_who("chị tự quyết, không cần hỏi ai")


@pytest.mark.parametrize(
    ("unit", "asked", "expect"),
    [
        ("Yeah, we sort that out together.", "Would you decide that with your partner?", True),
        ("No, just me.", "Is anyone else involved in the decision?", True),
        ("dạ em tự lo hết", "Vậy chuyện này chị tự quyết hay bàn với anh nhà?", True),
        # near misses: not a who question, a question back, an earlier question
        ("Yes.", "Have you decided yet?", False),
        ("Why, does it matter?", "Would you decide that with your partner?", False),
        ("Friday works.", "Would you decide together? Shall we say Friday?", False),
    ],
)
def test_an_answer_to_who_decides(unit: str, asked: str, expect: bool) -> None:
    assert answers_who_decides(unit, asked) is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # the call or decision named, then whose it is
        ("The kids get a vote, but the final decision is mine.", True),
        ("Honestly the call's my mother's, she's paying.", True),
        ("the last say is hers", True),
        # near misses: no owner after it
        ("The call is fine, go on.", False),
        ("The final decision is next week.", False),
    ],
)
def test_whose_call_it_is_states_who_decides(text: str, expect: bool) -> None:
    assert states_decider(text) is expect


@pytest.mark.parametrize(
    ("asked", "unit", "expect"),
    [
        # "just you" or "anyone" beside a decision word asks who decides
        ("Will it be just you deciding on this?", "Yep, only me.", True),
        ("Do you need to run the decision past anyone?", "No, nobody.", True),
        # near misses: asks whether it is decided, or asks about anyone else's use
        ("Have you decided anything yet?", "No, not yet.", False),
        ("Will anyone else be using the car?", "No, just me.", False),
    ],
)
def test_just_you_or_anyone_asks_who_decides(asked: str, unit: str, expect: bool) -> None:
    assert answers_who_decides(unit, asked) is expect
