"""The writer sets: labelled calls the scorer is tuned on, grouped by who wrote them.

Each set was written by a writer pair who never read the scorer. A set is
measured once while fresh, at the end of a stop, and is tuning data from the
next stop on; the rotations train on every set but one and score the one left
out. The listing lives beside the calls (``benchmarks/data/blind/sets.yaml``)
so that the training scripts, the rotations and the evals agree on it and a set
is added in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from callqa.qa.scoring.labels import read_labels

QA_DEV = "qa-dev"  # the external set; only its odd-numbered calls are tuning data


@dataclass(frozen=True)
class WriterSet:
    name: str  # "qa-dev", "A", "B", ...
    folders: tuple[Path, ...]  # labelled folders: calls/ and labels.jsonl
    odd_only: bool  # qa-dev: the even-numbered calls are the held-out half, never read
    old: bool  # written before the rotations; the newer sets were read while tuning

    def rows(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        """(labelled folder, labels row) for each of the set's tuning calls, in file
        order: qa-dev's odd half only, so no script filters the held-out half itself.
        Rows are read through ``labels.read_labels``: normalised to the scorer's
        shape (``file``, ``persona``, ``met`` for ``clean``), and a bad row raises
        ``LabelsError`` naming its file and line. A folder whose labels are not here
        (qa-dev on a fresh machine) yields nothing."""
        for folder in self.folders:
            labels = folder / "labels.jsonl"
            if not labels.exists():
                continue
            for row in read_labels(labels):
                if not self.odd_only or in_tuning_half(row["file"]):
                    yield folder, row


@dataclass(frozen=True)
class WriterSets:
    tuning: tuple[WriterSet, ...]
    fresh: tuple[str, ...]  # folder names nobody reads until their one measurement

    def named(self, name: str) -> WriterSet:
        for writer in self.tuning:
            if writer.name == name:
                return writer
        raise KeyError(f"no writer set {name!r} (sets: {', '.join(self.names)})")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(w.name for w in self.tuning)

    def present(self) -> tuple[WriterSet, ...]:
        """The sets whose labels are here (qa-dev lives beside the repository and may
        be missing on a fresh machine)."""
        return tuple(
            w for w in self.tuning if all((f / "labels.jsonl").exists() for f in w.folders)
        )

    def of_folder(self) -> dict[str, str]:
        """Folder name -> set name (``holdout7`` -> ``G``, ``qa-dev`` -> ``qa-dev``)."""
        return {folder.name: w.name for w in self.tuning for folder in w.folders}


def read_writer_sets(root: Path) -> WriterSets:
    """The writer sets of the repository at ``root``: the blind sets under
    ``benchmarks/data/blind`` and qa-dev beside the repository (``../shared``)."""
    blind = root / "benchmarks" / "data" / "blind"
    listing = blind / "sets.yaml"
    data = yaml.safe_load(listing.read_text(encoding="utf-8"))
    old = set(data["old"])
    qa_dev = root.parent / "shared" / "data" / QA_DEV
    tuning = tuple(
        WriterSet(
            name=str(name),
            folders=tuple(qa_dev if f == QA_DEV else blind / f for f in folders),
            odd_only=folders == [QA_DEV],
            old=name in old,
        )
        for name, folders in data["tuning"].items()
    )
    return WriterSets(tuning=tuning, fresh=tuple(data["fresh"]))


def in_tuning_half(call: str) -> bool:
    """Whether a qa-dev call (``vi_07``, ``calls/vi_07.json``) is in the odd-numbered,
    tuning half; the even half is the held-out half."""
    digits = re.findall(r"\d+", Path(call).stem)
    return not digits or int(digits[-1]) % 2 == 1
