"""Training records: the catalogue (content areas, forms, programmes, providers, instructors),
classes with their instructors and budget, enrollments (one lượt when completed) with their costs,
and service commitments with the reimbursement rules that price them.

Models hold fields, choices and constraints; the workflows are in ``services``. Glossary:

=====================  ===============================  ============================================
code                   Vietnamese                       meaning
=====================  ===============================  ============================================
ContentArea            nội dung                         subject area a programme covers
DeliveryForm           hình thức                        tập trung, bán tập trung, trực tuyến …
Programme              chương trình                     what is taught; đào tạo or bồi dưỡng
Provider               cơ sở đào tạo, bồi dưỡng         school, academy, university
Instructor             giảng viên (cơ hữu, thỉnh giảng) permanent or visiting teacher
TrainingClass          lớp, khóa                        one run of a programme
Enrollment             lượt học                         one person in one class (or outside one)
FundingSource          nguồn kinh phí                   who pays
ServiceCommitment      cam kết phục vụ                  months owed after long-term training
ReimbursementRule      quy định đền bù                  legal basis, multiplier, per-cause method
=====================  ===============================  ============================================
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.core.vn import name_sort_key

IN_COUNTRY = "Việt Nam"


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """Amounts in đồng: whole numbers up to 18 digits."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=0, **kwargs)


# --- catalogue ----------------------------------------------------------------------------------


class ContentArea(models.Model):
    """A content area (nội dung) named by plans and targets; administrators add more."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên nội dung", max_length=200, unique=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "nội dung đào tạo, bồi dưỡng"
        verbose_name_plural = "nội dung đào tạo, bồi dưỡng"

    def __str__(self) -> str:
        return self.name


class DeliveryForm(models.Model):
    """Hình thức: full-time (tập trung) forms block a person's time, the others do not."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên hình thức", max_length=100, unique=True)
    is_full_time = models.BooleanField("tập trung (học toàn thời gian)", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "hình thức đào tạo, bồi dưỡng"
        verbose_name_plural = "hình thức đào tạo, bồi dưỡng"

    def __str__(self) -> str:
        return self.name


class ProgrammeKind(models.TextChoices):
    DEGREE = "dao_tao", "Đào tạo"
    FOSTERING = "boi_duong", "Bồi dưỡng"


class DegreeLevel(models.TextChoices):
    INTERMEDIATE = "trung_cap", "Trung cấp"
    COLLEGE = "cao_dang", "Cao đẳng"
    BACHELOR = "dai_hoc", "Đại học"
    MASTER = "thac_si", "Thạc sĩ"
    DOCTOR = "tien_si", "Tiến sĩ"


class FosteringFamily(models.TextChoices):
    RANK_STANDARD = "ngach_chuc_danh", "Theo tiêu chuẩn ngạch, chức danh nghề nghiệp"
    LEADERSHIP = "chuc_vu", "Theo tiêu chuẩn chức vụ lãnh đạo, quản lý"
    JOB_POSITION = "vi_tri_viec_lam", "Theo vị trí việc làm"
    UPDATE = "cap_nhat", "Cập nhật kiến thức, kỹ năng, phương pháp"
    COUNCIL = "dai_bieu_hdnd", "Bồi dưỡng đại biểu HĐND"


class Programme(models.Model):
    """A programme (chương trình): degree training at a level, or a fostering course of a family.

    ``grants_level`` is the qualification a completer holds afterwards (Trung cấp lý luận chính trị
    grants ly_luan_chinh_tri/trung_cap); completion records it in the person's profile."""

    code = models.CharField("mã chương trình", max_length=40, unique=True)
    name = models.CharField("tên chương trình", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=ProgrammeKind.choices)
    degree_level = models.CharField("trình độ đào tạo", max_length=10, choices=DegreeLevel.choices, blank=True)
    fostering_family = models.CharField("loại bồi dưỡng", max_length=20, choices=FosteringFamily.choices,
                                        blank=True)
    content_areas = models.ManyToManyField(ContentArea, verbose_name="nội dung", related_name="programmes")
    grants_level = models.ForeignKey(
        "people.QualificationLevel", verbose_name="trình độ, chứng chỉ được cấp", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    major = models.CharField("chuyên ngành", max_length=200, blank=True)
    language = models.CharField("thứ tiếng", max_length=60, blank=True,
                                help_text="Với chương trình ngoại ngữ, tiếng dân tộc thiểu số: ví dụ Khmer")
    standard_hours = models.PositiveIntegerField("số tiết (giờ) chuẩn", null=True, blank=True)
    is_long_term = models.BooleanField("dài hạn (phải cam kết phục vụ)", default=False)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "chương trình đào tạo, bồi dưỡng"
        verbose_name_plural = "chương trình đào tạo, bồi dưỡng"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="dao_tao", fostering_family="") & ~Q(degree_level="")
                | Q(kind="boi_duong", degree_level="") & ~Q(fostering_family=""),
                name="programme_kind_detail",
                violation_error_message="Đào tạo phải có trình độ; bồi dưỡng phải có loại bồi dưỡng.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Ownership(models.TextChoices):
    PUBLIC = "cong_lap", "Công lập"
    PRIVATE = "ngoai_cong_lap", "Ngoài công lập"


class Provider(models.Model):
    """A training provider (cơ sở đào tạo, bồi dưỡng): school, academy, university, foreign institution."""

    code = models.CharField("mã cơ sở", max_length=40, unique=True)
    name = models.CharField("tên cơ sở", max_length=255)
    ownership = models.CharField("loại hình", max_length=16, choices=Ownership.choices, default=Ownership.PUBLIC)
    is_foreign = models.BooleanField("cơ sở nước ngoài", default=False)
    country = models.CharField("quốc gia", max_length=80, default=IN_COUNTRY)
    active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "cơ sở đào tạo, bồi dưỡng"
        verbose_name_plural = "cơ sở đào tạo, bồi dưỡng"

    def __str__(self) -> str:
        return self.name


class ProviderAccount(models.Model):
    """Links a login of role PROVIDER to its provider, so it sees and grades only its own classes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_account")
    provider = models.ForeignKey(Provider, verbose_name="cơ sở", on_delete=models.CASCADE, related_name="accounts")

    class Meta:
        verbose_name = "tài khoản cơ sở đào tạo"
        verbose_name_plural = "tài khoản cơ sở đào tạo"

    def __str__(self) -> str:
        return f"{self.user_id} → {self.provider}"


class InstructorKind(models.TextChoices):
    PERMANENT = "co_huu", "Cơ hữu"
    VISITING = "thinh_giang", "Thỉnh giảng"


class Instructor(models.Model):
    provider = models.ForeignKey(Provider, verbose_name="cơ sở", on_delete=models.PROTECT, related_name="instructors")
    full_name = models.CharField("họ và tên", max_length=120)
    name_sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    kind = models.CharField("loại giảng viên", max_length=12, choices=InstructorKind.choices)
    specialty = models.CharField("chuyên môn", max_length=200, blank=True)
    practical_management_years = models.PositiveSmallIntegerField("số năm kinh nghiệm thực tiễn quản lý", default=0)
    has_teaching_certificate = models.BooleanField("có chứng chỉ nghiệp vụ sư phạm", default=False)
    active = models.BooleanField("đang giảng dạy", default=True)

    class Meta:
        ordering = ["provider_id", "name_sort_key"]
        verbose_name = "giảng viên"
        verbose_name_plural = "giảng viên"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.name_sort_key = name_sort_key(self.full_name)
        super().save(*args, **kwargs)


# --- classes ------------------------------------------------------------------------------------


class FundingSource(models.TextChoices):
    CENTRAL = "ngan_sach_trung_uong", "Ngân sách trung ương"
    PROVINCIAL = "ngan_sach_dia_phuong", "Ngân sách địa phương"
    AGENCY = "kinh_phi_co_quan", "Kinh phí cơ quan, đơn vị"
    LEARNER = "ca_nhan_tu_tuc", "Cá nhân tự túc"
    DOMESTIC_SPONSOR = "tai_tro_trong_nuoc", "Tài trợ, học bổng trong nước"
    FOREIGN_SPONSOR = "tai_tro_nuoc_ngoai", "Tài trợ, học bổng nước ngoài"


# Sources a reimbursement claws back unless a rule says otherwise: public money.
STATE_FUNDED_SOURCES = [FundingSource.CENTRAL.value, FundingSource.PROVINCIAL.value, FundingSource.AGENCY.value]


class ClassStatus(models.TextChoices):
    PLANNED = "planned", "Dự kiến"
    OPEN = "open", "Đang học"
    FINISHED = "finished", "Đã kết thúc"
    CANCELLED = "cancelled", "Đã hủy"


class TrainingClass(models.Model):
    """One run (lớp, khóa) of a programme by a provider, organised by a unit."""

    code = models.CharField("mã lớp", max_length=40, unique=True)
    name = models.CharField("tên lớp", max_length=255, blank=True)
    programme = models.ForeignKey(Programme, verbose_name="chương trình", on_delete=models.PROTECT,
                                  related_name="classes")
    provider = models.ForeignKey(Provider, verbose_name="cơ sở đào tạo", on_delete=models.PROTECT,
                                 related_name="classes")
    organiser = models.ForeignKey("organization.Unit", verbose_name="đơn vị tổ chức", on_delete=models.PROTECT,
                                  related_name="training_classes")
    form = models.ForeignKey(DeliveryForm, verbose_name="hình thức", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("ngày khai giảng")
    end_date = models.DateField("ngày kết thúc")
    hours = models.PositiveIntegerField("số tiết (giờ)", null=True, blank=True)
    country = models.CharField("quốc gia", max_length=80, blank=True,
                               help_text="Để trống hoặc “Việt Nam” nếu học trong nước")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    capacity = models.PositiveIntegerField("số học viên tối đa", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=ClassStatus.choices, default=ClassStatus.PLANNED)
    open_to_agencies = models.BooleanField(
        "mở cho các cơ quan cử người", default=False,
        help_text="Lớp chung: các cơ quan, đơn vị trong tỉnh thấy lớp và cử người của mình tham gia "
                  "(họ không xem được kinh phí, không sửa được lớp).")
    instructors = models.ManyToManyField(Instructor, through="ClassInstructor", related_name="classes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = "lớp đào tạo, bồi dưỡng"
        verbose_name_plural = "lớp đào tạo, bồi dưỡng"
        indexes = [models.Index(fields=["organiser", "start_date"], name="class_organiser_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="class_dates_ordered",
                                   violation_error_message="Ngày kết thúc phải từ ngày khai giảng trở đi."),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.programme.name} ({self.code})"

    @property
    def is_abroad(self) -> bool:
        return bool(self.country) and self.country != IN_COUNTRY


class ClassInstructor(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="teaching")
    instructor = models.ForeignKey(Instructor, on_delete=models.PROTECT, related_name="teaching")
    hours_taught = models.DecimalField("số tiết giảng", max_digits=7, decimal_places=1, default=Decimal(0))

    class Meta:
        verbose_name = "giảng viên của lớp"
        verbose_name_plural = "giảng viên của lớp"
        constraints = [
            models.UniqueConstraint(fields=["training_class", "instructor"], name="class_instructor_unique"),
            models.CheckConstraint(condition=Q(hours_taught__gte=0), name="class_instructor_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.instructor_id} @ {self.training_class_id}: {self.hours_taught}"


class ClassBudget(models.Model):
    """One funding line of a class: planned and actual amounts in đồng."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="budget")
    funding_source = models.CharField("nguồn kinh phí", max_length=24, choices=FundingSource.choices)
    planned_amount = money_field("dự toán", default=Decimal(0))
    actual_amount = money_field("thực chi", null=True, blank=True)

    class Meta:
        verbose_name = "kinh phí lớp"
        verbose_name_plural = "kinh phí lớp"
        constraints = [
            models.UniqueConstraint(fields=["training_class", "funding_source"], name="class_budget_unique"),
            models.CheckConstraint(condition=Q(planned_amount__gte=0) & (Q(actual_amount__isnull=True)
                                                                         | Q(actual_amount__gte=0)),
                                   name="class_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.training_class_id} {self.funding_source}: {self.planned_amount}"


# --- enrollments --------------------------------------------------------------------------------


class EnrollmentStatus(models.TextChoices):
    REGISTERED = "registered", "Đăng ký"
    STUDYING = "studying", "Đang học"
    COMPLETED = "completed", "Hoàn thành"
    FAILED = "failed", "Không đạt"
    WITHDRAWN = "withdrawn", "Thôi học"


class EnrollmentQuerySet(models.QuerySet):
    def completed(self) -> EnrollmentQuerySet:
        """Lượt: completed enrollments, the unit reports count."""
        return self.filter(status=EnrollmentStatus.COMPLETED)

    def active(self) -> EnrollmentQuerySet:
        """Enrollments that occupy the person's time or a seat: everything except withdrawn."""
        return self.exclude(status=EnrollmentStatus.WITHDRAWN)

    def overlapping(self, start: dt.date, end: dt.date) -> EnrollmentQuerySet:
        return self.filter(start_date__lte=end, end_date__gte=start)

    def full_time(self) -> EnrollmentQuerySet:
        return self.filter(form__is_full_time=True)


class Enrollment(models.Model):
    """One person in one class, or a training taken outside the system's classes (then
    ``training_class`` is empty and ``provider_name`` says where). Programme, dates, hours, form and
    country are copied onto every row so targets and reports query this table alone."""

    person = models.ForeignKey("people.Person", verbose_name="cán bộ", on_delete=models.CASCADE,
                               related_name="enrollments")
    training_class = models.ForeignKey(TrainingClass, verbose_name="lớp", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="enrollments")
    programme = models.ForeignKey(Programme, verbose_name="chương trình", on_delete=models.PROTECT,
                                  related_name="enrollments")
    provider = models.ForeignKey(Provider, verbose_name="cơ sở đào tạo", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enrollments")
    provider_name = models.CharField("tên cơ sở đào tạo", max_length=255, blank=True)
    form = models.ForeignKey(DeliveryForm, verbose_name="hình thức", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày")
    hours = models.PositiveIntegerField("số tiết (giờ)", null=True, blank=True)
    country = models.CharField("quốc gia", max_length=80, blank=True)
    status = models.CharField("trạng thái", max_length=12, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.REGISTERED)
    result = models.CharField("kết quả", max_length=100, blank=True, help_text="Xếp loại hoặc điểm")
    certificate_number = models.CharField("số văn bằng, chứng chỉ", max_length=60, blank=True)
    certificate_date = models.DateField("ngày cấp", null=True, blank=True)
    hours_attended = models.PositiveIntegerField("số tiết tham dự", null=True, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    status_note = models.CharField("ghi chú", max_length=255, blank=True)
    qualification = models.OneToOneField(
        "people.Qualification", verbose_name="văn bằng, chứng chỉ ghi vào hồ sơ", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="enrollment",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["person_id", "-start_date"]
        verbose_name = "lượt đào tạo, bồi dưỡng"
        verbose_name_plural = "lượt đào tạo, bồi dưỡng"
        indexes = [
            models.Index(fields=["person", "start_date"], name="enrollment_person_idx"),
            models.Index(fields=["programme", "status", "completed_on"], name="enrollment_programme_idx"),
            models.Index(fields=["status", "completed_on"], name="enrollment_status_idx"),
            # one person's completed lượt in a window: the learner's needs (apps.portal) restrict every
            # measure to the person; without it SQLite (no ANALYZE) reads the programme's lượt instead
            models.Index(fields=["person", "status", "completed_on"], name="enrollment_person_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "training_class"], condition=Q(training_class__isnull=False),
                                    name="enrollment_person_class_unique",
                                    violation_error_message="Người này đã có tên trong lớp."),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="enrollment_dates_ordered",
                                   violation_error_message="Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            models.CheckConstraint(condition=~Q(status="completed") | Q(completed_on__isnull=False),
                                   name="enrollment_completed_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.programme_id} ({self.start_date:%d/%m/%Y})"

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id and self.provider else self.provider_name


class EnrollmentCost(models.Model):
    """What one enrollment cost, per funding source, in đồng (the base of any reimbursement)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="costs")
    funding_source = models.CharField("nguồn kinh phí", max_length=24, choices=FundingSource.choices)
    amount = money_field("số tiền")

    class Meta:
        verbose_name = "chi phí lượt học"
        verbose_name_plural = "chi phí lượt học"
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "funding_source"], name="enrollment_cost_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="enrollment_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.funding_source}: {self.amount}"


# --- commitments and reimbursement --------------------------------------------------------------


class ReimbursementCause(models.TextChoices):
    LEFT_SERVICE = "left_service", "Chưa phục vụ đủ thời gian cam kết"
    QUIT_COURSE = "quit_course", "Tự ý bỏ học, thôi học"
    NO_DEGREE = "no_degree", "Không được cấp văn bằng, chứng chỉ"


class ReimbursementMethod(models.TextChoices):
    PRO_RATA = "pro_rata", "Theo số tháng còn thiếu so với cam kết"
    FULL = "full", "Toàn bộ chi phí (theo tỷ lệ quy định)"


class ReimbursementRule(models.Model):
    """A legal rule on service commitments and reimbursement, in force for some categories between
    two dates. The rule in force on an event date with the latest ``effective_from`` wins, so a newer
    decree for one category supersedes an older one without closing it for the others."""

    name = models.CharField("tên quy định", max_length=200)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=200)
    categories = models.JSONField("áp dụng cho đối tượng", default=list,
                                  help_text="Danh sách mã đối tượng, ví dụ [\"cong_chuc\", \"vien_chuc\"]")
    effective_from = models.DateField("hiệu lực từ")
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    commitment_multiplier = models.DecimalField("thời gian cam kết (bội số thời gian đào tạo)", max_digits=4,
                                                decimal_places=2, default=Decimal(2))
    reimbursable_sources = models.JSONField("nguồn kinh phí phải đền bù", default=list,
                                            help_text="Mã nguồn kinh phí nhà nước đã chi")
    is_configurable_default = models.BooleanField(
        "số liệu mặc định, cần đối chiếu văn bản", default=False,
        help_text="Đánh dấu khi con số chưa được đối chiếu với văn bản gốc; quản trị viên sửa được.",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["-effective_from", "name"]
        verbose_name = "quy định đền bù chi phí đào tạo"
        verbose_name_plural = "quy định đền bù chi phí đào tạo"
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                                   name="reimbursement_rule_dates_ordered"),
            models.CheckConstraint(condition=Q(commitment_multiplier__gt=0), name="reimbursement_rule_multiplier"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"

    def is_in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class ReimbursementRuleCause(models.Model):
    """How one rule prices one cause: pro rata by months still owed, or a fixed share of the cost."""

    rule = models.ForeignKey(ReimbursementRule, on_delete=models.CASCADE, related_name="causes")
    cause = models.CharField("trường hợp", max_length=16, choices=ReimbursementCause.choices)
    method = models.CharField("cách tính", max_length=10, choices=ReimbursementMethod.choices)
    share = models.DecimalField("tỷ lệ đền bù", max_digits=4, decimal_places=3, default=Decimal(1),
                                help_text="1 = 100% chi phí")

    class Meta:
        verbose_name = "trường hợp đền bù"
        verbose_name_plural = "trường hợp đền bù"
        constraints = [
            models.UniqueConstraint(fields=["rule", "cause"], name="rule_cause_unique"),
            models.CheckConstraint(condition=Q(share__gte=0) & Q(share__lte=1), name="rule_cause_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.cause}: {self.method}"


class ServiceCommitment(models.Model):
    """A commitment to serve ``committed_months`` from ``start`` (the end of training)."""

    enrollment = models.OneToOneField(Enrollment, verbose_name="lượt học", on_delete=models.CASCADE,
                                      related_name="commitment")
    committed_months = models.PositiveIntegerField("số tháng cam kết phục vụ")
    start = models.DateField("tính từ ngày")
    rule = models.ForeignKey(ReimbursementRule, verbose_name="quy định áp dụng khi cam kết", null=True,
                             blank=True, on_delete=models.PROTECT, related_name="commitments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cam kết phục vụ"
        verbose_name_plural = "cam kết phục vụ"
        constraints = [models.CheckConstraint(condition=Q(committed_months__gt=0), name="commitment_months_positive")]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.committed_months} tháng từ {self.start:%d/%m/%Y}"
