"""Reports in a real browser, the lists behind class counts and money figures and the documents
made in the background: Sở Nội vụ opens the annual statistics, clicks a class count and sees the
classes, clicks a money figure and sees the cost lines, downloads them; then asks for a plan
review as .docx, sees the job's progress, and downloads the file when the worker has made it
(``run_pending``: the worker's turn, in the test's thread).

``DTBD_SHOTS=DIR`` saves screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.jobs.testing import run_pending
from apps.reports.tests.conftest import dataset  # noqa: F401 - the hand-built province (a fixture)
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser




def test_class_counts_and_money_figures_open_their_lists(page, live_server, login, dataset, tmp_path):  # noqa: F811
    login(page, live_server, "so_noi_vu")
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Thống kê kết quả đào tạo, bồi dưỡng", exact=True).click()
    year = page.locator(".report-filters input[name=year]")
    year.fill("2025")
    year.press("Enter")
    expect(page.locator(".report-summary")).to_contain_text("6 lượt (5 người)")
    syt = dataset["province"]["SYT"].pk
    page.locator(f'#section-organisers a.fig[href*="danh-sach-lop/"][href*="value={syt}"]').click()
    expect(page.locator("h1")).to_have_text("Các lớp do Sở Y tế tổ chức")
    expect(page.locator("#names tbody tr")).to_have_count(1)
    expect(page.locator("#names")).to_contain_text("K1")
    expect(page.locator("#names")).to_contain_text("Trường Chính trị tỉnh")
    shot(page, "list-classes")
    page.go_back()
    page.locator('#section-spending a.fig[href*="value=ngan_sach_trung_uong"]').first.click()
    expect(page.locator("h1")).to_have_text("Kinh phí ngân sách trung ương")
    expect(page.locator("#list-totals")).to_contain_text("Dự toán: 50.000.000 đồng")
    expect(page.locator("#list-totals")).to_contain_text("Thực chi: 48.000.000 đồng")
    expect(page.locator("#names tbody")).to_contain_text("K2")
    shot(page, "list-costs")
    with page.expect_download() as info:
        page.locator("#names-xlsx").click()
    path = tmp_path / "kinh-phi.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[5][2] == "K2" and rows[5][8:10] == (50_000_000, 48_000_000)
    page.go_back()
    page.locator('#section-spending tr.total a.fig').last.click()  # the whole actual spending
    expect(page.locator("#list-totals")).to_contain_text("Thực chi: 173.000.000 đồng")
    expect(page.locator("#names")).to_contain_text("Phạm Thị Cúc")  # the master's abroad, outside classes


def test_a_review_docx_is_made_in_the_background(page, live_server, login, dataset, tmp_path):  # noqa: F811
    from apps.documents.testing import assert_nd30
    from apps.plans.models import Plan

    Plan.objects.create(code="KH-TEST", title="Kế hoạch đào tạo, bồi dưỡng giai đoạn 2024 - 2025",
                        issuing_body="Ủy ban nhân dân tỉnh Sóc Trăng", period_start=dt.date(2024, 1, 1),
                        period_end=dt.date(2025, 12, 31))
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/ke-hoach/KH-TEST/")
    page.locator("#plan-review").click()
    page.locator("#t-lessons").fill("Bài học viết trên trang.")
    page.locator("#review-docx").click()
    expect(page.locator("h1")).to_contain_text("Báo cáo tổng kết KH-TEST")
    expect(page.locator("#job-progress")).to_contain_text("Đang chờ")
    expect(page.locator("#job-progress progress")).to_be_visible()
    shot(page, "job-queued")
    [job] = [j for j in run_pending() if j.kind == "reports.review"]  # the worker's turn (and the flat copy's)
    assert job.status == "done", job.message
    link = page.get_by_role("link", name=f"Tải về {job.filename}")
    expect(link).to_be_visible(timeout=10_000)  # the progress part polls every second
    expect(page.locator("#job-progress")).to_contain_text("100%")
    shot(page, "job-done")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "tong-ket.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename == "tong-ket-KH-TEST-20251231.docx"
    assert_nd30(path)
    from docx import Document

    assert "Bài học viết trên trang." in "\n".join(p.text for p in Document(str(path)).paragraphs)
    page.goto(f"{live_server.url}/thong-bao/")
    expect(page.locator("main")).to_contain_text(f"Đã xong: {job.title}")
