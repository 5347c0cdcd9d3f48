"""The standards list, the person page's "Tiêu chuẩn" section and the readiness check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditEntry
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
    assert AuditEntry.objects.filter(target_type="person", target_id=clerk.pk, action="view").exists()


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
