"""Persona capture: what the customer actually said about need, budget, timeline
and who decides, and whether the call reached the target group at all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Literal

from callqa.qa.records import Evidence
from callqa.qa.scoring.checklist import PatternGroup, PersonaSpec
from callqa.qa.scoring.matching import CompiledPatterns, Hit, HitFilter
from callqa.qa.scoring.nlp import CallDoc

logger = logging.getLogger(__name__)

PERSONA_FIELDS = ("need", "budget", "timeline", "decision_maker")
TargetFit = Literal["right", "wrong", "unknown"]
MAX_EVIDENCE_CHARS = 240


def persona_labels(spec: PersonaSpec) -> Iterator[tuple[str, PatternGroup]]:
    for name, group in spec.fields.items():
        yield f"persona#{name}", group
    for key in ("wrong_any", "no_need", "not_target"):
        group = getattr(spec, key)
        if group is not None:
            yield f"persona#{key}", group
    for i, cue in enumerate(spec.wrong):
        yield f"persona#wrong{i}", cue.group


@dataclass(frozen=True)
class TargetVerdict:
    """Target fit, why, and the words that show it."""

    fit: TargetFit
    reason: str
    evidence: tuple[Evidence, ...] = ()


def _evidence(call: CallDoc, hits: list[Hit]) -> tuple[Evidence, ...]:
    """The customer's whole segment, which says more than the matched words."""
    out = []
    for hit in sorted(hits, key=lambda h: call.segments[h.seg].start):
        seg = call.segments[hit.seg]
        text = seg.text.strip()[:MAX_EVIDENCE_CHARS]
        out.append(Evidence(text=text, start=seg.start, end=seg.end, speaker=seg.speaker))
    return tuple(out)


def capture_persona(
    call: CallDoc,
    compiled: CompiledPatterns,
    exact: dict[str, list[Hit]],
    spec: PersonaSpec,
    speaker: Callable[[int, str], bool],
) -> tuple[dict[str, tuple[Evidence, ...]], TargetVerdict]:
    """Fields the customer stated (not negated), with evidence, and the target fit.

    ``wrong`` overrides everything: the earliest cue of one of the checklist's
    ``wrong`` reasons (wrong number, outside the service area, a renter, under
    age, already a customer, a competitor, an answering machine...), said by
    the cue's speaker and not negated; or a ``wrong_any`` cue from anyone; or
    the customer's "no need" together with not being in the target group.
    ``right``: a stated need plus a budget or a timeline. Otherwise ``unknown``.
    """
    is_customer = partial(_speaks, speaker, "customer")
    stated = HitFilter(is_customer, reject_negated=True)
    said = HitFilter(is_customer)
    fields: dict[str, tuple[Evidence, ...]] = {}
    for name in PERSONA_FIELDS:
        if name not in spec.fields:
            fields[name] = ()
            continue
        hits = compiled.find(call, f"persona#{name}", exact, stated, need=1)
        fields[name] = _evidence(call, hits)

    def hits_of(key: str, hit_filter: HitFilter) -> list[Hit]:
        # no fuzzy matching: "nhận người" is one edit from "nhầm người"
        return compiled.find(call, f"persona#{key}", exact, hit_filter, need=1, fuzzy=False)

    wrong: list[tuple[float, str, list[Hit]]] = []
    for i, cue in enumerate(spec.wrong):
        cue_filter = HitFilter(partial(_speaks, speaker, cue.speaker), reject_negated=True)
        hits = hits_of(f"wrong{i}", cue_filter)
        if hits:
            wrong.append((min(call.segments[h.seg].start for h in hits), cue.reason, hits))
    if spec.wrong_any is not None:
        hits = hits_of("wrong_any", HitFilter(lambda seg: True))
        if hits:
            wrong.append((min(call.segments[h.seg].start for h in hits), "not a target", hits))
    if not wrong and spec.no_need is not None and spec.not_target is not None:
        no_need, not_target = hits_of("no_need", said), hits_of("not_target", said)
        if no_need and not_target:
            reason = "no need and not in the target group"
            wrong.append((0.0, reason, not_target + no_need))
    if wrong:
        _, reason, hits = min(wrong, key=lambda w: w[0])
        verdict = TargetVerdict("wrong", reason, _evidence(call, hits))
    elif fields["need"] and (fields["budget"] or fields["timeline"]):
        also = " and ".join(k for k in ("budget", "timeline") if fields[k])
        evidence = fields["need"][:1] + fields["budget"][:1] + fields["timeline"][:1]
        verdict = TargetVerdict("right", f"need and {also} stated", evidence)
    else:
        missing = [k for k in ("need", "budget or timeline") if not _has(fields, k)]
        verdict = TargetVerdict("unknown", "not stated: " + ", ".join(missing))
    logger.debug("persona %s, target %s", {k: bool(v) for k, v in fields.items()}, verdict)
    return fields, verdict


def _speaks(speaker: Callable[[int, str], bool], rule: str, seg: int) -> bool:
    return speaker(seg, rule)


def _has(fields: dict[str, tuple[Evidence, ...]], key: str) -> bool:
    return any(fields.get(k) for k in key.split(" or "))
