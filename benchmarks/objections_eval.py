"""The objection_handling item on every labelled set, per language: the figures
that pick the objection model's threshold (``qa/scoring/objections.py``).

The model is trained on the team's corpus alone (``scripts/train_objections.py``),
so every set here is writer-held-out for it: qa-dev odd-numbered calls (an
external writer), ``benchmarks/data/blind/tune`` and ``holdout`` (team writer
set A), ``holdout2`` (set B). The item's patterns, though, were tuned on all of
these: figures of the rules alone are not evidence, the change the model makes
is. Never run on ``holdout3`` or on the even-numbered qa-dev calls.

    .venv/bin/python benchmarks/objections_eval.py [--threshold P] [--model DIR]
        [--only NAME]... [--errors]

``--model DIR`` reads a model trained elsewhere (``scripts/train_objections.py
--out DIR --calls ...``) for the rotation: train on some writers' calls,
report on the others (``--only "blind holdout2"``).

``--threshold 1.01`` is the rules alone (the model only types the objections).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer, objections
from callqa.qa.scoring.evaluate import evaluate
from callqa.qa.scoring.objections import ObjectionModel

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "benchmarks" / "data" / "blind"
QA_DEV = ROOT.parent / "shared" / "data" / "qa-dev"
ITEM = "objection_handling"


def sets() -> dict[str, tuple[Path, str, tuple[str, ...] | None]]:
    out: dict[str, tuple[Path, str, tuple[str, ...] | None]] = {}
    if (QA_DEV / "labels.jsonl").exists():
        out["qa-dev odd"] = (QA_DEV, "halves", ("tune",))  # the odd-numbered calls only
    for name in ("tune", "holdout", "holdout2"):
        out[f"blind {name}"] = (BLIND / name, "all", None)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, help="override the model's threshold")
    parser.add_argument("--model", type=Path, help="a model folder with vi/ and en/")
    parser.add_argument("--only", action="append", help="report only these sets")
    parser.add_argument("--errors", action="store_true", help="list the item's disagreements")
    args = parser.parse_args()
    if args.model is not None:
        objections.MODEL_DIR = args.model
    for language in ("vi", "en"):
        model: ObjectionModel | None = objections.objection_model(language)
        if model is not None and args.threshold is not None:
            model.threshold = args.threshold
    scorer = Scorer()
    print(f"{'set':<15} {'vi F1 (tp/fp/fn)':>18} {'en F1 (tp/fp/fn)':>18}")
    for name, (data, protocol, splits) in sets().items():
        if args.only and name not in args.only:
            continue
        report = evaluate(
            data / "calls", data / "labels.jsonl", scorer=scorer, protocol=protocol, splits=splits
        )
        split = "tune" if protocol == "halves" else "holdout"
        cells = []
        for language in ("vi", "en"):
            c = report.group(language, split).items[ITEM]
            cells.append(f"{c.f1:.3f} ({c.tp}/{c.fp}/{c.fn})")
        print(f"{name:<15} {cells[0]:>18} {cells[1]:>18}")
        if args.errors:
            for e in report.errors:
                if e["what"] == ITEM:
                    print(f"    {e['file']}: gold {e['gold']}, scored {e['pred']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
