"""The transcript-quality gate: one explainable figure per transcript.

A call whose transcript cannot be trusted must not be judged: its score would
blame the rep for the recogniser's mistakes. Each transcript gets a figure in
0..1, the lowest of a few signals that each mean something on their own (so
the weakest one is the reason given):

* ``speech_words``: speech was heard but (almost) no words came out. Words per
  second of detected speech, against ``MIN_WORDS_PER_SPEECH_S``.
* ``real_words``: share of tokens that are words of the call's language (or
  of the other language: calls mix in English names), from pinned word lists
  (:mod:`qa.asr.lexicon`). Recognisers guessing at sounds produce non-words.
* ``vietnamese_phrases`` (Vietnamese only): share of syllables that form
  multi-syllable dictionary words. A recogniser that only emits valid
  syllables (viet-asr) still strings them into non-phrases when it guesses.
* ``repetition``: a decoder loop says the same few words again and again; zlib
  compression ratio of the text, 1.0 up to ``MAX_COMPRESSION`` and falling after.
* ``confidence`` (Whisper only): the decoder's mean token log-probability,
  weighted by words, scaled from ``LOG_PROB_FLOOR`` (0) to ``LOG_PROB_GOOD`` (1);
  Whisper's no-speech probability of a segment with text lowers it
  (``Transcript.confidence``, :func:`qa.asr.call.decoder_confidence`).

Each signal is scaled to 0..1 where 1 means "nothing wrong here". The
thresholds below were set on the bundled sample calls and the odd-numbered
real clips; ``benchmarks/asr.py`` reports the gate on the others.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

from callqa.qa.asr import lexicon
from callqa.qa.records import Transcript

MIN_WORDS = 3  # fewer words than this over real speech is "no words"
MIN_WORDS_PER_SPEECH_S = 0.8  # calmest real speech here is about 2 words a second
REAL_WORDS_GOOD = 0.95  # share of dictionary words at which the signal is 1
REAL_WORDS_BAD = 0.75  # ... and 0
# Share of syllables in multi-syllable dictionary words. Written sample dialogues: 0.18-0.34;
# eight real read sentences: 0.30-0.47; viet-asr on the espeak-ng sample calls: 0.09-0.18.
PHRASES_GOOD = 0.30
PHRASES_BAD = 0.10
MIN_PHRASE_SYLLABLES = 40  # one sentence is too short: real ones range from 0 to 0.7
MAX_COMPRESSION = 2.0  # zlib ratio of plain speech stays below; loops go far above
LOOP_COMPRESSION = 3.5
LOG_PROB_GOOD = -0.45  # mean token log-probability of a clean decode
LOG_PROB_FLOOR = -1.2
MIN_SPEECH_S = 2.0  # less detected speech than this: too little to judge, counted reliable


@dataclass(frozen=True)
class TranscriptQuality:
    """The figure, each signal behind it, and the reasons in words."""

    score: float  # 0..1: the lowest signal
    reliable: bool
    signals: dict[str, float] = field(default_factory=dict)  # name -> 0..1
    reasons: tuple[str, ...] = ()  # the signals under the threshold, in words

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "reliable": self.reliable,
            "signals": dict(self.signals),
            "reasons": list(self.reasons),
        }


def assess(transcript: Transcript, speech_s: float, min_score: float) -> TranscriptQuality:
    """How far ``transcript`` can be trusted, given ``speech_s`` seconds of detected speech."""
    tokens = [t for t in (lexicon.normalise(w) for w in transcript.text.split()) if t]
    signals: dict[str, float] = {}
    notes: dict[str, str] = {}
    rate = len(tokens) / speech_s if speech_s > 0 else math.inf
    if speech_s >= MIN_SPEECH_S:
        signals["speech_words"] = (
            0.0 if len(tokens) < MIN_WORDS else _ramp(rate, 0.0, MIN_WORDS_PER_SPEECH_S)
        )
        notes["speech_words"] = f"{len(tokens)} words for {speech_s:.0f} s of speech"
    if tokens:
        share = _real_share(tokens, transcript.language)
        signals["real_words"] = _ramp(share, REAL_WORDS_BAD, REAL_WORDS_GOOD)
        notes["real_words"] = f"{share:.0%} of words are real words"
        if transcript.language == "vi" and len(tokens) >= MIN_PHRASE_SYLLABLES:
            vi = lexicon.vietnamese()
            phrases = lexicon.compound_share(tokens, vi)
            signals["vietnamese_phrases"] = _ramp(phrases, PHRASES_BAD, PHRASES_GOOD)
            notes["vietnamese_phrases"] = f"{phrases:.0%} of syllables form dictionary words"
        ratio = _compression(" ".join(tokens))
        signals["repetition"] = 1.0 - _ramp(ratio, MAX_COMPRESSION, LOOP_COMPRESSION)
        notes["repetition"] = f"text repeats itself (compression {ratio:.1f})"
    confidence = _confidence(transcript)
    if confidence is not None:
        signals["confidence"] = _ramp(confidence, LOG_PROB_FLOOR, LOG_PROB_GOOD)
        notes["confidence"] = f"recogniser unsure (mean log-probability {confidence:.2f})"
    signals = {k: round(v, 3) for k, v in signals.items()}
    score = min(signals.values(), default=1.0)
    reasons = tuple(
        notes[k] for k, v in sorted(signals.items(), key=lambda kv: kv[1]) if v < min_score
    )
    return TranscriptQuality(round(score, 3), score >= min_score, signals, reasons)


def _ramp(value: float, bad: float, good: float) -> float:
    """0 at or below ``bad``, 1 at or above ``good``, linear between."""
    if value >= good:
        return 1.0
    if value <= bad:
        return 0.0
    return (value - bad) / (good - bad)


def _real_share(tokens: list[str], language: str) -> float:
    vi, en = lexicon.vietnamese(), lexicon.english()
    first = vi if language == "vi" else en
    other = en if language == "vi" else vi
    real = sum(
        1 for t in tokens if t.isdigit() or lexicon.is_word(t, first) or lexicon.is_word(t, other)
    )
    return real / len(tokens)


def _compression(text: str) -> float:
    raw = text.encode("utf-8")
    if len(raw) < 40:  # too short for zlib to say anything
        return 1.0
    return len(raw) / len(zlib.compress(raw))


def _confidence(transcript: Transcript) -> float | None:
    return transcript.confidence
