"""Vietnamese provinces and the names people call them by, with or without tone
marks: "Sài Gòn", "sai gon", "HCM", "Sg" and "Thủ Đức" are all Hồ Chí Minh."""

from __future__ import annotations

from callqa.qa.persona.text import fold

# canonical name -> other names (folded on use). Districts only where unambiguous.
PROVINCES: dict[str, tuple[str, ...]] = {
    "Hồ Chí Minh": (
        "thành phố hồ chí minh", "tp hcm", "tp.hcm", "tphcm", "hcm", "hcmc", "sài gòn",
        "sai gon", "saigon", "sg", "sì gòn", "ho chi minh city", "thủ đức", "gò vấp",
        "bình thạnh", "tân bình", "tân phú", "phú nhuận", "củ chi", "hóc môn", "nhà bè",
    ),
    "Hà Nội": ("hà nội", "ha noi", "hanoi", "hn", "thủ đô", "hoàn kiếm", "cầu giấy", "đống đa"),
    "Đà Nẵng": ("đà nẵng", "da nang", "danang"),
    "Hải Phòng": ("hải phòng", "hai phong", "haiphong"),
    "Cần Thơ": ("cần thơ", "can tho", "ninh kiều"),
    "Bình Dương": ("bình dương", "binh duong", "thủ dầu một", "dĩ an", "thuận an", "bd"),
    "Đồng Nai": ("đồng nai", "dong nai", "biên hòa", "biên hoà", "long thành", "nhơn trạch"),
    "Bà Rịa - Vũng Tàu": ("bà rịa vũng tàu", "vũng tàu", "vung tau", "bà rịa", "brvt"),
    "Long An": ("long an",), "Tây Ninh": ("tây ninh",), "Bình Phước": ("bình phước",),
    "Tiền Giang": ("tiền giang", "mỹ tho"), "Bến Tre": ("bến tre",),
    "Vĩnh Long": ("vĩnh long",), "Trà Vinh": ("trà vinh",), "Đồng Tháp": ("đồng tháp",),
    "An Giang": ("an giang", "long xuyên", "châu đốc"), "Kiên Giang": ("kiên giang", "phú quốc"),
    "Hậu Giang": ("hậu giang",), "Sóc Trăng": ("sóc trăng",), "Bạc Liêu": ("bạc liêu",),
    "Cà Mau": ("cà mau", "ca mau"), "Lâm Đồng": ("lâm đồng", "đà lạt", "da lat", "dalat"),
    "Khánh Hòa": ("khánh hòa", "khánh hoà", "nha trang"),
    "Bình Thuận": ("bình thuận", "phan thiết"),
    "Ninh Thuận": ("ninh thuận", "phan rang"), "Đắk Lắk": ("đắk lắk", "dak lak", "buôn ma thuột"),
    "Gia Lai": ("gia lai", "pleiku"), "Kon Tum": ("kon tum",), "Đắk Nông": ("đắk nông",),
    "Phú Yên": ("phú yên", "tuy hòa"), "Bình Định": ("bình định", "quy nhơn"),
    "Quảng Ngãi": ("quảng ngãi",), "Quảng Nam": ("quảng nam", "hội an", "tam kỳ"),
    "Thừa Thiên Huế": ("thừa thiên huế", "huế", "hue"), "Quảng Trị": ("quảng trị",),
    "Quảng Bình": ("quảng bình", "đồng hới"), "Hà Tĩnh": ("hà tĩnh",), "Nghệ An": ("nghệ an",),
    "Thanh Hóa": ("thanh hóa", "thanh hoá"), "Ninh Bình": ("ninh bình",), "Nam Định": ("nam định",),
    "Thái Bình": ("thái bình",), "Hà Nam": ("hà nam",), "Hưng Yên": ("hưng yên",),
    "Hải Dương": ("hải dương",), "Bắc Ninh": ("bắc ninh",), "Bắc Giang": ("bắc giang",),
    "Quảng Ninh": ("quảng ninh", "hạ long"), "Vĩnh Phúc": ("vĩnh phúc",), "Phú Thọ": ("phú thọ",),
    "Thái Nguyên": ("thái nguyên",), "Lạng Sơn": ("lạng sơn",), "Cao Bằng": ("cao bằng",),
    "Bắc Kạn": ("bắc kạn",), "Tuyên Quang": ("tuyên quang",), "Hà Giang": ("hà giang",),
    "Lào Cai": ("lào cai", "sa pa", "sapa"), "Yên Bái": ("yên bái",), "Sơn La": ("sơn la",),
    "Điện Biên": ("điện biên",), "Lai Châu": ("lai châu",), "Hòa Bình": ("hòa bình", "hoà bình"),
}  # fmt: skip


def place_names(choices: tuple[str, ...]) -> dict[str, str]:
    """folded name -> canonical name, for the given choices and every known province.

    A choice of the form is its own canonical name; a province the form does not
    list is still recognised, so "Cà Mau" can fail an ``in`` target.
    """
    names: dict[str, str] = {}
    canon_of_choice = {fold(c): c for c in choices}
    for canonical, others in PROVINCES.items():
        target = canon_of_choice.get(fold(canonical), canonical)
        for name in (canonical, *others):
            names.setdefault(fold(name), target)
    for folded, choice in canon_of_choice.items():
        names[folded] = choice
    return names


def is_place_field(choices: tuple[str, ...]) -> bool:
    known = {fold(name) for name in PROVINCES}
    return any(fold(c) in known for c in choices)
