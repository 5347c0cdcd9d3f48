"""Benchmark: server time of the person page (/nhan-su/<code>/) of someone with 50 lượt.

    DATABASE_URL=sqlite:///var/bench-trainio.sqlite3 .venv/bin/python bench/person_page.py [--repeat 30]

Runs on the database bench/import_enrollments.py leaves (50,000 people, 100,000 enrollments): adds,
once, a person with ``--lots`` (50) completed enrollments in as many classes (ten programmes, six
granting a level; costs from three funding sources; entered through ``enrollments_import``), then
GETs the page with django.test.Client ``--repeat`` times after two warm-ups, as Sở Nội vụ and as an
agency officer, and reports the median and p95 of the ``Server-Timing: app;dur=…`` header and the
SQL queries per request. DEBUG is off, as in production. Goal: under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
from pathlib import Path

from apps.accounts.system import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.list_search import _database_label, _machine  # noqa: E402

CODE = "CB-50LUOT"
GOAL_MS = 100.0


def _setup() -> str:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database bench/import_enrollments.py built.")
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def _users():
    from django.contrib.auth import get_user_model

    from apps.accounts.services import user_create
    from apps.organization.models import Unit

    User = get_user_model()
    for username, role, unit in (("bench_so_noi_vu", "home_affairs", None), ("bench_can_bo", "agency_officer", "S01")):
        if not User.objects.filter(username=username).exists():
            user_create(actor=SYSTEM, username=username, password="bench-x", role=role, full_name=username,
                        unit=Unit.objects.get(code=unit) if unit else None)
    return [User.objects.select_related("profile").get(username=u) for u in ("bench_so_noi_vu", "bench_can_bo")]


def _person_with_lots(lots: int):
    """The person and their ``lots`` completed enrollments, made once."""
    from openpyxl import Workbook

    from apps.organization.models import Unit
    from apps.people.models import Ethnicity, Person
    from apps.people.services import PersonData, person_create
    from apps.training.io.columns import ENROLLMENT_COLUMNS
    from apps.training.io.enrollments import enrollments_import
    from apps.training.models import DeliveryForm, Programme, Provider, TrainingClass

    person = Person.objects.filter(code=CODE).first()
    if person is not None:
        return person
    person = person_create(actor=SYSTEM, data=PersonData(
        code=CODE, full_name="Trần Thị Năm Mươi", gender="nu", birth_date=dt.date(1980, 5, 1),
        ethnicity_id=Ethnicity.objects.get(name="Kinh").pk, unit_id=Unit.objects.get(code="S01U1").pk,
        category="cong_chuc", joined_on=dt.date(2005, 1, 1)))
    programmes = list(Programme.objects.order_by("code")[:10])
    provider, form = Provider.objects.first(), DeliveryForm.objects.get(code="truc_tuyen")
    classes = [TrainingClass(code=f"P50-{i:02d}", programme=programmes[i % len(programmes)], provider=provider,
                             organiser=Unit.objects.get(code="S01"), form=form,
                             start_date=dt.date(2006 + i // 3, 1 + (i % 3) * 4, 2),
                             end_date=dt.date(2006 + i // 3, 1 + (i % 3) * 4, 20), hours=40, status="finished")
               for i in range(lots)]
    TrainingClass.objects.bulk_create(classes)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append([c.header for c in ENROLLMENT_COLUMNS])
    for k in classes:
        done = k.end_date.strftime("%d/%m/%Y")
        sheet.append([k.code, CODE, "", "Hoàn thành", "Giỏi", f"P50-CC-{k.code}", done, 40, done,
                      "1.200.000", "3.400.000", "500.000", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    result = enrollments_import(actor=SYSTEM, source=out.getvalue(), filename="50-luot.xlsx")
    print(f"made {CODE}: {result.summary}")
    return person


def _measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def server_ms(response) -> float:
        assert response.status_code == 200, response.status_code
        return float(response["Server-Timing"].split("dur=")[1])

    for _ in range(2):
        client.get(url)
    timings = sorted(server_ms(client.get(url)) for _ in range(repeat))
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--lots", type=int, default=50)
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one request")
    args = parser.parse_args()
    vendor = _setup()
    from django.test import Client

    from apps.people.models import Person
    from apps.training.models import Enrollment

    users = _users()
    person = _person_with_lots(args.lots)
    other = Person.objects.filter(unit__code="S01U1").exclude(code=CODE).order_by("code").first()
    print(f"database  {_database_label(vendor)}; {Person.objects.count():,} people, "
          f"{Enrollment.objects.count():,} enrollments")
    print(f"machine   {_machine()}")
    for user in users:
        client = Client()
        client.force_login(user)
        for target in (person, other):
            lots = Enrollment.objects.filter(person=target).count()
            median, p95, queries = _measure(client, f"/nhan-su/{target.code}/", args.repeat)
            flag = "" if p95 < GOAL_MS else f"  > {GOAL_MS:.0f} ms"
            print(f"{user.username:16} {target.code:10} {lots:3} lượt  median {median:6.1f} ms  p95 {p95:6.1f} ms  "
                  f"{queries:2} queries{flag}", flush=True)
    if args.show_queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = Client()
        client.force_login(users[0])
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/nhan-su/{CODE}/")
        for q in queries:
            print(f"{q['time']:>6} {q['sql'][:300]}")


if __name__ == "__main__":
    main()
