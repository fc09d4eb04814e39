"""Prohibited language, call by call and unit by unit, on labelled calls.

For each call: the scorer's ``prohibited_language`` verdict against the label,
and the compliance detector's probability for every agent unit of the calls
labelled clean (the false-alarm margin: the highest ones are listed). Reads
``../shared/data/qa-dev`` by default, ONLY its odd-numbered calls (the tuning
half; the even-numbered half is never opened here); ``--all`` reads every call
of another set, e.g. a blind tuning set written by someone who never saw the
scorer. Figures on a set you tuned on are not evidence.

    .venv/bin/python benchmarks/compliance_units.py [--data DIR] [--all] [--top N]

``--model DIR`` scores with the models in DIR (``DIR/<language>``) instead of
the packaged ones: writer-held-out figures of a model trained with
``scripts/train_compliance.py --without SET --out DIR``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from callqa.qa.scoring import Scorer, compliance, default_checklist
from callqa.qa.scoring.compliance import compliance_model
from callqa.qa.scoring.report import load_transcript

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "qa-dev"


def wanted(call_id: str, every: bool) -> bool:
    if every:
        return True
    digits = "".join(c for c in call_id.rsplit("_", 1)[-1] if c.isdigit())
    return bool(digits) and int(digits) % 2 == 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--all", action="store_true", help="every call, not only odd ids")
    parser.add_argument("--top", type=int, default=5, help="highest clean units to list")
    parser.add_argument("--show", action="store_true", help="quote the evidence of every flag")
    parser.add_argument("--model", type=Path, help="models to use instead of the packaged ones")
    args = parser.parse_args()
    if args.model is not None:
        compliance.MODEL_DIR = args.model  # read by compliance_model() on first use
    labels_path = args.data / "labels.jsonl"
    if not labels_path.exists():
        print(f"{labels_path}: not found; nothing to measure", file=sys.stderr)
        return 1
    scorer = Scorer()
    checklists = {lang: default_checklist(lang) for lang in ("vi", "en")}
    rows = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines()]
    for lang in ("vi", "en"):
        model = compliance_model(lang)
        tp = fp = fn = tn = 0
        clean_units: list[tuple[float, str, str, str]] = []
        misses: list[str] = []
        for row in rows:
            if row.get("language") != lang or not wanted(row["id"], args.all):
                continue
            gold = row["items"].get("prohibited_language")
            if gold not in ("clean", "violated"):
                continue
            transcript = load_transcript(args.data / "calls" / f"{row['id']}.json")
            result = scorer.score(transcript, checklists[lang])
            item = next(r for r in result.items if r.item_id == "prohibited_language")
            pred, bad = item.verdict == "violated", gold == "violated"
            tp += pred and bad
            fp += pred and not bad
            fn += bad and not pred
            tn += not bad and not pred
            if pred != bad or (pred and args.show):
                quote = " | ".join(f"{e.start:.1f}s {e.text}" for e in item.evidence) or "-"
                misses.append(
                    f"  {row['id']}: label {gold}, scored {item.verdict} ({item.reason}): {quote}"
                )
            if bad or model is None:
                continue
            agent = [s for s in transcript.segments if s.speaker == "agent"]
            for _, unit, category, p in model.unit_scores(agent, floor=0.5):
                clean_units.append((p, category, row["id"], unit))
        over = sum(1 for p, *_ in clean_units if model and p >= model.threshold)
        print(
            f"{lang}: calls tp/fp/fn/tn {tp}/{fp}/{fn}/{tn}; clean agent units "
            f"{len(clean_units)}, at or over the threshold "
            f"{model.threshold if model else '-'}: {over}"
        )
        print("\n".join(misses))
        for p, category, call_id, unit in sorted(clean_units, reverse=True)[: args.top]:
            print(f"  {p:.3f} {category:<11} {call_id}: {unit[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
