"""One synthetic person per staffing slot: identity, rank, career history and status.

Everything is drawn from the caller's ``random.Random`` in a fixed order, with fixed dates, so
a seed always yields the same people. Nothing here touches the database: :func:`make_person`
returns plain values that apps.demo.province turns into rows with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from apps.demo.names import OTHER_ETHNICITIES, full_name, pick
from apps.demo.staffing import CB, CC, KCT, VC, Slot
from apps.demo.units import REFORM, Spec

DAY = dt.timedelta(days=1)
LAST_CHANGE = dt.date(2025, 6, 1)  # careers change before the reform; the reform itself is the services'
STATUS_FIRST, STATUS_LAST = dt.date(2022, 1, 1), dt.date(2026, 10, 1)

# Rank one step below, for promotions (nâng ngạch, thăng hạng).
LOWER_RANK = {"01.001": "01.002", "01.002": "01.003", "01.003": "01.004", "06.030": "06.031",
              "V.07.03.27": "V.07.03.28", "V.07.03.28": "V.07.03.29", "V.07.04.31": "V.07.04.32",
              "V.07.05.14": "V.07.05.15", "V.08.01.01": "V.08.01.02", "V.08.01.02": "V.08.01.03",
              "V.08.05.12": "V.08.05.13"}
# Position held before being appointed to the key: deputies become heads.
DEPUTY_OF = {"GD_SO": "PGD_SO", "PGD_SO": "TRUONG_PHONG", "TRUONG_PHONG": "PHO_TRUONG_PHONG",
             "GD_DVSN": "PGD_DVSN", "HIEU_TRUONG": "PHO_HIEU_TRUONG", "CT_UBND_XA": "PCT_UBND_XA",
             "BI_THU_XA": "PBT_XA", "CT_UBND_HUYEN": "PCT_UBND_HUYEN", "PCT_UBND_HUYEN": "TRUONG_PHONG",
             "CT_UBND_TINH": "PCT_UBND_TINH", "PCT_UBND_TINH": "GD_SO"}
SUCCESSION_OF = {"PGD_SO": "GD_SO", "PHO_TRUONG_PHONG": "TRUONG_PHONG", "PGD_DVSN": "GD_DVSN",
                 "PHO_HIEU_TRUONG": "HIEU_TRUONG", "PCT_UBND_XA": "CT_UBND_XA", "PBT_XA": "BI_THU_XA"}
PROVINCE_ID_PREFIXES = [("094", 80), ("093", 6), ("092", 6), ("089", 2), ("091", 2), ("086", 2), ("084", 2)]
FEMALE_SHARE = {"school_mn": 0.95, "school_th": 0.6, "school_thcs": 0.55, "school_thpt": 0.5, "hospital": 0.56,
                "health_centre": 0.55, "commune": 0.3, "kct": 0.32}
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lý", "Hóa học", "Sinh học", "Lịch sử", "Địa lý", "Tin học",
            "Giáo dục thể chất", "Giáo dục công dân", "Âm nhạc", "Mỹ thuật", "Công nghệ"]
WARDS = ["Nội", "Ngoại", "Sản", "Nhi", "Hồi sức cấp cứu", "Chẩn đoán hình ảnh", "Truyền nhiễm", "Khám bệnh",
         "Xét nghiệm", "Y học cổ truyền", "Phục hồi chức năng", "Gây mê hồi sức"]
STAFF_TITLES = {
    "SNV": ["Chuyên viên quản lý công chức, viên chức", "Chuyên viên đào tạo, bồi dưỡng",
            "Chuyên viên tổ chức bộ máy", "Chuyên viên cải cách hành chính", "Chuyên viên chính quyền địa phương"],
    "TTRA": ["Thanh tra viên", "Thanh tra viên", "Chuyên viên tiếp công dân"],
    "": ["Chuyên viên tổng hợp", "Chuyên viên pháp chế", "Chuyên viên kế hoạch - tài chính", "Chuyên viên quản lý ngành",
         "Chuyên viên tổ chức cán bộ", "Chuyên viên văn phòng", "Văn thư - lưu trữ", "Kế toán",
         "Chuyên viên cải cách hành chính", "Chuyên viên công nghệ thông tin"],
}
PSU_TITLES = {"SNV-TTLT": "Lưu trữ viên", "SVH-TV": "Thư viện viên", "SVH-KHMER": "Diễn viên", "SVH-TDTT": "Huấn luyện viên",
              "STP-TGPL": "Trợ giúp viên pháp lý", "STP-PCC1": "Công chứng viên", "SNNMT-VPDK": "Viên chức đăng ký đất đai"}


@dataclass
class Made:
    """What :func:`make_person` returns: the person's values and history, before any id exists."""

    code: str
    full_name: str
    gender: str
    birth_date: dt.date
    ethnicity: str
    national_id: str
    joined_on: dt.date
    unit: str
    category: str
    rank: str | None
    position: str | None
    appointed_on: dt.date | None
    job: str
    in_plan: bool
    plan_position: str | None
    status: str
    status_on: dt.date | None
    periods: list[tuple]
    role: str
    profile: str


def between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A day in [lo, hi] (lo when the range is empty)."""
    span = (hi - lo).days
    return lo if span <= 0 else lo + dt.timedelta(days=rng.randrange(span + 1))


def years(day: dt.date, n: int) -> dt.date:
    """``day`` plus ``n`` years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def weighted[T](rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """The value of one (value, weight) pair, drawn in proportion to the weights."""
    total = sum(w for _, w in options)
    x = rng.random() * total
    for value, weight in options:
        x -= weight
        if x < 0:
            return value
    return options[-1][0]


class Ids:
    """Unique national IDs (CCCD: province of birth, century-gender digit, year, 6 digits)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def national_id(self, rng: random.Random, birth: dt.date, gender: str) -> str:
        century = (0 if birth.year < 2000 else 2) + (1 if gender == "nu" else 0)
        while True:
            value = f"{pick(rng, PROVINCE_ID_PREFIXES)}{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
            if value not in self.seen:
                self.seen.add(value)
                return value


def ethnicity_for(rng: random.Random, spec: Spec, khmer_elsewhere: float) -> str:
    languages = spec.flags.get("ethnic_languages", "")
    if "Khmer" in languages:
        khmer, hoa = 0.55, 0.10 if "Hoa" in languages else 0.04
    else:
        khmer, hoa = khmer_elsewhere, 0.045
    x = rng.random()
    if x < khmer:
        return "Khmer"
    if x < khmer + hoa:
        return "Hoa"
    if x < khmer + hoa + 0.004:
        return pick(rng, OTHER_ETHNICITIES)
    return "Kinh"


def _female_share(spec: Spec, slot: Slot) -> float:
    if slot.position and slot.role in ("top", "head", "commune_key"):
        return 0.3
    if slot.role == "kct":
        return FEMALE_SHARE["kct"]
    return FEMALE_SHARE.get(spec.profile, 0.42 if slot.category == VC else 0.4)


def _birth_and_joined(rng: random.Random, slot: Slot) -> tuple[dt.date, dt.date]:
    senior = slot.position is not None or slot.role in ("top", "head")
    birth = between(rng, dt.date(1966, 1, 1), dt.date(1986, 12, 31) if senior else dt.date(2001, 12, 31))
    earliest = max(dt.date(2000, 1, 1), years(birth, 21))
    latest = dt.date(2019, 12, 31) if senior else dt.date(2024, 12, 31)
    return birth, between(rng, earliest, max(earliest, latest))


def _status(rng: random.Random, slot: Slot) -> tuple[str, dt.date | None]:
    """Most people work; a few hundred in 60,000 retired, left or moved out in 2022–2026."""
    if slot.position:
        return "working", None
    x = rng.random()
    status = "retired" if x < 0.005 else "left" if x < 0.007 else "transferred" if x < 0.008 else "working"
    if status == "working":
        return status, None
    month = rng.randrange((STATUS_LAST.year - STATUS_FIRST.year) * 12 + STATUS_LAST.month)
    return status, dt.date(STATUS_FIRST.year + month // 12, month % 12 + 1, 1)


def rank_for(rng: random.Random, spec: Spec, slot: Slot, age: int) -> str | None:
    role, pos = slot.role, slot.position
    if slot.category in (CC, CB) and role not in ("commune_key", "commune_cb", "commune_cc"):
        if pos in ("GD_SO", "CT_UBND_TINH", "PCT_UBND_TINH") or role == "top":
            return weighted(rng, [("01.001", 40), ("01.002", 60)])
        if role == "head":
            return weighted(rng, [("01.001", 5), ("01.002", 70), ("01.003", 25)])
        if role == "deputy":
            return weighted(rng, [("01.002", 35), ("01.003", 65)])
        if spec.code == "TTRA" and rng.random() < 0.5:
            return "13.095"
        if rng.random() < 0.07:
            return "06.030" if age >= 45 and rng.random() < 0.4 else "06.031"
        senior = 0.35 if age >= 45 else 0.12 if age >= 35 else 0.0
        return weighted(rng, [("01.002", senior), ("01.003", 0.8 - senior), ("01.004", 0.14), ("01.005", 0.06)])
    if role in ("commune_key", "commune_cb"):
        return "01.003" if rng.random() < (0.7 if role == "commune_key" else 0.5) else None
    if role == "commune_cc":
        return weighted(rng, [("01.003", 65), ("01.004", 30), ("01.005", 5)])
    if slot.category == KCT:
        return None
    return _vc_rank(rng, spec, slot, age)


def _vc_rank(rng: random.Random, spec: Spec, slot: Slot, age: int) -> str | None:
    profile, role = spec.profile, slot.role
    if profile.startswith("school_") and role in ("teacher", "head", "deputy"):
        high = 0.25 + (0.3 if age >= 40 else 0) + (0.3 if role != "teacher" else 0)
        if profile == "school_mn":
            return "V.07.02.26"
        if profile == "school_th":
            if age >= 45 and rng.random() < 0.08:
                return "V.07.03.27"
            return "V.07.03.28" if rng.random() < high else "V.07.03.29"
        if profile == "school_thcs":
            return "V.07.04.31" if rng.random() < high else "V.07.04.32"
        return "V.07.05.14" if rng.random() < high else "V.07.05.15"
    if role == "doctor" or (profile in ("hospital", "health_centre") and slot.position):
        if age >= 45 and rng.random() < 0.1:
            return "V.08.01.01"
        return "V.08.01.02" if rng.random() < (0.7 if slot.position else 0.25 + (0.2 if age >= 40 else 0)) else "V.08.01.03"
    if role == "nurse":
        return "V.08.05.12" if rng.random() < 0.55 else "V.08.05.13"
    if role == "radio_staff":
        return weighted(rng, [("V.10.01.03", 50), ("V.05.02.07", 25), (None, 25)])
    if role in ("psu_staff", "health_other", "head", "deputy") and rng.random() < 0.45:
        return "V.05.02.07"
    return None


def _clinical_role(rng: random.Random, spec: Spec) -> str:
    if spec.code in ("CDC", "TTKN", "TTPY", "TTGDYK"):
        return weighted(rng, [("doctor", 30), ("nurse", 20), ("health_other", 50)])
    return weighted(rng, [("doctor", 27), ("nurse", 53), ("health_other", 20)])


def job_title(rng: random.Random, spec: Spec, slot: Slot, role: str) -> str:
    if slot.title:
        return slot.title
    if slot.position:
        return "Lãnh đạo, quản lý"
    if role == "staff_cs":
        pool = STAFF_TITLES.get(spec.code.split("-")[0], STAFF_TITLES[""])
        return rng.choice(pool)
    if role == "teacher":
        if spec.profile == "school_mn":
            return "Giáo viên mầm non"
        if spec.profile == "school_th":
            return "Giáo viên tiểu học"
        return f"Giáo viên {rng.choice(SUBJECTS)}"
    if role == "doctor":
        return f"Bác sĩ khoa {rng.choice(WARDS)}"
    if role == "nurse":
        return f"Điều dưỡng khoa {rng.choice(WARDS)}" if rng.random() < 0.85 else "Hộ sinh"
    if role == "health_other":
        return rng.choice(["Dược sĩ", "Kỹ thuật viên xét nghiệm", "Kỹ thuật viên hình ảnh", "Kế toán", "Y sĩ",
                           "Dân số viên", "Nhân viên hành chính"])
    if role == "school_staff":
        return rng.choice(["Kế toán", "Nhân viên thư viện", "Nhân viên y tế trường học", "Văn thư",
                           "Nhân viên thiết bị - thí nghiệm"])
    if role == "lecturer":
        return "Giảng viên"
    if role == "radio_staff":
        return rng.choice(["Biên tập viên", "Phóng viên", "Phát thanh viên", "Kỹ thuật viên"])
    return PSU_TITLES.get(spec.code, rng.choice(["Viên chức chuyên môn", "Kỹ sư", "Kế toán", "Chuyên viên"]))


def career(rng: random.Random, joined: dt.date, unit: str, rank: str | None, position: str | None,
           last_change: dt.date, peers: list[str]) -> tuple[list[tuple], dt.date | None]:
    """Periods from ``joined`` on: possibly a transfer from a peer unit, a promotion from the rank
    below and a deputy post before the current one, all by ``last_change``. Returns (periods as
    (start, end, unit code, rank, position, appointed on, reason), appointed_on); the last period
    is open."""
    appointed, deputy_from = _appointment(rng, joined, position, last_change)
    promoted = _promotion(rng, joined, rank, last_change)
    later = [d for d in (deputy_from, appointed, promoted) if d is not None and d > joined]
    moved, previous_unit = _transfer(rng, joined, min(later, default=last_change), peers)
    changes: dict[dt.date, list[str]] = {}
    for day, reason in ((deputy_from, "Bổ nhiệm"), (appointed, "Bổ nhiệm"), (promoted, "Nâng ngạch, thăng hạng"),
                        (moved, "Điều động")):
        if day is not None and day > joined and reason not in changes.get(day, []):
            changes.setdefault(day, []).append(reason)
    starts = [joined, *sorted(changes)]
    periods = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - DAY if i + 1 < len(starts) else None
        unit_then = previous_unit if moved and start < moved else unit
        rank_then = LOWER_RANK.get(rank or "") if promoted and start < promoted else rank
        if appointed and start >= appointed:
            post: tuple = (position, appointed)
        elif deputy_from and start >= deputy_from:
            post = (DEPUTY_OF[position or ""], deputy_from)
        else:
            post = (None, None)
        reason = "Tuyển dụng, tiếp nhận" if i == 0 else "; ".join(changes[start])
        periods.append((start, end, unit_then, rank_then, *post, reason))
    return periods, appointed


def _appointment(rng: random.Random, joined: dt.date, position: str | None,
                 last_change: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(appointed to ``position`` on, deputy post held from) — appointments from 2010 on, the
    deputy post 2 to 6 years before when there is one."""
    if not position:
        return None, None
    appointed = between(rng, min(max(years(joined, 3), dt.date(2010, 1, 1)), last_change), last_change)
    deputy_from = years(appointed, -rng.randint(2, 6))
    if position not in DEPUTY_OF or deputy_from <= years(joined, 1):
        return appointed, None
    return appointed, deputy_from


def _promotion(rng: random.Random, joined: dt.date, rank: str | None, last_change: dt.date) -> dt.date | None:
    """The day ``rank`` was reached from the rank below, for 70% of those who joined before 2020."""
    if rank not in LOWER_RANK or joined >= dt.date(2020, 1, 1) or rng.random() >= 0.7:
        return None
    promoted = between(rng, years(joined, 4), last_change)
    return promoted if joined < promoted <= last_change else None


def _transfer(rng: random.Random, joined: dt.date, before: dt.date, peers: list[str]) -> tuple[dt.date | None, str]:
    """(day of a transfer from a unit of the same kind, that unit) for 12% of early joiners."""
    if not peers or joined >= dt.date(2018, 1, 1) or rng.random() >= 0.12:
        return None, ""
    moved = between(rng, years(joined, 1), before - DAY)
    if not joined < moved < before:
        return None, ""
    return moved, rng.choice(peers)


def make_person(rng: random.Random, ids: Ids, code: str, spec: Spec, slot: Slot, khmer_elsewhere: float,
                peers: list[str]) -> Made:
    """One person for ``slot`` in ``spec`` (see module docstring)."""
    role = _clinical_role(rng, spec) if slot.role == "clinical" else slot.role
    gender = "nu" if rng.random() < _female_share(spec, slot) else "nam"
    ethnicity = ethnicity_for(rng, spec, khmer_elsewhere)
    name = full_name(rng, ethnicity, gender)
    birth, joined = _birth_and_joined(rng, slot)
    status, status_on = _status(rng, slot)
    if status == "retired" and status_on:
        birth = years(status_on, -(57 if gender == "nu" else 61)) - dt.timedelta(days=rng.randrange(1, 330))
    if status_on:
        joined = max(min(joined, years(status_on, -2)), dt.date(2000, 1, 1))
        if years(birth, 21) > joined:
            birth = years(joined, -rng.randint(22, 30))
    age = 2025 - birth.year
    rank = rank_for(rng, spec, Slot(slot.category, slot.position, role), age)
    job = job_title(rng, spec, slot, role)
    last_change = min(LAST_CHANGE, status_on - dt.timedelta(days=60)) if status_on else LAST_CHANGE
    periods, appointed = career(rng, joined, spec.code, rank, slot.position, last_change, peers)
    if status_on and status_on <= REFORM:  # ended before the reform: close the last period now
        start, _end, *rest = periods[-1]
        periods[-1] = (start, status_on - DAY, *rest)
    in_plan, plan_position = _succession(rng, slot, role, age, status)
    return Made(code=code, full_name=name, gender=gender, birth_date=birth, ethnicity=ethnicity,
                national_id=ids.national_id(rng, birth, gender), joined_on=joined, unit=spec.code,
                category=slot.category, rank=rank, position=slot.position, appointed_on=appointed, job=job,
                in_plan=in_plan, plan_position=plan_position, status=status, status_on=status_on,
                periods=periods, role=role, profile=spec.profile)


def _succession(rng: random.Random, slot: Slot, role: str, age: int, status: str) -> tuple[bool, str | None]:
    if status != "working" or not 28 <= age <= 50 or role == "kct":
        return False, None
    if slot.position:
        target = SUCCESSION_OF.get(slot.position)
        return (True, target) if target and rng.random() < 0.35 else (False, None)
    share = 0.2 if slot.category in (CC, CB) else 0.05
    if rng.random() >= share:
        return False, None
    if role.startswith("commune"):
        return True, "PCT_UBND_XA"
    if slot.category == VC:
        return True, {"teacher": "PHO_HIEU_TRUONG", "doctor": "TRUONG_KHOA"}.get(role, "PGD_DVSN")
    return True, "PHO_TRUONG_PHONG"
