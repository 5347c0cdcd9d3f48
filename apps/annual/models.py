"""The annual cycle (kế hoạch đào tạo, bồi dưỡng hằng năm) as data.

Glossary:

====================  ================================  ==========================================
code                  Vietnamese                        meaning
====================  ================================  ==========================================
AnnualCycle           chu trình kế hoạch năm            one planning year: milestones, survey, the
                                                        consolidated provincial plan and its state
Milestone             mốc thời gian                     a dated step with the text it rests on
RateItem              định mức chi                      one rate of the People's Council resolution
StatedNeed            nhu cầu đăng ký                   a person's wish in the needs survey
AgencyPlan            kế hoạch của cơ quan              one agency's plan for the year, with states
AgencyPlanVersion     phiên bản                         a snapshot kept at every submission
PlanLine              dòng kế hoạch                     programme, form, quarter, classes, learners…
ProvincialClass       lớp chung của tỉnh                lines of several agencies merged, seats each
ProvincialVersion     phiên bản kế hoạch tỉnh           approval or adjustment, frozen snapshot
ClassLink             lớp thực hiện                     a training class opened from a line
====================  ================================  ==========================================
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.training.models import FundingSource, money_field


def cost_total(costs: dict | None) -> int:
    """The sum of a ``costs`` field (đồng by funding source)."""
    return sum(int(v) for v in (costs or {}).values())

class CycleStatus(models.TextChoices):
    PLANNING = "planning", "Đang xây dựng kế hoạch"
    CONSOLIDATED = "consolidated", "Đã tổng hợp, chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"


class AnnualCycle(models.Model):
    year = models.PositiveSmallIntegerField("năm kế hoạch", unique=True)
    plan = models.ForeignKey("plans.Plan", verbose_name="kế hoạch giai đoạn", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("trạng thái", max_length=16, choices=CycleStatus.choices, default=CycleStatus.PLANNING)
    survey_open = models.BooleanField("đang mở khảo sát nhu cầu", default=False)
    ceilings = models.JSONField("trần kinh phí theo nguồn", default=dict, blank=True,
                                help_text="{mã nguồn: số tiền (đồng)}")
    class_size = models.PositiveSmallIntegerField("số học viên một lớp (để tính số lớp)", default=50)
    min_hours = models.PositiveSmallIntegerField("số tiết bồi dưỡng tối thiểu hằng năm của công chức", default=40)
    min_hours_from = models.DateField("áp dụng số tiết tối thiểu từ ngày", default=dt.date(2025, 7, 1))
    min_hours_basis = models.CharField(
        "căn cứ số tiết tối thiểu", max_length=300,
        default="Nghị định 171/2025/NĐ-CP (tối thiểu 01 tuần/40 tiết mỗi năm; số liệu cấu hình, chưa đối chiếu điều khoản)."
                " Viên chức: không có mức tối thiểu (Nghị định 89/2021/NĐ-CP).")
    version = models.PositiveSmallIntegerField("phiên bản kế hoạch tỉnh", default=0)
    suspended = models.BooleanField("tạm dừng thực hiện", default=False)
    suspended_reason = models.CharField("lý do tạm dừng", max_length=300, blank=True)
    decision_number = models.CharField("số quyết định phê duyệt", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "chu trình kế hoạch năm"
        verbose_name_plural = "chu trình kế hoạch năm"

    def __str__(self) -> str:
        return f"Kế hoạch đào tạo, bồi dưỡng năm {self.year}"

    @property
    def frozen(self) -> bool:
        return self.status == CycleStatus.APPROVED


class MilestoneKind(models.TextChoices):
    CALL = "call", "Hướng dẫn xây dựng kế hoạch năm"
    SURVEY_OPEN = "survey_open", "Mở khảo sát nhu cầu"
    SURVEY_CLOSE = "survey_close", "Kết thúc khảo sát nhu cầu"
    SUBMISSION = "submission", "Hạn cơ quan gửi kế hoạch về Sở Nội vụ"
    CONSOLIDATION = "consolidation", "Sở Nội vụ tổng hợp, trình phê duyệt"
    APPROVAL = "approval", "Phê duyệt kế hoạch"
    ADJUSTMENT = "adjustment", "Hạn đề nghị điều chỉnh kế hoạch"
    RESULTS = "results", "Hạn báo cáo kết quả thực hiện"


class Milestone(models.Model):
    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField("mốc", max_length=16, choices=MilestoneKind.choices)
    due = models.DateField("ngày")
    basis = models.CharField("căn cứ", max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "due"]
        verbose_name = "mốc thời gian"
        verbose_name_plural = "mốc thời gian"
        constraints = [models.UniqueConstraint(fields=["cycle", "kind"], name="milestone_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due:%d/%m/%Y})"


class RateBasis(models.TextChoices):
    PER_CLASS = "per_class", "Mỗi lớp"
    PER_CLASS_DAY = "per_class_day", "Mỗi lớp mỗi ngày"
    PER_LEARNER = "per_learner", "Mỗi học viên"
    PER_LEARNER_DAY = "per_learner_day", "Mỗi học viên mỗi ngày"


class RateItem(models.Model):
    """One rate of the province's spending norms (Circular 36/2018/TT-BTC lists what may be paid;
    the amounts are the People's Council resolution's), in force between two dates."""

    code = models.SlugField("mã", max_length=40)
    name = models.CharField("nội dung chi", max_length=200)
    basis = models.CharField("cách tính", max_length=16, choices=RateBasis.choices)
    amount = money_field("mức chi (đồng)")
    funding_source = models.CharField("nguồn kinh phí", max_length=24, choices=FundingSource.choices)
    full_time_only = models.BooleanField("chỉ khi học tập trung", default=False)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=300)
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code", "-valid_from"]
        verbose_name = "định mức chi"
        verbose_name_plural = "định mức chi"
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="rate_item_unique"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="rate_item_amount_positive")]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} ({self.get_basis_display()})"


class StatedNeed(models.Model):
    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="stated_needs")
    person = models.ForeignKey("people.Person", verbose_name="cán bộ", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey("training.Programme", verbose_name="chương trình", on_delete=models.PROTECT,
                                  related_name="+")
    priority = models.PositiveSmallIntegerField("mức ưu tiên", choices=[(1, "1 - Cao nhất"), (2, "2"), (3, "3")],
                                                default=1)
    form = models.ForeignKey("training.DeliveryForm", verbose_name="hình thức mong muốn", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    quarter = models.PositiveSmallIntegerField("quý mong muốn", null=True, blank=True,
                                               choices=[(q, f"Quý {q}") for q in (1, 2, 3, 4)])
    self_fund = models.BooleanField("sẵn sàng tự túc kinh phí", default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = "nhu cầu đăng ký"
        verbose_name_plural = "nhu cầu đăng ký"
        constraints = [models.UniqueConstraint(fields=["cycle", "person", "programme"], name="stated_need_unique",
                                               violation_error_message="Đã đăng ký chương trình này.")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.programme_id}"


class AgencyPlanStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để chỉnh sửa"
    RESUBMITTED = "resubmitted", "Đã gửi lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


class AgencyPlan(models.Model):
    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="agency_plans")
    unit = models.ForeignKey("organization.Unit", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("trạng thái", max_length=12, choices=AgencyPlanStatus.choices,
                              default=AgencyPlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField("lần gửi", default=0)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    comment = models.TextField("ý kiến của Sở Nội vụ", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "unit__name_sort_key"]
        verbose_name = "kế hoạch năm của cơ quan"
        verbose_name_plural = "kế hoạch năm của cơ quan"
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="agency_plan_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.cycle.year}"

    @property
    def editable(self) -> bool:
        return self.status in (AgencyPlanStatus.DRAFT, AgencyPlanStatus.RETURNED)


class AgencyPlanVersion(models.Model):
    agency_plan = models.ForeignKey(AgencyPlan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=AgencyPlanStatus.choices)
    lines = models.JSONField(default=list)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency_plan", "id"]

    def __str__(self) -> str:
        return f"{self.agency_plan_id} v{self.version} {self.status}"


class ProvincialClass(models.Model):
    """Lines of several agencies merged into one class organised by the province; each line keeps
    its learners as the agency's seats."""

    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="provincial_classes")
    code = models.CharField("mã", max_length=40)
    title = models.CharField("tên lớp", max_length=255)
    programme = models.ForeignKey("training.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    form = models.ForeignKey("training.DeliveryForm", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    provider = models.ForeignKey("training.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    quarter = models.PositiveSmallIntegerField("quý", default=2)
    classes = models.PositiveSmallIntegerField("số lớp", default=1)
    days = models.PositiveSmallIntegerField("số ngày", default=5)
    hours = models.PositiveSmallIntegerField("số tiết", default=40)
    suspended = models.BooleanField("tạm dừng", default=False)
    costs = models.JSONField("kinh phí theo lớp (theo nguồn)", default=dict, blank=True,
                             help_text="Các khoản tính theo lớp; khoản theo học viên nằm ở dòng của từng cơ quan")

    class Meta:
        ordering = ["cycle", "code"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="provincial_class_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def total_cost(self) -> int:
        return cost_total(self.costs)


class PlanLine(models.Model):
    agency_plan = models.ForeignKey(AgencyPlan, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    programme = models.ForeignKey("training.Programme", verbose_name="chương trình", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    content_area = models.ForeignKey("training.ContentArea", verbose_name="nội dung", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    title = models.CharField("nội dung, chương trình", max_length=255)
    form = models.ForeignKey("training.DeliveryForm", verbose_name="hình thức", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("training.Provider", verbose_name="cơ sở đào tạo", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    quarter = models.PositiveSmallIntegerField("quý", default=2)
    classes = models.PositiveSmallIntegerField("số lớp", default=1)
    category = models.CharField("đối tượng", max_length=20, blank=True)
    learners = models.PositiveIntegerField("số học viên", default=0)
    leaders = models.PositiveIntegerField("lãnh đạo, quản lý", default=0)
    women = models.PositiveIntegerField("nữ", default=0)
    ethnic = models.PositiveIntegerField("dân tộc thiểu số", default=0)
    commune = models.PositiveIntegerField("cấp xã", default=0)
    self_funded = models.PositiveIntegerField("học viên tự túc kinh phí", default=0)
    days = models.PositiveSmallIntegerField("số ngày", default=5)
    hours = models.PositiveSmallIntegerField("số tiết", default=40)
    target_codes = models.JSONField("chỉ tiêu phục vụ", default=list, blank=True)
    reasons = models.JSONField("căn cứ nhu cầu", default=list, blank=True)
    costs = models.JSONField("kinh phí theo nguồn", default=dict, blank=True)
    costs_edited = models.BooleanField("kinh phí sửa tay", default=False)
    people = models.ManyToManyField("people.Person", verbose_name="học viên dự kiến", blank=True, related_name="+")
    provincial_class = models.ForeignKey(ProvincialClass, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="lines")
    suspended = models.BooleanField("tạm dừng", default=False)

    class Meta:
        ordering = ["agency_plan", "order", "id"]
        verbose_name = "dòng kế hoạch năm"
        verbose_name_plural = "dòng kế hoạch năm"
        constraints = [models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="line_quarter"),
                       models.CheckConstraint(condition=Q(leaders__lte=models.F("learners"))
                                              & Q(women__lte=models.F("learners"))
                                              & Q(self_funded__lte=models.F("learners")), name="line_groups")]

    def __str__(self) -> str:
        return self.title

    @property
    def total_cost(self) -> int:
        return cost_total(self.costs)


class ProvincialVersion(models.Model):
    """The approved provincial plan (version 1) and each adjustment: frozen lines and the diff."""

    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    reason = models.TextField("lý do", blank=True)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    snapshot = models.JSONField(default=list)
    changes = models.JSONField("thay đổi so với phiên bản trước", default=list)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "version"]
        constraints = [models.UniqueConstraint(fields=["cycle", "version"], name="provincial_version_unique")]

    def __str__(self) -> str:
        return f"{self.cycle_id} v{self.version} ({self.decision_number})"


class ClassLink(models.Model):
    """A training class opened from an approved line (an agency's own) or a provincial class."""

    training_class = models.OneToOneField("training.TrainingClass", on_delete=models.CASCADE,
                                          related_name="annual_link")
    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="class_links")
    line = models.ForeignKey(PlanLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="class_links")
    provincial_class = models.ForeignKey(ProvincialClass, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="class_links")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(line__isnull=False) | Q(provincial_class__isnull=False),
                                              name="class_link_has_source")]

    def __str__(self) -> str:
        return f"{self.training_class_id} ← {self.line_id or self.provincial_class_id}"
