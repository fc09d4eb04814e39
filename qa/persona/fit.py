"""The lead's fit against the form's target, with one reason per violation.

``wrong`` when a stated value violates a criterion; ``right`` when every
criterion is met by a stated value; ``unknown`` otherwise (a form without a
target decides nothing).

A reason reads in the call's language: the marketer's reason in that language
when the form gives it, and the detail of what the value did in it too
("tỉnh: ngoài khu vực phục vụ (Cà Mau không thuộc Hà Nội, Bắc Ninh)" on a
Vietnamese call, "... (Cà Mau is not one of Hà Nội, Bắc Ninh)" on an English one).
"""

from __future__ import annotations

import re
from datetime import date

from callqa.qa.persona.dates import resolve_relative
from callqa.qa.persona.records import (
    CORRECTED_TEXT,
    Criterion,
    FieldValue,
    Fit,
    Form,
    PersonaResult,
)
from callqa.qa.persona.text import fold

# What a value did against a criterion, per language: {v} the value, {w} the bound.
DETAILS: dict[str, dict[str, str]] = {
    "en": {
        "min": "{v} is below the minimum {w}",
        "max": "{v} is above the maximum {w}",
        "in": "{v} is not one of {w}",
        "not_in": "{v} is excluded",
        "equals": "{v}, not {w}",
        "before": "{v} is after {w} ({rel} from the call)",
        "after": "{v} is before {w} ({rel} from the call)",
    },
    "vi": {
        "min": "{v} thấp hơn mức tối thiểu {w}",
        "max": "{v} cao hơn mức tối đa {w}",
        "in": "{v} không thuộc {w}",
        "not_in": "{v} bị loại trừ",
        "equals": "{v}, không phải {w}",
        "before": "{v} sau ngày {w} ({rel} kể từ cuộc gọi)",
        "after": "{v} trước ngày {w} ({rel} kể từ cuộc gọi)",
    },
}
YES_NO = {"vi": {"yes": "có", "no": "không"}}
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")


def show(value: object, language: str = "en") -> str:
    if isinstance(value, float):
        text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        # Vietnamese groups thousands with dots and writes decimals with a comma
        return text.translate(str.maketrans(",.", ".,")) if language == "vi" else text
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if language == "vi" else value.isoformat()
    return YES_NO.get(language, {}).get(str(value), str(value))


def call_language(values: tuple[FieldValue, ...], default: str = "en") -> str:
    """The language of the customer's words the values came from (``vi`` when they
    carry Vietnamese letters, ``en`` when they carry other words), else ``default``."""
    words = " ".join(v.text for v in values if v.text and v.text != CORRECTED_TEXT)
    if _VIETNAMESE.search(words):
        return "vi"
    return "en" if words.strip() else default


def check(criterion: Criterion, value: object, call_date: date, language: str = "en") -> str | None:
    """None when ``value`` meets the criterion, else the reason it does not, in
    ``language`` (English when the language has no wording)."""
    op, want = criterion.op, criterion.value
    bound = _violated(op, value, want, call_date)
    if bound is None:
        return None
    lang = language if language in DETAILS else "en"
    detail = DETAILS[lang][op].format(v=show(value, lang), w=show(bound, lang), rel=want)
    reason = criterion.reason_in(language)
    if reason:
        return f"{criterion.field}: {reason} ({detail})"
    return f"{criterion.field}: {detail}"


def _violated(op: str, value: object, want: object, call_date: date) -> object | None:
    """None when ``value`` meets ``op want``, else the bound to name in the reason."""
    if op == "min":
        return want if float(value) < want else None
    if op == "max":
        return want if float(value) > want else None
    if op in ("in", "not_in"):
        inside = fold(str(value)) in {fold(w) for w in want}
        return ", ".join(want) if inside == (op == "not_in") else None
    if op == "equals":
        return None if _equal(value, want) else want
    if op in ("before", "after"):
        limit = resolve_relative(want, call_date)
        late = value > limit if op == "before" else value < limit
        return limit if late else None
    return None


def _equal(value: object, want: object) -> bool:
    if isinstance(want, float):
        return float(value) == want
    return fold(str(value)) == fold(str(want))


def decide(
    form: Form, values: tuple[FieldValue, ...], call_date: date, language: str = "en"
) -> tuple[Fit, tuple[str, ...], tuple[str, ...]]:
    """(fit, reasons in ``language``, violated criterion keys like ``province:in``)."""
    stated = {v.field: v.value for v in values}
    reasons, keys = [], []
    unmet = False
    for criterion in form.target:
        if criterion.field not in stated:
            unmet = unmet or not criterion.optional
            continue
        reason = check(criterion, stated[criterion.field], call_date, language)
        if reason is not None:
            reasons.append(reason)
            keys.append(f"{criterion.field}:{criterion.op}")
    if reasons:
        return "wrong", tuple(reasons), tuple(keys)
    if unmet or not form.target:
        return "unknown", (), ()
    return "right", (), ()


def result(
    form: Form, values: tuple[FieldValue, ...], call_date: date, language: str | None = None
) -> PersonaResult:
    """The filled form: values, missing fields, completeness and fit, its reasons in
    the call's ``language`` (when not given: the language of the customer's words
    the values came from, else English)."""
    stated = {v.field for v in values}
    missing = tuple(f.name for f in form.fields if f.name not in stated)
    language = language or call_language(values)
    fit, reasons, keys = decide(form, values, call_date, language)
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
