"""The persona panel of the call page and the reviewers' corrections of it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from flows.persona import load_forms
from models.db import session_scope
from models.persona import REVIEW_KIND, corrections_for, latest_personas, reviewed
from models.reviews import add_action
from models.tables import Recording, User
from qa.config import Config
from qa.persona import json_value
from qa.persona.review import FIT_TARGET, CorrectionError, check
from web.data import latest_scores_for


@dataclass(frozen=True)
class PanelField:
    name: str
    type: str
    value: str  # as shown; "" when not stated
    start: float | None
    text: str
    confirmed: bool
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonaPanel:
    form_name: str
    form_version: str
    fields: tuple[PanelField, ...]
    completeness: float
    form_fit: str  # from the (corrected) form alone
    effective_fit: str  # the call's target fit
    reasons: tuple[str, ...]
    corrected: bool


def _shown(value: object) -> str:
    shown = json_value(value)
    if isinstance(shown, int):
        return f"{shown:,}"
    return str(shown)


def persona_panel(engine: Engine, config: Config, recording_id: int) -> PersonaPanel | None:
    """The call's filled form after reviewers' corrections; None when none was filled."""
    catalog = load_forms(config)
    with session_scope(engine) as session:
        row = latest_personas(session, [recording_id]).get(recording_id)
        if row is None:
            return None
        recording = session.get(Recording, recording_id)
        score = latest_scores_for(session, [recording_id]).get(recording_id)
        form = catalog.by_name(row.form_name)
        corrections = corrections_for(session, [recording_id]).get(recording_id, [])
        filled, fit = reviewed(
            row,
            form,
            corrections,
            call_date=(recording.call_time or row.filled_at).date(),
            scorer_fit=score.target_fit if score else "unknown",
        )
    values = {v.field: v for v in filled.values}
    names = [f.name for f in form.fields] if form else list(values)
    specs = {f.name: f for f in form.fields} if form else {}
    fields = []
    for name in names:
        value = values.get(name)
        spec = specs.get(name)
        fields.append(
            PanelField(
                name=name,
                type=spec.type if spec else "",
                value=_shown(value.value) if value else "",
                start=value.start if value and value.text != "corrected by a reviewer" else None,
                text=value.text if value else "",
                confirmed=value.confirmed if value else False,
                choices=spec.choices if spec else (),
            )
        )
    return PersonaPanel(
        form_name=row.form_name,
        form_version=row.form_version,
        fields=tuple(fields),
        completeness=filled.completeness,
        form_fit=filled.fit,
        effective_fit=fit,
        reasons=filled.reasons,
        corrected=any(name == row.form_name for name, _ in corrections),
    )


def correct_persona(
    engine: Engine,
    config: Config,
    *,
    user_id: int,
    recording_id: int,
    target: str,
    value: str,
    reason: str,
) -> None:
    """Record a reviewer's correction of a field's value or of the fit."""
    from web.review import NotFoundError, ReviewError

    reason = reason.strip()
    if not reason:
        raise ReviewError("a reason is required")
    panel = persona_panel(engine, config, recording_id)
    if panel is None:
        raise NotFoundError(f"call {recording_id} has no persona form")
    form = load_forms(config).by_name(panel.form_name)
    if form is None:
        raise ReviewError(f"the form {panel.form_name!r} is no longer configured")
    try:
        after = check(form, target, value)
    except CorrectionError as exc:
        raise ReviewError(str(exc)) from exc
    if target == FIT_TARGET:
        before = panel.effective_fit
    else:
        before = next((f.value for f in panel.fields if f.name == target), "")
    with session_scope(engine) as session:
        action = add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind=REVIEW_KIND,
            target=target,
            before=before,
            after=after,
            reason=reason,
        )
        # the form the correction belongs to, as score overrides keep their checklist
        action.checklist_name = panel.form_name
        action.checklist_version = panel.form_version
