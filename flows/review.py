"""Keep the review queue in step with scores, audio metrics and lead outcomes.

Plain functions (no Prefect): the run flow calls them at its end, and so does a
lead import, because a lead turning ``lost`` can flag a call scored long ago.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from models import crud
from models.db import session_scope
from models.queries import lead_facts, stored_calls
from qa.config import Config
from qa.flags import Flag, call_flags, lead_flags


def refresh_flags(engine: Engine, config: Config) -> tuple[int, int]:
    """Recompute every flag from what is stored; returns (opened, removed)."""
    with session_scope(engine) as session:
        calls = stored_calls(session)
        wanted: dict[tuple[int, str], Flag] = {}
        for call in calls:
            metrics = call.metrics
            for flag in call_flags(
                crud.score_record(call.score, call.items) if call.score else None,
                pass_mark=call.score.pass_mark if call.score else None,
                metrics_flags=metrics.flags if metrics else (),
                longest_dead_air_s=metrics.longest_dead_air_s if metrics else 0.0,
                agent_talk_share=metrics.agent_talk_share if metrics else None,
                rules=config.flags,
                unreliable_reasons=call.quality_reasons if call.unreliable else None,
            ):
                wanted[(call.recording_id, flag.kind)] = flag
        for lead in lead_facts(session, calls):
            for recording_id, flag in lead_flags(
                lead, sla_minutes=config.leads.sla_minutes, rules=config.flags
            ):
                wanted[(recording_id, flag.kind)] = flag
        return crud.sync_flags(session=session, wanted=wanted)
