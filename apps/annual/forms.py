"""Forms of the annual pages: Vietnamese input (dd/mm/yyyy, 1.234.567 đồng) to plain values; the
rules are the services'."""

from __future__ import annotations

from django import forms

from apps.people.models import Category
from apps.training.forms import MoneyField, VNDateField, count_field
from apps.training.models import ContentArea, DeliveryForm, FundingSource, Programme, Provider

QUARTERS = [(q, f"Quý {q}") for q in (1, 2, 3, 4)]


class MilestoneForm(forms.Form):
    due = VNDateField(label="Ngày")
    basis = forms.CharField(label="Căn cứ", max_length=400, required=False)


class NeedForm(forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.filter(active=True), label="Chương trình")
    priority = forms.TypedChoiceField(label="Mức ưu tiên", choices=[(1, "1 - Cao nhất"), (2, "2"), (3, "3")], coerce=int)
    form = forms.ModelChoiceField(DeliveryForm.objects.filter(active=True), label="Hình thức mong muốn", required=False)
    quarter = forms.TypedChoiceField(label="Quý mong muốn", choices=[("", "—"), *QUARTERS], coerce=int,
                                     required=False, empty_value=None)
    self_fund = forms.BooleanField(label="Sẵn sàng tự túc kinh phí", required=False)


class StaffNeedForm(NeedForm):
    person_code = forms.CharField(label="Mã cán bộ", max_length=32)


class LineForm(forms.Form):
    title = forms.CharField(label="Nội dung, chương trình", max_length=255)
    programme = forms.ModelChoiceField(Programme.objects.filter(active=True), label="Chương trình (danh mục)",
                                       required=False)
    content_area = forms.ModelChoiceField(ContentArea.objects.filter(active=True), label="Hoặc nội dung",
                                          required=False)
    form = forms.ModelChoiceField(DeliveryForm.objects.filter(active=True), label="Hình thức", required=False)
    provider = forms.ModelChoiceField(Provider.objects.filter(active=True), label="Cơ sở đào tạo", required=False)
    quarter = forms.TypedChoiceField(label="Quý", choices=QUARTERS, coerce=int, initial=2)
    category = forms.ChoiceField(label="Đối tượng", choices=[("", "—"), *Category.choices], required=False)
    classes = count_field("Số lớp", required=True, min_value=1)
    learners = count_field("Số học viên", required=True)
    leaders = count_field("Trong đó lãnh đạo, quản lý")
    women = count_field("Nữ")
    ethnic = count_field("Dân tộc thiểu số")
    commune = count_field("Cấp xã")
    self_funded = count_field("Tự túc kinh phí")
    days = count_field("Số ngày", required=True, min_value=1)
    hours = count_field("Số tiết", required=True)
    edit_costs = forms.BooleanField(label="Nhập kinh phí thay cho định mức", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FundingSource.choices:
            self.fields[f"cost_{value}"] = MoneyField(label=label, required=False)

    def costs(self) -> dict[str, int] | None:
        if not self.cleaned_data.get("edit_costs"):
            return None
        return {v: int(self.cleaned_data.get(f"cost_{v}") or 0) for v, _ in FundingSource.choices}


class CommentForm(forms.Form):
    comment = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=60)
    decision_date = VNDateField(label="Ngày quyết định")


class AdjustForm(DecisionForm):
    reason = forms.CharField(label="Lý do điều chỉnh", widget=forms.Textarea(attrs={"rows": 2}))


class ClassFromLineForm(forms.Form):
    code = forms.CharField(label="Mã lớp", max_length=40)
    provider = forms.ModelChoiceField(Provider.objects.filter(active=True), label="Cơ sở đào tạo", required=False)
    start_date = VNDateField(label="Ngày khai giảng")
    end_date = VNDateField(label="Ngày kết thúc")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


class CeilingsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FundingSource.choices:
            self.fields[value] = MoneyField(label=label, required=False)

    def ceilings(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.cleaned_data.items() if v}


class RateForm(forms.Form):
    code = forms.SlugField(label="Mã định mức", max_length=40)
    amount = MoneyField(label="Mức chi mới (đồng)")
    valid_from = VNDateField(label="Áp dụng từ ngày")
    legal_basis = forms.CharField(label="Căn cứ (nghị quyết HĐND tỉnh)", max_length=300)
