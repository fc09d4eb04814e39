"""Keep the review queue in step with scores, audio metrics and lead outcomes.

Flags are recomputed at the end of every batch (``callqa run`` and ``callqa
watch`` alike), after a lead import and after a re-score, because a lead
turning ``lost`` can flag a call scored long ago. Call flags come from the
machine's score and the audio metrics (a call whose transcript is unreliable
gets its own flag instead of any flag judging what was said); lead flags from
the read model's effective values.
"""

from __future__ import annotations

from callqa.app.read_model import call_results, lead_facts, unreliable_transcripts
from callqa.models import crud
from callqa.models.db import session_scope
from callqa.models.tables import CallMetrics, Recording
from callqa.qa.config import Config
from callqa.qa.flags import Flag as FlagRecord
from callqa.qa.flags import call_flags, lead_flags
from sqlalchemy.engine import Engine
from sqlmodel import select


def refresh_flags(engine: Engine, config: Config) -> tuple[int, int]:
    """Recompute every flag from what is stored; returns (opened, removed)."""
    with session_scope(engine) as session:
        done = list(session.exec(select(Recording.id).where(Recording.status == "done")).all())
        results = call_results(session)
        unreliable = unreliable_transcripts(session)  # own flag instead of pass/fail flags
        metrics = {m.recording_id: m for m in session.exec(select(CallMetrics))}
        wanted: dict[tuple[int, str], FlagRecord] = {}
        for recording_id in done:
            result, measured = results.get(recording_id), metrics.get(recording_id)
            for flag in call_flags(
                crud.score_record(result.score, result.items) if result else None,
                pass_mark=result.score.pass_mark if result else None,
                metrics_flags=measured.flags if measured else (),
                longest_dead_air_s=measured.longest_dead_air_s if measured else 0.0,
                agent_talk_share=measured.agent_talk_share if measured else None,
                rules=config.flags,
                unreliable_reasons=unreliable.get(recording_id),
            ):
                wanted[(recording_id, flag.kind)] = flag
        for lead in lead_facts(session, results=results, only_called=True):  # others flag nothing
            for recording_id, flag in lead_flags(
                lead, sla_minutes=config.leads.sla_minutes, rules=config.flags
            ):
                wanted[(recording_id, flag.kind)] = flag
        return crud.sync_flags(session=session, wanted=wanted)
