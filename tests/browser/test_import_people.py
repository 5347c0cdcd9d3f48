"""Importing people in a real browser: an agency officer uploads a sheet with one bad row, reads
the row's message, fixes it, uploads again and finds the new person in the list."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _sheet(path, birth_date_of_second_row: str) -> None:
    from apps.people.io.columns import HEADERS

    rows = [
        {"Mã cán bộ": "NK00001", "Họ và tên": "Lê Thị Hồng Nhung", "Giới tính": "Nữ", "Ngày sinh": "02/09/1990",
         "Dân tộc": "Kinh", "Số CCCD": "094100000001", "Mã đơn vị": "SYT", "Đối tượng": "Công chức",
         "Ngày vào cơ quan": "01/07/2015", "Mã ngạch/chức danh": "01.003", "Trình độ chuyên môn": "Đại học"},
        {"Mã cán bộ": "NK00002", "Họ và tên": "Thạch Văn Sơn", "Giới tính": "Nam",
         "Ngày sinh": birth_date_of_second_row, "Dân tộc": "Khmer", "Số CCCD": "094100000002",
         "Mã đơn vị": "BVDK", "Đối tượng": "Viên chức", "Ngày vào cơ quan": "01/03/2018",
         "Mã ngạch/chức danh": "V.08.01.03"},
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())


def test_officer_fixes_a_bad_row_and_imports_the_file(page, live_server, personas, login, tmp_path):
    from apps.people.models import Person

    bad, good = tmp_path / "danh-sach.xlsx", tmp_path / "danh-sach-da-sua.xlsx"
    _sheet(bad, "31/02/1992")
    _sheet(good, "28/02/1992")
    login(page, live_server, "can_bo_so_y_te")

    page.get_by_role("link", name="Nhập từ tệp").click()
    expect(page.get_by_role("heading", name="Nhập danh sách nhân sự từ tệp")).to_be_visible()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Nhập", exact=True).click()

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Dòng 3, cột Ngày sinh: ngày 31/02/1992 không tồn tại")
    expect(errors).to_contain_text("dữ liệu chưa thay đổi")
    assert not Person.objects.filter(code__in=["NK00001", "NK00002"]).exists()

    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Nhập", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Đã nhập: 2 thêm mới, 0 cập nhật, 0 không đổi.")
    results = page.locator("#results")
    expect(results).to_contain_text("Thạch Văn Sơn")
    expect(results).to_contain_text("NK00002")
    expect(results).to_contain_text("Lê Thị Hồng Nhung")
