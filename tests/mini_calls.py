"""Short written calls for scoring tests: one segment per turn, 5 s apart, and
the scored verdicts read from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from callqa.qa.records import CallScore, ItemResult, Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist

SPEAKERS = {"a": "agent", "c": "customer", "agent": "agent", "customer": "customer"}


def mini_call(language: str, turns: Iterable[Sequence[str]]) -> Transcript:
    """A transcript of ``(speaker, text)`` turns (speaker ``a``/``c`` or
    ``agent``/``customer``), each 4.5 s long, starting at 1 s and 5 s apart."""
    segments, t = [], 1.0
    for who, text in turns:
        segments.append(Segment(start=t, end=t + 4.5, text=text, speaker=SPEAKERS[who]))
        t += 5.0
    return Transcript(language=language, duration_s=t, segments=tuple(segments))


def scored(scorer: Scorer, transcript: Transcript) -> CallScore:
    """``transcript`` scored against its language's default checklist; read an
    item with ``item_of`` and a persona field as ``.persona[field]``."""
    return scorer.score(transcript, default_checklist(transcript.language))


def item_of(result: CallScore, item_id: str) -> ItemResult:
    """The verdict of item ``item_id`` in a scored call."""
    return next(r for r in result.items if r.item_id == item_id)
