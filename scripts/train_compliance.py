"""Train the prohibited-language classifiers (one per language), deterministically.

Data:
* ``tests/data/scoring_corpus/compliance_<lang>.yaml`` and
  ``compliance_<lang>_*.yaml``: the team's corpora (one file per writer) of
  agent utterances by category, with hard negatives;
* ``tests/data/scoring/compliance.jsonl``: the team's older trap sentences;
* the labelled tuning calls, one set per writer: ``qa-dev`` (``--dev DIR``,
  default ``../shared/data/qa-dev`` when present; its ODD-numbered calls only,
  even-numbered calls are never read) and the blind sets of the writer-set
  listing ``benchmarks/data/blind/sets.yaml`` (``tune``, ``holdout``,
  ``holdout2``, ...: each added after its one fresh measurement). The
  agent units of every call labelled clean are clean examples; of a call
  labelled violated, only its violating clauses (and, as ``clean``, the
  near-miss clauses beside them), read by hand and recorded with their source
  in ``tests/data/scoring_corpus/compliance_calls.yaml``.
  ``--without SET`` leaves a set out entirely, for writer-held-out figures
  (train without it, report on it with ``benchmarks/compliance_units.py
  --model DIR``).

* ``tests/data/scoring_corpus/compliance_admitted.yaml``: [claim, later turn]
  pairs, read joined as the scorer joins a deadline claim with a later
  admission (each claim also with three other admissions and three other clean
  later turns), and the tuning calls' pairs (``admitted`` in
  ``compliance_calls.yaml``).

The shipped models (no ``--without``) store ``ROTATION_THRESHOLD``, chosen on
the writer-set rotation of ``benchmarks/compliance_rotation.py``. With
``--without`` (unless ``--rotation-threshold``), the threshold is chosen by
5-fold cross-validation on the same data: the
lowest probability at which the held-out folds keep precision >= 0.95 and
flag at most 2% of clean units (most of them near-misses written to be
hard); then raised, if needed, above the highest unit probability in any
clean tuning call scored by a model trained without that call (4 folds
of calls), so no clean tuning call is flagged; kept within [0.85, 0.9].
Figures printed here are on the team's own data: they are not evidence of
accuracy (see ``benchmarks/scoring_eval.py``). Retraining gives byte-identical
models.

    .venv/bin/python scripts/train_compliance.py [--dev DIR] [--without SET] [--out DIR]
        [--rotation-threshold]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import spacy
import yaml
from callqa.qa.records import Segment
from callqa.qa.scoring.compliance import (
    CATEGORIES,
    CLEAN,
    MODEL_DIR,
    WINDOW_WORDS,
    ComplianceModel,
    concepts,
    model_input,
    reading,
    units,
)
from callqa.qa.scoring.training import one_hot, save_meta, train_textcat
from callqa.qa.scoring.writer_sets import QA_DEV, in_tuning_half, read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
OLD_TRAPS = ROOT / "tests" / "data" / "scoring" / "compliance.jsonl"
DEFAULT_DEV = ROOT.parent / "shared" / "data" / QA_DEV
BLIND = ROOT / "benchmarks" / "data" / "blind"
# the folders of the writer sets (benchmarks/data/blind/sets.yaml), by folder name
BLIND_SETS = tuple(
    f.name for w in read_writer_sets(ROOT).tuning for f in w.folders if f.name != QA_DEV
)
CALL_UNITS = CORPUS / "compliance_calls.yaml"
ADMITTED = CORPUS / "compliance_admitted.yaml"  # [claim, later turn] pairs, read joined
CROSS_PAIRS = 3  # each claim also read with this many other admissions and clean later turns
SETS = (QA_DEV, *BLIND_SETS)
# Every set trains both languages' models since 2026.9. holdout6 (F) did not
# before: Vietnamese trained with it lost on the seven-set rotation, its clean
# call vi_12 teaching that a waived income check is clean where a later contrast
# clause restored the check; the scorer now reads such a unit without the
# restored waiver (``compliance.reading``), and so do the clean calls here.
LABELS = (*CATEGORIES, CLEAN)
EPOCHS = 12
BATCH = 32
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
# The shipped models' thresholds (trained on every set): chosen on the pooled
# leave-one-writer-set-out curve of benchmarks/compliance_rotation.py (each of
# qa-dev odd, tune+holdout, holdout2, holdout3, holdout4 scored by a model
# trained without it): the threshold with the highest held-out recall at
# precision >= 0.9, then the fewest false alarms; from 2026.8 the low end of
# that plateau (a missed violation costs more than a false alarm a QA lead
# dismisses, and fresh wording scores lower than the corpus it was trained on)
# (2026.8, six sets with holdout5 = E: vi 0.81 with scope marks, 33/0/0 from
# 0.81 to under 0.84, en 0.86 plain, 33/0/0 at 0.85-0.92 (0.86 the coarse
# grid's low end; the middle, 0.88, missed five trained violations); 2026.7, five
# sets: vi 0.84 / en 0.80; 2026.6, four sets: 0.87 / 0.83). A model trained
# (2026.8 second round, seven sets with holdout6 = F: unchanged, F not trained
# then.) (2026.9, seven sets, F trained: vi 39/0/0 from 0.70 to 0.92 (0.68:
# one false alarm), en 39/0/0 at 0.84-0.88 with every violation caught by the
# detector itself (0.82: one false alarm): vi 0.70, en 0.84, the low ends of
# the 0.02 grid the rotation prints.) (2026.10, eight sets with holdout7 = G
# trained, asides read, more concept words: vi 46/0/0 from 0.78 to 0.94 (0.76:
# one false alarm on D), en 46/0/0 at 0.82-0.90 (0.80: one false alarm): vi
# 0.78, en 0.82, the low ends again.) (2026.11, nine sets with holdout8 = H
# trained: vi 53/1/0 at 0.78 only (0.76: two false alarms; the one left is a
# rule hit on H's OTP warning, fixed in scoped_out since: 53/0/0), en 52/0/1
# at 0.80-0.90 (H's admitted deadline missed; 0.78: two false alarms): vi 0.78,
# en 0.82 kept.) (2026.12, ten sets with holdout9 = I trained: vi 59/0/1 from
# 0.72 to 0.86 (0.70: one false alarm; the miss is I's vi_06, a health outcome
# with no guarantee word, top 0.12), en 57/0/3 at 0.80-0.92 (I's en_04, en_07,
# en_10; 0.74: 58/1/2): vi 0.78, en 0.82 kept.) (2026.13, eleven sets with
# holdout10 = J trained, certain_outcome: vi 66/0/1 from 0.78 to 0.86 (I's vi_06
# again), en 64/0/4 at 0.86 only (0.82: 64/1/4, I's clean en_08 at 0.84; 0.88:
# 63/0/5; the curve's pick, 0.62, 66/3/2, adds false alarms on A and I): vi 0.78
# kept, en 0.86.) (2026.14, twelve sets with holdout11 = K trained and the K-kind
# structures (wager, a code said to the agent, idioms of madness): en 68/0/7 at
# 0.86 (0.82-0.84: 69/1/6, A's en_04; 0.78: 70/2/5, C's too; the curve's pick
# 0.61, 72/6/3, adds false alarms on A, C, D, I); before the structures 66/0/9
# at 0.86, the gain all on K (read while writing them); vi 73/1/1 at 0.78 as
# before (D's vi_12 false alarm, I's vi_06): vi 0.78, en 0.86 kept.) (2026.15, thirteen
# sets with holdout12 = L trained, a derog word said aside read as a muttered insult:
# vi 77/0/4 from 0.80 to 0.86 (0.78: 77/1/4, K's clean vi_13 at 0.797 in its fold;
# misses I's vi_06, one of K's (top 0.62-0.78), L's vi_07 and vi_08), en 74/0/8 at 0.84
# (0.86-0.90: 73/0/9; 0.80-0.82: 75/1/7): vi 0.80, en 0.84, the low ends.) (2026.16,
# fourteen sets with holdout13 = M trained: vi 82/0/6 at 0.88-0.90 (0.80-0.86: 82/1/6,
# K's clean vi_13 at 0.867 in its fold; 0.92: 81/0/7; misses I's vi_06, one of K's, two
# of L's, M's vi_01 and vi_07: outcomes stated as plain fact, top 0.04, 0.02), en 81/0/8 at
# 0.84-0.90 (0.82: 81/1/8, A's en_04 at 0.824; misses M's en_06 at 0.05 among them):
# vi 0.88, en 0.84, the low ends. Tried and not kept: a third person's result as a
# fact to come ("he'll", patois "Jaden a go pass") and "that's just how it goes" as
# frames: en 80/1/9 at 0.80-0.86, 79/0/10 at 0.88 (A's clean en_04 0.82 -> 0.87, one of
# I's lost; M's en_06 0.05 -> 0.38, still missed); vi unchanged. Nor the course or
# treatment done, then "là" and the customer as the result's consequence ("mổ xong là
# chị", "hết khóa ... là bé", "hai ba tháng là cái dạ dày"; not after a negative
# condition, a refund's terms) as a vi structure: as a "future" frame, vi 82/0/6 at
# 0.86, 81/0/7 at 0.88 (one of H's to 0.86-0.88); as "cert" (like "là khỏi", "là có"),
# 82/0/6 at 0.80-0.88, 79/0/9 at 0.90: no gain, the four still missed (I's vi_06
# 0.19 / 0.13, L's vi_08 0.06 / 0.01, M's vi_01 0.04, vi_07 0.01); en unchanged.) A model trained
# --without a set keeps the older choice below (cross-validation and clean
# tuning calls) unless --rotation-threshold, so the rotation's figures at "own
# threshold" stay comparable.
ROTATION_THRESHOLD = {"vi": 0.88, "en": 0.84}
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


def load_rows(language: str, sources: dict[str, Path]) -> list[Row]:
    """The corpora, then each source set's clean call units and violating clauses."""
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
    # pairs after that: a claim alone is no clean example (plain urgency alone is
    # clean or not by the corpora, not by being half of a pair)
    rows += admitted_rows(language)
    rows += violating_rows(language, sources)
    rows += [
        (u, CLEAN)
        for texts in clean_calls(sources, language).values()
        for text in texts
        for u in call_units(text, language)
    ]
    return rows


def call_units(text: str, language: str) -> list[str]:
    """A clean call segment's units as the scorer reads them (``reading``: a
    waived check a later contrast clause restores left out), none empty."""
    return [r for u in units(text, language) if (r := reading(text, u, language))]


def admitted_rows(language: str) -> list[Row]:
    """The claim-then-later-turn pairs, each read as one text (as the scorer
    joins a deadline claim with a later admission): lies the agent takes back
    are ``deadline``, honest corrections and kept deadlines ``clean``."""
    data = yaml.safe_load(ADMITTED.read_text(encoding="utf-8"))
    rows = []
    for label, pairs in data[language].items():
        if label not in ("deadline", CLEAN):
            raise SystemExit(f"{ADMITTED}: {language}: unknown category {label!r}")
        for n, pair in enumerate(pairs):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise SystemExit(
                    f"{ADMITTED}: {language} {label} pair {n + 1}: write [claim, later]"
                )
            rows.append((f"{pair[0]} {pair[1]}", label))
    # What decides is the later turn, not the claim: every claim (a kept one
    # too) followed by an admission is a lie, followed by an honest correction
    # or small talk it is not. Each claim is also read with CROSS_PAIRS other
    # admissions and other clean later turns (fixed rotation: deterministic).
    claims = [a for pairs in data[language].values() for a, _ in pairs]
    laters = {label: [b for _, b in pairs] for label, pairs in data[language].items()}
    for n, claim in enumerate(claims):
        for label, texts in sorted(laters.items()):
            for k in range(1, CROSS_PAIRS + 1):
                rows.append((f"{claim} {texts[(n + k) % len(texts)]}", label))
    return rows


def violating_rows(language: str, sources: dict[str, Path]) -> list[Row]:
    """The violating clauses of the source sets' violated calls (and the
    near-miss clauses beside them, category ``clean``)."""
    data = yaml.safe_load(CALL_UNITS.read_text(encoding="utf-8"))
    rows = []
    for n, unit in enumerate(data["units"]):
        where = f"{CALL_UNITS}: unit {n + 1}"
        if unit["category"] not in LABELS:
            raise SystemExit(f"{where}: unknown category {unit['category']!r}")
        if unit["source"].split("/")[0] not in SETS:
            raise SystemExit(f"{where}: unknown source {unit['source']!r}")
        if unit["language"] == language and unit["source"].split("/")[0] in sources:
            later = unit.get("admitted")  # a claim the agent takes back in a later turn
            text = str(unit["text"]) if later is None else f"{unit['text']} {later}"
            rows.append((text, unit["category"]))
    return rows


def source_sets(dev: Path | None, without: list[str]) -> dict[str, Path]:
    """Each labelled tuning set to train on, by name, with its folder."""
    found = {QA_DEV: dev} | {name: BLIND / name for name in BLIND_SETS}
    return {k: v for k, v in found.items() if v is not None and k not in without}


def clean_calls(sources: dict[str, Path], language: str) -> dict[str, list[str]]:
    """Agent segment texts per call labelled clean, keyed ``<set>/<id>`` (qa-dev: odd
    ids only)."""
    calls: dict[str, list[str]] = {}
    for name, folder in sources.items():
        for call_id, us in set_calls(folder, language, odd_only=name == QA_DEV).items():
            calls[f"{name}/{call_id}"] = us
    return calls


def set_calls(folder: Path, language: str, *, odd_only: bool) -> dict[str, list[str]]:
    """Agent segment texts per call labelled clean."""
    calls: dict[str, list[str]] = {}
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        call_id = label["id"]
        if label["language"] != language:
            continue
        if odd_only and not in_tuning_half(call_id):
            continue  # the held-out half: never read
        if label["items"].get("prohibited_language") != "clean":
            continue
        call = json.loads((folder / "calls" / f"{call_id}.json").read_text(encoding="utf-8"))
        calls[call_id] = [seg["text"] for seg in call["segments"] if seg["speaker"] == "agent"]
    return calls


def call_threshold(corpus: list[Row], calls: dict[str, list[str]], language: str) -> float:
    """The highest unit score in any clean tuning call (as the scorer reads it:
    a hedge just before a claim takes it back), each call scored by a model
    trained without it (4 folds of calls): a threshold above it flags none of
    those calls."""
    ids = sorted(calls)
    worst = 0.0
    for k in range(4):
        held = ids[k::4]
        rest = [
            (u, CLEAN)
            for c in ids
            if c not in held
            for t in calls[c]
            for u in call_units(t, language)
        ]
        model = ComplianceModel(train(corpus + rest, language), 1.0, language, scoped=SCOPED)
        for c in held:
            segments = [Segment(start=0.0, end=0.0, speaker="agent", text=t) for t in calls[c]]
            scores = model.unit_scores(segments, floor=0.5)
            worst = max([worst, *(p for *_, p in scores)])
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


# Whether a language's model reads scope-marked words and scoped concept tags
# beside the plain ones (qa/scoring/scope.py; stored in callqa.json as "input").
# Chosen again on the six-set rotation (2026.8): English plain 33/0/0 at
# 0.85-0.92 against 33/2/0 at best with scope marks (holdout4, two false alarms).
# Chosen on the five-set rotation (2026.7): Vietnamese with scope (pooled 27/0/0
# from t 0.82 up, against 27/1/0 below 0.92 without), English without (with
# scope 27/3/0 or 26/0/1, without 27/0/0 at 0.78-0.84). --plain-input and
# --scoped-input force one input for both languages (the rotation's comparison).
SCOPED_INPUT = {"vi": True, "en": False}
SCOPED = True  # this process's language: set per worker by _set_scoped


def _set_scoped(scoped: dict[str, bool]) -> None:
    global SCOPED_INPUT
    SCOPED_INPUT = scoped


def train(rows: list[Row], language: str) -> spacy.language.Language:
    global SCOPED
    SCOPED = SCOPED_INPUT[language]
    rows = rows + in_context(rows, language)
    # Trained on every unit, asked only about those worth_asking lets through.
    return train_textcat(
        ((model_input(t, language, scoped=SCOPED), one_hot(y, LABELS)) for t, y in rows),
        pipe="textcat",
        config={"model": {**CONFIG["model"], "ngram_size": NGRAMS[language]}},
        labels=LABELS,
        epochs=EPOCHS,
        seed=SEED,
        name=f"callqa_compliance_{language}",
        version="2026.10.0",
        batch=BATCH,
    )


def violation_p(nlp: spacy.language.Language, texts: list[str], language: str) -> list[float]:
    return [p for _, p in ComplianceModel(nlp, 1.0, language, scoped=SCOPED).classify(texts)]


def choose_threshold(rows: list[Row], language: str, log: list[str]) -> float:
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
        log.append(f"{language}:   at {t:.2f}: recall {tp / positives:.3f}, flagged {fp}/{cleans}")
    chosen = 0.9
    for t in [x / 100 for x in range(5, 96)]:
        tp = sum(p >= t and bad for p, bad in scored)
        fp = sum(p >= t and not bad for p, bad in scored)
        precision = tp / (tp + fp) if tp + fp else 1.0
        if precision >= MIN_PRECISION and fp <= MAX_CLEAN_FLAGGED * cleans:
            chosen = t
            log.append(
                f"{language}: threshold {t:.2f}: cross-validated on the team's data "
                f"(not evidence): recall {tp / positives:.3f}, precision {precision:.3f}, "
                f"clean units flagged {fp}/{cleans}"
            )
            break
    return chosen


def train_language(language: str, sources: dict[str, Path], out_dir: Path, rotation: bool) -> str:
    """Train, choose the threshold and write one language's model; returns the log."""
    global SCOPED
    SCOPED = SCOPED_INPUT[language]
    log = []
    rows = load_rows(language, sources)
    counts = {y: sum(1 for _, label in rows if label == y) for y in LABELS}
    log.append(f"{language}: {len(rows)} examples {counts}")
    if rotation:
        threshold = ROTATION_THRESHOLD[language]
        log.append(f"{language}: threshold {threshold:.2f} from the writer-set rotation")
        calls = {}
    else:
        threshold = choose_threshold(rows, language, log)
        calls = clean_calls(sources, language)
    if calls:
        corpus = load_rows(language, {}) + violating_rows(language, sources)
        worst = call_threshold(corpus, calls, language)
        log.append(f"{language}: highest unit probability in a clean tuning call {worst:.3f}")
        threshold = min(MAX_THRESHOLD, max(threshold, round(worst + 0.01, 2)))
    if not rotation:
        threshold = min(MAX_THRESHOLD, max(threshold, MIN_THRESHOLD))
    log.append(f"{language}: threshold {threshold:.2f}")
    nlp = train(rows, language)
    out = out_dir / language
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    meta = {
        "threshold": threshold,
        "examples": counts,
        "sets": sorted(sources),
        "input": "scoped" if SCOPED else "plain",
    }
    save_meta(out, meta)
    log.append(f"{language}: model written to {out}")
    return "\n".join(log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV if DEFAULT_DEV.exists() else None)
    parser.add_argument(
        "--without", action="append", default=[], choices=SETS, help="leave a call set out"
    )
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--rotation-threshold",
        action="store_true",
        help="with --without: store the rotation's threshold, skip the cross-validation "
        "(fast; benchmarks/compliance_rotation.py scores the whole curve anyway)",
    )
    parser.add_argument(
        "--plain-input",
        action="store_true",
        help="both languages on plain words (no scope marks), for comparison",
    )
    parser.add_argument(
        "--scoped-input",
        action="store_true",
        help="both languages with scope marks, for comparison",
    )
    args = parser.parse_args()
    global SCOPED_INPUT
    if args.plain_input or args.scoped_input:
        SCOPED_INPUT = dict.fromkeys(SCOPED_INPUT, not args.plain_input)
    sources = source_sets(args.dev, args.without)
    print(f"call sets: {', '.join(sources) or 'none'}")
    # one process per language: each is seeded on its own, so the models do not
    # depend on the order the processes run in
    with ProcessPoolExecutor(
        max_workers=2, initializer=_set_scoped, initargs=(SCOPED_INPUT,)
    ) as pool:
        # the shipped model: the rotation's threshold
        rotation = not args.without or args.rotation_threshold
        jobs = [
            pool.submit(train_language, lang, sources, args.out, rotation) for lang in ("vi", "en")
        ]
        for job in jobs:
            print(job.result())
    return 0


if __name__ == "__main__":
    sys.exit(main())
