"""One checklist item's precision, recall and F1 per writer set and language.

    .venv/bin/python benchmarks/items_eval.py [--item next_step] [--errors]

Writer sets: those of ``benchmarks/data/blind/sets.yaml`` (qa-dev's odd,
tuning half, and the team's blind sets once each was measured fresh). The pooled
figure is over the old sets; the newer ones (each read and tuned on after its one
fresh measurement) are printed beside it. These are tuning sets:
a rule written from their errors is not evidenced by them. ``--errors`` lists
each disagreement (false met or false missed) per call.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.evaluate import Counts, evaluate_writer_set
from callqa.qa.scoring.writer_sets import read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
WRITERS = read_writer_sets(ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--item", default="next_step")
    parser.add_argument("--errors", action="store_true", help="list the item's disagreements")
    args = parser.parse_args()
    scorer = Scorer()
    print(f"{args.item}: P / R / F1 (tp/fp/fn) per writer set and language")
    pooled = {"vi": Counts(), "en": Counts()}
    for writer in WRITERS.present():
        name = writer.name
        counts = {"vi": Counts(), "en": Counts()}
        for report, split in evaluate_writer_set(writer, scorer=scorer):
            for lang in counts:
                g = report.groups.get((lang, split))
                c = g.items.get(args.item) if g else None
                if c is None:
                    continue
                targets = [counts[lang]] + ([pooled[lang]] if writer.old else [])
                for target in targets:
                    target.tp += c.tp
                    target.fp += c.fp
                    target.fn += c.fn
                    target.tn += c.tn
            if args.errors:
                for e in report.errors:
                    if e["what"] == args.item:
                        kind = "false met" if e["pred"] == "met" else "false missed"
                        print(f"  {name:<10} {e['file']:<12} {kind:<12} gold={e['gold']}")
        for lang, c in counts.items():
            print(
                f"{name:<10} {lang}  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
                f"({c.tp}/{c.fp}/{c.fn})"
            )
    for lang, c in pooled.items():
        print(f"{'old pooled':<10} {lang}  F1 {c.f1:.3f}  ({c.tp}/{c.fp}/{c.fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
