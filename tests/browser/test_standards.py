"""An agency officer opens a person's page, sees the "Tiêu chuẩn" section and checks whether the
person is ready to be appointed head of division (Trưởng phòng): the gaps appear in place (htmx),
against the seeded standard of the position."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM

pytestmark = pytest.mark.browser


@pytest.fixture
def clerk(province, make_person):
    from apps.people.models import QualificationLevel, Rank
    from apps.people.services import qualification_add

    person = make_person(province["SYT"], "Nguyễn Thị Hoa", rank_id=Rank.objects.get(code="01.003").pk,
                         joined_on=dt.date(2015, 1, 1))
    for dimension, code in (("chuyen_mon", "dai_hoc"), ("quan_ly_nha_nuoc", "chuyen_vien"),
                            ("ly_luan_chinh_tri", "so_cap")):
        qualification_add(actor=SYSTEM, person=person, obtained_on=dt.date(2016, 1, 1),
                          level=QualificationLevel.objects.get(dimension=dimension, code=code))
    return person


def test_officer_checks_readiness_for_a_position_and_sees_the_gaps(page, live_server, personas, clerk, login):
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/nhan-su/{clerk.code}/")
    section = page.locator("#standards")
    expect(section).to_contain_text("Ngạch Chuyên viên")
    expect(section).to_contain_text("Đạt tiêu chuẩn")  # chuyên viên: đại học and QLNN chuyên viên

    page.select_option("#readiness-position", label="Trưởng phòng")
    page.get_by_role("button", name="Kiểm tra").click()

    gaps = page.locator("#readiness-gaps li")
    expect(gaps).to_have_count(2)
    expect(gaps.nth(0)).to_have_text("Lý luận chính trị: sơ cấp, cần trung cấp")
    expect(gaps.nth(1)).to_have_text("Chưa có chứng chỉ bồi dưỡng theo tiêu chuẩn chức vụ lãnh đạo, quản lý")
    expect(page.locator("#readiness-verdict")).to_contain_text("Để được bổ nhiệm Trưởng phòng")
    expect(page).to_have_url(re.compile(rf"/nhan-su/{clerk.code}/$"))  # swapped in place, no navigation
