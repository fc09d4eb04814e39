"""The JSON API's response shapes (declared as ``response_model``, so in the OpenAPI document).

Built from the read model (:mod:`app.read_model`); transcript-derived turns,
scores and metrics use the shapes of :mod:`app.shapes`, and what a role may
see is decided there.
"""

from __future__ import annotations

import inspect
import logging
import re
from datetime import datetime

from callqa.app.read_model import CallView
from callqa.app.shapes import LeadOut, MetricsJSON, ReviewedScoreJSON, lead_out
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

logger = logging.getLogger(__name__)


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class MeOut(_Out):
    name: str
    role: str
    csrf_token: str


class FlagOut(_Out):
    id: int
    recording_id: int
    kind: str
    severity: int
    reason: str
    status: str
    created_at: datetime
    updated_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class QueueFlagOut(FlagOut):
    rep: str | None = None
    campaign: str | None = None
    call_time: datetime | None = None


class ActionOut(_Out):
    """One stored review action: ``kind`` item, score, fit (the call's target fit, however
    it was set), persona (a form field's value: ``checklist_name`` and ``checklist_version``
    then name the form) or flag."""

    id: int
    recording_id: int
    reviewer: str
    kind: str
    target: str
    checklist_name: str | None = None
    checklist_version: str | None = None
    before: str | None = None
    after: str
    reason: str
    created_at: datetime


class CallRowOut(_Out):
    recording_id: int
    name: str
    path: str
    status: str
    error: str | None
    language: str | None
    duration_s: float | None
    channels: int | None
    call_time: datetime | None
    rep: str | None
    campaign: str | None
    lead_id: str | None
    lead_stage: str | None
    lead_loss_cause: str | None
    score: float | None
    passed: bool | None
    effective_score: float | None
    effective_passed: bool | None
    target_fit: str | None
    overridden: bool
    open_flags: int
    unreliable: bool = False  # transcript below the quality gate: scored, not judged


class TurnOut(_Out):
    speaker: str
    start: float
    end: float
    text: str


class AgreementOut(_Out):
    first: str
    second: str
    items: int
    agreed: int
    differing: list[str]
    first_score: float
    second_score: float
    share: float | None


class QualityReasonOut(_Out):
    """Why the transcript-quality gate doubts a transcript (``qa.asr.quality``):
    ``code`` names the signal, ``params`` its figures (``as_stored``: ``text``)."""

    code: str
    params: dict[str, float | int | str] = {}


class CallDetailOut(BaseModel):
    """One stored call as the API returns it and ``callqa show --format json`` prints it.

    ``score`` is the score JSON (:class:`app.shapes.ReviewedScoreJSON`) with the read
    model's effective values and the machine's result beside them; the call-list
    fields ``effective_score``, ``effective_passed``, ``target_fit`` and
    ``lead_loss_cause`` repeat those effective values, as ``/api/calls`` names them.
    """

    recording_id: int
    file: str
    rep: str | None
    campaign: str | None
    call_time: datetime | None
    language: str | None
    duration_s: float | None
    lead: LeadOut | None
    lead_loss_cause: str | None
    score: ReviewedScoreJSON | None
    effective_score: float | None
    effective_passed: bool | None
    target_fit: str | None
    unreliable: bool = False  # transcript below the quality gate: scored, not judged
    quality_reasons: list[str] = []  # in English words, as before
    quality_reason_codes: list[QualityReasonOut] = []  # the same: code and figures, to word
    turns: list[TurnOut]
    metrics: MetricsJSON | None
    flags: list[FlagOut]
    history: list[ActionOut]
    calibration: list[AgreementOut]


def call_detail(view: CallView, role: str) -> CallDetailOut:
    """The call as ``role`` may see it (a marketer gets the lead's phone number masked)."""
    rec = view.recording
    fit_reason = next((a.reason for a in reversed(view.history) if a.kind == "fit"), "")
    return CallDetailOut(
        recording_id=rec.id,
        file=view.name,
        rep=view.rep,
        campaign=view.campaign,
        call_time=rec.call_time,
        language=rec.language,
        duration_s=rec.duration_s,
        lead=lead_out(view.lead, role) if view.lead else None,
        lead_loss_cause=view.lead_loss_cause,
        score=ReviewedScoreJSON.of(view.result, fit_reason=fit_reason) if view.result else None,
        effective_score=view.effective_score,
        effective_passed=view.effective_passed,
        target_fit=view.target_fit,
        unreliable=view.unreliable,
        quality_reasons=[r.text() for r in view.quality_reasons],
        quality_reason_codes=[
            QualityReasonOut(code=r.code, params=dict(r.params)) for r in view.quality_reasons
        ],
        turns=[TurnOut.model_validate(turn) for turn in view.turns],
        metrics=_metrics(view),
        flags=[FlagOut.model_validate(flag) for flag in view.flags],
        history=[ActionOut.model_validate(row) for row in view.history],
        calibration=[AgreementOut.model_validate(a) for a in view.calibration],
    )


def _metrics(view: CallView) -> MetricsJSON | None:
    if view.metrics is None:
        return None
    try:
        return MetricsJSON.model_validate(view.metrics.data)
    except ValidationError as exc:  # stored by an older version in another shape
        logger.warning("call %s: stored metrics do not fit the shape: %s", view.recording.id, exc)
        return None


# --- reports: the rows `callqa report ... --format json` writes, declared ---------------------


def _named_columns(pattern: str, description: str):
    """A row's columns named after data, declared by the pattern of their names: the
    schema's ``additionalProperties`` (their type) becomes ``patternProperties``."""

    def extra(schema: dict, cls: type) -> None:
        schema["patternProperties"] = {pattern: schema.pop("additionalProperties")}
        schema["additionalProperties"] = False
        doc = inspect.cleandoc(cls.__doc__ or "")
        schema["description"] = f"{doc}\n\n{description}".strip()

    return extra


class WeekOut(BaseModel):
    week: str  # ISO week, "2024-W09"
    mean_score: float
    calls: int


PASS_RATE = r"^pass_rate_"


class RepRowOut(BaseModel):
    """One rep's scorecard, then the persona form's columns
    (:func:`app.reports_persona.rep_rows`)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra=_named_columns(
            PASS_RATE, "``pass_rate_<item>``: an item's pass rate (null: never applied)."
        ),
    )
    __pydantic_extra__: dict[str, float | None] = Field(init=False)

    rep: str
    calls: int
    mean_score: float
    pass_rate: float
    weekly: list[WeekOut]
    weakest_calls: list[int]  # recording ids, lowest effective score first
    form_calls: int | None  # calls with a filled persona form (None: no call filled one)
    form_completeness: float | None  # mean share of the form collected
    not_collected: dict[str, float] | None  # form field -> share of the calls missing it
    form_recording_ids: list[int]  # the calls behind the form figures

    @model_validator(mode="after")
    def _only_pass_rates(self) -> RepRowOut:
        other = [k for k in self.__pydantic_extra__ or {} if not re.match(PASS_RATE, k)]
        if other:
            raise ValueError(f"undeclared report columns: {', '.join(other)}")
        return self


class ReasonShareOut(BaseModel):
    reason: str  # a disqualifying reason in the marketer's words
    share: float  # share of the reached leads it applies to


GROUP = r"^(campaign|source|rep|month)$"


class CampaignRowOut(BaseModel):
    """One group of the lead-quality report, its name under the grouping's key
    (``campaign``, ``source``, ``rep`` or ``month``); the TOTAL row last. The funnel's
    columns, then the persona form's (:func:`app.reports_persona.campaign_rows`); the
    persona figures are null when no call of the group filled a form."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra=_named_columns(GROUP, "The group's name, under the grouping's key."),
    )
    __pydantic_extra__: dict[str, str] = Field(init=False)

    new: int
    reached: int
    potential: int
    hot: int
    closed: int
    wrong_target: int
    closed_rate: float | None
    hot_rate: float | None
    wrong_target_rate: float | None
    reached_rate: float | None
    potential_rate: float | None
    speed_to_lead_median_min: float | None
    within_sla_share: float | None
    never_contacted: int
    lost_wrong_target: int
    lost_never_called: int
    lost_late_contact: int
    lost_transcript_unreliable: int
    lost_poor_handling: int
    lost_handled_well: int
    form_completeness: float | None  # mean share of the form collected
    persona_leads: int | None  # reached leads with a filled form
    fit_right_rate: float | None  # share of those leads that fit the target
    fit_wrong_rate: float | None
    fit_unknown_rate: float | None
    top_disqualifying_reasons: list[ReasonShareOut] | None
    persona_lost_leads: int | None
    lost_right_target_poorly_handled_rate: float | None  # of the lost leads: fit, poor handling
    persona_recording_ids: list[int]  # the calls behind the persona figures
    lead_ids: dict[str, list[str]]  # figure -> the CRM lead ids behind it

    @model_validator(mode="after")
    def _one_group_name(self) -> CampaignRowOut:
        names = list(self.__pydantic_extra__ or {})
        if len(names) != 1 or not re.match(GROUP, names[0]):
            raise ValueError(f"a row needs one group name, not: {', '.join(names) or 'none'}")
        return self


class CampaignReportOut(BaseModel):
    rows: list[CampaignRowOut]
    unlinked_calls: int  # processed calls linked to no lead
