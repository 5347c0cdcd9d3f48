"""Benchmark: import N enrollments (a results file) into a database holding the classes and people.

    DATABASE_URL=sqlite:///var/bench-trainio.sqlite3 .venv/bin/python bench/import_enrollments.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_trainio .venv/bin/python bench/import_enrollments.py

Builds a province (bench/import_people.py's 120 units), N/2 people written directly, N/50 full-time
classes of 50 seats over two years (every person in one class a year, so no overlap) across ten
programmes (six grant a qualification level), and a valid N-row xlsx: 85% completed with a
certificate, 10% failed, 5% withdrawn, costs from two funding sources. Then it times
(1) openpyxl alone reading the file, (2) ``enrollments_import`` of the file as the system account
under tracemalloc, rolled back (peak Python memory of the writing import), (3) the same import for
real, (4) re-importing it (must write nothing). Peak RSS from getrusage.

The database is wiped first: a SQLite file is deleted; a PostgreSQL database must be named
bench… (its public schema is dropped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from apps.accounts.system import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_people import FAMILY, GIVEN, MIDDLE, OUT, _machine, _province, _read_with_openpyxl  # noqa: E402
from bench.import_people import _setup as _setup_database  # noqa: E402

SEATS = 50
PROGRAMMES = [  # code, name, family, granted level (dimension, code) or None
    ("TCLLCT", "Trung cấp lý luận chính trị - hành chính", "chuc_vu", ("ly_luan_chinh_tri", "trung_cap")),
    ("CCLLCT", "Cao cấp lý luận chính trị", "chuc_vu", ("ly_luan_chinh_tri", "cao_cap")),
    ("CVC", "Bồi dưỡng ngạch chuyên viên chính", "ngach_chuc_danh", ("quan_ly_nha_nuoc", "chuyen_vien_chinh")),
    ("CV", "Bồi dưỡng ngạch chuyên viên", "ngach_chuc_danh", ("quan_ly_nha_nuoc", "chuyen_vien")),
    ("QPAN3", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3", "chuc_vu", None),
    ("KHMER", "Tiếng Khmer cho cán bộ công tác vùng đồng bào", "vi_tri_viec_lam", None),
    ("CDS", "Cập nhật kỹ năng số", "cap_nhat", None),
    ("PL", "Cập nhật kiến thức pháp luật", "cap_nhat", None),
    ("LDQL", "Bồi dưỡng lãnh đạo cấp phòng", "chuc_vu", None),
    ("HDND", "Kỹ năng hoạt động đại biểu HĐND", "dai_bieu_hdnd", None),
]


def _wipe_sqlite(url: str | None) -> None:
    if url and url.startswith("sqlite:///"):
        path = ROOT / url.removeprefix("sqlite:///") if not url.startswith("sqlite:////") else Path(url[9:])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _catalogue() -> list:
    from apps.people.models import QualificationLevel
    from apps.training import services
    from apps.training.models import ContentArea

    area = list(ContentArea.objects.all()[:1])
    provider = services.provider_create(actor=SYSTEM, code="TCT", name="Trường Chính trị tỉnh")
    programmes = []
    for code, name, family, level in PROGRAMMES:
        grants = QualificationLevel.objects.get(dimension=level[0], code=level[1]) if level else None
        programmes.append(services.programme_create(actor=SYSTEM, code=code, name=name, kind="boi_duong",
                                                    fostering_family=family, content_areas=area, grants_level=grants))
    return [provider, programmes]


def _people(count: int, unit_codes: list[str], rng: random.Random) -> list[str]:
    """``count`` civil servants written straight to the table (the registry import is benched apart)."""
    from django.utils import timezone

    from apps.core.bulk import insert_objects
    from apps.organization.models import Unit
    from apps.people.models import Ethnicity, Person

    units = dict(Unit.objects.filter(code__in=unit_codes).values_list("code", "pk"))
    kinh = Ethnicity.objects.get(name="Kinh").pk
    now = timezone.now()
    people = []
    for i in range(count):
        person = Person(code=f"CB{i:06d}", full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                        gender=rng.choice(["nam", "nu"]), birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                        ethnicity_id=kinh, joined_on=dt.date(2010, 1, 1), unit_id=units[unit_codes[i % len(unit_codes)]],
                        category="cong_chuc", level="province", created_at=now, updated_at=now)
        person.refresh_derived()
        people.append(person)
    insert_objects(people)
    return [p.code for p in people]


def _classes(count: int, provider, programmes) -> list:
    from django.db.models import Q

    from apps.organization.models import Unit
    from apps.training.models import DeliveryForm, TrainingClass

    organiser = Unit.objects.get(code="TINH").pk
    form = DeliveryForm.objects.get(code="tap_trung")
    classes = []
    for i in range(count):
        year = 2024 if i < count // 2 else 2025
        start = dt.date(year, 1 + i % 10, 1 + i % 20)
        classes.append(TrainingClass(code=f"L{year}-{i:05d}", name="", programme=programmes[i % len(programmes)],
                                     provider=provider, organiser_id=organiser, form=form, start_date=start,
                                     end_date=start + dt.timedelta(days=40), hours=200, capacity=SEATS,
                                     status="finished"))
    TrainingClass.objects.bulk_create(classes, batch_size=1000)
    return list(TrainingClass.objects.filter(~Q(code="")).order_by("code"))


def _write_sheet(path: Path, classes, people: list[str], rng: random.Random) -> int:
    from openpyxl import Workbook

    from apps.training.io.columns import ENROLLMENT_COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append([c.header for c in ENROLLMENT_COLUMNS])
    half = len(classes) // 2
    rows = 0
    for year_classes in (classes[:half], classes[half:]):
        order = people[:]
        rng.shuffle(order)
        for k, klass in enumerate(year_classes):
            for code in order[k * SEATS:(k + 1) * SEATS]:
                draw = rng.random()
                done = klass.end_date.strftime("%d/%m/%Y")
                if draw < 0.85:
                    status, result, number, issued, completed = "Hoàn thành", rng.choice(["Giỏi", "Khá"]), \
                        f"CC-{rows:07d}", done, done
                elif draw < 0.95:
                    status, result, number, issued, completed = "Không đạt", "Yếu", "", "", ""
                else:
                    status, result, number, issued, completed = "Thôi học", "", "", "", ""
                sheet.append([klass.code, code, "", status, result, number, issued,
                              180 if completed else "", completed, "", "2.500.000", "1.000.000", "", "", ""])
                rows += 1
    book.save(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    _wipe_sqlite(url)
    vendor = _setup_database(url)
    from django.db import transaction

    from apps.people.models import Qualification
    from apps.training.io.enrollments import enrollments_import
    from apps.training.models import Enrollment, EnrollmentCost

    rng = random.Random(7)
    started = time.perf_counter()
    unit_codes = _province()
    provider, programmes = _catalogue()
    people = _people(args.rows // 2, unit_codes, rng)
    classes = _classes(args.rows // SEATS, provider, programmes)
    path = OUT / f"enrollments_{args.rows}.xlsx"
    rows = _write_sheet(path, classes, people, rng)
    generate = time.perf_counter() - started
    read_s, _ = _read_with_openpyxl(path)

    tracemalloc.start()
    with transaction.atomic():
        traced = enrollments_import(actor=SYSTEM, source=path, filename=path.name)
        transaction.set_rollback(True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert traced.created == rows and not Enrollment.objects.exists(), traced

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = enrollments_import(actor=SYSTEM, source=path, filename=path.name)
    import_s = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    again = enrollments_import(actor=SYSTEM, source=path, filename=path.name)
    reimport_s = time.perf_counter() - started
    assert (again.created, again.updated, again.unchanged) == (0, 0, rows), again

    print(f"database           {vendor}")
    print(f"machine            {_machine()}")
    print(f"data               {len(people)} people, {len(classes)} classes of {SEATS}, "
          f"{len(PROGRAMMES)} programmes; set up in {generate:.1f} s")
    print(f"file               {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB, {rows} rows)")
    print(f"openpyxl alone     {read_s:.2f} s")
    print(f"import             {import_s:.2f} s  ({import_s / read_s:.2f}× openpyxl; {rows / import_s:,.0f} rows/s)")
    print(f"  {result.summary}")
    print(f"re-import (no-op)  {reimport_s:.2f} s  ({reimport_s / read_s:.2f}× openpyxl)")
    print(f"rows written       {Enrollment.objects.count()} enrollments, {EnrollmentCost.objects.count()} cost lines, "
          f"{Qualification.objects.count()} qualifications")
    print(f"peak memory        tracemalloc peak of the import {peak / 1e6:.0f} MB; process RSS {rss_before:.0f} MB "
          f"before the timed import, peak {rss_after:.0f} MB after it")


if __name__ == "__main__":
    main()
