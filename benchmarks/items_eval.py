"""One checklist item's precision, recall and F1 per writer set and language.

    .venv/bin/python benchmarks/items_eval.py [--item next_step] [--errors]

Writer sets: qa-dev odd (the tuning half of ``../shared/data/qa-dev``; the
even-numbered held-out half is never scored here), A = ``benchmarks/data/blind/tune``
+ ``holdout``, B = ``holdout2``, C = ``holdout3``, D = ``holdout4``,
E = ``holdout5``, F = ``holdout6`` and G = ``holdout7``. The pooled figure is
over the five OLD sets; E, F and G (each read and tuned on after its one fresh
measurement; G, measured once at the end of stop 19, since stop 20) are printed
beside it. holdout8 (measured once at the end of stop 20) is
not listed yet; holdout9 is never read. These are tuning sets:
a rule written from their errors is not evidenced by them. ``--errors`` lists
each disagreement (false met or false missed) per call.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.evaluate import Counts, evaluate

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "benchmarks" / "data" / "blind"
SETS = {
    "qa-dev odd": [(ROOT.parent / "shared" / "data" / "qa-dev", "halves", ("tune",))],
    "A": [(BLIND / "tune", "all", None), (BLIND / "holdout", "all", None)],
    "B": [(BLIND / "holdout2", "all", None)],
    "C": [(BLIND / "holdout3", "all", None)],
    "D": [(BLIND / "holdout4", "all", None)],
    "E": [(BLIND / "holdout5", "all", None)],
    "F": [(BLIND / "holdout6", "all", None)],
    "G": [(BLIND / "holdout7", "all", None)],
}
OLD = ("qa-dev odd", "A", "B", "C", "D")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--item", default="next_step")
    parser.add_argument("--errors", action="store_true", help="list the item's disagreements")
    args = parser.parse_args()
    scorer = Scorer()
    print(f"{args.item}: P / R / F1 (tp/fp/fn) per writer set and language")
    pooled = {"vi": Counts(), "en": Counts()}
    for name, sources in SETS.items():
        counts = {"vi": Counts(), "en": Counts()}
        for data, protocol, splits in sources:
            if not (data / "labels.jsonl").exists():
                continue
            report = evaluate(
                data / "calls",
                data / "labels.jsonl",
                scorer=scorer,
                protocol=protocol,
                splits=splits,
            )
            split = "tune" if splits else "holdout"
            for lang in counts:
                g = report.groups.get((lang, split))
                c = g.items.get(args.item) if g else None
                if c is None:
                    continue
                targets = [counts[lang]] + ([pooled[lang]] if name in OLD else [])
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
