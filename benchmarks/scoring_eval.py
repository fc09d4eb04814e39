"""Scorer accuracy on the external labelled calls, held out: the figures that count.

Reads ``../shared/data/qa-dev`` (48 calls written and labelled by someone who
never saw the checklists; ``--data`` for another copy) when it is there.

Protocol: tune on one half, report the other. Calls with an odd number
(``vi_01``, ``en_03`` ...) are the tuning half: the only calls whose errors
were read while the patterns were written. Calls with an even number are the
held-out half, never read while tuning; its figures are the result. The
tuning-half figures are printed too, marked, to show the gap.

    .venv/bin/python benchmarks/scoring_eval.py [--data DIR] [--errors]

``--all`` reports every call in ``--data`` as one held-out split, for a
folder nobody tuned on as a whole, such as the blind sets written by the
team without reading the scorer (``benchmarks/data/blind/tune`` and
``.../holdout``; see ``benchmarks/data/blind/NOTICE``):

    .venv/bin/python benchmarks/scoring_eval.py --all --data benchmarks/data/blind/tune
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.evaluate import EvalReport, evaluate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "qa-dev"
TARGETS = {"item F1": 0.92, "viol R": 0.90, "viol P": 0.90, "persona F1": 0.85, "fit": 0.85}


def table(report: EvalReport, split: str) -> list[str]:
    lines = [
        f"{'slice':<12} {'calls':>5} {'item F1':>8} {'viol P':>7} {'viol R':>7} "
        f"{'viol tp/fp/fn':>13} {'persona F1':>10} {'fit':>6}"
    ]
    for lang in ("vi", "en", "all"):
        g = report.groups.get((lang, split))
        if g is None:
            continue
        v = g.violations
        lines.append(
            f"{lang + '/' + split:<12} {g.calls:>5} {g.item_micro.f1:>8.3f} "
            f"{v.precision:>7.3f} {v.recall:>7.3f} {f'{v.tp}/{v.fp}/{v.fn}':>13} "
            f"{g.persona_micro.f1:>10.3f} {g.target_fit_accuracy:>6.3f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list held-out disagreements")
    parser.add_argument(
        "--all", action="store_true", help="report every call in --data as one held-out split"
    )
    args = parser.parse_args()
    labels = args.data / "labels.jsonl"
    if not labels.exists():
        print(f"{labels}: not found; nothing to measure", file=sys.stderr)
        return 1
    protocol = "all" if args.all else "halves"
    report = evaluate(args.data / "calls", labels, scorer=Scorer(), protocol=protocol)
    if args.all:
        print(f"held out (every call in {args.data}, one split):")
        print("\n".join(table(report, "holdout")))
    else:
        print("held out (even-numbered calls, never read while tuning):")
        print("\n".join(table(report, "holdout")))
        print("\ntuning half (odd-numbered calls; optimistic, not evidence):")
        print("\n".join(table(report, "tune")))
    print("\ntargets per language: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))
    print("\nper item F1, held out:")
    for lang in ("vi", "en"):
        per_item = report.group(lang, "holdout").items
        print(f"  {lang}: " + ", ".join(f"{k} {c.f1:.2f}" for k, c in sorted(per_item.items())))
    if args.errors:
        for e in report.errors:
            if e["split"] == "holdout":
                print(f"  {e['file']}: {e['what']} gold {e['gold']}, scored {e['pred']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
