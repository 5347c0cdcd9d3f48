from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Job(models.Model):
    """A long report or export asked for by a user, made by the worker (``dtbd worker``): what kind,
    with which parameters, how far along, and the file when done. Only its requester sees it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Không thành công"

    kind = models.CharField("loại việc", max_length=60)
    title = models.CharField("tên việc", max_length=250)
    params = models.JSONField("tham số", default=dict, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("đã làm", default=0)
    total = models.PositiveIntegerField("tổng", default=0)
    message = models.TextField("thông báo", blank=True)
    file = models.FileField("tệp", upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    content_type = models.CharField("kiểu tệp", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("dung lượng", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", on_delete=models.CASCADE,
                                   related_name="jobs")
    created_at = models.DateTimeField("lúc yêu cầu", default=timezone.now)
    started_at = models.DateTimeField("lúc bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("lúc xong", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="job_owner_idx")]
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(int(100 * self.done / self.total), 99) if self.total else 0

    def scope(self):
        """The requester's scope: a job sees exactly what its requester may see."""
        from apps.accounts.access import scope_of

        return scope_of(self.created_by)
