"""Train the objection classifier (one per language), deterministically.

Data: ``tests/data/scoring_corpus/objections_<lang>.yaml``, the team's corpus
written from the label definition (customer units by objection type, and
near-miss ``none`` units); with ``--calls DIR`` (every call of a labelled set)
or ``--tuning-half DIR`` (its odd-numbered calls only, for qa-dev), also every
customer unit of the calls labelled ``not_applicable`` for objection handling,
as ``none``: real customer speech with no objection in it (answers to needs
questions, credit history, "your ad didn't say that"). Sets not named are never
read, so figures on them stay writer-held-out (``benchmarks/objections_eval.py``).

The threshold is the lowest probability at which 5-fold cross-validation on
the corpus keeps precision >= 0.9, raised to ``MIN_THRESHOLD``: the floor
measured on labelled calls (see below; 1.0 = the model only types). Figures
printed here are on the team's own data: they are not evidence of accuracy.

    .venv/bin/python scripts/train_objections.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import spacy
import yaml
from callqa.qa.scoring.objections import (
    MODEL_DIR,
    NONE,
    TYPES,
    model_input,
    units,
)
from spacy.training import Example

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
EPOCHS = 20
SEED = 0
MIN_PRECISION = 0.9
MAX_THRESHOLD = 0.99
# Floor, measured on calls (benchmarks/objections_eval.py; models trained on this
# corpus alone, and rotated: corpus + n/a calls of some writers, reported on the
# others): at the cross-validated thresholds (0.76 vi, 0.82 en) and at 0.65 the
# model's own objections cost more than they caught (almost every agent turn
# after a false objection has an answer word); at 0.95 they changed nothing on
# these sets, and the held-out qa-dev half, run once at the end of stop 15,
# lost en objection handling 0.86 -> 0.75 with them. 1.0: the model types the
# rules' objections and finds none of its own.
MIN_THRESHOLD = 1.0
NGRAMS = 2  # word pairs: "not interested" against "interested", "bận" against "không bận"
OBJECTION_LABELS = (*TYPES, NONE)

Row = tuple[str, str]  # (model input, label)


def load(language: str) -> list[Row]:
    """The language's corpus as (model input, label) rows."""
    path = CORPUS / f"objections_{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for label, texts in data["customer"].items():
        if label not in OBJECTION_LABELS:
            raise SystemExit(f"{path}: unknown customer label {label!r}")
        for t in texts:
            rows.append((model_input(str(t), language), label))
            # a near miss stays a near miss in every unit the scorer cuts it into
            if label == NONE:
                rows += [(model_input(u, language), NONE) for u in units(str(t))[1:]]
    return rows


def call_rows(labelled: Path, language: str, odd_only: bool) -> list[Row]:
    """Every customer unit of the calls labelled not_applicable, as ``none``."""
    rows: list[Row] = []
    for line in (labelled / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        call_id = label.get("id") or Path(label["file"]).stem
        digits = re.findall(r"\d+", call_id)
        if odd_only and (not digits or int(digits[-1]) % 2 == 0):
            continue
        if label["items"].get("objection_handling") != "not_applicable":
            continue
        call = json.loads((labelled / "calls" / f"{call_id}.json").read_text(encoding="utf-8"))
        if call.get("language") != language:
            continue
        rows += [
            (model_input(u, language), NONE)
            for seg in call["segments"]
            if seg.get("speaker") == "customer"
            for u in units(seg["text"])
        ]
    return rows


def train(rows: list[Row], labels: tuple[str, ...], name: str) -> spacy.language.Language:
    spacy.util.fix_random_seed(SEED)
    nlp = spacy.blank("xx")
    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": NGRAMS,
            "no_output_layer": False,
            "length": 2**14,
        }
    }
    textcat = nlp.add_pipe("textcat", config=config)
    for label in labels:
        textcat.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(t), {"cats": {c: float(c == y) for c in labels}})
        for t, y in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        order = examples[:]
        rng.shuffle(order)
        for i in range(0, len(order), 16):
            nlp.update(order[i : i + 16], sgd=optimizer, drop=0.1)
    nlp.meta["name"] = name
    nlp.meta["version"] = "2026.5.0"
    return nlp


def positive_p(nlp: spacy.language.Language, texts: list[str], negative: str) -> list[float]:
    return [1.0 - d.cats.get(negative, 0.0) for d in nlp.pipe(texts)]


def choose_threshold(rows: list[Row], labels: tuple[str, ...], negative: str, what: str) -> float:
    rng = random.Random(SEED)
    order = rows[:]
    rng.shuffle(order)
    scored: list[tuple[float, bool]] = []
    for k in range(5):
        held = order[k::5]
        rest = [r for i, r in enumerate(order) if i % 5 != k]
        nlp = train(rest, labels, "cv")
        p = positive_p(nlp, [t for t, _ in held], negative)
        scored += zip(p, [y != negative for _, y in held], strict=True)
    positives = sum(y for _, y in scored)
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):  # the curve the choice is made on
        tp = sum(p >= t and y for p, y in scored)
        fp = sum(p >= t and not y for p, y in scored)
        print(f"  {what}: at {t:.2f}: recall {tp / positives:.3f}, false {fp}")
    chosen = MAX_THRESHOLD
    for t in [x / 100 for x in range(50, int(MAX_THRESHOLD * 100) + 1)]:
        tp = sum(p >= t and y for p, y in scored)
        fp = sum(p >= t and not y for p, y in scored)
        precision = tp / (tp + fp) if tp + fp else 1.0
        if precision >= MIN_PRECISION and t >= 0.5:
            chosen = t
            print(
                f"  {what}: threshold {t:.2f}, cross-validated on the corpus (not "
                f"evidence): recall {tp / positives:.3f}, precision {precision:.3f}"
            )
            break
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--calls", type=Path, action="append", default=[])
    parser.add_argument("--tuning-half", type=Path, action="append", default=[])
    args = parser.parse_args()
    for language in ("vi", "en"):
        rows = load(language)
        for labelled in args.calls:
            rows += call_rows(labelled, language, odd_only=False)
        for labelled in args.tuning_half:
            rows += call_rows(labelled, language, odd_only=True)
        counts = {y: sum(1 for _, label in rows if label == y) for y in OBJECTION_LABELS}
        print(f"{language}: {counts}")
        threshold = max(MIN_THRESHOLD, choose_threshold(rows, OBJECTION_LABELS, NONE, language))
        print(f"{language}: threshold {threshold:.2f}")
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        train(rows, OBJECTION_LABELS, f"callqa_objection_{language}").to_disk(out)
        calls = [str(p) for p in args.calls] + [f"{p} (odd)" for p in args.tuning_half]
        meta = {"threshold": threshold, "examples": counts, "calls": calls}
        (out / "callqa.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(f"{language}: model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
