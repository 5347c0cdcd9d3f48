"""Agency annual plans: draft from needs, edit lines, submit; Sở Nội vụ returns or accepts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.accounts.permissions import Perm
from apps.annual.costs import line_costs, rates_on
from apps.annual.drafting import DraftLine, draft_lines
from apps.annual.models import (
    AgencyPlan,
    AgencyPlanStatus,
    AgencyPlanVersion,
    AnnualCycle,
    PlanLine,
)
from apps.annual.services.common import Action, log, refuse, require, require_agency

__all__ = ["LineData", "agency_plan_open", "plan_draft_from_needs", "plans_draft_all", "line_save", "line_delete",
           "plan_submit", "plan_return", "plan_accept", "line_snapshot"]

S = AgencyPlanStatus


@dataclass
class LineData:
    title: str
    quarter: int
    classes: int
    learners: int
    programme_id: int | None = None
    content_area_id: int | None = None
    form_id: int | None = None
    provider_id: int | None = None
    category: str = ""
    leaders: int = 0
    women: int = 0
    ethnic: int = 0
    commune: int = 0
    self_funded: int = 0
    days: int = 5
    hours: int = 40
    costs: dict[str, int] | None = None  # None: computed from the rate table


def _check_editable(plan: AgencyPlan) -> None:
    if plan.cycle.frozen:
        refuse(f"Kế hoạch năm {plan.cycle.year} đã được phê duyệt: chỉ điều chỉnh bằng phiên bản mới.")
    if not plan.editable:
        refuse(f"Kế hoạch đang ở trạng thái “{plan.get_status_display()}”: không sửa được.")


@transaction.atomic
def agency_plan_open(*, actor, cycle: AnnualCycle, unit) -> AgencyPlan:
    """The agency's plan for the cycle, created (empty, draft) on first use."""
    require_agency(actor, unit.pk)
    plan, created = AgencyPlan.objects.get_or_create(cycle=cycle, unit=unit)
    if created:
        log(actor, Action.CREATE, plan, f"Mở kế hoạch năm {cycle.year} của {unit.name}")
    return plan


def _write_lines(plan: AgencyPlan, drafts: list[DraftLine]) -> list[PlanLine]:
    plan.lines.all().delete()
    lines = PlanLine.objects.bulk_create(PlanLine(
        agency_plan=plan, order=i, programme_id=d.programme_id, title=d.title, form_id=d.form_id, quarter=d.quarter,
        classes=d.classes, category=d.category, learners=d.learners, leaders=d.leaders, women=d.women,
        ethnic=d.ethnic, commune=d.commune, self_funded=d.self_funded, days=d.days, hours=d.hours,
        target_codes=d.target_codes, reasons=d.reasons, costs=d.costs) for i, d in enumerate(drafts, start=1))
    through = PlanLine.people.through
    through.objects.bulk_create([through(planline_id=line.pk, person_id=pid)
                                 for line, d in zip(lines, drafts, strict=True) for pid in d.person_ids],
                                batch_size=2000)
    return lines


@transaction.atomic
def plan_draft_from_needs(*, actor, agency_plan: AgencyPlan) -> list[PlanLine]:
    """Replace the plan's lines by those drafted from its agency's needs."""
    require_agency(actor, agency_plan.unit_id)
    _check_editable(agency_plan)
    lines = _write_lines(agency_plan, draft_lines(agency_plan.cycle, agency_id=agency_plan.unit_id))
    log(actor, Action.GENERATE, agency_plan, f"Soạn {len(lines)} dòng từ nhu cầu")
    return lines


@transaction.atomic
def plans_draft_all(*, actor, cycle: AnnualCycle, units) -> int:
    """Draft every agency of ``units`` (Sở Nội vụ, e.g. for the demo or a fresh cycle) from one
    province-wide needs computation; plans already sent are left alone. Returns lines written."""
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    by_agency: dict[int, list[DraftLine]] = {}
    for d in draft_lines(cycle):
        by_agency.setdefault(d.agency_id, []).append(d)
    written = 0
    for unit in units:
        plan, _ = AgencyPlan.objects.get_or_create(cycle=cycle, unit=unit)
        if plan.editable:
            written += len(_write_lines(plan, by_agency.get(unit.pk, [])))
    log(actor, Action.GENERATE, cycle, f"Soạn kế hoạch năm {cycle.year} từ nhu cầu cho {len(units)} cơ quan")
    return written


def _check_line(data: LineData) -> None:
    if not data.title.strip():
        refuse("Dòng kế hoạch: chưa có nội dung, chương trình.")
    if data.quarter not in (1, 2, 3, 4):
        refuse("Dòng kế hoạch, quý: phải từ 1 đến 4.")
    if data.classes < 1 or data.learners < 0 or data.days < 1:
        refuse("Dòng kế hoạch: số lớp, số ngày phải từ 1, số học viên không âm.")
    for name, label in (("leaders", "lãnh đạo"), ("women", "nữ"), ("ethnic", "dân tộc thiểu số"),
                        ("commune", "cấp xã"), ("self_funded", "tự túc")):
        if not 0 <= getattr(data, name) <= data.learners:
            refuse(f"Dòng kế hoạch, số học viên {label}: phải từ 0 đến tổng số học viên ({data.learners}).")
    if data.costs is not None and any(v < 0 for v in data.costs.values()):
        refuse("Dòng kế hoạch, kinh phí: không được âm.")


@transaction.atomic
def line_save(*, actor, agency_plan: AgencyPlan, data: LineData, line: PlanLine | None = None) -> PlanLine:
    require_agency(actor, agency_plan.unit_id)
    _check_editable(agency_plan)
    _check_line(data)
    line = line or PlanLine(agency_plan=agency_plan, order=agency_plan.lines.count() + 1)
    for name in ("title", "quarter", "classes", "learners", "programme_id", "content_area_id", "form_id",
                 "provider_id", "category", "leaders", "women", "ethnic", "commune", "self_funded", "days", "hours"):
        setattr(line, name, getattr(data, name))
    if data.costs is None:
        full_time = line.form.is_full_time if line.form_id and line.form else True
        line.costs = line_costs(classes=data.classes, learners=data.learners, days=data.days,
                                self_funded=data.self_funded, full_time=full_time,
                                rates=rates_on(dt.date(agency_plan.cycle.year, 1, 1)))
        line.costs_edited = False
    else:
        line.costs, line.costs_edited = {k: int(v) for k, v in data.costs.items() if v}, True
    line.save()
    agency_plan.save(update_fields=["updated_at"])  # the plan's stamp (cached needs, projection)
    log(actor, Action.UPDATE, agency_plan, f"Sửa dòng “{line.title}”")
    return line


@transaction.atomic
def line_delete(*, actor, line: PlanLine) -> None:
    require_agency(actor, line.agency_plan.unit_id)
    _check_editable(line.agency_plan)
    log(actor, Action.DELETE, line.agency_plan, f"Xóa dòng “{line.title}”")
    line.delete()
    line.agency_plan.save(update_fields=["updated_at"])


def line_snapshot(line: PlanLine) -> dict:
    return {"id": line.pk, "title": line.title, "programme": line.programme_id, "quarter": line.quarter,
            "classes": line.classes, "learners": line.learners, "category": line.category,
            "days": line.days, "hours": line.hours, "costs": line.costs, "suspended": line.suspended}


@transaction.atomic
def plan_submit(*, actor, agency_plan: AgencyPlan) -> AgencyPlan:
    require_agency(actor, agency_plan.unit_id)
    _check_editable(agency_plan)
    if not agency_plan.lines.exists():
        refuse("Kế hoạch chưa có dòng nào: soạn từ nhu cầu hoặc thêm dòng trước khi gửi.")
    now = timezone.now()
    agency_plan.status = S.RESUBMITTED if agency_plan.status == S.RETURNED else S.SUBMITTED
    agency_plan.version += 1
    agency_plan.submitted_at = now
    agency_plan.first_submitted_at = agency_plan.first_submitted_at or now
    agency_plan.save()
    AgencyPlanVersion.objects.create(agency_plan=agency_plan, version=agency_plan.version, status=agency_plan.status,
                                     lines=[line_snapshot(x) for x in agency_plan.lines.all()],
                                     actor=actor if getattr(actor, "pk", None) else None)
    log(actor, Action.SUBMIT, agency_plan, f"Gửi kế hoạch năm (lần {agency_plan.version})")
    return agency_plan


def _officers_of(unit_id: int) -> list:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(profile__role="agency_officer", profile__unit_id=unit_id,
                                                is_active=True))


@transaction.atomic
def plan_return(*, actor, agency_plan: AgencyPlan, comment: str) -> AgencyPlan:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if agency_plan.cycle.frozen:
        refuse("Kế hoạch năm đã được phê duyệt.")
    if agency_plan.status not in (S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED):
        refuse("Chỉ trả lại kế hoạch đã gửi.")
    if not comment.strip():
        refuse("Trả lại kế hoạch: cần ghi ý kiến để cơ quan chỉnh sửa.")
    agency_plan.status, agency_plan.comment = S.RETURNED, comment.strip()
    agency_plan.save()
    AgencyPlanVersion.objects.create(agency_plan=agency_plan, version=agency_plan.version, status=S.RETURNED,
                                     comment=agency_plan.comment,
                                     actor=actor if getattr(actor, "pk", None) else None)
    log(actor, Action.RETURN, agency_plan, f"Trả lại kế hoạch: {agency_plan.comment[:200]}")
    _notify_returned(agency_plan)
    return agency_plan


def _notify_returned(agency_plan: AgencyPlan) -> None:
    from django.urls import reverse

    from apps.notifications.services import notify

    users = _officers_of(agency_plan.unit_id)
    url = reverse("annual:agency", kwargs={"year": agency_plan.cycle.year, "unit": agency_plan.unit.code})
    transaction.on_commit(lambda: notify(
        users=users, kind="annual_plan_returned", title=f"Kế hoạch năm {agency_plan.cycle.year} bị trả lại",
        body=agency_plan.comment, url=url, key=f"annualplan:{agency_plan.pk}:returned:{agency_plan.version}"))


@transaction.atomic
def plan_accept(*, actor, agency_plan: AgencyPlan) -> AgencyPlan:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if agency_plan.status not in (S.SUBMITTED, S.RESUBMITTED):
        refuse("Chỉ tiếp nhận kế hoạch đã gửi.")
    agency_plan.status = S.ACCEPTED
    agency_plan.save(update_fields=["status", "updated_at"])
    log(actor, Action.ACCEPT, agency_plan, "Tiếp nhận kế hoạch")
    return agency_plan
