"""Scoped reads: who sees which classes and enrollments; a person's training history; the provider
checks of the seed plan (instructors' experience, visiting instructors' share of hours)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.accounts.access import SYSTEM
from apps.training import selectors, services


@pytest.fixture
def world(make_class, personas, province, make_person, catalogue):
    """Classes organised by Sở Y tế (school), Sở GD&ĐT (university) and the province (school);
    a doctor of Bệnh viện, a teacher of THPT Lê Lợi and the learner persona enrolled."""
    doctor = make_person(province["BVDK"], "Phan Văn Bác")
    teacher = make_person(province["THPT1"], "Võ Thị Giáo")
    learner = personas["hoc_vien"].profile.person
    yt = make_class(code="YT-1", organiser="SYT", provider="school", form="truc_tuyen")
    gd = make_class(code="GD-1", organiser="SGD", provider="university", form="truc_tuyen")
    tinh = make_class(code="TINH-1", organiser="TINH", provider="school", form="truc_tuyen")
    officer_yt, officer_gd = personas["can_bo_so_y_te"], personas["can_bo_so_giao_duc"]
    enrolments = {
        "doctor_tinh": services.enrollment_create(actor=officer_yt, person=doctor, training_class=tinh),
        "doctor_yt": services.enrollment_create(actor=officer_yt, person=doctor, training_class=yt),
        "learner_yt": services.enrollment_create(actor=officer_yt, person=learner, training_class=yt),
        "teacher_tinh": services.enrollment_create(actor=officer_gd, person=teacher, training_class=tinh),
        "teacher_gd": services.enrollment_create(actor=officer_gd, person=teacher, training_class=gd),
    }
    return {"doctor": doctor, "teacher": teacher, **enrolments}


def _codes(classes) -> set[str]:
    return {c.code for c in classes}


def _keys(world, enrollments) -> set[str]:
    ids = {e.pk for e in enrollments}
    return {k for k, v in world.items() if getattr(v, "pk", None) in ids and hasattr(v, "training_class_id")}


@pytest.mark.parametrize("persona, expected", [
    ("so_noi_vu", {"YT-1", "GD-1", "TINH-1"}),
    ("lanh_dao", {"YT-1", "GD-1", "TINH-1"}),
    ("can_bo_so_y_te", {"YT-1", "TINH-1"}),  # TINH-1: the doctor is in it
    ("can_bo_so_giao_duc", {"GD-1", "TINH-1"}),  # TINH-1: the teacher is in it
    ("hoc_vien", {"YT-1"}),
])
def test_each_persona_sees_the_classes_of_their_scope(world, personas, persona, expected):
    assert _codes(selectors.classes_visible_to(personas[persona])) == expected


def test_a_provider_sees_only_its_own_classes(world, catalogue):
    assert _codes(selectors.classes_visible_to(catalogue["truong_chinh_tri"])) == {"YT-1", "TINH-1"}
    assert _codes(selectors.classes_visible_to(catalogue["dai_hoc_can_tho"])) == {"GD-1"}


def test_a_provider_login_without_a_provider_link_sees_nothing(world):
    from apps.accounts.services import user_create

    orphan = user_create(actor=SYSTEM, username="co_so_moi", password="x", role="provider")
    assert not selectors.classes_visible_to(orphan).exists()
    assert not selectors.enrollments_visible_to(orphan).exists()


@pytest.mark.parametrize("persona, expected", [
    ("so_noi_vu", {"doctor_tinh", "doctor_yt", "learner_yt", "teacher_tinh", "teacher_gd"}),
    ("can_bo_so_y_te", {"doctor_tinh", "doctor_yt", "learner_yt"}),
    ("can_bo_so_giao_duc", {"teacher_tinh", "teacher_gd"}),
    ("hoc_vien", {"learner_yt"}),
])
def test_each_persona_sees_the_enrollments_of_their_people_only(world, personas, persona, expected):
    assert _keys(world, selectors.enrollments_visible_to(personas[persona])) == expected


def test_a_provider_sees_the_enrollments_of_its_classes_whoever_sent_them(world, catalogue):
    assert _keys(world, selectors.enrollments_visible_to(catalogue["truong_chinh_tri"])) == {
        "doctor_tinh", "doctor_yt", "learner_yt", "teacher_tinh"}


def test_class_for_answers_404_for_another_agencys_class_like_a_missing_one(world, personas):
    from django.http import Http404

    for code in ("GD-1", "KHONG-CO"):
        with pytest.raises(Http404, match="Không tìm thấy lớp"):
            selectors.class_for(personas["can_bo_so_y_te"], code)


def test_the_roster_an_officer_sees_of_a_provincial_class_lists_only_their_people(world, personas):
    tinh = selectors.class_for(personas["so_noi_vu"], "TINH-1")
    roster = selectors.class_roster(tinh, personas["can_bo_so_y_te"])
    assert [e.person.full_name for e in roster] == ["Phan Văn Bác"]


# --- training history ---------------------------------------------------------------------------


def test_a_persons_history_lists_every_enrollment_with_areas_hours_result_certificate_and_cost(
        world, personas, catalogue, django_assert_num_queries):
    officer, doctor = personas["can_bo_so_y_te"], world["doctor"]
    services.enrollment_set_costs(actor=officer, enrollment=world["doctor_yt"],
                                  costs={"ngan_sach_dia_phuong": 3_000_000, "kinh_phi_co_quan": 1_500_000})
    services.enrollment_complete(actor=officer, enrollment=world["doctor_yt"], completed_on=dt.date(2024, 3, 29),
                                 certificate_number="CC-01", result="Giỏi", hours_attended=120)
    services.external_training_record(actor=officer, person=doctor, programme=catalogue["programmes"]["tin_hoc"],
                                      provider_name="Trung tâm Tin học", start_date=dt.date(2022, 5, 1),
                                      end_date=dt.date(2022, 5, 10), hours=40)
    with django_assert_num_queries(3):
        rows = [(e.programme.code, e.certificate_number, e.result, e.hours_attended, e.cost_total,
                 [a.code for a in e.programme.content_areas.all()], e.provider_label)
                for e in selectors.person_training_history(doctor)]
    assert rows == [
        ("TCLLCT", "CC-01", "Giỏi", 120, Decimal(4_500_000), ["ly_luan_chinh_tri", "quan_ly_nha_nuoc"],
         "Trường Chính trị tỉnh Sóc Trăng"),
        ("TCLLCT", "", "", None, Decimal(0), ["ly_luan_chinh_tri", "quan_ly_nha_nuoc"], "Trường Chính trị tỉnh Sóc Trăng"),
        ("CDS", "", "", None, Decimal(0), ["tin_hoc", "chuyen_doi_so"], "Trung tâm Tin học"),
    ]


# --- provider checks ----------------------------------------------------------------------------


@pytest.fixture
def instructors(catalogue, personas):
    admin = personas["so_noi_vu"]

    def make(provider, name, kind, years=10):
        return services.instructor_create(actor=admin, provider=catalogue[provider], full_name=name, kind=kind,
                                          practical_management_years=years)

    return {
        "a_perm": make("school", "Nguyễn Văn Cơ", "co_huu", years=3),
        "a_visit": make("school", "Trần Thị Thỉnh", "thinh_giang", years=5),
        "a_visit2": make("school", "Lê Văn Mời", "thinh_giang", years=12),
        "b_perm": make("university", "Đặng Văn Hữu", "co_huu", years=4),
        "b_visit": make("university", "Hồ Thị Giảng", "thinh_giang"),
    }


def test_instructors_under_five_years_of_management_practice_are_listed(instructors):
    assert [i.full_name for i in selectors.instructors_with_short_experience()] == [
        "Nguyễn Văn Cơ", "Đặng Văn Hữu"]  # Trường Chính trị before Trường Đại học; 5 years is enough


def test_the_experience_threshold_is_a_setting(instructors, settings):
    settings.DTBD_INSTRUCTOR_MIN_PRACTICE_YEARS = 6
    assert {i.full_name for i in selectors.instructors_with_short_experience()} == {
        "Nguyễn Văn Cơ", "Đặng Văn Hữu", "Trần Thị Thỉnh"}


def test_visiting_share_per_provider_is_computed_in_one_query(make_class, instructors, personas,
                                                              django_assert_num_queries):
    admin = personas["so_noi_vu"]
    i = instructors

    def staff(klass, *assignments):
        services.class_set_instructors(actor=admin, training_class=klass, assignments=assignments)

    # School 2024: class 1 = 60 permanent + 40 visiting, class 2 = 20 visiting → 60 of 120 = 50%.
    staff(make_class(provider="school", start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 20)),
          (i["a_perm"], 60), (i["a_visit"], 40))
    staff(make_class(provider="school", start=dt.date(2024, 11, 1), end=dt.date(2024, 11, 5)), (i["a_visit2"], 20))
    # University 2024: 70 permanent + 30 visiting → 30%.
    staff(make_class(provider="university", start=dt.date(2024, 6, 1), end=dt.date(2024, 6, 9)),
          (i["b_perm"], 70), (i["b_visit"], 30))
    # Not counted: another year, and a cancelled class.
    staff(make_class(provider="school", start=dt.date(2023, 6, 1), end=dt.date(2023, 6, 9)), (i["a_perm"], 500))
    staff(make_class(provider="university", start=dt.date(2024, 7, 1), end=dt.date(2024, 7, 9), status="cancelled"),
          (i["b_perm"], 500))
    with django_assert_num_queries(1):
        shares = selectors.visiting_share_by_provider(2024)
    assert [(s.provider_name, s.total_hours, s.visiting_hours, s.share, s.meets_requirement) for s in shares] == [
        ("Trường Chính trị tỉnh Sóc Trăng", 120, 60, Decimal("0.5"), True),
        ("Trường Đại học Cần Thơ", 100, 30, Decimal("0.3"), False),
    ]


def test_the_person_page_section_lists_each_enrollment_and_totals_completed_lượt(
        world, personas, catalogue, django_assert_num_queries):
    from django.template.loader import render_to_string

    officer, doctor = personas["can_bo_so_y_te"], world["doctor"]
    services.enrollment_set_costs(actor=officer, enrollment=world["doctor_yt"], costs={"ngan_sach_dia_phuong": 2_500_000})
    services.enrollment_complete(actor=officer, enrollment=world["doctor_yt"], completed_on=dt.date(2024, 3, 29),
                                 certificate_number="CC-01", certificate_date=dt.date(2024, 4, 2), hours_attended=96)
    services.external_training_record(actor=officer, person=doctor, programme=catalogue["programmes"]["tin_hoc"],
                                      provider_name="Đại học Quốc gia Singapore", country="Singapore",
                                      start_date=dt.date(2022, 5, 1), end_date=dt.date(2022, 5, 10), hours=40)
    with django_assert_num_queries(3):
        section = selectors.person_training_section(doctor)
    assert section["title"] == "Quá trình đào tạo, bồi dưỡng"
    assert (section["completed_count"], section["completed_hours"], section["total_cost"]) == (2, 136, 2_500_000)
    assert [(r.class_code, r.status, r.hours) for r in section["rows"]] == [
        ("YT-1", "Hoàn thành", 96), ("TINH-1", "Đăng ký", None), ("", "Hoàn thành", 40)]
    html = render_to_string("training/_person_section.html", {"training": section})
    assert "2 lượt hoàn thành, 136 tiết; tổng chi phí 2.500.000 đồng." in html
    assert "CC-01, ngày 02/04/2024" in html and "Đại học Quốc gia Singapore (Singapore)" in html
    assert "Lý luận chính trị, Quản lý nhà nước" in html
