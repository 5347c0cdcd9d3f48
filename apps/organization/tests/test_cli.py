"""dtbd units …: the tree as of a date, restructuring from the command line, and unit import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apps.core.models import AuditEntry
from apps.organization.models import Unit
from apps.people.models import Person
from dtbd import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_units_list_prints_the_tree_as_of_a_date_indented(capsys, personas):
    code, out, _ = run(capsys, "--as", "so_noi_vu", "units", "list", "--at", "30/06/2025")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Sơ đồ tổ chức ngày 30/06/2025 (8 đơn vị)"
    assert "UBND tỉnh Sóc Trăng [TINH] — Cấp tỉnh" in lines[1]
    assert "    UBND xã Long Hưng [X02] — Cấp xã" in lines


def test_units_list_for_an_officer_shows_only_their_agency(capsys, personas):
    code, out, _ = run(capsys, "--as", "can_bo_so_y_te", "units", "list", "--json")
    data = json.loads(out)
    assert code == 0
    assert [(u["code"], u["depth"], u["parent"]) for u in data["units"]] == [("SYT", 0, "TINH"), ("BVDK", 1, "SYT")]


def test_units_list_refuses_a_learner(capsys, personas):
    code, _, err = run(capsys, "--as", "hoc_vien", "units", "list")
    assert code == 1 and "không xem được sơ đồ tổ chức" in err


def test_merge_then_list_before_and_after(capsys, personas, province, make_person):
    make_person(province["X01"], "Nguyễn Văn An")
    make_person(province["X02"], "Thạch Châu")
    code, out, err = run(capsys, "--as", "so_noi_vu", "units", "merge", "X01", "X02", "--into", "X03",
                         "--new-name", "UBND xã Mỹ Hương Long", "--on", "01/07/2025", "--decision", "Số 1234/NQ")
    assert code == 0, err
    assert "Đã sáp nhập X01, X02 vào UBND xã Mỹ Hương Long (X03) từ ngày 01/07/2025; 2 người" in out
    _, before, _ = run(capsys, "units", "list", "--at", "2025-06-30", "--json")
    _, after, _ = run(capsys, "units", "list", "--at", "2025-07-01", "--json")
    assert {"X01", "X02"} <= {u["code"] for u in json.loads(before)["units"]}
    after_units = {u["code"]: u for u in json.loads(after)["units"]}
    assert "X01" not in after_units and after_units["X03"]["parent"] == "H01"
    assert Person.objects.filter(unit__code="X03").count() == 2


def test_merge_dry_run_only_counts(capsys, personas, province, make_person):
    make_person(province["X01"], "Nguyễn Văn An")
    code, out, _ = run(capsys, "units", "merge", "X01", "--into", "X02", "--on", "01/07/2025", "--dry-run")
    assert code == 0 and "1 người chuyển đơn vị" in out
    assert Unit.objects.get(code="X01").valid_to is None


def test_an_agency_officer_cannot_merge_from_the_cli(capsys, personas, province):
    code, _, err = run(capsys, "--as", "can_bo_so_y_te", "units", "merge", "BVDK", "--into", "SYT", "--on", "01/07/2025")
    assert code == 1 and "Chỉ Sở Nội vụ" in err
    assert Unit.objects.get(code="BVDK").valid_to is None


def test_merging_into_itself_exits_1_with_the_reason(capsys, province):
    code, _, err = run(capsys, "units", "merge", "X01", "X02", "--into", "X01", "--on", "01/07/2025")
    assert code == 1 and "Không thể sáp nhập đơn vị X01 vào chính nó" in err


def test_move_and_a_bad_date(capsys, province):
    assert run(capsys, "units", "move", "BVDK", "--to", "SGD", "--on", "01/01/2024")[0] == 0
    assert Unit.objects.get(code="BVDK").parent.code == "SGD"
    code, _, err = run(capsys, "units", "move", "BVDK", "--to", "SYT", "--on", "31/02/2024")
    assert code == 1 and "--on: ngày 31/02/2024 không tồn tại" in err


def test_create_with_flags_and_languages(capsys, province):
    code, out, err = run(capsys, "units", "create", "X05", "UBND xã Lịch Hội Thượng", "--level", "xa",
                         "--kind", "state", "--parent", "H01", "--from", "01/01/2021", "--remote",
                         "--ethnic-area", "--languages", "Khmer,Hoa")
    assert code == 0, err
    unit = Unit.objects.get(code="X05")
    assert (unit.level, unit.is_remote, unit.is_especially_difficult, unit.ethnic_languages) == (
        "commune", True, False, "Khmer, Hoa")
    assert unit.valid_from == dt.date(2021, 1, 1)
    assert run(capsys, "units", "create", "X05", "Trùng", "--level", "xa", "--kind", "state")[0] == 1


def test_update_changes_only_what_is_given(capsys, province):
    assert run(capsys, "units", "update", "X01", "--name", "UBND xã Mỹ Hương mới", "--remote")[0] == 0
    unit = Unit.objects.get(code="X01")
    assert (unit.name, unit.is_remote, unit.is_ethnic_minority_area) == ("UBND xã Mỹ Hương mới", True, False)


def test_abolish_level_with_a_successor_map(capsys, province, make_person, tmp_path):
    dung = make_person(province["H01"], "Trần Văn Dũng")
    mapping = tmp_path / "ke-thua.csv"
    mapping.write_text("Mã đơn vị bị bỏ,Mã đơn vị kế thừa\nH01,X01\n", encoding="utf-8")
    code, out, err = run(capsys, "units", "abolish-level", "district", "--on", "2025-07-01", "--map", str(mapping))
    assert code == 0, err
    assert "Đã bỏ 1 đơn vị cấp huyện từ ngày 01/07/2025; 1 người chuyển đơn vị." in out
    assert Person.objects.get(pk=dung.pk).unit.code == "X01"
    assert Unit.objects.get(code="X02").parent.code == "TINH"


def test_abolish_level_names_unmapped_and_unknown_units(capsys, province, tmp_path):
    run(capsys, "units", "create", "H02", "UBND huyện Kế Sách", "--level", "huyen", "--kind", "state",
        "--parent", "TINH", "--from", "01/01/2020")
    mapping = tmp_path / "ke-thua.csv"
    mapping.write_text("Mã đơn vị bị bỏ,Mã đơn vị kế thừa\nH01,X01\n", encoding="utf-8")
    code, _, err = run(capsys, "units", "abolish-level", "district", "--on", "01/07/2025", "--map", str(mapping))
    assert code == 1 and "Chưa chỉ định đơn vị kế thừa cho: H02" in err
    mapping.write_text("Mã đơn vị bị bỏ,Mã đơn vị kế thừa\nH01,X01\nH02,KHONGCO\n", encoding="utf-8")
    code, _, err = run(capsys, "units", "abolish-level", "district", "--on", "01/07/2025", "--map", str(mapping))
    assert code == 1 and "Không có đơn vị mã: KHONGCO" in err
    assert Unit.objects.get(code="H01").valid_to is None


UNITS_CSV = """Mã đơn vị,Tên đơn vị,Cấp,Loại hình,Mã đơn vị cấp trên,Vùng sâu, vùng xa,Vùng đồng bào DTTS,Tiếng dân tộc,Hiệu lực từ
TTYT,Trung tâm Y tế huyện Mỹ Tú,huyện,Đơn vị sự nghiệp công lập,H01,,,,01/01/2021
TRAMX01,Trạm Y tế xã Mỹ Hương,xã,sự nghiệp,TTYT,x,x,Khmer,01/01/2021
"""


def _write(tmp_path, text: str, name: str = "don-vi.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_creates_units_children_after_parents_and_reimport_changes_nothing(capsys, province, tmp_path):
    text = UNITS_CSV.replace("Vùng sâu, vùng xa", '"Vùng sâu, vùng xa"')
    # children listed before their parent still import
    lines = text.splitlines()
    path = _write(tmp_path, "\n".join([lines[0], lines[2], lines[1]]) + "\n")
    code, out, err = run(capsys, "units", "import", path)
    assert code == 0, err
    assert out.strip() == "Đã nhập 2 đơn vị: 2 thêm mới, 0 cập nhật, 0 không đổi."
    tram = Unit.objects.get(code="TRAMX01")
    assert (tram.parent.code, tram.level, tram.kind, tram.is_remote, tram.ethnic_languages) == (
        "TTYT", "commune", "public_service", True, "Khmer")
    code, out, _ = run(capsys, "units", "import", path)
    assert out.strip() == "Đã nhập 2 đơn vị: 0 thêm mới, 0 cập nhật, 2 không đổi."
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, target_type="unit").count() == 2


def test_import_with_errors_writes_nothing_and_names_row_and_column(capsys, province, tmp_path):
    bad = ("Mã đơn vị,Tên đơn vị,Cấp,Loại hình,Mã đơn vị cấp trên,Hiệu lực từ\n"
           "A1,Đơn vị A,huyện,state,H01,01/01/2021\n"
           "A2,,thôn,state,KHONGCO,31/02/2021\n"
           "A1,Trùng mã,xã,state,,\n")
    code, _, err = run(capsys, "units", "import", _write(tmp_path, bad))
    assert code == 1
    assert "dữ liệu không thay đổi" in err
    for line in ("Dòng 3, cột Tên đơn vị: không được để trống.",
                 "Dòng 3, cột Cấp: “thôn” không phải giá trị hợp lệ.",
                 "Dòng 3, cột Hiệu lực từ: ngày 31/02/2021 không tồn tại.",
                 "Dòng 4, cột Mã đơn vị: mã A1 trùng với dòng 2.",
                 "Dòng 3, cột Mã đơn vị cấp trên: không có đơn vị mã KHONGCO."):
        assert line in err
    assert "vòng lặp" not in err
    assert not Unit.objects.filter(code="A1").exists()


def test_import_reports_a_parent_cycle(capsys, province, tmp_path):
    text = "Mã đơn vị,Tên đơn vị,Cấp,Loại hình,Mã đơn vị cấp trên\nB1,B một,xã,state,B2\nB2,B hai,xã,state,B1\n"
    code, _, err = run(capsys, "units", "import", _write(tmp_path, text))
    assert code == 1 and "Dòng 2, cột Mã đơn vị cấp trên: vòng lặp trực thuộc (B1 → B2)." in err


def test_import_refuses_a_changed_parent_and_a_missing_column(capsys, province, tmp_path):
    text = "Mã đơn vị,Tên đơn vị,Cấp,Loại hình,Mã đơn vị cấp trên\nX01,UBND xã Mỹ Hương,xã,state,TINH\n"
    code, _, err = run(capsys, "units", "import", _write(tmp_path, text))
    assert code == 1 and "Dòng 2, cột Mã đơn vị cấp trên: đơn vị X01 đang trực thuộc H01" in err
    code, _, err = run(capsys, "units", "import", _write(tmp_path, "Mã đơn vị,Tên đơn vị\nX9,Y\n"))
    assert code == 1 and "Dòng 1: thiếu cột “Cấp”." in err


def test_import_updates_names_of_existing_units_from_xlsx(capsys, province, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Cấp", "Loại hình", "Mã đơn vị cấp trên", "Hiệu lực từ"])
    sheet.append(["X01", "UBND xã Mỹ Hương (mới)", "Cấp xã", "Cơ quan hành chính nhà nước", "H01",
                  dt.datetime(2020, 1, 1)])
    path = tmp_path / "don-vi.xlsx"
    book.save(path)
    code, out, err = run(capsys, "units", "import", str(path))
    assert code == 0, err
    assert "1 cập nhật" in out
    assert Unit.objects.get(code="X01").name == "UBND xã Mỹ Hương (mới)"


def test_import_needs_home_affairs(capsys, personas, tmp_path):
    code, _, err = run(capsys, "--as", "can_bo_so_y_te", "units", "import", _write(tmp_path, UNITS_CSV))
    assert code == 1 and "Chỉ Sở Nội vụ" in err


@pytest.mark.parametrize("argv", [["units", "move", "KHONGCO", "--to", "SYT", "--on", "01/01/2024"]])
def test_unknown_codes_exit_1(capsys, province, argv):
    code, _, err = run(capsys, *argv)
    assert code == 1 and "Không có đơn vị mã KHONGCO" in err
