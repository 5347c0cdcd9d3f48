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
        ("kinh phí", "—", "ngan_sach_dia_phuong: 1500000"),
        ("lượt học", "—", "LLCT-01, 01/03/2025"),
    ]
