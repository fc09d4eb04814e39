"""Fill a persona form from what the customer says or confirms.

For each customer turn, a field takes a value when the turn (or the agent's
question just before it) is on the field's topic and the turn carries a value
of the field's type; when the customer only says yes to the agent's question,
the value is the agent's ("budget around 100 million?" "yes"). A call without
speakers (separation failed) reads every turn as the customer's. The last value
stated wins, so a correction replaces what came before; a free-text field
keeps the first statement of the need. Each value carries the start time of
the words it came from.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date

from callqa.qa.persona.amounts import find_amounts
from callqa.qa.persona.answers import reply
from callqa.qa.persona.cues import NEGATIONS, NOT_A_NEED, FieldCues, cues_for
from callqa.qa.persona.dates import find_dates
from callqa.qa.persona.places import is_place_field, place_names
from callqa.qa.persona.records import FieldSpec, FieldValue, Form
from callqa.qa.persona.text import fold, tokens
from callqa.qa.records import Segment, Transcript

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200
_QUESTION_LOOKBACK = 2  # agent turns searched back for the question a reply answers
_NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mot": 1, "bon": 4, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
}  # fmt: skip


@dataclass(frozen=True)
class _Turn:
    segment: Segment
    text: str
    lower: str
    folded: str


def _turn(seg: Segment) -> _Turn:
    return _Turn(seg, seg.text, seg.text.lower(), fold(seg.text))


@functools.lru_cache(maxsize=256)
def _patterns(phrases: tuple[str, ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """One regex for the toneless phrases, one for those written with tone marks."""

    def compile_(group: list[str]) -> re.Pattern | None:
        if not group:
            return None
        alternation = "|".join(re.escape(p) for p in sorted(group, key=len, reverse=True))
        return re.compile(rf"(?<![\w$])(?:{alternation})(?!\w)")

    return (
        compile_([p for p in phrases if p.isascii()]),
        compile_([p for p in phrases if not p.isascii()]),
    )


def on_topic(turn: _Turn | None, phrases: tuple[str, ...]) -> bool:
    """Phrases with tone marks match as written, the others without tone marks."""
    if turn is None or not phrases:
        return False
    toneless, toned = _patterns(phrases)
    return bool(
        (toneless is not None and toneless.search(turn.folded))
        or (toned is not None and toned.search(turn.lower))
    )


def start_of(seg: Segment, offset: int) -> float:
    """The start time of the word at character ``offset`` of the segment's text."""
    if not seg.words:
        return round(seg.start, 2)
    position = 0
    for word in seg.words:
        position += len(word.text.strip()) + 1
        if position > offset:
            return round(word.start, 2)
    return round(seg.words[-1].start, 2)


class _Reader:
    """Values of one field type read from a turn: (value, offset) pairs in order."""

    def __init__(self, spec: FieldSpec, call_date: date, language: str) -> None:
        self.spec = spec
        self.call_date = call_date
        self.english = language == "en"
        if spec.type == "choice":
            # Names written with tone marks match as written; without tone marks
            # only in toneless Vietnamese ("my" is English, "Mỹ" is not).
            names = place_names(spec.choices) if is_place_field(spec.choices) else {}
            for choice in spec.choices:
                names[choice.lower()] = choice
                for alias in spec.aliases.get(choice, ()):
                    names[alias.lower()] = choice
            self.names = {**{fold(n): c for n, c in names.items()}, **names}
            plain = [n for n in names if n.isascii()]
            toned = [n for n in names if not n.isascii()]
            self.plain = _alternation(plain)
            self.toned = _alternation(toned)
            self.toned_folded = _alternation(sorted({fold(n) for n in toned}))

    def values(self, turn: _Turn) -> list[tuple[object, int]]:
        kind = self.spec.type
        if kind == "amount":
            return [(a.value, a.offset) for a in find_amounts(turn.text)]
        if kind == "date":
            return [(d.value, d.offset) for d in find_dates(turn.text, self.call_date)]
        if kind == "choice":
            found = [(m.group(1), m.start()) for m in self.plain.finditer(turn.folded)]
            found += [(m.group(1), m.start()) for m in self.toned.finditer(turn.lower)]
            if turn.lower == turn.folded and not self.english:
                found += [(m.group(1), m.start()) for m in self.toned_folded.finditer(turn.folded)]
            return sorted(((self.names[name], at) for name, at in found), key=lambda v: v[1])
        if kind == "number":
            return _numbers(turn.text)
        return []


def _alternation(names: list[str]) -> re.Pattern:
    if not names:
        return re.compile(r"(?!x)x")
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternation})(?!\w)")


def _numbers(text: str) -> list[tuple[object, int]]:
    out: list[tuple[object, int]] = []
    for tok in tokens(text):
        if re.fullmatch(r"\d+", tok.text):
            out.append((float(tok.text), tok.offset))
        elif tok.text in _NUMBER_WORDS:
            out.append((float(_NUMBER_WORDS[tok.text]), tok.offset))
    return out


def extract(transcript: Transcript, form: Form, call_date: date) -> tuple[FieldValue, ...]:
    """The value of every field the customer stated or confirmed, in form order."""
    turns = [_turn(s) for s in transcript.segments if s.text.strip()]
    per_type: dict[str, int] = {}
    for spec in form.fields:
        per_type[spec.type] = per_type.get(spec.type, 0) + 1
    # Without speakers (separation failed) every turn may be the customer's.
    diarised = any(t.segment.speaker != "unknown" for t in turns)
    found: dict[str, FieldValue] = {}
    readers = {spec.name: _Reader(spec, call_date, transcript.language) for spec in form.fields}
    cues = {spec.name: cues_for(spec.name, spec.cues) for spec in form.fields}
    for i, turn in enumerate(turns):
        if turn.segment.speaker != "customer" and diarised:
            continue
        question = _question(turns, i) if diarised else (turns[i - 1] if i else None)
        for spec in form.fields:
            alone = per_type[spec.type] == 1 and spec.type in ("date", "choice")
            value = _read(spec, turn, question, readers[spec.name], cues[spec.name], alone)
            if value is None:
                continue
            if spec.type == "text" and spec.name in found:
                continue  # the need is stated once; later "want"s are about other fields
            found[spec.name] = value
    values = tuple(found[s.name] for s in form.fields if s.name in found)
    logger.debug("persona %s: %d of %d fields", form.name, len(values), len(form.fields))
    return values


def _question(turns: list[_Turn], i: int) -> _Turn | None:
    for j in range(i - 1, max(-1, i - 1 - _QUESTION_LOOKBACK), -1):
        if turns[j].segment.speaker == "agent":
            return turns[j]
    return None


def _read(
    spec: FieldSpec,
    turn: _Turn,
    question: _Turn | None,
    reader: _Reader,
    cues: FieldCues,
    alone: bool,
) -> FieldValue | None:
    seg = turn.segment
    in_turn = on_topic(turn, cues.topic)
    asked = on_topic(question, cues.topic)
    if spec.type == "yes_no":
        return _yes_no(spec, turn, question, cues, in_turn, asked)
    if spec.type == "text":
        return _text(spec, turn, question, in_turn, asked)
    if in_turn or asked or alone:
        values = reader.values(turn)
        if values:
            value, offset = values[-1]
            return FieldValue(spec.name, value, start_of(seg, offset), _quote(turn.text))
    if asked and reply(turn.text) == "yes":
        values = reader.values(question)
        if values:
            return FieldValue(
                spec.name, values[-1][0], start_of(seg, 0), _quote(question.text), confirmed=True
            )
    return None


def _yes_no(
    spec: FieldSpec,
    turn: _Turn,
    question: _Turn | None,
    cues: FieldCues,
    in_turn: bool,
    asked: bool,
) -> FieldValue | None:
    seg = turn.segment
    if in_turn or asked:
        if on_topic(turn, cues.says_no):
            return FieldValue(spec.name, "no", start_of(seg, 0), _quote(turn.text))
        if on_topic(turn, cues.says_yes):
            return FieldValue(spec.name, "yes", start_of(seg, 0), _quote(turn.text))
    if not asked:
        return None
    answer = reply(turn.text)
    if answer is None:
        return None
    if on_topic(question, cues.inverted):
        answer = "yes" if answer == "no" else "no"
    return FieldValue(spec.name, answer, start_of(seg, 0), _quote(turn.text))


def _text(
    spec: FieldSpec, turn: _Turn, question: _Turn | None, in_turn: bool, asked: bool
) -> FieldValue | None:
    if not (in_turn or asked) or on_topic(turn, NEGATIONS) or on_topic(turn, NOT_A_NEED):
        return None
    seg = turn.segment
    if in_turn:
        return FieldValue(spec.name, _quote(turn.text), start_of(seg, 0), _quote(turn.text))
    if question is not None and reply(turn.text) == "yes":
        words = len(turn.text.split())
        source = turn.text if words > 3 else question.text
        return FieldValue(spec.name, _quote(source), start_of(seg, 0), _quote(source), True)
    return None


def _quote(text: str) -> str:
    return text.strip()[:MAX_TEXT_CHARS]


def clear_caches() -> None:
    """Forget memoised per-text results (benchmarks measure cold calls)."""
    for cached in (fold, reply, find_amounts, find_dates):
        cached.cache_clear()
