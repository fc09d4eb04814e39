"""Clause scope of negation, condition and report, Vietnamese and English.

A bag of words reads "không phải ai nộp vô cũng duyệt đâu" (not everyone who
applies gets approved) as a promise of approval, and "other banks will tell
you it's guaranteed" as a guarantee. ``mark`` rewrites a unit so that every
word inside the scope of a cue carries the cue's kind:

* ``neg_``: denied ("not", "n't", "never", "no one", "without"; "không",
  "chẳng", "chả", "chưa", "hông", "hổng", "ko", "đừng", "khỏi", "làm gì có",
  "đâu có", a clause-final "đâu"/"mô");
* ``if_``: conditional ("if", "unless", "in case"; "nếu", "lỡ", "hễ",
  "giả sử", "trường hợp");
* ``say_``: reported or believed, not asserted by the speaker ("they say",
  "other banks", "I thought", "I'm not gonna tell you"; "người ta nói",
  "bên khác", "tưởng", "nghe nói", "nói là"), and a third person's verb of
  saying ("my wife said", "the doctor told us", "chồng chị nói", "sếp em kêu").

A scope opens after its cue (a clause-final "đâu" reaches back instead) and
closes at a clause boundary (punctuation; "but", "because", "so"; "nhưng",
"mà", "vì", "nên", "thì", "rồi", "chứ") or after ``MAX_SCOPE_WORDS`` words,
since recognised speech often has no punctuation. A later cue inside a scope
opens its own. Cue words stay as they are. Tone-less Vietnamese meets folded
cues ("khong", "chang", "dung", "neu"). Pure Python, no model: a few tens of
microseconds per unit.

``suggestion_scope_at`` reads an English negation that only frames a suggestion
("why don't you come by Saturday?") as no denial, for the next-step rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from callqa.qa.scoring.nlp import fold

Scope = Literal["asserted", "denied", "conditional", "reported"]
KINDS: dict[str, Scope] = {"neg": "denied", "if": "conditional", "say": "reported"}
PREFIXES = {kind: f"{kind}_" for kind in KINDS}

MAX_SCOPE_WORDS = 8  # a scope without a boundary ends after this many words

# A word (letters, digits, combining marks, apostrophes inside, "%") or one
# boundary mark.
_TOKEN = re.compile(r"[\w\u0300-\u036f%]+(?:['’][\w\u0300-\u036f]+)*|[.,;:!?…()\[\]\"“”—–]")
_PUNCT = frozenset('.,;:!?…()[]"“”—–')


@dataclass(frozen=True)
class Token:
    """One word of a unit: its lower-case form, offsets and scope."""

    word: str
    start: int
    end: int
    scope: Scope = "asserted"
    cue: bool = False


# --- cue tables -------------------------------------------------------------

_CUES_EN = {
    "neg": (
        "not",
        "never",
        "no",
        "nobody",
        "no one",
        "noone",
        "none",
        "nothing",
        "neither",
        "nor",
        "without",
        "hardly",
        "barely",
        "cannot",
        "dont",
        "cant",
        "wont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "aint",
        "shouldnt",
        "wouldnt",
        "couldnt",
    ),
    "if": (
        "if",
        "unless",
        "in case",
        "whether",
        "suppose",
        "supposing",
        "assuming",
        "provided",
        "provided that",
        "as long as",
        "even if",
        "only if",
    ),
    "say": (
        "they say",
        "they said",
        "they tell you",
        "they'll tell you",
        "they told me",
        "they claim",
        "they promise",
        "they advertise",
        "people say",
        "people think",
        "people said",
        "some people",
        "some say",
        "some companies",
        "some banks",
        "some lenders",
        "some agents",
        "some clinics",
        "some places",
        "other banks",
        "other companies",
        "other lenders",
        "other agents",
        "other providers",
        "other clinics",
        "other insurers",
        "other brands",
        "other places",
        "another company",
        "another bank",
        "competitors",
        "the competitors",
        "our competitors",
        "i thought",
        "you thought",
        "we thought",
        "i heard",
        "you heard",
        "you may have heard",
        "you might have heard",
        "heard that",
        "apparently",
        "supposedly",
        "rumour",
        "rumor",
        "the ads say",
        "the ad says",
        "online it says",
        "he said",
        "she said",
        "you said",
        "i'm not gonna tell you",
        "im not gonna tell you",
        "i'm not going to tell you",
        "not gonna tell you",
        "not going to tell you",
        "won't tell you",
        "i won't tell you",
        "i can't tell you",
        "i'm not saying",
        "not saying",
    ),
}

_CUES_VI = {
    "neg": (
        "không",
        "không phải",
        "không hề",
        "không bao giờ",
        "không ai",
        "chẳng",
        "chẳng phải",
        "chẳng hề",
        "chả",
        "chưa",
        "chưa bao giờ",
        "hông",
        "hổng",
        "hong",
        "ko",
        "k",
        "hok",
        "hem",
        "khum",
        "nỏ",
        "đâu có",
        "đâu phải",
        "đâu ai",
        "đâu cần",
        "mô có",
        "đừng",
        "chớ",
        "khỏi",
        "làm gì có",
        "chắc gì",
        "có bao giờ",
    ),
    "if": (
        "nếu",
        "nếu mà",
        "nếu như",
        "lỡ",
        "lỡ mà",
        "lỡ như",
        "nhỡ",
        "nhỡ mà",
        "hễ",
        "hễ mà",
        "giả sử",
        "giả như",
        "giả dụ",
        "trường hợp",
        "khi nào",
        "miễn là",
        "với điều kiện",
    ),
    "say": (
        "người ta nói",
        "người ta bảo",
        "người ta nghĩ",
        "người ta quảng cáo",
        "người ta hứa",
        "người ta đồn",
        "có người nói",
        "nhiều người nói",
        "nhiều người nghĩ",
        "ai cũng nói",
        "bên khác",
        "bên kia",
        "chỗ khác",
        "nơi khác",
        "công ty khác",
        "ngân hàng khác",
        "mấy bên",
        "mấy chỗ",
        "họ nói",
        "họ bảo",
        "họ hứa",
        "họ quảng cáo",
        "tưởng",
        "nghe nói",
        "nghe đồn",
        "đồn là",
        "nói là",
        "bảo là",
        "quảng cáo là",
    ),
}

# Words that close a scope (kept in the output, unprefixed).
_BOUNDARIES = {
    "en": {
        ("but",),
        ("because",),
        ("cos",),
        ("so",),
        ("though",),
        ("although",),
        ("however",),
        ("except",),
        ("instead",),
        ("whereas",),
        ("then",),
        ("and", "then"),
    },
    "vi": {
        ("nhưng",),
        ("mà",),
        ("vì",),
        ("bởi",),
        ("nên",),
        ("thì",),
        ("rồi",),
        ("chứ",),
        ("song",),
        ("tuy",),
    },
}


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PRONOUNS_VI = _set(
    "anh chị em cô chú bác ông bà mình tôi con cháu bạn o dì cậu mợ thím ảnh chỉ ổng bả"
)
_PARTICLES_VI = _set("ạ à á hả hở nhỉ nha nhé ha hen hông vậy dạ ơi nghen nè")
_NUMBERS_VI = _set(
    "hai ba bốn tư năm lăm sáu bảy bẩy tám chín mười linh lẻ trăm nghìn ngàn triệu tỷ tỉ "
    "chấm phẩy phần giờ độ điểm đô xu"
)
_WHERE_BEFORE_VI = _set("ở đi từ về tới đến chỗ nơi bên tận để nằm coi xem ra vô vào")
_NOT_ANSWER_EN = _set("doubt question problem problems worries worry matter wonder brainer")
_ANSWER_AFTER_NO_EN = _set(
    "i i'm i'd i'll we we're you you're it it's that that's sir ma'am madam mate no yes "
    "thanks thank lah la man"
)
_SUBJECTS_EN = _set("you we i it they there you'll we'll it'll you're we're it's")
_NOT_EN = frozenset({("not", "only"), ("not", "just")})
# "so" after these is a degree word ("not so sure", "is so easy"), not "therefore"
_SO_DEGREE_AFTER = _set("not is are am was were be that too quite and or feel")
_NOT_KHOI_AFTER = _set("ra thoat se la duoc chua ngoai mau nhanh dam")
_PRONOUNS_VI_FOLDED = frozenset(fold(p) for p in _PRONOUNS_VI)
_PARTICLES_VI_FOLDED = frozenset(fold(p) for p in _PARTICLES_VI)
_NUMBERS_VI_FOLDED = frozenset(fold(p) for p in _NUMBERS_VI)
_WHERE_BEFORE_VI_FOLDED = frozenset(fold(p) for p in _WHERE_BEFORE_VI)


# --- someone else's words: a third person, then a verb of saying ----------------
# "my wife said ...", "the doctor told us ...", "chồng chị nói ...", "sếp em kêu ...":
# what follows is that person's statement, reported by the speaker. The speaker's own
# "I said" or "em nói thật" opens nothing, nor a compound ("bảo hiểm", "kể cả").
_SAY_VERBS_EN = _set("said says told tells reckons reckoned claims claimed mentioned")
_THIRD_EN = _set("he she they someone somebody everyone everybody")
_OWNER_EN = _set("my our his her their the your")  # "my wife", "the doctor"
_SAY_VERBS_VI = _set("nói bảo kêu dặn kể khuyên")
_SAY_VERBS_VI_TONELESS = _set("noi bao keu khuyen")  # "dặn", "kể" fold onto other words
_THIRD_VI = _set("ổng bả họ nó ấy")  # "anh ấy"; "ảnh" folds onto "anh"
_THIRD_VI_TONELESS = _set("ho ay")
# kin and roles: "vợ", "ông xã", "bác sĩ", "giám đốc", "hàng xóm" (their last word)
_OTHERS_VI = _set("vợ chồng xã mẹ bố cha sếp sĩ đốc xóm")
_OTHERS_VI_FOLDED = frozenset(fold(w) for w in _OTHERS_VI)
_POSSESSORS_VI = _PRONOUNS_VI | _set("tui tao")  # "chồng chị", "sếp tui"
_POSSESSORS_VI_FOLDED = frozenset(fold(w) for w in _POSSESSORS_VI)
# the folded verb's compounds and other words ("bảo hiểm", "nói chuyện", "khuyến mãi")
_NOT_SAY_AFTER_VI = {
    "bao": _set("hiem hanh dam ve tri duong lanh quan mat toan tang nhieu gio lau"),
    "noi": _set("chuyen chung"),
    "keu": _set("goi ca"),
    "ke": _set("ca tu toan hoach"),
    "khuyen": _set("mai khich"),
}


def _reports(words: list[str], i: int, language: str, toneless: bool) -> bool:
    """Whether ``words[i]`` is a verb of saying after a third person (see above)."""
    word = words[i]
    prev = words[i - 1] if i else ""
    prev2 = words[i - 2] if i > 1 else ""
    if language != "vi":
        return word in _SAY_VERBS_EN and (
            prev in _THIRD_EN or (prev2 in _OWNER_EN and prev not in _SUBJECTS_EN)
        )
    if word not in (_SAY_VERBS_VI_TONELESS if toneless else _SAY_VERBS_VI):
        return False
    after = fold(words[i + 1]) if i + 1 < len(words) else ""
    if after in _NOT_SAY_AFTER_VI.get(fold(word), ()):
        return False
    third = _THIRD_VI_TONELESS if toneless else _THIRD_VI
    others = _OTHERS_VI_FOLDED if toneless else _OTHERS_VI
    owners = _POSSESSORS_VI_FOLDED if toneless else _POSSESSORS_VI
    return prev in third or prev in others or (prev in owners and prev2 in others)


@dataclass(frozen=True)
class _Tables:
    cues: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, kind)
    boundaries: frozenset[tuple[str, ...]]


def _index(cues: dict[str, tuple[str, ...]], folded: bool) -> dict[str, tuple]:
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in cues.items():
        for phrase in phrases:
            words = tuple((fold(phrase) if folded else phrase).split())
            by_first.setdefault(words[0], []).append((words, kind))
    return {
        first: tuple(sorted(set(entries), key=lambda e: -len(e[0])))
        for first, entries in by_first.items()
    }


# Folded forms too ambiguous to be cues without their tone marks: "cha"
# (chả / cha), "lo" (lỡ / lo), "he" (hễ / hè), "nho" (nhỡ / nhớ), "no" (nỏ / no),
# "mo" (mô / mở), "cho" (chớ / cho).
_TONELESS_DROP = frozenset({"cha", "lo", "he", "nho", "no", "mo", "cho"})


@cache
def _tables(language: str, toneless: bool) -> _Tables:
    if language == "vi":
        cues = _index(_CUES_VI, folded=toneless)
        if toneless:
            cues = {
                first: tuple(e for e in entries if e[0] != (first,) or first not in _TONELESS_DROP)
                for first, entries in cues.items()
            }
            cues["dung"] = ((("dung",), "neg"),)  # đừng, checked in _is_cue
        bounds = _BOUNDARIES["vi"]
        if toneless:
            bounds = {tuple(fold(w) for w in b) for b in bounds} - {("con",), ("ma",)}
        return _Tables(cues, frozenset(bounds))
    return _Tables(_index(_CUES_EN, folded=False), frozenset(_BOUNDARIES["en"]))


# --- the marker -------------------------------------------------------------


def _words(text: str) -> list[tuple[str, int, int]]:
    out = []
    for match in _TOKEN.finditer(text):
        word = unicodedata.normalize("NFC", match.group(0)).lower().replace("’", "'")
        out.append((word, match.start(), match.end()))
    return out


def _match_at(words: list[str], i: int, table: dict[str, tuple]) -> tuple[int, str] | None:
    for phrase, kind in table.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase), kind
    return None


def _ends_clause(words: list[str], i: int, language: str, toneless: bool) -> bool:
    """Whether nothing of the clause follows position ``i`` (end, a mark, a
    particle or an address: a question tag or an answer, not a negation)."""
    if i >= len(words) or words[i] in _PUNCT:
        return True
    if language == "vi":
        pronouns = _PRONOUNS_VI_FOLDED if toneless else _PRONOUNS_VI
        particles = _PARTICLES_VI_FOLDED if toneless else _PARTICLES_VI
        return words[i] in pronouns or words[i] in particles
    return False


def _is_cue_vi(words: list[str], i: int, n: int, kind: str, toneless: bool) -> bool:
    word, prev = words[i], words[i - 1] if i else ""
    after = words[i + n] if i + n < len(words) else ""
    f = fold(word) if not toneless else word
    if kind == "if":  # "bỏ lỡ", "lỡ hẹn" (missed), not "lỡ mà" (in case)
        return not (f == "lo" and fold(prev) in {"bo", "de", "da", "lam"})
    if kind != "neg":
        return True
    if n == 1 and f in {"khong", "chua", "hong", "ko", "k", "hok", "hem", "khum"}:
        # question tag or bare answer ("anh ăn cơm chưa", "có không anh")
        if _ends_clause(words, i + 1, "vi", toneless):
            return False
        number_words = _NUMBERS_VI_FOLDED if toneless else _NUMBERS_VI
        if f == "khong":  # "không" as zero: "một không không", "không đồng", "0 phẩy"
            if prev.isdigit() or fold(prev) in _NUMBERS_VI_FOLDED | {"mot", "khong"}:
                return False
            nxt2 = words[i + 2] if i + 2 < len(words) else ""
            if after.isdigit() or (after in number_words and fold(after) != "mot"):
                return False
            if fold(after) == "dong" and fold(nxt2) not in {"y", "tinh", "thuan", "bo"}:
                return False
        if f == "k" and prev[-1:].isdigit():
            return False
        if f == "hong" and toneless and prev in {"bi", "hu", "da", "mau", "hoa"}:
            return False
    if f == "khoi":  # "khỏi lo" (no need); not "khỏi bệnh" (cured), "ra khỏi" (out of)
        if fold(prev) in {
            "ra",
            "thoat",
            "se",
            "la",
            "duoc",
            "chua",
            "ngoai",
            "mau",
            "nhanh",
            "dam",
        }:
            return False
        if fold(after) in {"benh", "han", "dut", "hoan", "het", "ngay", "roi"}:
            return False
    if toneless and word == "dung":  # đừng, not đúng (right) or dùng (use)
        if (
            prev
            and prev not in _PUNCT
            and prev not in _PRONOUNS_VI_FOLDED
            and prev not in {"nho", "xin", "hay", "thi", "nen", "doi", "tuyet", "ma", "dan"}
        ):
            return False
        if after in {
            "roi", "la", "vay", "khong", "ko", "k", "a", "ha", "nha", "nhe", "chua", "thu",
            "duoc", "han", "gio", "cach", "luc", "y", "het", "chuan", "nhu", "sai", "ra",
            "ngay", "de", "cho", "the", "", "ne", "hen", "vao", "app",
        }:  # fmt: skip
            return False
    return not (toneless and word == "chang" and (prev == "anh" or after == "trai"))


def _is_cue_en(words: list[str], i: int, n: int, kind: str) -> bool:
    if kind != "neg" or n != 1:
        return True
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if (word, after) in _NOT_EN:  # "not only", "not just"
        return False
    if word == "no":
        if after in _NOT_ANSWER_EN:  # "no doubt", "no problem", "no worries"
            return False
        if not after or after in _PUNCT or after in _ANSWER_AFTER_NO_EN:  # an answer
            return False
    return True


def _clause_final_dau(words: list[str], i: int, toneless: bool) -> bool:
    """A clause-final "đâu"/"mô" that denies its clause ("có mất gì đâu"), not
    "where" ("anh ở đâu", "đi mô")."""
    f = words[i] if toneless else fold(words[i])
    if f not in {"dau", "mo"} or (toneless and f == "mo"):
        return False
    if not toneless and words[i] not in {"đâu", "mô"}:
        return False
    prev = fold(words[i - 1]) if i else ""
    if not prev or prev in _WHERE_BEFORE_VI_FOLDED:
        return False
    if toneless and prev in {"bat", "ban", "hang", "lan", "bi", "nhuc", "dau", "cai", "tu"}:
        return False
    return _ends_clause(words, i + 1, "vi", toneless)


def tokens(text: str, language: str, *, max_words: int = MAX_SCOPE_WORDS) -> list[Token]:
    """The words of ``text`` (lower case, no punctuation) with their scope."""
    return list(_tokens(text, language, max_words))


TOKENS_CACHE_TEXTS = 4096  # texts whose tokens are kept: an hour-long call's units


@lru_cache(maxsize=TOKENS_CACHE_TEXTS)
def _tokens(text: str, language: str, max_words: int) -> tuple[Token, ...]:
    """``tokens``, cached: a text is read for its scopes by the compliance and
    objection model inputs, ``scope_at`` of each hit in it, the waivers and the
    persona and next-step rules alike."""
    found = _words(text)
    words = [w for w, _, _ in found]
    toneless = language == "vi" and fold(text) == text.lower()
    if toneless:
        words = [fold(w) for w in words]
    tables = _tables("vi" if language == "vi" else "en", toneless)
    scopes: list[Scope] = ["asserted"] * len(words)
    cue = [False] * len(words)
    open_kind: str | None = None
    left = 0
    i = 0
    while i < len(words):
        word = words[i]
        if word in _PUNCT:
            open_kind = None
            i += 1
            continue
        bound = next(
            (len(b) for b in (words[i : i + 2], words[i : i + 1]) if tuple(b) in tables.boundaries),
            0,
        )
        if (
            bound == 1
            and word == "so"
            and i
            and (words[i - 1] in _SO_DEGREE_AFTER or words[i - 1].endswith("n't"))
        ):
            bound = 0
        if bound:
            open_kind = None
            i += bound
            continue
        if language == "vi" and _clause_final_dau(words, i, toneless):
            cue[i] = True
            j, reach = i - 1, 0
            while j >= 0 and words[j] not in _PUNCT and reach < max_words and not cue[j]:
                if fold(words[j]) == "co" and j < i - 1:
                    break  # "có mất gì đâu": the scope starts after "có"
                scopes[j] = "denied"
                j, reach = j - 1, reach + 1
            open_kind = None
            i += 1
            continue
        hit = _match_at(words, i, tables.cues)
        if hit is None and language != "vi" and word.endswith("n't"):
            hit = (1, "neg")  # can't, won't, don't, isn't
        if hit is None and _reports(words, i, language, toneless):
            hit = (1, "say")
        if hit is not None:
            n, kind = hit
            ok = (
                _is_cue_vi(words, i, n, kind, toneless)
                if language == "vi"
                else _is_cue_en(words, i, n, kind)
            )
            if ok:
                for k in range(i, i + n):
                    cue[k] = True
                    if open_kind is not None:  # a cue inside a scope is inside it too
                        scopes[k] = KINDS[open_kind]
                open_kind, left = kind, max_words
                i += n
                continue
        if open_kind is not None:
            if (
                open_kind == "if"
                and language == "en"
                and word in _SUBJECTS_EN
                and left <= max_words - 2
            ):
                open_kind = None  # "if you sign today you're approved": the main clause
            else:
                scopes[i] = KINDS[open_kind]
                left -= 1
                if left == 0:
                    open_kind = None
        i += 1
    return tuple(
        Token(w, s, e, scopes[k], cue[k]) for k, (w, s, e) in enumerate(found) if w not in _PUNCT
    )


_PREFIX_OF: dict[Scope, str] = {"denied": "neg_", "conditional": "if_", "reported": "say_"}


def mark(text: str, language: str, *, max_words: int = MAX_SCOPE_WORDS) -> str:
    """The unit's words, lower case, each word inside a cue's scope prefixed
    ``neg_``, ``if_`` or ``say_`` ("không phải ai cũng duyệt" -> "không phải
    neg_ai neg_cũng neg_duyệt")."""
    return " ".join(
        ("" if t.cue else _PREFIX_OF.get(t.scope, "")) + t.word
        for t in tokens(text, language, max_words=max_words)
    )


def scope_at(text: str, start: int, language: str, found: Sequence[Token] | None = None) -> Scope:
    """The scope of the word at character offset ``start`` of ``text`` (the
    next word when ``start`` falls between words). A cue word is asserted,
    unless it stands inside another cue's scope ("other lenders say [no credit
    check]": reported). ``found``: the ``tokens`` of ``text`` when the caller
    has them already, so several offsets of one text read one tokenising."""
    for token in _tokens(text, language, MAX_SCOPE_WORDS) if found is None else found:
        if token.end > start:
            return token.scope
    return "asserted"


# a suggestion asked as a question is no negation: "why don't you both come by
# Saturday at ten?", "why not pop in tomorrow?" propose the step they seem to deny
_SUGGESTION_EN = re.compile(r"(?<!\w)why (?:don't|dont|do not|not)(?!\w)")
_NEGATION_EN = re.compile(r"(?<!\w)(?:not|no|never|\w+n't)(?!\w)")
SUGGESTION_CHARS = 60  # the suggestion frame opens this close before the word


def suggestion_scope_at(text: str, start: int, language: str) -> Scope:
    """``scope_at``, except that a negation that is only a suggestion frame
    ("why don't you ...", English) leaves the words after it asserted: how the
    next-step rules read an offered step or time. ``tokens`` and ``mark`` keep
    the frame's negation (the compliance and objection models read them so)."""
    scope = scope_at(text, start, language)
    if scope != "denied" or language == "vi":
        return scope
    left = text[max(0, start - SUGGESTION_CHARS) : start].lower()
    frames = list(_SUGGESTION_EN.finditer(left))
    if frames and _NEGATION_EN.search(left[frames[-1].end() :]) is None:
        return "asserted"
    return scope
