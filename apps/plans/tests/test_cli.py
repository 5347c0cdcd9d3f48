"""dtbd plan load / export / list."""

from __future__ import annotations

import json

import pytest

from apps.plans.models import Plan
from dtbd.cli import main

pytestmark = pytest.mark.django_db


def test_load_refuses_a_bad_file_with_the_line_and_exit_1(tmp_path, seed_text, seed_units, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(seed_text.replace("min_times: 1", "min_times: 0", 1), encoding="utf-8")
    assert main(["plan", "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert "có 1 lỗi, chưa nạp gì" in err and "targets[10].measure.min_times: phải là số từ 1 trở lên" in err
    assert not Plan.objects.exists()


def test_load_export_load_and_list(tmp_path, seed_text, seed_units, capsys):
    source = tmp_path / "plan.yaml"
    source.write_text(seed_text, encoding="utf-8")
    assert main(["plan", "load", str(source)]) == 0
    assert "Đã tạo kế hoạch soc-trang-2021-2025: 18 chỉ tiêu, 16 nội dung, 25 dòng lộ trình." in capsys.readouterr().out
    exported = tmp_path / "out.yaml"
    assert main(["plan", "export", "soc-trang-2021-2025", str(exported)]) == 0
    assert main(["plan", "load", str(exported)]) == 0
    assert "Kế hoạch soc-trang-2021-2025 không thay đổi." in capsys.readouterr().out
    assert main(["plan", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["code"], listed["targets"], listed["roadmap_rows"], listed["period_end"]) == \
        ("soc-trang-2021-2025", 18, 25, "2025-12-31")


def test_an_agency_officer_cannot_load(tmp_path, seed_text, seed_units, personas, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text(seed_text, encoding="utf-8")
    assert main(["--as", "can_bo_so_y_te", "plan", "load", str(path)]) == 1
    assert "Chỉ Sở Nội vụ" in capsys.readouterr().err


def test_export_of_an_unknown_plan(tmp_path, capsys):
    assert main(["plan", "export", "khong-co", str(tmp_path / "x.yaml")]) == 1
    assert "Không có kế hoạch mã khong-co." in capsys.readouterr().err


def test_check_validates_without_writing(tmp_path, seed_text, seed_units, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text("\ufeff" + seed_text, encoding="utf-8")  # a BOM, as some editors write
    assert main(["plan", "load", "--check", str(path)]) == 0
    assert "hợp lệ: kế hoạch soc-trang-2021-2025, 18 chỉ tiêu" in capsys.readouterr().out
    assert not Plan.objects.exists()
