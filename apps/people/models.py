"""The personnel registry: people, their dated service history and qualification profile.

``Person`` holds identity plus a denormalised copy of the open ``ServicePeriod`` (for fast lists);
``ServicePeriod`` rows are the history from which every "as of a date" count is made.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from apps.core.vn import fold, name_sort_key, search_document, split_name
from apps.organization.models import Level, Unit


class Category(models.TextChoices):
    CADRE = "can_bo", "Cán bộ"
    CIVIL_SERVANT = "cong_chuc", "Công chức"
    PUBLIC_EMPLOYEE = "vien_chuc", "Viên chức"
    COMMUNE_PART_TIME = "khong_chuyen_trach", "Người hoạt động không chuyên trách cấp xã"


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class Status(models.TextChoices):
    WORKING = "working", "Đang công tác"
    RETIRED = "retired", "Nghỉ hưu"
    LEFT = "left", "Thôi việc"
    TRANSFERRED = "transferred", "Chuyển công tác ra ngoài tỉnh"


class Dimension(models.TextChoices):
    PROFESSIONAL = "chuyen_mon", "Trình độ chuyên môn"
    POLITICAL = "ly_luan_chinh_tri", "Lý luận chính trị"
    STATE_MANAGEMENT = "quan_ly_nha_nuoc", "Quản lý nhà nước"
    DEFENCE = "quoc_phong_an_ninh", "Quốc phòng - an ninh"
    IT = "tin_hoc", "Tin học"
    FOREIGN_LANGUAGE = "ngoai_ngu", "Ngoại ngữ"
    ETHNIC_LANGUAGE = "tieng_dan_toc", "Tiếng dân tộc thiểu số"


class Ethnicity(models.Model):
    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "dân tộc"

    def __str__(self) -> str:
        return self.name


class Rank(models.Model):
    """Ngạch công chức or chức danh nghề nghiệp viên chức."""

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)
    category = models.CharField("đối tượng", max_length=20, choices=Category.choices)
    tier = models.PositiveSmallIntegerField(
        "thứ bậc", help_text="1 = cao cấp (hạng I), 2 = chính (hạng II), 3 = chuyên viên (hạng III), 4 = cán sự (hạng IV), 5 = nhân viên"
    )
    active = models.BooleanField("đang dùng", default=True,
                                 help_text="Ngừng dùng: vẫn giữ trong hồ sơ cũ nhưng không còn để chọn.")

    class Meta:
        ordering = ["category", "tier", "code"]
        verbose_name = "ngạch, chức danh nghề nghiệp"

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """Chức vụ lãnh đạo, quản lý (and commune titles)."""

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)
    is_leadership = models.BooleanField("lãnh đạo, quản lý", default=True)
    is_key_commune = models.BooleanField("cán bộ chủ chốt cấp xã", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True,
                                 help_text="Ngừng dùng: vẫn giữ trong hồ sơ cũ nhưng không còn để chọn.")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "chức vụ"

    def __str__(self) -> str:
        return self.name


class QualificationLevel(models.Model):
    """One level of one qualification dimension; ``rank`` orders levels within the dimension."""

    dimension = models.CharField(max_length=24, choices=Dimension.choices)
    code = models.CharField(max_length=24)
    name = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField()
    is_legacy = models.BooleanField(default=False)

    class Meta:
        ordering = ["dimension", "rank", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="qual_level_unique")]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet):
    def working(self) -> PersonQuerySet:
        return self.filter(status=Status.WORKING)

    def search(self, query: str) -> PersonQuerySet:
        """Diacritic- and case-insensitive: every word of the query starts a word of the name,
        code or national ID. One indexed-column LIKE per word."""
        from apps.core.vn import search_tokens

        qs = self
        for token in search_tokens(query):
            qs = qs.filter(search_text__contains=" " + token)
        return qs

    def in_vietnamese_order(self) -> PersonQuerySet:
        return self.order_by("name_sort_key", "code")


class Person(models.Model):
    code = models.CharField("mã cán bộ", max_length=32, unique=True)
    full_name = models.CharField("họ và tên", max_length=120)
    given_name = models.CharField("tên", max_length=40, editable=False)
    name_sort_key = models.CharField(max_length=400, editable=False)
    search_text = models.CharField(max_length=400, editable=False)
    gender = models.CharField("giới tính", max_length=4, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    ethnicity = models.ForeignKey(Ethnicity, verbose_name="dân tộc", on_delete=models.PROTECT)
    national_id = models.CharField("số CCCD", max_length=12, unique=True, null=True, blank=True)
    joined_on = models.DateField("ngày vào cơ quan")

    # Copy of the open service period, kept in step by the services.
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="people")
    category = models.CharField("đối tượng", max_length=20, choices=Category.choices)
    level = models.CharField("cấp", max_length=16, choices=Level.choices)
    rank = models.ForeignKey(Rank, verbose_name="ngạch, chức danh", null=True, blank=True, on_delete=models.PROTECT)
    position = models.ForeignKey(Position, verbose_name="chức vụ", null=True, blank=True, on_delete=models.PROTECT)
    position_appointed_on = models.DateField("ngày bổ nhiệm chức vụ", null=True, blank=True)
    job_position = models.CharField("vị trí việc làm", max_length=200, blank=True)
    in_succession_plan = models.BooleanField("trong quy hoạch", default=False)
    succession_position = models.ForeignKey(
        Position, verbose_name="chức vụ quy hoạch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.WORKING)
    status_on = models.DateField("ngày trạng thái", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_sort_key", "code"]
        verbose_name = "cán bộ, công chức, viên chức"
        verbose_name_plural = "cán bộ, công chức, viên chức"
        indexes = [
            # The list order in full, so a page (even page 50) is read off the index instead of
            # sorting everyone; status and search_text ride along so that filtering a search on
            # SQLite does not fetch each row to test it.
            models.Index(fields=["name_sort_key", "code", "status", "search_text"], name="person_list_idx"),
            models.Index(fields=["unit", "name_sort_key"], name="person_unit_sort_idx"),
            models.Index(fields=["search_text"], name="person_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def refresh_derived(self) -> None:
        """Recompute the name-derived columns; services call this before saving."""
        self.given_name, _ = split_name(self.full_name)
        self.name_sort_key = name_sort_key(self.full_name)
        self.search_text = search_document(self.full_name, self.code, self.national_id)

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def folded_name(self) -> str:
        return fold(self.full_name)


class ServicePeriodQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> ServicePeriodQuerySet:
        """Periods in force on ``day``: who was where, in which category, rank and position."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ServicePeriod(models.Model):
    """A stretch of service during which unit, category, level, rank and position were constant."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="periods")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position_appointed_on = models.DateField(null=True, blank=True)
    job_position = models.CharField(max_length=200, blank=True)
    in_succession_plan = models.BooleanField(default=False)
    reason = models.CharField("lý do", max_length=200, blank=True)

    objects = ServicePeriodQuerySet.as_manager()

    class Meta:
        ordering = ["person_id", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"], name="period_validity_idx"),
            models.Index(fields=["person", "valid_from"], name="period_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="period_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id}: {self.valid_from} – {self.valid_to or ''}"

    # Fields that, when any changes, close the period and open a new one.
    TRACKED = ("unit_id", "category", "level", "rank_id", "position_id", "position_appointed_on",
               "job_position", "in_succession_plan")


class CouncilMembership(models.Model):
    """A People's Council delegate seat for one term (đại biểu HĐND nhiệm kỳ 2021-2026)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="council_seats")
    council = models.ForeignKey(Unit, verbose_name="HĐND", on_delete=models.PROTECT, related_name="+")
    term = models.CharField("nhiệm kỳ", max_length=9, help_text="ví dụ 2021-2026")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person_id", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["person", "council", "term"], name="council_seat_unique")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.council_id} ({self.term})"


class Qualification(models.Model):
    """A level held in one dimension, backed by its certificate (văn bằng, chứng chỉ)."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Nhập tay"
        IMPORT = "import", "Nhập từ tệp"
        TRAINING = "training", "Hoàn thành khóa học"
        DEMO = "demo", "Dữ liệu mẫu"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    dimension = models.CharField(max_length=24, choices=Dimension.choices)
    level = models.ForeignKey(QualificationLevel, on_delete=models.PROTECT, related_name="+")
    major = models.CharField("chuyên ngành", max_length=200, blank=True)
    language = models.CharField("thứ tiếng", max_length=60, blank=True)
    certificate_number = models.CharField("số văn bằng, chứng chỉ", max_length=60, blank=True)
    certificate_date = models.DateField("ngày cấp", null=True, blank=True)
    issuer = models.CharField("nơi cấp", max_length=200, blank=True)
    obtained_on = models.DateField("ngày đạt")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        ordering = ["person_id", "dimension", "obtained_on"]
        indexes = [models.Index(fields=["dimension", "level", "obtained_on"], name="qual_dim_level_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "level", "language"], name="qual_person_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.level_id} ({self.obtained_on})"
