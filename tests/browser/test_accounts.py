"""Accounts in a real browser: Sở Nội vụ creates an officer account for a unit, reads the one-time
password, and that officer signs in and lands on their own unit's people. The pages are checked at
1366 px and 390 px (nothing wider than the screen but the tables' own scroll boxes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _shots(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DTBD_SCREENSHOTS") or tmp_path)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.table-scroll, table.list')).length""")
        assert not wide, f"{name} at {width}px is wider than the screen"
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_the_department_creates_an_officer_account_and_the_officer_signs_in(
        browser, page, live_server, personas, province, make_person, login, tmp_path):
    make_person(province["BVDK"], "Huỳnh Văn Viện", code="BV-0001")
    make_person(province["SGD"], "Lâm Thị Giáo", code="GD-0009")
    login(page, live_server, "so_noi_vu")
    page.locator("header nav summary", has_text="Quản trị").click()  # the admin pages are grouped
    page.get_by_role("link", name="Tài khoản").click()
    expect(page.get_by_role("heading", name="Tài khoản người dùng")).to_be_visible()
    _shots(page, "accounts-list", tmp_path)
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("can_bo_benh_vien")
    page.get_by_label("Họ và tên").fill("Cán bộ Bệnh viện Đa khoa")
    page.get_by_label("Vai trò").select_option("agency_officer")
    page.get_by_label("Đơn vị (cán bộ tổ chức)").select_option(label="Bệnh viện Đa khoa tỉnh (BVDK)")
    _shots(page, "accounts-form", tmp_path)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Đã tạo tài khoản can_bo_benh_vien")).to_be_visible()
    password = page.locator("#new-password").inner_text()
    _shots(page, "accounts-password", tmp_path)

    officer = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    officer.goto(f"{live_server.url}/dang-nhap/")
    officer.get_by_label("Tên đăng nhập").fill("can_bo_benh_vien")
    officer.get_by_label("Mật khẩu").fill(password)
    officer.get_by_role("button", name="Đăng nhập").click()
    expect(officer.get_by_text("Huỳnh Văn Viện")).to_be_visible()
    expect(officer.get_by_text("Lâm Thị Giáo")).to_have_count(0)
    officer.context.close()
