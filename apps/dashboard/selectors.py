"""Reads behind the plan dashboard: who may see which plan and unit, and the plan's targets by year
as stored by apps/results (``apps.targets.engine.evaluate_plan`` run by the ``results.refresh``
job, never in the request).

Scoping: Sở Nội vụ and leaders see the whole province and may pick any unit; an agency officer
sees their own agency (the unit of their profile, following mergers) or a unit inside it, with the
provincial total for comparison; anyone else gets 403. A unit outside the user's scope answers 404,
exactly like a unit code that does not exist.

Cost: one indexed read of a stored row per (date, unit) and one of the plan's version counters;
a row computed from an older fingerprint is shown as it is, with its time, while the job
recomputes it (apps/results/selectors.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.vn import text_sort_key
from apps.organization.models import Unit
from apps.plans.models import Plan, PlanTarget
from apps.targets.parts import nested

STATUS_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "at_risk": "Có nguy cơ", "not_due": "Chưa đến hạn",
                 "no_population": "Không có đối tượng"}
GOAL_UNITS = {"percent": "%", "people": "người", "lượt": "lượt", "classes": "lớp"}


def may_see_dashboards(user) -> bool:
    return scope_of(user).can(Perm.VIEW_DASHBOARDS)


def plan_for(user, code: str) -> Plan:
    """The plan with ``code``; 403 for users who see no dashboard, 404 for a missing plan."""
    scope_of(user).require(Perm.VIEW_DASHBOARDS)
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def target_for(plan: Plan, code: str) -> PlanTarget:
    target = plan.targets.filter(code=code).first()
    if target is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    return target


def home_unit(user) -> Unit | None:
    """The agency an officer answers for (its successor when merged away); None for province-wide users."""
    home = scope_of(user).home_unit_id
    return Unit.objects.get(pk=home) if home else None


def unit_for(user, code: str) -> Unit | None:
    """The unit the dashboard is restricted to: ``code`` when given and in the user's scope (404
    otherwise, like a missing code), else the officer's own agency, else None (the province)."""
    if not code:
        return home_unit(user)
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not scope_of(user).covers_unit(unit.pk):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def units_to_pick(user, day: dt.date) -> list[Unit]:
    """Units offered in the dashboard's unit filter: the top-level agencies of ``day`` (all for
    province-wide users; the officer's own agency and its direct sub-units otherwise)."""
    from apps.organization.selectors import children_map

    tree = children_map(day)
    own = home_unit(user)
    if own is not None:
        ids = [own.pk, *tree.get(own.pk, [])]
    else:
        ids = [child for root in tree.get(None, []) for child in tree.get(root, [])]
    return list(Unit.objects.filter(pk__in=ids).order_by("name_sort_key"))


def default_date(plan: Plan, today: dt.date | None = None) -> dt.date:
    """Today, or the plan's last day once the plan is over (a 2021–2025 plan read in 2026 is
    judged at 31/12/2025, not on a year outside its period)."""
    today = today or timezone.localdate()
    return min(today, plan.period_end)


def year_dates(plan: Plan, at: dt.date) -> list[tuple[int, dt.date | None]]:
    """(year, evaluation date) for each year of the plan's period: 31/12 of a year already over
    on ``at``, ``at`` itself in its own year, None for a year still to come."""
    result: list[tuple[int, dt.date | None]] = []
    for year in range(plan.period_start.year, plan.period_end.year + 1):
        end = min(dt.date(year, 12, 31), plan.period_end)
        result.append((year, end if end < at else at if year == at.year else None))
    return result


# --- the engine's results, stored (apps/results) -------------------------------------------------


@dataclass
class Reads:
    """What the stored results a page used say together: when the oldest was computed, whether all
    are fresh, whether the main one was never computed (nothing to show yet)."""

    items: list = field(default_factory=list)

    def add(self, read) -> None:
        self.items.append(read)

    @property
    def fresh(self) -> bool:
        return all(r.fresh for r in self.items)

    @property
    def computed_at(self):
        stamps = [r.computed_at for r in self.items if r.computed_at is not None]
        return min(stamps) if stamps else None

    @property
    def shown_at(self):
        return next((r.shown_at for r in self.items if r.shown_at), None)


def data_version(plan: Plan) -> str:
    """The fingerprint stored results of ``plan`` are checked against (apps.results.versions)."""
    from apps.results.versions import fingerprint

    return fingerprint(plan.pk)


def evaluate(plan: Plan, *, at: dt.date, unit: Unit | None = None, version: str | None = None,
             reads: Reads | None = None) -> dict[str, Any] | None:
    """The stored ``evaluate_plan(plan, at=at, unit=unit)`` (None while never computed; the
    recomputation is then the job's). A stored refusal of the engine raises TargetError."""
    from apps.results.selectors import plan_result
    from apps.targets.context import TargetError

    read = plan_result(plan, at=at, unit_code=unit.code if unit else "", stamp=version)
    if reads is not None:
        reads.add(read)
    if read.error:
        raise TargetError(read.error)
    return read.result


# --- the page's data ----------------------------------------------------------------------------


@dataclass
class YearCell:
    year: int
    at: dt.date | None
    result: dict | None


@dataclass
class TargetRow:
    """One target on the dashboard: the result at the chosen date, the provincial result for
    comparison (when restricted to a unit), and one cell per year of the period."""

    result: dict
    province: dict | None
    years: list[YearCell] = field(default_factory=list)
    chart: str = ""
    depth: int = 0  # 1 for a part ("trong đó") shown under its parent, 2 for a part of a part…

    @property
    def says_part(self) -> bool:
        """A part whose wording does not itself start with "trong đó": the page adds it."""
        return bool(self.depth) and not self.result["text"].lower().lstrip("-–, ").startswith("trong đó")


@dataclass
class Dashboard:
    plan: Plan
    at: dt.date
    unit: Unit | None
    rows: list[TargetRow]
    years: list[tuple[int, dt.date | None]]
    grid_units: list[dict]
    error: str = ""
    reads: Reads = field(default_factory=Reads)

    @property
    def pending(self) -> bool:
        """Nothing stored yet for the main figures: the page waits for the job."""
        return bool(self.reads.items) and self.reads.items[0].missing

    @property
    def has_parts(self) -> bool:
        return any(row.depth for row in self.rows)

    @property
    def has_aspirational(self) -> bool:
        return any(row.result.get("aspirational") for row in self.rows)


def _by_code(result: dict) -> dict[str, dict]:
    return {t["code"]: t for t in result.get("targets", [])}


def dashboard(plan: Plan, *, at: dt.date, unit: Unit | None, by_year: bool = True) -> Dashboard:
    """Everything the dashboard page shows. Engine runs, each cached: one at ``at``, one
    province-wide at ``at`` when restricted to a unit, and (``by_year``) one per earlier year of
    the period. The page asks for the years in a second (htmx) request, so the figures of the day
    show after one run."""
    version = data_version(plan)
    reads = Reads()
    years = year_dates(plan, at)
    main = evaluate(plan, at=at, unit=unit, version=version, reads=reads)
    province = _by_code(evaluate(plan, at=at, version=version, reads=reads) or {}) if unit is not None else {}
    results = {year: _by_code(evaluate(plan, at=day, unit=unit, version=version, reads=reads) or {})
               if day and by_year else {} for year, day in years}
    if main is None:
        return Dashboard(plan=plan, at=at, unit=unit, rows=[], years=years, grid_units=[], reads=reads)
    order = nested(main["targets"])
    rows = [TargetRow(result=t, province=province.get(t["code"]),
                      years=[YearCell(year, day, results[year].get(t["code"])) for year, day in years], depth=depth)
            for t, depth in order]
    ordered = {**main, "targets": [t for t, _ in order]}
    return Dashboard(plan=plan, at=at, unit=unit, rows=rows, years=years, grid_units=grid_units(ordered, unit),
                     reads=reads)


def grid_units(result: dict, unit: Unit | None = None) -> list[dict]:
    """The agencies × targets grid: one row per ``by_unit`` entry of the result (top-level agencies;
    restricted to ``unit``: its own office first, then its direct sub-units), cells in target order."""
    units: dict[str, dict] = {}
    for target in result.get("targets", []):
        for entry in target.get("by_unit") or []:
            row = units.setdefault(entry["unit"] or "", {"unit": entry["unit"], "name": entry["name"], "cells": []})
            row["cells"].append((target["code"], {**entry, "goal": target["goal"]}))
    order = [t["code"] for t in result.get("targets", [])]
    for row in units.values():
        found = dict(row["cells"])
        row["cells"] = [found.get(code) for code in order]
    own = unit.code if unit is not None else None
    return sorted(units.values(), key=lambda r: (r["unit"] is None, r["unit"] != own, text_sort_key(r["name"])))


def target_result(plan: Plan, target: PlanTarget, *, at: dt.date, unit: Unit | None,
                  reads: Reads | None = None) -> dict | None:
    """The engine's result for one target, from the stored whole-plan result (None while never
    computed)."""
    whole = evaluate(plan, at=at, unit=unit, reads=reads)
    if whole is None:
        return None
    found = _by_code(whole).get(target.code)
    if found is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    return found
