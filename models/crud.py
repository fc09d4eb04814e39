"""Keyword-only reads and writes over the tables; flows and the CLI call these.

Writes that belong together (a transcript and its score) happen in one
transaction, so a crash leaves a recording either fully stored or pending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from callqa.models.tables import (
    CallMetrics,
    CallScore,
    Campaign,
    Flag,
    ItemResult,
    Lead,
    Recording,
    Rep,
    TranscriptSegment,
    utcnow,
)
from callqa.qa import records, review
from callqa.qa.flags import Flag as FlagRecord
from callqa.qa.leads import LeadRecord, normalize_phone
from sqlalchemy import bindparam
from sqlalchemy import insert as sa_insert
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, delete, select

if TYPE_CHECKING:  # annotations only: a run with nothing to do imports neither
    from callqa.qa.asr.quality import TranscriptQuality
    from callqa.qa.metrics import CallMetrics as MetricsRecord


def get_or_create_rep(*, session: Session, name: str | None) -> Rep | None:
    return _get_or_create_named(session, Rep, name)


def get_or_create_campaign(*, session: Session, name: str | None) -> Campaign | None:
    return _get_or_create_named(session, Campaign, name)


def _get_or_create_named(session: Session, table, name: str | None):
    """The row of ``table`` (Rep or Campaign) with this name, created if new."""
    if not name:
        return None
    row = session.exec(select(table).where(table.name == name)).first()
    if row is None:
        row = table(name=name)
        session.add(row)
        session.flush()
    return row


def upsert_leads(
    *, session: Session, leads: Sequence[LeadRecord], campaigns: dict[str, int] | None = None
) -> tuple[int, int]:
    """Insert new leads and update known ones by ``lead_id``; returns (created, updated).

    One query finds the known ids and two bulk statements write the batch, so
    a large export goes in at thousands of rows a second; ``campaigns`` (name
    -> id) is a cache the caller may keep across batches. For one id given
    twice, the later record wins.
    """
    batch = {record.lead_id: record for record in leads}  # later rows win
    if not batch:
        return 0, 0
    campaigns = {} if campaigns is None else campaigns
    for name in sorted({r.campaign for r in batch.values() if r.campaign} - campaigns.keys()):
        campaigns[name] = get_or_create_campaign(session=session, name=name).id
    query = select(Lead.lead_id, Lead.id).where(col(Lead.lead_id).in_(list(batch)))
    known = {lead_id: pk for lead_id, pk in session.exec(query).all()}
    now = utcnow()
    inserts, updates = [], []
    for record in batch.values():
        values = {name: getattr(record, name) for name in _LEAD_FIELDS}
        values["campaign_id"] = campaigns[record.campaign] if record.campaign else None
        values["updated_at"] = now
        if record.lead_id in known:
            updates.append({"pk": known[record.lead_id], **values})
        else:
            inserts.append(values)
    table = Lead.__table__
    connection = session.connection()  # plain executemany: no ORM objects for a big batch
    if inserts:
        connection.execute(sa_insert(table), inserts)
    if updates:
        statement = sa_update(table).where(table.c.id == bindparam("pk"))
        connection.execute(statement, updates)
    return len(inserts), len(updates)


_LEAD_FIELDS = tuple(f.name for f in fields(LeadRecord) if f.name != "campaign")


def find_lead(*, session: Session, lead_id: str | None, phone: str | None) -> Lead | None:
    """The lead a call belongs to: by CRM id, else by normalised phone number."""
    if lead_id:
        lead = session.exec(select(Lead).where(Lead.lead_id == lead_id)).first()
        if lead is not None:
            return lead
    phone_norm = normalize_phone(phone)
    if phone_norm:
        return session.exec(
            select(Lead).where(Lead.phone_norm == phone_norm).order_by(Lead.created_at.desc())
        ).first()
    return None


def get_recording_by_hash(*, session: Session, sha256: str) -> Recording | None:
    return session.exec(select(Recording).where(Recording.sha256 == sha256)).first()


def register_recording(
    *, session: Session, sha256: str, path: Path, size_bytes: int
) -> tuple[Recording, bool]:
    """The recording with this content hash, created if new; returns (recording, created).

    Safe when two runs register the same file at once: the insert skips an
    existing hash (ON CONFLICT DO NOTHING) and both get the one stored row.
    """
    recording = get_recording_by_hash(session=session, sha256=sha256)
    if recording is not None:
        return recording, False
    if session.get_bind().dialect.name == "postgresql":  # imported here: the one in use only
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = (
        insert(Recording)
        .values(
            sha256=sha256,
            path=str(path),
            size_bytes=size_bytes,
            status="pending",
            attempts=0,
            registered_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(Recording.id)
    )
    created = session.exec(statement).first() is not None
    return get_recording_by_hash(session=session, sha256=sha256), created


def apply_metadata(
    *, session: Session, recording: Recording, metadata: records.CallMetadata
) -> None:
    rep = get_or_create_rep(session=session, name=metadata.rep)
    campaign = get_or_create_campaign(session=session, name=metadata.campaign)
    lead = find_lead(session=session, lead_id=metadata.lead_id, phone=metadata.phone)
    recording.rep_id = rep.id if rep else None
    recording.lead_ref = metadata.lead_id
    recording.lead_pk = lead.id if lead else None
    if campaign is None and lead is not None:
        recording.campaign_id = lead.campaign_id
    else:
        recording.campaign_id = campaign.id if campaign else None
    recording.phone = metadata.phone
    recording.call_time = metadata.call_time
    recording.direction = metadata.direction
    recording.language = metadata.language  # a hint until the call is transcribed
    session.add(recording)


def relink_recordings(*, session: Session) -> int:
    """Link calls stored before their leads were imported; returns how many were linked."""
    linked = 0
    for recording in session.exec(select(Recording).where(Recording.lead_pk.is_(None))):
        lead = find_lead(session=session, lead_id=recording.lead_ref, phone=recording.phone)
        if lead is not None:
            recording.lead_pk = lead.id
            recording.campaign_id = recording.campaign_id or lead.campaign_id
            session.add(recording)
            linked += 1
    return linked


def mark_failed(*, session: Session, recording: Recording, error: str) -> None:
    recording.status = "failed"
    recording.error = error
    recording.processed_at = utcnow()
    session.add(recording)


def save_transcript(
    *,
    session: Session,
    recording: Recording,
    transcript: records.Transcript,
    channels: int,
    sample_rate: int,
    asr_seconds: float,
    quality: TranscriptQuality | None = None,
) -> None:
    """Replace the recording's segments with ``transcript`` (re-runs never duplicate).

    ``quality`` is the gate's verdict on it; without one the call counts as reliable.
    """
    session.exec(delete(TranscriptSegment).where(TranscriptSegment.recording_id == recording.id))
    for idx, seg in enumerate(transcript.segments):
        session.add(
            TranscriptSegment(
                recording_id=recording.id,
                idx=idx,
                speaker=seg.speaker,
                start=seg.start,
                end=seg.end,
                text=seg.text,
                words=[
                    {"start": w.start, "end": w.end, "text": w.text, "p": round(w.probability, 3)}
                    for w in seg.words
                ],
            )
        )
    recording.language = transcript.language
    recording.duration_s = transcript.duration_s
    recording.channels = channels
    recording.sample_rate = sample_rate
    recording.engine = transcript.engine
    recording.model = transcript.model
    recording.asr_seconds = round(asr_seconds, 3)
    recording.transcript_quality = quality.score if quality else None
    recording.transcript_unreliable = bool(quality and not quality.reliable)
    recording.quality = quality.to_dict() if quality else {}
    session.add(recording)


def save_score(
    *,
    session: Session,
    recording: Recording,
    score: records.CallScore,
    rules: Mapping[str, review.ItemRule] | None = None,
) -> CallScore:
    """Store a score, replacing one by the same checklist name and version.

    ``rules`` (the checklist's, :func:`qa.review.checklist_rules`) are stored
    with each verdict so a review can re-score the call; without them they are
    read off the scored result.
    """
    rules = rules if rules is not None else review.rules_from_result(score.items)
    old = session.exec(
        select(CallScore).where(
            CallScore.recording_id == recording.id,
            CallScore.checklist_name == score.checklist_name,
            CallScore.checklist_version == score.checklist_version,
        )
    ).first()
    if old is not None:
        session.exec(delete(ItemResult).where(ItemResult.call_score_id == old.id))
        session.delete(old)
        session.flush()
    row = CallScore(
        recording_id=recording.id,
        checklist_name=score.checklist_name,
        checklist_version=score.checklist_version,
        language=score.language,
        score=score.score,
        passed=score.passed,
        critical_failed=score.critical_failed,
        target_fit=score.target_fit,
        pass_mark=score.pass_mark,
        persona={field: [asdict(e) for e in evidence] for field, evidence in score.persona.items()},
    )
    session.add(row)
    session.flush()
    for item in score.items:
        session.add(
            ItemResult(
                call_score_id=row.id,
                item_id=item.item_id,
                label=item.label,
                verdict=item.verdict,
                weight=item.weight,
                critical=item.critical,
                forbidden=rules[item.item_id].forbidden if item.item_id in rules else False,
                on_violation=(
                    rules[item.item_id].on_violation if item.item_id in rules else "subtract"
                ),
                reason=item.reason,
                evidence=[asdict(e) for e in item.evidence],
            )
        )
    return row


def save_metrics(*, session: Session, recording: Recording, metrics: MetricsRecord) -> None:
    """Store (or replace) the audio metrics of a recording."""
    session.exec(delete(CallMetrics).where(CallMetrics.recording_id == recording.id))
    agent = metrics.speakers.get("agent")
    gaps = [d.end - d.start for d in metrics.dead_air]
    session.add(
        CallMetrics(
            recording_id=recording.id,
            speech_s=round(metrics.speech_s, 3),
            agent_talk_share=agent.talk_share if agent else None,
            dead_air_s=round(sum(gaps), 3),
            longest_dead_air_s=round(max(gaps, default=0.0), 3),
            overtalk_s=metrics.overtalk_s,
            agent_interruptions=metrics.interruptions.get("agent"),
            customer_interruptions=metrics.interruptions.get("customer"),
            first_response_latency_s=metrics.first_response_latency_s,
            flags=list(metrics.flags),
            data=metrics.to_dict(),
        )
    )


def mark_done(*, session: Session, recording: Recording) -> None:
    recording.status = "done"
    recording.error = None
    recording.processed_at = datetime.now(UTC)
    session.add(recording)


def load_transcript(*, session: Session, recording: Recording) -> records.Transcript:
    """Rebuild the typed transcript of a stored call (for re-scoring)."""
    rows = session.exec(
        select(TranscriptSegment)
        .where(TranscriptSegment.recording_id == recording.id)
        .order_by(TranscriptSegment.idx)
    ).all()
    segments = tuple(
        records.Segment(
            start=row.start,
            end=row.end,
            text=row.text,
            speaker=row.speaker,  # type: ignore[arg-type]
            words=tuple(
                records.Word(w["start"], w["end"], w["text"], w.get("p", 1.0)) for w in row.words
            ),
        )
        for row in rows
    )
    return records.Transcript(
        language=recording.language or "",
        duration_s=recording.duration_s or 0.0,
        segments=segments,
        engine=recording.engine or "",
        model=recording.model or "",
    )


def sync_flags(*, session: Session, wanted: dict[tuple[int, str], FlagRecord]) -> tuple[int, int]:
    """Make stored flags match ``wanted`` ((recording_id, kind) -> flag).

    New flags are opened, existing ones keep their status and history; an open
    flag whose cause is gone is removed, a reviewed one is kept. Returns
    (opened, removed).
    """
    opened = removed = 0
    existing = {(f.recording_id, f.kind): f for f in session.exec(select(Flag))}
    for key, flag in wanted.items():
        row = existing.get(key)
        if row is None:
            session.add(
                Flag(
                    recording_id=key[0], kind=flag.kind, severity=flag.severity, reason=flag.reason
                )
            )
            opened += 1
        elif (row.reason, row.severity) != (flag.reason, flag.severity):
            row.reason, row.severity, row.updated_at = flag.reason, flag.severity, utcnow()
            session.add(row)
    for key, row in existing.items():
        if key not in wanted and row.status == "open":
            session.delete(row)
            removed += 1
    session.flush()
    return opened, removed


def score_record(score: CallScore, items: Sequence[ItemResult]) -> records.CallScore:
    """Rebuild the typed score of a stored row and its item rows."""
    return records.CallScore(
        checklist_name=score.checklist_name,
        checklist_version=score.checklist_version,
        language=score.language,
        score=score.score,
        passed=score.passed,
        critical_failed=score.critical_failed,
        items=tuple(
            records.ItemResult(
                item_id=i.item_id,
                label=i.label,
                verdict=i.verdict,  # type: ignore[arg-type]
                weight=i.weight,
                critical=i.critical,
                evidence=tuple(records.Evidence(**e) for e in i.evidence),
                reason=i.reason,
            )
            for i in items
        ),
        target_fit=score.target_fit,  # type: ignore[arg-type]
        pass_mark=score.pass_mark,
    )
