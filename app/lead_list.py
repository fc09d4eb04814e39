"""The marketer's per-lead list and the previous-period comparison.

Built on the read model's lead facts (:func:`app.read_model.lead_facts`, qa.funnel),
as ``callqa report campaigns`` is, so every figure matches the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from callqa.app.read_model import lead_facts
from callqa.app.settings import Settings
from callqa.models.db import session_scope
from callqa.models.tables import Lead
from callqa.qa.funnel import attribute_loss
from sqlalchemy.engine import Engine
from sqlmodel import select


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


def lead_lines(
    settings: Settings, lead_ids: Sequence[str], *, engine: Engine | None = None
) -> list[LeadLine]:
    """The leads behind a figure, in the order given."""
    sla = settings.config.leads.sla_minutes
    wanted = list(set(lead_ids))
    with session_scope(engine or settings.engine()) as session:
        found = session.exec(
            select(Lead.id, Lead.lead_id, Lead.lost_reason).where(Lead.lead_id.in_(wanted))
        ).all()
        reasons = {lead_id: reason for _, lead_id, reason in found}
        facts = {f.lead_id: f for f in lead_facts(session, lead_pks=[pk for pk, *_ in found])}
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
