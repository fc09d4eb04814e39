"""Was an objection answered? A trained reading of the agent's reply.

The agent's next turns after a customer objection (the same turns the item's
answer patterns read) and the objection's type go to a small spaCy ``textcat``
(bag of words and word pairs) with two labels, ``met`` (answered: a reason, an
alternative, a cheaper option, a reframe, a later slot, the person who decides
invited; false pressure still counts) and ``missed`` (ignored, pushed on with
something unrelated, given up, insulted, closed). It is trained by
``scripts/train_objections.py`` on written pairs
(``tests/data/scoring_corpus/objection_replies_<language>.yaml``) and the real
pairs of the tuning calls (each real objection unit of ``objections_real.yaml``
with the agent's next turns in its call, labelled with the call's verdict), and
ships beside the objection model as ``objection_model/reply_<language>`` with
its threshold and how it meets the answer patterns (``combine``) in
``callqa.json``, both chosen by the leave-one-writer-set-out rotation of
``benchmarks/objections_eval.py --rotate``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from callqa.qa.scoring import objections
from callqa.qa.scoring.objections import model_input

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

LABELS = ("met", "missed")
COMBINE = ("patterns", "model", "or", "and")  # how the model meets the answer patterns


def reply_input(kind: str, reply: str, language: str) -> str:
    """The objection's type as a tag, then the reply's words."""
    return f"type_{kind} {model_input(reply, language)}".strip()


def reply_dir(language: str) -> Path:
    return objections.MODEL_DIR / f"reply_{language}"


class ReplyModel:
    """One language's reply classifier, its threshold and how it is combined."""

    def __init__(self, nlp: Language, threshold: float, combine: str, language: str) -> None:
        if combine not in COMBINE:
            raise ValueError(f"reply model: unknown combine {combine!r} (one of {COMBINE})")
        self.nlp = nlp
        self.threshold = threshold
        self.combine = combine
        self.language = language

    @classmethod
    def load(cls, path: Path, language: str) -> ReplyModel:
        import spacy

        meta = json.loads((path / "callqa.json").read_text(encoding="utf-8"))
        return cls(spacy.load(path), float(meta["threshold"]), str(meta["combine"]), language)

    def p_met(self, kind: str, reply: str) -> float:
        """P(met) of the agent's reply to an objection of type ``kind``."""
        return float(self.nlp(reply_input(kind, reply, self.language)).cats.get("met", 0.0))

    def handled(self, p_met: float, patterns: bool) -> bool:
        """The verdict for one objection from the model's P(met) and whether
        the answer patterns found an answer."""
        by_model = p_met >= self.threshold
        if self.combine == "model":
            return by_model
        if self.combine == "or":
            return by_model or patterns
        if self.combine == "and":
            return by_model and patterns
        return patterns


@cache
def reply_model(language: str) -> ReplyModel | None:
    """The packaged reply model for ``language``, or None (patterns alone)."""
    path = reply_dir(language)
    if not (path / "callqa.json").exists():
        logger.info("no objection reply model for %r: answers by patterns alone", language)
        return None
    return ReplyModel.load(path, language)


def judge(
    found: list[objections.Objection],
    answer_segs: dict[int, list[int]],
    texts: dict[int, str],
    said: set[int],
    language: str,
) -> dict[int, bool] | None:
    """Per objection (by its segment) with an agent turn after it: answered or
    not, by the reply model combined with the answer patterns (``said``: the
    agent segments where they found an answer). None: patterns alone."""
    model = reply_model(language)
    if model is None or model.combine == "patterns":
        return None
    out: dict[int, bool] = {}
    for o in found:
        segs = answer_segs.get(o.seg, [])
        if segs:
            reply = " ".join(texts[j] for j in segs)
            out[o.seg] = model.handled(model.p_met(o.type, reply), any(j in said for j in segs))
    return out
