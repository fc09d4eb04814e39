"""Persona reports: what each campaign brings and what each rep fails to ask.

Pure aggregation over typed records (one :class:`PersonaCall` per stored call);
the query that builds them lives with the storage. A lead's fit is taken over
its calls: wrong if any call shows it wrong, right if any shows it right, else
unknown. A lost lead is "right target, poorly handled" when it fits and the funnel
charged its loss to the handling (``qa.funnel.attribute_loss``: ``poor_handling``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

LOST_STAGES = ("lost", "wrong_target")
REACHED_STAGES = ("reached", "potential", "hot", "closed", "wrong_target", "lost")
TOP_REASONS = 3
POOR_HANDLING = "poor_handling"  # qa.funnel's loss cause for a lead lost on the call
TOTAL = "TOTAL"


@dataclass(frozen=True)
class PersonaCall:
    """One call's filled form with what the CRM knows about its lead."""

    recording_id: int
    lead_id: str | None
    lead_stage: str | None  # canonical CRM stage of the lead
    campaign: str | None
    source: str | None
    month: str | None  # YYYY-MM of the call
    rep: str | None
    form: str
    fit: str  # the call's effective target fit
    completeness: float
    missing: tuple[str, ...] = ()
    disqualified: tuple[str, ...] = ()  # labels of the violated criteria
    passed: bool | None = None  # the checklist verdict (reviewers' overrides applied)
    loss_cause: str | None = None  # the lead's loss cause (read model); None: not lost
    call_time: datetime | None = None  # the call's time, else when it was processed
    unreliable: bool = False  # transcript below the quality gate: not judged


@dataclass(frozen=True)
class GroupRow:
    group: str
    calls: int
    leads: int  # distinct leads reached by these calls
    completeness: float  # mean share of the form collected
    fit_right: float  # share of reached leads that fit
    fit_wrong: float
    fit_unknown: float
    top_reasons: tuple[tuple[str, float], ...]  # (label, share of reached leads)
    lost_leads: int
    lost_right_poorly_handled: float | None  # share of lost leads: right target, failed call
    recording_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class RepRow:
    rep: str
    calls: int
    completeness: float
    not_asked: tuple[tuple[str, float], ...]  # (field, share of calls it is missing from)
    recording_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Mismatch:
    lead_id: str
    crm_stage: str
    call_fit: str
    recording_ids: tuple[int, ...]
    reasons: tuple[str, ...] = field(default_factory=tuple)


def lead_fit(fits: Iterable[str]) -> str:
    fits = list(fits)
    if "wrong" in fits:
        return "wrong"
    return "right" if "right" in fits else "unknown"


def _key(by: str) -> Callable[[PersonaCall], str]:
    return lambda call: getattr(call, by) or "(none)"


def by_group(calls: list[PersonaCall], by: str = "campaign") -> list[GroupRow]:
    """One row per campaign, source or month."""
    return by_key(calls, _key(by))


def by_key(
    calls: list[PersonaCall], key: Callable[[PersonaCall], str], *, total: bool = False
) -> list[GroupRow]:
    """One row per group ``key`` names, sorted by name; with ``total`` a TOTAL row last."""
    groups: dict[str, list[PersonaCall]] = defaultdict(list)
    for call in calls:
        groups[key(call)].append(call)
    rows = [_group_row(name, members) for name, members in sorted(groups.items())]
    if total and calls:
        rows.append(_group_row(TOTAL, calls))
    return rows


def _group_row(name: str, calls: list[PersonaCall]) -> GroupRow:
    leads: dict[str, list[PersonaCall]] = defaultdict(list)
    for call in calls:
        leads[call.lead_id or f"call:{call.recording_id}"].append(call)
    fits = {lead: lead_fit(c.fit for c in lead_calls) for lead, lead_calls in leads.items()}
    reasons: Counter[str] = Counter()
    for lead_calls in leads.values():
        reasons.update({label for c in lead_calls for label in c.disqualified})
    n = len(leads)
    lost = [lead for lead, lead_calls in leads.items() if lead_calls[0].lead_stage in LOST_STAGES]
    poorly = [
        lead
        for lead in lost
        if fits[lead] == "right" and leads[lead][0].loss_cause == POOR_HANDLING
    ]
    return GroupRow(
        group=name,
        calls=len(calls),
        leads=n,
        completeness=round(sum(c.completeness for c in calls) / len(calls), 3),
        fit_right=_share(sum(f == "right" for f in fits.values()), n),
        fit_wrong=_share(sum(f == "wrong" for f in fits.values()), n),
        fit_unknown=_share(sum(f == "unknown" for f in fits.values()), n),
        top_reasons=tuple((label, _share(k, n)) for label, k in reasons.most_common(TOP_REASONS)),
        lost_leads=len(lost),
        lost_right_poorly_handled=_share(len(poorly), len(lost)) if lost else None,
        recording_ids=tuple(sorted(c.recording_id for c in calls)),
    )


def by_rep(calls: list[PersonaCall]) -> list[RepRow]:
    """Per rep: how much of the form they collect, and the fields they leave out most.

    Calls whose transcript is unreliable are left out, as from the rep scorecards: a
    field the recogniser lost is not one the rep failed to ask.
    """
    groups: dict[str, list[PersonaCall]] = defaultdict(list)
    for call in calls:
        if not call.unreliable:
            groups[call.rep or "(unknown)"].append(call)
    rows = []
    for rep, members in sorted(groups.items()):
        missing: Counter[str] = Counter(f for c in members for f in c.missing)
        rows.append(
            RepRow(
                rep=rep,
                calls=len(members),
                completeness=round(sum(c.completeness for c in members) / len(members), 3),
                not_asked=tuple(
                    (name, _share(k, len(members))) for name, k in missing.most_common()
                ),
                recording_ids=tuple(sorted(c.recording_id for c in members)),
            )
        )
    return rows


def mismatches(calls: list[PersonaCall]) -> list[Mismatch]:
    """Leads the CRM marks wrong-target whose calls show a fit, and the reverse."""
    leads: dict[str, list[PersonaCall]] = defaultdict(list)
    for call in calls:
        if call.lead_id and call.lead_stage:
            leads[call.lead_id].append(call)
    out = []
    for lead, lead_calls in sorted(leads.items()):
        stage = lead_calls[0].lead_stage
        fit = lead_fit(c.fit for c in lead_calls)
        crm_wrong = stage == "wrong_target"
        if (crm_wrong and fit == "right") or (
            not crm_wrong and stage in REACHED_STAGES and fit == "wrong"
        ):
            out.append(
                Mismatch(
                    lead_id=lead,
                    crm_stage=stage,
                    call_fit=fit,
                    recording_ids=tuple(sorted(c.recording_id for c in lead_calls)),
                    reasons=tuple(dict.fromkeys(r for c in lead_calls for r in c.disqualified)),
                )
            )
    return out


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
