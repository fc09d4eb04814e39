"""Decode only speech: splice speech spans into one short signal, map times back.

Whisper pays one encoder pass per 30-second window it looks at, however little
speech the window holds. Passing each utterance as its own clip therefore costs
one pass per utterance, and decoding a whole channel costs one pass per 30 s of
file. Splicing the speech spans end to end (with a short silence between them,
so the decoder still hears a pause) and cutting the result into windows of at
most 30 s of whole spans makes the cost follow speech time instead.

Times the decoder reports on the spliced signal are mapped back onto the
original timeline with :class:`SpeechMap`: the same idea as faster-whisper's
``collect_chunks`` and ``SpeechTimestampsMap``, but for our energy spans and
with segments split where the original audio had a pause between spans.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from callqa.qa.records import Segment, Word

GAP_S = 0.5  # silence between spliced spans, a pause to end a segment on (vi WER 0.87; 0.2 s: 0.89)
WINDOW_S = 30.0  # Whisper's input window
MIN_WINDOW_S = 5.0  # speech is not split into windows shorter than this to run them side by side


@dataclass(frozen=True)
class SpeechMap:
    """Where each original speech span sits in the spliced signal (all in samples)."""

    sample_rate: int
    original: tuple[tuple[int, int], ...]  # (start, end) in the original signal
    compact: tuple[tuple[int, int], ...]  # (start, end) of the same span, spliced

    @property
    def duration_s(self) -> float:
        return (self.compact[-1][1] if self.compact else 0) / self.sample_rate

    def to_original(self, t_s: float, *, is_end: bool = False) -> float:
        """Map a spliced time (seconds) to the original timeline.

        A time inside an inserted gap snaps to the nearer real edge for its role:
        a start to the next span's start, an end to the previous span's end.
        """
        return self.locate(t_s, is_end=is_end)[1]

    def locate(self, t_s: float, *, is_end: bool = False) -> tuple[int, float]:
        """``(span index, original seconds)`` for a spliced time; see :meth:`to_original`."""
        if not self.compact:
            return 0, t_s
        sample = round(t_s * self.sample_rate)
        starts = [start for start, _ in self.compact]
        index = max(bisect.bisect_right(starts, sample) - 1, 0)
        c_start, c_end = self.compact[index]
        o_start, o_end = self.original[index]
        if sample < c_start:  # before the first span
            return index, round(o_start / self.sample_rate, 3)
        if sample > c_end:  # inside the gap after span ``index``
            if is_end or index + 1 == len(self.original):
                return index, round(o_end / self.sample_rate, 3)
            return index + 1, round(self.original[index + 1][0] / self.sample_rate, 3)
        return index, round((o_start + sample - c_start) / self.sample_rate, 3)

    def windows(self, max_s: float = WINDOW_S, min_count: int = 1) -> list[tuple[float, float]]:
        """Decoder windows over the spliced signal: whole spans, at most ``max_s`` each.

        As few windows as fit, or ``min_count`` when there is enough speech for
        that many of at least ``MIN_WINDOW_S`` (an engine decoding windows side
        by side asks for one per worker), with the speech shared out as evenly
        as whole spans allow: 34 s of speech is two windows of about 17 s, not
        30 s and 4 s, so neither decoder waits long for the other. (Rounding
        three windows up to four cost more encoder time than it saved.) A single
        span longer than ``max_s`` gets a window of its own; the decoder then
        moves through it 30 s at a time as usual.
        """
        if not self.compact:
            return []
        limit = round(max_s * self.sample_rate)
        fewest = len(_pack(self.compact, limit))
        speech_s = sum(end - start for start, end in self.compact) / self.sample_rate
        wanted = min(min_count, len(self.compact), int(speech_s // MIN_WINDOW_S))
        count = max(fewest, wanted)
        longest_span = max(end - start for start, end in self.compact)
        low, high = min(longest_span, limit), limit  # a span over the limit stays on its own
        while low < high:  # the shortest longest-window that packs into ``count`` windows
            middle = (low + high) // 2
            if len(_pack(self.compact, middle)) <= count:
                high = middle
            else:
                low = middle + 1
        rate = self.sample_rate
        return [(a / rate, b / rate) for a, b in _pack(self.compact, low)]

    def remap(self, segments: Iterable[Segment]) -> tuple[Segment, ...]:
        """Segments on the original timeline, split where their words cross a span gap."""
        out: list[Segment] = []
        for segment in segments:
            out.extend(self._remap_one(segment))
        return tuple(out)

    def _remap_one(self, segment: Segment) -> list[Segment]:
        if not segment.words:
            start = self.to_original(segment.start)
            end = max(self.to_original(segment.end, is_end=True), start)
            return [replace(segment, start=start, end=end)]
        groups: list[tuple[int, list[Word]]] = []
        for word in segment.words:
            index, start = self.locate(word.start)
            end = max(self.to_original(word.end, is_end=True), start)
            mapped = replace(word, start=start, end=end)
            if groups and groups[-1][0] == index:
                groups[-1][1].append(mapped)
            else:
                groups.append((index, [mapped]))
        if len(groups) == 1:
            words = groups[0][1]
            return [replace(segment, start=words[0].start, end=words[-1].end, words=tuple(words))]
        return [
            replace(
                segment,
                start=words[0].start,
                end=words[-1].end,
                text=join_words(words),
                words=tuple(words),
            )
            for _, words in groups
        ]


def _pack(spans: Sequence[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Spans (in order) gathered greedily into windows no longer than ``limit`` samples."""
    windows: list[tuple[int, int]] = []
    for start, end in spans:
        if windows and end - windows[-1][0] <= limit:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def join_words(words: Sequence[Word]) -> str:
    """Text of Whisper words, which carry their own leading spaces."""
    return "".join(w.text if w.text.startswith(" ") else " " + w.text for w in words).strip()


def splice(
    signal: np.ndarray,
    sample_rate: int,
    spans: Sequence[tuple[float, float]],
    gap_s: float = GAP_S,
) -> tuple[np.ndarray, SpeechMap]:
    """Join ``spans`` (seconds) of ``signal`` in the order given, ``gap_s`` of silence apart.

    Spans must not overlap but need not be in time order: two channels laid end
    to end can be spliced in conversation order. Empty spans are skipped.
    """
    n = signal.shape[-1]
    gap = round(gap_s * sample_rate)
    original: list[tuple[int, int]] = []
    for lo_s, hi_s in spans:
        lo = min(max(round(lo_s * sample_rate), 0), n)
        hi = min(max(round(hi_s * sample_rate), 0), n)
        if hi > lo:
            original.append((lo, hi))
    pieces: list[np.ndarray] = []
    compact: list[tuple[int, int]] = []
    position = 0
    silence = np.zeros(gap, dtype=np.float32)
    for lo, hi in original:
        if pieces:
            pieces.append(silence)
            position += gap
        pieces.append(signal[lo:hi])
        compact.append((position, position + hi - lo))
        position += hi - lo
    spliced = np.concatenate(pieces).astype(np.float32, copy=False) if pieces else signal[:0]
    return spliced, SpeechMap(sample_rate, tuple(original), tuple(compact))
