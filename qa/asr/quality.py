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
import re
import zlib
from collections.abc import Iterable, Mapping
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
class QualityReason:
    """Why the gate doubts a transcript: the signal's code and the figures behind it.

    Interfaces word it in their own language from ``code`` and ``params``;
    :meth:`text` is the English wording (logs, the CLI, stored flag reasons).
    ``code`` ``as_stored`` holds text stored before reasons had codes, in
    ``params["text"]``, shown as it is.
    """

    code: str  # speech_words, real_words, vietnamese_phrases, repetition, confidence, as_stored
    params: Mapping[str, float | int | str] = field(default_factory=dict, hash=False)

    def text(self) -> str:
        p = self.params
        if self.code in _ENGLISH:
            return _ENGLISH[self.code].format(**p)
        return str(p.get("text", self.code))

    def to_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


# English wording of each reason; _STORED reads the same wording back (flags and
# transcripts stored before reasons had codes, and flag reasons, which are text).
_ENGLISH = {
    "speech_words": "{words} words for {speech_s:.0f} s of speech",
    "real_words": "{share:.0%} of words are real words",
    "vietnamese_phrases": "{share:.0%} of syllables form dictionary words",
    "repetition": "text repeats itself (compression {ratio:.1f})",
    "confidence": "recogniser unsure (mean log-probability {log_prob:.2f})",
}
_STORED = (
    ("speech_words", re.compile(r"(?P<words>\d+) words for (?P<speech_s>[\d.]+) s of speech$")),
    ("real_words", re.compile(r"(?P<share>\d+)% of words are real words$")),
    ("vietnamese_phrases", re.compile(r"(?P<share>\d+)% of syllables form dictionary words$")),
    ("repetition", re.compile(r"text repeats itself \(compression (?P<ratio>[\d.]+)\)$")),
    (
        "confidence",
        re.compile(r"recogniser unsure \(mean log-probability (?P<log_prob>-?[\d.]+)\)$"),
    ),
)


def read_reason(stored: str | Mapping) -> QualityReason:
    """A reason as stored (a ``to_dict`` mapping, or English text from before codes)."""
    if isinstance(stored, Mapping):
        return QualityReason(str(stored.get("code", "as_stored")), dict(stored.get("params", {})))
    text = str(stored).strip()
    for code, pattern in _STORED:
        if found := pattern.match(text):
            params: dict[str, float | int | str] = {}
            for key, raw in found.groupdict().items():
                if key == "share":
                    params[key] = int(raw) / 100
                elif key == "words":
                    params[key] = int(raw)
                else:
                    params[key] = float(raw)
            return QualityReason(code, params)
    return QualityReason("as_stored", {"text": text})


def read_reasons(quality: Mapping | None) -> tuple[QualityReason, ...]:
    """The reasons of a stored ``TranscriptQuality.to_dict()`` (old English-only ones too)."""
    quality = quality or {}
    coded: Iterable = quality.get("reason_codes") or quality.get("reasons") or ()
    return tuple(read_reason(r) for r in coded)


@dataclass(frozen=True)
class TranscriptQuality:
    """The figure, each signal behind it, and the reasons (codes and figures)."""

    score: float  # 0..1: the lowest signal
    reliable: bool
    signals: dict[str, float] = field(default_factory=dict)  # name -> 0..1
    findings: tuple[QualityReason, ...] = ()  # the signals under the threshold, lowest first

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in English words (logs)."""
        return tuple(r.text() for r in self.findings)

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "reliable": self.reliable,
            "signals": dict(self.signals),
            "reasons": list(self.reasons),  # English, for people reading the stored JSON
            "reason_codes": [r.to_dict() for r in self.findings],
        }


def assess(transcript: Transcript, speech_s: float, min_score: float) -> TranscriptQuality:
    """How far ``transcript`` can be trusted, given ``speech_s`` seconds of detected speech."""
    tokens = [t for t in (lexicon.normalise(w) for w in transcript.text.split()) if t]
    signals: dict[str, float] = {}
    notes: dict[str, dict[str, float | int]] = {}
    rate = len(tokens) / speech_s if speech_s > 0 else math.inf
    if speech_s >= MIN_SPEECH_S:
        signals["speech_words"] = (
            0.0 if len(tokens) < MIN_WORDS else _ramp(rate, 0.0, MIN_WORDS_PER_SPEECH_S)
        )
        notes["speech_words"] = {"words": len(tokens), "speech_s": round(speech_s, 1)}
    if tokens:
        share = _real_share(tokens, transcript.language)
        signals["real_words"] = _ramp(share, REAL_WORDS_BAD, REAL_WORDS_GOOD)
        notes["real_words"] = {"share": round(share, 3)}
        if transcript.language == "vi" and len(tokens) >= MIN_PHRASE_SYLLABLES:
            vi = lexicon.vietnamese()
            phrases = lexicon.compound_share(tokens, vi)
            signals["vietnamese_phrases"] = _ramp(phrases, PHRASES_BAD, PHRASES_GOOD)
            notes["vietnamese_phrases"] = {"share": round(phrases, 3)}
        ratio = _compression(" ".join(tokens))
        signals["repetition"] = 1.0 - _ramp(ratio, MAX_COMPRESSION, LOOP_COMPRESSION)
        notes["repetition"] = {"ratio": round(ratio, 2)}
    confidence = _confidence(transcript)
    if confidence is not None:
        signals["confidence"] = _ramp(confidence, LOG_PROB_FLOOR, LOG_PROB_GOOD)
        notes["confidence"] = {"log_prob": round(confidence, 3)}
    signals = {k: round(v, 3) for k, v in signals.items()}
    score = min(signals.values(), default=1.0)
    reasons = tuple(
        QualityReason(k, notes[k])
        for k, v in sorted(signals.items(), key=lambda kv: kv[1])
        if v < min_score
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
