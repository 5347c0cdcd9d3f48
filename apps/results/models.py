"""Stored plan results (issue 13): what the target engine answered for a plan on a date, for the
province or one unit, with the data fingerprint it was computed from and when.

``Counter`` holds the cheap version counters bumped by the writes that change results
(``apps.results.versions``): ``data`` (people, training, the unit tree, the catalogues the
targets read) and ``plan:<pk>`` (a plan's own rows). A stored row is fresh while its
``fingerprint`` equals the current one; "as of today" is a date like any other, so a new day is a
row not stored yet.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Counter(models.Model):
    name = models.CharField("tên", max_length=80, unique=True)
    value = models.PositiveBigIntegerField("giá trị", default=0)

    class Meta:
        verbose_name = "bộ đếm phiên bản dữ liệu"
        verbose_name_plural = "bộ đếm phiên bản dữ liệu"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class StoredResult(models.Model):
    """``evaluate_plan(plan, at=at, unit=unit)`` as stored; ``result`` is None until first computed
    (a row asked for by a page, waiting for the job), ``error`` the engine's refusal if any."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="stored_results")
    at = models.DateField("ngày đánh giá")
    unit_code = models.CharField("mã đơn vị", max_length=60, blank=True)  # "" = the whole province
    fingerprint = models.CharField("phiên bản dữ liệu", max_length=60, blank=True)
    result = models.JSONField("kết quả", null=True, blank=True)
    error = models.TextField("lỗi", blank=True)
    computed_at = models.DateTimeField("lúc tính", null=True, blank=True)
    seconds = models.FloatField("thời gian tính (giây)", default=0)
    requested_at = models.DateTimeField("lúc được hỏi", default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "at", "unit_code"], name="stored_result_key")]
        verbose_name = "kết quả kế hoạch đã tính"
        verbose_name_plural = "kết quả kế hoạch đã tính"

    def __str__(self) -> str:
        return f"{self.plan_id} {self.at} {self.unit_code or '*'}"


class StoredGapList(models.Model):
    """The gap list of one target on a date for the province or a unit, computed for everyone
    (rows keep the person id so a page filters them to what its reader may see)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="stored_gap_lists")
    target_code = models.CharField("mã chỉ tiêu", max_length=60)
    at = models.DateField("ngày đánh giá")
    unit_code = models.CharField("mã đơn vị", max_length=60, blank=True)
    fingerprint = models.CharField("phiên bản dữ liệu", max_length=60, blank=True)
    computed = models.BooleanField("đã tính", default=False)
    size = models.PositiveIntegerField("số người", default=0)
    error = models.TextField("lỗi", blank=True)
    computed_at = models.DateTimeField("lúc tính", null=True, blank=True)
    seconds = models.FloatField("thời gian tính (giây)", default=0)
    requested_at = models.DateTimeField("lúc được hỏi", default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "target_code", "at", "unit_code"],
                                               name="stored_gap_list_key")]
        verbose_name = "danh sách còn thiếu đã tính"
        verbose_name_plural = "danh sách còn thiếu đã tính"

    def __str__(self) -> str:
        return f"{self.plan_id} {self.target_code} {self.at} {self.unit_code or '*'}"


class StoredGapRow(models.Model):
    gap_list = models.ForeignKey(StoredGapList, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField("thứ tự")
    person_id = models.BigIntegerField("mã hồ sơ")
    code = models.CharField("mã cán bộ", max_length=32)
    name = models.CharField("họ và tên", max_length=200)
    unit = models.CharField("đơn vị", max_length=300)
    category = models.CharField("đối tượng", max_length=100)
    missing = models.TextField("còn thiếu")
    last_training = models.TextField("lượt học gần nhất", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gap_list", "position"], name="stored_gap_row_order")]
        indexes = [models.Index(fields=["gap_list", "person_id"], name="stored_gap_row_person")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def as_gap_row(self):
        from apps.targets.gaps import GapRow

        return GapRow(self.code, self.name, self.unit, self.category, self.missing, self.last_training)
