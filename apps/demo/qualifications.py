"""Qualification profiles in the seven dimensions, each backed by a dated certificate.

Shares follow what the Sóc Trăng plan reports: most staff hold a university degree, master's
degrees among provincial staff, trung cấp among commune staff (and some commune officials still
below it, so the 2025 target is partly unmet), political theory and state management rising
with seniority, legacy A/B IT and language certificates before 2016 and the new standards
after, and Khmer for some Kinh officials working in Khmer areas.
"""

from __future__ import annotations

import datetime as dt
import random

from apps.core.vn import fold
from apps.demo.people import Made, between, weighted, years
from apps.demo.staffing import CB, CC, KCT
from apps.demo.units import PROVINCE, Spec

CAP = dt.date(2025, 6, 30)
NEW_STANDARDS = dt.date(2016, 6, 1)  # IT (TT 03/2014) and language (TT 01/2014) certificates in use

Row = tuple[str, str, str, str, str, dt.date, str, dt.date]  # dimension, level, major, language, no., date, issuer, obtained

EDUCATION: dict[str, list[tuple[str | None, int]]] = {
    "doctor": [("dai_hoc", 75), ("thac_si", 22), ("tien_si", 3)],
    "nurse": [("trung_cap", 18), ("cao_dang", 47), ("dai_hoc", 35)],
    "health_other": [("trung_cap", 20), ("cao_dang", 30), ("dai_hoc", 45), ("thac_si", 5)],
    "school_mn": [("trung_cap", 5), ("cao_dang", 35), ("dai_hoc", 60)],
    "school_th": [("cao_dang", 12), ("dai_hoc", 85), ("thac_si", 3)],
    "school_thcs": [("cao_dang", 3), ("dai_hoc", 90), ("thac_si", 7)],
    "school_thpt": [("dai_hoc", 80), ("thac_si", 19), ("tien_si", 1)],
    "school_staff": [("trung_cap", 35), ("cao_dang", 30), ("dai_hoc", 35)],
    "province": [("cao_dang", 3), ("dai_hoc", 70), ("thac_si", 25), ("tien_si", 2)],
    "province_top": [("dai_hoc", 40), ("thac_si", 50), ("tien_si", 10)],
    "district": [("trung_cap", 2), ("cao_dang", 3), ("dai_hoc", 85), ("thac_si", 10)],
    "commune": [(None, 6), ("so_cap", 5), ("trung_cap", 24), ("cao_dang", 8), ("dai_hoc", 55), ("thac_si", 2)],
    "commune_key": [("trung_cap", 12), ("dai_hoc", 78), ("thac_si", 10)],
    "kct": [(None, 20), ("so_cap", 20), ("trung_cap", 40), ("cao_dang", 8), ("dai_hoc", 12)],
    "psu": [("trung_cap", 5), ("cao_dang", 10), ("dai_hoc", 72), ("thac_si", 12), ("tien_si", 1)],
    "lecturer": [("dai_hoc", 30), ("thac_si", 60), ("tien_si", 10)],
}
MAJORS = {
    "doctor": ["Y đa khoa"], "nurse": ["Điều dưỡng", "Điều dưỡng", "Hộ sinh"],
    "health_other": ["Dược", "Kỹ thuật xét nghiệm y học", "Kỹ thuật hình ảnh y học", "Y tế công cộng", "Kế toán"],
    "school_mn": ["Giáo dục mầm non"], "school_th": ["Giáo dục tiểu học"],
    "school_staff": ["Kế toán", "Thư viện - thông tin", "Y sĩ", "Văn thư lưu trữ"],
    "commune": ["Luật", "Quản lý nhà nước", "Kế toán", "Quản lý đất đai", "Hành chính", "Văn hóa học", "Kinh tế nông nghiệp"],
    "kct": ["Chăn nuôi thú y", "Trồng trọt", "Văn thư lưu trữ", "Quân sự cơ sở", "Kế toán", "Hành chính"],
    "": ["Luật", "Kinh tế", "Quản lý nhà nước", "Hành chính học", "Kế toán", "Tài chính - Ngân hàng", "Chính trị học",
         "Công nghệ thông tin", "Quản trị kinh doanh", "Nông học", "Nuôi trồng thủy sản", "Quản lý đất đai",
         "Khoa học môi trường", "Kỹ thuật xây dựng", "Ngôn ngữ Anh", "Xã hội học"],
}
# Majors by what the agency does, matched on words of its name (folded): a finance officer reads
# finance, a forest ranger forestry, a Party board political science; the first match wins.
AGENCY_MAJORS: list[tuple[tuple[str, ...], list[str]]] = [
    (("tu phap", "tro giup phap ly", "cong chung", "thanh tra", "noi chinh", "kiem tra"),
     ["Luật", "Luật", "Luật kinh tế", "Quản lý nhà nước", "Kế toán"]),
    (("tai chinh", "ke hoach"), ["Tài chính - Ngân hàng", "Kế toán", "Kinh tế", "Kinh tế đầu tư", "Quản trị kinh doanh"]),
    (("luu tru",), ["Lưu trữ học", "Văn thư lưu trữ", "Lịch sử"]),
    (("noi vu", "to chuc"), ["Quản lý nhà nước", "Hành chính học", "Luật", "Quản lý nguồn nhân lực", "Xây dựng Đảng và chính quyền nhà nước"]),
    (("kiem lam",), ["Lâm nghiệp", "Quản lý tài nguyên rừng", "Luật"]),
    (("thu y", "chan nuoi"), ["Thú y", "Chăn nuôi", "Nuôi trồng thủy sản"]),
    (("thuy loi",), ["Kỹ thuật tài nguyên nước", "Kỹ thuật xây dựng công trình thủy", "Thủy lợi"]),
    (("dat dai", "tai nguyen", "moi truong", "nuoc sach"), ["Quản lý đất đai", "Khoa học môi trường", "Kỹ thuật môi trường", "Trắc địa - Bản đồ"]),
    (("nong nghiep", "khuyen nong", "dich vu nong nghiep"), ["Nông học", "Bảo vệ thực vật", "Nuôi trồng thủy sản", "Phát triển nông thôn", "Kinh tế nông nghiệp"]),
    (("xay dung", "quy hoach", "dang kiem", "ha tang", "du an"), ["Kỹ thuật xây dựng", "Kiến trúc", "Quy hoạch vùng và đô thị", "Kinh tế xây dựng", "Kỹ thuật giao thông"]),
    (("cong thuong", "khuyen cong", "xuc tien", "khu cong nghiep", "kinh te"), ["Kinh tế", "Kinh doanh thương mại", "Quản trị kinh doanh", "Kinh tế đối ngoại"]),
    (("khoa hoc va cong nghe", "tien bo khoa hoc"), ["Công nghệ sinh học", "Kỹ thuật điện", "Công nghệ thông tin", "Công nghệ thực phẩm"]),
    (("thong tin", "truyen thong", "phat thanh", "truyen hinh"), ["Công nghệ thông tin", "Báo chí", "Truyền thông đa phương tiện", "Kỹ thuật điện tử - viễn thông"]),
    (("thu vien",), ["Thông tin - Thư viện"]), (("bao tang",), ["Bảo tàng học", "Lịch sử"]),
    (("the duc", "the thao"), ["Giáo dục thể chất", "Huấn luyện thể thao"]),
    (("nghe thuat",), ["Nghệ thuật biểu diễn", "Văn hóa Khmer Nam Bộ", "Âm nhạc"]),
    (("van hoa", "du lich"), ["Quản lý văn hóa", "Văn hóa học", "Du lịch", "Việt Nam học"]),
    (("lao dong", "viec lam", "bao tro", "xa hoi"), ["Công tác xã hội", "Kinh tế lao động", "Luật", "Quản trị nhân lực"]),
    (("dan toc", "ton giao"), ["Quản lý nhà nước", "Văn hóa học", "Ngôn ngữ Khmer", "Tôn giáo học"]),
    (("tuyen giao", "dan van", "chinh tri", "tinh uy"), ["Chính trị học", "Xây dựng Đảng và chính quyền nhà nước", "Báo chí", "Triết học", "Luật"]),
    (("mat tran", "phu nu", "doan", "nong dan", "cuu chien binh", "lao dong tinh"), ["Chính trị học", "Công tác xã hội", "Luật", "Công tác thanh thiếu niên"]),
    (("giao duc",), ["Quản lý giáo dục", "Sư phạm Ngữ văn", "Sư phạm Toán học", "Kế toán"]),
    (("y te", "benh tat", "kiem nghiem", "giam dinh", "phap y"), ["Y tế công cộng", "Y đa khoa", "Dược", "Kỹ thuật xét nghiệm y học"]),
    (("benh vien",), ["Quản lý bệnh viện", "Y tế công cộng", "Công nghệ thông tin", "Quản trị nhân lực"]),
    (("cao dang",), ["Sư phạm kỹ thuật", "Quản lý giáo dục", "Công nghệ thông tin", "Quản trị kinh doanh"]),
    (("hdnd", "hoi dong nhan dan", "van phong", "hanh chinh cong", "ubnd"), ["Luật", "Hành chính học", "Quản lý nhà nước", "Kinh tế", "Văn thư lưu trữ"]),
]


def agency_majors(spec: Spec) -> list[str]:
    """The majors that fit ``spec``'s work (an accountant's "Kế toán" too), or the general list."""
    name = fold(spec.name)
    for words, majors in AGENCY_MAJORS:
        if any(w in name for w in words):
            return [*majors, "Kế toán"]
    return MAJORS[""]


UNIVERSITIES = ["Trường Đại học Cần Thơ", "Trường Đại học Cần Thơ", "Trường Đại học Trà Vinh",
                "Trường Đại học Luật Thành phố Hồ Chí Minh", "Trường Đại học Kinh tế Thành phố Hồ Chí Minh",
                "Học viện Hành chính Quốc gia", "Trường Đại học Tây Đô", "Trường Đại học Nam Cần Thơ",
                "Trường Đại học Sư phạm Thành phố Hồ Chí Minh", "Trường Đại học Đồng Tháp"]
MEDICAL = ["Trường Đại học Y Dược Cần Thơ", "Trường Đại học Y Dược Cần Thơ", "Đại học Y Dược Thành phố Hồ Chí Minh",
           "Trường Cao đẳng Y tế Cần Thơ", "Trường Đại học Trà Vinh"]
COLLEGES = [f"Trường Cao đẳng Cộng đồng {PROVINCE}", f"Trường Cao đẳng Sư phạm {PROVINCE}",
            f"Trường Trung cấp Kinh tế - Kỹ thuật {PROVINCE}", "Trường Cao đẳng Kinh tế - Kỹ thuật Cần Thơ"]
SERIES = {"so_cap": "SC", "trung_cap": "TC", "cao_dang": "CĐ", "dai_hoc": "ĐH", "thac_si": "ThS", "tien_si": "TS"}
PREFIX = {"ly_luan_chinh_tri": "LLCT", "quan_ly_nha_nuoc": "QLNN", "quoc_phong_an_ninh": "QPAN", "tin_hoc": "UDCNTT",
          "ngoai_ngu": "NN", "tieng_dan_toc": "TDT"}
POLITICAL_ISSUER = {"so_cap": f"Trung tâm Chính trị cấp huyện, tỉnh {PROVINCE}", "trung_cap": f"Trường Chính trị tỉnh {PROVINCE}",
                    "cao_cap": "Học viện Chính trị khu vực IV", "cu_nhan": "Học viện Chính trị quốc gia Hồ Chí Minh"}
DEFENCE_ISSUER = {"doi_tuong_1": "Học viện Quốc phòng", "doi_tuong_2": "Học viện Quốc phòng",
                  "doi_tuong_3": "Trường Quân sự Quân khu 9", "doi_tuong_4": f"Bộ Chỉ huy Quân sự tỉnh {PROVINCE}"}
SKILL_ISSUERS = ["Trung tâm Ngoại ngữ - Tin học, Trường Đại học Cần Thơ", "Trường Đại học Trà Vinh",
                 f"Trung tâm Ngoại ngữ - Tin học tỉnh {PROVINCE}", "Trường Đại học Sư phạm Thành phố Hồ Chí Minh"]


def seniority(made: Made) -> str:
    """top, head, key (commune key officials), deputy, cs (other cán bộ, công chức), vc, kct."""
    if made.role == "top" or made.position in ("GD_SO", "CT_UBND_TINH", "PCT_UBND_TINH", "CT_UBND_HUYEN"):
        return "top"
    if made.role == "commune_key":
        return "key"
    if made.role in ("head", "deputy"):
        return made.role
    if made.category in (CC, CB):
        return "cs"
    return "kct" if made.category == KCT else "vc"


def _education_profile(made: Made, spec: Spec, rank: str) -> str:
    if made.role in EDUCATION:
        return made.role
    if made.profile.startswith("school_"):
        return made.profile if made.role in ("teacher", "head", "deputy") else "school_staff"
    if made.role.startswith("commune"):
        return "commune_key" if made.role == "commune_key" else "commune"
    if made.category in (CC, CB):
        if spec.level == "district":
            return "district"
        return "province_top" if rank in ("top", "head") else "province"
    return "psu"


def _number(rng: random.Random, prefix: str, day: dt.date) -> str:
    return f"{prefix}-{day.year}-{rng.randrange(1, 10**6):06d}"


def _education(rng: random.Random, made: Made, spec: Spec, rank: str, cap: dt.date) -> list[Row]:
    profile = _education_profile(made, spec, rank)
    level = weighted(rng, EDUCATION[profile])
    if level is None:
        return []
    if profile.startswith("school_") and profile not in ("school_mn", "school_th", "school_staff"):
        major = "Sư phạm " + (made.job.removeprefix("Giáo viên ") if made.job.startswith("Giáo viên ") else "Ngữ văn")
    elif profile in MAJORS:
        major = rng.choice(MAJORS[profile])
    else:  # provincial and district staff, public service units: a degree that fits the agency
        major = rng.choice(agency_majors(spec))
    issuers = MEDICAL if profile in ("doctor", "nurse", "health_other") else UNIVERSITIES
    base = "dai_hoc" if level in ("thac_si", "tien_si") else level
    age = {"so_cap": 19, "trung_cap": 20, "cao_dang": 21, "dai_hoc": 22}[base]
    first = between(rng, years(made.birth_date, age), years(made.birth_date, age + 2))
    in_service = made.role in ("commune_cb", "commune_cc", "kct") and rng.random() < 0.4
    if in_service:
        first = between(rng, years(made.joined_on, 1), years(made.joined_on, 8))
    elif first >= made.joined_on:
        first = made.joined_on - dt.timedelta(days=rng.randrange(30, 300))
    first = min(first, cap)
    issuer = rng.choice(COLLEGES) if base in ("so_cap", "trung_cap", "cao_dang") and profile not in (
        "doctor", "nurse", "health_other") else rng.choice(issuers)
    rows = [_row(rng, "chuyen_mon", base, major, "", first, issuer, SERIES[base], cap)]
    day = first
    steps = {"thac_si": 1, "tien_si": 2}.get(level, 0)
    for higher, gap in [("thac_si", (4, 12)), ("tien_si", (3, 7))][:steps]:
        day = between(rng, years(day, gap[0]), years(day, gap[1]))
        if day > cap:
            break
        rows.append(_row(rng, "chuyen_mon", higher, major, "", day, rng.choice(issuers), SERIES[higher], cap))
    return rows


def _row(rng: random.Random, dimension: str, level: str, major: str, language: str, obtained: dt.date,
         issuer: str, prefix: str, cap: dt.date) -> Row:
    cert_date = min(obtained + dt.timedelta(days=rng.randrange(0, 45)), cap)
    return (dimension, level, major, language, _number(rng, prefix, obtained), cert_date, issuer, obtained)


def _in_service(rng: random.Random, made: Made, cap: dt.date, lo_years: int = 1) -> dt.date:
    return between(rng, min(years(made.joined_on, lo_years), cap), cap)


Odds = dict[str, list[tuple[str | None, int]]]
POLITICAL: Odds = {"top": [("cao_cap", 75), ("cu_nhan", 25)], "head": [("cao_cap", 45), ("trung_cap", 55)],
             "key": [("trung_cap", 85), ("cao_cap", 10), ("so_cap", 5)],
             "deputy": [("trung_cap", 65), ("cao_cap", 15), ("so_cap", 15), (None, 5)],
             "cs": [("so_cap", 40), ("trung_cap", 25), (None, 35)], "vc": [("so_cap", 30), ("trung_cap", 3), (None, 67)],
             "kct": [("so_cap", 50), (None, 50)]}
DEFENCE: Odds = {"top": [("doi_tuong_2", 95), (None, 5)], "head": [("doi_tuong_3", 90), (None, 10)],
           "key": [("doi_tuong_3", 85), ("doi_tuong_4", 10), (None, 5)],
           "deputy": [("doi_tuong_3", 60), ("doi_tuong_4", 30), (None, 10)],
           "cs": [("doi_tuong_4", 60), (None, 40)], "vc": [("doi_tuong_4", 30), (None, 70)],
           "kct": [("doi_tuong_4", 45), (None, 55)]}


def _state_management(rng: random.Random, made: Made, rank: str) -> str | None:
    if made.category == KCT:
        return "chuyen_vien" if rng.random() < 0.05 else None
    if made.category not in (CC, CB):
        odds = [("chuyen_vien", 65), ("chuyen_vien_chinh", 10), (None, 25)] if rank in ("head", "deputy") else [
            ("chuyen_vien", 5), (None, 95)]
        return weighted(rng, odds)
    if rank == "top" or made.rank == "01.001":
        return weighted(rng, [("chuyen_vien_cao_cap", 70), ("chuyen_vien_chinh", 30)])
    if made.rank in ("01.002", "06.030") or rank == "head":
        return weighted(rng, [("chuyen_vien_chinh", 80), ("chuyen_vien", 20)])
    if made.rank in ("01.003", "06.031", "13.095") or rank in ("deputy", "key"):
        return weighted(rng, [("chuyen_vien", 70), (None, 30)])
    return "chuyen_vien" if rng.random() < 0.2 else None


def _skill(rng: random.Random, made: Made, dimension: str, cap: dt.date) -> list[Row]:
    """IT or foreign language: legacy A/B/C before mid-2016, the new standards after."""
    wanted = {"tin_hoc": {"kct": 0.45, "vc": 0.75}, "ngoai_ngu": {"kct": 0.2, "vc": 0.62, "key": 0.7, "cs": 0.68}}
    share = wanted[dimension].get(seniority(made), 0.85 if dimension == "tin_hoc" else 0.9)
    if rng.random() >= share:
        return []
    language = ""
    if dimension == "ngoai_ngu":
        language = "Tiếng Trung" if made.ethnicity == "Hoa" and rng.random() < 0.4 else weighted(
            rng, [("Tiếng Anh", 94), ("Tiếng Pháp", 3), ("Tiếng Trung", 3)])
    lo = max(years(made.birth_date, 20), dt.date(2000, 1, 1))
    legacy = lo < NEW_STANDARDS and rng.random() < 0.6
    rows = []
    if legacy:
        day = between(rng, lo, NEW_STANDARDS - dt.timedelta(days=1))
        level = weighted(rng, [("a", 50), ("b", 44), ("c", 6)])
        rows.append(_row(rng, dimension, level, "", language, min(day, cap), rng.choice(SKILL_ISSUERS),
                         PREFIX[dimension], cap))
    if not legacy or rng.random() < 0.12:
        day = between(rng, max(lo, NEW_STANDARDS), cap)
        if dimension == "tin_hoc":
            level = weighted(rng, [("co_ban", 85), ("nang_cao", 15)])
        else:
            level = weighted(rng, [("bac_1", 8), ("bac_2", 45), ("bac_3", 40), ("bac_4", 6), ("bac_5", 1)])
        rows.append(_row(rng, dimension, level, "", language, day, rng.choice(SKILL_ISSUERS), PREFIX[dimension], cap))
    return rows


def qualifications(rng: random.Random, made: Made, spec: Spec) -> list[Row]:
    """Every certificate ``made`` holds, dated no later than 30/06/2025 nor after they stopped."""
    cap = min(CAP, made.status_on - dt.timedelta(days=1)) if made.status_on else CAP
    rank = seniority(made)
    rows = _education(rng, made, spec, rank, cap)
    level = weighted(rng, POLITICAL[rank])
    if level:
        rows.append(_row(rng, "ly_luan_chinh_tri", level, "", "", _in_service(rng, made, cap, 2),
                         POLITICAL_ISSUER[level], PREFIX["ly_luan_chinh_tri"], cap))
    level = _state_management(rng, made, rank)
    if level:
        issuer = f"Trường Chính trị tỉnh {PROVINCE}" if level == "chuyen_vien" else "Học viện Hành chính Quốc gia"
        rows.append(_row(rng, "quan_ly_nha_nuoc", level, "", "", _in_service(rng, made, cap, 2), issuer,
                         PREFIX["quan_ly_nha_nuoc"], cap))
    level = weighted(rng, DEFENCE[rank])
    if level:
        if made.position == "CT_UBND_TINH":
            level = "doi_tuong_1"
        rows.append(_row(rng, "quoc_phong_an_ninh", level, "", "", _in_service(rng, made, cap), DEFENCE_ISSUER[level],
                         PREFIX["quoc_phong_an_ninh"], cap))
    rows += _skill(rng, made, "tin_hoc", cap)
    rows += _skill(rng, made, "ngoai_ngu", cap)
    rows += _ethnic_language(rng, made, spec, rank, cap)
    return rows


def _ethnic_language(rng: random.Random, made: Made, spec: Spec, rank: str, cap: dt.date) -> list[Row]:
    """Kinh (and Hoa) staff in Khmer areas learn Khmer; a few learn Hoa where it is spoken."""
    languages = spec.flags.get("ethnic_languages", "")
    if made.ethnicity == "Khmer" or not languages:
        return []
    share = {"vc": 0.2, "kct": 0.25}.get(rank, 0.4)
    rows = []
    for language, odds in (("Khmer", share), ("Hoa", 0.05)):
        if language in languages and rng.random() < odds:
            level = "thong_thao" if rng.random() < 0.2 else "su_dung"
            issuer = rng.choice([f"Trường Chính trị tỉnh {PROVINCE}", "Trường Đại học Trà Vinh",
                                 f"Trường Phổ thông Dân tộc nội trú tỉnh {PROVINCE}"])
            rows.append(_row(rng, "tieng_dan_toc", level, "", language, _in_service(rng, made, cap), issuer,
                             PREFIX["tieng_dan_toc"], cap))
    return rows
