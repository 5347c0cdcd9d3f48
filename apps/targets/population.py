"""The ``population`` of a target as a filter on ``ServicePeriod`` rows (docs/target-language.md).

A person is in the population on a date when a service period of theirs covers that date (periods
end when people retire, leave or transfer out) and its attributes match. Everything here builds
``Q`` objects; no person is ever loaded. Lookups of codes (units, ethnicities) are small queries
on reference tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual, In, LessThan, LessThanOrEqual

from apps.core.vn import fold
from apps.organization.models import Unit
from apps.people.models import CouncilMembership, Ethnicity, Position, Rank, ServicePeriod
from apps.targets.context import Context, TargetError, shift_years

POPULATION_KEYS = {
    "categories", "levels", "units", "include_subunits", "unit_kinds", "working_area", "ethnicities",
    "gender", "age", "ranks", "positions", "key_commune", "in_succession_plan", "council_term",
}
AREA_FLAGS = {
    "remote": "unit__is_remote",
    "especially_difficult": "unit__is_especially_difficult",
    "ethnic_minority": "unit__is_ethnic_minority_area",
}
KINH = "kinh"


class Scanned(Func):
    """A column read as is, but on SQLite written ``+column`` so that no index can serve a test or
    a GROUP BY on it. A population is a large share of all service periods: SQLite would otherwise
    walk the (valid_from) or (unit) index and fetch the rows one by one, 2–3× slower than reading
    the table straight through (bench/RESULTS.md, targets section). PostgreSQL plans from its
    statistics and gets the plain column."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def in_force_on(day: dt.date) -> Q:
    """``ServicePeriod.objects.on(day)`` as a Q read by a table scan (see :class:`Scanned`)."""
    return Q(LessThanOrEqual(Scanned("valid_from"), day)) & (
        Q(valid_to__isnull=True) | Q(GreaterThanOrEqual(Scanned("valid_to"), day)))


def population_periods(pop: dict, ctx: Context) -> QuerySet[ServicePeriod]:
    """Service periods in force on ``ctx.at`` of the people in the population (one per person),
    restricted to ``ctx.unit``'s subtree when given. A lazy QuerySet: no query is run here."""
    periods = ServicePeriod.objects.filter(in_force_on(ctx.at), person__joined_on__lte=ctx.at)
    periods = periods.filter(population_q(pop, ctx, ctx.at))
    scope = ctx.scope_ids()
    return periods if scope is None else periods.filter(unit_id__in=scope)


class AtStart:
    """``day`` for :func:`population_q` inside a lượt's subquery: the age and the council seat are
    read on the outer lượt's own start date (``population_at: start`` of a count goal)."""

    def __repr__(self) -> str:
        return "AT_START"


AT_START = AtStart()


def age_on(day_expr, birth="person__birth_date"):
    """Age in whole years on ``day_expr`` (an SQL date) of the row's person: the difference of the
    years, less one before the birthday (month·100 + day compared). Portable (SQLite, PostgreSQL)."""
    def month_day(expr):
        return ExtractMonth(expr) * 100 + ExtractDay(expr)

    before_birthday = Case(When(LessThan(month_day(day_expr), month_day(F(birth))), then=Value(1)),
                           default=Value(0), output_field=IntegerField())
    return ExtractYear(day_expr) - ExtractYear(F(birth)) - before_birthday


def population_q(pop: dict, ctx: Context, day: dt.date | AtStart) -> Q:
    """The attribute part of the population as a Q over ServicePeriod; ``day`` dates the council
    seat and the age (``AT_START``: the outer lượt's start date). Unit sets come from ``ctx``'s tree."""
    unknown = set(pop) - POPULATION_KEYS
    if unknown:
        raise TargetError(f"population: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    q = Q()
    for key, value in pop.items():
        builder = _BUILDERS.get(key)
        if builder is not None:
            q &= builder(value, pop, ctx, day)
    return q


def _as_list(value, key: str) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value:
        raise TargetError(f"population.{key}: cần một danh sách không rỗng.")
    return value


def _categories(value, pop, ctx, day) -> Q:
    return Q(category__in=_as_list(value, "categories"))


def _levels(value, pop, ctx, day) -> Q:
    return Q(level__in=_as_list(value, "levels"))


def _units(value, pop, ctx: Context, day) -> Q:
    codes = _as_list(value, "units")
    ids = dict(Unit.objects.filter(code__in=codes).values_list("code", "id"))
    missing = [c for c in codes if c not in ids]
    if missing:
        raise TargetError(f"population.units: không có đơn vị mã “{', '.join(missing)}”.")
    unit_ids = set(ids.values())
    if pop.get("include_subunits", True):
        for uid in list(unit_ids):
            unit_ids |= ctx.subtree(uid)
    return Q(unit_id__in=unit_ids)


# Attributes of the unit, rank and position are tested as ``fk IN (SELECT id …)`` rather than by a
# join: the lists are small and SQLite then keeps scanning the periods first (measured: 3× faster).


def _unit_kinds(value, pop, ctx, day) -> Q:
    return Q(unit_id__in=Unit.objects.filter(kind__in=_as_list(value, "unit_kinds")).values("id"))


def _working_area(value, pop, ctx, day) -> Q:
    q = Q()
    for flag in _as_list(value, "working_area"):
        if flag not in AREA_FLAGS:
            raise TargetError(f"population.working_area: “{flag}” không hợp lệ.")
        q |= Q(**{AREA_FLAGS[flag].removeprefix("unit__"): True})
    return Q(unit_id__in=Unit.objects.filter(q).values("id"))


def ethnicity_ids(codes: list[str]) -> dict[str, int]:
    """{code: id} accepting the statistics code ("05") or the folded name ("KHMER", "BRU_VAN_KIEU")."""
    known: dict[str, int] = {}
    for pk, code, name in Ethnicity.objects.values_list("id", "code", "name"):
        known[code.upper()] = pk
        known["_".join(w for w in fold(name).replace("-", " ").split()).upper()] = pk
    missing = [c for c in codes if str(c).upper() not in known]
    if missing:
        raise TargetError(f"population.ethnicities: không có dân tộc mã “{', '.join(missing)}”.")
    return {c: known[str(c).upper()] for c in codes}


def _ethnicities(value, pop, ctx, day) -> Q:
    if value == "minority":
        return ~Q(person__ethnicity__name__iexact=KINH)
    # Scanned: most people are of a few ethnicities; probing people by ethnicity is the slow way
    return Q(In(Scanned("person__ethnicity_id"), sorted(set(ethnicity_ids(_as_list(value, "ethnicities")).values()))))


def _gender(value, pop, ctx, day) -> Q:
    if value not in ("nam", "nu"):
        raise TargetError("population.gender: chỉ nhận “nam” hoặc “nu”.")
    return Q(person__gender=value)


def _age(value, pop, ctx, day: dt.date) -> Q:
    """Age in whole years on ``day``, bounds inclusive, as bounds on the birth date."""
    if not isinstance(value, dict) or not set(value) <= {"min", "max"}:
        raise TargetError("population.age: cần dạng {min: …, max: …}.")
    if isinstance(day, AtStart):
        age = age_on(OuterRef("start_date"))
        q = Q()
        if value.get("min") is not None:
            q &= Q(GreaterThanOrEqual(age, int(value["min"])))
        if value.get("max") is not None:
            q &= Q(LessThanOrEqual(age, int(value["max"])))
        return q
    q = Q()
    if value.get("min") is not None:
        q &= Q(person__birth_date__lte=shift_years(day, -int(value["min"])))
    if value.get("max") is not None:
        q &= Q(person__birth_date__gt=shift_years(day, -int(value["max"]) - 1))
    return q


def _ranks(value, pop, ctx, day) -> Q:
    return Q(rank_id__in=Rank.objects.filter(code__in=[str(v) for v in _as_list(value, "ranks")]).values("id"))


def _positions(value, pop, ctx, day) -> Q:
    if value == "any":
        return Q(position_id__in=Position.objects.filter(is_leadership=True).values("id"))
    return Q(position_id__in=Position.objects.filter(code__in=_as_list(value, "positions")).values("id"))


def _key_commune(value, pop, ctx, day) -> Q:
    key = Q(position_id__in=Position.objects.filter(is_key_commune=True).values("id"))
    return key if value else ~key


def _in_succession_plan(value, pop, ctx, day) -> Q:
    return Q(in_succession_plan=bool(value))


def _council_term(value, pop, ctx, day) -> Q:
    if isinstance(day, AtStart):
        day = OuterRef(OuterRef("start_date"))
    seats = CouncilMembership.objects.filter(person=OuterRef("person_id"), term=str(value), valid_from__lte=day)
    return Q(Exists(seats.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))))


_BUILDERS = {
    "categories": _categories,
    "levels": _levels,
    "units": _units,
    "unit_kinds": _unit_kinds,
    "working_area": _working_area,
    "ethnicities": _ethnicities,
    "gender": _gender,
    "age": _age,
    "ranks": _ranks,
    "positions": _positions,
    "key_commune": _key_commune,
    "in_succession_plan": _in_succession_plan,
    "council_term": _council_term,
}
