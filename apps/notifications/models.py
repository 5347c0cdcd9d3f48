import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One message to one user, in the app (the bell, /thong-bao/) and by e-mail when they have an
    address. ``key`` names what it is about, so that the same reminder is never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("loại", max_length=40)
    title = models.CharField("tiêu đề", max_length=250)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    key = models.CharField("khóa", max_length=200, blank=True)
    created_at = models.DateTimeField("lúc tạo", default=timezone.now)
    read_at = models.DateTimeField("lúc đọc", null=True, blank=True)
    emailed_at = models.DateTimeField("lúc gửi thư", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="notification_once_per_key")]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self) -> str:
        return self.title


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a user's .ics feed address (a calendar program cannot sign in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mã lịch"
        verbose_name_plural = "mã lịch"

    def __str__(self) -> str:
        return f"Mã lịch của {self.user}"
