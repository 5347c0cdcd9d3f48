"""A bad plan file: every problem named by line and field path, in Vietnamese, nothing written."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.plans.models import Plan
from apps.plans.services import PlanFileError, plan_load

pytestmark = pytest.mark.django_db


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def errors_of(text: str) -> list[str]:
    """The messages of a refused file; the database holds no plan afterwards."""
    with pytest.raises(PlanFileError) as caught:
        plan_load(actor=SYSTEM, text=text)
    assert not Plan.objects.exists()
    return caught.value.messages


def test_a_goal_that_is_not_a_number_names_its_line_and_path(seed_text, seed_units):
    bad = seed_text.replace("goal: {min: 80, unit: percent}", 'goal: {min: "tám mươi", unit: percent}', 1)
    line = line_of(bad, "tám mươi")
    assert errors_of(bad) == [f"Dòng {line}, targets[3].goal.min: phải là số"]


def test_an_unknown_key_is_named_at_its_own_line(seed_text, seed_units):
    bad = seed_text.replace("    each_unit: true\n", "    each_unit: true\n    moi_don_vi: true\n", 1)
    line = line_of(bad, "moi_don_vi")
    assert errors_of(bad) == [f"Dòng {line}, targets[0].moi_don_vi: khóa không có trong định dạng tệp kế hoạch"]


def test_a_missing_required_key(seed_text, seed_units):
    bad = seed_text.replace('issuing_body: "Ủy ban nhân dân tỉnh Sóc Trăng"\n', "", 1)
    assert errors_of(bad) == ["Dòng 4, (toàn tệp): thiếu khóa bắt buộc “issuing_body”"]


def test_a_value_outside_its_list(seed_text, seed_units):
    bad = seed_text.replace("levels: [commune]", "levels: [xa]", 1)
    [message] = errors_of(bad)
    assert message.startswith(f"Dòng {line_of(bad, 'levels: [xa]')}, targets[6].population.levels[0]: giá trị “xa” không hợp lệ")
    assert "province, district, commune" in message


def test_a_measure_key_that_does_not_fit_its_kind(seed_text, seed_units):
    bad = seed_text.replace("measure: {kind: ethnic_language}", "measure: {kind: ethnic_language, min_hours: 8}")
    assert errors_of(bad) == [f"Dòng {line_of(bad, 'min_hours')}, targets[9].measure.min_hours: "
                              "khóa này không dùng được với kind: ethnic_language"]


def test_a_window_with_two_shapes(seed_text, seed_units):
    bad = seed_text.replace("window: {rolling_years: 2}", "window: {rolling_years: 2, year: current}")
    [message] = errors_of(bad)
    assert message.startswith(f"Dòng {line_of(bad, 'rolling_years: 2,')}, targets[10].measure.window: phải có đúng một dạng")


def test_codes_that_do_not_exist_are_named(seed_text, seed_units):
    bad = (seed_text.replace("units: [STC]", "units: [SO-KHONG-CO]", 1)
           .replace("content_areas: [phap_luat]", "content_areas: [luat_dat_dai]", 1)
           .replace("level: trung_cap", "level: trung_hoc")
           .replace('ethnicities: ["01"]', 'ethnicities: ["99"]'))
    assert errors_of(bad) == [
        f"Dòng {line_of(bad, 'luat_dat_dai')}, targets[3].measure.training.content_areas[0]: không có lĩnh vực nội dung mã “luat_dat_dai”",
        f"Dòng {line_of(bad, 'trung_hoc')}, targets[6].measure.level: không có trình độ “trung_hoc” trong lĩnh vực “chuyen_mon”",
        f"Dòng {line_of(bad, '99')}, targets[9].population.ethnicities[0]: không có dân tộc mã “99”",
        f"Dòng {line_of(bad, 'SO-KHONG-CO')}, roadmap[4].items[3].lead.units[0]: không có đơn vị mã “SO-KHONG-CO”",
    ]


def test_a_unit_code_needs_the_unit_to_exist(seed_text, db):
    messages = errors_of(seed_text)
    assert any("lead.units[0]: không có đơn vị mã “SNV”" in m for m in messages)


def test_dates_must_exist_and_ranges_must_be_ordered(seed_text, seed_units):
    bad = (seed_text.replace('deadline: {by: "2025-12-31"}', 'deadline: {by: "2025-02-30"}', 1)
           .replace("goal: {min: 95, unit: percent}", "goal: {min: 95, max: 90, unit: percent}"))
    assert errors_of(bad) == [
        f"Dòng {line_of(bad, '2025-02-30')}, targets[6].deadline.by: ngày “2025-02-30” không có thật",
        f"Dòng {line_of(bad, 'max: 90')}, targets[7].goal.max: phải lớn hơn hoặc bằng min",
    ]


def test_duplicate_target_codes_and_unknown_groups(seed_text, seed_units):
    bad = seed_text.replace("code: CBCC-DAO-DUC", "code: CBCC-PHAP-LUAT").replace("group: vien_chuc", "group: vc", 1)
    assert errors_of(bad) == [
        f"Dòng {bad[: bad.rindex('code: CBCC-PHAP-LUAT')].count(chr(10)) + 1}, targets[4].code: mã chỉ tiêu “CBCC-PHAP-LUAT” bị trùng",
        f"Dòng {line_of(bad, 'group: vc')}, targets[11].group: không có đối tượng mã “vc” trong groups",
    ]


def test_a_count_measure_needs_a_count_goal(seed_text, seed_units):
    bad = seed_text.replace("measure: {kind: ethnic_language}",
                            "measure: {kind: count, counting: people, training: {abroad: true}}")
    [message] = errors_of(bad)
    assert message.endswith("targets[9].goal.unit: chỉ tiêu đếm (kind: count) cần goal.unit là people, lượt hoặc classes")


def test_a_yaml_syntax_error_names_line_and_column(seed_text, seed_units):
    bad = seed_text.replace("  - code: CBCC-BN-NGACH", "  - code: [CBCC-BN-NGACH", 1)
    [message] = errors_of(bad)
    assert message.startswith("Dòng ") and "không đọc được YAML" in message


def test_a_repeated_key_is_refused(seed_text, seed_units):
    bad = seed_text.replace('place: "Sóc Trăng"\n', 'place: "Sóc Trăng"\nplace: "Cần Thơ"\n', 1)
    assert errors_of(bad) == [f"Dòng {line_of(bad, 'place: \"Cần Thơ\"')}, place: khóa bị lặp lại"]


def test_a_section_number_written_as_a_number_asks_for_quotes(seed_text, seed_units):
    bad = seed_text.replace('number: "5.2"', "number: 5.2", 1)
    [message] = errors_of(bad)
    assert message.startswith(f"Dòng {line_of(bad, 'number: 5.2')}, roadmap[4].items[1].number: phải là chuỗi")


def test_ethnic_groups_by_code_or_by_name(seed_text, seed_units):
    for value in ('["KINH"]', '["01", KHMER, BRU_VAN_KIEU]'):
        plan_load(actor=SYSTEM, text=seed_text.replace('ethnicities: ["01"]', f"ethnicities: {value}"))
    assert Plan.objects.get().targets.get(code="XA-TIENG-DAN-TOC").spec["population"]["ethnicities"][1] == "KHMER"
