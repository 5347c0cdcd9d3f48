"""The roadmap's tasks in a real browser: Sở Nội vụ generates the tasks of a plan; Sở Y tế's
officer opens their unit's tasks, filters them by year (htmx), uploads a product and marks the
task done; Sở Nội vụ reads the overdue list. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _plan(province) -> None:
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create
    from apps.plans import deadlines
    from apps.plans.models import Plan, PlanTask

    unit_create(actor=SYSTEM, code="SNV", name="Sở Nội vụ", level=Level.PROVINCE, kind=UnitKind.STATE,
                parent=province["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    year = timezone.localdate().year
    plan = Plan.objects.create(code="KH-NV", title="Kế hoạch đào tạo, bồi dưỡng (mẫu)", issuing_body="UBND tỉnh",
                               period_start=dt.date(year - 1, 1, 1), period_end=dt.date(year + 1, 12, 31))
    rows = [("1", "Tổ chức phổ biến, quán triệt trách nhiệm về công tác đào tạo, bồi dưỡng",
             "Các cơ quan hành chính, đơn vị sự nghiệp các cấp của tỉnh", [], "02 lần/năm"),
            ("2", "Tổ chức rà soát, đánh giá công tác đào tạo, bồi dưỡng", "Sở Nội vụ", ["SNV"], f"Năm {year - 1}")]
    for order, (number, text, lead, codes, deadline) in enumerate(rows, 1):
        PlanTask.objects.create(plan=plan, order=order, number=number, text=text, lead_units=lead,
                                lead_unit_codes=codes, deadline_text=deadline, deadline=deadlines.parse(deadline))




def _logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def test_officer_uploads_a_product_and_marks_done_then_home_affairs_reads_the_overdue_list(
        page, live_server, personas, province, login, settings, tmp_path):
    from apps.roadmap.models import RoadmapTask, TaskStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    _plan(province)
    today = timezone.localdate()
    year = today.year

    login(page, live_server, "so_noi_vu")
    page.locator("header nav").get_by_role("link", name="Nhiệm vụ").click()
    page.locator("#generate summary").click()
    page.get_by_role("button", name="Sinh nhiệm vụ: KH-NV").click()
    expect(page.locator(".messages")).to_contain_text("Kế hoạch KH-NV: 25 nhiệm vụ mới")  # SGD, SNV, SYT, H01 × 6 + 1
    _logout(page)

    login(page, live_server, "can_bo_so_y_te")
    page.locator("header nav").get_by_role("link", name="Nhiệm vụ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ của đơn vị")
    rows = page.locator("#task-list tbody tr")
    expect(rows).to_have_count(6)  # Sở Y tế's own: 2 a year for 3 years
    page.select_option("#f-year", str(year))
    expect(rows).to_have_count(2)
    assert f"nam={year}" in page.url  # the filter is in the address (htmx push)
    shot(page, "my-tasks")

    task = RoadmapTask.objects.filter(unit__code="SYT", due__gte=today).order_by("due").first()
    page.locator(f"tr[data-task='{task.pk}'] a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổ chức phổ biến")
    product = tmp_path / "Báo cáo kết quả.pdf"
    product.write_bytes(PDF)
    page.set_input_files("#product-form input[type=file]", str(product))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".messages")).to_contain_text("Đã tải lên sản phẩm.")
    expect(page.locator("#product")).to_contain_text("Báo cáo kết quả.pdf")
    page.select_option("#status-form select", "done")
    page.fill("#status-form textarea", "Đã tổ chức hội nghị quán triệt ngày 15/6.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#task-facts")).to_contain_text("Hoàn thành")
    expect(page.locator("#history")).to_contain_text("Tải lên sản phẩm")
    shot(page, "task")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.product_name == "Báo cáo kết quả.pdf"
    _logout(page)

    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/nhiem-vu/qua-han/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ quá hạn")
    overdue = RoadmapTask.objects.overdue(today)
    expect(page.locator("#task-list tbody tr")).to_have_count(overdue.count())
    expect(page.locator("#task-list")).to_contain_text("Tổ chức rà soát, đánh giá")
    assert task not in overdue
    page.select_option("#f-unit", "SNV")
    expect(page.locator("#task-list tbody tr")).to_have_count(overdue.filter(unit__code="SNV").count())
    shot(page, "overdue")
