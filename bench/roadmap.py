"""Benchmark: the roadmap's tasks over the demo province — generating them from the shipped plan
(first run and the no-op rerun), the reminder source, and the task pages — beside the plan page
(apps/plans) in the same run as a reference.

    DATABASE_URL=sqlite:///var/bench_roadmap.sqlite3 .venv/bin/python bench/roadmap.py [--repeat 20] [--append]

The database must hold the demo province (``dtbd migrate`` then ``DTBD_MODE=demo dtbd demo
--persons 60000 --seed 1``; the demo generates the tasks). Generation is timed inside a rolled-back
transaction after deleting the plan's tasks, so the database is left as it was. Page figures are
the ``Server-Timing`` header (DEBUG off, django.test.Client), median and p95 of ``--repeat``
requests after two warm-ups; goal: every page under 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path.insert(0, str(ROOT))
GOAL_MS = 300


def _page(client, url: str, repeat: int, **headers) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def server_ms(response) -> float:
        assert response.status_code == 200, (url, response.status_code)
        return float(response["Server-Timing"].split("dur=")[1])

    for _ in range(2):
        client.get(url, **headers)
    timings = sorted(server_ms(client.get(url, **headers)) for _ in range(repeat))
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))], len(queries)


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from apps.accounts.access import SYSTEM
    from apps.organization.models import Unit
    from apps.people.models import Person
    from apps.plans.models import Plan
    from apps.roadmap.models import RoadmapTask
    from apps.roadmap.reminders import task_deadlines
    from apps.roadmap.services import roadmap_generate

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    plan = Plan.objects.get(code__icontains="2021")
    today = timezone.localdate()
    ops = []
    with transaction.atomic():
        RoadmapTask.objects.filter(plan=plan).delete()
        ms, result = _timed(lambda: roadmap_generate(actor=SYSTEM, plan=plan))
        ops.append(("roadmap_generate, first run", ms, f"{result.created:,} tasks created"))
        ms, result = _timed(lambda: roadmap_generate(actor=SYSTEM, plan=plan))
        ops.append(("roadmap_generate, rerun (no-op)", ms, f"{result.unchanged:,} unchanged"))
        transaction.set_rollback(True)
    from django.urls import reverse

    reverse("roadmap:list")  # load the URLconf first: the reminder source reverses each task's URL
    ms, found = _timed(lambda: task_deadlines(today))
    ops.append(("reminder source task_deadlines(today)", ms, f"{len(found):,} deadlines"))
    ms, found = _timed(lambda: task_deadlines(dt.date(2025, 6, 25)))
    ops.append(("reminder source task_deadlines(25/06/2025)", ms, f"{len(found):,} deadlines"))

    task = RoadmapTask.objects.filter(plan=plan, unit__code="SYT").order_by("due").last()
    pages = [
        ("so_noi_vu", "plan page (reference)", f"/ke-hoach/{plan.code}/"),
        ("so_noi_vu", "all tasks, first page", "/nhiem-vu/"),
        ("so_noi_vu", "all tasks, year 2025 + state overdue", "/nhiem-vu/?nam=2025&trang_thai=overdue"),
        ("so_noi_vu", "all tasks, unit SYT", "/nhiem-vu/?don_vi=SYT"),
        ("so_noi_vu", "htmx partial, year 2024", "/nhiem-vu/?nam=2024"),
        ("so_noi_vu", "overdue list", "/nhiem-vu/qua-han/"),
        ("so_noi_vu", "task page", f"/nhiem-vu/{task.pk}/"),
        ("can_bo_so_y_te", "my unit's tasks", "/nhiem-vu/"),
        ("can_bo_so_y_te", "task page", f"/nhiem-vu/{task.pk}/"),
    ]
    rows = []
    for username, label, url in pages:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        headers = {"HTTP_HX_REQUEST": "true"} if label.startswith("htmx") else {}
        median, p95, queries = _page(client, url, args.repeat, **headers)
        rows.append((username, label, median, p95, queries))
        print(f"{username:16} {label:40} median {median:7.1f} ms  p95 {p95:7.1f} ms  {queries:2} queries", flush=True)
    for label, ms, what in ops:
        print(f"{label:45} {ms:8.1f} ms  {what}")
    tasks = RoadmapTask.objects.filter(plan=plan)
    size = (f"{Person.objects.count():,} people, {Unit.objects.count():,} units, {tasks.count():,} tasks of "
            f"{plan.code} ({tasks.overdue(today).count():,} overdue on {today:%d/%m/%Y})")
    print(size)
    if args.append:
        with connection.cursor() as cursor:
            cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
            version = cursor.fetchone()[0]
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), platform.processor())
        lines = ["", f"## Roadmap tasks, {connection.vendor} {version} ({dt.date.today():%d/%m/%Y})", "",
                 f"- command: `.venv/bin/python bench/roadmap.py --repeat {args.repeat}`",
                 f"- data: {size}; demo province `dtbd demo --persons 60000 --seed 1`",
                 f"- machine: {os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}; shared with other jobs",
                 f"- pages: Server-Timing, DEBUG off, median/p95 of {args.repeat} after 2 warm-ups; goal {GOAL_MS} ms",
                 "", "| user | page | median ms | p95 ms | queries |", "|---|---|---:|---:|---:|",
                 *[f"| {u} | {label} | {m:.1f} | {p:.1f} | {q} |" for u, label, m, p, q in rows],
                 "", "| operation | ms | result |", "|---|---:|---|",
                 *[f"| {label} | {ms:.1f} | {what} |" for label, ms, what in ops], ""]
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines))


if __name__ == "__main__":
    main()
