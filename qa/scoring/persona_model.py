"""Persona fields in the customer's own words: a small trained classifier beside the cues.

The checklist's ``persona.fields`` cues catch the wordings someone wrote down;
this module reads each customer unit (a sentence of a customer turn, or the
whole turn when the recogniser wrote no sentence ends) with a spaCy
``textcat_multilabel`` model (bag of words and word pairs, trained by
``scripts/train_persona.py`` on the team's corpus written from the label
definitions) and says which fields it states: ``need``, ``budget``,
``timeline``, ``decision_maker`` (none, one or several).

A unit the model reads as a field counts only when the structure agrees
(:func:`admits`): a need is not a refusal, a deferral or a question back; a
budget carries an amount in the customer's words ("hai lít", "ba tỏi", "under
50 grand", "ninety lakhs") that is not a price turned down, an echo question or
the current bill the agent asked about; a timeline or a decision maker is not a
question back. Each field keeps the unit's segment as evidence; per-field
thresholds are stored with the model, chosen by writer-held-out validation.

Models ship as package data under ``persona_model/<language>/`` and load
offline; a language without a model falls back to the cues alone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from callqa.qa.persona.amounts import find_amounts
from callqa.qa.scoring.checklist import PERSONA_FIELDS
from callqa.qa.scoring.nlp import SENTENCE_END, fold, normalize_text
from callqa.qa.scoring.persona_rules import budget_in_context, defers, refuses
from callqa.qa.scoring.training import META_FILE, load_textcat

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "persona_model"
FIELDS = PERSONA_FIELDS  # the model's classes: one per persona field
MIN_UNIT_WORDS = 2  # "dạ", "okay": too short to state a field

_NON_WORD = re.compile(r"[^\w%'?]+")
_NUMBER_WORDS = frozenset(
    {
        # Vietnamese numerals and money slang ("năm chục", "hai lít", "ba tỏi", "trăm củ")
        "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín", "mười",
        "chục", "trăm", "rưỡi", "triệu", "tỷ", "tỏi", "củ", "lít", "nghìn", "ngàn", "tr",
        # English numerals and money words ("fifty grand", "ninety lakhs", "2k")
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "thousand", "grand", "k", "million", "lakh", "lakhs", "crore", "crores",
        "quid", "bucks", "dollars", "pounds",
    }
)  # fmt: skip
_ASK_FINALS = frozenset(
    {"hả", "à", "hở", "hử", "ha", "hông", "không", "chưa", "sao", "what", "huh"}
)
_ASK_STARTS = frozenset({"why", "what", "how", "ủa", "sao", "tại"})


def units(text: str) -> list[str]:
    """The sentences of one customer segment (the whole segment when it has one)."""
    text = normalize_text(text)
    parts = [p.strip() for p in SENTENCE_END.split(text) if p.strip()]
    return parts or ([text] if text else [])


def _plain(text: str) -> str:
    return _NON_WORD.sub(" ", normalize_text(text).lower().replace("?", " ? ")).strip()


def has_amount(text: str) -> bool:
    """An amount in the words: a parsed money phrase, a figure, or a number word."""
    if find_amounts(text):
        return True
    words = _plain(text).split()
    return any(any(c.isdigit() for c in w) or w in _NUMBER_WORDS for w in words)


def model_input(text: str) -> str:
    """Lower-case words, the tone-free form when it differs (toneless recognition
    output meets the same words), and a tag when the unit holds an amount or
    ends as a question."""
    plain = _plain(text)
    folded = fold(plain)
    words = plain if folded == plain else f"{plain} {folded}"
    tags = []
    if has_amount(text):
        tags.append("qqamount")
    if plain.endswith("?"):
        tags.append("qqask")
    return f"{words} {' '.join(tags)}".strip()


def asks_back(text: str) -> bool:
    """Whether a unit is a question back ("ủa sao em hỏi chi vậy", "how much is it?")."""
    words = _plain(text).split()
    if not words:
        return False
    return words[-1] == "?" or words[-1] in _ASK_FINALS or words[0] in _ASK_STARTS


def admits(name: str, text: str, asked: str, language: str) -> bool:
    """Whether the structure lets a unit the model reads as field ``name`` count.

    ``asked``: the agent's turn just before the customer's ("" when none)."""
    if name == "need":
        return not (refuses(text) or defers(text) or asks_back(text))
    if name == "budget":
        return has_amount(text) and budget_in_context(text, asked, language)
    return not asks_back(text)


@dataclass(frozen=True)
class Candidate:
    """One customer unit the model reads as a field, and how sure it is."""

    name: str
    probability: float
    seg: int
    text: str


class PersonaModel:
    """One language's trained classifier and its per-field thresholds."""

    def __init__(self, nlp: Language, thresholds: dict[str, float], language: str) -> None:
        self.nlp = nlp
        self.thresholds = thresholds
        self.language = language

    @classmethod
    def load(cls, path: Path, language: str) -> PersonaModel:
        nlp, meta = load_textcat(path)
        thresholds = {k: float(v) for k, v in meta["thresholds"].items()}
        return cls(nlp, thresholds, language)

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        docs = self.nlp.pipe(model_input(t) for t in texts)
        return [{k: float(doc.cats.get(k, 0.0)) for k in FIELDS} for doc in docs]

    def candidates(self, turns: list[tuple[int, str, str]]) -> list[Candidate]:
        """Every admitted (field, unit) of the customer turns ``(seg, text, asked)``,
        whatever its probability; the caller applies the thresholds."""
        pieces = [
            (seg, u, asked)
            for seg, text, asked in turns
            for u in units(text)
            if len(u.split()) >= MIN_UNIT_WORDS
        ]
        if not pieces:
            return []
        out = []
        for (seg, text, asked), probs in zip(
            pieces, self.probabilities([t for _, t, _ in pieces]), strict=True
        ):
            for name in FIELDS:
                if admits(name, text, asked, self.language):
                    out.append(Candidate(name, round(probs[name], 4), seg, text))
        return out

    def stated(self, turns: list[tuple[int, str, str]]) -> dict[str, list[Candidate]]:
        """The admitted units at or over their field's threshold, most probable first."""
        found: dict[str, list[Candidate]] = {}
        for c in self.candidates(turns):
            if c.probability >= self.thresholds.get(c.name, 1.01):
                found.setdefault(c.name, []).append(c)
        for name in found:
            found[name].sort(key=lambda c: -c.probability)
        return found


@cache
def persona_model(language: str) -> PersonaModel | None:
    """The packaged model for ``language``, or None (cues alone) when absent."""
    path = MODEL_DIR / language
    if not (path / META_FILE).exists():
        logger.info("no persona model for %r: persona fields by cues alone", language)
        return None
    return PersonaModel.load(path, language)
