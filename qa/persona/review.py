"""Reviewers' corrections of a filled form's field values, with a reason.

Corrections never change the stored form; they are applied on read, the latest
per field winning, and the fit is decided again from the corrected values. A
reviewer's say on the fit itself is not one of these: it is the call's one fit
correction (``app.review.override_target_fit``), which the read model applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from callqa.qa.errors import CallqaError
from callqa.qa.persona.amounts import find_amounts
from callqa.qa.persona.fit import call_language, effective_fit, result
from callqa.qa.persona.places import place_names
from callqa.qa.persona.records import (
    CORRECTED_TEXT,
    FieldSpec,
    FieldValue,
    Form,
    PersonaResult,
)
from callqa.qa.persona.text import fold

FIT_TARGET = "fit"  # the persona panel names the fit so; stored as the call's fit correction
NOT_STATED = ""  # a correction to this value removes a value the machine took


class CorrectionError(CallqaError, ValueError):
    """A correction's value does not fit the field."""


@dataclass(frozen=True)
class Correction:
    target: str  # a field name
    after: str  # the value as the reviewer typed it (already checked)


def parse_value(spec: FieldSpec, raw: str) -> object:
    """A reviewer's text as the field's value; raises CorrectionError naming the field."""
    text = raw.strip()
    if text == NOT_STATED:
        return None
    where = f"field {spec.name!r}"
    if spec.type in ("amount", "number"):
        try:
            return float(text.replace(",", "").replace("_", ""))
        except ValueError:
            amounts = find_amounts(text)
            if not amounts:
                raise CorrectionError(f"{where}: {text!r} is not a number") from None
            return amounts[-1].value
    if spec.type == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CorrectionError(f"{where}: {text!r} is not a date (YYYY-MM-DD)") from None
    if spec.type == "yes_no":
        answer = {"yes": "yes", "co": "yes", "có": "yes", "no": "no", "khong": "no"}.get(fold(text))
        if answer is None:
            raise CorrectionError(f"{where}: answer yes or no")
        return answer
    if spec.type == "choice":
        names = place_names(spec.choices)
        names.update({fold(c): c for c in spec.choices})
        if fold(text) not in names:
            raise CorrectionError(f"{where}: {text!r} is not one of {', '.join(spec.choices)}")
        return names[fold(text)]
    return text


def check(form: Form, target: str, raw: str) -> str:
    """The correction's value, normalised for storage; raises CorrectionError."""
    spec = form.field(target)
    if spec is None:
        raise CorrectionError(f"form {form.name!r} has no field {target!r}")
    value = parse_value(spec, raw)
    if value is None:
        return NOT_STATED
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


def corrected(
    form: Form,
    stored: PersonaResult,
    corrections: Sequence[Correction],
    call_date: date,
    scorer_fit: str,
    language: str | None = None,
) -> tuple[PersonaResult, str]:
    """The filled form after people's value corrections, and the call's target fit
    (decided again from the corrected values, with the scorer's). The reasons read in
    the call's ``language``; when not given, in the language of the customer's words
    the stored values came from (English when no value kept words)."""
    latest = {c.target: c.after for c in corrections}  # in order: the last one wins
    values = {v.field: v for v in stored.values}
    for spec in form.fields:
        if spec.name not in latest:
            continue
        value = parse_value(spec, latest[spec.name])
        if value is None:
            values.pop(spec.name, None)
            continue
        start = values[spec.name].start if spec.name in values else 0.0
        values[spec.name] = FieldValue(spec.name, value, start, CORRECTED_TEXT)
    ordered = tuple(values[s.name] for s in form.fields if s.name in values)
    if language is None:
        language = call_language(stored.values)
    filled = result(form, ordered, call_date, language) if corrections else stored
    return filled, effective_fit(filled.fit, scorer_fit)
