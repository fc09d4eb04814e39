"""Persona fields found by structure in one customer unit, and the packaged
classifier beside the cues (qa/scoring/persona_structure.py, persona_model.py).
Each rule: three wordings that state the field and two near-misses that do not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from callqa.qa.persona.amounts import find_amounts
from callqa.qa.persona.dates import find_dates
from callqa.qa.scoring.persona_model import FIELDS, admits, persona_model
from callqa.qa.scoring.persona_structure import (
    decides_in_turn,
    echoes_agent,
    has_money,
    states_budget,
    states_decider,
    states_timeline,
)

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus"


@pytest.mark.parametrize(
    ("text", "asked", "lang", "expect"),
    [
        ("I was thinking about nine grand, tops.", "it's ten nine ninety five", "en", True),
        ("i cannot go above twenty thousand max", "fee is eighty five thousand sir", "en", True),
        ("I could swing two bills a month, tops.", "It's one eighty-nine a month", "en", True),
        ("tầm hai lít một tháng thôi em", "dạ mỗi tháng chị tính chi khoảng bao nhiêu", "vi", True),
        ("ba tỏi đổ lại", "dạ anh chị tính căn tầm giá nào", "vi", True),
        ("anh tính tầm ba trăm một tháng đổ lại là ok", "", "vi", True),
        # near-misses: a count, a weight, the agent's price repeated, the current bill,
        # a price turned down
        ("chắc cỡ ba ngàn mặt hàng", "tiệm mình bán bao nhiêu mặt hàng", "vi", False),
        ("Forty-two thousand miles, full service history", "", "en", False),
        ("I'd love to lose about twenty-five pounds.", "what's the goal", "en", False),
        ("bảy triệu rưỡi tui cũng không có em ơi", "mỗi quý bảy triệu rưỡi thôi anh", "vi", False),
        ("Last one was like seven hundred.", "what's your power bill running at?", "en", False),
        ("hai triệu tám mắc quá", "dạ gói vàng hai triệu tám chị", "vi", False),
        ("hơi cao em", "dạ gói này một triệu hai một tháng", "vi", False),
    ],
)
def test_budget_by_structure(text: str, asked: str, lang: str, expect: bool) -> None:
    assert states_budget(text, asked, lang) is expect


def test_money_is_not_a_count_weight_or_bank() -> None:
    assert has_money("xe mới khoảng sáu trăm rưỡi")
    assert has_money("We were hoping to stay around seven hundred.")
    assert has_money("tầm năm chục thôi em", "anh dự tính đầu tư khoảng nhiêu", "vi")
    assert not has_money("What is your budget range, I mean your packages?")
    assert not has_money("Mái tôn, chắc cỡ sáu chục mét.")
    assert not find_amounts("anh đang nợ ngân hàng")  # a toned word is read as written
    assert echoes_agent("ba chục triệu em", "phí ba mươi triệu một năm anh", "vi")
    assert not echoes_agent("tối đa hai chục triệu thôi", "phí ba mươi triệu một năm", "vi")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Our lease is up in August too, so the timing's kinda perfect.", True),
        ("My daughter's getting married in May and I wanna look good, you know?", True),
        ("Chị muốn làm trước đám cưới em gái tháng Năm", True),
        ("sau tết anh mới lắp", True),
        # near-misses: the past, a frequency, a name that folds to a month, a question,
        # a period that only counts
        ("yeah I renewed in March I think", False),
        ("maybe once in a month for work", False),
        ("ừ số thằng Nam đấy nhưng nó đi làm rồi", False),
        ("vậy trả nhiêu một tháng một người", False),
        ("Tonight?", False),
        ("tháng này bị cúp điện ba lần", False),
        ("I need someone to take over the quarterly taxes.", False),
    ],
)
def test_timeline_by_structure(text: str, expect: bool) -> None:
    assert states_timeline(text) is expect


def test_dates_match_whole_words_in_every_alternative() -> None:
    day = find_dates("by the end of the quarter", date(2026, 1, 1))
    assert day
    assert not find_dates("the quarterly taxes", date(2026, 1, 1))


def test_who_decides_by_structure() -> None:
    assert states_decider("She's paying half, so it's her call as much as mine.")
    assert states_decider("Look, it's me and the missus' call anyway.")
    assert states_decider("it's my call I own the business")
    assert not states_decider("I missed her call yesterday")
    assert not states_decider("that's my call back number")
    assert decides_in_turn("để chị hỏi ý kiến ông xã đã")
    assert decides_in_turn("vợ anh quyết chuyện tiền nong")
    assert not decides_in_turn("Anh Khoa là chồng chị. Em là ai?")
    assert not decides_in_turn("ông xã đi công tác rồi")


def test_structure_admits_model_units() -> None:
    assert admits("need", "the kitchen is full of ants", "", "en")
    assert not admits("need", "why do you want to know that?", "", "en")
    assert not admits("need", "không cần đâu em", "", "vi")
    assert admits("budget", "around 2k a month", "what's your budget", "en")
    assert not admits("budget", "hơi cao em", "", "vi")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_packaged_model_loads_offline_with_thresholds(lang: str) -> None:
    model = persona_model(lang)
    assert model is not None
    assert set(model.thresholds) == set(FIELDS)
    assert all(0.5 <= t <= 1.01 for t in model.thresholds.values())
    probs = model.probabilities(["my back always pain pain", "okay"])
    assert all(0.0 <= p <= 1.0 for row in probs for p in row.values())
    # a budget the model might read is only a candidate with an amount in it
    found = model.candidates([(3, "hơi cao em. that's a lot", "it's 3500")])
    assert all(c.name != "budget" for c in found)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unit_corpus_has_every_field_and_near_misses(lang: str) -> None:
    data = yaml.safe_load((CORPUS / f"persona_units_{lang}.yaml").read_text(encoding="utf-8"))
    keys = data["examples"]
    for name in FIELDS:
        assert len(keys[name]) >= 15, name
    assert len(keys["none"]) >= 50
    for key in keys:
        assert key == "none" or set(key.split("+")) <= set(FIELDS), key


@pytest.mark.parametrize(
    ("text", "asked", "expect"),
    [
        # a figure of cups or floors, or the reply to "how many" of a count noun, counts
        ("tầm ba trăm ly một ngày", "", False),
        ("nhà hai tầng, rộng chừng tám chục", "nhà mình rộng bao nhiêu mét vuông?", False),
        ("chắc năm chục", "tiệm mình một ngày bao nhiêu đơn?", False),
        # near misses: the amount asked is money
        ("chắc năm chục", "anh dự tính đầu tư khoảng nhiêu?", True),
        ("tầm năm chục", "mỗi tháng chị chi bao nhiêu?", True),
    ],
)
def test_a_count_asked_or_counted_is_no_money(text: str, asked: str, expect: bool) -> None:
    assert has_money(text, asked, "vi") is expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # someone's yes is the condition of the customer's: who decides
        ("tiền nớ là hắn gửi về cho cô, hắn chịu thì cô làm.", True),
        ("ổng gật đầu thì tui mới mua", True),
        ("If my wife agrees, then we'll go ahead.", True),
        # near misses: a trait, the agent addressed, a thing agreeing
        ("hắn chịu khó lắm, học giỏi", False),
        ("anh chịu thì em làm hồ sơ luôn nha", False),
        ("if it agrees with me I will keep it", False),
    ],
)
def test_another_persons_yes_as_the_condition_says_who_decides(text: str, expect: bool) -> None:
    assert states_decider(text) is expect


def test_only_a_question_about_the_bill_dates_the_bill() -> None:
    from callqa.qa.scoring.persona_rules import answers_current_spend

    assert answers_current_spend("Dạ tiền điện nhà mình mỗi tháng khoảng bao nhiêu chú?", "vi")
    assert answers_current_spend("what are you paying now for the old plan", "en")
    # the agent's own words about the bill ask nothing: a date said after is a plan
    said = (
        "Dạ con không nói vậy được chú. Ban đêm vẫn xài điện lưới, con chỉ ước tính giảm "
        "được sáu mươi phần trăm tiền điện ban ngày thôi."
    )
    assert not answers_current_spend(said, "vi")
    assert not answers_current_spend("It'll cut your power bill by half, easily.", "en")
