"""The (person, status, completed_on) index of enrollments: one person's completed lượt in a window
are read through it, as the learner's needs restrict every measure to the person."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from apps.training.models import Enrollment, Programme


def test_the_index_is_in_the_database(db):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Enrollment._meta.db_table)
    assert found["enrollment_person_status_idx"]["columns"] == ["person_id", "status", "completed_on"]
    assert found["enrollment_person_status_idx"]["index"] is True


def test_sqlite_reads_one_persons_completed_lots_by_it_not_by_the_programme_index(db):
    """SQLite has no statistics (dtbd does not ANALYZE it): given a programme list and a person,
    it used to pick the programme index and read every lượt of those programmes."""
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans from its statistics
    query = Enrollment.objects.filter(
        person_id=7, status="completed", completed_on__gte=dt.date(2026, 1, 1), completed_on__lte=dt.date(2026, 12, 31),
        programme_id__in=Programme.objects.filter(kind="boi_duong").values("id")).order_by().values("person_id")
    plan = query.explain()
    assert "enrollment_person_status_idx (person_id=? AND status=? AND completed_on>? AND completed_on<?)" in plan, plan
