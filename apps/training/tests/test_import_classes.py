"""Classes import and export: all-or-nothing through the class services, idempotent, scoped."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from apps.core.models import AuditEntry
from apps.training import services
from apps.training.io import columns as C
from apps.training.io.classes import ImportFailed, classes_export, classes_import
from apps.training.models import ClassBudget, Enrollment, TrainingClass

HEADERS = [c.header for c in C.CLASS_COLUMNS]
PLANNED_LOCAL = C.PLANNED["ngan_sach_dia_phuong"].header
ACTUAL_LOCAL = C.ACTUAL["ngan_sach_dia_phuong"].header


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def class_row(code="TC-2025-01", **extra) -> dict:
    row = {"Mã lớp": code, "Tên lớp": "Trung cấp LLCT khóa 12", "Mã chương trình": "TCLLCT",
           "Mã cơ sở đào tạo": "TCT", "Mã đơn vị tổ chức": "SYT", "Hình thức": "Tập trung",
           "Từ ngày": "03/03/2025", "Đến ngày": "28/11/2025", "Số tiết": 1200, "Quốc gia": "",
           "Địa điểm": "Trường Chính trị tỉnh", "Số học viên tối đa": 60, "Trạng thái lớp": "Dự kiến",
           PLANNED_LOCAL: "450.000.000", ACTUAL_LOCAL: ""}
    row.update(extra)
    return row


def test_an_officer_imports_classes_of_their_agency_with_the_budget(catalogue, personas):
    result = classes_import(actor=personas["can_bo_so_y_te"], source=xlsx([class_row()]), filename="lop.xlsx")
    assert (result.created, result.updated) == (1, 0)
    klass = TrainingClass.objects.get(code="TC-2025-01")
    assert klass.organiser.code == "SYT" and klass.form.is_full_time and klass.capacity == 60
    assert klass.start_date == dt.date(2025, 3, 3)
    assert list(ClassBudget.objects.values_list("funding_source", "planned_amount", "actual_amount")) == [
        ("ngan_sach_dia_phuong", 450_000_000, None)]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, target_type="trainingclass").count() == 1


def test_bad_rows_are_named_and_nothing_is_written(catalogue, personas):
    rows = [
        class_row("A1", **{"Mã chương trình": "KHONGCO"}),
        class_row("A2", **{"Mã đơn vị tổ chức": "SGD"}),
        class_row("A3", **{"Đến ngày": "01/02/2025"}),
        class_row("A4", **{"Từ ngày": "30/02/2025"}),
        class_row("A5", **{"Hình thức": "Học hè"}),
        class_row("A5"),
    ]
    before = (TrainingClass.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportFailed) as failure:
        classes_import(actor=personas["can_bo_so_y_te"], source=xlsx(rows))
    messages = failure.value.errors
    assert "Dòng 2, cột Mã chương trình: không có chương trình mã “KHONGCO”" in messages
    assert "Dòng 3, cột Mã đơn vị tổ chức: không có đơn vị mã “SGD” trong phạm vi của bạn" in messages
    assert "Dòng 4, cột Đến ngày: ngày kết thúc 01/02/2025 trước ngày bắt đầu 03/03/2025" in messages
    assert "Dòng 5, cột Từ ngày: ngày 30/02/2025 không tồn tại" in messages
    assert any(m.startswith("Dòng 6, cột Hình thức: hình thức “Học hè” không hợp lệ") for m in messages)
    assert "Dòng 7, cột Mã lớp: mã lớp A5 trùng với dòng 6" in messages
    assert (TrainingClass.objects.count(), AuditEntry.objects.count()) == before


def test_reimport_and_export_then_import_change_nothing(catalogue, personas):
    classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row(), class_row("TC-2025-02", **{
        "Hình thức": "truc_tuyen", "Quốc gia": "Hàn Quốc", ACTUAL_LOCAL: "12.000.000"})]))
    before = AuditEntry.objects.count()
    result = classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row()]))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    for fmt in ("xlsx", "csv"):
        export = classes_export(actor=personas["so_noi_vu"], fmt=fmt)
        result = classes_import(actor=personas["so_noi_vu"], source=export.content, filename=f"x.{fmt}")
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == before + 2  # the two exports, nothing else


def test_a_code_in_another_case_updates_the_same_class_and_keeps_its_code(catalogue, personas, make_class):
    make_class(code="tc-2025-01")  # typed in lower case on the class form
    result = classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row("TC-2025-01", **{"Số tiết": 1000})]))
    assert (result.created, result.updated) == (0, 1)
    klass = TrainingClass.objects.get()
    assert (klass.code, klass.hours) == ("tc-2025-01", 1000)


def test_a_changed_row_updates_the_class_and_its_enrollments_follow(make_person, province, catalogue, personas):
    classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row()]))
    klass = TrainingClass.objects.get(code="TC-2025-01")
    person = make_person(province["SYT"])
    services.enrollment_create(actor=personas["so_noi_vu"], person=person, training_class=klass)
    result = classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row(**{"Đến ngày": "05/12/2025"})]))
    assert result.updated == 1
    assert Enrollment.objects.get(person=person).end_date == dt.date(2025, 12, 5)


def test_a_service_refusal_becomes_the_rows_message(make_person, province, catalogue, personas, make_class):
    classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row(), class_row("TC-2025-02", **{
        "Từ ngày": "01/12/2025", "Đến ngày": "20/12/2025"})]))
    person = make_person(province["SYT"])
    for code in ("TC-2025-01", "TC-2025-02"):
        services.enrollment_create(actor=personas["so_noi_vu"], person=person,
                                   training_class=TrainingClass.objects.get(code=code))
    with pytest.raises(ImportFailed) as failure:
        classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row(**{"Đến ngày": "10/12/2025"})]))
    assert len(failure.value.errors) == 1
    assert failure.value.errors[0].startswith("Dòng 2: Nguyễn Văn An đang học tập trung lớp")
    assert TrainingClass.objects.get(code="TC-2025-01").end_date == dt.date(2025, 11, 28)


def test_an_officer_exports_only_classes_their_units_organise(catalogue, personas):
    classes_import(actor=personas["so_noi_vu"], source=xlsx([class_row(), class_row("SGD-1", **{
        "Mã đơn vị tổ chức": "SGD"})]))
    sheet = openpyxl.load_workbook(io.BytesIO(classes_export(actor=personas["can_bo_so_y_te"], fmt="xlsx")
                                              .content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["TC-2025-01"]
    with pytest.raises(ImportFailed) as failure:
        classes_import(actor=personas["can_bo_so_y_te"], source=xlsx([class_row("SGD-1")]))
    assert failure.value.errors == ["Dòng 2: mã lớp SGD-1 đã được dùng, hãy kiểm tra lại"]
