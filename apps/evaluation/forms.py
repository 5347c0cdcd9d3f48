from __future__ import annotations

from django import forms

from apps.evaluation.models import EvaluationObject, RespondentGroup
from apps.training.forms import VNDateField


class CampaignForm(forms.Form):
    objects = forms.MultipleChoiceField(label="Nội dung đánh giá", choices=EvaluationObject.choices,
                                        widget=forms.CheckboxSelectMultiple,
                                        initial=[o for o in EvaluationObject.values])
    groups = forms.MultipleChoiceField(label="Người trả lời", choices=RespondentGroup.choices,
                                       widget=forms.CheckboxSelectMultiple, initial=list(RespondentGroup.values))
    opens_on = VNDateField(label="Ngày mở")
    closes_on = VNDateField(label="Ngày đóng")
    effectiveness_months = forms.IntegerField(label="Đánh giá hiệu quả sau khóa học (tháng)", min_value=1,
                                              max_value=36, initial=6)

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "Ngày đóng phải từ ngày mở trở đi.")
        return data


class TemplateForm(forms.Form):
    source = forms.CharField(label="Nội dung mẫu phiếu (YAML)", widget=forms.Textarea(attrs={"rows": 24, "cols": 90}))


def _share_field(articles: str, example: str) -> forms.DecimalField:
    """A share of the year's courses in percent (0–100, two decimals), its messages naming ``articles``."""
    too_high = f"Tỷ lệ {articles} không được quá 100%%."
    return forms.DecimalField(
        label=f"Tỷ lệ khóa học đánh giá nội dung {articles} (%)", min_value=0, max_value=100, max_digits=5,
        decimal_places=2, localize=True, error_messages={
            "required": f"Nhập tỷ lệ {articles} (%).", "invalid": f"Tỷ lệ {articles} phải là một số (ví dụ {example}).",
            "min_value": f"Tỷ lệ {articles} không được âm.", "max_value": too_high,
            "max_decimal_places": "Tỷ lệ chỉ lấy tối đa 2 chữ số thập phân.", "max_digits": too_high})


class CoverageRuleForm(forms.Form):
    """The coverage rule from a date on. Shapes and ranges here, in Vietnamese; the service checks again."""

    effective_from = VNDateField(label="Áp dụng từ ngày", error_messages={"required": "Nhập ngày áp dụng (dd/mm/yyyy)."})
    share_articles_5_8 = _share_field("Điều 5–8", "20 hoặc 12,5")
    share_article_9 = _share_field("Điều 9", "10 hoặc 7,5")
    min_article_10 = forms.IntegerField(
        label="Số khóa theo tiêu chuẩn đánh giá hiệu quả (Điều 10)", min_value=0, max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}), error_messages={
            "required": "Nhập số khóa theo Điều 10.", "invalid": "Số khóa theo Điều 10 phải là số nguyên.",
            "min_value": "Số khóa theo Điều 10 không được âm.", "max_value": "Số khóa theo Điều 10 tối đa là 1000."})
    basis = forms.CharField(label="Căn cứ (văn bản quy định)", max_length=300, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"max_length": "Căn cứ tối đa 300 ký tự."})
