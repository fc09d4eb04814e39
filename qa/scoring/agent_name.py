"""Where a Vietnamese agent says their own name, by structure: lower-case names too.

"em là tuấn kiệt bên ...", "em kiệt bên hoàng gia ...", "tôi tên hoàng phi,
gọi từ ...": a first-person pronoun, optionally "là" / "tên (là)", then one
to four words that are no pronoun, particle, role, clause word or kind of
business, then what ends a self-introduction (a company-introducing word, a
role, "đây"/"nè", a particle, punctuation or the end of the turn). Without
"là"/"tên" at most two name words and a company word or role right after
("em kiệt bên ..."), so "em gửi anh ..." or "em cũng nghĩ vậy" name no one.
Recognisers drop capitals, so capitals are not required; no list of names.

Used by a checklist group with ``finder: agent_name`` (``matching.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from callqa.qa.scoring import company_words as w
from callqa.qa.scoring.company import Mention, _tokens
from callqa.qa.scoring.nlp import CallDoc, fold

SELF = ("em", "tôi", "mình", "con", "cháu", "tui", "tớ", "anh", "chị")
NAMING = ("là", "tên", "tên là")
ROLES = ("nhân viên", "tư vấn viên", "chuyên viên", "đại diện", "cán bộ", "trợ lý", "người",
         "khách hàng", "phụ trách", "quản lý", "trưởng phòng", "giám đốc", "bên", "sale",
         "telesale", "tư vấn", "kỹ thuật", "người nhà", "chủ")  # fmt: skip
AFTER_NAME = ("bên", "từ", "của", "thuộc", "ở", "gọi", "đây", "nè", "nhân viên", "tư vấn viên",
              "chuyên viên", "đại diện", "cán bộ", "phụ trách", "công ty", "trung tâm",
              "ngân hàng", "nhà mạng", "làm", "tại", "manager")  # fmt: skip
MAX_NAME_WORDS = 4
# in the agent's mouth these usually address the customer: a name only after "là"/"tên"
SECOND_PERSON = ("anh", "chị")


@lru_cache(maxsize=2)
def _sets(folded: bool) -> dict[str, frozenset[tuple[str, ...]]]:
    def build(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple((fold(p) if folded else p).split()) for p in words)

    not_name = w.VI_STOP + w.VI_PARTICLES + w.VI_PRONOUNS + ROLES + w.VI_CATEGORY + w.VI_DEPARTMENT
    return {
        "self": build(SELF),
        "naming": build(NAMING),
        "after": build(AFTER_NAME),
        "not_name": build(not_name + ("không", "có", "đã", "cũng", "ở", "tại")),
        "end": build(w.VI_PARTICLES),
    }


def _at(words: list[str], k: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at ``k`` (0 if none)."""
    for n in (3, 2, 1):
        if k + n <= len(words) and tuple(words[k : k + n]) in phrases:
            return n
    return 0


def mentions(call: CallDoc, seg: int, language: str) -> Iterator[Mention]:
    """Every self-introduction with a name in segment ``seg`` (Vietnamese only)."""
    if language != "vi":
        return
    lo, hi = call.segment_char_ranges()[seg]
    if hi <= lo:
        return
    folded = call.toneless[seg]
    toks = _tokens(call.text[lo:hi])
    words = [fold(t[2]) if folded else t[2].lower() for t in toks]
    sets = _sets(folded)
    for k in range(len(words)):
        n_self = _at(words, k, sets["self"])
        if not n_self:
            continue
        j = k + n_self
        named = _at(words, j, sets["naming"])
        if not named and words[k] in SECOND_PERSON:
            continue  # "anh cuộc gọi ...": the agent addresses the customer
        j += named
        start = j
        while j < len(words) and j - start < MAX_NAME_WORDS:
            word = words[j]
            if not word[0].isalpha() or _at(words, j, sets["not_name"]) or word.isdigit():
                break
            j += 1
        count = j - start
        if count == 0:
            continue
        ends = j >= len(words) or not words[j][0].isalnum() or _at(words, j, sets["end"])
        after = j < len(words) and _at(words, j, sets["after"])
        if named and (after or ends) or not named and count <= 2 and after:
            name = " ".join(t[2] for t in toks[start:j])
            yield Mention(seg, lo + toks[k][0], lo + toks[j - 1][1], name)
