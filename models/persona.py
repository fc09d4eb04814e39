"""The filled persona form of each call: one row per recording and form version.

A separate module from models/tables.py so the persona storage has one reason to
change; the Alembic environment imports it to register the table.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from callqa.models.tables import Recording, ReviewAction, utcnow
from callqa.qa.persona import (
    FieldValue,
    Form,
    PersonaFormError,
    PersonaResult,
    form_from_dict,
    form_to_dict,
    json_value,
)
from callqa.qa.persona.review import Correction, corrected
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

logger = logging.getLogger(__name__)

REVIEW_KIND = "persona"  # review_action.kind of a reviewer's correction


class CallPersona(SQLModel, table=True):
    """What the customer told about themselves on one call, and the lead's fit."""

    __tablename__ = "call_persona"
    __table_args__ = (UniqueConstraint("recording_id", "form_name", "form_version"),)

    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", index=True)
    form_name: str = Field(index=True)
    form_version: str
    # {field: {"value", "start", "text", "confirmed"}}; dates as ISO strings
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    missing: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    completeness: float
    fit: str  # right | wrong | unknown, from the form alone
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    violated: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # "field:op"
    effective_fit: str  # the call's target fit: this form's and the scorer's together
    # the form (fields, types, choices, target) it was filled with, as form_to_dict writes
    # it: a reviewer's corrected value re-decides the fit against it (None before 0011)
    form: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    filled_at: datetime = Field(default_factory=utcnow)


def save_persona(
    *, session: Session, recording: Recording, result: PersonaResult, effective_fit: str
) -> CallPersona:
    """Store a filled form, replacing one by the same form name and version."""
    old = session.exec(
        select(CallPersona).where(
            CallPersona.recording_id == recording.id,
            CallPersona.form_name == result.form_name,
            CallPersona.form_version == result.form_version,
        )
    ).first()
    if old is not None:
        session.delete(old)
        session.flush()
    row = CallPersona(
        recording_id=recording.id,
        form_name=result.form_name,
        form_version=result.form_version,
        values={v.field: _value_dict(v) for v in result.values},
        missing=list(result.missing),
        completeness=result.completeness,
        fit=result.fit,
        reasons=list(result.reasons),
        violated=list(result.violated),
        effective_fit=effective_fit,
        form=form_to_dict(result.form) if result.form is not None else None,
    )
    session.add(row)
    session.flush()
    return row


def _value_dict(value: FieldValue) -> dict[str, Any]:
    return {
        "value": json_value(value.value),
        "start": value.start,
        "text": value.text,
        "confirmed": value.confirmed,
    }


def latest_personas(
    session: Session, recording_ids: list[int] | None = None
) -> dict[int, CallPersona]:
    """The most recently filled form of each recording."""
    query = select(CallPersona).order_by(CallPersona.filled_at, CallPersona.id)
    if recording_ids is not None:
        if not recording_ids:
            return {}
        query = query.where(CallPersona.recording_id.in_(recording_ids))
    latest: dict[int, CallPersona] = {}
    for row in session.exec(query):
        latest[row.recording_id] = row
    return latest


def stored_value(raw: dict[str, Any], kind: str) -> object:
    """A stored value back in its Python type (dates are stored as ISO strings)."""
    value = raw.get("value")
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def row_to_result(row: CallPersona, form: Form | None) -> PersonaResult:
    """A stored filled form back as the library's record."""
    kinds = {f.name: f.type for f in form.fields} if form else {}
    values = tuple(
        FieldValue(
            name,
            stored_value(raw, kinds.get(name, "")),
            raw.get("start", 0.0),
            raw.get("text", ""),
            raw.get("confirmed", False),
        )
        for name, raw in row.values.items()
    )
    return PersonaResult(
        form_name=row.form_name,
        form_version=row.form_version,
        values=values,
        missing=tuple(row.missing),
        completeness=row.completeness,
        fit=row.fit,
        reasons=tuple(row.reasons),
        violated=tuple(row.violated),
        form=form,
    )


def corrections_for(
    session: Session, recording_ids: list[int] | None = None
) -> dict[int, list[tuple[str, Correction]]]:
    """Reviewers' corrections per recording, oldest first: (form name, correction)."""
    query = (
        select(ReviewAction)
        .where(ReviewAction.kind == REVIEW_KIND)
        .order_by(ReviewAction.created_at, ReviewAction.id)
    )
    if recording_ids is not None:
        query = query.where(ReviewAction.recording_id.in_(recording_ids))
    out: dict[int, list[tuple[str, Correction]]] = {}
    for action in session.exec(query):
        out.setdefault(action.recording_id, []).append(
            (action.checklist_name or "", Correction(action.target, action.after))
        )
    return out


def stored_form(row: CallPersona) -> Form | None:
    """The form the row was filled with; None for rows filled before it was stored."""
    if not row.form:
        return None
    try:
        return form_from_dict(row.form, source=f"call_persona {row.id}")
    except PersonaFormError:
        logger.warning("call_persona %s: stored form unreadable; value corrections ignored", row.id)
        return None


def reviewed(
    row: CallPersona,
    corrections: list[tuple[str, Correction]],
    *,
    call_date: date,
    scorer_fit: str,
    language: str | None = None,
) -> tuple[PersonaResult, str]:
    """The stored form with the value corrections made to this form applied, and the
    form's target fit: a corrected value re-decides the fit (with its reasons) against
    the form the call was filled with. A reviewer's fit correction is the call's
    (``app.review.override_target_fit``, migration 0010), applied by the read model.

    A row filled before the form was stored with it (migration 0011) takes no value
    corrections until ``callqa rescore`` fills it again. ``language``: the call's,
    so the re-decided reasons read in it (else guessed from the stored words).
    """
    form = stored_form(row)
    stored = row_to_result(row, form)
    mine = [c for name, c in corrections if name == row.form_name]
    if not mine or form is None:
        return stored, row.effective_fit
    return corrected(form, stored, mine, call_date, scorer_fit, language)
