"""The registry as the demo's training sees it: people with their working span, dated service
periods and levels held; the agency tree before and after the 2025 reform; agency diligence."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from apps.demo.people import DAY
from apps.demo.units import REFORM
from apps.organization.models import Unit
from apps.organization.selectors import top_level_of
from apps.people.models import CouncilMembership, Person, Qualification, ServicePeriod
from apps.training.models import ReimbursementRule

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
    by_id: dict[int, P] = field(default_factory=dict)

    def top(self, unit: int, day: dt.date) -> int:
        tops = self.top_before if day < REFORM else self.top_after
        return tops.get(unit, unit)

    def unit_id(self, code: str) -> int:
        return next(i for i, c in self.unit_code.items() if c == code)


def load_world(rng: random.Random) -> World:
    """Read people, periods, qualifications, council seats, the two trees and the rules."""
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
                  before, after, quals, council, {}, list(ReimbursementRule.objects.order_by("id")), people)
    for top in sorted(set(before.values()) | set(after.values())):
        code = world.unit_code[top]
        low, high = (0.5, 0.74) if code.startswith("XN") else (0.62, 0.93)
        world.rate[top] = AGENCY_RATE.get(code, round(rng.uniform(low, high), 3))
    return world


def weighted_pick(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - DAY


def months_before(end: dt.date, months: int) -> dt.date:
    """The first day of the month ``months - 1`` months before ``end``'s month."""
    index = end.year * 12 + end.month - months
    return dt.date(index // 12, index % 12 + 1, 1)


