"""Vietnamese checklist items on wording they were not written around.

``tests/data/scoring_corpus/vi_items.yaml`` is the team's own corpus of short
mini-calls per item (Northern, Southern and Central wording, code-switching,
tone-less and unpunctuated text; positives and near-miss negatives from the
label definitions). It guards behaviour; it is not evidence of accuracy (see
``benchmarks/scoring_eval.py`` for held-out figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist
from callqa.qa.scoring.vi_variants import regional_variants, variants

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus" / "vi_items.yaml"
CORPUS_DATA = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
CASES = CORPUS_DATA["cases"]
PERSONA_CASES = CORPUS_DATA["persona_cases"]
GAP_S = 5.0


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def checklist():
    return default_checklist("vi")


def mini_call(turns: list[str]) -> Transcript:
    segments, t = [], 1.0
    for turn in turns:
        who, text = turn.split(":", 1)
        speaker = {"A": "agent", "C": "customer"}[who.strip()]
        segments.append(Segment(start=t, end=t + GAP_S - 0.5, text=text.strip(), speaker=speaker))
        t += GAP_S
    return Transcript(language="vi", duration_s=t, segments=tuple(segments))


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c['item']}-{c['expect']}-{c['variety']}-{i}" for i, c in enumerate(CASES)],
)
def test_vietnamese_item_verdicts(scorer: Scorer, checklist, case: dict) -> None:
    transcript = mini_call(case["turns"])
    result = scorer.score(transcript, checklist)
    verdict = next(r for r in result.items if r.item_id == case["item"])
    assert verdict.verdict == case["expect"], (case, verdict.evidence, verdict.reason)
    if verdict.verdict == "met":
        # every verdict keeps timestamped evidence from the call itself
        assert verdict.evidence
        starts = {s.start for s in transcript.segments}
        assert all(e.start in starts for e in verdict.evidence)


@pytest.mark.parametrize(
    "case", PERSONA_CASES, ids=[f"{c['fit']}-{i}" for i, c in enumerate(PERSONA_CASES)]
)
def test_vietnamese_persona_and_target_fit(scorer: Scorer, checklist, case: dict) -> None:
    result = scorer.score(mini_call(case["turns"]), checklist)
    assert result.target_fit == case["fit"], (case, result.target_fit_reason)
    if "reason" in case:
        assert case["reason"] in result.target_fit_reason
    if case["fields"] is not None:
        stated = {name for name, evidence in result.persona.items() if evidence}
        assert stated == set(case["fields"]), case


def test_corpus_covers_every_item_variety_and_near_misses() -> None:
    items = {
        "introduction",
        "needs_discovery",
        "product_presentation",
        "objection_handling",
        "next_step",
    }
    for item_id in items:
        rows = [c for c in CASES if c["item"] == item_id]
        assert {"bac", "nam", "trung"} <= {c["variety"] for c in rows}, item_id
        assert {c["expect"] for c in rows} >= {"met", "missed"}, item_id
    assert any(c["item"] == "objection_handling" and c["expect"] == "na" for c in CASES)


def test_regional_variants_of_phrases() -> None:
    assert "hông cần" in variants("không cần")
    assert "ở mô" in variants("ở đâu")
    assert "đang xài" in variants("đang dùng")
    assert "hẹn o" in variants("hẹn anh")
    assert variants("không") == []  # single words are ambiguous out of a phrase
    assert regional_variants(["không cần", "hông cần"]).count("hông cần") == 0
