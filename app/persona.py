"""Persona use cases: the forms filled on calls as reports, the call page and reviewers see them.

Everything here reads the calls through the read model (``app.read_model``), so
a reviewed call's pass/fail and fit are the same here as on every other page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from callqa.app.read_model import call_results, loss_causes, reviewed_personas
from callqa.app.review import NotFoundError, ReviewError, override_target_fit
from callqa.models.db import session_scope
from callqa.models.persona import REVIEW_KIND, latest_personas
from callqa.models.reviews import add_action
from callqa.models.tables import Campaign, Lead, Recording, Rep, User
from callqa.qa.config import Config
from callqa.qa.persona import json_value
from callqa.qa.persona.catalog import criterion_label
from callqa.qa.persona.configured import load_forms
from callqa.qa.persona.records import CORRECTED_TEXT
from callqa.qa.persona.report import PersonaCall
from callqa.qa.persona.review import FIT_TARGET, CorrectionError, check
from sqlalchemy.engine import Engine
from sqlmodel import Session, select


def persona_calls(
    session: Session,
    label: Callable[[str, str], str] = lambda form, key: key,
    recording_ids: Sequence[int] | None = None,
    *,
    sla_minutes: float,
) -> list[PersonaCall]:
    """Every processed call with a filled form (or those given), as the persona reports
    need it, after reviewers' corrections (``read_model.reviewed_personas``), with its
    lead's loss cause (``read_model.loss_causes``).

    ``label(form_name, "field:op")`` names a violated criterion in the report.
    """
    personas = latest_personas(session, None if recording_ids is None else list(recording_ids))
    found = session.exec(
        select(Recording, Rep.name, Campaign.name, Lead)
        .join(Rep, Rep.id == Recording.rep_id, isouter=True)
        .join(Campaign, Campaign.id == Recording.campaign_id, isouter=True)
        .join(Lead, Lead.id == Recording.lead_pk, isouter=True)
        .where(Recording.status == "done", Recording.id.in_(list(personas)))
        .order_by(Recording.id)
    ).all()
    ids = [rec.id for rec, *_ in found]
    results = call_results(session, ids)
    reviewed = reviewed_personas(
        session, ids, {rid: r.score.target_fit for rid, r in results.items()}
    )
    lead_pks = sorted({lead.id for *_, lead in found if lead is not None})
    causes = loss_causes(session, sla_minutes=sla_minutes, lead_pks=lead_pks) if lead_pks else {}
    out = []
    for rec, rep, campaign, lead in found:
        persona = reviewed[rec.id]
        filled = persona.filled
        result = results.get(rec.id)
        out.append(
            PersonaCall(
                recording_id=rec.id,
                lead_id=lead.lead_id if lead else None,
                lead_stage=lead.stage if lead else None,
                campaign=campaign,
                source=lead.source if lead else None,
                month=rec.call_time.strftime("%Y-%m") if rec.call_time else None,
                rep=rep,
                form=persona.row.form_name,
                # the read model's fit: corrected values and a reviewer's say on the fit
                fit=result.target_fit if result else persona.fit,
                completeness=filled.completeness,
                missing=tuple(filled.missing),
                disqualified=tuple(
                    # in the words of the form the call was filled with, when stored
                    criterion_label(filled.form, key)
                    if filled.form
                    else label(persona.row.form_name, key)
                    for key in filled.violated
                ),
                passed=result.effective.passed if result else None,
                loss_cause=causes.get(lead.lead_id) if lead else None,
                call_time=rec.call_time or rec.processed_at,
                unreliable=rec.transcript_unreliable,
            )
        )
    return out


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
        result = call_results(session, [recording_id]).get(recording_id)
        scorer = {recording_id: result.score.target_fit} if result else None
        persona = reviewed_personas(session, [recording_id], scorer).get(recording_id)
        if persona is None:
            return None
        row = persona.row
    filled = persona.filled
    # the fields as the form the call was filled with lists them (the configured one for
    # rows stored before the form was kept with them)
    form = filled.form or catalog.by_name(row.form_name)
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
                start=value.start if value and value.text != CORRECTED_TEXT else None,
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
        effective_fit=result.target_fit if result else persona.fit,
        reasons=filled.reasons,
        corrected=persona.corrected,
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
    """Record a reviewer's correction of a field's value or of the fit.

    The fit is one correction for the whole call (:func:`app.review.override_target_fit`),
    whichever form it is set from.
    """
    if target == FIT_TARGET:
        override_target_fit(
            engine, user_id=user_id, recording_id=recording_id, fit=value, reason=reason
        )
        return
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
