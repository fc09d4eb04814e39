"""Introduction, needs discovery and product presentation on new wordings.

``tests/data/scoring_corpus/items_general.yaml`` was written from the label
definitions (both languages, positives and near-miss negatives) before any
call set's errors were read. It guards behaviour; it is not evidence of
accuracy (``benchmarks/scoring_eval.py`` gives held-out figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.scoring import Scorer

from tests.mini_calls import item_of, mini_call, scored

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus" / "items_general.yaml"
CASES = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c['lang']}-{c['item']}-{c['expect']}-{i}" for i, c in enumerate(CASES)],
)
def test_item_verdict_on_new_wording(scorer: Scorer, case: dict) -> None:
    transcript = mini_call(case["lang"], [_turn(t) for t in case["turns"]])
    verdict = item_of(scored(scorer, transcript), case["item"])
    assert verdict.verdict == case["expect"], (case, verdict.evidence, verdict.reason)
    if verdict.verdict == "met":
        starts = {s.start for s in transcript.segments}
        assert verdict.evidence
        assert all(e.start in starts for e in verdict.evidence)


def test_corpus_has_near_misses_for_every_item() -> None:
    for lang in ("vi", "en"):
        for item in ("introduction", "needs_discovery", "product_presentation"):
            expects = {c["expect"] for c in CASES if c["lang"] == lang and c["item"] == item}
            assert expects == {"met", "missed"}, (lang, item)


def _turn(turn: str) -> tuple[str, str]:
    who, text = turn.split(":", 1)
    return who.strip().lower(), text.strip()


def test_a_finder_group_needs_no_phrases_and_question_excludes_statement() -> None:
    from callqa.qa.scoring import parse_checklist
    from callqa.qa.scoring.checklist import ChecklistError

    def checklist(**extra: object) -> dict:
        item = {"id": "introduction", "label": "x", "weight": 1, **extra}
        item["all_of"] = [{"name": "company", "finder": "company"}]
        return {"name": "t", "version": "1", "languages": ["vi", "en"], "pass_mark": 50,
                "items": [item]}  # fmt: skip

    parsed = parse_checklist(checklist())
    assert parsed.item("introduction").groups[0].finder == "company"
    with pytest.raises(ChecklistError, match="question and statement"):
        parse_checklist(checklist(question=True, statement=True))
    with pytest.raises(ChecklistError, match="finder"):
        parse_checklist({**checklist(), "items": [{"id": "a", "label": "a", "weight": 1,
                                                   "all_of": [{"finder": "brands"}]}]})  # fmt: skip


def test_company_phrase_keeps_the_words_that_name_it() -> None:
    from callqa.qa.records import Segment
    from callqa.qa.scoring.company import mentions
    from callqa.qa.scoring.nlp import Pipelines

    pipelines = Pipelines()
    text = "dạ em là Quân, nhân viên nhà mạng Sao Việt Net chi nhánh miền Trung ạ"
    call = pipelines.call_doc((Segment(start=0.0, end=4.0, text=text, speaker="agent"),), "vi")
    assert [m.name for m in mentions(call, 0, "vi")] == ["Sao Việt Net"]
    text = "dạ em là Bảo bên nhà mạng chi nhánh miền Trung ạ"
    call = pipelines.call_doc((Segment(start=0.0, end=4.0, text=text, speaker="agent"),), "vi")
    assert list(mentions(call, 0, "vi")) == []


# 2026.10, by structure: a time check or a reason in other words (call_purpose), the
# verb "record" with the calls as object (recording_disclosure), a report the product
# sends (product_presentation: "you can report it" is the customer's action)
STRUCTURE = [
    ("en", "call_purpose", "Hi, it's Nadia. Have you got a couple of minutes?", "met"),
    ("en", "call_purpose", "Hi, Nadia from Ferncliff Roofing here, is now an okay time?", "met"),
    ("en", "call_purpose", "Morning. I said I'd give you a ring about the gutters.", "met"),
    ("en", "call_purpose", "You asked for a callback, so just following it up.", "met"),
    ("en", "call_purpose", "Hi, Nadia from Ferncliff. Our gutters come in six colours.", "missed"),
    ("en", "recording_disclosure", "Quick note, I record all my calls for coaching.", "met"),
    ("en", "recording_disclosure", "You can record your meter reading in the app.", "missed"),
    ("en", "product_presentation", "The dashboard reports your usage every week.", "met"),
    ("en", "product_presentation", "Every parent gets a monthly progress report.", "met"),
    ("en", "product_presentation", "If it happens again you can report it to your bank.", "missed"),
    ("vi", "call_purpose", "alo cô là Hằng, cô gọi lại cho cháu về phiếu đăng ký học bơi", "met"),
    ("vi", "call_purpose", "alo chào cháu, cô là Hằng bên Hải Âu, bể bơi mới có mái che", "missed"),
]


@pytest.mark.parametrize(("lang", "item", "text", "expect"), STRUCTURE)
def test_a_purpose_a_recording_and_a_feature_by_structure(
    scorer: Scorer, lang: str, item: str, text: str, expect: str
) -> None:
    reply = "dạ" if lang == "vi" else "okay"
    result = scored(scorer, mini_call(lang, [("a", text), ("c", reply)]))
    assert item_of(result, item).verdict == expect


# 2026.10: in a call written with "?", a Vietnamese sentence closed by "." states,
# whatever wh-word or final it holds; asking leave to ask ("cho em hỏi") still asks
CLOSED_VI = [
    (["Dạ anh đang ở quận mấy ạ?", "Dạ bên em giao tận nơi, không sao đâu ạ."], "missed"),
    (["Dạ anh đang ở quận mấy ạ?", "Ai hỏi mật khẩu gì thì anh cứ cúp máy nha."], "missed"),
    (["Dạ anh đang ở quận mấy ạ?", "Dạ cho em hỏi nhà mình mấy người dùng mạng ạ."], "met"),
    (["Dạ anh đang ở quận mấy ạ?", "Dạ nhà mình mấy người dùng mạng ạ?"], "met"),
]


@pytest.mark.parametrize(("asked", "expect"), CLOSED_VI)
def test_a_vietnamese_sentence_closed_by_a_period_asks_nothing(
    scorer: Scorer, asked: list[str], expect: str
) -> None:
    turns = [t for text in asked for t in (("a", text), ("c", "dạ"))]
    result = scored(scorer, mini_call("vi", turns))
    assert item_of(result, "needs_discovery").verdict == expect
