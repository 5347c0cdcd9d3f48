"""A training plan (kế hoạch) as data: the plan's own fields and its sections as child rows.

Glossary: căn cứ = legal basis (PlanLegalBasis); đối tượng = group (PlanGroup); yêu cầu =
requirement; mục tiêu chung / cụ thể = general / specific objective (PlanObjective); chỉ tiêu =
target (PlanTarget, its rule in ``spec`` — see docs/target-language.md); nội dung = content
(PlanContent, section IV); nhiệm vụ và giải pháp = tasks and solutions (PlanSolution, section V);
kinh phí = funding (PlanFunding, VI.2); lộ trình = roadmap (PlanTask, the appendix).

Child rows are keyed by ``order`` within their plan (targets and groups also by ``code``), so
loading a changed file updates rows in place and loading the same file again writes nothing.
The plan file format is docs/plan-format.md; ``apps.plans.io`` converts between the two.
"""

from __future__ import annotations

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    ENDED = "ended", "Đã kết thúc"


class Plan(models.Model):
    code = models.SlugField("mã kế hoạch", max_length=60, unique=True)
    title = models.CharField("tên kế hoạch", max_length=500)
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    status = models.CharField("trạng thái", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    preamble = models.TextField("lời dẫn", blank=True)
    general_objective = models.TextField("mục tiêu chung", blank=True)
    funding_basis = models.TextField("căn cứ kinh phí", blank=True)
    # The review of the previous period the plan opens with (docs/plan-format.md, "review"):
    # {period: {start, end}, text, figures: [{key, value, text, unit}]}, as written in the file.
    previous_review = models.JSONField("kết quả giai đoạn trước", default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="plan_period_order")]

    def __str__(self) -> str:
        return self.title


class _Child(models.Model):
    """Common shape of a plan's ordered rows."""

    order = models.PositiveIntegerField("thứ tự")

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self) -> str:
        number = getattr(self, "number", "")
        return f"{number} {getattr(self, 'text', '')[:60]}".strip()


class PlanLegalBasis(_Child):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    text = models.TextField("căn cứ")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_legal_basis_order")]


class PlanGroup(_Child):
    """Đối tượng áp dụng: who the plan is for, with a code targets may name."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField("mã", max_length=60)
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("đối tượng")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_group_order"),
                       models.UniqueConstraint(fields=["plan", "code"], name="plan_group_code")]


class PlanRequirement(_Child):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField("yêu cầu")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_requirement_order")]


class PlanObjective(_Child):
    """A specific objective (mục tiêu cụ thể a, b, c…); the general one is ``Plan.general_objective``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("mục tiêu")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_objective_order")]


class PlanContent(_Child):
    """Section IV, hierarchical: "1. Về đào tạo" › "a) …" › bullets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contents")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("nội dung")
    content_areas = models.ManyToManyField("training.ContentArea", blank=True, related_name="plan_contents")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_content_order")]


class PlanSolution(_Child):
    """Section V, hierarchical: tasks and solutions (nhiệm vụ và giải pháp)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solutions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("nhiệm vụ, giải pháp")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_solution_order")]


class PlanFunding(_Child):
    """Funding (VI.2): one row per sub-item; the lead sentence is ``Plan.funding_basis``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding")
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("kinh phí")

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_funding_order")]


class PlanTask(_Child):
    """One row of the appendix roadmap. ``deadline`` is ``apps.plans.deadlines.parse(deadline_text)``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("nội dung thực hiện")
    lead_units = models.TextField("chủ trì", blank=True)
    lead_unit_codes = models.JSONField("mã đơn vị chủ trì", default=list, blank=True)
    coordinating_units = models.TextField("phối hợp", blank=True)
    coordinating_unit_codes = models.JSONField("mã đơn vị phối hợp", default=list, blank=True)
    products = models.TextField("hoạt động, sản phẩm", blank=True)
    deadline_text = models.TextField("thời gian hoàn thành", blank=True)
    deadline = models.JSONField("thời hạn (đã phân tích)", default=dict, blank=True)

    class Meta(_Child.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_task_order")]


class PlanTarget(_Child):
    """A quantitative target (chỉ tiêu). ``spec`` is the target's mapping exactly as written in the
    plan file (code, text, population, measure, goal, deadline, each_unit, forecast…), per
    docs/target-language.md; the engine (apps.targets) reads it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField("mã chỉ tiêu", max_length=60)
    text = models.TextField("chỉ tiêu")
    section = models.CharField("mục", max_length=40, blank=True)
    spec = models.JSONField("quy tắc")

    class Meta(_Child.Meta):
        verbose_name = "chỉ tiêu"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_target_code"),
                       models.UniqueConstraint(fields=["plan", "order"], name="plan_target_order")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"
