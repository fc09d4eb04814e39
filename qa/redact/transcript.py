"""Mask PII in a transcript's segment texts and word records.

Consecutive segments of the same speaker are searched as one text, so a number
dictated across a segment boundary is still found; each segment then masks its
own part. Words are aligned to their segment's text; the words a span covers
collapse into one word that carries the mask and spans their time.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import replace

from callqa.qa.records import Segment, Transcript, Word
from callqa.qa.redact.detect import apply_masks, find_pii
from callqa.qa.redact.settings import Redaction, RedactionSettings

logger = logging.getLogger(__name__)

_SAME_SPEAKER = " "
_NEW_SPEAKER = "\n|\n"  # '|' joins no digit run and no e-mail address


def redact_transcript(
    transcript: Transcript, settings: RedactionSettings = RedactionSettings()
) -> Transcript:
    """``transcript`` with PII masked in every segment's text and words; audio is untouched."""
    if not settings.enabled or not transcript.segments:
        return transcript
    text, offsets = _joined(transcript.segments)
    spans = [r for r in find_pii(text) if r.kind in settings.kinds]
    if not spans:
        return transcript
    logger.debug("masked %d PII spans in %d segments", len(spans), len(transcript.segments))
    ends = [r.end for r in spans]  # sorted: spans are sorted and do not overlap
    segments = tuple(
        _redact_segment(
            segment, _clip(spans[bisect_right(ends, offset) :], offset, segment.text), settings
        )
        for segment, offset in zip(transcript.segments, offsets, strict=True)
    )
    return replace(transcript, segments=segments)


def _joined(segments: tuple[Segment, ...]) -> tuple[str, list[int]]:
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for k, segment in enumerate(segments):
        if k:
            same = segment.speaker == segments[k - 1].speaker
            sep = _SAME_SPEAKER if same else _NEW_SPEAKER
            parts.append(sep)
            pos += len(sep)
        offsets.append(pos)
        parts.append(segment.text)
        pos += len(segment.text)
    return "".join(parts), offsets


def _clip(spans: list[Redaction], offset: int, text: str) -> list[Redaction]:
    """The parts of sorted ``spans`` inside a segment's ``text`` at ``offset``, in its offsets.

    A part that starts or ends on the space joining two segments is trimmed to the text.
    """
    clipped = []
    for r in spans:
        if r.start >= offset + len(text):
            break
        start, end = max(r.start - offset, 0), min(r.end - offset, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            clipped.append(Redaction(r.kind, start, end))
    return clipped


def _redact_segment(
    segment: Segment, spans: list[Redaction], settings: RedactionSettings
) -> Segment:
    if not spans:
        return segment
    text = apply_masks(segment.text, spans, settings)
    return replace(segment, text=text, words=_redact_words(segment, spans, settings))


def _redact_words(
    segment: Segment, spans: list[Redaction], settings: RedactionSettings
) -> tuple[Word, ...]:
    words = segment.words
    ranges = _align(segment.text, words)
    if ranges is None:
        # The words do not spell the segment's text: search their own text instead.
        joined, ranges = _joined_words(words)
        spans = [r for r in find_pii(joined) if r.kind in settings.kinds]
        source = joined
    else:
        source = segment.text
    out: list[Word] = []
    k = 0
    for lo, hi, group in _word_groups(spans, ranges):
        out.extend(words[k:lo])
        first, last = words[lo], words[hi]
        begin, finish = ranges[lo][0], ranges[hi][1]
        local = [
            Redaction(r.kind, max(r.start, begin) - begin, min(r.end, finish) - begin)
            for r in group
        ]
        lead = first.text[: len(first.text) - len(first.text.lstrip())]
        covered = words[lo : hi + 1]
        out.append(
            Word(
                start=first.start,
                end=max(last.end, first.start),
                text=lead + apply_masks(source[begin:finish], local, settings),
                probability=min(w.probability for w in covered),
            )
        )
        k = hi + 1
    out.extend(words[k:])
    return tuple(out)


def _align(text: str, words: tuple[Word, ...]) -> list[tuple[int, int]] | None:
    """Each word's character range in ``text``, found in order; None if one is missing."""
    ranges, pos = [], 0
    for word in words:
        core = word.text.strip()
        at = text.find(core, pos)
        if at < 0:
            return None
        ranges.append((at, at + len(core)))
        pos = at + len(core)
    return ranges


def _joined_words(words: tuple[Word, ...]) -> tuple[str, list[tuple[int, int]]]:
    parts, ranges, pos = [], [], 0
    for word in words:
        core = word.text.strip()
        if parts:
            parts.append(" ")
            pos += 1
        ranges.append((pos, pos + len(core)))
        parts.append(core)
        pos += len(core)
    return "".join(parts), ranges


def _word_groups(
    spans: list[Redaction], ranges: list[tuple[int, int]]
) -> list[tuple[int, int, list[Redaction]]]:
    """Runs of word indices ``lo..hi`` covered by spans; spans sharing a word share a group."""
    groups: list[tuple[int, int, list[Redaction]]] = []
    for r in spans:
        covered = [i for i, (s, e) in enumerate(ranges) if s < r.end and r.start < e]
        if not covered:
            continue
        lo, hi = covered[0], covered[-1]
        if groups and lo <= groups[-1][1]:
            prev_lo, prev_hi, prev = groups[-1]
            groups[-1] = (prev_lo, max(prev_hi, hi), [*prev, r])
        else:
            groups.append((lo, hi, [r]))
    return groups
