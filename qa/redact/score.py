"""Mask PII in a score's evidence quotes (they are copies of transcript words)."""

from __future__ import annotations

from dataclasses import replace

from callqa.qa.records import CallScore, Evidence
from callqa.qa.redact.detect import redact_text
from callqa.qa.redact.settings import RedactionSettings


def redact_score(score: CallScore, settings: RedactionSettings = RedactionSettings()) -> CallScore:
    """The same score with every evidence text redacted."""
    if not settings.enabled:
        return score

    def clean(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
        return tuple(replace(e, text=redact_text(e.text, settings)[0]) for e in evidence)

    return replace(
        score,
        items=tuple(replace(item, evidence=clean(item.evidence)) for item in score.items),
        persona={name: clean(evidence) for name, evidence in score.persona.items()},
    )
