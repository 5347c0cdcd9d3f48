"""Planning the demo's classes: who takes which course when, grouped into classes (no rows yet)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from apps.demo.catalogue import FOREIGN, Catalogue
from apps.demo.qualifications import CAP
from apps.demo.training.world import (
    CBCC,
    CC,
    FIRST_YEAR,
    IN_COUNTRY,
    KCT,
    LAST_YEAR,
    TODAY,
    VC,
    WINDOW,
    YEAR_SHIFT,
    P,
    Period,
    World,
    month_end,
    months_before,
    weighted_pick,
)
from apps.training.models import Programme

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
COST_OF = {"PL": "update_cs", "DDCV": "update_cs", "KNTT": "update_cs", "HNQT": "update_cs", "DDNN": "update_vc",
           "CMYT": "update_vc", "CMGD": "update_vc", "CMKH": "update_vc", "CNXA": "update_commune",
           "KCT": "update_commune", "CDS": "national", "QPAN2": "national", "QPAN3": "national", "QPAN4": "national",
           "NGCV": "standard", "NGCVC": "standard", "NGCVCC": "standard", "LDP": "standard", "LDS": "standard",
           "LDVC": "title", "CDGV": "title", "CDYT": "title", "CDKH": "title", "LLSC": "political",
           "LLTC": "political", "LLCC": "political", "UDCNTT": "skill", "UDCNTT2": "skill", "KHMER": "ethnic",
           "KHMER2": "ethnic", "HOA": "ethnic", "HDND": "council", "QLNN-NN": "abroad_short"}
LEAD_PROGRAMME = {"GD_SO": "LDS", "PGD_SO": "LDS", "CT_UBND_TINH": "LDS", "PCT_UBND_TINH": "LDS",
                  "CT_UBND_HUYEN": "LDS", "PCT_UBND_HUYEN": "LDS", "GD_DVSN": "LDVC", "PGD_DVSN": "LDVC",
                  "HIEU_TRUONG": "LDVC", "PHO_HIEU_TRUONG": "LDVC", "TRUONG_KHOA": "LDVC"}
LINKED = {("ly_luan_chinh_tri", "so_cap"): "LLSC", ("ly_luan_chinh_tri", "trung_cap"): "LLTC",
          ("ly_luan_chinh_tri", "cao_cap"): "LLCC", ("quan_ly_nha_nuoc", "chuyen_vien"): "NGCV",
          ("quan_ly_nha_nuoc", "chuyen_vien_chinh"): "NGCVC", ("quan_ly_nha_nuoc", "chuyen_vien_cao_cap"): "NGCVCC",
          ("quoc_phong_an_ninh", "doi_tuong_2"): "QPAN2", ("quoc_phong_an_ninh", "doi_tuong_3"): "QPAN3",
          ("quoc_phong_an_ninh", "doi_tuong_4"): "QPAN4", ("tin_hoc", "co_ban"): "UDCNTT",
          ("tin_hoc", "nang_cao"): "UDCNTT2"}



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
        person = world.by_id[pid]
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




# --- 9. province-wide classes about to start, open for the agencies' registrations ----------------

# (programme, start, end): Sở Nội vụ's shared classes of December, after the demo's today, so the
# current year shows every state: finished, running, planned, and open for registration.
UPCOMING_SHARED = [("PL", dt.date(TODAY.year, 12, 7), dt.date(TODAY.year, 12, 9)),
                   ("KNTT", dt.date(TODAY.year, 12, 14), dt.date(TODAY.year, 12, 18)),
                   ("CDS", dt.date(TODAY.year, 12, 21), dt.date(TODAY.year, 12, 22))]


def upcoming_shared_classes(plan: Planner) -> int:
    """A few registrations from across the province in each of Sở Nội vụ's upcoming shared
    classes (open to every agency); the rest of the seats stay free."""
    rng, count = plan.rng, 0
    cadres = [p for p in plan.world.people if (period := p.at(TODAY)) is not None and period.category in CBCC]
    for code, start, end in UPCOMING_SHARED:
        klass = plan.standard_class(code, start, end, capacity=150)
        plan.classes.append(klass)
        wanted = min(len(cadres), rng.randint(12, 30))
        for person in rng.sample(cadres, wanted):
            if person.works(start, end) and (klass.form != "tap_trung" or person.free(start, end)):
                count += klass.add(Member(person))
    return count
