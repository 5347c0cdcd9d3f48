"""Benchmark: server time of the plan dashboard (every target of the seed plan, by year) and of one
target's drill-down with its gap list, over the 60,000-person demo province.

    DATABASE_URL=sqlite:///var/dashboard.sqlite3 .venv/bin/python bench/dashboard.py [--cold 1] [--repeat 3]
        [--exclude-kinds standard,standard_before_appointment] [--append]

The database must already hold the demo province (``dtbd demo``) and the seed plan (``dtbd plan
load plans/soc-trang-2021-2025.yaml``); build it with the commands in apps/dashboard/README.md.
As the Department user (so_noi_vu) and the Sở Y tế officer (can_bo_so_y_te), each page is
requested ``--cold`` times with an EMPTY cache (every engine run really happens: "cold") and
``--repeat`` times with the cache filled by the previous request ("warm"); the figures are the
median ``Server-Timing: app;dur=…`` (apps.core.middleware) and the SQL queries of one request.
``--exclude-kinds`` (and ``--exclude-windows``) measure a copy of the plan, ``<code>-bench``,
without the targets of those measure kinds (windows), for engine measures too slow to time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PLAN = "soc-trang-2021-2025"
AT = "31/12/2025"
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'dashboard.sqlite3'}")
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _server_ms(response) -> float:
    assert response.status_code == 200, response.status_code
    return float(response["Server-Timing"].split("dur=")[1])


def _measure(client, url: str, cold_repeat: int, repeat: int) -> tuple[float, int, float, int]:
    """(cold median ms, cold queries, warm median ms, warm queries) of GET ``url``."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cold, warm, cold_n, warm_n = [], [], 0, 0
    for _ in range(cold_repeat):
        cache.clear()
        connection.queries_log.clear()  # the log keeps 9,000 entries: count from empty
        with CaptureQueriesContext(connection) as queries:
            cold.append(_server_ms(client.get(url)))
        cold_n = len(queries)  # now: the context reads the log lazily
    for _ in range(repeat):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            warm.append(_server_ms(client.get(url)))
        warm_n = len(queries)
    return statistics.median(cold), cold_n, statistics.median(warm), warm_n


def _bench_plan(kinds: set[str], windows: set[str]) -> str:
    """The seed plan, or its copy ``<code>-bench`` without targets of ``kinds`` / ``windows``."""
    from apps.plans.models import Plan, PlanTarget

    plan = Plan.objects.get(code=PLAN)
    if not kinds and not windows:
        return PLAN
    copy, _ = Plan.objects.update_or_create(code=f"{PLAN}-bench", defaults={
        "title": f"{plan.title} (bản đo)", "issuing_body": plan.issuing_body,
        "period_start": plan.period_start, "period_end": plan.period_end})
    copy.targets.all().delete()
    kept = [t for t in plan.targets.order_by("order") if t.spec["measure"].get("kind") not in kinds
            and not windows & set(t.spec["measure"].get("window") or {})]
    PlanTarget.objects.bulk_create([PlanTarget(plan=copy, order=t.order, code=t.code, text=t.text,
                                               section=t.section, spec=t.spec) for t in kept])
    return copy.code


def _cases(code: str) -> list[tuple[str, str]]:
    from apps.plans.models import Plan

    plan = Plan.objects.get(code=code)
    targets = list(plan.targets.order_by("order"))
    drilled = [t for t in targets if t.spec["measure"].get("kind") == "standard"][:1] + \
              [t for t in targets if t.spec["measure"].get("kind") == "trained"][:1]
    base = f"/ke-hoach/{code}/chi-tieu/"
    cases = [(f"dashboard, {len(targets)} targets at {AT}", f"{base}?ngay={AT}"),
             ("its years part (htmx): 5 years + charts", f"{base}?ngay={AT}&phan=theo-nam")]
    for t in drilled:
        cases += [(f"drill-down {t.code} + gap list page 1", f"{base}{t.code}/?ngay={AT}"),
                  (f"gap list {t.code} xlsx", f"{base}{t.code}/thieu.xlsx?ngay={AT}")]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", type=int, default=1, help="requests with an empty cache")
    parser.add_argument("--repeat", type=int, default=3, help="requests with a filled cache")
    parser.add_argument("--exclude-kinds", default="", help="comma list of measure kinds left out")
    parser.add_argument("--exclude-windows", default="", help="comma list of window keys left out")
    parser.add_argument("--append", action="store_true", help="add the table to bench/RESULTS.md")
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from apps.people.models import Person

    code = _bench_plan({k for k in args.exclude_kinds.split(",") if k},
                       {w for w in args.exclude_windows.split(",") if w})
    lines = [f"Database: {connection.vendor}, {Person.objects.count():,} people; plan {code}; "
             f"{dt.date.today():%d/%m/%Y}; cold: median of {args.cold}, warm: median of {args.repeat}.", "",
             "| user | page | cold ms | cold queries | warm ms | warm queries |", "|---|---|---|---|---|---|"]
    for username in ("so_noi_vu", "can_bo_so_y_te"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for label, url in _cases(code):
            cold, cq, warm, wq = _measure(client, url, args.cold, args.repeat)
            lines.append(f"| {username} | {label} | {cold:.0f} | {cq} | {warm:.0f} | {wq} |")
            print(lines[-1], flush=True)
    if args.append:
        with RESULTS.open("a") as out:
            out.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
