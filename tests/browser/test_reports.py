"""Reports in a real browser: Sở Nội vụ opens the annual statistics from the Báo cáo menu, picks
the year (htmx), clicks a figure, sees the names behind it, downloads the .docx (it passes
nd30_check); an agency officer sees only their agency's figures.

``DTBD_SHOTS=DIR`` also saves screenshots at 1366 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.reports.tests.conftest import dataset  # noqa: F401 - the hand-built province (a fixture)
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser




def test_home_affairs_drills_into_a_figure_and_downloads_the_docx(page, live_server, login, dataset, tmp_path):  # noqa: F811
    from apps.documents.testing import assert_nd30

    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, live_server, "so_noi_vu")
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Thống kê kết quả đào tạo, bồi dưỡng", exact=True).click()
    year = page.locator(".report-filters input[name=year]")
    year.fill("2025")
    year.press("Enter")
    expect(page.locator(".report-summary")).to_contain_text("6 lượt (5 người)")
    shot(page, "annual")
    page.locator('#section-category a.fig[href*="value=vien_chuc"]').first.click()
    expect(page.locator("h1")).to_contain_text("Viên chức")
    expect(page.locator("#names")).to_contain_text("Thạch Thị Bé")
    expect(page.locator("#names")).to_contain_text("Phạm Thị Cúc")
    expect(page.locator("#names")).not_to_contain_text("Lê Văn An")
    shot(page, "names")
    page.go_back()
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    path = tmp_path / "thong-ke.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename == "thong-ke-2025.docx"
    assert_nd30(path)
    assert violations == []  # the SVG chart and the htmx filters run under the CSP


def test_an_officer_sees_only_their_agency(page, live_server, login, dataset):  # noqa: F811
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/bao-cao/thong-ke-nam/?year=2025")
    expect(page.locator(".report-meta")).to_contain_text("Sở Y tế")
    expect(page.locator(".report-summary")).to_contain_text("3 lượt (2 người)")
    expect(page.locator("select[name=unit] option")).not_to_have_text(["Toàn tỉnh"])
    shot(page, "annual-officer")
    page.locator("#section-overview a.fig").first.click()
    expect(page.locator("#names")).to_contain_text("Lê Văn An")
    expect(page.locator("#names")).not_to_contain_text("Phạm Thị Cúc")


def test_the_party_form_and_a_plan_review_on_screen(page, live_server, login, dataset):  # noqa: F811
    import datetime as dt

    from apps.plans.models import Plan, PlanTarget

    plan = Plan.objects.create(code="KH-TEST", title="Kế hoạch đào tạo, bồi dưỡng giai đoạn 2024 - 2025",
                               issuing_body="Ủy ban nhân dân tỉnh Sóc Trăng", period_start=dt.date(2024, 1, 1),
                               period_end=dt.date(2025, 12, 31))
    PlanTarget.objects.create(plan=plan, order=1, code="CC-PL", text="80% công chức cập nhật pháp luật hằng năm", spec={
        "population": {"categories": ["cong_chuc"]}, "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"},
        "each_unit": True,
        "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}}})
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/bao-cao/bieu-mau/10-BTCTW/?year=2025")
    expect(page.locator("#section-form")).to_contain_text("Cập nhật kiến thức mới")
    shot(page, "form-10-btctw")
    page.goto(f"{live_server.url}/ke-hoach/KH-TEST/")
    page.locator("#plan-review").click()
    expect(page.locator("#section-targets")).to_contain_text("Chưa đạt")
    assert "UBND huyện Mỹ Tú" in page.locator("#t-limits").input_value()
    shot(page, "review")
