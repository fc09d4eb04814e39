"""The persona forms: loaded once per process, chosen by the call's campaign."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from callqa.qa.config import Config
from callqa.qa.persona import PersonaResult, fill
from callqa.qa.persona.catalog import FormCatalog, load_catalog
from callqa.qa.records import Transcript
from callqa.qa.redact import RedactionSettings


def load_forms(config: Config) -> FormCatalog:
    """Every configured form, validated (a bad form raises PersonaFormError)."""
    persona = config.persona
    return _catalog(persona.folder, tuple(sorted(persona.forms.items())), persona.default)


@cache
def _catalog(
    folder: Path | None, forms: tuple[tuple[str, Path], ...], default: Path | None
) -> FormCatalog:
    return load_catalog(folder=folder, forms=dict(forms), default=default)


def fill_call(
    config: Config,
    transcript: Transcript,
    *,
    campaign: str | None,
    call_time: datetime | None,
    redaction: RedactionSettings | None = None,
) -> PersonaResult:
    """Fill the campaign's form from what was said (dates relative to the call's day);
    the quotes kept with each value are masked like the stored transcript."""
    form = load_forms(config).for_campaign(campaign)
    result = fill(transcript, form, (call_time.date() if call_time else date.today()))
    if redaction is None or not redaction.enabled:
        return result
    from dataclasses import replace

    from callqa.qa.redact.detect import redact_text

    values = tuple(
        replace(
            v,
            text=redact_text(v.text, redaction)[0],
            value=redact_text(v.value, redaction)[0] if isinstance(v.value, str) else v.value,
        )
        for v in result.values
    )
    return replace(result, values=values)
