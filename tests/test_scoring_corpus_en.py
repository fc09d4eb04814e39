"""English checklist items on wording they were not written around: the team's
own corpus (``tests/data/scoring_corpus/en_items.yaml``) of mini-calls per item,
positives and near-misses, in Indian, Singapore, UK and US English, indirect
phrasings and recogniser noise. It guards behaviour; it is not evidence of
accuracy (see ``benchmarks/scoring_eval.py`` for held-out figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Transcript
from callqa.qa.scoring import Checklist, Scorer, default_checklist, parse_checklist

from tests.mini_calls import mini_call

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus" / "en_items.yaml"
CASES = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def transcript(turns: list[list[str]]) -> Transcript:
    return mini_call("en", turns)


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    # one checklist for the module: the scorer compiles its patterns once per checklist
    return default_checklist("en")


def verdict(scorer: Scorer, case: dict, checklist: Checklist | None = None) -> str:
    result = scorer.score(transcript(case["turns"]), checklist or default_checklist("en"))
    item = case["item"]
    if item == "target_fit":
        return result.target_fit
    if item.startswith("persona."):
        return "met" if result.persona[item.split(".", 1)[1]] else "missed"
    found = next(r for r in result.items if r.item_id == item)
    if found.verdict == "met":
        # every verdict is explained by a quote of the agent with its time (and,
        # for a next step that accepts the customer's time, the customer's quote)
        assert any(e.speaker == "agent" for e in found.evidence)
    return found.verdict


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['item']}-{c['expect']}-{c['tag']}-{i}" for i, c in enumerate(CASES)]
)
def test_corpus_verdict(scorer: Scorer, checklist: Checklist, case: dict) -> None:
    assert verdict(scorer, case, checklist) == case["expect"], case["turns"]


def test_corpus_has_positives_and_near_misses_per_item() -> None:
    items = {c["item"] for c in CASES}
    for item in ("introduction", "needs_discovery", "product_presentation", "next_step"):
        expects = {c["expect"] for c in CASES if c["item"] == item}
        assert expects == {"met", "missed"}, item
    assert {"met", "missed", "na"} == {
        c["expect"] for c in CASES if c["item"] == "objection_handling"
    }
    assert {"target_fit", "persona.budget", "persona.timeline"} <= items
    tags = {c["tag"] for c in CASES}
    assert {"in", "sg", "uk", "us", "asr", "indirect"} <= tags


def test_fillers_and_stutters_do_not_hide_a_phrase(scorer: Scorer) -> None:
    from callqa.qa.scoring.disfluency import compact_view

    turns = [["a", "hi um my my name is uh Jason, calling from, uh, Solar City"]]
    call = scorer.pipelines.call_doc(transcript(turns).segments, "en")
    view = compact_view(call, "en")
    assert view is not None
    assert " ".join(view.doc.text.split()) == "hi my name is Jason , calling from Solar City"
    start, end = view.span(7, 9)  # "from Solar" in the view
    assert call.doc[start:end].text == "from, uh, Solar"
    assert (
        compact_view(
            scorer.pipelines.call_doc(transcript([["a", "hi there"]]).segments, "en"), "en"
        )
        is None
    )
    found = verdict(scorer, {"item": "introduction", "turns": turns})
    assert found == "met"


def _one_item(item: dict) -> Checklist:
    """An English checklist of the one ``item`` (label = id, weight 1)."""
    item = {"label": item["id"], "weight": 1, **item}
    return parse_checklist(
        {"name": "t", "version": "1", "languages": ["en"], "pass_mark": 50, "items": [item]}
    )


def _step_checklist(together: str, step: str, time: str) -> Checklist:
    """One English item whose two phrase groups must come ``together``."""
    return _one_item(
        {"id": "step", "together": together, "all_of": [{"en": [step]}, {"en": [time]}]}
    )


def test_together_needs_every_group_in_one_turn(scorer: Scorer) -> None:
    checklist = _step_checklist("segment", "send you", "friday")
    apart = transcript([["a", "I'll send you a quote."], ["a", "Friday is busy here."]])
    together = transcript([["a", "Fine."], ["a", "I'll send you a quote on Friday."]])
    missed = scorer.score(apart, checklist).items[0]
    assert missed.verdict == "missed" and "same turn" in missed.reason
    met = scorer.score(together, checklist).items[0]
    assert met.verdict == "met" and {e.start for e in met.evidence} == {6.0}


def test_exchange_takes_the_time_from_the_customer_turn_just_before(scorer: Scorer) -> None:
    checklist = _step_checklist("exchange", "call you", "thursday")
    accepted = transcript(
        [["c", "Thursday after five works."], ["a", "Perfect, I'll call you then."]]
    )
    met = scorer.score(accepted, checklist).items[0]
    assert met.verdict == "met"
    assert [(e.speaker, e.start) for e in met.evidence] == [("customer", 1.0), ("agent", 6.0)]
    # the customer's time must be the turn the agent answers, not one further back
    # nor one after the agent's words
    too_early = transcript(
        [
            ["c", "Thursday after five works."],
            ["a", "Hmm."],
            ["c", "Sorry?"],
            ["a", "I'll call you."],
        ]
    )
    after = transcript([["a", "I'll call you."], ["c", "Thursday works."]])
    for turns in (too_early, after):
        assert scorer.score(turns, checklist).items[0].verdict == "missed"


def _objection_checklist(not_after: list[str] | None) -> Checklist:
    """One English item that applies when the customer says "i'm good"."""
    applies_if: dict = {"speaker": "customer", "patterns": {"en": ["i'm good"]}}
    if not_after is not None:
        applies_if["not_after"] = {"en": not_after}
    return _one_item(
        {
            "id": "answer",
            "applies_if": applies_if,
            "after_trigger": True,
            "respond_turns": 1,
            "patterns": {"en": ["can i ask"]},
        }
    )


def test_trigger_in_reply_to_a_not_after_phrase_does_not_count(scorer: Scorer) -> None:
    small_talk = transcript(
        [["a", "How are you today?"], ["c", "I'm good, thanks."], ["a", "Great."]]
    )
    refusal = transcript(
        [["a", "Shall I send it?"], ["c", "Nah, I'm good."], ["a", "Can I ask why?"]]
    )
    guarded = _objection_checklist(["how are you"])
    assert scorer.score(small_talk, guarded).items[0].verdict == "na"
    assert scorer.score(refusal, guarded).items[0].verdict == "met"
    # without not_after the small talk is taken for a refusal, ignored
    assert scorer.score(small_talk, _objection_checklist(None)).items[0].verdict == "missed"
    # a later refusal still counts after an exempt "I'm good"
    both = transcript(
        [
            ["a", "How are you today?"],
            ["c", "I'm good, thanks."],
            ["a", "Shall I send the quote?"],
            ["c", "Honestly I'm good."],
            ["a", "Can I ask what's holding you back?"],
        ]
    )
    assert scorer.score(both, guarded).items[0].verdict == "met"


def test_a_checked_statement_is_a_question_only_when_answered(scorer: Scorer) -> None:
    from callqa.qa.scoring.cues import is_question

    def asks(turns: list[list[str]]) -> bool:
        call = scorer.pipelines.call_doc(transcript(turns).segments, "en")
        return is_question(call, 0, 1, "en")

    assert asks([["a", "so its just you and your wife in the house"], ["c", "yeah"]])
    assert asks([["a", "You're with BT at the moment."], ["c", "No, Sky."]])
    assert not asks([["a", "so its just you and your wife in the house"], ["c", "hmm"]])
    assert not asks([["a", "You'll get a text with the details."], ["c", "Yeah."]])
    assert not asks([["a", "You signed up last week so I'm calling."], ["c", "Yes."]])
    assert not asks([["a", "you know the way it works here"], ["a", "yeah"]])
