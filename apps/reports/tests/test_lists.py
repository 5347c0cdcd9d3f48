"""The lists behind class counts and money figures (apps.reports.lists) over the dataset of
conftest.py: each list adds up to its figure, the page links to it, the .xlsx reads back, an
officer's lists hold their agency's classes and costs only."""

import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from openpyxl import load_workbook

from apps.reports.annual import annual_stats
from apps.reports.annual_report import annual_report
from apps.reports.lists import class_list, cost_list
from apps.reports.selection import SelectionError, select

pytestmark = pytest.mark.django_db


def _sel(dataset, who="so_noi_vu"):
    return select(dataset["personas"][who], year=2025)


def _codes(names):
    return [row[0] for row in names.rows]


def test_class_counts_open_their_classes(dataset):
    sel, province = _sel(dataset), dataset["province"]
    assert _codes(class_list(sel, "all", "")) == ["K1", "K2"]
    by_syt = class_list(sel, "organiser", str(province["SYT"].pk))
    assert by_syt.label == "Các lớp do Sở Y tế tổ chức"
    assert [by_syt.line(1, r) for r in by_syt.rows] == [
        [1, "K1", "Cập nhật kiến thức pháp luật", "Sở Y tế", "Trường Chính trị tỉnh", "06/03/2025", "10/03/2025", 2]]
    tct = dataset["classes"]["K1"].provider_id
    assert [(r[0], r[-1]) for r in class_list(sel, "provider", str(tct)).rows] == [("K1", 2), ("K2", 1)]


def test_money_figures_open_their_cost_lines(dataset):
    sel = _sel(dataset)
    central = cost_list(sel, "ngan_sach_trung_uong")
    assert [central.line(1, r) for r in central.rows] == [
        [1, "Lớp", "K2", "Trung cấp lý luận chính trị", "UBND tỉnh Sóc Trăng", "Trung cấp lý luận chính trị", "20/11/2025", "Ngân sách trung ương",
         50_000_000, 48_000_000]]
    foreign = cost_list(sel, "tai_tro_nuoc_ngoai")
    assert [foreign.line(1, r) for r in foreign.rows] == [
        [1, "Học ngoài lớp", dataset["people"]["C"].code, "Phạm Thị Cúc", "Trường THPT Lê Lợi", "Thạc sĩ quản lý công",
         "30/06/2025", "Tài trợ, học bổng nước ngoài", None, 100_000_000]]
    everything = cost_list(sel, "")
    assert everything.sums == (80_000_000, 173_000_000)
    assert [r[1] for r in everything.rows] == ["K1", "K2", dataset["people"]["C"].code]
    assert everything.rows.count() == 3 and everything.rows[1:3][0][1] == "K2"


def test_every_class_and_money_figure_equals_its_list(dataset):
    """Walk the page's links: each class count is its list's length, each money figure its sum."""
    from apps.reports.views import _links

    for who in ("so_noi_vu", "can_bo_so_y_te"):
        sel = _sel(dataset, who)
        report = annual_report(annual_stats(sel))
        links = _links(sel, report)
        checked = 0
        for section in report.sections:
            for row in section.rows:
                for col, cell in enumerate(row.cells):
                    if getattr(cell, "page", "names") == "names" or not cell.drill:
                        continue
                    q = dict(parse_qsl(urlsplit(links[id(cell)]).query, keep_blank_values=True))
                    if cell.page == "classes":
                        assert class_list(sel, q["dim"], q["value"]).rows.count() == cell.value, (who, row.label)
                    else:
                        assert cost_list(sel, q["value"]).sums[col] == cell.value, (who, row.label, col)
                    checked += 1
        assert checked >= 8, who


def test_an_officers_lists_hold_their_agency_only(dataset):
    sel = _sel(dataset, "can_bo_so_y_te")
    assert _codes(class_list(sel, "all", "")) == ["K1"]
    assert cost_list(sel, "").sums == (30_000_000, 25_000_000)
    assert [r[1] for r in cost_list(sel, "").rows] == ["K1"]
    tinh = str(dataset["province"]["TINH"].pk)
    assert class_list(sel, "organiser", tinh).rows.count() == 0  # another unit's classes: none of theirs


def test_unknown_keys_are_refused(dataset):
    sel = _sel(dataset)
    for dim, value in (("organiser", "x"), ("organiser", "999999"), ("nope", "")):
        with pytest.raises(SelectionError):
            class_list(sel, dim, value)
    with pytest.raises(SelectionError):
        cost_list(sel, "khong_co")


def test_the_pages_link_and_export(dataset, client_as):
    c = client_as("so_noi_vu")
    html = c.get("/bao-cao/thong-ke-nam/?year=2025").content.decode()
    link = re.search(r'href="(/bao-cao/danh-sach-kinh-phi/\?year=2025&amp;dim=source&amp;value=ngan_sach_trung_uong)">'
                     r'50\.000\.000<', html)
    assert link, "the planned central-budget figure links to its cost lines"
    assert re.search(r'href="/bao-cao/danh-sach-kinh-phi/\?year=2025&amp;dim=source&amp;value=">173\.000\.000<', html)
    assert re.search(r'href="/bao-cao/danh-sach-lop/\?year=2025&amp;dim=all&amp;value=">2<', html)
    page = c.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "<td>K2</td>" in page and "<td>K1</td>" not in page and "48.000.000" in page and "Dự toán: <strong>50.000.000 đồng" in page
    xlsx = c.get(link.group(1).replace("&amp;", "&") + "&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH: KINH PHÍ NGÂN SÁCH TRUNG ƯƠNG" and rows[1][0] == "Năm 2025 · Toàn tỉnh"
    assert rows[2][0].startswith("Dự toán: 50.000.000 đồng; Thực chi: 48.000.000 đồng")
    assert rows[4][0] == "STT" and rows[5][1:3] == ("Lớp", "K2") and rows[5][8:10] == (50_000_000, 48_000_000)
    classes = c.get("/bao-cao/danh-sach-lop/?year=2025&dim=all&value=&format=xlsx")
    rows = list(load_workbook(io.BytesIO(classes.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[4:]] == ["K1", "K2"] and rows[4][7] == 2
    assert c.get("/bao-cao/danh-sach-lop/?year=2025&dim=organiser&value=abc").status_code == 404
    officer = client_as("can_bo_so_y_te").get("/bao-cao/danh-sach-lop/?year=2025").content.decode()
    assert "<td>K1</td>" in officer and "<td>K2</td>" not in officer
