"""The writer-set listing (``benchmarks/data/blind/sets.yaml``) that every
training script, rotation and eval reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from callqa.qa.scoring.labels import LabelsError
from callqa.qa.scoring.writer_sets import QA_DEV, WriterSet, in_tuning_half, read_writer_sets

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


def _labelled(folder: Path, ids: list[str]) -> Path:
    folder.mkdir()
    rows = [{"id": i, "items": {}, "persona_fields": [], "target_fit": "right"} for i in ids]
    lines = [json.dumps(row) for row in rows]
    (folder / "labels.jsonl").write_text("\n".join([*lines, ""]), encoding="utf-8")
    return folder


EVERY = ["one/vi_01", "one/vi_02", "one/en_03", "one/en_04", "two/vi_05", "two/vi_06"]


@pytest.mark.parametrize(
    ("odd_only", "expect"),
    [(True, ["one/vi_01", "one/en_03", "two/vi_05"]), (False, EVERY)],
)
def test_a_sets_rows_are_its_tuning_calls_in_file_order(
    tmp_path: Path, odd_only: bool, expect: list[str]
) -> None:
    one = _labelled(tmp_path / "one", ["vi_01", "vi_02", "en_03", "en_04"])
    two = _labelled(tmp_path / "two", ["vi_05", "vi_06"])
    missing = tmp_path / "missing"  # labels not here: nothing, no error
    writer = WriterSet(name="x", folders=(one, missing, two), odd_only=odd_only, old=False)
    assert [f"{folder.name}/{row['id']}" for folder, row in writer.rows()] == expect


def test_a_blind_sets_rows_are_every_labelled_call() -> None:
    a = read_writer_sets(ROOT).named("A")
    lines = sum(len((f / "labels.jsonl").read_text().splitlines()) for f in a.folders)
    rows = list(a.rows())
    assert len(rows) == lines and {folder for folder, _ in rows} == set(a.folders)


def test_a_sets_rows_are_normalised_and_a_bad_row_names_its_file_and_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    good = {"id": "vi_01", "items": {"prohibited_language": "clean"}, "target_fit": "right"}
    good["persona_fields"] = ["budget"]
    labels = folder / "labels.jsonl"
    labels.write_text(json.dumps(good) + "\n", encoding="utf-8")
    writer = WriterSet(name="x", folders=(folder,), odd_only=False, old=False)
    [(_, row)] = writer.rows()
    assert row["file"] == "vi_01.json" and row["items"] == {"prohibited_language": "met"}
    assert row["persona"] == {
        "need": False,
        "budget": True,
        "timeline": False,
        "decision_maker": False,
    }
    labels.write_text(json.dumps(good) + "\n\n" + '{"id": "vi_03",', encoding="utf-8")
    with pytest.raises(LabelsError, match=r"one/labels.jsonl:3: not valid JSON"):
        list(writer.rows())
    labels.write_text(json.dumps({"id": "vi_03", "items": {}}) + "\n", encoding="utf-8")
    with pytest.raises(LabelsError, match=r"one/labels.jsonl:1: missing key 'persona'"):
        list(writer.rows())
