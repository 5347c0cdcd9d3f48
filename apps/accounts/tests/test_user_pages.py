"""Accounts from the web and the CLI: Sở Nội vụ gives any role; an officer only officer and learner
accounts inside their units; a disabled account cannot sign in; every change is audited."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from apps.accounts.services import user_create, user_update
from apps.core.models import AuditEntry
from conftest import PASSWORD
from dtbd.cli import main


def _password(html: str) -> str:
    return re.search(r'id="new-password">([^<]+)<', html).group(1)


def test_the_department_creates_an_officer_who_then_signs_in(client_as, province):
    page = client_as("so_noi_vu").post("/tai-khoan/them/", {
        "username": "can_bo_bvdk", "full_name": "Cán bộ Bệnh viện", "role": "agency_officer",
        "unit": province["BVDK"].pk})
    assert page.status_code == 200
    password = _password(page.content.decode())
    fresh = Client()
    assert fresh.post("/dang-nhap/", {"username": "can_bo_bvdk", "password": password}).status_code == 302
    assert "Cán bộ Bệnh viện" in fresh.get("/nhan-su/").content.decode()
    assert AuditEntry.objects.filter(target_type="user", action="create", target_label="can_bo_bvdk").exists()


def test_an_officer_is_not_offered_and_cannot_give_roles_beyond_their_own(client_as, personas, province):
    client = client_as("can_bo_so_y_te")
    form = client.get("/tai-khoan/them/").content.decode()
    assert 'value="agency_officer"' in form and 'value="learner"' in form
    assert 'value="home_affairs"' not in form and 'value="leader"' not in form
    refused = client.post("/tai-khoan/them/", {"username": "gia_mao", "full_name": "X", "role": "home_affairs"})
    assert refused.status_code == 422 and not get_user_model().objects.filter(username="gia_mao").exists()
    with pytest.raises(PermissionDenied):
        user_create(actor=personas["can_bo_so_y_te"], username="gia_mao", password=None, role="leader")
    with pytest.raises(PermissionDenied):  # an officer account for another agency
        user_create(actor=personas["can_bo_so_y_te"], username="gia_mao", password=None,
                    role="agency_officer", unit=province["SGD"])


def test_an_officer_may_not_raise_an_account_they_manage(personas):
    learner = personas["hoc_vien"]
    with pytest.raises(PermissionDenied):
        user_update(actor=personas["can_bo_so_y_te"], user=learner, role="home_affairs", full_name="X")


def test_a_disabled_account_cannot_sign_in(client_as, personas):
    page = client_as("so_noi_vu").post("/tai-khoan/lanh_dao/", {"full_name": "Lãnh đạo UBND tỉnh", "role": "leader"})
    assert page.status_code == 302
    assert not get_user_model().objects.get(username="lanh_dao").is_active
    answer = Client().post("/dang-nhap/", {"username": "lanh_dao", "password": PASSWORD})
    assert answer.status_code == 200 and "không đúng" in answer.content.decode()
    entry = AuditEntry.objects.filter(target_type="user", action="update", target_label="lanh_dao").get()
    assert entry.changes["hoạt động"] == ["có", "không"]


def test_a_typed_password_reset_lets_the_user_in_with_it(client_as, personas):
    assert client_as("so_noi_vu").post("/tai-khoan/lanh_dao/dat-lai-mat-khau/",
                                       {"password": "mat-khau-moi-2026"}).status_code == 200
    assert Client().post("/dang-nhap/", {"username": "lanh_dao", "password": "mat-khau-moi-2026"}).status_code == 302


def test_the_cli_applies_the_same_rules(personas, capsys):
    assert main(["--as", "can_bo_so_y_te", "users", "create", "gia_mao", "--role", "home_affairs"]) == 1
    assert "chỉ cấp tài khoản cán bộ tổ chức hoặc học viên" in capsys.readouterr().err
    assert main(["--as", "hoc_vien", "users", "list"]) == 1
    assert main(["--as", "can_bo_so_y_te", "users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "hoc_vien" in listed and "can_bo_so_y_te" in listed and "can_bo_so_giao_duc" not in listed
