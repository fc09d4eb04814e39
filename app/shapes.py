"""The JSON shapes callqa writes, defined once: the CLI's ``--json`` and the API use them.

Transcript, score and metrics shapes validate what qa produces, so a change
to one of them shows here (and in the OpenAPI document) rather than silently
in a consumer. What each role may see is decided here too.

A marketer works with lead quality, not with customers: phone numbers reach
that role masked (all but the last three digits). Reviewers (qa_lead, coach,
admin) call customers back and see them whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from callqa.qa.metrics import CallMetrics
from callqa.qa.records import CallScore, Transcript
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from callqa.app.read_model import CallResult

FULL_CONTACT_ROLES = frozenset({"qa_lead", "coach", "admin"})


def mask_phone(phone: str | None) -> str | None:
    """``0912 345 678`` -> ``*******678``: enough to tell two leads apart, not to call."""
    if not phone:
        return phone
    digits = [c for c in phone if c.isdigit()]
    return "*" * max(len(digits) - 3, 0) + "".join(digits[-3:])


class LeadOut(BaseModel):
    """A CRM lead as the API shows it."""

    lead_id: str
    created_at: datetime
    source: str | None = None
    status: str
    stage: str
    owner: str | None = None
    phone: str | None = None
    first_contact_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None


def lead_out(lead, role: str) -> LeadOut:
    shown = LeadOut.model_validate(lead, from_attributes=True)
    if role not in FULL_CONTACT_ROLES:
        shown = shown.model_copy(update={"phone": mask_phone(shown.phone)})
    return shown


# --- transcript, score and metrics: what `callqa ... --json` writes and the API returns -------


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WordJSON(_Shape):
    start: float
    end: float
    text: str


class SegmentJSON(_Shape):
    speaker: str
    start: float
    end: float
    text: str
    words: list[WordJSON] | None = None


class TranscriptJSON(_Shape):
    """``callqa transcribe --json``; ``callqa score`` reads it back."""

    language: str
    duration_s: float
    engine: str = ""
    model: str = ""
    # "estimated": the engine gave text per speech span, words spread evenly over it
    word_times: Literal["aligned", "estimated"] = "aligned"
    segments: list[SegmentJSON]

    @classmethod
    def of(cls, transcript: Transcript, *, words: bool = False) -> TranscriptJSON:
        return cls(
            language=transcript.language,
            duration_s=transcript.duration_s,
            engine=transcript.engine,
            model=transcript.model,
            word_times=transcript.word_times,
            segments=[
                SegmentJSON(
                    speaker=seg.speaker,
                    start=round(seg.start, 3),
                    end=round(seg.end, 3),
                    text=seg.text,
                    words=[
                        WordJSON(start=round(w.start, 3), end=round(w.end, 3), text=w.text.strip())
                        for w in seg.words
                    ]
                    if words
                    else None,
                )
                for seg in transcript.segments
            ],
        )

    def to_json(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)


class EvidenceJSON(_Shape):
    speaker: str
    start: float
    end: float
    text: str


class ChecklistRef(_Shape):
    name: str
    version: str


class ItemJSON(_Shape):
    id: str
    label: str
    status: Literal["met", "missed", "not_applicable", "violated"]
    points: float
    max_points: float
    critical: bool
    evidence: list[EvidenceJSON]
    reason: str


class PersonaJSON(_Shape):
    fields: dict[str, str | None]
    evidence: dict[str, list[EvidenceJSON]]
    target_fit: Literal["right", "wrong", "unknown"]
    target_fit_reason: str = ""  # why: the wrong-target cue found, or what was not stated
    target_fit_evidence: list[EvidenceJSON] = []


class ScoreJSON(_Shape):
    """``callqa score --json``: a scored call with the evidence of every verdict."""

    score: float
    passed: bool
    pass_mark: float | None
    critical_failed: bool
    language: str
    checklist: ChecklistRef
    items: list[ItemJSON]
    persona: PersonaJSON

    @classmethod
    def of(cls, score: CallScore) -> ScoreJSON:
        from callqa.qa.scoring import score_to_dict

        return cls.model_validate(score_to_dict(score))


Status = Literal["met", "missed", "not_applicable", "violated"]
Fit = Literal["right", "wrong", "unknown"]


class ReviewedItemJSON(ItemJSON):
    """An item of a stored call: ``status`` and ``points`` after review, the machine's
    verdict beside them."""

    automated_status: Status
    overridden: bool


class AutomatedJSON(_Shape):
    """The machine's result of a stored call, kept beside the effective one."""

    score: float
    passed: bool
    critical_failed: bool
    target_fit: Fit  # the filled persona form with the scorer, before a reviewer's say


class ReviewedScoreJSON(ScoreJSON):
    """A stored call's score after people's reviews (``callqa show --format json`` and
    ``GET /api/calls/{id}``): the score JSON with the read model's effective verdicts,
    points, total, pass/fail and target fit; the machine's result in ``automated``.

    ``persona.target_fit_reason`` is the reviewer's reason when a reviewer set the
    fit (the scorer's own reason is not stored).
    """

    items: list[ReviewedItemJSON]
    automated: AutomatedJSON
    score_overridden: bool  # the total differs from the machine's
    fit_corrected: bool  # a reviewer set the target fit

    @classmethod
    def of(cls, result: CallResult, *, fit_reason: str = "") -> ReviewedScoreJSON:
        from callqa.app.read_model import item_points
        from callqa.qa.scoring.report import STATUS

        row = result.score
        points = item_points(result.rules, result.verdicts)
        correction = result.fit_correction
        return cls(
            score=result.effective.score,
            passed=result.effective.passed,
            pass_mark=row.pass_mark,
            critical_failed=result.effective.critical_failed,
            language=row.language,
            checklist=ChecklistRef(name=row.checklist_name, version=row.checklist_version),
            items=[
                ReviewedItemJSON(
                    id=item.item_id,
                    label=item.label,
                    status=STATUS[result.verdicts[item.item_id]],
                    points=points[item.item_id][0],
                    max_points=points[item.item_id][1],
                    critical=item.critical,
                    evidence=[EvidenceJSON.model_validate(e) for e in item.evidence],
                    reason=item.reason,
                    automated_status=STATUS[item.verdict],
                    overridden=result.verdicts[item.item_id] != item.verdict,
                )
                for item in result.items
            ],
            persona=PersonaJSON(
                fields={k: (ev[0]["text"] if ev else None) for k, ev in row.persona.items()},
                evidence={
                    k: [EvidenceJSON.model_validate(e) for e in ev] for k, ev in row.persona.items()
                },
                target_fit=result.target_fit,
                target_fit_reason=fit_reason if correction else "",
            ),
            automated=AutomatedJSON(
                score=result.automated.score,
                passed=result.automated.passed,
                critical_failed=result.automated.critical_failed,
                target_fit=result.machine_fit,
            ),
            score_overridden=result.score_overridden,
            fit_corrected=correction is not None,
        )


class SpeakerJSON(_Shape):
    speech_s: float | None
    talk_share: float | None
    longest_monologue_s: float | None
    turns: int
    words_per_minute: float | None


class IntervalJSON(_Shape):
    start: float | None
    end: float | None


class ChannelJSON(_Shape):
    peak_dbfs: float
    noise_floor_dbfs: float
    speech_level_dbfs: float | None
    speech_s: float | None
    clipping_ratio: float
    silent: bool


class QualityJSON(_Shape):
    clipping_ratio: float
    low_level: bool
    silent_channel: bool
    silent_channels: list[int]
    dual_mono: bool
    per_channel: list[ChannelJSON]


class MetricsJSON(_Shape):
    """``callqa analyze-audio --json``, and the metrics stored with each call."""

    duration_s: float | None
    channels: int
    sample_rate: int
    speech_s: float | None
    speakers: dict[str, SpeakerJSON]
    dead_air: list[IntervalJSON]
    overtalk_s: float | None
    interruptions: dict[str, int]
    first_response_latency_s: float | None
    quality: QualityJSON
    flags: list[str]

    @classmethod
    def of(cls, metrics: CallMetrics) -> MetricsJSON:
        return cls.model_validate(metrics.to_dict())
