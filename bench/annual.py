"""Benchmark: drafting the annual plan for every agency of the 60,000-person demo province from
needs, and the server time of the annual pages (consolidation first), beside the people list.

    DATABASE_URL=sqlite:////tmp/annual/bench.sqlite3 .venv/bin/python bench/annual.py [--year 2028] [--repeat 5] [--append]

The database must hold the demo province (``dtbd demo``, which also loads the seed plan and the
2026/2027 annual cycles). A cycle for ``--year`` (default 2028) is created when missing, so the
demo's own cycles are not touched. Measured: ``draft_lines`` (the needs computation and the drafted
lines, read only) and ``plans_draft_all`` (the same, written for every agency), wall time and SQL
queries; then every agency's plan is sent and each page is requested ``--repeat`` times as Sở Nội vụ
(the agency page as Sở Y tế's officer); figures are the median ``Server-Timing: app;dur=…`` and
the queries of one request, the first request with an empty cache (needs and the projection are
cached per cycle state for 10 minutes). The people list is the reference measured in the same run.
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


def _setup() -> None:
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return result, seconds, cpu, len(queries)


def _page(client, url: str, repeat: int) -> tuple[float, float, int]:
    """(first request with an empty cache, median of the next ``repeat``, queries of the last)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    times, count = [], 0
    for _ in range(repeat + 1):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append(float(response["Server-Timing"].split("dur=")[1]))
        count = len(queries)
    return times[0], statistics.median(times[1:]), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2028)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from apps.accounts.access import SYSTEM
    from apps.annual import services
    from apps.annual.drafting import draft_lines
    from apps.annual.models import AgencyPlan, AnnualCycle, PlanLine
    from apps.annual.selectors import agencies
    from apps.people.models import Person

    settings.ALLOWED_HOSTS = ["*"]  # the test client's host in a production-mode settings file
    cycle = AnnualCycle.objects.filter(year=args.year).first() or services.cycle_create(actor=SYSTEM, year=args.year)
    units = agencies()
    lines, read_s, read_cpu, read_q = _timed(lambda: draft_lines(cycle))
    written, write_s, write_cpu, write_q = _timed(lambda: services.plans_draft_all(actor=SYSTEM, cycle=cycle, units=units))
    for plan in AgencyPlan.objects.filter(cycle=cycle, status="draft").select_related("cycle", "unit"):
        if plan.lines.exists():
            services.plan_submit(actor=SYSTEM, agency_plan=plan)
    users = get_user_model().objects
    snv, officer = Client(), Client()
    snv.force_login(users.get(username="so_noi_vu"))
    officer.force_login(users.get(username="can_bo_so_y_te"))
    y = args.year
    pages = [("people list (reference)", snv, "/nhan-su/"),
             ("consolidation", snv, f"/ke-hoach-nam/{y}/tong-hop/"),
             ("cycle overview", snv, f"/ke-hoach-nam/{y}/"),
             ("agency plan (Sở Y tế officer)", officer, f"/ke-hoach-nam/{y}/co-quan/SYT/"),
             ("projection", snv, f"/ke-hoach-nam/{y}/du-bao/"),
             ("needs of Sở Y tế (officer)", officer, f"/ke-hoach-nam/{y}/nhu-cau/SYT/")]
    if AnnualCycle.objects.filter(year=2026, status="approved").exists():
        pages.append(("execution 2026", snv, "/ke-hoach-nam/2026/thuc-hien/"))
    figures = [(name, *_page(client, url, args.repeat)) for name, client, url in pages]
    people = Person.objects.count()
    learners = sum(x.learners for x in lines)
    out = [f"## Annual plan: drafting from needs for every agency, and the annual pages, "
           f"{connection.vendor} ({dt.date.today():%d/%m/%Y})", "",
           f"- command: `DATABASE_URL=… .venv/bin/python bench/annual.py --year {y} --repeat {args.repeat}`",
           f"- data: the demo province, {people:,} people, {len(units)} agencies; cycle {y} "
           f"({len(lines):,} drafted lines, {learners:,} learners; {PlanLine.objects.filter(agency_plan__cycle=cycle).count():,} written)",
           f"- machine: {os.cpu_count()} CPU, Python {platform.python_version()}, shared with other work", "",
           f"- load average (1 min) at the end of the run: {os.getloadavg()[0]:.1f} (wall times on a busy machine; the CPU time of "
           "this process includes SQLite's work, not PostgreSQL's)", "",
           "| step | wall seconds | CPU seconds of the process | SQL queries |", "|---|---:|---:|---:|",
           f"| `draft_lines` (needs + lines, read only) | {read_s:.2f} | {read_cpu:.2f} | {read_q} |",
           f"| `plans_draft_all` (needs + lines written for every agency) | {write_s:.2f} | {write_cpu:.2f} | {write_q} |", "",
           "| page | first (empty cache) ms | then, median ms | SQL queries |", "|---|---:|---:|---:|"]
    out += [f"| {name} | {cold:.0f} | {ms:.0f} | {q} |" for name, cold, ms, q in figures]
    text = "\n".join(out) + "\n"
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    del written


if __name__ == "__main__":
    main()
