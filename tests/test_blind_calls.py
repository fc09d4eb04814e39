"""The blind labelled calls in ``benchmarks/data/blind`` are well formed.

They were written by the team without reading the scorer (see the NOTICE
there); this test checks their shape only: every call loads as a transcript,
every label row has the ten items with allowed values, the persona fields and
target fit follow the labelling contract, and the timestamps run forward.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from callqa.qa.scoring.evaluate import split_of
from callqa.qa.scoring.labels import read_labels
from callqa.qa.scoring.report import load_transcript

BLIND = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "blind"
SPLITS = {
    "tune": 8,
    "holdout": 12,
    "holdout2": 16,
    "holdout3": 16,
    "holdout4": 16,
    "holdout5": 16,
    "holdout6": 16,
    "holdout7": 16,
    "holdout8": 16,
    "holdout9": 16,
    "holdout10": 16,
    "holdout11": 16,
    "holdout12": 16,
    "holdout13": 16,
    "holdout14": 16,
    "holdout15": 16,
}  # calls per language in each split
ITEMS = (
    "greeting",
    "introduction",
    "call_purpose",
    "recording_disclosure",
    "needs_discovery",
    "product_presentation",
    "objection_handling",
    "next_step",
    "courtesy_close",
)
STATUSES = {"met", "missed", "not_applicable"}
PERSONA = {"need", "budget", "timeline", "decision_maker"}


def rows(split: str) -> list[dict]:
    lines = (BLIND / split / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def languages(split: str) -> list[str]:
    """The languages a split holds: every split holds both."""
    found = sorted({r["language"] for r in rows(split)})
    assert found == ["en", "vi"], split
    return found


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_one_label_per_call_and_the_expected_ids(split: str) -> None:
    labelled = [r["id"] for r in rows(split)]
    files = sorted(p.stem for p in (BLIND / split / "calls").glob("*.json"))
    n = SPLITS[split]
    expected = [f"{lang}_{i:02d}" for lang in languages(split) for i in range(1, n + 1)]
    assert sorted(labelled) == files == expected


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_labels_follow_the_contract(split: str) -> None:
    for row in rows(split):
        where = f"{split}/{row['id']}"
        assert row["language"] == row["id"][:2], where
        assert set(row["items"]) == {*ITEMS, "prohibited_language"}, where
        assert all(row["items"][k] in STATUSES for k in ITEMS), where
        assert row["items"]["prohibited_language"] in {"clean", "violated"}, where
        assert set(row["persona_fields"]) <= PERSONA, where
        assert len(row["notes"]) > 20, where
        fields = set(row["persona_fields"])
        if row["target_fit"] != "wrong":
            # right exactly when need plus budget or timeline are present
            right = "need" in fields and bool(fields & {"budget", "timeline"})
            assert row["target_fit"] == ("right" if right else "unknown"), where


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_calls_load_and_timestamps_run_forward(split: str) -> None:
    for row in rows(split):
        path = BLIND / split / "calls" / f"{row['id']}.json"
        transcript = load_transcript(path)
        assert transcript.language == row["language"], path.name
        raw = json.loads(path.read_text(encoding="utf-8"))
        segments = raw["segments"]
        # a short call (a wrong number, a quick refusal) has fewer turns than a
        # sale: holdout14 and holdout15 have calls of 8 to 11 turns
        assert 8 <= len(segments) <= 60, path.name
        assert {s["speaker"] for s in segments} == {"agent", "customer"}, path.name
        starts = [s["start"] for s in segments]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), path.name
        assert all(s["end"] > s["start"] and s["text"].strip() for s in segments), path.name
        assert segments[-1]["end"] <= raw["duration_s"] <= 6 * 60, path.name
        # a wrong number can be over in well under a minute (holdout15 vi_09: 41 s)
        assert raw["duration_s"] >= 30, path.name


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_the_project_reads_the_labels_as_one_held_out_split(split: str) -> None:
    labels = read_labels(BLIND / split / "labels.jsonl")
    assert len(labels) == len(languages(split)) * SPLITS[split]
    assert {split_of(row, "all") for row in labels} == {"holdout"}
    assert all(row["file"] == f"{row['id']}.json" for row in labels)
