"""dtbd import classes|enrollments FILE and dtbd export classes|enrollments FILE."""

from __future__ import annotations

from apps.training.models import Enrollment, TrainingClass
from apps.training.tests.test_import_classes import class_row
from apps.training.tests.test_import_classes import xlsx as classes_xlsx
from apps.training.tests.test_import_enrollments import row, xlsx
from dtbd import cli


def test_cli_imports_classes_then_results_and_exports_them(catalogue, make_person, province, tmp_path, capsys):
    path = tmp_path / "lop.xlsx"
    path.write_bytes(classes_xlsx([class_row()]))
    assert cli.main(["--as", "so_noi_vu", "import", "classes", str(path)]) == 0
    assert "Đã nhập: 1 lớp mới, 0 cập nhật, 0 không đổi." in capsys.readouterr().out
    klass = TrainingClass.objects.get(code="TC-2025-01")
    person = make_person(province["SYT"])
    results = tmp_path / "kq.xlsx"
    results.write_bytes(xlsx([row(klass, person, **{"Ngày hoàn thành": "28/11/2025", "Ngày cấp": "28/11/2025"})]))
    assert cli.main(["--as", "can_bo_so_y_te", "import", "enrollments", str(results)]) == 0
    assert "1 lượt ghi danh mới" in capsys.readouterr().out
    out = tmp_path / "xuat.csv"
    assert cli.main(["--as", "can_bo_so_y_te", "export", "enrollments", str(out), "--class", klass.code]) == 0
    assert person.code in out.read_text(encoding="utf-8-sig")
    out = tmp_path / "lop.csv"
    assert cli.main(["--as", "can_bo_so_y_te", "export", "classes", str(out)]) == 0
    assert "TC-2025-01" in out.read_text(encoding="utf-8-sig")


def test_cli_import_of_a_bad_results_file_exits_1_with_every_message(make_class, make_person, province, tmp_path,
                                                                     capsys):
    klass = make_class()
    person = make_person(province["SYT"])
    path = tmp_path / "kq.xlsx"
    path.write_bytes(xlsx([row(klass, person), {**row(klass, person), "Mã cán bộ": "KHONGCO"}]))
    assert cli.main(["--as", "so_noi_vu", "import", "enrollments", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Tệp kq.xlsx không được nhập (1 lỗi, dữ liệu không thay đổi)" in err
    assert "Dòng 3, cột Mã cán bộ: không có cán bộ mã “KHONGCO”" in err
    assert Enrollment.objects.count() == 0


def test_cli_dry_run_checks_the_whole_file_and_writes_nothing(make_class, make_person, province, tmp_path, capsys):
    klass = make_class()
    person = make_person(province["SYT"])
    path = tmp_path / "kq.csv"
    path.write_text("Mã lớp,Mã cán bộ,Trạng thái\n" f"{klass.code},{person.code},Đăng ký\n", encoding="utf-8")
    assert cli.main(["import", "enrollments", str(path), "--dry-run"]) == 0
    assert "Kiểm tra xong, sẽ nhập: 1 lượt ghi danh mới" in capsys.readouterr().out
    assert Enrollment.objects.count() == 0
    classes = tmp_path / "lop.xlsx"
    classes.write_bytes(classes_xlsx([class_row()]))
    assert cli.main(["import", "classes", str(classes), "--dry-run"]) == 0
    assert "Kiểm tra xong, sẽ nhập: 1 lớp mới" in capsys.readouterr().out
    assert not TrainingClass.objects.filter(code="TC-2025-01").exists()
