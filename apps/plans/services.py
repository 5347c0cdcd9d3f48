"""Writes to plans. ``plan_load`` creates or updates a plan from its file, in one transaction,
with one audit entry; loading the same content again writes nothing (not even the audit entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write, diff, label_of
from apps.core.models import AuditEntry
from apps.plans import planfile, rows
from apps.plans.models import Plan
from apps.results.versions import plan_changed
from apps.training.models import ContentArea

PlanFileError = planfile.PlanFileError


@dataclass(frozen=True)
class LoadResult:
    plan: Plan
    created: bool
    changes: dict[str, int]  # rows created, updated or deleted per section

    @property
    def changed(self) -> bool:
        return self.created or any(self.changes.values())


def _set_fields(obj: models.Model, values: dict[str, Any]) -> list[str]:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    return changed


def _sync(plan: Plan, related: str, wanted: list[dict]) -> int:
    """Make ``plan.<related>`` hold exactly ``wanted`` (keyed by ``order``); rows already equal are
    not touched. Returns the number of rows created, updated or deleted. Cost: one read, one
    write per changed row."""
    manager = getattr(plan, related)
    model = manager.model
    existing = {r.order: r for r in manager.all()}
    if related == "contents":
        existing_areas = {r.pk: sorted(r.content_areas.values_list("code", flat=True)) for r in existing.values()}
    by_order: dict[int, Any] = {}
    touched = 0
    for values in wanted:
        values = dict(values)
        parent_order = values.pop("parent_order", "absent")
        areas = values.pop("content_areas", None)
        if parent_order != "absent":
            values["parent"] = by_order[parent_order] if parent_order else None
        row = existing.get(values["order"])
        if row is None:
            row = model.objects.create(plan=plan, **values)
            touched += 1
        elif _set_fields(row, values):
            row.save()
            touched += 1
        if areas is not None and (row.pk not in existing_areas or existing_areas[row.pk] != areas):
            row.content_areas.set(ContentArea.objects.filter(code__in=areas))
            touched += row.pk in existing_areas
        by_order[values["order"]] = row
    stale = manager.filter(order__gt=len(wanted))
    deleted = stale.count()
    stale.delete()
    return touched + deleted


def _free_target_codes(plan: Plan, wanted: list[dict]) -> None:
    """Targets keep their code's row when they move; clear codes that will change hands first
    (unique (plan, code))."""
    by_code = {t["code"]: t["order"] for t in wanted}
    for target in plan.targets.all():
        if by_code.get(target.code) != target.order:
            target.code = f"~{target.pk}"
            target.save(update_fields=["code"])


def plan_load(*, actor, text: str | None = None, data: dict | None = None) -> LoadResult:
    """Create or update the plan a file describes (by its ``code``). Validates first
    (PlanFileError with every problem, line and field, nothing written); PermissionDenied
    unless Sở Nội vụ or the system."""
    scope_of(actor).require(Perm.LOAD_PLANS)
    if text is not None:
        data = planfile.read(text)
    elif data is not None:
        planfile.validate(data)
    else:
        raise PlanFileError(["Chưa có nội dung kế hoạch."])
    fields = rows.plan_fields(data)
    children = rows.child_rows(data)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(code=data["code"]).first()
        created = plan is None
        before = {} if created else {k: getattr(plan, k) for k in fields}
        if plan is None:
            plan = Plan.objects.create(code=data["code"], **fields)
        elif _set_fields(plan, fields):
            plan.save()
        _free_target_codes(plan, children["targets"])
        changes = {related: _sync(plan, related, wanted) for related, wanted in children.items()}
        result = LoadResult(plan=plan, created=created, changes=changes)
        if result.changed:
            plan_changed(plan.pk)  # the plan's stored results are stale (apps/results)
            audit_write(actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                        target=plan, changes=diff(before, fields),
                        note="Nạp kế hoạch từ tệp; thay đổi: " + (", ".join(
                            f"{label_of(k)} {n}" for k, n in changes.items() if n) or "thông tin chung"))
    return result
