"""The objection reply model (qa/scoring/objection_replies.py): its written
pairs, how it meets the answer patterns, and how a verdict per objection reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Evidence
from callqa.qa.scoring import objection_replies
from callqa.qa.scoring.objection_replies import ReplyModel, judge, reply_input
from callqa.qa.scoring.objections import TYPES, Objection, model_input, result

CORPUS = Path(__file__).parent / "data" / "scoring_corpus"
BASE = {"item_id": "objection_handling", "label": "Objections", "weight": 15, "critical": False}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_written_pairs_cover_every_type_both_ways(language: str) -> None:
    path = CORPUS / f"objection_replies_{language}.yaml"
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    assert set(pairs) == {"met", "missed"}
    assert len(pairs["met"]) >= 25 and len(pairs["missed"]) >= 20
    for label in ("met", "missed"):
        kinds = {kind for kind, _ in pairs[label]}
        assert kinds == set(TYPES), (label, kinds)
    replies = [reply for label in pairs for _, reply in pairs[label]]
    assert len(set(replies)) == len(replies)


def test_reply_input_tags_the_type_and_folds_vietnamese() -> None:
    assert reply_input("price", "Dạ em giảm phí cho chị", "vi").split()[0] == "type_price"
    assert "giam" in reply_input("price", "Dạ em giảm phí cho chị", "vi").split()
    assert reply_input("time", "Sure, Friday?", "en") == "type_time sure friday"


@pytest.mark.parametrize(
    ("combine", "p_met", "patterns", "handled"),
    [
        ("patterns", 0.9, False, False),
        ("patterns", 0.1, True, True),
        ("model", 0.9, False, True),
        ("model", 0.1, True, False),
        ("or", 0.1, True, True),
        ("or", 0.6, False, True),
        ("or", 0.4, False, False),
        ("and", 0.6, True, True),
        ("and", 0.6, False, False),
        ("and", 0.4, True, False),
    ],
)
def test_reply_model_meets_the_patterns(
    combine: str, p_met: float, patterns: bool, handled: bool
) -> None:
    model = ReplyModel(None, 0.5, combine, "en")  # type: ignore[arg-type]
    assert model.handled(p_met, patterns) is handled


def test_unknown_combine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown combine 'maybe'"):
        ReplyModel(None, 0.5, "maybe", "en")  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_reply_model_ships_so_the_patterns_decide(language: str) -> None:
    # the rotation kept the answer patterns (benchmarks/objections_eval.py --reply)
    objection_replies.reply_model.cache_clear()
    assert objection_replies.reply_model(language) is None
    o = Objection(
        0, "price", 1.0, Evidence(text="too dear", start=1.0, end=2.0, speaker="customer")
    )
    assert judge([o], {0: [1]}, {1: "ok bye"}, set(), language) is None


def _objection() -> Objection:
    ev = Evidence(text="That's too expensive.", start=62.0, end=64.0, speaker="customer")
    return Objection(seg=3, type="price", probability=1.0, evidence=ev)


def _reply() -> dict[int, Evidence]:
    return {4: Evidence(text="We can split it monthly.", start=68.0, end=71.0, speaker="agent")}


def test_a_judged_answer_without_answer_words_is_met_at_the_reply() -> None:
    got = result(BASE, [_objection()], {3: [4]}, _reply(), {}, "en", {3: True})
    assert got.verdict == "met"
    assert got.reason == "objection (price) at 1:02 answered at 1:08"
    assert [e.speaker for e in got.evidence] == ["agent", "customer"]


def test_a_judged_miss_overrides_answer_words() -> None:
    said = {4: Evidence(text="split it monthly", start=68.0, end=71.0, speaker="agent")}
    got = result(BASE, [_objection()], {3: [4]}, _reply(), said, "en", {3: False})
    assert got.verdict == "missed"
    assert got.reason == "objection (price) at 1:02 not answered (agent at 1:08)"
    # without a judgement the answer words decide, as before
    assert result(BASE, [_objection()], {3: [4]}, _reply(), said, "en").verdict == "met"


@pytest.mark.parametrize(
    ("language", "text", "scoped", "plain_word"),
    [
        ("vi", "không phải chị chê mắc đâu", "neg_mắc", "mắc"),
        ("en", "if the price is right I'm in", "if_price", "price"),
        ("en", "it's not that I can't afford it", "neg_afford", "afford"),
    ],
)
def test_model_input_with_scope_words(
    language: str, text: str, scoped: str, plain_word: str
) -> None:
    words = model_input(text, language, scope_words=True).split()
    assert scoped in words and plain_word in words
    assert scoped not in model_input(text, language).split()
