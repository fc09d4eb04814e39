"""The lead's fit against the form's target, with one reason per violation.

``wrong`` when a stated value violates a criterion; ``right`` when every
criterion is met by a stated value; ``unknown`` otherwise (a form without a
target decides nothing).
"""

from __future__ import annotations

from datetime import date

from callqa.qa.persona.dates import resolve_relative
from callqa.qa.persona.records import Criterion, FieldValue, Fit, Form, PersonaResult
from callqa.qa.persona.text import fold


def show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def check(criterion: Criterion, value: object, call_date: date) -> str | None:
    """None when ``value`` meets the criterion, else the reason it does not."""
    op, want = criterion.op, criterion.value
    if op == "min" and float(value) < want:
        detail = f"{show(value)} is below the minimum {show(want)}"
    elif op == "max" and float(value) > want:
        detail = f"{show(value)} is above the maximum {show(want)}"
    elif op == "in" and fold(str(value)) not in {fold(w) for w in want}:
        detail = f"{show(value)} is not one of {', '.join(want)}"
    elif op == "not_in" and fold(str(value)) in {fold(w) for w in want}:
        detail = f"{show(value)} is excluded"
    elif op == "equals" and not _equal(value, want):
        detail = f"{show(value)}, not {show(want)}"
    elif op == "before" and value > (bound := resolve_relative(want, call_date)):
        detail = f"{show(value)} is after {bound.isoformat()} ({want} from the call)"
    elif op == "after" and value < (bound := resolve_relative(want, call_date)):
        detail = f"{show(value)} is before {bound.isoformat()} ({want} from the call)"
    else:
        return None
    if criterion.reason:
        return f"{criterion.field}: {criterion.reason} ({detail})"
    return f"{criterion.field}: {detail}"


def _equal(value: object, want: object) -> bool:
    if isinstance(want, float):
        return float(value) == want
    return fold(str(value)) == fold(str(want))


def decide(
    form: Form, values: tuple[FieldValue, ...], call_date: date
) -> tuple[Fit, tuple[str, ...], tuple[str, ...]]:
    """(fit, reasons, violated criterion keys like ``province:in``)."""
    stated = {v.field: v.value for v in values}
    reasons, keys = [], []
    unmet = False
    for criterion in form.target:
        if criterion.field not in stated:
            unmet = unmet or not criterion.optional
            continue
        reason = check(criterion, stated[criterion.field], call_date)
        if reason is not None:
            reasons.append(reason)
            keys.append(f"{criterion.field}:{criterion.op}")
    if reasons:
        return "wrong", tuple(reasons), tuple(keys)
    if unmet or not form.target:
        return "unknown", (), ()
    return "right", (), ()


def result(form: Form, values: tuple[FieldValue, ...], call_date: date) -> PersonaResult:
    """The filled form: values, missing fields, completeness and fit."""
    stated = {v.field for v in values}
    missing = tuple(f.name for f in form.fields if f.name not in stated)
    fit, reasons, keys = decide(form, values, call_date)
    return PersonaResult(
        form_name=form.name,
        form_version=form.version,
        values=values,
        missing=missing,
        completeness=round(len(stated) / len(form.fields), 3) if form.fields else 0.0,
        fit=fit,
        reasons=reasons,
        violated=keys,
        form=form,
    )


def effective_fit(form_fit: str | None, scorer_fit: str) -> str:
    """The call's target fit: wrong if the form or the checklist scorer says wrong,
    right if the form says right, else the scorer's."""
    if form_fit == "wrong" or scorer_fit == "wrong":
        return "wrong"
    if form_fit == "right":
        return "right"
    return scorer_fit
