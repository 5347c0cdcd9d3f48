"""Quality evaluation (Circular 10/2017/TT-BNV; acceptance criteria of Circular 07/2023/TT-BNV).

=====================  ===============================  ============================================
code                   Vietnamese                       meaning
=====================  ===============================  ============================================
EvaluationTemplate     mẫu phiếu (phiên bản)            one object's criteria, versioned, as data
Criterion              tiêu chí                         a group of indicators
Indicator              chỉ số                           one question scored 1–10
Campaign               đợt đánh giá                     one evaluation of a class, dates, respondents
CampaignPart           nội dung đánh giá của đợt        one template asked of some respondent groups
Form                   phiếu                            one numbered form of one respondent
Answer                 câu trả lời                      one indicator's score on a form
CoverageRule           quy định tỷ lệ khóa được đánh giá  20% on arts 5–8, 10% on art 9, 1 on art 10
=====================  ===============================  ============================================

A template is immutable once a form uses it: editing makes a new version (``version`` + 1) and
campaigns created afterwards use the newest active version of each object.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Regime(models.TextChoices):
    TT10_2017 = "tt10_2017", "Thông tư 10/2017/TT-BNV (đánh giá chất lượng)"
    TT07_2023 = "tt07_2023", "Thông tư 07/2023/TT-BNV (tiêu chí nghiệm thu)"


class EvaluationObject(models.TextChoices):
    """The six objects of Circular 10/2017 (articles 5–10)."""

    PROGRAMME = "programme", "Chương trình, tài liệu"
    LEARNER = "learner", "Học viên"
    INSTRUCTOR = "instructor", "Giảng viên"
    FACILITIES = "facilities", "Cơ sở vật chất, tổ chức lớp"
    COURSE = "course", "Khóa học"
    EFFECTIVENESS = "effectiveness", "Hiệu quả sau đào tạo, bồi dưỡng"


# The article of Circular 10/2017 that each object rests on (the coverage rule counts them).
ARTICLE = {"programme": 5, "learner": 6, "instructor": 7, "facilities": 8, "course": 9, "effectiveness": 10}


class RespondentGroup(models.TextChoices):
    LEARNER = "learner", "Học viên"
    INSTRUCTOR = "instructor", "Giảng viên"
    EMPLOYER = "employer", "Cơ quan, đơn vị sử dụng"


# Who is asked about what by default.
DEFAULT_GROUPS: dict[str, tuple[str, ...]] = {
    "programme": ("learner", "instructor"), "learner": ("instructor",), "instructor": ("learner",),
    "facilities": ("learner", "instructor"), "course": ("learner",), "effectiveness": ("employer",),
}

DEFAULT_LEVELS = [[0, "Kém"], [2, "Yếu"], [4, "Trung bình"], [6, "Khá"], [8, "Tốt"]]


class EvaluationTemplate(models.Model):
    regime = models.CharField("văn bản", max_length=12, choices=Regime.choices)
    object = models.CharField("đối tượng đánh giá", max_length=16, choices=EvaluationObject.choices)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    title = models.CharField("tên mẫu phiếu", max_length=255)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    scale_min = models.PositiveSmallIntegerField("điểm thấp nhất", default=1)
    scale_max = models.PositiveSmallIntegerField("điểm cao nhất", default=10)
    levels = models.JSONField("mức xếp loại theo chỉ số chung", default=list,
                              help_text="[[ngưỡng dưới, tên mức], …] tăng dần; chỉ số từ ngưỡng trở lên thuộc mức đó")
    max_unanswered_percent = models.DecimalField("tỷ lệ chỉ số bỏ trống tối đa của phiếu hợp lệ (%)",
                                                 max_digits=5, decimal_places=2, default=5)
    is_default = models.BooleanField("mẫu mặc định do dtbd cung cấp", default=False)
    active = models.BooleanField("đang dùng", default=True)
    source = models.TextField("nội dung YAML", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["regime", "object", "-version"]
        verbose_name = "mẫu phiếu đánh giá"
        verbose_name_plural = "mẫu phiếu đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["regime", "object", "version"], name="evaluation_template_version"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="evaluation_template_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class Criterion(models.Model):
    template = models.ForeignKey(EvaluationTemplate, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự")
    code = models.CharField("mã", max_length=20)
    text = models.CharField("tiêu chí", max_length=400)

    class Meta:
        ordering = ["template_id", "order"]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Indicator(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    template = models.ForeignKey(EvaluationTemplate, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField("thứ tự")
    code = models.CharField("mã", max_length=20)
    text = models.CharField("chỉ số", max_length=500)

    class Meta:
        ordering = ["template_id", "order"]
        verbose_name = "chỉ số"
        verbose_name_plural = "chỉ số"
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Campaign(models.Model):
    training_class = models.ForeignKey("training.TrainingClass", verbose_name="lớp", on_delete=models.PROTECT,
                                       related_name="evaluation_campaigns")
    number = models.PositiveSmallIntegerField("đợt số", default=1)
    opens_on = models.DateField("ngày mở")
    closes_on = models.DateField("ngày đóng")
    effectiveness_months = models.PositiveSmallIntegerField("đánh giá hiệu quả sau (tháng)", default=6)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["training_class", "number"], name="campaign_number_unique"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="campaign_dates_ordered",
                                   violation_error_message="Ngày đóng phải từ ngày mở trở đi."),
        ]

    def __str__(self) -> str:
        return f"Đợt đánh giá {self.number} lớp {self.training_class_id}"


class CampaignPart(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="parts")
    template = models.ForeignKey(EvaluationTemplate, on_delete=models.PROTECT, related_name="+")
    groups = models.JSONField("nhóm người trả lời", default=list)
    opens_on = models.DateField("ngày mở")
    closes_on = models.DateField("ngày đóng")

    class Meta:
        ordering = ["campaign_id", "pk"]
        verbose_name = "nội dung đánh giá của đợt"
        verbose_name_plural = "nội dung đánh giá của đợt"
        constraints = [models.UniqueConstraint(fields=["campaign", "template"], name="campaign_part_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.template_id}"


class Form(models.Model):
    """One numbered form (phiếu) of one respondent. ``submitted_at`` empty: not returned yet.
    ``valid`` is decided on every write: at most ``max_unanswered_percent`` of the indicators blank."""

    part = models.ForeignKey(CampaignPart, on_delete=models.CASCADE, related_name="forms")
    number = models.PositiveIntegerField("số phiếu")
    group = models.CharField("nhóm người trả lời", max_length=12, choices=RespondentGroup.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    instructor = models.ForeignKey("training.Instructor", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered = models.PositiveSmallIntegerField("số chỉ số đã trả lời", default=0)
    total = models.PositiveSmallIntegerField("số chỉ số", default=0)
    valid = models.BooleanField("hợp lệ", default=False)
    comment = models.TextField("ý kiến khác", blank=True)
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)
    on_paper = models.BooleanField("phiếu giấy (nhập từ bảng tính)", default=False)

    class Meta:
        ordering = ["part_id", "number"]
        verbose_name = "phiếu đánh giá"
        verbose_name_plural = "phiếu đánh giá"
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="form_number_unique")]
        indexes = [models.Index(fields=["person", "part"], name="form_person_idx")]

    def __str__(self) -> str:
        return f"Phiếu số {self.number}"


class Answer(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField("điểm")

    class Meta:
        verbose_name = "điểm chỉ số"
        verbose_name_plural = "điểm chỉ số"
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.indicator_id}: {self.score}"


class CoverageRule(models.Model):
    """How many of a provider's courses a year must be evaluated (Circular 10/2017, configurable)."""

    effective_from = models.DateField("áp dụng từ")
    share_articles_5_8 = models.DecimalField("tỷ lệ khóa đánh giá nội dung Điều 5–8 (%)", max_digits=5,
                                             decimal_places=2, default=20)
    share_article_9 = models.DecimalField("tỷ lệ khóa đánh giá nội dung Điều 9 (%)", max_digits=5,
                                          decimal_places=2, default=10)
    min_article_10 = models.PositiveSmallIntegerField("số khóa theo tiêu chuẩn đánh giá Điều 10", default=1)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    is_configurable_default = models.BooleanField("số liệu mặc định, cần đối chiếu văn bản", default=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "quy định tỷ lệ khóa học được đánh giá"
        verbose_name_plural = "quy định tỷ lệ khóa học được đánh giá"

    def __str__(self) -> str:
        return f"Từ {self.effective_from:%d/%m/%Y}: {self.share_articles_5_8}% / {self.share_article_9}% / {self.min_article_10}"

    @property
    def share_5_8_text(self) -> str:
        from apps.evaluation.definitions import share_text

        return share_text(self.share_articles_5_8)

    @property
    def share_9_text(self) -> str:
        from apps.evaluation.definitions import share_text

        return share_text(self.share_article_9)
