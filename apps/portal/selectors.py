"""The learner's own page: only the signed-in learner's person, never anyone else's.

What they still need reuses the annual cycle's computed needs (``apps.annual.needs``): the plan
targets that count them and that they do not meet, the standards of their rank and position, the
"trained before appointment" rule of the succession pool and the yearly minimum of tiết for civil
servants (Decree 171/2025) — each a condition over service periods, evaluated here on the one
person's period in force on 31/12 of this year (ONE query with a boolean per branch), each with the
catalogue programme that answers it and that programme's upcoming classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.people.models import Category, Person, ServicePeriod
from apps.training.models import (
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    Programme,
    TrainingClass,
)


def own_person(actor) -> Person:
    """The learner's own record; 404 when the account has none (or is not a learner's)."""
    scope = scope_of(actor)
    scope.require(Perm.OWN_PAGE)
    person = (Person.objects.filter(pk=scope.person_id).select_related("unit").first()
              if scope.is_learner and scope.person_id else None)
    if person is None:
        raise Http404("Tài khoản chưa gắn với hồ sơ cán bộ.")
    return person


def own_instructor(actor):
    """The instructor an instructor's account is linked to; 404 when none."""
    from apps.training.models import Instructor

    scope = scope_of(actor)
    scope.require(Perm.TEACHING_PAGE)
    instructor = (Instructor.objects.filter(pk=scope.instructor_id).select_related("provider").first()
                  if scope.is_instructor and scope.instructor_id else None)
    if instructor is None:
        raise Http404("Tài khoản chưa gắn với giảng viên.")
    return instructor


@dataclass
class NeedItem:
    key: str
    label: str
    details: list[str] = field(default_factory=list)
    programme: Programme | None = None
    classes: list[TrainingClass] = field(default_factory=list)


@dataclass
class Hours:
    applies: bool
    done: int
    minimum: int
    basis: str

    @property
    def short(self) -> int:
        return max(self.minimum - self.done, 0)


def _cycle(year: int):
    """This year's annual cycle, or an unsaved one with the defaults (the plan in force today)."""
    from apps.annual.models import AnnualCycle
    from apps.plans.models import Plan

    cycle = AnnualCycle.objects.filter(year=year).select_related("plan").first()
    if cycle is None:
        day = dt.date(year, 12, 31)
        plan = Plan.objects.filter(period_start__lte=day, period_end__gte=dt.date(year, 1, 1)).order_by(
            "-period_start").first()
        cycle = AnnualCycle(year=year, plan=plan)
    return cycle


def _branches(cycle, programmes: list[Programme] | None = None) -> list:
    """The plan-target and standard branches of ``apps.annual.needs.branches`` for ``cycle`` (saved
    or not); succession, the yearly minimum and the stated wishes are decided per person elsewhere
    (``_direct_hits``) or not shown here."""
    from apps.annual import needs

    programmes = needs.catalogue() if programmes is None else programmes
    return needs.target_branches(cycle, programmes) + needs._standard_branches(needs.year_end(cycle), programmes)


def _own_rows(person: Person) -> list[tuple[str, dt.date | None, int | None, str]]:
    """(status, completed on, hours, fostering family) of the person's enrollments: read by the
    person index alone (a filter on the status lets SQLite pick the status index and scan)."""
    return list(Enrollment.objects.filter(person_id=person.pk).order_by()
                .values_list("status", "completed_on", "hours", "programme__fostering_family"))


def hours_this_year(person: Person, cycle, rows: list | None = None) -> Hours:
    start = max(dt.date(cycle.year, 1, 1), cycle.min_hours_from)
    end = dt.date(cycle.year, 12, 31)
    rows = _own_rows(person) if rows is None else rows
    done = sum(h or 0 for status, on, h, _f in rows
               if status == EnrollmentStatus.COMPLETED and on is not None and start <= on <= end)
    applies = person.category == Category.CIVIL_SERVANT and bool(cycle.min_hours) and cycle.min_hours_from <= end
    return Hours(applies, int(done), int(cycle.min_hours or 0), cycle.min_hours_basis)


CACHE_SECONDS = 10 * 60
Hit = tuple[str, str, int, str]  # branch key, label, programme id, target code


# this process's (catalogue, branches, their query), by cycle, day and data version
_BRANCHES: dict[tuple, tuple[list[Programme], list, tuple[str, tuple] | None]] = {}
ANYONE = -2_000_000_011  # the learner's id in the query compiled once (no id, count, hour or year equals it)


def _shared(cycle, today: dt.date, stamp) -> tuple[list[Programme], list, tuple[str, tuple] | None]:
    """The catalogue (``apps.annual.needs.catalogue``), the plan-target and standard branches of
    ``cycle`` and their per-person query compiled to SQL (``_compiled``): the same for every
    learner, built once per process, day and data version (about a dozen small queries: the
    catalogue, the unit tree, the plan's targets, the standards), then shared, read only, by every
    learner's request. The conditions are lazy querysets inside Q objects, never evaluated here."""
    from apps.annual import needs

    key = (cycle.year, cycle.pk or 0, getattr(cycle, "plan_id", None), today, stamp)
    found = _BRANCHES.get(key)
    if found is None:
        programmes = needs.catalogue()
        branches = _branches(cycle, programmes)
        found = (programmes, branches, _compiled(cycle, branches) if branches else None)
        _BRANCHES.clear()  # one version at a time: an older one is never asked again
        _BRANCHES[key] = found
    return found


def _compiled(cycle, branches: list) -> tuple[str, tuple]:
    """(SQL, parameters) of the one-row query of ``_hits`` for the learner ``ANYONE``: the period in
    force on 31/12 of the year with a boolean per branch, each branch restricted to the learner
    (``for_one_person``). Compiling it is most of the CPU of a learner's needs, and only the
    learner's id changes between learners (``_hits`` puts it in place of ``ANYONE``)."""
    from apps.annual.needs import year_end
    from apps.targets.population import in_force_on

    flags = {f"b{i}": ExpressionWrapper(for_one_person(b.q, ANYONE), output_field=BooleanField())
             for i, b in enumerate(branches)}
    row = (ServicePeriod.objects.filter(in_force_on(year_end(cycle)), person_id=ANYONE).annotate(**flags)
           .values_list(*flags))
    sql, params = (row if row.ordered else row.order_by("pk"))[:1].query.sql_with_params()  # as .first()
    assert ANYONE in params, "the learner's id must be a parameter"
    return sql, tuple(params)


def _hits(person: Person, cycle, today: dt.date, stamp: str | None = None) -> list[Hit]:
    """The plan-target and standard branches ``person`` falls in on 31/12 of the year: ONE query
    over their period with a boolean per branch, each branch's subqueries restricted to the one
    person (``for_one_person``), compiled once per process and data version (``_compiled``). Not
    cached here: ``needs_of`` caches the whole answer. The succession and yearly-minimum rules are
    decided per person directly (``_direct_hits``)."""
    from django.db import connection

    from apps.results.versions import write_stamp

    _programmes, branches, compiled = _shared(cycle, today, write_stamp() if stamp is None else stamp)
    if compiled is None:
        return []
    sql, params = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [person.pk if p == ANYONE else p for p in params])
        row = cursor.fetchone()
    return [(b.key, b.label, b.programme_id, b.target_code)
            for b, hit in zip(branches, row or (), strict=False) if hit]


PERSON_IN = ("person_id__in", "person__in", "person__pk__in", "person__id__in")


def for_one_person(q, person_id: int):
    """``q`` (a condition over service periods) for rows of the one person ``person_id``: every
    uncorrelated ``person_id IN (subquery)`` gets ``WHERE person_id = …`` inside the subquery, so
    the database reads that person's rows instead of computing the set over everyone (the
    targets' measures over every enrollment, about 1.5 s at 60,000 people). The same answer for
    that person's rows: ``x IN S`` with x = the person equals ``x IN (S restricted to x)``; any
    other child (correlated Exists, Subquery comparisons) is kept as it is."""
    if isinstance(q, Q):
        return Q(*(for_one_person(c, person_id) for c in q.children), _connector=q.connector, _negated=q.negated)
    if isinstance(q, tuple) and len(q) == 2 and q[0] in PERSON_IN and isinstance(q[1], QuerySet) \
            and _has_person(q[1].model):
        return (q[0], q[1].filter(person_id=person_id))
    return q


def _has_person(model) -> bool:
    from django.core.exceptions import FieldDoesNotExist

    try:
        return model._meta.get_field("person").is_relation
    except FieldDoesNotExist:  # a subquery over something else (units, ranks)
        return False


def _direct_hits(person: Person, cycle, hours: Hours, rows: list, programmes: list[Programme]) -> list[Hit]:
    """Succession pool without leadership fostering, and the yearly minimum (civil servants): one
    small query on the one person's period and their enrollments ``rows`` (the same rules as
    ``apps.annual.needs``); ``programmes`` is the catalogue."""
    from apps.annual import needs
    from apps.training.models import FosteringFamily

    at = needs.year_end(cycle)
    found: list[Hit] = []
    period = ServicePeriod.objects.on(at).filter(person=person).values_list("in_succession_plan", flat=True).first()
    if period:
        done = any(status == EnrollmentStatus.COMPLETED and on is not None and on <= at
                   and family == FosteringFamily.LEADERSHIP for status, on, _h, family in rows)
        if not done:
            p = needs._programme_of_family(FosteringFamily.LEADERSHIP, programmes)
            if p is not None:
                found.append(("succession", "Bồi dưỡng trước khi bổ nhiệm (trong quy hoạch)", p.pk, ""))
    if hours.applies and hours.done < hours.minimum:
        p = needs._programme_of_family(FosteringFamily.JOB_POSITION, programmes)
        if p is not None:
            found.append(("min_hours", f"Tối thiểu {cycle.min_hours} tiết/năm (công chức)", p.pk, ""))
    return found


def needs_of(person: Person, today: dt.date) -> tuple[list[NeedItem], Hours]:
    """What ``person`` still needs this year, each with the programme that closes it and its upcoming
    classes; and their hours against the yearly minimum. Cached whole per person, day and data
    version (``apps.results.versions.write_stamp``: any recorded write changes it, a new class or
    enrollment included), so a warm page reads three rows here: the cycle, the stamp, the cache."""
    from django.core.cache import cache

    from apps.core.caching import cache_key
    from apps.results.versions import write_stamp

    cycle = _cycle(today.year)
    stamp = write_stamp()
    key = cache_key("portal-page-needs", person.pk, cycle.year, cycle.pk or 0, today.isoformat(), stamp)
    found = cache.get(key)
    if found is None:
        found = _needs(person, cycle, today, stamp)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _needs(person: Person, cycle, today: dt.date, stamp: str) -> tuple[list[NeedItem], Hours]:
    from apps.plans.models import PlanTarget

    catalogue = _shared(cycle, today, stamp)[0]
    rows = _own_rows(person)
    hours = hours_this_year(person, cycle, rows)
    hits = _hits(person, cycle, today, stamp) + _direct_hits(person, cycle, hours, rows, catalogue)
    items: list[NeedItem] = []
    if hits:
        programmes = Programme.objects.in_bulk({pid for _k, _l, pid, _t in hits})
        upcoming: dict[int, list[TrainingClass]] = {}
        for c in (TrainingClass.objects.filter(programme_id__in=list(programmes), start_date__gte=today,
                                               status__in=(ClassStatus.PLANNED, ClassStatus.OPEN))
                  .select_related("provider").order_by("start_date", "code")[:200]):
            upcoming.setdefault(c.programme_id, []).append(c)
        texts, specs = {}, {}
        if cycle.plan is not None:
            for code, text, spec in PlanTarget.objects.filter(
                    plan=cycle.plan, code__in=[t for *_x, t in hits if t]).values_list("code", "text", "spec"):
                texts[code], specs[code] = text, spec
        gaps = _standard_texts(person, today) if any(k.startswith("standard:") for k, *_x in hits) else {}
        better = _programmes_for_person(person, specs, catalogue)
        if better:
            programmes.update(Programme.objects.in_bulk(set(better.values()) - set(programmes)))
            for c in (TrainingClass.objects.filter(programme_id__in=set(better.values()) - set(upcoming),
                                                   start_date__gte=today,
                                                   status__in=(ClassStatus.PLANNED, ClassStatus.OPEN))
                      .select_related("provider").order_by("start_date", "code")[:200]):
                upcoming.setdefault(c.programme_id, []).append(c)
        for key, label, pid, target in hits:
            pid = better.get(target, pid) if target else pid
            item = NeedItem(key, label, programme=programmes.get(pid), classes=upcoming.get(pid, [])[:5])
            if target and target in texts:
                item.label = f"Chỉ tiêu {target}: {texts[target]}"
            if key.startswith("standard:"):
                item.details = gaps.get(key.split(":")[1], [])
            items.append(item)
    return items, hours


WORDS_OF_FIELD = {  # words of a unit's name → words of the programmes meant for its staff
    "y tế": ("y tế", "bệnh viện"), "giáo viên": ("trường", "giáo dục"),
}


def _suits(person: Person, programme: Programme) -> int:
    """How well a programme suits ``person`` (lower is better): a commune-level or another sector's
    course is a poor answer; one named for the person's category or sector a good one."""
    name = programme.name.lower()
    unit = (person.unit.name if person.unit_id and person.unit else "").lower()
    commune = bool(person.unit_id and person.unit and person.unit.level == "commune")
    score = 0
    if "cấp xã" in name and not commune:
        score += 3
    for field_word, unit_words in WORDS_OF_FIELD.items():
        if field_word in name:
            score += -2 if any(w in unit for w in unit_words) else 2
    if person.category == Category.PUBLIC_EMPLOYEE and "viên chức" in name:
        score -= 1
    if person.category == Category.CIVIL_SERVANT and "công chức" in name:
        score -= 1
    return score


def _programmes_for_person(person: Person, specs: dict[str, dict], programmes: list[Programme]) -> dict[str, int]:
    """{target code: programme id}: of the programmes of the catalogue ``programmes`` that would
    close each target of ``specs``, the one that suits ``person`` best (the catalogue's order
    breaks ties, as for the annual needs)."""
    from apps.annual import needs

    out: dict[str, int] = {}
    for code, spec in specs.items():
        measure = (spec or {}).get("measure") or {}
        if measure.get("kind") not in ("trained", "hours"):
            continue
        fitting = needs.programmes_for_training(measure.get("training") or {}, programmes)
        if fitting:
            out[code] = min(enumerate(fitting), key=lambda x: (_suits(person, x[1]), x[0]))[1].pk
    return out


def _standard_texts(person: Person, today: dt.date) -> dict[str, list[str]]:
    from apps.standards.selectors import person_standards_section

    result: dict[str, list[str]] = {}
    for check in person_standards_section(person, at=today):
        result["rank" if check.kind == "Ngạch" else "position"] = [g.text for g in check.gaps]
    return result


def classes_of(person: Person):
    return (Enrollment.objects.filter(person=person).select_related("training_class", "programme", "provider")
            .order_by("-start_date"))
