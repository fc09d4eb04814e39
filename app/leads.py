"""Import CRM leads, then end the change like a batch: relink calls, refresh flags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.flags import refresh_flags
from app.settings import Settings
from models import crud
from models.db import get_engine, session_scope
from qa.leads import LeadFile, read_leads


@dataclass(frozen=True)
class LeadImportReport:
    parsed: LeadFile
    created: int
    updated: int
    linked_calls: int
    flags_opened: int = 0


def import_leads(settings: Settings, file: Path) -> LeadImportReport:
    config = settings.config
    parsed = read_leads(
        file,
        status_map=config.leads.status_map,
        columns=config.leads.columns,
        timezone=config.timezone,
    )
    engine = get_engine(settings.db_url)
    with session_scope(engine) as session:
        created, updated = crud.upsert_leads(session=session, leads=parsed.leads)
        linked = crud.relink_recordings(session=session)
    opened, _ = refresh_flags(engine, config)
    return LeadImportReport(parsed, created, updated, linked, opened)
