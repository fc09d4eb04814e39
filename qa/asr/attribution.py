"""Speaker-attribution accuracy: how many recognised words went to the right speaker.

The reference is a list of (speaker, text) turns without times (a transcript
marked AGENT/CUSTOMER by hand). Hypothesis and reference words are aligned by
their spelling (difflib's longest matching blocks on normalised words); the
accuracy is the share of aligned words whose speakers agree. Words that do not
align (recognition errors) are left out and counted separately.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from callqa.qa.records import Segment


@dataclass(frozen=True)
class Attribution:
    accuracy: float
    aligned_words: int
    reference_words: int


def normalise_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w' ]+", " ", text).split()


def read_marked_turns(text: str) -> list[tuple[str, str]]:
    """``AGENT: ...`` / ``CUSTOMER: ...`` lines (``#`` comments skipped)."""
    turns = []
    for line in text.splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        speaker, words = line.split(":", 1)
        turns.append((speaker.strip().lower(), words.strip()))
    return turns


def speaker_attribution(
    segments: Sequence[Segment], reference: Sequence[tuple[str, str]]
) -> Attribution:
    ref = [(w, spk) for spk, text in reference for w in normalise_words(text)]
    hyp = [(w, seg.speaker) for seg in segments for w in normalise_words(seg.text)]
    matcher = difflib.SequenceMatcher(a=[w for w, _ in ref], b=[w for w, _ in hyp], autojunk=False)
    agree = aligned = 0
    for a, b, size in matcher.get_matching_blocks():
        for i in range(size):
            aligned += 1
            agree += ref[a + i][1] == hyp[b + i][1]
    return Attribution(agree / aligned if aligned else 0.0, aligned, len(ref))
