"""Merge per-channel recognition into time-ordered speaker turns.

Whisper segments often span several turns of a conversation (a customer's
"yes" lands inside the agent's segment on the other channel), so merging whole
segments interleaves speakers badly. Merging word by word keeps each word
with its speaker and its time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from callqa.qa.records import Segment, Speaker, Word

MAX_PAUSE_IN_TURN_S = 1.5  # a longer pause by the same speaker starts a new segment


def merge_by_words(
    channels: Mapping[Speaker, Sequence[Segment]], max_pause_s: float = MAX_PAUSE_IN_TURN_S
) -> tuple[Segment, ...]:
    """Interleave the speakers' words by start time and group them into turns."""
    tagged: list[tuple[Word, Speaker, Segment]] = []
    for speaker, segments in channels.items():
        for segment in segments:
            words = segment.words or (Word(segment.start, segment.end, segment.text),)
            tagged.extend((word, speaker, segment) for word in words if word.text.strip())
    tagged.sort(key=lambda item: (item[0].start, item[0].end))

    turns: list[Segment] = []
    current: list[tuple[Word, Speaker, Segment]] = []
    for item in tagged:
        if current and (
            item[1] != current[-1][1] or item[0].start - current[-1][0].end > max_pause_s
        ):
            turns.append(_turn(current))
            current = []
        current.append(item)
    if current:
        turns.append(_turn(current))
    return tuple(turns)


def _turn(items: list[tuple[Word, Speaker, Segment]]) -> Segment:
    words = tuple(word for word, _, _ in items)
    parents = {id(seg): seg for _, _, seg in items}.values()
    return Segment(
        start=words[0].start,
        end=max(w.end for w in words),
        text="".join(w.text if w.text.startswith(" ") else " " + w.text for w in words).strip(),
        speaker=items[0][1],
        words=words,
        avg_logprob=min(seg.avg_logprob for seg in parents),
        no_speech_prob=max(seg.no_speech_prob for seg in parents),
    )
