"""Importing a class's results in a real browser: an agency officer uploads the provider's sheet
with one bad row, reads the row's message (nothing written), uploads the corrected sheet and finds
the qualification raised on the learner's person page."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _results(path, people, completed_on_of_second_row: str) -> None:
    from apps.training.io.columns import ENROLLMENT_COLUMNS

    headers = [c.header for c in ENROLLMENT_COLUMNS]
    rows = [{"Mã lớp": "TC-YT-2024", "Mã cán bộ": person.code, "Họ và tên": person.full_name,
             "Trạng thái": "Hoàn thành", "Kết quả": "Khá", "Số văn bằng/chứng chỉ": f"TCLL-{i:04d}",
             "Ngày cấp": "30/11/2024", "Ngày hoàn thành": "29/11/2024",
             "Kinh phí - Ngân sách địa phương": "8.500.000"} for i, person in enumerate(people, start=1)]
    rows[1]["Ngày hoàn thành"] = completed_on_of_second_row
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


@pytest.fixture
def syt_class(personas, province):
    """A full-time Trung cấp LLCT class organised by Sở Y tế (grants political theory trung cấp)."""
    from apps.people.models import QualificationLevel
    from apps.training import services
    from apps.training.models import ContentArea, DeliveryForm

    admin = personas["so_noi_vu"]
    provider = services.provider_create(actor=admin, code="TCT", name="Trường Chính trị tỉnh Sóc Trăng")
    programme = services.programme_create(
        actor=admin, code="TCLLCT", name="Trung cấp lý luận chính trị - hành chính", kind="boi_duong",
        fostering_family="chuc_vu", content_areas=ContentArea.objects.filter(code="ly_luan_chinh_tri"),
        grants_level=QualificationLevel.objects.get(dimension="ly_luan_chinh_tri", code="trung_cap"))
    return services.class_create(actor=personas["can_bo_so_y_te"], data=services.ClassData(
        code="TC-YT-2024", programme=programme, provider=provider, organiser_id=province["SYT"].pk,
        form=DeliveryForm.objects.get(code="tap_trung"), start_date=dt.date(2024, 3, 4),
        end_date=dt.date(2024, 11, 29)))


def test_officer_imports_results_fixes_a_bad_row_and_sees_the_qualification(
        page, live_server, personas, login, tmp_path, syt_class, make_person, province):
    from apps.people.models import Qualification
    from apps.training.models import Enrollment

    people = [make_person(province["SYT"], "Nguyễn Văn An"), make_person(province["BVDK"], "Thạch Thị Sa Ri")]
    bad, good = tmp_path / "ket-qua.xlsx", tmp_path / "ket-qua-da-sua.xlsx"
    _results(bad, people, "31/02/2024")
    _results(good, people, "29/11/2024")
    login(page, live_server, "can_bo_so_y_te")

    page.goto(f"{live_server.url}/dao-tao/lop/")
    page.get_by_role("link", name="Nhập kết quả từ tệp").click()
    expect(page.get_by_role("heading", name="Nhập kết quả học tập từ tệp")).to_be_visible()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Nhập", exact=True).click()

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Dòng 3, cột Ngày hoàn thành: ngày 31/02/2024 không tồn tại")
    expect(errors).to_contain_text("dữ liệu chưa thay đổi")
    assert not Enrollment.objects.exists()
    assert not Qualification.objects.filter(source="training").exists()

    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã nhập: 2 lượt ghi danh mới, 0 cập nhật, 0 không đổi; "
                                                      "2 lượt hoàn thành, 2 trình độ được ghi vào hồ sơ.")

    page.goto(f"{live_server.url}/nhan-su/{people[1].code}/")
    profile = page.locator("#profile")
    expect(profile.locator("tr", has_text="Lý luận chính trị")).to_contain_text("Trung cấp")
    expect(profile.locator("tr", has_text="Lý luận chính trị")).to_contain_text("TCLL-0002")
