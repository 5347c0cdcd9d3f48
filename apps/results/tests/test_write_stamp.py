"""``write_stamp``: the data version of the caches outside the plan results, read in one query."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.access import SYSTEM
from apps.training.tests.conftest import catalogue  # noqa: F401 - fixture


def _stamp() -> tuple[list[int], int]:
    from apps.results.versions import write_stamp

    with CaptureQueriesContext(connection) as queries:
        stamp = write_stamp()
    return [int(part) for part in stamp.split("-")], len(queries)


def test_the_stamp_is_one_query_of_the_newest_write_the_counter_and_the_largest_ids(province, make_person):
    from apps.core.audit import audit_write
    from apps.core.models import AuditEntry
    from apps.people.models import Person
    from apps.results.models import Counter

    first = make_person(province["SYT"], "Người Một")
    second = make_person(province["SYT"], "Người Hai")
    parts, queries = _stamp()
    newest_write = AuditEntry.objects.exclude(action__in=["view", "export"]).order_by("-id").first()
    assert queries == 1 and len(parts) == 8
    assert parts[0] == newest_write.pk and parts[1] == Counter.objects.get(name="data").value
    assert parts[2] == second.pk == max(Person.objects.values_list("pk", flat=True)) and second.pk > first.pk
    audit_write(actor=SYSTEM, action=AuditEntry.Action.VIEW, target=second)
    assert _stamp()[0] == parts  # a read changes nothing


def test_a_bulk_insert_without_audit_or_counter_changes_the_stamp(province, make_person, catalogue):  # noqa: F811
    from apps.training.models import Enrollment

    person = make_person(province["SYT"], "Người Ba")
    before, _ = _stamp()
    Enrollment.objects.bulk_create([Enrollment(person=person, programme=catalogue["programmes"]["cvc"], start_date=dt.date(2026, 1, 5),
                                               end_date=dt.date(2026, 1, 9))])
    after, _ = _stamp()
    assert after[:5] == before[:5] and after[5] == Enrollment.objects.get().pk and after[5] != before[5]
