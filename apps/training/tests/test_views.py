"""The class pages through real URLs: who may open which class, 404 for another agency's class
like a missing one, and enrolling from the page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.training.models import Enrollment


@pytest.fixture
def classes(make_class, personas):
    return {"yt": make_class(code="YT-1", organiser="SYT", form="truc_tuyen", capacity=1),
            "gd": make_class(code="GD-1", organiser="SGD", form="truc_tuyen")}


def _get(client_as, who, url):
    return client_as(who).get(url)


def _normalised(response, code: str) -> bytes:
    """The body with CSRF tokens and the requested code blanked out."""
    return re.sub(rb"[A-Za-z0-9]{32,64}", b"TOKEN", response.content).replace(code.encode(), b"CODE")


def test_anonymous_visitors_are_sent_to_the_login_page(classes):
    response = Client().get("/dao-tao/lop/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("persona, expected", [
    ("so_noi_vu", ["GD-1", "YT-1"]), ("lanh_dao", ["GD-1", "YT-1"]), ("can_bo_so_y_te", ["YT-1"]),
    ("can_bo_so_giao_duc", ["GD-1"]), ("hoc_vien", []),
])
def test_the_class_list_shows_the_classes_in_scope(classes, client_as, persona, expected):
    response = _get(client_as, persona, "/dao-tao/lop/")
    assert response.status_code == 200
    assert sorted(c.code for c in response.context["page"]) == expected


@pytest.mark.parametrize("persona, yt, gd", [
    ("so_noi_vu", 200, 200), ("lanh_dao", 200, 200), ("can_bo_so_y_te", 200, 404),
    ("can_bo_so_giao_duc", 404, 200), ("hoc_vien", 404, 404),
])
def test_a_class_page_answers_404_outside_scope_as_for_a_missing_class(classes, client_as, persona, yt, gd):
    assert _get(client_as, persona, "/dao-tao/lop/YT-1/").status_code == yt
    assert _get(client_as, persona, "/dao-tao/lop/GD-1/").status_code == gd
    missing = _get(client_as, persona, "/dao-tao/lop/KHONG-CO/")
    assert missing.status_code == 404
    if gd == 404:
        other = _get(client_as, persona, "/dao-tao/lop/GD-1/")
        assert _normalised(other, "GD-1") == _normalised(missing, "KHONG-CO")


def test_an_officer_enrols_their_own_person_from_the_class_page(classes, client_as, province, make_person):
    nurse = make_person(province["BVDK"], "Lê Thị Thu")
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": nurse.code, "xac_nhan": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/dao-tao/lop/YT-1/"
    assert "Đã ghi danh Lê Thị Thu vào lớp YT-1." in response.content.decode()
    assert Enrollment.objects.filter(person=nurse, training_class=classes["yt"]).exists()


def test_enrolling_another_agencys_person_answers_a_form_error_and_writes_nothing(classes, client_as, province,
                                                                                  make_person):
    teacher = make_person(province["THPT1"], "Võ Văn Kiệt")
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": teacher.code, "xac_nhan": "1"})
    assert response.status_code == 422 and not Enrollment.objects.exists()
    assert f"Không tìm thấy hồ sơ mã {teacher.code}" in response.content.decode()


def test_a_refused_enrollment_comes_back_with_the_reason(classes, client_as, province, make_person):
    first, second = make_person(province["SYT"], "Người Một"), make_person(province["SYT"], "Người Hai")
    client = client_as("can_bo_so_y_te")
    client.post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": first.code, "xac_nhan": "1"})
    response = client.post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": second.code, "xac_nhan": "1"}, follow=True)
    assert "Lớp YT-1 đã đủ 1 học viên." in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_leaders_cannot_enrol_and_get_no_enrol_form(classes, client_as, personas):
    assert "enrol-form" not in _get(client_as, "lanh_dao", "/dao-tao/lop/YT-1/").content.decode()
    code = personas["hoc_vien"].profile.person.code
    assert client_as("lanh_dao").post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": code, "xac_nhan": "1"}).status_code == 403


def test_enrolling_is_post_only(classes, client_as):
    assert _get(client_as, "so_noi_vu", "/dao-tao/lop/YT-1/ghi-danh/").status_code == 405


def test_the_budget_shows_to_the_organiser_but_not_to_leaders(classes, client_as, personas):
    from apps.training import services

    services.class_set_budget(actor=personas["so_noi_vu"], training_class=classes["yt"],
                              lines={"ngan_sach_dia_phuong": (12_500_000, None)})
    assert "12.500.000 đồng" in _get(client_as, "can_bo_so_y_te", "/dao-tao/lop/YT-1/").content.decode()
    assert 'id="budget"' not in _get(client_as, "lanh_dao", "/dao-tao/lop/YT-1/").content.decode()
