from __future__ import annotations

import pytest

from apps.plans.describe import describe_target
from apps.plans.planfile import parse_yaml


def test_a_yearly_law_update_target_reads_as_a_sentence():
    spec = {"population": {"categories": ["can_bo", "cong_chuc"], "levels": ["province", "district"]},
            "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}},
            "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"}, "each_unit": True}
    assert describe_target(spec, {"phap_luat": "Kiến thức pháp luật"}) == (
        "Đối tượng tính: cán bộ, công chức cấp tỉnh, cấp huyện. Đạt khi có ít nhất 01 lượt hoàn thành "
        "về Kiến thức pháp luật trong năm đánh giá. Mục tiêu: ít nhất 80%, hằng năm. Từng cơ quan, đơn vị phải tự đạt.")


def test_count_goals_and_dates():
    spec = {"population": {"age": {"max": 45}, "positions": "any"},
            "measure": {"kind": "count", "counting": "people", "training": {"abroad": True}, "status": "enrolled"},
            "goal": {"min": 2, "max": 3, "unit": "people", "per": "year"}, "deadline": {"every": "year", "by": "06-30"}}
    text = describe_target(spec)
    assert "Đếm số người (được cử đi học): ở nước ngoài" in text
    assert "Mục tiêu: 2–3 người mỗi năm, hằng năm, trước ngày 30/06." in text


def test_every_seed_target_has_a_description(seed_text):
    data, _ = parse_yaml(seed_text)
    for spec in data["targets"]:
        assert describe_target(spec).startswith("Đối tượng tính: ")
    assert "đại biểu HĐND nhiệm kỳ 2021-2026" in describe_target(data["targets"][-1])


@pytest.mark.parametrize("deadline, expected", [({"by": "2025-12-31"}, "đến ngày 31/12/2025"),
                                                ({"end_of_period": True}, "đến cuối giai đoạn kế hoạch")])
def test_deadlines(deadline, expected):
    spec = {"population": {}, "measure": {"kind": "ethnic_language"}, "goal": {"min": 100, "unit": "percent"},
            "deadline": deadline}
    assert expected in describe_target(spec)


def test_a_target_without_population_or_deadline_counts_everyone_until_the_end_of_the_period():
    text = describe_target({"measure": {"kind": "ethnic_language"}, "goal": {"min": 50, "unit": "percent"}})
    assert text.startswith("Đối tượng tính: mọi người đang công tác.")
    assert "Mục tiêu: ít nhất 50%, đến cuối giai đoạn kế hoạch." in text


def test_the_richer_shapes_read_aloud():
    from apps.plans.describe import describe_target

    part = describe_target({"part_of": {"target": "SDH", "training": {"abroad": True}},
                            "goal": {"min": 25, "max": 30, "unit": "people"}})
    assert part == ("Là một phần (trong đó) của chỉ tiêu SDH: cùng đối tượng và cách tính, chỉ tính "
                    "ở nước ngoài. Mục tiêu: 25–30 người, "
                    "theo thời hạn của chỉ tiêu cha.")
    about = describe_target({"measure": {"kind": "count", "counting": "lượt", "window": {"year": "current"}},
                             "goal": {"min": 6500, "unit": "lượt", "about": True, "tolerance": 5},
                             "aspirational": True})
    assert "Mục tiêu: khoảng 6500 lượt (đạt khi thiếu không quá 5%)" in about
    assert about.endswith("Đây là mục tiêu phấn đấu.")
    both = describe_target({"measure": {"kind": "all_of", "measures": [
        {"kind": "trained", "training": {"content_areas": ["ly_luan_chinh_tri"]}, "window": {"period": True}},
        {"kind": "qualification", "dimension": "quoc_phong_an_ninh", "level": "doi_tuong_3"}]},
        "goal": {"min": 100, "unit": "percent"}}, {"ly_luan_chinh_tri": "Lý luận chính trị"})
    assert ("Đạt khi cùng lúc đáp ứng tất cả: có ít nhất 01 lượt hoàn thành về Lý luận chính trị "
            "từ đầu giai đoạn kế hoạch; có quốc phòng - an ninh từ doi_tuong_3 trở lên") in both
    raised = describe_target({"measure": {"kind": "raised", "dimension": "chuyen_mon", "window": {"period": True}},
                              "goal": {"min": 50, "unit": "percent"}})
    assert "Đạt khi được nâng trình độ chuyên môn từ đầu giai đoạn kế hoạch" in raised


def test_degree_levels_age_bounds_and_an_audience_in_words():
    from apps.plans.describe import describe_target

    text = describe_target({"population": {"age": {"max": 44}},
                            "measure": {"kind": "count", "counting": "classes",
                                        "training": {"degree_levels": ["thac_si", "tien_si"]},
                                        "audience": {"positions": ["TRUONG_PHONG"]}},
                            "goal": {"min": 3, "unit": "classes"}}, {"TRUONG_PHONG": "Trưởng phòng"})
    assert "không quá 44 tuổi" in text and "trình độ thạc sĩ, tiến sĩ" in text
    assert "học viên chủ yếu (từ 50%) là người giữ chức vụ Trưởng phòng" in text
