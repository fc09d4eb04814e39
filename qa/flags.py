"""Review flags: which calls a QA lead should look at, and why.

Rules are data (``FlagRules``, from the ``flags`` section of config). Each flag
has a kind (one per call and kind), a severity (3 = look first) and a reason a
person can read without opening the call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from callqa.qa.asr.quality import QualityReason, read_reason
from callqa.qa.funnel import LeadFacts, attribute_loss
from callqa.qa.records import CallScore

SEVERITY = {
    "transcript_unreliable": 3,
    "prohibited_language": 3,
    "critical_missed": 3,
    "lost_poor_handling": 3,
    "below_pass_mark": 2,
    "sla_breach": 2,
    "silent_channel": 2,
    "long_dead_air": 1,
    "talk_share_out_of_band": 1,
}


UNRELIABLE_REASON = "transcript unreliable, listen to the call"


def unreliable_reason_text(reasons: Sequence[QualityReason | str]) -> str:
    """The stored (English) reason of a ``transcript_unreliable`` flag."""
    why = "; ".join(r.text() if isinstance(r, QualityReason) else str(r) for r in reasons)
    return UNRELIABLE_REASON + (f" ({why})" if why else "")


def read_unreliable_reason(stored: str) -> tuple[QualityReason, ...] | None:
    """The gate's reasons behind a stored ``transcript_unreliable`` flag reason (the
    inverse of :func:`unreliable_reason_text`); None when the text is not that wording."""
    if not stored.startswith(UNRELIABLE_REASON):
        return None
    rest = stored[len(UNRELIABLE_REASON) :].strip()
    if not rest:
        return ()
    if not (rest.startswith("(") and rest.endswith(")")):
        return None
    return tuple(read_reason(part) for part in rest[1:-1].split("; ") if part.strip())


@dataclass(frozen=True)
class FlagRules:
    """Which rules raise flags; thresholds carry their units."""

    below_pass_mark: bool = True
    critical_missed: bool = True
    prohibited_language: bool = True
    long_dead_air_s: float | None = 10.0  # one silence this long flags the call; None: off
    talk_share_out_of_band: bool = True  # the band is metrics.talk_share_band
    silent_channel: bool = True
    lost_poor_handling: bool = True
    sla_breach: bool = True


@dataclass(frozen=True)
class Flag:
    kind: str
    reason: str

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.kind, 1)


def call_flags(
    score: CallScore | None,
    *,
    pass_mark: float | None,
    metrics_flags: Sequence[str] = (),
    longest_dead_air_s: float = 0.0,
    agent_talk_share: float | None = None,
    rules: FlagRules = FlagRules(),
    unreliable_reasons: Sequence[QualityReason | str] | None = None,
) -> list[Flag]:
    """Flags a call earns from its own score and audio metrics.

    ``unreliable_reasons`` (not None) marks a transcript below the quality gate:
    the call gets the ``transcript_unreliable`` flag instead of any flag that
    judges what was said (pass mark, critical items, prohibited language).
    """
    flags: list[Flag] = []
    if unreliable_reasons is not None:
        flags.append(Flag("transcript_unreliable", unreliable_reason_text(unreliable_reasons)))
    elif score is not None:
        if rules.below_pass_mark and not score.passed and not score.critical_failed:
            mark = f" (pass mark {pass_mark:g})" if pass_mark is not None else ""
            flags.append(Flag("below_pass_mark", f"score {score.score:.0f}{mark}"))
        missed = [i.label or i.item_id for i in score.items if i.critical and i.verdict == "missed"]
        if rules.critical_missed and missed:
            flags.append(Flag("critical_missed", "critical item missed: " + ", ".join(missed)))
        for item in score.items:
            if rules.prohibited_language and item.verdict == "violated":
                quote = (
                    f': "{item.evidence[0].text}" at {item.evidence[0].start:.1f} s'
                    if (item.evidence)
                    else ""
                )
                flags.append(Flag("prohibited_language", f"{item.label or item.item_id}{quote}"))
                break
    if rules.long_dead_air_s is not None and longest_dead_air_s >= rules.long_dead_air_s:
        flags.append(Flag("long_dead_air", f"{longest_dead_air_s:.0f} s of silence on the line"))
    if rules.talk_share_out_of_band and "talk_share_out_of_band" in metrics_flags:
        share = "" if agent_talk_share is None else f": agent talked {100 * agent_talk_share:.0f}%"
        flags.append(Flag("talk_share_out_of_band", f"talk share outside the band{share}"))
    if rules.silent_channel and "silent_channel" in metrics_flags:
        flags.append(Flag("silent_channel", "one channel is silent for the whole call"))
    return flags


def lead_flags(
    lead: LeadFacts, *, sla_minutes: float, rules: FlagRules = FlagRules()
) -> list[tuple[int, Flag]]:
    """Flags a lead's outcome puts on its calls, as (recording_id, flag)."""
    out: list[tuple[int, Flag]] = []
    if not lead.calls:
        return out
    minutes = lead.minutes_to_first_contact()
    if rules.sla_breach and minutes is not None and minutes > sla_minutes:
        first = min(
            (c for c in lead.calls if c.call_time is not None),
            key=lambda c: c.call_time,
            default=lead.calls[0],
        )
        reason = (
            f"lead {lead.lead_id} first contacted after {minutes:.0f} min (SLA {sla_minutes:g})"
        )
        out.append((first.recording_id, Flag("sla_breach", reason)))
    cause = attribute_loss(lead, sla_minutes=sla_minutes)
    best = lead.best_call()
    if rules.lost_poor_handling and cause == "poor_handling" and best is not None:
        reason = (
            f"lead {lead.lead_id} was lost ({lead.stage}); its best call scored {best.score:.0f}"
        )
        out.append((best.recording_id, Flag("lost_poor_handling", reason)))
    return out
