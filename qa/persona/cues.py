"""The words that put a sentence on a field's topic, for the usual field names.

A form can give its own ``cues`` per field; these are the defaults, folded
(no tone marks), Vietnamese and English. Yes/no fields also carry the
statements that answer them without a yes or a no ("nhà thuê", "just me").
"""

from __future__ import annotations

from dataclasses import dataclass

TOPIC: dict[str, tuple[str, ...]] = {
    "budget": (
        "ngan sach", "chi phi", "dau tu", "bo ra", "chi tra", "tai chinh", "kinh phi",
        "dong phi", "muc phi", "phi", "gia", "chi khoang", "du tinh chi", "du tru",
        "bao nhieu tien", "budget", "spend", "afford", "invest", "pay", "paying",
        "price", "cost", "premium",
    ),
    "timeline": (
        "khi nao", "luc nao", "bao gio", "thoi gian", "trien khai", "lap dat", "du kien",
        "when", "timing", "timeline", "installed", "start", "get this done", "time frame",
    ),
    "start": (
        "hieu luc", "bat dau", "khi nao", "luc nao", "bao gio", "start", "when", "begin",
        "effective", "kick in",
    ),
    "decision_maker": (
        "quyet dinh", "quyet", "dung ra", "nguoi quyet", "ban voi", "hoi y kien",
        "decision", "decide", "sign off", "signs off", "in charge", "say so", "handles",
        "who handles",
    ),
    "homeowner": (
        "nha cua", "nha rieng", "chu nha", "dung ten", "nha thue", "o thue", "so huu",
        "chinh chu", "thue", "la cua anh", "la cua chi", "la cua minh",
        "cua anh luon", "cua chi luon", "own", "owner", "homeowner", "home owner", "rent",
        "renting",
    ),
    "household": (
        "may nguoi", "bao nhieu nguoi", "thanh vien", "nha co", "household", "how many people",
        "people live", "family",
    ),
    "seats": ("may nguoi", "bao nhieu nguoi", "hoc vien", "so luong", "cho", "seats", "how many"),
    "need": (
        "nhu cau", "quan tam", "muon", "cần", "dang tinh", "want", "need",
        "looking for", "interested", "hoping to", "wanting",
    ),
}  # fmt: skip
# Field-specific statements: (phrases meaning yes, phrases meaning no).
STATEMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "homeowner": (
        (
            "nha cua anh", "nha cua chi", "nha cua em", "nha cua toi", "nha cua minh",
            "nha rieng", "dung ten", "chinh chu", "chu nha", "cua anh", "cua chi", "cua toi",
            "cua minh", "we own", "i own", "own it", "own the", "our own", "homeowner",
            "home owner", "own our", "own my",
        ),
        (
            "o thue", "nha thue", "thue nha", "di thue", "khong phai cua", "renting", "rent",
            "tenant", "landlord",
        ),
    ),
    "decision_maker": (
        (
            "anh quyet", "chi quyet", "em quyet", "toi quyet", "minh quyet", "tu quyet",
            "quyet duoc", "toi la nguoi quyet", "just me", "i decide", "i make the",
            "i'm the decision", "my decision", "i sign", "it's me", "i do",
        ),
        (
            "hoi vo", "hoi chong", "hoi y kien", "ban voi", "ban lai", "phai hoi", "hoi anh",
            "hoi chi", "hoi ba xa", "hoi ong xa", "ask my", "ask her", "ask him", "have to ask",
            "check with", "talk to my", "my wife", "my husband", "my partner", "my boss",
            "not my decision", "not up to me",
        ),
    ),
}  # fmt: skip
# Questions whose plain "no" means yes for the field ("anyone else involved?" "No").
INVERTED: dict[str, tuple[str, ...]] = {
    "decision_maker": (
        "anyone else",
        "someone else",
        "ai khac",
        "nguoi khac",
        "can ban",
        "phai ban",
        "hoi y kien ai",
    ),
    "homeowner": ("rent", "renting", "nha thue", "o thue", "di thue"),
}
NEGATIONS = (
    "khong can", "khong co nhu cau", "chua can", "khong muon", "khong quan tam",
    "chua co nhu cau", "don't need", "do not need", "not sure i need", "not interested",
    "no need", "don't want", "not looking",
)  # fmt: skip
# "need" and "muốn" that are not about the product.
NOT_A_NEED = (
    "need to talk", "need to ask", "need to think", "need to check", "need to discuss",
    "need to go", "muon hoi", "muon noi",
)  # fmt: skip
YES = (
    "vang", "da vang", "u", "uh huh", "dung", "dung roi", "phai", "co", "roi", "ok", "oke",
    "duoc", "chuan", "yes", "yeah", "yep", "yup", "correct", "sure", "right", "exactly",
    "that works", "sounds good", "absolutely", "definitely", "of course", "i am", "we are",
    "we do", "i do",
)  # fmt: skip
NO = (
    "khong", "chua", "ko", "k", "hong", "no", "nope", "not really", "nah", "not",
)  # fmt: skip


@dataclass(frozen=True)
class FieldCues:
    topic: tuple[str, ...]
    says_yes: tuple[str, ...] = ()
    says_no: tuple[str, ...] = ()
    inverted: tuple[str, ...] = ()


def cues_for(name: str, own: tuple[str, ...]) -> FieldCues:
    yes, no = STATEMENTS.get(name, ((), ()))
    return FieldCues(
        topic=own or TOPIC.get(name, (name.replace("_", " "),)),
        says_yes=yes,
        says_no=no,
        inverted=INVERTED.get(name, ()),
    )
