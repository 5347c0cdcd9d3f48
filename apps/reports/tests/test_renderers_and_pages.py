"""The shared renderers read back (xlsx with openpyxl, docx through the Decree 30 checker) and
the pages: figures link to their names, an officer sees their agency only."""

import io
import re

import pytest
from openpyxl import load_workbook

from apps.documents.testing import assert_nd30
from apps.reports import contract
from apps.reports.annual import annual_stats
from apps.reports.annual_report import annual_report, opening_sentence
from apps.reports.selection import select

pytestmark = pytest.mark.django_db


def _report(dataset, who="so_noi_vu", **kw):
    return annual_report(annual_stats(select(dataset["personas"][who], year=2025, **kw)))


def test_the_opening_sentence_reads_like_a_plans_review(dataset):
    stats = annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025))
    assert opening_sentence(stats) == (
        "Năm 2025, toàn tỉnh đã tổ chức đào tạo, bồi dưỡng cho 6 lượt (5 người), trong đó cán bộ, công chức "
        "4 lượt, viên chức 2 lượt; ở nước ngoài 1 lượt; tổng kinh phí 173.000.000 đồng (ngân sách trung ương "
        "27,7%, ngân sách địa phương 14,5%, tài trợ, học bổng nước ngoài 57,8%).")


def test_xlsx_has_the_title_block_merged_headers_and_number_formats(dataset):
    data = contract.render_xlsx(_report(dataset))
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "THỐNG KÊ KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"
    assert values[1][0] == "Năm 2025" and values[2][0] == "Đơn vị: Toàn tỉnh" and values[3][0].startswith("Ngày lập: ")
    total = next(i for i, r in enumerate(values) if r[1] == "Tổng số")
    assert values[total][2:6] == [6, 5, 1, 500]  # lượt, people, the year before, +500 %
    assert sheet.cell(total + 1, 3).number_format == "#,##0" and sheet.cell(total + 1, 6).number_format == "0.0"
    assert any(str(rng).startswith("E") for rng in sheet.merged_cells.ranges)  # "Cùng kỳ năm trước" over E:F
    spending = next(i for i, r in enumerate(values) if r[1] == "Tài trợ, học bổng nước ngoài")
    assert values[spending][2:5] == [0, 100_000_000, 57.8]
    assert sheet.column_dimensions["B"].width == 48


def test_docx_passes_the_decree_30_checker_and_pdf_is_made(dataset):
    report = _report(dataset)
    docx = contract.render_docx(report)
    assert_nd30(docx)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "BÁO CÁO" in text and "6 lượt (5 người)" in text
    assert contract.render_pdf(report)[:4] == b"%PDF"


def test_the_page_links_every_figure_to_its_names(dataset, client_as):
    page = client_as("so_noi_vu").get("/bao-cao/thong-ke-nam/?year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    link = re.search(r'href="(/bao-cao/danh-sach/\?year=2025&amp;dim=category&amp;value=vien_chuc)">2<', html)
    assert link, "the viên chức figure links to its names"
    names = client_as("so_noi_vu").get(link.group(1).replace("&amp;", "&"))
    body = names.content.decode()
    assert "Thạch Thị Bé" in body and "Phạm Thị Cúc" in body and "Lê Văn An" not in body
    xlsx = client_as("so_noi_vu").get(link.group(1).replace("&amp;", "&") + "&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[4:]] == ["Thạch Thị Bé", "Phạm Thị Cúc"]  # by given name: Bé, Cúc


def test_the_minimum_lists_people(dataset, client_as):
    page = client_as("so_noi_vu").get("/bao-cao/danh-sach/?year=2025&dim=minimum&value=short")
    assert "Trần Văn Em" in page.content.decode() and "Lê Văn An" not in page.content.decode()


def test_an_officer_sees_only_their_agency(dataset, client_as):
    page = client_as("can_bo_so_y_te").get("/bao-cao/thong-ke-nam/?year=2025")
    html = page.content.decode()
    assert "Sở Y tế" in html and "3 lượt (2 người)" in html
    other = client_as("can_bo_so_y_te").get("/bao-cao/thong-ke-nam/?year=2025&unit=SGD")
    assert other.status_code == 422 and "Không có đơn vị mã “SGD”" in other.content.decode()
    names = client_as("can_bo_so_y_te").get("/bao-cao/danh-sach/?year=2025&dim=all&value=")
    assert "Phạm Thị Cúc" not in names.content.decode() and "Lê Văn An" in names.content.decode()


def test_the_docx_download_and_a_background_job(dataset, client_as):
    from apps.jobs.testing import run_pending

    c = client_as("so_noi_vu")
    docx = c.get("/bao-cao/thong-ke-nam/tai-ve/docx/?year=2025")
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('thong-ke-2025.docx"')
    assert_nd30(docx.content)
    started = c.post("/bao-cao/thong-ke-nam/nen/xlsx/", {"year": "2025"})
    assert started.status_code == 302
    [job] = run_pending()
    assert job.status == "done" and job.filename == "thong-ke-2025.xlsx"
    from apps.notifications.models import Notification

    assert Notification.objects.filter(user=dataset["personas"]["so_noi_vu"], url=job.get_absolute_url()).exists()


def test_bad_input_is_a_message_not_a_500(dataset, client_as):
    c = client_as("so_noi_vu")
    assert c.get("/bao-cao/thong-ke-nam/?year=abc").status_code == 422
    assert c.get("/bao-cao/thong-ke-nam/?from=2025-02-30&to=2025-03-01").status_code == 422
    assert c.get("/bao-cao/danh-sach/?year=2025&dim=nope&value=x").status_code == 404


def test_the_page_is_cached_until_the_data_change(dataset, client_as):
    import datetime as dt

    from apps.accounts.access import SYSTEM
    from apps.training.models import Programme
    from apps.training.services import external_training_record

    c = client_as("so_noi_vu")
    assert "6 lượt (5 người)" in c.get("/bao-cao/thong-ke-nam/?year=2025").content.decode()
    assert "6 lượt (5 người)" in c.get("/bao-cao/thong-ke-nam/?year=2025").content.decode()  # from the cache
    external_training_record(actor=SYSTEM, person=dataset["people"]["E"], programme=Programme.objects.get(code="LAW"),
                             provider_name="Trường Chính trị tỉnh", start_date=dt.date(2025, 10, 1),
                             end_date=dt.date(2025, 10, 3))
    assert "7 lượt (5 người)" in c.get("/bao-cao/thong-ke-nam/?year=2025").content.decode()
