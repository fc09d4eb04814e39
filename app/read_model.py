"""The read model: what a call and a lead *are* after people's reviews, defined once.

Every reader (the web pages and JSON API, the reports and their exports, the
CLI listings, the flags) takes a call's values from here:

* the **effective verdicts**: a reviewer's latest verdict on an item, else the
  machine's;
* the **effective result** (score, pass/fail, critical failure): the machine's
  when nobody changed anything; re-computed with the checklist's scoring rules
  from the effective verdicts after an item override; the number a reviewer
  set after a total override (until a later item override);
* the **effective target fit**: a reviewer's fit correction (the latest ``fit``
  review action, written alike by the call page's form, the JSON API and the
  persona panel), else the machine's: the call's filled persona form together
  with the scorer (:func:`persona_fits`), else the scorer's alone. A fit
  correction is about the lead, not the rules, so it holds across re-scoring
  with a new checklist version;
* a **lead's loss cause**: :func:`qa.funnel.attribute_loss` over its calls'
  effective values;
* whether a call's **transcript is unreliable** (below the transcript-quality
  gate, :mod:`qa.asr.quality`): such a call is still scored, but it is not
  judged: left out of rep scorecards, pass rates, lost-lead attribution and
  pass/fail flags, and flagged "transcript unreliable, listen to the call".

Only item and score overrides made against the call's current checklist version
count. The automated score and verdicts are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from callqa.models.persona import CallPersona, corrections_for, latest_personas, reviewed
from callqa.models.queries import items_of, latest_scores, review_rows
from callqa.models.tables import (
    CallMetrics,
    CallScore,
    Campaign,
    Flag,
    ItemResult,
    Lead,
    Recording,
    Rep,
    ReviewAction,
    TranscriptSegment,
)
from callqa.qa import review
from callqa.qa.asr.quality import QualityReason, read_reasons
from callqa.qa.funnel import CallFacts, LeadFacts, attribute_loss
from callqa.qa.persona import PersonaResult
from sqlmodel import Session, func, select

VERDICT_KINDS = ("item", "score", "fit")


@dataclass(frozen=True)
class CallResult:
    """One call's current score, automated and after review."""

    recording_id: int
    score: CallScore  # the automated row (current checklist version)
    items: tuple[ItemResult, ...]
    actions: tuple[review.Action, ...]  # reviews that apply to this score
    automated: review.Result
    effective: review.Result
    verdicts: dict[str, str]  # item id -> effective verdict
    target_fit: str  # effective
    machine_fit: str = "unknown"  # before a reviewer's fit correction (form and scorer)
    # below the transcript-quality gate: scored, but not judged (the gate's reasons)
    unreliable: bool = False
    quality_reasons: tuple[QualityReason, ...] = ()

    @property
    def automated_verdicts(self) -> dict[str, str]:
        return {i.item_id: i.verdict for i in self.items}

    @property
    def rules(self) -> list[review.ItemRule]:
        return [rule_of(i) for i in self.items]

    @property
    def overridden(self) -> bool:
        return any(a.kind in VERDICT_KINDS for a in self.actions)

    @property
    def score_overridden(self) -> bool:
        """The effective total differs from the machine's."""
        return self.effective.score != self.automated.score

    @property
    def fit_correction(self) -> review.Action | None:
        """The reviewer's fit correction in force, if any."""
        fits = [a for a in self.actions if a.kind == "fit" and a.target == review.FIT_TARGET]
        return max(fits, key=lambda a: a.at) if fits else None

    def facts(self, call_time: datetime | None) -> CallFacts:
        return CallFacts(
            recording_id=self.recording_id,
            call_time=call_time,
            score=self.effective.score,
            passed=self.effective.passed,
            critical_failed=self.effective.critical_failed,
            target_fit=self.target_fit,
            unreliable=self.unreliable,
        )


def rule_of(item: ItemResult) -> review.ItemRule:
    return review.ItemRule(
        item_id=item.item_id,
        weight=item.weight,
        critical=item.critical,
        forbidden=item.forbidden,
        on_violation=item.on_violation,
    )


def item_points(
    rules: Sequence[review.ItemRule], verdicts: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Item id -> (points, max points) under ``verdicts``: the scorer's rule
    (``qa.scoring.scorer``), so a reviewed item shows what it now earns.

    100 points are spread by weight over the applicable required items; a
    violated forbidden item that subtracts is worth minus its weight.
    """
    scored = [r for r in rules if not r.forbidden and verdicts.get(r.item_id) != "na"]
    total = sum(r.weight for r in scored)
    out = {}
    for rule in rules:
        verdict = verdicts.get(rule.item_id)
        if rule.forbidden:
            subtracts = verdict == "violated" and rule.on_violation == "subtract"
            points, most = (-rule.weight if subtracts else 0.0), 0.0
        elif verdict == "na" or total == 0:
            points = most = 0.0
        else:
            most = 100.0 * rule.weight / total
            points = most if verdict == "met" else 0.0
        out[rule.item_id] = (round(points, 2) + 0.0, round(most, 2))
    return out


def as_actions(rows: Sequence[ReviewAction], score: CallScore | None) -> list[review.Action]:
    """Review rows as qa.review reads them: flag reviews, fit corrections, and item and
    score overrides made against ``score``'s checklist version."""
    version = (score.checklist_name, score.checklist_version) if score else None
    return [
        review.Action(
            reviewer=r.reviewer, kind=r.kind, target=r.target, after=r.after, at=r.created_at
        )
        for r in rows
        if r.kind in ("flag", "fit") or (r.checklist_name, r.checklist_version) == version
    ]


def call_result(
    score: CallScore,
    items: Sequence[ItemResult],
    rows: Sequence[ReviewAction],
    form_fit: str | None = None,
    *,
    unreliable_reasons: tuple[QualityReason, ...] | None = None,
) -> CallResult:
    """The effective values of one scored call from its stored rows; ``form_fit`` is the
    call's fit from its persona form and the scorer together (see ``persona_fits``).

    ``unreliable_reasons`` (not None): the call's transcript is below the quality gate.
    """
    items = tuple(items)
    actions = tuple(as_actions(rows, score))
    automated = review.Result(score.score, score.passed, score.critical_failed)
    automated_verdicts = {i.item_id: i.verdict for i in items}
    machine_fit = form_fit or score.target_fit
    return CallResult(
        recording_id=score.recording_id,
        score=score,
        items=items,
        actions=actions,
        automated=automated,
        effective=review.effective_result(
            automated,
            [rule_of(i) for i in items],
            automated_verdicts,
            actions,
            pass_mark=score.pass_mark,
        ),
        verdicts=review.effective_verdicts(automated_verdicts, actions),
        target_fit=review.effective_target_fit(machine_fit, actions),
        machine_fit=machine_fit,
        unreliable=unreliable_reasons is not None,
        quality_reasons=unreliable_reasons or (),
    )


def call_results(
    session: Session, recording_ids: Sequence[int] | None = None
) -> dict[int, CallResult]:
    """Recording id -> its effective values, for every scored call (or those given)."""
    scores = latest_scores(session, recording_ids)
    items = items_of(session, list(scores.values()))
    rows = review_rows(session, list(scores))
    fits = persona_fits(session, list(scores), {rid: s.target_fit for rid, s in scores.items()})
    unreliable = unreliable_transcripts(session, list(scores))
    return {
        rid: call_result(
            score,
            items.get(score.id, ()),
            rows.get(rid, ()),
            fits.get(rid),
            unreliable_reasons=unreliable.get(rid),
        )
        for rid, score in scores.items()
    }


@dataclass(frozen=True)
class ReviewedPersona:
    """A call's filled persona form after reviewers' corrections."""

    row: CallPersona  # the stored form, as the machine filled it
    filled: PersonaResult  # corrected values, completeness, fit and reasons
    fit: str  # the form's and the scorer's fit together, or a reviewer's say on it
    corrected: bool  # a reviewer corrected a value or the fit of this form


def reviewed_personas(
    session: Session, recording_ids: Sequence[int], scorer_fits: dict[int, str] | None = None
) -> dict[int, ReviewedPersona]:
    """Recording id -> its filled form after corrections (calls with no form are left out).

    A corrected value re-decides the fit and its reasons against the form the call
    was filled with, so the lead's fit and loss cause move with it everywhere.
    ``scorer_fits``: the checklist scorer's target fit per call (read when not given).
    """
    rows = latest_personas(session, list(recording_ids))
    if not rows:
        return {}
    if scorer_fits is None:
        scorer_fits = {rid: s.target_fit for rid, s in latest_scores(session, list(rows)).items()}
    query = select(Recording.id, Recording.call_time, Recording.language).where(
        Recording.id.in_(list(rows))
    )
    found = session.exec(query).all()
    days = {rid: when for rid, when, _ in found}
    languages = {rid: language for rid, _, language in found}
    corrections = corrections_for(session, list(rows))
    out = {}
    for rid, row in rows.items():
        mine = corrections.get(rid, [])
        filled, fit = reviewed(
            row,
            mine,
            call_date=(days.get(rid) or row.filled_at).date(),
            scorer_fit=scorer_fits.get(rid, "unknown"),
            language=languages.get(rid) or None,
        )
        corrected = any(name == row.form_name for name, _ in mine)
        out[rid] = ReviewedPersona(row=row, filled=filled, fit=fit, corrected=corrected)
    return out


def persona_fits(
    session: Session, recording_ids: Sequence[int], scorer_fits: dict[int, str] | None = None
) -> dict[int, str]:
    """Recording id -> the fit of its filled persona form together with the scorer's,
    after reviewers' corrections of the form's values and fit; calls with no form are
    left out."""
    return {
        rid: persona.fit
        for rid, persona in reviewed_personas(session, recording_ids, scorer_fits).items()
    }


def unreliable_transcripts(
    session: Session, recording_ids: Sequence[int] | None = None
) -> dict[int, tuple[QualityReason, ...]]:
    """Recording id -> the gate's reasons, for calls whose transcript is unreliable."""
    query = select(Recording.id, Recording.quality).where(Recording.transcript_unreliable)
    if recording_ids is not None:
        query = query.where(Recording.id.in_(list(recording_ids)))
    return {rid: read_reasons(quality) for rid, quality in session.exec(query)}


# --- leads ------------------------------------------------------------------------------------


def lead_facts(
    session: Session,
    *,
    lead_pks: Sequence[int] | None = None,
    results: dict[int, CallResult] | None = None,
    only_called: bool = False,
) -> list[LeadFacts]:
    """Every lead (or those given) with the effective values of its processed calls.

    ``only_called``: only leads with a processed call (the others flag nothing,
    and a big CRM export holds many more leads than calls).
    """
    query = select(Recording.id, Recording.lead_pk, Recording.call_time, Recording.processed_at)
    query = query.where(Recording.status == "done", Recording.lead_pk.is_not(None))
    if lead_pks is not None:
        query = query.where(Recording.lead_pk.in_(list(lead_pks)))
    linked = session.exec(query).all()
    if results is None:
        results = call_results(session, [rid for rid, *_ in linked])
    by_lead: dict[int, list[CallFacts]] = {}
    for rid, lead_pk, call_time, processed_at in linked:
        result = results.get(rid)
        when = call_time or processed_at
        facts = result.facts(when) if result else CallFacts(rid, when, None, None)
        by_lead.setdefault(lead_pk, []).append(facts)
    campaigns = dict(session.exec(select(Campaign.id, Campaign.name)).all())
    leads = select(Lead).order_by(Lead.lead_id)
    if lead_pks is not None:
        leads = leads.where(Lead.id.in_(list(lead_pks)))
    if only_called:
        called = select(Recording.lead_pk).where(
            Recording.status == "done", Recording.lead_pk.is_not(None)
        )
        leads = leads.where(Lead.id.in_(called))
    return [
        LeadFacts(
            lead_id=lead.lead_id,
            created_at=lead.created_at,
            stage=lead.stage,
            campaign=campaigns.get(lead.campaign_id),
            source=lead.source,
            owner=lead.owner,
            first_contact_at=lead.first_contact_at,
            calls=tuple(sorted(by_lead.get(lead.id, ()), key=lambda c: c.recording_id)),
        )
        for lead in session.exec(leads)
    ]


def loss_causes(
    session: Session, *, sla_minutes: float, lead_pks: Sequence[int] | None = None
) -> dict[str, str | None]:
    """CRM lead id -> the cause its loss is charged to (None: not lost)."""
    return {
        lead.lead_id: attribute_loss(lead, sla_minutes=sla_minutes)
        for lead in lead_facts(session, lead_pks=lead_pks)
    }


# --- call lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallRow:
    """One line of a call list: the web's /calls, /api/calls and ``callqa calls``."""

    recording_id: int
    name: str  # the file name
    path: str
    status: str
    error: str | None
    language: str | None
    duration_s: float | None
    channels: int | None
    call_time: datetime | None
    rep: str | None
    campaign: str | None
    lead_id: str | None  # the CRM's id (or the metadata's, when no lead matches)
    lead_stage: str | None
    lead_loss_cause: str | None
    score: float | None  # automated
    passed: bool | None  # automated
    effective_score: float | None
    effective_passed: bool | None
    target_fit: str | None  # effective
    overridden: bool
    open_flags: int
    unreliable: bool = False  # transcript below the quality gate: scored, not judged


@dataclass(frozen=True)
class CallFilter:
    rep: str | None = None
    recording_ids: Sequence[int] | None = None
    lead_ids: Sequence[str] | None = None  # the CRM's lead ids
    done_only: bool = True
    newest: int | None = None  # only the N most recently registered recordings


def call_rows(session: Session, where: CallFilter, *, sla_minutes: float) -> list[CallRow]:
    """Calls matching the filter: newest call first, or registration order with ``newest``
    or ``recording_ids`` (the order a batch ran in)."""
    query = (
        select(Recording, Rep.name, Campaign.name, Lead)
        .join(Rep, Rep.id == Recording.rep_id, isouter=True)
        .join(Campaign, Campaign.id == Recording.campaign_id, isouter=True)
        .join(Lead, Lead.id == Recording.lead_pk, isouter=True)
    )
    if where.done_only:
        query = query.where(Recording.status == "done")
    if where.rep:
        query = query.where(Rep.name == where.rep)
    if where.recording_ids is not None:
        query = query.where(Recording.id.in_(list(where.recording_ids)))
    if where.lead_ids is not None:
        query = query.where(Lead.lead_id.in_(list(where.lead_ids)))
    if where.newest is not None:
        query = query.order_by(Recording.id.desc()).limit(where.newest)
    else:
        query = query.order_by(Recording.call_time.desc(), Recording.id)
    found = session.exec(query).all()
    if where.newest is not None:
        found = found[::-1]
    elif where.recording_ids is not None:
        position = {rid: n for n, rid in enumerate(dict.fromkeys(where.recording_ids))}
        found = sorted(found, key=lambda row: position[row[0].id])
    ids = [rec.id for rec, *_ in found]
    results = call_results(session, ids)
    lead_pks = sorted({lead.id for *_, lead in found if lead is not None})
    causes = loss_causes(session, sla_minutes=sla_minutes, lead_pks=lead_pks) if lead_pks else {}
    flags = dict(
        session.exec(
            select(Flag.recording_id, func.count())
            .where(Flag.recording_id.in_(ids), Flag.status == "open")
            .group_by(Flag.recording_id)
        ).all()
    )
    rows = []
    for rec, rep, campaign, lead in found:
        result = results.get(rec.id)
        rows.append(
            CallRow(
                recording_id=rec.id,
                name=Path(rec.path).name,
                path=rec.path,
                status=rec.status,
                error=rec.error,
                language=rec.language,
                duration_s=rec.duration_s,
                channels=rec.channels,
                call_time=rec.call_time,
                rep=rep,
                campaign=campaign,
                lead_id=lead.lead_id if lead else rec.lead_ref,
                lead_stage=lead.stage if lead else None,
                lead_loss_cause=causes.get(lead.lead_id) if lead else None,
                score=result.automated.score if result else None,
                passed=result.automated.passed if result else None,
                effective_score=result.effective.score if result else None,
                effective_passed=result.effective.passed if result else None,
                target_fit=result.target_fit if result else None,
                overridden=result.overridden if result else False,
                open_flags=flags.get(rec.id, 0),
                unreliable=rec.transcript_unreliable,
            )
        )
    return rows


def leads_without_calls(session: Session, lead_ids: Sequence[str]) -> list[str]:
    """Those of ``lead_ids`` with no processed call linked to them."""
    called = set(
        session.exec(
            select(Lead.lead_id)
            .join(Recording, Recording.lead_pk == Lead.id)
            .where(Lead.lead_id.in_(list(lead_ids)), Recording.status == "done")
        ).all()
    )
    return [lead for lead in lead_ids if lead not in called]


# --- one call ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ItemView:
    item_id: str
    label: str
    critical: bool
    weight: float
    automated: str
    effective: str
    reason: str
    evidence: list[dict]

    @property
    def overridden(self) -> bool:
        return self.automated != self.effective


@dataclass(frozen=True)
class CallView:
    """Everything about one stored call: the call page, ``/api/calls/{id}``, ``callqa show``."""

    recording: Recording
    rep: str | None
    campaign: str | None
    lead: Lead | None
    lead_loss_cause: str | None
    result: CallResult | None
    items: list[ItemView]
    turns: list[Turn]
    metrics: CallMetrics | None
    flags: list[Flag]
    history: list[ReviewAction]
    calibration: list[review.Agreement] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.recording.path).name

    @property
    def score(self) -> CallScore | None:
        """The automated score row."""
        return self.result.score if self.result else None

    @property
    def effective_score(self) -> float | None:
        return self.result.effective.score if self.result else None

    @property
    def effective_passed(self) -> bool | None:
        return self.result.effective.passed if self.result else None

    @property
    def target_fit(self) -> str | None:
        return self.result.target_fit if self.result else None

    @property
    def score_overridden(self) -> bool:
        return self.result is not None and self.result.score_overridden

    @property
    def unreliable(self) -> bool:
        """The transcript is below the quality gate: the call is not judged."""
        return self.recording.transcript_unreliable

    @property
    def quality_reasons(self) -> tuple[QualityReason, ...]:
        """The gate's reasons: codes and figures, worded by each interface."""
        return read_reasons(self.recording.quality)


def speaker_turns(segments: Sequence[TranscriptSegment]) -> list[Turn]:
    """Consecutive segments by one speaker joined into a turn."""
    turns: list[Turn] = []
    for seg in segments:
        text = seg.text.strip()
        if turns and turns[-1].speaker == seg.speaker:
            last = turns[-1]
            turns[-1] = Turn(last.speaker, last.start, seg.end, f"{last.text} {text}".strip())
        else:
            turns.append(Turn(seg.speaker, seg.start, seg.end, text))
    return turns


def call_view(session: Session, recording_id: int, *, sla_minutes: float) -> CallView | None:
    recording = session.get(Recording, recording_id)
    if recording is None:
        return None
    result = call_results(session, [recording_id]).get(recording_id)
    history = review_rows(session, [recording_id]).get(recording_id, [])
    lead = session.get(Lead, recording.lead_pk) if recording.lead_pk else None
    cause = None
    if lead is not None:
        cause = loss_causes(session, sla_minutes=sla_minutes, lead_pks=[lead.id])[lead.lead_id]
    items = []
    if result is not None:
        items = [
            ItemView(
                item_id=i.item_id,
                label=i.label,
                critical=i.critical,
                weight=i.weight,
                automated=i.verdict,
                effective=result.verdicts[i.item_id],
                reason=i.reason,
                evidence=list(i.evidence),
            )
            for i in result.items
        ]
    return CallView(
        recording=recording,
        rep=_name(session, Rep, recording.rep_id),
        campaign=_name(session, Campaign, recording.campaign_id),
        lead=lead,
        lead_loss_cause=cause,
        result=result,
        items=items,
        turns=speaker_turns(
            session.exec(
                select(TranscriptSegment)
                .where(TranscriptSegment.recording_id == recording_id)
                .order_by(TranscriptSegment.idx)
            ).all()
        ),
        metrics=session.exec(
            select(CallMetrics).where(CallMetrics.recording_id == recording_id)
        ).first(),
        flags=list(
            session.exec(
                select(Flag)
                .where(Flag.recording_id == recording_id)
                .order_by(Flag.severity.desc(), Flag.id)
            )
        ),
        history=history,
        calibration=(
            review.calibration(
                result.automated,
                result.rules,
                result.automated_verdicts,
                result.actions,
                pass_mark=result.score.pass_mark,
            )
            if result
            else []
        ),
    )


def _name(session: Session, table, row_id: int | None) -> str | None:
    row = session.get(table, row_id) if row_id else None
    return row.name if row else None
