"""Re-score stored transcripts (a new checklist version) without re-transcribing."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from callqa.app.flags import refresh_flags
from callqa.app.settings import Settings
from callqa.models import crud
from callqa.models.db import get_engine, session_scope
from callqa.models.persona import save_persona
from callqa.models.queries import latest_scores
from callqa.models.tables import Campaign, Recording
from callqa.qa.persona.configured import fill_call, load_forms
from callqa.qa.persona.fit import effective_fit
from sqlmodel import select


@dataclass(frozen=True)
class RescoreOutcome:
    calls: int
    checklists: tuple[str, ...]
    mean_before: float | None
    mean_after: float | None
    flags_opened: int
    flags_removed: int
    persona_forms: tuple[str, ...] = ()  # "name version" of the forms filled again


def rescore_stored(
    settings: Settings, *, checklist: Path | None = None, language: str | None = None
) -> RescoreOutcome:
    """Score every stored transcript again and store the result under its checklist version."""
    from callqa.flows.resources import load_scorer, scoring_rules

    config = settings.config
    if checklist is not None:
        from callqa.qa.scoring import load_checklist

        parsed = load_checklist(checklist)
        paths = dict.fromkeys(parsed.languages, checklist)
        config = config.model_copy(
            update={"scoring": config.scoring.model_copy(update={"checklists": paths})}
        )
    scorer = load_scorer(config)
    load_forms(config)  # a bad form fails before anything is re-scored
    engine = get_engine(settings.db_url)
    before, after, names, forms = [], [], set(), set()
    with session_scope(engine) as session:
        previous = latest_scores(session)
        query = select(Recording).where(Recording.status == "done")
        if language:
            query = query.where(Recording.language == language)
        for recording in session.exec(query).all():
            if recording.id in previous:
                before.append(previous[recording.id].score)
            transcript = crud.load_transcript(session=session, recording=recording)
            result = scorer(transcript)
            crud.save_score(
                session=session,
                recording=recording,
                score=result,
                rules=scoring_rules(config, result.language),
            )
            campaign = (
                session.get(Campaign, recording.campaign_id) if recording.campaign_id else None
            )
            # the stored transcript is already masked: nothing more to redact
            persona = fill_call(
                config,
                transcript,
                campaign=campaign.name if campaign else None,
                call_time=recording.call_time,
            )
            save_persona(
                session=session,
                recording=recording,
                result=persona,
                effective_fit=effective_fit(persona.fit, result.target_fit),
            )
            forms.add(f"{persona.form_name} {persona.form_version}")
            after.append(result.score)
            names.add(f"{result.checklist_name} {result.checklist_version}")
    opened, removed = refresh_flags(engine, config)
    return RescoreOutcome(
        calls=len(after),
        checklists=tuple(sorted(names)),
        mean_before=round(statistics.fmean(before), 1) if before else None,
        mean_after=round(statistics.fmean(after), 1) if after else None,
        flags_opened=opened,
        flags_removed=removed,
        persona_forms=tuple(sorted(forms)),
    )
