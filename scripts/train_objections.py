"""Train the objection classifier (one per language), deterministically.

Data: ``tests/data/scoring_corpus/objections_<lang>.yaml`` and
``objections_<lang>_more.yaml``, the team's corpus written from the label
definition (customer units by objection type, and near-miss ``none`` units);
``objections_real.yaml``, the real objection units of the tuning calls with
their writer set, and real near misses (``none``) of met or missed calls
and every customer unit of the tuning calls labelled ``not_applicable`` for
objection handling, as ``none``: real customer speech with no objection in it.
The tuning calls are those of the writer sets in
``benchmarks/data/blind/sets.yaml`` (qa-dev: its odd-numbered calls only);
``--leave-out SET`` keeps a set's real units, near misses and calls out, for the
rotation. The fresh sets are never read.

The threshold is ``THRESHOLDS`` (or ``--threshold``), chosen by the
leave-one-writer-set-out rotation of ``benchmarks/objections_eval.py
--rotate``, never on the corpus. About 15 s CPU for both languages.

    .venv/bin/python scripts/train_objections.py [--leave-out SET]...

A reply model deciding "answered" (``objection_replies.py``, ``--reply-model``)
lost to the answer patterns in the stop-17 rotation (pooled item F1 vi 0.844 /
en 0.750 at P(met) 0.5 against 0.905 / 0.815) and was removed at stop 18.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import spacy
import yaml
from callqa.qa.scoring.objections import (
    MODEL_DIR,
    NONE,
    TYPES,
    model_input,
    units,
)
from callqa.qa.scoring.training import one_hot, save_meta, train_textcat
from callqa.qa.scoring.writer_sets import WriterSet, read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
WRITERS = read_writer_sets(ROOT)
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
EPOCHS = 20
SEED = 0
# Chosen by the five-set rotation at stop 17 (benchmarks/objections_eval.py
# --rotate --scope-words on|off; each writer set reported by a model trained
# without its real units and its n/a calls), pooled item F1 over qa-dev odd, A,
# B, C, D: vi 0.905 at 1.0, 0.918 at 0.90 (scope words; 0.905 without), 0.918
# at 0.85, 0.907 at 0.80, 0.857 at 0.70; en 0.815 at 1.0, 0.829 at 0.90, 0.847
# at 0.85 (scope words; 0.833 without), 0.828-0.847 at 0.80, 0.837 at 0.70. No
# set loses at these thresholds. English stays at 1.0 all the same: the qa-dev
# held-out half (the external writer of the release set), run once at the end
# of stop 17 with en at 0.85, lost English objection handling 0.86 -> 0.67, as
# it did at stop 16 with en at 0.80 (a model trained on four sets); Vietnamese
# at 0.90 kept 0.73 there. (At 1.0 the English verdicts are the rules' alone,
# the same as the start run of that half.) Seven-set rotation (F = holdout6
# added, stop 18 second round; --thresholds 1.0,0.9): five old sets pooled vi
# 0.905, en 0.815 at both thresholds (as in the six-set rotation), E 0.800 /
# 0.800, F 0.778 / 0.625: thresholds kept. Stop 19 (slot answers, the pitch
# said again, a minor's relayed buyer objection; --thresholds 1.0,0.9): every
# set equal at both thresholds again; the five old sets and E unchanged, F vi
# 0.778 -> 0.800, en 0.625 -> 0.824 (F is tuning data: no evidence): kept.
# Stop 20, eight-set rotation (G = holdout7 added; new wordings of price, a
# rival, a decision not taken alone; a bare price question, a step just offered
# taken and a late slot are no objection or answer; --thresholds 1.0,0.9):
# every set equal at both thresholds again; before -> after, vi: qa-dev 1.000,
# A 1.000, B 0.889, C 0.875, D 0.778, E 0.800, F 0.857 unchanged, G 0.889 ->
# 0.889; en: qa-dev 1.000, A 1.000, B 0.571, E 0.800, F 0.824 unchanged, C 0.727
# -> 0.833, D 0.625 -> 0.706, G 0.429 -> 0.933 (G is tuning data: no evidence):
# thresholds kept. Stop 21, nine-set rotation (H = holdout8 added, its real units
# and near misses in objections_real.yaml; a first reply that only lets an
# objection stand gives up on it; next_step's days are the slot cue;
# --thresholds 1.0,0.9): every set equal at both thresholds again; H's fold before
# training on it (honest) vi 0.571, en 0.800, the same after (its fold leaves its
# units out); G vi 0.889 -> 0.947 (the slot cue gains "cuối tuần ni"); every other
# set unchanged: thresholds kept. Stop 22, ten-set rotation (I = holdout9 added, its
# real units and near misses in objections_real.yaml; an answer to the agent's
# question is no objection, objections.answers; --thresholds 1.0,0.9, equal at both
# for every set again): I's fold before training on it (honest) vi 0.737, en 0.800
# (rules as shipped at stop 21); after, vi D 0.778 -> 0.824, H 0.571 -> 0.667, I
# 0.737 -> 0.778, F 0.857 -> 0.800; en E 0.800 -> 0.857, H and I 0.800 -> 0.857,
# F 0.824 -> 0.750 (a false objection that was "answered" dropped); every other
# set unchanged (H and I are tuning data: no evidence): thresholds kept. Stop 23,
# eleven-set rotation (J = holdout10 added, its real units and near misses in
# objections_real.yaml; --thresholds 1.0,0.9, equal at both for every set again):
# J's fold before training on it (honest, rules as shipped at stop 22) vi 0.625,
# en 0.462, its fresh figures; after (someone else who decides objects,
# objections.deciders; a "why don't you ...?" step answers; both written from J's
# errors: no evidence) J vi 0.625 (one more objection found, missed as gold), en
# 0.571; every other set unchanged: thresholds kept. Stop 24, twelve-set rotation
# (K = holdout11 added, its real units and near misses in objections_real.yaml;
# --thresholds 1.0,0.9, equal at both for every set again): K's fold before training
# on it (honest, rules as shipped at stop 23) vi 0.706, en 0.625, its fresh figures;
# after (a ceiling after a quoted figure, objections.ceilings; "not ... without
# him", objections.deciders; both written from K's errors: no evidence) K vi
# 0.706 (its misses are the model's: no Vietnamese rule changed), en 0.900; B en
# 0.571 -> 0.667, C en 0.833 -> 0.923, D en 0.625 -> 0.706, J en 0.667 (one more
# objection found, missed as gold); every other set unchanged: thresholds kept.
# Stop 25, thirteen-set rotation (L = holdout12 added; folds trained once and scored at
# 1.0 to 0.5), pooled item F1, each set from a model trained without it: vi 0.819 at
# 1.0, 0.824 at 0.90, 0.840 at 0.80, 0.845 at 0.70 (B, E, I up, no set lower), 0.851
# at 0.60, 0.861 at 0.50 (C and H lower); en 0.839 at 1.0-0.8, 0.857 at 0.70 (one
# false objection more on I). vi 0.70 and 0.80 were tried and taken back: the
# retrained model then objects in Vietnamese corpus near misses (a yes answer, "chị
# đang dùng Viettel" said to the agent's question, agreeing to think about a time;
# tests/test_scoring_corpus_vi.py), so both thresholds are kept. Stop 26, fourteen-set
# rotation (M = holdout13 added: its 27 units and 16 near misses; a bare yes to the
# agent's question, "có rồi em", and naming what the agent asked the customer uses,
# "chị đang dùng Viettel", are answers, objections.answered_as: the corpus near
# misses the model had objected in at 0.70). M honest (the stop-25 model, never
# trained on M) vi 0.615, en 0.500. Pooled item F1, each set from a model trained
# without it (--thresholds 1.0,0.9,0.8,0.7,0.6,0.5): vi 0.802, 0.817, 0.823, 0.843,
# 0.838, 0.837 (0.70 against 0.90: E 0.800 -> 0.875, I 0.778 -> 0.900, J 0.625 ->
# 0.706, L 0.667 -> 0.750, no set lower): vi 0.70 adopted, every corpus test
# passing; en 0.820 at 1.0-0.9, 0.826 at 0.80, 0.839 at 0.70 (B, C, E, L, M up, I
# one false objection more), 0.841 at 0.60: the gain of stop 25 again, and the
# held-out qa-dev half lost English at 0.85 and 0.80 (stops 16-17): en stays 1.0.
# Then a figure under the agent's quote is a price objection (objections.
# counter_figures; --thresholds 1.0,0.9,0.7): vi 0.815, 0.831, 0.855 (at 0.70 D
# 0.824 -> 0.889, M 0.615 -> 0.824, L 0.750 -> 0.706: "chị tính tầm ba mươi triệu
# đổ lại" under "ba mươi hai triệu" was no objection to L's writer); en 0.826 at
# 1.0 (L 0.727 -> 0.833), 0.844 at 0.70. M's class (vi_01, vi_05, vi_08): no evidence.
THRESHOLDS = {"vi": 0.70, "en": 1.0}
NGRAMS = 2  # word pairs: "not interested" against "interested", "bận" against "không bận"
OBJECTION_LABELS = (*TYPES, NONE)
# the objection model also reads the words a negation or condition scopes
# (qa/scoring/scope.py): one call more in each language in the rotation
# (vi at 0.90, en at 0.85; equal at the other thresholds): --scope-words
SCOPE_WORDS = {"vi": True, "en": True}

Row = tuple[str, str]  # (model input, label)


def scope_words(language: str) -> bool:
    return SCOPE_WORDS[language]


def load(language: str) -> list[Row]:
    """The language's corpus as (model input, label) rows."""
    rows: list[Row] = []
    for path in (
        CORPUS / f"objections_{language}.yaml",
        CORPUS / f"objections_{language}_more.yaml",
    ):
        rows += corpus_rows(path, language)
    return rows


def corpus_rows(path: Path, language: str) -> list[Row]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for label, texts in data["customer"].items():
        if label not in OBJECTION_LABELS:
            raise SystemExit(f"{path}: unknown customer label {label!r}")
        for t in texts:
            rows.append((model_input(str(t), language, scope_words(language)), label))
            # a near miss stays a near miss in every unit the scorer cuts it into
            if label == NONE:
                rows += [
                    (model_input(u, language, scope_words(language)), NONE)
                    for u in units(str(t))[1:]
                ]
    return rows


def real_rows(language: str, leave_out: set[str]) -> list[Row]:
    """The tuning calls' real objection units (``objections_real.yaml``), except
    those of the writer sets left out."""
    path = CORPUS / "objections_real.yaml"
    rows: list[Row] = []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for unit in data["units"]:
        if unit["type"] not in TYPES:
            raise SystemExit(f"{path}: unknown type {unit['type']!r} ({unit['call']})")
        if unit["set"] in leave_out:
            continue
        if unit["call"].rsplit("/", 1)[-1][:2] != language:
            continue
        rows.append((model_input(str(unit["text"]), language, scope_words(language)), unit["type"]))
    return rows + near_miss_rows(data, language, leave_out)


def near_miss_rows(data: dict, language: str, leave_out: set[str]) -> list[Row]:
    """The real near misses (``near_misses`` of ``objections_real.yaml``) as
    ``none``, every unit the scorer cuts them into, except the sets left out."""
    rows: list[Row] = []
    for unit in data.get("near_misses") or ():
        if unit["set"] in leave_out or unit["call"].rsplit("/", 1)[-1][:2] != language:
            continue
        rows += [
            (model_input(u, language, scope_words(language)), NONE) for u in units(unit["text"])
        ]
    return rows


def call_rows(writer: WriterSet, language: str) -> list[Row]:
    """Every customer unit of the set's tuning calls labelled not_applicable, as ``none``."""
    rows: list[Row] = []
    for labelled, label in writer.rows():
        call_id = label.get("id") or Path(label["file"]).stem
        if label["items"].get("objection_handling") != "not_applicable":
            continue
        call = json.loads((labelled / "calls" / f"{call_id}.json").read_text(encoding="utf-8"))
        if call.get("language") != language:
            continue
        rows += [
            (model_input(u, language, scope_words(language)), NONE)
            for seg in call["segments"]
            if seg.get("speaker") == "customer"
            for u in units(seg["text"])
        ]
    return rows


def train(rows: list[Row], labels: tuple[str, ...], name: str) -> spacy.language.Language:
    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": NGRAMS,
            "no_output_layer": False,
            "length": 2**14,
        }
    }
    return train_textcat(
        ((t, one_hot(y, labels)) for t, y in rows),
        pipe="textcat",
        config=config,
        labels=labels,
        epochs=EPOCHS,
        seed=SEED,
        name=name,
        version="2026.5.0",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--leave-out",
        action="append",
        default=[],
        choices=WRITERS.names,
        help="a writer set whose real units, near misses and calls stay out",
    )
    parser.add_argument("--threshold", type=float, help="instead of THRESHOLDS (rotation)")
    parser.add_argument("--scope-words", choices=("on", "off"), help="instead of SCOPE_WORDS")
    args = parser.parse_args()
    if args.scope_words is not None:
        for language in SCOPE_WORDS:
            SCOPE_WORDS[language] = args.scope_words == "on"
    # blind sets first, then qa-dev's odd half (the order the rows were always read in)
    writers = sorted(
        (w for w in WRITERS.present() if w.name not in args.leave_out), key=lambda w: w.odd_only
    )
    for language in ("vi", "en"):
        rows = load(language) + real_rows(language, set(args.leave_out))
        for writer in writers:
            rows += call_rows(writer, language)
        counts = {y: sum(1 for _, label in rows if label == y) for y in OBJECTION_LABELS}
        print(f"{language}: {counts}")
        threshold = THRESHOLDS[language] if args.threshold is None else args.threshold
        print(f"{language}: threshold {threshold:.2f}")
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        train(rows, OBJECTION_LABELS, f"callqa_objection_{language}").to_disk(out)
        calls = [
            os.path.relpath(f, ROOT) + (" (odd)" if w.odd_only else "")
            for w in writers
            for f in w.folders
        ]
        meta = {
            "threshold": threshold,
            "scope_words": SCOPE_WORDS[language],
            "examples": counts,
            "calls": calls,
            "real_units_left_out": sorted(args.leave_out),
        }
        save_meta(out, meta)
        print(f"{language}: model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
