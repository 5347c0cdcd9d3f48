"""Reads of the annual cycle, scoped to the acting user. Query costs in each docstring."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.annual.models import (
    AgencyPlan,
    AgencyPlanStatus,
    AnnualCycle,
    ClassLink,
    Milestone,
    MilestoneKind,
    PlanLine,
    ProvincialClass,
    StatedNeed,
    cost_total,
)
from apps.organization.models import Unit
from apps.people.models import Category
from apps.training.models import ClassBudget, Enrollment, EnrollmentStatus, FundingSource

SENT = (AgencyPlanStatus.SUBMITTED, AgencyPlanStatus.RESUBMITTED, AgencyPlanStatus.ACCEPTED)
SOURCE_LABELS = dict(FundingSource.choices)


def cycles_visible_to(user) -> QuerySet[AnnualCycle]:
    scope_of(user).require(Perm.VIEW_ANNUAL)
    return AnnualCycle.objects.select_related("plan")


def cycle_for(user, year: int) -> AnnualCycle:
    cycle = cycles_visible_to(user).filter(year=year).first()
    if cycle is None:
        raise Http404(f"Chưa có kế hoạch năm {year}.")
    return cycle


def cycle_stamp(cycle: AnnualCycle) -> str:
    """Changes when the cycle's plans or lines change (a line's edit touches its plan), wishes are
    added or confirmed, or the day turns (three aggregate queries): part of the cache key of its
    needs and projection."""
    from django.db.models import Max

    plans = cycle.agency_plans.aggregate(at=Max("updated_at"), n=Count("id"))
    lines = PlanLine.objects.filter(agency_plan__cycle=cycle).aggregate(n=Count("id"), top=Max("id"))
    wishes = StatedNeed.objects.filter(cycle=cycle).aggregate(n=Count("id"), top=Max("id"), ok=Max("confirmed_at"))
    return f"{timezone.localdate()}:{plans}:{lines}:{wishes}:{cycle.status}:{cycle.version}"


def open_survey_cycle() -> AnnualCycle | None:
    return AnnualCycle.objects.filter(survey_open=True).order_by("-year").first()


def agencies(day: dt.date | None = None) -> list[Unit]:
    """The province's top-level agencies on ``day`` (two small queries)."""
    from apps.organization.selectors import children_map

    tree = children_map(day or timezone.localdate())
    ids = [uid for root in tree.get(None, []) for uid in tree.get(root, [])]
    return list(Unit.objects.filter(pk__in=ids).order_by("name_sort_key"))


def agency_of(user) -> Unit | None:
    scope = scope_of(user)
    return Unit.objects.filter(pk=scope.home_unit_id).first() if scope.home_unit_id else None


def unit_in_scope(user, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not scope_of(user).covers_unit(unit.pk):
        raise Http404("Không có cơ quan này.")
    return unit


def agency_plan_for(user, cycle: AnnualCycle, unit: Unit) -> AgencyPlan | None:
    if not scope_of(user).covers_unit(unit.pk):
        raise Http404("Không có cơ quan này.")
    return AgencyPlan.objects.filter(cycle=cycle, unit=unit).first()


def line_for(user, pk: int) -> PlanLine:
    line = PlanLine.objects.select_related("agency_plan__cycle", "agency_plan__unit", "programme", "form",
                                           "provider", "provincial_class").filter(pk=pk).first()
    if line is None or not scope_of(user).covers_unit(line.agency_plan.unit_id):
        raise Http404("Không có dòng kế hoạch này.")
    return line


def plan_lines(plan: AgencyPlan) -> QuerySet[PlanLine]:
    return (plan.lines.select_related("programme", "form", "provider", "provincial_class")
            .annotate(named=Count("people")).order_by("order", "id"))


def milestone(cycle: AnnualCycle, kind: str) -> Milestone | None:
    return next((m for m in cycle.milestones.all() if m.kind == kind), None)


# --- Sở Nội vụ's overview: who has sent, who is late -------------------------------------------


@dataclass
class AgencyRow:
    unit: Unit
    plan: AgencyPlan | None
    lines: int = 0
    learners: int = 0
    total: int = 0
    late: bool = False

    @property
    def status_label(self) -> str:
        return self.plan.get_status_display() if self.plan else "Chưa lập"

    @property
    def sent(self) -> bool:
        return self.plan is not None and self.plan.status in SENT


def overview(cycle: AnnualCycle, today: dt.date | None = None) -> list[AgencyRow]:
    """Every agency with its plan's state; late = sent after the submission date, or not sent and
    the date has passed. Three queries."""
    today = today or timezone.localdate()
    due = milestone(cycle, MilestoneKind.SUBMISSION)
    plans = {p.unit_id: p for p in cycle.agency_plans.all()}
    rows_by_unit = (PlanLine.objects.filter(agency_plan__cycle=cycle).values("agency_plan__unit_id")
                    .annotate(n=Count("id"), learners=Sum("learners")).values_list("agency_plan__unit_id", "n", "learners"))
    figures: dict[int, dict[str, Any]] = {uid: {"n": n, "learners": learners} for uid, n, learners in rows_by_unit}
    totals = _costs_by_agency(cycle)
    rows = []
    for unit in agencies():
        plan = plans.get(unit.pk)
        row = AgencyRow(unit, plan, (figures.get(unit.pk) or {}).get("n", 0),
                        (figures.get(unit.pk) or {}).get("learners") or 0, totals.get(unit.pk, 0))
        if due is not None:
            first = plan.first_submitted_at if plan else None
            row.late = (timezone.localtime(first).date() > due.due) if first else today > due.due
        rows.append(row)
    return rows


def _costs_by_agency(cycle: AnnualCycle) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for uid, costs in PlanLine.objects.filter(agency_plan__cycle=cycle).values_list("agency_plan__unit_id", "costs"):
        totals[uid] += cost_total(costs)
    return totals


# --- consolidation ----------------------------------------------------------------------------


@dataclass
class Consolidation:
    lines: list[PlanLine]
    by_programme: list[tuple[str, int, int, int]]  # name, classes, learners, cost
    by_group: list[tuple[str, int, int]]  # category label, learners, cost
    by_quarter: list[tuple[int, int, int, int]]  # quarter, classes, learners, cost
    by_source: list[tuple[str, int, int | None, bool]]  # source label, planned, ceiling, over
    classes: list[ProvincialClass]
    seats: dict[int, list[tuple[str, int]]] = field(default_factory=dict)  # provincial class id: [(agency, seats)]
    programme_ids: dict[str, int | None] = field(default_factory=dict)  # programme name: id (None: no programme)
    total: int = 0
    learners: int = 0


LINE_FIELDS = ("title", "quarter", "classes", "learners", "leaders", "women", "ethnic", "days", "hours", "costs",
               "category", "programme_id", "provincial_class_id", "agency_plan__unit__name", "agency_plan__unit__code",
               "agency_plan__unit_id", "agency_plan__status", "programme__name", "form__name", "provincial_class__code")


def consolidation(cycle: AnnualCycle) -> Consolidation:
    """Every sent line with totals by programme, group, quarter and funding source against the
    ceilings, and the provincial classes with each agency's seats. Two queries; sums in memory
    (a province's plan has a few hundred lines)."""
    lines = list(PlanLine.objects.filter(agency_plan__cycle=cycle, agency_plan__status__in=SENT)
                 .select_related("agency_plan__unit", "programme", "form", "provincial_class")
                 .only(*LINE_FIELDS).order_by("agency_plan__unit__name_sort_key", "order", "id"))
    prog: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    quarter: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    source: dict[str, int] = defaultdict(int)
    seats: dict[int, list[tuple[str, int]]] = defaultdict(list)
    programme_ids: dict[str, int | None] = {}
    for line in lines:
        cost = line.total_cost
        name = line.programme.name if line.programme else line.title
        programme_ids.setdefault(name, line.programme_id)
        merged = line.provincial_class_id is not None
        for bucket, values in ((prog[name], (0 if merged else line.classes, line.learners, cost)),
                               (quarter[line.quarter], (0 if merged else line.classes, line.learners, cost))):
            for i, v in enumerate(values):
                bucket[i] += v
        label = Category(line.category).label if line.category in Category.values else (line.category or "Khác")
        group[label][0] += line.learners
        group[label][1] += cost
        for k, v in (line.costs or {}).items():
            source[k] += int(v)
        if merged:
            seats[line.provincial_class_id].append((line.agency_plan.unit.name, line.learners))  # type: ignore[index]
    classes = list(cycle.provincial_classes.select_related("programme").order_by("code"))
    for pc in classes:  # a provincial class counts once, in its programme and quarter, with its class costs
        pc.seat_list = seats.get(pc.pk, [])  # type: ignore[attr-defined]
        name = pc.programme.name if pc.programme else pc.title
        prog[name][0] += pc.classes
        prog[name][2] += pc.total_cost
        quarter[pc.quarter][0] += pc.classes
        quarter[pc.quarter][2] += pc.total_cost
        for k, v in (pc.costs or {}).items():
            source[k] += int(v)
    ceilings = cycle.ceilings or {}
    by_source = [(SOURCE_LABELS.get(k, k), v, ceilings.get(k), ceilings.get(k) is not None and v > ceilings[k])
                 for k, v in sorted(source.items())]
    by_source += [(SOURCE_LABELS.get(k, k), 0, int(v), False) for k, v in ceilings.items() if k not in source]
    return Consolidation(
        lines=lines, by_programme=[(k, *v) for k, v in sorted(prog.items())],  # type: ignore[misc]
        by_group=[(k, *v) for k, v in sorted(group.items())],  # type: ignore[misc]
        by_quarter=[(k, *v) for k, v in sorted(quarter.items())],  # type: ignore[misc]
        by_source=by_source, classes=classes, seats=dict(seats), programme_ids=programme_ids,
        total=sum(x.total_cost for x in lines) + sum(pc.total_cost for pc in classes),
        learners=sum(x.learners for x in lines))


# --- needs ------------------------------------------------------------------------------------


def stated_needs_of(cycle: AnnualCycle, *, person_id: int | None = None,
                    unit_ids: set[int] | None = None) -> QuerySet[StatedNeed]:
    needs = StatedNeed.objects.filter(cycle=cycle).select_related("person", "programme", "form", "confirmed_by")
    if person_id is not None:
        needs = needs.filter(person_id=person_id)
    if unit_ids is not None:
        needs = needs.filter(person__unit_id__in=unit_ids)
    return needs.order_by("person__name_sort_key", "priority")


# --- execution: planned vs actual ---------------------------------------------------------------


@dataclass
class Execution:
    key: Any
    label: str
    planned_classes: int = 0
    planned_learners: int = 0
    planned_cost: int = 0
    classes: int = 0
    learners: int = 0
    completed: int = 0
    spent: dict[str, int] = field(default_factory=dict)

    @property
    def spent_total(self) -> int:
        return sum(self.spent.values())

    @property
    def spent_labelled(self) -> list[tuple[str, int]]:
        return [(SOURCE_LABELS.get(k, k), v) for k, v in sorted(self.spent.items())]

    @property
    def share(self) -> float | None:
        return round(self.completed * 100 / self.planned_learners, 1) if self.planned_learners else None


def execution(cycle: AnnualCycle, *, agency_id: int | None = None) -> tuple[Execution, list[Execution], list[Execution]]:
    """(province, per agency, per line) planned vs actual: classes opened from lines, learners
    enrolled (not withdrawn), lượt completed, actual spending by source (a provincial class's
    shared among its agencies by seats). A few grouped queries of plain rows, folded in memory
    through dictionaries (no model instances, no scan of the lines per class)."""
    from apps.targets.context import Context

    ctx = Context.build(at=timezone.localdate(), period=(dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)))
    accepted = PlanLine.objects.filter(agency_plan__cycle=cycle, agency_plan__status=AgencyPlanStatus.ACCEPTED)
    if agency_id is not None:
        accepted = accepted.filter(agency_plan__unit_id=agency_id)
    lines: list[Any] = list(accepted.order_by("agency_plan__unit__name_sort_key", "order").values_list(
        "pk", "title", "provincial_class_id", "classes", "learners", "costs",
        "agency_plan__unit_id", "agency_plan__unit__code", "agency_plan__unit__name", named=True))
    seats_of: dict[int | None, int] = defaultdict(int)
    for pc_id, learners in PlanLine.objects.filter(agency_plan__cycle=cycle, provincial_class__isnull=False).values_list(
            "provincial_class_id", "learners"):
        seats_of[pc_id] += learners
    per_line = {x.pk: Execution(x.pk, x.title, 0 if x.provincial_class_id else x.classes, x.learners,
                                cost_total(x.costs)) for x in lines}
    learners_of = {x.pk: x.learners for x in lines}
    line_of_pc: dict[tuple[int | None, int | None], int] = {
        (x.provincial_class_id, x.agency_plan__unit_id): x.pk for x in lines if x.provincial_class_id}
    lines_of_pc: dict[int | None, list[int]] = defaultdict(list)  # a provincial class -> its agencies' lines
    for x in lines:
        if x.provincial_class_id:
            lines_of_pc[x.provincial_class_id].append(x.pk)
    links = list(ClassLink.objects.filter(cycle=cycle).values_list("training_class_id", "line_id", "provincial_class_id"))
    for _cid, line_id, pc_id in links:
        if line_id in per_line:
            per_line[line_id].classes += 1
        for lid in lines_of_pc.get(pc_id, ()):
            per_line[lid].classes += 1
    by_class = {cid: (line_id, pc_id) for cid, line_id, pc_id in links}
    linked = ClassLink.objects.filter(cycle=cycle).values("training_class_id")  # a subquery, not 600 parameters
    enrolled = (Enrollment.objects.filter(training_class_id__in=linked).exclude(status=EnrollmentStatus.WITHDRAWN)
                .values("training_class_id", "person__unit_id")
                .annotate(n=Count("id"), done=Count("id", filter=Q(status=EnrollmentStatus.COMPLETED)))
                .values_list("training_class_id", "person__unit_id", "n", "done"))
    for cid, uid, n, done in enrolled:
        line_id, pc_id = by_class[cid]
        target = line_id if line_id else line_of_pc.get((pc_id, ctx.top_level(uid)))
        if target in per_line:
            per_line[target].learners += n
            per_line[target].completed += done
    spending = ClassBudget.objects.filter(training_class_id__in=linked, actual_amount__isnull=False)
    for cid, src, amount in spending.values_list("training_class_id", "funding_source", "actual_amount"):
        line_id, pc_id = by_class[cid]
        shares = [(line_id, 1.0)] if line_id else [
            (lid, learners_of[lid] / max(seats_of[pc_id], 1)) for lid in lines_of_pc.get(pc_id, ())]
        for lid, share in shares:
            if lid in per_line:
                per_line[lid].spent[src] = per_line[lid].spent.get(src, 0) + int(float(amount) * share)
    agencies_rows: dict[int, Execution] = {}
    for x in lines:
        row = agencies_rows.setdefault(x.agency_plan__unit_id, Execution(x.agency_plan__unit__code,
                                                                         x.agency_plan__unit__name))
        _add(row, per_line[x.pk])
    province = Execution("TINH", "Toàn tỉnh")
    for row in agencies_rows.values():
        _add(province, row)
    if agency_id is None:  # a provincial class counts once for the province, not once per agency
        for classes, costs in cycle.provincial_classes.values_list("classes", "costs"):
            province.planned_classes += classes
            province.planned_cost += cost_total(costs)
        province.classes = len(links)
    return province, list(agencies_rows.values()), [per_line[x.pk] for x in lines]


def _add(into: Execution, row: Execution) -> None:
    into.planned_classes += row.planned_classes
    into.planned_learners += row.planned_learners
    into.planned_cost += row.planned_cost
    into.classes += row.classes
    into.learners += row.learners
    into.completed += row.completed
    for k, v in row.spent.items():
        into.spent[k] = into.spent.get(k, 0) + v
