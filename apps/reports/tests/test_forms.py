"""Biểu số 10-BTCTW and the Home Affairs form filled from the dataset of conftest.py (figures
stated by hand), a province's own form added as a file, and bad form files."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from apps.accounts.access import SYSTEM
from apps.documents.testing import assert_nd30
from apps.reports import contract
from apps.reports.forms_spec import FormError, available_forms, fill, form_by_code
from apps.reports.selection import select

pytestmark = pytest.mark.django_db
COLUMNS = ["3", "4", "5", "6", "7", "8", "9", "10", "11"]


def _table(report):
    return {row.label.strip(): [c.value for c in row.cells] for row in report.sections[0].rows}


def _rows_by_position(report):
    return [(row.label.strip(), [c.value for c in row.cells]) for row in report.sections[0].rows]


def _next(rows, label, n):
    """The ``n`` rows under the first row labelled ``label`` (labels like "Trong nước" repeat)."""
    i = next(i for i, (lbl, _v) in enumerate(rows) if lbl == label)
    return rows[i + 1:i + 1 + n]


@pytest.fixture
def party_class(dataset):
    """A class of the provincial Party committee's Ban Tổ chức (a Party unit) ending in 2025, with D."""
    from apps.organization.services import unit_create
    from apps.training.models import DeliveryForm, Programme, Provider, TrainingClass

    btc = unit_create(actor=SYSTEM, code="TU-BTC", name="Ban Tổ chức Tỉnh ủy", level="province", kind="party",
                      parent=dataset["province"]["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    return TrainingClass.objects.create(code="K3", programme=Programme.objects.get(code="TCLLCT"),
                                        provider=Provider.objects.get(code="TCT"), organiser=btc,
                                        form=DeliveryForm.objects.get(code="tap_trung"), start_date=dt.date(2025, 5, 1),
                                        end_date=dt.date(2025, 5, 30), status="finished")


def test_10_btctw_for_2025(dataset, party_class):
    rows = _rows_by_position(fill(form_by_code("10-BTCTW"), select(SYSTEM, year=2025)))
    table = dict(rows)
    #                                3  4  5  6  7  8  9 10 11
    assert table["Đào tạo"] ==      [2, 1, 0, 0, 0, 1, 1, 1, 0]  # C (thạc sĩ abroad, province), D (commune); K3
    assert table["Chuyên môn"] ==   [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert table["Thạc sĩ"] ==      [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert _next(rows, "Thạc sĩ", 3) == [("Trong nước", [0] * 9), ("Ngoài nước", [1, 1, 0, 0, 0, 0, 0, 0, 0]),
                                         ("Liên kết", [0] * 9)]
    # D; of the classes only K3 (Ban Tổ chức Tỉnh ủy) is a Party committee's, K2 (UBND tỉnh) is not
    assert table["Trung cấp"] ==    [1, 0, 0, 0, 0, 1, 1, 1, 0]
    full_time, part_time = _next(rows, "Trung cấp", 2)
    assert full_time == ("Tập trung", [1, 0, 0, 0, 0, 1, 1, 1, 0]) and part_time == ("Không tập trung", [0] * 9)
    assert table["Bồi dưỡng"] ==    [3, 2, 1, 1, 0, 0, 0, 0, 0]  # A, B (province; A leads), E (district)
    assert table["Cập nhật kiến thức mới"] == [3, 2, 1, 1, 0, 0, 0, 0, 0]
    assert table["Quản lý nhà nước"] == [0] * 9


def test_10_btctw_for_2024_fills_the_district_column(dataset):
    table = _table(fill(form_by_code("10-BTCTW"), select(SYSTEM, year=2024)))
    assert table["Bồi dưỡng"] == [1, 0, 0, 1, 0, 0, 0, 0, 0]  # E, of UBND huyện Mỹ Tú


def test_10_btctw_is_a_party_document_and_reads_back(dataset, party_class):
    report = fill(form_by_code("10-BTCTW"), select(SYSTEM, year=2025))
    assert report.party and report.footer == ("NGƯỜI LẬP BIỂU", "TRƯỞNG BAN")
    assert_nd30(contract.render_docx(report), party=True)
    sheet = load_workbook(io.BytesIO(contract.render_xlsx(report))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Biểu số 10-BTCTW"
    assert values[1][0] == "THỐNG KÊ KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ NĂM 2025"
    first = next(r for r in values if r[1] == "Đào tạo")
    assert first[2:11] == [2, 1, 0, 0, 0, 1, 1, 1, 0]
    assert values[-1][0] == "NGƯỜI LẬP BIỂU" and values[-1][2] == "TRƯỞNG BAN"


def test_the_home_affairs_form_counts_lượt_by_category(dataset):
    spec = form_by_code("BNV-DTBD-01")
    assert (spec.regime, spec.unit) == ("state", "lượt")
    table = _table(fill(spec, select(SYSTEM, year=2025)))
    #                       3  4  5  6  7  nữ dtts lđ
    assert table["Đào tạo"] == [2, 1, 0, 1, 0, 1, 1, 0]  # D (cán bộ, Khmer) TCLLCT; C (viên chức, nữ) thạc sĩ
    assert table["Bồi dưỡng"] == [4, 0, 3, 1, 0, 1, 1, 2]  # A ×2 (leader), B (nữ, Khmer), E
    assert table["Trong đó ở nước ngoài"] == [1, 0, 0, 1, 0, 1, 0, 0]
    assert_nd30(contract.render_docx(fill(spec, select(SYSTEM, year=2025))))


def test_a_province_adds_a_form_by_dropping_a_file(dataset, tmp_path, monkeypatch):
    (tmp_path / "nu.yaml").write_text(
        "code: NU-01\nnumber: Biểu NU\ntitle: Nữ được bồi dưỡng năm {year}\nunit: người\n"
        "columns:\n  - {key: '1', label: 'Nữ', population: {gender: nu}}\n"
        "rows:\n  - {label: 'Bồi dưỡng', training: {programme_kinds: [boi_duong]}}\n"
        "  - {label: 'Đào tạo', training: {programme_kinds: [dao_tao]}}\n", encoding="utf-8")
    monkeypatch.setenv("DTBD_REPORT_FORMS", str(tmp_path))
    assert "NU-01" in [f.code for f in available_forms()]
    assert _table(fill(form_by_code("NU-01"), select(SYSTEM, year=2025))) == {"Bồi dưỡng": [1], "Đào tạo": [1]}


@pytest.mark.parametrize("text, message", [
    ("code: X\ntitle: T\ncolumns: [{key: '1', label: A}]\nrows: [{label: R, training: {colour: red}}]\n",
     "x.yaml.rows[1]: measure.training: khóa không hợp lệ “colour”"),
    ("code: X\ntitle: T\nregime: church\ncolumns: [{key: '1', label: A}]\nrows: [{label: R}]\n",
     "regime “church” không hợp lệ"),
    ("code: X\ntitle: T\ncolumns: [{key: '1', label: A}]\nrows: [{label: R}]\nformulas: ['1=2+3']\n",
     "không có cột “2”"),
])
def test_a_bad_form_file_is_named_with_its_key(dataset, tmp_path, monkeypatch, text, message):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DTBD_REPORT_FORMS", str(tmp_path))
    with pytest.raises(FormError, match=re.escape(message)):
        fill(form_by_code("X"), select(SYSTEM, year=2025))


def test_the_form_page_and_its_download(dataset, client_as):
    c = client_as("so_noi_vu")
    page = c.get("/bao-cao/bieu-mau/10-BTCTW/?year=2025")
    assert page.status_code == 200 and "Biểu số 10-BTCTW" in page.content.decode()
    docx = c.get("/bao-cao/bieu-mau/10-BTCTW/?year=2025&format=docx")
    assert_nd30(docx.content, party=True)
    assert c.get("/bao-cao/bieu-mau/KHONG-CO/").status_code == 404
    officer = client_as("can_bo_so_y_te").get("/bao-cao/bieu-mau/BNV-DTBD-01/?year=2025")
    assert "Sở Y tế" in officer.content.decode()


def test_a_form_cell_links_to_its_names(dataset, client_as):
    import re as _re

    page = client_as("so_noi_vu").get("/bao-cao/bieu-mau/10-BTCTW/?year=2025").content.decode()
    links = _re.findall(r'href="(/bao-cao/danh-sach/\?[^"]*value=10-BTCTW%7C\d+%7C1)">(\d+)<', page)
    assert links, "column 4 (province) figures link to their names"
    url, shown = links[0]
    names = client_as("so_noi_vu").get(url.replace("&amp;", "&")).content.decode()
    assert names.count("<tr>") - 1 == int(shown)  # one line per person (each did one lượt of the row)
    assert "Phạm Thị Cúc" in names  # Đào tạo, cấp tỉnh: C
