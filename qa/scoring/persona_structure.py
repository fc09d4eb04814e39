"""Budget and timeline found by structure, whatever the wording around them.

A customer unit states a budget when it carries an amount (parsed by
``qa/persona/amounts.py``: "hai lít", "ba tỏi", "trăm củ", "2k", "under 50
grand", "ninety quid", "a couple of grand", or a figure with a money word: "ninety
lakhs", "two bills") together with a limit or an intent of the customer's own
("tops", "max", "I can't go above", "I was thinking", "pre-approved up to", "đổ
lại", "tối đa", "chị tính tầm"), or answers the agent's question about what they
want to spend; and the amount is not a count ("ba ngàn mặt hàng", "forty-two
thousand miles"), not the price the agent just said, repeated ("bảy triệu rưỡi
tui cũng không có"), not a price turned down, an echo question or the current
bill (``persona_rules.budget_in_context``).

A customer unit states a timeline when it holds a date or a period to come
found by ``qa/persona/dates.py`` ("sau Tết", "tháng Năm", "when my lease is up
in August", "next October", "in three months"), not a bare "this week / tháng
này" (which mostly counts how often), not in the past ("last June", "hồi tháng
ba") and not a question back.
"""

from __future__ import annotations

import re
from datetime import date

from callqa.qa.persona.amounts import find_amounts
from callqa.qa.persona.dates import find_dates
from callqa.qa.scoring.nlp import SENTENCE_END, fold, normalize_text
from callqa.qa.scoring.persona_rules import (
    budget_in_context,
    defers,
    folded_words,
    not_a_timeline,
    own_side_says,
)
from callqa.qa.scoring.scope import scope_at, tokens

_ANY_DAY = date(2026, 1, 1)  # dates are only found here, never resolved
_WORD = re.compile(r"[^\w%'?]+")
_MONEY_WORDS = frozenset(
    {"triệu", "tỷ", "tỏi", "củ", "lít", "nghìn", "ngàn", "k", "tr", "đồng", "grand", "lakh",
     "lakhs", "crore", "crores", "thousand", "million", "quid", "bucks", "dollars", "pounds",
     "bills", "rupees", "sgd", "usd", "vnd"}
)  # fmt: skip
# A limit or an intent that makes an amount what the customer can or wants to spend.
_LIMIT = {
    "en": ("under", "below", "max", "maximum", "at most", "no more than", "up to", "tops",
           "or less", "budget", "afford", "could do", "can do", "thinking", "hoping", "hope",
           "go above", "go over", "more than", "pre approved", "preapproved", "approved for",
           "swing", "spend", "set aside", "saved", "looking at", "within", "range", "somewhere",
           "only got", "only have", "all i have", "all i've got", "all we've got", "max",
           "my limit", "the limit", "stretch to", "can manage", "could manage"),
    "vi": ("tối đa", "dưới", "đổ lại", "trở xuống", "trong tầm", "ngân sách", "tính tầm",
           "tính khoảng", "tính chừng", "tính cỡ", "chi được", "trả được", "đóng được",
           "có khoảng", "có sẵn", "có tầm", "xoay được", "muốn vay", "cần vay", "vay khoảng",
           "vay tầm", "không quá", "hổng quá", "chỉ tính", "dự tính", "dự kiến", "nhắm",
           "trên dưới", "đầu tư",
           # what the customer only has: "chị tính có năm chục thôi", "em chỉ có ba chục"
           "tính có", "chỉ có", "có nhiêu đó", "chỉ còn", "ráng được", "cố được",
           # what the customer has saved for it, as "saved" / "set aside"
           "để dành được", "dành dụm được", "dành được"),
}  # fmt: skip
# The agent asked what the customer wants to spend.
_BUDGET_QUESTION = {
    "en": ("budget", "spend", "price range", "looking to pay", "afford", "how much can",
           "how much are you", "how much were you", "how much would you"),
    "vi": ("ngân sách", "dự tính", "dự kiến", "tầm giá", "tính chi", "chi khoảng",
           "chi được", "đầu tư khoảng", "đầu tư tầm", "tính mua tầm", "trả được", "đóng được"),
}  # fmt: skip
# Any question for an amount: a bare figure in the reply is money ("tầm năm chục").
_AMOUNT_QUESTION = ("bao nhiêu", "nhiêu", "how much")
# The customer's own plan in a question for an amount makes it a budget question ("anh
# tính mỗi năm để ra chừng bao nhiêu", "how much are you planning to put in").
_PLAN_VERBS = {
    "en": ("plan", "planning", "planned", "willing", "want to", "looking to", "hoping to",
           "put aside", "set aside", "put in", "put down"),
    "vi": ("tính", "định", "để ra", "dành ra", "bỏ ra", "muốn"),
}  # fmt: skip
# A noun after a figure that makes it a count, not money.
_COUNT_NOUNS = frozenset(
    {"mặt", "người", "mét", "m2", "ký", "kg", "km", "cây", "căn", "phòng", "con", "cái",
     "lần", "tuổi", "năm", "tháng", "ngày", "giờ", "phút", "nhân", "công", "sản", "đơn",
     "hóa", "tầng",
     # goods sold by the piece ("tầm ba trăm ly một ngày", "two hundred cups a day");
     # not "chai", money slang for a million dong ("năm chai")
     "ly", "cốc", "tô", "suất", "dĩa", "cups", "bottles", "bowls", "plates", "meals",
     "miles", "mile", "people", "staff", "employees", "items", "products", "square",
     "sq", "feet", "ft", "units", "times", "years", "months", "days", "hours", "kilos",
     "pounds", "kwh", "kw", "kwp", "followers", "views", "leads", "customers", "orders",
     # a speed, a size or a volume ("nine hundred meg", "two hundred gig", "five hundred cc")
     "meg", "megs", "mb", "mbps", "gig", "gigs", "gb", "tb", "cc", "litres", "liters", "ml",
     "hp", "watts", "acres", "bedrooms"}
)  # fmt: skip
# "pounds" is money in the UK and weight elsewhere: weight only after a verb of body
# weight ("lose", "gain", "drop", "shed", "weigh").
_WEIGHT_VERBS = frozenset(
    {"lose", "lost", "losing", "gain", "gained", "gaining", "weigh", "weighs", "drop",
     "dropped", "shed"}
)  # fmt: skip
_PRESENT_PERIOD = re.compile(r"\b(?:thang nay|tuan nay|nam nay|this (?:month|week|year))\b")
_PAST = frozenset({"last", "ago", "since", "back", "hồi", "ngoái"})
_TIME_WORDS = frozenset(
    {"tháng", "tuần", "năm", "quý", "tết", "mùa", "cuối", "đầu", "sau", "trước", "ra", "qua",
     "ăn", "giữa", "hết", "trong", "khoảng", "càng", "ngay", "lắp", "sang", "hè", "tầm"}
)  # fmt: skip
_TAGS = frozenset({"you know", "right", "yeah", "ok", "okay", "eh", "na", "lah", "innit", "no"})
_PER = frozenset({"một", "mỗi", "a", "per", "every", "each", "mot", "moi"})
_ONCE = frozenset({"once", "twice", "times", "lần", "lan"})
_SUBJECTS = frozenset({"i", "we", "he", "she", "they", "you"})
_DATE_PREPOSITIONS = frozenset({"in", "on", "at", "last", "back", "around"})


def _words(text: str) -> list[str]:
    return _WORD.sub(" ", normalize_text(text).lower().replace("?", " ? ")).split()


def _has(words: list[str], phrases: tuple[str, ...]) -> bool:
    padded = f" {' '.join(words)} "
    folded = fold(padded)
    toneless = folded == padded
    return any(f" {p} " in padded or (toneless and f" {fold(p)} " in folded) for p in phrases)


def has_money(text: str, asked: str = "", language: str = "en") -> bool:
    """Whether any unit of ``text`` names money (not a count or a weight); a bare
    figure counts too when the agent just asked what the customer wants to spend
    ("anh dự tính đầu tư khoảng nhiêu" "tầm năm chục thôi em")."""
    lang = language if language in _BUDGET_QUESTION else "en"
    pieces = [u for u in SENTENCE_END.split(normalize_text(text)) if u]
    if any(_money_figures(u) for u in pieces):
        return True
    asked_words = _words(asked)
    amount_question = _has(asked_words, _BUDGET_QUESTION[lang]) or (
        _has(asked_words, _AMOUNT_QUESTION) and not _asks_count(asked_words)
    )
    return amount_question and any(_bare_figure(u) for u in pieces)


def _asks_count(words: list[str]) -> bool:
    """ "bao nhiêu đơn", "bao nhiêu mét vuông": the amount asked is a count noun's,
    so a bare figure in the reply counts it; not "bao nhiêu tiền", "how much"."""
    return any(
        w in ("nhiêu", "nhieu") and words[i + 1 : i + 2] and words[i + 1] in _COUNT_NOUNS
        for i, w in enumerate(words)
    )


def _bare_figure(text: str) -> bool:
    words = _words(text)
    for i, w in enumerate(words):
        if _numberish(w) and w not in _NOT_A_START:
            j = i
            while j < len(words) and _numberish(words[j]):
                j += 1
            if j >= len(words) or words[j] not in _COUNT_NOUNS:
                return True
    return False


def _money_figures(text: str) -> list[float]:
    """Amounts that are money in the unit: parsed amounts not followed by a count noun,
    and figures followed by a money word ("ninety lakhs", "two bills")."""
    words = _words(text)
    out: list[float] = []
    amounts = find_amounts(text)
    for amount in amounts:
        tail = _WORD.sub(" ", text[amount.offset :].lower()).split()
        nxt = _next_after_figure(tail, _weight(words))
        if nxt in _COUNT_NOUNS and not (nxt == "pounds" and not _weight(words)):
            continue
        out.append(amount.value)
    if not amounts:
        out += [-1.0 for _ in _bare_money_runs(words)]  # money the parser does not value
    return out


def _weight(words: list[str]) -> bool:
    return any(w in _WEIGHT_VERBS for w in words)


def _figure(word: str) -> bool:
    from callqa.qa.persona.amounts import EN_DIGITS, VI_DIGITS

    return any(c.isdigit() for c in word) or word in EN_DIGITS or word in VI_DIGITS or word in (
        "hundred", "trăm", "chục", "mươi", "mười", "rưỡi", "few", "vài", "mấy"
    )  # fmt: skip


_HUNDREDS = frozenset({"trăm", "hundred"})
# Currency and money slang: an amount ending in one is money whatever follows.
_CURRENCY = _MONEY_WORDS - {"nghìn", "ngàn", "triệu", "tỷ", "thousand", "million"}
_PERIODS = frozenset({"month", "year", "tháng", "năm", "week", "tuần", "annum"})
_NUMBERISH = frozenset(
    {"nghìn", "ngàn", "triệu", "tỷ", "tỏi", "củ", "lít", "trăm", "chục", "mươi", "mười",
     "rưỡi", "k", "thousand", "hundred", "grand", "million", "and", "point", "lẻ", "linh",
     "half"}
)  # fmt: skip


# Number words that never start an amount ("and", "point five", "half of it").
_NOT_A_START = frozenset({"and", "point", "half"})
# Words joining the two ends of a range ("one point five to one point six", "eight or nine k").
_RANGE = frozenset({"to", "or", "till", "tới", "đến", "hoặc"})


def _numberish(word: str) -> bool:
    from callqa.qa.persona.amounts import EN_DIGITS, VI_DIGITS

    return (
        any(c.isdigit() for c in word)
        or word in EN_DIGITS
        or word in VI_DIGITS
        or (word in _NUMBERISH)
    )


def _next_after_figure(tail: list[str], weight: bool = False) -> str:
    """The word after an amount phrase ("" when a currency word ends it: "ba chục củ
    một người" is money per person; "ba ngàn mặt hàng" is a count)."""
    for w, nxt in zip(tail, [*tail[1:], ""], strict=True):
        if w in _CURRENCY and not (weight and w == "pounds"):
            return ""
        if w in _PER and nxt in _PERIODS:
            return ""  # "300k một tháng", "two hundred a month": money per period
        if any(c.isdigit() for c in w) and w.rstrip("0123456789.,"):
            return ""  # "300k", "2tr5": a figure with a money suffix
        if _numberish(w):
            continue
        return w
    return ""


def _bare_money_runs(words: list[str]) -> list[list[str]]:
    """Runs of number words that are money without a unit the parser knows: with a
    money word ("ninety lakhs", "two bills"), with hundreds ("năm trăm", "seven
    hundred", "sáu trăm rưỡi"), or per month or year ("one fifty a month")."""
    out, i = [], 0
    while i < len(words):
        if not _numberish(words[i]):
            i += 1
            continue
        j = i
        while j < len(words) and (_numberish(words[j]) or words[j] in _MONEY_WORDS):
            j += 1
        run, after = words[i:j], words[j : j + 2]
        per = (len(after) == 2 and after[0] in _PER and after[1] in _PERIODS) or (
            bool(after) and after[0] in _PERIODS and run[-1] in _PER
        )
        money = any(w in _MONEY_WORDS for w in run) or any(w in _HUNDREDS for w in run)
        counted = bool(after) and after[0] in _COUNT_NOUNS and not per
        counted = counted or (_weight(words) and "pounds" in run + after[:1])
        if (money or per) and not counted and run[0] not in _NOT_A_START:
            out.append(run)
        i = j
    return out


def _agent_amounts(asked: str) -> set[float]:
    return {a.value for a in find_amounts(asked)} if asked else set()


ECHO_MARGIN = 0.05  # a figure within 5% of the agent's is the agent's, rounded
# A figure right after these is a seller's price ("chỗ bán chín triệu mấy", "they
# sell it for eighty"), not what the customer will spend.
_SELLS = frozenset({"bán", "sell", "sells", "selling", "sold", "charge", "charges", "charging"})
_SELLS_WINDOW = 3  # words before the figure


def _agents(figure: float, agent_amounts: set[float]) -> bool:
    """Whether ``figure`` is one of the agent's amounts (parsed once per unit by the
    caller), repeated or rounded."""
    return any(abs(figure - a) <= ECHO_MARGIN * a for a in agent_amounts)


def _sellers(text: str, offset: int) -> bool:
    before = _words(text[:offset])[-_SELLS_WINDOW:]
    return any(w in _SELLS or (w == "ban" and fold(text) == text) for w in before)


def echoes_agent(text: str, asked: str, language: str) -> bool:
    """Whether the customer's amounts are all prices, not a budget, said without a limit
    of their own: the agent's just before, repeated or rounded ("ba chục triệu một năm
    ... lấy mô ra ba chục triệu em", "bảy triệu hơn lận hả" for "bảy triệu hai") or
    another seller's ("ngoài chợ có chỗ bán chín triệu mấy"); or any amount at all in
    a turn that puts the question off ("thôi để anh suy nghĩ thêm, tính lại đã")."""
    lang = language if language in _LIMIT else "en"
    if _has(_words(text), _LIMIT[lang]):
        return False
    amounts = [a for a in find_amounts(text) if a.value > 0]
    if amounts and defers(text):
        return True
    agent_amounts = _agent_amounts(asked)
    return bool(amounts) and all(
        _agents(a.value, agent_amounts) or _sellers(text, a.offset) for a in amounts
    )


def states_budget(text: str, asked: str, language: str) -> bool:
    """Whether a customer unit states a budget (see the module docstring)."""
    lang = language if language in _LIMIT else "en"
    figures = _money_figures(text) or _intent_figures(text, lang) or _limit_figures(text, lang)
    if not figures:
        return False
    words = _words(text)
    limited = _has(words, _LIMIT[lang])
    asked_budget = _asks_budget(_words(asked), lang)
    if not (limited or asked_budget):
        return False
    if not limited:
        agent_amounts = _agent_amounts(asked)
        if all(_agents(v, agent_amounts) for v in figures):
            return False  # the agent's price, repeated or rounded
    return budget_in_context(text, asked, language) and not reported_amount(text, language)


def _asks_budget(asked_words: list[str], lang: str) -> bool:
    """Whether the agent asked what the customer wants to spend: a budget word, or a
    question for an amount with the customer's plan in it (not a count's)."""
    return _has(asked_words, _BUDGET_QUESTION[lang]) or (
        _has(asked_words, _AMOUNT_QUESTION)
        and _has(asked_words, _PLAN_VERBS[lang])
        and not _asks_count(asked_words)
    )


def reported_amount(text: str, language: str) -> bool:
    """Whether every figure of a unit sits in a reported scope ("other places say
    twenty grand is the max", "người ta nói tầm hai chục là tối đa"): someone else's
    figure; "my father said maximum twenty thousand" (the buying side's own word,
    ``own_side_says``) stays."""
    scopes = [t.scope for t in tokens(text, language) if _figure(t.word)]
    return bool(scopes) and all(s == "reported" for s in scopes) and not own_side_says(text)


# The customer's own spending intent right before a bare figure makes the figure money
# though no unit is said ("chị tính khoảng hai chục cho cả chuyến", "pre-approved up
# to four-fifty"); the figure must end the phrase, not count something after it.
_INTENT = {
    "en": ("up to", "thinking", "looking at", "budget", "no more than",
           "max of", "maximum of", "approved for", "could do", "can do", "only got",
           "only have", "all i have is", "all i've got is", "all we've got is"),
    "vi": ("tính khoảng", "tính tầm", "tính chừng", "tính cỡ", "dự tính", "chi khoảng",
           "chi tầm", "chi chừng", "tối đa", "ngân sách", "tính có", "chỉ có", "chỉ còn"),
}  # fmt: skip
_AFTER_FIGURE = frozenset(
    {"", "cho", "for", "thôi", "đổ", "trở", "là", "a", "per", "một", "mỗi", "tops", "max",
     "so", "nha", "nhé", "à", "ạ", "em", "anh", "chị", "total", "all", "tổng", "hết",
     "nhích", "dollars", "đó", "vậy", "but", "if", "including", "in",
     # a closing particle ("one point six only", "two k lah", "năm chục thôi á")
     "only", "lah", "leh", "á",
     # a rough figure ("twenty-odd", "fifty-ish")
     "odd", "ish"}
)  # fmt: skip
_INTENT_GAP = 2  # words allowed between the intent and the figure ("more like", "tầm")


def _intent_figures(text: str, lang: str) -> list[float]:
    """Bare figures that end a spending-intent phrase of the customer's (see above)."""
    words = _words(text)
    out: list[float] = []
    for phrase in _INTENT[lang]:
        n = len(phrase.split())
        for i in range(len(words) - n + 1):
            if " ".join(words[i : i + n]) != phrase and fold(" ".join(words[i : i + n])) != fold(
                phrase
            ):
                continue
            j = i + n
            while j < min(len(words), i + n + _INTENT_GAP) and not _numberish(words[j]):
                j += 1
            k = _run_end(words, j)
            after = words[k] if k < len(words) else ""
            run = [w for w in words[j:k] if w != "-"]
            # a sizeable figure: tens or more ("hai chục", "four fifty", "300", "twenty-odd"),
            # not "two"
            sizeable = (
                len(run) >= 2
                or any(sum(c.isdigit() for c in w) >= 2 for w in run)
                or (after in ("odd", "ish") and run[0] in _TENS)
            )
            if sizeable and run[0] not in _NOT_A_START and after in _AFTER_FIGURE:
                out.append(-1.0)
    return out


def _run_end(words: list[str], start: int) -> int:
    """The end of the number phrase at ``start``, a range's second end included ("one
    point five to one point six", "eight or nine")."""
    k = start
    while k < len(words) and (_numberish(words[k]) or words[k] == "-"):
        k += 1
        if k + 1 < len(words) and k > start and words[k] in _RANGE and _numberish(words[k + 1]):
            k += 1
    return k


# A limit said right after a bare figure makes it money ("thirty's my limit", "fifty
# tops", "hai chục là tối đa"); the figure is tens or more, not "two max".
_LIMIT_AFTER = {
    "en": ("is my limit", "my limit", "is the limit", "is my max", "max", "maximum", "tops",
           "at most", "or less", "or under", "is the most", "is my maximum"),
    "vi": ("là tối đa", "tối đa", "đổ lại", "trở xuống", "là cùng", "là hết cỡ"),
}  # fmt: skip
_TENS = frozenset(
    {"ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
     "chục", "mươi", "mười", "hundred", "trăm", "thousand", "nghìn", "ngàn"}
)  # fmt: skip


def _limit_figures(text: str, lang: str) -> list[float]:
    """Bare figures a limit follows (see above); "thirty's" is read "thirty is"."""
    words: list[str] = []
    for w in _words(text):
        stem = w.removesuffix("'s")
        words += [stem, "is"] if stem != w and _numberish(stem) else [w]
    out: list[float] = []
    i = 0
    while i < len(words):
        if not _numberish(words[i]) or words[i] in _NOT_A_START:
            i += 1
            continue
        k = _run_end(words, i)
        run = words[i:k]
        rest = f" {' '.join(words[k : k + 3])} "
        sizeable = len(run) >= 2 or any(w in _TENS or sum(c.isdigit() for c in w) >= 2 for w in run)
        if sizeable and any(rest.startswith(f" {p} ") for p in _LIMIT_AFTER[lang]):
            out.append(-1.0)
        i = k
    return out


def states_timeline(text: str) -> bool:
    """Whether a customer unit states when (see the module docstring)."""
    words = _words(text)
    if not words or (words[-1] == "?" and not _tag_question(words[:-1])):
        return False
    if not_a_timeline(text):
        return False  # a habit, a schedule, a callback time or a year gone by
    joined = " ".join(words)
    folded = fold(joined)
    toneless = folded == joined
    found = [
        d
        for d in find_dates(" ".join(words), _ANY_DAY)
        if not _PRESENT_PERIOD.match(folded[d.offset :])
    ]
    found = [
        d
        for d in found
        if (toneless or _toned_time_word(joined[d.offset :]))
        and not _frequency(joined[: d.offset].split())
    ]
    if not found:
        return False
    return not any(w in _PAST for w in words) and not _past_verb(words)


def _tag_question(words: list[str]) -> bool:
    """ "..., you know?", "..., right?": a statement with a tag, not a question back."""
    return bool(words) and (words[-1] in _TAGS or " ".join(words[-2:]) in _TAGS)


def _toned_time_word(rest: str) -> bool:
    """In toned text the date's first word must be written as a time word ("thằng
    Nam" folds to "thang nam", a month)."""
    first = rest.split()[0] if rest.split() else ""
    return fold(first) == first or first in _TIME_WORDS


def _frequency(before: list[str]) -> bool:
    """ "một tháng", "once in a month", "three times a year": how often, not when."""
    return bool(before) and (before[-1] in _PER or any(w in _ONCE for w in before[-3:]))


def _past_verb(words: list[str]) -> bool:
    """ "I renewed in March", "we moved in September": a subject, then a verb in -ed,
    then the date."""
    return any(
        a in _SUBJECTS and len(b) > 4 and b.endswith("ed") and c in _DATE_PREPOSITIONS
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
    )


# "it's her call", "that's my wife's call", "it's me and the missus' call anyway"
_THEIR_CALL = re.compile(
    r"\b(?:it's|it is|that's|that is|it'll be|is)\b[^.?!]{0,40}?"
    r"\b(?:my|her|his|our|their|[a-z]+'s|[a-z]+s')\s+(?:call|decision)\b(?!\s+(?:back|to|from))"
    # the call named, then whose it is: "the final call is mine", "the decision's hers"
    r"|\bthe (?:final |last )?(?:call|decision|say)(?:'s| is| will be)"
    r" (?:mine|ours|his|hers|theirs|(?:(?:my|her|his|our|their) )?[a-z]+'s)(?![a-z])"
)
# A bare relation word names a person; with one of these verbs in the turn it says who decides.
_RELATIONS = frozenset(
    {"chồng chị", "vợ anh", "vợ em", "chồng em", "ông xã", "bà xã", "chong chi", "vo anh",
     "vo em", "chong em", "ong xa", "ba xa",
     # the same spouse named with the customer's other pronouns ("vợ tui bán online")
     "vợ tui", "vợ tôi", "vợ mình", "chồng tui", "chồng tôi", "chồng mình", "vợ tao",
     "chồng tao", "bà nhà tui", "ông nhà tui"}
)  # fmt: skip
_DECIDE_VERBS = (
    "quyết", "hỏi", "bàn", "đồng ý", "duyệt", "cho phép", "ý kiến", "giữ tiền", "gật", "chịu",
    "quyet", "hoi", "ban", "dong y", "duyet", "y kien",
)  # fmt: skip


# Who has the authority, said without "decide": someone else must sign, agree or see
# it first, or the customer needs nobody's leave. English, on the lower-cased unit:
_AUTHORITY_EN = re.compile(
    # "anything on the roof would be up to him", "it's up to them, not me"
    r"\bup to (?:him|her|them|us)\b"
    # "I can't sign anything off", "can't just sign for it on my own", "not allowed to sign"
    r"|\b(?:can't|cannot|can not|couldn't|won't|not allowed to|not able to) (?:just |really )?"
    r"sign\b(?! (?:in|up|on to|onto|into)\b)"
    # "we'd both have to be on board", "he needs to be on board too"
    r"|\b(?:have|has|need|needs|got|gotta|'d|would) (?:to )?be on board\b"
    # "I'm not asking anyone's permission", "don't need anybody's say-so"
    r"|\b(?:anyone's|anybody's|nobody's|no one's|someone's|somebody's) "
    r"(?:permission|approval|say so|say-so|blessing|okay|ok)\b"
    # "the wife's got to see it", "my husband has to sign", "my wife must see first"
    r"|\b(?:wife|husband|partner|missus|missis|hubby|boss|owner|landlord|parents|mum|mom|dad"
    r"|father|mother|manager|director|committee|board|he|she|they)(?:(?:'s| has| needs"
    r"| will need| would need|'ll need|'d need| have| need|'ll have| will have|'d have"
    r"| would have)(?: got)? to| must) (?:(?:approve|agree|sign|okay|ok|say yes|give the nod)\b"
    r"|(?:see|look over|look at|check) (?:it|this|that|them|everything|first|the (?:quote"
    r"|contract|paperwork|numbers|figures|car|house|place|offer|deal|plan))\b)"
    # "she's the one who makes the call", "he's the one that signs"
    r"|\b(?:he|she|they|him|her)(?:'s| is|'re| are) the one(?:s)? (?:who |that )?(?:makes?"
    r"|decides?|signs?|approves?|calls?|holds?|pays?|handles?)\b"
    # "she makes the call", "I make all the decisions", "I call the shots", "the final say"
    r"|\b(?:makes?|making) (?:the|all the|these|those|that|this) (?:call|calls|decision"
    r"|decisions)\b(?! (?:to|back|on when))|\bcalls? the shots\b|\b(?:final|last) (?:say|word)\b"
    # "I'll ask her first", "I need to run it by him", "gotta check with them first"
    r"|\b(?:ask|check with|run (?:it|this|that) (?:by|past)|talk (?:to|with)|speak (?:to|with)"
    r"|have a (?:chat|word|talk) with|discuss (?:it |this |that )?with|clear (?:it|this|that)"
    r" with) (?:him|her|them) first\b"
    r"|\b(?:i'll|i will|i have to|i've got to|i gotta|i need to|i must|i'd have to|let me"
    r"|i'm gonna|i'm going to) (?:just )?(?:ask|check with|run (?:it|this|that) (?:by|past)"
    r"|have a (?:chat|word|talk) with) (?:him|her)\b(?! (?:for|about|what|how|when|where|why))"
    # "it's only him", "only she can sign"
    r"|\bit's only (?:him|her|them)\b|\bonly (?:he|she|they) can\b"
    # nothing goes ahead without or until the other's look or word: "I don't sign nothing
    # without my wife looking at it", "not without my husband's okay", "not signing
    # anything till my wife sees the numbers"
    r"|\b(?:without|until|till|'til|til) (?:my |the |our |his |her )?(?:wife|husband|partner"
    r"|missus|missis|hubby|boss|owner|landlord|parents|mum|mom|dad|father|mother|manager"
    r"|director|board)(?:'s)? (?:looking|seeing|checking|signing|saying|agreeing|approval"
    r"|okay|ok|say-so|say so|blessing|go-ahead|nod|looks|sees|checks|signs|says|agrees|okays"
    r"|has (?:seen|looked|checked|signed|said|agreed))\b(?! (?:a|an)\b)"
    # the money is the customer's own: "it's my money", "it's my house and my money"
    r"|\b(?:it's|it is|is) my (?:own )?(?:\w+ and my )?money\b"
    # someone's yes is the condition of the customer's: "if he says yes, I'll do it",
    # "if my wife agrees we'll go ahead"
    r"|\bif (?:he|she|they|my (?:wife|husband|partner|missus|hubby|boss|dad|mum|mom|father"
    r"|mother|parents|son|daughter)) (?:says yes|agrees|okays it|is okay with it|is ok with it"
    r"|signs off)\b[^.?!]{0,12}\b(?:i'll|i will|we'll|we will|then)\b"
)
# Vietnamese, on the folded unit (tones optional): "phải ổng đồng ý", "phải chủ nhà
# cho", "bố nó để chị lo hết", "chuyện tiền nong chị tự lo hết"
_PERSON_VI = (
    r"(?:ong|ba|ong ay|ba ay|ong xa|ba xa|chong|vo|bo|me|bo me|ba me|sep|chu nha|chu"
    r"|gia dinh|nha tui|hai vo chong|ong nha|ba nha|chong chi|vo anh|vo em|chong em"
    r"|ba em|bo em|me em)"
)
_AUTHORITY_VI = re.compile(
    rf"\bphai (?:co |de |duoc )?{_PERSON_VI} (?:\w+ )?(?:dong y|gat dau|cho phep|duyet|ky"
    r"|quyet|chiu|ung)\b"
    r"|\bde (?:chi|anh|em|tui|toi|minh|con|tao|co|chu|bac) (?:tu )?(?:lo|quyet)"
    r"(?! (?:lang|lam|qua|so|ngai|xa|com|nuoc|viec nha))\b"
    r"|\b(?:chi|anh|em|tui|toi|minh|con|tao) (?:tu )?(?:lo|quyet) (?:het|tat|toan bo|luon)"
    r"(?: (?:a|ha|nha))?$"
    # someone must be asked first ("để chị hỏi anh nhà đã", "phải hỏi ổng coi sao đã"),
    # the Vietnamese "I'll ask him first"
    rf"|\b(?:de|phai) (?:(?:chi|anh|em|tui|toi|minh|con|co) )?(?:ve )?(?:hoi|ban voi) "
    rf"(?:y kien )?(?:{_PERSON_VI}|anh|chi|anh nha|chi nha|anh ay|chi ay|ba no|bo no|me no)"
    r"(?: \w+){0,3} (?:da|truoc)\b"
    # who holds or pays the money ("tiền nong là anh giữ", "tiền học là ba nó chi")
    rf"|\btien (?:nong|bac|hoc|nha)(?: nha \w+)? (?:la |thi )?(?:{_PERSON_VI}|ba no|bo no"
    r"|me no|anh nha|chi nha|anh|chi) (?:\w+ )?(?:giu|chi|lo|tra|dong|quyet)\b"
    # someone's yes is the condition of the customer's ("hắn chịu thì cô làm", "ổng gật
    # đầu thì tui mới mua"): a third person, their consent, then "thì" and the deal
    rf"|\b(?:{_PERSON_VI}|han|no|anh ay|chi ay|con trai|con gai|thang con|con tui)"
    r" (?:ma |co )?(?:chiu|dong y|gat dau|gat|ung|cho|ok|oke) (?:thi|la) "
    r"(?:(?:chi|anh|em|tui|toi|minh|con|co|chu|bac|tao) )?(?:moi )?"
    r"(?:lam|mua|lap|ky|dang ky|lay|chot|dong tien)\b"
)


def states_decider(text: str) -> bool:
    """Whether a customer unit says whose decision it is ("it's her call as much as
    mine", "up to him, not me", "the wife's got to see it", "she's the one who makes
    the call", "I'll ask her first", "I'm not asking anyone's permission", "phải ổng
    đồng ý", "bố nó để chị lo hết"); a question asks, it does not say."""
    lowered = normalize_text(text).lower().replace("\u2019", "'")
    if lowered.rstrip().endswith("?"):
        return False
    for found in (_THEIR_CALL.search(lowered), _AUTHORITY_EN.search(lowered)):
        if found and (scope_at(lowered, found.start(), "en") != "reported" or own_side_says(text)):
            return True
    folded = folded_words(lowered)
    found = _AUTHORITY_VI.search(folded)
    return bool(found) and (
        scope_at(folded, found.start(), "vi") != "reported" or own_side_says(text)
    )


# "decide" with what or when is decided names the choice or its time, not who has the
# say ("then I will decide how much to take", "I was gonna decide pretty soon",
# "quyết định sớm"); "we decide these things together" still says who.
_DECIDES_WHAT = re.compile(
    r"\b(?:decid\w*|decision|quyet(?: dinh)?) (?:pretty |really |very )?(?:how|which|what|when"
    r"|whether|if|soon|later|quickly|by|tomorrow|today|tonight|next|som|lien|ngay|khi nao"
    r"|bao nhieu|cai nao|goi nao)\b"
)


def decides_what_or_when(unit: str) -> bool:
    """Whether a unit's "decide" is about what or when (see above)."""
    folded = folded_words(unit)
    return bool(_DECIDES_WHAT.search(folded))


# The agent's closing question asks who decides ("is this a decision you'd make together
# with your husband?", "anh quyết hay còn bàn với chị nhà?"): a decision word beside a
# person or "alone / together"; not "have you decided yet?".
_DECISION_WORD = re.compile(r"\b(?:decision|decisions|decide|decides|deciding|quyet)\b")
_DECISION_WHO = re.compile(
    r"\b(?:who|together|yourself|alone|on your own|anyone|anybody|just you|only you|with your"
    r"|husband|wife|partner|family|boss|ai|tu|ban|hoi y kien|nguoi|chi nha|anh nha|vo|chong"
    r"|gia dinh|sep)\b"
)
# A reply that answers it yes or no, or names the person, states who decides.
_YES_NO = re.compile(
    r"^(?:oh |well |um |uh )?(?:yes|yeah|yep|yup|ya|definitely|absolutely|of course|sure"
    r"|no|nope|nah|just me|only me|me|we|both|da|vang|u|o|co|khong|dung|phai)\b"
)


def answers_who_decides(unit: str, asked: str) -> bool:
    """Whether a customer unit answers the agent's closing who-decides question (see
    above) with a yes, a no or a person, not a question back."""
    closing = [p for p in SENTENCE_END.split(asked.strip()) if p.strip()]
    if not closing or not closing[-1].rstrip().endswith("?") or unit.rstrip().endswith("?"):
        return False
    question = folded_words(closing[-1])
    if not (_DECISION_WORD.search(question) and _DECISION_WHO.search(question)):
        return False
    reply = folded_words(unit)
    return bool(_YES_NO.search(reply))


_WHO = frozenset({"who", "whose", "whom", "ai"})


def asks_who(unit: str) -> bool:
    """Whether a unit asks who decides ("so who makes the call on your side?", "ai
    quyết hả em?") instead of saying it."""
    words = folded_words(unit).split()
    return unit.rstrip().endswith("?") and any(w in _WHO for w in words)


def bare_relation(matched: str) -> bool:
    return fold(matched.lower()) in {fold(r) for r in _RELATIONS}


def decides_in_turn(text: str) -> bool:
    """Whether a turn naming a spouse also says they decide or must be asked ("để chị
    hỏi ông xã", "vợ anh quyết"), not only where they are ("ông xã đi công tác")."""
    words = f" {' '.join(_words(text))} "
    folded = fold(words)
    if folded != words:  # toned text is read as written: "bán online" is not "bàn"
        return any(f" {v} " in words for v in _DECIDE_VERBS)
    return any(f" {fold(v)} " in folded for v in _DECIDE_VERBS)
