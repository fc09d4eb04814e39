"""Measure the scorer against human labels: per-item precision/recall/F1,
persona field F1 and target-fit accuracy, per language and split."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callqa.qa.scoring.checklist import PERSONA_FIELDS, Checklist, default_checklist
from callqa.qa.scoring.labels import LabelsError, read_labels
from callqa.qa.scoring.report import STATUS, load_transcript
from callqa.qa.scoring.scorer import Scorer
from callqa.qa.scoring.writer_sets import WriterSet, in_tuning_half

logger = logging.getLogger(__name__)

ALL = "all"


@dataclass
class Counts:
    """Binary confusion counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class GroupReport:
    """Figures for one (language, split) slice of the labelled set."""

    calls: int = 0
    items: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    item_status_correct: int = 0
    item_status_total: int = 0
    persona: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    violations: Counts = field(default_factory=Counts)  # forbidden items, "violated" positive
    fit_correct: int = 0

    @property
    def item_micro(self) -> Counts:
        return _pool(self.items.values())

    @property
    def persona_micro(self) -> Counts:
        return _pool(self.persona.values())

    @property
    def target_fit_accuracy(self) -> float:
        return self.fit_correct / self.calls if self.calls else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.item_status_correct / self.item_status_total if self.item_status_total else 0.0


@dataclass
class EvalReport:
    """Per (language, split) figures plus every disagreement, for reading."""

    groups: dict[tuple[str, str], GroupReport]
    errors: list[dict[str, Any]]

    def group(self, language: str = ALL, split: str = ALL) -> GroupReport:
        return self.groups[(language, split)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (lang, split), g in sorted(self.groups.items()):
            out[f"{lang}/{split}"] = {
                "calls": g.calls,
                "item_f1": round(g.item_micro.f1, 3),
                "item_precision": round(g.item_micro.precision, 3),
                "item_recall": round(g.item_micro.recall, 3),
                "item_status_accuracy": round(g.status_accuracy, 3),
                "per_item_f1": {k: round(c.f1, 3) for k, c in sorted(g.items.items())},
                "persona_f1": round(g.persona_micro.f1, 3),
                "per_persona_f1": {k: round(c.f1, 3) for k, c in sorted(g.persona.items())},
                "target_fit_accuracy": round(g.target_fit_accuracy, 3),
                "violation_precision": round(g.violations.precision, 3),
                "violation_recall": round(g.violations.recall, 3),
                "violations": {"tp": g.violations.tp, "fp": g.violations.fp, "fn": g.violations.fn},
            }
        return out


def _pool(counts: Any) -> Counts:
    total = Counts()
    for c in counts:
        total.tp, total.fp, total.fn, total.tn = (
            total.tp + c.tp,
            total.fp + c.fp,
            total.fn + c.fn,
            total.tn + c.tn,
        )
    return total


PROTOCOLS = ("labels", "halves", "all")


def split_of(row: dict[str, Any], protocol: str) -> str:
    """The split a labelled call belongs to under ``protocol``."""
    if protocol == "halves":
        return "tune" if in_tuning_half(row["file"]) else "holdout"
    if protocol == "all":
        return "holdout"
    return str(row.get("split", "tune"))


def evaluate(
    transcripts_dir: str | Path,
    labels_path: str | Path,
    *,
    scorer: Scorer | None = None,
    checklists: dict[str, Checklist] | None = None,
    splits: tuple[str, ...] | None = None,
    protocol: str = "labels",
) -> EvalReport:
    """Score every labelled transcript and compare with the labels.

    Positive class: "met" for normal items, "violated" for forbidden ones.
    A gold "not_applicable" predicted "met" is a false positive; gold "met"
    predicted "not_applicable" a false negative; exact statuses are also
    compared (``status_accuracy``).

    ``protocol`` says where a call's split comes from: ``labels`` (its
    ``split`` key, else ``tune``) or ``halves`` (calls whose number is odd
    are ``tune``, even ones ``holdout``; for label files without splits) or
    ``all`` (every call ``holdout``: a folder never tuned on, as one split).
    """
    if protocol not in PROTOCOLS:
        raise LabelsError(f"unknown protocol {protocol!r}; use one of {PROTOCOLS}")
    scorer = scorer or Scorer()
    checklists = dict(checklists or {})
    groups: dict[tuple[str, str], GroupReport] = defaultdict(GroupReport)
    errors: list[dict[str, Any]] = []
    for row in read_labels(labels_path):
        split = split_of(row, protocol)
        if splits is not None and split not in splits:
            continue
        transcript = load_transcript(Path(transcripts_dir) / row["file"])
        lang = transcript.language
        if lang not in checklists:
            checklists[lang] = default_checklist(lang)
        checklist = checklists[lang]
        result = scorer.score(transcript, checklist)
        slices = [groups[(lang, split)], groups[(lang, ALL)], groups[(ALL, split)]]
        slices.append(groups[(ALL, ALL)])
        predicted = {r.item_id: STATUS[r.verdict] for r in result.items}
        for item_id, gold in row["items"].items():
            pred = predicted.get(item_id, "missing")
            positive = "violated" if checklist.item(item_id).forbidden else "met"
            for g in slices:
                g.items[item_id].add(gold == positive, pred == positive)
                if positive == "violated":
                    g.violations.add(gold == positive, pred == positive)
                g.item_status_total += 1
                g.item_status_correct += gold == pred
            if gold != pred:
                errors.append(
                    {
                        "file": row["file"],
                        "split": split,
                        "what": item_id,
                        "gold": gold,
                        "pred": pred,
                    }
                )
        for name in PERSONA_FIELDS:
            gold_stated = bool(row["persona"].get(name, False))
            pred_stated = bool(result.persona.get(name))
            for g in slices:
                g.persona[name].add(gold_stated, pred_stated)
            if gold_stated != pred_stated:
                errors.append(
                    {
                        "file": row["file"],
                        "split": split,
                        "what": f"persona.{name}",
                        "gold": gold_stated,
                        "pred": pred_stated,
                    }
                )
        for g in slices:
            g.calls += 1
            g.fit_correct += result.target_fit == row["target_fit"]
        if result.target_fit != row["target_fit"]:
            errors.append(
                {
                    "file": row["file"],
                    "split": split,
                    "what": "target_fit",
                    "gold": row["target_fit"],
                    "pred": result.target_fit,
                }
            )
    return EvalReport(dict(groups), errors)


def evaluate_writer_set(writer: WriterSet, *, scorer: Scorer) -> list[tuple[EvalReport, str]]:
    """Each folder's report on a writer set's tuning calls, with the split that holds
    them: qa-dev's odd half (``halves``, split ``tune``) or every call of a blind set
    (``all``, split ``holdout``)."""
    protocol, split = ("halves", "tune") if writer.odd_only else ("all", "holdout")
    return [
        (
            evaluate(
                folder / "calls",
                folder / "labels.jsonl",
                scorer=scorer,
                protocol=protocol,
                splits=(split,),
            ),
            split,
        )
        for folder in writer.folders
    ]


def format_report(report: EvalReport) -> str:
    """A plain-text table of the headline figures."""
    lines = [
        f"{'slice':<14} {'calls':>5} {'item F1':>8} {'P':>6} {'R':>6} {'status':>7} "
        f"{'persona F1':>10} {'fit acc':>8} {'viol P':>6} {'viol R':>6}"
    ]
    for (lang, split), g in sorted(report.groups.items()):
        m = g.item_micro
        lines.append(
            f"{lang + '/' + split:<14} {g.calls:>5} {m.f1:>8.3f} {m.precision:>6.3f} "
            f"{m.recall:>6.3f} {g.status_accuracy:>7.3f} {g.persona_micro.f1:>10.3f} "
            f"{g.target_fit_accuracy:>8.3f} {g.violations.precision:>6.3f} "
            f"{g.violations.recall:>6.3f}"
        )
    return "\n".join(lines)
