"""Clause cues around a match: is it asked as a question, is it negated?

Speech recognisers often drop "?" and tone marks, so questions are also
recognised from interrogative words near the match ("bao nhiêu", "không" at
the end of "có ... không", "what", a leading "do/are/could") and negation
from a negator just before it ("không có nhu cầu", "not interested").
"""

from __future__ import annotations

from callqa.qa.scoring.nlp import CallDoc, fold

SENTENCE_END = frozenset({".", "?", "!", "…", "..."})
LOOKAROUND_TOKENS = 25  # how far to look for the end of a sentence
QUESTION_BEFORE_TOKENS = 6  # interrogative words this close before a match count
QUESTION_AFTER_TOKENS = 8  # ... or this close after it
NEGATION_BEFORE_TOKENS = 3
TAG_WORDS = 3  # a clause this short after a comma at a sentence's end is a question tag

VI_WH = frozenset(
    {
        "bao nhiêu", "nào", "gì", "sao", "đâu", "mấy", "bao giờ", "thế nào", "ra sao", "ai",
        "nhỉ", "hả", "chứ", "phải không", "đúng không", "được không", "không ạ", "chưa ạ",
        "có phải", "liệu", "nhiêu", "chăng", "bao lâu", "bao xa",
        # Central and Southern question words and finals
        "mô", "ở mô", "khi mô", "chừng mô", "răng", "ra răng", "chi", "cái chi", "hỉ",
        "hở", "hén", "hông ạ", "chừng nào", "cỡ nào", "không nè", "hông nè",
    }
)  # fmt: skip
VI_WH_TONELESS = frozenset({"bao nhieu", "nao", "gi", "sao", "bao gio", "the nao", "nhieu"})
# after a negator, "(not) at all" and "never", not "where" or "when"
VI_NOT_AT_ALL = frozenset({"đâu", "mô", "bao giờ", "dau", "mo", "bao gio"})
VI_FINAL = frozenset({"không", "chưa", "à", "hông", "hổng", "hem", "ko", "hok", "khum"})
VI_FINAL_TONELESS = frozenset({"khong", "chua", "hong", "ko", "hok", "khum"})
# "khi nào cần thì ...", "ai cần thì ...": a wh-word before "thì" is "whenever",
# "whoever": a condition, not a question
VI_CONDITIONAL = frozenset({"thì", "thi"})
VI_IF = frozenset({"nếu", "nếu mà", "lỡ", "neu", "giả sử", "trường hợp"})
VI_EITHER = frozenset({"hay", "hay là", "hoặc là", "hay la"})
VI_NOT_EITHER_AFTER = frozenset(
    {"lắm", "quá", "thật", "ghê", "đấy", "đó", "thế", "vậy", "nha", "ạ", "nhỉ", "dữ", "rứa"}
)
# "cổ phiếu hay trái phiếu tùy khẩu vị anh": options "depending on" the customer
# are stated, not asked
VI_DEPENDING = frozenset({"tùy", "tuỳ", "tùy theo", "tuỳ theo", "tùy vào", "tuỳ vào", "tuy"})
VI_PRAISE = frozenset({"nghe", "thấy", "rất", "khá", "cũng", "thật", "trông", "nhìn", "đọc", "nói"})
VI_ASKS = frozenset({"hỏi", "hỏi thăm", "xin hỏi", "hỏi chút", "hỏi xíu", "hoi"})
# who asks leave to ask, right before "hỏi": "cho em hỏi", "em xin hỏi", "con hỏi chút"
VI_ASKER = frozenset({"cho", "xin", "em", "con", "cháu", "tôi", "mình", "tui", "tớ", "dạ"})
EN_WH = frozenset({"what", "how", "when", "where", "why", "who", "which", "whose", "whom"})
EN_AUX = frozenset(
    {
        "do", "does", "did", "are", "is", "was", "were", "have", "has", "can", "could",
        "would", "will", "should", "may", "shall", "am",
    }
)  # fmt: skip
EN_FILLERS = frozenset(
    {
        "so", "and", "okay", "ok", "um", "uh", "well", "also", "now", "then", "but", "just",
        "alright", "right", "great", "oh", ",", "mm", "sure", "perfect",
    }
)  # fmt: skip
EN_REQUEST_PAIRS = frozenset({("tell", "me"), ("walk", "me"), ("me", "understand")})
EN_REQUEST_WORDS = frozenset({"curious", "wondering", "describe"})
# "I'd love to hear what ...", "I'd like to know how ...", "keen to understand"
EN_REQUEST_TRIPLES = frozenset(
    (want, "to", verb)
    for want in ("love", "like", "keen", "want", "wanted")
    for verb in ("hear", "know", "understand", "learn")
)
EN_ANY = frozenset({"any", "anything", "anyone", "anybody"})  # a sentence led by it asks
EN_TAG_LAST = frozenset({"innit"})
EN_TAG_PAIRS = frozenset({("or", "not"), ("or", "no"), ("is", "it"), ("n't", "it")})
EN_TRAILING_PARTICLES = frozenset({"ah", "ar", "lah", "leh", "meh", "hor", "uh"})
EN_MODALS = frozenset(
    {"can", "could", "will", "'ll", "would", "'d", "should", "may", "might", "must", "ca"}
)
VI_NEGATORS = frozenset(
    {
        "không", "chưa", "chẳng", "chả", "không hề", "chưa hề", "đâu có",
        "hông", "hổng", "ko", "hok", "khum", "hem",
    }
)  # fmt: skip
VI_NEGATORS_TONELESS = frozenset({"khong", "chua", "chang", "khong he", "ko", "hok", "khum"})
_VI_ANY_NEGATOR = VI_NEGATORS | VI_NEGATORS_TONELESS
EN_NEGATORS = frozenset(
    {"not", "n't", "nt", "no", "never", "nothing", "nobody", "dont", "cannot", "nor", "neither"}
)


def _is_break(call: CallDoc, i: int) -> bool:
    return call.tok_seg[i] < 0 or call.lowers[i] in SENTENCE_END or i in call.soft_breaks


def _is_punct(word: str) -> bool:
    return not any(c.isalnum() for c in word)


def _sentence(call: CallDoc, start: int, end: int) -> tuple[int, int, bool]:
    """(first token, end token, ends with '?') of the sentence around a span."""
    n = len(call.lowers)
    j = end
    while j < n and j < end + LOOKAROUND_TOKENS and not _is_break(call, j):
        j += 1
    ends_with_q = j < n and call.lowers[j] == "?"
    i = start
    while i > 0 and i > start - LOOKAROUND_TOKENS and not _is_break(call, i - 1):
        i -= 1
    return i, j, ends_with_q


def sentence_span(call: CallDoc, start: int, end: int) -> tuple[int, int, bool]:
    """(first token, end token, ends with '?') of the sentence around ``start:end``."""
    return _sentence(call, start, end)


CLAUSE_JOINERS = frozenset({"và", "còn", "va", "and", "also", ",", ";"})


def clause_start(call: CallDoc, tok: int, language: str) -> int:
    """First token of the clause holding ``tok``: clauses split at punctuation,
    "và"/"and", and a mid-sentence "ạ" (ASR output often has no punctuation)."""
    i = tok
    while i > 0 and tok - i < LOOKAROUND_TOKENS:
        prev = call.lowers[i - 1]
        if _is_break(call, i - 1) or prev in CLAUSE_JOINERS:
            break
        if language == "vi" and prev in ("ạ", "a") and i - 1 > 0:
            break
        i -= 1
    return i


def question_clause(call: CallDoc, tok: int, language: str) -> int:
    """The clause that counts as one question: ``clause_start``, except that a short
    tag closing a sentence after a comma ("what speed are you getting, do you know?",
    "..., đúng không anh") belongs to the clause before it, not a second question."""
    start = clause_start(call, tok, language)
    first, last, _ = _sentence(call, tok, tok + 1)
    words = [w for w in call.lowers[start:last] if not _is_punct(w)]
    if first < start - 1 and len(words) <= TAG_WORDS and call.lowers[start - 1] == ",":
        return clause_start(call, start - 2, language)
    return start


def _punctuated(call: CallDoc) -> bool:
    """Whether the recogniser wrote question marks at all in this call."""
    return "?" in call.text


def is_question(call: CallDoc, start: int, end: int, language: str) -> bool:
    """Whether the tokens ``start:end`` sit in a question."""
    first, last, ends_with_q = _sentence(call, start, end)
    if ends_with_q:
        return True
    lowers = call.lowers
    if language == "en" and last < len(lowers) and lowers[last] in (".", "!") and _punctuated(call):
        # in a call written with "?", a sentence closed by "." states ("your first
        # month is half price, which is mental really."), unless it asks to be told
        # or the customer confirms it ("You're with BT at the moment." "Yeah.")
        return _en_request(lowers, first, last) or _en_checked_statement(call, first, last, start)
    lo = max(first, start - QUESTION_BEFORE_TOKENS)
    hi = min(last, end + QUESTION_AFTER_TOKENS)
    if language == "vi":
        toneless = call.toneless[call.tok_seg[start]]
        wh = VI_WH_TONELESS if toneless else VI_WH
        final = VI_FINAL_TONELESS if toneless else VI_FINAL
        negators = VI_NEGATORS_TONELESS if toneless else VI_NEGATORS
        # "cho em hỏi ...", "em xin hỏi ...": what follows is a question; "bên em
        # không bao giờ hỏi mã OTP" asks nothing
        if any(
            lowers[k] in VI_ASKS and not _negated_before(lowers, max(first, k - 3), k, negators)
            for k in range(first, start)
        ):
            return True
        # "mua để ở hay cho thuê", "xe mới hay xe cũ": an either-or question
        for k in range(lo, hi):
            if (
                lowers[k] in VI_EITHER
                and first < k < hi - 1
                # "không bao giờ hỏi mã OTP, mật khẩu hay số thẻ": neither, no choice
                and not _negated_before(lowers, first, k, negators)
                and not any(lowers[m] in VI_DEPENDING for m in range(k + 1, last))
                and lowers[k + 1] not in VI_NOT_EITHER_AFTER
                and lowers[k - 1] not in VI_PRAISE
            ):
                return True
        conditional = [k for k in range(first, last) if lowers[k] in VI_CONDITIONAL]
        for k in range(lo, hi):
            word = fold(lowers[k]) if toneless else lowers[k]
            if word in wh and any(c > k for c in conditional):
                continue
            # "hổng cần nghỉ đâu", "không bao giờ hỏi"
            if vi_not_at_all(lowers, first, k):
                continue
            if word in wh:
                return True
            # "học lại miễn phí nếu chưa đạt": a negator inside an "if" clause
            if k > start and word in final and not any(lowers[m] in VI_IF for m in range(first, k)):
                return True
        return False
    # ", which means ...", ", who runs ...": a relative clause asks nothing
    if any(lowers[k] in EN_WH and not (k > 0 and lowers[k - 1] == ",") for k in range(lo, hi)):
        return True
    k = first
    while k < start and (lowers[k] in EN_FILLERS or _is_punct(lowers[k])):
        k += 1
    if lowers[k] in EN_AUX or lowers[k] in EN_ANY:  # "any pets at home"
        return True
    return (
        _en_request(lowers, first, last)
        or _en_tag_or_choice(lowers, first, last)
        or _en_checked_statement(call, first, last, start)
    )


def vi_closed_as_statement(call: CallDoc, start: int, end: int) -> bool:
    """Whether a Vietnamese sentence is closed by "." or "!" in a call written with
    "?": the writer marked it a statement, whatever wh-word or final it holds ("em
    là nhân viên nên chú cứ đọc, không sao đâu ạ.", "ai gọi hỏi mấy cái đó là chị
    cứ tắt máy."), unless the agent asks leave to ask ("cho em hỏi nhà mình mấy
    người ạ.", "con hỏi chút, ..."). The English side of ``is_question`` reads "."
    so already."""
    first, last, _ = _sentence(call, start, end)
    lowers = call.lowers
    if last >= len(lowers) or lowers[last] not in (".", "!") or not _punctuated(call):
        return False
    return not any(
        lowers[k] in VI_ASKS and (k == first or lowers[k - 1] in VI_ASKER)
        for k in range(first, start)
    )


def _negated_before(lowers: list[str], lo: int, k: int, negators: frozenset[str]) -> bool:
    return any(lowers[m] in negators for m in range(lo, k))


def vi_not_at_all(lowers: list[str], first: int, k: int) -> bool:
    """Whether Vietnamese word ``k`` is "đâu"/"mô"/"bao giờ" after a negator of its
    sentence (from ``first``): "(not) at all", "never", no question."""
    return lowers[k] in VI_NOT_AT_ALL and _negated_before(lowers, first, k, _VI_ANY_NEGATOR)


def _en_request(lowers: list[str], first: int, last: int) -> bool:
    """An indirect question: "tell me about ...", "walk me through ...", "I'm
    curious ...", "may I know ...", "help me understand ...", "I'd love to hear ..."."""
    words = lowers[first:last]
    pairs = set(zip(words, words[1:], strict=False))
    triples = set(zip(words, words[1:], words[2:], strict=False))
    return (
        bool(pairs & EN_REQUEST_PAIRS)
        or bool(triples & EN_REQUEST_TRIPLES)
        or any(w in EN_REQUEST_WORDS for w in words)
    )


def _en_words(tokens: list[str]) -> list[str]:
    """The words of a span, "y'all" whole again (the tokenizer splits it in two)."""
    words: list[str] = []
    for w in tokens:
        if w == "all" and words and words[-1] in ("y'", "y"):
            words[-1] = "y'all"
        elif not _is_punct(w):
            words.append(w)
    return words


def _en_tag_or_choice(lowers: list[str], first: int, last: int) -> bool:
    """A question without "?" or an auxiliary (recogniser output, Singapore and
    Indian English): a tag at the end ("... or not", "... is it", "... right")
    or an either/or addressed to the listener ("you staying with parents or own
    place") with no modal, which would make it a statement of options, or
    "you" straight before an -ing verb (the auxiliary dropped)."""
    words = _en_words(lowers[first:last])
    while words and words[-1] in EN_TRAILING_PARTICLES:
        words.pop()
    if not words:
        return False
    if words[-1] in EN_TAG_LAST or tuple(words[-2:]) in EN_TAG_PAIRS:
        return words[-3:-2] != ["that"]  # "that is it" closes, "you have one is it" asks
    k = 0
    while k < len(words) and words[k] in EN_FILLERS:
        k += 1
    # the auxiliary dropped: "you using anything for that right now", "u planning
    # to move" ("you are using" as a statement keeps its "are")
    if (
        k + 1 < len(words)
        and words[k] in ("you", "u", "ya", "y'all")
        and words[k + 1].endswith("ing")
        and len(words[k + 1]) > 4
    ):
        return True
    if k < len(words) and words[k] in EN_YOU and "or" in words[k + 1 :]:
        return not any(w in EN_MODALS for w in words[k : words.index("or", k)])
    return False


EN_YOU = frozenset({"you", "your", "u", "ur", "youre", "y'all"})  # not "ya": "yes" in Singapore
EN_NOT_A_CHECK = EN_MODALS | frozenset({"get", "gets", "got", "need", "must", "have", "should"})
# how a customer answers a yes/no check: "yeah", "no", "mostly", "just the two of us"
EN_ANSWERS = frozenset(
    {
        "yes", "yeah", "yep", "yup", "ya", "yah", "yea", "no", "nope", "nah", "correct",
        "right", "exactly", "mostly", "mainly", "just", "only", "true", "sort", "kind",
        "uh-huh", "mhm", "both", "neither", "nobody", "everyone", "usually",
    }
)  # fmt: skip
EN_CHECK_MIN_WORDS = 4  # from "you" on: "you're with BT now"
EN_CHECK_MAX_WORDS = 16
EN_CHECK_JOINERS = frozenset({",", ";", "so", "but"})  # "..., so you own the home right"
EN_FIRST_PERSON = frozenset(
    {"i", "we", "me", "us", "our", "my", "im", "ill", "ive", "weve", "ours"}
)
EN_ANSWER_FILLERS = frozenset({"um", "uh", "er", "erm", "oh", "well", "ah", ",", "mm", "hmm"})


def _en_checked_statement(call: CallDoc, first: int, last: int, start: int) -> bool:
    """A statement about the listener that the next turn answers yes or no: "so
    it's just you and your wife", "you're currently with someone else" /
    "yeah, Vodafone", "... so you own the home right" / "yep" (recogniser output
    drops the "?" that intonation carried). Only the last clause of a turn and
    a match inside it, only with "you" as its subject and no modal ("you'll get
    a text" is a promise), and only when the other speaker's next turn starts
    with an answer word."""
    lowers, tok_seg = call.lowers, call.tok_seg
    n = len(lowers)
    seg = tok_seg[first]
    clause = first
    for i in range(first + 1, last):
        if lowers[i] in EN_CHECK_JOINERS and i + 1 < last:
            clause = i + 1
    if start < clause:
        return False  # the match is in an earlier clause of the sentence
    first = clause
    words = _en_words(lowers[first:last])
    k = 0
    while k < len(words) and words[k] in EN_FILLERS:
        k += 1
    for lead in (["it", "'s", "just"], ["its", "just"], ["it", "'s", "only"], ["its", "only"]):
        if words[k : k + len(lead)] == lead:  # "so it's just you and your wife"
            k += len(lead)
            break
    if len(words) - k < EN_CHECK_MIN_WORDS or words[k] not in EN_YOU:
        return False  # "your call" is a shrug, not a question
    if any(w in EN_NOT_A_CHECK for w in words[k + 1 : k + 3]):
        return False
    # a recap that leads into the agent's own reason ("you signed up on our site,
    # so I'm calling ...") or a pitch ("you're looking at forty miles a gallon ...")
    if len(words) > EN_CHECK_MAX_WORDS or any(w in EN_FIRST_PERSON for w in words):
        return False
    j = last
    while j < n and tok_seg[j] == seg and _is_punct(lowers[j]):
        j += 1
    if j < n and tok_seg[j] == seg:
        return False  # another sentence of the same turn follows
    while j < n and tok_seg[j] < 0:
        j += 1
    if j >= n or tok_seg[j] != seg + 1:
        return False
    if call.segments[seg + 1].speaker == call.segments[seg].speaker:
        return False
    while j < n and tok_seg[j] == seg + 1 and lowers[j] in EN_ANSWER_FILLERS:
        j += 1
    return j < n and tok_seg[j] == seg + 1 and lowers[j] in EN_ANSWERS


def is_negated(call: CallDoc, start: int, language: str) -> bool:
    """Whether a negator comes shortly before ``start`` in the same clause."""
    seg = call.tok_seg[start]
    if language == "vi":
        toneless = call.toneless[seg]
        negators = VI_NEGATORS_TONELESS if toneless else VI_NEGATORS
    else:
        toneless, negators = False, EN_NEGATORS
    for k in range(start - 1, max(-1, start - 1 - NEGATION_BEFORE_TOKENS), -1):
        word = call.lowers[k]
        if call.tok_seg[k] != seg or _is_punct(word):
            return False
        if (fold(word) if toneless else word) in negators:
            return True
    return False
