"""The Content-Security-Policy forbids inline script and style: the pages still get their CSS and
htmx, htmx's live search still works, and chromium reports no violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_pages_load_css_and_htmx_under_the_csp_without_violations(page, live_server, personas, login,
                                                                   make_person, province):
    make_person(province["SYT"], "Nguyễn Văn An")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    response = page.goto(f"{live_server.url}/dang-nhap/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    login(page, live_server, "can_bo_so_y_te")
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    page.fill("input[name=q]", "nguyen van")
    expect(page.locator("table tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/don-vi/")
    assert violations == []


def test_the_phone_menu_opens_and_the_admin_group_holds_the_admin_pages(page, live_server, personas, login):
    """At 390 px the navigation hides behind "Menu"; at 1366 px it is one line beside the account."""
    from playwright.sync_api import expect

    login(page, live_server, "so_noi_vu")
    page.set_viewport_size({"width": 1366, "height": 900})
    header = page.locator("header.top")
    assert header.bounding_box()["height"] <= 60  # one row, not wrapped
    expect(page.get_by_role("link", name="Nhật ký")).to_be_hidden()
    page.locator("header nav summary", has_text="Quản trị").click()
    expect(page.get_by_role("link", name="Nhật ký")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("header nav")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("header nav").get_by_role("link", name="Nhân sự")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
