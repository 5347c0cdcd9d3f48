"""Benchmark: the annual plan's execution card on the plan dashboard (``?phan=thuc-hien``, loaded by
htmx after the page; ``apps.annual.selectors.execution``), as Sở Nội vụ (the province) and as Sở Y
tế's officer (their agency), beside the people list measured in the same run.

    DATABASE_URL=… .venv/bin/python bench/execution_card.py [--repeat 20]

The database must hold the demo province (``dtbd demo``: the seed plan and this year's approved
annual cycle). Each URL is requested once to warm up, then ``--repeat`` times; figures are the
median and the 95th percentile of the wall time of the request through Django's test client
(DEBUG off), and the SQL queries of one request.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.annual.models import AnnualCycle, CycleStatus
    from apps.plans.models import Plan

    plan = Plan.objects.order_by("pk").first()
    cycle = AnnualCycle.objects.filter(status=CycleStatus.APPROVED).order_by("-year").first()
    print(f"{connection.vendor}; plan {plan.code}; approved cycle {cycle.year if cycle else None}; "
          f"{os.cpu_count()} CPU, Python {platform.python_version()}; load {os.getloadavg()[0]:.2f}")
    print("| user | page | median ms | p95 ms | SQL queries |\n|---|---|---:|---:|---:|")
    for username in ("so_noi_vu", "can_bo_so_y_te"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for label, url in (("execution card (htmx)", f"/ke-hoach/{plan.code}/chi-tieu/?phan=thuc-hien"),
                           ("people list (reference)", "/nhan-su/")):
            assert client.get(url).status_code == 200, url
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"| {username} | {label} | {statistics.median(times):.0f} | {p95:.0f} | {len(queries)} |")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
