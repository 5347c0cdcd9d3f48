"""``dtbd standards list | check | load``."""

from __future__ import annotations

import textwrap

from apps.standards.models import Standard
from apps.standards.tests.conftest import CVC, D, qual, rank
from dtbd import cli


def test_list_prints_standards_in_force_with_requirements(db, capsys):
    assert cli.main(["standards", "list", "--at", "01/01/2024"]) == 0
    out = capsys.readouterr().out
    assert "NGACH-01.002-TT2-2021" in out and "Lý luận chính trị: Trung cấp" in out
    assert "NGACH-01.002-TT11-2014" not in out


def test_check_prints_what_is_missing_and_exits_0(standards, province, make_person, personas, capsys):
    p = make_person(province["SYT"], "Nguyễn Thị Hoa", rank_id=rank(CVC).pk)
    qual(p, "chuyen_mon", "dai_hoc", D(2010, 1, 1))
    assert cli.main(["--as", "can_bo_so_y_te", "standards", "check", p.code, "--position", "TRUONG_PHONG",
                     "--at", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Lý luận chính trị: chưa có, cần trung cấp" in out and "Chuyên môn" not in out
    assert "Quản lý nhà nước: chưa có, cần chuyên viên" in out
    assert "Chưa có chứng chỉ bồi dưỡng theo tiêu chuẩn chức vụ lãnh đạo, quản lý" in out
    assert cli.main(["standards", "check", p.code, "--rank", CVC, "--at", "01/01/2024"]) == 0
    assert "Quản lý nhà nước: chưa có, cần chuyên viên chính" in capsys.readouterr().out


def test_check_of_a_person_out_of_scope_exits_1(standards, province, make_person, personas, capsys):
    p = make_person(province["THPT1"], "Võ Văn Kiệt")
    assert cli.main(["--as", "can_bo_so_y_te", "standards", "check", p.code, "--position", "TRUONG_PHONG"]) == 1
    assert f"Không có hồ sơ mã {p.code}" in capsys.readouterr().err


def test_load_creates_then_updates_and_reports_bad_items_by_line(standards, tmp_path, capsys):
    good = tmp_path / "tieu-chuan.yaml"
    good.write_text(textwrap.dedent("""\
        standards:
          - code: TP-2026
            name: Tiêu chuẩn chức vụ Trưởng phòng (2026)
            position: TRUONG_PHONG
            effective_from: 01/01/2026
            legal_basis: Quyết định 1/2026/QĐ-UBND
            requirements: {chuyen_mon: dai_hoc, ly_luan_chinh_tri: cao_cap}
            fostering: chuc_vu
        """), encoding="utf-8")
    assert cli.main(["standards", "load", str(good)]) == 0
    assert "1 mới, 0 cập nhật" in capsys.readouterr().out
    assert cli.main(["standards", "load", str(good)]) == 0
    assert "0 mới, 1 cập nhật" in capsys.readouterr().out
    bad = tmp_path / "sai.yaml"
    bad.write_text(textwrap.dedent("""\
        standards:
          - code: A
            name: A
            rank: "01.002"
            effective_from: 31/02/2026
            legal_basis: x
          - code: B
            name: B
            colour: red
        """), encoding="utf-8")
    assert cli.main(["standards", "load", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Dòng 2 (mục 1), trường effective_from: ngày 31/02/2026 không tồn tại." in err
    assert "Dòng 7 (mục 2), trường colour: không có trường này." in err
    assert "Dòng 7 (mục 2), trường legal_basis: bắt buộc." in err
    assert not Standard.objects.filter(code__in=["A", "B"]).exists()


def test_load_as_an_agency_officer_is_refused(standards, personas, tmp_path, capsys):
    f = tmp_path / "x.yaml"
    f.write_text("standards:\n  - {code: X, name: X, rank: '01.002', effective_from: 2030-01-01, legal_basis: x}\n",
                 encoding="utf-8")
    assert cli.main(["--as", "can_bo_so_y_te", "standards", "load", str(f)]) == 1
    assert "Chỉ Sở Nội vụ" in capsys.readouterr().err
