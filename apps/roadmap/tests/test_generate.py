"""Tasks generated from the seed plan's appendix, and regenerated after a plan reload."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.access import SYSTEM
from apps.roadmap.models import RoadmapTask, TaskStatus
from apps.roadmap.services import roadmap_generate, task_update
from apps.roadmap.tests.conftest import SEED

AGENCIES = ["H01", "SGD", "SNV", "STC", "SYT"]


def per_row() -> dict[str, int]:
    return dict(Counter(t.number or t.text.split("\n")[0][:20] for t in RoadmapTask.objects.active()))


def test_every_lead_row_of_the_seed_appendix_becomes_tasks_per_unit_and_occurrence(seed_plan):
    result = roadmap_generate(actor=SYSTEM, plan=seed_plan)
    assert result.created == 228
    assert per_row() == {
        "1.1": 5 * 2 * 5,  # every agency, 02 lần/năm, 2021–2025
        "1.2": 5 * (1 + 5),  # a) before 31/3/2021 once, b) before 31/8 every year
        "2.1": 25, "2.2": 25, "2.3": 25,  # thường xuyên / hàng năm: one per agency and year
        "Xây dựng đội ngũ giả": 8,  # no unit of the province is a training provider: unassigned, a) c) once, d) yearly, b) once
        "4": 1,  # same lead, "trong giai đoạn": one at the end of the period
        "5.1": 5, "5.2": 5, "5.3": 25, "5.4": 5, "5.5": 5, "5.6": 5,
        "6": 5,  # the group row that names its lead (its bullets do not)
        "7.1": 5, "7.2": 1,  # "Theo quy định, hướng dẫn…": one for the period
        "8": 1, "9": 2,  # năm 2021; sơ kết 2023 and tổng kết quý IV/2025
    }
    row_11 = RoadmapTask.objects.filter(number="1.1", unit__code="SYT").order_by("due")
    assert [t.due for t in row_11][:3] == [dt.date(2021, 6, 30), dt.date(2021, 12, 31), dt.date(2022, 6, 30)]
    assert sorted(set(RoadmapTask.objects.filter(number="1.1").values_list("unit__code", flat=True))) == AGENCIES
    assert set(RoadmapTask.objects.filter(number="5.6").values_list("unit__code", "due")) == {
        ("SNV", dt.date(y, 12, 31)) for y in range(2021, 2026)}
    assert list(RoadmapTask.objects.filter(number="9").order_by("due").values_list("label", "due")) == [
        ("Sơ kết", dt.date(2023, 12, 31)), ("Tổng kết", dt.date(2025, 12, 31))]
    assert result.unassigned_rows == ["4", "Xây dựng đội ngũ giảng viên:\na) Đảm bảo giảng viên có t"[:40]]


def test_a_unit_that_is_a_training_provider_leads_the_providers_rows(seed_plan, agencies):
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create
    from apps.training.models import Provider

    unit_create(actor=SYSTEM, code="TCT", name="Trường Chính trị tỉnh", level=Level.PROVINCE, kind=UnitKind.PARTY,
                parent=agencies["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    Provider.objects.create(code="TCT", name="Trường Chính trị tỉnh")
    roadmap_generate(actor=SYSTEM, plan=seed_plan)
    assert set(RoadmapTask.objects.filter(number="4").values_list("unit__code", flat=True)) == {"TCT"}
    assert not RoadmapTask.objects.filter(unit=None).exists()


def test_generating_twice_writes_nothing_the_second_time(seed_plan):
    from apps.core.models import AuditEntry

    roadmap_generate(actor=SYSTEM, plan=seed_plan)
    before = list(RoadmapTask.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    again = roadmap_generate(actor=SYSTEM, plan=seed_plan)
    assert not again.changed and again.unchanged == 228
    assert list(RoadmapTask.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == entries


def _reload(text: str):
    from apps.plans.services import plan_load

    return plan_load(actor=SYSTEM, text=text).plan


def test_a_plan_reload_keeps_statuses_moves_due_dates_and_retires_removed_rows_with_work(seed_plan):
    roadmap_generate(actor=SYSTEM, plan=seed_plan)
    done = RoadmapTask.objects.get(number="5.6", year=2024)
    task_update(actor=SYSTEM, task=done, status=TaskStatus.DONE, note="Báo cáo số 12/BC-SNV", today=dt.date(2024, 12, 20))
    worked = RoadmapTask.objects.get(number="5.2", year=2023)
    task_update(actor=SYSTEM, task=worked, status=TaskStatus.DOING, note="")
    untouched_52 = RoadmapTask.objects.filter(number="5.2").exclude(pk=worked.pk).count()

    text = SEED.read_text(encoding="utf-8")
    text = text.replace('deadline: "Trong quý IV hàng năm"', 'deadline: "Trong quý III hàng năm"')
    start = text.index('      - number: "5.2"')
    end = text.index('      - number: "5.3"')
    plan = _reload(text[:start] + text[end:])  # 5.2 removed; the rows after it move up one place

    result = roadmap_generate(actor=SYSTEM, plan=plan)
    done.refresh_from_db()
    assert (done.status, done.note, done.due, done.completed_on) == (
        TaskStatus.DONE, "Báo cáo số 12/BC-SNV", dt.date(2024, 9, 30), dt.date(2024, 12, 20))
    worked.refresh_from_db()
    assert worked.retired_at is not None and worked.status == TaskStatus.DOING
    assert worked.retired_reason == "Dòng lộ trình không còn trong kế hoạch"
    assert (result.retired, result.deleted, result.created) == (1, untouched_52, 0)
    # the rows after 5.2 moved up one place: their tasks now point at the new row ids (5.6's dates too)
    assert result.updated == 25 + 5 + 5 + 5 + 5 + 5 + 1 + 1 + 2  # 5.3, 5.4, 5.5, 5.6, 6, 7.1, 7.2, 8, 9
    assert per_row()["5.3"] == 25 and "5.2" not in per_row()
    assert RoadmapTask.objects.filter(number="5.3", status=TaskStatus.DOING).count() == 0  # 5.2's work stayed with 5.2


def test_a_row_put_back_restores_its_retired_task(seed_plan):
    roadmap_generate(actor=SYSTEM, plan=seed_plan)
    worked = RoadmapTask.objects.get(number="8")
    task_update(actor=SYSTEM, task=worked, status=TaskStatus.DOING, note="Dự thảo quyết định")
    text = SEED.read_text(encoding="utf-8")
    roadmap_generate(actor=SYSTEM, plan=_reload(text.replace('deadline: "Năm 2021"', 'deadline: "Năm 2022"')))
    worked.refresh_from_db()
    assert worked.retired_at is not None  # its occurrence (2021) is no longer called for
    assert RoadmapTask.objects.active().get(number="8").year == 2022
    result = roadmap_generate(actor=SYSTEM, plan=_reload(text))
    worked.refresh_from_db()
    assert worked.retired_at is None and worked.note == "Dự thảo quyết định" and result.restored == 1
    assert RoadmapTask.objects.filter(number="8").count() == 1  # the untouched 2022 task was deleted


def test_a_new_agency_gets_its_tasks_on_regeneration(seed_plan, agencies):
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    roadmap_generate(actor=SYSTEM, plan=seed_plan)
    unit_create(actor=SYSTEM, code="STP", name="Sở Tư pháp", level=Level.PROVINCE, kind=UnitKind.STATE,
                parent=agencies["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    result = roadmap_generate(actor=SYSTEM, plan=seed_plan)
    assert result.created == 10 + 6 + 5 + 5 + 5 + 5  # its share of 1.1, 1.2, 2.1, 2.2, 2.3 and 5.3
    assert RoadmapTask.objects.filter(unit__code="STP").count() == result.created


def test_only_home_affairs_generates(seed_plan, personas):
    for name in ("can_bo_so_y_te", "lanh_dao", "hoc_vien"):
        with pytest.raises(PermissionDenied):
            roadmap_generate(actor=personas[name], plan=seed_plan)
    assert roadmap_generate(actor=personas["so_noi_vu"], plan=seed_plan).created == 228
