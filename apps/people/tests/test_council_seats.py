"""People's Council seats and status changes through the people import, export, form and CLI."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.organization.models import Level, UnitKind
from apps.organization.services import unit_create
from apps.people.io import columns as C
from apps.people.io.exporting import people_export
from apps.people.models import CouncilMembership, Person, ServicePeriod
from apps.people.tests.test_import_export import counts, failure, person_row, run, xlsx
from apps.targets.engine import evaluate_target
from dtbd import cli

D = dt.date
SEAT_HEADERS = [c.header for c in C.seat_columns(2)]


@pytest.fixture
def councils(province):
    def make(code, name, level, parent):
        return unit_create(actor=SYSTEM, code=code, name=name, level=level, kind=UnitKind.COUNCIL, parent=parent,
                           valid_from=D(2020, 1, 1), audit=False)

    return {"HDND": make("HDND", "HĐND tỉnh Sóc Trăng", Level.PROVINCE, province["TINH"]),
            "H01-HDND": make("H01-HDND", "HĐND huyện Mỹ Tú", Level.DISTRICT, province["H01"])}


@pytest.fixture
def admin(personas):
    return personas["so_noi_vu"]


def seat(n, term="2021-2026", level="Tỉnh", start="01/07/2021", end=""):
    return {f"HĐND {n}: nhiệm kỳ": term, f"HĐND {n}: cấp": level, f"HĐND {n}: từ ngày": start,
            f"HĐND {n}: đến ngày": end}


def delegates_file(**extra) -> bytes:
    """A civil servant of Sở Y tế on two councils, and a teacher (viên chức) on the provincial one."""
    rows = [
        person_row(1, **seat(1), **seat(2, level="Huyện", start="01/07/2021", end="30/06/2025"), **extra),
        person_row(2, **{"Họ và tên": "Thạch Thị Sa Rinh", "Mã đơn vị": "THPT1", "Đối tượng": "Viên chức",
                         "Mã ngạch/chức danh": ""}, **seat(1)),
        person_row(3, **{"Họ và tên": "Nguyễn Văn Không Đại Biểu"}),
    ]
    rows[0]["Mã đơn vị"] = "H01"  # the district council is found from the person's unit
    return xlsx(rows)


def delegates_counted(at: dt.date | None = None, term: str = "2021-2026") -> int:
    spec = {"population": {"council_term": term},
            "measure": {"kind": "qualification", "dimension": "chuyen_mon", "level": "dai_hoc"},
            "goal": {"min": 100, "unit": "percent"}, "deadline": {"end_of_period": True}}
    return evaluate_target(spec, at=at or D(2024, 12, 31), period=(D(2021, 1, 1), D(2025, 12, 31)))["denominator"]


def test_imported_seats_are_recorded_and_counted_by_the_delegates_targets(admin, councils):
    result = run(admin, delegates_file())
    assert result.created == 3
    seats = sorted(CouncilMembership.objects.values_list("person__code", "council__code", "term", "valid_from",
                                                         "valid_to"))
    assert seats == [("NK00001", "H01-HDND", "2021-2026", D(2021, 7, 1), D(2025, 6, 30)),
                     ("NK00001", "HDND", "2021-2026", D(2021, 7, 1), None),
                     ("NK00002", "HDND", "2021-2026", D(2021, 7, 1), None)]
    # the teacher counts like anyone else; the third person holds no seat
    assert delegates_counted() == 2
    assert delegates_counted(term="2026-2031") == 0
    entry = AuditEntry.objects.get(target_type="person", target_label__contains="NK00002",
                                   action=AuditEntry.Action.CREATE)
    assert entry.changes["Đại biểu HĐND"] == [None, "HĐND tỉnh Sóc Trăng 2021-2026 (từ 01/07/2021)"]


def test_the_seed_plans_delegate_target_counts_imported_seats(admin, councils):
    """The Sóc Trăng plan's target over the 2021-2026 delegates, read from plans/ as loaded."""
    import yaml
    from django.conf import settings

    plan = yaml.safe_load((settings.BASE_DIR / "plans" / "soc-trang-2021-2025.yaml").read_text(encoding="utf-8"))
    spec = next(t for t in plan["targets"] if t.get("population", {}).get("council_term") == "2021-2026")
    assert evaluate_target(spec, at=D(2024, 12, 31), period=(D(2021, 1, 1), D(2025, 12, 31)))["denominator"] == 0
    run(admin, delegates_file())
    assert evaluate_target(spec, at=D(2024, 12, 31), period=(D(2021, 1, 1), D(2025, 12, 31)))["denominator"] == 2


def test_reimporting_the_same_seats_changes_nothing(admin, councils):
    run(admin, delegates_file())
    before = counts() | {"seats": CouncilMembership.objects.count()}
    result = run(admin, delegates_file())
    assert (result.created, result.updated) == (0, 0)
    assert counts() | {"seats": CouncilMembership.objects.count()} == before


def _sheet(content: bytes) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_export_import_export_with_seats_and_statuses_is_a_no_op(admin, councils):
    run(admin, delegates_file())
    run(admin, xlsx([person_row(3, **{"Họ và tên": "Nguyễn Văn Không Đại Biểu", "Trạng thái": "Nghỉ hưu",
                                      "Ngày trạng thái": "01/03/2025"})]))
    first = people_export(actor=admin, fmt="xlsx").content
    rows = _sheet(first)
    header = rows[0]
    assert header[-8:] == SEAT_HEADERS and "Trạng thái" in header
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_code["NK00001"]["HĐND 1: cấp"] == "Huyện" and by_code["NK00001"]["HĐND 2: cấp"] == "Tỉnh"
    assert by_code["NK00003"]["Trạng thái"] == "Nghỉ hưu" and by_code["NK00003"]["Ngày trạng thái"] == "01/03/2025"
    before = counts() | {"seats": CouncilMembership.objects.count()}
    result = run(admin, first)
    assert (result.created, result.updated) == (0, 0)
    assert counts() | {"seats": CouncilMembership.objects.count()} == before
    assert _sheet(people_export(actor=admin, fmt="xlsx").content) == rows


def test_a_person_with_three_seats_exports_a_third_group(admin, councils):
    run(admin, xlsx([person_row(1, **seat(1), **seat(2, term="2026-2031", start="01/07/2026"),
                                **seat(3, term="2016-2021", start="01/07/2016", end="30/06/2021"))],
                    headers=C.HEADERS + [c.header for c in C.seat_columns(3)[8:]]))
    assert CouncilMembership.objects.count() == 3
    rows = _sheet(people_export(actor=admin, fmt="xlsx").content)
    assert rows[0][-4:] == ["HĐND 3: nhiệm kỳ", "HĐND 3: cấp", "HĐND 3: từ ngày", "HĐND 3: đến ngày"]
    mine = next(r for r in rows if r[0] == "NK00001")
    assert mine[-12::4] == ["2016-2021", "2021-2026", "2026-2031"]


def test_a_row_lists_all_seats_so_a_changed_end_is_written_and_a_dropped_seat_deleted(admin, councils):
    run(admin, delegates_file())
    ended = person_row(1, **{"Mã đơn vị": "H01"}, **seat(1, end="15/02/2025"))  # the district seat dropped
    result = run(admin, xlsx([ended]))
    assert result.updated == 1
    assert list(CouncilMembership.objects.filter(person__code="NK00001").values_list("council__code", "valid_to")) \
        == [("HDND", D(2025, 2, 15))]
    entry = AuditEntry.objects.filter(target_label__contains="NK00001").latest("at")
    old, new = entry.changes["Đại biểu HĐND"]
    assert "HĐND huyện Mỹ Tú" in old and "HĐND huyện Mỹ Tú" not in new and "đến 15/02/2025" in new


def test_a_file_without_seat_columns_leaves_seats_alone(admin, councils):
    run(admin, delegates_file())
    headers = [h for h in C.HEADERS if not h.startswith("HĐND")]
    run(admin, xlsx([person_row(2, **{"Họ và tên": "Thạch Thị Sa Rinh", "Mã đơn vị": "THPT1",
                                      "Đối tượng": "Viên chức", "Mã ngạch/chức danh": ""})], headers=headers))
    assert CouncilMembership.objects.filter(person__code="NK00002").count() == 1


@pytest.mark.parametrize(("cells", "message"), [
    (seat(1, term="2021-2025"), "Dòng 2, cột HĐND 1: nhiệm kỳ: nhiệm kỳ “2021-2025” không phải nhiệm kỳ 5 năm"),
    (seat(1, term="nhiệm kỳ mới"), "Dòng 2, cột HĐND 1: nhiệm kỳ: nhiệm kỳ “nhiệm kỳ mới” không đúng dạng 2021-2026"),
    (seat(1, term=""), "Dòng 2, cột HĐND 1: nhiệm kỳ: chưa ghi nhiệm kỳ"),
    (seat(1, level="Huyện"), "Dòng 2, cột HĐND 1: cấp: không tìm thấy HĐND cấp huyện của đơn vị công tác"),
    (seat(1, level="Trung ương"), "Dòng 2, cột HĐND 1: cấp: “Trung ương” không phải cấp HĐND"),
    (seat(1, start=""), "Dòng 2, cột HĐND 1: từ ngày: chưa có ngày bắt đầu"),
    (seat(1, start="01/07/2019"), "Dòng 2, cột HĐND 1: từ ngày: ngày 01/07/2019 nằm ngoài nhiệm kỳ 2021-2026"),
    (seat(1, end="01/01/2021"), "Dòng 2, cột HĐND 1: đến ngày: ngày kết thúc 01/01/2021 trước ngày bắt đầu"),
    (seat(1, start="31/02/2022"), "Dòng 2, cột HĐND 1: từ ngày:"),
    (seat(1) | seat(2, level="HDND"), "Dòng 2, cột HĐND 2: nhiệm kỳ: ghế HĐND tỉnh Sóc Trăng nhiệm kỳ 2021-2026 "
                                      "trùng với nhóm HĐND 1"),
])
def test_a_bad_seat_rejects_the_file_naming_row_and_column(admin, councils, cells, message):
    errors = failure(admin, xlsx([person_row(1, **cells), person_row(2)]))
    assert any(str(e).startswith(message) for e in errors), errors
    assert not CouncilMembership.objects.exists()


def test_a_council_code_names_another_districts_council(admin, councils):
    run(admin, xlsx([person_row(1, **seat(1, level="h01-hdnd"))]))  # works in Sở Y tế, sits in H01's council
    assert CouncilMembership.objects.get().council.code == "H01-HDND"
    rows = _sheet(people_export(actor=admin, fmt="xlsx").content)
    mine = next(r for r in rows if r[0] == "NK00001")
    assert dict(zip(rows[0], mine, strict=True))["HĐND 1: cấp"] == "H01-HDND"  # "Huyện" would not find it


# ------------------------------------------------------------------------------ status changes


def test_import_retires_a_person_from_a_date_and_reimport_is_a_no_op(admin, councils):
    run(admin, xlsx([person_row(1), person_row(2)]))
    retire = [person_row(1, **{"Trạng thái": "Nghỉ hưu", "Ngày trạng thái": "01/03/2025"}),
              person_row(2, **{"Trạng thái": "chuyển công tác", "Ngày trạng thái": "15/04/2025"})]
    result = run(admin, xlsx(retire))
    assert result.updated == 2
    one = Person.objects.get(code="NK00001")
    assert (one.status, one.status_on) == ("retired", D(2025, 3, 1))
    assert ServicePeriod.objects.get(person=one).valid_to == D(2025, 2, 28)
    assert Person.objects.get(code="NK00002").status == "transferred"
    entry = AuditEntry.objects.filter(target_id=one.pk, action=AuditEntry.Action.UPDATE).latest("at")
    assert entry.changes["status"] == ["working", "retired"]
    before = counts()
    assert run(admin, xlsx(retire)).updated == 0
    assert counts() == before


def test_a_new_person_can_arrive_already_retired(admin, councils):
    run(admin, xlsx([person_row(1, **{"Trạng thái": "Nghỉ hưu", "Ngày trạng thái": "01/01/2024"})]))
    person = Person.objects.get(code="NK00001")
    assert (person.status, person.status_on) == ("retired", D(2024, 1, 1))
    assert ServicePeriod.objects.get(person=person).valid_to == D(2023, 12, 31)


@pytest.mark.parametrize(("cells", "message"), [
    ({"Trạng thái": "Nghỉ hưu"}, "Dòng 2, cột Ngày trạng thái: cần ngày trạng thái khi chuyển sang “Nghỉ hưu”"),
    ({"Trạng thái": "Đi học"}, "Dòng 2, cột Trạng thái: trạng thái “Đi học” không hợp lệ"),
    ({"Trạng thái": "Nghỉ hưu", "Ngày trạng thái": "01/06/2015"},
     "Dòng 2, cột Ngày trạng thái: ngày trạng thái phải sau ngày 01/07/2015"),
    ({"Trạng thái": "Thôi việc", "Ngày trạng thái": "01/06/2025", "Mã đơn vị": "BVDK"},
     "Dòng 2, cột Trạng thái: không thể vừa thay đổi đơn vị, ngạch, chức vụ vừa chuyển trạng thái"),
    ({"Ngày trạng thái": "01/06/2025"}, "Dòng 2, cột Trạng thái: có Ngày trạng thái nhưng chưa ghi Trạng thái"),
])
def test_a_bad_status_change_rejects_the_file(admin, councils, cells, message):
    run(admin, xlsx([person_row(1), person_row(2)]))
    errors = failure(admin, xlsx([person_row(1, **cells), person_row(2, **{"Trạng thái": "Nghỉ hưu",
                                                                          "Ngày trạng thái": "01/03/2025"})]))
    assert any(str(e).startswith(message) for e in errors), errors
    assert not Person.objects.exclude(status="working").exists()


def test_returning_to_work_through_the_import_is_refused(admin, councils):
    run(admin, xlsx([person_row(1, **{"Trạng thái": "Nghỉ hưu", "Ngày trạng thái": "01/01/2024"})]))
    errors = failure(admin, xlsx([person_row(1, **{"Trạng thái": "Đang công tác"})]))
    assert str(errors[0]).startswith("Dòng 2, cột Trạng thái: hồ sơ đang ở trạng thái “Nghỉ hưu”; trở lại công tác")


# --------------------------------------------------------------------------------------- CLI


def test_cli_lists_adds_and_ends_seats(admin, councils, make_person, province, capsys):
    teacher = make_person(province["THPT1"], "Lý Thị Giáo Viên", category="vien_chuc")
    assert cli.main(["--as", "so_noi_vu", "people", "seats", "add", teacher.code, "--term", "2026-2031",
                     "--from", "01/07/2026"]) == 0
    assert "HĐND tỉnh Sóc Trăng nhiệm kỳ 2026-2031" in capsys.readouterr().out
    assert cli.main(["--as", "so_noi_vu", "people", "seats", "add", teacher.code, "--term", "2026-2031",
                     "--from", "01/07/2026"]) == 1
    assert "Đã có ghế đại biểu" in capsys.readouterr().err
    assert cli.main(["--as", "so_noi_vu", "people", "seats", "end", teacher.code, "--term", "2026-2031",
                     "--on", "31/12/2027"]) == 0
    capsys.readouterr()
    assert cli.main(["--as", "so_noi_vu", "people", "seats", "list", "--json"]) == 0
    import json

    listed = json.loads(capsys.readouterr().out)
    assert listed == [{"code": teacher.code, "full_name": "Lý Thị Giáo Viên", "council": "HDND",
                       "council_name": "HĐND tỉnh Sóc Trăng", "term": "2026-2031", "from": "2026-07-01",
                       "to": "2027-12-31"}]
    # another agency's officer neither sees nor writes the teacher's seats
    assert cli.main(["--as", "can_bo_so_y_te", "people", "seats", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli.main(["--as", "can_bo_so_y_te", "people", "seats", "end", teacher.code, "--term", "2026-2031",
                     "--on", "01/01/2027"]) == 1
    assert "Không có hồ sơ" in capsys.readouterr().err


# --------------------------------------------------------------------------------- the form


def test_the_person_form_adds_ends_and_removes_a_seat(admin, councils, make_person, province, client):
    person = make_person(province["SYT"], "Đinh Văn Đại Biểu")
    client.force_login(admin)
    page = client.get(f"/nhan-su/{person.code}/sua/")
    assert "Đại biểu Hội đồng nhân dân" in page.content.decode() and "— Chọn —" in page.content.decode()
    response = client.post(f"/nhan-su/{person.code}/hdnd/", {
        "term": "2021-2026", "council": councils["HDND"].pk, "valid_from": "01/07/2021", "valid_to": ""})
    assert response.status_code == 302
    seat_row = CouncilMembership.objects.get(person=person)
    bad = client.post(f"/nhan-su/{person.code}/hdnd/", {
        "term": "2021-2026", "council": councils["HDND"].pk, "valid_from": "01/07/2019"})
    assert bad.status_code == 422 and "nằm ngoài nhiệm kỳ 2021-2026" in bad.content.decode()
    client.post(f"/nhan-su/{person.code}/hdnd/{seat_row.pk}/ket-thuc/", {"on": "30/06/2024"})
    seat_row.refresh_from_db()
    assert seat_row.valid_to == D(2024, 6, 30)
    detail = client.get(f"/nhan-su/{person.code}/").content.decode()
    assert "HĐND tỉnh Sóc Trăng" in detail and "30/06/2024" in detail
    client.post(f"/nhan-su/{person.code}/hdnd/{seat_row.pk}/xoa/")
    assert not CouncilMembership.objects.exists()
