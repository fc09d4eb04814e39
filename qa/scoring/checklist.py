"""Checklists as data: YAML files validated into frozen pydantic models.

A checklist lists the items a call is scored on. Each item says who must say
what, when, how many distinct times, and in which words per language. Errors
name the file, the item id and the key, so a QA lead can fix the YAML alone.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal, get_args

from callqa.qa.errors import CallqaError
from callqa.qa.yaml_file import read_yaml_mapping
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

logger = logging.getLogger(__name__)

SpeakerRule = Literal["agent", "customer", "any"]
TokenPattern = list[dict[str, Any]]

CHECKLIST_DIR = Path(__file__).resolve().parent.parent / "checklists"
DEFAULT_CHECKLISTS = {"vi": "telesales_vi.yaml", "en": "telesales_en.yaml"}


FINDER_LANGUAGES = ("vi", "en")  # the languages a group's ``finder`` reads
# What a persona section captures: the customer statements a call is labelled
# and reported on, in that order (the scorer, the labels reader, the evals).
PersonaField = Literal["need", "budget", "timeline", "decision_maker"]
PERSONA_FIELDS: tuple[PersonaField, ...] = get_args(PersonaField)


class ChecklistError(CallqaError, ValueError):
    """A checklist file is missing, unreadable or invalid."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternGroup(_Frozen):
    """Words that count as one requirement, per language.

    ``phrases`` are plain phrases (exact, then tone-free and fuzzy fallback);
    ``tokens`` are spaCy ``Matcher`` patterns (exact only).
    """

    name: str = "main"
    # Where tone-free and fuzzy matching may hit: everywhere; only in segments
    # written without tone marks (and no exact phrase matching); only for
    # multi-word phrases; or exact everywhere but tone-free only in segments
    # written without tone marks ("toneless_fold"), or that and, in toned segments,
    # words written with marks left out, none changed ("tone_dropped": "đăt quá"
    # is "đắt quá", "đang bán" is not "đang bận"; qa/scoring/vi_tones.py).
    fold_scope: Literal["all", "toneless", "phrases", "toneless_fold", "tone_dropped"] = "all"
    phrases: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    tokens: dict[str, tuple[TokenPattern, ...]] = Field(default_factory=dict)
    # A finder in code instead of, or beside, phrases: "company" finds the phrase
    # after a company-introducing word that is not only generic (qa/scoring/company.py);
    # "agent_name" a Vietnamese self-introduction with a name (agent_name.py);
    # "question" every interrogative word, for needs questions (questions.py)
    finder: Literal["company", "agent_name", "question"] | None = None

    @field_validator("phrases")
    @classmethod
    def _no_blank_phrases(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for lang, phrases in value.items():
            for phrase in phrases:
                if not phrase.strip():
                    raise ValueError(f"blank phrase in language {lang!r}")
        return value

    def languages(self) -> set[str]:
        if self.finder is not None:
            return set(FINDER_LANGUAGES)
        return {lang for lang, p in self.phrases.items() if p} | {
            lang for lang, t in self.tokens.items() if t
        }


class Window(_Frozen):
    """When an item counts: seconds from call start, or the last ``last_s`` seconds."""

    start_s: float = Field(default=0.0, ge=0)
    end_s: float | None = Field(default=None, gt=0)
    last_s: float | None = Field(default=None, gt=0)
    min_position: float = Field(default=0.0, ge=0, le=1)  # fraction of the call before it counts

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end_s is not None and self.end_s <= self.start_s:
            raise ValueError("end_s must be greater than start_s")
        return self

    def contains(self, start: float, end: float, duration_s: float) -> bool:
        if start < self.start_s:
            return False
        if self.end_s is not None and start > self.end_s:
            return False
        if self.last_s is not None and end < duration_s - self.last_s:
            return False
        return start >= self.min_position * duration_s


class Condition(_Frozen):
    """An item applies only when this is said (e.g. the customer objects)."""

    speaker: SpeakerRule = "customer"
    groups: tuple[PatternGroup, ...]
    # A trigger said in reply to one of these (the other speaker's turn just
    # before) does not count: "any other questions?" / "no, I'm good, thanks".
    not_after: PatternGroup | None = None


class Item(_Frozen):
    """One checklist item, or a forbidden behaviour when ``forbidden`` is true."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    weight: float = Field(gt=0, le=100)
    critical: bool = False
    speaker: SpeakerRule = "agent"
    window: Window = Field(default_factory=Window)
    min_matches: int = Field(default=1, ge=1)
    distinct: Literal["text", "clause"] = "text"  # what makes two matches distinct
    # With all_of: "segment" needs every group in one and the same segment ("book"
    # and "Thursday at 4" in one turn, not "books" early and "Monday" later);
    # "exchange" also lets the groups after the first come from the other
    # speaker's turn just before it (customer "Thursday after 5 works", agent
    # "perfect, I'll call you then": the agent accepts the customer's time).
    together: Literal["call", "segment", "exchange"] = "call"
    question: bool = False
    # the opposite: a match inside a question does not count (a feature is stated:
    # "what speed are you getting?" presents nothing)
    statement: bool = False
    reject_negated: bool = False
    fuzzy: bool = True
    groups: tuple[PatternGroup, ...]
    applies_if: Condition | None = None
    after_trigger: bool = False
    # With after_trigger: only the speaker's next N turns after a trigger count
    # (an answer, not a pitch ten minutes later; an objection ignored is missed).
    respond_turns: int | None = Field(default=None, ge=1)
    forbidden: bool = False
    on_violation: Literal["subtract", "fail"] = "subtract"
    # A match does not count when one of these is said in the same sentence
    # ("never share your OTP", "money-back guarantee", "I can't promise").
    unless: PatternGroup | None = None
    # A forbidden item may add a trained detector beside its patterns
    # ("compliance": qa/scoring/compliance.py reads every unit of the speaker's turns);
    # an item with applies_if and respond_turns may add "objections"
    # (qa/scoring/objections.py: objections in the customer's units, answers in the
    # agent's next turns); "next_step" keeps only the candidate turns that propose
    # or agree a step with a concrete time or channel (qa/scoring/next_step.py).
    detector: Literal["compliance", "objections", "next_step"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if not self.groups:
            raise ValueError("needs 'patterns' or 'all_of'")
        if self.question and self.statement:
            raise ValueError("question and statement exclude each other")
        if self.after_trigger and self.applies_if is None:
            raise ValueError("after_trigger needs applies_if")
        if self.respond_turns is not None and not self.after_trigger:
            raise ValueError("respond_turns needs after_trigger")
        if self.detector == "compliance" and not self.forbidden:
            raise ValueError("the compliance detector is only for forbidden items")
        if self.detector == "objections" and self.respond_turns is None:
            raise ValueError("the objections detector needs applies_if and respond_turns")
        if self.forbidden and self.critical:
            raise ValueError("a forbidden item uses on_violation: fail, not critical")
        return self


class WrongCue(_Frozen):
    """Words that make a call a wrong target, with the reason reported for it."""

    reason: str = Field(min_length=1)
    speaker: SpeakerRule = "any"
    group: PatternGroup


class PersonaSpec(_Frozen):
    """Customer statements to capture, and the cues for a wrong target."""

    fields: dict[PersonaField, PatternGroup]
    wrong: tuple[WrongCue, ...] = ()
    wrong_any: PatternGroup | None = None
    # the agent asks for the customer's problem, goal or wish: a real answer states the need
    need_questions: PatternGroup | None = None
    no_need: PatternGroup | None = None
    not_target: PatternGroup | None = None


class Checklist(_Frozen):
    """A named, versioned checklist with a pass mark in 0..100."""

    name: str
    version: str
    languages: tuple[str, ...] = Field(min_length=1)
    pass_mark: float = Field(ge=0, le=100)
    items: tuple[Item, ...] = Field(min_length=1)
    persona: PersonaSpec | None = None

    @model_validator(mode="after")
    def _check(self) -> Checklist:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"item {item.id!r}: duplicate id")
            seen.add(item.id)
            for group in item.groups:
                missing = set(self.languages) - group.languages()
                if missing:
                    raise ValueError(
                        f"item {item.id!r}: key 'patterns' ({group.name}) has no patterns "
                        f"for language(s) {sorted(missing)}"
                    )
        if not any(not i.forbidden for i in self.items):
            raise ValueError("needs at least one item that is not forbidden")
        return self

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def _group(raw: Any, name: str) -> dict[str, Any]:
    """Accept ``{vi: [...], en: [...]}`` and/or ``{name, patterns, tokens, fold_scope}``."""
    if not isinstance(raw, dict):
        raise ChecklistError(f"group {name!r}: expected a mapping of language to phrases")
    out: dict[str, Any] = {"name": raw.get("name", name)}
    phrases = dict(raw.get("patterns") or {})
    for key, value in raw.items():
        if key in ("name", "patterns"):
            continue
        if key in ("tokens", "fold_scope", "finder"):
            out[key] = value
        elif isinstance(key, str) and len(key) == 2:
            phrases[key] = value
        else:
            out[key] = value  # unknown key: let validation name it
    out["phrases"] = phrases
    return out


def _wrong_cue(raw: Any, index: int) -> Any:
    """``{reason, speaker, vi: [...], tokens: ...}`` into a ``WrongCue`` shape."""
    if not isinstance(raw, dict):
        return raw  # let validation name it
    raw = dict(raw)
    cue = {key: raw.pop(key) for key in ("reason", "speaker") if key in raw}
    cue["group"] = _group(raw, f"wrong{index}")
    return cue


def _item_groups(raw: dict[str, Any]) -> dict[str, Any]:
    raw = dict(raw)
    groups = []
    if "patterns" in raw or "tokens" in raw:
        main = {"name": "main", "phrases": raw.pop("patterns", {}), "tokens": raw.pop("tokens", {})}
        for key in ("fold_scope", "finder"):
            if key in raw:
                main[key] = raw.pop(key)
        groups.append(main)
    for i, group in enumerate(raw.pop("all_of", None) or ()):
        groups.append(_group(group, f"part{i + 1}"))
    raw["groups"] = groups
    if isinstance(raw.get("unless"), dict):
        raw["unless"] = _group(raw["unless"], "unless")
    if isinstance(raw.get("applies_if"), dict):
        cond = dict(raw["applies_if"])
        trigger = {"patterns": cond.pop("patterns", {}), "tokens": cond.pop("tokens", {})}
        if "fold_scope" in cond:  # where tone-free and fuzzy trigger matches may hit
            trigger["fold_scope"] = cond.pop("fold_scope")
        cond["groups"] = [_group(trigger, "trigger")]
        if isinstance(cond.get("not_after"), dict):
            cond["not_after"] = _group(cond["not_after"], "not_after")
        raw["applies_if"] = cond
    return raw


def _normalise_raw(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if isinstance(data.get("languages"), str):
        data["languages"] = [data["languages"]]
    items = data.get("items")
    if isinstance(items, list):
        data["items"] = [_item_groups(i) if isinstance(i, dict) else i for i in items]
    persona = data.get("persona")
    if isinstance(persona, dict):
        persona = dict(persona)
        if isinstance(persona.get("fields"), dict):
            persona["fields"] = {k: _group(v, k) for k, v in persona["fields"].items()}
        for key in ("wrong_any", "need_questions", "no_need", "not_target"):
            if isinstance(persona.get(key), dict):
                persona[key] = _group(persona[key], key)
        if isinstance(persona.get("wrong"), list):
            persona["wrong"] = [_wrong_cue(c, i) for i, c in enumerate(persona["wrong"])]
        data["persona"] = persona
    return data


def _describe(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """Turn a pydantic location into "item 'greeting' key 'weight'"."""
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        items = data.get("items") or []
        item_id = items[loc[1]].get("id", "?") if loc[1] < len(items) else "?"
        rest = [str(p) for p in loc[2:] if not isinstance(p, int)]
        key = ".".join(rest) if rest else "(item)"
        key = key.replace("groups", "patterns").replace("phrases", "patterns")
        return f"item {item_id!r} (items[{loc[1]}]) key {key!r}"
    return f"key {'.'.join(str(p) for p in loc)!r}" if loc else "top level"


def parse_checklist(data: Any, *, source: str = "<checklist>") -> Checklist:
    """Validate already-parsed YAML data into a ``Checklist``."""
    if not isinstance(data, dict):
        raise ChecklistError(f"{source}: expected a mapping at the top level")
    try:
        normalised = _normalise_raw(data)
        return Checklist.model_validate(normalised)
    except ChecklistError as exc:
        raise ChecklistError(f"{source}: {exc}") from exc
    except ValidationError as exc:
        problems = [f"{_describe(tuple(err['loc']), data)}: {err['msg']}" for err in exc.errors()]
        raise ChecklistError(f"{source}: invalid checklist:\n  " + "\n  ".join(problems)) from exc


def load_checklist(path: str | Path) -> Checklist:
    """Read and validate a checklist YAML file."""
    path = Path(path)
    data = read_yaml_mapping(path, ChecklistError, "checklist")
    return parse_checklist(data, source=str(path))


def default_checklist(language: str) -> Checklist:
    """Load the packaged default telesales checklist for ``vi`` or ``en``."""
    lang = language.lower().split("-")[0]
    if lang not in DEFAULT_CHECKLISTS:
        raise ChecklistError(
            f"no default checklist for language {language!r}; have {sorted(DEFAULT_CHECKLISTS)}"
        )
    return load_checklist(CHECKLIST_DIR / DEFAULT_CHECKLISTS[lang])
