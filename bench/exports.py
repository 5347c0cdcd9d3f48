"""Benchmark: the people, classes and enrollments (lượt) exports of the demo province, each beside
the time the spreadsheet library needs to write the same cells from Python lists, in the same run.

    DATABASE_URL=sqlite:///var/exports-bench.sqlite3 .venv/bin/python bench/exports.py [--repeat 3] [--append]

The database must hold the demo province (``dtbd demo``, 60,000 people by default). For each
export, as Sở Nội vụ (everything):

- ``export``: ``people_export`` / ``classes_export`` / ``enrollments_export`` to .xlsx, end to end
  (queries from a server-side cursor, rows, the workbook's bytes);
- ``library``: the same cells, already in Python lists (read by the export's own row generator
  before the clock starts), written by XlsxWriter in constant-memory mode, the library the exports
  use, with the same options; and by openpyxl's write-only mode, for comparison.

Each measurement runs in a fresh child process (``--one``), so its peak memory is its own: peak
resident set (``getrusage``) of the whole process, Django and the database driver included, and
the resident set after start-up, before the export. Before the clock starts both sides freeze the
garbage collector's view of what exists (``gc.freeze``), so the reference's lists are not walked by
every collection.

The machine is shared, so the runs are interleaved in pairs (export, library, export, library, …,
each a fresh process) and every pair gives its own ratio, of two figures taken a minute or so
apart: the table shows the medians of the pairs' seconds and the median (and range) of the
pairs' ratios, by wall time and by CPU time (user + system of the measuring process, all its
threads, from ``time.process_time``). On PostgreSQL the export's CPU time leaves out what the
server process spent reading and sending the rows; that share is read from ``/proc/<backend
pid>/stat`` when the server runs on this host and shown in its own column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path.insert(0, str(ROOT))
KINDS = ("people", "classes", "enrollments")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _anon_mb() -> float:
    """Anonymous resident memory now (heap, SQLite's page cache and sorter; not the pages of the
    database file SQLite maps with ``mmap_size``, which count in the resident set but are the
    kernel's file cache)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _AnonPeak:
    """Samples ``_anon_mb`` every 50 ms in a thread; ``peak`` is the highest seen."""

    def __init__(self) -> None:
        import threading

        self.peak, self._stop = _anon_mb(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _anon_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, _anon_mb())


def _backend_cpu() -> float | None:
    """CPU seconds (user + system) the PostgreSQL backend of this connection has used so far, when the
    server runs on this host; None on SQLite or when /proc does not show it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _setup() -> None:
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _actor():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="so_noi_vu")


def _export(kind: str, actor) -> bytes:
    if kind == "people":
        from apps.people.io.exporting import people_export

        return people_export(actor=actor, fmt="xlsx").content
    if kind == "classes":
        from apps.training.io.classes import classes_export

        return classes_export(actor=actor, fmt="xlsx").content
    from apps.training.io.enrollments import enrollments_export

    return enrollments_export(actor=actor, fmt="xlsx").content


def _rows(kind: str, actor) -> list[list]:
    """The export's cells as Python lists, header first (what the library reference writes)."""
    if kind == "people":
        from apps.people.io.exporting import export_rows
        from apps.people.selectors import people_visible_to

        return list(export_rows(people_visible_to(actor).in_vietnamese_order()))
    if kind == "classes":
        from apps.training.io.classes import export_rows as class_rows
        from apps.training.selectors import REACH_ORGANISED, classes_of_reach, classes_visible_to

        return list(class_rows(classes_of_reach(classes_visible_to(actor), actor, REACH_ORGANISED)))
    from apps.training.io.enrollments import export_rows as enrollment_rows
    from apps.training.selectors import enrollments_visible_to

    return list(enrollment_rows(enrollments_visible_to(actor)))


def _xlsxwriter(rows: list[list]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False, "use_zip64": True})
    sheet = workbook.add_worksheet("Danh sách")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    return out.getvalue()


def _openpyxl(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def one(kind: str, what: str) -> dict:
    """One measurement in this process: ``what`` is export, xlsxwriter or openpyxl."""
    _setup()
    import openpyxl  # noqa: F401 - imported before the clock starts, on both sides
    import xlsxwriter  # noqa: F401

    actor = _actor()
    if what == "export":
        from django.db import connection

        connection.ensure_connection()
        gc.freeze()
        server_before = _backend_cpu()
        started_rss, sampler = _rss_mb(), _AnonPeak()
        started, cpu_started = time.perf_counter(), time.process_time()
        content = _export(kind, actor)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        anon = sampler.stop()
        server_after = _backend_cpu()
        server = None if server_before is None or server_after is None else server_after - server_before
        rows = None
    else:
        rows_list = _rows(kind, actor)
        rows = len(rows_list) - 1
        gc.freeze()  # the lists are not garbage: the collector need not walk them while the library writes
        started_rss, sampler = _rss_mb(), _AnonPeak()
        started, cpu_started = time.perf_counter(), time.process_time()
        content = (_xlsxwriter if what == "xlsxwriter" else _openpyxl)(rows_list)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        anon = sampler.stop()
        server = None
    return {"kind": kind, "what": what, "seconds": seconds, "cpu": cpu, "server_cpu": server,
            "bytes": len(content), "rows": rows, "load": os.getloadavg()[0],
            "start_rss_mb": started_rss, "peak_rss_mb": _rss_mb(), "peak_anon_mb": anon}


def _child(kind: str, what: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", kind, what], capture_output=True, text=True,
                         env=os.environ, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl comparison")
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    _setup()
    from django.db import connection

    from apps.people.models import Person
    from apps.training.models import Enrollment, TrainingClass

    vendor = connection.vendor
    version = connection.cursor().connection.__class__.__module__ if vendor != "sqlite" else ""
    if vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            version = cursor.fetchone()[0]
    sizes = {"people": Person.objects.count(), "classes": TrainingClass.objects.count(),
             "enrollments": Enrollment.objects.filter(training_class__isnull=False).count()}
    whats = ["export", "xlsxwriter"] + ([] if args.no_openpyxl else ["openpyxl"])
    results: dict[tuple[str, str], list[dict]] = {}
    load_start = os.getloadavg()[0]
    for kind in args.kinds.split(","):
        for _ in range(args.repeat):
            for what in whats:
                result = _child(kind, what)
                results.setdefault((kind, what), []).append(result)
                server = f"  server CPU {result['server_cpu']:6.2f} s" if result["server_cpu"] is not None else ""
                print(f"{kind:12} {what:10} {result['seconds']:7.2f} s  CPU {result['cpu']:7.2f} s{server}  "
                      f"peak {result['peak_rss_mb']:6.0f} MB  anon {result['peak_anon_mb']:6.0f} MB "
                      f"(start {result['start_rss_mb']:.0f} MB)  {result['bytes'] / 1e6:.1f} MB file  "
                      f"load {result['load']:.1f}", flush=True)
    load_end = os.getloadavg()[0]
    server_note = ("- server CPU = the PostgreSQL backend's user + system time during the export (from /proc), "
                   "not included in the export's CPU column;" if vendor == "postgresql" else "")
    lines = [f"## Exports beside the library writing the same cells, {vendor} {version}, pairs "
             f"({dt.datetime.now(dt.UTC).date():%d/%m/%Y})", "",
             f"`{' '.join(['DATABASE_URL=…', 'bench/exports.py', *sys.argv[1:]])}`; "
             f"demo province: {sizes['people']:,} people, {sizes['classes']:,} classes, "
             f"{sizes['enrollments']:,} lượt in classes; as Sở Nội vụ (everything), .xlsx.", "",
             f"- machine: {os.cpu_count()} CPU, Python {platform.python_version()}, shared with other work: "
             f"load average (1 min) {load_start:.1f} at start, {load_end:.1f} at end;",
             f"- {args.repeat} pairs per export, interleaved (export, library, export, library, …), every run a "
             "fresh process; seconds = median over the pairs; ratio = median of the pairs' own ratios "
             "(range in brackets), by wall time and by CPU time (user + system of the process);",
             "- peak RSS = peak resident set of that process (Django, driver, rows and workbook included; on "
             "SQLite it also counts the database file's pages mapped by `PRAGMA mmap_size`); peak anon = peak "
             "anonymous resident memory (heap, SQLite's cache and sorter), sampled every 50 ms;",
             "- library = XlsxWriter constant-memory writing the export's own cells from Python lists "
             "(the exports' library, same options); openpyxl write-only for comparison;",
             *([server_note] if server_note else []), "",
             "| export | rows | export s | library s | wall ratio | export CPU s | library CPU s | CPU ratio "
             "| server CPU s | openpyxl s | export peak RSS MB | export peak anon MB | file MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]

    def ratio(values: list[float]) -> str:
        return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"

    for kind in args.kinds.split(","):
        exports, libraries = results[(kind, "export")], results[(kind, "xlsxwriter")]
        wall = [e["seconds"] / lib["seconds"] for e, lib in zip(exports, libraries, strict=True)]
        cpu = [e["cpu"] / lib["cpu"] for e, lib in zip(exports, libraries, strict=True)]
        servers = [e["server_cpu"] for e in exports if e["server_cpu"] is not None]
        server = f"{statistics.median(servers):.2f}" if servers else "—"
        openpyxl = (f"{statistics.median(r['seconds'] for r in results[(kind, 'openpyxl')]):.2f}"
                    if (kind, "openpyxl") in results else "—")
        peak = max(r["peak_rss_mb"] for r in exports)
        anon = max(r["peak_anon_mb"] for r in exports)
        rows = libraries[0]["rows"]
        size = exports[0]["bytes"] / 1e6
        lines.append(f"| {kind} | {rows:,} | {statistics.median(e['seconds'] for e in exports):.2f} | "
                     f"{statistics.median(r['seconds'] for r in libraries):.2f} | {ratio(wall)} | "
                     f"{statistics.median(e['cpu'] for e in exports):.2f} | "
                     f"{statistics.median(r['cpu'] for r in libraries):.2f} | {ratio(cpu)} | {server} | {openpyxl} | "
                     f"{peak:.0f} | {anon:.0f} | {size:.1f} |")
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
