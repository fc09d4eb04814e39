"""Persona capture: what the customer actually said about need, budget, timeline
and who decides, and whether the call reached the target group at all."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Literal

from callqa.qa.records import Evidence
from callqa.qa.scoring import wrong_target
from callqa.qa.scoring.checklist import PERSONA_FIELDS, PatternGroup, PersonaSpec
from callqa.qa.scoring.cues import is_question
from callqa.qa.scoring.matching import CompiledPatterns, Hit, HitFilter
from callqa.qa.scoring.nlp import CallDoc, fold
from callqa.qa.scoring.persona_model import persona_model, units
from callqa.qa.scoring.persona_rules import (
    answers_current_spend,
    answers_history,
    conditional_at,
    defers,
    folded_words,
    hit_unit,
    interest_only,
    is_budget,
    is_timeline,
    need_not_negated,
    refuses,
    reported_at,
)
from callqa.qa.scoring.persona_structure import (
    answers_who_decides,
    asks_who,
    bare_relation,
    decides_in_turn,
    decides_what_or_when,
    echoes_agent,
    has_money,
    reported_amount,
    states_budget,
    states_decider,
    states_timeline,
)
from callqa.qa.scoring.persona_timeline import customer_plan_time

logger = logging.getLogger(__name__)

# the last word of a reply that asks back ("à chỗ đó hả", "rứa răng", "or what")
_ASK_FINALS = frozenset(
    {"ha", "a", "ho", "hen", "hi", "sao", "gi", "nao", "rang", "mo", "chi", "what", "huh", "eh"}
)
# ... or its first ("why do you want to know", "ủa sao em hỏi")
_ASK_STARTS = frozenset(
    {
        "why",
        "what",
        "how",
        "who",
        "where",
        "which",
        "is",
        "are",
        "do",
        "does",
        "can",
        "could",
        "ua",
        "sao",
        "tai",
    }
)
# a negated "bao nhiêu" ends a statement ("chẳng được bao nhiêu" = not much)
_NOT_MUCH = re.compile(r"\b(?:chang|khong|cha|hong|chua|hem)(?: (?:duoc|co|dang))? bao nhieu$")
MIN_ANSWER_WORDS = 5  # a reply to a needs question this long states the need
_QUESTION_LOOKBACK = 2  # segments searched back for the agent's question
TargetFit = Literal["right", "wrong", "unknown"]
MAX_EVIDENCE_CHARS = 240
# The reasons that say the person on the line is not the lead at all: what they say
# about wanting, paying or deciding is nobody's persona (over the writer sets no call
# read as a wrong number has a persona field in its labels).
NOT_THE_LEAD = frozenset({"wrong number"})


def persona_labels(spec: PersonaSpec) -> Iterator[tuple[str, PatternGroup]]:
    for name, group in spec.fields.items():
        yield f"persona#{name}", group
    for key in ("wrong_any", "need_questions", "no_need", "not_target"):
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
    the customer's "no need" together with not being in the target group; or a
    unit the wrong-target classifier reads as one of those reasons
    (``wrong_target.py``).
    ``right``: a stated need plus a budget or a timeline. Otherwise ``unknown``.
    On a wrong number the person answering is not the lead, so no field is theirs
    to state: the fields come back empty (``NOT_THE_LEAD``).
    """
    is_customer = partial(_speaks, speaker, "customer")
    language = compiled.language
    asked = partial(_agent_before, call, speaker)
    not_negated = need_not_negated(call, language)
    _budget_ok = is_budget(call, language, asked)
    _timeline_ok = is_timeline(call)

    def need_ok(hit: Hit) -> bool:
        """A need is stated, not asked ("why do you want to know that"), nor
        supposed ("if we need it, we'll call you"), nor mere interest ("just
        curious"); the hit's sentence is cut once for the last two."""
        text = call.segments[hit.seg].text
        if not not_negated(hit) or _opens_with_question(call, hit.seg) or _unit_asks(text, hit.key):
            return False
        unit = hit_unit(text, hit.key)
        return not conditional_at(unit, hit.key, language) and not interest_only(unit)

    accept = {
        "need": need_ok,
        # a budget names money in the customer's turn: not "budget range?", not "25 pounds"
        "budget": lambda hit: (
            _budget_ok(hit)
            and has_money(call.segments[hit.seg].text, asked(hit.seg), language)
            and not echoes_agent(call.segments[hit.seg].text, asked(hit.seg), language)
            and not reported_amount(hit_unit(call.segments[hit.seg].text, hit.key), language)
        ),
        # a date in the answer to "what's your bill" or "how long has it been" dates that
        "timeline": lambda hit: (
            _timeline_ok(hit)
            and not answers_current_spend(asked(hit.seg), language)
            and not answers_history(asked(hit.seg))
            and customer_plan_time(
                hit_unit(call.segments[hit.seg].text, hit.key),
                asked(hit.seg),
                language,
                fold(hit.key),
            )
        ),
        # a spouse named is not who decides unless the turn says they decide or are asked;
        # deciding how much or how soon is not who decides; a question does not state it
        "decision_maker": lambda hit: (
            (not bare_relation(hit.key) or decides_in_turn(call.segments[hit.seg].text))
            and not decides_what_or_when(hit_unit(call.segments[hit.seg].text, hit.key))
            and not _unit_asks(call.segments[hit.seg].text, hit.key)
            and not asks_who(hit_unit(call.segments[hit.seg].text, hit.key))
            and not reported_at(hit_unit(call.segments[hit.seg].text, hit.key), hit.key, language)
        ),
    }
    said = HitFilter(is_customer)
    fields: dict[str, tuple[Evidence, ...]] = {}
    for name in PERSONA_FIELDS:
        if name not in spec.fields:
            fields[name] = ()
            continue
        # who decides is stated by its absence too ("nobody, I sign off", "I can't decide")
        negation = name in ("budget", "timeline")
        hit_filter = HitFilter(is_customer, reject_negated=negation, accept_hit=accept.get(name))
        hits = compiled.find(call, f"persona#{name}", exact, hit_filter, need=1)
        fields[name] = _evidence(call, hits)
    if not fields.get("need") and spec.need_questions is not None:
        fields["need"] = _evidence(call, _need_answers(call, compiled, exact, spec, speaker))
    if not fields.get("need") and not _need_model_on(language):
        # where no trained need reader is switched on (measured: it covers these in
        # English, where this rule added as many false needs as true ones)
        fields["need"] = _situation_answers(call, speaker, language)
    _add_model_fields(call, spec, speaker, language, fields)

    def hits_of(key: str, hit_filter: HitFilter) -> list[Hit]:
        # no fuzzy matching: "nhận người" is one edit from "nhầm người"
        return compiled.find(call, f"persona#{key}", exact, hit_filter, need=1, fuzzy=False)

    wrong: list[tuple[float, str, tuple[Evidence, ...]]] = []
    # a reason supposed or reported ("if I were renting", "I thought it was a wrong
    # number", "người ta nói bên em không lắp ở đây") is not asserted: no reason
    for i, cue in enumerate(spec.wrong):
        asserted_cue = partial(wrong_target.cue_asserted, call, language, cue.reason)
        cue_filter = HitFilter(
            partial(_speaks, speaker, cue.speaker), reject_negated=True, accept_hit=asserted_cue
        )
        hits = hits_of(f"wrong{i}", cue_filter)
        if hits:
            start = min(call.segments[h.seg].start for h in hits)
            wrong.append((start, cue.reason, _evidence(call, hits)))
    if spec.wrong_any is not None:
        hits = hits_of("wrong_any", HitFilter(lambda seg: True))
        if hits:
            start = min(call.segments[h.seg].start for h in hits)
            wrong.append((start, "not a target", _evidence(call, hits)))
    # the same reasons in other words, read by a trained classifier
    found = wrong_target.find_reason(call, speaker, language)
    if found is not None:
        wrong.append((found.evidence.start, found.reason, (found.evidence,)))
    if not wrong and spec.no_need is not None and spec.not_target is not None:
        no_need, not_target = hits_of("no_need", said), hits_of("not_target", said)
        if no_need and not_target:
            reason = "no need and not in the target group"
            wrong.append((0.0, reason, _evidence(call, not_target + no_need)))
    if wrong:
        _, reason, evidence = min(wrong, key=lambda w: w[0])
        verdict = TargetVerdict("wrong", reason, evidence)
        if reason in NOT_THE_LEAD:
            fields = dict.fromkeys(fields, ())
    elif fields["need"] and (fields["budget"] or fields["timeline"]):
        also = " and ".join(k for k in ("budget", "timeline") if fields[k])
        evidence = fields["need"][:1] + fields["budget"][:1] + fields["timeline"][:1]
        verdict = TargetVerdict("right", f"need and {also} stated", evidence)
    else:
        missing = [k for k in ("need", "budget or timeline") if not _has(fields, k)]
        verdict = TargetVerdict("unknown", "not stated: " + ", ".join(missing))
    logger.debug("persona %s, target %s", {k: bool(v) for k, v in fields.items()}, verdict)
    return fields, verdict


def _add_model_fields(
    call: CallDoc,
    spec: PersonaSpec,
    speaker: Callable[[int, str], bool],
    language: str,
    fields: dict[str, tuple[Evidence, ...]],
) -> None:
    """Fields the cues missed: first by structure (qa/scoring/persona_structure.py),
    then where the trained classifier reads them in a customer unit the structure
    admits (qa/scoring/persona_model.py); evidence: that unit, with its segment's
    times."""
    missing = [name for name in PERSONA_FIELDS if name in spec.fields and not fields.get(name)]
    if not missing:
        return
    turns = [
        (k, seg.text, _agent_before(call, speaker, k))
        for k, seg in enumerate(call.segments)
        if speaker(k, "customer") and seg.text.strip()
    ]
    # structure first: an amount with a limit, a date to come, in the customer's words
    found = {"budget": lambda u, asked: states_budget(u, asked, language),
             "timeline": lambda u, asked: (
                 states_timeline(u)
                 and not answers_current_spend(asked, language)
                 and not answers_history(asked)
                 and customer_plan_time(u, asked, language)
             ),
             "decision_maker": lambda u, asked: (
                 states_decider(u) or answers_who_decides(u, asked)
             )}  # fmt: skip
    for name in missing:
        test = found.get(name)
        unit = (
            None
            if test is None
            else next(
                ((k, u) for k, text, asked in turns for u in units(text) if test(u, asked)), None
            )
        )
        if unit is not None:
            fields[name] = (_unit_evidence(call, *unit),)
    missing = [name for name in missing if not fields.get(name)]
    model = persona_model(language) if missing else None
    if model is None or all(model.thresholds.get(n, 1.01) > 1.0 for n in missing):
        return  # no model, or none of the missing fields is switched on
    stated = model.stated(turns)
    for name in missing:
        if stated.get(name):
            best = stated[name][0]
            fields[name] = (_unit_evidence(call, best.seg, best.text),)


def _unit_evidence(call: CallDoc, seg: int, text: str) -> Evidence:
    """A customer unit, with its segment's times."""
    segment = call.segments[seg]
    return Evidence(
        text=text.strip()[:MAX_EVIDENCE_CHARS],
        start=segment.start,
        end=segment.end,
        speaker=segment.speaker,
    )


def _speaks(speaker: Callable[[int, str], bool], rule: str, seg: int) -> bool:
    return speaker(seg, rule)


def _has(fields: dict[str, tuple[Evidence, ...]], key: str) -> bool:
    return any(fields.get(k) for k in key.split(" or "))


def _agent_before(call: CallDoc, speaker: Callable[[int, str], bool], seg: int) -> str:
    """The agent's turn just before segment ``seg`` ("" when there is none)."""
    for k in range(seg - 1, max(-1, seg - 1 - _QUESTION_LOOKBACK), -1):
        if speaker(k, "agent") and not speaker(k, "customer"):
            return call.segments[k].text
    return ""


def _need_answers(
    call: CallDoc,
    compiled: CompiledPatterns,
    exact: dict[str, list[Hit]],
    spec: PersonaSpec,
    speaker: Callable[[int, str], bool],
) -> list[Hit]:
    """The customer's real answer to the agent's question about a problem, goal or wish.

    A reply of a few words that does not turn the need down ("không có nhu cầu")
    and does not ask back states the need ("ants all over the kitchen", "dạo ni
    tui hay mệt"). The hit returned is the question's, moved to the answer.
    """
    is_agent = partial(_speaks, speaker, "agent")
    questions = compiled.find(
        call, "persona#need_questions", exact, HitFilter(is_agent), need=10**6, fuzzy=False
    )
    refusals = (
        {
            h.seg
            for h in compiled.find(
                call, "persona#no_need", exact, HitFilter(lambda seg: True), need=10**6, fuzzy=False
            )
        }
        if spec.no_need is not None
        else set()
    )
    out: list[Hit] = []
    for q in sorted(questions, key=lambda h: h.seg):
        for seg in range(q.seg + 1, min(len(call.segments), q.seg + 1 + _QUESTION_LOOKBACK)):
            if speaker(seg, "agent") and not speaker(seg, "customer"):
                break
            if not speaker(seg, "customer"):
                continue
            text = call.segments[seg].text.strip()
            if (
                len(text.split()) >= MIN_ANSWER_WORDS
                and not _asks_back(call, seg, compiled.language)
                and not defers(text)
                and not refuses(text)
                and not interest_only(text)
                and seg not in refusals
            ):
                out.append(
                    Hit(key=f"answer:{seg}", seg=seg, start=q.start, end=q.end, method="answer")
                )
                return out
    return out


# The agent's question checks who or when, not the customer's situation.
_CHECK_QUESTION = re.compile(
    r"\b(?:phai khong|dung khong|phai hong|dung hong|ranh|noi chuyen|tien nghe|ten gi"
    r"|ten la|is this|is that|am i speaking|speaking with|good time|bad time|few minutes"
    r"|couple of minutes|two minutes|got a minute|who am i|your name|spell)\b"
)
MIN_SITUATION_WORDS = 8  # a reply this long to a situation question describes it
MIN_SITUATION_ANSWERS = 2  # ... and two of them state a need


def _situation_answers(
    call: CallDoc, speaker: Callable[[int, str], bool], language: str
) -> tuple[Evidence, ...]:
    """The customer's need, stated by describing their situation: two real answers
    (``MIN_SITUATION_WORDS`` words or more, not a refusal, a deferral or a question
    back) to the agent's questions about them ("anh bị rụng tóc lâu chưa" "chắc hai
    năm rồi, năm nay hói lên hai bên trán, soi gương thấy sợ luôn"), found by the
    turn-closing question (``questions.mentions``), not an identity or time check."""
    from callqa.qa.scoring.questions import mentions

    found: list[int] = []
    for k in range(len(call.segments) - 1):
        if not speaker(k, "agent") or speaker(k, "customer"):
            continue
        if not any(True for _ in mentions(call, k, language)):
            continue
        if _CHECK_QUESTION.search(folded_words(call.segments[k].text)):
            continue
        nxt = k + 1
        if not speaker(nxt, "customer"):
            continue
        text = call.segments[nxt].text.strip()
        if (
            len(text.split()) >= MIN_SITUATION_WORDS
            and not refuses(text)
            and not defers(text)
            and not _asks_back(call, nxt, language)
        ):
            found.append(nxt)
    if len(found) < MIN_SITUATION_ANSWERS:
        return ()
    seg = call.segments[found[0]]
    text = seg.text.strip()[:MAX_EVIDENCE_CHARS]
    return (Evidence(text=text, start=seg.start, end=seg.end, speaker=seg.speaker),)


def _need_model_on(language: str) -> bool:
    """Whether the packaged model reads needs in ``language`` (the shipped files, even
    while a trainer scores the cues alone)."""
    from callqa.qa.scoring import persona_model as packaged

    model = packaged.persona_model(language)
    return model is not None and model.thresholds.get("need", 1.01) <= 1.0


def _unit_asks(text: str, key: str) -> bool:
    """Whether the sentence holding a need cue is a question the customer opens with a
    question word ("Fair enough. Can I at least ask if you're cheaper?", "Ủa sao bên em
    biết chị cần vay?"): asked, not stated."""
    words = fold(hit_unit(text, key)).split()
    return bool(words) and words[0].strip(",.") in _ASK_STARTS and words[-1].endswith("?")


def _opens_with_question(call: CallDoc, seg: int) -> bool:
    words = fold(call.segments[seg].text).split()
    return bool(words) and words[0] in _ASK_STARTS


def _asks_back(call: CallDoc, seg: int, language: str) -> bool:
    """Whether the segment ends in a question ("à chỗ đó hả", "how much is it?")."""
    last = max((i for i, s in enumerate(call.tok_seg) if s == seg), default=-1)
    while last >= 0 and call.tok_seg[last] == seg and call.lowers[last] in (".", ",", "!", "\n"):
        last -= 1
    if last < 0 or call.tok_seg[last] != seg:
        return False
    folded = fold(call.segments[seg].text).rstrip(" .!")
    if _NOT_MUCH.search(folded):
        return False  # "nằm viện thì chẳng được bao nhiêu": not much, not a question
    words = folded.split()
    if not words or words[-1].endswith("?") or words[-1] in _ASK_FINALS or words[0] in _ASK_STARTS:
        return True
    return is_question(call, last, last + 1, language)
