"""Rep scorecards: call counts, mean score, per-item pass rates, weekly trend."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo


@dataclass(frozen=True)
class ScoredCall:
    recording_id: int
    rep: str | None
    call_time: datetime | None
    score: float
    passed: bool
    verdicts: Mapping[str, str]  # item id -> met | missed | na | violated


@dataclass(frozen=True)
class RepReport:
    rep: str
    calls: int
    mean_score: float
    pass_rate: float
    item_pass_rates: dict[str, float | None]  # None: the item never applied
    weekly: tuple[tuple[str, float, int], ...]  # (ISO week "2024-W09", mean score, calls)
    weakest: tuple[int, ...]  # recording ids, lowest score first


def item_passed(verdict: str) -> bool | None:
    """True/False for an applicable verdict, None for not applicable."""
    if verdict == "na":
        return None
    return verdict == "met"


def rep_reports(calls: Iterable[ScoredCall], *, zone: tzinfo, weakest: int = 3) -> list[RepReport]:
    by_rep: dict[str, list[ScoredCall]] = defaultdict(list)
    for call in calls:
        by_rep[call.rep or "(unknown)"].append(call)
    reports = []
    for rep in sorted(by_rep):
        rep_calls = by_rep[rep]
        outcomes: dict[str, list[bool]] = defaultdict(list)
        for call in rep_calls:
            for item_id, verdict in call.verdicts.items():
                passed = item_passed(verdict)
                outcomes.setdefault(item_id, [])
                if passed is not None:
                    outcomes[item_id].append(passed)
        weeks: dict[str, list[float]] = defaultdict(list)
        for call in rep_calls:
            if call.call_time is not None:
                year, week, _ = call.call_time.astimezone(zone).isocalendar()
                weeks[f"{year}-W{week:02d}"].append(call.score)
        reports.append(
            RepReport(
                rep=rep,
                calls=len(rep_calls),
                mean_score=round(statistics.fmean(c.score for c in rep_calls), 1),
                pass_rate=round(sum(c.passed for c in rep_calls) / len(rep_calls), 4),
                item_pass_rates={
                    item: round(sum(v) / len(v), 4) if v else None
                    for item, v in sorted(outcomes.items())
                },
                weekly=tuple(
                    (week, round(statistics.fmean(scores), 1), len(scores))
                    for week, scores in sorted(weeks.items())
                ),
                weakest=tuple(
                    c.recording_id for c in sorted(rep_calls, key=lambda c: c.score)[:weakest]
                ),
            )
        )
    return reports
