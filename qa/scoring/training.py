"""The scorer's text classifiers (compliance, objections, persona, wrong
target): the seeded training loop their training scripts share, so that every
model is trained the same way and retrains to the same bytes, and the loader
their modules share."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example

Cats = dict[str, float]  # a training row's gold categories
META_FILE = "callqa.json"  # beside a model's spaCy files: its thresholds and input modes


def one_hot(label: str, labels: Sequence[str]) -> Cats:
    """Exclusive classes: 1.0 for ``label``, 0.0 for every other label."""
    return {c: float(c == label) for c in labels}


def train_textcat(
    rows: Iterable[tuple[str, Cats]],
    *,
    pipe: str,
    config: dict[str, Any],
    labels: Sequence[str],
    epochs: int,
    seed: int,
    name: str,
    version: str,
    batch: int = 16,
) -> Language:
    """A blank ``xx`` pipeline with one ``pipe`` (``textcat`` or
    ``textcat_multilabel``) trained on ``rows`` (model input text, gold
    categories): ``epochs`` passes over the rows in a shuffle seeded by ``seed``,
    minibatches of ``batch``, dropout 0.1. The seed is fixed before anything is
    built, so the same rows give the same model bytes."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe(pipe, config=config)
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), {"cats": cats}) for text, cats in rows]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        order = examples[:]
        rng.shuffle(order)
        for i in range(0, len(order), batch):
            # the component itself: Language.update copies every example first
            textcat.update(order[i : i + batch], sgd=optimizer, drop=0.1, losses={})
    nlp.meta["name"] = name
    nlp.meta["version"] = version
    return nlp


def save_meta(path: Path, meta: dict[str, Any]) -> None:
    """Write a model folder's ``META_FILE`` (what ``load_textcat`` reads back)."""
    (path / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def read_meta(path: Path) -> dict[str, Any]:
    """A model folder's ``META_FILE``, as ``save_meta`` wrote it."""
    return json.loads((path / META_FILE).read_text(encoding="utf-8"))


def load_textcat(path: Path) -> tuple[Language, dict[str, Any]]:
    """A model folder written by a training script: its spaCy pipeline and the
    meta in ``META_FILE`` (thresholds, how the model reads its input)."""
    return spacy.load(path), read_meta(path)
