"""Benchmark: pages reading stored plan results (apps/results) at 60,000 people, after a data
change, with the recomputation timed apart and one fresh engine run beside them as the reference.

    DATABASE_URL=sqlite:///var/stored-bench.sqlite3 .venv/bin/python bench/stored.py [--repeat 20] [--append]

The database must hold the demo province at default size (``DTBD_MODE=demo dtbd migrate && dtbd demo``,
a few minutes; the demo stores its plans' results at the end). Steps, timed with the
``Server-Timing: app;dur=…`` header (apps.core.middleware), DEBUG off, django.test.Client:

1. every page once, as so_noi_vu and can_bo_so_y_te (asks for the rows they read: the officer's
   agency, the two drill-down targets' gap lists), then ``plan_refresh`` — the job's body — until
   all are stored (timed: "first computation");
2. a data change: one lượt of the province completed through ``enrollment_complete``;
3. every page ``--repeat`` times right after the change: the stored (now stale) figures with their
   time and the progress indicator — p95 per page (goal under 300 ms);
4. the recomputation (``plan_refresh``) timed separately, rows recomputed and seconds;
5. every page ``--repeat`` times again, fresh — p95 per page;
beside them, in the same run: ONE fresh ``evaluate_plan`` of the plan at the date (what each
dashboard view cost before results were stored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PLAN = "soc-trang-2021-2025"
TARGETS = ("CBCC-PHAP-LUAT", "XA-CHUYEN-MON")  # a "trained" and a "qualification" target
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'stored-bench.sqlite3'}")
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _server_ms(response) -> float:
    assert response.status_code == 200, response.status_code
    return float(response["Server-Timing"].split("dur=")[1])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _pages() -> list[tuple[str, str]]:
    base = f"/ke-hoach/{PLAN}/chi-tieu/"
    pages = [("dashboard (today)", base), ("its years part (htmx)", f"{base}?phan=theo-nam")]
    pages.append(("annual plan card (htmx; apps/annual, not stored)", f"{base}?phan=thuc-hien"))
    for code in TARGETS:
        pages += [(f"drill-down {code} + gap list page 1", f"{base}{code}/"),
                  (f"gap list {code} page 3 (htmx)", f"{base}{code}/?trang=3")]
    return pages


def _clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients = []
    for username in ("so_noi_vu", "can_bo_so_y_te"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients.append((username, client))
    return clients


def _measure(clients, repeat: int) -> dict[tuple[str, str], tuple[float, float, bool]]:
    """{(user, page): (median ms, p95 ms, showed the progress indicator)}."""
    out = {}
    for username, client in clients:
        for label, url in _pages():
            times, pending = [], False
            for _ in range(repeat):
                response = client.get(url, HTTP_HX_REQUEST="true") if "htmx" in label else client.get(url)
                times.append(_server_ms(response))
                pending = pending or b"results-progress" in response.content
            out[(username, label)] = (statistics.median(times), _p95(times), pending)
    return out


def _change() -> str:
    """Complete one lượt still being studied, through the service (a class result)."""
    from apps.accounts.services import system_user
    from apps.training.models import Enrollment
    from apps.training.services import enrollment_complete

    enrollment = (Enrollment.objects.filter(status="studying", training_class__isnull=False)
                  .select_related("training_class").order_by("pk").first())
    assert enrollment is not None, "no lượt being studied to complete"
    day = min(enrollment.training_class.end_date or dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    enrollment_complete(actor=system_user(), enrollment=enrollment, completed_on=day)
    return f"lượt {enrollment.pk} completed on {day:%d/%m/%Y} (enrollment_complete)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--append", action="store_true", help="add the results to bench/RESULTS.md")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from apps.people.models import Person
    from apps.plans.models import Plan
    from apps.results.models import StoredGapList, StoredResult
    from apps.results.services import default_date, plan_refresh
    from apps.targets.engine import evaluate_plan
    from apps.training.models import Enrollment

    plan = Plan.objects.get(code=PLAN)
    clients = _clients()
    _measure(clients, 1)  # asks for every row the pages read
    started = time.perf_counter()
    first = plan_refresh(plan)
    first_s = time.perf_counter() - started
    what = _change()
    stale = _measure(clients, args.repeat)
    started = time.perf_counter()
    recomputed = plan_refresh(plan)
    refresh_s = time.perf_counter() - started
    fresh = _measure(clients, args.repeat)
    at = default_date(plan)
    started = time.perf_counter()
    evaluate_plan(plan, at=at)
    engine_s = time.perf_counter() - started
    rows = StoredResult.objects.filter(plan=plan)
    gaps = StoredGapList.objects.filter(plan=plan)
    slowest = max(v[1] for k, v in [*stale.items(), *fresh.items()] if "not stored" not in k[1])
    lines = [
        f"## Stored plan results (apps/results), {connection.vendor} ({dt.date.today():%d/%m/%Y})", "",
        f"- command: `DATABASE_URL=… .venv/bin/python bench/stored.py --repeat {args.repeat}`",
        f"- data: {Person.objects.count():,} people, {Enrollment.objects.count():,} lượt (dtbd demo, default size); "
        f"plan {PLAN}, {plan.targets.count()} targets; date {at:%d/%m/%Y} (\"as of today\")",
        "- machine: 2 cores (shared with other work during the run); DEBUG off; server time from `Server-Timing`",
        f"- stored: {rows.count()} plan results (dates × units), {gaps.count()} gap lists, "
        f"{sum(g.size for g in gaps):,} gap rows",
        f"- first computation of those rows (plan_refresh, the job's body): {first} rows in {first_s:.1f} s",
        f"- data change: {what}",
        f"- recomputation after the change (plan_refresh): {recomputed} rows in {refresh_s:.1f} s",
        f"- reference, same run: ONE fresh evaluate_plan at {at:%d/%m/%Y} for the province: {engine_s:.2f} s "
        f"(each dashboard view's engine cost before results were stored)",
        f"- goal: p95 under 300 ms on every page; slowest p95 here (pages reading stored results): {slowest:.0f} ms", "",
        "| user | page | after change: median ms | p95 ms | progress shown | fresh: median ms | p95 ms |",
        "|---|---|---:|---:|---|---:|---:|"]
    for key, (median, p95, pending) in stale.items():
        f_median, f_p95, _ = fresh[key]
        lines.append(f"| {key[0]} | {key[1]} | {median:.0f} | {p95:.0f} | {'yes' if pending else 'no'} | "
                     f"{f_median:.0f} | {f_p95:.0f} |")
    print("\n".join(lines), flush=True)
    if args.append:
        with RESULTS.open("a") as out:
            out.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
