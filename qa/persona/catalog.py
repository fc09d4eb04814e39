"""Which form a call fills: chosen by its campaign, with a default form.

Forms come from a folder (each form lists its ``campaigns``) and from an explicit
campaign -> file map, which wins. Everything is loaded and validated once, so a
bad form stops the command at start, not halfway through a batch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from callqa.qa.persona.form import PersonaFormError, load_form
from callqa.qa.persona.records import Form

logger = logging.getLogger(__name__)

DEFAULT_FORM = Path(__file__).resolve().parent / "forms" / "default.yaml"


@dataclass(frozen=True)
class FormCatalog:
    default: Form
    by_campaign: dict[str, Form] = field(default_factory=dict)

    def for_campaign(self, campaign: str | None) -> Form:
        if campaign and campaign in self.by_campaign:
            return self.by_campaign[campaign]
        return self.default

    def by_name(self, name: str) -> Form | None:
        return next((f for f in self.forms() if f.name == name), None)

    def forms(self) -> list[Form]:
        unique = {(f.name, f.version): f for f in (self.default, *self.by_campaign.values())}
        return list(unique.values())


def load_catalog(
    *, folder: Path | None = None, forms: dict[str, Path] | None = None, default: Path | None = None
) -> FormCatalog:
    """Load every configured form; a campaign claimed by two files is an error."""
    by_campaign: dict[str, Form] = {}
    claimed: dict[str, Path] = {}
    if folder is not None:
        if not folder.is_dir():
            raise PersonaFormError(f"{folder}: persona form folder not found")
        for path in sorted(folder.glob("*.y*ml")):
            form = load_form(path)
            for campaign in form.campaigns:
                if campaign in claimed:
                    raise PersonaFormError(
                        f"{path}: campaign {campaign!r} already has the form {claimed[campaign]}"
                    )
                claimed[campaign] = path
                by_campaign[campaign] = form
    for campaign, path in (forms or {}).items():
        by_campaign[campaign] = load_form(path)
    default_form = load_form(default or DEFAULT_FORM)
    logger.debug("persona forms for %d campaigns, default %s", len(by_campaign), default_form.name)
    return FormCatalog(default=default_form, by_campaign=by_campaign)


OP_WORDS = {
    "min": "below the minimum",
    "max": "above the maximum",
    "in": "outside the target list",
    "not_in": "in the excluded list",
    "equals": "not as required",
    "before": "too late",
    "after": "too early",
}


def reason_words(forms: list[Form]) -> dict[str, dict[str, str]]:
    """Each disqualifying reason the forms give per language, under each of its
    texts: text -> {language: text}. Interfaces show a stored reason in the
    reader's language with it (stored words of an older form version included)."""
    out: dict[str, dict[str, str]] = {}
    for form in forms:
        for criterion in form.target:
            for text in criterion.reasons.values():
                out.setdefault(text, {}).update(criterion.reasons)
    return out


def reason_label(catalog: FormCatalog, form_name: str, key: str) -> str:
    """A violated criterion ("province:in") in the marketer's words, for reports."""
    form = next((f for f in catalog.forms() if f.name == form_name), None)
    return criterion_label(form, key)


def criterion_label(form: Form | None, key: str, lang: str | None = None) -> str:
    """A violated criterion of ``form`` in the marketer's words (its ``reason``, in
    ``lang`` when the form gives it per language), else the field and what the value
    did ("province outside the target list")."""
    field_name, _, op = key.partition(":")
    for criterion in form.target if form else ():
        if (criterion.field, criterion.op) == (field_name, op) and criterion.reason:
            return criterion.reason_in(lang)
    return f"{field_name} {OP_WORDS.get(op, op)}"
