"""Standards (tiêu chuẩn) a rank or a leadership position requires, with the dates they are in force.

A ``Standard`` belongs to exactly one rank (ngạch, chức danh nghề nghiệp) or one leadership position
(chức vụ), is in force from ``effective_from`` to ``effective_to`` (open-ended when empty) and names
its legal basis. Its ``requirements`` give, per qualification dimension, the minimum level: a
person meets one when they hold a level of that dimension whose ``rank`` is at least the minimum's
(so legacy levels count by their rank: tin học B counts as Ứng dụng CNTT cơ bản). A standard may
also require a completed fostering programme of one family (``required_fostering``), e.g. the
leadership fostering (chuc_vu) for a position.

Glossary: Standard = tiêu chuẩn; StandardRequirement = yêu cầu về trình độ; legal_basis = căn cứ.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from apps.people.models import Dimension, Position, QualificationLevel, Rank
from apps.training.models import FosteringFamily


class StandardQuerySet(models.QuerySet):
    def in_force(self, day: dt.date) -> StandardQuerySet:
        """Standards in force on ``day`` (both bounds inclusive)."""
        return self.filter(effective_from__lte=day).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))


class Standard(models.Model):
    code = models.CharField("mã tiêu chuẩn", max_length=60, unique=True)
    name = models.CharField("tên tiêu chuẩn", max_length=255)
    rank = models.ForeignKey(Rank, verbose_name="ngạch, chức danh nghề nghiệp", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="standards")
    position = models.ForeignKey(Position, verbose_name="chức vụ", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="standards")
    effective_from = models.DateField("hiệu lực từ")
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    required_fostering = models.CharField(
        "phải hoàn thành bồi dưỡng", max_length=20, choices=FosteringFamily.choices, blank=True,
        help_text="Để trống nếu tiêu chuẩn không đòi hỏi chứng chỉ bồi dưỡng riêng.",
    )
    is_configurable_default = models.BooleanField(
        "số liệu mặc định, cần đối chiếu văn bản", default=False,
        help_text="Đánh dấu khi yêu cầu chưa được đối chiếu với văn bản gốc; Sở Nội vụ sửa được.",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["position__order", "rank__category", "rank__tier", "rank__code", "-effective_from"]
        verbose_name = "tiêu chuẩn ngạch, chức vụ"
        verbose_name_plural = "tiêu chuẩn ngạch, chức vụ"
        indexes = [
            models.Index(fields=["rank", "effective_from"], name="standard_rank_idx"),
            models.Index(fields=["position", "effective_from"], name="standard_position_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__isnull=False, position__isnull=True) | Q(rank__isnull=True, position__isnull=False),
                name="standard_rank_xor_position",
                violation_error_message="Tiêu chuẩn phải gắn với đúng một ngạch hoặc một chức vụ.",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="standard_dates_ordered",
                violation_error_message="Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def subject(self) -> Rank | Position | None:
        """The rank or position this standard is for."""
        return self.rank or self.position

    def is_in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class StandardRequirement(models.Model):
    """The minimum level of one qualification dimension a standard requires."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="requirements")
    dimension = models.CharField("lĩnh vực", max_length=24, choices=Dimension.choices)
    min_level = models.ForeignKey(QualificationLevel, verbose_name="trình độ tối thiểu", on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["standard_id", "dimension"]
        verbose_name = "yêu cầu về trình độ"
        verbose_name_plural = "yêu cầu về trình độ"
        constraints = [
            models.UniqueConstraint(fields=["standard", "dimension"], name="standard_requirement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.min_level_id}"
