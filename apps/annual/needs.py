"""Training needs for next year (nhu cầu đào tạo, bồi dưỡng): computed from what dtbd knows and
stated in the survey, added up per agency × programme × category.

Computed needs are *branches*, each a condition over the service periods in force on 31/12 of the
plan year and the catalogue programme that answers it:

* every percent target of the cycle's multi-year plan: its population, NOT meeting its measure on
  31/12 of the year (the target engine's own ``population_q`` and ``measure_condition``), answered
  by the programme its training filter (or the qualification it asks) names;
* the standard of the person's rank, and of their leadership position (``apps.standards``);
* "trained before appointment": people in the succession pool without leadership fostering;
* the yearly minimum for civil servants (Decree 171/2025, ``cycle.min_hours`` tiết from
  ``cycle.min_hours_from``; none for public employees): civil servants short of it in the year.

Stated needs (``StatedNeed``) are one more branch per programme: the people who asked for it.

Cost: ONE query over the service periods of the date with a boolean per branch, folded in memory
(a person needing the same programme for two reasons counts once), one for the stated wishes, and
the small reads of the catalogue, the plan's targets and the tree. No query per person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.db.models.functions import Coalesce

from apps.annual.models import AnnualCycle, StatedNeed
from apps.organization.models import Level
from apps.people.models import Category, Ethnicity, Position, ServicePeriod
from apps.targets.context import Context, TargetError
from apps.targets.measures import measure_condition
from apps.targets.population import in_force_on, population_q
from apps.training.models import (
    Enrollment,
    EnrollmentStatus,
    FosteringFamily,
    Programme,
    ProgrammeKind,
)

NAMED_MAX = 30  # lines with at most this many learners list them by name


@dataclass(frozen=True)
class Branch:
    key: str  # "target:CODE", "standard:rank", "standard:position", "succession", "min_hours", "stated"
    label: str
    programme_id: int
    q: Q
    target_code: str = ""


@dataclass
class Need:
    """One agency × programme × category: the draft of a plan line."""

    agency_id: int
    programme_id: int
    category: str
    learners: int = 0
    leaders: int = 0
    women: int = 0
    ethnic: int = 0
    commune: int = 0
    self_funded: int = 0
    stated: int = 0
    target_codes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    quarter: int | None = None
    form_id: int | None = None


def year_end(cycle: AnnualCycle) -> dt.date:
    return dt.date(cycle.year, 12, 31)


def period_of(cycle: AnnualCycle) -> tuple[dt.date, dt.date]:
    """The multi-year plan's period, stretched to the plan year when the year lies past it (so
    yearly targets are read for that year)."""
    end = year_end(cycle)
    if cycle.plan is None:
        return dt.date(cycle.year, 1, 1), end
    return cycle.plan.period_start, max(cycle.plan.period_end, end)


# --- which programme answers what -------------------------------------------------------------


def programmes_for_training(training: dict, programmes: list[Programme]) -> list[Programme]:
    """Every programme of ``programmes`` (in their order) whose lượt would count for ``training``."""
    def fits(p: Programme) -> bool:
        return ((not training.get("programme_kinds") or p.kind in training["programme_kinds"])
                and (not training.get("fostering_families") or p.fostering_family in training["fostering_families"])
                and (not training.get("degree_levels") or p.degree_level in training["degree_levels"])
                and (not training.get("programmes") or p.code in training["programmes"])
                and (not training.get("content_areas") or bool(_area_codes(p) & set(training["content_areas"]))))
    return [p for p in programmes if fits(p)]


def _area_codes(p: Programme) -> frozenset[str]:
    """The codes of ``p``'s (prefetched) content areas, read once per instance: building the related
    manager for every (target, programme) pair was a third of the CPU of building the branches."""
    codes = p.__dict__.get("_area_codes")
    if codes is None:
        codes = p.__dict__["_area_codes"] = frozenset(a.code for a in p.content_areas.all())
    return codes


def _programme_for_training(training: dict, programmes: list[Programme]) -> Programme | None:
    return next(iter(programmes_for_training(training, programmes)), None)


def _programme_for_level(dimension: str, level: str, programmes: list[Programme]) -> Programme | None:
    granting = [p for p in programmes if p.grants_level is not None and p.grants_level.dimension == dimension]
    wanted = next((p.grants_level.rank for p in granting if p.grants_level.code == level), None)
    if wanted is None:
        return None
    fitting = sorted((p for p in granting if p.grants_level.rank >= wanted), key=lambda p: p.grants_level.rank)
    return fitting[0] if fitting else None


def _programme_of_family(family: str, programmes: list[Programme]) -> Programme | None:
    return next((p for p in programmes if p.kind == ProgrammeKind.FOSTERING and p.fostering_family == family), None)


def catalogue() -> list[Programme]:
    """Active programmes, fostering first (a need is answered by the shortest fitting course)."""
    return list(Programme.objects.filter(active=True).select_related("grants_level")
                .prefetch_related("content_areas").order_by("-kind", "code"))


def programme_for(measure: dict, programmes: list[Programme]) -> Programme | None:
    kind = measure.get("kind")
    if kind in ("trained", "hours"):
        return _programme_for_training(measure.get("training") or {}, programmes)
    if kind == "qualification":
        return _programme_for_level(measure.get("dimension", ""), measure.get("level", ""), programmes)
    return None


# --- branches ---------------------------------------------------------------------------------


def branches(cycle: AnnualCycle, programmes: list[Programme] | None = None) -> list[Branch]:
    """Every computed need of the cycle and the stated ones, as conditions over service periods
    (no query is run here but the catalogue's and the plan's targets)."""
    programmes = catalogue() if programmes is None else programmes
    at = year_end(cycle)
    found = target_branches(cycle, programmes)
    found += _standard_branches(at, programmes)
    found += _succession_branch(at, programmes)
    found += _min_hours_branch(cycle, programmes)
    found += _stated_branches(cycle)
    return found


def target_branches(cycle: AnnualCycle, programmes: list[Programme]) -> list[Branch]:
    """One branch per percent target of the cycle's plan with a programme that closes it: the
    target's population on 31/12 not meeting its measure (counts have no gap list; standards are
    their own branches)."""
    if cycle.plan is None:
        return []
    at = year_end(cycle)
    ctx = Context.build(at=at, period=period_of(cycle))
    found: list[Branch] = []
    for target in cycle.plan.targets.order_by("order", "code"):
        spec = target.spec or {}
        measure = spec.get("measure") or {}
        if measure.get("kind") in (None, "count", "standard", "standard_before_appointment"):
            continue
        programme = programme_for(measure, programmes)
        if programme is None:
            continue
        try:
            pop = spec.get("population") or {}
            q = population_q(pop, ctx, at) & ~Q(measure_condition(measure, ctx, pop))
        except TargetError:
            continue
        found.append(Branch(f"target:{target.code}", f"Chỉ tiêu {target.code}", programme.pk, q, target.code))
    return found


def _standard_branches(at: dt.date, programmes: list[Programme]) -> list[Branch]:
    from apps.standards.selectors import failing_standard

    result = []
    for of, family, label in (("rank", FosteringFamily.RANK_STANDARD, "Tiêu chuẩn ngạch, chức danh"),
                              ("position", FosteringFamily.LEADERSHIP, "Tiêu chuẩn chức vụ lãnh đạo, quản lý")):
        programme = _programme_of_family(family, programmes)
        if programme is not None:
            result.append(Branch(f"standard:{of}", label, programme.pk,
                                 failing_standard(at=at, of=of, person="person_id")))  # type: ignore[arg-type]
    return result


def _succession_branch(at: dt.date, programmes: list[Programme]) -> list[Branch]:
    programme = _programme_of_family(FosteringFamily.LEADERSHIP, programmes)
    if programme is None:
        return []
    fostered = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__lte=at,
                                         programme__fostering_family=FosteringFamily.LEADERSHIP)
    q = Q(in_succession_plan=True) & ~Q(person_id__in=fostered.values("person_id"))
    return [Branch("succession", "Bồi dưỡng trước khi bổ nhiệm (trong quy hoạch)", programme.pk, q)]


def _min_hours_branch(cycle: AnnualCycle, programmes: list[Programme]) -> list[Branch]:
    at = year_end(cycle)
    if not cycle.min_hours or cycle.min_hours_from > at:
        return []
    programme = _programme_of_family(FosteringFamily.JOB_POSITION, programmes)
    if programme is None:
        return []
    start = max(dt.date(cycle.year, 1, 1), cycle.min_hours_from)
    enough = (Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__gte=start, completed_on__lte=at)
              .values("person_id").annotate(total=Sum(Coalesce("hours", 0))).filter(total__gte=cycle.min_hours)
              .values("person_id"))
    q = Q(category=Category.CIVIL_SERVANT) & ~Q(person_id__in=enough)
    return [Branch("min_hours", f"Tối thiểu {cycle.min_hours} tiết/năm (công chức)", programme.pk, q)]


def _stated_branches(cycle: AnnualCycle) -> list[Branch]:
    ids = StatedNeed.objects.filter(cycle=cycle).values_list("programme_id", flat=True).distinct()
    return [Branch("stated", "Nhu cầu đăng ký", pid,
                   Q(person_id__in=StatedNeed.objects.filter(cycle=cycle, programme_id=pid).values("person_id")))
            for pid in sorted(set(ids))]


# --- adding up --------------------------------------------------------------------------------


def _periods(at: dt.date, unit_ids: set[int] | None):
    periods = ServicePeriod.objects.filter(in_force_on(at), person__joined_on__lte=at)
    return periods if unit_ids is None else periods.filter(unit_id__in=unit_ids)


def compute_needs(cycle: AnnualCycle, *, agency_id: int | None = None) -> list[Need]:
    """Needs of every agency (or one) for ``cycle.year``, ordered by agency, programme, category.

    ONE query over the service periods in force on 31/12 of the year, each row carrying a boolean
    per branch (every subquery is computed once for the query; the standards' checks are
    correlated on the row, as in the target engine), folded in memory per agency × programme ×
    category: distinct people (one period per person on the date), leaders, women, ethnic
    minorities, commune level, the targets served and, for lines of at most ``NAMED_MAX``, who."""
    at = year_end(cycle)
    ctx = Context.build(at=at, period=period_of(cycle))
    scope = None if agency_id is None else ctx.resolving_into(ctx.subtree(agency_id))
    all_branches = branches(cycle)
    if not all_branches:
        return []
    flags = {f"b{i}": ExpressionWrapper(b.q, output_field=BooleanField()) for i, b in enumerate(all_branches)}
    leaders = set(Position.objects.filter(is_leadership=True).values_list("id", flat=True))
    kinh = Ethnicity.objects.filter(name="Kinh").values_list("id", flat=True).first()
    rows = (_periods(at, scope).annotate(**flags)
            .values_list("unit_id", "category", "person_id", "person__gender", "person__ethnicity_id", "position_id",
                         "level", *flags))
    needs: dict[tuple[int, int, str], Need] = {}
    tops: dict[int, int | None] = {}
    for unit_id, category, person_id, gender, ethnicity, position, level, *hits in rows.iterator(chunk_size=5000):
        if not any(hits):
            continue
        top = tops[unit_id] if unit_id in tops else tops.setdefault(unit_id, ctx.top_level(unit_id))
        if top is None:
            continue
        done: set[int] = set()
        for branch, hit in zip(all_branches, hits, strict=True):
            if not hit:
                continue
            need = needs.get((top, branch.programme_id, category))
            if need is None:
                need = needs[(top, branch.programme_id, category)] = Need(top, branch.programme_id, category)
            if branch.target_code and branch.target_code not in need.target_codes:
                need.target_codes.append(branch.target_code)
            if branch.label not in need.reasons:
                need.reasons.append(branch.label)
            if branch.programme_id in done:
                continue  # the same person needing one programme for two reasons counts once
            done.add(branch.programme_id)
            need.learners += 1
            need.leaders += position in leaders
            need.women += gender == "nu"
            need.ethnic += ethnicity != kinh
            need.commune += level == Level.COMMUNE
            if need.learners <= NAMED_MAX:
                need.person_ids.append(person_id)
    for need in needs.values():
        need.target_codes.sort()
        if need.learners > NAMED_MAX:
            need.person_ids = []
    _add_stated(cycle, ctx, needs, scope)
    return sorted(needs.values(), key=lambda n: (ctx.units[n.agency_id].sort_key, n.programme_id, n.category))


def _add_stated(cycle: AnnualCycle, ctx: Context, needs: dict, scope: set[int] | None) -> None:
    """Self-funding, the preferred quarter and form, from the wishes (one query)."""
    wishes = StatedNeed.objects.filter(cycle=cycle)
    if scope is not None:
        wishes = wishes.filter(person__unit_id__in=scope)
    quarters: dict[tuple, Counter] = defaultdict(Counter)
    forms: dict[tuple, Counter] = defaultdict(Counter)
    for uid, category, pid, self_fund, quarter, form_id in wishes.values_list(
            "person__unit_id", "person__category", "programme_id", "self_fund", "quarter", "form_id"):
        key = (ctx.top_level(uid), pid, category)
        need = needs.get(key)
        if need is None:
            continue
        need.stated += 1
        need.self_funded += int(self_fund)
        if quarter:
            quarters[key][quarter] += 1
        if form_id:
            forms[key][form_id] += 1
    for key, counter in quarters.items():
        needs[key].quarter = counter.most_common(1)[0][0]
    for key, counter in forms.items():
        needs[key].form_id = counter.most_common(1)[0][0]
