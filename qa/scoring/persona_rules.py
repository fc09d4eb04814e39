"""Context rules that keep a persona cue from counting where the definition excludes it.

The cue lists (checklist YAML) say which words can state a field; these rules
read the words around a hit, in the same segment, and drop the hits the label
definition rules out, whatever the wording:

* a need only counts when it is not negated right before it ("không cần",
  "don't need"); a negator further back belongs to another clause ("never, I
  want to learn to drive" answers the question before);
* an amount is not a budget when the customer rejects it as a price ("three
  thousand five hundred is too much", "hai triệu tám hơi cao"), repeats it as a
  question ("năm lít một tháng hả?") or gives it as the current bill the agent
  asked about ("tiền điện mỗi tháng bao nhiêu?" "hơn 2 triệu");
* a time phrase is not a timeline when it counts how often or how old ("three
  times this month", "once in a month", "I'm fifteen this year").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from callqa.qa.scoring.matching import Hit
from callqa.qa.scoring.nlp import SENTENCE_END, CallDoc, fold
from callqa.qa.scoring.scope import scope_at

# Words that may sit between a negator and the need ("not really looking", "không có nhu cầu").
_NEED_SKIP = frozenset(
    {"really", "actually", "even", "currently", "có", "co", "hề", "he", "thật", "thực sự", "lắm"}
)
_NEGATORS = {
    "en": frozenset({"not", "n't", "nt", "no", "dont", "cannot", "never"}),
    "vi": frozenset(
        {"không", "chưa", "chẳng", "chả", "hông", "hổng", "ko", "hok", "khum", "hem",
         "khong", "chua", "chang", "cha", "hong"}
    ),
}  # fmt: skip
_NEGATION_WINDOW = 3
_CLAUSE_BREAK = frozenset({".", ",", "!", "?", ";", "but", "nhưng", "mà"})
_SUBJECTS = frozenset(
    {"i", "we", "i'm", "we're", "tui", "toi", "em", "anh", "chi", "minh", "tao", "con", "chau"}
)
_PRICE_AFTER = frozenset({"pay", "spend", "afford", "paying", "spending"})
_REFUSAL = re.compile(
    r"^(?:\W*(?:da|vang|u|o|a|uh|um|well|oh)\W+)*(?:no|nope|nah|not|khong|ko|hong|chua)\b"
    r"|\bnot (?:really )?(?:interested|looking|keen|bothered)\b"
    r"|\bkhong (?:co )?(?:nhu cau|can|muon|quan tam)\b"
    # the product turned down for good: "tui không vay nữa", "I don't need it anymore"
    r"|\b(?:khong|hong|ko|chang) (?:\w+ )?(?:vay|mua|lap|hoc|dang ky|can|muon|xai|dung) nua\b"
    r"|\b(?:don't|do not|dont|won't|not) (?:\w+ )?(?:need|want|buying|borrowing|interested)"
    r"(?: \w+)? any ?more\b"
)
# The customer turns an amount down as a price.
_REJECT_PRICE = {
    "en": ("too much", "too high", "too expensive", "a lot", "steep", "pricey", "expensive",
           "a bit much", "out of my", "too steep", "crazy"),
    "vi": ("hơi cao", "cao quá", "cao vậy", "mắc quá", "mắc vậy", "mắc", "đắt", "đắt quá",
           "hơi mắc", "hơi đắt", "chát", "nhiều quá", "cao thế"),
}  # fmt: skip
# A limit said with the amount keeps it a budget even beside a rejection.
_LIMIT = {
    "en": ("under", "below", "max", "maximum", "at most", "no more than", "more than", "within",
           "up to", "tops", "or less", "budget", "afford", "could do", "can do", "thinking",
           "would like", "i'd like", "hoping"),
    "vi": ("tối đa", "dưới", "đổ lại", "trở xuống", "trong tầm", "chỉ tính", "ngân sách",
           "được tầm", "trả được", "chi được", "đóng được", "tính tầm", "thôi", "muốn"),
}  # fmt: skip
# An echo question at the end of the customer's turn.
_ECHO_END = {"en": ("?",), "vi": ("hả", "à", "hở", "hử", "ha", "á hả", "?", "hỉ", "sao")}
_ECHO_MAX_WORDS = 8
# The agent asked about what the customer pays now (a situation, not a budget) ...
_CURRENT_SPEND = {
    "en": ("paying now", "pay now", "currently pay", "currently paying", "current bill",
           "electric bill", "your bill", "bill every month", "bill each month", "power bill",
           "bill running", "paying at the moment"),
    "vi": ("tiền điện", "hóa đơn", "hiện đang trả", "hiện đang đóng", "đang trả bao nhiêu",
           "đang đóng bao nhiêu", "tiền nước", "tiền cước", "cước phí", "cước hàng tháng",
           "cước mỗi tháng", "cước một tháng"),  # not "căn cước", an identity card
}  # fmt: skip
# ... or the customer says so before the amount ("anh đang dùng gói giá 200 nghìn")
_PAYING_NOW = {
    "en": ("paying", "i pay", "we pay", "currently", "at the moment", "right now i", "bill",
           "bills are", "last one was"),
    "vi": ("đang dùng", "đang xài", "đang trả", "đang đóng", "hiện đang", "hiện tại",
           "tiền điện", "tiền nước", "hóa đơn"),
}  # fmt: skip
_PAYING_NOW_WINDOW = 10  # words before the amount searched for "I pay", "tiền điện"
_LIMIT_AFTER = 4  # tokens after the amount where a limit still belongs to it
# ... unless the same question also asks what they want to spend.
_WANTED_SPEND = {
    "en": ("budget", "want to", "would you", "like to", "afford", "spend"),
    "vi": ("ngân sách", "muốn", "dự tính", "dự kiến", "chi khoảng", "đầu tư"),
}
# A time phrase after these counts how often, not when.
_FREQUENCY = frozenset({"times", "once", "twice", "lần", "lan", "every", "mỗi", "moi"})
_AGE_BEFORE = frozenset(
    {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen", "tuổi", "tuoi"}
)  # fmt: skip


# A reply that puts the question off states no need ("để anh coi đã", "let me think").
_DEFERRALS = (
    "de anh coi", "de chi coi", "de em coi", "de tui coi", "de anh xem", "de chi xem",
    "de em xem", "de toi xem", "suy nghi", "tinh sau", "tinh lai", "chua biet", "khong biet",
    "coi da", "xem da", "let me think", "let me see", "not sure", "i'll see", "no idea",
    "don't know", "dont know", "think about it", "get back to you", "maybe later",
)  # fmt: skip


def defers(text: str) -> bool:
    """Whether a reply puts the question off, its phrase said before a comma or a stop
    too ("I don't know, sir.", "let me think.")."""
    return _has(" ".join(re.sub(r"[^\w']+", " ", fold(text)).split()), _DEFERRALS)


def _segment_tokens(call: CallDoc, start: int) -> tuple[int, int]:
    """The token range [first, last) of the segment holding token ``start``."""
    seg = call.tok_seg[start]
    first = start
    while first > 0 and call.tok_seg[first - 1] == seg:
        first -= 1
    last = start
    while last < len(call.tok_seg) and call.tok_seg[last] == seg:
        last += 1
    return first, last


def folded_words(text: str) -> str:
    """Lower-case, tone-free words joined by single spaces ("Quyết định, nha!" ->
    "quyet dinh nha"): the one form the persona modules' folded patterns are written
    for, so a unit is matched the same way whichever module reads it."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def _words(call: CallDoc, first: int, last: int) -> str:
    return " ".join(call.lowers[first:last])


def need_not_negated(call: CallDoc, language: str) -> Callable[[Hit], bool]:
    """A need counts unless a negator comes shortly before it in its clause ("không
    có nhu cầu vay", "not really interested"); a subject pronoun in between starts
    another clause ("never, I want to learn to drive"). "More than I want to pay" is
    a price, not a need."""
    negators = _NEGATORS.get(language, _NEGATORS["en"])

    def accept(hit: Hit) -> bool:
        seg = call.tok_seg[hit.start]
        if any(w in _PRICE_AFTER for w in call.lowers[hit.end : hit.end + 2]):
            return False
        for k in range(hit.start - 1, max(-1, hit.start - 1 - _NEGATION_WINDOW), -1):
            if call.tok_seg[k] != seg or call.lowers[k] in _CLAUSE_BREAK:
                return True
            word = call.lowers[k]
            if word in negators or fold(word) in negators:
                return False
            if fold(word) in _SUBJECTS:
                return True
        return True

    return accept


def refuses(text: str) -> bool:
    """A reply that turns the need down or starts with a plain no."""
    folded = fold(text)
    return bool(_REFUSAL.search(folded))


# Interest is not need: eagerness or curiosity ("I'm definitely keen", "just curious",
# "em bấm vô coi thử", "hỏi cho biết thôi"), or a wish only to learn about the seller or
# its market ("trying to get a feel for the market", "just want to see what the price
# is now", "trying to understand how you guys do it": a rival or a browser), names no
# problem or goal of the customer's own that the product serves.
_INTEREST_ONLY = re.compile(
    r"\b(?:keen|curious|generally interested|just looking|browsing)\b"
    r"|\b(?:coi|xem|ngo) thu\b|\bcho biet\b"
    r"|\b(?:trying|want|wanted|wanna|just|hoping) to (?:see|know|understand|get a feel"
    r"|find out|check|compare) (?:for )?(?:what|how(?! to)|the market|your|you)\b"
)


def interest_only(unit: str) -> bool:
    """Whether a unit states interest or curiosity, not a need (see above)."""
    return bool(_INTEREST_ONLY.search(folded_words(unit)))


def is_budget(
    call: CallDoc, language: str, question_before: Callable[[int], str]
) -> Callable[[Hit], bool]:
    """``question_before(seg)``: the agent's turn just before the segment ("" if none)."""
    lang = language if language in _REJECT_PRICE else "en"

    def accept(hit: Hit) -> bool:
        first, last = _segment_tokens(call, hit.start)
        after = _words(call, hit.end, min(last, hit.end + 6))
        around = _words(call, max(first, hit.start - 4), min(last, hit.end + 8))
        if _has(after, _REJECT_PRICE[lang]) and not _has(around, _LIMIT[lang]):
            return False
        words = [w for w in call.lowers[first:last] if w not in {".", ",", "!"}]
        if (
            len(words) <= _ECHO_MAX_WORDS
            and words
            and (words[-1] in _ECHO_END[lang] or words[-1] == "?")
            and last - hit.end <= 4
        ):
            return False
        before = _words(call, max(first, hit.start - _PAYING_NOW_WINDOW), hit.start)
        # the limit must be said with the amount: "tiền điện hai triệu mốt, ... tui
        # muốn giảm" is the bill, "hai triệu đổ lại" or "two bills a month, tops" a budget
        near = _words(call, max(first, hit.start - 6), min(last, hit.end + _LIMIT_AFTER))
        if _has(before, _PAYING_NOW[lang]) and not _has(near, _LIMIT[lang]):
            return False
        asked = question_before(call.tok_seg[hit.start]).lower()
        unit = hit_unit(call.segments[hit.seg].text, hit.key)
        if held_amount(unit, asked, lang) or asks_price(unit) or past_year(unit):
            return False
        if asks_amount_back(unit, lang) or paid_before(unit, lang, call.segments[hit.seg].text):
            return False
        current_bill = _has(asked, _CURRENT_SPEND[lang]) and not _has(asked, _WANTED_SPEND[lang])
        return not (current_bill and not _has(_words(call, first, last), _LIMIT[lang]))

    return accept


# A tag that keeps a unit ending in "?" a statement ("two grand a month, right?").
_TAGS = ("right", "yeah", "ok", "okay", "eh", "no", "innit", "you know", "phải không", "nha",
         "nhé", "được không")  # fmt: skip


def asks_amount_back(unit: str, language: str) -> bool:
    """Whether a unit holding an amount is a question without a limit of the customer's
    own ("Twelve grand for two teeth?", "năm triệu một tháng luôn á?"): the price asked
    back, not a budget stated; "could we keep it under fifty?" keeps its limit."""
    lang = language if language in _LIMIT else "en"
    text = unit.strip()
    if not text.endswith("?"):
        return False
    plain = " ".join(re.sub(r"[^\w%']+", " ", text.lower()).split())
    return not _has(plain, _LIMIT[lang]) and not any(plain.endswith(f" {t}") for t in _TAGS)


# An amount dated in the past is money already paid ("three hundred quid last month",
# "the physio I saw a few weeks ago was ninety bucks", "năm ngoái chữa hết mấy trăm
# triệu"): a bill or a cost, not what the customer will spend, unless a limit or a
# will to pay of the customer's own is said with it ("last year's quote was ten, I
# could do eight max"; "the surcharge was fourteen hundred, I'd rather pay for cover").
_PAST_DATED = re.compile(
    r"\b(?:ago|last (?:week|month|year|time|quarter|summer|winter|bill|one)"
    r"|(?:tuan|thang|nam|ky|quy) (?:truoc|roi)|nam ngoai|hoi (?:truoc|do|nam ngoai))\b"
)


_WILL_PAY = re.compile(
    r"\b(?:d|would|will|could|happy to|willing to|rather) (?:rather |happily )?(?:pay|spend)\b"
    r"|\b(?:san sang|chiu|se) (?:tra|chi)\b"
)


def paid_before(unit: str, language: str, turn: str = "") -> bool:
    """Whether a unit's amount is dated in the past with no limit of its own, and no
    will to pay in the unit or its whole ``turn`` (see above)."""
    lang = language if language in _LIMIT else "en"
    plain = " ".join(re.sub(r"[^\w%']+", " ", unit.lower()).split())
    if not _PAST_DATED.search(folded_words(unit)) or _WILL_PAY.search(folded_words(turn or unit)):
        return False
    return not _has(plain, _LIMIT[lang])


def reported_at(unit: str, key: str, language: str) -> bool:
    """Whether the matched words sit in a reported scope (``scope.py``'s ``say_``:
    "other places say fifty is the max", "người ta nói ông chồng quyết"): someone
    else's word, not the customer stating the field (``own_side_says`` excepted)."""
    at = key_at(unit, key)
    return at >= 0 and scope_at(unit, at, language) == "reported" and not own_side_says(unit)


def conditional_at(unit: str, key: str, language: str) -> bool:
    """Whether the matched words sit in a conditional scope (``scope.py``'s ``if_``:
    "if we need it we'll call you", "nếu cần thì chị gọi"): a need supposed, not stated."""
    at = key_at(unit, key)
    return at >= 0 and scope_at(unit, at, language) == "conditional"


def key_at(unit: str, key: str) -> int:
    """Where a matched phrase starts in ``unit`` (-1 when absent): as written, or with
    its words inflected, as the cue matcher allows ("if she wants something" for the
    cue "want something"), so that its scope is read where it was said."""
    folded, folded_key = fold(unit), fold(key)
    at = folded.find(folded_key)
    if at >= 0 or not folded_key.strip():
        return at
    inflected = r"\w*\s+".join(re.escape(w) for w in folded_key.split())
    found = re.search(rf"\b{inflected}", folded)
    return found.start() if found else -1


# The buying side's own people relay its plan: a spouse, a parent or the boss who pays
# or signs ("my father said maximum twenty thousand, he is paying", "chồng chị nói tháng
# sau mới lắp"). What they said is the customer's side stating the field, though
# ``scope.py`` reads it as reported; a neighbour, a doctor, "they" or other firms are not.
_OWN_SIDE_SAYS = re.compile(
    r"\b(?:my|our) (?:wife|husband|hubby|missus|partner|father|dad|mother|mum|mom|parents"
    r"|son|daughter|boss|manager)(?: s)? (?:said|says|told|tells|reckons|reckoned|mentioned)\b"
    r"|\b(?:vo|chong|ong xa|ba xa|me|ma|bo|cha|sep|bo me|ba me)"
    r"(?: (?:anh|chi|em|tui|toi|minh|con|tao))? (?:noi|bao|keu|dan)\b"
)


def own_side_says(unit: str) -> bool:
    """Whether a member of the customer's own side relays what they said (see above)."""
    return bool(_OWN_SIDE_SAYS.search(folded_words(unit)))


def hit_unit(text: str, key: str) -> str:
    """The sentence of a segment that holds a matched phrase (the segment when none)."""
    parts = [p for p in re.split(r"(?<=[.!?;…])\s+", text) if p.strip()]
    return next((p for p in parts if key_at(p, key) >= 0), text)


def is_timeline(call: CallDoc) -> Callable[[Hit], bool]:
    def accept(hit: Hit) -> bool:
        if not_a_timeline(hit_unit(call.segments[hit.seg].text, hit.key), fold(hit.key)):
            return False
        first, _ = _segment_tokens(call, hit.start)
        before = call.lowers[max(first, hit.start - 3) : hit.start]
        if any(w in _FREQUENCY for w in before):
            return False
        this = call.lowers[hit.start] in ("this", "năm", "nam")  # "fifteen this year"
        return not (this and before and (before[-1] in _AGE_BEFORE or before[-1].isdigit()))

    return accept


def budget_in_context(text: str, asked: str, language: str) -> bool:
    """Whether an amount in a customer unit can be a budget, read on the unit's words:
    not a price turned down without a limit of the customer's own ("hai triệu tám
    mắc quá"), not a short echo question ("ba lít một tháng hả"), not what the
    customer pays now ("anh đang đóng gói hai trăm") or the current bill the agent
    asked about ("tiền điện mỗi tháng bao nhiêu?" "hơn ba triệu")."""
    lang = language if language in _REJECT_PRICE else "en"
    words = re.sub(r"[^\w%'?]+", " ", text.lower()).replace("?", " ? ").split()
    plain = " ".join(words)
    limited = _has(plain, _LIMIT[lang])
    if _has(plain, _REJECT_PRICE[lang]) and not limited:
        return False
    bare = [w for w in words if w != "?"]
    if len(bare) <= _ECHO_MAX_WORDS and words and words[-1] in (*_ECHO_END[lang], "?"):
        return False
    if _has(plain, _PAYING_NOW[lang]) and not limited:
        return False
    if held_amount(text, asked, lang) or asks_price(text) or past_year(text):
        return False
    if asks_amount_back(text, lang) or paid_before(text, lang):
        return False
    asked = asked.lower()
    current_bill = _has(asked, _CURRENT_SPEND[lang]) and not _has(asked, _WANTED_SPEND[lang])
    return not (current_bill and not limited)


# --- when the customer will buy, not when something happens anyway ------------------
# A bare recurring period is a habit ("cuối tháng phòng nhân sự nhập Excel", "chắc
# cuối tuần thôi", "weekends only"); with a deictic or a deadline it is a date to
# come ("cuối tháng này", "trước cuối tháng", "by the end of the month").
_RECURRING = ("cuoi tuan", "cuoi thang", "dau thang", "giua thang", "cuoi quy", "dau quy",
              "weekends", "weekend")  # fmt: skip
_DEICTIC_AFTER = frozenset(
    {"nay", "sau", "toi", "nua", "ni", "truoc", "this", "next", "coming", "after"}
)
_DEADLINE_BEFORE = frozenset(
    {"truoc", "trong", "den", "toi", "tu", "ngay", "by", "before", "until", "till", "this",
     "next", "coming"}
)  # fmt: skip
# A time of day or a daily routine is a schedule ("before work, like half six",
# "trước giờ làm", "after the school run"), not when the customer will buy.
_DAILY = re.compile(
    r"\b(?:before|after) (?:work|bed|lunch|dinner|breakfast|the school run|office)\b"
    r"|\b(?:truoc|sau) (?:gio lam|gio di lam|bua trua|bua toi|khi di ngu)\b"
)
# Minutes or hours count the time the customer has now ("I've five minutes before the
# dog needs out", "mười phút nữa chị đi đón con"), and a holiday after a thing names a
# kind of thing ("tiền lì xì Tết", "thưởng Tết", "quà Tết"): neither is when they buy.
_NOT_A_DATE = re.compile(
    r"\b(?:minutes?|mins|hours?|seconds|phut)\b"
    r"|\b(?:tien|thuong|qua|hang|do|li xi|banh|mut|keo) (?:tet|trung thu|noel|giang sinh)\b"
)
# A callback time is the next step, not the customer's timeline ("thứ hai tuần sau
# tầm 10 giờ em gọi lại anh nhé", "call me back next Tuesday").
_CALLBACK = re.compile(
    r"\b(?:goi lai|goi cho (?:anh|chi|em|tui|toi|minh)|lien lac lai|nhan tin lai"
    r"|goi (?:anh|chi|em|tui|toi|minh) lai"
    r"|call (?:me |us )?(?:back|again)|call me|ring me|give me a (?:call|ring)|get back to me)\b"
)
# A year gone by is a birth date or a past event, not a date to come; the figure
# is a year, not money ("twelfth of June, two thousand and ten", "sinh năm 98").
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_YEAR_AFTER_DATE = re.compile(
    rf"\b(?:{_MONTHS}|thang \w+|\d+(?:st|nd|rd|th)?|sinh nam|born in|in|since|nam)\W+$"
)
_PAST_YEAR = re.compile(r"\b(?:19\d\d|200\d|201\d|202[0-5])\b")
# "May, nineteen ninety", "June, two thousand and ten", "born in twenty oh one"
_WORD_YEAR = re.compile(
    rf"\b(?:(?:{_MONTHS}|born in|since)\W+(?:nineteen|two thousand|twenty) \w+"
    r"|in (?:nineteen \w+|two thousand and \w+))"
)
THIS_YEAR = 2026
# An age before the date is a birthday ("seventeen in June", "I'll be sixteen next
# month", "mười lăm tuổi năm nay"), not when the customer will buy.
_AGES = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|tuoi"
_TURNING_AGE = re.compile(
    rf"\b(?:{_AGES}) (?:in (?:{_MONTHS})|this year|next (?:month|year|week|{_MONTHS})"
    r"|nam nay|nam sau|thang (?:sau|toi))\b"
    # ... or the time first, then the teen age ("cuối năm nay mới mười bảy", "sang năm là
    # đủ mười tám tuổi"), not an amount ("tháng sau mười triệu")
    r"|\b(?:nam nay|nam sau|sang nam|thang sau|thang toi) (?:moi |la |thi |se )?(?:du |tron )?"
    r"muoi(?: (?:mot|hai|ba|bon|lam|nam|sau|bay|tam|chin))?(?: tuoi)?"
    r"(?! (?:trieu|nghin|ngan|cu|lit|chai|phan|ngay|thang|nam|tuan|gio|phut|k|tr)\b)\b"
)
# A school grade said with this year is where a child is now ("con gái chị năm nay
# lớp mười một", "năm nay cháu học lớp chín", "she's in year eleven this year"),
# not when the customer will buy.
_GRADE_THIS_YEAR = re.compile(
    r"\b(?:nam nay|nam ni) (?:\w+ )?(?:(?:dang )?hoc |len )?lop \w+"
    r"|\bin (?:year|grade|class|standard) \w+ this year\b"
    r"|\bthis year (?:she|he|they) (?:s |is |are |re )?in (?:year|grade|class|standard)\b"
)

# A period up to now is how long something has gone on ("đang xài thử mấy tuần nay",
# "cả tháng nay", "tuần nay" with a level "nay"), not a date to come ("tuần này").
_UP_TO_NOW_TONED = re.compile(r"\b(?:tuần|tháng) nay\b")
_UP_TO_NOW_FOLDED = re.compile(r"\b(?:may|ca|vai|hai|ba|bon) (?:tuan|thang|nam) nay\b")
# The customer says when they will NOT buy ("not sure we can afford another one this
# year", "năm nay chưa mua nổi"); "not until March" still names when.
_WONT_BUY = re.compile(
    r"\b(?:not sure we can|not sure i can|can t|cannot|can not|won t|don t think we)\b"
    r"[^.?!]{0,40}\b(?:afford|buy|spend|sign)\b"
    r"|\b(?:khong|chua|chang|hong) (?:\w+ ){0,3}(?:mua|du tien|co tien)\b"
)
# ... unless it names when they will: "not until March", "giờ chưa có tiền, cuối năm
# mới xuống tiền" (the "no" is about now, "mới" marks the time they will)
_UNTIL = re.compile(
    r"\b(?:until|till|before|after|unless|right now|at the moment|for now|sau|den khi"
    r"|toi khi|phai doi|moi|gio|bay gio|hien gio)\b"
)


# The agent asked how long something has gone on: the date in the answer is when it
# began ("bị rụng tóc lâu chưa anh" "hai năm rồi, năm nay hói lên"; "how long have
# you had the pain?" "since March"), not when the customer will buy.
_HISTORY_QUESTION = re.compile(
    r"\b(?:lau chua|bao lau roi|may nam roi|may thang roi|tu khi nao|tu hoi nao|tu bao gio"
    r"|bi tu|bi lau|how long (?:have|has|had|did|ago|since)|how long's it been|since when"
    r"|when did (?:it|this|that|you|the)|how long ago"
    # a date of birth asked: the date answering it is a past one
    r"|date of birth|birth date|birthday|born|dob|ngay sinh|nam sinh|sinh nam|sinh ngay)\b"
)


def answers_history(asked: str) -> bool:
    """Whether the agent's turn asked how long something has gone on (see above)."""
    return bool(_HISTORY_QUESTION.search(" ".join(re.sub(r"[^\w']+", " ", fold(asked)).split())))


# The words that make a sentence ask an amount when no "?" closes it ("what are you
# paying now", "tiền điện nhà mình tầm bao nhiêu").
_ASKS_AMOUNT = {
    "en": ("what", "what's", "how much", "how", "which"),
    "vi": ("bao nhiêu", "nhiêu", "mấy", "sao", "nào"),
}


def answers_current_spend(asked: str, language: str) -> bool:
    """Whether the agent's turn asked what the customer pays now ("what's your electric
    bill running in the summer"): the dates in the answer date the bill. Only a sentence
    that asks counts: the agent's own words about the bill ("con chỉ ước tính giảm được
    sáu mươi phần trăm tiền điện ban ngày thôi.") ask nothing, so a date the customer
    answers them with is theirs to plan."""
    lang = language if language in _CURRENT_SPEND else "en"
    q = asked.lower()
    if _has(q, _WANTED_SPEND[lang]):
        return False
    return any(
        (sentence.rstrip().endswith("?") or _has(sentence, _ASKS_AMOUNT[lang]))
        and _has(sentence, _CURRENT_SPEND[lang])
        for sentence in SENTENCE_END.split(q)
    )


def past_year(text: str) -> bool:
    """Whether a unit names a year gone by: a figure 1900-2025, or an amount of that
    value said right after a month or "sinh năm" ("June, two thousand and ten")."""
    from callqa.qa.persona.amounts import find_amounts

    folded = fold(text)
    if _WORD_YEAR.search(folded):
        return True
    for match in _PAST_YEAR.finditer(folded):
        if _YEAR_AFTER_DATE.search(folded[: match.start()].strip() + " "):
            return True  # "in 2019", "sinh năm 1998"; not "đời 2020", a car's model year
    for amount in find_amounts(text):
        if 1900 <= amount.value < THIS_YEAR and _YEAR_AFTER_DATE.search(
            folded[: amount.offset].strip() + " "
        ):
            return True
    return False


# An event the customer reports in the past, with its date, is history ("we had our
# second kid in August", "it snapped off at Christmas", "I bought it back in March"),
# not when they will buy; a past wish still names a date to come ("I wanted it done
# by June").
_PAST_EVENT = re.compile(
    r"\b(?:i|we|he|she|they|it|my \w+|our \w+)"
    r"(?: (?:just|only|already|actually|finally|first|also|then|all|both))? "
    r"(?!(?:wanted|needed|hoped|planned|decided|figured|reckoned|thought|wondered|intended"
    r"|expected|aimed|used|supposed)\b)(?:had|got|bought|moved|was|were|did|went|came|left"
    r"|took|made|paid|sold|lost|broke|fell|\w{3,}ed)\b[^.?!,;]{0,40}?\b(?:in|at|on|back in"
    rf"|around|over) (?:the )?(?:{_MONTHS}|christmas|easter|diwali|tet|summer|spring|winter"
    r"|autumn|fall)\b"
)


def not_a_timeline(unit: str, phrase: str = "") -> bool:
    """Whether a unit's time phrase is not when the customer will buy (see above).

    ``phrase``: the matched time words (folded) when known; otherwise every
    recurring period in the unit is read."""
    folded = folded_words(unit)
    if _CALLBACK.search(folded) or _DAILY.search(folded) or past_year(unit):
        return True
    if _NOT_A_DATE.search(folded):
        return True
    if _TURNING_AGE.search(folded) or _GRADE_THIS_YEAR.search(folded):
        return True
    if _UP_TO_NOW_FOLDED.search(folded):
        return True
    if _PAST_EVENT.search(folded):
        return True
    if _UP_TO_NOW_TONED.search(" ".join(re.sub(r"[^\w]+", " ", unit.lower()).split())):
        return True
    if _WONT_BUY.search(folded) and not _UNTIL.search(folded):
        return True
    periods = [p for p in _RECURRING if (not phrase or p == phrase) and f" {p} " in f" {folded} "]
    if not periods:
        return False
    words = folded.split()
    for p in periods:
        n = len(p.split())
        for i in range(len(words) - n + 1):
            if " ".join(words[i : i + n]) != p:
                continue
            after = words[i + n] if i + n < len(words) else ""
            before = words[i - 1] if i else ""
            if after not in _DEICTIC_AFTER and before not in _DEADLINE_BEFORE:
                return True
    return False


# --- an amount the customer has, owes or earns is no budget -------------------------
# The customer's income or an obligation already running: "monthly take home around
# sixty five thousand", "one two wheeler loan four thousand per month", "outstanding
# around four hundred eighty k", "lương tháng mười lăm triệu", "dư nợ còn hai trăm".
_HELD_AMOUNT = {
    "en": ("salary", "take home", "income", "earn", "earns", "earning", "i make", "we make",
           "outstanding", "owe", "owing", "debt", "emi running", "existing emi", "existing loan",
           "loan running", "current loan", "two wheeler loan", "car loan running", "mortgage is",
           "turnover", "revenue"),
    "vi": ("lương", "thu nhập", "kiếm được", "dư nợ", "đang nợ", "còn nợ", "nợ cũ", "đang góp",
           "đang vay", "khoản vay cũ", "doanh thu", "doanh số"),
}  # fmt: skip
_HELD_QUESTION = {
    "en": ("salary", "take home", "income", "earn", "existing emi", "emi running", "any emi",
           "existing loan", "outstanding", "owe", "current loan", "other loans", "turnover",
           "revenue"),
    "vi": ("lương", "thu nhập", "dư nợ", "đang nợ", "khoản vay nào", "đang vay", "đang góp",
           "doanh thu", "doanh số"),
}  # fmt: skip
# The unit asks a price ("năm chục thì nhiêu", "how much for two") instead of stating one.
_ASKS_PRICE = re.compile(
    r"(?:\bbao nhieu|\bnhieu|\bhow much|\bwhat price|\bhow much is it"
    # an either-or question closing the unit ("that one including labour or not")
    r"|\bor not|\bhay khong|\bhay chua)\W*$"
)


def held_amount(text: str, asked: str, language: str) -> bool:
    """Whether the unit's amount is the customer's income or an obligation already
    running, by the unit's words or the agent's question just before."""
    lang = language if language in _HELD_AMOUNT else "en"
    plain = " ".join(re.sub(r"[^\w%']+", " ", text.lower()).split())
    if _has(fold(plain), tuple(fold(p) for p in _HELD_AMOUNT[lang])):
        return not _has(plain, _LIMIT[lang])
    q = " ".join(re.sub(r"[^\w%']+", " ", asked.lower()).split())
    asked_held = _has(fold(q), tuple(fold(p) for p in _HELD_QUESTION[lang])) and not _has(
        q, _WANTED_SPEND[lang]
    )
    return asked_held and not _has(plain, _LIMIT[lang])


def asks_price(text: str) -> bool:
    """Whether a unit ends asking a price; "chẳng được bao nhiêu" (not much) states."""
    folded = folded_words(text)
    if re.search(r"\b(?:chang|khong|cha|hong|chua|hem)(?: (?:duoc|co|dang))? bao nhieu$", folded):
        return False
    return bool(_ASKS_PRICE.search(folded))
