from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    HOME_AFFAIRS = "home_affairs", "Sở Nội vụ"
    AGENCY_OFFICER = "agency_officer", "Cán bộ tổ chức cơ quan, đơn vị"
    LEADER = "leader", "Lãnh đạo"
    PROVIDER = "provider", "Cơ sở đào tạo, bồi dưỡng"
    LEARNER = "learner", "Học viên"
    INSTRUCTOR = "instructor", "Giảng viên"


class Profile(models.Model):
    """Who a user is in dtbd: the role, and the unit or person their access is anchored to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organization.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT,
        help_text="Đơn vị của cán bộ tổ chức: được xem và sửa đơn vị này và các đơn vị trực thuộc.",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="hồ sơ học viên", null=True, blank=True, on_delete=models.SET_NULL
    )
    instructor = models.ForeignKey(
        "training.Instructor", verbose_name="giảng viên", null=True, blank=True, on_delete=models.PROTECT,
        related_name="accounts",
        help_text="Giảng viên của tài khoản vai trò giảng viên: xem lớp mình dạy và trả lời phiếu đánh giá.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="agency_officer") | models.Q(unit__isnull=False),
                name="officer_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="instructor") | models.Q(instructor__isnull=False),
                name="instructor_has_instructor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.username} ({self.get_role_display()})"
