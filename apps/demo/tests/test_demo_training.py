"""The demo province's ten years of training records: their shape (lượt per person-year, degree
and postgraduate training, abroad, costs by source, statuses by the demo's today), the model rules
(no one twice in a class, no overlapping full-time training, training only while working),
qualifications linked one-to-one to the completions that granted them, agencies that differ on
the yearly law update, and determinism. One 3,000-person province is built for the module."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum

from apps.demo.province import build_province, demo_reset
from apps.demo.qualifications import CAP
from apps.demo.training import TODAY
from apps.organization.models import Unit
from apps.organization.selectors import top_level_of
from apps.people.models import Person, Qualification, ServicePeriod
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    Enrollment,
    EnrollmentCost,
    Instructor,
    Programme,
    Provider,
    ServiceCommitment,
    TrainingClass,
)

pytestmark = pytest.mark.slow

PERSONS, SEED = 3000, 5
CIVIL_SERVANTS = ["can_bo", "cong_chuc"]


def person_years() -> int:
    """Years 2016–2026 in which each person worked at least one day."""
    total = 0
    for joined, status_on in Person.objects.values_list("joined_on", "status_on"):
        first, last = max(joined.year, 2016), min((status_on.year if status_on else 2026), 2026)
        total += max(0, last - first + 1)
    return total


def test_the_catalogue_covers_every_kind_the_targets_use(db, demo):
    codes = set(Programme.objects.values_list("code", flat=True))
    assert {"PL", "DDCV", "KNTT", "NGCV", "NGCVC", "CDGV", "CDYT", "LDP", "LDS", "LLTC", "LLCC", "HDND",
            "KHMER", "QPAN3", "UDCNTT", "NN3"} <= codes
    areas = set(Programme.objects.values_list("content_areas__code", flat=True))
    assert {"phap_luat", "dao_duc", "ky_nang_thuc_thi", "ly_luan_chinh_tri", "quan_ly_nha_nuoc", "tieng_dan_toc",
            "dai_bieu_hdnd", "quoc_phong_an_ninh", "tin_hoc", "ngoai_ngu", "lanh_dao_quan_ly"} <= areas
    assert Programme.objects.get(code="LLTC").grants_level.code == "trung_cap"
    khmer = Programme.objects.get(code="KHMER")
    assert (khmer.grants_level.dimension, khmer.grants_level.code, khmer.language) == ("tieng_dan_toc", "su_dung", "Khmer")
    degrees = Counter(Programme.objects.filter(kind="dao_tao").values_list("degree_level", flat=True))
    assert degrees["trung_cap"] and degrees["thac_si"]
    assert Provider.objects.filter(ownership="ngoai_cong_lap", is_foreign=False).exists()
    assert Provider.objects.filter(is_foreign=True).exclude(country="Việt Nam").exists()
    assert Instructor.objects.filter(kind="thinh_giang").exists() and Instructor.objects.filter(kind="co_huu").exists()
    assert Instructor.objects.filter(practical_management_years__lt=5).exists()


def test_people_complete_roughly_one_course_every_one_or_two_years(db, demo):
    completed = Enrollment.objects.filter(status="completed").count()
    assert 0.5 <= completed / person_years() <= 1.0
    per_person = Counter(Enrollment.objects.filter(status="completed").values_list("person_id", flat=True))
    assert len(per_person) > 0.9 * Person.objects.count()
    assert demo["enrollments"] == Enrollment.objects.count()


def test_some_people_study_for_degrees_and_postgraduate_degrees_some_abroad(db, demo):
    degrees = Enrollment.objects.filter(programme__kind="dao_tao")
    people = degrees.values("person").distinct().count()
    postgraduate = degrees.filter(programme__degree_level__in=["thac_si", "tien_si"])
    abroad = postgraduate.exclude(country="Việt Nam")
    assert 10 <= people <= 0.02 * PERSONS
    assert postgraduate.exists() and abroad.exists()
    assert abroad.count() < postgraduate.count() / 2
    assert not abroad.exclude(provider__is_foreign=True).exists()
    assert degrees.filter(status="studying").exists()  # cohorts running past the demo's today


def test_costs_are_split_across_funding_sources_and_add_up_to_the_class_budget(db, demo):
    assert not Enrollment.objects.filter(costs__isnull=True).exists()
    sources = set(EnrollmentCost.objects.values_list("funding_source", flat=True))
    assert {"ngan_sach_trung_uong", "ngan_sach_dia_phuong", "kinh_phi_co_quan", "ca_nhan_tu_tuc",
            "tai_tro_nuoc_ngoai"} <= sources
    split = EnrollmentCost.objects.values("enrollment").annotate(n=Count("id")).filter(n__gt=1)
    assert split.exists()
    sums = defaultdict(Decimal)
    for klass, source, amount in EnrollmentCost.objects.exclude(enrollment__status="registered").values_list(
            "enrollment__training_class_id", "funding_source", "amount"):
        sums[(klass, source)] += amount
    finished = ClassBudget.objects.filter(training_class__status="finished")
    assert finished.exists()
    for klass, source, planned, actual in finished.values_list("training_class_id", "funding_source",
                                                               "planned_amount", "actual_amount"):
        assert actual == sums[(klass, source)] and planned >= actual
    assert not ClassBudget.objects.exclude(training_class__status="finished").filter(actual_amount__isnull=False).exists()
    assert not TrainingClass.objects.filter(budget__isnull=True).exists()  # planned ones too


def test_statuses_follow_the_demo_today(db, demo):
    status = Counter(Enrollment.objects.values_list("status", flat=True))
    assert status["completed"] > 0.9 * sum(status.values())
    assert status["failed"] and status["withdrawn"] and status["studying"] and status["registered"]
    ended = Q(training_class__end_date__lte=TODAY)
    assert not Enrollment.objects.filter(~ended, status__in=["completed", "failed"]).exists()
    assert not Enrollment.objects.filter(ended, status__in=["studying", "registered"]).exists()
    completed = Enrollment.objects.filter(status="completed")
    assert not completed.filter(Q(certificate_number="") | Q(certificate_date__isnull=True)).exists()
    assert not completed.exclude(completed_on=F("end_date")).exists()
    assert set(TrainingClass.objects.values_list("status", flat=True)) == {"finished", "open", "planned"}
    years = set(TrainingClass.objects.values_list("start_date__year", flat=True))
    assert set(range(2016, 2027)) <= years


def test_nobody_is_twice_in_a_class_nor_in_two_full_time_trainings_at_once(db, demo):
    twice = Enrollment.objects.values("person", "training_class").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    busy = defaultdict(list)
    for person, start, end in Enrollment.objects.active().full_time().order_by("person", "start_date").values_list(
            "person_id", "start_date", "end_date"):
        assert not busy[person] or busy[person][-1] < start, person
        busy[person].append(end)
    assert busy


def test_the_departments_classes_are_open_to_every_agency_and_no_others(db, demo):
    opened = set(TrainingClass.objects.filter(open_to_agencies=True).values_list("organiser__code", flat=True))
    assert opened == {"SNV"}
    assert not TrainingClass.objects.filter(organiser__code="SNV", open_to_agencies=False).exists()


def test_people_train_only_while_working_in_the_agency_that_organises_their_class(db, demo):
    people = {pid: (joined, status_on) for pid, joined, status_on in Person.objects.values_list(
        "id", "joined_on", "status_on")}
    rows = list(Enrollment.objects.exclude(status="withdrawn").values_list("person_id", "start_date", "end_date"))
    for pid, start, end in rows:
        joined, status_on = people[pid]
        assert joined <= start and (status_on is None or end < status_on), pid
    # Yearly updates are organised by the person's own top-level agency at the class's start.
    sample = list(Enrollment.objects.filter(programme__code__in=["PL", "DDNN", "CNXA"]).order_by("id").values_list(
        "person_id", "start_date", "training_class__organiser_id")[::97])
    tops = {day: top_level_of(day) for day in {dt.date(2020, 1, 1), dt.date(2026, 1, 1)}}
    for pid, start, organiser in sample:
        period = ServicePeriod.objects.on(start).get(person_id=pid)
        tree = tops[dt.date(2020, 1, 1) if start < dt.date(2025, 7, 1) else dt.date(2026, 1, 1)]
        assert tree[period.unit_id] == organiser
    assert sample


def test_qualifications_from_training_are_linked_one_to_one_and_never_lower_a_level(db, demo):
    from_training = Qualification.objects.filter(source="training")
    assert from_training.count() == Enrollment.objects.filter(qualification__isnull=False).count() > 100
    linked = Enrollment.objects.filter(qualification__isnull=False)
    assert not linked.exclude(status="completed").exists()
    assert not linked.exclude(qualification__person_id=F("person_id")).exists()
    assert not linked.exclude(qualification__level_id=F("programme__grants_level_id")).exists()
    assert not linked.exclude(qualification__obtained_on=F("completed_on")).exists()
    assert not linked.exclude(qualification__certificate_number=F("certificate_number")).exists()
    assert from_training.filter(obtained_on__gt=CAP).exists() and from_training.filter(obtained_on__lte=CAP).exists()
    # A level granted after 30/06/2025 is above everything the person held in that dimension before.
    for qual in from_training.filter(obtained_on__gt=CAP).select_related("level"):
        earlier = Qualification.objects.filter(person_id=qual.person_id, dimension=qual.dimension,
                                               obtained_on__lt=qual.obtained_on)
        if qual.dimension == "tieng_dan_toc":
            earlier = earlier.filter(language=qual.language)
        assert not earlier.filter(level__rank__gte=qual.level.rank).exists(), qual.pk
    assert not Qualification.objects.exclude(source__in=["demo", "training"]).exists()


def test_long_state_funded_training_carries_a_service_commitment(db, demo):
    commitments = ServiceCommitment.objects.select_related("enrollment", "rule")
    assert commitments.exists()
    for commitment in commitments:
        enrollment = commitment.enrollment
        assert enrollment.programme.is_long_term and commitment.start == enrollment.end_date
        assert enrollment.costs.filter(funding_source__in=["ngan_sach_trung_uong", "ngan_sach_dia_phuong",
                                                           "kinh_phi_co_quan"]).exists()
        months = (enrollment.end_date.year - enrollment.start_date.year) * 12 + enrollment.end_date.month \
            - enrollment.start_date.month + 1
        assert commitment.committed_months == int(months * commitment.rule.commitment_multiplier)


def test_every_class_is_taught_by_its_providers_instructors_for_its_hours(db, demo):
    hours = dict(ClassInstructor.objects.values_list("training_class").annotate(h=Sum("hours_taught")))
    for pk, class_hours in TrainingClass.objects.values_list("pk", "hours"):
        assert hours[pk] == class_hours
    assert not ClassInstructor.objects.exclude(instructor__provider_id=F("training_class__provider_id")).exists()


def law_update_shares(year: int) -> dict[str, tuple[int, float]]:
    """{agency code: (civil servants at province and district level on 31/12, share with a completed
    lượt covering law that year)} by plain ORM queries."""
    day = dt.date(year, 12, 31)
    tops, codes = top_level_of(day), dict(Unit.objects.values_list("id", "code"))
    working = Q(person__joined_on__lte=day) & (Q(person__status_on__isnull=True) | Q(person__status_on__gt=day))
    population = ServicePeriod.objects.on(day).filter(working, category__in=CIVIL_SERVANTS,
                                                      level__in=["province", "district"])
    updated = set(Enrollment.objects.filter(status="completed", completed_on__year=year,
                                            programme__content_areas__code="phap_luat").values_list("person_id", flat=True))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pid, unit in population.values_list("person_id", "unit_id"):
        agency = codes[tops[unit]]
        counts[agency][0] += 1
        counts[agency][1] += pid in updated
    return {code: (n, 100 * met / n) for code, (n, met) in counts.items()}


def test_agencies_differ_on_the_yearly_law_update(db, demo):
    shares = {code: share for code, (n, share) in law_update_shares(2024).items() if n >= 5}
    assert len(shares) >= 10
    assert any(share >= 80 for share in shares.values())
    assert any(share < 70 for share in shares.values())
    assert max(shares.values()) - min(shares.values()) >= 25


def test_council_courses_go_to_delegates_and_visiting_instructors_carry_different_shares(db, demo):
    from apps.people.models import CouncilMembership

    council = Enrollment.objects.filter(programme__code="HDND")
    assert council.exists()
    assert not council.exclude(person__in=CouncilMembership.objects.values("person")).exists()
    shares = {}
    for provider in Provider.objects.all():
        taught = ClassInstructor.objects.filter(training_class__provider=provider)
        total = taught.aggregate(h=Sum("hours_taught"))["h"]
        if total:
            visiting = taught.filter(instructor__kind="thinh_giang").aggregate(h=Sum("hours_taught"))["h"] or 0
            shares[provider.code] = visiting / total
    assert any(share >= Decimal("0.5") for share in shares.values())
    assert any(share < Decimal("0.5") for share in shares.values())


def fingerprint() -> str:
    rows = Enrollment.objects.order_by("person__code", "training_class__code").values_list(
        "person__code", "training_class__code", "status", "certificate_number", "completed_on", "qualification__level_id")
    costs = EnrollmentCost.objects.order_by("enrollment__person__code", "enrollment__training_class__code",
                                            "funding_source").values_list("funding_source", "amount")
    return hashlib.sha256(repr((list(rows), list(costs))).encode()).hexdigest()


def test_the_same_seed_gives_the_same_training_records(db, demo):
    first = fingerprint()
    demo_reset()
    build_province(persons=PERSONS, seed=SEED)
    assert fingerprint() == first



def test_the_current_year_has_classes_in_every_state(db, demo):
    year = TrainingClass.objects.filter(start_date__year=TODAY.year)
    finished = year.filter(status="finished", end_date__lte=TODAY)
    running = year.filter(status="open", start_date__lte=TODAY, end_date__gte=TODAY)
    planned = year.filter(status="planned", start_date__gt=TODAY)
    open_for_registration = planned.filter(open_to_agencies=True, enrollments__status="registered").distinct()
    assert finished.exists() and running.exists() and planned.exists() and open_for_registration.exists()
    assert not planned.filter(enrollments__status__in=["completed", "failed", "studying"]).exists()


def test_instructors_have_real_looking_names_unique_in_their_provider(db, demo):
    rows = list(Instructor.objects.values_list("provider_id", "full_name"))
    assert len(rows) == len(set(rows))
    assert not [name for _, name in rows if any(ch.isdigit() for ch in name)]
    middle = [name.split() for _, name in rows if len(name.split()) > 3]
    assert not [n for n in middle if "Thị" in n[2:-1]]  # "Trần Thị Ngọc Thư", not "Trần Ngọc Thị Thư"
