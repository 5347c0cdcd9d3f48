"""People import and export: all-or-nothing, idempotent, scoped, fast."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.people.io import columns as C
from apps.people.io.exporting import import_template, people_export
from apps.people.io.importing import ImportFailed, people_import
from apps.people.models import Person, Qualification, QualificationLevel, ServicePeriod
from apps.people.selectors import people_visible_to
from apps.people.services import qualification_add
from dtbd import cli

# ------------------------------------------------------------------------------------- helpers


def person_row(n: int = 1, **overrides) -> dict[str, object]:
    """A valid row (header -> value) for a new civil servant of Sở Y tế."""
    row: dict[str, object] = {
        "Mã cán bộ": f"NK{n:05d}", "Họ và tên": "Lê Thị Hồng Nhung", "Giới tính": "Nữ",
        "Ngày sinh": "02/09/1990", "Dân tộc": "Kinh", "Số CCCD": f"0941{n:08d}", "Mã đơn vị": "SYT",
        "Đối tượng": "Công chức", "Ngày vào cơ quan": "01/07/2015", "Mã ngạch/chức danh": "01.003",
        "Mã chức vụ": "", "Ngày bổ nhiệm chức vụ": "", "Vị trí việc làm": "Chuyên viên tổ chức",
        "Quy hoạch": "Không", "Hiệu lực từ": "", "Trình độ chuyên môn": "Đại học",
        "Chuyên ngành": "Luật", "Lý luận chính trị": "Trung cấp", "Tin học": "co_ban", "Ngoại ngữ": "Bậc 3",
    }
    row.update(overrides)
    return row


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or C.HEADERS
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict], bom: bool = True, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(C.HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in C.HEADERS])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def counts() -> dict[str, int]:
    return {"people": Person.objects.count(), "periods": ServicePeriod.objects.count(),
            "qualifications": Qualification.objects.count(), "audit": AuditEntry.objects.count()}


def run(actor, content: bytes, filename: str = "ds.xlsx"):
    return people_import(actor=actor, source=content, filename=filename)


def failure(actor, content: bytes, filename: str = "ds.xlsx") -> list[str]:
    before = counts()
    with pytest.raises(ImportFailed) as info:
        run(actor, content, filename)
    assert counts() == before, "a rejected file must leave the database unchanged"
    return info.value.errors



@pytest.fixture
def admin(personas):
    return personas["so_noi_vu"]


@pytest.fixture
def officer(personas):
    return personas["can_bo_so_y_te"]


# ------------------------------------------------------------------------------- valid imports


def test_a_valid_file_creates_people_with_history_qualifications_and_audit(admin):
    before = counts()
    result = run(admin, xlsx([person_row(1), person_row(2, **{"Họ và tên": "Đặng Văn Đức", "Giới tính": "Nam"})]))
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    person = Person.objects.get(code="NK00001")
    assert (person.full_name, person.gender, person.birth_date) == ("Lê Thị Hồng Nhung", "nu", dt.date(1990, 9, 2))
    assert (person.unit.code, person.level, person.category, person.rank.code) == ("SYT", "province", "cong_chuc", "01.003")
    assert person.given_name == "Nhung" and " nhung" in person.search_text and " 094100000001" in person.search_text
    assert Person.objects.search("dang van duc").get().code == "NK00002"
    period = person.periods.get()
    assert (period.valid_from, period.valid_to, period.unit.code) == (dt.date(2015, 7, 1), None, "SYT")
    quals = {q.dimension: q for q in person.qualifications.select_related("level")}
    assert {d: q.level.code for d, q in quals.items()} == {
        "chuyen_mon": "dai_hoc", "ly_luan_chinh_tri": "trung_cap", "tin_hoc": "co_ban", "ngoai_ngu": "bac_3"}
    assert quals["chuyen_mon"].major == "Luật"
    assert {q.source for q in quals.values()} == {Qualification.Source.IMPORT}
    after = counts()
    assert after["people"] - before["people"] == 2 and after["periods"] - before["periods"] == 2
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, target_type="person", target_id=person.pk).get()
    assert created.actor == admin and created.changes["full_name"] == [None, "Lê Thị Hồng Nhung"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_importing_the_same_file_again_writes_nothing(admin):
    content = xlsx([person_row(i) for i in range(1, 6)])
    run(admin, content)
    before = counts()
    stamps = dict(Person.objects.values_list("code", "updated_at"))
    result = run(admin, content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert counts() == before
    assert dict(Person.objects.values_list("code", "updated_at")) == stamps


def test_export_then_import_is_a_no_op(admin, province, make_person):
    person = make_person(province["X02"], "Thạch Thị Sa Rây", category="khong_chuyen_trach", gender="nu",
                         position_id=None, job_position="Văn thư")
    qualification_add(actor=SYSTEM, person=person, obtained_on=dt.date(2019, 1, 1), major="Kế toán",
                      level=QualificationLevel.objects.get(dimension="chuyen_mon", code="trung_cap"))
    qualification_add(actor=SYSTEM, person=person, obtained_on=dt.date(2020, 1, 1), language="Khmer",
                      level=QualificationLevel.objects.get(dimension="tieng_dan_toc", code="thong_thao"))
    for fmt in ("xlsx", "csv"):
        content = people_export(actor=admin, fmt=fmt).content
        before = counts()
        result = run(admin, content, f"xuat.{fmt}")
        assert (result.created, result.updated) == (0, 0)
        assert result.unchanged == Person.objects.count()
        assert counts() == before


def test_changing_unit_and_position_rolls_the_service_history_on_the_effective_date(admin, province):
    run(admin, xlsx([person_row(1)]))
    row = person_row(1, **{"Mã đơn vị": "BVDK", "Mã chức vụ": "TRUONG_KHOA", "Ngày bổ nhiệm chức vụ": "01/03/2024",
                           "Hiệu lực từ": "01/03/2024"})
    result = run(admin, xlsx([row]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    person = Person.objects.get(code="NK00001")
    assert (person.unit.code, person.position.code) == ("BVDK", "TRUONG_KHOA")
    old, new = person.periods.order_by("valid_from")
    assert (old.valid_from, old.valid_to, old.unit.code) == (dt.date(2015, 7, 1), dt.date(2024, 2, 29), "SYT")
    assert (new.valid_from, new.valid_to, new.unit.code, new.position.code) == (dt.date(2024, 3, 1), None, "BVDK", "TRUONG_KHOA")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, target_id=person.pk).get()
    assert entry.changes["unit_id"] == [province["SYT"].pk, province["BVDK"].pk]
    assert "01/03/2024" in entry.note


def test_an_identity_change_updates_the_person_without_new_history(admin):
    run(admin, xlsx([person_row(1)]))
    run(admin, xlsx([person_row(1, **{"Họ và tên": "Lê Thị Hồng Nhung Anh"})]))
    person = Person.objects.get(code="NK00001")
    assert person.full_name.endswith("Anh") and person.given_name == "Anh"
    assert person.periods.count() == 1


def test_service_change_without_effective_date_takes_effect_today(admin):
    from django.utils import timezone

    run(admin, xlsx([person_row(1)]))
    run(admin, xlsx([person_row(1, **{"Mã ngạch/chức danh": "01.002"})]))
    new = Person.objects.get(code="NK00001").periods.get(valid_to__isnull=True)
    assert (new.valid_from, new.rank.code) == (timezone.localdate(), "01.002")


def test_qualifications_are_never_lowered_and_higher_levels_are_added(admin):
    run(admin, xlsx([person_row(1)]))
    before = counts()
    assert run(admin, xlsx([person_row(1, **{"Trình độ chuyên môn": "Cao đẳng"})])).unchanged == 1
    assert counts() == before
    result = run(admin, xlsx([person_row(1, **{"Trình độ chuyên môn": "Thạc sĩ", "Hiệu lực từ": "15/06/2023"})]))
    assert result.updated == 1
    person = Person.objects.get(code="NK00001")
    best = person.qualifications.filter(dimension="chuyen_mon").order_by("-level__rank").first()
    assert (best.level.code, best.obtained_on, best.source) == ("thac_si", dt.date(2023, 6, 15), "import")
    assert person.periods.count() == 1


def test_excel_date_cells_and_numeric_cccd_cells_are_accepted(admin):
    row = person_row(1, **{"Ngày sinh": dt.datetime(1990, 9, 2), "Ngày vào cơ quan": dt.date(2015, 7, 1),
                           "Số CCCD": 94112345678})
    run(admin, xlsx([row]))
    person = Person.objects.get(code="NK00001")
    assert (person.birth_date, person.national_id) == (dt.date(1990, 9, 2), "094112345678")


def test_codes_are_accepted_in_place_of_labels(admin):
    row = person_row(1, **{"Giới tính": "nu", "Đối tượng": "vien_chuc", "Dân tộc": "Khmer",
                           "Mã ngạch/chức danh": "V.08.01.03", "Trình độ chuyên môn": "dai_hoc"})
    run(admin, xlsx([row]))
    person = Person.objects.get(code="NK00001")
    assert (person.category, person.ethnicity.name) == ("vien_chuc", "Khmer")


def test_optional_columns_missing_from_the_file_are_left_untouched(admin):
    run(admin, xlsx([person_row(1, **{"Mã chức vụ": "TRUONG_PHONG", "Ngày bổ nhiệm chức vụ": "01/01/2022"})]))
    required = [c.header for c in C.REQUIRED]
    result = run(admin, xlsx([person_row(1)], headers=required))
    assert result.unchanged == 1
    assert Person.objects.get(code="NK00001").position.code == "TRUONG_PHONG"


def test_two_people_may_swap_national_ids_in_one_file(admin):
    run(admin, xlsx([person_row(1), person_row(2)]))
    a, b = person_row(1), person_row(2)
    a["Số CCCD"], b["Số CCCD"] = b["Số CCCD"], a["Số CCCD"]
    assert run(admin, xlsx([a, b])).updated == 2
    assert Person.objects.get(code="NK00001").national_id == "094100000002"


def test_a_retired_person_cannot_be_moved_by_import_but_unchanged_rows_pass(admin):
    from apps.people.services import person_set_status

    run(admin, xlsx([person_row(1)]))
    person_set_status(actor=SYSTEM, person=Person.objects.get(code="NK00001"), status="retired",
                      on=dt.date(2024, 1, 1))
    assert run(admin, xlsx([person_row(1)])).unchanged == 1
    errors = failure(admin, xlsx([person_row(1, **{"Mã đơn vị": "BVDK"})]))
    assert errors == ["Dòng 2, cột Mã đơn vị: hồ sơ đang ở trạng thái “Nghỉ hưu”, không thể thay đổi "
                      "đơn vị, ngạch, chức vụ qua tệp nhập"]


def test_a_unit_closed_by_a_merger_is_refused_for_moves_but_kept_for_people_left_in_it(admin, province):
    from apps.organization.services import unit_merge

    run(admin, xlsx([person_row(1, **{"Mã đơn vị": "X01"}), person_row(2, **{"Mã đơn vị": "SYT"})]))
    retiree = Person.objects.get(code="NK00001")
    # Retired before the merger: their record stays attached to the unit they left.
    ServicePeriod.objects.filter(person=retiree).update(valid_to=dt.date(2024, 12, 31))
    unit_merge(actor=SYSTEM, sources=[province["X01"]], target=province["X02"], on=dt.date(2025, 7, 1))
    Person.objects.filter(pk=retiree.pk).update(unit=province["X01"], status="retired")
    assert run(admin, xlsx([person_row(1, **{"Mã đơn vị": "X01"})])).unchanged == 1
    errors = failure(admin, xlsx([person_row(2, **{"Mã đơn vị": "X01"}), person_row(3, **{"Mã đơn vị": "X01"})]))
    assert errors == ["Dòng 2, cột Mã đơn vị: đơn vị X01 không còn hoạt động (đã sáp nhập vào X02)",
                      "Dòng 3, cột Mã đơn vị: đơn vị X01 không còn hoạt động (đã sáp nhập vào X02)"]


def test_unknown_columns_are_ignored_and_reported(admin):
    headers = ["STT", *C.HEADERS]
    result = run(admin, xlsx([dict(person_row(1), STT=1)], headers=headers))
    assert (result.created, result.ignored_columns) == (1, ["STT"])


# --------------------------------------------------------------------------------- bad files


def test_an_unknown_unit_rejects_the_whole_file_naming_row_and_column(admin):
    rows = [person_row(1), person_row(2, **{"Mã đơn vị": "KHONGCO"})]
    errors = failure(admin, xlsx(rows))
    assert errors == ["Dòng 3, cột Mã đơn vị: không có đơn vị mã “KHONGCO” trong phạm vi của bạn"]
    assert not Person.objects.filter(code="NK00001").exists()


def test_every_error_of_the_file_is_reported(admin):
    rows = [person_row(1, **{"Ngày sinh": "31/02/2024"}), person_row(2),
            person_row(3, **{"Giới tính": "Khác", "Số CCCD": "12345"})]
    errors = failure(admin, xlsx(rows))
    assert "Dòng 2, cột Ngày sinh: ngày 31/02/2024 không tồn tại" in errors
    assert any(e.startswith("Dòng 4, cột Giới tính: giới tính “Khác” không hợp lệ") for e in errors)
    assert "Dòng 4, cột Số CCCD: số CCCD “12345” phải gồm đúng 12 chữ số" in errors


def test_impossible_date_in_a_csv_is_rejected(admin):
    errors = failure(admin, csv_bytes([person_row(1, **{"Ngày vào cơ quan": "31/02/2024"})]), "ds.csv")
    assert errors == ["Dòng 2, cột Ngày vào cơ quan: ngày 31/02/2024 không tồn tại"]


def test_duplicate_codes_in_one_file_are_rejected(admin):
    errors = failure(admin, xlsx([person_row(1), person_row(2), person_row(1, **{"Số CCCD": "094199999999"})]))
    assert errors == ["Dòng 4, cột Mã cán bộ: mã cán bộ NK00001 trùng với dòng 2"]


def test_duplicate_national_ids_in_the_file_or_the_registry_are_rejected(admin, province, make_person):
    other = make_person(province["SGD"], national_id="094155555555")
    errors = failure(admin, xlsx([person_row(1), person_row(2, **{"Số CCCD": "094100000001"}),
                                  person_row(3, **{"Số CCCD": "094155555555"})]))
    assert errors == ["Dòng 3, cột Số CCCD: số CCCD 094100000001 trùng với dòng 2",
                      f"Dòng 4, cột Số CCCD: số CCCD 094155555555 đã được dùng, hãy kiểm tra lại (mã {other.code})"]


@pytest.mark.parametrize(("header", "value", "message"), [
    ("Đối tượng", "Hợp đồng", "đối tượng “Hợp đồng” không hợp lệ"),
    ("Giới tính", "X", "giới tính “X” không hợp lệ"),
    ("Dân tộc", "Klingon", "dân tộc “Klingon” không hợp lệ"),
    ("Mã ngạch/chức danh", "99.999", "mã ngạch/chức danh “99.999” không hợp lệ"),
    ("Mã chức vụ", "VUA", "mã chức vụ “VUA” không hợp lệ"),
    ("Ngoại ngữ", "Bậc 9", "trình độ ngoại ngữ “Bậc 9” không hợp lệ"),
    ("Quy hoạch", "Có lẽ", "“Có lẽ” không hợp lệ (ghi Có hoặc Không)"),
    ("Họ và tên", "", "chưa có giá trị (cột bắt buộc)"),
    ("Ngày sinh", "1990", "không phải ngày dạng dd/mm/yyyy"),
])
def test_unknown_values_are_reported_in_vietnamese(admin, header, value, message):
    errors = failure(admin, xlsx([person_row(1, **{header: value})]))
    assert len(errors) == 1 and errors[0].startswith(f"Dòng 2, cột {header}: ") and message in errors[0]


def test_a_new_position_needs_an_appointment_date(admin):
    errors = failure(admin, xlsx([person_row(1, **{"Mã chức vụ": "TRUONG_PHONG"})]))
    assert errors == ["Dòng 2, cột Ngày bổ nhiệm chức vụ: cần ngày bổ nhiệm khi có chức vụ"]


def test_missing_required_columns_are_named(admin):
    headers = [h for h in C.HEADERS if h not in ("Mã đơn vị", "Ngày sinh")]
    errors = failure(admin, xlsx([person_row(1)], headers=headers))
    assert errors == ["Dòng 1: thiếu cột bắt buộc “Ngày sinh”", "Dòng 1: thiếu cột bắt buộc “Mã đơn vị”"]


@pytest.mark.parametrize("content", [xlsx([]), csv_bytes([]), b"", "\ufeff".encode()])
def test_an_empty_file_is_rejected(admin, content):
    errors = failure(admin, content, "ds.csv" if not content.startswith(b"PK") else "ds.xlsx")
    assert len(errors) == 1 and ("không có dòng dữ liệu" in errors[0] or "rỗng" in errors[0] or "trống" in errors[0])


def test_a_completely_empty_workbook_is_rejected(admin):
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert "Tệp trống" in failure(admin, out.getvalue())[0]


@pytest.mark.parametrize(("content", "filename"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "ds.xlsx"),
    (bytes(range(256)) * 20, "ds.xlsx"),
    (bytes(range(256)) * 20, "ds.csv"),
    (b"PK\x03\x04" + b"\x00" * 200, "ds.xlsx"),
])
def test_a_file_that_is_not_a_spreadsheet_is_rejected(admin, content, filename):
    errors = failure(admin, content, filename)
    assert len(errors) == 1 and "không phải bảng tính" in errors[0]


def test_displayed_errors_are_capped_with_a_count_of_the_rest(admin):
    rows = [person_row(i, **{"Mã đơn vị": "KHONGCO"}) for i in range(1, 251)]
    with pytest.raises(ImportFailed) as info:
        run(admin, xlsx(rows))
    lines = info.value.lines(limit=200)
    assert info.value.total == 250 and len(lines) == 201 and lines[-1] == "… và 50 lỗi khác."


# ------------------------------------------------------------------------------ scope, roles


def test_agency_officer_cannot_import_a_row_for_another_agency(officer):
    errors = failure(officer, xlsx([person_row(1), person_row(2, **{"Mã đơn vị": "SGD"})]))
    assert errors == ["Dòng 3, cột Mã đơn vị: không có đơn vị mã “SGD” trong phạm vi của bạn"]


def test_agency_officer_cannot_update_a_person_of_another_agency(officer, province, make_person):
    other = make_person(province["THPT1"])
    errors = failure(officer, xlsx([person_row(1, **{"Mã cán bộ": other.code})]))
    assert errors == [f"Dòng 2, cột Mã cán bộ: mã cán bộ {other.code} đã được dùng, hãy kiểm tra lại"]


def test_agency_officer_imports_into_their_subtree(officer):
    assert run(officer, xlsx([person_row(1, **{"Mã đơn vị": "BVDK"})])).created == 1


def test_export_contains_only_the_officers_subtree(officer, province, make_person):
    make_person(province["SGD"], "Phạm Văn Giáo")
    make_person(province["X01"], "Lâm Văn Xã")
    make_person(province["SYT"], "Võ Thị Y")
    rows = list(csv.reader(io.StringIO(people_export(actor=officer, fmt="csv").content.decode("utf-8-sig"))))
    units = {r[C.HEADERS.index("Mã đơn vị")] for r in rows[1:]}
    assert units == {"SYT", "BVDK"}
    assert len(rows) - 1 == people_visible_to(officer).count() == 2


@pytest.mark.parametrize("persona", ["lanh_dao", "hoc_vien"])
def test_readers_cannot_import(personas, persona):
    with pytest.raises(PermissionDenied):
        run(personas[persona], xlsx([person_row(1)]))


def test_learners_cannot_export(personas):
    with pytest.raises(PermissionDenied):
        people_export(actor=personas["hoc_vien"], fmt="xlsx")


# ------------------------------------------------------------------------------------- csv


def test_csv_round_trip_keeps_vietnamese_text(admin):
    name = "Nguyễn Thị Ánh Tuyết"
    run(admin, csv_bytes([person_row(1, **{"Họ và tên": name, "Vị trí việc làm": "Quản lý nhân sự, đào tạo"})],
                         bom=False), "ds.csv")
    content = people_export(actor=admin, fmt="csv").content
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert name in text and "Quản lý nhân sự, đào tạo" in text
    before = counts()
    assert run(admin, content, "xuat.csv").unchanged == Person.objects.count()
    assert counts() == before


def test_semicolon_csv_from_vietnamese_excel_is_read(admin):
    assert run(admin, csv_bytes([person_row(1)], delimiter=";"), "ds.csv").created == 1


def test_formula_like_text_survives_export_and_import(admin):
    run(admin, csv_bytes([person_row(1, **{"Vị trí việc làm": "=HYPERLINK(\"x\")"})]), "ds.csv")
    for fmt in ("xlsx", "csv"):
        assert run(admin, people_export(actor=admin, fmt=fmt).content, f"x.{fmt}").unchanged == 2
    assert Person.objects.get(code="NK00001").job_position == "=HYPERLINK(\"x\")"


# ------------------------------------------------------------------------------------- CLI


def test_cli_import_and_export(admin, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person_row(1)]))
    assert cli.main(["import", "people", str(path)]) == 0
    assert "Đã nhập: 1 thêm mới, 0 cập nhật, 0 không đổi." in capsys.readouterr().out
    out = tmp_path / "xuat.csv"
    assert cli.main(["--as", "can_bo_so_y_te", "export", "people", str(out)]) == 0
    assert "NK00001" in out.read_text(encoding="utf-8-sig")


def test_cli_import_of_a_bad_file_exits_1_with_the_errors_on_stderr(admin, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person_row(1), person_row(2, **{"Mã đơn vị": "SGD"})]))
    before = counts()
    assert cli.main(["--as", "can_bo_so_y_te", "import", "people", str(path)]) == 1
    assert "Dòng 3, cột Mã đơn vị: không có đơn vị mã “SGD” trong phạm vi của bạn" in capsys.readouterr().err
    assert counts() == before


# ------------------------------------------------------------------------------------- web


def test_web_upload_with_a_bad_row_shows_the_message_and_writes_nothing(client_as):
    client = client_as("can_bo_so_y_te")
    upload = io.BytesIO(xlsx([person_row(1), person_row(2, **{"Ngày sinh": "31/02/2024"})]))
    upload.name = "ds.xlsx"
    before = counts()
    response = client.post("/nhan-su/nhap/", {"file": upload})
    assert response.status_code == 422
    assert "Dòng 3, cột Ngày sinh: ngày 31/02/2024 không tồn tại" in response.content.decode()
    assert counts() == before


def test_web_upload_of_a_valid_file_reports_the_summary(client_as):
    client = client_as("can_bo_so_y_te")
    upload = io.BytesIO(xlsx([person_row(1)]))
    upload.name = "ds.xlsx"
    response = client.post("/nhan-su/nhap/", {"file": upload}, follow=True)
    assert "Đã nhập: 1 thêm mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    assert "Lê Thị Hồng Nhung" in response.content.decode()


def test_template_download_has_the_headers_and_a_guide_with_visible_units(client_as):
    response = client_as("can_bo_so_y_te").get("/nhan-su/mau-nhap.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == C.HEADERS
    guide = [[c for c in row if c is not None] for row in wb["Hướng dẫn"].iter_rows(values_only=True)]
    codes = {row[0] for row in guide if row}
    assert {"SYT", "BVDK", "cong_chuc", "01.003", "TRUONG_PHONG", "Mã cán bộ"} <= codes
    assert ["Ngoại ngữ", "bac_3", "Bậc 3", 3] in guide
    assert "SGD" not in codes


def test_template_imports_nothing_and_says_so(admin):
    errors = failure(admin, import_template(actor=admin).content)
    assert "không có dòng dữ liệu" in errors[0]


def test_web_export_follows_the_list_filters(client_as, province, make_person):
    make_person(province["BVDK"], "Võ Văn Bệnh")
    make_person(province["SYT"], "Hồ Thị Sở")
    response = client_as("can_bo_so_y_te").get("/nhan-su/xuat.xlsx", {"don_vi": "SYT", "q": "ho thi"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Hồ Thị Sở"]
    csv_response = client_as("can_bo_so_y_te").get("/nhan-su/xuat.csv")
    assert csv_response.content.startswith("\ufeff".encode())


@pytest.mark.parametrize(("persona", "url", "status"), [
    ("hoc_vien", "/nhan-su/xuat.xlsx", 403),
    ("hoc_vien", "/nhan-su/nhap/", 403),
    ("lanh_dao", "/nhan-su/nhap/", 403),
    ("lanh_dao", "/nhan-su/mau-nhap.xlsx", 403),
    ("lanh_dao", "/nhan-su/xuat.csv", 200),
    ("can_bo_so_y_te", "/nhan-su/nhap/", 200),
])
def test_who_may_import_and_export(client_as, persona, url, status):
    assert client_as(persona).get(url).status_code == status


def test_list_shows_import_and_export_actions_to_officers(client_as):
    page = client_as("can_bo_so_y_te").get("/nhan-su/").content.decode()
    assert "/nhan-su/nhap/" in page and "/nhan-su/xuat.xlsx" in page and "/nhan-su/xuat.csv" in page


# ------------------------------------------------------------------------------------ size


@pytest.mark.slow
def test_fifty_thousand_rows_import_in_one_go(admin):
    """CSV keeps the test's own file writing cheap; bench/import_people.py measures xlsx."""
    rows = [person_row(i, **{"Họ và tên": f"Nguyễn Văn Số {i}", "Mã đơn vị": ("SYT", "BVDK", "X01")[i % 3]})
            for i in range(1, 50_001)]
    content = csv_bytes(rows)
    before = counts()
    result = run(admin, content, "ds.csv")  # its speed is measured in bench/import_people.py, not here
    assert (result.created, result.updated, result.unchanged) == (50_000, 0, 0)
    after = counts()
    assert after["people"] - before["people"] == 50_000
    assert after["periods"] - before["periods"] == 50_000
    assert after["qualifications"] - before["qualifications"] == 200_000
    assert after["audit"] - before["audit"] == 50_001  # one per person, one for the file
    person = Person.objects.get(code="NK50000")
    assert (person.unit.code, person.given_name, person.periods.count()) == ("X01", "50000", 1)
