"""dtbd evaluation template / import / results: the paper-form round trip and the JSON contract."""

from __future__ import annotations

import json

import openpyxl

from dtbd import cli


def _sheet(path):
    return openpyxl.load_workbook(path)["Phiếu"]


def _cells(path):
    return [list(r) for r in _sheet(path).iter_rows(values_only=True)]


def test_template_import_results_round_trip(evaluated, tmp_path, capsys):
    out = tmp_path / "phieu.xlsx"
    assert cli.main(["evaluation", "template", "--class", "LOP-DG", "--object", "course", "--out", str(out)]) == 0
    cells = _cells(out)
    assert cells[0][:3] == ["Số phiếu", "Nhóm", "1.1. Kiến thức thu được đáp ứng mục tiêu khóa học"]
    assert [r[0] for r in cells[1:]] == [1, 2, 3] and all(v is None for v in cells[1][2:])
    wb = openpyxl.load_workbook(out)
    ws = wb["Phiếu"]
    for col, value in zip("CDEF", (8, 6, 10, 8), strict=True):
        ws[f"{col}2"] = value
    for col, value in zip("CDEF", (6, 6, 8, 6), strict=True):
        ws[f"{col}3"] = value
    ws["C4"] = 1  # three of four blank: kept but invalid
    ws["G2"] = "Bổ ích"
    wb.save(out)
    assert cli.main(["evaluation", "import", str(out)]) == 0
    assert "3 phiếu cập nhật" in capsys.readouterr().out
    assert cli.main(["evaluation", "import", str(out)]) == 0  # again: nothing changes
    assert "0 phiếu cập nhật, 3 không đổi" in capsys.readouterr().out
    again = tmp_path / "lai.xlsx"
    assert cli.main(["evaluation", "template", "--class", "LOP-DG", "--object", "course", "--out", str(again)]) == 0
    assert _cells(again) == _cells(out)  # export -> import -> export is a no-op
    capsys.readouterr()
    assert cli.main(["evaluation", "results", "--class", "LOP-DG", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["forms"], data["valid"], data["invalid"], data["index"], data["level"]) == (3, 2, 1, 7.25, "Khá")
    assert {i["code"]: i["mean"] for i in data["indicators"]} == {"1.1": 7.0, "1.2": 6.0, "2.1": 9.0, "2.2": 7.0}


def test_import_is_all_or_nothing_with_row_and_column(evaluated, tmp_path, capsys):
    out = tmp_path / "phieu.xlsx"
    assert cli.main(["evaluation", "template", "--class", "LOP-DG", "--object", "course", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Phiếu"]
    ws["C2"], ws["D3"], ws["A4"] = 9, 11, 99
    wb.save(out)
    assert cli.main(["evaluation", "import", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Dòng 3, cột 1.2: điểm phải là số nguyên từ 1 đến 10 (đang là “11”)" in err
    assert "Dòng 4, cột Số phiếu: không có phiếu số 99 trong đợt này" in err
    from apps.evaluation.models import Answer

    assert not Answer.objects.exists()  # row 2 was fine, but nothing is written


def test_import_refuses_a_foreign_file_and_an_officer(evaluated, tmp_path, capsys):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"%PDF-1.4 not a workbook")
    assert cli.main(["evaluation", "import", str(bad)]) == 1
    assert "không phải bảng tính" in capsys.readouterr().err
    out = tmp_path / "phieu.xlsx"
    assert cli.main(["--as", "can_bo_so_y_te", "evaluation", "template", "--class", "LOP-DG", "--object", "course",
                     "--out", str(out)]) == 1
    assert cli.main(["--as", "can_bo_so_giao_duc", "evaluation", "results", "--class", "LOP-DG"]) == 1
    assert "Không có lớp mã" in capsys.readouterr().err


def test_the_effectiveness_sheet_names_each_learner_the_unit_answers_about_and_reads_back(evaluated, tmp_path,
                                                                                        capsys):
    out = tmp_path / "hieu-qua.xlsx"
    assert cli.main(["evaluation", "template", "--class", "LOP-DG", "--object", "effectiveness",
                     "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Số phiếu", "Nhóm", "Học viên được đánh giá"]
    about = sorted(row[2] for row in ws.iter_rows(min_row=2, values_only=True))
    from apps.evaluation.models import Form

    forms = Form.objects.filter(part__campaign=evaluated["campaign"], part__template__object="effectiveness")
    assert sorted(f.person_id for f in forms) == sorted(p.pk for p in evaluated["learners"])
    assert about == sorted(f"{f.person.code} {f.person.full_name} – {f.unit.name}" for f in forms)
    assert all(" – " in text for text in about)  # each with the learner's unit
    first = 4  # the first indicator's column (1-based), after the learner
    ws.cell(row=2, column=first, value=7)
    ws.parent.save(out)
    assert cli.main(["evaluation", "import", str(out)]) == 0
    assert "1 phiếu cập nhật" in capsys.readouterr().out
