"""Objection handling (qa/scoring/objections.py): objections typed and timed,
answers looked for in the agent's next turns, the trained model and its corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Evidence, ItemResult, Segment, Transcript
from callqa.qa.scoring import Scorer
from callqa.qa.scoring.checklist import ChecklistError, parse_checklist
from callqa.qa.scoring.objections import (
    NONE,
    TYPES,
    Objection,
    ObjectionModel,
    agrees,
    answered_as,
    asks_opinion,
    asks_yes,
    bare_yes,
    ceilings,
    clock,
    counter_figures,
    cues,
    deciders,
    find_cue,
    first_reply,
    gave_up,
    lets_stand,
    not_a_prospect,
    objection_model,
    repeated,
    restated,
    step_answer,
    units,
)
from callqa.qa.scoring.persona import TargetVerdict
from callqa.qa.scoring.writer_sets import QA_DEV, in_tuning_half, read_writer_sets

from tests.mini_calls import item_of, mini_call, scored

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def objection_item(scorer: Scorer, transcript: Transcript) -> ItemResult:
    return item_of(scored(scorer, transcript), "objection_handling")


INTRODUCTION = {  # the agent's opening line of the mini calls, per language
    "vi": "Dạ em là Lan bên Tài chính Sao Mai, em gọi về khoản vay anh đăng ký ạ.",
    "en": "Hi, this is Sam from Bright Solar about your quote request.",
}


def objects_in_mini_call(scorer: Scorer, text: str) -> bool:
    """Whether the customer's ``text``, the one turn between an English agent's
    introduction and a neutral "Sure, understood.", makes the item applicable."""
    t = mini_call(
        "en",
        [
            ("a", INTRODUCTION["en"]),
            ("c", text),
            ("a", "Sure, understood."),
        ],
    )
    return objection_item(scorer, t).verdict != "na"


def test_answered_objection_names_both_moments(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("c", "Honestly that's way too expensive for us."),
            ("a", "I understand. We do zero percent instalments, about fifty a month."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "met"
    assert got.reason == "objection (price) at 0:06 answered at 0:11"
    assert [e.speaker for e in got.evidence] == ["agent", "customer"]
    assert got.evidence[0].start == 11.0 and got.evidence[1].start == 6.0


def test_objection_given_up_on_is_missed_with_the_agent_turn(scorer: Scorer) -> None:
    t = mini_call(
        "vi",
        [
            ("a", "Dạ em chào chị, em gọi từ bên điện mặt trời Sao Mai ạ."),
            ("c", "Chị đang bận lắm em ơi."),
            ("a", "Dạ vâng ạ."),
            ("c", "Ừ."),
            ("a", "Dạ vâng."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert got.reason == "objection (time) at 0:06 not answered (agent at 0:11)"


def test_objection_in_the_last_turn_has_no_answer(scorer: Scorer) -> None:
    t = mini_call("en", [("a", "So shall we book Thursday?"), ("c", "I'm not interested.")])
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert got.reason.endswith("no agent turn after it")


def test_no_objection_is_not_applicable(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "How are you today?"),
            ("c", "I'm good thanks, how much is the monthly plan?"),
            ("a", "It's forty a month."),
            ("c", "Okay, my budget is about fifty so that works."),
        ],
    )
    assert objection_item(scorer, t).verdict == "na"


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "that's way too expensive for me", "price"),
        ("en", "I'm driving right now, call me later", "time"),
        ("en", "let me talk to my wife first", "think"),
        ("vi", "mắc quá em ơi chị không có tiền", "price"),
        ("vi", "để chị hỏi ông xã đã", "think"),
        ("vi", "bên em có lừa đảo không", "trust"),
    ],
)
def test_model_types_objections(language: str, text: str, kind: str) -> None:
    model = objection_model(language)
    assert model is not None
    assert model.type_of(text) == kind


@pytest.mark.parametrize(("language", "threshold"), [("vi", 0.70), ("en", 1.0)])
def test_model_finds_objections_at_its_rotated_threshold(language: str, threshold: float) -> None:
    model = objection_model(language)
    assert model is not None and model.threshold == threshold
    said = {"en": "that's way too expensive for me", "vi": "mắc quá em ơi"}[language]
    seg = Segment(start=3.0, end=5.0, text=f"{said}.", speaker="customer")
    # at 1.0 the model types the rules' objections and finds none of its own
    assert len(model.objections([(0, seg)])) == (0 if threshold == 1.0 else 1)
    near = {"en": "how much is it per month", "vi": "một tháng đóng bao nhiêu em"}[language]
    assert model.classify([near, "...", said])[1] == ("none", 0.0)
    assert model.classify([near])[0][1] < model.classify([said])[0][1]
    lowered = ObjectionModel(model.nlp, 0.5, language)
    found = lowered.objections([(0, seg)])
    assert [(o.seg, o.type, o.evidence.start) for o in found] == [(0, "price", 3.0)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_written_corpus_with_more_wordings_is_balanced(language: str) -> None:
    counts: dict[str, int] = {}
    for name in (f"objections_{language}.yaml", f"objections_{language}_more.yaml"):
        data = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
        assert set(data["customer"]) == {*TYPES, NONE}, name
        for label, texts in data["customer"].items():
            counts[label] = counts.get(label, 0) + len(texts)
    assert all(counts[t] >= 30 for t in TYPES)
    assert counts[NONE] >= sum(counts[t] for t in TYPES) * 3 // 4


@pytest.mark.parametrize("language", ["vi", "en"])
def test_corpus_has_every_type_and_near_misses(language: str) -> None:
    data = yaml.safe_load((CORPUS / f"objections_{language}.yaml").read_text(encoding="utf-8"))
    customer = data["customer"]
    assert set(customer) == {*TYPES, NONE}
    assert all(len(customer[t]) >= 25 for t in TYPES)
    assert len(customer[NONE]) >= sum(len(customer[t]) for t in TYPES) // 2


def test_units_cut_long_unpunctuated_runs() -> None:
    run = " ".join(f"w{i}" for i in range(30))
    got = units(run)
    assert got[0] == run and len(got) == 1 + 4
    assert all(len(u.split()) == 12 for u in got[1:])
    assert units("Too dear. Call me later!") == ["Too dear.", "Call me later!"]


def test_clock() -> None:
    assert clock(62.7) == "1:02" and clock(5) == "0:05" and clock(-1) == "0:00"


def test_objections_detector_needs_respond_turns() -> None:
    item = {
        "id": "objection_handling",
        "label": "x",
        "weight": 10,
        "patterns": {"en": ["fair"]},
        "applies_if": {"patterns": {"en": ["too expensive"]}},
        "detector": "objections",
    }
    data = {"name": "t", "version": "1", "languages": ["en"], "pass_mark": 70, "items": [item]}
    with pytest.raises(ChecklistError, match="respond_turns"):
        parse_checklist(data)
    item.update(after_trigger=True, respond_turns=2)
    assert parse_checklist(data).item("objection_handling").detector == "objections"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the agent gives up on the objection
        ("en", "Well, nothing I can do about that, sorry.", True),
        ("en", "then maybe this plan is not for you madam", True),
        ("en", "It is what it is, take it or leave it.", True),
        ("vi", "dạ giá vậy rồi chị, em cũng chịu", True),
        ("vi", "vậy chắc gói này không hợp với chị rồi", True),
        ("vi", "cái này em không giúp được chị đâu", True),
        # near misses: an alternative after "but", a conditional, an answer
        ("en", "I can't do anything about the list price, but we can split it monthly.", False),
        ("en", "and if it's not for you, you get a full refund within seven days", False),
        ("en", "Totally fair, let me show you the cheaper plan.", False),
        ("vi", "giá này không giảm được, nhưng bên em cho trả góp không lãi", False),
        ("vi", "nếu thấy không hợp với chị thì bên em hoàn tiền trong bảy ngày", False),
    ],
)
def test_agent_giving_up(language: str, text: str, expected: bool) -> None:
    assert gave_up(text, language) is expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the customer says the objection again, as already said
        ("en", "like I said, we're happy with who we've got", True),
        ("en", "I told you, I'm at work, I can't talk", True),
        ("en", "how many times, it's too expensive for us", True),
        ("vi", "chị nói mấy lần rồi, chị đang bận", True),
        ("vi", "tui đã nói là không có nhu cầu mà", True),
        ("vi", "nói hoài, mắc quá không mua đâu", True),
        # near misses: the agent or someone else said it, no repetition
        ("en", "my wife said it's too expensive", False),
        ("en", "that's too expensive for us", False),
        ("vi", "em nói là bên em rẻ hơn mà", False),
        ("vi", "mắc quá em ơi", False),
    ],
)
def test_objection_said_again(language: str, text: str, expected: bool) -> None:
    assert repeated(text, language) is expected


def test_agent_who_gives_up_misses_even_with_answer_words_later(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("c", "Honestly that's way too expensive for us."),
            ("a", "Well, the price is the price, nothing I can do about that."),
            ("c", "Hmm."),
            ("a", "We also do a free inspection and financing."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert got.reason == "objection (price) at 0:06: the agent gave up on it at 0:11"


def test_objection_said_again_as_already_said_is_missed(scorer: Scorer) -> None:
    t = mini_call(
        "vi",
        [
            ("a", "Dạ em chào chị, em gọi từ bên điện mặt trời Sao Mai ạ."),
            ("c", "Chị đang bận lắm em ơi."),
            ("a", "Dạ bên em có gói tiết kiệm, rẻ hơn nhiều chị."),
            ("c", "Chị nói rồi, chị đang bận mà."),
            ("a", "Dạ gói này nhiều người chọn lắm chị."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert "said again as already said" in got.reason


def test_real_units_name_their_writer_set_and_call() -> None:
    data = yaml.safe_load((CORPUS / "objections_real.yaml").read_text(encoding="utf-8"))
    units_ = data["units"]
    assert len(units_) >= 100
    assert {u["set"] for u in units_} == set(read_writer_sets(ROOT).names)
    near = data["near_misses"]
    assert near and all(u["set"] and u["call"][:3] in ("vi_", "en_") and u["text"] for u in near)
    assert all(u["type"] in TYPES and u["text"].strip() for u in units_)
    assert all(u["call"].rsplit("/", 1)[-1][:3] in ("vi_", "en_") for u in units_)
    # qa-dev: only the odd-numbered calls may be read
    assert all(in_tuning_half(u["call"]) for u in units_ if u["set"] == QA_DEV)


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        ("mắc quá em ơi", True),
        ("chị không có thời gian đâu em", True),
        ("để chị hỏi ông xã đã", True),
        # denied or conditioned (scope words): no objection raised
        ("không phải chị chê mắc đâu, chị chỉ hỏi cho biết thôi", False),
        ("nếu rẻ hơn chút thì chị lấy liền", False),
        ("một tháng đóng bao nhiêu em", False),
    ],
)
def test_vietnamese_model_finds_objections_not_denied_or_conditioned_ones(
    text: str, objects: bool
) -> None:
    model = objection_model("vi")
    assert model is not None and model.scope_words
    seg = Segment(start=3.0, end=5.0, text=text, speaker="customer")
    assert bool(model.objections([(0, seg)])) is objects


def _objection(seg: int, start: float, text: str, kind: str = "price") -> Objection:
    return Objection(
        seg, kind, 1.0, Evidence(text=text, start=start, end=start + 3, speaker="customer")
    )


def _target(reason: str, start: float, fit: str = "wrong") -> TargetVerdict:
    ev = Evidence(text="...", start=start, end=start + 3, speaker="customer")
    return TargetVerdict(fit, reason, (ev,))


@pytest.mark.parametrize(
    ("reason", "revealed_at", "kept"),
    [
        # no prospect at all: a competitor's whole call, a wrong number's or a
        # minor's words from the moment the call shows it (same turn included)
        ("a competitor", 60.0, []),
        ("wrong number", 20.0, [10.0]),
        ("under age", 40.0, [10.0]),
        # near misses: the reason is often the objection itself; kept
        ("a renter, not the owner", 20.0, [10.0, 40.0]),
        ("already a customer", 20.0, [10.0, 40.0]),
    ],
)
def test_a_caller_who_is_no_prospect_raises_no_objection(
    reason: str, revealed_at: float, kept: list[float]
) -> None:
    found = [_objection(1, 10.0, "too dear"), _objection(5, 40.0, "I don't trust this")]
    got = not_a_prospect(found, _target(reason, revealed_at))
    assert [o.evidence.start for o in got] == kept


@pytest.mark.parametrize(
    ("language", "text", "kind", "kept"),
    [
        # the parent who pays objects, relayed by the minor: the buyer's objection
        ("en", "fine but my dad's gonna say it costs way too much", "price", True),
        ("en", "he always says gyms are a rip off", "trust", True),
        ("vi", "mà mẹ em chê học phí mắc lắm anh", "price", True),
        # asking the parent is the under-age reason itself; the minor's own words
        ("en", "I'll have to ask my mum first", "think", False),
        ("vi", "để tối em hỏi ba em đã", "think", False),
        ("en", "nah that's too much for me honestly", "price", False),
        ("vi", "mắc quá anh ơi", "price", False),
    ],
)
def test_a_minor_relays_the_buyers_objection(
    language: str, text: str, kind: str, kept: bool
) -> None:
    found = [_objection(6, 50.0, text, kind)]
    got = not_a_prospect(found, _target("under age", 30.0), language)
    assert bool(got) is kept


def test_a_right_or_unknown_target_keeps_every_objection() -> None:
    found = [_objection(1, 10.0, "mắc quá")]
    assert not_a_prospect(found, _target("a competitor", 5.0, fit="right")) == found
    assert not_a_prospect(found, None) == found


@pytest.mark.parametrize(
    ("language", "turns"),
    [
        (
            "vi",
            [
                ("a", "Dạ em chào chị, em gọi cho anh Hoàng theo phiếu đăng ký bảo hiểm ạ."),
                ("c", "Ở đây không có ai tên Hoàng, chị dùng số này bảy năm rồi, em gọi nhầm số."),
                ("a", "Dạ em xin lỗi chị, chắc anh ấy điền nhầm số ạ."),
                ("c", "Dạo này lừa đảo nhiều lắm, chị không tin mấy cuộc gọi này đâu."),
                ("a", "Dạ em ghi chú số này để không gọi lại nữa ạ. Em chào chị."),
            ],
        ),
        (
            "en",
            [
                ("a", "Hi, is this Mark? I'm calling about the solar quote he asked for."),
                ("c", "No, there's no Mark here, you've got the wrong number."),
                ("a", "Oh, sorry about that."),
                ("c", "Honestly I don't trust these calls, there are so many scams."),
                ("a", "Understood, I'll take the number off our list. Bye now."),
            ],
        ),
    ],
)
def test_a_wrong_numbers_words_after_it_is_shown_are_no_objection(
    scorer: Scorer, language: str, turns: list[tuple[str, str]]
) -> None:
    result = scored(scorer, mini_call(language, turns))
    assert result.target_fit == "wrong" and result.target_fit_reason == "wrong number"
    assert item_of(result, "objection_handling").verdict == "na"


@pytest.mark.parametrize(
    ("language", "text", "answers"),
    [
        # a step at a concrete time answers (pressure still answers)
        ("en", "Let me pencil you in for Thursday at four, you can decide then.", True),
        ("en", "No stress, I'll ring you back tomorrow morning once you've had a look.", True),
        ("vi", "Dạ vậy chiều mai ba giờ em gọi lại cho anh nha.", True),
        ("vi", "dạ em hẹn chị thứ bảy này qua showroom xem xe nha chị", True),
        # a channel alone sends the pitch; a time with no step offers nothing
        ("en", "I'll just email you the brochure and you can have a read.", False),
        ("en", "We're open on Saturday if that helps.", False),
        ("vi", "Dạ em gửi bảng giá qua Zalo cho chị coi nha.", False),
    ],
)
def test_a_step_at_a_concrete_time_answers(language: str, text: str, answers: bool) -> None:
    turn = Evidence(text=text, start=20.0, end=24.0, speaker="agent")
    assert (step_answer(turn, language) is not None) is answers


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "So like I said, the plan's only forty a month.", True),
        ("en", "As I mentioned, it includes the install.", True),
        ("vi", "Dạ như em nói á chị, gói này rẻ lắm.", True),
        ("en", "I hear you, the install is included in that price.", False),
        ("vi", "Dạ như chị nói thì bên em có gói nhỏ hơn.", False),
        # inside an answer, not its opening
        ("en", "Fair enough, the other quote has no warranty, and as I said ours has ten.", False),
    ],
)
def test_the_pitch_said_again(language: str, text: str, expected: bool) -> None:
    assert restated(text, language) is expected


def test_busy_answered_with_a_slot_is_met(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("c", "Mate, I'm flat out busy at the moment."),
            ("a", "No worries, let me book you in for Friday at nine."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "met"
    assert got.reason == "objection (time) at 0:06 answered at 0:11"
    assert got.evidence[0].text == "No worries, let me book you in for Friday at nine."


def test_the_pitch_repeated_after_an_objection_is_missed(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("c", "We've already got a quote from another company."),
            ("a", "Like I said, our panels are tier one with a ten year warranty."),
            ("c", "Okay."),
            ("a", "And the install only takes a day."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert got.reason == "objection (already has one) at 0:06: the agent repeated the pitch at 0:11"


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        # the spouse behind a verb of consulting objects
        ("Look, I'd have to talk to the wife about it.", True),
        ("Gotta check with the hubby before anything, sorry.", True),
        # the spouse named, nobody consulted
        ("My partner loves the garden, we're out there every weekend.", False),
    ],
)
def test_a_spouse_to_consult_objects(scorer: Scorer, text: str, objects: bool) -> None:
    assert objects_in_mini_call(scorer, text) is objects


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        # a price over the customer's limit, said as "above" it or "too much"
        ("Honestly that's above our budget for a kitchen.", True),
        ("Ninety dollars a visit is too much.", True),
        # a cheaper place nearby, or a deferral "down the road"
        ("The clinic down the road charges half that.", True),
        # why this offer over another, as a question
        ("So why would we switch to you when the bank does it free?", True),
        # a decision the customer cannot take alone; deciding alone is no objection
        ("I can't decide this on my own, sorry.", True),
        ("I decide alone, it's my own money.", False),
        # a bad experience, said as burned; a credit history is no objection
        ("We've been burnt by a roofer before.", True),
        ("I got turned down by a lender once, that's all.", False),
        # someone already included on the policy is no provider already had
        ("My son drives it too, he's already on there.", False),
    ],
)
def test_objection_wordings(scorer: Scorer, text: str, objects: bool) -> None:
    assert objects_in_mini_call(scorer, text) is objects


@pytest.mark.parametrize(
    ("segs", "run"),
    [([5, 6, 8], [5, 6]), ([5, 7], [5]), ([4], [4]), ([], [])],
)
def test_first_reply_is_the_agents_turns_before_the_customer_speaks(
    segs: list[int], run: list[int]
) -> None:
    assert first_reply(segs) == run


def test_a_slot_after_the_customer_spoke_again_answers_nothing(scorer: Scorer) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("c", "My husband reckons twelve grand is way too expensive."),
            ("a", "Okay, and is the roof facing north or west?"),
            ("c", "North, mostly."),
            ("a", "Great, I'll pop round on Thursday at four to measure up."),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert got.reason == "objection (price) at 0:06 not answered (agent at 0:11)"


@pytest.mark.parametrize(
    ("language", "text", "agrees_"),
    [
        ("en", "Okay, kindly send it, I'll check and revert.", True),
        ("en", "Okay, but I'm not interested really.", False),
        ("en", "Sure, though the price is steep.", False),
        ("en", "Honestly just email me something.", False),
        ("vi", "Dạ vâng em cứ gửi qua zalo để chị xem", True),
        ("vi", "ừ nhưng mà chị chưa cần đâu", False),
    ],
)
def test_a_turn_that_agrees(language: str, text: str, agrees_: bool) -> None:
    assert agrees(text, language) is agrees_


@pytest.mark.parametrize(
    ("reply", "objects"),
    [
        # takes the step the agent just offered: no objection
        ("Okay, kindly send it, I'll check and revert.", False),
        # agrees, then objects all the same
        ("Okay, but I'm not interested really.", True),
    ],
)
def test_taking_the_step_just_offered_is_no_objection(
    scorer: Scorer, reply: str, objects: bool
) -> None:
    t = mini_call(
        "en",
        [
            ("a", "Hi, this is Sam from Bright Solar about your quote request."),
            ("a", "I'll send the brochure on WhatsApp and call you tomorrow at five."),
            ("c", reply),
            ("a", "Lovely, talk tomorrow."),
        ],
    )
    assert (objection_item(scorer, t).verdict != "na") is objects


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        # pyvi glues the price word to its degree at a sentence's start
        ("Đắt thế em. Ba chục triệu lận.", True),
        ("Mắc vậy em", True),
        # asking whether it is dear is no objection
        ("Đắt không em?", False),
        ("Mắc không em, chị hỏi thử thôi", False),
    ],
)
def test_a_glued_vietnamese_price_word_objects(scorer: Scorer, text: str, objects: bool) -> None:
    t = mini_call(
        "vi",
        [
            ("a", "Dạ em là Lan bên Nha khoa Sao Mai, gói niềng răng bên em ba chục triệu ạ."),
            ("c", text),
            ("a", "Dạ em hiểu ạ."),
        ],
    )
    assert (objection_item(scorer, t).verdict != "na") is objects


@pytest.mark.parametrize(
    ("language", "text", "stands"),
    [
        # a short first reply telling the customer to go on with the deferral
        ("vi", "Dạ vâng, vậy chị cứ suy nghĩ thêm nha chị.", True),
        ("vi", "Dạ, vậy thì thôi anh.", True),
        ("en", "Sure, have a think about it.", True),
        # the same cue going on to an answer, or asking something, engages it
        (
            "vi",
            "Dạ chị cứ cân nhắc ạ, mà em nói thêm là bên em có trả góp không lãi nha chị.",
            False,
        ),
        ("en", "No worries, who else would you need to run it past?", False),
        # an acknowledgement, or a courtesy while the customer does something, is no cue
        ("en", "Fair enough, I understand.", False),
        ("en", "Sure, take your time.", False),
    ],
)
def test_a_first_reply_that_only_lets_it_stand(language: str, text: str, stands: bool) -> None:
    assert lets_stand(text, language) is stands


def test_an_objection_let_stand_is_missed_whatever_comes_after(scorer: Scorer) -> None:
    t = mini_call(
        "vi",
        [
            ("a", "Dạ em là Lan bên Nha khoa Sao Mai, gói niềng răng bên em ba chục triệu ạ."),
            ("c", "Ba chục triệu hả, mắc quá, để chị suy nghĩ đã."),
            ("a", "Dạ vâng, vậy chị cứ suy nghĩ nha chị."),
            ("c", "Ừ."),
            (
                "a",
                "Dạ bên em có trả góp không lãi mười hai tháng, mỗi tháng hai triệu rưỡi thôi chị.",
            ),
        ],
    )
    got = objection_item(scorer, t)
    assert got.verdict == "missed"
    assert "gave up on it" in got.reason


@pytest.mark.parametrize(
    ("language", "question", "reply", "objects"),
    [
        # the customer's case, stated because the agent asked it: no objection
        (
            "vi",
            "Dạ anh dự kiến mỗi tháng góp được tầm bao nhiêu ạ?",
            "Cái khoản đó anh chưa tính em ạ.",
            False,
        ),
        (
            "vi",
            "Dạ hiện tại em đang đi làm hay còn đi học, thu nhập mỗi tháng cỡ nhiêu?",
            "Em đi học, lương thấp lắm, ba cọc ba đồng.",
            False,
        ),
        ("en", "And what are you paying for electricity now?", "Far too expensive, mate.", False),
        # an objection the customer turns to after the answer still counts
        (
            "vi",
            "Dạ hiện tại anh đang đi làm hay kinh doanh ạ?",
            "Anh chạy xe ôm, mà giờ mắc quá anh hông kham nổi đâu em.",
            True,
        ),
        ("en", "How many are in the house?", "Four of us, but I can't afford it right now.", True),
        # a time objection often is the answer, and a refusal answers nothing: kept
        ("en", "Is now a good time?", "No, I'm driving, call me later.", True),
        ("en", "Is this Dana?", "I'm not interested.", True),
        # asking what the customer thinks of the offer invites the objection
        (
            "vi",
            "Dạ gói này hai triệu một tháng, anh thấy sao ạ?",
            "Hai triệu thì mắc quá em.",
            True,
        ),
    ],
)
def test_an_answer_to_the_agents_question_is_no_objection(
    scorer: Scorer, language: str, question: str, reply: str, objects: bool
) -> None:
    t = mini_call(
        language,
        [
            ("a", INTRODUCTION[language]),
            ("a", question),
            ("c", reply),
            ("a", "Dạ." if language == "vi" else "Okay."),
        ],
    )
    assert (objection_item(scorer, t).verdict != "na") is objects


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        # a cheaper or free alternative the customer has
        ("Honestly the leisure centre is cheaper than that.", True),
        ("I can borrow the same thing off my neighbour for nothing.", True),
        # a price that favours the offer is no objection
        ("Oh nice, that's cheaper than what I pay now.", False),
    ],
)
def test_a_cheaper_or_free_alternative_objects(scorer: Scorer, text: str, objects: bool) -> None:
    assert objects_in_mini_call(scorer, text) is objects


def test_find_cue_reads_plain_tone_free_words_and_a_missing_cue() -> None:
    # a module function the cue readers share (no private method of Cues)
    assert find_cue(cues("vi").repeated, "Tui NÓI RỒI mà em!", "vi") is not None
    assert find_cue(cues("vi").repeated, "tui noi roi ma em", "vi") is not None
    assert find_cue(cues("en").repeated, "Like I said, it's too dear.", "en") is not None
    assert find_cue(cues("en").repeated, "It's too dear for us.", "en") is None
    assert find_cue(None, "like I said", "en") is None


@pytest.mark.parametrize(
    ("language", "text", "objects"),
    [
        # someone else decides or holds the money: the authority objection
        ("en", "Look, nothing gets signed until my husband reads it over.", True),
        ("en", "Sounds alright. He handles the money stuff in this house though.", True),
        ("vi", "Nghe cũng được mà tiền nong trong nhà là ông xã chị giữ hết em à.", True),
        ("vi", "Ừ để anh về nói chuyện với anh Tuấn đã, cái này anh ấy quyết.", True),
        # the customer's own say names no third person
        ("en", "It's my decision anyway, my husband trusts me with this stuff.", False),
        ("vi", "Chị quyết được em, ông xã chị không có ý kiến gì đâu.", False),
    ],
)
def test_a_third_person_who_decides_objects(
    scorer: Scorer, language: str, text: str, objects: bool
) -> None:
    seg = Segment(speaker="customer", start=5.0, end=9.0, text=text)
    assert bool(deciders([(1, seg)], language)) is objects
    if language == "en":
        assert objects_in_mini_call(scorer, text) is objects


@pytest.mark.parametrize(
    ("language", "text", "objects"),
    [
        # "not without him/her": the pronoun of someone named before decides too
        ("en", "My sister pays half. I won't put my name to it without her.", True),
        ("en", "Can't commit to anything without them, they're co-owners.", True),
        # a pronoun after "till" waits for a date, not a person; nobody decides here
        ("en", "I'd like it done till her birthday, that's all.", False),
        ("en", "We've managed without them for years.", False),
    ],
)
def test_not_without_a_pronoun_decides(language: str, text: str, objects: bool) -> None:
    seg = Segment(speaker="customer", start=5.0, end=9.0, text=text)
    assert bool(deciders([(1, seg)], language)) is objects


@pytest.mark.parametrize(
    ("agent", "customer", "objects"),
    [
        # a ceiling right after the agent names a figure: the price objection
        ("It works out at fifty-five a month.", "Hmm. I was hoping for forty, max.", True),
        ("That's 1,200 for the year.", "Oof. Honestly I can't swing that right now.", True),
        ("The premium plan is sixty a month.", "I'd go to forty-five at most, no more.", True),
        # no figure just named: a ceiling said about something else
        ("What size of flat are you after?", "Two bedrooms tops, it's just us.", False),
        # a figure, but no ceiling
        ("It's thirty a month.", "Thirty, right. That's fine.", False),
    ],
)
def test_a_ceiling_after_a_quoted_figure_objects(agent: str, customer: str, objects: bool) -> None:
    segments = [
        Segment(speaker="agent", start=0.0, end=4.0, text=agent),
        Segment(speaker="customer", start=5.0, end=9.0, text=customer),
    ]
    found = ceilings([(1, segments[1])], segments, "en")
    assert bool(found) is objects
    assert all(o.type == "price" and o.seg == 1 for o in found)


@pytest.mark.parametrize(
    ("language", "text", "yes"),
    [
        ("vi", "có rồi em", True),
        ("vi", "dạ rồi ạ", True),
        ("vi", "có rồi, bên Bảo Việt", False),  # names what they have: not a bare yes
        ("en", "yeah I did", True),
        ("en", "yeah I've already got one", False),
    ],
)
def test_bare_yes_is_the_whole_unit(language: str, text: str, yes: bool) -> None:
    assert bare_yes(text, language) is yes


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("dạ chị nhận được email bên em chưa ạ", True),
        ("anh có bận không anh", True),
        ("dạ bên em bán bảo hiểm xe", False),
    ],
)
def test_a_turn_ending_in_an_asking_particle_asks(text: str, asks: bool) -> None:
    assert asks_yes(text, "vi") is asks


@pytest.mark.parametrize(
    ("language", "question", "said", "answer"),
    [
        # what they use, asked and named: an answer, not an objection
        ("vi", "dạ chị đang dùng mạng nào", "chị đang dùng viettel", True),
        ("en", "what're y'all runnin payroll on right now", "we're on gus toe", True),
        # asked something else: "already has one" objects
        ("vi", "dạ anh tính khi nào lắp ạ", "tui có máy lọc nước rồi", False),
    ],
)
def test_naming_what_the_agent_asked_they_use_answers(
    language: str, question: str, said: str, answer: bool
) -> None:
    found = _objection(1, 4.0, said, kind="has_one")
    assert answered_as(found, question, language) is answer


@pytest.mark.parametrize(
    ("quote", "said", "objects"),
    [
        (
            "Dạ gói này là ba mươi hai triệu chị.",
            "Ba hai triệu hả, chị tính tầm hai chục triệu thôi.",
            True,
        ),
        ("Dạ phí là sáu triệu một năm ạ.", "Anh tính tối đa tầm bốn triệu một năm.", True),
        # a budget above the quote, or a quote that fits: no objection
        ("Dạ gói này là tám triệu chị.", "Chị tính tầm chục triệu, vậy là vừa.", False),
        (
            "Dạ gói này là ba mươi hai triệu chị.",
            "Vậy cũng được, chị tính tầm ba mươi triệu đổ lại.",
            False,
        ),
    ],
)
def test_a_counter_figure_under_the_quote_objects(quote: str, said: str, objects: bool) -> None:
    segments = [
        Segment(start=0.0, end=3.0, text=quote, speaker="agent"),
        Segment(start=3.0, end=6.0, text=said, speaker="customer"),
    ]
    found = counter_figures([(1, segments[1])], segments, "vi")
    assert [o.type for o in found] == (["price"] if objects else [])


@pytest.mark.parametrize(
    ("turn", "invites"),
    [
        # a tag question asks the customer to agree with the pitch: the reply may object
        ("It's forty-five thousand. So you could do two thousand a month, right?", True),
        ("That works for you, okay?", True),
        # a question about the customer's case, or a bare "you ok?", asks for an answer
        ("And what are you paying right now?", False),
        ("You ok?", False),
        ("Is that right? Great, so the plan is twenty a month.", False),
    ],
)
def test_a_tag_question_invites_the_objection(turn: str, invites: bool) -> None:
    assert asks_opinion(turn, "en") is invites
