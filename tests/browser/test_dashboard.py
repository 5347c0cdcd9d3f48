"""The plan dashboard in a real browser: Sở Nội vụ opens a plan's targets, drills into the law
update target, narrows the gap list to one agency (htmx) and downloads it as xlsx."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from apps.dashboard.tests.conftest import plan, population, results_inline  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("results_inline")]  # figures at once


def _rows(path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_home_affairs_drills_into_a_target_and_downloads_its_gap_list(page, live_server, personas, login,
                                                                        plan, population, tmp_path):  # noqa: F811
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/ke-hoach/KH-TEST/chi-tieu/?ngay=30/06/2025")
    expect(page.get_by_role("heading", name="Theo dõi chỉ tiêu: Kế hoạch ĐTBD thử nghiệm 2021–2025")).to_be_visible()
    expect(page.locator("#target-PL")).to_contain_text("3/6")
    expect(page.locator("#target-PL .badge")).to_have_text("Chưa đến hạn")
    expect(page.locator("#target-THS .badge")).to_have_text("Đạt")
    expect(page.locator("#grid tr[data-unit=SYT]")).to_contain_text("33,3%")
    expect(page.locator("#chart-PL circle")).to_have_count(5)

    page.locator("#target-PL").get_by_role("link", name="PL").click()
    expect(page.get_by_role("heading", name="Chỉ tiêu PL")).to_be_visible()
    gaps = page.locator("#gap-list")
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Võ Thị Em"):
        expect(gaps).to_contain_text(name)
    expect(gaps).to_contain_text("Chưa được bồi dưỡng về kiến thức pháp luật trong năm 2025")

    page.select_option("#gap-unit", "SYT")  # htmx swaps the list in place
    expect(gaps.locator("tbody tr")).to_have_count(2)
    expect(gaps).not_to_contain_text("Võ Thị Em")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải danh sách (xlsx)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = _rows(target)
    header = next(i for i, r in enumerate(rows) if r[:2] == ("Mã cán bộ", "Họ và tên"))  # below the title block
    assert rows[0][0] == "DANH SÁCH NGƯỜI CÒN THIẾU SO VỚI CHỈ TIÊU"
    assert [(r[0], r[1]) for r in rows[header + 1:]] == [("YT-BINH", "Trần Thị Bình"), ("YT-CUONG", "Lê Văn Cường")]
    assert target.name.endswith("-SYT.xlsx")


def test_agency_officer_sees_their_sub_units_and_narrows_to_one(page, live_server, personas, login,
                                                                plan, population):  # noqa: F811
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/ke-hoach/KH-TEST/chi-tieu/?ngay=30/06/2025")
    expect(page.locator("#scope")).to_have_text("Sở Y tế")
    expect(page.locator("#target-PL")).to_contain_text("1/3")
    grid = page.locator("#grid")
    expect(grid.locator("tbody tr")).to_have_count(3)  # its office, its hospital, the province
    expect(grid.locator("tr[data-unit=SYT]")).to_contain_text("Cơ quan Sở Y tế")
    expect(grid.locator("tr[data-unit=SYT]")).to_contain_text("50,0%")
    expect(grid.locator("tr[data-unit=BVDK]")).to_contain_text("0,0%")
    expect(grid.locator("tr[data-unit='*']")).to_contain_text("Toàn tỉnh (để so sánh)")

    grid.locator("tr[data-unit=BVDK]").get_by_role("link").click()
    expect(page.locator("#scope")).to_have_text("Bệnh viện Đa khoa tỉnh")
    expect(page.locator("#target-PL")).to_contain_text("0/1")
