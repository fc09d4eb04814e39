"""Typed records of the persona form: what a form asks and what a call filled in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

FieldType = Literal["text", "amount", "date", "yes_no", "choice", "number"]
Fit = Literal["right", "wrong", "unknown"]
Value = str | float | date
FIELD_TYPES: tuple[str, ...] = ("text", "amount", "date", "yes_no", "choice", "number")
OPERATORS: tuple[str, ...] = ("min", "max", "in", "not_in", "equals", "before", "after")


@dataclass(frozen=True)
class FieldSpec:
    """One question of the form: its type, choices and the words that raise it."""

    name: str
    type: FieldType
    currency: str | None = None
    choices: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # choice -> other names
    cues: tuple[str, ...] = ()  # words that put a sentence on this field's topic
    label: str = ""  # in the form's language (or the one language given)
    labels: dict[str, str] = field(
        default_factory=dict
    )  # language -> label, when given per language


@dataclass(frozen=True)
class Criterion:
    """One target condition on a field, e.g. ``budget >= 80000000``."""

    field: str
    op: str
    value: object  # float for min/max, tuple[str, ...] for in/not_in, str for equals
    reason: str = ""  # the marketer's words for a violation ("outside the service area")
    optional: bool = False  # a missing value does not keep the fit unknown
    # language -> the reason, when the form gives it per language; ``reason`` is the
    # form language's (else the first given)
    reasons: dict[str, str] = field(default_factory=dict)

    def reason_in(self, lang: str | None) -> str:
        """The reason in ``lang`` when the form gives it, else as written."""
        return self.reasons.get(lang or "", self.reason)


@dataclass(frozen=True)
class Form:
    """A campaign's persona form: its fields and the target customer."""

    name: str
    version: str
    language: str
    fields: tuple[FieldSpec, ...]
    target: tuple[Criterion, ...] = ()
    source: str = ""
    campaigns: tuple[str, ...] = ()  # campaigns this form is for, when kept in a folder

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


# The ``text`` of a value a reviewer typed in: no customer words, no time in the call.
CORRECTED_TEXT = "corrected by a reviewer"


@dataclass(frozen=True)
class FieldValue:
    """A value the customer stated or confirmed, and when (seconds from call start)."""

    field: str
    value: Value
    start: float
    text: str = ""  # the words it came from
    confirmed: bool = False  # the agent said it and the customer agreed


@dataclass(frozen=True)
class PersonaResult:
    """The filled form of one call and the lead's fit against the target."""

    form_name: str
    form_version: str
    values: tuple[FieldValue, ...]
    missing: tuple[str, ...]
    completeness: float  # share of the form's fields stated, 0..1
    fit: Fit
    reasons: tuple[str, ...] = ()  # one per violated criterion, naming the field
    violated: tuple[str, ...] = ()  # the violated criteria's short keys, "province:in"
    # the form it was filled with: stored beside it, so a reviewer's corrected value
    # re-decides the fit against the same target (not part of equality)
    form: Form | None = field(default=None, compare=False, repr=False)

    def value(self, name: str) -> FieldValue | None:
        return next((v for v in self.values if v.field == name), None)
