from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessEntry(models.Model):
    """One access to personal data (Decree 13/2023/NĐ-CP): who, when, what kind, whose record or
    which filter, how many people, from where. Written only by ``services.access_log_write``."""

    class Kind(models.TextChoices):
        VIEW = "view", "Xem"
        EXPORT = "export", "Xuất danh sách"
        DOWNLOAD = "download", "Tải hồ sơ"
        DENIED = "denied", "Bị từ chối"

    class Channel(models.TextChoices):
        WEB = "web", "Trang web"
        API = "api", "API"
        CLI = "cli", "Dòng lệnh"

    at = models.DateTimeField("thời điểm", default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người truy cập", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField("loại truy cập", max_length=10, choices=Kind.choices)
    channel = models.CharField("kênh", max_length=3, choices=Channel.choices, default=Channel.WEB)
    what = models.CharField("trang, tệp", max_length=120)
    person = models.ForeignKey("people.Person", verbose_name="hồ sơ", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    person_code = models.CharField("mã cán bộ", max_length=64, blank=True)
    filters = models.JSONField("bộ lọc", default=dict, blank=True)
    count = models.PositiveIntegerField("số người", default=1)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "at"], name="access_person_at_idx"),
            models.Index(fields=["at"], name="access_at_idx"),
        ]
        verbose_name = "lượt truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.what} {self.person_code}"
