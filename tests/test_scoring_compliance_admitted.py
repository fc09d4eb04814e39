"""A deadline or scarcity claim the agent takes back later in the same call.

``tests/data/scoring_corpus/compliance_admitted.yaml`` is training data of the
compliance classifier (read joined, claim then later turn), so these tests
guard the structure (which units are linked, the evidence and its times) and
say nothing about accuracy: the writer-held-out figures come from
``benchmarks/compliance_rotation.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist
from callqa.qa.scoring.compliance import (
    CATEGORY_TEXT,
    compliance_model,
    concepts,
    holds_past,
    speaks_of,
)

from tests.mini_calls import mini_call

PAIRS = yaml.safe_load(
    (
        Path(__file__).resolve().parent / "data" / "scoring_corpus" / "compliance_admitted.yaml"
    ).read_text(encoding="utf-8")
)
ROWS = [
    (lang, label, claim, later)
    for lang in ("vi", "en")
    for label, pairs in PAIRS[lang].items()
    for claim, later in pairs
]
CHECKLISTS = {lang: default_checklist(lang) for lang in ("vi", "en")}
FILLER = {"vi": ("dạ", "ừ em nói tiếp đi"), "en": ("right", "ok go on")}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def verdict(scorer: Scorer, transcript: Transcript):
    result = scorer.score(transcript, CHECKLISTS[transcript.language])
    return next(r for r in result.items if r.item_id == "prohibited_language")


def call(lang: str, claim: str, later: str) -> Transcript:
    """The claim, a customer turn, an agent turn of small talk, another customer
    turn, then the later agent turn."""
    small = "dạ để em gửi chị thông tin nha" if lang == "vi" else "let me send you the details"
    return mini_call(
        lang,
        [
            ("customer", "Alo?"),
            ("agent", claim),
            ("customer", FILLER[lang][0]),
            ("agent", small),
            ("customer", FILLER[lang][1]),
            ("agent", later),
        ],
    )


def test_the_corpus_has_pairs_and_near_misses_in_both_languages() -> None:
    for lang in ("vi", "en"):
        assert len(PAIRS[lang]["deadline"]) >= 15
        assert len(PAIRS[lang]["clean"]) >= 12


# Corpus pairs the shipped models read the other way at their thresholds
# (2026.10: vi 0.78, en 0.82, the low ends of the eight-set rotation's
# plateaus): an honest "it really is the last one" after a scarcity claim (vi,
# since 2026.8), one English admitted stock claim under the threshold, and
# Vietnamese honest corrections after a deadline (a real closing time,
# "sau đó vẫn trả góp được nhưng có lãi") read over it since 2026.9 (two of
# 2026.9's five read right at 0.78; with H trained, 2026.11, one more: "mai gọi
# em đăng ký đợt sau cũng được"); kept visible.
KNOWN_PAIR_ERRORS = {
    (
        "en",
        "we've only got a couple of the large ones in stock",
        "between you and me there's plenty out the back, I just say that so people decide",
    ),
    (
        "vi",
        "suất ưu đãi trả góp không lãi chỉ tới cuối tuần này thôi anh",
        "dạ anh yên tâm, sau đó vẫn trả góp được nhưng có lãi một phẩy năm phần trăm",
    ),
    (
        "vi",
        "ưu đãi trả góp không đồng hết hôm nay bác",
        "con nói hôm nay mà con coi lại rồi, ngày mai mới hết, con xin lỗi bác",
    ),
    # 2026.12: near misses written for the held-offer pairs (after the deadline a
    # new price) whose same-day claim is flagged alone, or whose later turn says
    # the checklist's "after today". 2026.16 (M trained, vi 0.88): the same-day
    # claim "giá này chỉ giữ tới năm giờ chiều nay" reads 0.84, under the raised
    # threshold, so its near miss (a new price on Monday) is read right since, and
    # so is the true last flat ("còn một căn là thật"); lost: the same claim with
    # the offer held on Monday, which was caught by the claim alone
    (
        "vi",
        "giá này chỉ giữ tới năm giờ chiều nay thôi chị",
        "dạ thứ hai chị gọi em thì em vẫn để cho chị tám triệu chín nha",
    ),
    ("vi", "hết hôm nay là hết ưu đãi anh", "qua mai là về giá niêm yết mười bốn triệu anh nha"),
    (
        "en",
        "the discount ends at close of business today",
        "after today the price goes back to fifteen thousand, that's the list price",
    ),
}


@pytest.mark.parametrize(
    "lang,label,claim,later", ROWS, ids=[f"{r[0]}-{r[1]}-{n}" for n, r in enumerate(ROWS)]
)
def test_corpus_pairs(scorer: Scorer, lang: str, label: str, claim: str, later: str) -> None:
    result = verdict(scorer, call(lang, claim, later))
    if (lang, claim, later) in KNOWN_PAIR_ERRORS:
        # kept visible: read the other way, but by the pair reading
        assert result.verdict == ("met" if label == "deadline" else "violated"), result
        return
    assert result.verdict == ("violated" if label == "deadline" else "met"), (
        claim,
        later,
        result.reason,
        result.evidence,
    )


@pytest.mark.parametrize(
    "lang,claim,later",
    [
        (
            "en",
            "the discounted rate is available until friday",
            "look I'll be honest, the rate never actually ends, we just say that to move people",
        ),
        (
            "en",
            "we've only got a couple of the large ones in stock",
            "between you and me there's plenty out the back, I just say that so people decide",
        ),
        (
            "vi",
            "giá ưu đãi này áp dụng tới thứ sáu thôi anh",
            "dạ nói thật chứ ưu đãi này tháng nào cũng có, em nói vậy cho anh quyết nhanh",
        ),
        (
            "vi",
            "mẫu này bên em chỉ còn vài cái thôi chị",
            "thiệt ra kho còn nhiều lắm chị, em nói vậy cho chị chốt sớm thôi",
        ),
    ],
)
def test_a_claim_taken_back_later_is_violated_with_both_units_and_their_times(
    scorer: Scorer, lang: str, claim: str, later: str
) -> None:
    alone = verdict(scorer, mini_call(lang, [("customer", "Alo?"), ("agent", claim)]))
    assert alone.verdict == "met", (claim, alone.reason)  # plausible urgency by itself
    transcript = call(lang, claim, later)
    result = verdict(scorer, transcript)
    if (lang, claim, later) in KNOWN_PAIR_ERRORS:  # kept visible: missed at 0.86
        assert result.verdict == "met", result
        return
    assert result.verdict == "violated"
    assert CATEGORY_TEXT["admitted"] in result.reason, result.reason
    times = {(e.start, e.end) for e in result.evidence}
    claim_seg, later_seg = transcript.segments[1], transcript.segments[5]
    assert (claim_seg.start, claim_seg.end) in times
    assert (later_seg.start, later_seg.end) in times
    assert all(e.speaker == "agent" for e in result.evidence)


def test_an_admission_before_the_claim_or_far_after_it_is_not_linked() -> None:
    model = compliance_model("en")
    assert model is not None
    claim = "this price is only good till five today, after that it goes up"
    admission = "honestly we say that to everybody, the price is the same all year"

    def seg(n: int, text: str) -> Segment:
        return Segment(start=10.0 * n, end=10.0 * n + 5, speaker="agent", text=text)

    assert model.pair_scores([seg(0, admission), seg(1, claim)]) == []
    filler = [seg(n, "so the panels come with a warranty") for n in range(1, 6)]
    assert model.pair_scores([seg(0, claim), *filler, seg(6, admission)]) == []
    ((one, two, p),) = model.pair_scores([seg(0, claim), seg(1, admission)])
    assert (one.start, two.start) == (0.0, 10.0) and p >= model.threshold


def test_a_question_claims_no_deadline_to_admit() -> None:
    # 2026.10: a time check with a deadline word, then an unrelated "honestly"
    model = compliance_model("en")
    assert model is not None
    segs = [
        Segment(start=0.0, end=5.0, speaker="agent", text="Is this week still okay for you?"),
        Segment(start=10.0, end=15.0, speaker="agent", text="Honestly, you are not alone in that."),
    ]
    assert model.pair_scores(segs) == []
    vi = compliance_model("vi")
    assert vi is not None
    segs_vi = [
        Segment(start=0.0, end=5.0, speaker="agent", text="Hôm nay chị có rảnh không?"),
        Segment(start=10.0, end=15.0, speaker="agent", text="Nói thật là ai cũng hỏi vậy chị ạ."),
    ]
    assert vi.pair_scores(segs_vi) == []


@pytest.mark.parametrize(
    "lang,claim,later",
    [
        # an honest correction of a date
        ("en", "the offer ends thursday", "sorry, my mistake, actually it ends saturday"),
        ("vi", "chương trình hết thứ năm nha chị", "dạ em xin lỗi, thực ra là hết thứ bảy ạ"),
        # a deadline with a reason, and a later "honestly" about something else
        (
            "en",
            "enrolment closes friday because term starts monday",
            "honestly the evening class suits working people better",
        ),
        (
            "vi",
            "hạn nộp hồ sơ là thứ sáu vì thứ hai trường khai giảng",
            "nói thật là lớp buổi tối hợp với người đi làm hơn chị ạ",
        ),
    ],
)
def test_an_honest_correction_or_a_kept_deadline_is_clean(
    scorer: Scorer, lang: str, claim: str, later: str
) -> None:
    result = verdict(scorer, call(lang, claim, later))
    assert result.verdict == "met", (result.reason, result.evidence)


@pytest.mark.parametrize(
    "lang,claim,later,expect",
    [
        # the admission names what the claim was about
        (
            "en",
            "the developer puts the price up by five percent from tomorrow",
            "between you and me, the price hasn't moved since the launch",
            True,
        ),
        # ... or speaks of a deadline or a date itself
        (
            "en",
            "this deal closes at midnight so better sign now",
            "no problem, next week also can, I'll hold it for you",
            True,
        ),
        (
            "vi",
            "chỉ còn hai suất học bổng thôi anh ơi",
            "thiệt ra học bổng này đợt nào cũng có anh",
            True,
        ),
        # an "honestly ..." about something else does not take back a time word
        (
            "en",
            "the showroom is just ten minutes from the ring road",
            "honestly, we say this to everyone, the finance rate is the best in town",
            False,
        ),
        (
            "vi",
            "trung tâm cách nhà chị có mười phút đi xe thôi",
            "nói thật chứ giáo viên bên em ai cũng có chứng chỉ quốc tế",
            False,
        ),
    ],
)
def test_an_admission_is_read_only_with_a_claim_it_speaks_of(
    lang: str, claim: str, later: str, expect: bool
) -> None:
    assert speaks_of(claim, later, lang) is expect


def test_the_evidence_is_the_claim_the_admission_takes_back() -> None:
    # 2026.11: holdout7 en_14 quoted a distance ("twelve minutes from ...") and a
    # payment plan ("ten percent now") said before the price deadline as claims
    # an admission took back
    model = compliance_model("en")
    assert model is not None
    texts = [
        "the site is only ten minutes from the metro station",
        "and the builder is raising the price by ten percent from tomorrow itself",
        "ha ha between you and me we say this to everyone, the price has not moved since launch",
    ]
    segs = [
        Segment(start=10.0 * n, end=10.0 * n + 5, speaker="agent", text=t)
        for n, t in enumerate(texts)
    ]
    pairs = model.pair_scores(segs)
    assert [(one.start, two.start) for one, two, _ in pairs] == [(10.0, 20.0)], pairs


@pytest.mark.parametrize(
    "lang,text,expect",
    [
        # 2026.12: the offer kept at a later time of its own, no admission word
        ("en", "ring me Thursday and I'll still do it at eighty-nine for you", True),
        ("en", "no drama, after the weekend I can hold that figure for you", True),
        # near misses: a later time with no offer kept, an offer kept with no time
        ("en", "ring me Thursday and I'll run you a fresh quote", False),
        ("en", "I'll keep you posted", False),
    ],
)
def test_an_offer_kept_at_a_later_time_reads_as_an_admission(
    lang: str, text: str, expect: bool
) -> None:
    assert holds_past(set(concepts(text, lang))) is expect
