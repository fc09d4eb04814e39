"""Persona capture: what the customer actually said about need, budget, timeline
and who decides, and whether the call reached the target group at all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Literal

from qa.records import Evidence
from qa.scoring.checklist import PatternGroup, PersonaSpec
from qa.scoring.matching import CompiledPatterns, Hit, HitFilter
from qa.scoring.nlp import CallDoc

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
    is_customer: Callable[[int], bool],
) -> tuple[dict[str, tuple[Evidence, ...]], TargetFit]:
    """Fields the customer stated (not negated), with evidence, and the target fit.

    ``wrong``: a wrong-target cue from either side (wrong number, never
    registered, outside the service area), or the customer's "no need"
    together with not being in the target group.
    ``right``: a stated need plus a budget or a timeline. Otherwise ``unknown``.
    """
    stated = HitFilter(is_customer, reject_negated=True)
    said = HitFilter(is_customer)
    fields: dict[str, tuple[Evidence, ...]] = {}
    for name in PERSONA_FIELDS:
        if name not in spec.fields:
            fields[name] = ()
            continue
        hits = compiled.find(call, f"persona#{name}", exact, stated, need=1)
        fields[name] = _evidence(call, hits)

    anyone = HitFilter(lambda seg: True)

    def cue(key: str, hit_filter: HitFilter) -> bool:
        if getattr(spec, key) is None:
            return False
        return bool(compiled.find(call, f"persona#{key}", exact, hit_filter, need=1))

    fit: TargetFit = "unknown"
    if cue("wrong_any", anyone) or (cue("no_need", said) and cue("not_target", said)):
        fit = "wrong"
    elif fields["need"] and (fields["budget"] or fields["timeline"]):
        fit = "right"
    logger.debug("persona %s, target_fit %s", {k: bool(v) for k, v in fields.items()}, fit)
    return fields, fit
