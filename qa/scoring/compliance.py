"""Prohibited language in agent speech: a small trained classifier beside the rules.

The checklist's ``prohibited_language`` patterns catch the wordings someone
wrote down; this module catches the paraphrases they did not (regional
Vietnamese, code-switching, no punctuation, Indian/Singapore/UK/US English).
Each agent segment is cut into short units (sentences, bracketed asides such
as "(mutters) idiot", and overlapping windows of long unpunctuated runs), and
a spaCy ``textcat`` model (bag of words and word n-grams, trained by
``scripts/train_compliance.py`` on the team's corpus) gives each unit a
category: ``guarantee``, ``approval``, ``deadline``, ``insult``,
``credentials`` or ``clean``. A unit is a violation when the clean
probability falls below ``1 - threshold``; the threshold is stored with the
model. Every finding keeps the unit's text, its segment's timestamps and the
category as the reason. A deadline or scarcity claim is also read joined with
a later admission of the same agent that speaks of it ("honestly the price
never changes, we say that to everybody"): such a pair is one violation with
both units as evidence. A unit is read in
its segment's context where its window cut that off: with a negation or hedge
just before it, and without a waived check a later contrast clause restores
(``reading``). A unit of an agent turn said out of the customer's hearing
(after the customer's goodbye or last turn, or answered with "what did you
say?": ``said_aside``) that has an insult word is read as a muttered aside.

Models ship as package data under ``compliance_model/<language>/`` and load
offline; a language without a model falls back to the rules alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from callqa.qa.records import Evidence, Segment
from callqa.qa.scoring import scope
from callqa.qa.scoring.compliance_waivers import waivers
from callqa.qa.scoring.nlp import SENTENCE_END, fold, normalize_text
from callqa.qa.scoring.training import META_FILE, load_textcat
from callqa.qa.scoring.word_regex import word_regex

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "compliance_model"
CONCEPTS = Path(__file__).resolve().parent / "compliance_concepts.yaml"
CATEGORIES = ("guarantee", "approval", "deadline", "insult", "credentials")
CLEAN = "clean"
CATEGORY_TEXT = {
    "guarantee": "false guarantee of results, returns or health outcomes",
    "approval": "guaranteed approval or no credit check",
    "deadline": "invented deadline or scarcity",
    "insult": "insult",
    "credentials": "asks for an OTP, card number or password",
    "admitted": "invented deadline or scarcity the agent admits later in the call",
}
ADMITTED = "admitted"  # a deadline claim and a later admission, read together
WINDOW_WORDS = 24  # long unpunctuated runs are read in windows of this many words
WINDOW_STEP = 12
# ... and, where the recogniser wrote no sentence ends at all, in short windows
# too: a promise inside unpunctuated small talk ("em chào chị ... <guarantee>
# ... chị muốn đặt lịch thứ mấy") is diluted in 24 words. Punctuated sentences
# are not cut: a window would drop their "if" or "I can't".
SHORT_WORDS = 12
SHORT_STEP = 6
# Concepts that only shade a verdict: they are model features but never
# make a unit worth asking about ("No problem, I will call you again").
CONTEXT_CONCEPTS = frozenset(
    {
        "address",
        "no_check",
        "hedge",
        "warn",
        "refund",
        "urgent_time",
        "ask",
        "forever",
        "quote",
        "deny",
        "other_id",
        "hedged_cert",
        "dismiss",
        "admit",
        "dated",
        "held",
        "proof",
        "universal",
        "future",
        "bound",
    }
)
# 2026.13: a certain outcome of the product for this customer said as fact
# without a certainty word: a frame (the agent's experience offered as proof,
# "I've never seen a nurse finish with less than a seven"; a universal, "a man
# with a paycheck does not leave without keys"; the customer's result as a fact
# to come, "they'll be the ones paying you") around an outcome or a result's
# floor, with no hedge, quote or denial in the unit ("most customers",
# "results vary", "other companies say"). The frames alone are context; with an
# outcome they make ``certain_outcome``, a concept the model weighs like "cert".
FRAMES = frozenset({"proof", "universal", "future"})
# Concepts as structures, beside the phrases of compliance_concepts.yaml. The
# frames: a universal over any noun ("shop nào cũng", "every one of our ladies
# that", "có ai ... đâu": nobody, asked rhetorically), the customer's thing said
# to be certain later ("your score will be up") and the customer's result as a
# fact to come, negated or not ("you'll no' be needing them"). 2026.14: a wager
# on the claim is a certainty ("I'd put my house on it", "I'll stake my name on
# that"); a code or number to be said to the agent is an ask, whatever the
# dialect's verb, pronoun and particle ("read dem off to mi", "call am out for
# me", "read it oot tae me"; in Vietnamese "đọc" alone is an ask already, and a
# structure for "nói em nghe" moved the rotation's J and K folds the wrong way);
# and an idiom of madness, something short of or loose in a whole ("a few roos
# loose in the top paddock", "a few sandwiches short of a picnic"), is an
# insult. Keyed by (language, tone-free).
_SAY_TO_ME_EN = (
    r"(?<!\w)(?:read|call|say|tell|give|gie|shout|pass|text|whatsapp|forward)\s+"
    r"(?:it|them|that|dem|dat|am|those|the\s+\w+|di\s+\w+)\s+"
    r"(?:(?:out|oot|off|aff|back|over)(?:\s+(?:to|tae|ta|fi|for)\s+(?:me|mi|us|me\s+now))?"
    r"|(?:to|tae|ta|fi|for)\s+(?:me|mi|us))(?!\w)"
)
_STRUCTURES: dict[tuple[str, bool], tuple[tuple[str, re.Pattern[str]], ...]] = {
    ("en", False): (
        (
            "universal",
            re.compile(
                r"(?<!\w)every (?:single |last )?(?:one of (?:our|my|the|them|those) )?"
                r"(?:[\w']+ ){1,3}?(?:that|who)(?!\w)"
            ),
        ),
        ("future", re.compile(r"(?<!\w)your (?:\w+ ){0,2}(?:will|'ll|is going to|is gonna)(?!\w)")),
        (
            "future",
            re.compile(
                r"(?<!\w)you(?:'ll| will| won't)(?: (?:no'?|not|never))? be [\w']+ing(?!\w)"
            ),
        ),
        (
            "cert",
            re.compile(
                r"(?<!\w)(?:i'd|i would|i'll|i will|i)\s+(?:put|bet|stake|wager|lay)\s+"
                r"(?:my|me)\s+(?:[\w']+\s+){0,2}on\s+(?:it|that|this)(?!\w)"
            ),
        ),
        ("ask", re.compile(_SAY_TO_ME_EN)),
        (
            "insult",
            re.compile(
                r"(?<!\w)(?:a few|a couple of|one|a)\s+(?:[\w']+\s+){1,2}"
                r"(?:short of an?|loose in the|loose upstairs)(?!\w)"
            ),
        ),
    ),
    ("vi", False): (
        ("universal", re.compile(r"(?<!\w)\w+ nào (?:\w+ ){0,2}cũng(?!\w)")),
        (
            "universal",
            re.compile(r"(?<!\w)(?:có ai|mô có ai|làm gì có ai) (?:\w+ ){0,4}(?:đâu|mô)(?!\w)"),
        ),
    ),
    ("vi", True): (
        ("universal", re.compile(r"(?<!\w)\w+ nao (?:\w+ ){0,2}cung(?!\w)")),
        (
            "universal",
            re.compile(r"(?<!\w)(?:co ai|mo co ai|lam gi co ai) (?:\w+ ){0,4}(?:dau|mo)(?!\w)"),
        ),
    ),
}
OUTCOMES = frozenset({"money", "result", "health", "approval", "no_risk", "bound"})
UNHEDGED = frozenset({"hedge", "quote", "deny"})
CERTAIN_OUTCOME = "certain_outcome"
MIN_WORDS_ONE_CONCEPT = 6  # a unit with a single concept is read only from this length
# A hedge or a denial reaches the claim after it in the same sentence ("em hổng
# dám nói chắc là hết hẳn nám"): a flagged unit is asked again with up to this
# many words of its sentence before it, and stays flagged only if that is too.
SCOPE_WORDS = 8
SCOPE_CONCEPTS = frozenset({"hedge", "deny", "warn", "quote"})
HEDGE_REACH = 3  # "can't promise [you'll] definitely": words between a hedge and certainty
# Pressure the agent later takes back ("this rate is only good till midnight"
# ... "honestly the rate doesn't change, we say that to everybody") is a lie by
# the call's own evidence, though each unit alone reads as plausible urgency or
# small talk: a unit with a deadline, scarcity or date concept is read again joined
# with each later unit of the same agent's next ADMIT_SEGMENTS segments that
# has an admission concept ("actually", "thật ra", "tháng nào cũng có"), and
# the model (trained on such pairs and on honest corrections) decides.
CLAIM_CONCEPTS = frozenset({"urgent_time", "scarcity", "dated"})
ADMIT_SEGMENTS = 4  # the agent's next turns (several segments of one turn count once)


# 2026.12: an admission need not say so. A later turn that keeps the offer for
# the customer ("held": "still", "hold", "same") at a time of its own ("next
# week", "Monday": a claim concept) contradicts the deadline by its structure
# ("call me back Monday and I'll still have it at one-eighty-four"), whatever
# the offer is called; it is read with the claim as an admission is.


def holds_past(found: set[str]) -> bool:
    """Whether a unit's concepts keep an offer at a time of their own."""
    return "held" in found and bool(CLAIM_CONCEPTS & found)


def agent_turns(accepted: list[bool]) -> list[int]:
    """The turn number of each accepted segment of a call, given which segments
    are accepted (the agent's): consecutive accepted segments are one turn, so
    a recogniser that cuts a turn into many segments does not shorten the reach
    of a later admission. A call where every segment is accepted (no speakers)
    counts each segment as a turn."""
    every = all(accepted)
    out: list[int] = []
    turn, before = -1, False
    for ok in accepted:
        if ok:
            if every or not before:
                turn += 1
            out.append(turn)
        before = ok
    return out


_BRACKETED = re.compile(r"[\(\[\{*]([^\)\]\}*]{1,80})[\)\]\}*]")
_NON_WORD = re.compile(r"[^\w%']+")


@dataclass(frozen=True)
class Finding:
    """One agent unit the classifier reads as prohibited."""

    category: str
    probability: float  # 1 - P(clean)
    evidence: Evidence


@cache
def _concepts(
    language: str,
) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """(name, pattern on the text, pattern on tone-free text) per concept; no
    tone-free pattern for a concept with no phrase that can be read tone-free
    (an empty alternation would match at every word boundary)."""
    data = yaml.safe_load(CONCEPTS.read_text(encoding="utf-8"))
    out = []
    for name, words in data["concepts"].items():
        raw = words.get(language, ())
        bad = [w for w in raw if not isinstance(w, str)]
        if bad:
            raise ValueError(f"{CONCEPTS}: concept {name!r} ({language}): quote {bad} as text")
        phrases = {_plain(w) for w in raw}
        exact = word_regex(phrases)
        if exact is None:
            continue
        # Tone-free, a single syllable is ambiguous ("chi": chị/chỉ, "tien":
        # tiền/tiện, "may": máy/mấy): only phrases of two or more words, and
        # words written without tone marks anyway ("top", "coin"), match there.
        folded = word_regex(fold(p) for p in phrases if " " in p or fold(p) == p)
        out.append((name, exact, folded))
    return tuple(out)


# Regional and spoken forms of "không" (Southern "hổng", "hông"; Northern
# "chẳng"): the concepts are written with "không", and a hedge said the
# Southern way ("em hổng dám nói chắc") must read as one.
_NEGATIONS = re.compile(r"(?<!\w)(?:hổng|hông|chẳng)(?!\w)")


# A promise whose subject is a negative quantifier is a denial of it ("no
# institute can promise you a job", "none of the banks will guarantee it",
# "không trường nào dám hứa có việc"; not "no other clinic can promise what
# we do"): the span reads as a hedge, so the certainty inside it is
# ``hedged_cert``. Written on the plain text (lower case, punctuation gone);
# Vietnamese also tone-free for toneless input.
_VERB_EN = r"(?:can|could|will|would|should|is able to|are able to|dare|dares to)"
# words that make "no ..." something other than the subject ("no other bank
# can promise what we do", "no problem, I can guarantee it", "no matter what")
_NOT_SUBJECT_EN = (
    r"(?:other|else|i|we|you|he|she|they|it|i'll|we'll|matter|problem|problems|worries|"
    r"worry|doubt|question|questions|way|but|so|and|then|sir|ma'am|madam|mate|lah|man)"
)
_NEG_SUBJECT = {
    "en": re.compile(
        r"(?<!\w)(?:no|none of the|none of|not a single|not one|not any)\s+"
        rf"(?:(?!{_NOT_SUBJECT_EN}\b)[\w']+\s+){{0,4}}?{_VERB_EN}\s+(?:honestly\s+|really\s+|ever\s+)?"
        r"(?:promise|guarantee|assure|say for sure|be sure|be certain)"
    ),
    "vi": re.compile(
        r"(?<!\w)không\s+(?:\w+\s+){0,3}?nào\s+(?:cũng\s+)?"
        r"(?:dám|có thể|hứa|cam kết|bảo đảm|đảm bảo|chắc|nói chắc)(?!\w)"
    ),
}
_NEG_SUBJECT_TONELESS = re.compile(
    r"(?<!\w)khong\s+(?:\w+\s+){0,3}?nao\s+(?:cung\s+)?"
    r"(?:dam|co the|hua|cam ket|bao dam|dam bao|chac|noi chac)(?!\w)"
)


def _negative_subjects(plain: str, language: str, toneless: bool) -> list[tuple[int, int]]:
    """Spans of a promise denied by its negative subject ("no bank can guarantee")."""
    pattern = _NEG_SUBJECT_TONELESS if toneless else _NEG_SUBJECT.get(language)
    return [] if pattern is None else [m.span() for m in pattern.finditer(plain)]


def denied_by_subject(segment_text: str, phrase: str, language: str) -> bool:
    """Whether ``phrase`` (a rule's hit in ``segment_text``) is inside or just
    after a promise denied by its negative subject ("none of the lenders will
    guarantee approval", "no doctor can promise zero side effects")."""
    before = scope_before(segment_text, phrase)
    plain = _joined(_plain(f"{before} {phrase}"), language)
    toneless = language == "vi" and fold(plain) == plain
    denied = _negative_subjects(plain, language, toneless)
    start = len(_plain(before)) + 1 if before else 0
    return bool(denied) and _governed(plain, start, denied)


def scoped_out(segment_text: str, phrase: str, language: str) -> bool:
    """Whether a rule's hit ``phrase`` sits, wherever it occurs in
    ``segment_text``, inside a denied or reported clause ("bên con không bao
    giờ gọi hỏi mã OTP", "other lenders say no credit check"): no violation.
    A conditional one stays ("if you read me the code I can finish it" asks)."""
    text = normalize_text(segment_text)
    lower, needle = text.lower(), normalize_text(phrase).lower()
    starts = []
    at = lower.find(needle)
    while at >= 0:
        starts.append(at)
        at = lower.find(needle, at + 1)
    if not starts:
        return False
    if _named_to_warn(text, needle, language):
        return True
    tokens = scope.tokens(text, language)
    return all(
        scope.scope_at(text, at, language, tokens) in ("denied", "reported")
        or _after_whoever_says(lower[:at], language)
        or names_a_part(lower[:at], language)
        or _listed_after_denied(tokens, text, at, language)
        for at in starts
    )


# 2026.13: a part of a number that is no secret. The last four digits of a card
# are printed on every receipt and are how a bank finds an account: "the last
# four digits of your card number", "the card ending in", "bốn số cuối của số
# thẻ" name the whole number only to say which part is asked. The three digits
# on the back (a secret) are no such part, nor are "all sixteen". What counts
# as such a number is the ``other_id`` concept (compliance_concepts.yaml), for
# a rule's hit here as for a secret word of a unit (``_part_of``).
PART_REACH = 5  # words between the part ("last four digits") and the number it is of


def names_a_part(before: str, language: str) -> bool:
    """Whether ``before`` (the segment's lower-case text up to a rule's hit) names,
    within ``PART_REACH`` words before it in its clause (to a comma), a number that
    is no secret (``other_id``: the last four digits)."""
    clause = re.split(r"[.!?;…,]", before)[-1]  # "not the last four, read me the card number"
    head = " ".join(_NON_WORD.sub(" ", clause).split()[-PART_REACH - 2 :])
    return "other_id" in concepts(head, language)


# 2026.12: a secret named in one sentence and warned about in the next ("the bank
# will SMS you a one-time code. Nobody, including me, will ever ask you for it"):
# the checklist's exceptions block a hit only within its own sentence, but the
# warning of the turn is what the naming was for. Not when the turn asks for
# anything outside a denial ("you'll get a code. Don't share it, just read it
# to me") or the warning is waved away ("it says do not share, that's standard").


def _named_to_warn(text: str, needle: str, language: str) -> bool:
    """Whether the secret ``needle`` (a rule's hit, lower case) is named in
    sentences of ``text`` (one agent segment) that ask for nothing, and another
    sentence there warns against sharing it, and no sentence asks for anything
    outside a denial or dismisses the warning."""
    if "secret" not in concepts(needle, language):
        return False
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    named = [s for s in sentences if needle in s.lower()]
    others = [s for s in sentences if needle not in s.lower()]
    if not named or not any("warn" in concepts(s, language) for s in others):
        return False
    return not any(
        "ask" in scoped_concepts(s, language) or "dismiss" in concepts(s, language)
        for s in sentences
    )


# 2026.11: a list the denied clause goes on with after a comma ("we will never ask
# for your OTP, password or card number", "không bao giờ xin mã OTP, mật khẩu
# app hay số thẻ"): scope.py ends a clause at the comma, but items after it of
# the same kind as the denied object (a concept of both), joined by "or" /
# "hay", are objects of the same denied verb. An ask after the comma ("...,
# read me your password and the code") opens a clause of its own.
_LIST_JOIN = {
    "en": frozenset({"or", "and", "nor"}),
    "vi": frozenset({"hay", "hoặc", "và", "với", "hoac", "va", "voi"}),
}
LIST_REACH = 4  # words of one list item


def _listed_after_denied(tokens: Sequence[scope.Token], text: str, at: int, language: str) -> bool:
    """Whether the word at character ``at`` of ``text`` is an item of a list
    that follows a denied word after a comma: at most ``LIST_REACH`` words of
    items back to the comma, and a list word ("or", "hay") among the items up
    to ``LIST_REACH`` words after it."""
    join = _LIST_JOIN.get(language, frozenset())
    k = next((n for n, t in enumerate(tokens) if t.end > at), None)
    if k is None or not join:
        return False
    first = k
    while first > 0 and k - first < LIST_REACH and tokens[first - 1].scope == "asserted":
        if "," in text[tokens[first - 1].end : tokens[first].start]:
            break
        first -= 1
    before = tokens[first - 1] if first > 0 else None
    if before is None or before.scope != "denied" or before.cue:
        return False
    if "," not in text[before.end : tokens[first].start]:
        return False
    items = tokens[first : k + LIST_REACH + 1]
    if not join.intersection(t.word for t in items):
        return False
    d = first - 1
    while d > 0 and tokens[d - 1].scope == "denied" and not tokens[d - 1].cue:
        d -= 1
    denied = set(concepts(text[tokens[d].start : before.end], language))
    listed = set(concepts(text[tokens[first].start : items[-1].end], language))
    return "ask" not in listed and bool((denied & listed) - CONTEXT_CONCEPTS)


# 2026.8: "whoever says X" quotes X to judge it ("ai bảo bao đậu là nói dối",
# "anyone who tells you no credit check is lying"): a rule's hit within a few
# words after it is reported, not claimed (not a scope.py cue: "ai bảo" also asks
# "who said?", which only matters here)
_WHOEVER = {
    "vi": re.compile(
        r"(?<!\w)(?:ai|người nào|bất cứ ai|ai mà|chỗ nào|bên nào)\s+(?:bảo|nói|hứa|cam kết|"
        r"quảng cáo|kêu|nói là|bảo là|hứa là)(?:\s+(?:là|với em|với chị|với anh))?$"
    ),
    "en": re.compile(
        r"(?<!\w)(?:anyone|anybody|whoever|someone|somebody|people|those|any lender|"
        r"any company)\s+(?:who|that\s+)?\s*(?:says|said|tells you|told you|promises|promised|"
        r"claims|offers|advertises|guarantees)(?:\s+(?:you|that|there's|there is|it's))?$"
    ),
}
_WHOEVER_TONELESS = re.compile(fold(_WHOEVER["vi"].pattern))  # for toneless Vietnamese
WHOEVER_REACH = 4  # words between the "whoever says" cue and the hit


def _after_whoever_says(before: str, language: str) -> bool:
    """Whether ``before`` (the segment's lower-case text up to a hit) ends,
    within ``WHOEVER_REACH`` words of its clause, in a "whoever says" cue."""
    pattern = _WHOEVER.get(language)
    if pattern is None:
        return False
    clause = re.split(r"[.!?;…]", before)[-1]
    words = _NON_WORD.sub(" ", clause).split()
    if language == "vi" and fold(clause) == clause:
        pattern = _WHOEVER_TONELESS
    for cut in range(WHOEVER_REACH + 1):
        head = " ".join(words[: len(words) - cut] if cut else words)
        if pattern.search(head):
            return True
    return False


PLAIN_CACHE_TEXTS = 8192  # texts kept: an hour-long call's units, segments and hits


@lru_cache(maxsize=PLAIN_CACHE_TEXTS)
def _plain(text: str) -> str:
    """Lower-case words of ``text``, negations in one form. Cached: a unit is read
    plain for its concepts, ``says_claim``, the model input and its scopes."""
    plain = _NON_WORD.sub(" ", normalize_text(text).lower()).strip()
    return _NEGATIONS.sub("không", plain)


@cache
def _compounds(language: str) -> re.Pattern[str] | None:
    """Fixed expressions whose words mean something else together ("bệnh hiểm
    nghèo" is an illness, not "poor"; "tài sản đảm bảo" is collateral, not a
    promise; "exit code" is no secret), matched with and without tone marks."""
    data = yaml.safe_load(CONCEPTS.read_text(encoding="utf-8"))
    raw = (data.get("compounds") or {}).get(language, ())
    bad = [w for w in raw if not isinstance(w, str)]
    if bad:
        raise ValueError(f"{CONCEPTS}: compounds ({language}): quote {bad} as text")
    phrases = {_plain(w) for w in raw} | {fold(_plain(w)) for w in raw if " " in w.strip()}
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _joined(plain: str, language: str) -> str:
    """``plain`` with each compound written as one token ("tài_sản_đảm_bảo"):
    no concept matches inside it and the model reads it as one word."""
    pattern = _compounds(language)
    if pattern is None:
        return plain
    return pattern.sub(lambda m: m.group(0).replace(" ", "_"), plain)


def concepts(text: str, language: str) -> list[str]:
    """The concepts a unit mentions; tone-free matching only for toneless text.
    A certainty word that a hedge governs ("I can't promise you'll definitely",
    "em không dám nói chắc", "no clinic can promise") is no certainty: it counts
    as ``hedged_cert``."""
    return [name for name, _ in _concept_spans(text, language)]


CONCEPT_CACHE_UNITS = 4096  # texts whose concepts are kept: an hour-long call's units


@lru_cache(maxsize=CONCEPT_CACHE_UNITS)
def _concept_spans(text: str, language: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(concept, the word index of each of its matches) in order of the concept
    table; word indices count the words of the plain text (a compound's words
    one by one). Cached: a unit is read for its concepts by ``worth_asking``,
    ``model_input``, ``says_claim``, the aside and the pair readings alike."""
    plain = _joined(_plain(text), language)
    toneless = language == "vi" and fold(plain) == plain
    found = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, exact, folded in _concepts(language):
        pattern = folded if toneless else exact
        matches = [] if pattern is None else [m.span() for m in pattern.finditer(plain)]
        if matches:
            found.append(name)
            spans[name] = matches
    if "secret" in spans and "other_id" in spans:  # "the last four digits of the card"
        spans["secret"] = [
            (a, b) for a, b in spans["secret"] if not _part_of(plain, a, spans["other_id"])
        ]
        if not spans["secret"]:
            del spans["secret"]
            found.remove("secret")
    denied = _negative_subjects(plain, language, toneless)
    if denied:
        spans["hedge"] = spans.get("hedge", []) + denied
        if "hedge" not in found:
            found.append("hedge")
    if "cert" in spans and "hedge" in spans:
        hedges = spans["hedge"]
        if all(_governed(plain, start, hedges) for start, _ in spans["cert"]):
            found = [("hedged_cert" if c == "cert" else c) for c in found]
            spans["hedged_cert"] = spans["cert"]
    for name, pattern in _STRUCTURES.get((language, toneless), ()):
        extra = [m.span() for m in pattern.finditer(plain)]
        if extra:
            if name not in spans:
                found.append(name)
            spans[name] = spans.get(name, []) + extra
    frames = sorted(a for name in FRAMES & spans.keys() for a in spans[name])
    if frames and OUTCOMES & spans.keys() and not UNHEDGED & spans.keys():
        found.append(CERTAIN_OUTCOME)
        spans[CERTAIN_OUTCOME] = frames

    def word_index(start: int) -> int:
        return len(plain[:start].replace("_", " ").split())

    return tuple((name, tuple(word_index(a) for a, _ in spans[name])) for name in found)


def _part_of(plain: str, start: int, parts: list[tuple[int, int]]) -> bool:
    """Whether a secret word at ``start`` (a card, its digits) is named inside or
    within ``PART_REACH`` words after a number that is no secret ("the last four
    digits of the card", "bốn số cuối của thẻ": ``other_id``)."""
    return any(a <= start and len(plain[b:start].split()) <= PART_REACH for a, b in parts)


def scoped_concepts(text: str, language: str) -> list[str]:
    """The concepts of ``concepts``, each match inside a denied, conditional or
    reported clause named with its scope ("không ai dám cam kết duyệt chắc":
    ``neg_cert``; "other banks guarantee approval": ``say_approval``), so a
    denied promise and an asserted one are different features. A concept
    matched both inside and outside a scope counts once each way."""
    tokens = scope.tokens(normalize_text(text), language)
    return _scoped(text, language, _concept_spans(text, language), tokens)


def _scoped(
    text: str,
    language: str,
    spans: tuple[tuple[str, tuple[int, ...]], ...],
    tokens: list[scope.Token],
) -> list[str]:
    plain_words = len(_joined(_plain(text), language).replace("_", " ").split())
    aligned = len(tokens) == plain_words
    out: list[str] = []
    for name, starts in spans:
        for at in starts:
            kind = tokens[at].scope if aligned and at < len(tokens) else "asserted"
            tag = name if kind == "asserted" else f"{_SCOPE_PREFIX[kind]}{name}"
            if tag not in out:
                out.append(tag)
    return out


_SCOPE_PREFIX = {"denied": "neg_", "conditional": "if_", "reported": "say_"}


def _governed(plain: str, start: int, hedges: list[tuple[int, int]]) -> bool:
    """Whether a word starting at ``start`` is inside a hedge ("không dám nói
    chắc") or within ``HEDGE_REACH`` words after one ("can't promise you'll
    definitely")."""
    for h_start, h_end in hedges:
        if h_start <= start < h_end:
            return True
        if h_end <= start and len(plain[h_end:start].split()) <= HEDGE_REACH:
            return True
    return False


def worth_asking(text: str, language: str) -> bool:
    """Whether the model is asked about a unit at all. Context concepts ("no",
    "you", a hedge, a warning) never count; short talk with one other concept
    ("Absolutely.", "losing weight?") is left alone so a unit of two words
    cannot tip on the model's prior; an insult word, two concepts, a longer
    unit with one concept, or a deadline claim with its admission in the same
    unit ("the premium won't really change after friday, we're told to say
    that") is asked."""
    every = concepts(text, language)
    if set(every) & CLAIM_CONCEPTS and ("admit" in every or says_claim(text, language)):
        return True  # a claim and its admission in one turn: context concepts only
    found = [c for c in every if c not in CONTEXT_CONCEPTS]
    if "insult" in found or len(found) >= 2:
        return True
    if "derog" in found and "address" in every:  # "cheap fellow", "đồ keo"
        return True
    return bool(found) and len(text.split()) >= MIN_WORDS_ONE_CONCEPT


def model_input(text: str, language: str, *, scoped: bool = True) -> str:
    """What the model reads: lower-case words, the tone-free form when it differs
    (toneless recognition output meets the same words), then one tag per
    concept and per pair of concepts ("qqcert qqmoney qqcertxmoney"). With
    ``scoped``, each word inside a denied, conditional or reported clause is
    also read with its scope ("neg_duyệt", ``scope.mark``) and a concept matched
    inside a scope gets a tag that says so ("qqneg_cert"), beside the plain tags.
    Both inputs tag what a denied clause waives (``compliance_waivers``):
    "qqwaived_check" (a check of the lender: the words of that clause are then
    not scope-marked, the no-check claim is what was said), "qqwaived_effort"
    (an effort of the customer), "qqwaived_kept" (skipping denied) or
    "qqwaived_restored" (a check a later contrast clause restores)."""
    plain = _joined(_plain(text), language)
    folded = fold(plain)
    words = plain if folded == plain else f"{plain} {folded}"
    tokens = scope.tokens(normalize_text(text), language)
    # a waived check ("không cần xem lương", "no credit check") is the claim
    # itself: its words are read as said, not as denied (compliance_waivers.py)
    waived = waivers(tokens, language)
    claimed = {i for kind, a, b in waived if kind == "check" for i in range(a, b)}
    tokens = [replace(t, scope="asserted") if i in claimed else t for i, t in enumerate(tokens)]
    marked = [
        f"{_SCOPE_PREFIX[t.scope]}{t.word}"
        for t in tokens
        if scoped and t.scope != "asserted" and not t.cue
    ]
    if marked:  # as scope.mark writes them
        both = " ".join(marked)
        words = f"{words} {both}" if fold(both) == both else f"{words} {both} {fold(both)}"
    spans = _concept_spans(text, language)
    found = [name for name, _ in spans]
    tags = [f"qq{c}" for c in found]
    tags += [f"qq{a}x{b}" for i, a in enumerate(found) for b in found[i + 1 :]]
    if scoped:  # beside the plain tags: "qqneg_cert" for a certainty that is denied
        tags += [f"qq{c}" for c in _scoped(text, language, spans, tokens) if c not in found]
    if set(found) & CLAIM_CONCEPTS and "admit" in found:  # claim_and_admission
        tags.append("qqclaimadmit")
    if says_claim(text, language):
        tags.append("qqsaysclaim")
    tags += sorted({f"qqwaived_{kind}" for kind, *_ in waived})
    return f"{words} {' '.join(tags)}".strip()


def claim_and_admission(text: str, language: str) -> bool:
    """Whether ``text`` holds both a deadline, scarcity or date claim and an
    admission, in either order (one turn: "the premium won't really change after
    friday, we're told to say that"; or a claim and a later turn read joined):
    the structure of a lie the agent takes back, whatever the words."""
    found = set(concepts(text, language))
    return bool(found & CLAIM_CONCEPTS) and "admit" in found


# The agent naming its own claim as something it says ("I just say Saturday to
# get people moving", "em nói còn một cái cho anh quyết"): a say verb with a
# date, deadline or stock word right after it.
_SAY_VERBS = {
    "en": frozenset({"say", "says", "said", "tell", "tells", "told", "telling"}),
    "vi": frozenset({"nói", "bảo", "kêu", "noi", "bao", "keu"}),
}
SAY_REACH = 3  # words between the say verb and the claim word


def says_claim(text: str, language: str) -> bool:
    """Whether a say verb comes at most ``SAY_REACH`` words before a deadline,
    scarcity or date word."""
    verbs = _SAY_VERBS.get(language, frozenset())
    words = _plain(text).split()
    said = [k for k, w in enumerate(words) if w in verbs]
    if not said:
        return False
    claims = [
        at
        for name, starts in _concept_spans(text, language)
        if name in CLAIM_CONCEPTS
        for at in starts
    ]
    return any(0 < c - k <= SAY_REACH + 1 for k in said for c in claims)


# 2026.11: an admission takes back the claim just made or one it speaks of.
# "Honestly, we say this to everyone, the price has not moved" admits the price
# deadline said last before it, not "it is twelve minutes from the office" said
# earlier: an earlier claim is read with a later turn only when that turn
# speaks of a deadline, scarcity or a date itself (``CLAIM_CONCEPTS``: "next
# week also I can hold it") or names what the claim was about, a content word
# of the claim ("promo", "giá", "suất"; not a function word, a pronoun or a
# particle).
_PARTICLES = {
    "en": frozenset(
        {"sir", "ma'am", "madam", "lah", "ah", "la", "mate", "ok", "okay", "yeah", "yes"}
    ),
    "vi": frozenset({"nha", "nhé", "nghe", "ha", "hen", "ơi", "ok", "luôn", "thôi", "rồi"}),
}


@cache
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language`` (none for another), with the address
    words and particles of sales talk."""
    if language == "vi":
        from spacy.lang.vi.stop_words import STOP_WORDS
    elif language == "en":
        from spacy.lang.en.stop_words import STOP_WORDS
    else:
        STOP_WORDS = set()
    return frozenset(STOP_WORDS) | _PARTICLES.get(language, frozenset())


def _content_words(text: str, language: str, toneless: bool) -> set[str]:
    """The words of ``text`` that name something: no stop word, particle or number
    of one letter; tone-free when ``toneless``."""
    stop = _stop_words(language)
    words = {w for w in _plain(text).split() if w not in stop and len(w) > 1 and not w.isdigit()}
    return {fold(w) for w in words} if toneless else words


def speaks_of(claim: str, later: str, language: str) -> bool:
    """Whether the later unit ``later`` speaks of the deadline or scarcity claim
    ``claim``: it has a deadline, scarcity or date concept itself, or shares a
    content word with the claim (tone-free when either is toneless)."""
    if CLAIM_CONCEPTS.intersection(concepts(later, language)):
        return True
    toneless = language == "vi" and any(fold(t) == t for t in (_plain(claim), _plain(later)))
    return bool(
        _content_words(claim, language, toneless) & _content_words(later, language, toneless)
    )


_TIE = "\u2060"  # word joiner: keeps a compound's words in one window


def _tied(text: str, language: str | None) -> str:
    """``text`` with each compound's spaces replaced by a joiner, so that no word
    window starts or ends inside one ("khuyến | mãi chị có ..." would read "mai"
    as "tomorrow")."""
    pattern = _any_case_compounds(language) if language else None
    if pattern is None:
        return text
    return pattern.sub(lambda m: m.group(0).replace(" ", _TIE), text)


@cache
def _any_case_compounds(language: str) -> re.Pattern[str] | None:
    pattern = _compounds(language)
    return None if pattern is None else re.compile(pattern.pattern, re.IGNORECASE)


def units(text: str, language: str | None = None) -> list[str]:
    """Sentences, bracketed asides and word windows of one segment's text; with
    ``language``, a window never cuts one of its compounds."""
    return list(_cut(text, language))


@lru_cache(maxsize=PLAIN_CACHE_TEXTS)
def _cut(text: str, language: str | None) -> tuple[str, ...]:
    """``units``, cached: the unit and the pair readings cut each segment alike."""
    out = _units(_tied(normalize_text(text), language))
    return tuple(u.replace(_TIE, " ") for u in out)


def _units(text: str) -> list[str]:
    out: list[str] = []
    for aside in _BRACKETED.findall(text):
        out.append(aside)
    bare = _BRACKETED.sub(" ", text)
    sentences = [s.split() for s in SENTENCE_END.split(bare) if s.split()]
    for n, words in enumerate(sentences):
        if len(words) <= WINDOW_WORDS:
            out.append(" ".join(words))
            after = sentences[n + 1] if n + 1 < len(sentences) else []
            if after and len(words) + len(after) <= WINDOW_WORDS:
                out.append(" ".join(words + after))  # "a code? what does it say"
            continue
        for i in range(0, len(words) - WINDOW_STEP, WINDOW_STEP):
            out.append(" ".join(words[i : i + WINDOW_WORDS]))
    if len(sentences) == 1 and not SENTENCE_END.search(bare + " "):
        words = sentences[0]
        for i in range(0, len(words) - SHORT_WORDS + SHORT_STEP, SHORT_STEP):
            if len(words) > SHORT_WORDS:
                out.append(" ".join(words[i : i + SHORT_WORDS]))
    for match in _BRACKETED.finditer(text):  # the aside with the words after it
        tail = text[match.end() :].split()[: WINDOW_WORDS // 2]
        out.append(" ".join([match.group(0), *tail]))
    return out


def reading(segment_text: str, unit: str, language: str) -> str:
    """``unit`` as the scorer reads it: without the words of a waived check that
    a contrast clause later in its segment restores ("không cần chứng minh thu
    nhập | ... nhưng hồ sơ vẫn được thẩm định": a window that cuts the restoring
    clause off must not read the waiver alone; ``compliance_waivers``). The
    unit itself when there is none or it is not found as such."""
    text = " ".join(normalize_text(segment_text).split())
    at = text.find(unit)
    spans = _restored_spans(text, language) if at >= 0 else ()
    cut = [(max(a, at) - at, min(b, at + len(unit)) - at) for a, b in spans]
    cut = [(a, b) for a, b in cut if a < b]
    if not cut:
        return unit
    kept = list(unit)
    for a, b in cut:
        kept[a:b] = " " * (b - a)
    return " ".join("".join(kept).split())


@lru_cache(maxsize=256)
def _restored_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """Character spans of ``text`` (the waiver's cue included) of each waived
    check a later contrast clause restores."""
    tokens = scope.tokens(text, language)
    out = []
    for kind, a, b in waivers(tokens, language):
        if kind == "restored":
            first = a - 1 if a > 0 and tokens[a - 1].cue else a
            out.append((tokens[first].start, tokens[b - 1].end))
    return tuple(out)


def opens_denied(before: str, unit: str, language: str) -> bool:
    """Whether ``unit`` opens inside the denied scope of a cue in the words
    ``before`` it ("... không | bao giờ yêu cầu khách đọc mã otp": a window that
    cut the negation off reads the warning as the ask)."""
    tokens = scope.tokens(normalize_text(f"{before} {unit}"), language)
    first = len(scope.tokens(normalize_text(before), language))
    if first >= len(tokens) or (tokens[first].cue and not tokens[first - 1].cue):
        return False  # the unit's own cue ("không ...") is read by the model
    # past a cue the cut ran through ("không | bao giờ")
    word = next((t for t in tokens[first:] if not t.cue), None)
    return word is not None and word.scope == "denied"


def scope_before(segment_text: str, unit: str) -> str:
    """Up to ``SCOPE_WORDS`` words before ``unit`` in its sentence of the segment
    (none when the unit opens its sentence or is not found as such)."""
    text = " ".join(normalize_text(segment_text).split())
    at = text.find(unit)
    if at <= 0:
        return ""
    sentence = SENTENCE_END.split(text[:at])[-1]
    return " ".join(_BRACKETED.sub(" ", sentence).split()[-SCOPE_WORDS:])


# 2026.10: an agent turn said out of the customer's hearing: after the customer's
# goodbye or hang-up ("ok bye", "thôi chào em", "tút tút"), after the customer's
# last turn of a call, or one the customer answers with "what did you say?"
# ("hả em nói gì"). A unit there with an insult word, or a word that insults a
# person, is read as a bracketed aside is ("(mutters) cheap uncle"): the customer
# was not meant to hear it, which is what makes it a muttered insult. 2026.15:
# "a word that insults a person" is ``derog`` as well as ``insult``: a word that
# runs a person down only when said of one ("these old uncles, waste of my
# morning", "skint pensioners") was read aside only with an insult word beside
# it, so an aside of derog words alone was read as if said to the customer.
ASIDE_MARK = {"en": "(mutters)", "vi": "(lẩm bẩm)"}
ASIDE_CONCEPTS = frozenset({"insult", "derog"})


@cache
def _aside_cues(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(the customer's goodbye or hang-up, the customer asking what was said),
    from ``asides`` of the concepts file, on plain text (tone-free too)."""
    data = yaml.safe_load(CONCEPTS.read_text(encoding="utf-8")).get("asides") or {}
    out = []
    for kind in ("ended", "unheard"):
        raw = (data.get(kind) or {}).get(language, ())
        phrases = {_plain(w) for w in raw} | {fold(_plain(w)) for w in raw}
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        out.append(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if phrases else None)
    return out[0], out[1]


def said_aside(segments: Sequence[Segment], accepted: Sequence[bool], language: str) -> list[bool]:
    """Per accepted (agent) segment of a call, in order: whether it was said out
    of the customer's hearing: after the customer's last turn (in a call where
    the agent spoke before it: not an agent's only answer to "hello?"), after a
    customer turn that says goodbye or hangs up, or just before one that asks
    what was said. A call without speakers (every segment accepted) has no
    asides."""
    if all(accepted):
        return [False] * len(accepted)
    ended, unheard = _aside_cues(language)

    def cue(pattern: re.Pattern[str] | None, k: int | None) -> bool:
        return (
            pattern is not None and k is not None and bool(pattern.search(_plain(segments[k].text)))
        )

    customer = [k for k, ok in enumerate(accepted) if not ok]
    talked = any(accepted[: customer[-1]])  # the agent spoke before the customer's last turn
    out = []
    for i, ok in enumerate(accepted):
        if not ok:
            continue
        before = max((k for k in customer if k < i), default=None)
        after = min((k for k in customer if k > i), default=None)
        out.append((after is None and talked) or cue(ended, before) or cue(unheard, after))
    return out


class ComplianceModel:
    """One language's trained classifier and its threshold."""

    def __init__(
        self, nlp: Language, threshold: float, language: str, *, scoped: bool = True
    ) -> None:
        self.nlp = nlp
        self.threshold = threshold
        self.language = language
        self.scoped = scoped  # the model reads scope-marked words (``model_input``)

    def _read_with_asides(self, pieces: list[tuple[Segment, str, bool]]) -> list[tuple[str, float]]:
        """(category, 1 - P(clean)) per unit of ``pieces``, each unit said aside
        that has an insult or derog concept read also after ``ASIDE_MARK`` ("(mutters)
        stingy uncle"), the higher of the two readings kept. One pass of the
        model over the units and the marked asides together."""
        mark = ASIDE_MARK.get(self.language, "(aside)")
        todo = [
            k
            for k, (_, text, aside) in enumerate(pieces)
            if aside and ASIDE_CONCEPTS.intersection(concepts(text, self.language))
        ]
        texts = [text for _, text, _ in pieces]
        scored = self.classify([*texts, *(f"{mark} {texts[k]}" for k in todo)])
        out = scored[: len(pieces)]
        for k, (category, p) in zip(todo, scored[len(pieces) :], strict=True):
            if p > out[k][1]:
                out[k] = (category, p)
        return out

    @classmethod
    def load(cls, path: Path, language: str) -> ComplianceModel:
        nlp, meta = load_textcat(path)
        scoped = meta.get("input", "plain") == "scoped"
        return cls(nlp, float(meta["threshold"]), language, scoped=scoped)

    def _input(self, text: str) -> str:
        return model_input(text, self.language, scoped=self.scoped)

    def classify(self, texts: list[str]) -> list[tuple[str, float]]:
        """(most likely prohibited category, 1 - P(clean)) per text."""
        out: list[tuple[str, float]] = [(CLEAN, 0.0)] * len(texts)
        todo = [i for i, t in enumerate(texts) if worth_asking(t, self.language)]
        docs = self.nlp.pipe(self._input(texts[i]) for i in todo)
        for i, doc in zip(todo, docs, strict=True):
            cats = doc.cats
            category = max(CATEGORIES, key=lambda c: cats.get(c, 0.0))
            out[i] = (category, 1.0 - cats.get(CLEAN, 0.0))
        return out

    def pair_scores(
        self, segments: list[Segment], turns: list[int] | None = None
    ) -> list[tuple[Evidence, Evidence, float]]:
        """(claim, later admission, P(deadline) of the two read together) for each
        deadline or scarcity claim (not a question: "is now alright?" claims no
        deadline) and the admission in the same agent's next
        ``ADMIT_SEGMENTS`` turns (``turns``: each segment's turn number, from
        ``agent_turns``; default one segment a turn) that reads most like one:
        the claims of the last segment with one before the admission ("I was
        only saying that" answers the claim just made), an earlier claim only
        when the admission speaks of it (``speaks_of``); segments in call order."""
        turns = list(range(len(segments))) if turns is None else turns
        cut = [units(s.text, self.language) for s in segments]
        found = [[set(concepts(u, self.language)) for u in us] for us in cut]
        says = [[says_claim(u, self.language) for u in us] for us in cut]
        claims = [
            [
                bool(CLAIM_CONCEPTS & f) and not u.rstrip().endswith("?")
                for u, f in zip(us, fs, strict=True)
            ]
            for us, fs in zip(cut, found, strict=True)
        ]
        latest, last = [], -1  # per segment: the last segment up to it with a claim
        for n, cs in enumerate(claims):
            last = n if any(cs) else last
            latest.append(last)
        pairs: list[tuple[int, str, int, str]] = []
        for i, us in enumerate(cut):
            for a, claim in enumerate(us):
                if not claims[i][a]:
                    continue  # no deadline word, or a question: it claims nothing
                at = segments[i].text.find(claim)
                for j in range(i, len(segments)):
                    if turns[j] - turns[i] > ADMIT_SEGMENTS:
                        break
                    for b, later in enumerate(cut[j]):
                        if later in claim or claim in later:
                            continue
                        if not ("admit" in found[j][b] or says[j][b] or holds_past(found[j][b])):
                            continue  # no "honestly ...", "I say Saturday to ...", "Monday too"
                        if latest[j] != i and not speaks_of(claim, later, self.language):
                            continue  # an earlier claim it does not speak of
                        if j == i and segments[i].text.find(later) < at + len(claim):
                            continue  # an admission comes after its claim
                        pairs.append((i, claim, j, later))
        if not pairs:
            return []
        docs = self.nlp.pipe(self._input(f"{claim} {later}") for _, claim, _, later in pairs)
        best: dict[int, tuple[float, int, str, str]] = {}
        for (i, claim, j, later), doc in zip(pairs, docs, strict=True):
            cats = doc.cats
            if max(CATEGORIES, key=lambda c: cats.get(c, 0.0)) != "deadline":
                continue
            p = 1.0 - cats.get(CLEAN, 0.0)
            if i not in best or p > best[i][0]:
                best[i] = (p, j, claim, later)
        out = []
        for i, (p, j, claim, later) in sorted(best.items()):
            one, two = segments[i], segments[j]
            out.append(
                (
                    Evidence(text=claim, start=one.start, end=one.end, speaker=one.speaker),
                    Evidence(text=later, start=two.start, end=two.end, speaker=two.speaker),
                    p,
                )
            )
        return out

    def category(self, text: str) -> str:
        """The most likely prohibited category of a text the rules flagged."""
        cats = self.nlp(self._input(text)).cats
        return max(CATEGORIES, key=lambda c: cats.get(c, 0.0))

    def findings(
        self,
        segments: list[Segment],
        turns: list[int] | None = None,
        asides: list[bool] | None = None,
    ) -> list[Finding]:
        """Every unit of the given segments at or over the threshold, then every
        claim and later admission read together at or over it (two findings,
        category ``admitted``: the claim and the admission, each with its times);
        ``turns`` as for ``pair_scores``, ``asides`` as for ``unit_scores``."""
        out = [
            Finding(
                category,
                round(p, 3),
                Evidence(text=text, start=seg.start, end=seg.end, speaker=seg.speaker),
            )
            for seg, text, category, p in self.unit_scores(segments, self.threshold, asides)
            if p >= self.threshold
        ]
        for claim, admission, p in self.pair_scores(segments, turns):
            if p >= self.threshold:
                out += [
                    Finding(ADMITTED, round(p, 3), claim),
                    Finding(ADMITTED, round(p, 3), admission),
                ]
        return out

    def unit_scores(
        self, segments: list[Segment], floor: float, asides: list[bool] | None = None
    ) -> list[tuple[Segment, str, str, float]]:
        """(segment, unit, category, 1 - P(clean)) per unit. A unit of a segment
        said aside (``asides``: per segment, from ``said_aside``; default none)
        with an insult or derog concept scores the higher of itself and itself after the
        aside mark. A unit at or over ``floor`` with a hedge or a denial just
        before it in its sentence, or opening inside the scope of a negation
        there (``opens_denied``), scores the lower of itself and itself with
        those words (they take it back), and the lower of itself and its
        ``reading`` (a restored waiver left out)."""
        aside = [False] * len(segments) if asides is None else asides
        pieces = [
            (s, u, a)
            for s, a in zip(segments, aside, strict=True)
            for u in units(s.text, self.language)
        ]
        if not pieces:
            return []
        scored = self._read_with_asides(pieces)
        out = []
        for (seg, text, _), (category, p) in zip(pieces, scored, strict=True):
            if p >= floor:
                before = scope_before(seg.text, text)
                # the words before, alone or with the unit ("no one in this
                # business can | promise you'll ..."), hedge or deny it
                joined = concepts(f"{before} {text}", self.language) if before else []
                if before and (
                    SCOPE_CONCEPTS.intersection([*concepts(before, self.language), *joined])
                    or opens_denied(before, text, self.language)
                ):
                    ((_, wider),) = self.classify([f"{before} {text}"])
                    p = min(p, wider)
                read = reading(seg.text, text, self.language)
                if read != text:
                    ((_, restored),) = self.classify([read])
                    p = min(p, restored)
            out.append((seg, text, category, p))
        return out


@cache
def compliance_model(language: str) -> ComplianceModel | None:
    """The packaged model for ``language``, or None (rules alone) when absent."""
    path = MODEL_DIR / language
    if not (path / META_FILE).exists():
        logger.info("no compliance model for %r: prohibited language by rules alone", language)
        return None
    return ComplianceModel.load(path, language)


def describe(categories: list[str]) -> str:
    """The reason line for a violated item: the categories, in a fixed order."""
    seen = [c for c in CATEGORY_TEXT if c in categories]
    return "; ".join(CATEGORY_TEXT[c] for c in seen)
