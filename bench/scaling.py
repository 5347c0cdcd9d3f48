"""Benchmark for docs/scaling.md (issue 13 item 4): what partitioning the lượt table by year does
to the queries that read it, and what a national roll-up costs by each of two paths.

    # 1. partitioning, on the nation-sized database (bench/nation.py): a copy of training_enrollment
    #    range-partitioned by completion year in a schema of its own, then the same queries on both
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_nation .venv/bin/python bench/scaling.py partition \
        [--schema scaling] [--repeat 3] [--keep] [--append]

    # 2a. roll-up from per-province results: each province's stored plan results (apps/results,
    #     the JSON the worker stores) exported to a file, then 34 files summed target by target
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a province> .venv/bin/python bench/scaling.py rollup \
        [--provinces 34] [--at 2024-12-31] [--append]

    # 2b. roll-up from snapshots: people and lượt of the nation exported to Parquet, aggregated by DuckDB
    #     (needs the bench dependency group: `.tools/bin/uv sync --frozen --group bench`)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_nation .venv/bin/python bench/scaling.py snapshot \
        [--dir var/snapshot] [--append]

``partition`` creates ``<schema>.training_enrollment`` (``LIKE`` the real table, its defaults, NOT NULL
and CHECK constraints) ``PARTITION BY RANGE (completed_on)``: one partition per year of completion and a
DEFAULT partition for the lượt not completed (``completed_on`` NULL: registered, studying, failed,
withdrawn). Every index of the real table is built on it; the unique ones cannot be (a unique index on
a partitioned table must contain the partition key, and ``completed_on`` is nullable so cannot be in a
primary key): they become plain indexes, which is part of the price. The queries then run with
``SET search_path TO <schema>, public`` (the copy) and ``public`` (the real table), alternating, each
``--repeat`` times after one warm-up per side; the bench checks both sides give the same figures and
counts the partitions each plan reads (EXPLAIN). The schema is dropped at the end unless ``--keep``.
The real table is never written.

Times are wall seconds of the statement (PostgreSQL's work, on the same host) and the machine is
shared: read the two columns of one row together, they were taken seconds apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DTBD_DB_POOL_MAX", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}"


def _server(cursor) -> str:
    cursor.execute("SHOW server_version")
    version = cursor.fetchone()[0].split()[0]
    cursor.execute("SHOW work_mem")
    work_mem = cursor.fetchone()[0]
    cursor.execute("SHOW shared_buffers")
    return f"PostgreSQL {version} (work_mem {work_mem}, shared_buffers {cursor.fetchone()[0]})"


# ------------------------------------------------------------------------------------ partitioning

TABLE = "training_enrollment"


def _create_partitioned(cursor, schema: str) -> list[tuple[str, float]]:
    """The partitioned copy; returns (step, seconds)."""
    steps: list[tuple[str, float]] = []
    cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    cursor.execute(f"CREATE SCHEMA {schema}")
    cursor.execute(f"SELECT MIN(completed_on), MAX(completed_on) FROM public.{TABLE}")
    first, last = cursor.fetchone()
    cursor.execute(f"CREATE TABLE {schema}.{TABLE} (LIKE public.{TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
                   "PARTITION BY RANGE (completed_on)")
    for year in range(first.year, last.year + 1):
        cursor.execute(f"CREATE TABLE {schema}.{TABLE}_{year} PARTITION OF {schema}.{TABLE} "
                       f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')")
    cursor.execute(f"CREATE TABLE {schema}.{TABLE}_open PARTITION OF {schema}.{TABLE} DEFAULT")
    started = time.perf_counter()
    cursor.execute(f"INSERT INTO {schema}.{TABLE} SELECT * FROM public.{TABLE}")
    steps.append((f"copy {cursor.rowcount:,} rows into {last.year - first.year + 2} partitions "
                  f"({first.year}–{last.year} and DEFAULT)", time.perf_counter() - started))
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s "
                   "ORDER BY indexname", [TABLE])
    started = time.perf_counter()
    made = []
    for name, definition in cursor.fetchall():
        plain = definition.replace("CREATE UNIQUE INDEX", "CREATE INDEX")
        plain = plain.replace(f" ON public.{TABLE} ", f" ON {schema}.{TABLE} ", 1)
        plain = plain.replace(f"INDEX {name} ", f"INDEX {name}_p ", 1)
        cursor.execute(plain)
        made.append(name + (" (was unique)" if "UNIQUE" in definition else ""))
    steps.append((f"build its {len(made)} indexes: " + ", ".join(made), time.perf_counter() - started))
    started = time.perf_counter()
    cursor.execute(f"ANALYZE {schema}.{TABLE}")
    steps.append(("ANALYZE", time.perf_counter() - started))
    return steps


def _partitions_read(cursor, sql: str, params) -> int:
    """Partitions (relations named training_enrollment_*) the plan of ``sql`` reads."""
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    names: set[str] = set()

    def walk(node):
        relation = node.get("Relation Name", "")
        if relation.startswith(TABLE):
            names.add(relation)
        for child in node.get("Plans", []):
            walk(child)
    walk(plan[0]["Plan"])
    return len(names)


def _queries(cursor) -> list[tuple[str, str, dict]]:
    """(label, SQL, params): what the targets engine and the reports read from the lượt table."""
    cursor.execute("""SELECT x.programme_id FROM training_programme_content_areas x
                      JOIN training_contentarea c ON c.id = x.contentarea_id WHERE c.code = 'phap_luat'""")
    legal = [r[0] for r in cursor.fetchall()] or [0]
    cursor.execute("SELECT id FROM training_programme WHERE kind = 'boi_duong'")
    fostering = [r[0] for r in cursor.fetchall()] or [0]
    window = {"start": dt.date(2021, 1, 1), "end": dt.date(2024, 12, 31), "programmes": legal}
    return [
        ("engine measure, set form: people with a completed legal-knowledge lượt in the window "
         "2021–2024 (`people_with`: programme IN list, completed_on in the window)",
         """SELECT COUNT(*), SUM(n) FROM (SELECT e.person_id, COUNT(*) AS n FROM training_enrollment e
            WHERE e.status = 'completed' AND e.completed_on >= %(start)s AND e.completed_on <= %(end)s
            AND e.programme_id = ANY(%(programmes)s) GROUP BY e.person_id) t""", window),
        ("engine measure, correlated form: civil servants with such a lượt (EXISTS per person of the "
         "population, `matching_enrollments`)",
         """SELECT COUNT(*) FROM people_person p WHERE p.status = 'working' AND p.category = 'cong_chuc'
            AND EXISTS (SELECT 1 FROM training_enrollment e WHERE e.person_id = p.id AND e.status = 'completed'
            AND e.completed_on >= %(start)s AND e.completed_on <= %(end)s AND e.programme_id = ANY(%(programmes)s))""",
         window),
        ("whole-period measure: fostering hours per person completed up to 31/12/2024 (no lower bound: "
         "qualification-like targets, `completed_on <= at`)",
         """SELECT COUNT(*), SUM(h) FROM (SELECT e.person_id, SUM(COALESCE(e.hours, 0)) AS h FROM training_enrollment e
            WHERE e.status = 'completed' AND e.completed_on <= %(end)s AND e.programme_id = ANY(%(programmes)s)
            GROUP BY e.person_id) t""", {"end": dt.date(2024, 12, 31), "programmes": fostering}),
        ("one year's lượt and people by category (2024, the category of the period in force at the start)",
         """SELECT sp.category, COUNT(*), COUNT(DISTINCT e.person_id) FROM training_enrollment e
            JOIN people_serviceperiod sp ON sp.person_id = e.person_id AND sp.valid_from <= e.start_date
                 AND (sp.valid_to IS NULL OR sp.valid_to >= e.start_date)
            WHERE e.status = 'completed' AND e.completed_on >= %(start)s AND e.completed_on <= %(end)s
            GROUP BY sp.category ORDER BY sp.category""", {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}),
    ]


def _timed(run, repeat: int):
    run()  # warm-up
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - started)
    return value, statistics.median(times)


def partition(args) -> str:
    _setup()
    from django.db import connection

    from apps.accounts.access import SYSTEM
    from apps.reports.annual import annual_stats
    from apps.reports.selection import select

    schema = args.schema
    load_start = _load()
    with connection.cursor() as cursor:
        server = _server(cursor)
        cursor.execute(f"SELECT COUNT(*) FROM public.{TABLE}")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM people_person")
        people = cursor.fetchone()[0]
        cursor.execute("SELECT pg_total_relation_size('public.training_enrollment')")
        size_real = cursor.fetchone()[0]
        if args.reuse:
            steps = [("(schema kept from an earlier run)", 0.0)]
        else:
            steps = _create_partitioned(cursor, schema)
        for step, seconds in steps:
            print(f"setup: {step}: {seconds:.1f} s", flush=True)
        cursor.execute("""SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'""",
                       [schema])
        size_part = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {schema}.{TABLE}_open")
        open_rows = cursor.fetchone()[0]
        queries = _queries(cursor)
    paths = {"plain": "public", "partitioned": f"{schema}, public"}

    def on(path: str, fn):
        with connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {paths[path]}")
            try:
                return fn(cursor)
            finally:
                cursor.execute("SET search_path TO public")

    def side_by_side(fn, repeat: int):
        """Run ``fn(cursor)`` on both sides alternately: one warm-up each, then ``repeat`` rounds."""
        got, times = {}, {"plain": [], "partitioned": []}
        for round_ in range(repeat + 1):
            for path in ("plain", "partitioned"):
                started = time.perf_counter()
                value = on(path, fn)
                seconds = time.perf_counter() - started
                if round_ == 0:
                    got[path] = value
                    continue
                assert value == got[path], path
                times[path].append(seconds)
        return got, {path: statistics.median(t) for path, t in times.items()}

    rows = []
    for label, sql, params in queries:
        def run(cursor, sql=sql, params=params):
            cursor.execute(sql, params)
            return [tuple(r) for r in cursor.fetchall()]
        got, seconds = side_by_side(run, args.repeat)
        read = on("partitioned", lambda c, sql=sql, params=params: _partitions_read(c, sql, params))
        same = got["plain"] == got["partitioned"]
        print(f"{seconds['plain']:8.2f} s  {seconds['partitioned']:8.2f} s  same={same}  "
              f"partitions {read}  {label[:70]}", flush=True)
        rows.append((label, seconds["plain"], seconds["partitioned"], read, same, got["plain"]))

    # the annual statistics of one year, through the app's own code (apps/reports/annual.py)
    sel = select(SYSTEM, year=args.year)
    got, seconds = side_by_side(lambda cursor: repr(annual_stats(sel)), args.annual_repeat)
    same = got["plain"] == got["partitioned"]
    print(f"{seconds['plain']:8.2f} s  {seconds['partitioned']:8.2f} s  same={same}  annual_stats", flush=True)
    rows.append((f"annual statistics of {args.year} (`apps.reports.annual.annual_stats`: every slice, and the "
                 f"year before for comparison; a dozen statements; median of {args.annual_repeat})",
                 seconds["plain"], seconds["partitioned"], None, same, None))
    if not args.keep:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
    lines = [f"## Partitioning the lượt table by year, measured with and without, {server} ({dt.datetime.now(dt.UTC).date():%d/%m/%Y})",
             "",
             f"- command: `DATABASE_URL=…/{connection.settings_dict['NAME']} .venv/bin/python bench/scaling.py partition "
             f"--repeat {args.repeat}`",
             f"- data: {people:,} people, {total:,} lượt (`training_enrollment`, {size_real / 2**30:.1f} GB with "
             f"its indexes); the copy `{schema}.training_enrollment` is `PARTITION BY RANGE (completed_on)`, one "
             f"partition per year of completion and a DEFAULT partition holding the {open_rows:,} lượt not "
             f"completed (completed_on NULL); {size_part / 2**30:.1f} GB with its indexes",
             f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}, shared with other sessions: "
             f"load average (1 min) {load_start} at start, {_load()} at end",
             f"- each figure: median of {args.repeat} runs after a warm-up per side, the sides alternating (plain, "
             "partitioned, plain, partitioned, …); same SQL, only `search_path` differs; \"same\" = identical result "
             "rows on both sides (every run checked); \"partitions read\" = partitions in the partitioned side's plan",
             "", "Setup (what a migration to partitions would cost on this data):", "",
             "| step | seconds |", "| --- | ---: |",
             *[f"| {step} | {seconds:.1f} |" for step, seconds in steps], "",
             "| query | plain s | partitioned s | partitioned / plain | partitions read | same figures |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for label, plain, parted, read, same, _value in rows:
        lines.append(f"| {label} | {plain:.2f} | {parted:.2f} | {parted / plain:.2f}× | "
                     f"{'' if read is None else read} | {'yes' if same else 'NO'} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- roll-up from province results


def _figures(result: dict) -> dict[str, tuple[int, int]]:
    """{target code: (denominator, numerator)} of a stored plan result."""
    out = {}
    for target in result["targets"]:
        out[target["code"]] = (int(target["denominator"]), int(target["numerator"]))
    return out


def rollup(args) -> str:
    _setup()
    from django.db import connection

    from apps.plans.models import Plan
    from apps.results.models import StoredResult

    load_start = _load()
    at = dt.date.fromisoformat(args.at)
    plan = Plan.objects.get(code=args.plan)
    out_dir = ROOT / args.dir
    out_dir.mkdir(parents=True, exist_ok=True)
    row = StoredResult.objects.filter(plan=plan, at=at, unit_code="", result__isnull=False).first()
    if row is None:
        raise SystemExit(f"no stored result of {args.plan} at {at} for the province: run `dtbd results refresh`")
    # export: what each province would send — its stored results for the plan, every date and unit stored
    export_times, sizes, gz_sizes = [], [], []
    for k in range(args.provinces):
        started = time.perf_counter()
        stored = list(StoredResult.objects.filter(plan=plan, result__isnull=False)
                      .values("at", "unit_code", "fingerprint", "computed_at", "result"))
        document = {"province": f"P{k + 1:02d}", "plan": plan.code, "exported_at": dt.datetime.now().isoformat(),
                    "results": [{**r, "at": r["at"].isoformat(), "computed_at": r["computed_at"].isoformat()}
                                for r in stored]}
        data = json.dumps(document, ensure_ascii=False, default=str).encode()
        (out_dir / f"P{k + 1:02d}.json.gz").write_bytes(gzip.compress(data, 6))
        export_times.append(time.perf_counter() - started)
        sizes.append(len(data))
        gz_sizes.append((out_dir / f"P{k + 1:02d}.json.gz").stat().st_size)
    province = _figures(row.result)
    # roll-up: read the 34 files, sum numerators and denominators per target for one date, whole provinces
    started, cpu_started = time.perf_counter(), time.process_time()
    nation: dict[str, list[int]] = {}
    for path in sorted(out_dir.glob("P*.json.gz")):
        document = json.loads(gzip.decompress(path.read_bytes()))
        for stored in document["results"]:
            if stored["at"] == at.isoformat() and stored["unit_code"] == "":
                for code, (den, num) in _figures(stored["result"]).items():
                    pair = nation.setdefault(code, [0, 0])
                    pair[0] += den
                    pair[1] += num
    rollup_seconds, rollup_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert all(nation[c] == [args.provinces * d, args.provinces * n] for c, (d, n) in province.items())
    # the same figures evaluated on the nation database (bench/targets.py, RESULTS.md), when there
    reference = _nation_reference(Path(args.reference).read_text(encoding="utf-8"), at) if args.reference else {}
    matches = sum(1 for c, pair in nation.items() if reference.get(c) == tuple(pair))
    lines = [f"## National roll-up from per-province stored results ({dt.datetime.now(dt.UTC).date():%d/%m/%Y})", "",
             f"- command: `DATABASE_URL=…/{connection.settings_dict['NAME']} .venv/bin/python bench/scaling.py rollup "
             f"--provinces {args.provinces} --at {args.at}` on one province's database (the 60,000-person demo, "
             f"its stored results as the worker left them); each of the {args.provinces} exports is that database's "
             "export again (the bench has one province; 34 real ones would each export their own)",
             f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}, shared: load average "
             f"{load_start} → {_load()}",
             f"- what a province sends: every stored plan result of plan {plan.code} ({len(stored)} rows: dates × "
             "the province or one unit), as JSON, gzip level 6",
             "", "| step | figure |", "| --- | ---: |",
             f"| export one province (read the stored rows, JSON, gzip), median of {args.provinces} | "
             f"{statistics.median(export_times) * 1000:.0f} ms |",
             f"| one province's file, JSON / gzipped | {statistics.median(sizes) / 1e3:.0f} kB / "
             f"{statistics.median(gz_sizes) / 1e3:.0f} kB |",
             f"| the nation's {args.provinces} files, gzipped | {sum(gz_sizes) / 1e6:.2f} MB |",
             f"| roll-up: read the {args.provinces} files, sum den./num. of {len(nation)} targets at {at:%d/%m/%Y} | "
             f"{rollup_seconds * 1000:.0f} ms ({rollup_cpu * 1000:.0f} ms CPU) |",
             f"| rolled-up figures equal to {args.provinces} × the province's | {len(nation)} of {len(province)} |",
             *([f"| … and to the engine's on the 2,040,000-person database (the last table at that date in "
                f"`{args.reference}`) | {matches} of {len(nation)}{'' if reference else ' (no table found)'} |"]
               if args.reference else [])]
    return "\n".join(lines) + "\n"


def _nation_reference(text: str, at: dt.date) -> dict[str, tuple[int, int]]:
    """{target: (den, num)} of the last table of bench/targets.py on 2,040,000 people at ``at``."""
    found: dict[str, tuple[int, int]] = {}
    sections = re.split(r"\n(?=#+ )", text)
    for section in sections:
        head = section.split("\n", 1)[0]
        if "2,040,000" not in head:
            continue
        if f"--at {at.isoformat()}" not in section and f"at {at:%d/%m/%Y}" not in section:
            continue
        table: dict[str, tuple[int, int]] = {}
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and re.fullmatch(r"[A-Z][A-Z0-9-]+", cells[0]) and cells[1].isdigit() and cells[2].isdigit():
                table[cells[0]] = (int(cells[1]), int(cells[2]))
        if table:
            found = table
    return found


# ---------------------------------------------------------------------- roll-up from Parquet snapshots

PEOPLE_SQL = """
WITH RECURSIVE tree AS (
    SELECT id, code AS province FROM organization_unit WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, tree.province FROM organization_unit u JOIN tree ON u.parent_id = tree.id
)
SELECT p.id, tree.province, p.category, p.level, p.gender, p.status
FROM people_person p JOIN tree ON tree.id = p.unit_id"""
ENROLLMENTS_SQL = """SELECT e.id, e.person_id, e.programme_id, e.status, e.start_date, e.end_date, e.completed_on,
       e.hours FROM training_enrollment e"""
# one year's lượt and people by province and category (the category of today's record: a snapshot)
YEAR_PG = """
WITH RECURSIVE tree AS (
    SELECT id, code AS province FROM organization_unit WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, tree.province FROM organization_unit u JOIN tree ON u.parent_id = tree.id
)
SELECT tree.province, p.category, COUNT(*), COUNT(DISTINCT e.person_id)
FROM training_enrollment e JOIN people_person p ON p.id = e.person_id JOIN tree ON tree.id = p.unit_id
WHERE e.status = 'completed' AND e.completed_on >= %(start)s AND e.completed_on <= %(end)s
GROUP BY 1, 2 ORDER BY 1, 2"""
YEAR_DUCK = """
SELECT p.province, p.category, COUNT(*), COUNT(DISTINCT e.person_id)
FROM read_parquet('{dir}/enrollments.parquet') e JOIN read_parquet('{dir}/people.parquet') p ON p.id = e.person_id
WHERE e.status = 'completed' AND e.completed_on >= DATE '{start}' AND e.completed_on <= DATE '{end}'
GROUP BY 1, 2 ORDER BY 1, 2"""
# windowed completions per person, counted per province (the engine's measure, nation-wide)
WINDOW_PG = """
WITH RECURSIVE tree AS (
    SELECT id, code AS province FROM organization_unit WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, tree.province FROM organization_unit u JOIN tree ON u.parent_id = tree.id
)
SELECT tree.province, COUNT(*) FROM people_person p JOIN tree ON tree.id = p.unit_id
WHERE p.status = 'working' AND p.category = 'cong_chuc' AND p.id IN (
    SELECT e.person_id FROM training_enrollment e WHERE e.status = 'completed'
    AND e.completed_on >= %(wstart)s AND e.completed_on <= %(end)s AND e.programme_id = ANY(%(programmes)s))
GROUP BY 1 ORDER BY 1"""
WINDOW_DUCK = """
SELECT p.province, COUNT(*) FROM read_parquet('{dir}/people.parquet') p
WHERE p.status = 'working' AND p.category = 'cong_chuc' AND p.id IN (
    SELECT e.person_id FROM read_parquet('{dir}/enrollments.parquet') e WHERE e.status = 'completed'
    AND e.completed_on >= DATE '{wstart}' AND e.completed_on <= DATE '{end}' AND e.programme_id IN ({programmes}))
GROUP BY 1 ORDER BY 1"""


def snapshot(args) -> str:
    _setup()
    import duckdb
    from django.db import connection

    load_start = _load()
    out_dir = (ROOT / args.dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[str, float, str]] = []
    raw = connection.cursor().connection  # psycopg connection: COPY … TO STDOUT
    duck = duckdb.connect()
    duck.execute(f"SET threads TO {os.cpu_count()}")
    for name, sql in (("people", PEOPLE_SQL), ("enrollments", ENROLLMENTS_SQL)):
        csv_path = out_dir / f"{name}.csv"
        started = time.perf_counter()
        with raw.cursor() as cursor, csv_path.open("wb") as handle, \
                cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for block in copy:
                handle.write(block)
        copied = time.perf_counter() - started
        started = time.perf_counter()
        duck.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', header = true)) "
                     f"TO '{out_dir / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
        converted = time.perf_counter() - started
        rows = duck.execute(f"SELECT COUNT(*) FROM read_parquet('{out_dir / name}.parquet')").fetchone()[0]
        size = (out_dir / f"{name}.parquet").stat().st_size
        csv_size = csv_path.stat().st_size
        csv_path.unlink()
        steps.append((f"{name}: COPY … TO STDOUT (csv, {csv_size / 1e6:.0f} MB), {rows:,} rows", copied, ""))
        steps.append((f"{name}: csv → Parquet (DuckDB, zstd)", converted, f"{size / 1e6:.0f} MB"))
        print(steps[-2], steps[-1], flush=True)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT x.programme_id FROM training_programme_content_areas x
                          JOIN training_contentarea c ON c.id = x.contentarea_id WHERE c.code = 'phap_luat'""")
        legal = [r[0] for r in cursor.fetchall()] or [0]
    start, end, wstart = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31), dt.date(args.year - 3, 1, 1)
    rows = []
    for label, pg_sql, duck_sql in (
            (f"lượt and people of {args.year} by province × category", YEAR_PG, YEAR_DUCK),
            (f"civil servants with a completed legal-knowledge lượt {wstart.year}–{args.year}, by province",
             WINDOW_PG, WINDOW_DUCK)):
        params = {"start": start, "end": end, "wstart": wstart, "programmes": legal}
        text = duck_sql.format(dir=out_dir, start=start, end=end, wstart=wstart, programmes=",".join(map(str, legal)))

        def on_pg(pg_sql=pg_sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(pg_sql, params)
                return [tuple(r) for r in cursor.fetchall()]

        def on_duck(text=text):
            return [tuple(r) for r in duck.execute(text).fetchall()]
        pg_value, pg_seconds = _timed(on_pg, args.repeat)
        duck_value, duck_seconds = _timed(on_duck, args.repeat)
        same = [tuple(int(v) if isinstance(v, int) else v for v in r) for r in pg_value] == duck_value
        print(f"{pg_seconds:8.2f} s  {duck_seconds:8.2f} s  same={same}  {label}", flush=True)
        rows.append((label, pg_seconds, duck_seconds, same, len(pg_value)))
    if not args.keep:
        for name in ("people", "enrollments"):
            (out_dir / f"{name}.parquet").unlink()
    with connection.cursor() as cursor:
        server = _server(cursor)
    lines = [f"## National roll-up from Parquet snapshots read by DuckDB {duckdb.__version__}, {server} "
             f"({dt.datetime.now(dt.UTC).date():%d/%m/%Y})", "",
             f"- command: `DATABASE_URL=…/{connection.settings_dict['NAME']} .venv/bin/python bench/scaling.py "
             f"snapshot --year {args.year} --repeat {args.repeat}` (DuckDB from the `bench` dependency group: "
             "`.tools/bin/uv sync --frozen --group bench`)",
             f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}, shared: load average "
             f"{load_start} → {_load()}; DuckDB with {os.cpu_count()} threads, PostgreSQL on the same host",
             "- snapshot: people (id, province = root of the unit tree, category, level, gender, status) and every "
             "lượt (id, person, programme, status, dates, hours), streamed out with `COPY … TO STDOUT` (psycopg) "
             "into csv, then written as Parquet by DuckDB (DuckDB's PostgreSQL reader is an extension it downloads, "
             "which this machine cannot)",
             f"- queries: median of {args.repeat} after a warm-up; \"same\" = identical rows from both", "",
             "| snapshot step | seconds | Parquet |", "| --- | ---: | ---: |",
             *[f"| {step} | {seconds:.1f} | {size} |" for step, seconds, size in steps], "",
             "| nation-wide query | PostgreSQL s | DuckDB on Parquet s | rows | same figures |",
             "| --- | ---: | ---: | ---: | --- |",
             *[f"| {label} | {pg:.2f} | {dk:.2f} | {n} | {'yes' if same else 'NO'} |" for label, pg, dk, same, n in rows]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("partition")
    p.add_argument("--schema", default="scaling")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--year", type=int, default=2024)
    p.add_argument("--annual-repeat", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the schema (drop it later with DROP SCHEMA … CASCADE)")
    p.add_argument("--reuse", action="store_true", help="use the schema kept by an earlier --keep run")
    r = sub.add_parser("rollup")
    r.add_argument("--plan", default="soc-trang-2021-2025")
    r.add_argument("--at", default="2024-12-31")
    r.add_argument("--provinces", type=int, default=34)
    r.add_argument("--dir", default="var/rollup")
    r.add_argument("--reference", default="", help="a RESULTS.md holding bench/targets.py's table on the nation "
                   "built from this province (checks the roll-up against it)")
    s = sub.add_parser("snapshot")
    s.add_argument("--dir", default="var/snapshot")
    s.add_argument("--year", type=int, default=2024)
    s.add_argument("--repeat", type=int, default=3)
    s.add_argument("--keep", action="store_true")
    for each in (p, r, s):
        each.add_argument("--append", action="store_true")
    args = parser.parse_args()
    text = {"partition": partition, "rollup": rollup, "snapshot": snapshot}[args.command](args)
    print()
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
