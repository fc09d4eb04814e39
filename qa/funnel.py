"""Lead-quality funnel, speed to lead and lost-lead attribution.

Funnel semantics (the method this product comes from):

* stages are ordered ``new < reached < potential < hot < closed``;
  ``wrong_target`` and ``lost`` count as reached, ``unreachable`` and ``new`` do not;
* for a group of leads: ``new`` = all of them; ``reached`` = reached or beyond
  (wrong_target and lost included); ``potential`` = potential, hot or closed;
  ``hot`` = hot or closed; ``closed`` = closed; ``wrong_target`` = wrong_target;
* the five ratios: closed/new, hot/new, wrong_target/new, reached/new, potential/new.

Speed to lead is the minutes from a lead's creation to its first contact: the
earlier of its first linked call and the CRM's ``first_contact_at``. Leads
never contacted are counted apart, not as infinitely slow.

Every lead that ended ``lost`` or ``wrong_target`` is attributed to exactly one
cause, checked in this order: ``wrong_target`` (the CRM or the scorer says the
lead was not a fit: a lead-quality problem), ``never_called``, ``late_contact``
(first contact after the SLA), ``transcript_unreliable`` (every call it had
was transcribed too poorly to judge: listen to them), ``poor_handling`` (its
best call failed the checklist: a sales problem), else ``handled_well``.
Calls whose transcript is unreliable never count as well or poorly handled,
nor as evidence of a wrong target.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

REACHED = frozenset({"reached", "potential", "hot", "closed", "wrong_target", "lost"})
POTENTIAL = frozenset({"potential", "hot", "closed"})
HOT = frozenset({"hot", "closed"})
ATTRIBUTIONS = (
    "wrong_target",
    "never_called",
    "late_contact",
    "transcript_unreliable",
    "poor_handling",
    "handled_well",
)
COUNT_KEYS = ("new", "reached", "potential", "hot", "closed", "wrong_target")
RATIO_KEYS = {
    "closed_rate": "closed",
    "hot_rate": "hot",
    "wrong_target_rate": "wrong_target",
    "reached_rate": "reached",
    "potential_rate": "potential",
}


@dataclass(frozen=True)
class CallFacts:
    """What the funnel needs to know about one scored call."""

    recording_id: int
    call_time: datetime | None
    score: float | None
    passed: bool | None
    critical_failed: bool = False
    target_fit: str = "unknown"
    unreliable: bool = False  # transcript below the quality gate: not judged


@dataclass(frozen=True)
class LeadFacts:
    lead_id: str
    created_at: datetime
    stage: str
    campaign: str | None = None
    source: str | None = None
    owner: str | None = None
    first_contact_at: datetime | None = None
    calls: tuple[CallFacts, ...] = ()

    def first_contact(self) -> datetime | None:
        times = [c.call_time for c in self.calls if c.call_time is not None]
        if self.first_contact_at is not None:
            times.append(self.first_contact_at)
        return min(times, default=None)

    def minutes_to_first_contact(self) -> float | None:
        first = self.first_contact()
        return None if first is None else (first - self.created_at).total_seconds() / 60.0

    def best_call(self) -> CallFacts | None:
        scored = [c for c in self.calls if c.score is not None and not c.unreliable]
        return max(scored, key=lambda c: (bool(c.passed), c.score), default=None)


@dataclass(frozen=True)
class GroupReport:
    """One row of the campaign report: counts, ratios, speed to lead, attribution."""

    group: str
    counts: dict[str, int]
    ratios: dict[str, float | None]
    speed_to_lead_median_min: float | None
    within_sla_share: float | None
    never_contacted: int
    attribution: dict[str, int]
    lead_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # figure -> leads behind it


def attribute_loss(lead: LeadFacts, *, sla_minutes: float) -> str | None:
    """The cause a lost or wrong-target lead is charged to; None for other stages."""
    if lead.stage not in ("lost", "wrong_target"):
        return None
    judged = [c for c in lead.calls if not c.unreliable]
    if lead.stage == "wrong_target" or any(c.target_fit == "wrong" for c in judged):
        return "wrong_target"
    minutes = lead.minutes_to_first_contact()
    if minutes is None:
        return "never_called"
    if minutes > sla_minutes:
        return "late_contact"
    if lead.calls and not judged:
        return "transcript_unreliable"
    best = lead.best_call()
    if best is not None and (not best.passed or best.critical_failed):
        return "poor_handling"
    return "handled_well"


def group_report(group: str, leads: Sequence[LeadFacts], *, sla_minutes: float) -> GroupReport:
    members: dict[str, list[str]] = {key: [] for key in COUNT_KEYS}
    for lead in leads:
        stage = lead.stage
        members["new"].append(lead.lead_id)
        for key, matches in (
            ("reached", stage in REACHED),
            ("potential", stage in POTENTIAL),
            ("hot", stage in HOT),
            ("closed", stage == "closed"),
            ("wrong_target", stage == "wrong_target"),
        ):
            if matches:
                members[key].append(lead.lead_id)
    counts = {key: len(ids) for key, ids in members.items()}
    ratios = {
        name: (counts[key] / counts["new"] if counts["new"] else None)
        for name, key in RATIO_KEYS.items()
    }
    delays = [m for m in (lead.minutes_to_first_contact() for lead in leads) if m is not None]
    attribution = dict.fromkeys(ATTRIBUTIONS, 0)
    lead_ids = {key: tuple(ids) for key, ids in members.items()}
    for cause in ATTRIBUTIONS:
        ids = tuple(
            lead.lead_id for lead in leads if attribute_loss(lead, sla_minutes=sla_minutes) == cause
        )
        attribution[cause] = len(ids)
        lead_ids[f"lost_{cause}"] = ids
    return GroupReport(
        group=group,
        counts=counts,
        ratios=ratios,
        speed_to_lead_median_min=round(statistics.median(delays), 1) if delays else None,
        within_sla_share=(
            sum(1 for m in delays if m <= sla_minutes) / len(delays) if delays else None
        ),
        never_contacted=len(leads) - len(delays),
        attribution=attribution,
        lead_ids=lead_ids,
    )


def funnel_by(
    leads: Iterable[LeadFacts],
    key: Callable[[LeadFacts], str | None],
    *,
    sla_minutes: float,
    include_total: bool = True,
) -> list[GroupReport]:
    """One report per group (sorted by name), plus a ``TOTAL`` row."""
    leads = list(leads)
    groups: dict[str, list[LeadFacts]] = {}
    for lead in leads:
        groups.setdefault(key(lead) or "(none)", []).append(lead)
    rows = [group_report(g, groups[g], sla_minutes=sla_minutes) for g in sorted(groups)]
    if include_total:
        rows.append(group_report("TOTAL", leads, sla_minutes=sla_minutes))
    return rows


def report_to_dict(report: GroupReport, group_key: str) -> dict[str, object]:
    """The JSON/CSV shape: the group's name under its key, counts, ratios, speed, attribution."""
    row: dict[str, object] = {group_key: report.group}
    row.update(report.counts)
    row.update({k: None if v is None else round(v, 4) for k, v in report.ratios.items()})
    row["speed_to_lead_median_min"] = report.speed_to_lead_median_min
    row["within_sla_share"] = (
        None if report.within_sla_share is None else round(report.within_sla_share, 4)
    )
    row["never_contacted"] = report.never_contacted
    row.update({f"lost_{k}": v for k, v in report.attribution.items()})
    return row
