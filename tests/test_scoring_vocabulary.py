"""The persona field list lives in the checklist vocabulary: the labels reader,
the scorer and the persona model read the one tuple, and the labels reader
depends on no scorer module."""

from __future__ import annotations

import ast
from pathlib import Path

from callqa.qa.scoring import checklist, labels, persona, persona_model

SCORER_MODULES = {"scorer", "persona", "persona_model", "matching", "compliance", "wrong_target"}


def test_one_persona_field_list() -> None:
    assert checklist.PERSONA_FIELDS == ("need", "budget", "timeline", "decision_maker")
    for module in (labels, persona):
        assert module.PERSONA_FIELDS is checklist.PERSONA_FIELDS
    assert persona_model.FIELDS is checklist.PERSONA_FIELDS


def test_the_labels_reader_imports_no_scorer_module() -> None:
    tree = ast.parse(Path(labels.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module.rsplit(".", 1)[-1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & SCORER_MODULES


def test_external_labels_name_the_persona_fields_in_the_vocabulary_order() -> None:
    row = {"id": "en_01", "items": {"greeting": "met"}, "target_fit": "right"}
    row["persona_fields"] = ["timeline", "need"]
    read = labels.normalise_label(row, "test")
    assert list(read["persona"]) == list(checklist.PERSONA_FIELDS)
    assert read["persona"] == {
        "need": True,
        "budget": False,
        "timeline": True,
        "decision_maker": False,
    }


def test_an_external_clean_verdict_reads_as_the_scorers_met() -> None:
    row = {"id": "vi_01", "persona_fields": [], "target_fit": "unknown"}
    row["items"] = {"prohibited_language": "clean", "greeting": "missed"}
    read = labels.normalise_label(row, "test")
    assert read["items"] == {"prohibited_language": "met", "greeting": "missed"}
    assert labels.EXTERNAL_VERDICTS == {"clean": "met"}
