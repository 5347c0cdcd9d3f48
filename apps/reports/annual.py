"""Annual statistics (thống kê kết quả đào tạo, bồi dưỡng) for a period and a unit.

Cost, whatever the number of people: ONE grouped read of the period's lượt folded in Python
(``fold.fold``: every slice of ``luot.slices``, the content areas and the countries, and the years
for a review); one grouped query for classes by organiser and one by provider; one for the class
budgets and one for the costs of lượt taken outside the system's classes, both by funding source;
one count for the yearly minimum; and the headline fold again for the year before. No loop over
people. ``aggregate_by_q`` is the same figures from the slices' Q objects in one aggregate (a
``COUNT(DISTINCT …) FILTER`` pair per slice, what the names pages filter by): the tests hold the
two equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from apps.organization.models import Unit
from apps.people.models import Category, ServicePeriod
from apps.reports.fold import Folded, fold
from apps.reports.luot import Slice, luot_of, slices
from apps.reports.selection import Selection
from apps.reports.shares import shares
from apps.targets.population import in_force_on
from apps.training.models import (
    ClassBudget,
    ClassStatus,
    ContentArea,
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    FundingSource,
    ProgrammeKind,
    Provider,
    TrainingClass,
)

MIN_HOURS = 40  # tiết of fostering a civil servant must complete each year (Decree 171/2025, configurable)
MIN_HOURS_FROM = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Cell:
    """One figure: lượt and distinct people of a slice (dim, value) — the names page key."""

    dim: str
    value: str
    label: str
    luot: int
    people: int


@dataclass(frozen=True)
class ClassRow:
    key: int
    label: str
    classes: int
    luot: int


@dataclass(frozen=True)
class SourceRow:
    code: str
    label: str
    planned: int
    amount: int  # actual (thực chi): class budgets' actual amounts + costs of lượt outside classes
    share: Decimal  # percent of the actual total, one decimal, the shares add up to 100.0


@dataclass(frozen=True)
class Minimum:
    applies: bool
    hours: int
    civil_servants: int
    met: int

    @property
    def short(self) -> int:
        return self.civil_servants - self.met


@dataclass
class AnnualStats:
    sel: Selection
    cells: dict[tuple[str, str], Cell]
    areas: list[Cell]
    countries: list[Cell]
    by_organiser: list[ClassRow]
    by_provider: list[ClassRow]
    sources: list[SourceRow]
    minimum: Minimum
    previous: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, dim: str, value: str = "") -> Cell:
        return self.cells.get((dim, value)) or Cell(dim, value, "", 0, 0)

    def dim(self, dim: str) -> list[Cell]:
        return [c for (d, _v), c in self.cells.items() if d == dim]

    @property
    def luot(self) -> int:
        return self.cell("all").luot

    @property
    def people(self) -> int:
        return self.cell("all").people

    @property
    def abroad(self) -> int:
        return self.cell("place", "nuoc_ngoai").luot

    @property
    def classes(self) -> int:
        return sum(r.classes for r in self.by_organiser)

    @property
    def spent(self) -> int:
        return sum(r.amount for r in self.sources)

    @property
    def planned(self) -> int:
        return sum(r.planned for r in self.sources)


def aggregate_by_q(sel: Selection, cuts: list[Slice]) -> dict[tuple[str, str], Cell]:
    """The figures of ``cuts`` from their Q objects: one aggregate with a FILTERed (lượt, distinct
    people) pair per slice. The reference the fold is tested against (slower: one distinctness
    tree per slice in the database)."""
    aggregates = {}
    for i, s in enumerate(cuts):
        aggregates[f"l{i}"] = Count("id", filter=s.q) if s.q else Count("id")
        aggregates[f"p{i}"] = Count("person_id", distinct=True, filter=s.q) if s.q else Count("person_id", distinct=True)
    row = luot_of(sel).aggregate(**aggregates)
    return {(s.dim, s.value): Cell(s.dim, s.value, s.label, row[f"l{i}"] or 0, row[f"p{i}"] or 0)
            for i, s in enumerate(cuts)}


def _cells(folded: Folded, cuts: list[Slice]) -> dict[tuple[str, str], Cell]:
    return {(s.dim, s.value): Cell(s.dim, s.value, s.label, *folded.get((s.dim, s.value))) for s in cuts}


def _areas(folded: Folded) -> list[Cell]:
    return [Cell("area", code, name, *folded.get(("area", code))) for code, name in
            ContentArea.objects.order_by("order", "code").values_list("code", "name") if ("area", code) in folded.luot]


def _countries(folded: Folded) -> list[Cell]:
    return [Cell("country", name, name, n, folded.people[("country", name)])
            for (dim, name), n in sorted(folded.luot.items()) if dim == "country"]


def year_cuts(sel: Selection) -> list[Slice]:
    """One slice per calendar year of the period (a review's breakdown; the fold counts them)."""
    return [Slice("year", str(y), str(y), Q(completed_on__gte=dt.date(y, 1, 1), completed_on__lte=dt.date(y, 12, 31)))
            for y in range(sel.start.year, sel.end.year + 1)]


def classes_of(sel: Selection):
    """Classes (not cancelled) that ended in the period, organised by a unit of the selection."""
    qs = TrainingClass.objects.exclude(status=ClassStatus.CANCELLED).filter(end_date__gte=sel.start,
                                                                            end_date__lte=sel.end)
    return qs if sel.unit_ids is None else qs.filter(organiser_id__in=sorted(sel.unit_ids))


def _class_rows(sel: Selection, field_name: str, names: dict[int, str]) -> list[ClassRow]:
    done = Q(enrollments__status=EnrollmentStatus.COMPLETED)
    rows = (classes_of(sel).values(field_name)
            .annotate(n=Count("id", distinct=True), luot=Count("enrollments", filter=done))
            .values_list(field_name, "n", "luot"))
    out = [ClassRow(key, names.get(key, str(key)), n, luot) for key, n, luot in rows]
    return sorted(out, key=lambda r: (-r.classes, r.label))


def _sources(sel: Selection) -> list[SourceRow]:
    budgets = (ClassBudget.objects.filter(training_class__in=classes_of(sel)).values("funding_source")
               .annotate(planned=Sum("planned_amount"), actual=Sum("actual_amount"))
               .values_list("funding_source", "planned", "actual"))
    planned: dict[str, int] = {}
    actual: dict[str, int] = {}
    for src, p, a in budgets:
        planned[src], actual[src] = int(p or 0), int(a or 0)
    outside = (EnrollmentCost.objects.filter(enrollment__in=luot_of(sel).filter(training_class__isnull=True)
                                             .values("id"))
               .values("funding_source").annotate(total=Sum("amount")).values_list("funding_source", "total"))
    for src, total in outside:
        actual[src] = actual.get(src, 0) + int(total or 0)
    codes = [s for s in FundingSource.values if planned.get(s) or actual.get(s)]
    parts = shares([actual.get(s, 0) for s in codes]) if sum(actual.values()) else shares([planned.get(s, 0) for s in codes])
    return [SourceRow(s, FundingSource(s).label, planned.get(s, 0), actual.get(s, 0), share)
            for s, share in zip(codes, parts, strict=True)]


def minimum_of(sel: Selection, hours: int = MIN_HOURS) -> Minimum:
    """Civil servants in service on the period's last day (in the selection's units) and how many
    completed at least ``hours`` tiết of fostering in the period (from 1/7/2025, Decree 171/2025).
    Two counts over the service periods of that day."""
    if sel.end < MIN_HOURS_FROM:
        return Minimum(False, hours, 0, 0)
    start = max(sel.start, MIN_HOURS_FROM)
    enough = (Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__gte=start,
                                        completed_on__lte=sel.end, programme__kind=ProgrammeKind.FOSTERING)
              .values("person_id").annotate(total=Sum(Coalesce("hours", 0))).filter(total__gte=hours)
              .values("person_id"))
    periods = ServicePeriod.objects.filter(in_force_on(sel.end), category=Category.CIVIL_SERVANT)
    if sel.unit_ids is not None:
        periods = periods.filter(unit_id__in=sorted(sel.unit_ids))
    row = periods.aggregate(n=Count("person_id", distinct=True),
                            met=Count("person_id", distinct=True, filter=Q(person_id__in=enough)))
    return Minimum(True, hours, row["n"], row["met"])


HEADLINE = frozenset({"all", "category", "place", "kind"})  # compared with the year before


def annual_stats(sel: Selection, *, compare: bool = True, by_year: bool = False,
                 flat: bool | None = None) -> AnnualStats:
    """``by_year``: a cell ("year", "2023") per calendar year of the period (the review's years,
    from the same read). ``flat``: read the flat copy of the lượt (None: when it is fresh)."""
    from apps.reports.flat import flat_fresh

    flat = flat_fresh() if flat is None else flat
    cuts = slices() + (year_cuts(sel) if by_year else [])
    folded = fold(sel, by_year=by_year, flat=flat)
    units = dict(Unit.objects.values_list("id", "name"))
    providers = dict(Provider.objects.values_list("id", "name"))
    stats = AnnualStats(
        sel=sel, cells=_cells(folded, cuts), areas=_areas(folded), countries=_countries(folded),
        by_organiser=_class_rows(sel, "organiser_id", units), by_provider=_class_rows(sel, "provider_id", providers),
        sources=_sources(sel), minimum=minimum_of(sel))
    if compare:
        headline = [s for s in cuts if s.dim in HEADLINE]
        stats.previous = _cells(fold(sel.previous(), dims=HEADLINE, flat=flat), headline)
    return stats


def as_json(stats: AnnualStats) -> dict:
    """The CLI's ``--json`` contract: ``lượt``, ``people``, ``abroad``, ``by_category``,
    ``by_funding_source`` (amount, share in percent with one decimal), ``classes``."""
    sel = stats.sel

    def cells(dim: str) -> list[dict]:
        return [{"code": c.value, "label": c.label, "lượt": c.luot, "people": c.people} for c in stats.dim(dim)]

    prev = stats.previous.get(("all", ""))
    return {
        "period": {"from": sel.start.isoformat(), "to": sel.end.isoformat()},
        "unit": sel.unit_code or None,
        "lượt": stats.luot, "people": stats.people, "abroad": stats.abroad,
        "by_category": cells("category"), "by_level": cells("level"), "by_kind": cells("kind"),
        "by_degree": cells("degree"), "by_family": cells("family"), "by_form": cells("form"),
        "by_place": cells("place"), "by_leader": cells("leader"),
        "women": stats.cell("women", "nu").luot, "ethnic_minorities": stats.cell("minority", "dtts").luot,
        "by_content_area": [{"code": c.value, "label": c.label, "lượt": c.luot, "people": c.people} for c in stats.areas],
        "by_country": [{"country": c.value, "lượt": c.luot, "people": c.people} for c in stats.countries],
        "by_funding_source": [{"code": r.code, "label": r.label, "planned": r.planned, "amount": r.amount,
                               "share": float(r.share)} for r in stats.sources],
        "spending": {"planned": stats.planned, "amount": stats.spent},
        "classes": {"total": stats.classes,
                    "by_organiser": [{"unit": r.label, "classes": r.classes, "lượt": r.luot} for r in stats.by_organiser],
                    "by_provider": [{"provider": r.label, "classes": r.classes, "lượt": r.luot} for r in stats.by_provider]},
        "minimum_hours": {"applies": stats.minimum.applies, "hours": stats.minimum.hours,
                          "civil_servants": stats.minimum.civil_servants, "met": stats.minimum.met},
        "previous": {"lượt": prev.luot, "people": prev.people} if prev else None,
    }


CACHE_SECONDS = 60 * 60


def annual_stats_cached(sel: Selection) -> AnnualStats:
    """``annual_stats(sel)`` kept in the shared cache under the period, the units counted and the
    ``apps.results.versions.write_stamp()`` (any recorded change to people, training or the tree gives
    fresh figures), so a page opened again, its downloads and its names' back link cost a few
    MAX(id) look-ups instead of the aggregates."""
    from django.core.cache import cache

    from apps.core.caching import cache_key
    from apps.results.versions import write_stamp

    units = "*" if sel.unit_ids is None else ",".join(map(str, sorted(sel.unit_ids)))
    key = cache_key("reports.annual", sel.start, sel.end, units, write_stamp())
    stats = cache.get(key)
    if stats is None:
        stats = annual_stats(sel)
        cache.set(key, stats, CACHE_SECONDS)
    else:
        stats.sel = sel  # the requester's own selection (scope), the figures are the same
    return stats
