"""Stored plan results: equal to a fresh evaluation after each kind of change (import of people,
import of training results, a class result, a restructuring, a plan reload, a new day), made stale
by exactly those changes and by nothing else (a user account, an annual-plan line)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from apps.accounts.access import SYSTEM
from apps.dashboard.tests.conftest import AT
from apps.jobs.models import Job
from apps.jobs.testing import run_pending
from apps.organization.models import Unit
from apps.results import services, versions
from apps.results.models import StoredGapList, StoredResult
from apps.results.selectors import gap_list, plan_result
from apps.targets.engine import evaluate_plan
from apps.targets.gaps import gap_rows
from apps.targets.parts import effective_spec

D = dt.date
UNITS = ("", "SYT")  # the province and one agency


def _store_all(plan) -> None:
    """The shown dates of the province (job's defaults), plus the test day for the province and SYT."""
    services.plan_refresh(plan)
    for code in UNITS:
        services.result_compute(plan, at=AT, unit_code=code)
        services.gaps_compute(plan, target_code="PL", at=AT, unit_code=code)


def _fresh(plan, at, code):
    return evaluate_plan(plan, at=at, unit=Unit.objects.get(code=code) if code else None)


def _fresh_gaps(plan, at, code):
    target = plan.targets.get(code="PL")
    rows = gap_rows(effective_spec(target), user=SYSTEM, at=at, period=(plan.period_start, plan.period_end),
                    unit=Unit.objects.get(code=code) if code else None)
    return [r.cells() for r in rows]


def _stored_gaps(personas, plan, at, code):
    read = gap_list(personas["so_noi_vu"], plan, target_code="PL", at=at, unit_code=code)
    return [r.as_gap_row().cells() for r in read.rows]


def _assert_all_stale(plan) -> None:
    stamp = versions.fingerprint(plan.pk)
    assert not StoredResult.objects.filter(plan=plan, fingerprint=stamp).exists()
    assert not StoredGapList.objects.filter(plan=plan, fingerprint=stamp).exists()


def _assert_all_fresh_and_equal(plan, personas) -> None:
    stamp = versions.fingerprint(plan.pk)
    rows = list(StoredResult.objects.filter(plan=plan))
    assert rows and all(r.fingerprint == stamp for r in rows)
    for row in rows:
        assert row.result == _fresh(plan, row.at, row.unit_code), (row.at, row.unit_code)
    for code in UNITS:
        assert _stored_gaps(personas, plan, AT, code) == _fresh_gaps(plan, AT, code)


def _xlsx_edit(content: bytes, code: str, header: str, value: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("Mã cán bộ")].value == code:
            row[headers.index(header)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the changes ---------------------------------------------------------------------------------


def people_import_change(ctx):
    from apps.people.io.exporting import people_export
    from apps.people.io.importing import people_import

    actor = ctx["personas"]["so_noi_vu"]
    exported = people_export(actor=actor, fmt="xlsx").content
    edited = _xlsx_edit(exported, "YT-BINH", "Đối tượng", "Viên chức")  # leaves the civil servants
    result = people_import(actor=actor, source=edited, filename="ds.xlsx")
    assert result.updated == 1


def _class(ctx, code="LOP-PL"):
    from apps.training import services as training
    from apps.training.models import DeliveryForm, Programme

    actor = ctx["personas"]["so_noi_vu"]
    provider = training.provider_create(actor=actor, code=f"CS-{code}", name="Trường Chính trị tỉnh")
    data = training.ClassData(code=code, programme=Programme.objects.get(code="LAW"), provider=provider,
                              organiser_id=ctx["province"]["TINH"].pk, form=DeliveryForm.objects.get(code="tap_trung"),
                              start_date=D(2025, 5, 26), end_date=D(2025, 5, 30))
    return training.class_create(actor=actor, data=data)


def training_import_change(ctx):
    from apps.training.io import columns as C
    from apps.training.io.enrollments import enrollments_import

    klass = _class(ctx)
    headers = [c.header for c in C.ENROLLMENT_COLUMNS]
    person = ctx["population"]["cuong"]
    values = {"Mã lớp": klass.code, "Mã cán bộ": person.code, "Họ và tên": person.full_name,
              "Trạng thái": "Hoàn thành", "Ngày hoàn thành": "30/05/2025", "Số tiết tham dự": 16}
    book = openpyxl.Workbook()
    book.active.append(headers)
    book.active.append([values.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    result = enrollments_import(actor=ctx["personas"]["so_noi_vu"], source=out.getvalue(), filename="kq.xlsx")
    assert result.created == 1


def class_result_change(ctx):
    from apps.training import services as training

    actor = ctx["personas"]["so_noi_vu"]
    klass = _class(ctx)
    enrollment = training.enrollment_create(actor=actor, person=ctx["population"]["cuong"], training_class=klass)
    versions_before = versions.fingerprint(ctx["plan"].pk)
    training.enrollment_complete(actor=actor, enrollment=enrollment, completed_on=D(2025, 5, 30))
    assert versions.fingerprint(ctx["plan"].pk) != versions_before  # the result itself, not only the enrolment


def merge_change(ctx):
    from apps.organization.services import unit_merge

    province = ctx["province"]
    unit_merge(actor=ctx["personas"]["so_noi_vu"], sources=[province["SGD"]], target=province["SYT"],
               on=D(2025, 1, 1), decision="Quyết định hợp nhất")


def move_change(ctx):
    from apps.organization.services import unit_move

    province = ctx["province"]
    unit_move(actor=ctx["personas"]["so_noi_vu"], unit=province["THPT1"], new_parent=province["SYT"],
              on=D(2025, 1, 1), decision="Quyết định điều chuyển")


def plan_reload_change(ctx):
    from apps.plans.selectors import plan_data
    from apps.plans.services import plan_load

    data = plan_data(ctx["plan"])
    for target in data["targets"]:
        if target["code"] == "PL":
            target["goal"]["min"] = 40  # 3/6 = 50% now meets it
    result = plan_load(actor=ctx["personas"]["so_noi_vu"], data=data)
    assert result.changed


CHANGES = {"people_import": people_import_change, "training_import": training_import_change,
           "class_result": class_result_change, "merge": merge_change, "move": move_change,
           "plan_reload": plan_reload_change}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_each_kind_of_change_makes_stored_results_stale_and_the_job_makes_them_equal_to_fresh(
        kind, plan, population, province, personas):
    _store_all(plan)
    _assert_all_fresh_and_equal(plan, personas)
    before = {(r.at, r.unit_code): r.result for r in StoredResult.objects.filter(plan=plan)}
    CHANGES[kind]({"plan": plan, "population": population, "province": province, "personas": personas})
    _assert_all_stale(plan)
    assert not plan_result(plan, at=AT).fresh
    services.refresh_request(actor=personas["so_noi_vu"], plan=plan)
    assert [j.status for j in run_pending()] == ["done"]
    _assert_all_fresh_and_equal(plan, personas)
    after = {(r.at, r.unit_code): r.result for r in StoredResult.objects.filter(plan=plan)}
    assert after != before  # the change mattered, and the stored figures followed it


def test_unrelated_writes_leave_stored_results_fresh(plan, population, province, personas):
    from apps.accounts.services import user_create, user_update
    from apps.annual import services as annual
    from apps.notifications.services import notify

    _store_all(plan)
    stamp = versions.fingerprint(plan.pk)
    actor = personas["so_noi_vu"]
    user = user_create(actor=actor, username="nguoi-moi", password="Mat-khau-2026!", role="agency_officer",
                       full_name="Người Mới", unit=province["SYT"])
    user_update(actor=actor, user=user, role="agency_officer", full_name="Người Mới Đổi Tên", unit=province["SYT"])
    cycle = annual.cycle_create(actor=SYSTEM, year=2027, plan=plan)
    agency_plan = annual.agency_plan_open(actor=SYSTEM, cycle=cycle, unit=province["SGD"])
    line = annual.line_save(actor=SYSTEM, agency_plan=agency_plan,
                            data=annual.LineData(title="Tin học", quarter=2, classes=1, learners=5))
    annual.line_save(actor=SYSTEM, agency_plan=agency_plan, line=line,
                     data=annual.LineData(title="Tin học cơ bản", quarter=3, classes=2, learners=9))
    notify(users=[user.pk], kind="job", title="Thử", body="Thử", url="/", key="thu", email=False)
    assert versions.fingerprint(plan.pk) == stamp
    assert plan_result(plan, at=AT).fresh and plan_result(plan, at=AT, unit_code="SYT").fresh
    assert gap_list(actor, plan, target_code="PL", at=AT).fresh
    services.refresh_request(actor=actor, plan=plan)
    run_pending()
    assert StoredResult.objects.filter(plan=plan).exclude(fingerprint=stamp).count() == 0


def test_another_plans_reload_leaves_this_plans_results_fresh(plan, population, personas):
    from apps.plans.models import Plan, PlanTarget

    _store_all(plan)
    other = Plan.objects.create(code="KH-KHAC", title="Kế hoạch khác", issuing_body="UBND tỉnh",
                                period_start=D(2026, 1, 1), period_end=D(2030, 12, 31))
    PlanTarget.objects.create(plan=other, order=1, code="X", text="x", spec=plan.targets.get(code="TC").spec)
    assert plan_result(plan, at=AT).fresh


def test_a_new_day_is_a_new_row_and_the_previous_today_is_shown_meanwhile(plan, population, personas,
                                                                         monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2025, 6, 30))
    services.plan_refresh(plan)
    assert StoredResult.objects.filter(plan=plan, at=D(2025, 6, 30), computed_at__isnull=False).exists()
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2025, 7, 1))
    read = plan_result(plan, at=D(2025, 7, 1))
    assert not read.fresh and read.shown_at == D(2025, 6, 30)  # yesterday's "today", said as such
    assert read.result == _fresh(plan, D(2025, 6, 30), "")
    services.plan_refresh(plan)
    read = plan_result(plan, at=D(2025, 7, 1))
    assert read.fresh and read.shown_at is None and read.result == _fresh(plan, D(2025, 7, 1), "")


def test_an_arbitrary_date_or_unit_runs_once_and_is_stored(plan, population, personas, monkeypatch):
    from apps.targets import engine

    calls = []
    real = engine.evaluate_plan
    monkeypatch.setattr(engine, "evaluate_plan", lambda *a, **k: calls.append(k) or real(*a, **k))
    day = D(2024, 2, 29)
    assert plan_result(plan, at=day, unit_code="SGD").missing  # asked: an empty row for the job
    services.refresh_request(actor=personas["so_noi_vu"], plan=plan)
    services.refresh_request(actor=personas["so_noi_vu"], plan=plan)  # one job, not two
    assert Job.objects.filter(kind=services.JOB_KIND, status=Job.Status.QUEUED).count() == 1
    run_pending()
    asked = [k for k in calls if k["at"] == day]
    assert len(asked) == 1 and asked[0]["unit"].code == "SGD"
    read = plan_result(plan, at=day, unit_code="SGD")
    assert read.fresh and read.result == real(plan, at=day, unit=Unit.objects.get(code="SGD"))
    plan_result(plan, at=day, unit_code="SGD")
    assert len([k for k in calls if k["at"] == day]) == 1  # read, not recomputed


def test_a_stored_gap_list_is_filtered_to_its_reader(plan, population, personas):
    services.gaps_compute(plan, target_code="PL", at=AT)
    everyone = [r.code for r in gap_list(personas["so_noi_vu"], plan, target_code="PL", at=AT).rows]
    officer = [r.code for r in gap_list(personas["can_bo_so_y_te"], plan, target_code="PL", at=AT).rows]
    assert everyone == ["YT-BINH", "YT-CUONG", "GD-EM"]
    assert officer == ["YT-BINH", "YT-CUONG"]


def test_the_refresh_job_tells_nobody(plan, population, personas):
    from apps.notifications.models import Notification

    services.refresh_request(actor=personas["so_noi_vu"], plan=plan)
    assert [j.status for j in run_pending()] == ["done"]
    assert not Notification.objects.filter(user=personas["so_noi_vu"]).exists()


def test_rows_of_a_target_removed_by_a_reload_are_dropped_not_failed(plan, population, personas):
    from apps.plans.selectors import plan_data
    from apps.plans.services import plan_load

    services.gaps_compute(plan, target_code="TC", at=AT)
    data = plan_data(plan)
    data["targets"] = [t for t in data["targets"] if t["code"] != "TC"]
    plan_load(actor=personas["so_noi_vu"], data=data)
    services.refresh_request(actor=personas["so_noi_vu"], plan=plan)
    assert [j.status for j in run_pending()] == ["done"]
    assert not StoredGapList.objects.filter(plan=plan, target_code="TC").exists()
    assert all(r.result == _fresh(plan, r.at, r.unit_code) for r in StoredResult.objects.filter(plan=plan))
