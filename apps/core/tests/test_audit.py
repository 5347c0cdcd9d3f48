"""Audit entries read by people: field labels, dates and choices in Vietnamese."""

from __future__ import annotations

from apps.core.audit import describe_changes
from apps.core.models import AuditEntry


def test_changes_are_described_with_field_labels_vietnamese_dates_and_choice_labels():
    entry = AuditEntry(target_type="person", changes={
        "job_position": [None, "Điều dưỡng trưởng"],
        "birth_date": ["1990-02-03", "1990-03-02"],
        "gender": ["nam", "nu"],
        "in_succession_plan": [False, True],
        "effective_on": [None, "2025-06-01"],
    })
    assert describe_changes(entry) == [
        ("vị trí việc làm", "—", "Điều dưỡng trưởng"),
        ("ngày sinh", "03/02/1990", "02/03/1990"),
        ("giới tính", "Nam", "Nữ"),
        ("trong quy hoạch", "Không", "Có"),
        ("ngày hiệu lực", "—", "01/06/2025"),
    ]


def test_keys_of_an_unknown_target_type_are_shown_readably():
    entry = AuditEntry(target_type="no_such_model", changes={"people_moved": [0, 12]})
    assert describe_changes(entry) == [("people moved", "0", "12")]


def test_structured_values_and_training_keys_are_readable():
    entry = AuditEntry(target_type="person", changes={
        "costs": [None, {"ngan_sach_dia_phuong": 1500000}],
        "enrollment": [None, ["LLCT-01", "2025-03-01"]],
    })
    assert describe_changes(entry) == [
        ("kinh phí", "—", "Ngân sách địa phương: 1.500.000"),
        ("lượt học", "—", "LLCT-01, 01/03/2025"),
    ]


def test_references_are_shown_by_name_and_empty_changes_are_dropped(province):
    """"dân tộc: — → 1; đơn vị: — → 61" was what a person's creation read: ids, not names."""
    from apps.people.models import Ethnicity

    kinh = Ethnicity.objects.get(name="Kinh")
    entry = AuditEntry(target_type="person", changes={
        "ethnicity_id": [None, kinh.pk], "unit_id": [None, province["SYT"].pk], "national_id": [None, "094011111111"],
        "position_id": [None, 999999], "status": ["working", "retired"], "rank_id": [None, None]})
    assert describe_changes(entry) == [
        ("dân tộc", "—", "Kinh"), ("đơn vị", "—", "Sở Y tế (SYT)"), ("số CCCD", "—", "094011111111"),
        ("chức vụ", "—", "(đã xóa)"),
        ("trạng thái", "Đang công tác", "Nghỉ hưu"),
    ]


def test_the_demo_and_roadmap_summaries_read_in_vietnamese():
    demo = AuditEntry(target_type="demo", changes={"persons": [None, 600], "units_created": [None, 429]})
    assert describe_changes(demo) == [("số hồ sơ", "—", "600"), ("số đơn vị tạo", "—", "429")]
    plan = AuditEntry(target_type="plan", changes={"roadmap_tasks": [None, {"created": 3, "unchanged": 0}]})
    assert describe_changes(plan) == [("nhiệm vụ theo lộ trình", "—", "thêm mới: 3; không đổi: 0")]
