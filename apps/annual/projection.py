"""Projection: where each target of the multi-year plan stands at the end of the plan year, with
the plan's completions added, beside the engine's figure without them.

Per percent target served by some line: the engine's one aggregate query (``evaluate_target`` on
31/12 of the year), plus one grouped query counting the named learners of its lines who are in
its gap. Per agency, the planned completions are those named people, then the unnamed learners of
lines listing nobody, capped by what the agency still lacks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from apps.annual.models import AnnualCycle, PlanLine
from apps.annual.needs import period_of, year_end
from apps.targets.context import Context, TargetError
from apps.targets.engine import evaluate_target
from apps.targets.measures import measure_condition
from apps.targets.population import population_periods


@dataclass
class Projection:
    code: str
    text: str
    goal: float
    denominator: int
    without: float | None
    with_plan: float | None
    added: int

    @property
    def met_without(self) -> bool:
        return self.without is not None and self.without >= self.goal

    @property
    def met_with(self) -> bool:
        return self.with_plan is not None and self.with_plan >= self.goal


def _value(num: int, den: int) -> float | None:
    return round(num * 100 / den, 1) if den else None


def project(cycle: AnnualCycle, lines=None) -> list[Projection]:
    """Every percent target of the cycle's plan (plan order). ``lines``: the plan lines counted
    (default: every line of a plan sent, not suspended)."""
    if cycle.plan is None:
        return []
    at, period = year_end(cycle), period_of(cycle)
    ctx = Context.build(at=at, period=period)
    if lines is None:
        lines = PlanLine.objects.filter(agency_plan__cycle=cycle, suspended=False).exclude(
            agency_plan__status__in=["draft"])
    rows = list(lines.values_list("pk", "agency_plan__unit_id", "learners", "target_codes"))
    named = defaultdict(set)
    for line_id, person_id in PlanLine.people.through.objects.filter(
            planline_id__in=[r[0] for r in rows]).values_list("planline_id", "person_id"):
        named[line_id].add(person_id)
    result = []
    for target in cycle.plan.targets.order_by("order", "code"):
        spec = target.spec or {}
        measure = spec.get("measure") or {}
        if measure.get("kind") in (None, "count") or (spec.get("goal") or {}).get("unit") != "percent":
            continue
        serving = [r for r in rows if target.code in (r[3] or [])]
        try:
            figures = evaluate_target(spec, at=at, period=period, code=target.code, text=target.text, ctx=ctx)
            added = _added(spec, ctx, serving, named, figures) if serving else 0
        except TargetError:
            continue
        den, num = figures["denominator"] or 0, figures["numerator"]
        result.append(Projection(target.code, target.text, float(figures["goal"]["min"]), den, _value(num, den),
                                 _value(min(num + added, den), den), added))
    return result


def _added(spec: dict, ctx: Context, serving: list, named: dict, figures: dict) -> int:
    pop = spec.get("population") or {}
    people = set().union(*(named[r[0]] for r in serving))
    in_gap: dict[int | None, int] = defaultdict(int)
    if people:
        gap = population_periods(pop, ctx).filter(~Q(measure_condition(spec["measure"], ctx, pop)),
                                                  person_id__in=people)
        for uid, n in gap.values("unit_id").annotate(n=Count("person_id", distinct=True)).values_list("unit_id", "n"):
            in_gap[ctx.top_level(uid)] += n
    unnamed: dict[int, int] = defaultdict(int)
    for line_id, agency_id, learners, _codes in serving:
        if not named[line_id]:
            unnamed[agency_id] += learners
    lacking = {}
    codes = {info.code: uid for uid, info in ctx.units.items()}
    for row in figures["by_unit"]:
        uid = codes.get(row["unit"])
        lacking[uid] = (row["denominator"] or 0) - row["numerator"]
    total = 0
    for agency in set(in_gap) | set(unnamed):
        named_here = in_gap.get(agency, 0)
        room = max(lacking.get(agency, 0) - named_here, 0)
        total += named_here + min(unnamed.get(agency, 0), room)
    return total
