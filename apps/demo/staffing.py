"""Who works where: headcount per unit and the staffing template of each kind of unit.

A template turns a unit's headcount into ordered slots (category, position, role): heads first,
then deputies, then staff. The role drives rank, job title and qualification profile.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from apps.demo.units import Spec

# Share of all people per tier: ~10% civil servants, ~13% commune tier, ~80% public employees.
TIER_SHARES = [("province_admin", 0.04), ("district_admin", 0.03), ("commune", 0.13), ("education", 0.50),
               ("health", 0.20), ("other_psu", 0.10)]

CB, CC, VC, KCT = "can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"


@dataclass(frozen=True)
class Slot:
    category: str
    position: str | None
    role: str
    title: str = ""  # job title when the role alone does not say it


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``; remainders go to the largest fractions first
    (ties to the earlier entry), so the split is exact and deterministic."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def headcounts(specs: list[Spec], persons: int) -> dict[str, int]:
    """{unit code: people} summing to ``persons``."""
    tier_counts = _largest_remainder(persons, [share for _, share in TIER_SHARES])
    result: dict[str, int] = {}
    for (tier, _), tier_total in zip(TIER_SHARES, tier_counts, strict=True):
        members = [s for s in specs if s.tier == tier and s.weight > 0]
        for spec, count in zip(members, _largest_remainder(tier_total, [s.weight for s in members]), strict=True):
            result[spec.code] = count
    return result


REFERENCE_SIZE = 60000


def unit_slots(rng: random.Random, spec: Spec, n: int, reference: int) -> list[Slot]:
    """The slots of ``spec``'s ``n`` people. Below its headcount in the 60,000-person reference
    province (``reference``), a unit takes a random sample of that province's slots, so a small
    demo keeps the real shares instead of a head in every unit."""
    if n >= reference:
        return staff(spec, n)
    template = staff(spec, reference)
    return [template[i] for i in sorted(rng.sample(range(reference), n))]


def _fill(slots: list[Slot], n: int, *heads: tuple[int, Slot]) -> None:
    for count, slot in heads:
        for _ in range(count):
            if len(slots) < n:
                slots.append(slot)


PARTY_TITLES = {"TU-VP": "Chánh Văn phòng Tỉnh ủy", "TU-UBKT": "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"}
SOCIO_TITLES = {"TINHDOAN": "Bí thư Tỉnh đoàn"}
COMMUNE_KEY = ["BI_THU_XA", "CT_UBND_XA", "PBT_XA", "CT_HDND_XA", "PCT_UBND_XA", "PCT_UBND_XA", "CT_MTTQ_XA"]


def staff(spec: Spec, n: int) -> list[Slot]:
    """The ordered slots of a unit with ``n`` people."""
    p = spec.profile
    slots: list[Slot] = []
    if p == "province_leaders":
        _fill(slots, n, (1, Slot(CB, "CT_UBND_TINH", "top")), (3, Slot(CB, "PCT_UBND_TINH", "top")))
        _fill(slots, n, (n, Slot(CC, None, "staff_cs", "Chuyên viên tổng hợp")))
    elif p == "department":
        _fill(slots, n, (1, Slot(CC, "GD_SO", "top")), (min(3, max(1, n // 15)), Slot(CC, "PGD_SO", "head")),
              (n // 8, Slot(CC, "TRUONG_PHONG", "head")), (n // 6, Slot(CC, "PHO_TRUONG_PHONG", "deputy")),
              (n, Slot(CC, None, "staff_cs")))
    elif p == "chi_cuc":
        _fill(slots, n, (1, Slot(CC, "TRUONG_PHONG", "head", "Chi cục trưởng")),
              (max(1, n // 10), Slot(CC, "PHO_TRUONG_PHONG", "deputy", "Phó Chi cục trưởng")),
              (n, Slot(CC, None, "staff_cs")))
    elif p in ("party", "socio"):
        titles = PARTY_TITLES if p == "party" else SOCIO_TITLES
        head = titles.get(spec.code, "Trưởng ban" if p == "party" else "Chủ tịch")
        deputy = "Phó " + head[0].lower() + head[1:]
        _fill(slots, n, (1, Slot(CB, None, "top", head)), (2, Slot(CB, None, "head", deputy)),
              (n // 10, Slot(CC, "TRUONG_PHONG", "head")), (n // 8, Slot(CC, "PHO_TRUONG_PHONG", "deputy")),
              (n, Slot(CC, None, "staff_cs")))
    elif p == "council":
        _fill(slots, n, (2, Slot(CB, None, "top", "Phó Chủ tịch HĐND tỉnh")),
              (3, Slot(CB, None, "head", "Trưởng ban HĐND tỉnh")), (n, Slot(CC, None, "staff_cs")))
    elif p == "district_ubnd":
        _fill(slots, n, (1, Slot(CB, "CT_UBND_HUYEN", "top")), (2, Slot(CB, "PCT_UBND_HUYEN", "head")),
              (1, Slot(CC, "TRUONG_PHONG", "head", "Chánh Văn phòng HĐND và UBND")),
              (2, Slot(CC, "PHO_TRUONG_PHONG", "deputy", "Phó Chánh Văn phòng HĐND và UBND")),
              (n, Slot(CC, None, "staff_cs")))
    elif p == "district_office":
        _fill(slots, n, (1, Slot(CC, "TRUONG_PHONG", "head")),
              (min(2, max(1, n // 4)), Slot(CC, "PHO_TRUONG_PHONG", "deputy")), (n, Slot(CC, None, "staff_cs")))
    elif p == "commune":
        _commune(slots, n)
    elif p.startswith("school_"):
        _fill(slots, n, (1, Slot(VC, "HIEU_TRUONG", "head")),
              (1 if n < 25 else 2, Slot(VC, "PHO_HIEU_TRUONG", "deputy")), (round(n * 0.08), Slot(VC, None, "school_staff")),
              (n, Slot(VC, None, "teacher")))
    elif p in ("hospital", "health_centre"):
        _fill(slots, n, (1, Slot(VC, "GD_DVSN", "head", "Giám đốc")),
              (min(3, 1 + n // 150), Slot(VC, "PGD_DVSN", "deputy", "Phó Giám đốc")),
              (n // 22, Slot(VC, "TRUONG_KHOA", "deputy")), (n // 50, Slot(VC, "PHO_TRUONG_PHONG", "deputy")),
              (n, Slot(VC, None, "clinical")))
    else:  # psu, radio, college
        staff_role = {"radio": "radio_staff", "college": "lecturer"}.get(p, "psu_staff")
        head = "Hiệu trưởng" if p == "college" else "Giám đốc"
        _fill(slots, n, (1, Slot(VC, "GD_DVSN", "head", head)),
              (min(3, n // 15) or (1 if n >= 6 else 0), Slot(VC, "PGD_DVSN", "deputy", "Phó " + head.lower())),
              (n // 12, Slot(VC, "TRUONG_PHONG", "head")), (n // 12, Slot(VC, "PHO_TRUONG_PHONG", "deputy")),
              (n, Slot(VC, None, staff_role)))
    return slots


COMMUNE_CB_TITLES = ["Chủ tịch Hội Liên hiệp Phụ nữ", "Chủ tịch Hội Nông dân", "Bí thư Đoàn Thanh niên",
                     "Chủ tịch Hội Cựu chiến binh", "Phó Chủ tịch HĐND", "Phó Chủ tịch Ủy ban MTTQ"]
COMMUNE_CC_TITLES = ["Văn phòng - thống kê", "Địa chính - xây dựng - đô thị và môi trường", "Tài chính - kế toán",
                     "Tư pháp - hộ tịch", "Văn hóa - xã hội", "Chỉ huy trưởng Ban Chỉ huy Quân sự"]
KCT_TITLES = ["Phó Chỉ huy trưởng Quân sự", "Văn thư - lưu trữ - thủ quỹ", "Phó Chủ tịch Hội Nông dân",
              "Phó Chủ tịch Hội Liên hiệp Phụ nữ", "Phó Bí thư Đoàn Thanh niên", "Phó Chủ tịch Hội Cựu chiến binh",
              "Nhân viên thú y", "Nhân viên khuyến nông", "Quản lý nhà văn hóa", "Phó Chủ tịch Ủy ban MTTQ"]


def _commune(slots: list[Slot], n: int) -> None:
    """Key officials first, then other cán bộ (30% in all), công chức (37%), part-time workers."""
    cadres, servants = round(n * 0.30), round(n * 0.37)
    for code in COMMUNE_KEY[: min(len(COMMUNE_KEY), cadres or 1, n)]:
        slots.append(Slot(CB, code, "commune_key"))
    i = 0
    while len(slots) < min(n, max(cadres, len(slots))):
        slots.append(Slot(CB, None, "commune_cb", COMMUNE_CB_TITLES[i % len(COMMUNE_CB_TITLES)]))
        i += 1
    i = 0
    while len(slots) < min(n, cadres + servants):
        slots.append(Slot(CC, None, "commune_cc", COMMUNE_CC_TITLES[i % len(COMMUNE_CC_TITLES)]))
        i += 1
    i = 0
    while len(slots) < n:
        slots.append(Slot(KCT, None, "kct", KCT_TITLES[i % len(KCT_TITLES)]))
        i += 1
