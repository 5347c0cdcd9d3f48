"""Names for the demo province: Kinh, Khmer and Hoa naming habits of the Mekong delta.

Pools are weighted lists of (value, weight); every draw goes through the caller's
``random.Random`` so a seed always gives the same people.
"""

from __future__ import annotations

import random
from itertools import accumulate

Weighted = list[tuple[str, int]]


def _words(text: str) -> list[str]:
    return text.split()


KINH_FAMILY: Weighted = [
    ("Nguyễn", 310), ("Trần", 110), ("Lê", 95), ("Phạm", 60), ("Huỳnh", 55), ("Võ", 45),
    ("Phan", 40), ("Trương", 20), ("Bùi", 15), ("Đặng", 15), ("Đỗ", 12), ("Ngô", 12), ("Dương", 10),
    ("Hồ", 12), ("Lý", 6), ("Đoàn", 8), ("Lưu", 5), ("Tô", 5), ("Mai", 6), ("Châu", 6), ("Thái", 5),
    ("Lâm", 6), ("Đinh", 5), ("Cao", 5), ("Tạ", 3), ("Từ", 2), ("Kha", 2), ("Hoàng", 8), ("Quách", 2),
    ("Văn", 2), ("La", 2), ("Triệu", 2), ("Khưu", 1),
]
KINH_MIDDLE_MALE: Weighted = [
    ("Văn", 45), ("Minh", 10), ("Hoàng", 6), ("Quốc", 8), ("Thanh", 8), ("Hữu", 7), ("Công", 5),
    ("Đức", 4), ("Tấn", 6), ("Thành", 5), ("Chí", 4), ("Ngọc", 4), ("Trung", 3), ("Phước", 3),
    ("Hoài", 3), ("Nhật", 2), ("Gia", 2), ("Trọng", 3), ("Duy", 2),
]
KINH_MIDDLE_FEMALE: Weighted = [
    ("Thị", 50), ("Ngọc", 10), ("Thanh", 6), ("Kim", 6), ("Thu", 4), ("Mỹ", 5), ("Bích", 3),
    ("Hồng", 4), ("Diễm", 2), ("Phương", 3), ("Cẩm", 3), ("Thùy", 3), ("Huỳnh", 2), ("Trúc", 2),
    ("Hoàng", 2), ("Tuyết", 2), ("Kiều", 2), ("Minh", 3),
]
KINH_GIVEN_MALE = _words(
    "An Bình Cường Dũng Duy Đạt Hải Hùng Huy Khang Khánh Lâm Long Lộc Minh Nam Nghĩa Nhân Phong Phúc "
    "Quang Sang Sơn Tài Tâm Thắng Thành Thịnh Tiến Toàn Trí Trung Tuấn Vinh Vũ Hiếu Hậu Hòa Kiệt Lực "
    "Thông Tùng Phát Tín Đông Hưng Hoàng Nhựt Tính Thanh Hiền Lợi Mến Nhẫn Quí Thạnh Triều Vàng Út "
    "Khoa Luân Đức Phương Tú Bảo Đăng Hào Kha Nguyên Quý Tường Việt Thái Hạnh"
)
KINH_GIVEN_FEMALE = _words(
    "An Anh Bích Châu Diễm Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Khánh Lan Liên Linh "
    "Loan Mai My Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thanh Thủy Thư Trang Trinh Tuyết Uyên Vân "
    "Xuân Yến Nhi Như Tiên Trâm Thắm Lệ Đào Nhàn Hiếu Kiều Mỹ Phượng Tâm Thúy Trúc Vy Ánh Cúc Hậu Lài "
    "Nương Tươi Em Út Hoàng Ly Ngoan Quế Sương Tú Diệu"
)

KHMER_FAMILY: Weighted = [
    ("Thạch", 40), ("Sơn", 18), ("Danh", 14), ("Kim", 8), ("Lâm", 6), ("Châu", 5), ("Lý", 4),
    ("Trà", 3), ("Tăng", 2), ("Dương", 2), ("Kiên", 2), ("Huỳnh", 2), ("Mai", 1), ("Hứa", 1),
]
KHMER_GIVEN_MALE = [
    "Sa Rết", "Sa Ry", "Sóc Khêm", "Chanh Đa", "Ni", "Pha", "Sa Muôn", "Sơ Ly", "Kha Ri", "Chăn Thi",
    "Sà Rươne", "Vi Sal", "Sóc Ra", "Sam Bô", "Pho Ni", "Thon", "Nhiêm", "Sương", "Rươne", "Sa Mát",
    "Chanh Thi", "Sóc Nô", "Phol", "Sa Vươn", "Ni Sa", "Sô Phon", "Kim Sa", "Sà Quăl", "Mây", "Pên",
]
KHMER_GIVEN_FEMALE = [
    "Sô Phia", "Sa Ra", "Sà Rinh", "Sóc Thia", "Kim Hoa", "Sa Vên", "Sóc Phal", "Chanh Thu", "Sa Rương",
    "Ni Ta", "Ra Ny", "Sóc Khơ", "Mỹ Linh", "Thu Hà", "Sa Phon", "Chăn Ny", "Sô Kha", "Sà Ly", "Ngọc Hân",
    "Sa Ri", "Phanh", "Sóc Nê", "Kim Loan", "Sô Đa", "Thị Na", "Sa Ly", "Mâl", "Sà Phiên", "Ly Na",
]
HOA_FAMILY: Weighted = [
    ("Lâm", 16), ("Quách", 10), ("Trương", 12), ("Lý", 12), ("Tăng", 6), ("Mã", 5), ("Hứa", 6),
    ("Diệp", 5), ("Lưu", 6), ("Huỳnh", 6), ("Châu", 6), ("Thái", 4), ("Vương", 4), ("Tạ", 4), ("La", 3),
    ("Quan", 3), ("Trịnh", 3),
]
HOA_MIDDLE_MALE: Weighted = [("Văn", 30), ("Minh", 12), ("Gia", 10), ("Chí", 10), ("Tú", 6), ("Quốc", 8),
                             ("Kiến", 5), ("Vĩnh", 6), ("Thành", 6)]
HOA_MIDDLE_FEMALE: Weighted = [("Thị", 25), ("Mỹ", 15), ("Tú", 10), ("Huệ", 10), ("Ngọc", 10), ("Kim", 8),
                               ("Bội", 4), ("Tuệ", 5), ("Gia", 5)]
HOA_GIVEN_MALE = _words("Cường Vinh Hào Phát Tài Kiệt Lương Huy Mẫn Thuận Hưng Đạt Phong Khải Hoa Lợi Quang")
HOA_GIVEN_FEMALE = _words("Kiều Huệ Linh Quyên Mẫn Mỹ Anh Ngọc Phụng Trân Hoa Nghi Tuệ Vân Liên Hân Di Quỳnh")

# A handful of people of other groups (Chăm, Tày, Mường …) get Kinh-style names.
OTHER_ETHNICITIES: Weighted = [("Chăm", 3), ("Tày", 2), ("Mường", 2), ("Nùng", 1), ("Thái", 1)]


_CUMULATIVE: dict[int, list[int]] = {}


def pick(rng: random.Random, pool: Weighted) -> str:
    """One value of a weighted pool (cumulative weights cached on the list object's id)."""
    cum = _CUMULATIVE.get(id(pool))
    if cum is None:
        cum = _CUMULATIVE[id(pool)] = list(accumulate(w for _, w in pool))
    return rng.choices(pool, cum_weights=cum)[0][0]



def full_name(rng: random.Random, ethnicity: str, gender: str) -> str:
    """A plausible full name for a person of ``ethnicity`` ("Kinh", "Khmer", "Hoa", …)."""
    female = gender == "nu"
    if ethnicity == "Khmer":
        family = pick(rng, KHMER_FAMILY)
        if rng.random() < 0.7:
            given = rng.choice(KHMER_GIVEN_FEMALE if female else KHMER_GIVEN_MALE)
            middle = "Thị" if female and rng.random() < 0.6 and not given.startswith("Thị") else ""
        else:  # many Khmer officials carry Vietnamese-style names
            middle = pick(rng, KINH_MIDDLE_FEMALE if female else KINH_MIDDLE_MALE)
            given = rng.choice(KINH_GIVEN_FEMALE if female else KINH_GIVEN_MALE)
        return " ".join(p for p in (family, middle, given) if p)
    if ethnicity == "Hoa":
        family = pick(rng, HOA_FAMILY)
        middle = pick(rng, HOA_MIDDLE_FEMALE if female else HOA_MIDDLE_MALE)
        given = rng.choice(HOA_GIVEN_FEMALE if female else HOA_GIVEN_MALE)
        return f"{family} {middle} {given}"
    family = pick(rng, KINH_FAMILY)
    middle = pick(rng, KINH_MIDDLE_FEMALE if female else KINH_MIDDLE_MALE)
    given = rng.choice(KINH_GIVEN_FEMALE if female else KINH_GIVEN_MALE)
    if rng.random() < 0.08:  # a second middle name: Nguyễn Thị Ngọc Hân, Trần Văn Minh Tâm
        extra = pick(rng, KINH_MIDDLE_FEMALE if female else KINH_MIDDLE_MALE)
        if extra in ("Thị", "Văn") and extra != middle:  # Thị and Văn come right after the family name
            middle = f"{extra} {middle}"
        elif extra != middle:
            middle = f"{middle} {extra}"
    return f"{family} {middle} {given}"
