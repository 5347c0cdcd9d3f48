"""Plan files with the richer target shapes (issue 14): they load, export and load again as a
no-op; a wrong one is refused with "Dòng N, đường.dẫn: lý do" and nothing written."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.plans.models import Plan
from apps.plans.planfile import dump
from apps.plans.selectors import plan_data
from apps.plans.services import PlanFileError, plan_load
from apps.plans.tests.conftest import snapshot

pytestmark = pytest.mark.django_db

RICH = """\
code: rich-2021-2025
title: "Kế hoạch thử các dạng chỉ tiêu"
issuing_body: "Ủy ban nhân dân tỉnh"
period: {start: "2021-01-01", end: "2025-12-31"}
targets:
  - code: SDH
    text: "Cử 100 - 150 người đi đào tạo sau đại học, trong đó 25 - 30 người ở nước ngoài"
    measure: {kind: count, counting: people, training: {degree_levels: [thac_si, tien_si]}, window: {period: true}, status: enrolled, population_at: start}
    population: {age: {max: 44}}
    goal: {min: 100, max: 150, unit: people}
  - code: SDH-NUOC-NGOAI
    text: "trong đó 25 - 30 người ở nước ngoài"
    part_of: {target: SDH, training: {abroad: true}}
    goal: {min: 25, max: 30, unit: people}
  - code: HOC-VIEN
    text: "Bồi dưỡng khoảng 6.500 học viên"
    measure: {kind: count, counting: lượt, training: {programme_kinds: [boi_duong]}, window: {year: current}}
    goal: {min: 6500, unit: lượt, per: year, about: true, tolerance: 5}
    deadline: {every: year}
  - code: PHAN-DAU
    text: "phấn đấu 100% cán bộ, công chức được cập nhật kiến thức pháp luật"
    aspirational: true
    measure: {kind: trained, training: {content_areas: [phap_luat]}, window: {year: current}}
    goal: {min: 100, unit: percent}
    deadline: {every: year}
  - code: BA-NOI-DUNG
    text: "được bồi dưỡng lý luận chính trị, quản lý nhà nước và quốc phòng – an ninh"
    population: {positions: any}
    measure:
      kind: all_of
      measures:
        - {kind: trained, training: {content_areas: [ly_luan_chinh_tri]}, window: {period: true}}
        - {kind: trained, training: {content_areas: [quan_ly_nha_nuoc]}, window: {period: true}}
        - {kind: qualification, dimension: quoc_phong_an_ninh, level: doi_tuong_3}
    goal: {min: 90, unit: percent}
  - code: NANG-CAO
    text: "50% công chức cấp xã được nâng cao trình độ chuyên môn"
    population: {categories: [cong_chuc], levels: [commune]}
    measure: {kind: raised, dimension: chuyen_mon, window: {period: true}}
    goal: {min: 50, unit: percent}
    deadline: {after_years: 3}
  - code: LOP-LANH-DAO
    text: "ít nhất 03 lớp bồi dưỡng lãnh đạo, quản lý cấp phòng trở lên"
    measure: {kind: count, counting: classes, training: {fostering_families: [chuc_vu]}, window: {year: current}, audience: {positions: [TRUONG_PHONG, PHO_TRUONG_PHONG]}, audience_share: 60}
    goal: {min: 3, unit: classes, per: year}
    deadline: {every: year}
roadmap:
  - text: "Sơ kết, tổng kết"
    deadline: "sơ kết sau 3 năm, tổng kết sau 5 năm"
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        plan_load(actor=SYSTEM, text=text)
    assert not Plan.objects.exists()
    return caught.value.messages


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_every_richer_shape_loads_and_round_trips():
    plan = plan_load(actor=SYSTEM, text=RICH).plan
    assert plan.targets.get(code="SDH-NUOC-NGOAI").spec["part_of"] == {"target": "SDH", "training": {"abroad": True}}
    assert plan.tasks.get().deadline["parts"][0]["kind"] == "after_years"
    before = snapshot()
    again = plan_load(actor=SYSTEM, text=dump(plan_data(plan)))
    assert not again.changed and snapshot() == before


def test_the_rich_plan_evaluates(province):
    from apps.targets.engine import evaluate_plan

    plan = plan_load(actor=SYSTEM, text=RICH).plan
    result = {t["code"]: t for t in evaluate_plan(plan, at=plan.period_end)["targets"]}
    assert result["SDH-NUOC-NGOAI"]["part_of"] == "SDH" and result["PHAN-DAU"]["aspirational"] is True
    assert result["HOC-VIEN"]["goal"]["threshold"] == 6175  # 6.500 less 5%
    assert {result[c]["status"] for c in ("PHAN-DAU", "BA-NOI-DUNG", "NANG-CAO")} == {"no_population"}
    assert result["NANG-CAO"]["deadline"] == "2023-12-31"  # sơ kết sau 3 năm


@pytest.mark.parametrize(("old", "new", "where", "reason"), [
    ("part_of: {target: SDH,", "part_of: {target: KHONG-CO,", "targets[1].part_of.target",
     "không có chỉ tiêu mã “KHONG-CO” trong kế hoạch"),
    ("part_of: {target: SDH, training: {abroad: true}}", "part_of: {target: SDH}", "targets[1].part_of",
     "cần population hoặc training để thu hẹp chỉ tiêu cha (phần “trong đó”)"),
    ("goal: {min: 25, max: 30, unit: people}", "goal: {min: 25, max: 30, unit: lượt}", "targets[1].goal.unit",
     "phải cùng đơn vị với chỉ tiêu cha “SDH” (people)"),
    ("training: {abroad: true}}", "training: {degree_levels: [dai_hoc]}}",
     "targets[1].part_of.training.degree_levels",
     "chỉ tiêu cha không có “dai_hoc”: phần “trong đó” chỉ được thu hẹp"),
    ("training: {abroad: true}}", "training: {abroad: true}, population: {age: {max: 50}}}",
     "targets[1].part_of.population.age", "phải nằm trong khoảng tuổi của chỉ tiêu cha"),
    ("unit: lượt, per: year, about: true, tolerance: 5}", "unit: lượt, per: year, tolerance: 5}",
     "targets[2].goal", "thiếu khóa bắt buộc “about”"),
    ("about: true, tolerance: 5}", "about: true, tolerance: 120}", "targets[2].goal.tolerance",
     "phải là số nhỏ hơn 100"),
    ("- {kind: qualification, dimension: quoc_phong_an_ninh, level: doi_tuong_3}",
     "- {kind: count, counting: people}", "targets[4].measure.measures[2].kind",
     "kind: count không dùng được trong all_of"),
    ("level: doi_tuong_3}", "level: cap_9}", "targets[4].measure.measures[2].level",
     "không có trình độ “cap_9” trong lĩnh vực “quoc_phong_an_ninh”"),
    ("measure: {kind: raised, dimension: chuyen_mon, window: {period: true}}",
     "measure: {kind: raised, dimension: chuyen_mon, window: {before_appointment: true}}",
     "targets[5].measure.window", "kind raised cần khoảng thời gian có ngày bắt đầu (không dùng before_appointment)"),
    ("measure: {kind: raised, dimension: chuyen_mon, window: {period: true}}",
     "measure: {kind: raised, dimension: chuyen_mon}", "targets[5].measure", "thiếu khóa bắt buộc “window”"),
    ("counting: classes,", "counting: people,", "targets[6].measure.audience",
     "chỉ dùng với counting: classes (đối tượng của lớp)"),
    ("audience: {positions: [TRUONG_PHONG,", "audience: {positions: [KHONG_CO,",
     "targets[6].measure.audience.positions[0]", "không có chức vụ mã “KHONG_CO”"),
    ("status: enrolled, population_at: start}", "status: enrolled, population_at: luc_dau}",
     "targets[0].measure.population_at", "giá trị “luc_dau” không hợp lệ; chọn một trong: evaluation, start"),
])
def test_a_wrong_richer_target_is_named_by_line_and_path(old, new, where, reason):
    assert old in RICH
    bad = RICH.replace(old, new, 1)
    [message] = errors_of(bad)
    line = RICH[: RICH.index(old)].count("\n") + 1  # where the changed value starts
    assert message == f"Dòng {line}, {where}: {reason}"


def test_a_deadline_after_years_and_by_a_date_at_once_is_refused():
    bad = RICH.replace("deadline: {after_years: 3}", "deadline: {after_years: 3, by: \"2023-12-31\"}", 1)
    [message] = errors_of(bad)
    assert message.endswith("targets[5].deadline: phải là {every: year}, {every: year, by: MM-DD}, "
                            "{by: YYYY-MM-DD}, {after_years: N} hoặc {end_of_period: true}")


def test_a_part_may_not_write_its_own_measure():
    bad = RICH.replace("    part_of: {target: SDH, training: {abroad: true}}\n",
                       "    part_of: {target: SDH, training: {abroad: true}}\n    measure: {kind: trained}\n", 1)
    [message] = errors_of(bad)
    assert message == f"Dòng {line_of(bad, 'measure: {kind: trained}')}, targets[1].measure: chỉ tiêu “trong đó” (part_of) dùng population và measure của chỉ tiêu cha; ghi phần thu hẹp trong part_of"


def test_a_loop_of_parts_is_refused():
    bad = RICH.replace("    text: \"Cử 100 - 150", "    part_of: {target: SDH-NUOC-NGOAI, training: {abroad: true}}\n"
                       "    text: \"Cử 100 - 150", 1)
    bad = bad.replace("    measure: {kind: count, counting: people, training: {degree_levels: [thac_si, tien_si]}, "
                      "window: {period: true}, status: enrolled, population_at: start}\n"
                      "    population: {age: {max: 44}}\n", "", 1)
    messages = errors_of(bad)
    assert any(m.endswith("targets[0].part_of.target: các chỉ tiêu part_of tạo thành vòng lặp") for m in messages)
