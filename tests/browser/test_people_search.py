"""The people list as an agency officer uses it in a real browser: live search without diacritics,
scoped to their agency, then the person's page with the service history."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM

pytestmark = pytest.mark.browser


@pytest.fixture
def two_ans(province, make_person):
    """A "Nguyễn Văn An" in Sở Y tế (moved to its hospital in 2024) and a namesake in Sở GD."""
    from apps.people.services import PersonData, person_update

    an_syt = make_person(province["SYT"], "Nguyễn Văn An")
    an_sgd = make_person(province["SGD"], "Nguyễn Văn An")
    make_person(province["SYT"], "Phạm Thị Hoa")
    fields = {f: getattr(an_syt, f) for f in PersonData.__dataclass_fields__ if hasattr(an_syt, f)}
    person_update(actor=SYSTEM, person=an_syt, data=PersonData(**dict(fields, unit_id=province["BVDK"].pk)),
                  effective_on=dt.date(2024, 3, 1), reason="Điều động")
    return an_syt, an_sgd


def test_login_page_is_vietnamese_and_rejects_a_wrong_password(page, live_server, personas):
    page.goto(f"{live_server.url}/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.fill("input[name=username]", "can_bo_so_y_te")
    page.fill("input[name=password]", "sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".errors")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))


def test_anonymous_visitor_is_sent_to_the_login_page(page, live_server):
    page.goto(f"{live_server.url}/nhan-su/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/nhan-su/"))
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def test_officer_finds_own_agency_person_without_diacritics_and_never_the_other_agencys_namesake(
        page, live_server, personas, two_ans, login):
    an_syt, an_sgd = two_ans
    login(page, live_server, "can_bo_so_y_te")
    results = page.locator("#results")
    expect(results).to_contain_text("Phạm Thị Hoa")  # before searching: the whole agency

    page.fill("#q", "nguyen van an")  # typed without diacritics; htmx searches as one types

    expect(results.locator("tbody tr")).to_have_count(1)
    row = results.locator("tbody tr").first
    expect(row).to_contain_text("Nguyễn Văn An")
    expect(row).to_contain_text(an_syt.code)
    expect(row).to_contain_text("Bệnh viện Đa khoa tỉnh")
    expect(results).not_to_contain_text(an_sgd.code)
    expect(results).not_to_contain_text("Sở Giáo dục")
    expect(results).to_contain_text("1 người")
    expect(page).to_have_url(re.compile(r"q=nguyen(\+|%20)van(\+|%20)an"))  # hx-push-url

    row.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page).to_have_url(f"{live_server.url}/nhan-su/{an_syt.code}/")
    history = page.locator("#history tbody tr")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("01/03/2024")
    expect(history.nth(0)).to_contain_text("Bệnh viện Đa khoa tỉnh")
    expect(history.nth(0)).to_contain_text("Điều động")
    expect(history.nth(1)).to_contain_text("01/01/2020")
    expect(history.nth(1)).to_contain_text("29/02/2024")
    expect(history.nth(1)).to_contain_text("Sở Y tế")


def test_officer_opening_another_agencys_person_by_address_gets_not_found(
        page, live_server, personas, two_ans, login):
    _, an_sgd = two_ans
    login(page, live_server, "can_bo_so_y_te")
    response = page.goto(f"{live_server.url}/nhan-su/{an_sgd.code}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
