"""Short written calls for scoring tests: one segment per turn, 5 s apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from callqa.qa.records import Segment, Transcript

SPEAKERS = {"a": "agent", "c": "customer", "agent": "agent", "customer": "customer"}


def mini_call(language: str, turns: Iterable[Sequence[str]]) -> Transcript:
    """A transcript of ``(speaker, text)`` turns (speaker ``a``/``c`` or
    ``agent``/``customer``), each 4.5 s long, starting at 1 s and 5 s apart."""
    segments, t = [], 1.0
    for who, text in turns:
        segments.append(Segment(start=t, end=t + 4.5, text=text, speaker=SPEAKERS[who]))
        t += 5.0
    return Transcript(language=language, duration_s=t, segments=tuple(segments))
