"""Accounts: signing in and out through the real form, creating users with a role and a scope
anchor, the role questions other apps ask, and the Department's audit log page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import Client

from apps.accounts.access import SYSTEM, MissingActor, scope_of
from apps.accounts.models import Profile, Role
from apps.accounts.permissions import Perm
from apps.accounts.services import system_user, user_create
from apps.core.models import AuditEntry
from conftest import PASSWORD

# --- signing in and out ------------------------------------------------------------------------


def test_login_page_is_in_vietnamese(db):
    page = Client().get("/dang-nhap/").content.decode()
    assert "<h1>Đăng nhập</h1>" in page and "Tên đăng nhập" in page and "Mật khẩu" in page


def test_officer_signs_in_with_the_form_and_lands_on_the_people_list(personas):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "can_bo_so_y_te", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/nhan-su/"
    assert "Cán bộ TCCB Sở Y tế" in client.get("/nhan-su/").content.decode()


def test_sign_in_returns_to_the_page_asked_for(personas):
    response = Client().post("/dang-nhap/?next=/don-vi/",
                             {"username": "lanh_dao", "password": PASSWORD, "next": "/don-vi/"})
    assert response["Location"] == "/don-vi/"


def test_wrong_password_is_refused_in_vietnamese(personas):
    response = Client().post("/dang-nhap/", {"username": "can_bo_so_y_te", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_sign_out_is_a_post_and_closes_the_session(client_as):
    client = client_as("so_noi_vu")
    assert client.get("/dang-xuat/").status_code == 405
    assert client.post("/dang-xuat/")["Location"] == "/dang-nhap/"
    assert client.get("/nhan-su/")["Location"] == "/dang-nhap/?next=/nhan-su/"


def test_the_system_account_cannot_sign_in(db):
    system_user()
    client = Client()
    for password in ("", "he-thong", PASSWORD):
        response = client.post("/dang-nhap/", {"username": "he-thong", "password": password})
        assert response.status_code == 200 and "_auth_user_id" not in client.session


# --- creating users ----------------------------------------------------------------------------


def test_user_create_writes_role_scope_and_an_audit_entry(province, personas):
    user = user_create(actor=personas["so_noi_vu"], username="can_bo_bv", password=PASSWORD,
                       role=Role.AGENCY_OFFICER, unit=province["BVDK"], full_name="Cán bộ Bệnh viện")
    assert user.profile.role == Role.AGENCY_OFFICER and user.profile.unit == province["BVDK"]
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(target_type="user", target_id=user.pk)
    assert entry.actor == personas["so_noi_vu"] and entry.action == AuditEntry.Action.CREATE
    assert entry.changes["vai trò"] == [None, "Cán bộ tổ chức cơ quan, đơn vị"]


@pytest.mark.parametrize("kwargs, field", [
    ({"role": "agency_officer"}, "unit"),
    ({"role": "learner"}, "person"),
    ({"role": "superhero"}, "role"),
])
def test_user_create_refuses_a_role_without_its_anchor(db, kwargs, field):
    with pytest.raises(ValidationError) as error:
        user_create(actor=SYSTEM, username="x", password=PASSWORD, **kwargs)
    assert field in error.value.message_dict
    assert not get_user_model().objects.filter(username="x").exists()


def test_user_create_refuses_a_taken_username(personas):
    with pytest.raises(ValidationError, match="đã tồn tại"):
        user_create(actor=SYSTEM, username="lanh_dao", password=PASSWORD, role=Role.LEADER)


def test_the_database_refuses_an_officer_without_a_unit(db):
    user = get_user_model().objects.create(username="khong_don_vi")
    with pytest.raises(IntegrityError):
        Profile.objects.create(user=user, role=Role.AGENCY_OFFICER)


def test_user_without_password_has_an_unusable_one(db):
    user = user_create(actor=SYSTEM, username="chi_cli", password=None, role=Role.LEADER)
    assert not user.has_usable_password()


# --- role questions ----------------------------------------------------------------------------


def test_role_questions_for_each_persona(personas):
    answers = {}
    for name, user in personas.items():
        scope = scope_of(user)
        answers[name] = (scope.sees_all, scope.can(Perm.EDIT_PEOPLE), scope.can(Perm.RESTRUCTURE))
    assert answers == {
        "so_noi_vu": (True, True, True),
        "can_bo_so_y_te": (False, True, False),
        "can_bo_so_giao_duc": (False, True, False),
        "lanh_dao": (True, False, False),
        "hoc_vien": (False, False, False),
    }


def test_a_user_without_profile_can_do_nothing_unless_superuser(db):
    plain = get_user_model().objects.create(username="khong_vai_tro")
    boss = get_user_model().objects.create(username="quan_tri", is_superuser=True)
    assert scope_of(plain).role is None and not scope_of(plain).can(Perm.VIEW_PEOPLE)
    assert scope_of(plain).unit_ids == frozenset()
    assert scope_of(boss).role == Role.HOME_AFFAIRS and scope_of(boss).sees_all


def test_system_user_acts_with_system_rights_and_is_created_once(db):
    assert scope_of(system_user()).is_system and scope_of(system_user()).sees_all
    system_user()
    assert get_user_model().objects.filter(username="he-thong").count() == 1


def test_a_missing_actor_is_an_error_never_full_rights(db):
    with pytest.raises(MissingActor):
        scope_of(None)
    with pytest.raises(MissingActor):
        user_create(actor=None, username="ai_do", password=None, role=Role.HOME_AFFAIRS)
    assert scope_of(SYSTEM).is_system


def test_a_disabled_account_reaches_nothing(personas):
    officer = personas["can_bo_so_y_te"]
    officer.is_active = False
    officer.save()
    fresh = get_user_model().objects.get(pk=officer.pk)
    assert scope_of(fresh).role is None and not scope_of(fresh).can(Perm.VIEW_PEOPLE)


# --- the audit log page ------------------------------------------------------------------------


def test_department_reads_the_whole_log_including_who_changed_which_record(province, client_as, make_person):
    person = make_person(province["SYT"], "Phan Văn Khải")
    client_as("can_bo_so_y_te").post(f"/nhan-su/{person.code}/trang-thai/",
                                     {"status": "retired", "on": "01/07/2025", "reason": "Nghỉ hưu"})
    page = client_as("so_noi_vu").get("/nhat-ky/").content.decode()
    assert "can_bo_so_y_te" in page and "Cập nhật" in page and f"Phan Văn Khải ({person.code})" in page
    # who opened the record is in the personal-data access log (apps/privacy), not here
    assert "Xem hồ sơ" not in page


@pytest.mark.parametrize("name", ["can_bo_so_y_te", "lanh_dao", "hoc_vien"])
def test_only_the_department_reads_the_log(client_as, name):
    response = client_as(name).get("/nhat-ky/")
    assert response.status_code == 403
    assert "Chỉ Sở Nội vụ xem được toàn bộ nhật ký." in response.content.decode()
