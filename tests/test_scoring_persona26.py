"""Timeline rules of 2026.16 (issue 14, stop 26): a date that dates something other
than a purchase is no timeline. Vietnamese: a renter's lease still running, the
customer's move away, exam or opening, an appointment elsewhere, someone's return to
work or stay abroad, calls already made, a vague "mai mốt", a question the customer
asks, a plan dated in the past, an amount ("năm sáu triệu"), a season's habit.
English: a date denied or said as past, a bare "before" of no deadline, the
customer's test or graduation. Real customer turns of the tuning calls (their source
call as the test id) and the near misses that must stay timelines."""

from __future__ import annotations

import pytest
from callqa.qa.scoring import Scorer

from tests.mini_calls import mini_call, scored

GREETING = ("a", "Dạ em chào anh chị, em gọi từ bên công ty để tư vấn thêm ạ.")


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def timeline(scorer: Scorer, said: str, asked: str = "Dạ vâng ạ.") -> bool:
    """Whether the scorer reads a timeline in the customer's turn ``said``."""
    call = mini_call("vi", [GREETING, ("c", "Ừ, em nói đi."), ("a", asked), ("c", said)])
    return bool(scored(scorer, call).persona["timeline"])


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("hợp đồng thuê còn hai năm nữa lận", id="holdout9/vi_15"),
        pytest.param(
            "Sổ đứng tên chủ nhà chứ em, anh thuê căn này ba năm rồi, hợp đồng thuê đến cuối năm "
            "sau.",
            id="holdout8/vi_13",
        ),
        pytest.param(
            "mà nói trước nha em, nhà này anh thuê, hợp đồng con một năm nữa",
            id="holdout11/vi_10",
        ),
        pytest.param(
            "Tuần sau tui vô Sài Gòn làm rồi, công ty chuyển tui vô trong nớ, chắc ở luôn mấy năm.",
            id="holdout6/vi_06",
        ),
        pytest.param(
            "dạ em muốn nói được tiếng anh cho tự tin ạ với lại kiểu là năm sau em thi vào chuyên"
            " lam sơn thì có phần nói nên em muốn luyện thêm",
            id="holdout12/vi_03",
        ),
        pytest.param(
            "Không răng. Thiệt ra bên anh cũng đang sửa một cái nhà bên Vĩ Dạ làm chỗ ngồi cho "
            "thuê, tháng sau khai trương, nên anh muốn coi giá cả ở Huế chừ ra răng thôi.",
            id="holdout13/vi_13",
        ),
        pytest.param(
            "Không em ạ. Cứ chờ chị ấy đi làm lại, chắc sáu tháng nữa.",
            id="holdout3/vi_15",
        ),
        pytest.param(
            "hổng được đâu anh chị dặn hổng đưa số ai hết chị qua bển hàn quốc lấy hàng rồi ở tới"
            " cuối năm lận",
            id="holdout12/vi_11",
        ),
        pytest.param("ờ mấy em làm ăn gì kỳ dzậy tuần này gọi hai lần rồi", id="holdout12/vi_14"),
        pytest.param(
            "ừ biết rồi mà sao bên em gọi hoài vậy tuần này là lần thứ hai rồi đó",
            id="holdout13/vi_12",
        ),
        pytest.param(
            "Lắp dzậy rồi mai mốt dọn đi thì sao em, tháo đem theo được hông?",
            id="holdout12/vi_01",
        ),
        pytest.param(
            "Rồi mấy cái promotion đầu năm bên em chạy kiểu chi, giảm phần trăm hay tặng tháng?",
            id="holdout13/vi_13",
        ),
        pytest.param(
            "Ừ, hôm trước tui tính tập ít bữa trước khi đi, mà thôi, dọn đồ mệt lắm, mô có thời"
            " gian mà tập.",
            id="holdout6/vi_06",
        ),
        pytest.param("Mùa hè thì học bơi, còn lại ở nhà với cô.", id="holdout9/vi_12"),
        pytest.param(
            "ờ chị tính tầm năm sáu triệu một năm thôi chín triệu thì hơi quá mà cái này chắc chị"
            " phải hỏi chồng chị đã anh ấy cầm tiền",
            id="holdout10/vi_02",
        ),
    ],
)
def test_a_date_of_no_purchase_is_no_timeline(scorer: Scorer, said: str) -> None:
    assert not timeline(scorer, said)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param(
            "ừ cũng được chị đang muốn làm luôn trong tuần này trước khi con chị thi",
            id="tune/vi_07",
        ),
        pytest.param("Tụi anh tính trong năm nay là phải dọn về rồi", id="qa-dev/vi_01"),
        "hợp đồng cũ tháng sau hết hạn, anh muốn chuyển qua bên em",  # a lease that ends
        "hợp đồng thuê còn hai tháng nữa, anh muốn mua luôn căn trước khi hết",  # buying named
        "hợp đồng thuê còn hai tháng nữa là hết, anh cần tìm căn mới",  # the lease ends
        "hợp đồng thuê còn ba tháng nữa thôi nên anh cần chỗ mới",  # a want beside it
        "hôm trước chị tính rồi, tháng sau chị lắp luôn",  # a past plan, a date to come
        "năm sau chị tính cho bé học bơi",  # next year, no amount
        "hè này chị muốn cho bé học bơi",  # a season with a want
    ],
)
def test_a_purchase_date_beside_such_words_stays_a_timeline(scorer: Scorer, said: str) -> None:
    assert timeline(scorer, said)


EN_GREETING = ("a", "Hi, it's Sam calling from the company, have you got a minute?")


def timeline_en(scorer: Scorer, said: str, asked: str = "Okay.") -> bool:
    """Whether the scorer reads a timeline in the English customer turn ``said``."""
    call = mini_call("en", [EN_GREETING, ("c", "Yeah, go on."), ("a", asked), ("c", said)])
    return bool(scored(scorer, call).persona["timeline"])


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        pytest.param(
            "Not immediately. I'm fifty-seven, she is fifty-four. We are only planning, thinking"
            " ahead, my friends say the good places have long lists.",
            "Fair enough. And roughly when were you picturing the move?",
            id="holdout13/en_05",
        ),
        pytest.param(
            "pakistani one still i will do the test in january inshallah",
            "ah okay and do you have a uk driving licence or is it the pakistani one",
            id="holdout13/en_15",
        ),
        pytest.param(
            "Part time at a bubble tea shop lah, twenty hours. But after I graduate in November"
            " I'm starting as a graduate engineer, the offer letter I already have.",
            "Okay, that's a solid deposit. And what's your income situation at the moment?",
            id="holdout11/en_08",
        ),
        pytest.param(
            "Mate, I'm getting nine hundred meg. From you. I signed up online a fortnight ago,"
            " your engineer came round last Tuesday and put the box in. I'm already a customer.",
            "So what sort of speeds are you getting at the moment?",
            id="holdout5/en_04",
        ),
        pytest.param(
            "Right. Before you go on, mind, I should say we rent this place. It's Mr Howells's"
            " house. He's got the say on anything bolted to it.",
            "Thing is, Sian, I've only got two installation slots left, so if you're keen you'd"
            " want to move now, like.",
            id="holdout10/en_07",
        ),
        pytest.param(
            "well there we are then i thought it sounded familiar i must have filled that form"
            " before he sorted it",
            "so you've already got fibre five hundred and the two sims with us",
            id="holdout12/en_03",
        ),
        pytest.param(
            "All of us. Me, him and the two kids. Before, he had a plan from the warehouse job,"
            " but since he switched to trucking there is nothing.",
            "Can I ask, who would the plan be for, just the two of you, or the kids as well?",
            id="holdout12/en_02",
        ),
    ],
)
def test_an_english_date_of_no_purchase_is_no_timeline(
    scorer: Scorer, said: str, asked: str
) -> None:
    assert not timeline_en(scorer, said, asked)


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("Not immediately, probably next spring.", "And when are you looking to switch?"),
        ("Not until March, the contract runs till then.", "When would you want it in?"),
        ("After I graduate in November I want to buy a car.", "Okay."),
        ("I want to start the lessons before I sit the exam in June.", "Okay."),  # a deadline
        ("I'll pass the test in March and want to buy the car right after.", "Okay."),  # buying
        ("We want it in before Christmas, before the kids are home.", "Okay."),
        ("I'd love to be down a size by then, the wedding is in May.", "Okay."),
        # a return date is no past date (holdout14 en_02, after its one measurement)
        ("we fly out on the ninth of june back on the twentieth", "When do you travel?"),
    ],
)
def test_an_english_plan_beside_such_words_stays_a_timeline(
    scorer: Scorer, said: str, asked: str
) -> None:
    assert timeline_en(scorer, said, asked)
