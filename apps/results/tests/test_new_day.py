"""The new day's "as of today" row is stored by the worker at 00:05, before anyone asks; a plan
already over is left alone; the task queues its next run exactly once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.plans.models import Plan, PlanTarget
from apps.results.models import StoredResult
from apps.results.selectors import plan_result
from apps.results.tasks import new_day_schedule, next_run, refresh_new_day
from apps.targets.engine import evaluate_plan

D = dt.date
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _waiting():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=refresh_new_day.module_path)


def test_the_next_run_is_five_past_midnight_in_the_provinces_time():
    assert next_run(dt.datetime(2025, 7, 1, 23, 0, tzinfo=HCM)) == dt.datetime(2025, 7, 2, 0, 5, tzinfo=HCM)
    assert next_run(dt.datetime(2025, 7, 1, 0, 1, tzinfo=HCM)) == dt.datetime(2025, 7, 1, 0, 5, tzinfo=HCM)
    # 20:00 UTC is 03:00 the next day in Hồ Chí Minh City: the run after is the day after that
    assert next_run(dt.datetime(2025, 7, 1, 20, 0, tzinfo=dt.UTC)) == dt.datetime(2025, 7, 3, 0, 5, tzinfo=HCM)


def test_a_worker_start_queues_one_run_and_only_one():
    assert new_day_schedule() is True
    assert new_day_schedule() is False
    assert _waiting().count() == 1
    run_after = timezone.localtime(_waiting().get().run_after)
    assert (run_after.hour, run_after.minute) == (0, 5)


def test_the_run_stores_today_for_a_running_plan_not_for_one_over_and_queues_the_next(plan, population,
                                                                                    monkeypatch):
    old = Plan.objects.create(code="KH-CU", title="Kế hoạch cũ", issuing_body="UBND tỉnh",
                              period_start=D(2016, 1, 1), period_end=D(2020, 12, 31))
    PlanTarget.objects.create(plan=old, order=1, code="X", text="x", spec=plan.targets.first().spec)
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2025, 7, 1))

    out = refresh_new_day.call()

    assert out["computed"] >= 1
    read = plan_result(plan, at=D(2025, 7, 1))
    assert read.fresh and read.shown_at is None
    assert read.result == evaluate_plan(plan, at=D(2025, 7, 1))
    assert not StoredResult.objects.filter(plan=old).exists()
    assert _waiting().count() == 1


def test_a_plan_failing_to_compute_does_not_stop_tomorrows_run(plan, monkeypatch):
    def fails(*a, **k):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("apps.results.services.plan_refresh", fails)
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2025, 7, 1))
    with pytest.raises(RuntimeError):
        refresh_new_day.call()
    assert _waiting().count() == 1
