"""The demo province's organisation tree and its 1 July 2025 restructuring.

Modelled on Sóc Trăng before it joined Cần Thơ city: a provincial tier (departments, party bodies,
socio-political organisations, the People's Council and their public service units), eleven
district-level units with their offices, schools and communes (valid from 01/01/2000), then on
01/07/2025 the communes merged in groups of 2–4, district schools taken over by the new communes
and the district level abolished, all through the real restructuring services. The merger of the
province itself into Cần Thơ is not modelled: the demo holds one former province only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from apps.accounts.access import SYSTEM
from apps.organization.models import Level, Unit, UnitKind
from apps.organization.services import unit_abolish_level, unit_create, unit_merge_into_new

FULL_SIZE = 30000  # people from which every district school exists
START = dt.date(2000, 1, 1)
REFORM = dt.date(2025, 7, 1)
PROVINCE = "Sóc Trăng"
COMMUNE_DECISION = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
LEVEL_DECISION = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"


@dataclass
class Spec:
    """One unit to create; ``profile`` names its staffing template (see apps.demo.people)."""

    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    profile: str = ""
    tier: str = ""
    weight: float = 0.0
    flags: dict = field(default_factory=dict)
    district: str = ""
    home: str = ""  # commune a district school stands in (it follows that commune in 2025)
    place: str = ""  # a commune's bare name (Long Hưng, Phường 1)
    place_type: str = ""  # xã, phường, thị trấn


# (code, name, chi cục / public service units under it: (code, name, profile, weight))
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ", [("SNV-TTLT", "Trung tâm Lưu trữ lịch sử tỉnh", "psu", 25)]),
    ("STC", "Sở Tài chính", [("STC-TTXT", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp", "psu", 25)]),
    ("SYT", "Sở Y tế", []),  # hospitals added below
    ("SGD", "Sở Giáo dục và Đào tạo", []),  # schools added below
    ("SNNMT", "Sở Nông nghiệp và Môi trường", [
        ("SNNMT-CCTL", "Chi cục Thủy lợi", "chi_cuc", 30), ("SNNMT-CCKL", "Chi cục Kiểm lâm", "chi_cuc", 30),
        ("SNNMT-CCTY", "Chi cục Chăn nuôi và Thú y", "chi_cuc", 35),
        ("SNNMT-TTKN", "Trung tâm Khuyến nông", "psu", 40),
        ("SNNMT-VPDK", "Văn phòng Đăng ký đất đai", "psu", 160),
        ("SNNMT-TTNS", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", "psu", 45)]),
    ("SXD", "Sở Xây dựng", [("SXD-TTQH", "Trung tâm Quy hoạch xây dựng", "psu", 25),
                            ("SXD-TTDK", "Trung tâm Đăng kiểm phương tiện", "psu", 30)]),
    ("SCT", "Sở Công Thương", [("SCT-TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "psu", 25)]),
    ("STP", "Sở Tư pháp", [("STP-TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", "psu", 20),
                           ("STP-PCC1", "Phòng Công chứng số 1", "psu", 10)]),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", [
        ("SVH-TV", "Thư viện tỉnh", "psu", 25), ("SVH-BT", "Bảo tàng tỉnh", "psu", 20),
        ("SVH-KHMER", "Nhà hát Nghệ thuật Khmer Ánh Bình Minh", "psu", 45),
        ("SVH-TDTT", "Trung tâm Huấn luyện và Thi đấu thể dục thể thao", "psu", 40)]),
    ("SKHCN", "Sở Khoa học và Công nghệ", [("SKHCN-TTUD", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", "psu", 30)]),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", []),
    ("STTTT", "Sở Thông tin và Truyền thông", [("STTTT-TTCN", "Trung tâm Công nghệ thông tin và Truyền thông", "psu", 25)]),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", [
        ("SLD-TTDVVL", "Trung tâm Dịch vụ việc làm", "psu", 30),
        ("SLD-TTBTXH", "Trung tâm Bảo trợ xã hội", "psu", 35)]),
    ("TTRA", "Thanh tra tỉnh", []),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp", []),
    ("VPUBND", "Văn phòng UBND tỉnh", [("VP-TTPVHCC", "Trung tâm Phục vụ hành chính công", "psu", 35)]),
]
PARTY = [("TU-VP", "Văn phòng Tỉnh ủy", 45), ("TU-BTC", "Ban Tổ chức Tỉnh ủy", 35),
         ("TU-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", 40), ("TU-UBKT", "Ủy ban Kiểm tra Tỉnh ủy", 30),
         ("TU-BNC", "Ban Nội chính Tỉnh ủy", 20)]
SOCIO_POLITICAL = [("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 30), ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", 20),
                   ("TINHDOAN", "Tỉnh đoàn", 20), ("HND", "Hội Nông dân tỉnh", 20),
                   ("HCCB", "Hội Cựu chiến binh tỉnh", 12), ("LDLD", "Liên đoàn Lao động tỉnh", 25)]
HOSPITALS = [("BVDK", "Bệnh viện Đa khoa tỉnh Sóc Trăng", "hospital", 1400),
             ("BVSN", "Bệnh viện Sản - Nhi", "hospital", 450), ("BVLAO", "Bệnh viện Chuyên khoa Lao và Bệnh phổi", "hospital", 180),
             ("BVYHCT", "Bệnh viện Y dược cổ truyền", "hospital", 170),
             ("BVTT", "Bệnh viện Chuyên khoa Tâm thần", "hospital", 130),
             ("BVMAT", "Bệnh viện Chuyên khoa Mắt - Răng Hàm Mặt", "hospital", 120),
             ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh", "health_centre", 170),
             ("TTPY", "Trung tâm Pháp y", "health_centre", 25),
             ("TTKN", "Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm", "health_centre", 35),
             ("TTGDYK", "Trung tâm Giám định y khoa", "health_centre", 20)]
THPT = ["chuyên Nguyễn Thị Minh Khai", "Hoàng Diệu", "Lê Lợi", "Phan Văn Hùng", "Mỹ Xuyên", "Kế Sách",
        "Thiều Văn Chỏi", "An Lạc Thôn", "Phú Tâm", "Thuận Hòa", "Huỳnh Hữu Nghĩa", "Mỹ Hương",
        "Văn Ngọc Chính", "Đoàn Văn Tố", "An Thạnh 3", "Lương Định Của", "Đại Ngãi", "Trần Văn Bảy",
        "Ngọc Tố", "Hòa Tú", "Mai Thanh Thế", "Lê Văn Tám", "Thạnh Tân", "Trần Đề", "Lịch Hội Thượng",
        "Vĩnh Hải", "Lai Hòa", "Nguyễn Khuyến", "Tân Thạnh", "Hưng Lợi", "Phú Lộc", "Dân tộc nội trú Huỳnh Cương"]

# District-level units: (code, kind of unit, name, commune type list "type:name", Khmer share, Hoa?)
DISTRICTS = [
    ("941", "thành phố", "Sóc Trăng", ["phường:Phường 1", "phường:Phường 2", "phường:Phường 3", "phường:Phường 4",
                                        "phường:Phường 5", "phường:Phường 6", "phường:Phường 7", "phường:Phường 8",
                                        "phường:Phường 9", "phường:Phường 10"], 0.3, True),
    ("942", "huyện", "Châu Thành", ["thị trấn:Châu Thành", "xã:Hồ Đắc Kiện", "xã:Phú Tâm", "xã:Thuận Hòa",
                                    "xã:Phú Tân", "xã:Thiện Mỹ", "xã:An Hiệp", "xã:An Ninh"], 0.7, False),
    ("943", "huyện", "Kế Sách", ["thị trấn:Kế Sách", "thị trấn:An Lạc Thôn", "xã:Xuân Hòa", "xã:Phong Nẫm",
                                 "xã:An Lạc Tây", "xã:Trinh Phú", "xã:Ba Trinh", "xã:Thới An Hội", "xã:Nhơn Mỹ",
                                 "xã:Kế Thành", "xã:Kế An", "xã:Đại Hải", "xã:An Mỹ"], 0.3, False),
    ("944", "huyện", "Mỹ Tú", ["thị trấn:Huỳnh Hữu Nghĩa", "xã:Long Hưng", "xã:Hưng Phú", "xã:Mỹ Hương",
                               "xã:Mỹ Tú", "xã:Mỹ Phước", "xã:Thuận Hưng", "xã:Mỹ Thuận", "xã:Phú Mỹ"], 0.6, False),
    ("945", "huyện", "Cù Lao Dung", ["thị trấn:Cù Lao Dung", "xã:An Thạnh 1", "xã:An Thạnh Tây", "xã:An Thạnh Đông",
                                     "xã:Đại Ân 1", "xã:An Thạnh 2", "xã:An Thạnh 3", "xã:An Thạnh Nam"], 0.0, False),
    ("946", "huyện", "Long Phú", ["thị trấn:Long Phú", "thị trấn:Đại Ngãi", "xã:Song Phụng", "xã:Hậu Thạnh",
                                  "xã:Long Đức", "xã:Trường Khánh", "xã:Phú Hữu", "xã:Tân Hưng", "xã:Châu Khánh",
                                  "xã:Tân Thạnh", "xã:Long Phú"], 0.4, False),
    ("947", "huyện", "Mỹ Xuyên", ["thị trấn:Mỹ Xuyên", "xã:Đại Tâm", "xã:Tham Đôn", "xã:Thạnh Phú", "xã:Ngọc Đông",
                                  "xã:Thạnh Quới", "xã:Hòa Tú 1", "xã:Gia Hòa 1", "xã:Ngọc Tố", "xã:Gia Hòa 2",
                                  "xã:Hòa Tú 2"], 0.6, True),
    ("948", "thị xã", "Ngã Năm", ["phường:Phường 1", "phường:Phường 2", "phường:Phường 3", "xã:Vĩnh Quới",
                                  "xã:Tân Long", "xã:Long Bình", "xã:Mỹ Quới", "xã:Mỹ Bình"], 0.2, False),
    ("949", "huyện", "Thạnh Trị", ["thị trấn:Phú Lộc", "thị trấn:Hưng Lợi", "xã:Lâm Tân", "xã:Thạnh Tân",
                                   "xã:Lâm Kiết", "xã:Tuân Tức", "xã:Vĩnh Thành", "xã:Thạnh Trị", "xã:Vĩnh Lợi",
                                   "xã:Châu Hưng"], 0.6, False),
    ("950", "thị xã", "Vĩnh Châu", ["phường:Phường 1", "phường:Phường 2", "phường:Khánh Hòa", "phường:Vĩnh Phước",
                                    "xã:Vĩnh Hiệp", "xã:Hòa Đông", "xã:Lạc Hòa", "xã:Vĩnh Hải", "xã:Lai Hòa",
                                    "xã:Vĩnh Tân"], 0.8, True),
    ("951", "huyện", "Trần Đề", ["thị trấn:Trần Đề", "thị trấn:Lịch Hội Thượng", "xã:Đại Ân 2", "xã:Liêu Tú",
                                 "xã:Lịch Hội Thượng", "xã:Trung Bình", "xã:Tài Văn", "xã:Viên An",
                                 "xã:Thạnh Thới An", "xã:Thạnh Thới Thuận", "xã:Viên Bình"], 0.7, False),
]
# Wards named by number take a new name when merged.
NEW_WARD_NAMES = {"941": ["Sóc Trăng", "Phú Lợi", "Khánh Hưng", "Mạc Đĩnh Chi"], "948": ["Ngã Năm", "Vĩnh Quới"],
                  "950": ["Vĩnh Châu", "Khánh Hòa", "Vĩnh Phước"]}
REMOTE_DISTRICTS = {"945", "951", "950", "949"}

# District offices: (suffix, name, weight, successor rule)
DISTRICT_OFFICES = [
    ("PNV", "Phòng Nội vụ", 8, "seat"), ("PTCKH", "Phòng Tài chính - Kế hoạch", 9, "commune"),
    ("PTP", "Phòng Tư pháp", 5, "commune"), ("PTNMT", "Phòng Tài nguyên và Môi trường", 8, "commune"),
    ("PNN", "Phòng Nông nghiệp và Phát triển nông thôn", 8, "commune"),
    ("PKTHT", "Phòng Kinh tế và Hạ tầng", 8, "commune"), ("PGD", "Phòng Giáo dục và Đào tạo", 12, "SGD"),
    ("PVHTT", "Phòng Văn hóa và Thông tin", 6, "commune"), ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", 7, "commune"),
    ("PYT", "Phòng Y tế", 4, "SYT"), ("TTRA", "Thanh tra", 6, "seat"),
]
DISTRICT_PSUS = [("TTVHTT", "Trung tâm Văn hóa, Thể thao và Truyền thanh", 22),
                 ("TTDVNN", "Trung tâm Dịch vụ nông nghiệp", 16),
                 ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng", 10)]
SCHOOLS = [("MN", "Trường Mầm non", "school_mn", 0.9, 30), ("TH", "Trường Tiểu học", "school_th", 1.25, 42),
           ("THCS", "Trường THCS", "school_thcs", 0.9, 48)]


def _district_label(kind: str, name: str) -> str:
    return f"{kind} {name}"


def province_specs(rng: random.Random, persons: int = FULL_SIZE) -> list[Spec]:
    """Every unit in force on 30/06/2025, parents before children, in a fixed order. District
    schools scale down below 30,000 people (a test province needs a few, not 350)."""
    root = Spec("TINH", f"UBND tỉnh {PROVINCE}", Level.PROVINCE, UnitKind.STATE, None, "province_leaders",
                "province_admin", 5)
    specs = [root]
    add = specs.append
    for code, name, subs in DEPARTMENTS:
        add(Spec(code, name, Level.PROVINCE, UnitKind.STATE, "TINH", "department", "province_admin",
                 70 if code == "VPUBND" else 45))
        for sub_code, sub_name, profile, weight in subs:
            kind = UnitKind.STATE if profile == "chi_cuc" else UnitKind.PUBLIC_SERVICE
            tier = "province_admin" if profile == "chi_cuc" else "other_psu"
            add(Spec(sub_code, sub_name, Level.PROVINCE, kind, code, profile, tier, weight))
    # The Party's bodies and its school answer to the provincial Party committee, a root of its own
    # beside the People's Committee (they are not state agencies)
    add(Spec("TU", f"Tỉnh ủy {PROVINCE}", Level.PROVINCE, UnitKind.PARTY, None, "party", "province_admin", 0))
    for code, name, weight in PARTY:
        add(Spec(code, name, Level.PROVINCE, UnitKind.PARTY, "TU", "party", "province_admin", weight))
    add(Spec("TCT", f"Trường Chính trị tỉnh {PROVINCE}", Level.PROVINCE, UnitKind.PARTY, "TU", "psu",
             "other_psu", 60))
    for code, name, weight in SOCIO_POLITICAL:
        add(Spec(code, name, Level.PROVINCE, UnitKind.SOCIO_POLITICAL, "TINH", "socio", "province_admin", weight))
    add(Spec("HDND", f"HĐND tỉnh {PROVINCE}", Level.PROVINCE, UnitKind.COUNCIL, "TINH", "council",
             "province_admin", 15))
    add(Spec("DPTTH", f"Đài Phát thanh và Truyền hình {PROVINCE}", Level.PROVINCE, UnitKind.PUBLIC_SERVICE, "TINH",
             "radio", "other_psu", 130))
    add(Spec("CDST", f"Trường Cao đẳng {PROVINCE}", Level.PROVINCE, UnitKind.PUBLIC_SERVICE, "SGD", "college",
             "other_psu", 160))
    for code, name, profile, weight in HOSPITALS:
        add(Spec(code, name, Level.PROVINCE, UnitKind.PUBLIC_SERVICE, "SYT", profile, "health", weight))
    communes = _district_specs(rng, specs, min(1.0, persons / FULL_SIZE))
    _province_schools(specs, communes)
    return specs


def _district_specs(rng: random.Random, specs: list[Spec], school_scale: float) -> list[Spec]:
    """Districts with their offices, communes and schools; returns the communes."""
    all_communes: list[Spec] = []
    commune_number = 31507
    for dcode, dkind, dname, communes, khmer_share, hoa in DISTRICTS:
        label = _district_label(dkind, dname)
        ubnd = f"H{dcode}"
        specs.append(Spec(ubnd, f"UBND {label}", Level.DISTRICT, UnitKind.STATE, "TINH", "district_ubnd",
                          "district_admin", 22, district=dcode))
        specs.append(Spec(f"{ubnd}-HDND", f"HĐND {label}", Level.DISTRICT, UnitKind.COUNCIL, ubnd, "", "",
                          0, district=dcode))
        for suffix, office, weight, _rule in DISTRICT_OFFICES:
            name = f"{office} {label}" if suffix != "TTRA" else f"Thanh tra {label}"
            specs.append(Spec(f"{ubnd}-{suffix}", name, Level.DISTRICT, UnitKind.STATE, ubnd, "district_office",
                              "district_admin", weight, district=dcode))
        specs.append(Spec(f"{ubnd}-TTYT", f"Trung tâm Y tế {label}", Level.PROVINCE, UnitKind.PUBLIC_SERVICE,
                          "SYT", "health_centre", "health", 380, district=dcode))
        for suffix, psu, weight in DISTRICT_PSUS:
            specs.append(Spec(f"{ubnd}-{suffix}", f"{psu} {label}", Level.DISTRICT, UnitKind.PUBLIC_SERVICE, ubnd,
                              "psu", "other_psu", weight, district=dcode))
        district_communes = []
        for i, entry in enumerate(communes):
            ctype, cname = entry.split(":")
            flags = _commune_flags(rng, dcode, khmer_share, hoa, i)
            numbered = cname.startswith("Phường ")
            display = (cname if dcode == "941" else f"{cname}, {label}") if numbered else f"{ctype} {cname}"
            spec = Spec(f"X{commune_number}", f"UBND {display}", Level.COMMUNE, UnitKind.STATE, ubnd,
                        "commune", "commune", 35, flags, dcode, place=cname, place_type=ctype)
            commune_number += 3
            specs.append(spec)
            district_communes.append(spec)
        all_communes.extend(district_communes)
        for prefix, school, profile, per_commune, weight in SCHOOLS:
            count = max(1, round(len(communes) * per_commune * school_scale))
            for n in range(count):
                home = district_communes[n % len(district_communes)]
                place = home.place if not home.place.startswith("Phường ") else f"{home.place}, {label}"
                suffix = "" if n < len(district_communes) else f" {n // len(district_communes) + 1}"
                specs.append(Spec(f"{ubnd}-{prefix}{n + 1:02d}", f"{school} {place}{suffix}", Level.DISTRICT,
                                  UnitKind.PUBLIC_SERVICE, ubnd, profile, "education", weight,
                                  dict(home.flags), dcode, home.code))
    return all_communes


def _commune_flags(rng: random.Random, dcode: str, khmer_share: float, hoa: bool, index: int) -> dict:
    flags: dict = {}
    if rng.random() < khmer_share:
        langs = "Khmer, Hoa" if hoa and rng.random() < 0.35 else "Khmer"
        flags.update(is_ethnic_minority_area=True, ethnic_languages=langs)
        if rng.random() < 0.3:
            flags["is_especially_difficult"] = True
    if dcode in REMOTE_DISTRICTS and index > 0 and rng.random() < 0.45:
        flags["is_remote"] = True
    return flags


def _province_schools(specs: list[Spec], communes: list[Spec]) -> None:
    for n, name in enumerate(THPT):
        home = communes[(n * 7) % len(communes)]
        specs.append(Spec(f"THPT{n + 1:02d}", f"Trường THPT {name}", Level.PROVINCE, UnitKind.PUBLIC_SERVICE, "SGD",
                          "school_thpt", "education", 80, dict(home.flags), home.district, home.code))
    for n, dcode in enumerate(("942", "944", "949", "951")):
        dname = next(d[2] for d in DISTRICTS if d[0] == dcode)
        specs.append(Spec(f"GDNN{n + 1:02d}", f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {dname}",
                          Level.PROVINCE, UnitKind.PUBLIC_SERVICE, "SGD", "psu", "education", 35, district=dcode))


def create_units(specs: list[Spec]) -> dict[str, Unit]:
    """Create every unit (valid from 01/01/2000) through the unit service, without audit rows."""
    units: dict[str, Unit] = {}
    for spec in specs:
        units[spec.code] = unit_create(
            actor=SYSTEM, code=spec.code, name=spec.name, level=spec.level, kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None, valid_from=START, audit=False, **spec.flags,
        )
    return units


# --- 1 July 2025 -----------------------------------------------------------------------------------

def merge_groups(rng: random.Random, communes: list[Spec]) -> list[list[Spec]]:
    """Split one district's communes, in order, into groups of 2 to 4."""
    groups, rest = [], list(communes)
    while rest:
        if len(rest) <= 4:
            size = len(rest)
        else:
            size = rng.choice([s for s in (2, 3, 4) if len(rest) - s != 1])
        groups.append(rest[:size])
        rest = rest[size:]
    return groups


def _new_name(group: list[Spec], dcode: str, used: set[str], ward_names: list[str]) -> str:
    kind = "phường" if any(s.place_type == "phường" for s in group) else "xã"
    candidates = [s.place for s in group if not s.place.startswith("Phường ")]
    if not candidates or kind == "phường" and dcode in NEW_WARD_NAMES:
        candidates = ward_names[:1] + candidates
        if ward_names:
            ward_names.pop(0)
    for name in candidates:
        if name not in used:
            used.add(name)
            return f"UBND {kind} {name}"
    name = f"{group[0].place} mới"
    used.add(name)
    return f"UBND {kind} {name}"


def restructure(rng: random.Random, specs: list[Spec], units: dict[str, Unit], progress) -> dict:
    """Run the 01/07/2025 reform through the services; returns what it did."""
    communes = [s for s in specs if s.profile == "commune"]
    new_commune_of: dict[str, Unit] = {}
    seats: dict[str, list[Unit]] = {}
    used: set[str] = set()
    number = 0
    for dcode, *_ in DISTRICTS:
        ward_names = list(NEW_WARD_NAMES.get(dcode, []))
        for group in merge_groups(rng, [c for c in communes if c.district == dcode]):
            number += 1
            event = unit_merge_into_new(
                actor=SYSTEM, sources=[units[s.code] for s in group], code=f"XN{number:03d}",
                name=_new_name(group, dcode, used, ward_names), on=REFORM, decision=COMMUNE_DECISION,
            )
            target = event.target
            assert target is not None
            units[target.code] = target
            seats.setdefault(dcode, []).append(target)
            for s in group:
                new_commune_of[s.code] = target
    progress(f"  {number} xã, phường mới thay {len(communes)} xã, phường, thị trấn cũ")
    schools = _move_schools(specs, units, new_commune_of)
    progress(f"  {schools} trường mầm non, tiểu học, THCS chuyển về UBND xã, phường mới")
    successors = _district_successors(specs, units, seats)
    event = unit_abolish_level(actor=SYSTEM, level=Level.DISTRICT, on=REFORM, successors=successors,
                               decision=LEVEL_DECISION)
    progress(f"  bỏ cấp huyện: {event.sources.count()} đơn vị cấp huyện ngừng hoạt động, "
             f"{event.people_moved} người chuyển về xã, phường hoặc sở")
    return {"communes_after": number, "schools_moved": schools, "district_units": event.sources.count(),
            "district_people_moved": event.people_moved}


def _move_schools(specs: list[Spec], units: dict[str, Unit], new_commune_of: dict[str, Unit]) -> int:
    """Each district school becomes a commune-level school of the new commune it stands in."""
    counters: dict[str, int] = {}
    moved = 0
    for spec in specs:
        if spec.level != Level.DISTRICT or not spec.profile.startswith("school_"):
            continue
        commune = new_commune_of[spec.home]
        counters[commune.code] = counters.get(commune.code, 0) + 1
        prefix = spec.code.rsplit("-", 1)[1].rstrip("0123456789")
        event = unit_merge_into_new(
            actor=SYSTEM, sources=[units[spec.code]], code=f"{commune.code}-{prefix}{counters[commune.code]:02d}",
            name=spec.name, on=REFORM, decision=COMMUNE_DECISION, level=Level.COMMUNE,
            kind=UnitKind.PUBLIC_SERVICE, parent=commune,
        )
        assert event.target is not None
        units[event.target.code] = event.target
        moved += 1
    return moved


def _district_successors(specs: list[Spec], units: dict[str, Unit], seats: dict[str, list[Unit]]) -> dict[int, Unit]:
    """District offices go to the district seat's new commune, round-robin over the others, or to
    the department that takes over their field (education, health)."""
    rules = {f"H{d[0]}-{suffix}": rule for d in DISTRICTS for suffix, _n, _w, rule in DISTRICT_OFFICES}
    successors: dict[int, Unit] = {}
    turn: dict[str, int] = {}
    for spec in specs:
        unit = units[spec.code]
        if spec.level != Level.DISTRICT or unit.valid_to is not None:
            continue
        new_communes = seats[spec.district]
        rule = rules.get(spec.code, "seat" if spec.profile in ("district_ubnd", "") else "commune")
        if rule in ("SGD", "SYT"):
            successors[unit.pk] = units[rule]
        elif rule == "seat":
            successors[unit.pk] = new_communes[0]
        else:
            turn[spec.district] = turn.get(spec.district, 0) + 1
            successors[unit.pk] = new_communes[turn[spec.district] % len(new_communes)]
    return successors
