"""The target engine: one target spec (docs/target-language.md) and a date in, plain figures out.

Cost per target: ONE aggregate query grouped by the person's unit (percent goals: the population's
service periods on the date with a conditional COUNT; count goals: lượt or classes), folded in
memory into top-level agencies (the total is their sum); plus, only when a target is neither met
nor past its deadline and its measure is a state (no window start), one more such query one year
earlier for the forecast. A plan evaluation shares the tree look-ups (three small queries).
"""

from __future__ import annotations

import contextlib
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
from apps.targets.onepass import OnePass, run_passes
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


@dataclass(frozen=True)
class Prepared:
    """A target read and checked, before any query: its effective spec (parts expanded), goal,
    deadline and window on the context's date."""

    code: str
    text: str
    spec: dict
    parent: str | None
    goal: Goal
    due: dt.date
    window: Window
    counts: bool


def prepare_target(spec: dict, ctx: Context, *, code: str = "", text: str = "",
                   plan_specs: dict[str, dict] | None = None) -> Prepared:
    """Check ``spec`` and read its goal, deadline and window on ``ctx.at``. No query on people
    (a ``part_of`` is expanded from ``plan_specs``). Raises TargetError on a bad spec."""
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
    return Prepared(code or spec.get("code", ""), text or spec.get("text", ""), spec, parent, goal, due, window,
                    counts)


def evaluate_target(spec: dict, *, at: dt.date, period: tuple[dt.date, dt.date], unit: Unit | None = None,
                    code: str = "", text: str = "", ctx: Context | None = None,
                    plan_specs: dict[str, dict] | None = None) -> dict:
    """The result of one target on ``at`` (shape in docs/target-language.md). One aggregate query,
    plus one for a state measure's forecast when needed. Raises TargetError on a bad spec.
    ``plan_specs`` ({code: spec} of the plan's targets) is needed only for a ``part_of`` target.
    The per-target reference: :func:`evaluate_together` gives the same results in one pass."""
    ctx = ctx or Context.build(at=at, period=period, unit=unit)
    prepared = prepare_target(spec, ctx, code=code, text=text, plan_specs=plan_specs)
    tops = fold_top_level(figures_by_unit(prepared.spec, ctx, prepared.window), ctx, prepared.counts)
    before_tops = None
    if needs_before(prepared, ctx, tops):
        earlier = ctx.moved_to(shift_years(ctx.at, -1))
        rows = figures_by_unit(prepared.spec, earlier, earlier_window(prepared, earlier))
        before_tops = fold_top_level(rows, ctx, prepared.counts)
    return assemble(prepared, ctx, tops, before_tops)


def assemble(prepared: Prepared, ctx: Context, tops: dict[int | None, Figures],
             before_tops: dict[int | None, Figures] | None) -> dict:
    """The result dict of a target from its agency rows (and those of one year earlier when its
    forecast needs them). Pure."""
    spec, goal, due, window, counts = prepared.spec, prepared.goal, prepared.due, prepared.window, prepared.counts
    total = total_of(tops, counts)
    result = _figures_dict(total, goal, due, ctx, window, None if before_tops is None else total_of(before_tops, counts))
    by_unit = [_unit_row(uid, fig, goal, due, ctx, window, before_tops, counts, spec.get("each_unit"))
               for uid, fig in tops.items()]
    by_unit.sort(key=lambda row: row.pop("_sort"))
    if spec.get("each_unit") and ctx.rows_of is ctx.top_of and result["status"] != "no_population":
        # by agency; restricted to one, its total decides
        result["status"] = worst([result["status"]] + [r["status"] for r in by_unit if r["denominator"] != 0])
    found = {"code": prepared.code, "text": prepared.text,
             "denominator": result["denominator"], "numerator": result["numerator"], "value": result["value"],
             "goal": goal.as_dict(), "deadline": due.isoformat(), "status": result["status"],
             "forecast": result["forecast"], "by_unit": by_unit}
    if prepared.parent:
        found["part_of"] = prepared.parent
    if spec.get("aspirational"):
        found["aspirational"] = True
    return found


def needs_before(prepared: Prepared, ctx: Context, tops: dict[int | None, Figures]) -> bool:
    """Whether the forecast needs the figures one year earlier: a state measure (no window
    start), before its deadline, with people to count and not met (or judged agency by agency)."""
    if not may_need_before(prepared, ctx):
        return False
    total = total_of(tops, prepared.counts)
    return not (total.denominator == 0 or (reaches(total, prepared.goal) and not prepared.spec.get("each_unit")))


def may_need_before(prepared: Prepared, ctx: Context) -> bool:
    """What :func:`needs_before` can tell before any figure: a state measure before its deadline."""
    return prepared.window.pace_start is None and prepared.due > ctx.at


def earlier_window(prepared: Prepared, earlier: Context) -> Window:
    """The target's window as of ``earlier``'s date (for the forecast's figures)."""
    spec = prepared.spec
    return window_of(spec.get("measure") or {}, earlier, spec.get("population") or {},
                     per_year=prepared.goal.per == "year")


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


def evaluate_plan(plan, *, at: dt.date, unit: Unit | None = None, one_pass: bool = False) -> dict:
    """Every target of ``plan`` (in plan order) on ``at``: {"plan", "at", "targets"}. The tree is
    read once; then one query per target (two for a state measure's forecast). ``one_pass``:
    :func:`evaluate_together` instead, every percent target from a handful of statements read once
    for the whole plan — the same results (tested), measured about as fast as target by target at
    60,000 people (SQLite 1.0–1.5×, PostgreSQL 0.9–1.1×; bench/RESULTS.md, "a plan in one pass"),
    not the 0.5× that would make it worth the default."""
    period = (plan.period_start, plan.period_end)
    ctx = Context.build(at=at, period=period, unit=unit)
    rows = list(plan.targets.order_by("order", "code"))
    specs = {t.code: t.spec for t in rows}
    if one_pass:
        targets = evaluate_together([(t.spec, t.code, t.text) for t in rows], ctx, specs)
    else:
        targets = [evaluate_target(t.spec, at=at, period=period, unit=unit, code=t.code, text=t.text, ctx=ctx,
                                   plan_specs=specs)
                   for t in rows]
    return {"plan": plan.code, "at": at.isoformat(), "targets": targets}


def evaluate_together(items: list[tuple[dict, str, str]], ctx: Context,
                      plan_specs: dict[str, dict] | None = None) -> list[dict]:
    """The results of several targets ((spec, code, text), in order) on ``ctx.at``, exactly as
    :func:`evaluate_target` gives them one by one, computed together: every percent target from a
    handful of statements (:class:`~apps.targets.onepass.OnePass`: the population and the
    per-person training facts read once), a count goal one query each. The figures one year
    earlier that a state measure's forecast may need are a second pass read in the same periods
    and facts statements (:func:`~apps.targets.onepass.run_passes`), used only where the forecast
    needs them. Raises TargetError on a bad spec."""
    prepared: list[Prepared] = []
    main = OnePass(ctx)
    earlier: Context | None = None
    second: OnePass | None = None
    slots: list[int | dict] = []
    earlier_slots: dict[int, int] = {}
    for i, (spec, code, text) in enumerate(items):
        p = prepare_target(spec, ctx, code=code, text=text, plan_specs=plan_specs)
        prepared.append(p)
        slots.append(figures_by_unit(p.spec, ctx, p.window) if p.counts else main.add(p.spec))
        if not p.counts and may_need_before(p, ctx):  # read with the main pass, used if needed
            if second is None:
                earlier = ctx.moved_to(shift_years(ctx.at, -1))
                second = OnePass(earlier)
            with contextlib.suppress(TargetError):  # raised below as the engine would, if ever needed
                earlier_slots[i] = second.add(p.spec)
    figures, *later = run_passes([main] if second is None else [main, second])
    earlier_figures = later[0] if later else []
    tops = [fold_top_level(_rows_of(slot, figures), ctx, p.counts) for p, slot in zip(prepared, slots, strict=True)]
    before: dict[int, dict[int | None, Figures]] = {}
    for i, p in enumerate(prepared):
        if not needs_before(p, ctx, tops[i]):
            continue
        if p.counts or i not in earlier_slots:
            if earlier is None:
                earlier = ctx.moved_to(shift_years(ctx.at, -1))
            rows = figures_by_unit(p.spec, earlier, earlier_window(p, earlier))
        else:
            rows = _rows_of(earlier_slots[i], earlier_figures)
        before[i] = fold_top_level(rows, ctx, p.counts)
    return [assemble(p, ctx, tops[i], before.get(i)) for i, p in enumerate(prepared)]


def _rows_of(slot: int | dict, figures: list[dict[int | None, tuple[int, int]]]) -> dict[int | None, Figures]:
    """A count goal's own rows, or a percent target's rows from the pass's figures."""
    if isinstance(slot, dict):
        return slot
    return {uid: Figures(num, den) for uid, (den, num) in figures[slot].items()}
