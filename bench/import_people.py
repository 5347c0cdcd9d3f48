"""Benchmark: import N people from an xlsx into a fresh database, against openpyxl reading alone.

    .venv/bin/python bench/import_people.py [--rows 50000] [--profile]

Generates a valid N-row sheet into bench/out/, times (1) openpyxl alone reading it (read-only,
values only), (2) ``people_import`` into a freshly migrated database, (3) re-importing the same
file (must write nothing), and reports peak Python memory (tracemalloc) and peak RSS.

Database: a throw-away SQLite file in bench/out/ by default; with DATABASE_URL set to
postgres://…/bench_import the tables there are dropped and re-created first (never point it at a
database you care about).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from apps.accounts.system import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def _setup(database_url: str | None) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not database_url:
        db = OUT / "import_people.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        if not connection.settings_dict["NAME"].startswith("bench"):
            sys.exit("Refusing to wipe a PostgreSQL database whose name does not start with 'bench'.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return connection.vendor


def _province():
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    def make(code, name, level, kind, parent=None):
        return unit_create(actor=SYSTEM, code=code, name=name, level=level, kind=kind, parent=parent, audit=False)

    root = make("TINH", "UBND tỉnh", Level.PROVINCE, UnitKind.STATE)
    codes = []
    for i in range(1, 21):
        agency = make(f"S{i:02d}", f"Sở số {i}", Level.PROVINCE, UnitKind.STATE, root)
        codes.append(agency.code)
        for j in range(1, 6):
            codes.append(make(f"S{i:02d}U{j}", f"Đơn vị {j} thuộc Sở số {i}", Level.PROVINCE,
                              UnitKind.PUBLIC_SERVICE, agency).code)
    return codes


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Thạch"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thị Kim", "Hoàng", "Đức"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khoa", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]


def _write_sheet(path: Path, rows: int, unit_codes: list[str]) -> None:
    from openpyxl import Workbook

    from apps.people.io.columns import HEADERS

    rnd = random.Random(1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(HEADERS)
    categories = ["Công chức", "Viên chức", "Cán bộ"]
    ranks = {"Công chức": ["01.002", "01.003", "01.004"], "Viên chức": ["V.08.01.03", "V.07.05.15"], "Cán bộ": [""]}
    for n in range(1, rows + 1):
        category = rnd.choice(categories)
        position = rnd.random() < 0.1
        values = {
            "Mã cán bộ": f"BM{n:06d}", "Họ và tên": f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
            "Giới tính": rnd.choice(["Nam", "Nữ"]), "Ngày sinh": f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1965, 2000)}",
            "Dân tộc": rnd.choice(["Kinh"] * 8 + ["Khmer", "Hoa"]), "Số CCCD": f"094{n:09d}",
            "Mã đơn vị": rnd.choice(unit_codes), "Đối tượng": category,
            "Ngày vào cơ quan": f"01/{rnd.randint(1, 12):02d}/{rnd.randint(2001, 2023)}",
            "Mã ngạch/chức danh": rnd.choice(ranks[category]),
            "Mã chức vụ": "TRUONG_PHONG" if position else "", "Ngày bổ nhiệm chức vụ": "01/06/2022" if position else "",
            "Vị trí việc làm": "Chuyên viên", "Quy hoạch": "Có" if rnd.random() < 0.05 else "Không",
            "Hiệu lực từ": "", "Trình độ chuyên môn": rnd.choice(["Đại học", "Thạc sĩ", "Cao đẳng"]),
            "Chuyên ngành": rnd.choice(["Luật", "Kinh tế", "Y đa khoa", "Sư phạm Toán"]),
            "Lý luận chính trị": rnd.choice(["", "Sơ cấp", "Trung cấp", "Cao cấp"]),
            "Quản lý nhà nước": rnd.choice(["", "Chuyên viên", "Chuyên viên chính"]),
            "Tin học": rnd.choice(["", "Ứng dụng CNTT cơ bản"]), "Ngoại ngữ": rnd.choice(["", "Bậc 2", "Bậc 3"]),
        }
        ws.append([values.get(h, "") for h in HEADERS])
    wb.save(path)


def _read_with_openpyxl(path: Path) -> tuple[float, int]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return time.perf_counter() - started, count


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} CPU ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions of the import")
    args = parser.parse_args()

    vendor = _setup(os.environ.get("DATABASE_URL"))
    from apps.people.io.importing import people_import
    from apps.people.models import Person, Qualification, ServicePeriod

    unit_codes = _province()
    path = OUT / f"people_{args.rows}.xlsx"
    started = time.perf_counter()
    _write_sheet(path, args.rows, unit_codes)
    generate = time.perf_counter() - started

    read_s, read_rows = _read_with_openpyxl(path)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = people_import(actor=SYSTEM, source=path, filename=path.name)
    import_s = time.perf_counter() - started
    if profiler:
        profiler.disable()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert result.created == args.rows, result

    # The re-import runs under tracemalloc (which slows Python down, so it is timed separately).
    started = time.perf_counter()
    again = people_import(actor=SYSTEM, source=path, filename=path.name)
    reimport_s = time.perf_counter() - started
    assert (again.created, again.updated, again.unchanged) == (0, 0, args.rows), again
    tracemalloc.start()
    people_import(actor=SYSTEM, source=path, filename=path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"database           {vendor}")
    print(f"machine            {_machine()}")
    print(f"file               {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB, {read_rows - 1} data rows, "
          f"{len(unit_codes)} units; generated in {generate:.1f} s)")
    print(f"openpyxl alone     {read_s:.2f} s")
    print(f"import             {import_s:.2f} s  ({import_s / read_s:.2f}× openpyxl; "
          f"{args.rows / import_s:,.0f} rows/s)")
    print(f"re-import (no-op)  {reimport_s:.2f} s  ({reimport_s / read_s:.2f}× openpyxl)")
    print(f"rows written       {Person.objects.count()} people, {ServicePeriod.objects.count()} periods, "
          f"{Qualification.objects.count()} qualifications")
    print(f"peak memory        process RSS {rss_before:.0f} MB before the import, peak {rss_after:.0f} MB "
          f"after it; tracemalloc peak of a re-import {peak / 1e6:.0f} MB")
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
