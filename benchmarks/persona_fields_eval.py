"""Persona fields and target fit per tuning set, per field and language.

    .venv/bin/python benchmarks/persona_fields_eval.py [--errors]

Sets: the tuning half of ``../shared/data/qa-dev`` (odd-numbered calls only;
the even-numbered held-out half is never scored here) and the blind sets
``benchmarks/data/blind/{tune,holdout,holdout2,...,holdout7}``
(holdout3 to holdout7, sets C to G, are tuning data since their one fresh
measurement; holdout7 was measured at the end of stop 19); holdout8
(measured once at the end of stop 20) not listed yet; never holdout9 (fresh).
Prints figures; not a test.
These sets are tuning data: figures on them are not evidence of accuracy (see
``benchmarks/scoring_eval.py`` for the held-out half). The timeline line pools the
old sets, all but E, F and G.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.evaluate import evaluate
from callqa.qa.scoring.persona import PERSONA_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "qa-dev odd": (ROOT.parent / "shared" / "data" / "qa-dev", "halves", ("tune",)),
    "blind tune": (ROOT / "benchmarks" / "data" / "blind" / "tune", "all", None),
    "blind holdout": (ROOT / "benchmarks" / "data" / "blind" / "holdout", "all", None),
    "holdout2": (ROOT / "benchmarks" / "data" / "blind" / "holdout2", "all", None),
    "holdout3": (ROOT / "benchmarks" / "data" / "blind" / "holdout3", "all", None),
    "holdout4": (ROOT / "benchmarks" / "data" / "blind" / "holdout4", "all", None),
    "holdout5 (E)": (ROOT / "benchmarks" / "data" / "blind" / "holdout5", "all", None),
    "holdout6 (F)": (ROOT / "benchmarks" / "data" / "blind" / "holdout6", "all", None),
    "holdout7 (G)": (ROOT / "benchmarks" / "data" / "blind" / "holdout7", "all", None),
}


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
    pooled = [0, 0, 0]  # timeline tp/fp/fn over the old sets: all but E, F and G
    for name, (data, protocol, splits) in SETS.items():
        if not (data / "labels.jsonl").exists():
            continue
        report = evaluate(
            data / "calls", data / "labels.jsonl", scorer=scorer, protocol=protocol, splits=splits
        )
        split = "tune" if splits else "holdout"
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
            if not name.startswith(("holdout5", "holdout6", "holdout7")):
                pooled = [pooled[0] + t.tp, pooled[1] + t.fp, pooled[2] + t.fn]
        if args.errors:
            for e in report.errors:
                if e["what"].startswith("persona.") or e["what"] == "target_fit":
                    print(f"  {e['file']:<12} {e['what']:<24} gold={e['gold']} pred={e['pred']}")
    print("\ntimeline       lang  tp  fp  fn      P      R     F1")
    print("\n".join(timeline))
    tp, fp, fn = pooled
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"pooled old sets (all but E, F and G): tp {tp} fp {fp} fn {fn} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
