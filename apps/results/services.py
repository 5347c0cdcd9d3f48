"""Computing and storing plan results (the target engine is the function that computes them).

``result_compute`` / ``gaps_compute`` run the engine once for one key and store the answer with
the fingerprint read *before* the run (a write during the run leaves the row stale, never wrongly
fresh). ``plan_refresh`` — the body of the ``results.refresh`` job — computes every row of a plan
that is missing or stale among the dates the dashboard shows and the rows pages asked for lately.
``refresh_request`` queues that job unless one is already waiting.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.organization.models import Unit
from apps.people.models import Person
from apps.plans.models import Plan
from apps.results import versions
from apps.results.models import StoredGapList, StoredGapRow, StoredResult

JOB_KIND = "results.refresh"
KEEP_ASKED = dt.timedelta(days=30)  # rows pages asked for are kept fresh this long after the last ask
ROW_BATCH = 2000


def inline() -> bool:
    """settings.DTBD_RESULTS_INLINE: compute missing or stale rows in the request (tests, CLI)."""
    return bool(getattr(settings, "DTBD_RESULTS_INLINE", False))


def default_date(plan: Plan, today: dt.date | None = None) -> dt.date:
    """Today, or the plan's last day once the plan is over (as the dashboard)."""
    return min(today or timezone.localdate(), plan.period_end)


def shown_dates(plan: Plan, today: dt.date | None = None) -> list[dt.date]:
    """The dates the dashboard shows without being asked: "as of today" and the last day of every
    year of the period already over (apps.dashboard.selectors.year_dates)."""
    at = default_date(plan, today)
    days = {at}
    for year in range(plan.period_start.year, plan.period_end.year + 1):
        end = min(dt.date(year, 12, 31), plan.period_end)
        if end < at:
            days.add(end)
    return sorted(days)


def _unit(code: str) -> Unit | None:
    return Unit.objects.get(code=code) if code else None


def result_compute(plan: Plan, *, at: dt.date, unit_code: str = "") -> StoredResult:
    """Run ``evaluate_plan`` for (plan, at, unit) and store it (a refusal of the engine is stored too)."""
    from apps.targets.context import TargetError
    from apps.targets.engine import evaluate_plan

    stamp = versions.fingerprint(plan.pk)
    started = time.perf_counter()
    result: dict[str, Any] | None
    try:
        result, error = evaluate_plan(plan, at=at, unit=_unit(unit_code)), ""
    except TargetError as exc:
        result, error = None, str(exc)
    row, _ = StoredResult.objects.update_or_create(
        plan=plan, at=at, unit_code=unit_code,
        defaults={"fingerprint": stamp, "result": result, "error": error, "computed_at": timezone.now(),
                  "seconds": time.perf_counter() - started})
    return row


def gaps_compute(plan: Plan, *, target_code: str, at: dt.date, unit_code: str = "") -> StoredGapList:
    """Run the engine's gap list of one target for everyone (the system's scope) and store its rows
    with each person's id, in the engine's order; a page filters them to its reader."""
    from apps.accounts.system import SYSTEM
    from apps.targets.context import TargetError
    from apps.targets.gaps import gap_rows
    from apps.targets.parts import effective_spec

    stamp = versions.fingerprint(plan.pk)
    started = time.perf_counter()
    target = plan.targets.get(code=target_code)
    error = ""
    try:
        rows = gap_rows(effective_spec(target), user=SYSTEM, at=at, period=(plan.period_start, plan.period_end),
                        unit=_unit(unit_code))
    except TargetError as exc:
        rows, error = [], str(exc)
    ids = _person_ids(r.code for r in rows)
    with transaction.atomic():
        stored, _ = StoredGapList.objects.update_or_create(
            plan=plan, target_code=target_code, at=at, unit_code=unit_code,
            defaults={"fingerprint": stamp, "computed": True, "size": len(rows), "error": error,
                      "computed_at": timezone.now(), "seconds": 0.0})
        StoredGapRow.objects.filter(gap_list=stored).delete()
        StoredGapRow.objects.bulk_create(
            (StoredGapRow(gap_list=stored, position=i, person_id=ids[r.code], code=r.code, name=r.name, unit=r.unit,
                          category=r.category, missing=r.missing, last_training=r.last_training)
             for i, r in enumerate(rows)), batch_size=ROW_BATCH)
        stored.seconds = time.perf_counter() - started
        stored.save(update_fields=["seconds"])
    return stored


def _person_ids(codes: Iterable[str]) -> dict[str, int]:
    wanted = list(codes)
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 5000):
        found.update(Person.objects.filter(code__in=wanted[start:start + 5000]).values_list("code", "pk"))
    return found


def _to_do(plan: Plan, today: dt.date | None = None) -> tuple[list[StoredResult], list[StoredGapList]]:
    """Rows of ``plan`` to (re)compute: the shown dates of the province (created when missing) and
    every row asked for within KEEP_ASKED, that is not computed from the current fingerprint.
    Most recently asked first (the page waiting for it)."""
    for day in shown_dates(plan, today):
        StoredResult.objects.get_or_create(plan=plan, at=day, unit_code="")
    stamp = versions.fingerprint(plan.pk)
    recent = timezone.now() - KEEP_ASKED
    shown = shown_dates(plan, today)
    results = [row for row in StoredResult.objects.filter(plan=plan).order_by("-requested_at", "-at")
               if (row.fingerprint != stamp or row.computed_at is None)
               and ((row.at in shown and not row.unit_code) or row.requested_at >= recent)]
    gaps = list(StoredGapList.objects.filter(plan=plan, requested_at__gte=recent).exclude(
        fingerprint=stamp, computed=True).order_by("-requested_at"))
    return results, gaps


def plan_refresh(plan: Plan, progress: Callable[[int, int], None] | None = None,
                 today: dt.date | None = None) -> int:
    """Compute every missing or stale row of ``plan`` (see ``_to_do``); the number computed."""
    results, gaps = _to_do(plan, today)
    total = len(results) + len(gaps)
    done = 0
    targets = set(plan.targets.values_list("code", flat=True))
    units = set(Unit.objects.filter(code__in={r.unit_code for r in results} | {g.unit_code for g in gaps})
                .values_list("code", flat=True)) | {""}
    for row in results:
        if progress:
            progress(done, total)
        if row.unit_code in units:
            result_compute(plan, at=row.at, unit_code=row.unit_code)
        else:  # a unit no longer in the registry: nothing to show for it
            row.delete()
        done += 1
    for gap in gaps:
        if progress:
            progress(done, total)
        if gap.unit_code in units and gap.target_code in targets:
            gaps_compute(plan, target_code=gap.target_code, at=gap.at, unit_code=gap.unit_code)
        else:  # a target the plan no longer has, or a unit gone
            gap.delete()
        done += 1
    if progress:
        progress(total, total)
    return total


def plans_refresh(today: dt.date | None = None) -> int:
    """Every plan's shown dates, now (the demo build, ``dtbd results refresh``)."""
    return sum(plan_refresh(plan, today=today) for plan in Plan.objects.order_by("code"))


def pending_job(plan: Plan):
    """The newest results job of ``plan`` still queued or running, else None."""
    from apps.jobs.models import Job

    return (Job.objects.filter(kind=JOB_KIND, params__plan=plan.code,
                               status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).order_by("-pk").first())


def refresh_request(*, actor: Any, plan: Plan):
    """Queue the plan's recomputation for ``actor`` (the page's reader) unless a job of the plan is
    already waiting in the queue (a running one may have started before the change: queue again).
    Returns the job that will do it."""
    from apps.jobs.models import Job
    from apps.jobs.services import job_start

    waiting = Job.objects.filter(kind=JOB_KIND, params__plan=plan.code, status=Job.Status.QUEUED).order_by("-pk").first()
    if waiting is not None:
        return waiting
    return job_start(actor=actor, kind=JOB_KIND, params={"plan": plan.code},
                     title=f"Tính lại số liệu chỉ tiêu: {plan.code}")
