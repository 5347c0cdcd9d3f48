"""Enrollments (results) import and export: all-or-nothing, idempotent, scoped, raising
qualifications exactly as the completion service does."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from apps.core.models import AuditEntry
from apps.people.models import Qualification
from apps.training import services
from apps.training.io import columns as C
from apps.training.io.enrollments import ImportFailed, enrollments_export, enrollments_import
from apps.training.models import Enrollment, EnrollmentCost, EnrollmentStatus

HEADERS = [c.header for c in C.ENROLLMENT_COLUMNS]
COST_CENTRAL = C.COSTS["ngan_sach_trung_uong"].header
COST_AGENCY = C.COSTS["kinh_phi_co_quan"].header


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


def row(klass, person, **extra) -> dict:
    values = {"Mã lớp": klass.code, "Mã cán bộ": person.code, "Họ và tên": person.full_name,
              "Trạng thái": "Hoàn thành", "Kết quả": "Giỏi", "Số văn bằng/chứng chỉ": f"TC-{person.code}",
              "Ngày cấp": "05/04/2024", "Số tiết tham dự": 1200, "Ngày hoàn thành": "29/03/2024",
              COST_CENTRAL: "12.500.000"}
    values.update(extra)
    return values


@pytest.fixture
def staff(make_person, province):
    """Two civil servants of Sở Y tế, one of Sở Giáo dục."""
    return {
        "an": make_person(province["SYT"], "Nguyễn Văn An"),
        "binh": make_person(province["BVDK"], "Lê Thị Bình", gender="nu"),
        "cuong": make_person(province["SGD"], "Phạm Văn Cường"),
    }


def counts() -> tuple[int, int, int, int]:
    return (Enrollment.objects.count(), EnrollmentCost.objects.count(), Qualification.objects.count(),
            AuditEntry.objects.count())


def test_a_results_file_enrols_completes_and_raises_the_qualification_like_the_service(
        make_class, staff, personas):
    klass = make_class(hours=1200)
    result = enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"])]),
                                filename="ket-qua.xlsx")
    assert (result.created, result.completed, result.qualifications) == (1, 1, 1)
    imported = Enrollment.objects.get(person=staff["an"], training_class=klass)
    assert imported.status == EnrollmentStatus.COMPLETED
    assert imported.completed_on == dt.date(2024, 3, 29)
    assert imported.programme_id == klass.programme_id and imported.form_id == klass.form_id
    assert {c.funding_source: c.amount for c in imported.costs.all()} == {"ngan_sach_trung_uong": 12_500_000}

    # The same completion through the service, for a second person: the same qualification.
    other = services.enrollment_create(actor=personas["so_noi_vu"], person=staff["binh"], training_class=klass)
    services.enrollment_complete(actor=personas["so_noi_vu"], enrollment=other, completed_on=dt.date(2024, 3, 29),
                                 certificate_number=f"TC-{staff['an'].code}", certificate_date=dt.date(2024, 4, 5))
    fields = ("dimension", "level_id", "obtained_on", "certificate_number", "certificate_date", "issuer",
              "major", "language", "source")
    via_import = Qualification.objects.filter(pk=imported.qualification_id).values(*fields).get()
    via_service = Qualification.objects.filter(pk=other.qualification_id).values(*fields).get()
    assert via_import == via_service
    assert via_import["level_id"] == klass.programme.grants_level_id


def test_a_level_already_held_is_not_recorded_twice(make_class, staff, personas):
    first, second = make_class(), make_class(start=dt.date(2025, 3, 3), end=dt.date(2025, 3, 28))
    enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(first, staff["an"])]))
    result = enrollments_import(actor=personas["so_noi_vu"], source=xlsx([
        row(second, staff["an"], **{"Ngày hoàn thành": "28/03/2025", "Ngày cấp": "28/03/2025"})]))
    assert (result.completed, result.qualifications) == (1, 0)
    assert Qualification.objects.filter(person=staff["an"], source="training").count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(make_class, staff, personas):
    klass = make_class()
    before = counts()
    rows = [
        row(klass, staff["an"]),
        row(klass, staff["an"]),  # duplicate pair
        row(klass, staff["binh"], **{"Ngày hoàn thành": "31/02/2024"}),
        {**row(klass, staff["cuong"]), "Mã lớp": "KHONGCO"},
        {**row(klass, staff["cuong"]), "Mã cán bộ": "CB99999"},
        row(klass, staff["cuong"], **{"Trạng thái": "Đang học"}),  # certificate without completion
        row(klass, staff["cuong"], **{"Ngày hoàn thành": ""}),
        row(klass, staff["cuong"], **{"Trạng thái": "Đỗ"}),
        row(klass, staff["cuong"], **{COST_CENTRAL: "12,5 triệu"}),
    ]
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx(rows))
    messages = failure.value.errors
    assert f"Dòng 3, cột Mã cán bộ: cán bộ {staff['an'].code} đã có ở dòng 2 cho lớp {klass.code}" in messages
    assert "Dòng 4, cột Ngày hoàn thành: ngày 31/02/2024 không tồn tại" in messages
    assert "Dòng 5, cột Mã lớp: không có lớp mã “KHONGCO”" in messages
    assert "Dòng 6, cột Mã cán bộ: không có cán bộ mã “CB99999”" in messages
    assert any(m.startswith("Dòng 7, cột Số văn bằng/chứng chỉ: chỉ ghi khi trạng thái là Hoàn thành")
               for m in messages)
    assert "Dòng 8, cột Ngày hoàn thành: cần ngày hoàn thành khi trạng thái là Hoàn thành" in messages
    assert any(m.startswith("Dòng 9, cột Trạng thái: trạng thái “Đỗ” không hợp lệ") for m in messages)
    assert any(m.startswith("Dòng 10, cột Kinh phí - Ngân sách trung ương: số tiền “12,5 triệu”")
               for m in messages)
    assert counts() == before


def test_another_agencys_person_reads_exactly_like_an_unknown_code(make_class, staff, personas):
    klass = make_class(organiser="SYT", actor=personas["can_bo_so_y_te"])
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["can_bo_so_y_te"], source=xlsx([
            row(klass, staff["cuong"]), {**row(klass, staff["cuong"]), "Mã cán bộ": "CB99999"}]))
    assert failure.value.errors == [
        f"Dòng 2, cột Mã cán bộ: không có cán bộ mã “{staff['cuong'].code}”",
        "Dòng 3, cột Mã cán bộ: không có cán bộ mã “CB99999”",
    ]


def test_a_class_outside_the_officers_scope_reads_like_an_unknown_one(make_class, staff, personas):
    klass = make_class(organiser="SGD")
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["can_bo_so_y_te"], source=xlsx([row(klass, staff["an"])]))
    assert failure.value.errors == [f"Dòng 2, cột Mã lớp: không có lớp mã “{klass.code}”"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(make_class, staff, personas):
    klass = make_class()
    data = xlsx([row(klass, staff["an"]), row(klass, staff["binh"], **{"Trạng thái": "Không đạt",
                 "Số văn bằng/chứng chỉ": "", "Ngày cấp": "", "Ngày hoàn thành": "", "Kết quả": "Yếu"})])
    enrollments_import(actor=personas["so_noi_vu"], source=data, filename="a.xlsx")
    before = counts()
    result = enrollments_import(actor=personas["so_noi_vu"], source=data, filename="a.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == before


def test_a_class_code_in_another_case_names_the_same_class(make_class, staff, personas):
    klass = make_class(code="CDS/2024/001")
    result = enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"], **{
        "Mã lớp": "cds/2024/001"})]), filename="a.xlsx")
    assert result.created == 1
    assert Enrollment.objects.get().training_class == klass


def test_export_then_import_is_a_no_op_in_xlsx_and_csv(make_class, staff, personas):
    klass = make_class()
    enrollments_import(actor=personas["so_noi_vu"], source=xlsx([
        row(klass, staff["an"], **{COST_AGENCY: 3_000_000}), row(klass, staff["binh"], **{"Trạng thái": "Đăng ký",
            "Số văn bằng/chứng chỉ": "", "Ngày cấp": "", "Ngày hoàn thành": "", "Kết quả": ""})]))
    before = counts()
    for fmt in ("xlsx", "csv"):
        export = enrollments_export(actor=personas["so_noi_vu"], fmt=fmt)
        result = enrollments_import(actor=personas["so_noi_vu"], source=export.content, filename=f"x.{fmt}")
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts()[:3] == before[:3]
    text = enrollments_export(actor=personas["so_noi_vu"], fmt="csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == HEADERS
    an = next(line for line in lines if line[1] == staff["an"].code)
    assert an[3] == "Hoàn thành" and an[8] == "29/03/2024" and an[HEADERS.index(COST_AGENCY)] == "3.000.000"


def test_an_officer_exports_only_their_own_people(make_class, staff, personas):
    klass = make_class()
    enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"]), row(klass, staff["cuong"])]))
    sheet = openpyxl.load_workbook(io.BytesIO(enrollments_export(actor=personas["can_bo_so_y_te"], fmt="xlsx")
                                              .content)).active
    codes = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [staff["an"].code]
    with pytest.raises(PermissionDenied):
        enrollments_export(actor=personas["hoc_vien"], fmt="xlsx")


def test_overlapping_full_time_classes_are_refused_in_the_file_and_against_the_database(
        make_class, staff, personas):
    first = make_class()
    second = make_class(start=dt.date(2024, 3, 18), end=dt.date(2024, 4, 12))
    online = make_class(programme="tin_hoc", form="truc_tuyen", start=dt.date(2024, 3, 18), end=dt.date(2024, 3, 20))
    registered = {"Trạng thái": "Đăng ký", "Số văn bằng/chứng chỉ": "", "Ngày cấp": "", "Ngày hoàn thành": ""}
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([
            row(first, staff["an"], **registered), row(second, staff["an"], **registered),
            row(online, staff["an"], **registered)]))
    assert failure.value.errors == [
        f"Dòng 3, cột Mã lớp: trùng thời gian học tập trung với lớp {first.code} (dòng 2) (04/03/2024–29/03/2024)"]
    services.enrollment_create(actor=personas["so_noi_vu"], person=staff["binh"], training_class=first)
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(second, staff["binh"], **registered)]))
    assert failure.value.errors == [
        f"Dòng 2, cột Mã lớp: trùng thời gian học tập trung với lớp {first.code} (04/03/2024–29/03/2024)"]


def test_a_closed_enrollment_does_not_reopen_and_a_full_class_takes_no_one_more(make_class, staff, personas):
    klass = make_class(capacity=1)
    enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"])]))
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([
            row(klass, staff["an"], **{"Trạng thái": "Đang học", "Số văn bằng/chứng chỉ": "", "Ngày cấp": "",
                                       "Ngày hoàn thành": ""}),
            row(klass, staff["binh"])]))
    assert failure.value.errors == [
        "Dòng 2, cột Trạng thái: lượt học đã ở trạng thái “Hoàn thành”, không chuyển sang “Đang học” được",
        f"Dòng 3, cột Mã lớp: lớp {klass.code} chỉ có 1 chỗ, đã đủ học viên",
    ]


def test_results_of_registered_people_update_in_place(make_class, staff, personas):
    klass = make_class()
    services.enrollment_create(actor=personas["so_noi_vu"], person=staff["an"], training_class=klass)
    result = enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"])]))
    assert (result.created, result.updated, result.completed, result.qualifications) == (0, 1, 1, 1)
    enrollment = Enrollment.objects.get(person=staff["an"], training_class=klass)
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.qualification is not None
    assert enrollment.qualification.certificate_number == f"TC-{staff['an'].code}"


def test_a_provider_grades_its_own_class_but_cannot_enrol_anyone(make_class, staff, personas, catalogue):
    klass = make_class()
    services.enrollment_create(actor=personas["so_noi_vu"], person=staff["an"], training_class=klass)
    provider = catalogue["truong_chinh_tri"]
    result = enrollments_import(actor=provider, source=xlsx([row(klass, staff["an"])]))
    assert result.updated == 1
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=provider, source=xlsx([row(klass, staff["binh"])]))
    assert failure.value.errors == [f"Dòng 2, cột Mã cán bộ: không có cán bộ mã “{staff['binh'].code}”"]
    with pytest.raises(PermissionDenied):
        enrollments_import(actor=personas["lanh_dao"], source=xlsx([row(klass, staff["an"])]))


def test_one_audit_entry_summarises_an_import(make_class, staff, personas):
    klass = make_class()
    before = AuditEntry.objects.count()
    enrollments_import(actor=personas["so_noi_vu"], source=xlsx([row(klass, staff["an"]), row(klass, staff["binh"])]),
                       filename="kq.xlsx")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == AuditEntry.Action.IMPORT and entry.changes["created"] == 2
    assert entry.note.startswith("kq.xlsx: Đã nhập: 2 lượt ghi danh mới")


def test_a_missing_column_or_an_empty_file_is_refused_whole(personas):
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([], headers=["Mã lớp", "Mã cán bộ"]))
    assert failure.value.errors == ["Dòng 1: thiếu cột bắt buộc “Trạng thái”"]
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([]))
    assert failure.value.errors == ["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."]


def test_a_completion_in_the_future_or_before_the_class_is_refused(make_class, staff, personas):
    klass = make_class(hours=40)
    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=personas["so_noi_vu"], source=xlsx([
            row(klass, staff["an"], **{"Ngày hoàn thành": "01/01/2099", "Ngày cấp": "", "Số tiết tham dự": ""}),
            row(klass, staff["binh"], **{"Ngày hoàn thành": "01/03/2024", "Ngày cấp": "", "Số tiết tham dự": 60}),
        ]))
    assert failure.value.errors == [
        "Dòng 2, cột Ngày hoàn thành: ngày 01/01/2099 ở tương lai",
        f"Dòng 3, cột Ngày hoàn thành: ngày 01/03/2024 trước ngày khai giảng lớp {klass.code} (04/03/2024)",
        "Dòng 3, cột Số tiết tham dự: 60 tiết, vượt số tiết của lớp (40)",
    ]
