"""Benchmark: server time of the people list and search pages on the 60,000-person demo province.

    .venv/bin/python bench/list_search.py [--persons 60000] [--seed 1] [--repeat 20] [--rebuild] [--append]

Builds the demo province (``build_province``) into the database given by DATABASE_URL, or reuses
it when it already holds that many people; default: bench/out/list_search.sqlite3. A PostgreSQL
database must be named bench* (its tables are dropped on --rebuild). Then, as the Department
user (so_noi_vu) and as the Sở Y tế HR officer (can_bo_so_y_te), requests each page through
django.test.Client ``--repeat`` times after two warm-ups and reports the median and p95 of the
``Server-Timing: app;dur=…`` header (apps.core.middleware) and the SQL queries per request.
DEBUG is off, as in production. --append adds the figures to bench/RESULTS.md.
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
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
GOAL_MS = 200.0
sys.path.insert(0, str(ROOT))


def _setup(database_url: str | None, rebuild: bool) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not database_url:
        db = OUT / "list_search.sqlite3"
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql" and rebuild:
        if not connection.settings_dict["NAME"].startswith("bench"):
            sys.exit("Refusing to wipe a PostgreSQL database whose name does not start with 'bench'.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return connection.vendor


def _province(persons: int, seed: int) -> str:
    """Build the province unless the database already holds it; returns a line for the report."""
    from apps.demo.province import build_province
    from apps.people.models import Person

    existing = Person.objects.count()
    if existing == persons:
        return f"reused ({existing} people already in the database)"
    if existing:
        sys.exit(f"The database holds {existing} people, not {persons}: use --rebuild.")
    started = time.perf_counter()
    build_province(persons=persons, seed=seed, stdout=sys.stdout)
    return f"built in {time.perf_counter() - started:.1f} s (dtbd demo --persons {persons} --seed {seed})"


def _cases(username: str) -> list[tuple[str, dict]]:
    """(label, query string) per page, with a unit, a code and a rare name the user can see."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from apps.organization.models import Unit
    from apps.people.selectors import people_visible_to

    user = get_user_model().objects.select_related("profile").get(username=username)
    people = people_visible_to(user).filter(status="working")
    biggest = people.values("unit_id").annotate(n=Count("id")).order_by("-n", "unit_id").first()
    unit = Unit.objects.get(pk=biggest["unit_id"]) if biggest else None
    code = people.order_by("code").values_list("code", flat=True)[people.count() // 2] if people.exists() else ""
    rare = (people.values("given_name").annotate(n=Count("id")).order_by("n", "given_name")
            .values_list("given_name", flat=True).first() or "")
    scope = f"{unit.code}" if unit else ""
    return [
        ("list, first page", {}),
        (f"list, unit {scope}", {"don_vi": scope}),
        ("list, page 50", {"trang": "50"}),
        ("search 'nguyen van'", {"q": "nguyen van"}),
        ("search 'nguyen van', page 20", {"q": "nguyen van", "trang": "20"}),
        ("search 'nguyen', page 50", {"q": "nguyen", "trang": "50"}),
        (f"search code {code}", {"q": code}),
        (f"search rare name '{rare}'", {"q": rare}),
        ("search 'thi' + unit filter", {"q": "thi", "don_vi": scope}),
    ]


def _measure(client, params: dict, repeat: int) -> tuple[float, float, int, int]:
    """(median ms, p95 ms, queries per request, response bytes) of GET /nhan-su/ with ``params``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def server_ms(response) -> float:
        assert response.status_code == 200, response.status_code
        return float(response["Server-Timing"].split("dur=")[1])

    for _ in range(2):
        client.get("/nhan-su/", params)
    timings = [server_ms(client.get("/nhan-su/", params)) for _ in range(repeat)]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/nhan-su/", params)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries), len(response.content)


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} CPU ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}"


def _database_label(vendor: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return f"{'SQLite' if vendor == 'sqlite' else 'PostgreSQL'} {version}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="wipe the database and build the province again")
    parser.add_argument("--append", action="store_true", help="append the figures to bench/RESULTS.md")
    args = parser.parse_args()

    vendor = _setup(os.environ.get("DATABASE_URL"), args.rebuild)
    build = _province(args.persons, args.seed)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from apps.people.models import Person, Qualification, ServicePeriod

    rows = []
    for username in ("so_noi_vu", "can_bo_so_y_te"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for label, params in _cases(username):
            median, p95, queries, size = _measure(client, params, args.repeat)
            rows.append((username, label, median, p95, queries, size))
            flag = "" if p95 < GOAL_MS else "  > 200 ms"
            print(f"{username:16} {label:38} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
                  f"{queries:2} queries  {size / 1024:5.0f} KiB{flag}", flush=True)
    size = (f"{Person.objects.count():,} people, {ServicePeriod.objects.count():,} service periods, "
            f"{Qualification.objects.count():,} qualifications")
    if args.append:
        _append(vendor, size, build, rows, args)


def _append(vendor: str, size: str, build: str, rows: list, args) -> None:
    command = "DATABASE_URL=… " if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
    lines = [
        "", f"## People list and search, {_database_label(vendor)} ({dt.date.today():%d/%m/%Y})", "",
        f"- command: `{command}.venv/bin/python bench/list_search.py --persons {args.persons} "
        f"--seed {args.seed} --repeat {args.repeat}`",
        f"- data: {size} (demo province, seed {args.seed}); demo build: {build}",
        f"- machine: {_machine()}",
        f"- server time from the `Server-Timing` header, DEBUG off, django.test.Client, {args.repeat} requests "
        f"after 2 warm-ups; goal: every page under {GOAL_MS:.0f} ms",
        "", "| user | page | median ms | p95 ms | queries |", "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {u} | {label} | {m:.1f} | {p:.1f} | {q} |" for u, label, m, p, q, _ in rows]
    with RESULTS.open("a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write("# Benchmark results\n")
        out.write("\n".join(lines) + "\n")
    print(f"appended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
