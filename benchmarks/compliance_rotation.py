"""Prohibited language, leave-one-writer-set-out, and the threshold curve.

The writer sets of ``benchmarks/data/blind/sets.yaml``: qa-dev's odd-numbered
calls (the even half is never opened) and the team's blind sets A, B, ... (each
tuning data from the stop after its one fresh measurement); the newer sets were
read while tuning, so the old sets pooled are the main figure. For each
set, the compliance models
are trained without it (``scripts/train_compliance.py --without ...``, into
``--models DIR/<set>``; reused when there) and every call of the set is
scored: the checklist's rule hits, and the highest unit (or claim-and-admission
pair) probability of the detector. A call is violated at threshold t when a
rule hit it or its highest probability is >= t, so one scoring gives the
whole curve. Printed per language: each held-out set's calls tp/fp/fn at the
fold model's own threshold and at the chosen one, the clean agent units at or
over it, the pooled curve (threshold vs tp/fp/fn, and the violated calls the
detector catches by itself), the misses by category, and the threshold with
the highest pooled recall at precision >= 0.9 (ties: fewest false alarms, then
most caught by the detector itself; the middle of that plateau) with, as the
honest figure, each set scored at the threshold chosen from the other sets'
curves, and the old sets pooled (without the newer ones). ``--input plain`` /
``--input scoped`` trains both languages' fold models on plain words or with
scope marks (the comparison; default: each language's shipped choice,
``SCOPED_INPUT`` of the trainer). ``--at`` prints each set's tp/fp/fn at each
of the given candidate thresholds, for choosing between them per set.

    .venv/bin/python benchmarks/compliance_rotation.py [--models DIR] [--retrain] [--fast]
        [--input plain|scoped] [--at 0.78,0.82,0.86]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from callqa.qa.scoring import Scorer, compliance, default_checklist
from callqa.qa.scoring.compliance import agent_turns, compliance_model, said_aside
from callqa.qa.scoring.report import load_transcript
from callqa.qa.scoring.writer_sets import QA_DEV, read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
CALL_UNITS = ROOT / "tests" / "data" / "scoring_corpus" / "compliance_calls.yaml"
WRITERS = read_writer_sets(ROOT)
FOLDS = {w.name: tuple(f.name for f in w.folders) for w in WRITERS.tuning}
FOLDERS = {f.name: f for w in WRITERS.tuning for f in w.folders}
NEW = tuple(w.name for w in WRITERS.tuning if not w.old)  # reported beside the old sets
GRID = [t / 100 for t in range(50, 100)]
MIN_PRECISION = 0.9


@dataclass
class Call:
    fold: str
    call_id: str  # <set>/<id>
    bad: bool
    by_rules: bool
    top: float  # highest unit or pair probability
    kinds: tuple[str, ...] = ()


@dataclass
class Fold:
    own: dict[str, float] = field(default_factory=dict)  # language -> the fold model's threshold
    calls: list[Call] = field(default_factory=list)
    units: dict[str, list[float]] = field(default_factory=dict)  # clean calls' unit scores


def train(fold: str, out: Path, retrain: bool, fast: bool, inputs: str = "") -> None:
    if not retrain and all((out / lang / "callqa.json").exists() for lang in ("vi", "en")):
        return
    args = [sys.executable, str(ROOT / "scripts" / "train_compliance.py"), "--out", str(out)]
    if fast:
        args.append("--rotation-threshold")
    if inputs:
        args.append(f"--{inputs}-input")
    for name in FOLDS[fold]:
        args += ["--without", name]
    started = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    print(f"trained without {fold} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def score_fold(fold: str, models: Path, kinds: dict[str, tuple[str, ...]]) -> Fold:
    compliance.MODEL_DIR = models
    compliance_model.cache_clear()
    scorer = Scorer()
    checklists = {lang: default_checklist(lang) for lang in ("vi", "en")}
    out = Fold()
    for lang in ("vi", "en"):
        model = compliance_model(lang)
        assert model is not None, models
        out.own[lang] = model.threshold
        out.units[lang] = []
    for where, row in WRITERS.named(fold).rows():
        name, call_id, lang = where.name, row["id"], row["language"]
        gold = row["items"].get("prohibited_language")
        if gold not in ("met", "violated"):  # rows say "met" for clean
            continue
        transcript = load_transcript(where / "calls" / f"{call_id}.json")
        model = compliance_model(lang)
        own = model.threshold
        model.threshold = 1.01  # the rules alone
        try:
            result = scorer.score(transcript, checklists[lang])
        finally:
            model.threshold = own
        item = next(r for r in result.items if r.item_id == "prohibited_language")
        accepted = [s.speaker == "agent" for s in transcript.segments]
        agent = [s for s, ok in zip(transcript.segments, accepted, strict=True) if ok]
        asides = said_aside(transcript.segments, accepted, lang)
        scores = [p for *_, p in model.unit_scores(agent, floor=0.0, asides=asides)]
        pairs = [p for *_, p in model.pair_scores(agent, agent_turns(accepted))]
        top = max([0.0, *scores, *pairs])
        out.calls.append(
            Call(
                fold,
                f"{name}/{call_id}",
                gold == "violated",
                item.verdict == "violated",
                top,
                kinds.get(f"{name}/{call_id}", ()),
            )
        )
        if gold == "met":
            out.units[lang] += scores
    return out


def counts(calls: list[Call], t: float) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for c in calls:
        pred = c.by_rules or c.top >= t
        tp += pred and c.bad
        fp += pred and not c.bad
        fn += c.bad and not pred
    return tp, fp, fn


def slash(numbers: tuple[int, ...]) -> str:
    return "/".join(str(n) for n in numbers)


def alone(calls: list[Call], t: float) -> int:
    """Violated calls the detector catches at ``t`` by itself (rules aside)."""
    return sum(c.bad and c.top >= t for c in calls)


def choose(calls: list[Call]) -> float:
    """The middle of the plateau of thresholds with the highest recall at
    precision >= MIN_PRECISION, and among those the fewest false alarms and the
    most violations the detector catches by itself (the rules' catches hide
    what the threshold does): as far as the data allow from both edges."""
    best: tuple[int, int, int] | None = None
    plateau: list[float] = []
    for t in GRID:
        tp, fp, _ = counts(calls, t)
        if tp + fp and tp / (tp + fp) < MIN_PRECISION:
            continue
        key = (tp, -fp, alone(calls, t))
        if best is None or key > best:
            best, plateau = key, [t]
        elif key == best:
            plateau.append(t)
    return plateau[(len(plateau) - 1) // 2] if plateau else GRID[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=Path("/tmp/callqa_compliance_rotation"))
    parser.add_argument("--retrain", action="store_true", help="train the fold models again")
    parser.add_argument(
        "--fast",
        action="store_true",
        help="fold models keep the shipped threshold instead of choosing their own "
        "(the curve is the same; the 'own t' column is then the shipped one)",
    )
    parser.add_argument(
        "--at",
        default="",
        help="comma-separated candidate thresholds: each held-out set's tp/fp/fn at each",
    )
    parser.add_argument(
        "--input",
        choices=("plain", "scoped"),
        default="",
        help="both languages' fold models on plain words or with scope marks "
        "(default: each language's shipped choice)",
    )
    args = parser.parse_args()
    if not (FOLDERS[QA_DEV] / "labels.jsonl").exists():
        print(f"{FOLDERS[QA_DEV]}: not found; the rotation needs its odd half", file=sys.stderr)
        return 1
    data = yaml.safe_load(CALL_UNITS.read_text(encoding="utf-8"))
    kinds: dict[str, tuple[str, ...]] = {}
    for unit in data["units"]:
        if unit["category"] == "clean":
            continue  # a near-miss clause of a violated call
        kinds[unit["source"]] = tuple(sorted({*kinds.get(unit["source"], ()), unit["category"]}))
    folds = {}
    for fold in FOLDS:
        train(fold, args.models / fold, args.retrain, args.fast, args.input)
        folds[fold] = score_fold(fold, args.models / fold, kinds)
    for lang in ("vi", "en"):
        calls = {
            f: [c for c in r.calls if c.call_id.split("/")[1].startswith(lang)]
            for f, r in folds.items()
        }
        pooled = [c for cs in calls.values() for c in cs]
        chosen = choose(pooled)
        print(f"\n{lang}: chosen threshold {chosen:.2f} (pooled held-out curve)")
        print(
            f"{'set':<7}{'own t':>6} {'own tp/fp/fn':>13} {'at chosen':>10} "
            f"{'nested t':>9} {'nested':>9} clean units >= chosen"
        )
        for fold, cs in calls.items():
            others = [c for f, o in calls.items() if f != fold for c in o]
            nested = choose(others)
            own = folds[fold].own[lang]
            units = folds[fold].units[lang]
            over = sum(p >= chosen for p in units)
            print(
                f"{fold:<7}{own:>6.2f} {slash(counts(cs, own)):>13} "
                f"{slash(counts(cs, chosen)):>10} {nested:>9.2f} "
                f"{slash(counts(cs, nested)):>9} {over}/{len(units)}"
            )
        old = [c for f, cs in calls.items() if f not in NEW for c in cs]
        old_units = [p for f, r in folds.items() if f not in NEW for p in r.units[lang]]
        beside = "; ".join(
            f"{f}: {slash(counts(calls[f], chosen))}, "
            f"{sum(p >= chosen for p in folds[f].units[lang])}/{len(folds[f].units[lang])}"
            for f in NEW
            if f in folds
        )
        print(
            f"old sets pooled at {chosen:.2f}: {slash(counts(old, chosen))}, clean units "
            f"flagged {sum(p >= chosen for p in old_units)}/{len(old_units)}; {beside}"
        )
        if args.at:
            candidates = [float(t) for t in args.at.split(",")]
            print("per set at each candidate threshold (tp/fp/fn):")
            print(f"{'set':<7}" + "".join(f"{t:>10.2f}" for t in candidates))
            for fold, cs in [*calls.items(), ("pooled", pooled)]:
                row = "".join(f"{slash(counts(cs, t)):>10}" for t in candidates)
                print(f"{fold:<7}{row}")
        all_units = [p for r in folds.values() for p in r.units[lang]]
        print("curve (pooled calls tp/fp/fn; clean agent units at or over):")
        for t in GRID[::2]:
            tp, fp, fn = counts(pooled, t)
            over = sum(p >= t for p in all_units)
            caught = alone(pooled, t)
            print(
                f"  {t:.2f}: {tp}/{fp}/{fn}  detector alone {caught}/{tp + fn}  "
                f"units {over}/{len(all_units)}"
            )
        print(f"misses and false alarms at {chosen:.2f} (and caught by the rules alone):")
        for c in pooled:
            pred = c.by_rules or c.top >= chosen
            if pred != c.bad or (c.bad and c.top < chosen):
                what = "false alarm" if not c.bad else "missed" if not pred else "rules only"
                kind = ",".join(c.kinds) or "-"
                print(f"  {c.call_id}: {what} ({kind}; rules {c.by_rules}, top {c.top:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
