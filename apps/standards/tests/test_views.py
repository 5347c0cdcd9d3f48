"""The standards list, the person page's "Tiêu chuẩn" section and the readiness check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.privacy.models import AccessEntry
from apps.standards.tests.conftest import CVC, D, change, position, qual, rank


@pytest.fixture
def clerk(standards, province, make_person):
    """A chuyên viên chính of Sở Y tế with political theory sơ cấp only."""
    p = make_person(province["SYT"], "Nguyễn Thị Hoa", rank_id=rank(CVC).pk, joined_on=D(2015, 1, 1))
    qual(p, "chuyen_mon", "dai_hoc", D(2010, 1, 1))
    qual(p, "quan_ly_nha_nuoc", "chuyen_vien_chinh", D(2016, 1, 1))
    qual(p, "ly_luan_chinh_tri", "so_cap", D(2016, 1, 1))
    return p


def test_the_list_shows_the_seeded_standards_in_force_with_their_basis(client_as, db):
    page = client_as("hoc_vien").get(reverse("standards:list")).content.decode()
    assert "Chuyên viên chính" in page and "Thông tư 2/2021/TT-BNV" in page and "mặc định, cần đối chiếu" in page
    assert "Thông tư 11/2014/TT-BNV" not in page


def test_the_list_at_an_earlier_date_shows_the_standard_then_in_force(client_as, db):
    page = client_as("lanh_dao").get(reverse("standards:list"), {"ngay": "01/01/2020"}).content.decode()
    assert "Thông tư 11/2014/TT-BNV" in page and "Thông tư 2/2021/TT-BNV" not in page


def test_a_bad_date_is_named_and_today_used(client_as, db):
    page = client_as("lanh_dao").get(reverse("standards:list"), {"ngay": "31/02/2024"}).content.decode()
    assert "ngày 31/02/2024 không tồn tại" in page


def test_person_page_shows_whether_the_rank_standard_is_met_and_the_gap(client_as, clerk):
    page = client_as("can_bo_so_y_te").get(reverse("people:detail", args=[clerk.code])).content.decode()
    assert "Tiêu chuẩn" in page and "Chưa đạt tiêu chuẩn" in page
    assert "Lý luận chính trị: sơ cấp, cần trung cấp" in page
    assert 'value="TRUONG_PHONG"' in page  # the readiness form offers positions with a standard


def test_readiness_check_lists_the_gaps_for_a_position(client_as, clerk):
    url = reverse("standards:check", args=[clerk.code])
    response = client_as("can_bo_so_y_te").get(url, {"chuc_vu": "TRUONG_PHONG", "ngay": "01/01/2024"},
                                               HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page  # the htmx partial
    assert "Lý luận chính trị: sơ cấp, cần trung cấp" in page
    assert "Quản lý nhà nước" not in page  # chuyên viên chính covers the chuyên viên required
    assert "Chưa có chứng chỉ bồi dưỡng theo tiêu chuẩn chức vụ lãnh đạo, quản lý" in page
    assert AccessEntry.objects.filter(person=clerk, kind="view", what="Kiểm tra tiêu chuẩn").exists()


def test_readiness_check_says_when_the_person_is_ready(client_as, clerk, foster):
    qual(clerk, "ly_luan_chinh_tri", "trung_cap", D(2023, 1, 1))
    foster(clerk, D(2023, 6, 1))
    page = client_as("so_noi_vu").get(reverse("standards:check", args=[clerk.code]),
                                      {"chuc_vu": "TRUONG_PHONG", "ngay": "01/01/2024"}).content.decode()
    assert "Đủ điều kiện" in page and "<html" in page  # the full page without htmx


def test_readiness_check_without_a_standard_or_with_bad_input(client_as, clerk):
    client = client_as("so_noi_vu")
    url = reverse("standards:check", args=[clerk.code])
    assert "chưa có tiêu chuẩn có hiệu lực" in client.get(url, {"chuc_vu": "GD_SO"}).content.decode()
    assert "Không có chức vụ mã “XYZ”" in client.get(url, {"chuc_vu": "XYZ"}).content.decode()
    assert "Hãy chọn chức vụ" in client.get(url).content.decode()
    assert "không phải ngày" in client.get(url, {"chuc_vu": "TRUONG_PHONG", "ngay": "hôm qua"}).content.decode()


def test_readiness_check_of_another_agencys_person_is_404(client_as, clerk):
    url = reverse("standards:check", args=[clerk.code])
    assert client_as("can_bo_so_giao_duc").get(url, {"chuc_vu": "TRUONG_PHONG"}).status_code == 404


def test_person_section_names_the_position_standard(client_as, clerk):
    change(clerk, D(2024, 1, 1), position_id=position("TRUONG_PHONG").pk, position_appointed_on=D(2024, 1, 1))
    page = client_as("so_noi_vu").get(reverse("people:detail", args=[clerk.code])).content.decode()
    assert "Chức vụ Trưởng phòng" in page and "Tiêu chuẩn chức vụ Trưởng phòng" in page
    assert "Khi bổ nhiệm chức vụ hiện tại (01/01/2024):</strong>\n    chưa đạt tiêu chuẩn — Lý luận chính trị: sơ cấp" in page


def _form(**changes):
    data = {"code": "TP-2026", "name": "Tiêu chuẩn Trưởng phòng (2026)", "position": "TRUONG_PHONG",
            "effective_from": "01/01/2026", "legal_basis": "Quyết định 1/2026/QĐ-UBND",
            "required_fostering": "chuc_vu", "level_chuyen_mon": "dai_hoc", "level_ly_luan_chinh_tri": "cao_cap"}
    data.update(changes)
    return data


def test_the_department_adds_a_standard_through_the_form(client_as, standards):
    from apps.standards.models import Standard

    response = client_as("so_noi_vu").post(reverse("standards:create"), _form())
    assert response.status_code == 302 and response["Location"].startswith("/tieu-chuan/")
    new = Standard.objects.get(code="TP-2026")
    assert {(r.dimension, r.min_level.code) for r in new.requirements.all()} == {
        ("chuyen_mon", "dai_hoc"), ("ly_luan_chinh_tri", "cao_cap")}
    assert Standard.objects.get(code="TP-2020").effective_to == D(2025, 12, 31)


def test_the_form_shows_the_services_refusal_next_to_the_field(client_as, standards):
    page = client_as("so_noi_vu").post(reverse("standards:create"), _form(rank="01.002")).content.decode()
    assert "Hãy ghi đúng một trong hai" in page
    page = client_as("so_noi_vu").post(reverse("standards:create"), _form(effective_from="31/02/2026")).content.decode()
    assert "không tồn tại" in page


def test_editing_keeps_the_requirements_shown_and_saves_changes(client_as, standards):
    client = client_as("so_noi_vu")
    url = reverse("standards:edit", args=["TP-2020"])
    page = client.get(url).content.decode()
    assert 'value="chuyen_vien" selected' in page  # QLNN minimum shown
    response = client.post(url, _form(code="TP-2020", effective_from="01/01/2020", level_ly_luan_chinh_tri="trung_cap",
                                      level_quan_ly_nha_nuoc="chuyen_vien_chinh"))
    assert response.status_code == 302
    standards["TP-2020"].refresh_from_db()
    assert standards["TP-2020"].requirements.get(dimension="quan_ly_nha_nuoc").min_level.code == "chuyen_vien_chinh"


def test_only_the_department_sees_the_edit_links(client_as, standards):
    assert "Thêm tiêu chuẩn" in client_as("so_noi_vu").get(reverse("standards:list")).content.decode()
    assert "Thêm tiêu chuẩn" not in client_as("lanh_dao").get(reverse("standards:list")).content.decode()
