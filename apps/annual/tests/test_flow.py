"""The cycle through its services: draft, submit, return, resubmit, merge, approve, documents,
a class from a line, execution figures, the projection of a target, an adjustment's diff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.annual import services as s
from apps.annual.models import AgencyPlanStatus, CycleStatus
from apps.annual.projection import project
from apps.annual.selectors import consolidation, execution, overview


@pytest.fixture
def sent(province, staff, cycle, personas):
    """Both agencies drafted from needs and sent."""
    plans = {}
    for code, officer in (("SYT", "can_bo_so_y_te"), ("SGD", "can_bo_so_giao_duc")):
        plan = s.agency_plan_open(actor=personas[officer], cycle=cycle, unit=province[code])
        s.plan_draft_from_needs(actor=personas[officer], agency_plan=plan)
        s.plan_submit(actor=personas[officer], agency_plan=plan)
        plans[code] = plan
    return plans


def test_states_and_versions(sent, personas):
    plan = sent["SYT"]
    assert plan.status == AgencyPlanStatus.SUBMITTED and plan.version == 1
    with pytest.raises(ValidationError):
        s.plan_return(actor=personas["so_noi_vu"], agency_plan=plan, comment=" ")
    s.plan_return(actor=personas["so_noi_vu"], agency_plan=plan, comment="Thiếu lớp tin học")
    line = plan.lines.first()
    s.line_save(actor=personas["can_bo_so_y_te"], agency_plan=plan, line=line, data=s.LineData(
        title=line.title, quarter=3, classes=1, learners=line.learners, programme_id=line.programme_id,
        form_id=line.form_id, days=line.days, hours=line.hours))
    s.plan_submit(actor=personas["can_bo_so_y_te"], agency_plan=plan)
    assert (plan.status, plan.version) == (AgencyPlanStatus.RESUBMITTED, 2)
    assert [v.status for v in plan.versions.all()] == ["submitted", "returned", "resubmitted"]
    assert plan.versions.last().lines[0]["quarter"] == 3


def test_an_officer_cannot_touch_another_agencys_plan(sent, personas):
    with pytest.raises(PermissionDenied):
        s.plan_submit(actor=personas["can_bo_so_giao_duc"], agency_plan=sent["SYT"])
    with pytest.raises(PermissionDenied):
        s.plan_return(actor=personas["can_bo_so_y_te"], agency_plan=sent["SGD"], comment="x")


def test_late_and_missing_agencies_are_flagged(sent, cycle, province):
    rows = {r.unit.code: r for r in overview(cycle, today=dt.date(2026, 9, 15))}
    assert rows["SYT"].sent and rows["SYT"].late  # sent today (2026-12), after 31/8/2026
    assert not rows["H01"].sent and rows["H01"].late


def test_merge_approve_documents_class_and_execution(sent, cycle, personas, catalogue, staff):
    from apps.annual.documents import documents, render
    from apps.documents.testing import assert_nd30

    law = [x for p in sent.values() for x in p.lines.all() if x.programme_id == catalogue["LAW"].pk]
    pc = s.provincial_class_merge(actor=personas["so_noi_vu"], cycle=cycle, lines=law, provider=catalogue["provider"])
    c = consolidation(cycle)
    assert sorted(n for _, n in c.seats[pc.pk]) == [2, 2]
    with pytest.raises(PermissionDenied):
        s.cycle_approve(actor=personas["so_noi_vu"], cycle=cycle, decision_number="1/QĐ", decision_date=dt.date.today())
    s.cycle_consolidate(actor=personas["so_noi_vu"], cycle=cycle)
    s.cycle_approve(actor=personas["lanh_dao"], cycle=cycle, decision_number="2650/QĐ-UBND",
                    decision_date=dt.date(2026, 12, 10))
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.APPROVED
    for doc in documents(cycle).values():
        assert_nd30(render(doc, "docx")[0])
    with pytest.raises(ValidationError):  # frozen
        s.plan_draft_from_needs(actor=personas["can_bo_so_y_te"], agency_plan=sent["SYT"])
    klass = s.class_from_line(actor=personas["so_noi_vu"], provincial_class=pc, code="LOP-TH-01",
                              start_date=dt.date(2027, 4, 1), end_date=dt.date(2027, 4, 2))
    from apps.training.services import enrollment_create

    enrollment_create(actor=personas["can_bo_so_y_te"], training_class=klass, person=staff["an"])
    province_row, agencies, _lines = execution(cycle)
    syt = next(a for a in agencies if a.key == "SYT")
    assert (province_row.classes, syt.learners, syt.completed) == (1, 1, 0)


def test_an_existing_class_is_linked_to_its_agencys_line_only(sent, cycle, personas, catalogue, province):
    from apps.training.services import ClassData, class_create

    s.cycle_consolidate(actor=personas["so_noi_vu"], cycle=cycle)
    s.cycle_approve(actor=personas["lanh_dao"], cycle=cycle, decision_number="3/QĐ-UBND",
                    decision_date=dt.date(2026, 12, 10))
    line = sent["SYT"].lines.get(programme_id=catalogue["LAW"].pk)
    other = sent["SGD"].lines.get(programme_id=catalogue["LAW"].pk)
    klass = class_create(actor=personas["can_bo_so_y_te"], data=ClassData(
        code="SYT-PL-27", programme=catalogue["LAW"], provider=catalogue["provider"], organiser_id=province["SYT"].pk,
        form=line.form, start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 3, 2), name="Pháp luật", hours=8))
    with pytest.raises(PermissionDenied):  # another agency's line
        s.class_link(actor=personas["can_bo_so_y_te"], training_class=klass, line=other)
    with pytest.raises(ValidationError):  # Sở Nội vụ may link, but the class is not SGD's
        s.class_link(actor=personas["so_noi_vu"], training_class=klass, line=other)
    s.class_link(actor=personas["can_bo_so_y_te"], training_class=klass, line=line)
    with pytest.raises(ValidationError):  # once
        s.class_link(actor=personas["can_bo_so_y_te"], training_class=klass, line=line)
    assert next(a for a in execution(cycle)[1] if a.key == "SYT").classes == 1


def test_projection_adds_the_planned_named_learners(sent, cycle, personas, catalogue):
    rows = {p.code: p for p in project(cycle)}
    law = rows["LAW-80"]
    assert (law.denominator, law.without, law.with_plan, law.added) == (4, 0.0, 100.0, 4)
    s.plan_return(actor=personas["so_noi_vu"], agency_plan=sent["SGD"], comment="Làm lại")
    s.line_delete(actor=personas["can_bo_so_giao_duc"],
                  line=sent["SGD"].lines.get(programme_id=catalogue["LAW"].pk))
    law = {p.code: p for p in project(cycle)}["LAW-80"]
    assert (law.with_plan, law.added) == (50.0, 2)


def test_projection_counts_unnamed_learners_up_to_the_gap(sent, cycle, personas, catalogue):
    line = sent["SYT"].lines.get(programme_id=catalogue["LAW"].pk)
    line.people.clear()
    line.learners = 5  # more than SYT lacks (2)
    line.save()
    law = {p.code: p for p in project(cycle)}["LAW-80"]
    assert law.added == 4 and law.with_plan == 100.0


def test_an_adjustment_is_a_new_version_with_a_readable_diff(sent, cycle, personas):
    s.cycle_consolidate(actor=personas["so_noi_vu"], cycle=cycle)
    s.cycle_approve(actor=personas["lanh_dao"], cycle=cycle, decision_number="1/QĐ-UBND",
                    decision_date=dt.date(2026, 12, 10))
    line = sent["SYT"].lines.first()
    version = s.cycle_adjust(actor=personas["so_noi_vu"], cycle=cycle, reason="Sắp xếp tổ chức bộ máy",
                             decision_number="5/QĐ-UBND", decision_date=dt.date(2027, 4, 15),
                             changes={line.pk: {"classes": 3, "suspended": True}})
    assert version.version == 2
    assert f"{line.title} (Sở Y tế): số lớp 1 → 3." in version.changes
    assert f"{line.title} (Sở Y tế): tạm dừng không → có." in version.changes


def test_the_dashboard_shows_this_years_execution(province, staff, plan, catalogue, personas, client):
    from django.urls import reverse
    from django.utils import timezone

    from apps.accounts.access import SYSTEM

    year = timezone.localdate().year
    cycle = s.cycle_create(actor=SYSTEM, year=year, plan=plan)
    agency = s.agency_plan_open(actor=SYSTEM, cycle=cycle, unit=province["SYT"])
    s.plan_draft_from_needs(actor=SYSTEM, agency_plan=agency)
    s.plan_submit(actor=SYSTEM, agency_plan=agency)
    s.cycle_consolidate(actor=SYSTEM, cycle=cycle)
    s.cycle_approve(actor=SYSTEM, cycle=cycle, decision_number="1/QĐ-UBND", decision_date=dt.date(year - 1, 12, 10))
    client.force_login(personas["can_bo_so_y_te"])
    page = client.get(reverse("dashboard:plan", kwargs={"plan_code": plan.code}) + "?phan=thuc-hien").content.decode()
    assert 'id="annual-execution"' in page and f"Kế hoạch năm {year} của Sở Y tế" in page
    assert "0/" in page  # nothing opened yet


def test_a_provincial_class_pays_the_class_costs_once(sent, cycle, personas, catalogue):
    law = [x for p in sent.values() for x in p.lines.all() if x.programme_id == catalogue["LAW"].pk]
    # each line: 1 class of 2 days for 2 full-time learners: 5.000.000 + 2 × 2.400.000 per class,
    # 2 × (100.000 + 2 × 100.000) + 2 × (200.000 + 2 × 150.000) per learner
    assert [x.total_cost for x in law] == [11_400_000, 11_400_000]
    before = consolidation(cycle).total
    pc = s.provincial_class_merge(actor=personas["so_noi_vu"], cycle=cycle, lines=law)
    for line in law:
        line.refresh_from_db()
    assert [x.total_cost for x in law] == [1_600_000, 1_600_000]
    assert pc.costs == {"ngan_sach_dia_phuong": 9_800_000}
    assert consolidation(cycle).total == before - 2 * 11_400_000 + 2 * 1_600_000 + 9_800_000
    s.provincial_class_dissolve(actor=personas["so_noi_vu"], provincial_class=pc)
    assert consolidation(cycle).total == before
