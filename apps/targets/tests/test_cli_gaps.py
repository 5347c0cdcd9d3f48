"""dtbd targets / dtbd gaps end to end, and the gap list's wording, scoping and xlsx."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from apps.targets.gaps import gap_rows
from apps.targets.tests.conftest import PERIOD, D
from dtbd.cli import main

LAW = {"population": {"categories": ["cong_chuc"]},
       "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}},
       "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"}}
LLCT = {"population": {"categories": ["cong_chuc"]},
        "measure": {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"},
        "goal": {"min": 100, "unit": "percent"}, "deadline": {"by": "2025-12-31"}}
ONCE_2Y = {"population": {"categories": ["khong_chuyen_trach"]},
           "measure": {"kind": "trained", "training": {"programme_kinds": ["boi_duong"]},
                       "window": {"rolling_years": 2}},
           "goal": {"min": 100, "unit": "percent"}, "deadline": {"every": "year"}}
CLASSES = {"measure": {"kind": "count", "counting": "classes", "training": {"fostering_families": ["chuc_vu"]}},
           "goal": {"min": 3, "unit": "classes", "per": "year"}, "deadline": {"every": "year"}}


@pytest.fixture
def plan(db):
    from apps.plans.models import Plan, PlanTarget

    plan = Plan.objects.create(code="ST-2021-2025", title="Kế hoạch ĐTBD 2021-2025", issuing_body="UBND tỉnh",
                               period_start=PERIOD[0], period_end=PERIOD[1])
    for order, (code, spec) in enumerate([("CT-PL", LAW), ("CT-LLCT", LLCT), ("CT-KCT", ONCE_2Y),
                                          ("CT-LOP", CLASSES)], start=1):
        PlanTarget.objects.create(plan=plan, code=code, order=order, text=f"Chỉ tiêu {code}", spec=spec)
    return plan


@pytest.fixture
def staff(personas, province, make_person, train, qualify):
    people = {
        "syt": make_person(province["SYT"], "Lê Văn Sở"),
        "bv": make_person(province["BVDK"], "Lê Văn Viện"),
        "sgd": make_person(province["SGD"], "Trần Văn Giáo"),
        "kct": make_person(province["X01"], "Phạm Văn Xã", category="khong_chuyen_trach"),
    }
    train(people["syt"], "LAW", D(2024, 3, 1))
    train(people["bv"], "LAW", D(2023, 3, 1))
    qualify(people["syt"], "ly_luan_chinh_tri", "trung_cap")
    qualify(people["bv"], "ly_luan_chinh_tri", "so_cap")
    train(people["kct"], "ETHICS", D(2022, 6, 1))
    return people


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_targets_json_has_the_documented_shape(plan, staff, capsys):
    code, out, _ = run_cli(capsys, "targets", "--plan", "ST-2021-2025", "--at", "2024-12-31", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"plan", "at", "targets"}
    assert (data["plan"], data["at"]) == ("ST-2021-2025", "2024-12-31")
    assert [t["code"] for t in data["targets"]] == ["CT-PL", "CT-LLCT", "CT-KCT", "CT-LOP"]
    law = data["targets"][0]
    assert set(law) == {"code", "text", "denominator", "numerator", "value", "goal", "deadline", "status",
                        "forecast", "by_unit"}
    assert (law["text"], law["denominator"], law["numerator"], law["value"], law["status"]) == (
        "Chỉ tiêu CT-PL", 3, 1, 33.3, "not_met")
    assert set(law["by_unit"][0]) == {"unit", "name", "denominator", "numerator", "value", "status"}
    assert data["targets"][3]["denominator"] is None


def test_targets_table_is_vietnamese(plan, staff, capsys):
    code, out, _ = run_cli(capsys, "targets", "--plan", "ST-2021-2025", "--at", "2024-12-31")
    assert code == 0
    assert "Tử số/Mẫu số" in out and "Trạng thái" in out
    assert "1/3" in out and "33,3%" in out and "≥ 80%" in out and "31/12/2024" in out
    assert "Chưa đạt" in out and "≥ 3 lớp/năm" in out


def test_table_marks_targets_met_overall_but_not_by_every_agency(plan, staff, capsys, train):
    from apps.plans.models import PlanTarget

    PlanTarget.objects.filter(code="CT-PL").update(spec={**LAW, "goal": {"min": 30, "unit": "percent"},
                                                         "each_unit": True})
    code, out, _ = run_cli(capsys, "targets", "--plan", "ST-2021-2025", "--at", "2024-12-31")
    line = next(row for row in out.splitlines() if row.startswith("CT-PL"))
    assert line.endswith("Chưa đạt *")  # 33,3% ≥ 30%, but Sở Giáo dục has 0/1
    assert "mỗi cơ quan phải tự đạt" in out


def test_agency_officer_sees_their_own_agency(plan, staff, capsys):
    code, out, _ = run_cli(capsys, "--as", "can_bo_so_y_te", "targets", "--plan", "ST-2021-2025",
                           "--at", "2024-12-31", "--json")
    law = json.loads(out)["targets"][0]
    assert (law["denominator"], law["numerator"]) == (2, 1)
    assert [r["unit"] for r in law["by_unit"]] == ["SYT", "BVDK"]  # its own office, then its sub-units


@pytest.mark.parametrize(("argv", "message"), [
    (["targets", "--plan", "KHONG-CO", "--at", "2024-12-31"], "Không có kế hoạch mã “KHONG-CO”"),
    (["targets", "--plan", "ST-2021-2025", "--at", "2024-02-30"], "không phải ngày hợp lệ"),
    (["targets", "--plan", "ST-2021-2025", "--at", "2024-12-31", "--unit", "ZZZ"], "Không có đơn vị mã “ZZZ”"),
    (["gaps", "--plan", "ST-2021-2025", "--target", "CT-X", "--at", "2024-12-31", "--out", "x.xlsx"],
     "không có chỉ tiêu mã “CT-X”"),
    (["gaps", "--plan", "ST-2021-2025", "--target", "CT-LOP", "--at", "2024-12-31", "--out", "x.xlsx"],
     "không có danh sách người còn thiếu"),
])
def test_bad_input_exits_1_with_a_vietnamese_message(plan, staff, capsys, argv, message):
    code, _, err = run_cli(capsys, *argv)
    assert code == 1
    assert message in err


def test_officer_cannot_name_another_agency(plan, staff, capsys):
    code, _, err = run_cli(capsys, "--as", "can_bo_so_y_te", "targets", "--plan", "ST-2021-2025",
                           "--at", "2024-12-31", "--unit", "SGD")
    assert (code, "Không có đơn vị mã “SGD”" in err) == (1, True)


def test_gaps_cli_writes_the_xlsx_with_vietnamese_headers(plan, staff, capsys, tmp_path):
    out_file = tmp_path / "thieu.xlsx"
    code, out, _ = run_cli(capsys, "gaps", "--plan", "ST-2021-2025", "--target", "CT-PL", "--at", "2024-12-31",
                           "--out", str(out_file))
    assert code == 0 and "Đã ghi 2 người" in out
    sheet = load_workbook(io.BytesIO(out_file.read_bytes())).active
    everything = [[c.value for c in row] for row in sheet.iter_rows()]
    assert everything[0] == ["DANH SÁCH NGƯỜI CÒN THIẾU SO VỚI CHỈ TIÊU"] + [None] * 7
    assert everything[3][:2] == ["Tính đến ngày:", "31/12/2024"]
    rows = everything[[r[0] for r in everything].index("Mã cán bộ"):]
    assert rows[0] == ["Mã cán bộ", "Họ và tên", "Đơn vị", "Đối tượng", "Ngạch, chức danh", "Chức vụ", "Còn thiếu",
                       "Lượt học phù hợp gần nhất"]
    assert [r[1] for r in rows[1:]] == ["Trần Văn Giáo", "Lê Văn Viện"]  # by given name: Giáo, Viện
    assert rows[2][2:4] == ["Bệnh viện Đa khoa tỉnh", "Công chức"]
    assert rows[2][6:] == ["Chưa được bồi dưỡng về kiến thức pháp luật trong năm 2024",
                           "Cập nhật kiến thức pháp luật (01/03/2023)"]


def test_gap_phrases_for_qualification_and_rolling_window(plan, staff, personas):
    admin = personas["so_noi_vu"]
    rows = gap_rows(LLCT, user=admin, at=D(2024, 12, 31), period=PERIOD)
    assert {r.name: r.missing for r in rows} == {
        "Lê Văn Viện": "Lý luận chính trị: sơ cấp, cần trung cấp",
        "Trần Văn Giáo": "Lý luận chính trị: chưa có, cần trung cấp",
    }
    rows = gap_rows(ONCE_2Y, user=admin, at=D(2024, 12, 31), period=PERIOD)
    assert [(r.name, r.missing, r.last_training) for r in rows] == [
        ("Phạm Văn Xã", "Chưa được bồi dưỡng trong 2 năm gần nhất", "Đạo đức công vụ (01/06/2022)")]


def test_gap_list_is_scoped_to_the_user_and_filterable_by_unit(plan, staff, personas, province):
    officer = personas["can_bo_so_y_te"]
    assert [r.name for r in gap_rows(LAW, user=officer, at=D(2024, 12, 31), period=PERIOD)] == ["Lê Văn Viện"]
    admin = personas["so_noi_vu"]
    rows = gap_rows(LAW, user=admin, at=D(2024, 12, 31), period=PERIOD, unit=province["SGD"])
    assert [r.name for r in rows] == ["Trần Văn Giáo"]
    learner = personas["hoc_vien"]  # sees no gap list at all, not even an empty one
    with pytest.raises(PermissionDenied):
        gap_rows(LAW, user=learner, at=D(2024, 12, 31), period=PERIOD)


def test_hours_and_times_phrases(province, make_person, train, personas):
    person = make_person(province["SYT"], "Lê Văn Giờ")
    train(person, "LAW", D(2024, 3, 1), hours=16)
    hours = {"measure": {"kind": "hours", "training": {"programme_kinds": ["boi_duong"]},
                         "window": {"year": "current"}, "min_hours": 40},
             "goal": {"min": 100, "unit": "percent"}}
    rows = gap_rows(hours, user=personas["so_noi_vu"], at=D(2024, 12, 31), period=PERIOD)
    assert [r.missing for r in rows if r.name == "Lê Văn Giờ"] == ["Mới có 16/40 giờ bồi dưỡng trong năm 2024"]
    times = {"measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "min_times": 2},
             "goal": {"min": 100, "unit": "percent"}}
    rows = gap_rows(times, user=personas["so_noi_vu"], at=D(2024, 12, 31), period=PERIOD)
    assert [r.missing for r in rows if r.name == "Lê Văn Giờ"] == ["Mới có 1/2 lượt bồi dưỡng về kiến thức pháp luật"]


def test_every_target_of_the_seed_plan_evaluates(personas, province, make_person, train):
    from pathlib import Path

    import yaml

    from apps.plans.models import Plan, PlanTarget
    from apps.targets.engine import evaluate_plan

    # the targets exactly as the plan file has them (the tiny province lacks the roadmap's units)
    text = (Path(__file__).resolve().parents[3] / "plans" / "soc-trang-2021-2025.yaml").read_text(encoding="utf-8")
    plan = Plan.objects.create(code="seed", title="Seed", issuing_body="UBND tỉnh", period_start=PERIOD[0],
                               period_end=PERIOD[1])
    for order, spec in enumerate(yaml.safe_load(text)["targets"], start=1):
        PlanTarget.objects.create(plan=plan, code=spec["code"], order=order, text=spec["text"],
                                  spec=json.loads(json.dumps(spec, default=str)))
    person = make_person(province["SYT"], "Lê Văn Sở")
    train(person, "LAW", D(2024, 3, 1))
    result = evaluate_plan(plan, at=D(2024, 12, 31))
    assert len(result["targets"]) == plan.targets.count() >= 18
    law = next(t for t in result["targets"] if t["code"] == "CBCC-PHAP-LUAT")
    assert (law["denominator"], law["numerator"], law["status"]) == (1, 1, "met")
    assert {t["status"] for t in result["targets"]} <= {"met", "not_met", "at_risk", "not_due", "no_population"}
    # nobody of the tiny province in a target's population: "no one to count", never "met"
    assert all((t["status"] == "no_population") == (t["denominator"] == 0) for t in result["targets"])


def test_standard_gaps_say_what_the_rank_standard_lacks(province, make_person, qualify, personas):
    from apps.people.models import Rank

    rank = Rank.objects.get(code="01.002").pk  # chuyên viên chính: đại học, LLCT trung cấp, QLNN CVC
    ready = make_person(province["SYT"], "Lê Văn Đủ", rank_id=rank)
    short = make_person(province["SYT"], "Lê Văn Thiếu", rank_id=rank)
    for person in (ready, short):
        qualify(person, "chuyen_mon", "dai_hoc")
        qualify(person, "quan_ly_nha_nuoc", "chuyen_vien_chinh")
    qualify(ready, "ly_luan_chinh_tri", "trung_cap")
    qualify(short, "ly_luan_chinh_tri", "so_cap")
    spec = {"population": {"ranks": ["01.002"]}, "measure": {"kind": "standard", "of": "rank"},
            "goal": {"min": 100, "unit": "percent"}}
    from apps.targets.engine import evaluate_target

    result = evaluate_target(spec, at=D(2024, 12, 31), period=PERIOD)
    rows = gap_rows(spec, user=personas["so_noi_vu"], at=D(2024, 12, 31), period=PERIOD)
    assert [r.name for r in rows] == ["Lê Văn Thiếu"]
    assert (result["numerator"], result["denominator"]) == (1, 2)
    assert "Lý luận chính trị: sơ cấp, cần trung cấp" in rows[0].missing
