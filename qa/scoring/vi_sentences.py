"""Sentence ends in Vietnamese speech transcribed without punctuation.

Recognisers write a whole turn as one run of words ("dạ cuộc gọi có ghi âm
nha anh nhà mình đang xài nước máy hay nước giếng vậy anh"), so a "sentence"
would be the whole turn: a word in one sentence would block, or make a
question of, a match in the next. Spoken Vietnamese marks its sentence ends
with final particles, and its starts with "dạ"/"vâng"; ``soft_breaks`` finds
those tokens, and the clause cues (``cues.py``) treat them like a full stop.

Only segments with tone marks and no punctuation of their own are
split (without tone marks "dạ" is "da", skin, and "ạ" is "a"); the rules
are general properties of the language, not wording from a labelled call.
"""

from __future__ import annotations

from collections.abc import Sequence

# Particles that close a sentence wherever they stand ("... nha", "... ạ").
STRONG_FINALS = frozenset(
    {"ạ", "nhé", "nha", "nhen", "nghen", "hen", "nhỉ", "hỉ", "hén", "nhé ạ", "nha anh", "nha chị"}
)  # fmt: skip
# Words that close a sentence only when an address term follows them and then
# more words ("có tiện không anh | em hỏi ...", "mấy tuổi rồi chị | nhà mình ..."):
# alone they are also negators ("không có") or connectives ("rồi đi").
WEAK_FINALS = frozenset(
    {"không", "hông", "hổng", "chưa", "hả", "hở", "à", "nè", "rồi", "ko", "hok", "khum",
     # a question word ends its question the same way ("nghề gì anh | thu nhập ..."),
     # not "khi nào anh cần thì ...", "sao anh không ...": those open a clause
     "gì", "nhiêu", "bao nhiêu", "chi"}
)  # fmt: skip
ADDRESS = frozenset(
    {"anh", "chị", "em", "cô", "chú", "bác", "o", "bạn", "ông", "bà", "ạ", "anh chị", "ơi",
     # pyvi glues the address term to the next subject ("không anh em hỏi ...")
     "anh em", "chị em"}
)  # fmt: skip
# Words that open a sentence in the middle of a turn ("... đó dạ vậy thì ...").
# Words that carry the sentence on after a final ("bệnh chi không o như huyết áp
# hay tiểu đường" is one question with its examples).
CONTINUATIONS = frozenset(
    {"như", "hay", "hoặc", "hay là", "hoặc là", "kiểu", "kiểu như", "ví dụ", "chẳng hạn",
     "với", "của"}
)  # fmt: skip
# "gì anh cũng ...", "không anh thì ...": the subject of a clause that goes on
CARRY_ON = frozenset({"cũng", "thì", "mới", "cứ", "lại", "đều", "vẫn"})
OPENERS = frozenset({"dạ", "vâng", "dạ vâng", "dạ dạ"})
# a writer who punctuated chose where sentences end, commas included
SENTENCE_PUNCT = frozenset({".", "?", "!", "…", "...", ",", ";", ":"})


def soft_breaks(
    lowers: Sequence[str], tok_seg: Sequence[int], toneless: Sequence[bool]
) -> frozenset[int]:
    """Token indices that end a sentence in unpunctuated segments with tone marks."""
    punctuated = {tok_seg[i] for i, w in enumerate(lowers) if w in SENTENCE_PUNCT}
    punctuated |= {seg for seg, bare in enumerate(toneless) if bare}
    out: set[int] = set()
    n = len(lowers)

    def same(i: int, j: int) -> bool:
        return 0 <= j < n and tok_seg[j] == tok_seg[i]

    for i, word in enumerate(lowers):
        seg = tok_seg[i]
        if seg < 0 or seg in punctuated or not same(i, i + 1):
            continue
        nxt = lowers[i + 1]
        if nxt in CONTINUATIONS:
            continue
        if word in STRONG_FINALS and nxt not in ADDRESS and nxt not in STRONG_FINALS:
            if same(i, i - 1):  # not the first word of the turn
                out.add(i)
        elif word in ADDRESS and nxt not in ADDRESS and nxt not in STRONG_FINALS:
            # "nha anh | nhà mình", "không chị | nhà mình": the address term after
            # a final closes the sentence
            prev = lowers[i - 1] if same(i, i - 1) else ""
            if (prev in STRONG_FINALS or prev in WEAK_FINALS) and nxt not in CARRY_ON:
                out.add(i)
        elif word in OPENERS and same(i, i - 1) and lowers[i - 1] not in OPENERS:
            out.add(i)
    return frozenset(out)
