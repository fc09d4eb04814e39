"""One checklist item's precision, recall and F1 per tuning set and language.

    .venv/bin/python benchmarks/item_sets_eval.py [--item product_presentation] [--errors]

Sets: the tuning half of ``../shared/data/qa-dev`` (odd-numbered calls only; the
even-numbered held-out half is never scored here), A = ``benchmarks/data/blind/tune``
+ ``holdout``, B = ``holdout2``, C = ``holdout3``, D = ``holdout4`` (C and D are
tuning data since their one fresh measurement). Never holdout7 (fresh);
holdout5 and holdout6 are not used here yet. These are
tuning sets: a rule written from their errors is not evidenced by them.
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
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--item", default="product_presentation")
    parser.add_argument("--errors", action="store_true", help="list the item's disagreements")
    args = parser.parse_args()
    scorer = Scorer()
    print(f"{args.item}: P / R / F1 (tp/fp/fn) per set and language")
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
                for target in (counts[lang], pooled[lang]):
                    target.tp += c.tp
                    target.fp += c.fp
                    target.fn += c.fn
                    target.tn += c.tn
            if args.errors:
                for e in report.errors:
                    if e["what"] == args.item:
                        print(f"  {name:<10} {e['file']:<12} gold={e['gold']} pred={e['pred']}")
        for lang, c in counts.items():
            print(
                f"{name:<10} {lang}  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
                f"({c.tp}/{c.fp}/{c.fn})"
            )
    for lang, c in pooled.items():
        print(f"{'pooled':<10} {lang}  F1 {c.f1:.3f}  ({c.tp}/{c.fp}/{c.fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
