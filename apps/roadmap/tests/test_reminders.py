"""The reminder schedule: which task deadlines are sent on which days to which users.

Plan 2026–2028: row 1 (every agency, 02 lần/năm: 30/6 and 31/12) and row 2 (Sở Nội vụ, quý IV
hàng năm: 31/12). Officers: Sở Y tế's, Sở GD&ĐT's and one of Bệnh viện Đa khoa (a sub-unit of
Sở Y tế, whose scope does not cover Sở Y tế itself); Sở Nội vụ's account; a leader and a learner.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.notifications.reminders import reminders_due
from apps.roadmap.models import RoadmapTask, TaskStatus
from apps.roadmap.reminders import task_deadlines
from apps.roadmap.services import roadmap_generate, task_update
from apps.roadmap.tests.conftest import make_plan

D = dt.date


@pytest.fixture
def plan(agencies, personas):
    from apps.accounts.services import user_create

    user_create(actor=SYSTEM, username="can_bo_bv", password="x", role="agency_officer", unit=agencies["BVDK"],
                full_name="Cán bộ Bệnh viện")
    plan = make_plan(rows=[
        ("1", "Phổ biến, quán triệt trách nhiệm", "Các cơ quan hành chính, đơn vị sự nghiệp các cấp của tỉnh", (),
         "02 lần/năm"),
        ("2", "Rà soát, đánh giá công tác đào tạo", "Sở Nội vụ", ("SNV",), "Trong quý IV hàng năm"),
    ])
    roadmap_generate(actor=SYSTEM, plan=plan)
    return plan


def sent_on(day: dt.date) -> set[tuple[str, str, str, str]]:
    """(row number, lead unit, due date, username) of every reminder the base's schedule
    (``reminders_due``) sends on ``day`` from this source's deadlines."""
    from django.contrib.auth import get_user_model

    names = dict(get_user_model().objects.values_list("pk", "username"))
    out = set()
    for r in reminders_due(day, task_deadlines(day)):
        task = RoadmapTask.objects.select_related("unit").get(pk=int(r.deadline.key.split(":")[1]))
        out.add((task.number, task.unit.code, r.deadline.due.isoformat(), names[r.user_id]))
    return out


def test_seven_days_before_each_lead_units_officers_are_reminded(plan):
    assert sent_on(D(2026, 6, 23)) == {
        ("1", "SYT", "2026-06-30", "can_bo_so_y_te"),
        ("1", "SGD", "2026-06-30", "can_bo_so_giao_duc"),
        ("1", "SNV", "2026-06-30", "so_noi_vu"),
        # STC and H01 have no officer account: no one to send to; the hospital's officer does
        # not cover Sở Y tế; the leader and the learner work no task
    }


def test_one_day_before_and_on_the_day_again_and_not_in_between(plan):
    expected = {("1", "SYT", "2026-06-30", "can_bo_so_y_te"), ("1", "SGD", "2026-06-30", "can_bo_so_giao_duc"),
                ("1", "SNV", "2026-06-30", "so_noi_vu")}
    assert sent_on(D(2026, 6, 29)) == expected
    assert sent_on(D(2026, 6, 30)) == expected
    assert sent_on(D(2026, 6, 24)) == set()
    assert sent_on(D(2026, 6, 28)) == set()


def test_a_task_done_before_its_due_date_is_not_reminded_and_open_ones_are_overdue_daily(plan):
    syt = RoadmapTask.objects.get(number="1", unit__code="SYT", due=D(2026, 6, 30))
    task_update(actor=SYSTEM, task=syt, status=TaskStatus.DONE, note="", today=D(2026, 6, 25))
    assert ("1", "SYT", "2026-06-30", "can_bo_so_y_te") not in sent_on(D(2026, 6, 29))
    overdue = {("1", "SGD", "2026-06-30", "can_bo_so_giao_duc"), ("1", "SNV", "2026-06-30", "so_noi_vu")}
    assert sent_on(D(2026, 7, 1)) == overdue
    assert sent_on(D(2026, 7, 15)) == overdue
    assert sent_on(D(2026, 7, 30)) == overdue  # 30 days after the due date: the last daily reminder
    assert sent_on(D(2026, 7, 31)) == set()  # then only the overdue list shows it


def test_end_of_year_brings_both_rows_due_31_december(plan):
    assert sent_on(D(2026, 12, 24)) == {
        ("1", "SYT", "2026-12-31", "can_bo_so_y_te"), ("1", "SGD", "2026-12-31", "can_bo_so_giao_duc"),
        ("1", "SNV", "2026-12-31", "so_noi_vu"), ("2", "SNV", "2026-12-31", "so_noi_vu"),
    }  # the June tasks nobody closed are overdue for more than 30 days: no longer sent


def test_an_officer_of_the_agency_covers_its_tasks_and_one_of_a_sub_unit_does_not(plan, agencies):
    from apps.accounts.services import user_create

    user_create(actor=SYSTEM, username="can_bo_so_y_te_2", password="x", role="agency_officer",
                unit=agencies["SYT"], full_name="Cán bộ thứ hai Sở Y tế")
    users = {u for (_, unit, _, u) in sent_on(D(2026, 6, 30)) if unit == "SYT"}
    assert users == {"can_bo_so_y_te", "can_bo_so_y_te_2"}


def test_an_inactive_officer_gets_nothing(plan, personas):
    personas["can_bo_so_giao_duc"].is_active = False
    personas["can_bo_so_giao_duc"].save()
    assert {u for (*_, u) in sent_on(D(2026, 6, 30))} == {"can_bo_so_y_te", "so_noi_vu"}


def test_retired_tasks_are_not_reminded(plan):
    RoadmapTask.objects.filter(unit__code="SGD").update(retired_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert {u for (*_, u) in sent_on(D(2026, 6, 30))} == {"can_bo_so_y_te", "so_noi_vu"}


def test_each_deadline_links_to_its_task_and_names_the_due_date(plan):
    d = next(d for d in task_deadlines(D(2026, 6, 23)) if d.due == D(2026, 6, 30))
    task = RoadmapTask.objects.get(pk=int(d.key.split(":")[1]))
    assert d.url == f"/nhiem-vu/{task.pk}/"
    assert d.title == f"Nhiệm vụ 1 ({task.unit.name}): Phổ biến, quán triệt trách nhiệm"
    assert d.remind_days == (7, 1, 0) and d.overdue is False and d.done is False


def test_the_daily_job_notifies_once_with_the_schedule_in_the_title(plan):
    from apps.notifications.models import Notification
    from apps.notifications.services import send_reminders

    assert send_reminders(D(2026, 6, 23)) == 3
    assert send_reminders(D(2026, 6, 23)) == 0  # the same day again: nothing more
    mine = Notification.objects.get(user__username="can_bo_so_y_te")
    assert mine.title == "Còn 7 ngày (hạn 30/06/2026): Nhiệm vụ 1 (Sở Y tế): Phổ biến, quán triệt trách nhiệm"
    assert mine.url.startswith("/nhiem-vu/")
    send_reminders(D(2026, 7, 2))
    assert Notification.objects.filter(user__username="can_bo_so_y_te", title__startswith="Quá hạn 2 ngày").count() == 1


def test_done_tasks_stay_on_the_calendar_without_reminders(plan, personas):
    from apps.notifications.reminders import deadlines_of

    syt = RoadmapTask.objects.get(number="1", unit__code="SYT", due=D(2026, 6, 30))
    task_update(actor=SYSTEM, task=syt, status=TaskStatus.DONE, note="", today=D(2026, 6, 20))
    mine = deadlines_of(personas["can_bo_so_y_te"].pk, D(2026, 6, 23))
    assert [(d.due, d.done) for d in mine] == [
        (D(2026, 6, 30), True), (D(2026, 12, 31), False), (D(2027, 6, 30), False), (D(2027, 12, 31), False),
        (D(2028, 6, 30), False), (D(2028, 12, 31), False)]
