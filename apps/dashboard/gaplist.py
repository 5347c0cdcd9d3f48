"""The gap list of one target as the dashboard shows it: the target engine's list
(``apps.targets.gaps.gap_rows``: people of the population not meeting the target on the date, with
what they lack) for the chosen unit, as stored by apps/results (computed for everyone by the
``results.refresh`` job, filtered here to the people the user may read), and its xlsx download
(``export_gaps_xlsx``). Count targets have no personal gap list: empty."""

from __future__ import annotations

import datetime as dt

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.tabular import ExportFile
from apps.organization.models import Unit
from apps.plans.models import Plan, PlanTarget
from apps.privacy.services import Kind, access_log_write
from apps.results.selectors import GapRead, gap_list
from apps.targets.context import TargetError
from apps.targets.gaps import export_gaps_xlsx
from apps.targets.parts import effective_spec


def has_gap_list(target: PlanTarget) -> bool:
    return (effective_spec(target).get("measure") or {}).get("kind") != "count"


def gaps(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> GapRead:
    """People not meeting ``target`` on ``at`` in ``unit``'s subtree (or the province), among those
    ``user`` may read, in Vietnamese name order: the stored list (``rows`` None while never
    computed). A stored refusal of the engine raises TargetError."""
    scope_of(user).require(Perm.VIEW_DASHBOARDS)
    if not has_gap_list(target):
        return GapRead([], None, True)  # type: ignore[arg-type]
    read = gap_list(user, plan, target_code=target.code, at=at, unit_code=unit.code if unit else "")
    if read.error:
        raise TargetError(read.error)
    return read


def filter_description(plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> dict:
    """Which gap list, as the access log keeps it."""
    return {"ke_hoach": plan.code, "chi_tieu": target.code, "ngay": at.isoformat(),
            "don_vi": unit.code if unit else ""}


def gaps_xlsx(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None, request=None) -> ExportFile:
    """The same list as an xlsx workbook: one header row, then one row per person; the export is
    logged (access to personal data, Decree 13/2023). A list never computed yet is computed now
    (a download waits for its file)."""
    read = gaps(user, plan, target, at=at, unit=unit)
    if read.rows is None:
        from apps.results.services import gaps_compute

        gaps_compute(plan, target_code=target.code, at=at, unit_code=unit.code if unit else "")
        read = gaps(user, plan, target, at=at, unit=unit)
    rows = [r if not hasattr(r, "as_gap_row") else r.as_gap_row() for r in (read.rows or [])]
    access_log_write(actor=user, kind=Kind.EXPORT, what="Xuất danh sách còn thiếu (xlsx)", request=request,
                     filters=filter_description(plan, target, at=at, unit=unit), count=len(rows))
    export = export_gaps_xlsx(rows, plan_code=plan.code, target_code=target.code, at=at, plan_title=plan.title,
                              target_text=target.text, unit_name=unit.name if unit else "")
    if unit is None:
        return export
    return ExportFile(export.filename.replace(".xlsx", f"-{unit.code}.xlsx"), export.content_type, export.content)
