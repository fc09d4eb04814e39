"""Typed records passed between qa modules, flows, storage and the CLI.

Every record is a frozen dataclass: plain data, no behaviour that touches the
outside world. SQLModel tables live in ``models/`` and are built from these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Speaker = Literal["agent", "customer", "unknown"]
Verdict = Literal["met", "missed", "na", "violated"]


@dataclass(frozen=True)
class Word:
    """One recognised word with its time span in seconds from call start."""

    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    """A stretch of speech by one speaker, with its words when known."""

    start: float
    end: float
    text: str
    speaker: Speaker = "unknown"
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


@dataclass(frozen=True)
class Transcript:
    """The whole recognised call: language, duration and ordered segments."""

    language: str
    duration_s: float
    segments: tuple[Segment, ...]
    engine: str = ""
    model: str = ""
    # "estimated": the engine gave text per speech span and words were spread evenly over it
    word_times: Literal["aligned", "estimated"] = "aligned"
    # Whisper's word-weighted mean token log-probability over the call; None: no scores
    confidence: float | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())


@dataclass(frozen=True)
class CallMetadata:
    """What the CRM or dialler knows about a call, from a sidecar or file name."""

    rep: str | None = None
    lead_id: str | None = None
    campaign: str | None = None
    call_time: datetime | None = None
    direction: Literal["outbound", "inbound"] | None = None
    phone: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The words that justify a verdict, and where they were said."""

    text: str
    start: float
    end: float
    speaker: Speaker = "unknown"


@dataclass(frozen=True)
class ItemResult:
    """The verdict for one checklist item."""

    item_id: str
    label: str
    verdict: Verdict
    weight: float
    critical: bool = False
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""
    points: float = 0.0  # share of the 0..100 score earned (negative for a deduction)
    max_points: float = 0.0  # share of the 0..100 score this item was worth


@dataclass(frozen=True)
class CallScore:
    """A scored call: weighted total in 0..100 and the per-item verdicts."""

    checklist_name: str
    checklist_version: str
    language: str
    score: float
    passed: bool
    critical_failed: bool
    items: tuple[ItemResult, ...] = field(default_factory=tuple)
    persona: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    target_fit: Literal["right", "wrong", "unknown"] = "unknown"
    pass_mark: float | None = None  # the checklist's pass mark, for readers of the score
    target_fit_reason: str = ""  # why: "wrong number", "need and budget stated", ...
    target_fit_evidence: tuple[Evidence, ...] = field(default_factory=tuple)
