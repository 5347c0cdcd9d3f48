"""The personal-data access log in a real browser: a leader opens a person's record, that person
signs in and finds the look under "Ai đã xem hồ sơ của tôi"; Sở Nội vụ reads it on the log page.
Both pages are checked at desktop (1366 px) and phone (390 px) widths: nothing wider than the
screen but the tables' own scroll boxes. Screenshots go to $DTBD_SCREENSHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def _check_fits(page, name: str, tmp_path: Path) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.table-scroll, table.list'))
            .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert not wide, f"{name} at {width}px: wider than the screen: {wide}"
        folder = Path(os.environ.get("DTBD_SCREENSHOTS") or tmp_path)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_a_leaders_look_shows_on_the_learners_record_and_in_the_log(browser, live_server, personas, login, tmp_path):
    own = personas["hoc_vien"].profile.person

    leader = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(leader, live_server, "lanh_dao")
    leader.goto(f"{live_server.url}/nhan-su/{own.code}/")
    expect(leader.get_by_role("heading", name=own.full_name)).to_be_visible()
    expect(leader.get_by_text("Ai đã xem hồ sơ của tôi")).to_have_count(0)  # not the leader's record
    leader.context.close()

    learner = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(learner, live_server, "hoc_vien")
    learner.goto(f"{live_server.url}/nhan-su/{own.code}/")
    expect(learner.get_by_role("heading", name="Ai đã xem hồ sơ của tôi")).to_be_visible()
    rows = learner.locator("#who-viewed tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lãnh đạo UBND tỉnh")
    expect(rows.first).to_contain_text("Lãnh đạo")
    expect(rows.first).to_contain_text("Xem: Hồ sơ cán bộ")
    learner.locator("#who-viewed").scroll_into_view_if_needed()
    _check_fits(learner, "hoc-vien-ai-da-xem", tmp_path)
    learner.context.close()

    admin = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(admin, live_server, "so_noi_vu")
    admin.locator("header nav summary", has_text="Quản trị").click()
    admin.get_by_role("link", name="Truy cập dữ liệu").click()
    expect(admin.get_by_role("heading", name="Nhật ký truy cập dữ liệu cá nhân")).to_be_visible()
    admin.fill("input[name=ma_can_bo]", own.code)
    admin.get_by_role("button", name="Lọc").click()
    leader_row = admin.locator("#access-log tbody tr", has_text="lanh_dao")
    expect(leader_row).to_have_count(1)
    expect(leader_row).to_contain_text("Lãnh đạo UBND tỉnh")
    expect(leader_row).to_contain_text("Hồ sơ cán bộ")
    expect(admin.locator("#access-log")).to_contain_text(f"{own.full_name} ({own.code})")
    admin.fill("input[name=ma_can_bo]", "")
    admin.get_by_role("button", name="Lọc").click()
    _check_fits(admin, "so-noi-vu-nhat-ky-truy-cap", tmp_path)
    admin.context.close()
