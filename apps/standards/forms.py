"""The form Sở Nội vụ uses to write a standard: its fields, and one minimum level per dimension."""

from __future__ import annotations

from django import forms

from apps.people.forms import VNDateField
from apps.people.models import Dimension, Position, QualificationLevel, Rank
from apps.standards.models import Standard
from apps.standards.services import StandardData
from apps.training.models import FosteringFamily


def _level_field(dimension: str, label: str) -> forms.ChoiceField:
    levels = QualificationLevel.objects.filter(dimension=dimension, is_legacy=False).order_by("rank", "code")
    return forms.ChoiceField(label=f"{label}: tối thiểu", required=False,
                             choices=[("", "— Không yêu cầu —"), *[(lv.code, lv.name) for lv in levels]])


class StandardForm(forms.Form):
    code = forms.CharField(label="Mã tiêu chuẩn", max_length=60)
    name = forms.CharField(label="Tên tiêu chuẩn", max_length=255)
    rank = forms.ModelChoiceField(label="Ngạch, chức danh nghề nghiệp", queryset=Rank.objects.all(), required=False,
                                  to_field_name="code", help_text="Chọn một ngạch hoặc một chức vụ.")
    position = forms.ModelChoiceField(label="Chức vụ", queryset=Position.objects.all(), required=False,
                                      to_field_name="code")
    effective_from = VNDateField(label="Hiệu lực từ ngày")
    effective_to = VNDateField(label="Hiệu lực đến ngày", required=False)
    legal_basis = forms.CharField(label="Căn cứ pháp lý", max_length=500)
    required_fostering = forms.ChoiceField(label="Phải hoàn thành bồi dưỡng", required=False,
                                           choices=[("", "— Không yêu cầu —"), *FosteringFamily.choices])
    is_configurable_default = forms.BooleanField(label="Số liệu mặc định, cần đối chiếu văn bản", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Dimension.choices:
            self.fields[f"level_{value}"] = _level_field(value, label)

    @staticmethod
    def initial_for(standard: Standard) -> dict:
        initial = {"code": standard.code, "name": standard.name, "rank": getattr(standard.rank, "code", None),
                   "position": getattr(standard.position, "code", None),
                   "effective_from": standard.effective_from.strftime("%d/%m/%Y"),
                   "effective_to": standard.effective_to.strftime("%d/%m/%Y") if standard.effective_to else "",
                   "legal_basis": standard.legal_basis, "required_fostering": standard.required_fostering,
                   "is_configurable_default": standard.is_configurable_default, "note": standard.note}
        for r in standard.requirements.select_related("min_level"):
            initial[f"level_{r.dimension}"] = r.min_level.code
        return initial

    def data_for_service(self) -> StandardData:
        d = self.cleaned_data
        return StandardData(
            code=d["code"], name=d["name"], rank_code=getattr(d["rank"], "code", ""),
            position_code=getattr(d["position"], "code", ""), effective_from=d["effective_from"],
            effective_to=d["effective_to"], legal_basis=d["legal_basis"],
            requirements={v: d[f"level_{v}"] for v in Dimension.values if d.get(f"level_{v}")},
            required_fostering=d["required_fostering"], is_configurable_default=d["is_configurable_default"],
            note=d["note"])
