"""An age under 18 the customer gives in reply to the agent's question about theirs.

A general rule of the label definition (under age: a customer too young for the
product), read from the call's structure rather than from words: the agent asks
the customer's own age ("how old are you", "em năm nay bao nhiêu tuổi"), and
the customer's next turn opens with a number from 10 to 17 ("sixteen", "um
fifteen, sixteen in may", "dạ mười lăm ạ") that is no amount, count or span of
years, with nobody else named before it ("my son is sixteen" is no reason). A
question about someone else ("how old is your son", "các cháu mấy tuổi") is no
age question here, and a year ("two thousand and ten") is no age. A unit the
reason models read as under age is none when it gives someone else's age
(``someone_elses_age``: a parent buying for a child is the buyer). Schooling
dated in the past is no age either (``past_schooling``): "two years in high
school", "back in high school", "hồi học cấp ba" tell what the customer once
studied, not that they are still at school. Nor is the product's age limit
(``states_an_age_rule``): "the minimum age is eighteen, right?" states the rule,
not the customer's age.
"""

from __future__ import annotations

import re

from callqa.qa.scoring.nlp import SENTENCE_END, fold

ANSWER_WORDS = 8  # the age must open the reply
_QUESTION = {
    "en": re.compile(
        r"\b(how old are (you|u)|what is your age|what's your age|your age|"
        r"(are|r) (you|u) (over|above|at least) (18|eighteen)|year (were )?(you|u) born|"
        r"when were (you|u) born|your date of birth|your birth year)\b"
    ),
    # folded (no tone marks)
    "vi": re.compile(
        r"\b(bao nhieu tuoi|may tuoi|sinh nam (bao nhieu|may)|nam sinh|"
        r"du (18|muoi tam) tuoi chua|tuoi cua (em|chau|con|ban))\b"
    ),
}
_OTHER_PERSON = {
    "en": re.compile(
        r"\b(son|daughter|kid|kids|child|children|he|she|his|her|mother|father|mum|mom|dad|"
        r"wife|husband|brother|sister|boy|girl|grandson|granddaughter|nephew|niece)\b"
    ),
    "vi": re.compile(
        r"\b(con (trai|gai|nha|chi|anh|toi|tui|em|co|chu|minh)|be nha|chau nha|be (trai|gai)|"
        r"ong xa|ba xa|vo|chong|bo|me|no|em trai|em gai|thang|con be|"
        r"cac (chau|con|be|em|ban)|may (chau|dua|be)|dua (lon|nho|be|dau|thu|con)|dua)\b"
    ),
}
# the speaker: "my dad's at work, I'm twelve" gives the speaker's own age
_FIRST_PERSON = {
    "en": re.compile(r"\b(i|me|myself)\b"),
    "vi": re.compile(r"(?<!nha )(?<!cua )\b(em|tui|toi|tao|minh)\b"),  # folded; not "nhà tui"
}
# "twenty seventeen" is a year, "ba mươi sáu" thirty-six
_EN_TENS = "".join(
    f"(?<!{w} )"
    for w in ("twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "and")
)
_VI_TENS = "".join(
    f"(?<!{w} )" for w in ("hai", "ba", "bon", "tu", "nam", "sau", "bay", "tam", "chin")
)
_UNDER_18 = {
    "en": re.compile(
        _EN_TENS + r"\b(1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
        r"(almost|nearly|not yet|not quite) (18|eighteen))\b"
        r"(?! ?(thousand|hundred|grand|k\b|lakh|crore|years?\b(?! old)|percent|%|dollars|"
        r"bucks|pounds|quid|rupees|euros|staff|people|employees|months|weeks|days|rooms|"
        r"minutes|hours))"
    ),
    "vi": re.compile(
        _VI_TENS + r"\b(1[0-7]|muoi (mot|hai|ba|bon|tu|lam|sau|bay)|muoi(?= tuoi)|"
        r"(chua du|chua toi|sap) (18|muoi tam))\b"
        r"(?! ?(trieu|nghin|ngan|tram|k\b|cu|lit|ty|nam|thang|tuan|ngay|nhan vien|nguoi|phong|"
        r"phan tram|%|do|ky|can|met|chiec|cai))"
    ),
}

# just before the school words: a span of years spent there, or a past marker
_PAST_SCHOOLING = {
    "en": re.compile(
        r"\b((?P<span>(\d+|one|two|three|four|five|six|seven|eight|nine|ten|few|couple of|some) "
        r"years)|back|when (i|we) (was|were)|(i|we) (was|were)|used to be)$"
    ),
    # with tone marks: folded, "hồi" (back then) is "hỏi" (ask) and "năm" (years) "Nam"
    "vi": re.compile(r"\b(hồi|hồi (xưa|trước|đó|còn)|(?P<span>(\d+|hai|ba|bốn|năm|sáu|mấy) năm))$"),
}
# a span of years still to come, not spent: "I've still got two years (in school
# left)", "another two years", "em còn hai năm (cấp ba nữa)"; before the span, or
# within a few words after the school words
_REMAINING_BEFORE = {
    "en": re.compile(
        r"\b(still|got|have|ve|has|another|more|remaining)( (got|another|more))? \S+( of)? years$"
    ),
    "vi": re.compile(r"\b(còn|thêm) \S+ năm$"),
}
_REMAINING_AFTER = {
    "en": re.compile(r"^(\S+ ){0,4}?(left|to go|remaining|more to go)\b"),
    "vi": re.compile(r"^(\S+ ){0,4}?nữa\b"),
}


def _plain(text: str, language: str) -> str:
    words = re.sub(r"[^\w\s%]", " ", text.lower())
    return " ".join((fold(words) if language == "vi" else words).split())


def asks_own_age(text: str, language: str) -> bool:
    """The agent's turn asks the customer's own age."""
    plain = _plain(text, language)
    found = _QUESTION[language].search(plain)
    return found is not None and not _OTHER_PERSON[language].search(plain[: found.start()])


def states_under_age(text: str, language: str) -> bool:
    """The reply opens with an age under 18 and names nobody else before it."""
    opening = " ".join(_plain(text, language).split()[:ANSWER_WORDS])
    found = _UNDER_18[language].search(opening)
    return found is not None and not _OTHER_PERSON[language].search(opening[: found.start()])


def past_schooling(before: str, language: str, after: str = "") -> bool:
    """The words just before an under-age cue's school words (``before``: the
    segment's text up to them) date that schooling in the past: a span of years
    spent there ("two years in high school", "học ba năm cấp ba") or a past marker
    ("back in high school", "when I was still in school", "hồi học cấp ba"). What
    the customer once studied is no age, so such a hit is no under-age reason. A
    span still to come is no past ("I've still got two years in high school",
    "two years in school left", "em còn hai năm cấp ba nữa"): ``after`` is the
    segment's text from the school words on."""
    pattern = _PAST_SCHOOLING.get(language)
    plain = _words(before)
    found = pattern.search(plain) if pattern is not None else None
    if found is None:
        return False
    if found.group("span") is None:
        return True
    return not (
        _REMAINING_BEFORE[language].search(plain)
        or _REMAINING_AFTER[language].search(_words(SENTENCE_END.split(after, maxsplit=1)[0]))
    )


def _words(text: str) -> str:
    """Lower case words without punctuation, tones kept."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def someone_elses_age(text: str, language: str) -> bool:
    """A unit giving someone else's age under 18: another person is named before
    the age with no first person between ("nó lớp mười, mười lăm tuổi", "my son is
    sixteen"; not "my dad's at work, I'm twelve"). A parent or guardian buying for
    a child is no under-age customer, so such a unit is no under-age reason
    (``wrong_target.unit_reason``)."""
    if language not in _OTHER_PERSON:
        return False
    plain = _plain(text, language)
    found = _UNDER_18[language].search(plain)
    if found is None:
        return False
    named = list(_OTHER_PERSON[language].finditer(plain[: found.start()]))
    return bool(named) and not _FIRST_PERSON[language].search(plain, named[-1].end(), found.start())


# An age limit stated as a rule: "eighteen and over", "at least 18", "the minimum
# age", "từ mười tám tuổi trở lên", "đủ 18 tuổi mới ...". Folded for Vietnamese.
_AGE_RULE = {
    "en": re.compile(
        r"\b((18|eighteen|21|twenty one)( years old)? (and|or) (over|above|older|up)|"
        r"(at least|over|above|aged|minimum of) (18|eighteen|21|twenty one)\b(?! (next|in|this)\b)|"
        r"(minimum|legal) age|age (limit|requirement|restriction)|under (18|eighteen)s)"
    ),
    "vi": re.compile(
        r"\b((tu|du) (18|muoi tam) tuoi( tro len)?( moi)?|(18|muoi tam) tuoi tro len|"
        r"gioi han (do )?tuoi|do tuoi toi thieu|tuoi toi thieu)\b"
    ),
}
# the customer's own youth beside the rule: "chưa đủ 18", "I'm not 18 yet"
_NOT_YET = {
    "en": re.compile(r"\b(not|isn't|aren't|under|below|too young|minor|school|grade|sixth form)\b"),
    "vi": re.compile(r"\b(chua|duoi|khong du|con nho|lop|hoc sinh|cap ba|cap hai)\b"),
}


def states_an_age_rule(text: str, language: str) -> bool:
    """A unit stating or asking about the product's age limit ("applicants must be
    at least eighteen", "bên em chỉ làm cho người từ mười tám tuổi trở lên phải
    không?") with no age under 18 and nothing saying the speaker falls short of it:
    an eligibility statement is no under-age reason, whoever says it; "em mới mười
    sáu, mà phải đủ mười tám hả" and "I'm not eighteen yet, is there an age limit"
    still are (``wrong_target.unit_reason``)."""
    if language not in _AGE_RULE:
        return False
    plain = _plain(text, language)
    if not _AGE_RULE[language].search(plain):
        return False
    return not (_UNDER_18[language].search(plain) or _NOT_YET[language].search(plain))


def under_age_answer(speakers: list[str], texts: list[str], language: str) -> int | None:
    """The segment of the earliest customer reply stating an age under 18 to the
    agent's question about their age (``speakers[i]``: ``customer``, ``agent`` or
    other), or None."""
    if language not in _QUESTION:
        return None
    asked = False
    for i, (who, text) in enumerate(zip(speakers, texts, strict=True)):
        if who == "agent":
            asked = asks_own_age(text, language)
        elif who == "customer":
            if asked and states_under_age(text, language):
                return i
            asked = False
    return None
