"""Turn-taking arithmetic on per-speaker speech masks: turns, interruptions, dead air.

Definitions used throughout (all on the hop grid, see ``timeline``):

- A *turn* starts when a speaker begins talking and the floor was not theirs.
  Speech by the other side that starts and ends inside the current turn (a
  backchannel such as "uh-huh", or a failed interruption) does not take the
  floor. Pauses inside one speaker's turn stay inside it, so the longest turn is
  the longest monologue: from its first to its last word without the other side
  taking over.
- An *interruption* by X is a stretch of X's speech that starts while the
  other side is already talking and overlaps that talk by at least
  ``min_overlap_s``.
- *Dead air* is silence on every channel lasting at least ``dead_air_min_s``
  between the first and the last speech of the call; silence before anyone
  speaks (ringing, pick-up) and after the last word is not counted.
- *First-response latency* runs from the end of the customer's first turn to
  the start of the agent's next turn, 0 when the agent starts before the
  customer has finished.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from callqa.qa.metrics.timeline import runs_of


@dataclass(frozen=True)
class Turn:
    """One speaker holding the floor, in seconds from call start."""

    speaker: str
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def build_turns(speech: Mapping[str, np.ndarray], hop_s: float) -> list[Turn]:
    """Return the call's turns, in order, from one speech mask per speaker."""
    runs: list[tuple[int, int, str]] = []
    for speaker, mask in speech.items():
        starts, ends = runs_of(mask)
        runs.extend(zip(starts.tolist(), ends.tolist(), [speaker] * starts.size, strict=True))
    runs.sort()

    turns: list[Turn] = []
    holder, turn_start, turn_end = "", 0, 0  # the turn in progress, in frames
    for start, end, speaker in runs:
        if speaker == holder:
            turn_end = max(turn_end, end)
        elif end > turn_end:  # not a backchannel inside the holder's turn: floor changes
            if holder:
                turns.append(Turn(holder, turn_start * hop_s, turn_end * hop_s))
            holder, turn_start, turn_end = speaker, start, end
    if holder:
        turns.append(Turn(holder, turn_start * hop_s, turn_end * hop_s))
    return turns


def count_interruptions(
    speaker: np.ndarray, other: np.ndarray, hop_s: float, min_overlap_s: float
) -> int:
    """Count stretches of ``speaker`` that start while ``other`` is already talking."""
    starts, ends = runs_of(speaker)
    other_starts, other_ends = runs_of(other)
    if starts.size == 0 or other_starts.size == 0:
        return 0
    index = np.searchsorted(other_starts, starts, side="right") - 1
    valid = index >= 0
    index = np.maximum(index, 0)
    inside = valid & (other_starts[index] < starts) & (starts < other_ends[index])
    overlap = np.minimum(ends, other_ends[index]) - starts
    min_frames = max(1, math.ceil(min_overlap_s / hop_s - 1e-9))
    return int(np.count_nonzero(inside & (overlap >= min_frames)))


def dead_air_spans(any_speech: np.ndarray, hop_s: float, min_s: float) -> list[tuple[float, float]]:
    """Return ``(start, end)`` seconds of every all-channel silence of at least ``min_s``."""
    starts, ends = runs_of(~np.asarray(any_speech, dtype=bool))
    inner = (starts > 0) & (ends < any_speech.size)
    min_frames = max(1, math.ceil(min_s / hop_s - 1e-9))
    keep = inner & ((ends - starts) >= min_frames)
    return [(s * hop_s, e * hop_s) for s, e in zip(starts[keep], ends[keep], strict=True)]


def longest_turn_s(turns: list[Turn], speaker: str) -> float:
    """Return the longest turn of ``speaker`` in seconds, 0 without turns."""
    return max((t.duration_s for t in turns if t.speaker == speaker), default=0.0)


def first_response_latency_s(
    turns: list[Turn], *, customer: str = "customer", agent: str = "agent"
) -> float | None:
    """Seconds from the end of the customer's first turn to the agent's next turn."""
    for i, turn in enumerate(turns):
        if turn.speaker != customer:
            continue
        answer = next((t for t in turns[i + 1 :] if t.speaker == agent), None)
        return None if answer is None else max(0.0, answer.start - turn.end)
    return None
