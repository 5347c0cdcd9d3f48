"""The target engine: one target spec (docs/target-language.md) and a date in, plain figures out.

Cost per target: ONE aggregate query grouped by the person's unit (percent goals: the population's
service periods on the date with a conditional COUNT; count goals: lượt or classes), folded in
memory into top-level agencies (the total is their sum); plus, only when a target is neither met
nor past its deadline and its measure is a state (no window start), one more such query one year
earlier for the forecast. A plan evaluation shares the tree look-ups (three small queries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q

from apps.organization.models import Unit
from apps.targets.context import Context, TargetError, as_date, shift_years
from apps.targets.counts import count_by_unit
from apps.targets.measures import Window, measure_condition, window_of
from apps.targets.parts import expand, parent_code
from apps.targets.population import Scanned, population_periods

GOAL_UNITS = {"percent", "people", "lượt", "classes"}
# from best to worst; no_population: nobody to count (an empty population), said apart from "met"
STATUS_ORDER = ["no_population", "met", "not_due", "at_risk", "not_met"]
SPEC_KEYS = {"code", "text", "section", "group", "note", "population", "measure", "goal", "deadline", "each_unit",
             "forecast", "part_of", "aspirational"}
DEFAULT_TOLERANCE = 10  # percent of the goal an approximate goal ("khoảng 6.500") may fall short by


def default_tolerance() -> float:
    """settings.DTBD_TARGET_TOLERANCE (env DTBD_TARGET_TOLERANCE_PERCENT), else 10%."""
    return getattr(settings, "DTBD_TARGET_TOLERANCE", DEFAULT_TOLERANCE)


@dataclass(frozen=True)
class Goal:
    min: float
    max: float | None
    unit: str
    per: str | None
    about: bool = False
    tolerance: float = 0

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"

    @property
    def threshold(self) -> Fraction:
        """The least value that meets the goal, exactly: ``min``, or for an approximate goal
        ``min × (1 − tolerance/100)``."""
        low = Fraction(str(self.min))
        return low * (1 - Fraction(str(self.tolerance)) / 100) if self.about else low

    def as_dict(self) -> dict:
        data: dict = {"min": self.min, "max": self.max, "unit": self.unit}
        if self.per:
            data["per"] = self.per
        if self.about:
            data["about"] = True
            data["tolerance"] = self.tolerance
            data["threshold"] = float(self.threshold)
        return data


@dataclass
class Figures:
    """Numerator and denominator (None for counts) of the total or of one agency."""

    numerator: int
    denominator: int | None

    def value(self) -> float | None:
        if self.denominator is None:
            return float(self.numerator)
        if not self.denominator:
            return None
        return self.numerator * 100 / self.denominator


def parse_goal(goal: dict) -> Goal:
    if not isinstance(goal, dict) or "min" not in goal or goal.get("unit") not in GOAL_UNITS:
        raise TargetError("goal: cần {min: …, unit: percent|people|lượt|classes}.")
    per = goal.get("per")
    if per not in (None, "year"):
        raise TargetError(f"goal.per: “{per}” không hợp lệ (chỉ nhận year).")
    about = bool(goal.get("about"))
    if "tolerance" in goal and not about:
        raise TargetError("goal.tolerance: chỉ dùng với about: true (mục tiêu “khoảng”).")
    tolerance = _num(goal["tolerance"] if goal.get("tolerance") is not None else default_tolerance()) if about else 0
    if not 0 <= tolerance < 100:
        raise TargetError("goal.tolerance: phải từ 0 đến dưới 100 (phần trăm của mục tiêu).")
    return Goal(_num(goal["min"]), _num(goal["max"]) if goal.get("max") is not None else None, goal["unit"], per,
                about, tolerance)


def _num(value) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


def deadline_of(deadline: dict | None, ctx: Context) -> dt.date:
    """The date the target must hold by, seen from ``ctx.at`` (yearly deadlines: this year's)."""
    if not deadline or deadline.get("end_of_period"):
        return ctx.period[1]
    if deadline.get("every") == "year":
        year = min(ctx.at.year, ctx.period[1].year)  # after the period: its last year's deadline
        if deadline.get("by"):
            try:
                month, day = (int(p) for p in str(deadline["by"]).split("-"))
                return dt.date(year, month, day)
            except ValueError:
                raise TargetError(f"deadline.by: “{deadline['by']}” không phải dạng MM-DD.") from None
        return dt.date(year, 12, 31)
    if "by" in deadline:
        return as_date(deadline["by"], "deadline.by")
    if "after_years" in deadline:  # "sơ kết sau 3 năm": three whole years of the plan
        from apps.plans.deadlines import after_years_due

        return after_years_due(int(deadline["after_years"]), ctx.period[0])
    raise TargetError("deadline: cần {every: year}, {by: YYYY-MM-DD}, {after_years: N} hoặc {end_of_period: true}.")


def reaches(figures: Figures, goal: Goal) -> bool:
    """Exact comparison (no rounding): numerator/denominator ≥ min%, or count ≥ min (for an
    approximate goal, the threshold below min). An empty population reaches nothing: its status
    is ``no_population``."""
    if figures.denominator is None:
        return figures.numerator >= goal.threshold
    if not figures.denominator:
        return False
    return figures.numerator * 100 >= goal.threshold * figures.denominator


def rounded(value: float | None, goal: Goal) -> float | int | None:
    if value is None:
        return None
    if not goal.is_percent:
        return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- the one query ------------------------------------------------------------------------------


def figures_by_unit(spec: dict, ctx: Context, window: Window) -> dict[int | None, Figures]:
    """{unit id: Figures} on ``ctx.at``: one GROUP BY query over people (or lượt, or classes)."""
    pop = spec.get("population") or {}
    measure = spec.get("measure") or {}
    if measure.get("kind") == "count":
        return {uid: Figures(n, None) for uid, n in count_by_unit(measure, pop, window, ctx).items()}
    meets = measure_condition(measure, ctx, pop)
    rows = (population_periods(pop, ctx).annotate(group=Scanned("unit_id")).values("group")
            .annotate(den=Count("person_id", distinct=True), num=Count("person_id", distinct=True, filter=Q(meets)))
            .values_list("group", "den", "num"))
    return {uid: Figures(num, den) for uid, den, num in rows}


def fold_top_level(rows: dict[int | None, Figures], ctx: Context, counts: bool) -> dict[int | None, Figures]:
    """Sum unit rows into their top-level agency of ``ctx.at`` (None: no unit that day), or, when
    restricted to a unit, into its direct sub-units and itself (``Context.top_level``)."""
    tops: dict[int | None, Figures] = {}
    for uid, fig in rows.items():
        top = ctx.top_level(uid)
        acc = tops.setdefault(top, Figures(0, None if counts else 0))
        acc.numerator += fig.numerator
        if not counts:
            acc.denominator = (acc.denominator or 0) + (fig.denominator or 0)
    return tops


def total_of(tops: dict[int | None, Figures], counts: bool) -> Figures:
    return Figures(sum(f.numerator for f in tops.values()),
                   None if counts else sum(f.denominator or 0 for f in tops.values()))


# --- status and forecast ------------------------------------------------------------------------


def forecast_value(fig: Figures, before: Figures | None, window: Window, ctx: Context, due: dt.date) -> float | None:
    """Linear forecast of the value on ``due`` (see docs/target-language.md, "forecast")."""
    value = fig.value()
    if value is None or due <= ctx.at:
        return value
    if window.pace_start is not None:
        elapsed = (ctx.at - window.pace_start).days + 1
        if elapsed <= 0:
            return None
        projected = value * ((due - window.pace_start).days + 1) / elapsed
    else:
        previous = before.value() if before is not None else None
        if previous is None:
            return value
        projected = value + (value - previous) * (due - ctx.at).days / 365
    return min(projected, 100.0) if fig.denominator is not None else projected


def status_of(fig: Figures, goal: Goal, due: dt.date, at: dt.date, forecast: float | None) -> str:
    if fig.denominator == 0:
        return "no_population"
    if reaches(fig, goal):
        return "met"
    if due <= at:
        return "not_met"
    if forecast is None or forecast >= goal.threshold:
        return "not_due"
    return "at_risk"


def worst(statuses: list[str]) -> str:
    return max(statuses, key=STATUS_ORDER.index)


# --- public entry points ------------------------------------------------------------------------


def evaluate_target(spec: dict, *, at: dt.date, period: tuple[dt.date, dt.date], unit: Unit | None = None,
                    code: str = "", text: str = "", ctx: Context | None = None,
                    plan_specs: dict[str, dict] | None = None) -> dict:
    """The result of one target on ``at`` (shape in docs/target-language.md). One aggregate query,
    plus one for a state measure's forecast when needed. Raises TargetError on a bad spec.
    ``plan_specs`` ({code: spec} of the plan's targets) is needed only for a ``part_of`` target."""
    ctx = ctx or Context.build(at=at, period=period, unit=unit)
    parent = parent_code(spec)
    spec = expand(spec, plan_specs)
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise TargetError(f"Chỉ tiêu {code}: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    if spec.get("forecast", "linear") != "linear":
        raise TargetError(f"forecast: “{spec['forecast']}” không hợp lệ (chỉ có linear).")
    goal = parse_goal(spec.get("goal") or {})
    due = deadline_of(spec.get("deadline"), ctx)
    window = window_of(spec.get("measure") or {}, ctx, spec.get("population") or {}, per_year=goal.per == "year")
    counts = (spec.get("measure") or {}).get("kind") == "count"
    tops = fold_top_level(figures_by_unit(spec, ctx, window), ctx, counts)
    total = total_of(tops, counts)
    before_tops = _before(spec, ctx, window, tops, goal, due, counts)
    result = _figures_dict(total, goal, due, ctx, window, None if before_tops is None else total_of(before_tops, counts))
    by_unit = [_unit_row(uid, fig, goal, due, ctx, window, before_tops, counts, spec.get("each_unit"))
               for uid, fig in tops.items()]
    by_unit.sort(key=lambda row: row.pop("_sort"))
    if spec.get("each_unit") and ctx.rows_of is ctx.top_of and result["status"] != "no_population":
        # by agency; restricted to one, its total decides
        result["status"] = worst([result["status"]] + [r["status"] for r in by_unit if r["denominator"] != 0])
    found = {"code": code or spec.get("code", ""), "text": text or spec.get("text", ""),
             "denominator": result["denominator"], "numerator": result["numerator"], "value": result["value"],
             "goal": goal.as_dict(), "deadline": due.isoformat(), "status": result["status"],
             "forecast": result["forecast"], "by_unit": by_unit}
    if parent:
        found["part_of"] = parent
    if spec.get("aspirational"):
        found["aspirational"] = True
    return found


def _before(spec, ctx, window, tops, goal, due, counts) -> dict | None:
    """The same figures one year earlier, read only when a state measure needs a forecast."""
    if window.pace_start is not None or due <= ctx.at:
        return None
    total = total_of(tops, counts)
    if total.denominator == 0 or (reaches(total, goal) and not spec.get("each_unit")):
        return None  # nobody to count, or met: no forecast to make
    earlier = ctx.moved_to(shift_years(ctx.at, -1))
    earlier_window = window_of(spec.get("measure") or {}, earlier, spec.get("population") or {},
                               per_year=goal.per == "year")
    return fold_top_level(figures_by_unit(spec, earlier, earlier_window), ctx, counts)


def _figures_dict(fig: Figures, goal: Goal, due, ctx, window, before: Figures | None) -> dict:
    forecast = forecast_value(fig, before, window, ctx, due)
    status = status_of(fig, goal, due, ctx.at, forecast)
    if status in ("met", "not_met"):
        forecast = fig.value()
    return {"denominator": fig.denominator, "numerator": fig.numerator, "value": rounded(fig.value(), goal),
            "status": status, "forecast": rounded(forecast, goal)}


def _unit_row(uid, fig, goal, due, ctx, window, before_tops, counts, each_unit) -> dict:
    info = ctx.units.get(uid) if uid is not None else None
    before = (before_tops or {}).get(uid)
    data = _figures_dict(fig, goal, due, ctx, window, before)
    own = info is not None and ctx.unit is not None and uid == ctx.unit.pk  # its own office, first
    name = info.name if info else "Chưa xác định đơn vị"
    return {"unit": info.code if info else None, "name": f"Cơ quan {name}" if own else name,
            "denominator": data["denominator"], "numerator": data["numerator"], "value": data["value"],
            "status": data["status"] if (not counts or each_unit) else None,
            "_sort": (info is None, not own, info.sort_key if info else "")}


def evaluate_plan(plan, *, at: dt.date, unit: Unit | None = None) -> dict:
    """Every target of ``plan`` (in plan order) on ``at``: {"plan", "at", "targets"}. The tree is
    read once; then one query per target (two for a state measure's forecast)."""
    period = (plan.period_start, plan.period_end)
    ctx = Context.build(at=at, period=period, unit=unit)
    rows = list(plan.targets.order_by("order", "code"))
    specs = {t.code: t.spec for t in rows}
    targets = [evaluate_target(t.spec, at=at, period=period, unit=unit, code=t.code, text=t.text, ctx=ctx,
                               plan_specs=specs)
               for t in rows]
    return {"plan": plan.code, "at": at.isoformat(), "targets": targets}
