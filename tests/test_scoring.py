"""Checklist scoring: validation, every default item, rules, NLP tolerance, evaluation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import (
    ChecklistError,
    Scorer,
    ScoringError,
    TranscriptError,
    default_checklist,
    load_checklist,
    load_transcript,
    normalize_text,
    parse_checklist,
    score_to_dict,
    score_transcript,
)
from callqa.qa.scoring.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "scoring"
ITEM_F1_TARGET = 0.90
FIT_ACCURACY_TARGET = 0.85


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def call(language: str, turns: list[tuple], gap_s: float = 4.0) -> Transcript:
    """Turns are (speaker, text) or (speaker, text, start_s)."""
    segments, t = [], 0.5
    for turn in turns:
        speaker, text = turn[0], turn[1]
        t = turn[2] if len(turn) > 2 else t
        segments.append(Segment(start=t, end=t + gap_s - 0.5, text=text, speaker=speaker))
        t += gap_s
    return Transcript(language=language, duration_s=t, segments=tuple(segments))


def verdicts(scorer: Scorer, transcript: Transcript) -> dict[str, str]:
    result = scorer.score(transcript, default_checklist(transcript.language))
    return {r.item_id: r.verdict for r in result.items}


GOOD = {
    "vi": [
        ("agent", "Dạ em chào anh Minh ạ, em là Thảo bên công ty Năng Lượng Xanh."),
        (
            "agent",
            "Cuộc gọi được ghi âm. Em gọi để tư vấn điện mặt trời, anh có tiện nghe máy không ạ?",
        ),
        ("customer", "Ừ em nói đi, nhưng lắp cái đó đắt quá."),
        (
            "agent",
            "Dạ thực ra anh có thể trả góp 0% lãi suất ạ. Tiền điện nhà mình bao nhiêu ạ?",
        ),
        ("customer", "Khoảng hai triệu. Anh đang cần giảm tiền điện, ngân sách tầm 80 triệu."),
        ("agent", "Dạ mái nhà anh là mái bằng hay mái tôn ạ?"),
        ("customer", "Mái bằng. Chắc tháng sau anh lắp, để anh bàn với vợ."),
        ("agent", "Dạ hệ 5 kWp giúp anh tiết kiệm 70% tiền điện, bảo hành 25 năm ạ."),
        ("agent", "Em hẹn kỹ thuật qua khảo sát lúc 9 giờ sáng thứ Bảy nhé anh."),
        ("agent", "Dạ em cảm ơn anh, chúc anh một ngày tốt lành."),
    ],
    "en": [
        ("agent", "Hi, good morning! This is Jessica from BrightSun Solar."),
        ("agent", "This call is recorded. I'm calling about solar rebates, is now a good time?"),
        ("customer", "Sure, but honestly it sounds too expensive."),
        (
            "agent",
            "Actually, with zero down financing most families save money. How much is your bill?",
        ),
        ("customer", "About 250. We need to bring it down and could spend 15 thousand."),
        ("agent", "Do you own your home?"),
        ("customer", "Yes. We'd want it done before the summer. I have to talk to my wife."),
        ("agent", "Our panels come with a 25-year warranty."),
        ("agent", "Can I book a free roof assessment for Thursday at 10 am?"),
        ("agent", "Thank you so much, have a great day!"),
    ],
}
BAD = {
    "vi": [
        ("agent", "Alo, anh Tuấn phải không."),
        ("customer", "Ừ, anh không có nhu cầu đâu."),
        ("agent", "Sao anh khó tính thế, ngu gì mà không nghe."),
    ],
    "en": [
        ("agent", "Yeah, is this John?"),
        ("customer", "I'm not interested."),
        ("agent", "Don't be stupid, this offer expires tonight."),
    ],
}
ITEMS = [
    "greeting", "introduction", "call_purpose", "recording_disclosure", "needs_discovery",
    "product_presentation", "next_step", "courtesy_close",
]  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_default_item_met_on_a_good_call(scorer: Scorer, language: str) -> None:
    result = scorer.score(call(language, GOOD[language]), default_checklist(language))
    got = {r.item_id: r.verdict for r in result.items}
    assert got == {**dict.fromkeys(ITEMS, "met"), "objection_handling": "met",
                   "prohibited_language": "met"}  # fmt: skip
    assert result.score == 100.0 and result.passed
    assert result.target_fit == "right"
    assert all(result.persona[f] for f in ("need", "budget", "timeline", "decision_maker"))
    for r in result.items:
        if r.verdict == "met" and r.item_id != "prohibited_language":
            assert r.evidence and r.evidence[0].speaker == "agent"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_default_item_missed_on_a_bad_call(scorer: Scorer, language: str) -> None:
    result = scorer.score(call(language, BAD[language]), default_checklist(language))
    got = {r.item_id: r.verdict for r in result.items}
    assert got == {**dict.fromkeys(ITEMS, "missed"), "objection_handling": "missed",
                   "prohibited_language": "violated"}  # fmt: skip
    assert not result.passed and result.critical_failed
    assert result.score == 0.0
    assert not any(result.persona.values()), "a negated need is not a stated need"


def test_greeting_window_and_speaker(scorer: Scorer) -> None:
    late = call("en", [("customer", "Hello?"), ("agent", "Hi, this is Tom.", 25.0)])
    assert verdicts(scorer, late)["greeting"] == "missed"
    by_customer = call("en", [("customer", "Hi there, good morning."), ("agent", "Yes.")])
    assert verdicts(scorer, by_customer)["greeting"] == "missed"
    early = call("en", [("customer", "Hello?"), ("agent", "Hi, this is Tom.", 15.0)])
    assert verdicts(scorer, early)["greeting"] == "met"


def test_recording_disclosure_is_any_agent_statement_that_the_call_is_kept(scorer: Scorer) -> None:
    # External label definition (2026.1): recorded, saved ("lưu lại") or monitored,
    # whenever it is said; the old 60-second window is gone.
    t = call("vi", [("agent", "Dạ em chào chị ạ."), ("agent", "Cuộc gọi được ghi âm ạ.", 75.0)])
    assert verdicts(scorer, t)["recording_disclosure"] == "met"
    saved = call(
        "vi", [("agent", "Cuộc trò chuyện này bên em có lưu lại để kiểm soát chất lượng.")]
    )
    assert verdicts(scorer, saved)["recording_disclosure"] == "met"
    asked = call("vi", [("customer", "Có ghi âm không em?"), ("agent", "Dạ chị yên tâm ạ.")])
    assert verdicts(scorer, asked)["recording_disclosure"] == "missed"
    records = call("en", [("agent", "Hi, I just need to update our records with your address.")])
    assert verdicts(scorer, records)["recording_disclosure"] == "missed"


def test_objection_handling_is_na_without_objection(scorer: Scorer) -> None:
    for lang, text in (("vi", "Ừ em nói đi."), ("en", "Sure, go ahead.")):
        result = scorer.score(call(lang, [("customer", text)]), default_checklist(lang))
        item = next(r for r in result.items if r.item_id == "objection_handling")
        assert item.verdict == "na" and item.max_points == 0


def test_objection_must_be_answered_after_it_is_raised(scorer: Scorer) -> None:
    before = call("en", [("agent", "Actually it is cheap."), ("customer", "Too expensive.")])
    assert verdicts(scorer, before)["objection_handling"] == "missed"
    after = call("en", [("customer", "Too expensive."), ("agent", "Actually it is cheap.")])
    assert verdicts(scorer, after)["objection_handling"] == "met"


def test_na_items_leave_the_denominator(scorer: Scorer) -> None:
    result = scorer.score(call("en", GOOD["en"][:2]), default_checklist("en"))
    applicable = [r for r in result.items if r.verdict in ("met", "missed")]
    assert sum(r.max_points for r in applicable) == pytest.approx(100, abs=0.1)
    assert result.score == pytest.approx(sum(r.points for r in result.items), abs=0.1)


def test_negation_blocks_persona_need(scorer: Scorer) -> None:
    cl = default_checklist("vi")
    neg = scorer.score(call("vi", [("customer", "Chị không có nhu cầu đâu em.")]), cl)
    pos = scorer.score(call("vi", [("customer", "Chị đang có nhu cầu lắp mạng.")]), cl)
    assert not neg.persona["need"] and pos.persona["need"]
    toneless = scorer.score(call("vi", [("customer", "chi khong co nhu cau dau em")]), cl)
    assert not toneless.persona["need"]
    en = scorer.score(
        call("en", [("customer", "We don't need anything.")]), default_checklist("en")
    )
    assert not en.persona["need"]


def test_tone_mark_normalisation() -> None:
    assert normalize_text("hoà thuỷ khoẻ") == "hòa thủy khỏe"
    assert normalize_text("HOÀ  Quý") == "HÒA Quý"  # "qu" + "y" is not an old-style tone
    decomposed = "ho\u0300a"  # NFD input
    assert normalize_text(decomposed) == "hòa"


def test_old_tone_placement_matches(scorer: Scorer) -> None:
    data = yaml.safe_load((ROOT / "qa/checklists/telesales_vi.yaml").read_text())
    data["items"][0]["patterns"]["vi"] = ["hoà bình"]
    checklist = parse_checklist(data)
    t = call("vi", [("agent", "Hòa bình anh ạ.")])
    result = scorer.score(t, checklist)
    assert result.items[0].verdict == "met"


def test_asr_noise_is_tolerated(scorer: Scorer) -> None:
    toneless = call("vi", [("agent", "alo em chao anh a cuoc goi nay duoc ghi am a")])
    got = verdicts(scorer, toneless)
    assert got["greeting"] == got["recording_disclosure"] == "met"
    misspelt = call("en", [("agent", "Hello, this call is being recored for quality.")])
    assert verdicts(scorer, misspelt)["recording_disclosure"] == "met"
    far_off = call("en", [("agent", "Hello, this ball is bring reborn for quality.")])
    assert verdicts(scorer, far_off)["recording_disclosure"] == "missed"


def test_question_detection_without_question_marks(scorer: Scorer) -> None:
    asked = call("vi", [("agent", "nhà mình có mấy người ạ anh đang dùng mạng nào")])
    assert verdicts(scorer, asked)["needs_discovery"] == "met"
    told = call("vi", [("agent", "nhà em có bốn người. em đang dùng mạng viettel.")])
    assert verdicts(scorer, told)["needs_discovery"] == "missed"


def test_target_fit(scorer: Scorer) -> None:
    vi, en = default_checklist("vi"), default_checklist("en")
    wrong = call("vi", [("customer", "Em gọi nhầm số rồi.")])
    assert scorer.score(wrong, vi).target_fit == "wrong"
    renter = call("en", [("customer", "I rent this place and I'm not interested.")])
    assert scorer.score(renter, en).target_fit == "wrong"
    only_need = call("en", [("customer", "We need faster internet.")])
    assert scorer.score(only_need, en).target_fit == "unknown"
    right = call("en", [("customer", "We need faster internet, as soon as possible.")])
    assert scorer.score(right, en).target_fit == "right"


def test_checklist_errors_name_item_and_key(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "qa/checklists/telesales_en.yaml").read_text())
    data["items"][1]["weight"] = -3
    with pytest.raises(ChecklistError, match=r"item 'introduction' \(items\[1\]\) key 'weight'"):
        parse_checklist(data)
    data = yaml.safe_load((ROOT / "qa/checklists/telesales_en.yaml").read_text())
    data["languages"] = ["en", "vi"]
    with pytest.raises(ChecklistError, match=r"item 'greeting': key 'patterns'.*\['vi'\]"):
        parse_checklist(data)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nversion: '1'\nlanguages: [en]\npass_mark: 50\nitems:\n"
        "  - {id: hello, label: Hi, weight: 5, speaker: robot, patterns: {en: [hi]}}\n"
    )
    with pytest.raises(ChecklistError, match=r"(?s)bad.yaml.*item 'hello'.*key 'speaker'"):
        load_checklist(bad)
    with pytest.raises(ChecklistError, match="no default checklist"):
        default_checklist("fr")


def test_bad_token_pattern_names_the_item(scorer: Scorer) -> None:
    data = yaml.safe_load((ROOT / "qa/checklists/telesales_en.yaml").read_text())
    data["items"][0]["tokens"] = {"en": [[{"LOWERR": "hi"}]]}
    with pytest.raises(ChecklistError, match="greeting"):
        scorer.score(call("en", [("agent", "hi")]), parse_checklist(data))


def test_language_mismatch_is_refused(scorer: Scorer) -> None:
    with pytest.raises(ScoringError, match="no patterns for language"):
        scorer.score(call("vi", [("agent", "chào")]), default_checklist("en"))


def test_transcript_loader_and_json_output(scorer: Scorer, tmp_path: Path) -> None:
    transcript = load_transcript(DATA / "en01.json")
    out = score_to_dict(score_transcript(transcript, default_checklist("en"), scorer=scorer))
    assert out["checklist"] == {"name": "telesales_en", "version": "2026.16"}
    assert 0 <= out["score"] <= 100 and isinstance(out["passed"], bool)
    statuses = {i["id"]: i["status"] for i in out["items"]}
    assert statuses["objection_handling"] == "not_applicable"
    ev = out["items"][0]["evidence"][0]
    assert set(ev) == {"speaker", "start", "end", "text"}
    assert set(out["persona"]["fields"]) == {"need", "budget", "timeline", "decision_maker"}
    assert out["persona"]["target_fit"] == "right"
    json.dumps(out)

    broken = tmp_path / "t.json"
    broken.write_text(json.dumps({"language": "en", "segments": [{"start": 0, "text": "hi"}]}))
    with pytest.raises(TranscriptError, match=r"t.json: segments\[0\]: missing key 'end'"):
        load_transcript(broken)


def test_qa_does_not_import_prefect() -> None:
    assert "prefect" not in sys.modules or not any(
        m.startswith("callqa.qa.") and "prefect" in (getattr(sys.modules[m], "__file__", "") or "")
        for m in sys.modules
    )
    for path in (ROOT / "qa/scoring").glob("*.py"):
        assert "import prefect" not in path.read_text()


def test_labelled_set_meets_targets_on_holdout(scorer: Scorer) -> None:
    labels = [json.loads(line) for line in (DATA / "labels.jsonl").read_text().splitlines()]
    assert len(labels) >= 40
    assert {lab["language"] for lab in labels} == {"vi", "en"}
    report = evaluate(DATA, DATA / "labels.jsonl", scorer=scorer, splits=("holdout",))
    for lang in ("vi", "en"):
        group = report.group(lang, "holdout")
        assert group.calls >= 8
        assert group.item_micro.f1 >= ITEM_F1_TARGET, (lang, report.to_dict())
        assert group.target_fit_accuracy >= FIT_ACCURACY_TARGET, (lang, report.to_dict())
