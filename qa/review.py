"""People's reviews of a scored call: effective values and reviewer agreement.

The automated score is never changed. Each reviewer action (an item verdict
or a total score set by a person, with a reason) is kept as its own record;
the *effective* value of an item or of the total is the latest action on it,
else the automated value.

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

VERDICTS = ("met", "missed", "na", "violated")
SCORE_TARGET = "total"


@dataclass(frozen=True)
class Action:
    """What a reviewer did: set ``target`` (an item id, or ``total``) to ``after``."""

    reviewer: str
    kind: str  # item | score | flag
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


def effective_score(automated: float, actions: Sequence[Action]) -> float:
    changed = _latest(actions, "score").get(SCORE_TARGET)
    return automated if changed is None else float(changed)


def effective_passed(
    *,
    automated_passed: bool,
    score: float,
    pass_mark: float | None,
    verdicts: Mapping[str, str],
    critical: Mapping[str, bool],
    overridden: bool,
) -> bool:
    """The pass decision under the effective values (the automated one when nothing changed).

    A changed call passes at the pass mark with no critical item missed and no
    item violated; without a known pass mark the automated decision stands.
    """
    if not overridden or pass_mark is None:
        return automated_passed
    failed_item = any(
        v == "violated" or (v == "missed" and critical.get(i, False)) for i, v in verdicts.items()
    )
    return score >= pass_mark and not failed_item


def reviewers(actions: Sequence[Action]) -> list[str]:
    """Everyone who acted on the call, in the order they first did."""
    seen: dict[str, None] = {}
    for action in sorted(actions, key=lambda a: a.at):
        seen.setdefault(action.reviewer, None)
    return list(seen)


def calibration(
    automated: Mapping[str, str], automated_score: float, actions: Sequence[Action]
) -> list[Agreement]:
    """Agreement for every pair of reviewers of the call (none with fewer than two)."""
    own = {
        name: [a for a in actions if a.reviewer == name and a.kind in ("item", "score")]
        for name in reviewers(actions)
    }
    pairs = []
    for first, second in combinations(own, 2):
        a = effective_verdicts(automated, own[first])
        b = effective_verdicts(automated, own[second])
        differing = tuple(item for item in automated if a[item] != b[item])
        pairs.append(
            Agreement(
                first=first,
                second=second,
                items=len(automated),
                agreed=len(automated) - len(differing),
                differing=differing,
                first_score=effective_score(automated_score, own[first]),
                second_score=effective_score(automated_score, own[second]),
            )
        )
    return pairs
