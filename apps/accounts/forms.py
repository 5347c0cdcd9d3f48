"""The account pages' forms. They check shapes and offer only what the actor may give; the
services check the rules again (``check_can_manage_account``)."""

from __future__ import annotations

from django import forms

from apps.accounts.access import scope_of
from apps.accounts.models import Role
from apps.accounts.services import OFFICER_MAY_GRANT
from apps.organization.forms import UnitChoiceField
from apps.organization.selectors import units_visible_to
from apps.people.selectors import people_visible_to
from apps.training.models import Instructor


def role_choices(actor) -> list[tuple[str, str]]:
    if scope_of(actor).is_home_affairs:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value in OFFICER_MAY_GRANT]


class AccountForm(forms.Form):
    username = forms.RegexField(label="Tên đăng nhập", max_length=150, regex=r"^[A-Za-z0-9_.@+-]+$",
                                error_messages={"invalid": "Chỉ dùng chữ không dấu, số và các ký tự . _ @ + -"})
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    role = forms.ChoiceField(label="Vai trò")
    unit = UnitChoiceField(label="Đơn vị (cán bộ tổ chức)", queryset=None, required=False,
                           empty_label="— Chọn đơn vị —")
    person_code = forms.CharField(label="Mã hồ sơ (học viên)", max_length=40, required=False)
    instructor = forms.ModelChoiceField(label="Giảng viên (tài khoản giảng viên)", queryset=None, required=False,
                                        empty_label="— Chọn giảng viên —")
    is_active = forms.BooleanField(label="Đang hoạt động (bỏ chọn để khóa tài khoản)", required=False, initial=True)

    def __init__(self, *args, actor, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = role_choices(actor)
        self.fields["unit"].queryset = units_visible_to(actor).filter(valid_to__isnull=True).order_by("name_sort_key")
        if scope_of(actor).is_home_affairs:  # the only ones who give the instructor role
            self.fields["instructor"].queryset = Instructor.objects.select_related("provider").order_by(
                "provider__name", "name_sort_key")
            self.fields["instructor"].label_from_instance = lambda i: f"{i.full_name} — {i.provider.name}"
        else:
            del self.fields["instructor"]
        if editing:
            self.fields["username"].disabled = True
        else:
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        role, code = data.get("role"), (data.get("person_code") or "").strip()
        data["person"] = None
        if role == Role.AGENCY_OFFICER and not data.get("unit"):
            self.add_error("unit", "Cán bộ tổ chức phải gắn với một đơn vị.")
        if role == Role.LEARNER and not code:
            self.add_error("person_code", "Học viên phải gắn với một hồ sơ nhân sự: nhập mã hồ sơ.")
        if role == Role.INSTRUCTOR and not data.get("instructor"):
            self.add_error("instructor" if "instructor" in self.fields else "role",
                           "Tài khoản giảng viên phải gắn với một giảng viên: chọn giảng viên.")
        data.setdefault("instructor", None)
        if code:
            person = people_visible_to(self.actor).filter(code=code).first()
            if person is None:  # another agency's record reads as a missing one
                self.add_error("person_code", f"Không có hồ sơ mã {code} trong phạm vi của bạn.")
            data["person"] = person
        return data


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="Mật khẩu mới (để trống: hệ thống tạo)", required=False,
                               widget=forms.PasswordInput(render_value=False), max_length=128)
