"""Writing the planned classes: statuses by the demo's today, certificates, qualifications,
instructors, costs by source, budgets and commitments, inserted with explicit ids."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from apps.demo.catalogue import Catalogue
from apps.demo.training.planning import Klass, Member
from apps.demo.training.world import BATCH, IN_COUNTRY, TODAY, P, World, weighted_pick
from apps.people.models import Qualification
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    Enrollment,
    EnrollmentCost,
    ServiceCommitment,
    TrainingClass,
)

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
# Short courses are paid by one source per class (split across classes by these shares); long
# ones split every learner's cost.
ONE_SOURCE_PER_CLASS = {"update_cs", "update_vc", "update_commune", "national", "council"}
STATE_SOURCES = {"ngan_sach_trung_uong", "ngan_sach_dia_phuong", "kinh_phi_co_quan"}
RESULTS = [("Xuất sắc", 8), ("Giỏi", 30), ("Khá", 45), ("Trung bình", 12), ("Đạt", 5)]

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
                "end_date", "hours", "country", "place", "capacity", "status", "open_to_agencies", "created_at"]
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
        # The Department's classes are the province's fostering: every agency sends its people.
        self.province_organiser = world.unit_id("SNV")

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
            place[:255], max(klass.capacity, len(klass.members)), status, klass.organiser == self.province_organiser,
            self.now))
        self._teaching(class_id, klass, hours)
        spent: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # source -> [every learner, not registered]
        per_hour, shares = COST[klass.cost]
        if klass.cost in ONE_SOURCE_PER_CLASS:
            shares = {weighted_pick(rng, [(s, int(w * 100)) for s, w in shares.items()]): 1.0}
        for member in klass.members:
            self._enrollment(class_id, klass, member, status, hours, (per_hour, shares), spent)
        for source, (expected, amount) in sorted(spent.items()):
            planned = round(expected * rng.uniform(1.0, 1.12), -3)
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
                    cost: tuple[int, dict[str, float]], spent: dict[str, list[int]]) -> None:
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
            spent[source][0] += amount
            if status != "registered":
                spent[source][1] += amount
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


