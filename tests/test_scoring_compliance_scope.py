"""Prohibited language read with clause scope and call structure (2026.7).

The classifier reads scope-marked words (``qa/scoring/scope.py``): a promise
denied, conditioned or quoted from a competitor is a different feature from
the same promise asserted. A deadline claim and its admission pair up inside
one turn and across the agent's next turns with the customer's turns between
(turns, not recogniser segments, are counted). A muttered aside about the
customer in the third person is an insult without "you". The corpora these
examples echo are training data: the tests guard behaviour, not accuracy.
"""

from __future__ import annotations

import pytest
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist
from callqa.qa.scoring.compliance import (
    ADMIT_SEGMENTS,
    agent_turns,
    compliance_model,
    model_input,
    said_aside,
    says_claim,
    scoped_concepts,
)

CHECKLISTS = {lang: default_checklist(lang) for lang in ("vi", "en")}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def _call(lang: str, turns: list[tuple[str, str]]) -> Transcript:
    segments = tuple(
        Segment(start=float(i * 10), end=float(i * 10 + 8), speaker=who, text=text)
        for i, (who, text) in enumerate(turns)
    )
    return Transcript(language=lang, duration_s=len(turns) * 10.0, segments=segments)


def _item(scorer: Scorer, transcript: Transcript):
    result = scorer.score(transcript, CHECKLISTS[transcript.language])
    return next(r for r in result.items if r.item_id == "prohibited_language")


@pytest.mark.parametrize(
    ("lang", "asserted", "scoped", "tag"),
    [
        ("en", "we guarantee approval", "nobody can guarantee approval", "neg_approval"),
        ("en", "approval is guaranteed", "if approval comes through, we call you", "if_approval"),
        ("en", "we guarantee approval", "other banks guarantee approval", "say_approval"),
        ("vi", "bên em cam kết duyệt", "không ai cam kết duyệt được", "neg_approval"),
        ("vi", "bên em cam kết duyệt", "nếu hồ sơ đủ thì mới duyệt", "if_approval"),
        ("vi", "bên em cam kết duyệt", "bên khác hứa duyệt chắc", "say_approval"),
    ],
)
def test_a_scoped_claim_is_a_different_feature(
    lang: str, asserted: str, scoped: str, tag: str
) -> None:
    assert "approval" in scoped_concepts(asserted, lang)
    assert tag in scoped_concepts(scoped, lang)
    assert f"qq{tag}" in model_input(scoped, lang).split()
    assert f"qq{tag}" not in model_input(asserted, lang).split()
    assert f"qq{tag}" not in model_input(scoped, lang, scoped=False).split()


def test_each_model_reads_the_input_the_rotation_chose() -> None:
    # Vietnamese with scope marks, English plain (benchmarks/compliance_rotation.py)
    for lang, scoped in (("vi", True), ("en", False)):
        model = compliance_model(lang)
        assert model is not None and model.scoped is scoped, lang


# Removed in abbfdc8 because the bag of words could not fit them; a claim and
# its admission in ONE turn.
ONE_TURN = [
    ("en", "the premium won't really change after friday, we're told to say that, but sign up now"),
    (
        "vi",
        "thật ra kho còn nhiều lắm anh, em nói còn một cái cho anh quyết nhanh thôi, "
        "anh cọc hôm nay đi",
    ),
]


@pytest.mark.parametrize(("lang", "text"), ONE_TURN)
def test_a_claim_and_its_admission_in_one_turn_is_a_violation(
    scorer: Scorer, lang: str, text: str
) -> None:
    call = _call(lang, [("customer", "ok"), ("agent", text), ("customer", "ok")])
    item = _item(scorer, call)
    assert item.verdict == "violated", item


def test_agent_turns_count_turns_not_segments() -> None:
    # agent, agent (one turn cut in two), customer, agent, customer, customer, agent
    accepted = [True, True, False, True, False, False, True]
    assert agent_turns(accepted) == [0, 0, 1, 2]
    assert agent_turns([True, True, True]) == [0, 1, 2]  # no speakers: each segment a turn


PAIRS = {
    "en": (
        "that finance offer ends this saturday, after that it goes back up",
        "between you and me it runs to the end of the quarter, "
        "I just say saturday to get people moving",
    ),
    "vi": (
        "dạ ưu đãi này chỉ tới tối nay thôi chị, qua mai là giá về như cũ",
        "thiệt ra tháng nào bên em cũng chạy chương trình này, "
        "em nói tối nay để chị quyết sớm thôi",
    ),
}


def _paired(lang: str, between: int, split: bool) -> Transcript:
    claim, admission = PAIRS[lang]
    small = {"en": ("right", "okay sure"), "vi": ("dạ", "dạ vâng")}[lang]
    turns: list[tuple[str, str]] = [("customer", small[1])]
    turns += [("agent", claim)]
    for _ in range(between):
        turns += [("customer", small[1])]
        if split:  # the recogniser cut the agent's turn in two segments
            turns += [("agent", small[0]), ("agent", small[0])]
        else:
            turns += [("agent", small[0])]
    turns += [("customer", small[1]), ("agent", admission), ("customer", small[1])]
    return _call(lang, turns)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_claim_pairs_with_an_admission_up_to_four_agent_turns_later(lang: str) -> None:
    model = compliance_model(lang)
    assert model is not None
    for between in range(ADMIT_SEGMENTS):  # admission in the agent's next 1..4 turns
        for split in (False, True):
            call = _paired(lang, between, split)
            accepted = [s.speaker == "agent" for s in call.segments]
            agent = [s for s in call.segments if s.speaker == "agent"]
            pairs = model.pair_scores(agent, agent_turns(accepted))
            assert pairs, (between, split)
            claim, admission, _ = pairs[0]
            assert claim.text in PAIRS[lang][0]
            assert admission.text in PAIRS[lang][1]
    call = _paired(lang, ADMIT_SEGMENTS, split=True)  # five turns later: too far
    accepted = [s.speaker == "agent" for s in call.segments]
    agent = [s for s in call.segments if s.speaker == "agent"]
    assert not model.pair_scores(agent, agent_turns(accepted))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pair_across_customer_turns_is_a_violation(scorer: Scorer, lang: str) -> None:
    item = _item(scorer, _paired(lang, 2, split=True))
    assert item.verdict == "violated", item
    assert "admits later" in item.reason


@pytest.mark.parametrize(
    ("lang", "text", "says"),
    [
        ("en", "I just say saturday to get people moving", True),
        ("en", "when I tell people tonight they decide", True),
        ("en", "I say only two left so they hurry", True),
        ("en", "honestly the grey one is just as good", False),
        ("en", "say hi to your wife for me, see you saturday", False),
        ("vi", "em nói tối nay để chị quyết sớm thôi", True),
        ("vi", "em kêu còn đúng một suất cho anh chốt", True),
        ("vi", "con nói hôm nay cho bác quyết", True),
        ("vi", "dạ em nói thật là sản phẩm này tốt", False),
        ("vi", "chị nói với anh nhà rồi mai gọi em nha", False),
    ],
)
def test_the_agent_naming_its_claim_as_something_it_says(lang: str, text: str, says: bool) -> None:
    assert says_claim(text, lang) is says


MUTTERED = [
    ("en", "(mutters) honestly, tyre kickers, the lot of them"),
    ("en", "what a time waster this one is, anyway sir"),
    ("en", "*under breath* stingy old fella, never buys a thing"),
    ("vi", "(nói nhỏ) đồ keo kiệt, hỏi giá hoài"),
    ("vi", "bà này lắm chuyện quá trời"),
    ("vi", "(lẩm bẩm) cái thằng cha này chỉ tốn thời gian"),
]
# Read under the shipped threshold, kept visible. 2026.8 missed "what a time
# waster this one is" (en, under 0.86); the 2026.9 model reads it at 0.93: none now.
MUTTERED_MISSES: set[tuple[str, str]] = set()
NOT_INSULTS = [
    ("en", "that old model is a real lemon, which is why I'd skip it"),
    ("en", "I'm so scatterbrained today, I forgot to attach the file, sorry"),
    ("vi", "mẫu đời cũ dở tệ chị ơi, em không khuyên chị lấy"),
    ("vi", "em đãng trí quá, em quên gửi hợp đồng cho chị"),
]


@pytest.mark.parametrize(("lang", "text"), MUTTERED)
def test_a_muttered_aside_about_the_customer_is_an_insult(
    scorer: Scorer, lang: str, text: str
) -> None:
    greeting = {"en": "sure, go ahead", "vi": "dạ em nghe"}[lang]
    item = _item(scorer, _call(lang, [("customer", greeting), ("agent", text)]))
    if (lang, text) in MUTTERED_MISSES:  # kept visible
        assert item.verdict == "met", item
        return
    assert item.verdict == "violated", item


@pytest.mark.parametrize(("lang", "text"), NOT_INSULTS)
def test_the_agent_running_down_a_product_or_itself_is_clean(
    scorer: Scorer, lang: str, text: str
) -> None:
    greeting = {"en": "sure, go ahead", "vi": "dạ em nghe"}[lang]
    item = _item(scorer, _call(lang, [("customer", greeting), ("agent", text)]))
    assert item.verdict != "violated", item


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "bloody hell, you lot are useless, I've been on hold an hour"),
        ("vi", "mấy người làm ăn như c*t, tôi chờ cả tiếng rồi"),
    ],
)
def test_a_customer_swearing_is_clean(scorer: Scorer, lang: str, text: str) -> None:
    reply = {"en": "I'm sorry about the wait, sir", "vi": "dạ em xin lỗi anh vì phải chờ"}[lang]
    item = _item(scorer, _call(lang, [("customer", text), ("agent", reply)]))
    assert item.verdict != "violated", item


# 2026.10: an agent turn said out of the customer's hearing (after the customer's
# goodbye or hang-up, after the customer's last turn, or one the customer answers
# with "what did you say?") is read as an aside: an insult or a word that insults
# a person there is a violation, whatever the words (invented sentences).
@pytest.mark.parametrize(
    ("lang", "turns", "expected"),
    [
        ("en", [("c", "no thanks"), ("a", "sure"), ("c", "bye"), ("a", "ok bye")], [0, 1]),
        ("en", [("a", "right"), ("c", "sorry, what was that?"), ("a", "nothing")], [1, 1]),
        ("vi", [("a", "dạ"), ("c", "ừ để chị coi"), ("a", "dạ vâng"), ("c", "ừ")], [0, 0]),
        ("vi", [("a", "dạ"), ("c", "thôi chào em nha"), ("a", "dạ em chào chị")], [0, 1]),
    ],
)
def test_an_agent_turn_out_of_the_customers_hearing_is_said_aside(
    lang: str, turns: list[tuple[str, str]], expected: list[int]
) -> None:
    who = {"a": "agent", "c": "customer"}
    transcript = _call(lang, [(who[w], t) for w, t in turns])
    accepted = [s.speaker == "agent" for s in transcript.segments]
    assert said_aside(transcript.segments, accepted, lang) == [bool(e) for e in expected]
    assert not any(said_aside(transcript.segments, [True] * len(turns), lang))


AFTER_GOODBYE = [
    ("en", [("customer", "nah not interested, bye"), ("agent", "stingy old codger")]),
    ("en", [("customer", "ok lah I think first, bye bye"), ("agent", "so kiam siap this uncle")]),
    ("en", [("customer", "cheers, ta-ra"), ("agent", "tight-fisted old sod")]),
    ("vi", [("customer", "thôi chị không mua đâu chào em"), ("agent", "bà này kẹt xỉ thiệt")]),
    ("vi", [("customer", "thôi rứa nghe, chào con"), ("agent", "mệ ni keo rứa không biết")]),
    (
        "vi",
        [
            ("agent", "dạ vậy thôi anh"),
            ("agent", "ông này nghèo mà sĩ"),
            ("customer", "hả em nói cái gì"),
            ("agent", "dạ không có gì anh"),
        ],
    ),
]
STILL_POLITE = [
    (
        "en",
        [("customer", "not interested, bye"), ("agent", "sorry for wasting your time, take care")],
    ),
    ("vi", [("customer", "ừ thôi chào em"), ("agent", "dạ xin lỗi làm mất thời gian của anh ạ")]),
    (
        "en",
        [("customer", "not for me, bye"), ("agent", "no worries, sorry to take your time, bye")],
    ),
    ("en", [("customer", "cheers bye"), ("agent", "(sighs) this headset is so slow today")]),
    ("vi", [("customer", "thôi chào em"), ("agent", "dạ làm mất thời gian của chị, em chào chị")]),
    ("vi", [("customer", "ừ chào em"), ("agent", "máy tính chậm quá trời, để em ghi chú lại")]),
]


OPENING = {"en": "hi, this is Jo from Brightline", "vi": "dạ em chào chị em bên Ánh Dương"}


def _after_an_opening(scorer: Scorer, lang: str, turns: list[tuple[str, str]]):
    """The prohibited-language item of a call that opens with the agent's greeting."""
    return _item(scorer, _call(lang, [("agent", OPENING[lang]), *turns]))


@pytest.mark.parametrize(("lang", "turns"), AFTER_GOODBYE)
def test_an_insult_after_the_customers_goodbye_is_a_violation(
    scorer: Scorer, lang: str, turns: list[tuple[str, str]]
) -> None:
    item = _after_an_opening(scorer, lang, turns)
    assert item.verdict == "violated", item
    assert "insult" in item.reason


@pytest.mark.parametrize(("lang", "turns"), STILL_POLITE)
def test_a_polite_close_or_an_aside_about_the_system_is_clean(
    scorer: Scorer, lang: str, turns: list[tuple[str, str]]
) -> None:
    item = _after_an_opening(scorer, lang, turns)
    assert item.verdict != "violated", item


# 2026.15: a word that runs a person down only when said of one (``derog``:
# "waste of my afternoon", "skint") said aside is read as a muttered insult too,
# as an insult word there is; read as said to the customer it scores under the
# threshold (invented sentences; the polite asides above stay clean).
DEROG_ASIDES = [
    (
        "en",
        [
            ("agent", "okay sir"),
            (
                "agent",
                "sure sure these farm uncles on the old dial up since ninety nine "
                "no use calling them waste of my afternoon",
            ),
            ("customer", "hello, what did you say?"),
            ("agent", "nothing sir, bad line"),
        ],
    ),
]


@pytest.mark.parametrize(("lang", "turns"), DEROG_ASIDES)
def test_a_derogatory_aside_without_an_insult_word_is_a_violation(
    scorer: Scorer, lang: str, turns: list[tuple[str, str]]
) -> None:
    item = _after_an_opening(scorer, lang, turns)
    assert item.verdict == "violated", item
    assert "insult" in item.reason
