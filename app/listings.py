"""Listings of stored calls and flags, and one stored call: the read model per request.

The CLI's ``calls``, ``flags`` and ``show``, the web's call lists and call
page, and the JSON API all read through these functions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from callqa.app.read_model import CallFilter, CallRow, CallView, call_rows, call_view
from callqa.app.read_model import leads_without_calls as _leads_without_calls
from callqa.app.settings import Settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Flag, Recording
from sqlalchemy.engine import Engine
from sqlmodel import select


def list_calls(
    settings: Settings, where: CallFilter, *, engine: Engine | None = None
) -> list[CallRow]:
    with session_scope(engine or get_engine(settings.db_url)) as session:
        return call_rows(session, where, sla_minutes=settings.config.leads.sla_minutes)


def show_call(
    settings: Settings, recording_id: int, *, engine: Engine | None = None
) -> CallView | None:
    with session_scope(engine or get_engine(settings.db_url)) as session:
        return call_view(session, recording_id, sla_minutes=settings.config.leads.sla_minutes)


def leads_without_calls(settings: Settings, lead_ids, *, engine: Engine | None = None) -> list[str]:
    with session_scope(engine or get_engine(settings.db_url)) as session:
        return _leads_without_calls(session, lead_ids)


def call_row_dict(row: CallRow) -> dict[str, Any]:
    """A call row for JSON and CSV: times in ISO 8601."""
    data = asdict(row)
    data["call_time"] = row.call_time.isoformat() if row.call_time else None
    return data


@dataclass(frozen=True)
class FlagRow:
    id: int
    severity: int
    kind: str
    recording_id: int
    file: str
    reason: str
    status: str
    created_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None


def list_flags(settings: Settings, *, only_open: bool = False) -> list[FlagRow]:
    """Flags with their call's file, most severe first, then newest."""
    with session_scope(get_engine(settings.db_url)) as session:
        query = select(Flag, Recording.path).join(Recording, Recording.id == Flag.recording_id)
        if only_open:
            query = query.where(Flag.status == "open")
        query = query.order_by(Flag.severity.desc(), Flag.created_at.desc(), Flag.id)
        return [
            FlagRow(
                id=flag.id,
                severity=flag.severity,
                kind=flag.kind,
                recording_id=flag.recording_id,
                file=Path(path).name,
                reason=flag.reason,
                status=flag.status,
                created_at=flag.created_at,
                reviewed_by=flag.reviewed_by,
                reviewed_at=flag.reviewed_at,
            )
            for flag, path in session.exec(query).all()
        ]


def flag_row_dict(row: FlagRow) -> dict[str, Any]:
    data = asdict(row)
    for key in ("created_at", "reviewed_at"):
        data[key] = data[key].isoformat() if data[key] else None
    return data
