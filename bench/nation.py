"""Build a nation-sized PostgreSQL database for the benchmarks: the 60,000-person demo province,
34 times over (Vietnam has 34 provinces since 2025), about 2,000,000 people.

    .venv/bin/python bench/nation.py [--source bench_targets] [--target bench_nation] [--copies 34]
        [--server postgres://postgres@127.0.0.1:5432] [--drop]

then e.g. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_nation .venv/bin/python
bench/targets.py --at 2024-12-31 --repeat 1``.

The source must hold the demo province and the seed plan (``bench/targets.py`` loads it once) and
have no open connections (it is the template). Steps, all inside PostgreSQL:

1. ``CREATE DATABASE <target> TEMPLATE <source> STRATEGY FILE_COPY``: copy 1 of 34, as is.
2. For every copied model (``COPIED``), ``INSERT … SELECT`` from the original rows once per further
   copy k = 1..copies-1. The column list comes from the model's ``_meta``: the primary key and every
   foreign key to a copied model are shifted by k × the model's offset (its highest id rounded up to
   a power of ten, so copy k's person 123 is 100,123·k… e.g. person id 40,123 → 240,123 in copy 2);
   unique text columns get a suffix ``-P02``…; ``national_id`` (12 characters) becomes ``9`` and the
   new id on 11 digits. Foreign keys to models not copied (ranks, positions, programmes, standards,
   ethnicities, levels) keep their value: catalogues, standards and plans are shared. Each copy is a
   province of its own (its own root unit), so the tree has 34 roots and each copy's agencies are
   top-level agencies.
   Secondary indexes of the copied tables are dropped first and built again afterwards, and foreign
   key triggers are off during the load (``session_replication_role = replica``; the rows are
   consistent by construction).
3. Sequences are moved past the new ids (``setval``), then ``VACUUM (ANALYZE)`` of the copied tables.

Not copied (targets never read them): enrollment costs, class budgets and instructors, service
commitments, unit events, audit entries, accounts. Names are not changed (34 "Sở Y tế", told apart
by code).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The models copied, parents before children (foreign keys are remapped among these).
COPIED = [
    "organization.Unit",
    "organization.UnitLink",
    "people.Person",
    "people.ServicePeriod",
    "people.CouncilMembership",
    "people.Qualification",
    "training.TrainingClass",
    "training.Enrollment",
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    os.environ["DTBD_DEBUG"] = "0"
    import django

    django.setup()


def _models():
    from django.apps import apps

    return [apps.get_model(label) for label in COPIED]


def offsets(cur, models) -> dict:
    """{model: id step between copies}: the highest id rounded up to a power of ten."""
    result = {}
    for model in models:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
        top = cur.fetchone()[0]
        result[model] = 10 ** len(str(top))
    return result


def copy_sql(model, steps: dict, copied: set) -> str:
    """INSERT … SELECT of the original rows (id <= step) as copy %(k)s, columns from ``_meta``."""
    from django.db import models as m

    table = model._meta.db_table
    step = steps[model]
    columns, values = [], []
    for field in model._meta.concrete_fields:
        col = field.column
        columns.append(col)
        new_id = f"(t.id + %(k)s * {step})"
        if field.primary_key:
            values.append(new_id)
        elif field.is_relation and field.related_model in copied:
            values.append(f"t.{col} + %(k)s * {steps[field.related_model]}")
        elif (table, col) == ("people_person", "national_id"):
            values.append(f"CASE WHEN t.{col} IS NULL THEN NULL ELSE '9' || LPAD({new_id}::text, 11, '0') END")
        elif field.unique and isinstance(field, m.CharField):
            suffix = "'-P' || LPAD((%(k)s + 1)::text, 2, '0')"
            values.append(f"CASE WHEN t.{col} IS NULL OR t.{col} = '' THEN t.{col} ELSE t.{col} || {suffix} END")
        else:
            values.append(f"t.{col}")
    return (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM {table} t WHERE t.id < {step}")


def secondary_indexes(cur, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes of ``tables`` that back no constraint."""
    cur.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", (tables,))
    return cur.fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--source", default="bench_targets")
    parser.add_argument("--target", default="bench_nation")
    parser.add_argument("--copies", type=int, default=34)
    parser.add_argument("--drop", action="store_true", help="drop the target database first if it exists")
    parser.add_argument("--no-vacuum", action="store_true", help="ANALYZE only, no VACUUM")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{args.target}"
    _setup()
    import psycopg

    started = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {text}", flush=True)

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        if args.drop:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.target}"')
        admin.execute(f'CREATE DATABASE "{args.target}" TEMPLATE "{args.source}" STRATEGY FILE_COPY')
    say(f"{args.target} created from {args.source}")

    models = _models()
    tables = [model._meta.db_table for model in models]
    with psycopg.connect(f"{args.server}/{args.target}", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SET session_replication_role = replica")  # no FK triggers during the load
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '1GB'")
        steps = offsets(cur, models)
        indexes = secondary_indexes(cur, tables)
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        say(f"dropped {len(indexes)} secondary indexes; id steps: "
            + ", ".join(f"{m._meta.model_name} {s:,}" for m, s in steps.items()))
        copied = set(models)
        for model in models:
            sql = copy_sql(model, steps, copied)
            t0 = time.perf_counter()
            rows = 0
            with conn.transaction():
                for k in range(1, args.copies):
                    cur.execute(sql, {"k": k})
                    rows += cur.rowcount
            say(f"{model._meta.db_table}: +{rows:,} rows in {time.perf_counter() - t0:.1f} s")
        for name, definition in indexes:
            t0 = time.perf_counter()
            cur.execute(definition)
            say(f"index {name}: {time.perf_counter() - t0:.1f} s")
        for table in tables:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        cur.execute("RESET session_replication_role")
        t0 = time.perf_counter()
        for table in tables:
            cur.execute(f"ANALYZE {table}" if args.no_vacuum else f"VACUUM (ANALYZE) {table}")
        say(f"{'ANALYZE' if args.no_vacuum else 'VACUUM (ANALYZE)'}: {time.perf_counter() - t0:.1f} s")
        for table in tables:
            cur.execute(f"SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}")
            count, size = cur.fetchone()
            print(f"  {table}: {count:,} rows, {size}")
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        say(f"done: {args.target} is {cur.fetchone()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
