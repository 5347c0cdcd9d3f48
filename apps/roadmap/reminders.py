"""The roadmap's reminder source: a Deadline for each open task, to the people who work it.

Who: the lead unit's officers — active agency officers holding ``Perm.WORK_TASKS`` whose scope
covers the task's unit (their unit and its sub-units, after mergers the successor's); for the
tasks Sở Nội vụ leads (its unit's code is ``settings.ROADMAP_HOME_AFFAIRS_UNIT``, "SNV") and the
unassigned ones, also the active Sở Nội vụ accounts (they see every unit, so they are not sent
every agency's deadlines).

When (``apps.notifications.reminders.reminders_due`` reads each Deadline): 7, 1 and 0 days before
the due date; then once a day while overdue, for ``settings.ROADMAP_OVERDUE_REMIND_DAYS`` (30) days
after the due date — older overdue tasks stay on the overdue list without a daily message. Every
open task due later is yielded, and done ones due from today on (``done=True``: no reminder), so
the calendar feed shows the unit's year.

Cost: one query for the tasks, one for the officers, one scope per distinct officer unit, one for
Sở Nội vụ's accounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.accounts.access import scope_of
from apps.accounts.models import Role
from apps.accounts.permissions import Perm
from apps.notifications.reminders import Deadline, reminder_source
from apps.roadmap.models import RoadmapTask, TaskStatus

REMIND_DAYS = (7, 1, 0)


def _officers_by_unit(today: dt.date) -> dict[int, set[int]]:
    """{unit id: ids of the officers whose scope covers it}."""
    officers = (get_user_model().objects.filter(is_active=True, profile__role=Role.AGENCY_OFFICER)
                .select_related("profile"))
    by_home: dict[int, list] = {}
    for user in officers:
        by_home.setdefault(user.profile.unit_id, []).append(user)
    covered: dict[int, set[int]] = {}
    for users in by_home.values():
        scope = scope_of(users[0], today)  # an officer's scope depends on their unit only
        if not scope.can(Perm.WORK_TASKS) or scope.unit_ids is None:
            continue
        for unit_id in scope.unit_ids:
            covered.setdefault(unit_id, set()).update(u.pk for u in users)
    return covered


def _home_affairs() -> list[int]:
    return list(get_user_model().objects.filter(is_active=True, profile__role=Role.HOME_AFFAIRS)
                .values_list("pk", flat=True))


def task_deadlines(today: dt.date) -> list[Deadline]:
    """A Deadline per open task due from ``today - ROADMAP_OVERDUE_REMIND_DAYS`` on and per done
    task due from today on, with its recipients (tasks nobody would receive are left out)."""
    window = int(getattr(settings, "ROADMAP_OVERDUE_REMIND_DAYS", 30))
    home_code = getattr(settings, "ROADMAP_HOME_AFFAIRS_UNIT", "SNV")
    tasks = (RoadmapTask.objects.active()
             .filter(Q(due__gte=today) | (~Q(status=TaskStatus.DONE) & Q(due__gte=today - dt.timedelta(days=window))))
             .select_related("unit").order_by("due", "pk"))
    officers = _officers_by_unit(today)
    home_affairs: list[int] | None = None
    out = []
    for task in tasks:
        users = set(officers.get(task.unit_id, ())) if task.unit_id else set()
        if task.unit_id is None or task.unit.code == home_code:
            home_affairs = _home_affairs() if home_affairs is None else home_affairs
            users.update(home_affairs)
        if users:
            out.append(_deadline(task, sorted(users), today))
    return out


def _deadline(task: RoadmapTask, users: list[int], today: dt.date) -> Deadline:
    """The base prefixes the title with the schedule ("Còn 7 ngày (hạn …): ", "Quá hạn 3 ngày …")."""
    done = task.status == TaskStatus.DONE
    what = f"Nhiệm vụ {task.number}" if task.number else "Nhiệm vụ"
    unit = f" ({task.unit.name})" if task.unit else ""
    title = f"{what}{unit}: {task.text.splitlines()[0][:120]}"
    body = "\n".join(line for line in (f"Thời gian hoàn thành theo kế hoạch: {task.deadline_text}",
                                        f"Sản phẩm: {task.products}" if task.products else "") if line)
    return Deadline(key=f"roadmap.task:{task.pk}:{task.due.isoformat()}", title=title, due=task.due, users=users,
                    url=task.get_absolute_url(), body=body, remind_days=REMIND_DAYS,
                    overdue=not done and task.due < today, done=done, kind="roadmap_task")


@reminder_source("roadmap.tasks")
def deadlines(today: dt.date) -> Iterable[Deadline]:
    return task_deadlines(today)
