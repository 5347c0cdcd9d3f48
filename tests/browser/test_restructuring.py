"""Sở Nội vụ merges two communes into a new one in a real browser: a confirmation states how many
people move, the new unit lists them, and the tree as of the day before still shows the old units.
Uses the shared fixtures of tests/browser/conftest.py (``page``, ``login``, transactional db)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def commune_people(province, make_person):
    return [make_person(province["X01"], "Nguyễn Văn An"),
            make_person(province["X01"], "Lê Thị Bình", gender="nu"),
            make_person(province["X02"], "Thạch Châu")]


def test_home_affairs_merges_two_communes_and_the_old_tree_stays_visible_as_of_the_day_before(
        page, live_server, personas, province, commune_people, login):
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/don-vi/")
    page.get_by_role("link", name="Sáp nhập đơn vị").click()
    expect(page.get_by_role("heading", name="Sáp nhập đơn vị")).to_be_visible()

    page.get_by_label("Các đơn vị được sáp nhập").select_option(
        label=["UBND xã Mỹ Hương (X01)", "UBND xã Long Hưng (X02)"])
    page.get_by_label("Hoặc thành lập đơn vị mới: mã").fill("X03")
    page.get_by_label("Tên đơn vị mới").fill("UBND xã Mỹ Hương Long")
    page.get_by_label("Ngày có hiệu lực").fill("01/07/2025")
    page.get_by_label("Số quyết định").fill("Số 1234/NQ-UBTVQH15")
    page.get_by_role("button", name="Tiếp tục").click()

    confirmation = page.locator("#confirmation")
    expect(confirmation).to_contain_text("3 người sẽ chuyển sang đơn vị tiếp nhận")
    expect(confirmation).to_contain_text("thôi hoạt động sau ngày 30/06/2025")
    page.get_by_role("button", name="Xác nhận").click()

    expect(page).to_have_url(f"{live_server.url}/don-vi/X03/")
    expect(page.locator(".messages")).to_contain_text("3 người chuyển đơn vị")
    expect(page.get_by_role("heading", name=re.compile("UBND xã Mỹ Hương Long"))).to_be_visible()

    page.get_by_role("link", name="3 người").click()
    rows = page.locator("#people-table tbody tr")
    expect(rows).to_have_count(3)
    for person in commune_people:
        expect(page.locator("#people-table")).to_contain_text(person.full_name)
    expect(rows.first).to_contain_text("UBND xã Mỹ Hương Long")

    page.get_by_role("link", name="Cơ quan, đơn vị").click()
    page.get_by_label("Xem sơ đồ tại ngày").fill("30/06/2025")
    page.get_by_role("button", name="Xem").click()
    tree = page.locator("#unit-tree")
    expect(tree).to_contain_text("UBND xã Mỹ Hương")
    expect(tree).to_contain_text("UBND xã Long Hưng")
    expect(tree).not_to_contain_text("Mỹ Hương Long")

    page.get_by_label("Xem sơ đồ tại ngày").fill("01/07/2025")
    page.get_by_role("button", name="Xem").click()
    expect(tree).to_contain_text("UBND xã Mỹ Hương Long")
    expect(tree).not_to_contain_text("UBND xã Long Hưng")


def test_an_agency_officer_gets_no_restructuring_page(page, live_server, personas, login):
    login(page, live_server, "can_bo_so_y_te")
    response = page.goto(f"{live_server.url}/don-vi/sap-nhap/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền")).to_be_visible()
