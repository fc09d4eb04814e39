"""A batch's end (relink, refresh flags) is skipped only when nothing it reads changed.

The database counts every write to the tables the end reads (migration
0012_change_mark's triggers), whoever writes; each kind of write below must make
the next end run, and an end with nothing new must be skipped. SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from callqa.app import review
from callqa.app.batch import run_batch
from callqa.app.batch_end import end_batch
from callqa.app.read_model import call_results
from callqa.app.settings import load_settings
from callqa.models import crud
from callqa.models.accounts import create_user
from callqa.models.db import get_engine, session_scope
from callqa.models.persona import latest_personas
from callqa.models.tables import CallMetrics, CallScore, Campaign, Flag, Lead, Recording
from callqa.qa.leads import LeadRecord
from sqlalchemy import text
from sqlmodel import select

from tests.seed import seed_sample_db


@pytest.fixture
def seeded(db_url, tmp_path):
    """The sample calls stored and their batch ended: (settings, engine, reviewer id)."""
    sqlite = db_url.startswith("sqlite")
    config = seed_sample_db(tmp_path, db_url=None if sqlite else db_url)
    settings = load_settings(config, db_url=None, environ={})
    engine = get_engine(settings.db_url)
    with session_scope(engine) as session:
        user = create_user(session=session, name="lan", role="qa_lead", password_hash="x")
    end_batch(engine, settings.config)
    return settings, engine, user.id


def _ends_again(engine, config) -> bool:
    """Whether the next end runs; the one after it (nothing new) must be skipped."""
    ran = not end_batch(engine, config).skipped
    assert end_batch(engine, config).skipped, "an end with nothing new was not skipped"
    return ran


def _a_recording(session) -> Recording:
    query = select(Recording).where(Recording.status == "done").order_by(Recording.id)
    return session.exec(query).first()


def test_nothing_changed_skips_the_end(seeded):
    settings, engine, _ = seeded
    assert end_batch(engine, settings.config).skipped
    with session_scope(engine) as session:  # writes the end does not read: still skipped
        create_user(session=session, name="minh", role="coach", password_hash="x")
    assert end_batch(engine, settings.config).skipped


def test_a_lost_change_mark_ends_the_batch_and_comes_back(seeded):
    settings, engine, _ = seeded
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM change_mark"))
    assert _ends_again(engine, settings.config)
    with session_scope(engine) as session:  # and counting goes on
        session.add(Campaign(name="Tết 2027"))
    assert _ends_again(engine, settings.config)


def test_every_write_the_end_reads_makes_it_run_again(seeded):
    settings, engine, user_id = seeded
    config = settings.config
    with session_scope(engine) as session:
        first = _a_recording(session)
        results = call_results(session, [first.id])
    item = next(iter(results[first.id].verdicts))

    def review_item():
        verdict = "missed" if results[first.id].verdicts[item] != "missed" else "met"
        review.override_item(
            engine,
            user_id=user_id,
            recording_id=first.id,
            item_id=item,
            verdict=verdict,
            reason="heard it",
        )

    def review_score():
        review.override_score(
            engine, user_id=user_id, recording_id=first.id, score_value=12, reason="poor"
        )

    def review_fit():
        review.override_target_fit(
            engine, user_id=user_id, recording_id=first.id, fit="wrong", reason="a student"
        )

    def import_lead():
        lead = LeadRecord(
            lead_id="LD-9001",
            created_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
            status="Lost",
            stage="lost",
        )
        with session_scope(engine) as session:
            crud.upsert_leads(session=session, leads=[lead])

    def update_lead():
        with session_scope(engine) as session:
            lead = session.exec(select(Lead).order_by(Lead.id)).first()
            lead.stage = "lost"
            session.add(lead)

    def register_recording():
        with session_scope(engine) as session:
            crud.register_recording(
                session=session, sha256="f" * 64, path=Path("/calls/new.wav"), size_bytes=10
            )

    def relink():
        with session_scope(engine) as session:
            recording = session.get(Recording, first.id)
            recording.lead_pk = None
            session.add(recording)

    def fail_recording():
        with session_scope(engine) as session:
            new = session.exec(select(Recording).where(Recording.sha256 == "f" * 64)).one()
            crud.mark_failed(session=session, recording=new, error="bad file")

    def save_score():
        with session_scope(engine) as session:
            row = session.exec(select(CallScore).where(CallScore.recording_id == first.id)).one()
            row.score = 1.0
            session.add(row)

    def save_metrics():
        with session_scope(engine) as session:
            session.add(CallMetrics(recording_id=first.id, speech_s=20.0, longest_dead_air_s=30.0))

    def refill_form():
        with session_scope(engine) as session:
            row = latest_personas(session, [first.id])[first.id]
            row.completeness = 0.0
            session.add(row)

    writes = [
        review_item,
        review_score,
        review_fit,
        import_lead,
        update_lead,
        register_recording,
        relink,
        fail_recording,
        save_score,
        save_metrics,
        refill_form,
    ]
    for write in writes:
        write()
        assert _ends_again(engine, config), f"{write.__name__} did not make the end run"


def test_changed_flag_rules_or_sla_make_it_run_again(seeded):
    settings, engine, _ = seeded
    config = settings.config
    no_dead_air = config.model_copy(update={"flags": config.flags.__class__(long_dead_air_s=None)})
    assert _ends_again(engine, no_dead_air)
    later = config.model_copy(update={"leads": config.leads.model_copy(update={"sla_minutes": 5})})
    assert _ends_again(engine, later)
    assert not end_batch(engine, config).skipped  # back to the first rules: they changed too


def test_a_review_made_between_runs_refreshes_flags_on_the_next_run(seeded, tmp_path):
    """A reviewer (in the web app) corrects a lost lead's call to the wrong target; the
    next ``callqa run`` over an already-processed folder takes the lost lead's
    poor-handling flag off the call (its loss is now charged to the wrong target)."""
    settings, engine, user_id = seeded
    with session_scope(engine) as session:
        charged = select(Flag.recording_id).where(Flag.kind == "lost_poor_handling")
        recording_id = session.exec(charged).first()
    assert recording_id is not None  # the sample leads include lost ones, poorly handled
    review.override_target_fit(
        engine, user_id=user_id, recording_id=recording_id, fit="wrong", reason="a student"
    )
    empty = tmp_path / "nothing-new"
    empty.mkdir()

    run_batch(settings, empty)

    with session_scope(engine) as session:
        kinds = session.exec(select(Flag.kind).where(Flag.recording_id == recording_id)).all()
    assert "lost_poor_handling" not in kinds
    assert end_batch(engine, settings.config).skipped


def test_a_lead_import_between_runs_refreshes_flags_on_the_next_run(seeded, tmp_path):
    """Leads imported elsewhere (the web app, another process) between runs: the lost
    leads were won back. The next run over an already-processed folder takes their
    calls' lost-lead flags off."""
    settings, engine, _ = seeded
    with session_scope(engine) as session:
        lost = session.exec(select(Lead).where(Lead.stage == "lost")).all()
        charged = set(
            session.exec(select(Flag.recording_id).where(Flag.kind == "lost_poor_handling"))
        )
        assert lost and charged  # the sample data has lost leads, poorly handled
        crud.upsert_leads(
            session=session,
            leads=[
                LeadRecord(
                    lead_id=lead.lead_id,
                    created_at=lead.created_at,
                    status="Won",
                    stage="closed",
                    first_contact_at=lead.first_contact_at,
                )
                for lead in lost
            ],
        )
    empty = tmp_path / "nothing-new"
    empty.mkdir()

    run_batch(settings, empty)

    with session_scope(engine) as session:
        kinds = session.exec(select(Flag.kind).where(Flag.recording_id.in_(charged))).all()
    assert "lost_poor_handling" not in kinds
    forced = end_batch(engine, settings.config, always=True)  # the run left nothing to do
    assert (forced.opened, forced.removed, forced.linked) == (0, 0, 0)


def test_new_code_deciding_the_end_makes_it_run_again(seeded, tmp_path, monkeypatch):
    """An upgrade or an edit of a module that decides the flags ends the next batch again."""
    import sys
    import types

    from callqa.app import batch_end

    settings, engine, _ = seeded
    source = tmp_path / "flag_rules_module.py"
    source.write_text("RULE = 1\n", encoding="utf-8")
    module = types.ModuleType("flag_rules_module")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, "flag_rules_module", module)
    monkeypatch.setattr(
        batch_end, "DECIDING_MODULES", (*batch_end.DECIDING_MODULES, module.__name__)
    )
    assert not end_batch(engine, settings.config).skipped  # a module it did not know of
    assert end_batch(engine, settings.config).skipped

    source.write_text("RULE = 22\n", encoding="utf-8")  # a new version of the code

    assert _ends_again(engine, settings.config)
