"""Train the prohibited-language classifiers (one per language), deterministically.

Data:
* ``tests/data/scoring_corpus/compliance_<lang>.yaml`` and
  ``compliance_<lang>_*.yaml``: the team's corpora (one file per writer) of
  agent utterances by category, with hard negatives;
* ``tests/data/scoring/compliance.jsonl``: the team's older trap sentences;
* with ``--dev DIR`` (default ``../shared/data/qa-dev`` when present): the
  agent turns of the ODD-numbered (tuning-half) calls labelled clean, as clean
  examples. Even-numbered calls are never read.

The threshold is chosen by 5-fold cross-validation on the same data: the
lowest probability at which the held-out folds keep precision >= 0.95 and
flag at most 2% of clean units (most of them near-misses written to be
hard); then raised, if needed, above the highest unit probability in any
clean tuning-half call scored by a model trained without that call (4 folds
of calls), so no clean tuning call is flagged.
Figures printed here are on the team's own data: they are not evidence of
accuracy (see ``benchmarks/scoring_eval.py``).

    .venv/bin/python scripts/train_compliance.py [--dev DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import spacy
import yaml
from callqa.qa.scoring.compliance import (
    CATEGORIES,
    CLEAN,
    MODEL_DIR,
    WINDOW_WORDS,
    ComplianceModel,
    concepts,
    model_input,
    units,
)
from spacy.training import Example

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
OLD_TRAPS = ROOT / "tests" / "data" / "scoring" / "compliance.jsonl"
DEFAULT_DEV = ROOT.parent / "shared" / "data" / "qa-dev"
LABELS = (*CATEGORIES, CLEAN)
EPOCHS = 20
SEED = 0
MIN_PRECISION = 0.95
MAX_CLEAN_FLAGGED = 0.02  # the clean corpus is mostly near-misses
MAX_THRESHOLD = 0.9
# Floor: agent units of clean speech in the blind tuning set (benchmarks/data/
# blind/tune on branch i14b, written by someone who never saw the scorer)
# reached 0.81-0.84 with the 2026.3 models; measured there, not derived here.
MIN_THRESHOLD = 0.85

# Word n-grams: Vietnamese words are written as space-separated syllables
# ("chắc chắn", "nợ xấu"), so syllable pairs carry the words; English words
# are whole already. Chosen by the cross-validation below (recall at 2% clean
# units flagged: vi 0.79 -> 0.84 with pairs, en 0.89 -> 0.83).
NGRAMS = {"vi": 2, "en": 1}
CONTEXT_WORDS = 8  # clean words put on each side of a prohibited utterance

CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 1,
        "no_output_layer": False,
        "length": 2**15,
    }
}

Row = tuple[str, str]  # (text, label)


def _old_category(kind: str) -> str | None:
    kind = kind.lower()
    if kind.startswith("insult"):
        return "insult"
    if "approval" in kind:
        return "approval"
    if kind.startswith(("otp", "card", "password")):
        return "credentials"
    if kind.startswith("deadline"):
        return "deadline"
    if kind.startswith(("guarantee", "returns", "results")):
        return "guarantee"
    return None


def corpus_files(language: str) -> list[Path]:
    """``compliance_<language>.yaml`` and every ``compliance_<language>_*.yaml``
    (one file per writer), in name order so training is deterministic."""
    return sorted(CORPUS.glob(f"compliance_{language}.yaml")) + sorted(
        CORPUS.glob(f"compliance_{language}_*.yaml")
    )


def load_rows(language: str, dev: Path | None) -> list[Row]:
    rows: list[Row] = []
    for path in corpus_files(language):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label, texts in data["examples"].items():
            if label not in LABELS:
                raise SystemExit(f"{path}: unknown category {label!r}")
            rows += [(str(t), label) for t in texts]
    for line in OLD_TRAPS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["lang"] != language or row.get("speaker", "agent") != "agent":
            continue
        label = CLEAN if row["expect"] == "clean" else _old_category(row["kind"])
        if label is not None:
            rows.append((row["text"], label))
    # A clean utterance is clean in every unit the scorer will cut it into.
    rows += [(u, CLEAN) for t, y in list(rows) if y == CLEAN for u in units(t, language) if u != t]
    if dev is not None:
        rows += dev_clean_rows(dev, language)
    return rows


def dev_calls(dev: Path, language: str) -> dict[str, list[str]]:
    """Agent units per tuning-half (odd-numbered) call labelled clean."""
    calls: dict[str, list[str]] = {}
    for line in (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        call_id = label["id"]
        if label["language"] != language or int(call_id.split("_")[1]) % 2 == 0:
            continue
        if label["items"].get("prohibited_language") != "clean":
            continue
        call = json.loads((dev / "calls" / f"{call_id}.json").read_text(encoding="utf-8"))
        calls[call_id] = [
            u
            for seg in call["segments"]
            if seg["speaker"] == "agent"
            for u in units(seg["text"], language)
        ]
    return calls


def dev_clean_rows(dev: Path, language: str) -> list[Row]:
    return [(u, CLEAN) for us in dev_calls(dev, language).values() for u in us]


def call_threshold(corpus: list[Row], calls: dict[str, list[str]], language: str) -> float:
    """The highest unit probability in any clean tuning-half call, each call scored
    by a model trained without it (4 folds of calls): a threshold above it flags
    none of those calls."""
    ids = sorted(calls)
    worst = 0.0
    for k in range(4):
        held = ids[k::4]
        rest = [(u, CLEAN) for c in ids if c not in held for u in calls[c]]
        nlp = train(corpus + rest, language)
        for c in held:
            top = max(violation_p(nlp, calls[c], language), default=0.0)
            worst = max(worst, top)
    return worst


def in_context(rows: list[Row], language: str) -> list[Row]:
    """Each prohibited utterance again, inside the ends of two clean ones, as a
    recogniser's unpunctuated run puts it ("... em chào chị <guarantee> dạ chị
    muốn đặt lịch ..."): the surrounding small talk must not talk the model out
    of it. Deterministic (seeded); the clean pieces come from ``rows`` only, so
    a cross-validation fold never sees its held-out part."""
    # small talk only: a clean utterance with a hedge, a warning or a denial
    # ("I can't promise ...") must not become part of a prohibited example
    cleans = [t.split() for t, y in rows if y == CLEAN and not concepts(t, language)]
    if not cleans:
        return []
    rng = random.Random(SEED)
    out = []
    for text, label in rows:
        if label == CLEAN:
            continue
        before, after = rng.choice(cleans), rng.choice(cleans)
        words = text.split()
        room = min(CONTEXT_WORDS, (WINDOW_WORDS - len(words)) // 2)
        if room < 2:
            continue
        out.append((" ".join(before[-room:] + words + after[:room]), label))
    return out


def train(rows: list[Row], language: str) -> spacy.language.Language:
    spacy.util.fix_random_seed(SEED)
    rows = rows + in_context(rows, language)
    nlp = spacy.blank("xx")
    config = {"model": {**CONFIG["model"], "ngram_size": NGRAMS[language]}}
    textcat = nlp.add_pipe("textcat", config=config)
    for label in LABELS:
        textcat.add_label(label)
    # Trained on every unit, asked only about those worth_asking lets through.
    examples = [
        Example.from_dict(
            nlp.make_doc(model_input(t, language)), {"cats": {c: float(c == y) for c in LABELS}}
        )
        for t, y in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        order = examples[:]
        rng.shuffle(order)
        for i in range(0, len(order), 16):
            nlp.update(order[i : i + 16], sgd=optimizer, drop=0.1)
    nlp.meta["name"] = f"callqa_compliance_{language}"
    nlp.meta["version"] = "2026.4.0"
    return nlp


def violation_p(nlp: spacy.language.Language, texts: list[str], language: str) -> list[float]:
    return [p for _, p in ComplianceModel(nlp, 1.0, language).classify(texts)]


def choose_threshold(rows: list[Row], language: str) -> float:
    folds = 5
    rng = random.Random(SEED)
    order = rows[:]
    rng.shuffle(order)
    scored: list[tuple[float, bool]] = []
    for k in range(folds):
        held = order[k::folds]
        rest = [r for i, r in enumerate(order) if i % folds != k]
        nlp = train(rest, language)
        scored += zip(
            violation_p(nlp, [t for t, _ in held], language),
            [y != CLEAN for _, y in held],
            strict=True,
        )
    positives = sum(bad for _, bad in scored)
    cleans = len(scored) - positives
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):  # the curve the choice is made on
        tp = sum(p >= t and bad for p, bad in scored)
        fp = sum(p >= t and not bad for p, bad in scored)
        print(f"{language}:   at {t:.2f}: recall {tp / positives:.3f}, clean flagged {fp}/{cleans}")
    chosen = 0.9
    for t in [x / 100 for x in range(5, 96)]:
        tp = sum(p >= t and bad for p, bad in scored)
        fp = sum(p >= t and not bad for p, bad in scored)
        precision = tp / (tp + fp) if tp + fp else 1.0
        if precision >= MIN_PRECISION and fp <= MAX_CLEAN_FLAGGED * cleans:
            chosen = t
            print(
                f"{language}: threshold {t:.2f}: cross-validated on the team's data "
                f"(not evidence): recall {tp / positives:.3f}, precision {precision:.3f}, "
                f"clean units flagged {fp}/{cleans}"
            )
            break
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV if DEFAULT_DEV.exists() else None)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    for language in ("vi", "en"):
        rows = load_rows(language, args.dev)
        counts = {y: sum(1 for _, label in rows if label == y) for y in LABELS}
        print(f"{language}: {len(rows)} examples {counts}")
        threshold = choose_threshold(rows, language)
        if args.dev is not None:
            corpus = load_rows(language, None)
            worst = call_threshold(corpus, dev_calls(args.dev, language), language)
            print(f"{language}: highest unit probability in a clean tuning-half call {worst:.3f}")
            threshold = min(MAX_THRESHOLD, max(threshold, round(worst + 0.01, 2)))
        threshold = min(MAX_THRESHOLD, max(threshold, MIN_THRESHOLD))
        print(f"{language}: threshold {threshold:.2f}")
        nlp = train(rows, language)
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(out)
        meta = {"threshold": threshold, "examples": counts, "dev": bool(args.dev)}
        (out / "callqa.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(f"{language}: model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
