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
