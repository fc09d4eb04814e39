"""Persona fields and target fit on wording the cues were not written around: the
team's own corpus (``tests/data/scoring_corpus/persona.yaml``) of mini-calls,
positives and near-misses, both languages. It guards behaviour; it is not
evidence of accuracy (``benchmarks/scoring_eval.py`` gives held-out figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.scoring import Scorer

from tests.mini_calls import mini_call, scored

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus" / "persona.yaml"
CASES = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c['lang']}-{c['item']}-{c['expect']}-{c['tag']}-{i}" for i, c in enumerate(CASES)],
)
def test_corpus_case(scorer: Scorer, case: dict) -> None:
    result = scored(scorer, mini_call(case["lang"], case["turns"]))
    item = case["item"]
    if item == "target_fit":
        assert result.target_fit == case["expect"], (result.target_fit_reason, case["turns"])
        if case["expect"] == "wrong":
            assert result.target_fit_reason == case["reason"], case["turns"]
        if case["expect"] != "unknown":
            # every verdict is explained by the words that show it, with their time
            assert result.target_fit_evidence
            assert all(e.start > 0 for e in result.target_fit_evidence)
        return
    evidence = result.persona[item.split(".", 1)[1]]
    assert ("met" if evidence else "missed") == case["expect"], (evidence, case["turns"])
    # only what the customer states counts
    assert all(e.speaker == "customer" for e in evidence)


def test_corpus_covers_every_field_and_reason_in_both_languages() -> None:
    for lang in ("vi", "en"):
        for field in ("need", "budget", "timeline", "decision_maker"):
            expects = {
                c["expect"] for c in CASES if c["lang"] == lang and c["item"] == f"persona.{field}"
            }
            assert {"met", "missed"} <= expects, (lang, field)
        reasons = {c.get("reason") for c in CASES if c["lang"] == lang and c["expect"] == "wrong"}
        assert len(reasons) >= 9, (lang, reasons)
