"""Forms of the training pages: they parse Vietnamese input (dd/mm/yyyy, 1.234.567 đồng) into
plain values; the rules are checked by the services, whose messages come back onto the form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q

from apps.core.codes import class_code_problem
from apps.core.vn import format_number
from apps.organization.models import Unit
from apps.people.forms import VNDateField as _RegistryDateField
from apps.people.models import QualificationLevel
from apps.training.models import (
    IN_COUNTRY,
    ClassStatus,
    ContentArea,
    DegreeLevel,
    DeliveryForm,
    FosteringFamily,
    FundingSource,
    Instructor,
    InstructorKind,
    Ownership,
    Programme,
    ProgrammeKind,
    Provider,
    ReimbursementCause,
    TrainingClass,
)


class VNDateField(_RegistryDateField):
    """The registry's dd/mm/yyyy field, also showing saved dates as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def count_field(label: str, **kwargs) -> forms.IntegerField:
    """A whole number typed as text (no browser spinner), e.g. hours, months, seats."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("min_value", 0)
    return forms.IntegerField(label=label, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **kwargs)


class MoneyInput(forms.TextInput):
    """Saved amounts shown as 12.500.000; what the user typed is shown back as typed."""

    def format_value(self, value):
        if isinstance(value, int | Decimal):
            return format_number(value)
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """Whole đồng written the Vietnamese way: "12.500.000", "12500000" or "12 500 000"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=18, decimal_places=0, **kwargs)
        self.widget = MoneyInput(attrs={"inputmode": "numeric", "placeholder": "0"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"[.\s]|đồng|đ", "", str(value)).strip()
        try:
            return Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Số tiền viết bằng chữ số, ví dụ 12.500.000.") from None


def money_fields(prefix: str, label: str) -> dict[str, MoneyField]:
    """One money field per funding source, named ``<prefix>_<source>``."""
    return {f"{prefix}_{value}": MoneyField(label=f"{label}: {name}") for value, name in FundingSource.choices}


def money_values(cleaned: dict, prefix: str) -> dict[str, Decimal]:
    """{source: amount} of the non-empty ``<prefix>_<source>`` fields."""
    return {value: cleaned[f"{prefix}_{value}"] for value in FundingSource.values
            if cleaned.get(f"{prefix}_{value}") is not None}


# --- catalogue ----------------------------------------------------------------------------------


CHOOSE = "— Chọn —"


def wide_text(label: str, max_length: int, **kwargs) -> forms.CharField:
    """A text field wide enough for a Vietnamese name (programme, provider, place)."""
    return forms.CharField(label=label, max_length=max_length, widget=forms.TextInput(attrs={"size": 60}), **kwargs)


class ContentAreaForm(forms.Form):
    code = forms.SlugField(label="Mã", max_length=40, help_text="Chữ không dấu, số, gạch dưới: ví dụ ky_nang_so")
    name = wide_text("Tên nội dung", 200)
    order = count_field("Thứ tự", required=True, initial=100)
    active = forms.BooleanField(label="Đang dùng", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
        else:
            del self.fields["active"]  # a new area is in use


class ProgrammeForm(forms.Form):
    code = forms.CharField(label="Mã chương trình", max_length=40)
    name = wide_text("Tên chương trình", 255)
    kind = forms.ChoiceField(label="Loại", choices=ProgrammeKind.choices)
    degree_level = forms.ChoiceField(label="Trình độ đào tạo (với đào tạo)", required=False,
                                     choices=[("", "—")] + DegreeLevel.choices)
    fostering_family = forms.ChoiceField(label="Loại bồi dưỡng (với bồi dưỡng)", required=False,
                                         choices=[("", "—")] + FosteringFamily.choices)
    content_areas = forms.ModelMultipleChoiceField(label="Nội dung", queryset=ContentArea.objects.filter(active=True),
                                                   widget=forms.CheckboxSelectMultiple)
    grants_level = forms.ModelChoiceField(
        empty_label=CHOOSE, label="Trình độ, chứng chỉ được cấp khi hoàn thành", required=False,
        queryset=QualificationLevel.objects.order_by("dimension", "rank"))
    major = forms.CharField(label="Chuyên ngành", max_length=200, required=False)
    language = forms.CharField(label="Thứ tiếng", max_length=60, required=False)
    standard_hours = count_field("Số tiết (giờ) chuẩn", min_value=1)
    is_long_term = forms.BooleanField(label="Dài hạn (phải cam kết phục vụ)", required=False)
    active = forms.BooleanField(label="Đang dùng", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grants_level"].label_from_instance = lambda lv: f"{lv.get_dimension_display()}: {lv.name}"
        if editing:
            self.fields["code"].disabled = True


class ProviderForm(forms.Form):
    code = forms.CharField(label="Mã cơ sở", max_length=40)
    name = wide_text("Tên cơ sở", 255)
    ownership = forms.ChoiceField(label="Loại hình", choices=Ownership.choices)
    is_foreign = forms.BooleanField(label="Cơ sở nước ngoài", required=False)
    country = forms.CharField(label="Quốc gia", max_length=80, initial=IN_COUNTRY)
    active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True


class InstructorForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    kind = forms.ChoiceField(label="Loại giảng viên", choices=InstructorKind.choices)
    specialty = forms.CharField(label="Chuyên môn", max_length=200, required=False)
    practical_management_years = count_field("Số năm kinh nghiệm thực tiễn quản lý", required=True, initial=0)
    has_teaching_certificate = forms.BooleanField(label="Có chứng chỉ nghiệp vụ sư phạm", required=False)
    active = forms.BooleanField(label="Đang giảng dạy", required=False, initial=True)


# --- classes ------------------------------------------------------------------------------------


class ClassForm(forms.Form):
    code = forms.CharField(label="Mã lớp", max_length=40)
    name = forms.CharField(label="Tên lớp", max_length=255, required=False)
    programme = forms.ModelChoiceField(
        empty_label=CHOOSE, label="Chương trình", queryset=Programme.objects.filter(active=True))
    provider = forms.ModelChoiceField(
        empty_label=CHOOSE, label="Cơ sở đào tạo", queryset=Provider.objects.filter(active=True))
    organiser = forms.ModelChoiceField(empty_label=CHOOSE, label="Đơn vị tổ chức", queryset=Unit.objects.none())
    form = forms.ModelChoiceField(
        empty_label=CHOOSE, label="Hình thức", queryset=DeliveryForm.objects.filter(active=True))
    start_date = VNDateField(label="Ngày khai giảng")
    end_date = VNDateField(label="Ngày kết thúc")
    hours = count_field("Số tiết (giờ)", min_value=1)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    country = forms.CharField(label="Quốc gia", max_length=80, required=False,
                              help_text="Để trống nếu học trong nước")
    capacity = count_field("Số học viên tối đa", min_value=1)
    status = forms.ChoiceField(label="Trạng thái", choices=ClassStatus.choices, initial=ClassStatus.PLANNED)
    open_to_agencies = forms.BooleanField(
        label="Mở cho các cơ quan cử người", required=False,
        help_text=TrainingClass._meta.get_field("open_to_agencies").help_text)

    def __init__(self, *args, organisers=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers if organisers is not None else Unit.objects.current()
        self.fields.update(money_fields("du_toan", "Dự toán"))
        self.fields.update(money_fields("thuc_chi", "Thực chi"))
        self.editing = editing
        if editing:
            self.fields["code"].disabled = True
            self._keep_current_choices()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        reason = None if self.editing else class_code_problem(code)  # a saved code stays as it is
        if reason:
            raise forms.ValidationError(reason[0].upper() + reason[1:] + ".")
        return code

    def _keep_current_choices(self) -> None:
        """An existing class keeps its programme, provider and form even once they are retired."""
        for name in ("programme", "provider", "form"):
            field, current = self.fields[name], self.initial.get(name)
            if current:
                field.queryset = field.queryset.model.objects.filter(Q(active=True) | Q(pk=current))

    def budget_fields(self):
        """(source label, planned bound field, actual bound field) per funding source."""
        return [(name, self[f"du_toan_{value}"], self[f"thuc_chi_{value}"]) for value, name in FundingSource.choices]

    def class_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("du_toan_", "thuc_chi_"))]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Ngày kết thúc phải từ ngày khai giảng trở đi.")
        return data

    def budget_lines(self) -> dict[str, tuple[Decimal, Decimal | None]]:
        """{source: (planned, actual or None)} for the sources with any amount."""
        d = self.cleaned_data
        lines = {}
        for value in FundingSource.values:
            planned, actual = d.get(f"du_toan_{value}"), d.get(f"thuc_chi_{value}")
            if planned is not None or actual is not None:
                lines[value] = (planned or Decimal(0), actual)
        return lines


def instructor_hours(post, instructors) -> list[tuple[Instructor, Decimal]]:
    """(instructor, hours) for each ``gv_<pk>`` ticked in ``post`` with its ``gio_<pk>`` hours.
    Raises ValidationError naming the instructor when the hours are not a number."""
    chosen = []
    for instructor in instructors:
        if not post.get(f"gv_{instructor.pk}"):
            continue
        raw = (post.get(f"gio_{instructor.pk}") or "0").replace(",", ".").strip()
        try:
            hours = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(f"Số tiết giảng của {instructor.full_name} phải là số.") from None
        chosen.append((instructor, hours))
    return chosen


# --- enrollments --------------------------------------------------------------------------------


RESULT_FIELDS = ("on", "result", "certificate_number", "certificate_date", "hours_attended", "reason")
RESULT_STATUSES = [("studying", "Đang học"), ("completed", "Hoàn thành"), ("failed", "Không đạt"),
                   ("withdrawn", "Thôi học")]


class ResultForm(forms.Form):
    """A result for one enrollment: the status it moves to and what goes with it, and its costs."""

    status = forms.ChoiceField(label="Trạng thái", choices=[("", "— Giữ nguyên —")] + RESULT_STATUSES,
                               required=False)
    on = VNDateField(label="Ngày (hoàn thành / thôi học)", required=False)
    result = forms.CharField(label="Kết quả (xếp loại, điểm)", max_length=100, required=False)
    certificate_number = forms.CharField(label="Số văn bằng, chứng chỉ", max_length=60, required=False)
    certificate_date = VNDateField(label="Ngày cấp", required=False)
    hours_attended = count_field("Số tiết tham dự")
    reason = forms.CharField(label="Lý do (thôi học)", max_length=200, required=False)

    def __init__(self, *args, with_costs: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_costs:
            self.fields.update(money_fields("chi_phi", "Chi phí"))

    def cost_fields(self):
        return [self[name] for name in self.fields if name.startswith("chi_phi_")]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("chi_phi_")]

    def clean(self):
        data = super().clean()
        if data.get("status") in ("completed", "withdrawn") and not data.get("on"):
            self.add_error("on", "Cần ngày hoàn thành hoặc ngày thôi học.")
        result_given = [name for name in RESULT_FIELDS if data.get(name) not in (None, "")]
        if result_given and not data.get("status"):
            # the result goes with a status change: say so rather than drop what was typed
            self.add_error("status", "Chọn trạng thái (hoàn thành, không đạt, thôi học) để ghi kết quả.")
        return data


class ExternalTrainingForm(forms.Form):
    programme = forms.ModelChoiceField(empty_label=CHOOSE, label="Chương trình", queryset=Programme.objects.all())
    provider_name = wide_text("Cơ sở đào tạo", 255)
    form = forms.ModelChoiceField(
        empty_label=CHOOSE, label="Hình thức", queryset=DeliveryForm.objects.all(), required=False)
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(label="Đến ngày")
    completed_on = VNDateField(label="Ngày hoàn thành", required=False, help_text="Để trống: ngày kết thúc")
    hours = count_field("Số tiết (giờ)", min_value=1)
    country = forms.CharField(label="Quốc gia", max_length=80, required=False, help_text="Để trống nếu trong nước")
    result = forms.CharField(label="Kết quả (xếp loại)", max_length=100, required=False)
    certificate_number = forms.CharField(label="Số văn bằng, chứng chỉ", max_length=60)
    certificate_date = VNDateField(label="Ngày cấp")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(money_fields("chi_phi", "Chi phí"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data


class CommitmentForm(forms.Form):
    committed_months = count_field("Số tháng cam kết phục vụ", min_value=1,
                                   help_text="Để trống: tính theo quy định đang áp dụng")
    start = VNDateField(label="Tính từ ngày", required=False, help_text="Để trống: ngày kết thúc khóa học")


class ReimbursementForm(forms.Form):
    cause = forms.ChoiceField(label="Trường hợp", choices=ReimbursementCause.choices)
    event_date = VNDateField(label="Ngày xảy ra")
