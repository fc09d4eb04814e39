"""The marketer's per-lead list and the previous-period comparison.

Built on the same lead facts as ``callqa report campaigns`` (models.queries.lead_facts,
qa.funnel), so every figure matches the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import select

from callqa.settings import Settings
from models.db import get_engine, session_scope
from models.queries import lead_facts
from models.tables import Lead
from qa.funnel import attribute_loss


@dataclass(frozen=True)
class LeadLine:
    lead_id: str
    campaign: str | None
    source: str | None
    owner: str | None
    created_at: datetime
    minutes_to_contact: float | None  # None: never contacted
    within_sla: bool | None
    stage: str
    lost_reason: str | None  # as the CRM wrote it
    loss_cause: str | None  # qa.funnel.attribute_loss
    calls: tuple[int, ...]  # recording ids


def lead_lines(settings: Settings, lead_ids: Sequence[str]) -> list[LeadLine]:
    """The leads behind a figure, in the order given."""
    sla = settings.config.leads.sla_minutes
    wanted = set(lead_ids)
    with session_scope(get_engine(settings.db_url)) as session:
        facts = {f.lead_id: f for f in lead_facts(session) if f.lead_id in wanted}
        reasons = dict(
            session.exec(
                select(Lead.lead_id, Lead.lost_reason).where(Lead.lead_id.in_(list(wanted)))
            ).all()
        )
    lines = []
    for lead_id in lead_ids:
        fact = facts.get(lead_id)
        if fact is None:
            continue
        minutes = fact.minutes_to_first_contact()
        lines.append(
            LeadLine(
                lead_id=lead_id,
                campaign=fact.campaign,
                source=fact.source,
                owner=fact.owner,
                created_at=fact.created_at,
                minutes_to_contact=None if minutes is None else round(minutes, 1),
                within_sla=None if minutes is None else minutes <= sla,
                stage=fact.stage,
                lost_reason=reasons.get(lead_id),
                loss_cause=attribute_loss(fact, sla_minutes=sla),
                calls=tuple(c.recording_id for c in fact.calls),
            )
        )
    return lines


def previous_period(date_from: date | None, date_to: date | None) -> tuple[date, date] | None:
    """The same number of days just before ``date_from``..``date_to`` (None without both)."""
    if date_from is None or date_to is None or date_to < date_from:
        return None
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)
