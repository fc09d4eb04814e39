"""The seeded training loop the four training scripts share: the same rows give
the same model bytes, so a committed model retrains byte-identically; and the
loader the four scorer modules share."""

from __future__ import annotations

import json
from pathlib import Path

from callqa.qa.scoring.training import META_FILE, load_textcat, one_hot, train_textcat
from spacy.language import Language

LABELS = ("yes", "no")
CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 1,
        "no_output_layer": False,
        "length": 2**10,
    }
}
ROWS = [("sure sounds good", "yes"), ("no thanks", "no"), ("yes please", "yes"), ("not now", "no")]


def _train(seed: int) -> Language:
    return train_textcat(
        ((t, one_hot(y, LABELS)) for t, y in ROWS),
        pipe="textcat",
        config=CONFIG,
        labels=LABELS,
        epochs=3,
        seed=seed,
        name="t",
        version="0",
        batch=2,
    )


def test_one_hot_is_one_for_the_label_alone() -> None:
    assert one_hot("no", LABELS) == {"yes": 0.0, "no": 1.0}


def test_the_same_rows_and_seed_train_the_same_bytes() -> None:
    first, again = _train(0), _train(0)
    assert first.to_bytes() == again.to_bytes()
    assert first.meta["name"] == "t" and first.pipe_labels["textcat"] == list(LABELS)
    assert first("yes please").cats["yes"] > 0.5


def test_a_model_folder_loads_as_its_pipeline_and_meta(tmp_path: Path) -> None:
    model = _train(0)
    model.to_disk(tmp_path)
    (tmp_path / META_FILE).write_text(json.dumps({"threshold": 0.4}), encoding="utf-8")
    nlp, meta = load_textcat(tmp_path)
    assert meta == {"threshold": 0.4}
    assert nlp.to_bytes() == model.to_bytes()
