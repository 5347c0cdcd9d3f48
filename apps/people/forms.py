from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.codes import person_code_problem
from apps.core.vn import parse_date
from apps.organization.models import Unit
from apps.people import validation
from apps.people.models import Category, Ethnicity, Gender, Position, Rank


def _sentence(reason: str) -> str:
    return reason[0].upper() + reason[1:] + "."


class VNDateField(forms.DateField):
    """Accepts dd/mm/yyyy; rejects impossible dates (31/02) with a Vietnamese reason."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc).capitalize() + ".") from None


class PersonForm(forms.Form):
    code = forms.CharField(label="Mã cán bộ", max_length=32)
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = VNDateField(label="Ngày sinh")
    ethnicity = forms.ModelChoiceField(label="Dân tộc", queryset=Ethnicity.objects.all(), empty_label=None)
    national_id = forms.RegexField(label="Số CCCD", regex=r"^\d{12}$", required=False,
                                   error_messages={"invalid": "Số CCCD gồm đúng 12 chữ số."})
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none())
    category = forms.ChoiceField(label="Đối tượng", choices=Category.choices)
    joined_on = VNDateField(label="Ngày vào cơ quan")
    rank = forms.ModelChoiceField(label="Ngạch, chức danh nghề nghiệp", queryset=Rank.objects.all(), required=False)
    position = forms.ModelChoiceField(label="Chức vụ", queryset=Position.objects.all(), required=False)
    position_appointed_on = VNDateField(label="Ngày bổ nhiệm chức vụ", required=False)
    job_position = forms.CharField(label="Vị trí việc làm", max_length=200, required=False)
    in_succession_plan = forms.BooleanField(label="Trong quy hoạch", required=False)
    succession_position = forms.ModelChoiceField(label="Chức vụ quy hoạch", queryset=Position.objects.all(), required=False)
    effective_on = VNDateField(label="Thay đổi có hiệu lực từ", required=False,
                               help_text="Để trống nếu có hiệu lực từ hôm nay.")

    def __init__(self, *args, units=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["unit"].queryset = units if units is not None else Unit.objects.current()
        # A retired rank or position (apps/catalogues) is not offered, except to the record holding it.
        for name, model in (("rank", Rank), ("position", Position), ("succession_position", Position)):
            held = self.initial.get(name)
            self.fields[name].queryset = model.objects.filter(Q(active=True) | Q(pk=held or 0))
        if editing:
            self.fields["code"].disabled = True
        else:
            del self.fields["effective_on"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        reason = None if self.editing else person_code_problem(code)  # a saved code stays as it is
        if reason:
            raise forms.ValidationError(_sentence(reason))
        return code

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        reason = validation.full_name_problem(name)
        if reason:
            raise forms.ValidationError(_sentence(reason))
        return name

    def clean_birth_date(self):
        """The import's checks; an age over 80 only when the date is typed, so an unchanged
        retiree's record still saves."""
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        reason = validation.birth_date_problem(born, today=today)
        if reason is None and not (self.editing and born == self._initial_date("birth_date")):
            reason = validation.too_old_problem(born, today=today)
        if reason:
            raise forms.ValidationError(_sentence(reason))
        return born

    def _initial_date(self, name: str):
        try:
            return self.fields[name].to_python(self.initial.get(name))
        except forms.ValidationError:
            return None

    def clean(self):
        data = super().clean()
        if data.get("position") and not data.get("position_appointed_on"):
            self.add_error("position_appointed_on", "Cần ngày bổ nhiệm khi có chức vụ.")
        if data.get("joined_on"):
            reason = validation.joined_on_problem(data["joined_on"], born=data.get("birth_date"))
            if reason:
                self.add_error("joined_on", _sentence(reason))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh sách (.xlsx hoặc .csv UTF-8)")

    def clean_file(self):
        """The upload limit of every import (``Limits.max_bytes``), checked before reading."""
        from apps.core.tabular import FileRejected, check_size

        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class PersonStatusForm(forms.Form):
    """Change of working status with the day it takes effect (the day after the last working day)."""

    CHOICES = [("retired", "Nghỉ hưu"), ("left", "Thôi việc"), ("transferred", "Chuyển công tác"),
               ("working", "Trở lại công tác")]

    status = forms.ChoiceField(label="Trạng thái mới", choices=CHOICES)
    on = VNDateField(label="Từ ngày", help_text="Nghỉ hưu, thôi việc, chuyển công tác: ngày đầu tiên không còn công tác.")
    reason = forms.CharField(label="Lý do, số quyết định", max_length=200, required=False)


def council_terms(today=None) -> list[tuple[str, str]]:
    """The terms a seat is usually recorded for: the one before, the current one and the next."""
    import datetime as dt

    year = (today or dt.date.today()).year
    start = year - (year - 1) % 5  # 2021, 2026, …
    return [(f"{s}-{s + 5}", f"{s}-{s + 5}") for s in (start - 5, start, start + 5)]


class CouncilSeatForm(forms.Form):
    """One People's Council seat: term, council (its level shown), first and last day."""

    term = forms.ChoiceField(label="Nhiệm kỳ", choices=())
    council = forms.ModelChoiceField(label="Hội đồng nhân dân", queryset=Unit.objects.none())
    valid_from = VNDateField(label="Từ ngày")
    valid_to = VNDateField(label="Đến ngày", required=False, help_text="Để trống nếu đang là đại biểu.")

    def __init__(self, *args, **kwargs):
        from apps.organization.models import UnitKind

        super().__init__(*args, **kwargs)
        self.fields["term"].choices = council_terms(timezone.localdate())
        councils = Unit.objects.filter(kind=UnitKind.COUNCIL).order_by("level", "name_sort_key")
        self.fields["council"].queryset = councils
        self.fields["council"].label_from_instance = lambda u: f"{u.name} ({u.get_level_display().lower()})"


class CouncilSeatEndForm(forms.Form):
    on = VNDateField(label="Ngày cuối cùng là đại biểu")
