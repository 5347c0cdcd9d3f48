"""Loading plan files: the seed plan whole, idempotence, export round trips, updates in place."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.plans import deadlines
from apps.plans.models import Plan, PlanTarget, PlanTask
from apps.plans.planfile import dump, read
from apps.plans.selectors import plan_data
from apps.plans.services import plan_load
from apps.plans.tests.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_the_seed_plan_loads_whole(seed_text, seed_units):
    result = plan_load(actor=SYSTEM, text=seed_text)
    plan = result.plan
    assert result.created
    assert (plan.code, plan.issuing_body, plan.status) == ("soc-trang-2021-2025", "Ủy ban nhân dân tỉnh Sóc Trăng", "draft")
    assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == ("2021-01-01", "2025-12-31")
    counts = {name: getattr(plan, name).count() for name in
              ("legal_bases", "groups", "requirements", "objectives", "targets", "contents", "solutions",
               "funding", "tasks")}
    assert counts == {"legal_bases": 3, "groups": 4, "requirements": 7, "objectives": 3, "targets": 18,
                      "contents": 16, "solutions": 32, "funding": 2, "tasks": 25}
    assert [g.code for g in plan.groups.all()] == ["cbcc_tinh_huyen", "cbcc_xa", "vien_chuc", "dai_bieu_hdnd"]


def test_the_seed_keeps_its_wording_and_splits_two_targets_of_one_sentence(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    law, ethics = PlanTarget.objects.get(plan=plan, code="CBCC-PHAP-LUAT"), plan.targets.get(code="CBCC-DAO-DUC")
    assert law.text == "Bảo đảm hàng năm có ít nhất 80% cán bộ, công chức được cập nhật kiến thức pháp luật"
    assert law.spec["measure"]["training"] == {"content_areas": ["phap_luat"]}
    assert ethics.spec["goal"] == {"min": 80, "unit": "percent"} and ethics.spec["deadline"] == {"every": "year"}
    assert law.section == "III.2.c" and law.spec["each_unit"] is True
    before = plan.targets.get(code="CBCC-BN-CHUC-VU").spec["measure"]
    assert before == {"kind": "standard_before_appointment", "of": "position"}
    assert "note" in plan.targets.get(code="XA-PHU-HOP-VTVL").spec
    assert list(plan.targets.values_list("order", flat=True)) == list(range(1, 19))


def test_the_seed_roadmap_has_parsed_deadlines(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    numbers = [t.number for t in plan.tasks.filter(parent=None)]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    review = plan.tasks.get(number="9")
    assert review.deadline_text == "Sơ kết trong năm 2023 và tổng kết trong quý IV/2025"
    assert review.deadline["kind"] == "multiple" and review.lead_unit_codes == ["SNV"]
    yearly_plans = plan.tasks.get(number="1.2")
    assert [i["kind"] for i in yearly_plans.deadline["items"]] == ["by_date", "yearly_by"]
    assert yearly_plans.parent.number == "1"
    teachers = PlanTask.objects.get(plan=plan, parent__number="3")
    assert teachers.text.startswith("Xây dựng đội ngũ giảng viên:\na) Đảm bảo giảng viên")
    assert len(teachers.deadline["items"]) == 4
    assert deadlines.occurrences(plan.tasks.get(number="5.6").deadline, 2024)[0].isoformat() == "2024-12-31"
    assert plan.tasks.get(number="6").children.count() == 2


def test_the_seed_contents_name_their_content_areas(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    languages = plan.contents.get(parent__number="2", number="e")
    assert sorted(languages.content_areas.values_list("code", flat=True)) == ["ngoai_ngu", "tieng_dan_toc", "tin_hoc"]
    assert plan.contents.get(parent=None, number="1").children.count() == 4


def test_loading_the_same_file_twice_changes_nothing(seed_text, seed_units):
    plan_load(actor=SYSTEM, text=seed_text)
    before, audits = snapshot(), AuditEntry.objects.count()
    result = plan_load(actor=SYSTEM, text=seed_text)
    assert not result.changed
    assert snapshot() == before and AuditEntry.objects.count() == audits


def test_export_then_load_is_a_no_op(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    before = snapshot()
    exported = dump(plan_data(plan))
    result = plan_load(actor=SYSTEM, text=exported)
    assert not result.changed and snapshot() == before
    assert read(exported) == plan_data(plan)
    assert dump(plan_data(Plan.objects.get())) == exported


def test_exporting_the_loaded_seed_and_loading_it_into_an_empty_database_gives_identical_rows(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    exported = dump(plan_data(plan))
    first = snapshot()
    Plan.objects.all().delete()
    plan_load(actor=SYSTEM, text=exported)
    second = snapshot()

    def without_ids(tables):
        drop = {"id", "plan_id", "parent_id", "plancontent_id", "created", "updated"}
        return {name: [{k: v for k, v in row.items() if k not in drop} for row in rows]
                for name, rows in tables.items()}

    assert without_ids(second) == without_ids(first)


def test_a_changed_file_updates_rows_in_place_with_one_audit_entry(seed_text, seed_units):
    plan = plan_load(actor=SYSTEM, text=seed_text).plan
    law = plan.targets.get(code="CBCC-PHAP-LUAT")
    audits = AuditEntry.objects.count()
    changed = seed_text.replace("goal: {min: 80, unit: percent}", "goal: {min: 85, unit: percent}", 1)
    result = plan_load(actor=SYSTEM, text=changed)
    assert result.changed and result.changes["targets"] == 1 and sum(result.changes.values()) == 1
    law.refresh_from_db()
    assert law.spec["goal"]["min"] == 85
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.target_id == plan.pk and "chỉ tiêu 1" in entry.note


def test_a_target_removed_from_the_file_is_deleted(seed_text, seed_units):
    plan_load(actor=SYSTEM, text=seed_text)
    start = seed_text.index("  - code: CBCC-TIEU-CHUAN")
    end = seed_text.index("  - code: CBCC-BN-NGACH")
    result = plan_load(actor=SYSTEM, text=seed_text[:start] + seed_text[end:])
    plan = result.plan
    assert plan.targets.count() == 17 and not plan.targets.filter(code="CBCC-TIEU-CHUAN").exists()
    assert plan.targets.get(order=1).code == "CBCC-BN-NGACH"


def test_only_the_department_of_home_affairs_loads_plans(seed_text, seed_units, personas):
    for name in ("can_bo_so_y_te", "lanh_dao", "hoc_vien"):
        with pytest.raises(PermissionDenied):
            plan_load(actor=personas[name], text=seed_text)
    assert not Plan.objects.exists()
    assert plan_load(actor=personas["so_noi_vu"], text=seed_text).created
