"""Ten years of training records (2016–2026) for the demo province.

Built after the registry (people, dated service history, qualification profiles, council seats):
a catalogue (apps.demo.catalogue), then classes organised by the agencies and by Sở Nội vụ with
their instructors, budget and enrollments, costs by funding source, certificates and service
commitments. The shape follows the Sóc Trăng plan so that its targets come out partly met:

* every agency has its own diligence (Sở Y tế about 85–90% of its civil servants updated on law
  each year, some districts and the new communes 50–60%), nudged per year (2020 lower);
* each yearly course family has its own rate per group (provincial and district civil servants,
  commune officials, part-time commune workers, public employees), about 0.7 lượt per person-year;
* the political theory, state management, defence, Khmer, IT and language certificates that the
  profiles (apps.demo.qualifications) date inside 2016–2025 become the completions of classes that
  granted them: the row is kept (level unchanged, never lowered), dated at the class's end and
  linked one-to-one from its enrollment (source ``training``); completions after 30/06/2025 add
  new rows, only when the level is above what the person holds;
* a few hundred people in degree and postgraduate training, some abroad, with service commitments;
* the demo's "today" is fixed (:data:`TODAY`), so 2026 classes are partly still running.

People train only while working (joined on or before the class, not gone by its end) and in the
agency their service period places them in at the class's start; no one is in a class twice nor
in two overlapping full-time (tập trung) trainings. One ``random.Random`` seeded from the demo
seed drives every draw and rows are written in a fixed order: the same seed gives the same data.
Rows go in with explicit ids through ``executemany`` (no per-row services, no audit entries: the
demo load has one audit entry).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from apps.core.vn import format_number
from apps.demo.catalogue import FOREIGN, Catalogue, create_catalogue
from apps.demo.people import DAY
from apps.demo.qualifications import CAP
from apps.demo.units import REFORM
from apps.organization.models import Unit
from apps.organization.selectors import top_level_of
from apps.people.models import CouncilMembership, Person, Qualification, ServicePeriod
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    Enrollment,
    EnrollmentCost,
    Instructor,
    Programme,
    ProviderAccount,
    ReimbursementRule,
    ServiceCommitment,
    TrainingClass,
)

TODAY = dt.date(2026, 11, 20)  # the demo's "today": 2026 classes after it are still running or planned
FIRST_YEAR, LAST_YEAR = 2016, 2026
WINDOW = dt.date(2016, 1, 1)
BATCH = 5000
CB, CC, VC, KCT = "can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"
CBCC = (CB, CC)
IN_COUNTRY = "Việt Nam"

# Agency diligence: the share of its civil servants it sends to the yearly law update.
AGENCY_RATE = {"SYT": 0.9, "SNV": 0.93, "STP": 0.9, "TTRA": 0.88, "SGD": 0.8, "VPUBND": 0.9,
               "H941": 0.84, "H944": 0.56, "H945": 0.6, "H949": 0.55, "H950": 0.62, "H951": 0.58}
YEAR_SHIFT = {2016: -0.08, 2017: -0.06, 2018: -0.04, 2019: -0.02, 2020: -0.12, 2021: -0.05, 2022: 0.0,
              2023: 0.01, 2024: 0.02, 2025: 0.02, 2026: 0.0}
# Yearly courses: programme -> (half of the year, first month, last month, group offsets)
SEASON = {"PL": (3, 5), "DDCV": (5, 6), "DDNN": (5, 7), "KNTT": (8, 10), "CNXA": (6, 9), "KCT": (7, 10),
          "CMYT": (8, 11), "CMGD": (7, 8), "CMKH": (9, 11), "CDS": (10, 12), "HNQT": (9, 10)}
UPDATE_PROVIDERS = [("TCT", 55), ("HVHCQG", 15), ("DHNCT", 20), ("DHCT", 10)]
PROVIDER_OF = {"CMYT": [("DHYDCT", 1)], "CMGD": [("DHCT", 1)], "CMKH": [("DHCT", 1), ("DHNCT", 1)],
               "CDS": [("DHNCT", 2), ("DHCT", 1)], "HDND": [("TCT", 3), ("HVHCQG", 1)],
               "LLSC": [("TCT", 1)], "LLTC": [("TCT", 1)], "LLCC": [("HVCT4", 1)], "NGCV": [("TCT", 1)],
               "NGCVC": [("HVHCQG", 1)], "NGCVCC": [("HVHCQG", 1)], "QPAN2": [("QSQK9", 1)],
               "QPAN3": [("QSQK9", 1)], "QPAN4": [("QSQK9", 1)], "KHMER": [("DHTV", 1), ("TCT", 1)],
               "KHMER2": [("DHTV", 1)], "HOA": [("DHTV", 1)], "UDCNTT": [("DHCT", 1), ("DHNCT", 1)],
               "UDCNTT2": [("DHCT", 1)], "LDP": [("TCT", 1)], "LDS": [("HVHCQG", 1)], "LDVC": [("TCT", 2), ("HVHCQG", 1)],
               "CDGV": [("DHCT", 1)], "CDYT": [("DHYDCT", 1)], "CDKH": [("HVHCQG", 1), ("DHNCT", 1)],
               "QLNN-NN": [("LKYSPP", 2), ("FLINDERS", 1)]}
# Months a course runs (its class starts that many months before it ends), and its form.
MONTHS = {"LLSC": 2, "LLTC": 8, "LLCC": 10, "NGCV": 2, "NGCVC": 3, "NGCVCC": 3, "QPAN2": 1, "QPAN3": 1,
          "QPAN4": 1, "KHMER": 4, "KHMER2": 5, "HOA": 4, "UDCNTT": 2, "UDCNTT2": 3, "NN": 4}
FORM = {"LLSC": "ban_tap_trung", "LLTC": "vua_lam_vua_hoc", "LLCC": "vua_lam_vua_hoc", "QPAN2": "tap_trung",
        "QPAN3": "tap_trung", "QPAN4": "tap_trung", "UDCNTT": "truc_tuyen"}
ORGANISER = {"LLSC": "TU-BTC", "LLTC": "TU-BTC", "LLCC": "TU-BTC"}  # political theory: the Party's organisation board
# Cost per learner per hour (đồng) and the split by funding source, per kind of course.
COST = {"update_cs": (60_000, {"ngan_sach_dia_phuong": 1.0}),
        "update_vc": (45_000, {"kinh_phi_co_quan": 0.7, "ngan_sach_dia_phuong": 0.3}),
        "update_commune": (40_000, {"ngan_sach_dia_phuong": 0.6, "ngan_sach_trung_uong": 0.4}),
        "national": (50_000, {"ngan_sach_trung_uong": 0.5, "ngan_sach_dia_phuong": 0.5}),
        "standard": (30_000, {"ngan_sach_dia_phuong": 0.7, "ca_nhan_tu_tuc": 0.3}),
        "title": (25_000, {"kinh_phi_co_quan": 0.5, "ca_nhan_tu_tuc": 0.5}),
        "political": (15_000, {"ngan_sach_dia_phuong": 1.0}),
        "skill": (20_000, {"ca_nhan_tu_tuc": 1.0}),
        "ethnic": (25_000, {"ngan_sach_dia_phuong": 0.7, "ngan_sach_trung_uong": 0.3}),
        "council": (70_000, {"ngan_sach_dia_phuong": 1.0}),
        "abroad_short": (900_000, {"ngan_sach_dia_phuong": 0.5, "tai_tro_nuoc_ngoai": 0.5}),
        "degree": (12_000, {"ngan_sach_dia_phuong": 0.5, "ca_nhan_tu_tuc": 0.5}),
        "postgraduate": (25_000, {"ngan_sach_dia_phuong": 0.7, "ca_nhan_tu_tuc": 0.3}),
        "abroad_degree": (350_000, {"tai_tro_nuoc_ngoai": 0.6, "ngan_sach_trung_uong": 0.4})}
COST_OF = {"PL": "update_cs", "DDCV": "update_cs", "KNTT": "update_cs", "HNQT": "update_cs", "DDNN": "update_vc",
           "CMYT": "update_vc", "CMGD": "update_vc", "CMKH": "update_vc", "CNXA": "update_commune",
           "KCT": "update_commune", "CDS": "national", "QPAN2": "national", "QPAN3": "national", "QPAN4": "national",
           "NGCV": "standard", "NGCVC": "standard", "NGCVCC": "standard", "LDP": "standard", "LDS": "standard",
           "LDVC": "title", "CDGV": "title", "CDYT": "title", "CDKH": "title", "LLSC": "political",
           "LLTC": "political", "LLCC": "political", "UDCNTT": "skill", "UDCNTT2": "skill", "KHMER": "ethnic",
           "KHMER2": "ethnic", "HOA": "ethnic", "HDND": "council", "QLNN-NN": "abroad_short"}
# Short courses are paid by one source per class (split across classes by these shares); long
# ones split every learner's cost.
ONE_SOURCE_PER_CLASS = {"update_cs", "update_vc", "update_commune", "national", "council"}
STATE_SOURCES = {"ngan_sach_trung_uong", "ngan_sach_dia_phuong", "kinh_phi_co_quan"}
RESULTS = [("Xuất sắc", 8), ("Giỏi", 30), ("Khá", 45), ("Trung bình", 12), ("Đạt", 5)]
LEAD_PROGRAMME = {"GD_SO": "LDS", "PGD_SO": "LDS", "CT_UBND_TINH": "LDS", "PCT_UBND_TINH": "LDS",
                  "CT_UBND_HUYEN": "LDS", "PCT_UBND_HUYEN": "LDS", "GD_DVSN": "LDVC", "PGD_DVSN": "LDVC",
                  "HIEU_TRUONG": "LDVC", "PHO_HIEU_TRUONG": "LDVC", "TRUONG_KHOA": "LDVC"}
LINKED = {("ly_luan_chinh_tri", "so_cap"): "LLSC", ("ly_luan_chinh_tri", "trung_cap"): "LLTC",
          ("ly_luan_chinh_tri", "cao_cap"): "LLCC", ("quan_ly_nha_nuoc", "chuyen_vien"): "NGCV",
          ("quan_ly_nha_nuoc", "chuyen_vien_chinh"): "NGCVC", ("quan_ly_nha_nuoc", "chuyen_vien_cao_cap"): "NGCVCC",
          ("quoc_phong_an_ninh", "doi_tuong_2"): "QPAN2", ("quoc_phong_an_ninh", "doi_tuong_3"): "QPAN3",
          ("quoc_phong_an_ninh", "doi_tuong_4"): "QPAN4", ("tin_hoc", "co_ban"): "UDCNTT",
          ("tin_hoc", "nang_cao"): "UDCNTT2"}


# --- the registry as read back --------------------------------------------------------------------


@dataclass
class Period:
    start: dt.date
    end: dt.date | None
    unit: int
    category: str
    level: str
    rank: str
    position: str
    appointed: dt.date | None


@dataclass
class P:
    """A person as training sees them: working span, dated periods, levels held."""

    id: int
    joined: dt.date
    until: dt.date | None  # last working day
    ethnicity: str
    birth: dt.date
    periods: list[Period] = field(default_factory=list)
    held: dict[tuple[str, str], int] = field(default_factory=dict)  # (dimension, language) -> rank
    busy: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # full-time trainings

    def at(self, day: dt.date) -> Period | None:
        """The service period on ``day`` when the person works then, else None."""
        if day < self.joined or (self.until is not None and day > self.until):
            return None
        for period in self.periods:
            if period.start <= day and (period.end is None or day <= period.end):
                return period
        return None

    def works(self, start: dt.date, end: dt.date) -> bool:
        return self.at(start) is not None and (self.until is None or end <= self.until)

    def free(self, start: dt.date, end: dt.date) -> bool:
        return all(end < s or start > e for s, e in self.busy)

    def age(self, day: dt.date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))


@dataclass
class World:
    people: list[P]
    unit_code: dict[int, str]
    unit_languages: dict[int, str]
    top_before: dict[int, int]
    top_after: dict[int, int]
    quals: list[tuple]  # id, person, dimension, level code, level rank, language, major, obtained on
    council: list[tuple]  # person, council unit, term start, term end
    rate: dict[int, float]  # agency diligence by top-level unit id
    rules: list[ReimbursementRule]

    def top(self, unit: int, day: dt.date) -> int:
        tops = self.top_before if day < REFORM else self.top_after
        return tops.get(unit, unit)

    def unit_id(self, code: str) -> int:
        return next(i for i, c in self.unit_code.items() if c == code)


def _load(rng: random.Random) -> World:
    people = {pid: P(pid, joined, status_on - DAY if status_on else None, ethnicity, birth)
              for pid, joined, status_on, ethnicity, birth in Person.objects.order_by("id").values_list(
                  "id", "joined_on", "status_on", "ethnicity__name", "birth_date")}
    for row in ServicePeriod.objects.order_by("person_id", "valid_from").values_list(
            "person_id", "valid_from", "valid_to", "unit_id", "category", "level", "rank__code", "position__code",
            "position_appointed_on"):
        people[row[0]].periods.append(Period(row[1], row[2], row[3], row[4], row[5], row[6] or "", row[7] or "",
                                             row[8]))
    quals = list(Qualification.objects.order_by("id").values_list(
        "id", "person_id", "dimension", "level__code", "level__rank", "language", "major", "obtained_on"))
    for _id, pid, dimension, _code, rank, language, *_ in quals:
        key = (dimension, language if dimension == "tieng_dan_toc" else "")
        people[pid].held[key] = max(rank, people[pid].held.get(key, 0))
    units = list(Unit.objects.order_by("id").values_list("id", "code", "ethnic_languages"))
    council = list(CouncilMembership.objects.order_by("id").values_list("person_id", "council_id", "valid_from",
                                                                       "valid_to"))
    before, after = top_level_of(dt.date(2020, 1, 1)), top_level_of(dt.date(2026, 1, 1))
    world = World(list(people.values()), {i: c for i, c, _ in units}, {i: lang for i, _, lang in units},
                  before, after, quals, council, {}, list(ReimbursementRule.objects.order_by("id")))
    for top in sorted(set(before.values()) | set(after.values())):
        code = world.unit_code[top]
        low, high = (0.5, 0.74) if code.startswith("XN") else (0.62, 0.93)
        world.rate[top] = AGENCY_RATE.get(code, round(rng.uniform(low, high), 3))
    return world


# --- classes being planned ------------------------------------------------------------------------


@dataclass
class Member:
    person: P
    qualification: int | None = None  # an existing row this completion granted
    grants: bool = False  # a completion adds the programme's level when above what is held
    status: str = ""


@dataclass
class Klass:
    programme: Programme
    provider: str
    organiser: int
    form: str
    start: dt.date
    end: dt.date
    cost: str
    country: str = IN_COUNTRY
    capacity: int = 0
    members: list[Member] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def add(self, member: Member) -> bool:
        """Enrol unless already in the class or, for a full-time class, busy with another one."""
        person = member.person
        full_time = self.form == "tap_trung"
        if person.id in self.seen or (full_time and not person.free(self.start, self.end)):
            return False
        self.seen.add(person.id)
        self.members.append(member)
        if full_time:
            person.busy.append((self.start, self.end))
        return True


def weighted_pick(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - DAY


def months_before(end: dt.date, months: int) -> dt.date:
    """The first day of the month ``months - 1`` months before ``end``'s month."""
    index = end.year * 12 + end.month - months
    return dt.date(index // 12, index % 12 + 1, 1)


class Planner:
    """Collects classes; ``group`` returns (creating) the class for a key with room left."""

    def __init__(self, rng: random.Random, world: World, cat: Catalogue) -> None:
        self.rng, self.world, self.cat = rng, world, cat
        self.classes: list[Klass] = []
        self.open: dict[tuple, Klass] = {}
        self.snv = world.unit_id("SNV")

    def group(self, key: tuple, make) -> Klass:
        klass = self.open.get(key)
        if klass is None or len(klass.members) >= klass.capacity:
            klass = make()
            self.open[key] = klass
            self.classes.append(klass)
        return klass

    def provider(self, code: str) -> str:
        return weighted_pick(self.rng, PROVIDER_OF.get(code, UPDATE_PROVIDERS))

    def standard_class(self, code: str, start: dt.date, end: dt.date, organiser: int | None = None,
                       capacity: int = 120) -> Klass:
        programme = self.cat.programmes[code]
        form = FORM.get(code, "ban_tap_trung")
        return Klass(programme, self.provider(code), organiser or self.snv, form, start, end,
                     COST_OF.get(code, "skill" if code.startswith("NN") else "standard"), capacity=capacity)


# --- 1. certificates the profiles already date inside 2016–2025 ---------------------------------


def _linked_programme(cat: Catalogue, dimension: str, level: str, language: str) -> Programme | None:
    if dimension == "ngoai_ngu":
        return cat.language_course(level, language)
    if dimension == "tieng_dan_toc":
        code = {("Khmer", "su_dung"): "KHMER", ("Khmer", "thong_thao"): "KHMER2", ("Hoa", "su_dung"): "HOA"}
        found = code.get((language, level))
        return cat.programmes[found] if found else None
    found = LINKED.get((dimension, level))
    return cat.programmes[found] if found else None


# Share of the profiles' certificates that came from a class (the rest: self-study at a centre).
LINK_SHARE = {"tin_hoc": 0.35, "ngoai_ngu": 0.35, "quoc_phong_an_ninh": 0.6}


def link_certificates(plan: Planner, people: dict[int, P]) -> int:
    """Classes (one per programme and month, 120 seats) whose completions granted the fostering
    certificates dated inside the window; the certificate is re-dated at the class's end (the end
    of its month, never after 30/06/2025)."""
    linked = 0
    for qid, pid, dimension, level, _rank, language, _major, obtained in plan.world.quals:
        if not WINDOW + dt.timedelta(days=60) <= obtained <= CAP or dimension == "chuyen_mon":
            continue
        programme = _linked_programme(plan.cat, dimension, level, language)
        if programme is None or plan.rng.random() >= LINK_SHARE.get(dimension, 1.0):
            continue
        person, code = people[pid], programme.code
        months = MONTHS.get(code, MONTHS["NN"] if code.startswith("NN") else 2)
        end = min(month_end(obtained.year, obtained.month), CAP)
        start = months_before(end, months)
        if start < max(person.joined, WINDOW) or not person.works(start, end):
            continue
        organiser = plan.world.unit_id(ORGANISER[code]) if code in ORGANISER else None
        klass = plan.group(("linked", code, end), lambda c=code, s=start, e=end, o=organiser: plan.standard_class(
            c, s, e, o))
        linked += klass.add(Member(person, qualification=qid))
    return linked


# --- 2. degree and postgraduate training -------------------------------------------------------------


DEGREE_MONTHS = {"trung_cap": 24, "cao_dang": 30, "dai_hoc": 48, "thac_si": 24, "tien_si": 48}


def _degree_provider(level: str, major: str) -> str:
    if major.startswith(("Y ", "Điều dưỡng", "Dược", "Kỹ thuật xét", "Kỹ thuật hình", "Hộ sinh")):
        return "DHYDCT"
    if level in ("trung_cap", "cao_dang") or major in ("Hành chính", "Quản lý nhà nước", "Hành chính học"):
        return "HVHCQG" if level in ("dai_hoc", "thac_si", "tien_si") else "TCT"
    return "DHCT"


def _degree_class(plan: Planner, level: str, major: str, start: dt.date, end: dt.date, abroad: bool) -> Klass:
    programme = plan.cat.degree(level, major, abroad)
    if abroad:
        provider = FOREIGN[plan.rng.randrange(len(FOREIGN))]
        country = plan.cat.providers[provider].country
        return Klass(programme, provider, plan.snv, "tap_trung", start, end, "abroad_degree", country, capacity=30)
    cost = "postgraduate" if level in ("thac_si", "tien_si") else "degree"
    return Klass(programme, _degree_provider(level, major), plan.snv, "vua_lam_vua_hoc", start, end, cost,
                 capacity=60)


def _cohort_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)


def link_degrees(plan: Planner, people: dict[int, P]) -> int:
    """A sample of the degrees the profiles date inside the window, taken while working, become
    state-sent training (cohorts ending 30/06 or 31/12): postgraduate degrees of civil servants
    (a fifth of them abroad), and the in-service degrees of commune staff."""
    rng, count = plan.rng, 0
    for qid, pid, dimension, level, _rank, _language, major, obtained in plan.world.quals:
        if dimension != "chuyen_mon" or level not in DEGREE_MONTHS or not WINDOW <= obtained <= CAP:
            continue
        person = people[pid]
        end = min(_cohort_end(obtained), CAP)
        start = months_before(end, DEGREE_MONTHS[level])
        period = person.at(start)
        if start < WINDOW or period is None or not person.works(start, end):
            continue
        postgraduate = level in ("thac_si", "tien_si")
        civil = period.category in CBCC and period.level != "commune"
        odds = (0.3 if civil else 0.06) if postgraduate else (0.3 if period.level == "commune" and period.category
                                                                != VC else 0.02)
        if rng.random() >= odds:
            continue
        abroad = postgraduate and civil and rng.random() < 0.25 and person.free(start, end)
        klass = plan.group(("degree", level, major, abroad, start), lambda lv=level, m=major, s=start, e=end, a=abroad:
                           _degree_class(plan, lv, m or "Quản lý công", s, e, a))
        count += klass.add(Member(person, qualification=qid))
    return count


# Cohorts of new degree training: (level, start, end) — the later ones still studying at TODAY.
NEW_COHORTS = {"trung_cap": [(dt.date(2024, 9, 1), dt.date(2026, 6, 30)), (dt.date(2025, 9, 1), dt.date(2027, 6, 30))],
               "thac_si": [(dt.date(2023, 10, 1), dt.date(2025, 9, 30)), (dt.date(2024, 10, 1), dt.date(2026, 9, 30)),
                           (dt.date(2025, 10, 1), dt.date(2027, 9, 30))],
               "tien_si": [(dt.date(2022, 10, 1), dt.date(2026, 9, 30)), (dt.date(2024, 10, 1), dt.date(2028, 9, 30))]}


def new_degrees(plan: Planner) -> int:
    """Commune officials below trung cấp study for it (2024–2027); young civil servants with a
    bachelor's degree start a master's (a quarter abroad), a few masters a doctorate."""
    rng, count = plan.rng, 0
    for person in plan.world.people:
        held = person.held.get(("chuyen_mon", ""), 0)
        for level, odds, wanted in (("trung_cap", 0.3, lambda p, h: p.category in CBCC + (KCT,)
                                     and p.level == "commune" and h < 2 and (p.category != KCT or rng.random() < 0.2)),
                                    ("thac_si", 0.05, lambda p, h: p.category in CBCC and h == 4),
                                    ("tien_si", 0.012, lambda p, h: p.category in CBCC and h == 5)):
            start, end = rng.choice(NEW_COHORTS[level])
            period = person.at(start)
            if period is None or not wanted(period, held) or person.age(start) > 45 or rng.random() >= odds:
                continue
            abroad = level != "trung_cap" and rng.random() < 0.3 and person.free(start, end)
            major = "Hành chính" if level == "trung_cap" else rng.choice(
                ["Quản lý công", "Chính sách công", "Luật", "Kinh tế", "Quản lý kinh tế"])
            klass = plan.group(("new-degree", level, major, abroad, start),
                               lambda lv=level, m=major, s=start, e=end, a=abroad: _degree_class(plan, lv, m, s, e, a))
            count += klass.add(Member(person, grants=True))
    return count


# --- 3. standards: leadership, rank and title courses, new certificates after mid-2025 -----------------


LEAD_SLOTS = [(dt.date(y, m, 1), month_end(y, m + 1)) for y in range(2014, 2028) for m in (3, 9)]


def _lead_slot(day: dt.date, after: bool) -> tuple[dt.date, dt.date]:
    """Leadership classes run 1 March–30 April and 1 September–31 October: the last one ending
    before ``day``, or the first starting after it."""
    if after:
        return next(s for s in LEAD_SLOTS if s[0] > day)
    return [s for s in LEAD_SLOTS if s[1] < day][-1]


def leadership(plan: Planner) -> int:
    """Most appointments from 2016 on are preceded by the position's leadership course (a tenth
    take it after being appointed, the rest never)."""
    rng, count = plan.rng, 0
    for person in plan.world.people:
        appointed = sorted({(p.appointed, p.position) for p in person.periods if p.position and p.appointed
                            and dt.date(2016, 6, 1) <= p.appointed <= TODAY})
        for day, position in appointed:
            code = LEAD_PROGRAMME.get(position, "LDP")
            x = rng.random()
            if x >= 0.85:
                continue
            start, end = _lead_slot(day - dt.timedelta(days=30), after=x >= 0.75)
            if start.year < FIRST_YEAR or start > dt.date(LAST_YEAR, 12, 31) or not person.works(start, end):
                continue
            klass = plan.group(("lead", code, start), lambda c=code, s=start, e=end: plan.standard_class(c, s, e))
            count += klass.add(Member(person))
    return count


def _sector(world: World, unit: int, top: int) -> str:
    code, top_code = world.unit_code[unit], world.unit_code[top]
    if top_code == "SYT" or code.endswith("-TTYT"):
        return "YT"
    if top_code == "SGD" or any(part in code for part in ("-MN", "-TH", "THPT", "GDNN", "CDST")):
        return "GD"
    return "KH"


def titles(plan: Planner) -> int:
    """Public employees take their professional title's standard course once, three in four by
    2025 (fewer in less diligent agencies), in the agency's class of that year (July–August)."""
    rng, world, count = plan.rng, plan.world, 0
    for person in world.people:
        first = max(FIRST_YEAR, person.joined.year + 1)
        year = rng.randint(first, 2025) if first <= 2025 else 2026
        start, end = dt.date(year, 7, 1), dt.date(year, 8, 20)
        period = person.at(start)
        if period is None or period.category != VC or not person.works(start, end):
            continue
        top = world.top(period.unit, start)
        if rng.random() >= world.rate[top] - 0.1:
            continue
        code = {"GD": "CDGV", "YT": "CDYT"}.get(_sector(world, period.unit, top), "CDKH")
        klass = plan.group(("title", code, top, year), lambda c=code, s=start, e=end, o=top: plan.standard_class(
            c, s, e, o, capacity=100))
        count += klass.add(Member(person))
    return count


# After 30/06/2025: (programme, dimension, language, wanted level rank, odds, who, classes (start, end))
LATER = [
    ("LLTC", "ly_luan_chinh_tri", "", 2, 0.5, lambda p: bool(p.position),
     [(dt.date(2025, 9, 1), dt.date(2026, 5, 31)), (dt.date(2026, 3, 2), dt.date(2026, 12, 25))]),
    ("LLSC", "ly_luan_chinh_tri", "", 1, 0.06, lambda p: p.category in CBCC,
     [(dt.date(2025, 10, 1), dt.date(2025, 11, 28)), (dt.date(2026, 10, 5), dt.date(2026, 11, 27))]),
    ("NGCV", "quan_ly_nha_nuoc", "", 1, 0.3, lambda p: p.category in CBCC,
     [(dt.date(2025, 8, 4), dt.date(2025, 10, 17)), (dt.date(2026, 9, 7), dt.date(2026, 11, 27))]),
    ("NGCVC", "quan_ly_nha_nuoc", "", 2, 0.4, lambda p: p.rank in ("01.002", "06.030"),
     [(dt.date(2025, 10, 6), dt.date(2025, 12, 19)), (dt.date(2026, 10, 5), dt.date(2026, 12, 25))]),
    ("KHMER", "tieng_dan_toc", "Khmer", 1, 0.3, None,
     [(dt.date(2025, 8, 4), dt.date(2025, 11, 28)), (dt.date(2026, 8, 3), dt.date(2026, 12, 18))]),
    ("QPAN4", "quoc_phong_an_ninh", "", 1, 0.04, lambda p: p.category in (CC, VC),
     [(dt.date(2025, 10, 13), dt.date(2025, 10, 24)), (dt.date(2026, 4, 6), dt.date(2026, 4, 17))]),
    ("UDCNTT", "tin_hoc", "", 2, 0.05, lambda p: True,
     [(dt.date(2026, 3, 2), dt.date(2026, 5, 29))]),
]


def later_certificates(plan: Planner) -> int:
    """Courses after the profiles' date (30/06/2025) that raise a level the person lacks: political
    theory for leaders, rank courses, Khmer for Kinh staff in Khmer areas, defence, IT."""
    rng, world, count = plan.rng, plan.world, 0
    for person in world.people:
        for code, dimension, language, wanted, odds, who, slots in LATER:
            start, end = rng.choice(slots)
            period = person.at(start)
            if period is None or person.held.get((dimension, language), 0) >= wanted or rng.random() >= odds:
                continue
            if who is None:
                eligible = "Khmer" in world.unit_languages[period.unit] and person.ethnicity != "Khmer"
            else:
                eligible = who(period)
            if not eligible:
                continue
            organiser = world.unit_id(ORGANISER[code]) if code in ORGANISER else None
            klass = plan.group(("later", code, start), lambda c=code, s=start, e=end, o=organiser:
                               plan.standard_class(c, s, e, o))
            count += klass.add(Member(person, grants=True))
    return count


# --- 4. yearly updates, council delegates, study tours abroad ------------------------------------------


def _group(period: Period) -> str:
    if period.category in CBCC:
        return "cbcc_x" if period.level == "commune" else "cbcc"
    return "kct" if period.category == KCT else "vc"


def _yearly_courses(group: str, rate: float, year: int, sector: str) -> list[tuple[str, float]]:
    digital = year >= 2021
    if group == "cbcc":
        return [("PL", rate), ("DDCV", rate - 0.03), ("KNTT", rate - 0.15), ("CDS", 0.15 * digital), ("HNQT", 0.05)]
    if group == "cbcc_x":
        return [("CNXA", rate - 0.12), ("PL", 0.12), ("CDS", 0.08 * digital)]
    if group == "kct":
        return [("KCT", rate - 0.33)]
    ethics = rate - 0.38 + (0.15 if sector == "YT" else 0.0)  # hospitals keep to their ethics courses
    return [("DDNN", ethics), ("CM" + sector, {"YT": 0.18, "GD": 0.1}.get(sector, 0.12)), ("CDS", 0.03 * digital),
            ("PL", 0.03)]


def _update_class(plan: Planner, code: str, year: int, organiser: int) -> Klass:
    rng = plan.rng
    first, last = SEASON[code]
    online = rng.random() < (0.15 if year < 2020 else 0.45)
    start = dt.date(year, rng.randint(first, last), rng.randint(1, 24))
    days = max(1, math.ceil((plan.cat.programmes[code].standard_hours or 16) / 8))
    klass = Klass(plan.cat.programmes[code], plan.provider(code), organiser, "truc_tuyen" if online else "tap_trung",
                  start, start + dt.timedelta(days=days - 1), COST_OF[code], capacity=200 if online else 100)
    return klass


def yearly_updates(plan: Planner) -> int:
    """Each year, each agency's classes of the yearly courses for its people (rates per group,
    agency and year); someone busy full-time elsewhere misses it."""
    rng, world, count = plan.rng, plan.world, 0
    noise: dict[tuple[int, int], float] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        wanted: dict[tuple[str, int], list[P]] = defaultdict(list)
        for snapshot in (dt.date(year, 4, 1), dt.date(year, 9, 1)):
            for person in world.people:
                period = person.at(snapshot)
                if period is None:
                    continue
                top = world.top(period.unit, snapshot)
                if (top, year) not in noise:
                    noise[(top, year)] = rng.uniform(-0.03, 0.03)
                rate = min(0.97, max(0.05, world.rate[top] + YEAR_SHIFT[year] + noise[(top, year)]))
                sector = _sector(world, period.unit, top) if period.category == VC else ""
                for code, odds in _yearly_courses(_group(period), rate, year, sector):
                    if (SEASON[code][0] <= 6) == (snapshot.month == 4) and rng.random() < odds:
                        wanted[(code, top)].append(person)
        for (code, top), members in wanted.items():
            classes: list[Klass] = []
            for person in members:
                count += _place(plan, classes, person, lambda c=code, y=year, o=top: _update_class(plan, c, y, o), top)
    return count


def _place(plan: Planner, classes: list[Klass], person: P, make, top: int) -> bool:
    """Put ``person`` in the first of ``classes`` with a seat that fits their time and agency,
    opening a new class when none does."""
    for klass in classes:
        if len(klass.members) < klass.capacity and _fits(plan, klass, person, top):
            return klass.add(Member(person))
    klass = make()
    if not _fits(plan, klass, person, top):
        return False
    classes.append(klass)
    plan.classes.append(klass)
    return klass.add(Member(person))


def _fits(plan: Planner, klass: Klass, person: P, top: int) -> bool:
    period = person.at(klass.start)
    return (period is not None and person.works(klass.start, klass.end) and plan.world.top(period.unit, klass.start)
            == top and (klass.form != "tap_trung" or person.free(klass.start, klass.end)))


def council_delegates(plan: Planner) -> int:
    """Delegates take the council course early in their term (nine in ten) and an update mid-term."""
    rng, world, count = plan.rng, plan.world, 0
    for pid, council, term_start, term_end in world.council:
        person = next_person(world, pid)
        for offset, odds in ((3, 0.9), (36, 0.5)):
            start = months_before(month_end(term_start.year, term_start.month) + dt.timedelta(days=31 * offset), 1)
            start = start + dt.timedelta(days=rng.randint(0, 20))
            end = start + dt.timedelta(days=2)
            if (term_end and start > term_end) or rng.random() >= odds or not person.works(start, end):
                continue
            organiser = world.top(council, start)
            klass = plan.group(("council", council, offset, term_start), lambda s=start, e=end, o=organiser: Klass(
                plan.cat.programmes["HDND"], plan.provider("HDND"), o, "tap_trung", s, e, "council", capacity=80))
            count += klass.add(Member(person))
    return count


def next_person(world: World, pid: int) -> P:
    index = getattr(world, "_index", None)
    if index is None:
        index = {p.id: p for p in world.people}
        world._index = index  # type: ignore[attr-defined]
    return index[pid]


def study_tours(plan: Planner) -> int:
    """One class a year (none in 2020–2021) of 12–16 leaders on a state-management course abroad."""
    rng, world, count = plan.rng, plan.world, 0
    leaders = [p for p in world.people if any(period.position for period in p.periods)]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year in (2020, 2021):
            continue
        start = dt.date(year, rng.choice([5, 6, 10]), rng.randint(2, 12))
        end = start + dt.timedelta(days=13)
        provider = FOREIGN[year % 2]
        klass = Klass(plan.cat.programmes["QLNN-NN"], provider, plan.snv, "tap_trung", start, end, "abroad_short",
                      plan.cat.providers[provider].country, capacity=rng.randint(12, 16))
        plan.classes.append(klass)
        for person in rng.sample(leaders, len(leaders)):
            period = person.at(start)
            if len(klass.members) >= klass.capacity:
                break
            if period is not None and period.position and person.works(start, end):
                count += klass.add(Member(person))
    return count


# --- writing ---------------------------------------------------------------------------------------


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT ``rows`` (tuples in ``fields`` order, ids included) with one executemany per batch."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    ops, qn = connection.ops, connection.ops.quote_name
    adapt = {i: ops.adapt_datefield_value if c.get_internal_type() == "DateField" else ops.adapt_datetimefield_value
             for i, c in enumerate(columns) if c.get_internal_type() in ("DateField", "DateTimeField")}
    names = [str(getattr(c, "column", "")) for c in columns]
    sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(n) for n in names)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    total, chunk = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append([adapt[i](v) if i in adapt and v is not None else v for i, v in enumerate(row)])
            if len(chunk) == BATCH:
                cursor.executemany(sql, chunk)
                total, chunk = total + len(chunk), []
        if chunk:
            cursor.executemany(sql, chunk)
            total += len(chunk)
    return total


def _split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """``total`` đồng split by ``shares`` in thousands; the last source takes the remainder."""
    parts: dict[str, int] = {}
    left = total
    items = list(shares.items())
    for source, share in items[:-1]:
        parts[source] = int(round(total * share, -3))
        left -= parts[source]
    parts[items[-1][0]] = left
    return {s: a for s, a in parts.items() if a > 0}


@dataclass
class Rows:
    classes: list[tuple] = field(default_factory=list)
    teaching: list[tuple] = field(default_factory=list)
    budget: list[tuple] = field(default_factory=list)
    enrollments: list[tuple] = field(default_factory=list)
    costs: list[tuple] = field(default_factory=list)
    commitments: list[tuple] = field(default_factory=list)
    new_quals: list[tuple] = field(default_factory=list)
    linked_quals: list[tuple] = field(default_factory=list)


CLASS_FIELDS = ["id", "code", "name", "programme_id", "provider_id", "organiser_id", "form_id", "start_date",
                "end_date", "hours", "country", "place", "capacity", "status", "created_at"]
ENROLLMENT_FIELDS = ["id", "person_id", "training_class_id", "programme_id", "provider_id", "provider_name", "form_id",
                     "start_date", "end_date", "hours", "country", "status", "result", "certificate_number",
                     "certificate_date", "hours_attended", "completed_on", "status_note", "qualification_id",
                     "created_at", "updated_at"]
QUAL_FIELDS = ["id", "person_id", "dimension", "level_id", "major", "language", "certificate_number",
               "certificate_date", "issuer", "obtained_on", "source"]


class Writer:
    """Turns planned classes into rows: statuses by the demo's today, certificates, qualifications,
    instructors and their hours, costs by source, budgets and commitments."""

    def __init__(self, rng: random.Random, world: World, cat: Catalogue, unit_names: dict[int, str]) -> None:
        self.rng, self.world, self.cat, self.unit_names = rng, world, cat, unit_names
        self.rows = Rows()
        self.ids: dict[type[models.Model], int] = {m: _next_id(m) for m in (TrainingClass, ClassInstructor, ClassBudget, Enrollment, EnrollmentCost,
                                             ServiceCommitment, Qualification)}
        self.serial: dict[tuple[str, int], int] = defaultdict(int)
        self.now = timezone.now()

    def take(self, model: type[models.Model]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def add(self, klass: Klass) -> None:
        programme, rng = klass.programme, self.rng
        provider = self.cat.providers[klass.provider]
        self.serial[(programme.code, klass.start.year)] += 1
        serial = self.serial[(programme.code, klass.start.year)]
        class_id = self.take(TrainingClass)
        status = "finished" if klass.end <= TODAY else "open" if klass.start <= TODAY else "planned"
        hours = programme.standard_hours or 16
        place = ("Trực tuyến" if klass.form == "truc_tuyen" else provider.name if klass.country != IN_COUNTRY
                 else rng.choice([provider.name, f"Hội trường {self.unit_names[klass.organiser]}"]))
        name = f"{programme.name} – {self.unit_names[klass.organiser]}, năm {klass.start.year}, lớp {serial}"
        self.rows.classes.append((
            class_id, f"{programme.code}/{klass.start.year}/{serial:03d}", name[:255], programme.pk, provider.pk,
            klass.organiser, self.cat.forms[klass.form].pk, klass.start, klass.end, hours, klass.country,
            place[:255], max(klass.capacity, len(klass.members)), status, self.now))
        self._teaching(class_id, klass, hours)
        spent: dict[str, int] = defaultdict(int)
        per_hour, shares = COST[klass.cost]
        if klass.cost in ONE_SOURCE_PER_CLASS:
            shares = {weighted_pick(rng, [(s, int(w * 100)) for s, w in shares.items()]): 1.0}
        for member in klass.members:
            self._enrollment(class_id, klass, member, status, hours, (per_hour, shares), spent)
        for source, amount in sorted(spent.items()):
            planned = round(amount * rng.uniform(1.0, 1.12), -3)
            self.rows.budget.append((self.take(ClassBudget), class_id, source, planned,
                                     amount if status == "finished" else None))

    def _teaching(self, class_id: int, klass: Klass, hours: int) -> None:
        pool = self.cat.instructors[klass.provider]
        n = 1 if hours <= 16 else 2 if hours <= 40 else 3 if hours <= 300 else 5
        chosen = self.rng.sample(pool, min(n, len(pool)))
        weights = [self.rng.uniform(0.5, 1.5) for _ in chosen]
        shares = [round(hours * w / sum(weights) * 2) / 2 for w in weights]
        shares[-1] = hours - sum(shares[:-1])
        for instructor, share in zip(chosen, shares, strict=True):
            self.rows.teaching.append((self.take(ClassInstructor), class_id, instructor.pk, Decimal(str(share))))

    def _status(self, klass: Klass, member: Member, status: str) -> tuple[str, dt.date | None]:
        """(enrollment status, withdrawal day)."""
        person, rng = member.person, self.rng
        if person.until is not None and person.until < min(klass.end, TODAY):
            return "withdrawn", max(klass.start, person.until)
        if status != "finished":
            return ("studying" if status == "open" else "registered"), None
        if member.qualification:
            return "completed", None
        x = rng.random()
        if x < 0.02:
            return "failed", None
        if x < 0.045:
            return "withdrawn", klass.start + dt.timedelta(days=rng.randint(0, (klass.end - klass.start).days))
        return "completed", None

    def _enrollment(self, class_id: int, klass: Klass, member: Member, class_status: str, hours: int,
                    cost: tuple[int, dict[str, float]], spent: dict[str, int]) -> None:
        rng, programme = self.rng, klass.programme
        enrollment_id = self.take(Enrollment)
        status, left_on = self._status(klass, member, class_status)
        result, number, cert_date, attended, completed_on, note, qual_id = "", "", None, None, None, "", None
        if status == "completed":
            completed_on, attended = klass.end, hours if rng.random() < 0.9 else max(1, hours - rng.randint(1, 4))
            result = weighted_pick(rng, RESULTS)
            number = f"{klass.provider}-{klass.end.year}-{enrollment_id:07d}"
            cert_date = min(klass.end + dt.timedelta(days=rng.randint(3, 25)), TODAY)
            qual_id = self._qualification(klass, member, number, cert_date)
        elif status == "failed":
            result, attended = "Không đạt", int(hours * rng.uniform(0.6, 0.95))
        elif status == "withdrawn" and left_on is not None:
            note = f"Thôi học từ {left_on:%d/%m/%Y}" + (": nghỉ việc" if member.person.until == left_on else "")
            attended = int(hours * (left_on - klass.start).days / max(1, (klass.end - klass.start).days))
        provider = self.cat.providers[klass.provider]
        self.rows.enrollments.append((
            enrollment_id, member.person.id, class_id, programme.pk, provider.pk, "", self.cat.forms[klass.form].pk,
            klass.start, klass.end, hours, klass.country, status, result, number, cert_date, attended, completed_on,
            note, qual_id, self.now, self.now))
        per_hour, shares = cost
        total = int(round(per_hour * hours * rng.uniform(0.9, 1.1), -3))
        for source, amount in _split(total, shares).items():
            self.rows.costs.append((self.take(EnrollmentCost), enrollment_id, source, amount))
            if status != "registered":
                spent[source] += amount
        if programme.is_long_term and STATE_SOURCES & shares.keys():
            self._commitment(enrollment_id, klass, member.person)

    def _qualification(self, klass: Klass, member: Member, number: str, cert_date: dt.date) -> int | None:
        issuer = self.cat.providers[klass.provider].name[:200]
        if member.qualification:
            self.rows.linked_quals.append((klass.end, cert_date, number, issuer, member.qualification))
            return member.qualification
        level = klass.programme.grants_level
        if not member.grants or level is None:
            return None
        language = klass.programme.language
        key = (level.dimension, language if level.dimension == "tieng_dan_toc" else "")
        if member.person.held.get(key, 0) >= level.rank:
            return None  # never lower, never twice
        member.person.held[key] = level.rank
        qual_id = self.take(Qualification)
        self.rows.new_quals.append((qual_id, member.person.id, level.dimension, level.pk, klass.programme.major,
                                    language, number, cert_date, issuer, klass.end, "training"))
        return qual_id

    def _commitment(self, enrollment_id: int, klass: Klass, person: P) -> None:
        from apps.training.services import training_months

        period = person.at(klass.end) or person.periods[-1]
        rules = [r for r in self.world.rules if r.is_in_force(klass.end) and period.category in r.categories]
        rule = max(rules, key=lambda r: (r.effective_from, r.pk), default=None)
        if rule is None:
            return
        months = Decimal(training_months(klass.start, klass.end)) * rule.commitment_multiplier
        self.rows.commitments.append((self.take(ServiceCommitment), enrollment_id,
                                      int(months.to_integral_value(rounding=ROUND_CEILING)), klass.end, rule.pk,
                                      self.now))

    def flush(self) -> None:
        rows = self.rows
        _insert(TrainingClass, CLASS_FIELDS, rows.classes)
        _insert(ClassInstructor, ["id", "training_class_id", "instructor_id", "hours_taught"], rows.teaching)
        _insert(ClassBudget, ["id", "training_class_id", "funding_source", "planned_amount", "actual_amount"],
                rows.budget)
        _insert(Qualification, QUAL_FIELDS, rows.new_quals)
        _insert(Enrollment, ENROLLMENT_FIELDS, rows.enrollments)
        _insert(EnrollmentCost, ["id", "enrollment_id", "funding_source", "amount"], rows.costs)
        _insert(ServiceCommitment, ["id", "enrollment_id", "committed_months", "start", "rule_id", "created_at"],
                rows.commitments)
        table = connection.ops.quote_name(Qualification._meta.db_table)
        adapt = connection.ops.adapt_datefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET obtained_on = %s, certificate_date = %s, certificate_number = %s, issuer = %s, "
                f"source = 'training' WHERE id = %s",
                [(adapt(a), adapt(b), c, d, e) for a, b, c, d, e in rows.linked_quals])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.ids)):
                    cursor.execute(sql)


# --- entry points ------------------------------------------------------------------------------------


def build_training(*, seed: int, progress=None) -> dict:
    """Create the catalogue and 2016–2026 training records over the registry already built by
    apps.demo.province; returns a summary (counts)."""
    say = progress or (lambda message: None)
    rng = random.Random(f"dtbd-demo-training-{seed}")
    world = _load(rng)
    cat = create_catalogue(rng)
    plan = Planner(rng, world, cat)
    people = {p.id: p for p in world.people}
    steps = [("văn bằng, chứng chỉ đã có", lambda: link_certificates(plan, people)),
             ("đào tạo đại học, sau đại học đã có", lambda: link_degrees(plan, people)),
             ("đào tạo trung cấp, sau đại học mới", lambda: new_degrees(plan)),
             ("bồi dưỡng lãnh đạo, quản lý", lambda: leadership(plan)),
             ("bồi dưỡng chức danh nghề nghiệp", lambda: titles(plan)),
             ("chứng chỉ mới sau 30/06/2025", lambda: later_certificates(plan)),
             ("khảo sát, bồi dưỡng ở nước ngoài", lambda: study_tours(plan)),
             ("bồi dưỡng đại biểu HĐND", lambda: council_delegates(plan)),
             ("cập nhật kiến thức hằng năm", lambda: yearly_updates(plan))]
    made = {}
    started = time.perf_counter()
    for label, step in steps:
        made[label] = step()
        say(f"  {label}: {format_number(made[label])} lượt ghi danh ({time.perf_counter() - started:.0f} giây)")
    unit_names = dict(Unit.objects.values_list("id", "name"))
    writer = Writer(rng, world, cat, unit_names)
    for klass in plan.classes:
        if klass.members:
            writer.add(klass)
    say(f"  ghi {format_number(len(writer.rows.enrollments))} lượt học… ({time.perf_counter() - started:.0f} giây)")
    writer.flush()
    rows = writer.rows
    say(f"  đã ghi lớp, lượt học, kinh phí, cam kết ({time.perf_counter() - started:.0f} giây)")
    return {"training_classes": len(rows.classes), "enrollments": len(rows.enrollments),
            "enrollment_costs": len(rows.costs), "commitments": len(rows.commitments),
            "qualifications_linked": len(rows.linked_quals), "qualifications_from_training": len(rows.new_quals)}


def training_reset() -> None:
    """Delete every class, enrollment, cost, commitment, programme, provider and instructor (the
    reference content areas, forms and reimbursement rules stay). Demo mode only: the CLI checks."""
    Through = Programme.content_areas.through
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (ServiceCommitment, EnrollmentCost, Enrollment, ClassInstructor, ClassBudget, TrainingClass,
                      Instructor, ProviderAccount, Through, Programme):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        from apps.training.models import Provider

        cursor.execute(f"DELETE FROM {qn(Provider._meta.db_table)}")
