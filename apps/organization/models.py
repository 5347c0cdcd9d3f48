"""The organisation tree, with validity dates so any date's tree can be rebuilt."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from apps.core.vn import text_sort_key


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class UnitKind(models.TextChoices):
    PARTY = "party", "Cơ quan Đảng"
    STATE = "state", "Cơ quan hành chính nhà nước"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"
    SOCIO_POLITICAL = "socio_political", "Tổ chức chính trị - xã hội"
    COUNCIL = "council", "Hội đồng nhân dân"


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units that exist on ``day``."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self) -> UnitQuerySet:
        from django.utils import timezone

        return self.valid_on(timezone.localdate())


class Unit(models.Model):
    code = models.CharField("mã đơn vị", max_length=32, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    name_sort_key = models.CharField(max_length=600, db_index=True, editable=False)
    level = models.CharField("cấp", max_length=16, choices=Level.choices)
    kind = models.CharField("loại hình", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="trực thuộc", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    is_remote = models.BooleanField("vùng sâu, vùng xa", default=False)
    is_especially_difficult = models.BooleanField("vùng đặc biệt khó khăn", default=False)
    is_ethnic_minority_area = models.BooleanField("vùng đồng bào dân tộc thiểu số", default=False)
    ethnic_languages = models.CharField(
        "tiếng dân tộc sử dụng tại địa bàn", max_length=200, blank=True,
        help_text="Các thứ tiếng, cách nhau bởi dấu phẩy, ví dụ: Khmer, Hoa",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name="đơn vị kế thừa", null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name_sort_key"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.name_sort_key = text_sort_key(self.name)
        super().save(*args, **kwargs)

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.ethnic_languages.split(",") if lang.strip()]


class UnitLink(models.Model):
    """Dated parent of a unit: the tree on any date is the set of links valid that day."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="links")
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="unitlink_validity_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.parent_id} ({self.valid_from} – {self.valid_to})"


class UnitEvent(models.Model):
    """A restructuring decision: merge, abolish a level, move, create, dissolve."""

    class Kind(models.TextChoices):
        CREATE = "create", "Thành lập"
        MERGE = "merge", "Hợp nhất, sáp nhập"
        ABOLISH_LEVEL = "abolish_level", "Bỏ cấp hành chính"
        MOVE = "move", "Chuyển đơn vị trực thuộc"
        DISSOLVE = "dissolve", "Giải thể"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_on = models.DateField("ngày hiệu lực")
    decision = models.CharField("văn bản quyết định", max_length=200, blank=True)
    sources = models.ManyToManyField(Unit, related_name="events_as_source", blank=True)
    target = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="events_as_target")
    people_moved = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"
