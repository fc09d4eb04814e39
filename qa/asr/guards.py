"""Guards against text the decoder invented rather than heard.

Whisper's typical inventions on hard audio (synthetic or accented speech, line
noise, long pauses) are loops, the same few words emitted over and over ("mùa em
tìm, mùa em tìm, ..."), and fluent text over silence. Loops are cut back to one
copy; segments the model itself rates as probably silent and poorly decoded are
dropped. Everything here is pure: segments in, segments out.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from callqa.qa.asr.compact import join_words
from callqa.qa.records import Segment, Word

T = TypeVar("T")

LOOP_MIN_REPEATS = 3  # a phrase of 2+ words said 3 times in a row is a decoder loop
WORD_LOOP_MIN_REPEATS = 4  # a single word needs 4: "no, no, no" and "dạ dạ dạ" are real speech
MAX_LOOP_WORDS = 12  # longest phrase checked for repetition, in words
NO_SPEECH_PROB = 0.6  # with LOG_PROB below: the model heard silence and guessed text
LOG_PROB = -1.0  # mean token log-probability under which a segment is a poor decode
MAX_COMPRESSION_RATIO = 2.4  # text that zlib shrinks more than this is still repetitive


def word_key(text: str) -> str:
    """A word compared for repetition: NFC, lower case, no punctuation."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z")))


def collapse_loops(
    items: Sequence[T],
    key: Callable[[T], str],
    *,
    min_repeats: int = LOOP_MIN_REPEATS,
    word_min_repeats: int = WORD_LOOP_MIN_REPEATS,
    max_words: int = MAX_LOOP_WORDS,
) -> list[T]:
    """Keep one copy of every phrase repeated back to back ``min_repeats`` times or more.

    Phrases of one to ``max_words`` items are tried at each position; the repeat
    covering the most items wins. Single items need ``word_min_repeats``.
    """
    keys = [key(item) for item in items]
    kept: list[T] = []
    i = 0
    while i < len(keys):
        best_n, best_count = 0, 0
        for n in range(1, max_words + 1):
            needed = word_min_repeats if n == 1 else min_repeats
            if i + n * needed > len(keys):
                break
            phrase = keys[i : i + n]
            count = 1
            while keys[i + count * n : i + (count + 1) * n] == phrase:
                count += 1
            if count >= needed and n * count > best_n * best_count:
                best_n, best_count = n, count
        if best_n:
            kept.extend(items[i : i + best_n])
            i += best_n * best_count
        else:
            kept.append(items[i])
            i += 1
    return kept


def collapse_text(text: str) -> str:
    """``text`` with its word loops cut to one copy (words split on white space)."""
    return " ".join(collapse_loops(text.split(), word_key))


def compression_ratio(text: str) -> float:
    """Bytes of ``text`` over bytes of its zlib compression (Whisper's loop measure)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def is_silence_guess(segment: Segment) -> bool:
    """The model thought this was silence and its text is a low-confidence guess."""
    return segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOG_PROB


def clean_segments(segments: Sequence[Segment]) -> tuple[Segment, ...]:
    """Drop silence guesses, cut loops (also across segment borders), drop what is left empty.

    Loops are found on the word sequence of all segments together, since a loop
    often continues from one segment into the next; segments without word
    timings contribute their white-space words.
    """
    kept = [s for s in segments if not is_silence_guess(s)]
    tagged: list[tuple[int, Word | str]] = []
    for index, segment in enumerate(kept):
        units: Sequence[Word | str] = segment.words or segment.text.split()
        tagged.extend((index, unit) for unit in units)
    survivors = collapse_loops(tagged, lambda pair: word_key(_text_of(pair[1])))
    by_segment: dict[int, list[Word | str]] = {}
    for index, unit in survivors:
        by_segment.setdefault(index, []).append(unit)

    out: list[Segment] = []
    for index, segment in enumerate(kept):
        units = by_segment.get(index, [])
        if len(units) == len(segment.words or segment.text.split()):
            cleaned = segment
        elif segment.words:
            words = tuple(u for u in units if isinstance(u, Word))
            if not words:
                continue
            cleaned = replace(
                segment,
                start=words[0].start,
                end=words[-1].end,
                text=join_words(words),
                words=words,
            )
        else:
            cleaned = replace(segment, text=" ".join(str(u) for u in units))
        if not cleaned.text.strip() or compression_ratio(cleaned.text) > MAX_COMPRESSION_RATIO:
            continue
        out.append(cleaned)
    return tuple(out)


def _text_of(unit: Word | str) -> str:
    return unit.text if isinstance(unit, Word) else unit
