"""The gap list of one target as the dashboard shows it: the target engine's list
(``apps.targets.gaps.gap_rows``: people of the population not meeting the target on the date, with
what they lack, already limited to the people the user may read) for the chosen unit, and its
xlsx download (``export_gaps_xlsx``). Count targets have no personal gap list: empty."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache

from apps.core.caching import cache_key
from apps.core.tabular import ExportFile
from apps.dashboard.selectors import CACHE_SECONDS, data_version
from apps.organization.models import Unit
from apps.plans.models import Plan, PlanTarget
from apps.privacy.services import Kind, access_log_write
from apps.targets.gaps import GapRow, export_gaps_xlsx, gap_rows
from apps.targets.parts import effective_spec


def has_gap_list(target: PlanTarget) -> bool:
    return (effective_spec(target).get("measure") or {}).get("kind") != "count"


def gaps(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> list[GapRow]:
    """People not meeting ``target`` on ``at`` in ``unit``'s subtree (or the province), among those
    ``user`` may read, in Vietnamese name order. One query, cached like the figures (per user too:
    the list is scoped to them), so paging, filtering back and downloading reuse it."""
    if not has_gap_list(target):
        return []
    key = cache_key("dashboard-gaps", plan.code, plan.updated.timestamp(), target.code, at.isoformat(),
                    unit.code if unit else "*", user.pk, data_version())
    rows = cache.get(key)
    if rows is None:
        rows = gap_rows(effective_spec(target), user=user, at=at, period=(plan.period_start, plan.period_end),
                        unit=unit)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def filter_description(plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> dict:
    """Which gap list, as the access log keeps it."""
    return {"ke_hoach": plan.code, "chi_tieu": target.code, "ngay": at.isoformat(),
            "don_vi": unit.code if unit else ""}


def gaps_xlsx(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None, request=None) -> ExportFile:
    """The same list as an xlsx workbook: one header row, then one row per person; the export is
    logged (access to personal data, Decree 13/2023)."""
    rows = gaps(user, plan, target, at=at, unit=unit)
    access_log_write(actor=user, kind=Kind.EXPORT, what="Xuất danh sách còn thiếu (xlsx)", request=request,
                     filters=filter_description(plan, target, at=at, unit=unit), count=len(rows))
    export = export_gaps_xlsx(rows, plan_code=plan.code, target_code=target.code, at=at, plan_title=plan.title,
                              target_text=target.text, unit_name=unit.name if unit else "")
    if unit is None:
        return export
    return ExportFile(export.filename.replace(".xlsx", f"-{unit.code}.xlsx"), export.content_type, export.content)
