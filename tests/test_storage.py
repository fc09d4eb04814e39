"""Storage on a real SQLite file: migrations, idempotent writes, lead linking."""

from datetime import UTC, datetime
from pathlib import Path

from callqa.models import crud
from callqa.models.db import current_revision, get_engine, session_scope
from callqa.models.tables import CallScore, ItemResult, Lead, Recording, TranscriptSegment
from callqa.qa.leads import LeadRecord
from callqa.qa.records import CallMetadata, Evidence, Segment, Transcript, Word
from callqa.qa.records import CallScore as ScoreRecord
from callqa.qa.records import ItemResult as ItemRecord
from sqlalchemy import inspect
from sqlmodel import func, select


def _count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _transcript(text: str = "hello there") -> Transcript:
    seg = Segment(0.5, 1.5, text, "agent", (Word(0.5, 1.0, " hello"), Word(1.0, 1.5, " there")))
    return Transcript("en", 12.0, (seg,), "faster-whisper", "base")


def _score(score: float) -> ScoreRecord:
    item = ItemRecord("greeting", "Greeting", "met", 1.0, evidence=(Evidence("hello", 0.5, 1.0),))
    return ScoreRecord("telesales", "1", "en", score, True, False, (item,), {}, "right")


def _lead(lead_id: str, phone: str | None, stage: str = "new") -> LeadRecord:
    return LeadRecord(
        lead_id=lead_id,
        created_at=datetime(2024, 3, 1, 8, tzinfo=UTC),
        status=stage,
        stage=stage,
        campaign="solar",
        phone=phone,
        phone_norm=phone and phone.lstrip("0"),
    )


def test_migrations_create_the_schema(db_url):
    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {
        "recording",
        "transcript_segment",
        "call_score",
        "item_result",
        "lead",
        "rep",
        "campaign",
        "alembic_version",
    } <= tables
    assert current_revision(engine) is not None


def test_register_is_idempotent_by_content_hash(db_url):
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        first, created = crud.register_recording(
            session=session, sha256="a" * 64, path=Path("a.wav"), size_bytes=10
        )
        again, created_again = crud.register_recording(
            session=session, sha256="a" * 64, path=Path("copy-of-a.wav"), size_bytes=10
        )
        assert created and not created_again
        assert first.id == again.id
        assert _count(session, Recording) == 1


def test_transcript_and_score_replace_instead_of_duplicating(db_url):
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        rec, _ = crud.register_recording(
            session=session, sha256="b" * 64, path=Path("b.wav"), size_bytes=1
        )
        for value in (40.0, 80.0):
            crud.save_transcript(
                session=session,
                recording=rec,
                transcript=_transcript(),
                channels=2,
                sample_rate=8000,
                asr_seconds=1.0,
            )
            crud.save_score(session=session, recording=rec, score=_score(value))
            crud.mark_done(session=session, recording=rec)
    with session_scope(engine) as session:
        assert _count(session, TranscriptSegment) == 1
        assert _count(session, CallScore) == 1
        assert _count(session, ItemResult) == 1
        assert session.exec(select(CallScore.score)).one() == 80.0
        item = session.exec(select(ItemResult)).one()
        assert item.evidence == [{"text": "hello", "start": 0.5, "end": 1.0, "speaker": "unknown"}]
        rec = session.exec(select(Recording)).one()
        assert (rec.status, rec.language, rec.channels) == ("done", "en", 2)
        stored = crud.load_transcript(session=session, recording=rec)
        assert stored.segments[0].text == "hello there"
        assert [w.text for w in stored.segments[0].words] == [" hello", " there"]


def test_upsert_leads_updates_in_place(db_url):
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        assert crud.upsert_leads(session=session, leads=[_lead("L1", "0912345678")]) == (1, 0)
        assert crud.upsert_leads(
            session=session, leads=[_lead("L1", "0912345678", "hot"), _lead("L2", None)]
        ) == (1, 1)
    with session_scope(engine) as session:
        assert _count(session, Lead) == 2
        assert session.exec(select(Lead.stage).where(Lead.lead_id == "L1")).one() == "hot"


def test_calls_link_by_lead_id_then_phone_and_relink_later(db_url):
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        by_id, _ = crud.register_recording(
            session=session, sha256="c" * 64, path=Path("c.wav"), size_bytes=1
        )
        by_phone, _ = crud.register_recording(
            session=session, sha256="d" * 64, path=Path("d.wav"), size_bytes=1
        )
        crud.apply_metadata(
            session=session, recording=by_id, metadata=CallMetadata(rep="Lan", lead_id="L1")
        )
        crud.apply_metadata(
            session=session, recording=by_phone, metadata=CallMetadata(phone="+84 912 345 678")
        )
        assert by_id.lead_pk is None and by_phone.lead_pk is None  # leads not imported yet
        crud.upsert_leads(session=session, leads=[_lead("L1", None), _lead("L2", "0912345678")])
        assert crud.relink_recordings(session=session) == 2
        leads = {lead.lead_id: lead.id for lead in session.exec(select(Lead)).all()}
        assert by_id.lead_pk == leads["L1"]
        assert by_phone.lead_pk == leads["L2"]
        assert by_phone.campaign_id is not None  # taken from the lead


def test_the_cheap_head_check_agrees_with_alembic(db_url):
    """``head_revisions`` reads the migration files without Alembic; it must name the
    same head Alembic does, or every run would migrate (slow) or none would (wrong)."""
    from alembic.script import ScriptDirectory
    from callqa.models.db import alembic_config, at_head, head_revisions

    engine = get_engine(db_url)
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert head_revisions() == frozenset(script.get_heads())
    assert at_head(engine)
