"""Where the caller says which company they are from, by structure, not by brand lists.

A company is the phrase after a company-introducing word ("bên", "từ",
"thuộc", "công ty", "nhà mạng" ...; "from", "on behalf of", "with" after a
name ...), up to the next pronoun, verb, particle or punctuation. It names a
company unless it is ONLY generic: what is left once category, department,
place, lead-source, time and common words (``company_words``) are taken away
must be non-empty. So "bên bảo hiểm Phú An" and a misrecognised "bên phần
mềm seo up" name one, "bên bảo hiểm nhân thọ", "nhà mạng chi nhánh miền
Trung" and "from the accounting team" do not, and no brand is ever listed.

Used by a checklist group with ``finder: company`` (``matching.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from callqa.qa.scoring import company_words as w
from callqa.qa.scoring.nlp import CallDoc, fold

FILLERS = {"en": frozenset(w.EN_FILLERS), "vi": frozenset(w.VI_FILLERS)}
TALK_VERBS = frozenset(w.EN_TALK_VERBS)
MAX_WORDS = 8  # a company phrase is short; further words belong to the next clause
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&|[^\w\s]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_JOINERS = {"&", "-", "'", "’"}
_OBJECT_WORDS = frozenset({"your", "my", "our", "his", "her", "their", "you", "me", "us", "him"})
_POSSESSIVES = frozenset({"your", "my", "our", "their"})

STOP, INTRO, GENERIC, REJECT = "stop", "intro", "generic", "reject"
# English common and place words count as a name when capitalised mid-sentence
# ("Great Eastern Life", "Northern Rail Holidays"); categories never do
SOFT = "soft"


@dataclass(frozen=True)
class Mention:
    """One company phrase in a segment: character offsets in the call text."""

    seg: int
    start_char: int
    end_char: int
    name: str  # the words left once generic ones are taken away


@dataclass(frozen=True)
class _Lexicon:
    classes: dict[str, dict[tuple[str, ...], str]]  # first word -> phrases by class
    longest: int
    weak: frozenset[str]
    weak_after: frozenset[str]
    pronouns: frozenset[str]
    name_cues: frozenset[str]


def _phrases(words: tuple[str, ...], folded: bool) -> set[tuple[str, ...]]:
    out = set()
    for phrase in words:
        key = fold(phrase) if folded else phrase.lower()
        out.add(tuple(key.split()))
    return out


@lru_cache(maxsize=4)
def _lexicon(language: str, folded: bool) -> _Lexicon:
    if language == "vi":
        stop = w.VI_STOP + w.VI_PARTICLES + w.VI_PRONOUNS
        classes = {
            INTRO: w.VI_INTRODUCERS,
            STOP: stop,
            REJECT: w.VI_REJECT_HEAD,
            GENERIC: w.VI_CATEGORY + w.VI_DEPARTMENT + w.VI_PLACE + w.VI_LEAD_SOURCE + w.VI_COMMON,
        }
        weak, weak_after, cues = w.VI_WEAK_INTRODUCERS, (), w.VI_NAME_CUES
        pronouns = w.VI_PRONOUNS
    else:
        classes = {
            INTRO: w.EN_INTRODUCERS,
            STOP: w.EN_STOP,
            REJECT: w.EN_REJECT_HEAD,
            GENERIC: w.EN_CATEGORY + w.EN_DEPARTMENT + w.EN_LEAD_SOURCE,
            SOFT: w.EN_COMMON + w.EN_PLACE,
        }
        weak, cues = w.EN_WEAK_INTRODUCERS, w.EN_NAME_CUES
        weak_after = w.EN_WEAK_AFTER + w.EN_ROLES + w.EN_DEPARTMENT
        pronouns = ("i", "we", "you", "he", "she", "they", "it", "i'm", "we're", "you're")
    built = {name: _phrases(words, folded) for name, words in classes.items()}
    longest = max(len(p) for phrases in built.values() for p in phrases)
    table: dict[str, dict[tuple[str, ...], str]] = {}
    for name in built:
        for phrase in built[name]:
            table.setdefault(name, {})[phrase] = name

    def norm(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(fold(p) if folded else p for p in words)

    return _Lexicon(table, longest, norm(weak), norm(weak_after), norm(pronouns), norm(cues))


IN_TAIL = (STOP, INTRO, REJECT, GENERIC, SOFT)  # in a company phrase a stop word wins
AT_START = (INTRO, STOP, REJECT, GENERIC, SOFT)  # where one may start, an introducer


def _match(
    words: list[str], k: int, lex: _Lexicon, order: tuple[str, ...] = IN_TAIL
) -> tuple[str, int]:
    """The class and length of the longest lexicon phrase at ``k`` ("", 1 if none);
    ``order`` breaks ties ("with" introduces a company, or ends one)."""
    for n in range(min(lex.longest, len(words) - k), 0, -1):
        key = tuple(words[k : k + n])
        for name in order:
            if key in lex.classes.get(name, {}):
                return name, n
    return "", 1


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _without_fillers(
    toks: list[tuple[int, int, str]], fillers: frozenset[str]
) -> list[tuple[int, int, str]]:
    """The words without fillers and the commas around them: "calling from, uh,
    Solar City" reads "calling from Solar City"."""
    drop = {i for i, t in enumerate(toks) if t[2].lower() in fillers}
    for i in list(drop):
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and toks[j][2] == ",":
                drop.add(j)
    return [t for i, t in enumerate(toks) if i not in drop]


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def mentions(call: CallDoc, seg: int, language: str) -> Iterator[Mention]:
    """Every company phrase of segment ``seg``."""
    lo, hi = call.segment_char_ranges()[seg]
    if hi <= lo:
        return
    folded = language == "vi" and call.toneless[seg]
    text = call.text[lo:hi]
    toks = _without_fillers(_tokens(text), FILLERS.get(language, frozenset()))
    words = [fold(t[2]) if folded else t[2].lower() for t in toks]
    # "Harbor Bank's mortgage team": in the company phrase the possessive is no word
    # (before it "it's Rick at" keeps its "it's")
    bare = [_POSSESSIVE.sub("", word) for word in words] if language == "en" else words
    lex = _lexicon(language, folded)
    # lower-case recognition output: no capital tells a brand from common words
    uncased = language == "en" and not any(_capitalised(t[2]) for t in toks)
    k = 0
    while k < len(words):
        cls, n = _match(words, k, lex, AT_START)
        if cls != INTRO or not _strong(words, toks, k, n, lex):
            k += n
            continue
        found = _tail(bare, toks, k + n, lex, uncased)
        if found is not None:
            last, name = found
            yield Mention(seg, lo + toks[k][0], lo + toks[last][1], name)
        k += n


def _strong(
    words: list[str], toks: list[tuple[int, int, str]], k: int, n: int, lex: _Lexicon
) -> bool:
    """A weak introducer ("with", "at") counts only after a name or a calling verb."""
    if n > 1 or words[k] not in lex.weak:
        return True
    if k == 0 or words[k - 1] in TALK_VERBS:
        return False
    if words[k - 1] in lex.weak_after or _name_like(words, k - 1, lex.name_cues):
        return True
    # "Hi, Marcus with Verizon": a capitalised name just before (cased text)
    return _capitalised(toks[k - 1][2]) and words[k - 1] not in lex.pronouns


def _name_like(words: list[str], i: int, cues: frozenset[str]) -> bool:
    """ "this is Tom with ...", "it's Jenna Brooks at ...", "em làm ở ...": a name
    cue up to four words before the introducer (``i`` is the word just before it),
    with no punctuation between."""
    for j in range(i, max(i - 4, -1), -1):
        if not words[j][0].isalnum():
            return False
        if words[j] in cues:
            return True
    return False


def _tail(
    words: list[str],
    toks: list[tuple[int, int, str]],
    k: int,
    lex: _Lexicon,
    uncased: bool = False,
) -> tuple[int, str] | None:
    """The last word index of the company phrase from ``k`` and its non-generic words."""
    if k >= len(words):
        return None
    cls, _ = _match(words, k, lex)
    misheard = cls == STOP and uncased and _misheard_opening(words, k, lex)
    if cls in (REJECT, STOP) and not _brand_head(words[k], toks[k][2]) and not misheard:
        return None
    first = k
    left: list[str] = []
    last = -1
    count = 0
    while k < len(words) and count < MAX_WORDS:
        word = words[k]
        if not word[0].isalnum() and word not in _JOINERS:
            break  # punctuation ends the phrase
        cls, n = _match(words, k, lex)
        if cls == STOP and _capitalised(toks[k][2]) and word not in lex.pronouns:
            cls, n = "", 1  # "Sao Việt Net": a capitalised word mid-sentence is a name
        if cls == STOP and k == first and misheard:
            cls, n = "", 1
        if cls == STOP:
            break
        if cls == REJECT and count and word in _OBJECT_WORDS:
            break  # "a facilities company, my name is ...": a new phrase
        if cls == INTRO and count and word in lex.weak:
            break  # "nha khoa ở Tam Kỳ": where the business is, not its name
        if cls == SOFT and _capitalised(toks[k][2]):
            cls = ""
        if cls == "" and word not in _JOINERS and not word.isdigit():
            left.append(toks[k][2])
        last = k + n - 1
        count += n
        k += n
    if not left or _a_kind(words, first, last):
        return None
    return last, " ".join(left)


def _misheard_opening(words: list[str], k: int, lex: _Lexicon) -> bool:
    """Lower-case recognition output hears a brand as common words ("calling from
    can attic fiber", "from so la kita solar", "it's brodie from right roof
    solar"): after an introducer, a stop word that is no pronoun, possessive or
    article, followed by a word of no class (no stop, no generic word), opens the
    brand; "from can you hear me" and "from, so, the solar team" do not."""
    if k + 1 >= len(words) or words[k] in lex.pronouns or words[k] in _OBJECT_WORDS:
        return False
    nxt = words[k + 1]
    return nxt[0].isalnum() and _match(words, k + 1, lex)[0] == ""


def _brand_head(word: str, said: str) -> bool:
    """ "from My Re Public Broadband", "with Your Home Cover": a possessive capitalised
    after the introducer (mid-sentence) opens a brand, not "from my team"."""
    return word in _POSSESSIVES and _capitalised(said)


def _a_kind(words: list[str], first: int, last: int) -> bool:
    """ "a facilities company": an English article, then a kind of organisation."""
    return words[first] in w.EN_ARTICLES and words[last] in w.EN_KIND_HEADS
