"""Benchmark: who meets the standard of their rank / position over the demo province, by the
standards selectors (one SQL query each) and, for the rank standard, by a hand-written SQL query
giving the same count, in the same run.

    DATABASE_URL=sqlite:///var/bench_standards.sqlite3 .venv/bin/python bench/standards.py [--at 2024-12-31]
        [--repeat 5] [--append]

The database must hold the demo province (``dtbd migrate`` then ``dtbd demo --persons 60000 --seed
1``); the seeded default standards come with the migrations. Figures are medians of ``--repeat``
runs after one warm-up, in milliseconds; --append adds the table to bench/RESULTS.md.
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

# People working on :at whose rank's standard in force on :at has an unmet requirement or fostering.
RANK_FAILING_SQL = """
SELECT COUNT(*) FROM people_person p
WHERE p.joined_on <= %(at)s AND EXISTS (
  SELECT 1 FROM people_serviceperiod sp
  JOIN standards_standard s ON s.rank_id = sp.rank_id AND s.effective_from <= %(at)s
       AND (s.effective_to IS NULL OR s.effective_to >= %(at)s)
  WHERE sp.person_id = p.id AND sp.valid_from <= %(at)s AND (sp.valid_to IS NULL OR sp.valid_to >= %(at)s)
    AND (EXISTS (SELECT 1 FROM standards_standardrequirement r
                 JOIN people_qualificationlevel ml ON ml.id = r.min_level_id
                 WHERE r.standard_id = s.id AND NOT EXISTS (
                   SELECT 1 FROM people_qualification q JOIN people_qualificationlevel l ON l.id = q.level_id
                   WHERE q.person_id = p.id AND q.dimension = r.dimension AND l.rank >= ml.rank
                     AND q.obtained_on <= %(at)s))
         OR (s.required_fostering <> '' AND NOT EXISTS (
                 SELECT 1 FROM training_enrollment e JOIN training_programme pg ON pg.id = e.programme_id
                 WHERE e.person_id = p.id AND e.status = 'completed' AND e.completed_on <= %(at)s
                   AND pg.fostering_family = s.required_fostering))))
"""


def _time(fn, repeat: int) -> tuple[float, object]:
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--at", default="2024-12-31")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.db import connection

    from apps.core.vn import format_number
    from apps.people.models import Person, Position
    from apps.people.selectors import people_on
    from apps.standards import selectors

    at = dt.date.fromisoformat(args.at)
    working = Person.objects.filter(joined_on__lte=at)
    rows = []
    for label, fn in (
        ("meeting rank standard", lambda: selectors.people_meeting_standard(working, at=at, of="rank").count()),
        ("meeting position standard", lambda: selectors.people_meeting_standard(working, at=at, of="position").count()),
        ("meeting both", lambda: selectors.people_meeting_standard(working, at=at, of="both").count()),
        ("position standard at appointment", lambda: selectors.people_meeting_standard_at_appointment(
            working, of="position", at=at).count()),
        ("rank standard at appointment", lambda: selectors.people_meeting_standard_at_appointment(
            working, of="rank", at=at).count()),
    ):
        ms, count = _time(fn, args.repeat)
        rows.append((label, ms, count))

    def hand() -> int:
        with connection.cursor() as cursor:
            cursor.execute(RANK_FAILING_SQL, {"at": at})
            return working.count() - cursor.fetchone()[0]

    hand_ms, hand_count = _time(hand, args.repeat)
    assert hand_count == rows[0][2], (hand_count, rows[0][2])
    person = people_on(at).filter(position__isnull=False).order_by("pk").first() or Person.objects.first()
    head = Position.objects.get(code="TRUONG_PHONG")
    readiness_ms, _ = _time(lambda: selectors.readiness(person, position=head, at=at), args.repeat)

    failing = list(working.exclude(pk__in=selectors.people_meeting_standard(working, at=at, of="both").values("pk"))
                   .values_list("pk", flat=True))
    gaps_ms, _ = _time(lambda: selectors.gaps_by_person(failing, at=at, of="both"), args.repeat)
    late = list(working.exclude(pk__in=selectors.people_meeting_standard_at_appointment(
        working, of="position", at=at).values("pk")).values_list("pk", flat=True))
    late_ms, _ = _time(lambda: selectors.appointment_gaps_by_person(late, of="position", at=at), args.repeat)

    vendor = connection.vendor
    lines = [
        f"\n## Standards selectors — {vendor}, {format_number(working.count())} people, at {at:%d/%m/%Y} "
        f"(Python {platform.python_version()}, run {dt.date.today():%d/%m/%Y}, median of {args.repeat})\n",
        "| query | median ms | people meeting |",
        "|---|---:|---:|",
        *[f"| {label} | {ms:.1f} | {format_number(count)} |" for label, ms, count in rows],
        f"| hand-written SQL, rank standard | {hand_ms:.1f} | {format_number(hand_count)} |",
        f"| readiness(person, position=TRUONG_PHONG) | {readiness_ms:.1f} | – |",
        f"| gaps_by_person, everyone not meeting both ({format_number(len(failing))}) | {gaps_ms:.1f} | – |",
        f"| appointment_gaps_by_person, position ({format_number(len(late))}) | {late_ms:.1f} | – |",
        f"\nRatio selector / hand-written SQL (rank standard): {rows[0][1] / hand_ms:.2f}.\n",
    ]
    print("\n".join(lines))
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
