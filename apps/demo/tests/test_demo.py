"""The demo province: its shape, the 2025 reform's dated history, the demo accounts and the
``dtbd demo`` command. One 800-person province is built for the module (about ten seconds) and
removed at the end; tests that change data run inside their own rolled-back transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client

from apps.core.models import AuditEntry
from apps.demo.accounts import DEMO_PASSWORD
from apps.demo.province import build_province, demo_reset
from apps.organization.models import Level, Unit, UnitKind
from apps.organization.selectors import children_map, subtree_ids
from apps.people.models import CouncilMembership, Dimension, Person, Qualification, ServicePeriod
from apps.people.selectors import people_visible_to
from dtbd import cli

pytestmark = pytest.mark.slow

PERSONS, SEED = 800, 7
EVE, REFORM = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def fingerprint() -> str:
    rows = Person.objects.order_by("code").values_list("code", "full_name", "unit__code", "birth_date",
                                                          "national_id", "rank__code", "position__code")
    periods = ServicePeriod.objects.order_by("person__code", "valid_from").values_list(
        "person__code", "valid_from", "valid_to", "unit__code")
    return hashlib.sha256(repr((list(rows), list(periods))).encode()).hexdigest()


def shares(values) -> dict[str, float]:
    counts = Counter(values)
    total = sum(counts.values())
    return {key: n / total for key, n in counts.items()}


# --- shape --------------------------------------------------------------------------------------


def test_categories_are_mostly_public_employees_with_a_tenth_civil_servants(db, demo):
    share = shares(Person.objects.values_list("category", flat=True))
    assert Person.objects.count() == PERSONS
    assert 0.72 <= share["vien_chuc"] <= 0.86
    assert 0.07 <= share["cong_chuc"] <= 0.16
    assert share["can_bo"] > 0.02 and share["khong_chuyen_trach"] > 0.02


def test_ethnic_mix_is_that_of_the_mekong_delta(db, demo):
    share = shares(Person.objects.values_list("ethnicity__name", flat=True))
    assert 0.55 <= share["Kinh"] <= 0.75
    assert 0.22 <= share["Khmer"] <= 0.38
    assert 0.02 <= share["Hoa"] <= 0.09


def test_identity_fields_are_unique_and_well_formed(db, demo):
    ids = list(Person.objects.values_list("national_id", flat=True))
    assert len(set(ids)) == PERSONS and all(len(i) == 12 and i.isdigit() for i in ids)
    assert Person.objects.filter(birth_date__year__gte=2004).count() == 0
    sample = Person.objects.order_by("code").first()
    assert sample.name_sort_key and sample.search_text.startswith(" ")
    assert Person.objects.search("nguyen").exists()


def test_some_people_lead_and_some_are_in_succession_plans(db, demo):
    leaders = Person.objects.filter(position__isnull=False).count() / PERSONS
    planned = Person.objects.filter(in_succession_plan=True).count() / PERSONS
    assert 0.05 <= leaders <= 0.16
    assert 0.02 <= planned <= 0.09
    assert not Person.objects.filter(position__isnull=False, position_appointed_on__isnull=True).exists()


def test_some_communes_are_khmer_speaking_remote_areas(db, demo):
    communes = Unit.objects.filter(level=Level.COMMUNE)
    assert communes.filter(is_ethnic_minority_area=True, ethnic_languages__contains="Khmer").exists()
    assert communes.filter(ethnic_languages__contains="Hoa").exists()
    assert communes.filter(is_remote=True).exists()


def test_every_dimension_is_held_with_a_certificate(db, demo):
    held = set(Qualification.objects.values_list("dimension", flat=True))
    assert held == set(Dimension.values)
    # Certificates from the demo's classes (apps.demo.training) are linked to their enrollment.
    assert not Qualification.objects.exclude(source__in=[Qualification.Source.DEMO, Qualification.Source.TRAINING]).exists()
    assert not Qualification.objects.filter(source=Qualification.Source.TRAINING, enrollment__isnull=True).exists()
    assert not Qualification.objects.filter(certificate_number="").exists()
    assert not Qualification.objects.filter(certificate_date__isnull=True).exists()
    khmer = Qualification.objects.filter(dimension=Dimension.ETHNIC_LANGUAGE, language="Khmer")
    assert khmer.exists() and not khmer.filter(person__ethnicity__name="Khmer").exists()


def test_some_commune_officials_are_still_below_trung_cap(db, demo):
    officials = Person.objects.filter(level=Level.COMMUNE, category__in=["can_bo", "cong_chuc"], status="working")
    qualified = officials.filter(qualifications__dimension="chuyen_mon", qualifications__level__rank__gte=2).distinct()
    assert 0 < officials.count() - qualified.count() < officials.count() * 0.3


def test_council_delegates_sit_for_both_terms_mostly_cadres(db, demo):
    seats = CouncilMembership.objects.all()
    assert set(seats.values_list("term", flat=True)) == {"2016-2021", "2021-2026"}
    assert shares(seats.values_list("person__category", flat=True)).get("can_bo", 0) >= 0.5


# --- the 1 July 2025 reform ---------------------------------------------------------------------


def test_districts_end_on_30_june_2025_and_their_communes_are_merged(db, demo):
    districts = Unit.objects.filter(level=Level.DISTRICT)
    assert districts.exists() and set(districts.values_list("valid_to", flat=True)) == {EVE}
    root = Unit.objects.get(code="TINH")
    before, after = children_map(EVE), children_map(REFORM)
    district = Unit.objects.get(code="H944")
    old_communes = set(Unit.objects.filter(level=Level.COMMUNE, valid_to=EVE).values_list("pk", flat=True))
    assert old_communes & subtree_ids(district.pk, tree=before)
    assert not old_communes & subtree_ids(root.pk, tree=after)
    new_communes = set(Unit.objects.filter(level=Level.COMMUNE, valid_from=REFORM, kind="state")
                       .values_list("pk", flat=True))
    assert new_communes and new_communes <= set(after[root.pk])
    assert not set(after[root.pk]) & set(districts.values_list("pk", flat=True))
    assert len(new_communes) < Unit.objects.filter(level=Level.COMMUNE, valid_to=EVE, kind="state").count()


def test_district_schools_move_under_the_new_communes(db, demo):
    school = Unit.objects.filter(level=Level.DISTRICT, kind="public_service", name__startswith="Trường").first()
    successor = school.successor
    assert school.valid_to == EVE and successor.valid_from == REFORM and successor.level == Level.COMMUNE
    tree = children_map(REFORM)
    commune = next(parent for parent, kids in tree.items() if successor.pk in kids)
    assert Unit.objects.get(pk=commune).level == Level.COMMUNE


def test_a_commune_official_has_a_closed_period_before_the_merger_and_an_open_one_after(db, demo):
    old = (ServicePeriod.objects.filter(unit__level=Level.COMMUNE, unit__valid_to=EVE, valid_to=EVE,
                                        person__status="working", unit__kind="state")
           .select_related("person", "unit").order_by("person__code").first())
    assert old is not None
    person = old.person
    current = person.periods.get(valid_to__isnull=True)
    assert current.valid_from == REFORM and current.unit_id == old.unit.successor_id
    assert person.unit_id == old.unit.successor_id and person.level == Level.COMMUNE


def test_every_working_person_has_exactly_one_open_period_and_nobody_else_has_one(db, demo):
    open_periods = ServicePeriod.objects.filter(valid_to__isnull=True)
    per_person = Counter(open_periods.values("person_id").annotate(n=Count("id")).values_list("n", flat=True))
    working = Person.objects.filter(status="working").count()
    assert per_person == Counter({1: working})
    assert not open_periods.exclude(person__status="working").exists()
    assert Person.objects.exclude(status="working").exists()


# --- accounts and determinism -------------------------------------------------------------------


@pytest.mark.parametrize("username, role, unit", [
    ("so_noi_vu", "home_affairs", None), ("can_bo_so_y_te", "agency_officer", "SYT"),
    ("can_bo_so_giao_duc", "agency_officer", "SGD"), ("lanh_dao", "leader", None), ("hoc_vien", "learner", None),
    ("co_so_dao_tao", "provider", None),
])
def test_demo_accounts_have_their_role_and_sign_in_with_the_demo_password(db, demo, username, role, unit):
    user = get_user_model().objects.select_related("profile__unit").get(username=username)
    assert user.profile.role == role
    assert (user.profile.unit.code if user.profile.unit else None) == unit
    assert Client().login(username=username, password=DEMO_PASSWORD)


def test_the_learner_is_a_hospital_worker_under_the_health_department(db, demo):
    learner = get_user_model().objects.get(username="hoc_vien")
    assert learner.profile.person.unit.code == "BVDK"
    assert list(people_visible_to(learner)) == [learner.profile.person]
    officer = get_user_model().objects.get(username="can_bo_so_y_te")
    seen = people_visible_to(officer)
    assert seen.filter(pk=learner.profile.person.pk).exists()
    assert not seen.filter(unit__code="SGD").exists()


def test_the_provider_account_sees_the_political_schools_classes_only(db, demo):
    from apps.training.models import TrainingClass
    from apps.training.selectors import classes_visible_to

    school = get_user_model().objects.get(username="co_so_dao_tao")
    seen = classes_visible_to(school)
    assert seen.exists() and set(seen.values_list("provider__code", flat=True)) == {"TCT"}
    assert seen.count() == TrainingClass.objects.filter(provider__code="TCT").count()
    client = Client()
    client.force_login(school)
    assert client.get("/")["Location"] == "/dao-tao/lop/" and client.get("/nhan-su/").status_code == 403


def test_the_same_seed_gives_the_same_province_and_another_seed_does_not(db, demo):
    first = fingerprint()
    demo_reset()
    build_province(persons=PERSONS, seed=SEED)
    assert fingerprint() == first
    demo_reset()
    build_province(persons=PERSONS, seed=SEED + 1)
    assert fingerprint() != first


def test_one_audit_entry_records_the_load(db, demo):
    entries = AuditEntry.objects.filter(target_type="demo")
    assert entries.count() == 1
    assert not AuditEntry.objects.filter(target_type="person").exists()


# --- the command --------------------------------------------------------------------------------


def test_if_empty_on_a_filled_database_only_prints_the_accounts(db, demo, capsys):
    assert cli.main(["demo", "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert "không tạo dữ liệu mẫu" in out and "so_noi_vu" in out and DEMO_PASSWORD in out
    assert Person.objects.count() == PERSONS


def test_outside_demo_mode_a_filled_database_is_refused(db, demo, settings, capsys):
    settings.DEMO_MODE = False
    assert cli.main(["demo", "--persons", "50"]) == 1
    assert "chế độ demo" in capsys.readouterr().err
    assert Person.objects.count() == PERSONS


def test_in_demo_mode_a_filled_database_needs_reset(db, demo, settings, capsys):
    settings.DEMO_MODE = True
    assert cli.main(["demo", "--persons", "50"]) == 1
    assert "--reset" in capsys.readouterr().err


def test_the_shipped_soc_trang_plan_is_loaded_and_evaluates_over_the_demo(db, demo):
    from apps.plans.models import Plan
    from apps.targets.engine import evaluate_plan

    plan = Plan.objects.get(code__icontains="2021")
    assert plan.targets.count() >= 15
    result = evaluate_plan(plan, at=dt.date(2025, 12, 31))
    statuses = {t["status"] for t in result["targets"]}
    assert len(result["targets"]) == plan.targets.count()
    assert "met" in statuses and statuses & {"not_met", "at_risk"}  # partly met, partly not


def test_the_demo_plan_has_its_roadmap_tasks_mostly_done_some_overdue(db, demo):
    from django.utils import timezone

    from apps.plans.models import Plan
    from apps.roadmap.models import RoadmapTask, TaskStatus

    plan = Plan.objects.get(code__icontains="2021")
    tasks = RoadmapTask.objects.filter(plan=plan)
    assert tasks.filter(number="1.1").values("unit").distinct().count() > 10  # every agency
    assert tasks.filter(number="4", unit__code="TCT").exists()  # the provincial political school leads it
    past = tasks.filter(due__lt=timezone.localdate())
    assert 0.7 < past.filter(status=TaskStatus.DONE).count() / past.count() < 0.9
    assert RoadmapTask.objects.overdue(timezone.localdate()).exists()


def test_party_bodies_answer_to_the_provincial_party_committee_not_the_peoples_committee(db, demo):
    committee = Unit.objects.get(code="TU")
    assert committee.parent_id is None and committee.kind == UnitKind.PARTY
    for code in ("TU-VP", "TU-BTC", "TU-BTGDV", "TU-UBKT", "TU-BNC", "TCT"):
        assert Unit.objects.get(code=code).parent_id == committee.pk, code
    assert not Unit.objects.filter(parent__code="TINH", code__startswith="TU").exists()


def test_degrees_fit_the_work_of_the_agency(db, demo):
    def majors_at(unit_code: str) -> list[str]:
        return list(Qualification.objects.filter(dimension="chuyen_mon", person__unit__code=unit_code,
                                                 person__category__in=["cong_chuc", "can_bo"])
                    .exclude(major="").values_list("major", flat=True))

    fits = {"STC": {"Tài chính - Ngân hàng", "Kế toán", "Kinh tế", "Kinh tế đầu tư", "Quản trị kinh doanh"},
            "STP": {"Luật", "Luật kinh tế", "Quản lý nhà nước", "Kế toán"}}
    for code, fitting in fits.items():
        majors = majors_at(code)
        assert majors, code
        assert sum(m in fitting for m in majors) >= 0.9 * len(majors), (code, Counter(majors))


def test_the_demo_leaves_the_reports_flat_copy_built_so_the_first_report_reads_it(db, demo):
    from apps.reports.flat import flat_fresh
    from apps.reports.luot import counted
    from apps.reports.models import FlatLuot

    assert flat_fresh()
    assert FlatLuot.objects.count() == counted().count() > 0
