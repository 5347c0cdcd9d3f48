"""Instructor accounts (role Giảng viên): created by Sở Nội vụ on the web and with `dtbd users
create --role instructor --instructor ID`, linked to a catalogue instructor; they land on their own
page; the database refuses one without its instructor."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.test import Client

from apps.accounts.access import SYSTEM, scope_of
from apps.accounts.models import Profile, Role
from apps.accounts.permissions import Perm
from apps.core.models import AuditEntry
from dtbd.cli import main


@pytest.fixture
def instructor(personas):
    from apps.training import services

    provider = services.provider_create(actor=personas["so_noi_vu"], code="TCT", name="Trường Chính trị tỉnh")
    return services.instructor_create(actor=SYSTEM, provider=provider, full_name="Phạm Văn Giảng",
                                      kind="thinh_giang", practical_management_years=6)


def test_the_department_creates_an_instructor_account_who_lands_on_their_page(client_as, instructor):
    client = client_as("so_noi_vu")
    form = client.get("/tai-khoan/them/").content.decode()
    assert 'value="instructor"' in form and "Phạm Văn Giảng — Trường Chính trị tỉnh" in form
    missing = client.post("/tai-khoan/them/", {"username": "gv_pham", "full_name": "Phạm Văn Giảng",
                                               "role": "instructor"})
    assert missing.status_code == 422
    assert "Tài khoản giảng viên phải gắn với một giảng viên: chọn giảng viên." in missing.content.decode()
    page = client.post("/tai-khoan/them/", {"username": "gv_pham", "full_name": "Phạm Văn Giảng",
                                            "role": "instructor", "instructor": instructor.pk})
    assert page.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', page.content.decode()).group(1)
    profile = Profile.objects.get(user__username="gv_pham")
    assert (profile.role, profile.instructor_id, profile.unit_id, profile.person_id) == (
        Role.INSTRUCTOR, instructor.pk, None, None)
    entry = AuditEntry.objects.get(target_type="user", action="create", target_label="gv_pham")
    assert entry.changes["giảng viên"] == [None, "Phạm Văn Giảng (Trường Chính trị tỉnh)"]
    fresh = Client()
    response = fresh.post("/dang-nhap/", {"username": "gv_pham", "password": password})
    assert response.status_code == 302 and response["Location"] == "/cua-toi/giang-day/"
    html = fresh.get("/cua-toi/giang-day/").content.decode()
    assert "Lớp giảng dạy" in html and "Phạm Văn Giảng" in html
    assert 'href="/nhan-su/"' not in html  # no registry link in the instructor's menu
    listing = client.get("/tai-khoan/?vai_tro=instructor").content.decode()
    assert "gv_pham" in listing and "Phạm Văn Giảng (Trường Chính trị tỉnh)" in listing


def test_an_officer_is_not_offered_the_instructor_role(client_as, instructor):
    client = client_as("can_bo_so_y_te")
    form = client.get("/tai-khoan/them/").content.decode()
    assert 'value="instructor"' not in form and "Phạm Văn Giảng" not in form
    refused = client.post("/tai-khoan/them/", {"username": "gv_x", "full_name": "X", "role": "instructor",
                                               "instructor": instructor.pk})
    assert refused.status_code == 422 and not get_user_model().objects.filter(username="gv_x").exists()


def test_the_cli_creates_an_instructor_account(personas, instructor, capsys):
    assert main(["users", "create", "gv_cli", "--role", "instructor", "--instructor", "999999"]) == 1
    assert "Không có giảng viên số 999999." in capsys.readouterr().err
    assert main(["--as", "can_bo_so_y_te", "users", "create", "gv_cli", "--role", "instructor",
                 "--instructor", str(instructor.pk)]) == 1
    assert main(["users", "create", "gv_cli", "--role", "instructor", "--instructor", str(instructor.pk)]) == 0
    user = get_user_model().objects.select_related("profile").get(username="gv_cli")
    assert user.first_name == "Phạm Văn Giảng" and user.profile.instructor_id == instructor.pk
    assert main(["users", "list"]) == 0
    assert f"giảng viên số {instructor.pk}" in capsys.readouterr().out


def test_an_instructor_holds_only_their_page_and_answering(personas, instructor):
    from apps.accounts.services import user_create

    user = user_create(actor=SYSTEM, username="gv", password="x", role="instructor", instructor=instructor)
    scope = scope_of(user)
    assert scope.is_instructor and scope.instructor_id == instructor.pk
    assert {p for p in Perm if scope.can(p)} == {Perm.TEACHING_PAGE, Perm.ANSWER_EVALUATIONS}


def test_the_database_refuses_an_instructor_account_without_an_instructor(db):
    user = get_user_model().objects.create(username="khong_giang_vien")
    with pytest.raises(IntegrityError):
        Profile.objects.create(user=user, role=Role.INSTRUCTOR)
