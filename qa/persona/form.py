"""Persona forms: YAML written by Marketing, validated once at load.

A bad form fails with the file, the field and the reason (an unknown type, a
target on a field that does not exist, a choice outside the list), never later
in the middle of a batch.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from callqa.qa.errors import CallqaError
from callqa.qa.persona.dates import is_relative
from callqa.qa.persona.records import FIELD_TYPES, OPERATORS, Criterion, FieldSpec, Form
from callqa.qa.persona.text import fold
from callqa.qa.yaml_file import read_yaml_mapping

logger = logging.getLogger(__name__)

FORM_KEYS = {"name", "version", "language", "fields", "target", "description", "campaigns"}
FIELD_KEYS = {"type", "currency", "choices", "aliases", "cues", "label"}
# Which target operators make sense for which field type.
OPS_BY_TYPE = {
    "text": {"equals"},
    "amount": {"min", "max", "equals"},
    "number": {"min", "max", "equals"},
    "date": {"before", "after"},
    "yes_no": {"equals"},
    "choice": {"in", "not_in", "equals"},
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PersonaFormError(CallqaError, ValueError):
    """A persona form file is missing or invalid."""


def load_form(path: str | Path) -> Form:
    """Read and validate one form YAML file."""
    path = Path(path)
    data = read_yaml_mapping(path, PersonaFormError, "form")
    return form_from_dict(data, source=str(path))


def form_from_dict(data: Any, *, source: str = "<form>") -> Form:
    if not isinstance(data, dict):
        raise PersonaFormError(f"{source}: expected a mapping at the top level")
    unknown = set(data) - FORM_KEYS
    if unknown:
        raise PersonaFormError(f"{source}: unknown key {sorted(unknown)[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PersonaFormError(f"{source}: key 'name' must be a non-empty string")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise PersonaFormError(f"{source}: key 'fields' must map field names to their specs")
    language = str(data.get("language", "vi"))
    fields = tuple(_field(source, str(k), v, language) for k, v in raw_fields.items())
    by_name = {f.name: f for f in fields}
    raw_target = data.get("target") or {}
    if not isinstance(raw_target, dict):
        raise PersonaFormError(f"{source}: key 'target' must map field names to criteria")
    target: list[Criterion] = []
    for fname, spec in raw_target.items():
        target.extend(_criteria(source, str(fname), spec, by_name, language))
    return Form(
        name=name.strip(),
        version=str(data.get("version", "1")),
        language=language,
        fields=fields,
        target=tuple(target),
        source=source,
        campaigns=_strings(data["campaigns"], f"{source}: campaigns")
        if "campaigns" in data
        else (),
    )


def _yes_no(value: Any) -> Any:
    # YAML reads a bare yes/no as a boolean.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise PersonaFormError(f"{where}: expected a non-empty list")
    return tuple(str(_yes_no(v)) for v in value)


def _words(value: Any, where: str, language: str) -> tuple[str, dict[str, str]]:
    """A label or reason: plain text, or one text per language (``{vi: ..., en: ...}``).

    Returns the text in the form's language (else the first given) and the map."""
    if not isinstance(value, dict):
        return str(value), {}
    if not value:
        raise PersonaFormError(f"{where}: expected text or one text per language, like {{vi: ...}}")
    words: dict[str, str] = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
            raise PersonaFormError(f"{where}: {lang!r} is not a two-letter language code")
        if not isinstance(text, str) or not text.strip():
            raise PersonaFormError(f"{where}: the {lang} text must be non-empty text")
        words[lang] = text.strip()
    return words.get(language, next(iter(words.values()))), words


def _field(source: str, name: str, spec: Any, language: str = "vi") -> FieldSpec:
    where = f"{source}: field {name!r}"
    if not _NAME.match(name):
        raise PersonaFormError(f"{where}: a field name is lower case letters, digits and _")
    if not isinstance(spec, dict):
        raise PersonaFormError(f"{where}: expected a mapping like {{type: text}}")
    unknown = set(spec) - FIELD_KEYS
    if unknown:
        raise PersonaFormError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        raise PersonaFormError(
            f"{where}: unknown type {kind!r} (expected one of {', '.join(FIELD_TYPES)})"
        )
    choices: tuple[str, ...] = ()
    if kind == "choice":
        choices = _strings(spec.get("choices"), f"{where}: choices")
    elif "choices" in spec:
        raise PersonaFormError(f"{where}: choices are only for type choice")
    aliases: dict[str, tuple[str, ...]] = {}
    for choice, others in (spec.get("aliases") or {}).items():
        if str(choice) not in choices:
            raise PersonaFormError(f"{where}: alias for {choice!r}, which is not a choice")
        aliases[str(choice)] = _strings(others, f"{where}: aliases of {choice!r}")
    cues = _strings(spec["cues"], f"{where}: cues") if "cues" in spec else ()
    label, labels = _words(spec.get("label", ""), f"{where}: label", language)
    currency = spec.get("currency")
    if currency is not None and kind != "amount":
        raise PersonaFormError(f"{where}: currency is only for type amount")
    return FieldSpec(
        name=name,
        type=kind,
        currency=str(currency) if currency else None,
        choices=choices,
        aliases=aliases,
        cues=tuple(fold(c) for c in cues),
        label=label,
        labels=labels,
    )


def _criteria(
    source: str, name: str, spec: Any, fields: dict[str, FieldSpec], language: str = "vi"
) -> list[Criterion]:
    where = f"{source}: target {name!r}"
    field = fields.get(name)
    if field is None:
        raise PersonaFormError(f"{where}: no such field in 'fields'")
    if not isinstance(spec, dict) or not spec:
        raise PersonaFormError(f"{where}: expected a mapping like {{min: 80000000}}")
    reason, reasons = _words(spec.get("reason", ""), f"{where}: reason", language)
    optional = spec.get("optional", False)
    if not isinstance(optional, bool):
        raise PersonaFormError(f"{where}: optional must be true or false")
    out = []
    for op, raw in spec.items():
        if op in ("reason", "optional"):
            continue
        if op not in OPERATORS:
            raise PersonaFormError(f"{where}: unknown criterion {op!r}")
        if op not in OPS_BY_TYPE[field.type]:
            raise PersonaFormError(f"{where}: {op!r} does not apply to a {field.type} field")
        value = _criterion_value(where, field, op, raw)
        out.append(Criterion(name, op, value, reason, optional, reasons))
    if not out:
        raise PersonaFormError(f"{where}: no criterion")
    return out


def _criterion_value(where: str, field: FieldSpec, op: str, raw: Any) -> object:
    raw = _yes_no(raw)
    if op in ("min", "max") or (op == "equals" and field.type in ("amount", "number")):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise PersonaFormError(f"{where}: {op} must be a number, got {raw!r}")
        return float(raw)
    if op in ("before", "after"):
        if not is_relative(str(raw)):
            raise PersonaFormError(
                f"{where}: {op} must be a date (2026-12-31) or relative (+6m, +2w, +30d)"
            )
        return str(raw)
    if op in ("in", "not_in"):
        values = _strings(raw, f"{where}: {op}")
        _check_choices(where, field, values)
        return values
    value = str(raw)
    if field.type == "yes_no" and value not in ("yes", "no"):
        raise PersonaFormError(f"{where}: equals must be yes or no, got {value!r}")
    if field.type == "choice":
        _check_choices(where, field, (value,))
    return value


def _check_choices(where: str, field: FieldSpec, values: tuple[str, ...]) -> None:
    for value in values:
        if value not in field.choices:
            raise PersonaFormError(
                f"{where}: {value!r} is not one of the choices ({', '.join(field.choices)})"
            )


def form_to_dict(form: Form) -> dict[str, Any]:
    """The form as :func:`form_from_dict` reads it: what deciding the fit needs (fields,
    their types and choices, the target), stored beside each filled form."""
    fields: dict[str, Any] = {}
    for spec in form.fields:
        entry: dict[str, Any] = {"type": spec.type}
        if spec.currency:
            entry["currency"] = spec.currency
        if spec.choices:
            entry["choices"] = list(spec.choices)
        if spec.aliases:
            entry["aliases"] = {k: list(v) for k, v in spec.aliases.items()}
        if spec.label:
            entry["label"] = dict(spec.labels) if spec.labels else spec.label
        fields[spec.name] = entry
    target: dict[str, dict[str, Any]] = {}
    for criterion in form.target:
        entry = target.setdefault(criterion.field, {})
        value = criterion.value
        entry[criterion.op] = list(value) if isinstance(value, tuple) else value
        if criterion.reason:
            entry["reason"] = dict(criterion.reasons) if criterion.reasons else criterion.reason
        if criterion.optional:
            entry["optional"] = True
    return {
        "name": form.name,
        "version": form.version,
        "language": form.language,
        "fields": fields,
        "target": target,
    }
