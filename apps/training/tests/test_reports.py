"""The printable training record: the rows both files share, the xlsx read back cell by cell, the
PDF (A4, the national title, the unit) laid out by WeasyPrint and its bytes, and the downloads."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from apps.core.models import AuditEntry
from apps.training import reports, services


@pytest.fixture
def record(make_class, personas, province, make_person, catalogue):
    """A nurse with a completed Trung cấp LLCT (costs from two sources) and an IT course abroad
    recorded from outside the system."""
    officer = personas["can_bo_so_y_te"]
    nurse = make_person(province["BVDK"], "Lê Thị Thu")
    klass = make_class(code="LLCT-1", organiser="SYT", programme="tcllct", start=dt.date(2024, 3, 4),
                       end=dt.date(2024, 9, 27))
    enrollment = services.enrollment_create(actor=officer, person=nurse, training_class=klass,
                                            costs={"ngan_sach_dia_phuong": 12_000_000, "ca_nhan_tu_tuc": 1_500_000})
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 9, 27),
                                 certificate_number="LLCT-015", certificate_date=dt.date(2024, 10, 5), result="Giỏi",
                                 hours_attended=1180)
    services.external_training_record(actor=officer, person=nurse, programme=catalogue["programmes"]["tin_hoc"],
                                      provider_name="Đại học Quốc gia Singapore", country="Singapore",
                                      start_date=dt.date(2022, 5, 1), end_date=dt.date(2022, 5, 10), hours=40,
                                      certificate_number="SG-7", certificate_date=dt.date(2022, 5, 12))
    return nurse


def test_rows_hold_a_header_one_line_per_lượt_newest_first_and_the_totals(record):
    lines = list(reports.rows(record))
    assert lines[0] == reports.HEADER
    assert [line[0] for line in lines[1:-1]] == ["1", "2"]
    first = dict(zip(reports.HEADER, lines[1], strict=True))
    assert first["Thời gian"] == "04/03/2024 – 27/09/2024"
    assert first["Chương trình"] == "Trung cấp lý luận chính trị - hành chính (lớp LLCT-1)"
    assert first["Số tiết"] == "1.180" and first["Trạng thái, kết quả"] == "Hoàn thành: Giỏi"
    assert first["Văn bằng, chứng chỉ"] == "LLCT-015, ngày 05/10/2024"
    assert first["Chi phí theo nguồn"] == "Ngân sách địa phương: 12.000.000 đồng; Cá nhân tự túc: 1.500.000 đồng"
    second = dict(zip(reports.HEADER, lines[2], strict=True))
    assert second["Cơ sở đào tạo"] == "Đại học Quốc gia Singapore (Singapore)"
    assert "ngoài hệ thống" in second["Chương trình"]
    assert lines[-1][2] == "2 lượt hoàn thành" and lines[-1][7] == "1.220" and lines[-1][-1] == "13.500.000 đồng"


def test_the_xlsx_carries_the_unit_the_national_title_the_person_and_the_table(record):
    export = reports.render_xlsx(record)
    assert export.filename == f"qua-trinh-dao-tao-{record.code}.xlsx"
    assert export.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet["A1"].value == "BỆNH VIỆN ĐA KHOA TỈNH"
    assert (sheet["H1"].value, sheet["H2"].value) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert sheet["A4"].value == "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG"
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[4][:2] == ["Họ và tên", "Lê Thị Thu"]
    header_at = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert values[header_at + 1][9] == "LLCT-015, ngày 05/10/2024"
    assert values[header_at][11] == "Tổng chi phí (đồng)"
    first, totals = values[header_at + 1], values[header_at + 3]
    assert (first[0], first[7], first[11]) == (1, 1180, 13_500_000)  # numbers, not text
    assert (totals[7], totals[11]) == (1220, 13_500_000)
    assert sheet.cell(header_at + 2, 8).number_format == "#,##0"
    assert re.fullmatch(r"Ngày \d\d tháng \d\d năm \d{4}", values[-1][7])


def test_a_failed_lượt_says_không_đạt_once(make_class, personas, province, make_person):
    officer = personas["can_bo_so_y_te"]
    person = make_person(province["BVDK"], "Đỗ Văn Trượt")
    klass = make_class(code="LOP-TRUOT", organiser="SYT")
    enrollment = services.enrollment_create(actor=officer, person=person, training_class=klass)
    services.enrollment_fail(actor=officer, enrollment=enrollment, result="Không đạt")
    sheet = load_workbook(io.BytesIO(reports.render_xlsx(person).content)).active
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Không đạt" in texts and not [t for t in texts if t.count("Không đạt") > 1]
    assert "Không đạt" in reports.record_html(person) and "Không đạt: Không đạt" not in reports.record_html(person)


def _page_text(box) -> str:
    text = getattr(box, "text", "") or ""
    return text + "".join(_page_text(child) for child in getattr(box, "children", []))


def _first_text_box(box):
    if getattr(box, "text", ""):
        return box
    return next((found for child in getattr(box, "children", []) if (found := _first_text_box(child))), None)


def test_the_pdf_is_an_a4_landscape_page_with_the_national_title_and_the_unit(record):
    from weasyprint import HTML

    document = HTML(string=reports.record_html(record)).render()
    assert len(document.pages) == 1
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (297, 210)  # A4 landscape, mm
    text = re.sub(r"\s", "", _page_text(page._page_box))  # line breaks take the spaces
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BỆNH VIỆN ĐA KHOA TỈNH",
                     "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG", "Lê Thị Thu", "LLCT-015, ngày 05/10/2024"):
        assert re.sub(r"\s", "", expected) in text, expected
    assert text.index("BỆNHVIỆN") < text.index("CỘNGHÒA")  # the unit first (top left), then the title
    assert _first_text_box(page._page_box).style["font_family"][0] == "Liberation Serif"  # Times-metric serif
    export = reports.render_pdf(record)
    assert export.content.startswith(b"%PDF") and export.content_type == "application/pdf"
    assert export.content.rstrip().endswith(b"%%EOF") and len(export.content) > 5_000


def test_downloading_the_record_is_logged_as_an_export(client_as, record):
    response = client_as("can_bo_so_y_te").get(f"/dao-tao/can-bo/{record.code}/qua-trinh.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="qua-trinh-dao-tao-{record.code}.xlsx"'
    assert AuditEntry.objects.filter(action="export", target_type="person", target_id=record.pk).count() == 1


def test_another_agency_gets_404_for_the_record(client_as, record):
    assert client_as("can_bo_so_giao_duc").get(f"/dao-tao/can-bo/{record.code}/qua-trinh.pdf").status_code == 404
