"""Word classes for ``company.py``: what introduces a company and what names none.

A company is what follows an introducing word ("bên", "từ", "công ty" ...;
"from", "on behalf of" ...). It counts unless nothing is left once the words
of these classes are taken away: generic kinds of business (a category),
departments and branches, places, where the lead came from, time words,
common nouns of a sales call, numbers and particles. The classes are closed
and general; brands are never listed: whatever else is left is the name
("seo up", "Sao Việt Net", "lingo kids").

``STOP`` ends the company phrase: a pronoun, a verb or a question word starts
the next clause ("bên em gọi", "from Apex calling about ..."). ``REJECT_HEAD``
right after the introducer means no company follows at all ("bên dự án
Green Park": a project name alone; "from your bank": the customer's).
"""

from __future__ import annotations

# ---------------------------------------------------------------- Vietnamese
VI_INTRODUCERS = (
    "bên", "từ", "của", "thuộc", "công ty", "cty", "trung tâm", "nhà mạng", "ngân hàng",
    "tập đoàn", "hãng", "thương hiệu", "ở bên", "đại diện", "đại diện cho", "thay mặt",
    "thay mặt cho", "làm cho", "ở", "tại", "làm ở", "làm tại", "nhân viên", "tư vấn viên",
    "chuyên viên", "cán bộ", "manager",
    # "bên em là Điện Máy Xanh", "công ty mình là ..."
    "bên em là", "bên mình là", "bên tụi em là", "bên chúng em là", "bên chúng tôi là",
    "công ty em là", "công ty mình là", "công ty tôi là", "công ty chúng tôi là",
)  # fmt: skip
# "ở", "tại" introduce a company only in a self-introduction ("em là Trang ở
# KiotViet", "em làm ở ..."), not "anh ở Thủ Đức"
VI_WEAK_INTRODUCERS = ("ở", "tại")
VI_NAME_CUES = (
    "là", "tên", "làm", "nhân viên", "tư vấn viên", "chuyên viên", "manager", "em", "cháu", "con",
    "tôi", "tui", "mình",
)  # fmt: skip

VI_CATEGORY = (
    "công ty", "cty", "tập đoàn", "ngân hàng", "trung tâm", "nhà mạng", "bảo hiểm", "nhân thọ",
    "phi nhân thọ", "sức khỏe", "sức khoẻ", "tài chính", "phần mềm", "công nghệ", "bất động sản",
    "địa ốc", "điện", "mặt trời", "điện mặt trời", "năng lượng", "năng lượng mặt trời", "anh ngữ",
    "ngoại ngữ", "tiếng anh", "tiếng", "giáo dục", "thương mại", "dịch vụ", "cổ phần", "tnhh",
    "trách nhiệm hữu hạn", "xây dựng", "nội thất", "kế toán", "luật", "du lịch", "lữ hành",
    "ô tô", "xe", "xe máy", "viễn thông", "internet", "mạng", "wifi", "cáp quang", "truyền hình",
    "y tế", "thẩm mỹ", "thẩm mỹ viện", "làm đẹp", "chứng khoán", "đầu tư", "tiêu dùng",
    "thể hình", "gym", "phòng gym", "phòng tập", "yoga", "spa", "mầm non", "quốc tế",
    "thời trang", "mỹ phẩm", "dược", "dược phẩm", "thực phẩm", "điện máy", "điện tử",
    "điện lạnh", "gia dụng", "máy lọc nước", "lọc nước", "nước", "marketing", "vận tải",
    "logistics", "tmcp", "nha khoa", "phòng khám", "đa khoa", "bệnh viện", "học viện",
    "trường", "trường học", "showroom", "đại lý", "cửa hàng", "shop", "siêu thị", "app",
    "ứng dụng", "sàn", "nền tảng", "chuỗi", "hệ thống", "tổ chức", "quỹ", "tín dụng", "vay",
    "cho vay", "vay vốn", "thẻ", "thẻ tín dụng", "đào tạo", "khóa học", "khoá học", "lớp",
    "kỹ năng", "tiểu học", "pin", "tấm pin", "solar", "camera", "an ninh", "vệ sinh",
    "thiết bị", "máy", "viện", "clinic", "agency", "startup", "nhà xe", "ô tô", "hãng xe",
    "hãng", "thương hiệu", "nhãn hàng", "nhà cung cấp", "cung cấp", "doanh nghiệp",
    "tư nhân", "nhà nước", "chính thức", "uy tín", "hàng đầu", "lớn", "nhỏ", "mới",
    "du học", "tư vấn du học", "fitness", "english", "center", "centre", "academy", "bank",
    "insurance", "group",
    "company", "software", "studio", "salon", "store", "mart",
    # fields of a clinic or a service: "phòng khám da liễu" is a kind, not a name
    "da liễu", "răng", "răng hàm mặt", "nhi", "nhi khoa", "sản", "sản khoa", "mắt",
    "nhãn khoa", "tai mũi họng", "xương khớp", "cơ xương khớp", "nội khoa", "ngoại khoa",
    "đông y", "y học cổ truyền", "vật lý trị liệu", "phục hồi chức năng", "điều dưỡng",
    "dinh dưỡng", "tâm lý", "thú y", "chăm sóc tại nhà", "tại nhà", "spa thẩm mỹ",
)  # fmt: skip

VI_DEPARTMENT = (
    "phòng", "bộ phận", "ban", "kinh doanh", "chăm sóc", "khách hàng", "chăm sóc khách hàng",
    "cskh", "tư vấn", "bán hàng", "hỗ trợ", "kỹ thuật", "tổng đài", "hotline", "hành chính",
    "nhân sự", "sale", "sales", "telesale", "team", "nhóm", "đội", "chi nhánh", "văn phòng",
    "trụ sở", "cơ sở", "phòng giao dịch", "điểm giao dịch", "dự án", "khu", "khu vực", "vùng",
)  # fmt: skip

VI_PLACE = (
    "miền bắc", "miền nam", "miền trung", "miền tây", "miền", "bắc", "nam", "trung", "tây",
    "đông", "tỉnh", "thành phố", "tp", "quận", "huyện", "phường", "xã", "thị xã", "thị trấn",
    "việt nam", "hà nội", "sài gòn", "hồ chí minh", "hcm", "tphcm", "đà nẵng", "huế",
    "cần thơ", "hải phòng", "bình dương", "đồng nai", "biên hòa", "nha trang", "vũng tàu",
    "đà lạt", "nghệ an", "thanh hóa", "quảng nam", "quảng ngãi", "bắc ninh", "hải dương",
    "long an", "thủ đức", "gò vấp", "bình thạnh", "tân bình", "cầu giấy", "đống đa",
    "hà đông", "long biên", "thanh xuân", "ba đình", "hoàng mai", "quy nhơn", "khánh hòa",
    "lâm đồng", "gia lai", "đắk lắk", "quảng ninh", "hạ long", "phú quốc", "bến tre",
    "tiền giang", "an giang", "kiên giang", "cà mau", "vĩnh long", "đồng tháp",
    # countries: "công nghệ của Hàn Quốc" says where from, not who
    "hàn quốc", "nhật", "nhật bản", "mỹ", "đức", "pháp", "úc", "anh quốc", "trung quốc",
    "thái lan", "singapore", "ý", "thụy sĩ", "châu âu", "nước ngoài",
)  # fmt: skip

VI_LEAD_SOURCE = (
    "facebook", "fb", "face", "zalo", "tiktok", "google", "youtube", "instagram", "web",
    "website", "trang", "fanpage", "page", "quảng cáo", "form", "mẫu", "đăng ký", "group",
    "hội thảo", "sự kiện", "link", "bài viết", "tin nhắn", "danh sách", "data",
)  # fmt: skip

VI_COMMON = (
    "thông tin", "hồ sơ", "nhu cầu", "sản phẩm", "gói", "gói cước", "chương trình", "ưu đãi",
    "khuyến mãi", "quà", "giá", "phí", "tiền", "nhà", "gia đình", "con", "bé", "khách",
    "người", "số", "số điện thoại", "điện thoại", "lịch", "chuyện", "việc", "vấn đề", "phía",
    "cạnh", "ngoài", "trong", "trên", "dưới", "đầu", "cuối", "hôm", "hôm qua", "hôm nay",
    "hôm trước", "tháng", "năm", "tuần", "ngày", "sáng", "chiều", "tối", "lúc", "khi",
    "trước", "sau", "bây giờ", "giờ", "nay", "lâu", "hồi", "đợt", "lần", "chỗ", "khác",
    "mỗi", "mọi", "cái",
    "bên", "các", "những", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    "mười", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "số một", "nhất",
)  # fmt: skip

VI_PARTICLES = (
    "ạ", "à", "á", "nha", "nhé", "nghe", "nè", "đó", "đây", "này", "ni", "nớ", "ấy", "luôn",
    "ơi", "dạ", "vâng", "ừ", "thì", "là", "mà", "và", "với", "hỉ", "hen", "heng", "nhá",
    "đấy", "kia", "ha", "hả", "hử", "ý", "ạh",
)  # fmt: skip

# pronouns end a company phrase even when capitalised ("bên Anh" is no brand)
VI_PRONOUNS = (
    "em", "anh", "chị", "tôi", "tui", "tớ", "con", "cháu", "bạn", "cô", "chú", "bác", "o",
    "ông", "bà", "tụi em", "chúng em", "chúng tôi", "bọn em", "tụi mình", "chúng mình", "mình",
)  # fmt: skip

# other words that start the next clause; a capitalised one mid-sentence is part
# of a name instead ("nhà mạng Sao Việt Net": "sao" is also "why")
VI_FILLERS = ("ờ", "ừm", "ơ", "ừ", "hừm", "ờm", "ưm")

VI_STOP = (
    "gọi", "gọi điện", "muốn", "xin", "cần", "có", "đang", "sẽ", "đã", "vừa", "được",
    "liên hệ", "gửi", "hỏi", "thấy", "biết", "nói", "giới thiệu", "làm", "để", "về", "cho",
    "vì", "nên", "không", "hông", "chưa", "rồi", "thôi", "còn", "nhưng", "hay", "hoặc",
    "gì", "nào", "đâu", "mô", "chi", "sao", "răng", "ai", "tên", "xin phép", "mời",
    "chuyên", "đến", "tới", "qua", "đăng kí", "nhờ", "vậy", "rứa", "hén", "thử",
)  # fmt: skip

VI_REJECT_HEAD = ("dự án", "phòng", "bộ phận", "ban", "team", "nhóm", "đội", "khu")

# ---------------------------------------------------------------- English
EN_INTRODUCERS = (
    "from", "on behalf of", "representing", "represent", "work for", "works for", "working for",
    "calling for", "with", "at", "here at", "over at",
)  # fmt: skip
# "with" and "at" introduce a company only right after a name or a calling verb
# ("this is Tom with Greenleaf", "I'm at Apex"), not "help you with your loan"
EN_WEAK_INTRODUCERS = ("with", "at")
EN_WEAK_AFTER = ("calling", "here", "i'm", "im", "am", "work", "working", "ringing", "we're")
# "am I speaking with Sneha": after a verb of talking, "with" names the person
EN_TALK_VERBS = (
    "speaking", "talking", "speak", "talk", "spoke", "meet", "meeting", "chat", "chatting",
    "connect", "connected", "through",
)  # fmt: skip
# a name introduced a few words before a weak introducer: "this is Jenna Brooks with ..."
EN_NAME_CUES = (
    "is", "it's", "its", "i'm", "im", "am", "myself", "name's", "names", "with", "to",
)  # fmt: skip

EN_ROLES = (
    "officer", "manager", "adviser", "advisor", "consultant", "agent", "representative",
    "rep", "specialist", "executive", "coordinator", "counsellor", "counselor", "planner",
    "broker", "associate", "assistant",
)  # fmt: skip

EN_CATEGORY = (
    "company", "firm", "showroom", "garage", "place", "solar", "insurance", "bank", "banking",
    "finance", "financial",
    "lending", "lender", "loans", "loan", "mortgage", "mortgages", "energy", "power",
    "electric", "electricity", "home", "homes", "services", "service", "solutions", "group",
    "agency", "realty", "real", "estate", "properties", "property", "gym", "fitness",
    "clinic", "dental", "dentist", "centre", "center", "academy", "school", "english",
    "software", "app", "marketing", "accounting", "credit", "union", "broker", "brokers",
    "brokerage", "provider", "providers", "utility", "utilities", "internet", "broadband",
    "telecom", "mobile", "phone", "car", "cars", "auto", "dealership", "dealer", "motors",
    "health", "care", "healthcare", "medical", "spa", "salon", "studio", "store", "shop",
    "local", "national", "regional", "official", "main", "big", "small", "new", "leading",
    "tutoring", "tuition", "language", "courses", "course", "training", "security",
    "cleaning", "roofing", "plumbing", "hvac", "pest", "control", "lawn", "travel", "tours",
    "investment", "investments", "wealth", "management", "payroll", "crm", "platform",
    "life", "auto", "business", "businesses", "partner", "partners", "network", "provider",
    "holiday", "holidays", "vacation", "vacations", "package", "packages", "trip", "trips",
)  # fmt: skip

EN_DEPARTMENT = (
    "team", "department", "dept", "desk", "office", "branch", "division", "unit", "customer",
    "customers", "support", "sales", "billing", "claims", "help", "helpdesk", "line",
    "side", "outreach", "accounts", "account", "enrollment", "enrolment", "admissions",
    "member", "members", "membership", "retention", "onboarding", "operations", "hr",
    "tech", "technical", "head", "headquarters", "hq", "program", "programme",
    "campaign", "project", "scheduling", "appointments", "booking", "bookings",
)  # fmt: skip

EN_PLACE = (
    "area", "region", "downtown", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "county", "state", "town", "district", "central",
    "uk", "us", "usa", "america", "india", "singapore", "london",
)  # fmt: skip

EN_LEAD_SOURCE = (
    "facebook", "instagram", "google", "website", "web", "site", "ad", "ads", "advert",
    "advertisement", "form", "page", "listing", "linkedin", "tiktok", "youtube", "webinar",
    "event", "expo", "fair", "referral", "survey", "list", "database", "email", "text",
    "message", "inquiry", "enquiry", "request", "application", "signup", "sign-up",
)  # fmt: skip

# "from a facilities company", "with an IT support firm": an article, then a kind
# of organisation at the end, name a kind, not a company ("from a viva home
# insurance", a misrecognised brand, has no such head and still counts)
EN_ARTICLES = ("a", "an")
EN_KIND_HEADS = (
    "company", "firm", "business", "agency", "provider", "outfit", "organisation",
    "organization", "team", "department", "desk", "office", "service", "services",
)  # fmt: skip

# fillers are skipped: "calling from uh solar city"
EN_FILLERS = ("um", "uh", "er", "erm", "ah", "uhm", "hmm")

EN_COMMON = (
    "the", "a", "an", "'s", "of", "and", "&", "moment", "time", "minute", "minutes",
    "today", "tomorrow", "pm", "am", "noon", "morning", "afternoon", "evening", "week",
    "month", "year", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
    "seventy", "eighty", "ninety", "hundred", "thousand", "million", "grand", "k",
    "pounds", "quid", "dollars", "bucks", "percent", "per", "cent", "least", "all", "first", "last",
    "best", "quick", "few", "little", "bit",
    "beginning", "start", "end", "point", "info", "information", "details", "number",
    "question", "questions", "news", "update", "updates", "offer", "chance", "regard",
    "regards", "reference", "respect", "lunch", "night", "tonight", "great", "good",
)  # fmt: skip

EN_STOP = (
    "i", "we", "you", "me", "us", "he", "she", "they", "it", "i'm", "im", "we're", "you're",
    "is", "are", "was", "were", "am", "be", "been", "calling", "call", "called", "here",
    "just", "about", "regarding", "to", "but", "so", "because", "following", "reaching",
    "checking", "ringing", "how", "hope", "hoping", "wanted", "want", "who", "that",
    "which", "where", "when", "can", "could", "would", "will", "do", "did", "have", "has",
    "had", "back", "on", "in", "for", "today", "there", "now", "if", "as", "or",
    "what", "why", "do", "got", "get", "see", "saw", "noticed", "reached", "is", "it's",
    "thanks", "thank", "please", "sir", "madam", "ma'am", "maam", "mate", "yeah", "yes",
    "okay", "ok", "right", "like", "with", "at", "by", "this", "these", "those",
    "speaking", "talking", "gonna", "going", "trying", "reaching", "hi", "hello", "hey",
    "i've", "i'd", "i'll", "we've", "we'll", "we'd", "you've", "you'll", "you'd", "ive",
    "they're", "he's", "she's", "that's", "there's", "let", "let's", "lets",
    "only",  # Indian and Singapore English close with it: "from the holidays desk only"
)  # fmt: skip

EN_REJECT_HEAD = (
    "your", "my", "our", "his", "her", "their", "its", "mr", "mrs", "ms", "miss", "dr",
    "you", "me", "us", "him", "them", "work", "school",
)  # fmt: skip
