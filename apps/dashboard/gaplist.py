"""The gap list of one target as the dashboard shows it: people of the population not meeting the
target on the date, with what they lack, limited to the people the user may read.

The list itself is the target engine's (``apps.targets.gaps``); this module only scopes it to the
user and the chosen unit, pages it and renders the download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apps.core.tabular import XLSX, ExportFile, render_xlsx
from apps.organization.models import Unit
from apps.people.selectors import people_visible_to
from apps.plans.models import Plan, PlanTarget

HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Cơ quan, đơn vị", "Còn thiếu"]


@dataclass(frozen=True)
class Gap:
    code: str
    full_name: str
    unit_name: str
    lacks: str


def gaps(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> list[Gap]:
    """People not meeting ``target`` on ``at`` in ``unit``'s subtree (or the province), among those
    ``user`` may read, in Vietnamese name order."""
    from apps.targets import gaps as engine_gaps

    visible = people_visible_to(user).values("pk")
    rows = engine_gaps.gap_rows(plan, target, at=at, unit=unit, people=visible)
    return [Gap(r["code"], r["full_name"], r["unit_name"], r["lacks"]) for r in rows]


def gaps_xlsx(user, plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None) -> ExportFile:
    """The same list as an xlsx workbook: one header row, then one row per person."""
    rows = [HEADER] + [[str(i), g.code, g.full_name, g.unit_name, g.lacks]
                       for i, g in enumerate(gaps(user, plan, target, at=at, unit=unit), start=1)]
    name = f"thieu-{plan.code}-{target.code}-{at:%Y%m%d}{'-' + unit.code if unit else ''}.xlsx"
    return ExportFile(name, XLSX, render_xlsx(rows, sheet_title="Danh sách còn thiếu"))
