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
