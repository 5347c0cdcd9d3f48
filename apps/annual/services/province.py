"""The provincial plan: merge lines into provincial classes, consolidate, approve, adjust, suspend."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from apps.accounts.permissions import Perm
from apps.annual.costs import line_costs, rates_on
from apps.annual.models import (
    AgencyPlanStatus,
    AnnualCycle,
    CycleStatus,
    PlanLine,
    ProvincialClass,
    ProvincialVersion,
)
from apps.annual.services.common import Action, log, refuse, require
from apps.core.vn import format_number

__all__ = ["provincial_class_merge", "provincial_class_dissolve", "cycle_consolidate", "cycle_approve",
           "cycle_adjust", "cycle_set_suspended", "line_set_suspended", "province_snapshot", "snapshot_diff"]

SENT = (AgencyPlanStatus.SUBMITTED, AgencyPlanStatus.RESUBMITTED, AgencyPlanStatus.ACCEPTED)
ADJUSTABLE = ("classes", "learners", "quarter", "days", "hours", "suspended")
FIELD_LABELS = {"classes": "số lớp", "learners": "số học viên", "quarter": "quý", "days": "số ngày",
                "hours": "số tiết", "suspended": "tạm dừng", "costs": "kinh phí", "class": "lớp chung"}


def _line_costs(line: PlanLine, rates, *, classes: int) -> dict[str, int]:
    full_time = bool(line.form and line.form.is_full_time) if line.form_id else True
    return line_costs(classes=classes, learners=line.learners, days=line.days, self_funded=line.self_funded,
                      full_time=full_time, rates=rates)


def _check_open(cycle: AnnualCycle) -> None:
    if cycle.frozen:
        refuse(f"Kế hoạch năm {cycle.year} đã được phê duyệt: chỉ điều chỉnh bằng phiên bản mới.")


@transaction.atomic
def provincial_class_merge(*, actor, cycle: AnnualCycle, lines: Iterable[PlanLine], title: str = "",
                           provider=None, quarter: int | None = None) -> ProvincialClass:
    """One class organised by the province for ``lines`` of several agencies; each line's learners
    become its agency's seats. Lines must be sent, of this cycle and not merged already."""
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    _check_open(cycle)
    lines = list(lines)
    if len(lines) < 2:
        refuse("Chọn ít nhất hai dòng kế hoạch để gộp thành lớp chung.")
    for line in lines:
        if line.agency_plan.cycle_id != cycle.pk:
            refuse(f"Dòng “{line.title}” không thuộc kế hoạch năm {cycle.year}.")
        if line.agency_plan.status not in SENT:
            refuse(f"Dòng “{line.title}”: kế hoạch của {line.agency_plan.unit.name} chưa được gửi.")
        if line.provincial_class_id:
            refuse(f"Dòng “{line.title}” đã thuộc một lớp chung của tỉnh.")
    first = lines[0]
    seats = sum(x.learners for x in lines)
    number = cycle.provincial_classes.count() + 1
    pc = ProvincialClass.objects.create(
        cycle=cycle, code=f"TH-{cycle.year}-{number:02d}", title=title.strip() or (first.programme.name if
                                                                                 first.programme else first.title),
        programme=first.programme, form=first.form, provider=provider or first.provider,
        quarter=quarter or first.quarter, classes=max(1, math.ceil(seats / max(cycle.class_size, 1))),
        days=max(x.days for x in lines), hours=max(x.hours for x in lines))
    rates = rates_on(dt.date(cycle.year, 1, 1))
    full_time = bool(pc.form and pc.form.is_full_time) if pc.form_id else True
    pc.costs = line_costs(classes=pc.classes, learners=0, days=pc.days, full_time=full_time, rates=rates)
    pc.save(update_fields=["costs"])
    for line in lines:  # each agency keeps its learners' costs; the class's are the province's, once
        line.provincial_class = pc
        if not line.costs_edited:
            line.costs = _line_costs(line, rates, classes=0)
        line.save(update_fields=["provincial_class", "costs"])
    log(actor, Action.MERGE, pc, f"Gộp {len(lines)} dòng thành lớp chung {pc.code} ({format_number(seats)} chỗ)",
        {"lines": [None, [x.pk for x in lines]]})
    return pc


@transaction.atomic
def provincial_class_dissolve(*, actor, provincial_class: ProvincialClass) -> None:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    _check_open(provincial_class.cycle)
    rates = rates_on(dt.date(provincial_class.cycle.year, 1, 1))
    for line in provincial_class.lines.select_related("form"):
        line.provincial_class = None
        if not line.costs_edited:
            line.costs = _line_costs(line, rates, classes=line.classes)
        line.save(update_fields=["provincial_class", "costs"])
    log(actor, Action.DELETE, provincial_class, f"Bỏ lớp chung {provincial_class.code}")
    provincial_class.delete()


@transaction.atomic
def cycle_consolidate(*, actor, cycle: AnnualCycle) -> AnnualCycle:
    """The consolidated draft is ready for approval: the plans sent are accepted."""
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    _check_open(cycle)
    sent = cycle.agency_plans.filter(status__in=SENT)
    if not sent.exists():
        refuse("Chưa có cơ quan nào gửi kế hoạch để tổng hợp.")
    sent.update(status=AgencyPlanStatus.ACCEPTED)
    cycle.status = CycleStatus.CONSOLIDATED
    cycle.save(update_fields=["status"])
    log(actor, Action.SUBMIT, cycle, f"Tổng hợp kế hoạch năm {cycle.year}, trình phê duyệt")
    return cycle


def _lines_in(cycle: AnnualCycle):
    return (PlanLine.objects.filter(agency_plan__cycle=cycle, agency_plan__status=AgencyPlanStatus.ACCEPTED)
            .select_related("agency_plan__unit", "provincial_class").order_by("agency_plan__unit__name_sort_key",
                                                                              "order", "id"))


def province_snapshot(cycle: AnnualCycle) -> list[dict]:
    return [{"id": x.pk, "agency": x.agency_plan.unit.code, "agency_name": x.agency_plan.unit.name,
             "title": x.title, "classes": x.classes, "learners": x.learners, "quarter": x.quarter, "days": x.days,
             "hours": x.hours, "costs": x.costs, "suspended": x.suspended,
             "class": x.provincial_class.code if x.provincial_class else ""} for x in _lines_in(cycle)]


def _show(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dict):
        return format_number(sum(int(v) for v in value.values())) + " đồng"
    if isinstance(value, int):
        return format_number(value)
    return str(value) if value else "—"


def snapshot_diff(before: list[dict], after: list[dict]) -> list[str]:
    """Readable changes between two snapshots, line by line, in Vietnamese."""
    old, new = {r["id"]: r for r in before}, {r["id"]: r for r in after}
    out = []
    for pk, row in new.items():
        name = f"{row['title']} ({row['agency_name']})"
        if pk not in old:
            out.append(f"Thêm dòng {name}: {_show(row['classes'])} lớp, {_show(row['learners'])} học viên.")
            continue
        for key, label in FIELD_LABELS.items():
            if old[pk].get(key) != row.get(key):
                out.append(f"{name}: {label} {_show(old[pk].get(key))} → {_show(row.get(key))}.")
    for pk, row in old.items():
        if pk not in new:
            out.append(f"Bỏ dòng {row['title']} ({row['agency_name']}).")
    return out


def _check_decision(number: str, date: dt.date | None) -> None:
    if not number.strip():
        refuse("Cần số quyết định.")
    if date is None:
        refuse("Cần ngày quyết định.")


@transaction.atomic
def cycle_approve(*, actor, cycle: AnnualCycle, decision_number: str, decision_date: dt.date) -> ProvincialVersion:
    """The leader approves the consolidated plan: version 1, frozen."""
    require(actor, Perm.APPROVE_ANNUAL)
    if cycle.status != CycleStatus.CONSOLIDATED:
        refuse("Chỉ phê duyệt kế hoạch đã được Sở Nội vụ tổng hợp, trình.")
    _check_decision(decision_number, decision_date)
    cycle.status, cycle.version = CycleStatus.APPROVED, 1
    cycle.decision_number, cycle.decision_date = decision_number.strip(), decision_date
    cycle.approved_by = actor if getattr(actor, "pk", None) else None
    cycle.save()
    version = ProvincialVersion.objects.create(
        cycle=cycle, version=1, reason="Phê duyệt kế hoạch", decision_number=cycle.decision_number,
        decision_date=decision_date, snapshot=province_snapshot(cycle), actor=cycle.approved_by)
    log(actor, Action.APPROVE, cycle, f"Phê duyệt kế hoạch năm {cycle.year} (Quyết định {cycle.decision_number})")
    return version


@transaction.atomic
def cycle_adjust(*, actor, cycle: AnnualCycle, reason: str, decision_number: str, decision_date: dt.date,
                 changes: dict[int, dict]) -> ProvincialVersion:
    """An adjustment of the approved plan: ``changes`` {line id: {field: value}} (fields
    ``ADJUSTABLE``) applied, a new frozen version with its reason, decision and the diff."""
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if cycle.status != CycleStatus.APPROVED:
        refuse("Chỉ điều chỉnh kế hoạch đã được phê duyệt.")
    if not reason.strip():
        refuse("Điều chỉnh: cần nêu lý do.")
    _check_decision(decision_number, decision_date)
    previous = cycle.versions.order_by("-version").first()
    lines = {x.pk: x for x in _lines_in(cycle).filter(pk__in=list(changes))}
    for pk, values in changes.items():
        line = lines.get(pk)
        if line is None:
            refuse(f"Điều chỉnh: không có dòng số {pk} trong kế hoạch đã phê duyệt.")
        for key, value in values.items():
            if key not in ADJUSTABLE:
                refuse(f"Điều chỉnh: không sửa được “{key}”.")
            setattr(line, key, value)
        if not 1 <= line.quarter <= 4 or line.classes < 0:
            refuse(f"Điều chỉnh dòng “{line.title}”: quý từ 1 đến 4, số lớp không âm.")
        line.save()
    snapshot = province_snapshot(cycle)
    diff = snapshot_diff(previous.snapshot if previous else [], snapshot)
    cycle.version += 1
    cycle.decision_number, cycle.decision_date = decision_number.strip(), decision_date
    cycle.save(update_fields=["version", "decision_number", "decision_date"])
    version = ProvincialVersion.objects.create(
        cycle=cycle, version=cycle.version, reason=reason.strip(), decision_number=decision_number.strip(),
        decision_date=decision_date, snapshot=snapshot, changes=diff,
        actor=actor if getattr(actor, "pk", None) else None)
    log(actor, Action.ADJUST, cycle, f"Điều chỉnh kế hoạch năm {cycle.year} (phiên bản {cycle.version}): {reason[:200]}",
        {"changes": [None, diff]})
    return version


@transaction.atomic
def cycle_set_suspended(*, actor, cycle: AnnualCycle, suspended: bool, reason: str = "") -> AnnualCycle:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if suspended and not reason.strip():
        refuse("Tạm dừng kế hoạch: cần nêu lý do.")
    cycle.suspended, cycle.suspended_reason = suspended, reason.strip() if suspended else ""
    cycle.save(update_fields=["suspended", "suspended_reason"])
    log(actor, Action.SUSPEND if suspended else Action.RESUME, cycle, (f"Tạm dừng kế hoạch năm {cycle.year}: {reason}" if suspended
                                      else f"Tiếp tục thực hiện kế hoạch năm {cycle.year}") + f" ({timezone.localdate():%d/%m/%Y})")
    return cycle


@transaction.atomic
def line_set_suspended(*, actor, line: PlanLine, suspended: bool) -> PlanLine:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    line.suspended = suspended
    line.save(update_fields=["suspended"])
    log(actor, Action.SUSPEND if suspended else Action.RESUME, line.agency_plan, ("Tạm dừng" if suspended else "Tiếp tục") + f" dòng “{line.title}”")
    return line
