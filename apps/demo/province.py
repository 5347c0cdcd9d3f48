"""Build the demo province: units, people with history and certificates, the 2025 reform,
council seats and the demo accounts, in one transaction.

``build_province(persons=60000, seed=1)`` is deterministic: one ``random.Random(seed)`` drives
every draw and all dates are fixed, so the same seed gives the same rows (load timestamps and
audit times aside). People are written with ``bulk_create`` in batches, their sort and search
columns precomputed by ``Person.refresh_derived``; the reform runs through the set-based
restructuring services. One audit entry records the load.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from apps.accounts.access import SYSTEM
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.vn import format_number
from apps.demo import staffing
from apps.demo.accounts import DEMO_USERNAMES, demo_accounts_create
from apps.demo.people import DAY, Ids, Made, make_person
from apps.demo.qualifications import qualifications
from apps.demo.training import build_training, training_reset
from apps.demo.units import PROVINCE, REFORM, Spec, create_units, province_specs, restructure
from apps.organization.models import Level, Unit, UnitEvent, UnitLink
from apps.people.models import (
    CouncilMembership,
    Ethnicity,
    Person,
    Position,
    Qualification,
    QualificationLevel,
    Rank,
    ServicePeriod,
)
from apps.results.services import plans_refresh
from apps.results.versions import data_changed

BATCH = 2000
KHMER_TARGET = 0.30
COUNCIL_POSITIONS = {"GD_SO", "PGD_SO", "TRUONG_PHONG", "GD_DVSN", "HIEU_TRUONG"}
TERMS = [("2016-2021", dt.date(2016, 7, 1), dt.date(2021, 6, 30)), ("2021-2026", dt.date(2021, 7, 1), None)]


class _Refs:
    """Ids of the reference catalogues, looked up once."""

    def __init__(self) -> None:
        self.ethnicity = dict(Ethnicity.objects.values_list("name", "id"))
        self.rank = dict(Rank.objects.values_list("code", "id"))
        self.position = dict(Position.objects.values_list("code", "id"))
        self.level = {(d, c): i for d, c, i in QualificationLevel.objects.values_list("dimension", "code", "id")}


def build_province(*, persons: int, seed: int, stdout=None) -> dict:
    """Create the demo province in an empty registry; returns a summary dict (counts, seconds)."""
    started = time.perf_counter()

    def progress(message: str) -> None:
        if stdout is not None:
            print(message, file=stdout, flush=True)

    rng = random.Random(seed)
    with _without_query_log(), transaction.atomic():
        specs = province_specs(rng, persons)
        progress(f"Tạo cây tổ chức tỉnh {PROVINCE}: {len(specs)} đơn vị (hiệu lực từ 01/01/2000)…")
        units = create_units(specs)
        progress(f"Tạo {format_number(persons)} hồ sơ cán bộ, công chức, viên chức…")
        made = _create_people(rng, specs, units, persons, progress)
        progress("Sắp xếp tổ chức từ 01/07/2025: hợp nhất xã, chuyển trường, bỏ cấp huyện…")
        reform = restructure(rng, specs, units, progress)
        late = _late_status_changes(made["late"])
        seats = _council_seats(rng, made["council_pool"], units, persons)
        progress(f"Đại biểu HĐND: {seats} lượt (nhiệm kỳ 2016-2021, 2021-2026)")
        progress("Đào tạo, bồi dưỡng 2016–2026: chương trình, cơ sở, lớp, lượt học, kinh phí…")
        training = build_training(seed=seed, progress=progress)
        plans = _load_plans(progress)
        accounts = demo_accounts_create()
        from apps.annual.demo import build_annual

        annual = build_annual(seed=seed, progress=progress)
        from apps.evaluation.demo import build_evaluation

        annual.update(build_evaluation(seed=seed, progress=progress))  # after everything, its own generator
        summary = _summary(persons, seed, specs, made, reform, seats, late, accounts)
        summary.update(training)
        summary.update(annual)
        summary["plans"] = plans
        summary["seconds"] = round(time.perf_counter() - started, 1)
        audit_write(actor=SYSTEM, action=AuditEntry.Action.IMPORT, target_type="demo",
                    changes={k: [None, v] for k, v in summary.items() if not isinstance(v, dict)},
                    note=f"Tạo dữ liệu mẫu tỉnh {PROVINCE}: {persons} người, số khởi tạo {seed}")
        data_changed()  # written in bulk: stored plan results are stale (apps/results)
    _analyze()
    progress("Tính sẵn số liệu chỉ tiêu của các kế hoạch (các ngày bảng theo dõi hiện)…")
    summary["stored_results"] = plans_refresh()
    from apps.reports.flat import flat_rebuild

    progress("Dựng sẵn bản phẳng số liệu báo cáo (thống kê năm, sơ kết, tổng kết)…")
    summary["report_rows"] = flat_rebuild()
    summary["seconds"] = round(time.perf_counter() - started, 1)
    progress(f"Xong sau {summary['seconds']} giây.")
    return summary


def _load_plans(progress) -> int:
    """Load the plans shipped in ``plans/*.yaml`` (the Sóc Trăng 2021–2025 plan) so the dashboard
    has something to evaluate; a plan that is already there is updated in place."""
    from django.conf import settings

    from apps.plans.services import plan_load

    files = sorted((settings.BASE_DIR / "plans").glob("*.yaml"))
    for path in files:
        result = plan_load(actor=SYSTEM, text=path.read_text(encoding="utf-8"))
        progress(f"Kế hoạch {result.plan.code}: {result.plan.title}")
        from django.utils import timezone

        from apps.roadmap.demo import demo_roadmap

        progress(f"  {demo_roadmap(result.plan, timezone.localdate())} nhiệm vụ theo lộ trình")
    return len(files)


def _analyze() -> None:
    """PostgreSQL: refresh the planner statistics (and the visibility map) after the bulk load; without them it plans the
    people list as for an empty table (a 60,000-row sort instead of reading the name index).
    Not on SQLite, whose planner, once given statistics, prefers joining from the unit table and
    sorting every person over reading the name index in order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM also sets the visibility map (index-only scans; an officer's class list 294 →
            # 92 ms right after the load); it cannot run inside a transaction (tests), ANALYZE can
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


@contextmanager
def _without_query_log():
    """DEBUG mode (development, demo) logs every SQL statement and, on SQLite, re-quotes its
    parameters with one more query; hundreds of thousands of inserts do not need that."""
    previous = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = previous


def _khmer_elsewhere(specs: list[Spec], counts: dict[str, int]) -> float:
    """Khmer share outside Khmer areas so that the province as a whole is about 30% Khmer."""
    total = sum(counts.values()) or 1
    in_area = sum(counts.get(s.code, 0) for s in specs if "Khmer" in s.flags.get("ethnic_languages", "")) / total
    return max(0.05, (KHMER_TARGET - 0.55 * in_area) / max(0.01, 1 - in_area))


def _create_people(rng: random.Random, specs: list[Spec], units: dict[str, Unit], persons: int, progress) -> dict:
    started = time.perf_counter()
    counts = staffing.headcounts(specs, persons)
    reference = staffing.headcounts(specs, max(persons, staffing.REFERENCE_SIZE))
    slots = [(spec, slot) for spec in specs
             for slot in staffing.unit_slots(rng, spec, counts.get(spec.code, 0), reference.get(spec.code, 0))]
    rng.shuffle(slots)
    same_kind: dict[tuple, list[str]] = defaultdict(list)
    for spec in specs:
        same_kind[(spec.profile, spec.level)].append(spec.code)
    peers = {s.code: [c for c in same_kind[(s.profile, s.level)] if c != s.code] for s in specs}
    khmer_elsewhere = _khmer_elsewhere(specs, counts)
    refs, ids = _Refs(), Ids()
    stats: dict = {"categories": Counter(), "ethnicity": Counter(), "periods": 0, "qualifications": 0,
                   "positions": 0, "in_plan": 0, "status": Counter(), "late": [], "council_pool": []}
    by_code = {s.code: s for s in specs}
    for start in range(0, len(slots), BATCH):
        batch = []
        for n, (spec, slot) in enumerate(slots[start:start + BATCH], start=start + 1):
            person = make_person(rng, ids, f"CB{n:06d}", spec, slot, khmer_elsewhere, peers[spec.code])
            batch.append((person, qualifications(rng, person, spec)))
        _write_batch(batch, units, refs, stats, by_code)
        done = min(start + BATCH, len(slots))
        progress(f"  {format_number(done)}/{format_number(len(slots))} hồ sơ ({time.perf_counter() - started:.0f} giây)")
    return stats


def _write_batch(batch: list[tuple[Made, list]], units: dict[str, Unit], refs: _Refs, stats: dict,
                 by_code: dict[str, Spec]) -> None:
    people = [_person_row(made, units, refs) for made, _ in batch]
    Person.objects.bulk_create(people, batch_size=BATCH)
    periods, quals = [], []
    for person, (made, rows) in zip(people, batch, strict=True):
        last = len(made.periods) - 1
        for i, (start, end, unit_code, rank, position, appointed, reason) in enumerate(made.periods):
            unit = units[unit_code]
            periods.append(ServicePeriod(
                person_id=person.pk, valid_from=start, valid_to=end, unit_id=unit.pk, category=made.category,
                level=unit.level,
                rank_id=refs.rank.get(rank or ""), position_id=refs.position.get(position or ""),
                position_appointed_on=appointed, job_position=made.job, in_succession_plan=made.in_plan and i == last,
                reason=reason))
        for dimension, level, major, language, number, cert_date, issuer, obtained in rows:
            quals.append(Qualification(
                person_id=person.pk, dimension=dimension, level_id=refs.level[(dimension, level)], major=major,
                language=language, certificate_number=number, certificate_date=cert_date, issuer=issuer,
                obtained_on=obtained, source=Qualification.Source.DEMO))
        _tally(stats, made, person, by_code[made.unit])
    ServicePeriod.objects.bulk_create(periods, batch_size=BATCH)
    Qualification.objects.bulk_create(quals, batch_size=BATCH)
    stats["periods"] += len(periods)
    stats["qualifications"] += len(quals)


def _person_row(made: Made, units: dict[str, Unit], refs: _Refs) -> Person:
    unit = units[made.unit]
    person = Person(
        code=made.code, full_name=made.full_name, gender=made.gender, birth_date=made.birth_date,
        ethnicity_id=refs.ethnicity[made.ethnicity], national_id=made.national_id, joined_on=made.joined_on,
        unit_id=unit.pk, category=made.category, level=unit.level, rank_id=refs.rank.get(made.rank or ""),
        position_id=refs.position.get(made.position or ""), position_appointed_on=made.appointed_on,
        job_position=made.job, in_succession_plan=made.in_plan,
        succession_position_id=refs.position.get(made.plan_position or ""),
        status=made.status if not made.status_on or made.status_on <= REFORM else "working",
        status_on=made.status_on if made.status_on and made.status_on <= REFORM else None,
    )
    person.refresh_derived()
    return person


def _tally(stats: dict, made: Made, person: Person, spec: Spec) -> None:
    stats["categories"][made.category] += 1
    stats["ethnicity"][made.ethnicity] += 1
    stats["status"][made.status] += 1
    stats["positions"] += made.position is not None
    stats["in_plan"] += made.in_plan
    if made.status_on and made.status_on > REFORM:
        stats["late"].append((person.pk, made.status, made.status_on))
    if made.status == "working" and (made.category == "can_bo" or made.position in COUNCIL_POSITIONS):
        where = "province" if spec.level == Level.PROVINCE else spec.district
        stats["council_pool"].append((where, person.pk, made.joined_on, made.category == "can_bo"))


def _late_status_changes(late: list[tuple[int, str, dt.date]]) -> int:
    """Retirements and departures after the reform: closed after it, one UPDATE pair per date."""
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for person_id, status, day in late:
        groups[(status, day)].append(person_id)
    for (status, day), ids in sorted(groups.items()):
        ServicePeriod.objects.filter(person_id__in=ids, valid_to__isnull=True).update(valid_to=day - DAY)
        Person.objects.filter(pk__in=ids).update(status=status, status_on=day)
    return len(late)


def _council_seats(rng: random.Random, pool: list[tuple], units: dict[str, Unit], persons: int) -> int:
    """People's Council delegates, mostly cán bộ and leaders: the provincial council (about 55
    seats at 60,000 people) and each district council (about 30) for the two terms."""
    by_place: dict[str, list[tuple]] = defaultdict(list)
    for where, person_id, joined, cadre in pool:
        by_place[where].append((person_id, joined, cadre))
    seats = []
    for where, members in by_place.items():
        council = units["HDND"] if where == "province" else units.get(f"H{where}-HDND")
        if council is None:
            continue
        size = max(1, round((55 if where == "province" else 30) * persons / 60000))
        chosen: set[int] = set()
        for term, start, end in reversed(TERMS):
            eligible = [(pid, cadre) for pid, joined, cadre in members if joined <= start - dt.timedelta(days=60)]
            picked = [pid for pid, _ in eligible if pid in chosen and rng.random() < 0.45]
            for cadres in (True, False):  # about 70% of the seats go to cán bộ
                fresh = [pid for pid, cadre in eligible if cadre == cadres and pid not in chosen]
                room = max(0, (round(size * 0.7) if cadres else size) - len(picked))
                picked += rng.sample(fresh, min(len(fresh), room))
            closes = end if end is not None or where == "province" else REFORM - DAY
            seats += [CouncilMembership(person_id=pid, council=council, term=term, valid_from=start, valid_to=closes)
                      for pid in picked]
            chosen.update(picked)
    CouncilMembership.objects.bulk_create(seats, batch_size=BATCH)
    return len(seats)


def _summary(persons, seed, specs, made, reform, seats, late, accounts) -> dict:
    communes = [s for s in specs if s.profile == "commune"]
    return {
        "province": PROVINCE, "persons": persons, "seed": seed, "units_created": len(specs),
        "units_total": Unit.objects.count(), "districts": sum(1 for s in specs if s.profile == "district_ubnd"),
        "communes_before": len(communes), **reform, "periods": ServicePeriod.objects.count(),
        "qualifications": made["qualifications"], "council_seats": seats, "positions": made["positions"],
        "in_succession_plan": made["in_plan"], "not_working": sum(v for k, v in made["status"].items() if k != "working"),
        "closed_after_reform": late, "categories": dict(made["categories"]), "ethnicity": dict(made["ethnicity"]),
        "accounts_created": len(accounts),
    }


def demo_reset() -> None:
    """Delete the registry, the organisation tree, the plans, the training records and the demo accounts (demo mode only: the CLI
    checks). Refuses, with a ValidationError, when other accounts are anchored to a unit or person."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from apps.accounts.models import Profile
    from apps.plans.models import Plan

    with transaction.atomic():
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
        anchored = list(Profile.objects.filter(unit__isnull=False).values_list("user__username", flat=True))
        if anchored:
            raise ValidationError(f"Các tài khoản sau gắn với đơn vị, hãy xóa trước khi tạo lại dữ liệu mẫu: "
                                  f"{', '.join(sorted(anchored))}.")
        Profile.objects.filter(person__isnull=False).update(person=None)
        from apps.annual.models import AnnualCycle

        AnnualCycle.objects.all().delete()  # the annual cycles, their plans, lines, wishes, class links
        from apps.evaluation.models import Campaign

        Campaign.objects.all().delete()  # the evaluation campaigns of the demo's classes, their forms
        Plan.objects.all().delete()  # the build loads plans/*.yaml again
        from apps.reports.models import FlatLuot, FlatStamp

        FlatLuot.objects.all().delete()  # the reports' flat copy of the lượt (rebuilt by the build)
        FlatStamp.objects.all().delete()
        training_reset()
        for model in (Qualification, CouncilMembership, ServicePeriod):
            model.objects.all().delete()
        Person.objects.all().delete()
        UnitEvent.objects.all().delete()
        UnitLink.objects.all().delete()
        Unit.objects.update(parent=None, successor=None)
        Unit.objects.all().delete()
