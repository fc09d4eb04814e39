"""Migration 0010: the persona panel's older fit corrections become the one fit correction."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from callqa.app.read_model import call_results
from callqa.models import crud
from callqa.models.db import get_engine, migrate, session_scope
from callqa.models.tables import ReviewAction, User
from callqa.qa.records import CallScore as ScoreRecord
from callqa.qa.records import ItemResult as ItemRecord
from sqlmodel import select


def test_persona_fit_corrections_become_fit_actions(db_url):
    engine = get_engine(db_url, upgrade=False)
    migrate(engine, "0009_transcript_quality")
    with session_scope(engine) as session:
        recording, _ = crud.register_recording(
            session=session, sha256="c" * 64, path=Path("c.wav"), size_bytes=1
        )
        item = ItemRecord("greeting", "Greeting", "met", 1.0)
        for version in ("1", "2"):
            crud.save_score(
                session=session,
                recording=recording,
                score=ScoreRecord("sales", version, "en", 100.0, True, False, (item,), {}, "right"),
            )
        user = User(name="lan", role="qa_lead", password_hash="x")
        session.add(user)
        session.flush()
        for kind, target, after, minute in (
            ("persona", "fit", "wrong", 1),  # the panel's fit, stored with its form
            ("persona", "budget", "30000000", 2),  # a field's value stays a persona correction
        ):
            session.add(
                ReviewAction(
                    recording_id=recording.id,
                    user_id=user.id,
                    reviewer="lan",
                    kind=kind,
                    target=target,
                    checklist_name="solar-rooftop",
                    checklist_version="2024.1",
                    before="right",
                    after=after,
                    reason="renter",
                    created_at=datetime(2024, 10, 1, 9, minute, tzinfo=UTC),
                )
            )
        rid = recording.id
    migrate(engine)
    with session_scope(engine) as session:
        rows = session.exec(select(ReviewAction).order_by(ReviewAction.id)).all()
        moved = [(r.kind, r.target, r.checklist_name, r.checklist_version) for r in rows]
        assert moved == [
            ("fit", "target_fit", "sales", "2"),  # the call's newest score's checklist
            ("persona", "budget", "solar-rooftop", "2024.1"),
        ]
        assert (rows[0].before, rows[0].after, rows[0].reason) == ("right", "wrong", "renter")
        result = call_results(session, [rid])[rid]
        assert result.target_fit == "wrong" and result.fit_correction is not None
