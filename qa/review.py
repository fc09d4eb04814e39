"""People's reviews of a scored call: effective values and reviewer agreement.

The automated score is never changed. Each reviewer action (an item verdict,
a total score or a lead's target fit set by a person, with a reason) is kept as
its own record; the *effective* verdict of an item is the latest action on it,
else the automated verdict.

The effective total follows the checklist's scoring rules (:func:`rescore`):
an item override recomputes it from the effective verdicts (weights, critical
items, not-applicable items, forbidden items). A total override is an explicit
act that sets the number itself; it holds until a later item override, which
recomputes the total again (:func:`effective_result`).

Calibration compares reviewers independently: a reviewer's verdict on an item
is their own latest action on it, else the automated verdict they left
standing. Two reviewers agree on an item when those verdicts are equal; the
agreement share is over every item of the checklist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callqa.qa.records import ItemResult as ScoredItem
    from callqa.qa.scoring import Checklist

VERDICTS = ("met", "missed", "na", "violated")
TARGET_FITS = ("right", "wrong", "unknown")
SCORE_TARGET = "total"
FIT_TARGET = "target_fit"


@dataclass(frozen=True)
class Action:
    """What a reviewer did: set ``target`` (an item id, or ``total``) to ``after``."""

    reviewer: str
    kind: str  # item | score | fit | flag
    target: str
    after: str
    at: datetime


@dataclass(frozen=True)
class Agreement:
    """How two reviewers' verdicts on one call compare."""

    first: str
    second: str
    items: int
    agreed: int
    differing: tuple[str, ...]  # item ids with different verdicts
    first_score: float
    second_score: float

    @property
    def share(self) -> float | None:
        return self.agreed / self.items if self.items else None


def _latest(actions: Sequence[Action], kind: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for action in sorted(actions, key=lambda a: a.at):
        if action.kind == kind:
            latest[action.target] = action.after
    return latest


def effective_verdicts(automated: Mapping[str, str], actions: Sequence[Action]) -> dict[str, str]:
    """Item id -> verdict after every reviewer's latest change."""
    changed = _latest(actions, "item")
    return {item: changed.get(item, verdict) for item, verdict in automated.items()}


@dataclass(frozen=True)
class ItemRule:
    """How one checklist item counts towards the total (stored with every verdict)."""

    item_id: str
    weight: float
    critical: bool = False
    forbidden: bool = False  # a behaviour that must not happen (verdict met or violated)
    on_violation: str = "subtract"  # forbidden items: subtract | fail


def checklist_rules(checklist: Checklist) -> dict[str, ItemRule]:
    """Item id -> the scoring rule of each item of a checklist."""
    return {
        item.id: ItemRule(
            item_id=item.id,
            weight=item.weight,
            critical=item.critical,
            forbidden=item.forbidden,
            on_violation=item.on_violation,
        )
        for item in checklist.items
    }


def rules_from_result(items: Sequence[ScoredItem]) -> dict[str, ItemRule]:
    """The rules as far as a scored result shows them (when the checklist is not at hand).

    Forbidden items are the ``violated`` ones and the ``met`` ones worth no
    points; a violation that took no points failed the call. A forbidden item
    that was not violated is taken to subtract.
    """
    rules = {}
    for r in items:
        forbidden = r.verdict == "violated" or (r.verdict == "met" and r.max_points == 0)
        fails = r.verdict == "violated" and r.points == 0
        rules[r.item_id] = ItemRule(
            item_id=r.item_id,
            weight=r.weight,
            critical=r.critical,
            forbidden=forbidden,
            on_violation="fail" if fails else "subtract",
        )
    return rules


@dataclass(frozen=True)
class Result:
    """A call's total, pass decision and whether a critical rule failed."""

    score: float
    passed: bool
    critical_failed: bool


def rescore(rules: Sequence[ItemRule], verdicts: Mapping[str, str], *, pass_mark: float) -> Result:
    """The checklist's scoring rules applied to ``verdicts`` (qa.scoring.scorer's rules).

    100 points are spread over the applicable (not ``na``) required items by
    weight; a violated forbidden item deducts its weight (``subtract``) or
    fails the call (``fail``); the total is clamped to 0..100 and rounded to
    0.1. A call passes at the pass mark with no critical item missed and no
    failing violation.
    """
    scored = [r for r in rules if not r.forbidden and verdicts.get(r.item_id) != "na"]
    total_weight = sum(r.weight for r in scored)
    points = 0.0
    critical_failed = False
    for rule in rules:
        verdict = verdicts.get(rule.item_id)
        if rule.forbidden:
            if verdict == "violated":
                if rule.on_violation == "fail":
                    critical_failed = True
                else:
                    points -= rule.weight
        elif verdict == "met" and total_weight:
            points += round(100.0 * rule.weight / total_weight, 2)
        elif verdict == "missed" and rule.critical:
            critical_failed = True
    score = round(max(0.0, min(100.0, points)), 1)
    return Result(
        score=score,
        passed=score >= pass_mark and not critical_failed,
        critical_failed=critical_failed,
    )


def effective_result(
    automated: Result,
    rules: Sequence[ItemRule],
    automated_verdicts: Mapping[str, str],
    actions: Sequence[Action],
    *,
    pass_mark: float | None,
) -> Result:
    """The call's result after people's reviews (``automated`` when nobody changed anything).

    Item overrides recompute the total from the effective verdicts; the latest
    total override, when no item override came after it, sets the total itself
    (the pass decision then takes that total with the effective verdicts'
    critical rules). Without a known pass mark the automated result stands.
    """
    ordered = sorted((a for a in actions if a.kind in ("item", "score")), key=lambda a: a.at)
    if not ordered or pass_mark is None:
        return automated
    verdicts = effective_verdicts(automated_verdicts, ordered)
    computed = rescore(rules, verdicts, pass_mark=pass_mark)
    if ordered[-1].kind == "score":
        score = float(ordered[-1].after)
        return Result(
            score=score,
            passed=score >= pass_mark and not computed.critical_failed,
            critical_failed=computed.critical_failed,
        )
    return computed


def effective_target_fit(automated: str, actions: Sequence[Action]) -> str:
    """The lead's fit as judged on this call: a reviewer's latest say, else the scorer's."""
    return _latest(actions, "fit").get(FIT_TARGET, automated)


def reviewers(actions: Sequence[Action]) -> list[str]:
    """Everyone who acted on the call, in the order they first did."""
    seen: dict[str, None] = {}
    for action in sorted(actions, key=lambda a: a.at):
        seen.setdefault(action.reviewer, None)
    return list(seen)


def calibration(
    automated: Result,
    rules: Sequence[ItemRule],
    automated_verdicts: Mapping[str, str],
    actions: Sequence[Action],
    *,
    pass_mark: float | None,
) -> list[Agreement]:
    """Agreement for every pair of reviewers of the call (none with fewer than two).

    Each reviewer's total is their own effective result: their item overrides
    recompute it, their own total override sets it.
    """
    own = {
        name: [a for a in actions if a.reviewer == name and a.kind in ("item", "score")]
        for name in reviewers(actions)
    }
    own = {name: acts for name, acts in own.items() if acts}
    pairs = []
    for first, second in combinations(own, 2):
        a = effective_verdicts(automated_verdicts, own[first])
        b = effective_verdicts(automated_verdicts, own[second])
        differing = tuple(item for item in automated_verdicts if a[item] != b[item])
        items = len(automated_verdicts)
        pairs.append(
            Agreement(
                first=first,
                second=second,
                items=items,
                agreed=items - len(differing),
                differing=differing,
                first_score=effective_result(
                    automated, rules, automated_verdicts, own[first], pass_mark=pass_mark
                ).score,
                second_score=effective_result(
                    automated, rules, automated_verdicts, own[second], pass_mark=pass_mark
                ).score,
            )
        )
    return pairs
