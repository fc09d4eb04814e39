"""Whether an agent turn proposes or agrees a concrete next step (structure, not phrases).

The checklist's ``next_step`` patterns find candidate agent turns (a step word,
a day, a channel). A bag of phrases also fires on the pitch ("xuất file chuyển
khoản cho ngân hàng", "it comes down to 19.99"), on the past ("đăng ký hôm
thứ bảy vừa rồi"), on wishes ("chúc chị cuối tuần vui vẻ"), on conditions
("khi nào anh cần thì liên hệ") and on denials. The label definition
(qa-dev README) asks for a step the agent proposes or agrees, WITH a concrete
time or channel. So a candidate turn counts only when one of its sentences
holds:

* a step: a future or joint action of the agent or the customer, addressed to
  the other ("em gửi", "em gọi lại", "mình hẹn", "anh qua", "I'll send you",
  "let's book", "can I call you"), or a slot the agent offers ("I've got
  Thursday arvo at two"), and
* a concrete time or channel ("chiều mai", "thứ bảy", "9h", "qua zalo", "email",
  "tomorrow at 10", "on WhatsApp") within ``NEAR_WORDS`` words of the step, or
  in the customer's turn just before (the customer proposed, the agent agrees:
  "thứ bảy nha em" / "dạ em chốt lịch thứ bảy"),

and neither word is in a denied or conditional clause (``scope.py``), the time
is not past ("hôm thứ bảy vừa rồi", "last Saturday") nor the channel the lead
used ("hôm qua anh có nhắn tin qua fanpage") or one talked about ("số này là
số ..."), nothing recurs ("gửi nhận xét sau mỗi buổi qua Zalo": the product's
routine), and no wish governs it ("chúc chị cuối tuần vui vẻ", "have a great
weekend"). An internal action
("em ghi chú lại", "I'll make a note") is no step: its verbs are not in the
step lexicon; nor is a hold inside the call ("anh chờ em một chút") or the
call itself ("calling from", "so I call to share", "em gọi để hỗ trợ"). A
place that is a service feature ("lắp đặt tận nhà") needs someone who goes
there, and "ngay" before a place ("ngay cạnh") is no "right away". A polite
imperative ("kindly send ... on WhatsApp today") is the customer's step.
``withdraws`` reads a later agent turn that says the agent cannot do the
step's action ("chị chưa làm hồ sơ cho em được", "I can't sign you up"): the
scorer then looks for a step after it; ``declines`` reads the customer's reply
to an offered step that turns it down ("không được đâu em", "nah, don't bother"):
proposed but not agreed, so the scorer looks on likewise. Nor (stop 26) is a
third party's action, a call to someone else, a service feature, this call's own
reason or a check inside the call (``_not_the_leads_step``), nor in English "will do"
with an object, the sale closed today (``_closes_now``) or a day whose price follows.
Pure Python on the
segment text; tens of microseconds a turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from callqa.qa.scoring.nlp import SENTENCE_END, fold
from callqa.qa.scoring.scope import scope_at, suggestion_scope_at

NEAR_WORDS = 14  # a step and its time or channel: same sentence, this close
TONELESS_SHARE = 0.15  # a turn with marks on at most this share of words reads tone-free

# --- Vietnamese --------------------------------------------------------------

_STEP_VI = (
    # sending, calling, meeting, booking: the agent's or the customer's action
    "gửi",
    "gởi",
    "nhắn",
    "nhắn tin",
    "gọi",
    "gọi lại",
    "alo",
    "hẹn",
    "đặt lịch",
    "lên lịch",
    "xếp lịch",
    "chốt",
    "chốt lịch",
    "book",
    "gặp",
    "khảo sát",
    "demo",
    "ký",
    "thanh toán",
    "chuyển khoản",
    "kích hoạt",
    "đăng ký cho",
    "add",
    "kết bạn",
    "inbox",
    "ib",
    "liên hệ",
    "liên lạc",
    "học thử",
    "tập thử",
    "giao",
    "mang",
    "đón",
    "email",
    "mail",
    "zalo",
    "xem nhà",
    "làm hồ sơ",
    "lên hồ sơ",
    "làm hợp đồng",
    "soạn hợp đồng",
    "họp",
    "nói chuyện",
    "trao đổi",
    "tư vấn",
    "kiểm tra cho",
    "đo",
    "lắp",
    "lắp đặt",
    "call",
    "gọi điện",
)
# the days a step is set for (also the objection item's slot cue: objections.py);
# bare "mai" and "mốt" are in the time words below, not here: read tone-free
# ("mãi", "một") they name no day
_DAYS_VI = (
    "sáng mai",
    "chiều mai",
    "tối mai",
    "trưa mai",
    "sáng nay",
    "chiều nay",
    "tối nay",
    "trưa nay",
    "chiều ni",
    "tối ni",
    "trưa ni",
    "sáng mốt",
    "chiều mốt",
    "ngày mai",
    "ngày mốt",
    "bữa mai",
    "hôm nay",
    "bữa nay",
    "bữa ni",
    "tuần sau",
    "tuần tới",
    "tuần này",
    "cuối tuần",
    "đầu tuần",
    "tháng sau",
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
)
_WHEN_VI = (
    # times
    *_DAYS_VI,
    "mai",
    "mốt",
    "lát nữa",
    "chút nữa",
    "xíu nữa",
    "liền",
    "ngay",
    "luôn",
    "giờ đó",
    "như hẹn",
    "đúng hẹn",
    # channels and places
    "zalo",
    "email",
    "mail",
    "gmail",
    "sms",
    "tin nhắn",
    "messenger",
    "facebook",
    "fanpage",
    "page",
    "số này",
    "link",
    "google meet",
    "gu gồ mít",
    "zoom",
    "văn phòng",
    "cửa hàng",
    "showroom",
    "nhà mẫu",
    "trực tiếp",
    "online",
    "form",
    "tận nhà",
    "qua nhà",
)
# a visit is a step with its subject: "em qua", "anh ghé", "kỹ thuật xuống"
_MOTION_VI = ("đợi", "chờ", "qua", "sang", "tới", "đến", "xuống", "lên", "ghé", "ra", "vô", "vào")
_PERSON_VI = (
    "em",
    "anh",
    "chị",
    "mình",
    "cô",
    "chú",
    "bác",
    "con",
    "cháu",
    "bạn",
    "tôi",
    "tui",
    "o",
    "kỹ thuật",
    "nhân viên",
    "tụi em",
    "bên em",
    "anh chị",
)
_STEP_VI = (
    _STEP_VI
    + tuple(f"{p} {m}" for p in _PERSON_VI for m in _MOTION_VI)
    + tuple(f"{p} sẽ {m}" for p in _PERSON_VI for m in _MOTION_VI)
)
# right away, in person, online: concrete only right after the step ("gửi liền")
# ("lắp đặt tận nhà" in a feature list: nobody goes there)
_ADJACENT_VI = (
    "liền",
    "ngay",
    "luôn",
    "trực tiếp",
    "online",
    "văn phòng",
    "form",
    "mai",
    "mốt",
    "tận nhà",
    "qua nhà",
)
# an open-ended condition before the step: "khi nào anh có nhu cầu thì liên hệ lại
# số này", "whenever you're ready, give us a call"; after the step only with a need
# or a free moment ("anh gọi em khi nào cần")
_OPEN_BEFORE_VI = (
    "khi nào",
    "khi mô",
    "lúc nào",
    "lúc mô",
    "bao giờ",
    "hôm nào",
    "bữa nào",
    "nếu",
    "lỡ",
    "hễ",
    "cần thì",
    "có cần thì",
    "nếu cần",
)
_OPEN_AFTER_VI = (
    "khi nào cần",
    "khi cần",
    "lúc nào cần",
    "khi nào có nhu cầu",
    "khi có nhu cầu",
    "khi nào rảnh",
    "lúc nào rảnh",
    "khi nào tiện",
    "lúc nào tiện",
    "khi mô cần",
    "bất cứ lúc nào",
    "khi nào sẵn sàng",
)
_OPEN_BEFORE_EN = ("whenever", "if", "any time", "anytime", "in case", "once you", "when you")
_OPEN_AFTER_EN = (
    "whenever",
    "any time",
    "anytime",
    "if you need",
    "if you ever",
    "if you want",
    "if you change",
    "when you're ready",
    "when you are ready",
    "in case",
)
_CLOCK_VI = re.compile(
    r"(?<!\w)(?:t[2-7]|\d{1,2}h(?:\d{2})?|\d{1,2}:\d{2}|(?:lúc|luc)\s+\S+\s+(?:giờ|gio|h)"
    r"|\S+\s+(?:giờ|gio)\s+(?:sáng|chiều|tối|trưa|rưỡi|sang|chieu|toi|trua|ruoi)"
    r"|ngày\s+\d{1,2})(?!\w)"
)
# the time is past: "hôm thứ bảy vừa rồi", "tuần trước", "hồi sáng"
_PAST_AFTER_VI = ("vừa rồi", "vừa qua", "rồi", "trước", "tuần trước", "tuần rồi")
_PAST_BEFORE_VI = ("hôm", "hồi", "bữa", "đã", "vừa")
_WISH_VI = ("chúc",)
# a lead's past action earlier in the clause: "hôm qua anh có nhắn tin qua fanpage"
_PAST_CLAUSE_VI = (
    "hôm qua",
    "hôm trước",
    "bữa trước",
    "tuần trước",
    "tuần rồi",
    "tháng trước",
    "hồi nãy",
    "có đăng ký",
    "đã đăng ký",
    "có nhắn",
    "có để lại",
    "đã để lại",
    "có để số",
)
# a channel that is the topic of "is", no step's channel: "số này là số chị để lại"
_IS_VI = ("là",)
# "ngay" before a place is "right (next to)", not "right away": "lắp ngay cạnh vòi rửa"
_RIGHT_AT_VI = ("cạnh", "bên", "trên", "dưới", "tại", "ngoài", "gần", "đây", "chỗ", "giữa", "góc")
# a day that is someone's routine or the product's schedule, not a step:
# "lớp học tối thứ ba", "cuối tuần em tăng ca"
_ROUTINE_VI = ("học", "tăng ca", "làm việc", "nghỉ", "mở cửa", "đi làm")

# --- English -----------------------------------------------------------------

_STEP_EN = (
    "let's",
    "shall we",
    "would you like",
    "do you want",
    "how about",
    "what about",
    "works for you",
    "work for you",
    "does that work",
    "see you",
    "talk then",
    "speak then",
    "talk to you",
    "speak to you",
    "you'll get",
    "you'll receive",
    "you will receive",
    "expect",
    "booked",
    "book you",
    "pencil",
    "put you down",
    "got you down",
    "have you down",
    "confirmed",
    "i'm sending",
    "i am sending",
    "going to send",
    "gonna send",
    "going to call",
    "gonna call",
    "will do",
    "will call",
    "will send",
    "shall send",
    "shall call",
    "swing by",
    "drop by",
    "stop by",
    "come by",
    "pop by",
    "pop in",
    "come round",
    "come over",
    "share the",
    "share it",
    "send the",
    "send it",
    "send over",
    "could you do",
    "can you do",
    "quick zoom",
    "quick call",
    "emailed across",
    "sent across",
    "sent over",
    "emailed over",
    "am sharing",
    "'m sharing",
    "am sending",
    "i'll let",
    "we'll let",
    "on its way",
    "on the way to you",
    "ill send",
    "it is",
    "it's",
)
# the days a step is set for: the time words below, the slots an agent offers and
# the objection item's slot cue (objections.py)
_DAYS_EN = (
    "today",
    "tonight",
    "tomorrow",
    "this afternoon",
    "this evening",
    "this morning",
    "next week",
    "this week",
    "weekend",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WHEN_EN = (
    *_DAYS_EN,
    "morning",
    "afternoon",
    "arvo",  # Australian "afternoon"
    "evening",
    "noon",
    "o'clock",
    "eod",
    "end of day",
    "right away",
    "in an hour",
    "in a bit",
    "shortly",
    "then",
    "email",
    "e-mail",
    "mail",
    "inbox",
    "text",
    "sms",
    "whatsapp",
    "zoom",
    "teams",
    "link",
    "phone",
    "call",
    "post",
    "courier",
    "office",
    "showroom",
    "clinic",
    "store",
    "branch",
    "form",
    "number",
    "address",
    "video",
    "whats app",
    "after this call",
    "right after",
    "eod",
    "mail id",
)
# "at one" of a place is no hour: "at one of our partner dental clinics"
_CLOCK_EN = re.compile(
    r"(?<!\w)(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|at (?:one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|half|quarter|\d{1,2}))(?!\w)(?! of\b)"
)
_EN_VERBS = (
    "come",
    "visit",
    "deliver",
    "drop",
    "bring",
    "reach",
    "call",
    "ring",
    "send",
    "email",
    "text",
    "message",
    "whatsapp",
    "book",
    "meet",
    "see",
    "come by",
    "pop",
    "swing",
    "share",
    "forward",
    "confirm",
    "schedule",
    "set up",
    "arrange",
    "fix",
    "get back",
)
_EN_VERBS = _EN_VERBS + (
    "sms",
    "set",
    "put",
    "shoot",
    "sign",
    "hold",
    "lock",
    "reserve",
    "install",
    "activate",
    "come over",
    "come down",
    "come in",
)
# "I'll send", "can call", and the subject with a bare verb (Singapore, Indian
# English): "I whatsapp you the address", "i call you friday three pm"
# "give you a bell/ring/call", "drop you a line", "shoot you an email"
_STEP_EN = _STEP_EN + ("hop on", "jump on", "catch up on")
_STEP_EN = (
    _STEP_EN
    + tuple(
        f"{v} you a {n}"
        for v in ("give", "drop", "shoot")
        for n in ("bell", "ring", "call", "buzz", "shout", "line", "text", "email")
    )
    + ("get you booked", "get you in")
)
# a verb with the customer as its object: "call you back on Saturday", "text you the link"
_STEP_EN = _STEP_EN + tuple(
    f"{v} you"
    for v in (
        "call",
        "ring",
        "email",
        "text",
        "send",
        "whatsapp",
        "sms",
        "message",
        "meet",
        "visit",
        "book",
        "sign",
        "drop",
        "mail",
        "forward",
        "buzz",
        "phone",
    )
)
_STEP_EN = _STEP_EN + tuple(
    f"{m} {v}"
    for m in (
        "will",
        "i'll",
        "we'll",
        "you'll",
        "they'll",
        "he'll",
        "she'll",
        "shall",
        "can",
        "to",
        "i",
        "we",
        "you",
        "let me",
        "let me just",
        "i just",
        "i'll just",
        "we'll just",
        "i can also",
        "can also",
        "can i",
        "could i",
        "shall i",
        "should i",
        "may i",
        "can we",
        "shall we",
        # a polite imperative to the customer: "kindly send the documents on WhatsApp"
        "please",
        "kindly",
        "pls",
    )
    for v in _EN_VERBS
    if v != "see" or m in ("will", "i'll", "we'll", "shall")  # "I see", "to see if": no step
)
# a slot the agent offers: "I've got Thursday arvo at two", "we can do tomorrow at ten"
_STEP_EN = _STEP_EN + tuple(
    f"{m} {day}"
    for m in ("i've got", "i have got", "i have", "we've got", "we have", "i can do", "we can do")
    for day in _DAYS_EN
)
DAYS = {"vi": _DAYS_VI, "en": _DAYS_EN}
_ADJACENT_EN = ("then", "call", "number", "phone", "form", "video", "post", "text")
_PAST_AFTER_EN = ("ago", "before")
_PAST_BEFORE_EN = ("last", "on the form", "filled", "came", "visited", "was", "were", "did")
# a lead's past action earlier in the clause: "you filled in our form on Sunday"
_PAST_CLAUSE_EN = (
    "filled",
    "put an enquiry",
    "put in an enquiry",
    "submitted",
    "signed up",
    "registered",
    "enquired",
    "requested",
    "left",
    "downloaded",
    "clicked",
    "came",
    "visited",
    "spoke",
    "called",
    "had",
    "did",
    "was",
    "were",
    "ago",
    "last",
)
_WISH_EN = ("have a", "enjoy", "happy", "good")
_IS_EN = ("is", "was")
# a recurring service is the product, no step: "gửi nhận xét sau mỗi buổi qua Zalo",
# "we email a report every week"
_EVERY_VI = ("mỗi", "hàng tuần", "hàng tháng", "hàng ngày", "hằng tuần", "hằng ngày")
_EVERY_EN = ("every", "each")
_ROUTINE_EN = ("job", "shift", "shifts", "classes", "class runs", "open", "opening hours")

_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class StepFound:
    """The sentence that carries the step, and why it counts."""

    sentence: str
    step: str
    when: str
    from_customer: bool = False


@dataclass(frozen=True)
class _Lexicon:
    step: re.Pattern[str]
    when: re.Pattern[str]
    clock: re.Pattern[str]
    past_after: tuple[str, ...]
    past_before: tuple[str, ...]
    wish: tuple[str, ...]
    routine: tuple[str, ...]
    right_at: tuple[str, ...]
    adjacent: frozenset[str]
    persons: tuple[str, ...]
    open_before: tuple[str, ...]
    open_after: tuple[str, ...]
    past_clause: tuple[str, ...]
    is_after: tuple[str, ...]
    every: tuple[str, ...]


# tone-free, "mốt" (the day after tomorrow) is "một" (one)
# and "đã" (already) is "dạ" (yes), "mới" (just) is "mời" (invite)
_FOLD_AMBIGUOUS = frozenset({"mot", "da", "moi"})


def _alternation(words: tuple[str, ...], folded: bool) -> re.Pattern[str]:
    forms = {fold(w) if folded else w for w in words} - (_FOLD_AMBIGUOUS if folded else set())
    alts = sorted(forms, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w'])")


@cache
def _lexicon(language: str, folded: bool) -> _Lexicon:
    if language == "vi":
        clock = re.compile(fold(_CLOCK_VI.pattern)) if folded else _CLOCK_VI
        f = (lambda ws: tuple(fold(w) for w in ws)) if folded else (lambda ws: ws)
        return _Lexicon(
            _alternation(_STEP_VI, folded),
            _alternation(_WHEN_VI, folded),
            clock,
            f(_PAST_AFTER_VI),
            tuple(x for x in f(_PAST_BEFORE_VI) if not folded or x not in _FOLD_AMBIGUOUS),
            f(_WISH_VI),
            f(_ROUTINE_VI),
            f(_RIGHT_AT_VI),
            frozenset(f(_ADJACENT_VI)),
            f(_PERSON_VI),
            f(_OPEN_BEFORE_VI),
            f(_OPEN_AFTER_VI),
            f(_PAST_CLAUSE_VI),
            f(_IS_VI),
            f(_EVERY_VI),
        )
    return _Lexicon(
        _alternation(_STEP_EN, False),
        _alternation(_WHEN_EN, False),
        _CLOCK_EN,
        _PAST_AFTER_EN,
        _PAST_BEFORE_EN,
        _WISH_EN,
        _ROUTINE_EN,
        (),
        frozenset(_ADJACENT_EN),
        ("i", "we", "i'll", "we'll", "you", "you'll", "they", "he", "she", "team", "executive"),
        _OPEN_BEFORE_EN,
        _OPEN_AFTER_EN,
        _PAST_CLAUSE_EN,
        _IS_EN,
        _EVERY_EN,
    )


def _words_between(text: str, a: int, b: int) -> int:
    lo, hi = sorted((a, b))
    return len(_WORD.findall(text[lo:hi]))


@cache
def _cue_re(cues: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted(set(cues), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(c) for c in alts) + r")(?![\w'])")


def _has_before(text: str, at: int, cues: tuple[str, ...], words: int) -> bool:
    left = " ".join(_WORD.findall(text[max(0, at - 12 * words) : at])[-words:])
    return _cue_re(cues).search(left) is not None


def _has_after(text: str, at: int, cues: tuple[str, ...], words: int) -> bool:
    right = " ".join(_WORD.findall(text[at : at + 12 * words])[:words])
    return _cue_re(cues).search(right) is not None


def _times(text: str, lex: _Lexicon) -> list[re.Match[str]]:
    found = list(lex.when.finditer(text)) + list(lex.clock.finditer(text))
    return sorted(found, key=lambda m: m.start())


# taking the number off a list is no step ("I'll take it off our list today")
_OFF_LIST = ("off our list", "off the list", "off your list", "from our list", "khỏi danh sách")


# a day whose price follows: "tomorrow it's forty-five", "today it is 19,000"
_PRICE_ON_DAY = re.compile(
    r"\s+(?:it's|it is|it'll be|it will be|the price is|price is)\s+(?:only\s+|just\s+)?"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)


def _when_ok(text: str, m: re.Match[str], lex: _Lexicon, language: str) -> bool:
    """A time or channel that is asserted, not past, not wished, not a routine."""
    if suggestion_scope_at(text, m.start(), language) in ("denied", "conditional"):
        return False
    if _has_before(text, m.start(), _OFF_LIST, 4):
        return False
    channel = m.group(0) in _CHANNELS  # a channel has no tense: "kết bạn zalo rồi gửi"
    if not channel and _has_after(text, m.end(), lex.past_after, 2):
        return False
    if not channel and _has_before(text, m.start(), lex.past_before, 2):
        return False
    if _has_before(text, m.start(), lex.past_clause, 8):
        return False
    if channel and _has_after(text, m.end(), lex.is_after, 1):
        return False  # "số này là số chị để lại": the number talked about
    if _has_before(text, m.start(), lex.every, 3):
        return False
    if _has_before(text, m.start(), lex.wish, 4):
        return False
    if m.group(0) == "ngay" and _has_after(text, m.end(), lex.right_at, 1):
        return False
    if language != "vi" and _PRICE_ON_DAY.match(text, m.end()):
        return False  # "tomorrow it's forty-five, today it's nineteen": the price's dates
    return not (
        _has_before(text, m.start(), lex.routine, 3) or _has_after(text, m.end(), lex.routine, 2)
    )


# "không sao", "no problem": a courtesy, no denial of what follows
_NOT_DENIAL = (
    "không sao",
    "hông sao",
    "không có gì",
    "không vấn đề",
    "không thành vấn đề",
    "no problem",
    "no worries",
    "not a problem",
    "no issue",
    "no issues",
)
_NOT_DENIAL_RE = re.compile(
    "|".join(
        re.escape(x) for x in sorted({*_NOT_DENIAL, *map(fold, _NOT_DENIAL)}, key=len, reverse=True)
    )
)


def _courtesy_blanked(text: str) -> str:
    """``text`` with "không sao"/"no problem" blanked out (offsets kept)."""
    return _NOT_DENIAL_RE.sub(lambda m: " " * len(m.group(0)), text)


# a step already taken ("bên em mới gửi về máy anh cái mã", "I just sent you an OTP"):
# a next step only with a time still to come, not with a channel alone
_DONE = ("mới", "vừa", "đã", "vừa mới", "vua", "có", "just", "already", "have", "has")
_CHANNELS = frozenset(
    (
        *_WHEN_VI[_WHEN_VI.index("zalo") :],
        *(fold(w) for w in _WHEN_VI[_WHEN_VI.index("zalo") :]),
        *_WHEN_EN[_WHEN_EN.index("email") :],
    )
)


def _is_time(when: str) -> bool:
    return when not in _CHANNELS


# the step word is part of a noun: "tin nhắn" (a message), "đăng ký" (a sign-up),
# "cuộc gọi" (the call), "số gọi" (the calling number)
_NOUN_BEFORE = {
    "nhắn": ("tin",),
    "ký": ("đăng",),
    "gọi": ("cuộc", "số"),
    "nhan": ("tin",),
    "ky": ("dang",),
    "goi": ("cuoc", "so"),
}


# the call itself: "em gọi từ ...", "calling from ...", and a bare "call" with its
# purpose ("so I call to share the plan", "em gọi để hỗ trợ anh"); "I'll call
# you to confirm" or "em gọi lại để chốt" is a call to come
_THIS_CALL = ("call", "gọi", "goi")
_THIS_CALL_AFTER = ("từ", "tu", "from")
_PURPOSE_AFTER = ("to", "because", "để", "vì", "de", "vi")
# a hold inside the call: "anh chờ em một chút", "đợi em xíu"
_WAIT = ("chờ", "đợi", "cho", "doi")
_HOLD_AFTER = ("chút", "xíu", "tí", "lát", "giây", "chut", "xiu", "ti", "lat", "giay")


def _both(cues: tuple[str, ...]) -> tuple[str, ...]:
    """Cues as written and without tone marks (a turn may be read tone-free)."""
    return tuple(dict.fromkeys((*cues, *map(fold, cues))))


# Not the lead's step (stop 26): a third party acts ("nhà cung cấp tấm pin mới gửi
# thông báo", "ngân hàng sẽ nhắn mã OTP"), or the agent will reach someone else
# ("để con liên hệ trực tiếp với ảnh"); a service feature ("bên em lắp trong ngày
# luôn", "kỹ sư ... xuống ruộng lập lịch bón theo từng giai đoạn"); this call's own
# reason ("nên em gọi lại để hẹn lịch khám"); a check inside the call ("just to
# confirm, is this the best number")
_THIRD_PARTY_VI = _both(("ngân hàng", "nhà cung cấp", "hãng", "nhà mạng", "bưu điện", "hệ thống"))
_WITH_THIRD_VI = _both(
    ("với ảnh", "với anh ấy", "với chị ấy", "với ổng", "với bả", "với chỉ", "với anh ta")
)
_FEATURE_VI = _both(("trong ngày", "trong vòng", "theo từng", "định kỳ"))
_SO_VI = _both(("nên", "vì vậy"))
_CALL_BACK_VI = _both(("gọi lại",))
_REASON_AFTER_VI = _both(("để", "tư vấn"))
_CALL_REASON_VI = _both(("nên em gọi lại để", "nên em gọi để", "nên con gọi lại để"))
_CHECK_EN = ("to confirm", "to check", "to double check")
# "the bank SMS you": the bank's action; "you put an enquiry in": the lead's, done
_THIRD_PARTY_EN = ("bank", "lender", "system", "insurer")
_ENQUIRY_EN = ("an enquiry", "in an enquiry", "an inquiry", "in an inquiry")


# "will do" agrees ("Will do!"); with an object it is a verb of the pitch ("he will do the
# body fat test and plan the program for you")
_OBJECT_EN = ("the", "a", "an", "your", "my", "his", "her", "their", "our", "some", "this")


def _not_the_leads_step(text: str, m: re.Match[str], language: str) -> bool:
    """Whether the step is someone else's, a feature of the service, this call's
    reason or a check inside the call (see above)."""
    if language != "vi":
        if m.group(0) in _CHECK_EN and _has_before(text, m.start(), ("just",), 1):
            return True
        if m.group(0) == "will do" and _has_after(text, m.end(), _OBJECT_EN, 1):
            return True
        if m.group(0) == "you put" and _has_after(text, m.end(), _ENQUIRY_EN, 3):
            return True
        return _has_before(text, m.start(), _THIRD_PARTY_EN, 1)
    if _has_before(text, m.start(), _THIRD_PARTY_VI, 6):
        return True
    if _has_after(text, m.end(), _WITH_THIRD_VI, 5) or _has_after(text, m.end(), _FEATURE_VI, 7):
        return True
    if _has_before(text, m.start(), _CALL_REASON_VI, 6):
        return True  # "nên em gọi lại để hẹn lịch khám": what this call is for
    return (
        m.group(0) in _CALL_BACK_VI
        and _has_before(text, m.start(), _SO_VI, 2)
        and _has_after(text, m.end(), _REASON_AFTER_VI, 1)
    )


# the sale closed in this call, no step to come: "Better to lock it today itself", "d'you
# want me to put you through today?" (the application pushed through now)
_CLOSE_EN = ("lock", "sign", "activate")
_THROUGH_EN = ("through",)


def _closes_now(sentence: str, s: re.Match[str], w: re.Match[str]) -> bool:
    """Whether an English step closes the sale today (see above), not a step set for a
    time to come."""
    if w.group(0) != "today":
        return False
    verb = s.group(0).rsplit(" ", 1)[-1]
    return verb in _CLOSE_EN or (verb == "put" and _has_after(sentence, s.end(), _THROUGH_EN, 3))


def _step_ok(text: str, m: re.Match[str], language: str, lex: _Lexicon) -> bool:
    """A step asserted, with no open-ended condition on it, not the call itself
    and no hold inside the call."""
    noun = _NOUN_BEFORE.get(m.group(0))
    if noun and _has_before(text, m.start(), noun, 1):
        return False
    if _not_the_leads_step(text, m, language):
        return False
    if suggestion_scope_at(text, m.start(), language) in ("denied", "conditional", "reported"):
        return False
    if _has_before(text, m.start(), lex.open_before, 12):
        return False
    if _has_after(text, m.end(), lex.open_after, 10):
        return False
    last = m.group(0).rsplit(" ", 1)[-1]
    if last in _WAIT and _has_after(text, m.end(), _HOLD_AFTER, 3):
        return False
    if last in _THIS_CALL and _has_after(text, m.end(), _PURPOSE_AFTER, 1):
        return False
    return not _has_after(text, m.end(), _THIS_CALL_AFTER, 1)


def _prepare(text: str, language: str) -> tuple[str, bool]:
    low = _courtesy_blanked(text.lower())
    if language != "vi":
        return low, False
    # tone marks lost on (nearly) every word: read the whole turn without them
    words = _WORD.findall(low)
    marked = sum(fold(w) != w for w in words)
    folded = marked <= TONELESS_SHARE * len(words)
    return (fold(low) if folded else low), folded


# the agent cannot do it: "chưa làm hồ sơ cho em được", "I can't sign you up"
_ABLE_AFTER_VI = ("được", "duoc")
_UNABLE_BEFORE_EN = ("can't", "cannot", "cant", "unable", "able", "won't")


def _refused(text: str, language: str) -> list[str]:
    """The step words of an agent turn in a clause saying the agent cannot do
    them, asserted (not "nếu chủ nhà hổng đồng ý thì hổng lắp được")."""
    if not _cue_re(_ABLE_AFTER_VI if language == "vi" else _UNABLE_BEFORE_EN).search(fold(text)):
        return []  # no "được" / "can't" (tone-free): most turns, read no further
    low, folded = _prepare(text, language)
    lex = _lexicon(language, folded)
    out = []
    for sentence in SENTENCE_END.split(low):
        for m in lex.step.finditer(sentence):
            unable = (
                _has_after(sentence, m.end(), _ABLE_AFTER_VI, 4)
                if language == "vi"
                else _has_before(sentence, m.start(), _UNABLE_BEFORE_EN, 3)
            )
            if (
                unable
                and not _has_before(sentence, m.start(), lex.open_before, 12)
                and scope_at(sentence, m.start(), language) == "denied"
            ):
                out.append(fold(m.group(0)))
    return out


def withdraws(step: StepFound, later: str, language: str) -> bool:
    """Whether a later agent turn ``later`` says the agent cannot do an action
    of ``step``'s sentence: "em mang căn cước ra cửa hàng là bên chị làm hồ sơ"
    then "chị chưa làm hồ sơ cho em được" leaves no step agreed."""
    lang = "vi" if language == "vi" else "en"
    said = fold(step.sentence)
    return any(_cue_re((w,)).search(said) for w in _refused(later, lang))


# the customer turns the offered step down, opening the reply: "không được đâu em",
# "thôi khỏi em", "nah, don't bother", "no thanks"; read tone-free ("hông được")
_DECLINE_VI = (
    "không được",
    "hông được",
    "hổng được",
    "không được đâu",
    "không cần",
    "hông cần",
    "hổng cần",
    "thôi khỏi",
    "khỏi đi",
    "không đâu",
    "hông đâu",
)
_DECLINE_EN = ("no", "nah", "nope", "no thanks", "no thank you", "don't bother", "not interested")
DECLINE_WORDS = 4  # the refusal opens the customer's reply: within this many words


def declines(reply: str, language: str) -> bool:
    """The customer's reply to an offered step opens by turning it down
    ("không được đâu, ổng dặn không đưa số", "nah you're right don't bother"):
    the agent proposed, nobody agreed, so no step was proposed *or agreed*
    (label definition); a non-committal reply ("để coi", "I'll think about it")
    declines nothing. "No problem" is a courtesy (blanked), no refusal."""
    words = _WORD.findall(fold(_courtesy_blanked(reply.lower())))[:DECLINE_WORDS]
    cues = _DECLINE_VI if language == "vi" else _DECLINE_EN
    return _cue_re(tuple(fold(c) for c in cues)).search(" ".join(words)) is not None


def proposes(text: str, language: str, before: str = "") -> StepFound | None:
    """The first sentence of an agent turn ``text`` that proposes or agrees a
    concrete step; ``before`` is the customer's turn just before it."""
    lang = "vi" if language == "vi" else "en"
    low, folded = _prepare(text, lang)
    lex = _lexicon(lang, folded)
    sentences = SENTENCE_END.split(low)
    # same lengths, so the same split: the evidence keeps the words as said
    said = SENTENCE_END.split(text)
    if len(said) != len(sentences):
        said = sentences
    # a sentence, or a sentence and the next one ("I can set the installer
    # appointment now. First Saturday of August, morning slot, okay?")
    sentences = [*sentences, *(" ".join(p) for p in zip(sentences, sentences[1:], strict=False))]
    said = [*said, *(" ".join(p) for p in zip(said, said[1:], strict=False))]
    for sentence, quote in zip(sentences, said, strict=True):
        steps = [m for m in lex.step.finditer(sentence) if _step_ok(sentence, m, lang, lex)]
        if not steps:
            continue
        times = [m for m in _times(sentence, lex) if _when_ok(sentence, m, lex, lang)]
        for s in steps:
            for w in times:
                if w.start() == s.start() and w.end() == s.end():
                    continue
                weak = w.group(0) in lex.adjacent
                if weak and not _has_before(sentence, s.end(), lex.persons, 3):
                    continue  # "thực đơn gửi qua app luôn": a feature, nobody sends
                if _has_before(sentence, s.start(), _DONE, 1) and not _is_time(w.group(0)):
                    continue
                if language != "vi" and _closes_now(sentence, s, w):
                    continue
                if s.group(0) in ("it is", "it's") and (
                    w.end() > s.start()
                    or _words_between(sentence, w.end(), s.start()) > 1
                    or _WORD.findall(sentence[s.end() :])[:1] not in ([], ["then"], ["sir"])
                ):
                    continue  # "Saturday at nine it is": the time just before
                near = 3 if weak else NEAR_WORDS
                if weak and w.start() < s.start():
                    near = 1  # "mốt em qua": right before the step, not "number one thing we fix"
                if _words_between(sentence, s.start(), w.start()) <= near:
                    return StepFound(quote.strip(), s.group(0), w.group(0))
    if before and sentences:
        # the customer proposed ("thứ bảy nha em", "call me Thursday at five"),
        # the agent's first sentence takes it with a step of its own
        blow, bfolded = _prepare(before, lang)
        blex = _lexicon(lang, bfolded)
        first = sentences[0]
        steps = [m for m in lex.step.finditer(first) if _step_ok(first, m, lang, lex)]
        times = [
            m
            for m in _times(blow, blex)
            if _when_ok(blow, m, blex, lang) and m.group(0) not in blex.adjacent
        ]
        # a step said as done is no agreement ("bên em có gọi nghen"), nor "it is" inside
        # a question ("where d'you park it is it on a drive")
        steps = [
            m
            for m in steps
            if not _has_before(first, m.start(), _DONE, 1)
            and not (m.group(0) in ("it is", "it's") and _has_after(first, m.end(), ("it",), 1))
        ]
        if steps and times:
            return StepFound(said[0].strip(), steps[0].group(0), times[0].group(0), True)
    return None
