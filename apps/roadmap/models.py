"""The roadmap's tasks: one row per lead unit and per occurrence of a roadmap row's deadline.

A task is generated from a plan's appendix row (``apps.plans.models.PlanTask``) by
``services.roadmap_generate``; it keeps a copy of the row's wording so it still reads right when
the row is later changed or removed from the plan (then the task is retired, never deleted while
it holds work). Its identity within a plan is (``row_key``, unit, ``occurrence``):

- ``row_key`` is a digest of the row's wording (the plan loader keys rows by position, so a row
  inserted above would otherwise hand this row's status to its neighbour; a reworded row is a
  new row, and the old one's tasks are retired with their work visible);
- ``occurrence`` is stable across reloads ("b/2023-1": item b, year 2023, first due date of that
  year), so a changed due date updates the task in place and keeps its status.

The stored status is what the lead unit says (chưa làm, đang làm, hoàn thành); "quá hạn" is
computed (not done and the due date has passed), see ``RoadmapTaskQuerySet.overdue``.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class TaskStatus(models.TextChoices):
    TODO = "todo", "Chưa làm"
    DOING = "doing", "Đang làm"
    DONE = "done", "Hoàn thành"


OVERDUE_LABEL = "Quá hạn"


class RoadmapTaskQuerySet(models.QuerySet):
    def active(self) -> RoadmapTaskQuerySet:
        return self.filter(retired_at__isnull=True)

    def open(self) -> RoadmapTaskQuerySet:
        return self.active().exclude(status=TaskStatus.DONE)

    def overdue(self, today: dt.date) -> RoadmapTaskQuerySet:
        return self.open().filter(due__lt=today)

    def with_state(self, state: str, today: dt.date) -> RoadmapTaskQuerySet:
        """``state`` is a stored status or "overdue"; an open task past its due date counts as
        overdue only (not as todo/doing), as the lists show it."""
        if state == "overdue":
            return self.overdue(today)
        if state == TaskStatus.DONE:
            return self.filter(status=state)
        return self.filter(status=state, due__gte=today)


class RoadmapTask(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="roadmap_tasks")
    plan_row = models.ForeignKey("plans.PlanTask", verbose_name="dòng lộ trình", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="roadmap_tasks")
    unit = models.ForeignKey("organization.Unit", verbose_name="đơn vị chủ trì", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="roadmap_tasks")
    row_key = models.CharField("mã dòng lộ trình", max_length=40)
    occurrence = models.CharField("lần thực hiện (mã)", max_length=60)
    label = models.CharField("lần thực hiện", max_length=120, blank=True)
    year = models.PositiveSmallIntegerField("năm")
    due = models.DateField("hạn hoàn thành")
    # a copy of the row's wording, kept when the row changes or goes
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("nội dung thực hiện")
    lead_text = models.TextField("chủ trì (nguyên văn)", blank=True)
    products = models.TextField("hoạt động, sản phẩm", blank=True)
    deadline_text = models.TextField("thời gian hoàn thành (nguyên văn)", blank=True)

    status = models.CharField("trạng thái", max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    product = models.FileField("sản phẩm", upload_to="roadmap/%Y/", blank=True, max_length=300)
    product_name = models.CharField("tên tệp sản phẩm", max_length=255, blank=True)
    product_size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    product_type = models.CharField("loại tệp", max_length=120, blank=True)
    retired_at = models.DateTimeField("thôi theo dõi lúc", null=True, blank=True)
    retired_reason = models.CharField("lý do thôi theo dõi", max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RoadmapTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due", "plan_id", "number", "unit_id"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [
            models.UniqueConstraint(fields=["plan", "row_key", "unit", "occurrence"], name="roadmap_task_identity",
                                    condition=Q(unit__isnull=False)),
            models.UniqueConstraint(fields=["plan", "row_key", "occurrence"], name="roadmap_task_identity_no_unit",
                                    condition=Q(unit__isnull=True)),
        ]
        indexes = [models.Index(fields=["plan", "due"], name="roadmap_task_plan_due"),
                   models.Index(fields=["unit", "due"], name="roadmap_task_unit_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]} ({self.due:%d/%m/%Y})".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("roadmap:task", kwargs={"pk": self.pk})

    @property
    def has_work(self) -> bool:
        """Something a unit did: a status, a product or a note (such a task is never deleted)."""
        return self.status != TaskStatus.TODO or bool(self.product) or bool(self.note.strip())

    def is_overdue(self, today: dt.date) -> bool:
        return self.retired_at is None and self.status != TaskStatus.DONE and self.due < today

    def state(self, today: dt.date) -> str:
        return "overdue" if self.is_overdue(today) else self.status

    def state_label(self, today: dt.date) -> str:
        return OVERDUE_LABEL if self.is_overdue(today) else self.get_status_display()
