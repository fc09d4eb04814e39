"""The writer-set listing (``benchmarks/data/blind/sets.yaml``) that every
training script, rotation and eval reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from callqa.qa.scoring.writer_sets import QA_DEV, in_tuning_half, read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "benchmarks" / "data" / "blind"


def test_every_blind_folder_is_listed_once_as_tuning_or_fresh() -> None:
    sets = read_writer_sets(ROOT)
    tuning = [f.name for w in sets.tuning for f in w.folders if f.name != QA_DEV]
    listed = tuning + list(sets.fresh)
    assert len(listed) == len(set(listed))
    on_disk = {p.name for p in BLIND.iterdir() if p.is_dir()}
    assert set(listed) == on_disk


def test_the_sets_are_named_once_and_qa_dev_gives_only_its_odd_half() -> None:
    sets = read_writer_sets(ROOT)
    assert len(sets.names) == len(set(sets.names))
    assert sets.names[:2] == (QA_DEV, "A")
    qa_dev = sets.named(QA_DEV)
    assert qa_dev.odd_only and qa_dev.folders == (ROOT.parent / "shared" / "data" / "qa-dev",)
    assert not any(w.odd_only for w in sets.tuning[1:])
    assert sets.named("A").folders == (BLIND / "tune", BLIND / "holdout")
    assert sets.of_folder()["holdout"] == "A" and sets.of_folder()[QA_DEV] == QA_DEV
    assert qa_dev.old and sets.named("A").old
    with pytest.raises(KeyError, match="no writer set 'Z'"):
        sets.named("Z")


def test_every_blind_tuning_set_has_its_labels_here() -> None:
    present = {w.name for w in read_writer_sets(ROOT).present()}
    assert set(read_writer_sets(ROOT).names) - present <= {QA_DEV}


@pytest.mark.parametrize(
    ("call", "odd"),
    [("vi_07", True), ("en_10", False), ("calls/vi_01.json", True), ("x", True)],
)
def test_the_tuning_half_is_the_odd_numbered_calls(call: str, odd: bool) -> None:
    assert in_tuning_half(call) is odd
