"""Persona forms: Marketing's portrait of the target customer per campaign, filled
in from what the customer says on each call, and the lead's fit against it.

A plain library: forms are loaded from YAML (:func:`load_form`), values read
from a transcript (:func:`fill`), the fit decided against the form's target.
"""

from __future__ import annotations

from datetime import date

from callqa.qa.persona.fit import result
from callqa.qa.persona.form import PersonaFormError, form_from_dict, form_to_dict, load_form
from callqa.qa.persona.records import Criterion, FieldSpec, FieldValue, Fit, Form, PersonaResult
from callqa.qa.records import Transcript

__all__ = [
    "Criterion",
    "FieldSpec",
    "FieldValue",
    "Fit",
    "Form",
    "PersonaFormError",
    "PersonaResult",
    "fill",
    "form_from_dict",
    "form_to_dict",
    "json_value",
    "load_form",
    "result_to_dict",
]


def fill(transcript: Transcript, form: Form, call_date: date) -> PersonaResult:
    """Fill ``form`` from ``transcript`` (dates relative to ``call_date``) and decide the fit."""
    from callqa.qa.persona.extract import extract  # the extractors load when a form is filled

    language = transcript.language.lower().split("-")[0]
    return result(form, extract(transcript, form, call_date), call_date, language)


def json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def result_to_dict(res: PersonaResult) -> dict:
    """The ``callqa persona --json`` shape."""
    return {
        "form": res.form_name,
        "fields": {v.field: {"value": json_value(v.value), "start": v.start} for v in res.values},
        "missing": list(res.missing),
        "completeness": res.completeness,
        "fit": res.fit,
        "reasons": list(res.reasons),
    }
