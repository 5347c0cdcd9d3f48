"""Enrolling, completing, failing and withdrawing; training outside the system; how completion
feeds the qualification profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.people.models import Qualification, QualificationLevel
from apps.people.selectors import qualification_profile
from apps.people.services import qualification_add
from apps.training import services
from apps.training.models import DeliveryForm, Enrollment, EnrollmentStatus


@pytest.fixture
def officer(personas):
    return personas["can_bo_so_y_te"]


@pytest.fixture
def nurse(province, make_person):
    return make_person(province["BVDK"], "Lê Thị Thu", category="vien_chuc", gender="nu")


def _enrol(actor, person, klass, **kw):
    return services.enrollment_create(actor=actor, person=person, training_class=klass, **kw)


def _level(dimension, code):
    return QualificationLevel.objects.get(dimension=dimension, code=code)


# --- enrolling ----------------------------------------------------------------------------------


def test_enrolling_copies_programme_dates_hours_and_form_onto_the_enrollment(make_class, officer, nurse):
    klass = make_class(hours=120, country="Việt Nam")
    enrollment = _enrol(officer, nurse, klass)
    assert (enrollment.programme, enrollment.provider, enrollment.form) == (klass.programme, klass.provider, klass.form)
    assert (enrollment.start_date, enrollment.end_date, enrollment.hours) == (klass.start_date, klass.end_date, 120)
    assert enrollment.status == EnrollmentStatus.REGISTERED


def test_enrolling_is_written_to_the_persons_audit_trail(make_class, officer, nurse):
    klass = make_class()
    _enrol(officer, nurse, klass)
    entry = AuditEntry.objects.filter(target_type="person", target_id=nurse.pk, actor=officer).get()
    assert entry.note == f"Ghi danh lớp {klass.code}"


def test_the_same_person_cannot_be_enrolled_twice_in_a_class(make_class, officer, nurse):
    klass = make_class(form="truc_tuyen")
    _enrol(officer, nurse, klass)
    with pytest.raises(ValidationError, match="đã có tên trong lớp"):
        _enrol(officer, nurse, klass)


def test_an_officer_cannot_enrol_a_person_of_another_agency(make_class, personas, province, make_person):
    teacher = make_person(province["THPT1"], "Võ Văn Kiệt")
    with pytest.raises(PermissionDenied):
        _enrol(personas["can_bo_so_y_te"], teacher, make_class())
    assert not Enrollment.objects.exists()


def test_leaders_learners_and_providers_cannot_enrol_anyone(make_class, personas, catalogue, nurse):
    klass = make_class()
    for actor in (personas["lanh_dao"], personas["hoc_vien"], catalogue["truong_chinh_tri"]):
        with pytest.raises(PermissionDenied):
            _enrol(actor, nurse, klass)


def test_a_full_class_refuses_one_more_but_a_withdrawal_frees_the_seat(make_class, officer, province, make_person):
    klass = make_class(capacity=1, form="truc_tuyen")
    first = _enrol(officer, make_person(province["SYT"], "Người Một"), klass)
    second = make_person(province["SYT"], "Người Hai")
    with pytest.raises(ValidationError, match="đã đủ 1 học viên"):
        _enrol(officer, second, klass)
    services.enrollment_withdraw(actor=officer, enrollment=first, on=dt.date(2024, 3, 5))
    assert _enrol(officer, second, klass).training_class == klass


def test_a_cancelled_class_takes_no_enrollment(make_class, officer, nurse):
    with pytest.raises(ValidationError, match="đã hủy"):
        _enrol(officer, nurse, make_class(status="cancelled"))


def test_overlapping_full_time_classes_are_refused_naming_the_other_class(make_class, officer, nurse):
    first = make_class(code="TCLLCT-K12", start=dt.date(2024, 3, 1), end=dt.date(2024, 6, 30))
    _enrol(officer, nurse, first)
    second = make_class(programme="cvc", start=dt.date(2024, 6, 30), end=dt.date(2024, 7, 31))
    with pytest.raises(ValidationError) as error:
        _enrol(officer, nurse, second)
    message = error.value.messages[0]
    assert "TCLLCT-K12" in message and "đang học tập trung" in message and "01/03/2024–30/06/2024" in message


def test_full_time_classes_that_only_touch_end_to_start_do_not_overlap(make_class, officer, nurse):
    _enrol(officer, nurse, make_class(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)))
    assert _enrol(officer, nurse, make_class(start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30)))


def test_part_time_classes_may_overlap_each_other_and_a_full_time_class(make_class, officer, nurse):
    _enrol(officer, nurse, make_class(form="vua_lam_vua_hoc", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)))
    _enrol(officer, nurse, make_class(start=dt.date(2024, 3, 1), end=dt.date(2024, 6, 30)))
    for form in ("truc_tuyen", "ban_tap_trung"):
        assert _enrol(officer, nurse, make_class(form=form, start=dt.date(2024, 4, 1), end=dt.date(2024, 5, 1)))
    assert nurse.enrollments.count() == 4


def test_a_withdrawn_full_time_enrollment_does_not_block_another(make_class, officer, nurse):
    first = _enrol(officer, nurse, make_class(start=dt.date(2024, 3, 1), end=dt.date(2024, 6, 30)))
    services.enrollment_withdraw(actor=officer, enrollment=first, on=dt.date(2024, 3, 10), reason="Ốm dài ngày")
    assert _enrol(officer, nurse, make_class(start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30)))
    first.refresh_from_db()
    assert first.status == EnrollmentStatus.WITHDRAWN and "Ốm dài ngày" in first.status_note


def test_moving_a_class_onto_a_participants_other_full_time_class_is_refused(make_class, officer, nurse, personas):
    _enrol(officer, nurse, make_class(code="A", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)))
    later = make_class(code="B", start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31))
    _enrol(officer, nurse, later)
    data = services.ClassData(code="B", programme=later.programme, provider=later.provider,
                              organiser_id=later.organiser_id, form=later.form,
                              start_date=dt.date(2024, 3, 15), end_date=dt.date(2024, 4, 15))
    with pytest.raises(ValidationError, match="lớp .*\\(A\\)"):
        services.class_update(actor=personas["so_noi_vu"], training_class=later, data=data)


def test_changing_a_class_updates_its_enrollments_copies(make_class, officer, nurse, personas):
    klass = make_class(form="truc_tuyen", hours=40)
    enrollment = _enrol(officer, nurse, klass)
    data = services.ClassData(code=klass.code, programme=klass.programme, provider=klass.provider,
                              organiser_id=klass.organiser_id, form=DeliveryForm.objects.get(code="tu_xa"),
                              start_date=dt.date(2024, 9, 1), end_date=dt.date(2024, 9, 30), hours=48)
    services.class_update(actor=personas["so_noi_vu"], training_class=klass, data=data)
    enrollment.refresh_from_db()
    assert (enrollment.start_date, enrollment.end_date, enrollment.hours, enrollment.form.code) == (
        dt.date(2024, 9, 1), dt.date(2024, 9, 30), 48, "tu_xa")


# --- completing ---------------------------------------------------------------------------------


def test_completion_records_the_granted_level_with_the_certificate_and_raises_the_profile(make_class, officer,
                                                                                        nurse):
    enrollment = _enrol(officer, nurse, make_class())
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29),
                                 certificate_number="TCLLCT-0456", certificate_date=dt.date(2024, 4, 5),
                                 result="Khá")
    enrollment.refresh_from_db()
    qual = enrollment.qualification
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.completed_on == dt.date(2024, 3, 29)
    assert (qual.level, qual.source, qual.certificate_number) == (
        _level("ly_luan_chinh_tri", "trung_cap"), Qualification.Source.TRAINING, "TCLLCT-0456")
    assert qual.issuer == "Trường Chính trị tỉnh Sóc Trăng" and qual.obtained_on == dt.date(2024, 3, 29)
    assert qualification_profile(nurse)["ly_luan_chinh_tri"].level.code == "trung_cap"


def test_completing_a_lower_level_never_lowers_the_profile(make_class, officer, nurse):
    qualification_add(actor=SYSTEM, person=nurse, level=_level("ly_luan_chinh_tri", "cao_cap"),
                      obtained_on=dt.date(2020, 6, 1))
    enrollment = _enrol(officer, nurse, make_class())
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29))
    assert qualification_profile(nurse)["ly_luan_chinh_tri"].level.code == "cao_cap"


def test_completing_a_level_already_held_does_not_duplicate_it(make_class, officer, nurse):
    qualification_add(actor=SYSTEM, person=nurse, level=_level("ly_luan_chinh_tri", "trung_cap"),
                      obtained_on=dt.date(2020, 6, 1))
    enrollment = _enrol(officer, nurse, make_class())
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29))
    assert nurse.qualifications.count() == 1
    assert enrollment.qualification is None and enrollment.status == EnrollmentStatus.COMPLETED
    assert "không ghi thêm" in AuditEntry.objects.filter(target_id=nurse.pk).first().note


def test_a_course_that_grants_no_level_completes_without_touching_the_profile(make_class, officer, nurse):
    enrollment = _enrol(officer, nurse, make_class(programme="tin_hoc", form="truc_tuyen"))
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29))
    assert enrollment.qualification is None and not nurse.qualifications.exists()


def test_an_enrollment_cannot_be_completed_twice(make_class, officer, nurse):
    enrollment = _enrol(officer, nurse, make_class(programme="tin_hoc"))
    services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29))
    with pytest.raises(ValidationError, match="Hoàn thành"):
        services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 30))


def test_the_classes_provider_records_results_but_another_provider_cannot(make_class, officer, nurse, catalogue):
    enrollment = _enrol(officer, nurse, make_class(provider="school"))
    with pytest.raises(PermissionDenied):
        services.enrollment_complete(actor=catalogue["dai_hoc_can_tho"], enrollment=enrollment,
                                     completed_on=dt.date(2024, 3, 29))
    services.enrollment_complete(actor=catalogue["truong_chinh_tri"], enrollment=enrollment,
                                 completed_on=dt.date(2024, 3, 29), certificate_number="S-1")
    assert nurse.qualifications.get().certificate_number == "S-1"


def test_the_organising_agency_records_results_of_another_agencys_people(make_class, personas, province,
                                                                         make_person):
    teacher = make_person(province["THPT1"], "Võ Văn Kiệt")
    klass = make_class(organiser="SYT", actor=personas["can_bo_so_y_te"])
    enrollment = _enrol(personas["can_bo_so_giao_duc"], teacher, klass)
    services.enrollment_complete(actor=personas["can_bo_so_y_te"], enrollment=enrollment,
                                 completed_on=dt.date(2024, 3, 29))
    assert teacher.qualifications.get().level.code == "trung_cap"


def test_failing_keeps_the_result_and_records_no_qualification(make_class, officer, nurse):
    enrollment = _enrol(officer, nurse, make_class())
    services.enrollment_fail(actor=officer, enrollment=enrollment, result="Không đạt (4,5 điểm)")
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.result) == (EnrollmentStatus.FAILED, "Không đạt (4,5 điểm)")
    assert not nurse.qualifications.exists()


# --- outside the system -------------------------------------------------------------------------


def test_training_outside_the_system_counts_as_a_completed_enrollment_and_raises_the_profile(catalogue, officer,
                                                                                           nurse):
    enrollment = services.external_training_record(
        actor=officer, person=nurse, programme=catalogue["programmes"]["ths"], provider_name="Học viện Hành chính Quốc gia",
        start_date=dt.date(2021, 9, 1), end_date=dt.date(2023, 8, 31), certificate_number="ThS-7788",
        form=DeliveryForm.objects.get(code="vua_lam_vua_hoc"), costs={"ca_nhan_tu_tuc": 60_000_000})
    assert enrollment.training_class is None and enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.completed_on == dt.date(2023, 8, 31)
    assert qualification_profile(nurse)["chuyen_mon"].level.code == "thac_si"
    assert enrollment.qualification.major == "Quản lý công"
    assert list(Enrollment.objects.completed()) == [enrollment]


def test_training_outside_the_system_in_full_time_is_checked_against_classes(make_class, catalogue, officer, nurse):
    _enrol(officer, nurse, make_class(code="K1", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)))
    with pytest.raises(ValidationError, match="K1"):
        services.external_training_record(
            actor=officer, person=nurse, programme=catalogue["programmes"]["cvc"], provider_name="Học viện",
            start_date=dt.date(2024, 3, 20), end_date=dt.date(2024, 4, 20),
            form=DeliveryForm.objects.get(code="tap_trung"))


def test_training_outside_the_system_needs_a_provider_name(catalogue, officer, nurse):
    with pytest.raises(ValidationError, match="tên cơ sở"):
        services.external_training_record(actor=officer, person=nurse, programme=catalogue["programmes"]["cvc"],
                                          provider_name="", start_date=dt.date(2024, 3, 1),
                                          end_date=dt.date(2024, 3, 31))
