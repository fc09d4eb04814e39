"""SQLModel tables. The schema itself is owned by the Alembic migrations.

Times are timezone-aware and come back in UTC (SQLModel's UTCDateTime). JSON
columns hold small nested values that are always read with their row (word
timings, evidence, persona fields).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)


class Rep(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)


class Lead(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(unique=True, index=True)  # the CRM's own id
    created_at: datetime
    source: str | None = None
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    status: str  # the CRM's label as exported
    stage: str = Field(index=True)  # canonical stage (qa.config.CANONICAL_STAGES)
    owner: str | None = None
    phone: str | None = None
    phone_norm: str | None = Field(default=None, index=True)
    first_contact_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Recording(SQLModel, table=True):
    """One audio file, identified by the sha256 of its bytes."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, index=True, max_length=64)
    path: str = Field(index=True)
    size_bytes: int
    file_mtime_ns: int | None = Field(default=None, sa_type=BigInteger)  # re-runs skip hashing
    status: str = Field(default="pending", index=True)  # pending | processing | done | failed
    error: str | None = None
    claimed_by: str | None = None  # "host:pid" of the worker processing it
    claimed_at: datetime | None = None
    attempts: int = 0  # how many times a worker claimed it
    language: str | None = None
    duration_s: float | None = None
    channels: int | None = None
    sample_rate: int | None = None
    engine: str | None = None
    model: str | None = None
    asr_seconds: float | None = None
    rep_id: int | None = Field(default=None, foreign_key="rep.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    lead_ref: str | None = None  # lead id as given by the call's metadata
    lead_pk: int | None = Field(default=None, foreign_key="lead.id", index=True)
    phone: str | None = None
    call_time: datetime | None = None
    direction: str | None = None
    registered_at: datetime = Field(default_factory=utcnow)
    processed_at: datetime | None = None
    # The transcript-quality gate (qa.asr.quality): figure 0..1, and whether it fell below
    # transcript_quality.min_score. An unreliable call is kept out of every judgement.
    transcript_quality: float | None = None
    transcript_unreliable: bool = Field(default=False, index=True)
    quality: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class TranscriptSegment(SQLModel, table=True):
    __tablename__ = "transcript_segment"

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    idx: int
    speaker: str
    start: float
    end: float
    text: str
    words: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class CallScore(SQLModel, table=True):
    __tablename__ = "call_score"
    __table_args__ = (UniqueConstraint("recording_id", "checklist_name", "checklist_version"),)

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    checklist_name: str
    checklist_version: str
    language: str
    score: float
    passed: bool
    critical_failed: bool
    target_fit: str = "unknown"
    pass_mark: float | None = None
    persona: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    scored_at: datetime = Field(default_factory=utcnow)


class ItemResult(SQLModel, table=True):
    __tablename__ = "item_result"

    id: int | None = Field(default=None, primary_key=True)
    call_score_id: int = Field(foreign_key="call_score.id", index=True)
    item_id: str
    label: str
    verdict: str  # met | missed | na | violated
    weight: float
    critical: bool = False
    forbidden: bool = False  # the checklist's rule, so a review can re-score the call
    on_violation: str = "subtract"  # forbidden items: subtract | fail
    reason: str = ""
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class CallMetrics(SQLModel, table=True):
    """Conversation metrics measured from a call's audio (one row per recording)."""

    __tablename__ = "call_metrics"

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", unique=True, index=True)
    speech_s: float
    agent_talk_share: float | None = None
    dead_air_s: float = 0.0
    longest_dead_air_s: float = 0.0
    overtalk_s: float | None = None
    agent_interruptions: int | None = None
    customer_interruptions: int | None = None
    first_response_latency_s: float | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))  # the full JSON


class Flag(SQLModel, table=True):
    """A reason for a person to review a call; one per call and kind."""

    __table_args__ = (UniqueConstraint("recording_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    kind: str = Field(index=True)
    severity: int
    reason: str
    status: str = Field(default="open", index=True)  # open | reviewed
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class User(SQLModel, table=True):
    """A person who signs in to the review web app (``callqa users add``)."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    role: str  # qa_lead | coach | marketer | admin
    password_hash: str  # argon2id, as argon2-cffi encodes it
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class LoginFailure(SQLModel, table=True):
    """One failed sign-in for a (normalised) name: the throttle's memory, shared by processes."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=64)
    failed_at: datetime = Field(default_factory=utcnow, index=True)


class WebSession(SQLModel, table=True):
    """A signed-in browser; the cookie holds a random token, the table only its sha256."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    csrf_token: str
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class ReviewAction(SQLModel, table=True):
    """One reviewer's action on a call; the automated score and items are never changed.

    ``kind`` is ``item`` (target: the item id), ``score`` (target: ``total``),
    ``fit`` (target: ``target_fit``: the one fit correction, from the call page,
    the persona panel or the API), ``persona`` (target: a form field; the form's
    name and version in the checklist columns) or ``flag`` (target: the flag's
    kind). Item and score actions belong to the checklist version they were made
    against; a fit correction holds across versions.
    """

    __tablename__ = "review_action"

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    reviewer: str  # the user's name when the action was taken
    kind: str = Field(index=True)
    target: str
    checklist_name: str | None = None
    checklist_version: str | None = None
    before: str | None = None
    after: str
    reason: str = ""
    created_at: datetime = Field(default_factory=utcnow)
