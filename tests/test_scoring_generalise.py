"""The scorer on wording it was not built around: compliance traps, wrong-target
reasons, objections ignored or answered, and the external label format.

``tests/data/scoring/compliance.jsonl`` was written for this file (after the
patterns, so it guards behaviour; it is not evidence of accuracy: see
``benchmarks/scoring_eval.py`` for the held-out figures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from callqa.qa.records import ItemResult, Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist, score_to_dict
from callqa.qa.scoring.evaluate import evaluate, split_of
from callqa.qa.scoring.labels import LabelsError

from tests.mini_calls import item_of, scored

DATA = Path(__file__).resolve().parent / "data" / "scoring"
COMPLIANCE = [json.loads(line) for line in (DATA / "compliance.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def call(language: str, turns: list[tuple[str, str]], gap_s: float = 5.0) -> Transcript:
    segments, t = [], 1.0
    for speaker, text in turns:
        segments.append(Segment(start=t, end=t + gap_s - 0.5, text=text, speaker=speaker))
        t += gap_s
    return Transcript(language=language, duration_s=t, segments=tuple(segments))


def item(scorer: Scorer, transcript: Transcript, item_id: str) -> ItemResult:
    return item_of(scored(scorer, transcript), item_id)


@pytest.mark.parametrize(
    "row", COMPLIANCE, ids=[f"{r['lang']}-{r['kind']}-{i}" for i, r in enumerate(COMPLIANCE)]
)
def test_compliance_traps(scorer: Scorer, row: dict) -> None:
    speaker = row.get("speaker", "agent")
    transcript = call(row["lang"], [("customer", "Alo?"), (speaker, row["text"])])
    verdict = item(scorer, transcript, "prohibited_language")
    got = "violated" if verdict.verdict == "violated" else "clean"
    assert got == row["expect"], (row, verdict.evidence)
    if got == "violated":
        ev = verdict.evidence[0]
        assert (ev.speaker, ev.start) == ("agent", 6.0)
        assert ev.text.lower().replace(" ", "") in row["text"].lower().replace(" ", "")


def test_corpus_covers_every_kind_in_both_languages() -> None:
    for lang in ("vi", "en"):
        kinds = {r["kind"].split("_")[0] for r in COMPLIANCE if r["lang"] == lang}
        assert {"guarantee", "approval", "returns", "otp", "card", "password", "insult"} <= kinds
        assert {"refund", "urgency", "customer"} <= kinds


WRONG_TARGET = [
    ("vi", "customer", "Em gọi nhầm số rồi, ở đây không có ai tên Hùng.", "wrong number"),
    ("vi", "agent", "Dạ tiếc quá, bên con chưa có đội thi công ở Cà Mau ạ.", "outside the service"),
    ("vi", "customer", "Nhà chị đi thuê nên chủ nhà không cho lắp đâu em.", "renter"),
    ("vi", "customer", "Em mới 16 tuổi, đang học lớp mười.", "under age"),
    ("vi", "customer", "Chị đang là khách hàng bên em rồi mà.", "already a customer"),
    ("vi", "customer", "Quý khách vui lòng để lại lời nhắn sau tiếng bíp.", "answering machine"),
    ("vi", "customer", "Tiệm chị đóng cửa rồi em, nghỉ kinh doanh rồi.", "closed"),
    ("en", "customer", "Sorry, wrong number, there's no Ethan here.", "wrong number"),
    (
        "en",
        "agent",
        "Ah, we only install in the lower 48, we don't service Alaska.",
        "service area",
    ),
    ("en", "customer", "I rent so my landlord would have to decide that.", "renter"),
    ("en", "customer", "I'm 15, my mom signed me up.", "under age"),
    (
        "en",
        "customer",
        "I'm already a customer, I've been with you two years.",
        "already a customer",
    ),
    ("en", "customer", "Honestly I'm a competitor, just checking your prices.", "competitor"),
    ("en", "customer", "Please leave a message after the tone.", "answering machine"),
    ("en", "customer", "We closed down last month, the shop is gone.", "closed"),
]


@pytest.mark.parametrize("lang,speaker,text,reason", WRONG_TARGET)
def test_wrong_target_states_its_reason(
    scorer: Scorer, lang: str, speaker: str, text: str, reason: str
) -> None:
    result = scorer.score(
        call(lang, [("customer", "Alo?"), (speaker, text)]), default_checklist(lang)
    )
    assert result.target_fit == "wrong"
    assert reason in result.target_fit_reason
    assert result.target_fit_evidence[0].speaker == speaker
    out = score_to_dict(result)["persona"]
    assert out["target_fit_reason"] == result.target_fit_reason
    assert out["target_fit_evidence"][0]["start"] == 6.0


def test_right_and_unknown_targets_say_why(scorer: Scorer) -> None:
    right = call(
        "vi",
        [
            ("agent", "Anh đang cần vay mua xe gì ạ?"),
            ("customer", "Anh muốn mua con Vios, tầm 500 triệu, trong tháng sau là lấy xe."),
        ],
    )
    result = scorer.score(right, default_checklist("vi"))
    assert result.target_fit == "right"
    assert result.target_fit_reason == "need and budget and timeline stated"
    assert result.persona["budget"] and result.persona["timeline"]
    unknown = call("en", [("agent", "How can I help?"), ("customer", "I'm not sure yet.")])
    result = scorer.score(unknown, default_checklist("en"))
    assert result.target_fit == "unknown"
    assert result.target_fit_reason.startswith("not stated: need")


def test_negated_wrong_target_cue_does_not_count(scorer: Scorer) -> None:
    t = call("en", [("customer", "No, it's not a wrong number, I did ask for a quote.")])
    assert scorer.score(t, default_checklist("en")).target_fit != "wrong"


def test_objection_must_be_answered_in_the_next_turns(scorer: Scorer) -> None:
    answered = call(
        "en",
        [
            ("customer", "Honestly I already got a membership at Crunch."),
            ("agent", "Totally fair. What if you tried a free week here to compare?"),
        ],
    )
    assert item(scorer, answered, "objection_handling").verdict == "met"
    ignored = call(
        "en",
        [
            ("customer", "Look, I already got a membership at Crunch, I'm good."),
            ("agent", "Gotcha. So what's your main goal this year?"),
            ("customer", "Running."),
            ("agent", "Nice. And how often do you train?"),
            ("customer", "Three times a week."),
            ("agent", "Cool. We also have a free trial and classes that save you money."),
        ],
    )
    assert item(scorer, ignored, "objection_handling").verdict == "missed"
    accepted = call(
        "vi",
        [
            ("customer", "Để chị bàn với chồng chị đã nhé."),
            ("agent", "Dạ vâng, chị cứ bàn với anh nhé."),
        ],
    )
    assert item(scorer, accepted, "objection_handling").verdict == "missed"


def test_declined_next_step_is_missed(scorer: Scorer) -> None:
    declined = call(
        "vi",
        [
            ("customer", "Thứ hai tuần sau 10 giờ em gọi lại anh nhé."),
            ("agent", "Dạ thứ hai tuần sau em lại không trực ạ, khi nào cần thì anh liên hệ em."),
        ],
    )
    assert item(scorer, declined, "next_step").verdict == "missed"
    negated = call("en", [("agent", "I won't send anything over or book a demo yet, no rush.")])
    assert item(scorer, negated, "next_step").verdict == "missed"


def test_generic_category_is_not_a_company(scorer: Scorer) -> None:
    generic = call("en", [("agent", "Hi, it's Priya, from the accounting team you contacted.")])
    assert item(scorer, generic, "introduction").verdict == "missed"
    brand = call("en", [("agent", "Hi, it's Priya from Ledgerly.")])
    assert item(scorer, brand, "introduction").verdict == "met"
    vi_generic = call("vi", [("agent", "Em chào anh, mình là Linh bên phòng gym đây.")])
    assert item(scorer, vi_generic, "introduction").verdict == "missed"


def test_eval_reads_the_external_label_shape(scorer: Scorer, tmp_path: Path) -> None:
    transcript = {
        "language": "en",
        "duration_s": 20.0,
        "segments": [
            {"speaker": "customer", "start": 0.5, "end": 1.5, "text": "Hello?"},
            {
                "speaker": "agent",
                "start": 2.0,
                "end": 9.0,
                "text": "Hi, this is Sam from Brightpath. I guarantee you'll double your money.",
            },
            {"speaker": "customer", "start": 9.5, "end": 12.0, "text": "Wrong number, bye."},
        ],
    }
    (tmp_path / "en_01.json").write_text(json.dumps(transcript))
    (tmp_path / "en_02.json").write_text(json.dumps(transcript))
    items = {"greeting": "met", "prohibited_language": "violated"}
    rows = [
        {"id": f"en_0{n}", "language": "en", "items": items, "persona_fields": [],
         "target_fit": "wrong", "notes": ""}
        for n in (1, 2)
    ]  # fmt: skip
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(r) for r in rows))
    report = evaluate(tmp_path, labels, scorer=scorer, protocol="halves")
    held = report.group("en", "holdout")
    assert held.calls == 1 and report.group("en", "tune").calls == 1
    assert (held.violations.tp, held.violations.fp, held.violations.fn) == (1, 0, 0)
    assert held.target_fit_accuracy == 1.0
    assert report.to_dict()["en/holdout"]["violation_recall"] == 1.0
    assert split_of({"file": "vi_07.json"}, "halves") == "tune"
    assert split_of({"file": "vi_08.json"}, "halves") == "holdout"
    with pytest.raises(LabelsError, match="unknown protocol"):
        evaluate(tmp_path, labels, scorer=scorer, protocol="kfold")
    labels.write_text(json.dumps({"id": "en_01", "items": {}}))
    with pytest.raises(LabelsError, match=r"labels.jsonl:1: missing key 'persona'"):
        evaluate(tmp_path, labels, scorer=scorer)


def test_regional_and_code_switched_wording(scorer: Scorer) -> None:
    southern = call(
        "vi",
        [
            ("customer", "Thôi em, dạo này chị kẹt tiền, hổng cần đâu."),
            ("agent", "Dạ thiệt ra gói này trả góp mỗi tháng chỉ ba trăm nghìn thôi chị."),
        ],
    )
    assert item(scorer, southern, "objection_handling").verdict == "met"
    slang = call(
        "vi",
        [
            ("agent", "Anh tính mua xe tầm bao nhiêu ạ?"),
            ("customer", "Anh cần con xe cũ thôi, tầm ba trăm củ, tuần tới là lấy."),
            ("agent", "Dạ vậy em book lịch xem xe sáng thứ bảy cho anh, ok anh?"),
        ],
    )
    result = scorer.score(slang, default_checklist("vi"))
    assert result.persona["budget"] and result.target_fit == "right"
    assert item(scorer, slang, "next_step").verdict == "met"
    indian = call(
        "en",
        [
            ("agent", "Good day sir, this is Ravi from Sunrise Solar regarding your enquiry."),
            ("customer", "Very costly it seems, not required now."),
            ("agent", "Sir, actually with the subsidy it works out to four lakh only."),
        ],
    )
    verdicts = {r.item_id: r.verdict for r in scorer.score(indian, default_checklist("en")).items}
    assert verdicts["greeting"] == verdicts["call_purpose"] == "met"
    assert verdicts["objection_handling"] == "met"
