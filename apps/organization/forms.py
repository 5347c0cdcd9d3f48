"""Forms of the restructuring pages (Sở Nội vụ only). They check shapes; the services check rules."""

from __future__ import annotations

from django import forms

from apps.organization.models import Level, Unit, UnitKind
from apps.people.forms import VNDateField

FLAG_LABELS = {
    "is_remote": "Vùng sâu, vùng xa",
    "is_especially_difficult": "Vùng đặc biệt khó khăn",
    "is_ethnic_minority_area": "Vùng đồng bào dân tộc thiểu số",
}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


def open_units():
    """Units not closed (today's and those created for a future date)."""
    return Unit.objects.filter(valid_to__isnull=True)


class _AreaFields(forms.Form):
    is_remote = forms.BooleanField(label=FLAG_LABELS["is_remote"], required=False)
    is_especially_difficult = forms.BooleanField(label=FLAG_LABELS["is_especially_difficult"], required=False)
    is_ethnic_minority_area = forms.BooleanField(label=FLAG_LABELS["is_ethnic_minority_area"], required=False)
    ethnic_languages = forms.CharField(label="Tiếng dân tộc sử dụng tại địa bàn", max_length=200, required=False,
                                       help_text="Cách nhau bởi dấu phẩy, ví dụ: Khmer, Hoa")

    def clean(self):
        data = super().clean()
        if data.get("ethnic_languages") and not data.get("is_ethnic_minority_area"):
            self.add_error("ethnic_languages", "Chỉ ghi tiếng dân tộc cho vùng đồng bào dân tộc thiểu số.")
        return data


class UnitCreateForm(_AreaFields):
    code = forms.CharField(label="Mã đơn vị", max_length=32)
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    level = forms.ChoiceField(label="Cấp", choices=Level.choices)
    kind = forms.ChoiceField(label="Loại hình", choices=UnitKind.choices)
    parent = UnitChoiceField(label="Trực thuộc", queryset=Unit.objects.none(), required=False,
                             empty_label="(cấp cao nhất)")
    valid_from = VNDateField(label="Hiệu lực từ ngày", required=False)
    decision = forms.CharField(label="Số quyết định thành lập", max_length=200, required=False)

    field_order = ["code", "name", "level", "kind", "parent", "valid_from", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = open_units()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if " " in code:
            raise forms.ValidationError("Mã đơn vị không được có dấu cách.")
        return code


class UnitEditForm(_AreaFields):
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    kind = forms.ChoiceField(label="Loại hình", choices=UnitKind.choices)

    field_order = ["name", "kind"]


class _Dated(forms.Form):
    on = VNDateField(label="Ngày có hiệu lực")
    decision = forms.CharField(label="Số quyết định", max_length=200, required=False,
                               help_text="Ví dụ: Số 1234/NQ-UBTVQH15")
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class UnitMergeForm(_Dated):
    sources = UnitMultipleChoiceField(label="Các đơn vị được sáp nhập", queryset=Unit.objects.none(),
                                      widget=forms.SelectMultiple(attrs={"size": 12}),
                                      error_messages={"required": "Cần chọn ít nhất một đơn vị được sáp nhập."})
    target = UnitChoiceField(label="Sáp nhập vào đơn vị có sẵn", queryset=Unit.objects.none(), required=False,
                             empty_label="(thành lập đơn vị mới)")
    new_code = forms.CharField(label="Hoặc thành lập đơn vị mới: mã", max_length=32, required=False)
    new_name = forms.CharField(label="Tên đơn vị mới", max_length=255, required=False,
                               help_text="Đơn vị mới cùng cấp, loại hình và trực thuộc như đơn vị đầu tiên được chọn.")

    field_order = ["sources", "target", "new_code", "new_name", "on", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = open_units()
        self.fields["target"].queryset = open_units()

    def clean(self):
        data = super().clean()
        new = data.get("new_code") or data.get("new_name")
        if data.get("target") and new:
            raise forms.ValidationError("Chọn đơn vị có sẵn hoặc thành lập đơn vị mới, không chọn cả hai.")
        if not data.get("target") and not new:
            raise forms.ValidationError("Cần chọn đơn vị tiếp nhận hoặc nhập mã và tên đơn vị mới.")
        if new and not (data.get("new_code") and data.get("new_name")):
            self.add_error("new_name" if data.get("new_code") else "new_code", "Cần cả mã và tên đơn vị mới.")
        if new and " " in (data.get("new_code") or ""):
            self.add_error("new_code", "Mã đơn vị không được có dấu cách.")
        return data


class UnitMoveForm(_Dated):
    new_parent = UnitChoiceField(label="Chuyển vào trực thuộc", queryset=Unit.objects.none())

    field_order = ["new_parent", "on", "decision"]

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = open_units().exclude(pk=unit.pk)
