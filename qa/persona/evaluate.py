"""Measure the extractors against a labelled set: value accuracy per field type
and fit accuracy.

``labels.jsonl`` holds one call per line: ``file``, ``form`` (both relative to
the labels file), ``call_date``, ``fields`` (expected value of every stated
field; a field not listed must come out missing) and ``fit``. A text field is
right when its value contains the expected phrase (tone marks ignored).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from callqa.qa.errors import CallqaError
from callqa.qa.persona.extract import extract
from callqa.qa.persona.fit import result
from callqa.qa.persona.form import load_form
from callqa.qa.persona.records import Form
from callqa.qa.persona.text import fold
from callqa.qa.scoring import load_transcript

logger = logging.getLogger(__name__)


class LabelError(CallqaError, ValueError):
    """A labels file line is malformed."""


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return round(self.right / self.total, 3) if self.total else None


@dataclass
class PersonaEval:
    calls: int = 0
    by_type: dict[str, Tally] = field(default_factory=dict)
    fit: Tally = field(default_factory=Tally)
    errors: list[str] = field(default_factory=list)  # one line per wrong value or fit

    def to_dict(self) -> dict:
        return {
            "calls": self.calls,
            "value_accuracy": {k: t.accuracy for k, t in sorted(self.by_type.items())},
            "value_counts": {k: t.total for k, t in sorted(self.by_type.items())},
            "fit_accuracy": self.fit.accuracy,
            "errors": self.errors,
        }


def _same(kind: str, got: object, want: object) -> bool:
    if got is None or want is None:
        return got is None and want is None
    if kind == "text":
        return fold(str(want)) in fold(str(got))
    if kind in ("amount", "number"):
        return abs(float(got) - float(want)) < 1e-6
    if kind == "date":
        return got == date.fromisoformat(str(want))
    return fold(str(got)) == fold(str(want))


def evaluate(labels_path: str | Path) -> PersonaEval:
    labels_path = Path(labels_path)
    base = labels_path.parent
    report = PersonaEval()
    forms: dict[str, Form] = {}
    for n, line in enumerate(labels_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
            form_path = str(base / label["form"])
            call_date = date.fromisoformat(label["call_date"])
            expected = dict(label["fields"])
            expected_fit = label["fit"]
            file = label["file"]
        except (ValueError, KeyError, TypeError) as exc:
            raise LabelError(f"{labels_path}:{n}: bad label line ({exc})") from exc
        form = forms.get(form_path) or forms.setdefault(form_path, load_form(form_path))
        transcript = load_transcript(base / file)
        values = extract(transcript, form, call_date)
        got = {v.field: v.value for v in values}
        report.calls += 1
        for spec in form.fields:
            tally = report.by_type.setdefault(spec.type, Tally())
            tally.total += 1
            if _same(spec.type, got.get(spec.name), expected.get(spec.name)):
                tally.right += 1
            else:
                report.errors.append(
                    f"{file} {spec.name}: got {got.get(spec.name)!r}, "
                    f"expected {expected.get(spec.name)!r}"
                )
        fit = result(form, values, call_date).fit
        report.fit.total += 1
        if fit == expected_fit:
            report.fit.right += 1
        else:
            report.errors.append(f"{file} fit: got {fit}, expected {expected_fit}")
    return report
