"""Read a ``labels.jsonl`` file into label rows of one shape, naming the file and
line of a bad row. The evals and the writer sets' ``rows()`` (so every training
script and rotation) read labels through here, so a row is checked and
normalised in one place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from callqa.qa.errors import CallqaError
from callqa.qa.scoring.checklist import PERSONA_FIELDS


class LabelsError(CallqaError, ValueError):
    """The labels file is missing or malformed."""


# The external set's item verdict words that the scorer spells otherwise: "clean"
# (prohibited_language: nothing prohibited said) is the scorer's "met".
EXTERNAL_VERDICTS = {"clean": "met"}


def normalise_label(row: dict[str, Any], where: str) -> dict[str, Any]:
    """Accept both label shapes: ours (``file``, ``persona`` as a dict of booleans)
    and the external set's (``id``, ``persona_fields`` as a list, ``clean``)."""
    row = dict(row)
    if "file" not in row and isinstance(row.get("id"), str):
        row["file"] = row["id"] + ".json"
    if "persona" not in row and isinstance(row.get("persona_fields"), list):
        row["persona"] = {name: name in row["persona_fields"] for name in PERSONA_FIELDS}
    if isinstance(row.get("items"), dict):
        row["items"] = {k: EXTERNAL_VERDICTS.get(v, v) for k, v in row["items"].items()}
    for key in ("file", "items", "persona", "target_fit"):
        if key not in row:
            raise LabelsError(f"{where}: missing key {key!r}")
    return row


def read_labels(labels_path: str | Path) -> list[dict[str, Any]]:
    """The rows of ``labels_path`` in file order, each normalised; a row that is not
    a JSON object or lacks a key raises ``LabelsError`` naming ``file:line``."""
    path = Path(labels_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LabelsError(f"{path}: cannot read labels: {exc}") from exc
    labels = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelsError(f"{path}:{n}: not valid JSON: {exc}") from exc
        if not isinstance(row, dict):
            raise LabelsError(f"{path}:{n}: expected a JSON object")
        labels.append(normalise_label(row, f"{path}:{n}"))
    return labels
