"""Target fit on the labelled tuning sets: accuracy, false "wrong" and missed reasons.

A false "wrong" (a right or unknown call called wrong target) is the costly
error: a good lead blamed on marketing. Prints one row per set and language,
and with ``--errors`` every disagreement with the scorer's reason and evidence.

    .venv/bin/python benchmarks/target_fit_eval.py [--errors] [--sets NAME ...]

Sets: the folders of the writer sets in ``benchmarks/data/blind/sets.yaml``
(``qa-dev``: its odd-numbered calls, from ``../shared/data`` when it is there;
``tune``, ``holdout``, ``holdout2``, ...: each tuning data since its one fresh
measurement). The fresh sets are never listed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from callqa.qa.scoring import Scorer
from callqa.qa.scoring.checklist import default_checklist
from callqa.qa.scoring.report import load_transcript
from callqa.qa.scoring.writer_sets import read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
WRITERS = read_writer_sets(ROOT)
SETS = {f.name: (f, w) for w in WRITERS.tuning for f in w.folders}  # folder -> its set


def rows_of(name: str) -> list[dict]:
    folder, writer = SETS[name]
    return [row for where, row in writer.rows() if where == folder]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    args = parser.parse_args()
    if any(s not in SETS for s in args.sets):
        print(f"unknown set; use {list(SETS)}", file=sys.stderr)
        return 1
    scorer = Scorer()
    checklists = {lang: default_checklist(lang) for lang in ("vi", "en")}
    print(f"{'set':<11} {'lang':<4} {'calls':>5} {'fit':>6} {'wrong tp/fp/fn':>14}")
    seconds = 0.0
    for name in args.sets:
        counts: dict[str, Counter] = {"vi": Counter(), "en": Counter()}
        errors = []
        for row in rows_of(name):
            file = row.get("file") or f"{row['id']}.json"
            transcript = load_transcript(SETS[name][0] / "calls" / file)
            lang = transcript.language
            t0 = time.process_time()
            result = scorer.score(transcript, checklists[lang])
            seconds += time.process_time() - t0
            gold, pred = row["target_fit"], result.target_fit
            c = counts[lang]
            c["calls"] += 1
            c["ok"] += gold == pred
            c["tp"] += gold == "wrong" and pred == "wrong"
            c["fp"] += gold != "wrong" and pred == "wrong"
            c["fn"] += gold == "wrong" and pred != "wrong"
            if gold != pred:
                ev = result.target_fit_evidence[0] if result.target_fit_evidence else None
                errors.append(
                    (
                        f"{name}/{row['id']}",
                        gold,
                        pred,
                        result.target_fit_reason,
                        f"{ev.start:.1f}s {ev.text!r}" if ev else "",
                        row.get("notes", "")[:300],
                    )
                )
        for lang in ("vi", "en"):
            c = counts[lang]
            if c["calls"]:
                wrong = f"{c['tp']}/{c['fp']}/{c['fn']}"
                print(
                    f"{name:<11} {lang:<4} {c['calls']:>5} {c['ok'] / c['calls']:>6.3f} {wrong:>14}"
                )
        if args.errors:
            for e in errors:
                print("  " + " | ".join(e))
    print(f"scoring CPU seconds: {seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
