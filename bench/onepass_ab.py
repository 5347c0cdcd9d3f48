"""Benchmark: the whole seed plan through the per-target engine and through the one pass,
INTERLEAVED (engine, one pass, engine, one pass, …) so that both see the same load on a shared
machine; checks first that both give the same result dict.

    DATABASE_URL=… .venv/bin/python bench/onepass_ab.py [--at 2024-12-31] [--rounds 5] [--work-mem 4MB]

Prints the median of each and their ratio. ``bench/targets.py --onepass`` times the engine target by
target first and the one pass at the end, minutes apart; this one answers "which is faster now".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", default="2024-12-31")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work-mem", help="PostgreSQL: SET work_mem for the run")
    parser.add_argument("--one-pass-only", action="store_true", help="time the one pass alone")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.db import connection

    from apps.plans.models import Plan
    from apps.targets.engine import evaluate_plan

    if args.work_mem and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
    plan = Plan.objects.get(code="soc-trang-2021-2025")
    at = dt.date.fromisoformat(args.at)
    load = os.getloadavg()[0]
    if args.one_pass_only:
        start = time.perf_counter()
        evaluate_plan(plan, at=at, one_pass=True)
        print(f"one pass alone: {time.perf_counter() - start:.1f} s; load {load:.2f} → {os.getloadavg()[0]:.2f}")
        return
    if evaluate_plan(plan, at=at) != evaluate_plan(plan, at=at, one_pass=True):
        raise SystemExit("the one pass differs from the engine")
    engine, one = [], []
    for _ in range(args.rounds):
        for runs, one_pass in ((engine, False), (one, True)):
            start = time.perf_counter()
            evaluate_plan(plan, at=at, one_pass=one_pass)
            runs.append(time.perf_counter() - start)
    e, o = statistics.median(engine), statistics.median(one)
    print(f"{connection.vendor}: engine {e * 1000:.0f} ms, one pass {o * 1000:.0f} ms, one pass ÷ engine "
          f"{o / e:.2f} (median of {args.rounds} interleaved rounds, same results); "
          f"load {load:.2f} → {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
