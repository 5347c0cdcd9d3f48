"""The demo province's roadmap: the tasks of every loaded plan, most of the past ones done."""

from __future__ import annotations

import datetime as dt

from apps.accounts.access import SYSTEM
from apps.roadmap.models import RoadmapTask, TaskStatus
from apps.roadmap.services import roadmap_generate


def demo_roadmap(plan, today: dt.date) -> int:
    """Generate ``plan``'s tasks, then mark 8 in 10 of those due before ``today`` done (on their
    due date) and leave the rest overdue, 1 in 10 in progress; a deterministic pick by id.
    Bulk writes (demo data, no audit entries). Returns the number of tasks."""
    roadmap_generate(actor=SYSTEM, plan=plan)
    tasks = RoadmapTask.objects.filter(plan=plan, due__lt=today, status=TaskStatus.TODO)
    done = [t for t in tasks if t.pk % 10 < 8]
    for t in done:
        t.status, t.completed_on, t.note = TaskStatus.DONE, t.due, "Đã thực hiện (dữ liệu mẫu)."
    RoadmapTask.objects.bulk_update(done, ["status", "completed_on", "note"], batch_size=1000)
    RoadmapTask.objects.filter(plan=plan, due__lt=today, status=TaskStatus.TODO, pk__in=[
        t.pk for t in tasks if t.pk % 10 == 8]).update(status=TaskStatus.DOING)
    return RoadmapTask.objects.filter(plan=plan).count()
