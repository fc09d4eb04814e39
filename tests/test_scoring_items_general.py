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
from callqa.qa.scoring import Scorer, default_checklist

from tests.mini_calls import mini_call

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
    result = scorer.score(transcript, default_checklist(case["lang"]))
    verdict = next(r for r in result.items if r.item_id == case["item"])
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
