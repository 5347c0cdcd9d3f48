"""Every shape the builder knows passes the Decree 30/2020 checker, in both regimes; the PDF and the
HTML carry the same text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from apps.documents.charts import bar_chart_png, bar_chart_svg
from apps.documents.nd30 import (
    Annex,
    Bullet,
    Cell,
    Heading,
    Image,
    OfficialDocument,
    PageBreak,
    Para,
    Signer,
    Table,
    fmt,
    pdf_layout,
    render_docx,
    render_html,
    render_pdf,
)
from apps.documents.testing import assert_nd30, nd30_problems

PNG = bar_chart_png("Lượt đào tạo", ["2024", "2025"], {"CBCC": [120, 180], "Viên chức": [300, 260.5]})


def plan(**overrides) -> OfficialDocument:
    blocks = [Heading("I. MỤC ĐÍCH, YÊU CẦU"), Para("Nâng cao chất lượng đội ngũ cán bộ, công chức."),
              Bullet("Bồi dưỡng theo vị trí việc làm."), Heading("1. Đối tượng", level=2),
              Table(header=[[Cell("TT", rowspan=2), Cell("Nội dung", rowspan=2), Cell("Số lớp", span=2)],
                            ["Tỉnh", "Huyện"]],
                    rows=[[1, "Lớp quản lý nhà nước", 2, 3], ["", "Tổng", 2, 3]], bold_rows=frozenset({1}),
                    widths_mm=[10, 95, 30, 30], title="Bảng 1"),
              Image(PNG, width_mm=150, caption="Biểu đồ 1"), PageBreak()]
    blocks += [Para(f"Đoạn {i}.") for i in range(45)]  # more than a page: page numbers required
    values = dict(kind="KẾ HOẠCH", summary="Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2027",
                  number="08/KH-UBND", issuing_body="ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", place="Sóc Trăng",
                  date=dt.date(2026, 9, 5), blocks=blocks,
                  annexes=[Annex(title="PHỤ LỤC I", subtitle="DANH MỤC LỚP", reference="(Kèm theo Kế hoạch số 08/KH-UBND)",
                                 blocks=[Table(header=[["TT", "Lớp", "Học viên"]], rows=[[1, "A", 1200]], size=11)])],
                  recipients=["Sở Nội vụ;", "Lưu: VT."],
                  signer=Signer(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name="Trần Văn Lâu"))
    values.update(overrides)
    return OfficialDocument(**values)


def test_a_plan_with_tables_images_and_a_landscape_annex_passes(tmp_path):
    data = render_docx(plan())
    assert_nd30(data)
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in text and "Nơi nhận:" not in text  # the recipients sit in the signature table
    assert document.sections[1].page_width > document.sections[1].page_height  # the annex is landscape
    header = document.tables[1]
    assert header.cell(0, 2).text == "Số lớp" and header.cell(0, 3).text == "Số lớp"  # merged
    assert header.cell(3, 2).text == "2" and header.cell(2, 1).text == "Lớp quản lý nhà nước"


def test_the_checker_catches_a_broken_document():
    """The check is not a formality: a document without the motto and number fails it."""
    from docx import Document as New

    broken = New()
    broken.add_paragraph("Không có quốc hiệu")
    out = io.BytesIO()
    broken.save(out)
    problems = nd30_problems(out.getvalue())
    assert any("Quốc hiệu" in p for p in problems) and any("A4" in p for p in problems)


def test_a_letter_to_the_chairman_and_a_blank_date():
    doc = plan(kind="TỜ TRÌNH", number="", date=None, year=2026, governing_body="UBND TỈNH SÓC TRĂNG",
               issuing_body="SỞ NỘI VỤ", addressee="Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
               signer=Signer(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Lê Thị B"), annexes=())
    assert doc.date_line == "Sóc Trăng, ngày … tháng … năm 2026" and doc.number_line == "Số:      /"
    assert_nd30(render_docx(doc))


def test_a_party_document_passes_the_party_rules():
    doc = plan(party=True, governing_body="ĐẢNG BỘ TỈNH SÓC TRĂNG", issuing_body="BAN TỔ CHỨC TỈNH ỦY",
               number="25-BC/BTCTU", kind="BÁO CÁO", annexes=())
    assert_nd30(render_docx(doc), party=True)
    assert nd30_problems(render_docx(plan()), party=True)  # a State document is not a Party one


def test_dates_print_as_officials_write_them():
    assert plan(date=dt.date(2026, 2, 5)).date_line == "Sóc Trăng, ngày 05 tháng 02 năm 2026"
    assert plan(date=dt.date(2026, 12, 15)).date_line == "Sóc Trăng, ngày 15 tháng 12 năm 2026"


@pytest.mark.parametrize(("value", "text"), [(75699, "75.699"), (37.1, "37,1"), (1234.5, "1.234,5"),
                                             (None, ""), (4.0, "4")])
def test_numbers_print_the_vietnamese_way(value, text):
    assert fmt(value) == text


def test_html_and_pdf_hold_the_same_document():
    doc = plan()
    page = render_html(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and 'colspan="2"' in page and "Trần Văn Lâu" in page
    assert "<script" not in page and "style=" not in page  # CSP: no inline styles on pages
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")
    pages = pdf_layout(doc).pages
    assert len(pages) >= 3 and pages[-1].width > pages[-1].height  # the annex is landscape
    assert pages[0].width < pages[0].height


def test_charts_draw_the_same_figures_as_png_and_svg():
    assert PNG.startswith(b"\x89PNG")
    svg = bar_chart_svg("Lượt", ["2024", "2025"], {"CBCC": [120, 180]})
    assert svg.count("<rect") == 3 and ">180<" in svg and "style=" not in svg
