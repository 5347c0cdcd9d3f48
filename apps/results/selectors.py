"""Reading stored plan results for pages (apps/dashboard). A read never runs the engine in the
request (unless settings.DTBD_RESULTS_INLINE): a missing row is created empty for the job to fill,
a stale row is shown as it is, marked stale, and asked for again.

``Read`` says what a page shows: the figures (maybe stale, maybe of the previous "today"), when
they were computed, and whether a recomputation is needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from apps.people.selectors import people_visible_to
from apps.plans.models import Plan
from apps.results import services, versions
from apps.results.models import StoredGapList, StoredGapRow, StoredResult


@dataclass
class Read:
    result: dict[str, Any] | None
    computed_at: dt.datetime | None
    fresh: bool
    error: str = ""
    shown_at: dt.date | None = None  # the date of the figures shown, when another than the one asked

    @property
    def missing(self) -> bool:
        return self.result is None and not self.error


def _ask(row: StoredResult | StoredGapList) -> None:
    """Mark a row as wanted now (the job keeps asked rows fresh for a while)."""
    now = timezone.now()
    if now - row.requested_at > dt.timedelta(minutes=1):
        type(row).objects.filter(pk=row.pk).update(requested_at=now)


def plan_result(plan: Plan, *, at: dt.date, unit_code: str = "", stamp: str | None = None) -> Read:
    """The stored ``evaluate_plan(plan, at=at, unit=unit_code)``. One query (two the first time)."""
    stamp = stamp if stamp is not None else versions.fingerprint(plan.pk)
    row, created = StoredResult.objects.get_or_create(plan=plan, at=at, unit_code=unit_code)
    fresh = row.computed_at is not None and row.fingerprint == stamp
    if not fresh and services.inline():
        row, fresh = services.result_compute(plan, at=at, unit_code=unit_code), True
    if not created and not fresh:
        _ask(row)
    if row.computed_at is None and at == services.default_date(plan):
        earlier = _previous_today(plan, at, unit_code)  # a new day: yesterday's "today" meanwhile
        if earlier is not None:
            return Read(earlier.result, earlier.computed_at, False, earlier.error, shown_at=earlier.at)
    return Read(row.result, row.computed_at, fresh, row.error)


def _previous_today(plan: Plan, at: dt.date, unit_code: str) -> StoredResult | None:
    return (StoredResult.objects.filter(plan=plan, unit_code=unit_code, at__lt=at, at__year=at.year,
                                        computed_at__isnull=False).order_by("-at").first())


@dataclass
class GapRead:
    rows: QuerySet[StoredGapRow] | None  # None: never computed yet
    computed_at: dt.datetime | None
    fresh: bool
    error: str = ""
    shown_at: dt.date | None = None


def gap_list(user, plan: Plan, *, target_code: str, at: dt.date, unit_code: str = "",
             stamp: str | None = None) -> GapRead:
    """The stored gap list of one target, limited to the people ``user`` may read, in the engine's
    order (a queryset: a page reads one page of it)."""
    stamp = stamp if stamp is not None else versions.fingerprint(plan.pk)
    row, created = StoredGapList.objects.get_or_create(plan=plan, target_code=target_code, at=at,
                                                       unit_code=unit_code)
    fresh = row.computed and row.fingerprint == stamp
    if not fresh and services.inline():
        row, fresh = services.gaps_compute(plan, target_code=target_code, at=at, unit_code=unit_code), True
    if not created and not fresh:
        _ask(row)
    if not row.computed:
        return GapRead(None, None, False)
    rows = StoredGapRow.objects.filter(gap_list=row).order_by("position")
    visible = people_visible_to(user)
    if visible.query.where:  # not everyone: the reader's people only
        rows = rows.filter(person_id__in=visible.values("pk"))
    return GapRead(rows, row.computed_at, fresh, row.error)


def freshness(plan: Plan, *, dates: list[dt.date], unit_code: str = "", target_code: str = "") -> bool:
    """Whether the rows a page shows are all computed from the current data (the poll's question):
    the plan's results on ``dates`` for the unit and for the province, and the gap list of
    ``target_code`` on the first date when given."""
    stamp = versions.fingerprint(plan.pk)
    codes = {unit_code, ""}
    wanted = {(day, code) for day in dates for code in codes}
    found = set(StoredResult.objects.filter(plan=plan, at__in=dates, unit_code__in=codes, fingerprint=stamp,
                                            computed_at__isnull=False).values_list("at", "unit_code"))
    if not wanted <= found:
        return False
    if target_code and dates:
        return StoredGapList.objects.filter(plan=plan, target_code=target_code, at=dates[0], unit_code=unit_code,
                                            fingerprint=stamp, computed=True).exists()
    return True
