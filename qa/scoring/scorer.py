"""Score a transcript against a checklist: one spaCy pass, then per-item rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from callqa.qa.errors import CallqaError
from callqa.qa.records import CallScore, Evidence, ItemResult, Segment, Transcript
from callqa.qa.scoring.checklist import PERSONA_FIELDS, Checklist, Item, PatternGroup, SpeakerRule
from callqa.qa.scoring.compliance import (
    agent_turns,
    compliance_model,
    denied_by_subject,
    describe,
    said_aside,
    scoped_out,
)
from callqa.qa.scoring.cues import sentence_span
from callqa.qa.scoring.matching import CompiledPatterns, Hit, HitFilter
from callqa.qa.scoring.next_step import StepFound, declines, proposes, withdraws
from callqa.qa.scoring.nlp import CallDoc, Pipelines
from callqa.qa.scoring.objections import (
    Objection,
    accepted_steps,
    answers,
    asks_opinion,
    ceilings,
    clock,
    counter_figures,
    deciders,
    not_a_prospect,
    objection_model,
    price_questions,
)
from callqa.qa.scoring.objections import result as objection_result
from callqa.qa.scoring.persona import TargetVerdict, capture_persona, persona_labels
from callqa.qa.scoring.questions import closes_with_question

logger = logging.getLogger(__name__)

MAX_EVIDENCE = 3  # evidence snippets kept per item
UNLIMITED = 1_000_000  # "find every hit"
MAX_SENTENCE_CHARS = 200  # an evidence sentence is cut to this many characters


class ScoringError(CallqaError, ValueError):
    """A transcript cannot be scored with the given checklist."""


def item_label(item_id: str, part: int | str) -> str:
    return f"{item_id}#{part}"


def speaker_ok(rule: SpeakerRule, segment: Segment, diarised: bool) -> bool:
    """Whether a segment's speaker satisfies a rule; undiarised calls accept anyone."""
    if rule == "any" or not diarised:
        return True
    return segment.speaker == rule


class Scorer:
    """Scores transcripts; holds the pipelines and compiled patterns for reuse."""

    def __init__(self, pipelines: Pipelines | None = None) -> None:
        self.pipelines = pipelines or Pipelines()
        self._compiled: dict[tuple[int, str], tuple[Checklist, CompiledPatterns]] = {}

    def compiled(self, checklist: Checklist, language: str) -> CompiledPatterns:
        key = (id(checklist), language)
        cached = self._compiled.get(key)
        if cached is not None and cached[0] is checklist:
            return cached[1]
        compiled = CompiledPatterns(self.pipelines, language)
        for item in checklist.items:
            for i, group in enumerate(item.groups):
                compiled.add(item_label(item.id, i), group)
            if item.applies_if is not None:
                for i, group in enumerate(item.applies_if.groups):
                    compiled.add(item_label(item.id, f"if{i}"), group)
                if item.applies_if.not_after is not None:
                    compiled.add(item_label(item.id, "ifnot"), item.applies_if.not_after)
            if item.unless is not None:
                compiled.add(item_label(item.id, "unless"), item.unless)
        if checklist.persona is not None:
            for label, group in persona_labels(checklist.persona):
                compiled.add(label, group)
        self._compiled[key] = (checklist, compiled)
        return compiled

    def score(self, transcript: Transcript, checklist: Checklist) -> CallScore:
        language = transcript.language.lower().split("-")[0]
        if language not in checklist.languages:
            raise ScoringError(
                f"checklist {checklist.name!r} has no patterns for language "
                f"{transcript.language!r} (has {list(checklist.languages)})"
            )
        compiled = self.compiled(checklist, language)
        segments = tuple(s for s in transcript.segments if s.text.strip())
        call = self.pipelines.call_doc(segments, language)
        exact = compiled.exact(call)
        diarised = any(s.speaker != "unknown" for s in segments)
        if not diarised:
            logger.info("no speaker labels: speaker rules are not applied")
        duration = transcript.duration_s or max((s.end for s in segments), default=0.0)
        ctx = _Context(call, compiled, exact, diarised, duration, language)
        persona: dict[str, tuple[Evidence, ...]] = dict.fromkeys(PERSONA_FIELDS, ())
        target = TargetVerdict("unknown", "the checklist has no persona section")
        if checklist.persona is not None:
            persona, target = capture_persona(call, compiled, exact, checklist.persona, ctx.speaker)
        ctx.target = target  # objection handling reads who the caller is (objections.py)
        results = [ctx.evaluate(item) for item in checklist.items]
        results = _with_points(results, checklist)
        score = max(0.0, min(100.0, sum(r.points for r in results)))
        critical_failed = any(
            (r.critical and r.verdict == "missed")
            or (r.verdict == "violated" and checklist.item(r.item_id).on_violation == "fail")
            for r in results
        )
        return CallScore(
            checklist_name=checklist.name,
            checklist_version=checklist.version,
            language=language,
            score=round(score, 1),
            passed=score >= checklist.pass_mark and not critical_failed,
            critical_failed=critical_failed,
            items=tuple(results),
            persona=persona,
            target_fit=target.fit,
            pass_mark=checklist.pass_mark,
            target_fit_reason=target.reason,
            target_fit_evidence=target.evidence,
        )


def score_transcript(
    transcript: Transcript, checklist: Checklist, *, scorer: Scorer | None = None
) -> CallScore:
    """Score one transcript. Pass a long-lived ``Scorer`` to reuse its pipelines."""
    if scorer is None:
        logger.info("no scorer given: building pipelines for a single call")
        scorer = Scorer()
    return scorer.score(transcript, checklist)


def _with_points(results: list[ItemResult], checklist: Checklist) -> list[ItemResult]:
    """Spread 100 points over applicable items by weight; deductions are absolute."""
    scored = [r for r in results if not checklist.item(r.item_id).forbidden and r.verdict != "na"]
    total = sum(r.weight for r in scored)
    out = []
    for r in results:
        item = checklist.item(r.item_id)
        if item.forbidden:
            points = -r.weight if r.verdict == "violated" and item.on_violation == "subtract" else 0
            max_points = 0.0
        elif r.verdict == "na" or total == 0:
            points = max_points = 0.0
        else:
            max_points = 100.0 * r.weight / total
            points = max_points if r.verdict == "met" else 0.0
        out.append(_replace(r, points=round(points, 2), max_points=round(max_points, 2)))
    return out


def _together(
    tagged: list[tuple[int, Hit]],
    groups: tuple[PatternGroup, ...],
    anchor: Callable[[int], int] = lambda seg: seg,
) -> tuple[list[Hit], list[str]]:
    """The hits in turns where every group hit, or why there is none. ``anchor``
    maps a hit's segment to the turn it belongs to (a customer's proposal to the
    agent turn that answers it)."""
    by_seg: dict[int, set[int]] = {}
    for group, hit in tagged:
        by_seg.setdefault(anchor(hit.seg), set()).add(group)
    segs = {seg for seg, found in by_seg.items() if len(found) == len(groups)}
    if not segs:
        return [], [" + ".join(g.name for g in groups) + ": never in the same turn"]
    return [hit for _, hit in tagged if anchor(hit.seg) in segs], []


def _replace(result: ItemResult, **changes: float) -> ItemResult:
    return replace(result, **changes)


class _Context:
    """Everything about one call that item rules need."""

    def __init__(
        self,
        call: CallDoc,
        compiled: CompiledPatterns,
        exact: dict[str, list[Hit]],
        diarised: bool,
        duration_s: float,
        language: str = "",
    ) -> None:
        self.call, self.compiled, self.exact = call, compiled, exact
        self.diarised, self.duration_s, self.language = diarised, duration_s, language
        self.target: TargetVerdict | None = None

    def speaker(self, seg: int, rule: SpeakerRule) -> bool:
        return speaker_ok(rule, self.call.segments[seg], self.diarised)

    def evidence(self, hits: list[Hit]) -> tuple[Evidence, ...]:
        out = []
        for hit in sorted(hits, key=lambda h: (self.call.segments[h.seg].start, h.start)):
            seg = self.call.segments[hit.seg]
            text = self.call.doc[hit.start : hit.end].text
            out.append(Evidence(text=text, start=seg.start, end=seg.end, speaker=seg.speaker))
        return tuple(out[:MAX_EVIDENCE])

    def _compliance(
        self, item: Item, base: dict, hits: list[Hit], accept: Callable[[int], bool]
    ) -> ItemResult:
        """Rule hits plus the trained detector's findings, each with its category."""
        model = compliance_model(self.language)
        hits = [h for h in hits if not self._denied_by_subject(h)]
        evidence = list(self.evidence(hits))
        categories: list[str] = []
        if model is not None:
            accepted = [accept(i) for i in range(len(self.call.segments))]
            segments = [s for s, ok in zip(self.call.segments, accepted, strict=True) if ok]
            asides = said_aside(self.call.segments, accepted, self.language)
            findings = model.findings(segments, agent_turns(accepted), asides)
            categories = [f.category for f in findings]
            if evidence:  # what the rules caught, in the detector's words
                categories += [model.category(e.text) for e in evidence]
            for f in findings:  # one quote per overlap: "a. b." and "b." are one finding
                ev = f.evidence
                if not any(
                    e.start == ev.start and (e.text in ev.text or ev.text in e.text)
                    for e in evidence
                ):
                    evidence.append(ev)
        if not evidence:
            return ItemResult(**base, verdict="met")
        evidence.sort(key=lambda e: e.start)
        reason = describe(categories) or "a prohibited phrase of the checklist"
        return ItemResult(
            **base, verdict="violated", evidence=tuple(evidence[:MAX_EVIDENCE]), reason=reason
        )

    def _denied_by_subject(self, hit: Hit) -> bool:
        """A rule hit inside a promise its negative subject denies ("no bank can
        guarantee approval"), or inside a denied or reported clause ("bên con
        không bao giờ gọi hỏi mã OTP")."""
        seg = self.call.segments[hit.seg]
        phrase = self.call.doc[hit.start : hit.end].text
        return denied_by_subject(seg.text, phrase, self.language) or scoped_out(
            seg.text, phrase, self.language
        )

    def _unless_filter(self, item: Item) -> Callable[[Hit], bool] | None:
        """Reject hits that share a sentence with one of the item's ``unless`` phrases."""
        if item.unless is None:
            return None
        blockers = self.compiled.find(
            self.call,
            item_label(item.id, "unless"),
            self.exact,
            # one blocker per clause, not per phrase: "được không" asked twice
            # blocks both questions
            HitFilter(lambda seg: True, distinct="clause"),
            need=UNLIMITED,
            fuzzy=False,
        )
        if not blockers:
            return None

        def accept(hit: Hit) -> bool:
            first, last, _ = sentence_span(self.call, hit.start, hit.end)
            return not any(b.seg == hit.seg and first <= b.start <= last for b in blockers)

        return accept

    def _not_after(self, item: Item, trigger: list[Hit]) -> list[Hit]:
        """Drop triggers said in reply to a ``not_after`` phrase of the other speaker."""
        asked = {
            h.seg
            for h in self.compiled.find(
                self.call,
                item_label(item.id, "ifnot"),
                self.exact,
                HitFilter(lambda seg: True),
                need=UNLIMITED,
                fuzzy=False,
            )
        }
        if not asked:
            return trigger
        segments = self.call.segments

        def replies_to_asked(seg: int) -> bool:
            prev = seg - 1
            while prev >= 0 and segments[prev].speaker == segments[seg].speaker:
                prev -= 1
            return prev in asked

        return [h for h in trigger if not replies_to_asked(h.seg)]

    def _replies(self, triggers: set[int], rule: SpeakerRule, turns: int) -> set[int]:
        """The first ``turns`` segments of ``rule``'s speaker after each trigger segment."""
        out: set[int] = set()
        segments = self.call.segments
        for t in triggers:
            found = 0
            for j in range(t + 1, len(segments)):
                if segments[j].start < segments[t].start or not self.speaker(j, rule):
                    continue
                out.add(j)
                found += 1
                if found >= turns:
                    break
        return out

    def _objections(self, rule: SpeakerRule, trigger: list[Hit]) -> list[Objection]:
        """The rules' objections, each typed by the model, and the model's own."""
        model = objection_model(self.language)
        out: dict[int, Objection] = {}
        for hit in trigger:
            ev = self._sentence(hit)
            kind = model.type_of(ev.text) if model is not None else "objection"
            out.setdefault(hit.seg, Objection(hit.seg, kind, 1.0, ev))
        customer = [(i, s) for i, s in enumerate(self.call.segments) if self.speaker(i, rule)]
        found = (
            deciders(customer, self.language)
            + ceilings(customer, self.call.segments, self.language)
            + counter_figures(customer, self.call.segments, self.language)
        )
        if model is not None:
            found += model.objections(customer)
        for o in found:
            out.setdefault(o.seg, o)
        found = not_a_prospect([out[seg] for seg in sorted(out)], self.target, self.language)
        found = price_questions(found, self.call.segments, self.language)
        found = answers(found, self.call.segments, self._asked(found), self.language)
        return accepted_steps(found, self.call.segments, self.language)

    def _asked(self, found: list[Objection]) -> frozenset[int]:
        """Of the segments just before the objections, those whose turn closes
        with a question that offers no step: what the reply answers
        (``objections.answers``). Asking what the customer thinks of the offer
        ("chị thấy sao?") invites the objection: no such question."""
        segments, language = self.call.segments, self.language
        return frozenset(
            i
            for i in {o.seg - 1 for o in found if o.seg > 0}
            if closes_with_question(self.call, i, language)
            and not asks_opinion(segments[i].text, language)
            and proposes(segments[i].text, language) is None
        )

    def _answered(
        self, item: Item, base: dict, objections: list[Objection], rule_hits: list[Hit]
    ) -> ItemResult:
        """Each objection with the agent's next turns and the answer found in them."""
        turns = item.respond_turns or 1
        answer_segs = {
            o.seg: sorted(self._replies({o.seg}, item.speaker, turns)) for o in objections
        }
        turns_seen = {j for segs in answer_segs.values() for j in segs}
        said: dict[int, Evidence] = {}
        for hit in sorted(rule_hits, key=lambda h: h.start):
            said.setdefault(hit.seg, self._sentence(hit))
        return objection_result(
            base,
            objections,
            answer_segs,
            {j: self._segment_evidence(j) for j in turns_seen},
            said,
            self.language,
        )

    def _sentence(self, hit: Hit) -> Evidence:
        """The sentence around a hit, as evidence a reviewer can read on its own."""
        ev = self.evidence([hit])[0]
        first, last, _ = sentence_span(self.call, hit.start, hit.end)
        text = self.call.doc[first:last].text.strip() if last > first else ""
        return replace(ev, text=text[:MAX_SENTENCE_CHARS]) if len(text) > len(ev.text) else ev

    def _next_step(self, base: dict, hits: list[Hit], accept: Callable[[int], bool]) -> ItemResult:
        """Met when a candidate agent turn proposes or agrees a concrete step that
        no later agent turn withdraws ("chị chưa làm hồ sơ cho em được") and the
        customer's reply does not turn down (``next_step.declines``)."""
        segments = self.call.segments
        blockers = self._blockers(base["item_id"])
        found: tuple[int, StepFound] | None = None
        withdrawn: int | None = None  # the agent or customer turn that took the step back
        # every agent turn: the patterns' candidates miss steps in new wording
        # ("chiều thứ năm ba giờ em qua quán demo")
        for seg in (i for i in range(len(segments)) if accept(i)):
            if found is not None:
                if not withdraws(found[1], segments[seg].text, self.language):
                    continue
                withdrawn, found = seg, None
            prev = seg - 1
            while prev >= 0 and segments[prev].speaker == segments[seg].speaker:
                prev -= 1
            before = segments[prev].text if prev >= 0 else ""
            step = proposes(segments[seg].text, self.language, before)
            if step is None or any(b in step.sentence.lower() for b in blockers.get(seg, ())):
                continue
            reply = self._reply(seg)
            declined = reply is not None and declines(segments[reply].text, self.language)
            if declined and not step.from_customer:
                withdrawn = reply
                continue
            found = (seg, step)
        if found is not None:
            s, step = segments[found[0]], found[1]
            how = "agreed to the customer's" if step.from_customer else "proposed with"
            reason = f"next step {how} '{step.when}' at {clock(s.start)}: '{step.sentence[:120]}'"
            ev = Evidence(text=step.sentence, start=s.start, end=s.end, speaker=s.speaker)
            return ItemResult(**base, verdict="met", evidence=(ev,), reason=reason)
        if withdrawn is not None:
            ev = self._segment_evidence(withdrawn)
            who = "the agent withdrew" if accept(withdrawn) else "the customer declined"
            reason = f"{who} the step at {clock(ev.start)}: '{ev.text[:120]}'"
            return ItemResult(**base, verdict="missed", evidence=(ev,), reason=reason)
        reason = (
            "no step with a concrete time or channel proposed or agreed by the agent"
            + (" (candidates: " + ", ".join(e.text for e in self.evidence(hits)) + ")")
            if hits
            else "no next-step words"
        )
        return ItemResult(**base, verdict="missed", reason=reason)

    def _reply(self, seg: int) -> int | None:
        """The other speaker's next turn after ``seg``, if the call has one."""
        segments = self.call.segments
        who = segments[seg].speaker
        return next((j for j in range(seg + 1, len(segments)) if segments[j].speaker != who), None)

    def _blockers(self, item_id: str) -> dict[int, list[str]]:
        """The item's ``unless`` phrases said, by segment, in lower case."""
        label = item_label(item_id, "unless")
        if label not in self.compiled.groups:
            return {}
        out: dict[int, list[str]] = {}
        for b in self.compiled.find(
            self.call, label, self.exact, HitFilter(lambda seg: True), need=UNLIMITED, fuzzy=False
        ):
            out.setdefault(b.seg, []).append(self.call.doc[b.start : b.end].text.lower())
        return out

    def _segment_evidence(self, seg: int) -> Evidence:
        s = self.call.segments[seg]
        return Evidence(text=s.text, start=s.start, end=s.end, speaker=s.speaker)

    def evaluate(self, item: Item) -> ItemResult:
        segments, call = self.call.segments, self.call
        base = {"item_id": item.id, "label": item.label, "weight": item.weight}
        base["critical"] = item.critical
        after_s: float | None = None
        replies: set[int] | None = None
        objections: list[Objection] = []
        if item.applies_if is not None:
            cond = item.applies_if
            trigger: list[Hit] = []
            for i in range(len(cond.groups)):
                trigger += self.compiled.find(
                    call,
                    item_label(item.id, f"if{i}"),
                    self.exact,
                    HitFilter(
                        lambda seg, rule=cond.speaker: self.speaker(seg, rule),
                        # Vietnamese: "không bận", "hông ngại" is no objection
                        reject_negated=self.compiled.language == "vi",
                        # with not_after, every trigger (the same words said again
                        # later as a real objection too), to drop the exempt ones
                        distinct="text" if cond.not_after is None else "clause",
                    ),
                    need=1 if cond.not_after is None else UNLIMITED,
                )
            if cond.not_after is not None:
                trigger = self._not_after(item, trigger)
            starts = {h.seg for h in trigger}
            if item.detector == "objections":
                objections = self._objections(cond.speaker, trigger)
                starts = {o.seg for o in objections}
            if not starts:
                return ItemResult(**base, verdict="na", reason="condition not met")
            if item.after_trigger:
                after_s = min(segments[seg].start for seg in starts)
            if item.respond_turns is not None:
                replies = self._replies(starts, item.speaker, item.respond_turns)

        def accept(seg: int) -> bool:
            s = segments[seg]
            if not self.speaker(seg, item.speaker):
                return False
            if after_s is not None and s.start < after_s:
                return False
            if replies is not None and seg not in replies:
                return False
            return item.window.contains(s.start, s.end, self.duration_s)

        hit_filter = HitFilter(
            accept,
            question=item.question,
            statement=item.statement,
            reject_negated=item.reject_negated,
            distinct=item.distinct,
            accept_hit=self._unless_filter(item),
        )

        def answered(seg: int) -> bool:
            """The other speaker's turn just before an accepted one ("exchange")."""
            nxt = seg + 1
            return (
                nxt < len(segments)
                and segments[nxt].speaker != segments[seg].speaker
                and accept(nxt)
            )

        def anchor(seg: int) -> int:
            return seg if accept(seg) else seg + 1

        later_filter = hit_filter
        if item.together == "exchange":
            later_filter = replace(
                hit_filter, accept_segment=lambda seg: accept(seg) or answered(seg)
            )
        all_hits: list[Hit] = []
        tagged: list[tuple[int, Hit]] = []
        missing: list[str] = []
        need = UNLIMITED if item.together != "call" else item.min_matches
        for i, group in enumerate(item.groups):
            hits = self.compiled.find(
                call,
                item_label(item.id, i),
                self.exact,
                later_filter if i else hit_filter,
                need=need,
                fuzzy=item.fuzzy,
            )
            all_hits += hits
            tagged += [(i, h) for h in hits]
            if len(hits) < item.min_matches:
                missing.append(f"{group.name}: {len(hits)}/{item.min_matches}")
        if item.together != "call" and not missing and len(item.groups) > 1:
            all_hits, missing = _together(
                tagged, item.groups, anchor if item.together == "exchange" else lambda seg: seg
            )
        found = not missing
        if objections and item.respond_turns is not None:
            return self._answered(item, base, objections, all_hits if found else [])
        if item.forbidden and item.detector == "compliance":
            return self._compliance(item, base, all_hits if found else [], accept)
        if item.forbidden:
            verdict = "violated" if found else "met"
            return ItemResult(
                **base, verdict=verdict, evidence=self.evidence(all_hits) if found else ()
            )
        if item.detector == "next_step":
            return self._next_step(base, all_hits if found else [], accept)
        reason = "" if found else "not enough matches (" + "; ".join(missing) + ")"
        return ItemResult(
            **base,
            verdict="met" if found else "missed",
            evidence=self.evidence(all_hits),
            reason=reason,
        )
