"""Train the persona-field classifiers (one per language), deterministically.

Data:
* ``tests/data/scoring_corpus/persona_units_<lang>.yaml``: customer units written
  by the team from the label definitions, by field (``need+budget`` for several)
  and ``none`` (near-misses);
* with ``--real``, ``persona_units_real.yaml``: real customer units of the
  tuning calls, labelled by field with their source call (left out of the
  rotation that scores their writer set); off by default, since the four-set
  rotation scored the English need lower with them (pooled F1 0.932 vs 0.942);
* customer units of labelled calls by writer set, as NEGATIVES only for the
  fields the call's label says were not stated (a call without a stated budget
  states it in none of its units), one set per writer as listed in
  ``benchmarks/data/blind/sets.yaml``: ``qa-dev`` (the odd-numbered, tuning-half
  calls of ``../shared/data/qa-dev``; even-numbered calls are never read) and the
  team's blind sets ``A``, ``B``, ... (each tuning data since its one fresh
  measurement); the fresh sets are never read.

Thresholds: writer-held-out. For each writer set W, a model trained on the
corpus and the OTHER sets scores W's calls; a field counts when the cues find
it or an admitted unit reaches the threshold (a need reader switched on replaces
the situation answers, as in the scorer; the cues-alone baseline keeps them, as the
scorer runs with no reader on). Per language and field the
threshold with the best F1 pooled over the held-out rotations (one per writer
set) is kept (ties: the higher threshold), never under ``MIN_THRESHOLD``, and
only where it beats the cues alone by ``MIN_GAIN``. The rotation
figures printed are the writer-held-out evidence; the shipped model is then
trained on the corpus and every set.

    .venv/bin/python scripts/train_persona.py [--out DIR] [--corpus-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import spacy
import yaml
from callqa.qa.scoring import Scorer, load_transcript
from callqa.qa.scoring import persona as persona_mod
from callqa.qa.scoring.persona_model import (
    FIELDS,
    MIN_UNIT_WORDS,
    MODEL_DIR,
    PersonaModel,
    model_input,
    units,
)
from callqa.qa.scoring.training import save_meta, train_textcat
from callqa.qa.scoring.writer_sets import read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
WRITERS = read_writer_sets(ROOT)
EPOCHS = 20
SEED = 0
NGRAMS = 2
GRID = [x / 100 for x in range(50, 100, 5)]  # never under 0.5
MIN_THRESHOLD = 0.5
# A field's model is switched on only when it lifts the pooled held-out F1 by this much
# over the cues (about one call in sixty): with five sets, en decision_maker at 0.50
# gained 0.001 pooled while losing a call on the external set.
MIN_GAIN = 0.01
LOOKBACK = 2  # segments searched back for the agent's turn before a customer's
CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": NGRAMS,
        "no_output_layer": False,
        "length": 2**15,
    }
}

Row = tuple[str, dict[str, float]]  # (text, cats; a missing field is unknown)


@dataclass
class LabelledCall:
    name: str
    language: str
    turns: list[tuple[int, str, str]]  # (segment, customer text, agent turn before)
    gold: dict[str, bool]
    gold_fit: str
    rule_fields: dict[str, bool]  # as the scorer gives them with no reader switched on
    rule_fit: str
    situation_need: bool  # the need came from situation answers, which a need reader stops


def corpus_rows(language: str) -> list[Row]:
    path = CORPUS / f"persona_units_{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for key, texts in data["examples"].items():
        names = set() if key == "none" else set(key.split("+"))
        unknown = names - set(FIELDS)
        if unknown:
            raise SystemExit(f"{path}: unknown field(s) {sorted(unknown)} in key {key!r}")
        rows += [(str(t), {f: float(f in names) for f in FIELDS}) for t in texts]
    return rows


SOURCE_WRITER = WRITERS.of_folder()  # folder name -> writer set


def real_rows(language: str, leave_out: str | None) -> list[Row]:
    """The labelled real units of ``persona_units_real.yaml`` in ``language``, but not
    those of writer set ``leave_out`` (the set a rotation scores)."""
    path = CORPUS / "persona_units_real.yaml"
    rows: list[Row] = []
    for unit in yaml.safe_load(path.read_text(encoding="utf-8"))["units"]:
        writer = SOURCE_WRITER.get(str(unit["source"]).split("/")[0])
        if writer is None:
            raise SystemExit(f"{path}: unknown source {unit['source']!r}")
        if unit["lang"] != language or writer == leave_out:
            continue
        names = set(unit["fields"])
        if names - set(FIELDS):
            raise SystemExit(f"{path}: unknown field(s) {sorted(names - set(FIELDS))}")
        rows.append((str(unit["text"]), {f: float(f in names) for f in FIELDS}))
    return rows


def _turns(segments: list[dict]) -> list[tuple[int, str, str]]:
    out = []
    for i, seg in enumerate(segments):
        if seg.get("speaker") != "customer" or not str(seg.get("text", "")).strip():
            continue
        asked = ""
        for k in range(i - 1, max(-1, i - 1 - LOOKBACK), -1):
            if segments[k].get("speaker") == "agent":
                asked = segments[k]["text"]
                break
        out.append((i, seg["text"], asked))
    return out


def load_calls(scorer: Scorer) -> dict[str, list[LabelledCall]]:
    """Every labelled call of each writer set, with the cues' verdicts (no model), as the
    scorer gives them where no reader is switched on (situation answers read the need),
    whatever the packaged files say: a retrain that switched a reader off must not move
    the next one's baseline. Whether the need came from situation answers is kept, since
    a need reader switched on replaces them (``predicted``)."""
    persona_mod.persona_model = lambda language: None  # the cues alone
    persona_mod._need_model_on = lambda language: False
    situation_answers = persona_mod._situation_answers
    situational: list[bool] = []

    def recorded(*args: object) -> tuple:
        found = situation_answers(*args)
        situational.append(bool(found))
        return found

    persona_mod._situation_answers = recorded
    from callqa.qa.scoring.checklist import default_checklist

    checklists = {lang: default_checklist(lang) for lang in ("vi", "en")}
    out: dict[str, list[LabelledCall]] = {}
    for writer in WRITERS.tuning:
        calls = []
        for data in writer.folders:
            if not (data / "labels.jsonl").exists():
                print(f"{writer.name}: {data} not found, skipped")
        for data, row in writer.rows():
            stem = Path(row["file"]).stem
            path = data / "calls" / row["file"]
            raw = json.loads(path.read_text(encoding="utf-8"))
            transcript = load_transcript(path)
            situational.clear()
            result = scorer.score(transcript, checklists[transcript.language])
            calls.append(
                LabelledCall(
                    name=f"{data.name}/{stem}",
                    language=transcript.language,
                    turns=_turns(raw["segments"]),
                    gold={f: bool(row["persona"].get(f)) for f in FIELDS},
                    gold_fit=row["target_fit"],
                    rule_fields={f: bool(result.persona.get(f)) for f in FIELDS},
                    rule_fit=result.target_fit,
                    situation_need=any(situational),
                )
            )
        out[writer.name] = calls
    return out


def call_rows(calls: list[LabelledCall]) -> list[Row]:
    rows: list[Row] = []
    for call in calls:
        negatives = {f: 0.0 for f in FIELDS if not call.gold[f]}
        if not negatives:
            continue
        for _, text, _ in call.turns:
            rows += [(u, negatives) for u in units(text) if len(u.split()) >= MIN_UNIT_WORDS]
    return rows


def train(rows: list[Row], language: str) -> spacy.language.Language:
    return train_textcat(
        ((model_input(t), c) for t, c in rows),
        pipe="textcat_multilabel",
        config=CONFIG,
        labels=FIELDS,
        epochs=EPOCHS,
        seed=SEED,
        name=f"callqa_persona_{language}",
        version="2026.6.0",
    )


def best_p(model: PersonaModel, call: LabelledCall) -> dict[str, float]:
    best = dict.fromkeys(FIELDS, 0.0)
    for c in model.candidates(call.turns):
        best[c.name] = max(best[c.name], c.probability)
    return best


def predicted(
    call: LabelledCall, p: dict[str, float], thresholds: dict[str, float]
) -> dict[str, bool]:
    """The fields the scorer gives with these thresholds: a field switched on adds the
    units the model admits; a need reader switched on also stops the situation answers."""
    out = {}
    for name in FIELDS:
        if thresholds[name] > 1.0:
            out[name] = call.rule_fields[name]
            continue
        cues = call.rule_fields[name] and not (name == "need" and call.situation_need)
        out[name] = cues or p[name] >= thresholds[name]
    return out


def fit_of(call: LabelledCall, fields: dict[str, bool]) -> str:
    """The target fit the scorer gives with these fields (wrong comes from the cues)."""
    if call.rule_fit == "wrong":
        return "wrong"
    return "right" if fields["need"] and (fields["budget"] or fields["timeline"]) else "unknown"


def f1(pairs: list[tuple[bool, bool]]) -> float:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--corpus-only", action="store_true", help="train on the corpus alone, no call units"
    )
    parser.add_argument(
        "--real",
        action="store_true",
        help="also train on persona_units_real.yaml (measured: no gain held out, off)",
    )
    args = parser.parse_args()
    calls = load_calls(Scorer())
    for language in ("vi", "en"):
        corpus = corpus_rows(language)
        print(f"{language}: corpus {len(corpus)} units")
        by_writer = {w: [c for c in cs if c.language == language] for w, cs in calls.items()}
        # writer-held-out rotation: (writer, call, best admitted p per field)
        scored: list[tuple[str, LabelledCall, dict[str, float]]] = []
        for held, held_calls in by_writer.items():
            if not held_calls:
                continue
            rows = list(corpus)
            if not args.corpus_only:
                rows += real_rows(language, held) if args.real else []
                for w, cs in by_writer.items():
                    if w != held:
                        rows += call_rows(cs)
            model = PersonaModel(train(rows, language), {}, language)
            scored += [(held, c, best_p(model, c)) for c in held_calls]
        thresholds = {}
        for name in FIELDS:
            curve = []
            for t in GRID:
                only = {n: t if n == name else 1.01 for n in FIELDS}
                pairs = [(c.gold[name], predicted(c, p, only)[name]) for _, c, p in scored]
                curve.append((round(f1(pairs), 4), t))
            rules = round(f1([(c.gold[name], c.rule_fields[name]) for _, c, _ in scored]), 4)
            best_f1, best_t = max(curve)  # ties: the higher threshold
            thresholds[name] = best_t if best_f1 >= rules + MIN_GAIN else 1.01
            print(
                f"{language} {name:<15} cues alone F1 {rules:.3f}; best {best_f1:.3f} at "
                f"{best_t:.2f}; kept {thresholds[name]:.2f}"
            )
        print(f"{language}: writer-held-out (model never trained on the set it is scored on)")
        for held in by_writer:
            rows_ = [(c, predicted(c, p, thresholds)) for w, c, p in scored if w == held]
            if not rows_:
                continue
            parts = []
            for name in FIELDS:
                before = f1([(c.gold[name], c.rule_fields[name]) for c, _ in rows_])
                after = f1([(c.gold[name], got[name]) for c, got in rows_])
                parts.append(f"{name} {before:.3f}->{after:.3f}")
            fit_before = sum(c.rule_fit == c.gold_fit for c, _ in rows_) / len(rows_)
            fit_after = sum(fit_of(c, got) == c.gold_fit for c, got in rows_) / len(rows_)
            pooled_b = [(c.gold[n], c.rule_fields[n]) for c, _ in rows_ for n in FIELDS]
            pooled_a = [(c.gold[n], got[n]) for c, got in rows_ for n in FIELDS]
            print(
                f"  held {held:<8} {len(rows_):>2} calls: persona F1 {f1(pooled_b):.3f}->"
                f"{f1(pooled_a):.3f}, fit {fit_before:.3f}->{fit_after:.3f}; " + ", ".join(parts)
            )
        rows = list(corpus)
        if not args.corpus_only:
            rows += real_rows(language, None) if args.real else []
            for cs in by_writer.values():
                rows += call_rows(cs)
        nlp = train(rows, language)
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(out)
        meta = {"thresholds": thresholds, "corpus_units": len(corpus), "units": len(rows)}
        save_meta(out, meta)
        print(f"{language}: model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
