"""The ``dtbd training`` subcommands go through the same scoped selectors as the web."""

from __future__ import annotations

import datetime as dt

from apps.training import services
from dtbd import cli


def test_classes_lists_only_the_classes_in_the_users_scope(make_class, capsys):
    make_class(code="YT-LOP", organiser="SYT")
    make_class(code="GD-LOP", organiser="SGD")
    assert cli.main(["--as", "can_bo_so_y_te", "training", "classes"]) == 0
    out = capsys.readouterr().out
    assert "YT-LOP" in out and "GD-LOP" not in out


def test_history_prints_a_persons_training_with_certificate_and_cost(make_class, personas, capsys):
    learner = personas["hoc_vien"].profile.person
    enrollment = services.enrollment_create(actor=personas["can_bo_so_y_te"], person=learner,
                                            training_class=make_class(), costs={"ngan_sach_dia_phuong": 1_250_000})
    services.enrollment_complete(actor=personas["so_noi_vu"], enrollment=enrollment,
                                 completed_on=dt.date(2024, 3, 29), certificate_number="CC-99")
    assert cli.main(["--as", "hoc_vien", "training", "history", learner.code]) == 0
    out = capsys.readouterr().out
    assert "CC-99" in out and "1.250.000 đồng" in out and "Lý luận chính trị" in out


def test_history_of_a_person_out_of_scope_exits_1(make_class, personas, province, make_person, capsys):
    teacher = make_person(province["THPT1"], "Võ Văn Kiệt")
    assert cli.main(["--as", "can_bo_so_y_te", "training", "history", teacher.code]) == 1
    assert f"Không có hồ sơ mã {teacher.code}" in capsys.readouterr().err


def test_instructors_reports_short_experience_and_the_visiting_share(make_class, catalogue, personas, capsys):
    admin = personas["so_noi_vu"]
    visiting = services.instructor_create(actor=admin, provider=catalogue["school"], full_name="Lê Văn Mời",
                                          kind="thinh_giang", practical_management_years=2)
    services.class_set_instructors(actor=admin, training_class=make_class(), assignments=[(visiting, 40)])
    assert cli.main(["training", "instructors", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Lê Văn Mời (2 năm)" in out and "Trường Chính trị tỉnh Sóc Trăng: 100,0% (đạt" in out
