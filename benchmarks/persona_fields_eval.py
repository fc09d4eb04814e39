"""Persona fields and target fit per tuning set, per field and language.

    .venv/bin/python benchmarks/persona_fields_eval.py [--errors]

Sets: the writer sets of ``benchmarks/data/blind/sets.yaml`` (qa-dev's odd,
tuning half: the even-numbered held-out half is never scored here; and the
team's blind sets, each tuning data since its one fresh measurement).
Prints figures; not a test.
These sets are tuning data: figures on them are not evidence of accuracy (see
``benchmarks/scoring_eval.py`` for the held-out half). The timeline line pools the
old sets (not the newer ones, read while tuning).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.checklist import PERSONA_FIELDS
from callqa.qa.scoring.evaluate import evaluate_writer_set
from callqa.qa.scoring.writer_sets import read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
WRITERS = read_writer_sets(ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list persona/fit disagreements")
    args = parser.parse_args()
    scorer = Scorer()
    head = f"{'set':<14} {'lang':<4} {'calls':>5} {'F1':>6} " + " ".join(
        f"{f[:8]:>8}" for f in PERSONA_FIELDS
    )
    print(head + f" {'fit':>6}")
    timeline: list[str] = []
    pooled = [0, 0, 0]  # timeline tp/fp/fn over the old sets
    reports = [
        (writer, folder, report, split)
        for writer in WRITERS.present()
        for folder, (report, split) in zip(
            writer.folders, evaluate_writer_set(writer, scorer=scorer), strict=True
        )
    ]
    for writer, folder, report, split in reports:
        name = writer.name if len(writer.folders) == 1 else f"{writer.name} {folder.name}"
        for lang in ("vi", "en"):
            g = report.groups.get((lang, split))
            if g is None:
                continue
            per = " ".join(f"{g.persona[f].f1:>8.3f}" for f in PERSONA_FIELDS)
            print(
                f"{name:<14} {lang:<4} {g.calls:>5} {g.persona_micro.f1:>6.3f} {per} "
                f"{g.target_fit_accuracy:>6.3f}"
            )
            t = g.persona["timeline"]
            timeline.append(
                f"{name:<14} {lang:<4} {t.tp:>3} {t.fp:>3} {t.fn:>3} "
                f"{t.precision:>6.3f} {t.recall:>6.3f} {t.f1:>6.3f}"
            )
            if writer.old:
                pooled = [pooled[0] + t.tp, pooled[1] + t.fp, pooled[2] + t.fn]
        if args.errors:
            for e in report.errors:
                if e["what"].startswith("persona.") or e["what"] == "target_fit":
                    print(f"  {e['file']:<12} {e['what']:<24} gold={e['gold']} pred={e['pred']}")
    print("\ntimeline       lang  tp  fp  fn      P      R     F1")
    print("\n".join(timeline))
    tp, fp, fn = pooled
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"pooled old sets: tp {tp} fp {fp} fn {fn} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
