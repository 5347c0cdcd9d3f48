"""Every export writes formula-like text as text: read back with openpyxl no cell is a formula and
the value is the one stored; the CSV exports defuse it with a ' that the importers remove."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from apps.core.tabular import cell_text, csv_value, render_csv, render_xlsx
from apps.core.vn import normalize_spaces
from apps.people.io.exporting import people_export
from apps.people.io.importing import people_import
from apps.training import reports, services
from apps.training.io.classes import classes_export
from apps.training.io.enrollments import enrollments_export

EVIL = '=HYPERLINK("http://x","y")'
OTHERS = ["+1+2", "-3+cmd", "@SUM(A1)", "\tx", "\rx"]


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def assert_defused(content: bytes, expected: str = EVIL) -> None:
    everything = cells(content)
    assert not [c.coordinate for c in everything if c.data_type == "f"]
    # a control character is written as OOXML's escape (_x000D_), which openpyxl decodes only in shared strings
    hits = [c for c in everything if isinstance(c.value, str) and unescape(c.value) == expected]
    assert hits, "the formula-like text is kept as it was"
    assert all(c.data_type == "s" and c.quotePrefix for c in hits)


@pytest.fixture
def evil(make_class, personas, province, make_person):
    officer = personas["can_bo_so_y_te"]
    person = make_person(province["SYT"], EVIL, code="EVIL01")
    klass = make_class(code="LOP-EVIL", organiser="SYT")
    enrollment = services.enrollment_create(actor=officer, person=person, training_class=klass)
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29),
                                 result=EVIL)
    return person


def test_people_export_xlsx_writes_the_name_as_text(evil, personas):
    assert_defused(people_export(actor=personas["so_noi_vu"], fmt="xlsx").content)


def test_enrollments_export_xlsx_writes_text(evil, personas):
    assert_defused(enrollments_export(actor=personas["so_noi_vu"], fmt="xlsx").content)


def test_classes_export_xlsx_has_no_formula(evil, personas):
    assert not [c for c in cells(classes_export(actor=personas["so_noi_vu"], fmt="xlsx").content)
                if c.data_type == "f"]


def test_training_record_xlsx_writes_the_name_as_text(evil):
    assert_defused(reports.render_xlsx(evil).content)


def test_training_record_download_has_no_live_formula(evil, client, personas):
    client.force_login(personas["so_noi_vu"])
    response = client.get(f"/dao-tao/can-bo/{evil.code}/qua-trinh.xlsx")
    assert response.status_code == 200
    assert_defused(response.content)


@pytest.mark.parametrize("value", [EVIL, *OTHERS])
def test_shared_xlsx_writer_defuses_every_formula_start(value):
    assert_defused(render_xlsx([["Mã", "Tên"], ["A1", value]]), value)


@pytest.mark.parametrize("value", [EVIL, *OTHERS, "'=already quoted", "'plain"])
def test_csv_escaping_is_reversed_by_the_reader(value):
    written = next(csv.reader(io.StringIO(render_csv([[value]]).decode("utf-8-sig"))))[0]
    assert written == csv_value(value) and written.startswith("'")
    assert cell_text(written) == normalize_spaces(value)


def test_people_csv_export_defuses_and_round_trips(evil, personas):
    admin = personas["so_noi_vu"]
    content = people_export(actor=admin, fmt="csv").content
    assert "'" + EVIL.replace('"', '""') in content.decode("utf-8-sig")
    for fmt in ("csv", "xlsx"):
        again = people_export(actor=admin, fmt=fmt).content
        result = people_import(actor=admin, source=again, filename=f"x.{fmt}")
        assert result.created == result.updated == 0
    evil.refresh_from_db()
    assert evil.full_name == EVIL
    assert people_export(actor=admin, fmt="csv").content == content


def test_gap_list_export_writes_the_name_as_text():
    from apps.targets.gaps import GapRow, export_gaps_xlsx

    row = GapRow(code="EVIL01", name=EVIL, unit="@Sở Y tế", category="Công chức", missing="-1 chứng chỉ",
                 last_training="+ lớp A", rank="-Chuyên viên", position="=Trưởng phòng")
    content = export_gaps_xlsx([row], plan_code="P", target_code="T", at=dt.date(2026, 6, 30)).content
    assert_defused(content)
    assert [c.value for c in cells(content) if c.row == 9] == row.cells()  # under the title block


def test_import_templates_have_no_formula(personas):
    from apps.people.io.exporting import import_template

    assert not [c for c in cells(import_template(actor=personas["so_noi_vu"]).content) if c.data_type == "f"]
