from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One row per change (or sensitive read) made by someone, shown on the object's page."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Cập nhật"
        DELETE = "delete", "Xóa"
        IMPORT = "import", "Nhập từ tệp"
        EXPORT = "export", "Xuất tệp"
        RESTRUCTURE = "restructure", "Sắp xếp tổ chức"
        VIEW = "view", "Xem hồ sơ"
        LOGIN_FAILED = "login_failed", "Đăng nhập sai"
        LOGIN_BLOCKED = "login_blocked", "Đăng nhập bị tạm khóa"
        # the year's work (annual plans, tasks, evaluations, reports): one set for every app
        SUBMIT = "submit", "Gửi"
        RETURN = "return", "Trả lại"
        ACCEPT = "accept", "Tiếp nhận"
        APPROVE = "approve", "Phê duyệt"
        ADJUST = "adjust", "Điều chỉnh"
        SUSPEND = "suspend", "Tạm dừng"
        RESUME = "resume", "Tiếp tục"
        MERGE = "merge", "Gộp"
        REQUEST = "request", "Yêu cầu"
        GENERATE = "generate", "Tạo tự động"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.CharField(max_length=40)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_idx")]
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.target_label}"
