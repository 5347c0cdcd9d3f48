"""Reads of standards, and who meets them. The people selectors are set-based: they add a NOT
EXISTS over the person's service periods to the queryset they are given and never load people, so
the target engine can count or group their result in one SQL query. Every correlation inside is a
plain column reference (no scalar subquery repeated), so the cost per person is a handful of
index probes: periods by person, standards by rank/position, requirements, qualifications and
enrollments by person.

How a person is judged against a standard on a day D:

- the rank (position) is the one of the service period covering D (``ServicePeriod``);
- the standard is the one for that rank (position) in force on D; should two overlap (the services
  refuse it), the one that took effect last wins;
- every requirement is met by a qualification of its dimension obtained on or before D whose
  level ``rank`` is at least the minimum's (legacy levels compare by their rank);
- a required fostering family is met by a completed enrollment in a programme of that family,
  completed on or before D.

**No standard, nothing required**: a person with no rank (position) on D, or whose rank (position)
has no standard in force on D, counts as meeting it. A target "meet the standard of their rank"
measures the standards that exist; people outside them are not failures of training. The
population of a target decides who is counted at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import DateField, Exists, F, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import Exact

from apps.core.vn import format_date
from apps.people.models import (
    Dimension,
    Person,
    Position,
    Qualification,
    Rank,
    ServicePeriod,
)
from apps.standards.models import Standard, StandardRequirement
from apps.training.models import Enrollment, EnrollmentStatus, FosteringFamily

Of = Literal["rank", "position", "both"]
Subject = Literal["rank", "position"]
FOSTERING = "boi_duong"  # Gap.dimension of a missing fostering certificate
DIMENSION_ORDER = {value: i for i, value in enumerate(Dimension.values)}

# An expression seen from a subquery ``depth`` levels below the row it is about.
Ref = Callable[[int], Any]


def _column(name: str) -> Ref:
    """A column of the anchoring row, wrapped in one OuterRef per level of nesting."""
    def ref(depth: int) -> Any:
        expr: Any = name
        for _ in range(depth):
            expr = OuterRef(expr)
        return expr
    return ref


def _fixed(day: dt.date) -> Ref:
    return lambda depth: Value(day, output_field=DateField())


def _appointment_day(depth: int) -> Any:
    """The period's recorded appointment date, or its first day when unknown."""
    return Coalesce(_column("position_appointed_on")(depth), _column("valid_from")(depth))


# --- standards --------------------------------------------------------------------------------


def standards_list() -> QuerySet[Standard]:
    """Every standard with its subject and requirements (two queries once iterated)."""
    return Standard.objects.select_related("rank", "position").prefetch_related("requirements__min_level")


def standard_in_force(*, at: dt.date, rank: Rank | None = None, position: Position | None = None) -> Standard | None:
    """The standard of ``rank`` or ``position`` in force on ``at`` (the latest to take effect), or None."""
    if (rank is None) == (position is None):
        raise ValueError("Give exactly one of rank and position.")
    subject = {"rank": rank} if rank is not None else {"position": position}
    return (Standard.objects.in_force(at).filter(**subject).prefetch_related("requirements__min_level")
            .order_by("-effective_from", "-pk").first())


# --- who meets a standard (set-based) -----------------------------------------------------------


def _in_force(day: Ref, depth: int) -> Q:
    return Q(effective_from__lte=day(depth)) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day(depth)))


def _completed() -> Q:
    """status = 'completed', written so that no index on ``status`` can serve it: without
    statistics SQLite otherwise reads all completed enrollments (index status, completed_on) for
    each person instead of the person's own few (index person, start_date)."""
    if connection.vendor != "sqlite":  # PostgreSQL plans from statistics: the plain test is best there
        return Q(status=EnrollmentStatus.COMPLETED)
    return Q(Exact(Concat(F("status"), Value("")), Value(EnrollmentStatus.COMPLETED.value)))


def _failing_standard(subject: Subject, day: Ref) -> Exists:
    """EXISTS, for the anchoring service-period row, the standard of its rank (position) in force on
    ``day`` with a requirement its person did not hold by ``day`` or a fostering they had not
    completed by then. ``day`` is given by nesting depth (a constant, or columns of the row)."""
    field, person = f"{subject}_id", _column("person_id")
    newer = Standard.objects.filter(_in_force(day, 2), **{field: OuterRef(field)},
                                    effective_from__gt=OuterRef("effective_from"))
    held = Qualification.objects.filter(
        person_id=person(3), dimension=OuterRef("dimension"), level__rank__gte=OuterRef("min_level__rank"),
        obtained_on__lte=day(3))
    unmet = StandardRequirement.objects.filter(standard_id=OuterRef("pk")).filter(~Exists(held))
    fostered = Enrollment.objects.filter(
        _completed(), person_id=person(2), completed_on__lte=day(2),
        programme__fostering_family=OuterRef("required_fostering"))
    standards = Standard.objects.filter(_in_force(day, 1), **{field: OuterRef(field)}).filter(~Exists(newer))
    return Exists(standards.filter(Q(Exists(unmet)) | (~Q(required_fostering="") & ~Exists(fostered))))


def failing_standard(*, at: dt.date, of: Of, person: str = "pk") -> Q:
    """A condition on rows that carry a person id in column ``person`` (``"pk"`` on Person,
    ``"person_id"`` on a service period or any row about a person): true when that person, on
    ``at``, fails the standard in force of the rank (``of="rank"``), the leadership position
    (``"position"``) or either (``"both"``) they held on ``at``. Correlated on the row, so a
    target counts only its own population (not all people). No query until used."""
    subjects: tuple[Subject, ...] = ("rank", "position") if of == "both" else (of,)
    q = Q()
    for subject in subjects:
        failing = ServicePeriod.objects.on(at).filter(person_id=OuterRef(person)).filter(
            _failing_standard(subject, _fixed(at)))
        q |= Q(Exists(failing))
    return q


def people_meeting_standard(people: QuerySet[Person], *, at: dt.date, of: Of) -> QuerySet[Person]:
    """``people`` filtered to those who, on ``at``, meet the standard in force of the rank
    (``of="rank"``), the leadership position (``"position"``) or both (``"both"``) they held on
    ``at``. No standard, nothing required (see the module docstring).

    Cost: none until evaluated; then one SQL query: NOT EXISTS over the person's period covering
    ``at``, its standard, the standard's requirements and the person's qualifications/enrollments."""
    return people.filter(~failing_standard(at=at, of=of))


def _run_starts(subject: Subject, at: dt.date | None, person: str = "pk") -> QuerySet[ServicePeriod]:
    """Service periods (of the outer person) that begin the unbroken run of periods holding the
    rank (position) the person holds now, or on ``at``: every period from it on (up to ``at``)
    holds the same one, and the period just before it holds another one or none."""
    field = f"{subject}_id"
    until = {"valid_from__lte": at} if at is not None else {}
    other_since = ServicePeriod.objects.filter(
        person_id=OuterRef("person_id"), valid_from__gte=OuterRef("valid_from"), **until).filter(
        Q(**{f"{field}__isnull": True}) | ~Q(**{field: OuterRef(field)}))
    between = ServicePeriod.objects.filter(person_id=OuterRef(OuterRef("person_id")),
                                           valid_from__gt=OuterRef("valid_from"),
                                           valid_from__lt=OuterRef(OuterRef("valid_from")))
    same_just_before = ServicePeriod.objects.filter(
        person_id=OuterRef("person_id"), valid_from__lt=OuterRef("valid_from"), **{field: OuterRef(field)}
    ).filter(~Exists(between))
    starts = ServicePeriod.objects.filter(person_id=OuterRef(person), **{f"{field}__isnull": False}, **until)
    if at is not None:
        covering = ServicePeriod.objects.on(at).filter(person_id=OuterRef("person_id"), **{field: OuterRef(field)})
        starts = starts.filter(Exists(covering))
    return starts.filter(~Exists(other_since)).filter(~Exists(same_just_before))


def failing_at_appointment(*, of: Subject, at: dt.date | None = None, person: str = "pk") -> Q:
    """A condition on rows carrying a person id in column ``person`` (see :func:`failing_standard`):
    true when that person's qualifications, on the day they came into their current position
    (``of="position"``) or rank (``"rank"``), did not meet the standard in force that day."""
    day = _appointment_day if of == "position" else _column("valid_from")
    return Q(Exists(_run_starts(of, at, person).filter(_failing_standard(of, day))))


def people_meeting_standard_at_appointment(people: QuerySet[Person], *, of: Subject,
                                           at: dt.date | None = None) -> QuerySet[Person]:
    """``people`` filtered to those whose qualifications, on the day they came into their current
    position (``of="position"``) or rank (``"rank"``), met the standard in force that day.

    The day: the first period of the unbroken run of periods holding the current rank (a unit move
    does not restart it); for a position, that period's recorded appointment date
    (``position_appointed_on``), or the run's first day when unknown. "Current" is the person's
    latest service period, or with ``at`` the period covering ``at``. No position (rank), or no
    standard in force on that day: nothing required. Cost: one SQL query when evaluated."""
    return people.filter(~failing_at_appointment(of=of, at=at))


# --- what people lack (the gap lists) -----------------------------------------------------------
# Phrases are per person, so these read the listed people's rows and compose in Python, with a
# fixed number of queries however many people are listed (chunks of CHUNK ids).

CHUNK = 5000


@dataclass(frozen=True)
class Gap:
    """One unmet requirement: ``dimension`` is a Dimension code, or ``FOSTERING``."""

    dimension: str
    label: str
    held: str
    required: str
    text: str


@dataclass
class Profile:
    """What one person holds: qualifications (dimension, level rank, level name, obtained on) and
    completed fostering (family, completed on)."""

    qualifications: list[tuple[str, int, str, dt.date]]
    fostering: list[tuple[str, dt.date]]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def profiles(person_ids: Iterable[int], families: Iterable[str] | None = None) -> dict[int, Profile]:
    """{person id: Profile}, fostering limited to ``families`` (the ones standards ask for) when
    given, each family with its first completion. Two queries per chunk of ids."""
    wanted = Q(programme__fostering_family__in=list(families)) if families is not None else ~Q(
        programme__fostering_family="")
    result: dict[int, Profile] = {}
    for chunk in _chunks(person_ids):
        for pk in chunk:
            result[pk] = Profile([], [])
        quals = Qualification.objects.filter(person_id__in=chunk).order_by().values_list(
            "person_id", "dimension", "level__rank", "level__name", "obtained_on")
        for pk, dimension, rank, name, obtained in quals:
            result[pk].qualifications.append((dimension, rank, name, obtained))
        done = (Enrollment.objects.filter(_completed(), wanted, person_id__in=chunk).order_by()
                .values_list("person_id", "programme__fostering_family").annotate(first=Min("completed_on")))
        for pk, family, completed in done:
            if completed is not None:  # always set when completed (a model constraint)
                result[pk].fostering.append((family, completed))
    return result


def _requirement_gap(requirement: StandardRequirement, held: tuple[int, str] | None) -> Gap | None:
    if held is not None and held[0] >= requirement.min_level.rank:
        return None
    label = Dimension(requirement.dimension).label.removeprefix("Trình độ ")  # "Chuyên môn", as the targets' gaps
    label = label[:1].upper() + label[1:]
    held_text = _lower_first(held[1]) if held else "chưa có"
    required = _lower_first(requirement.min_level.name)
    return Gap(requirement.dimension, label, held_text, required, f"{label}: {held_text}, cần {required}")


def _fostering_gap(profile: Profile, family: str, day: dt.date) -> Gap | None:
    if not family or any(f == family and on <= day for f, on in profile.fostering):
        return None
    what = _lower_first(FosteringFamily(family).label)
    return Gap(FOSTERING, "Bồi dưỡng", "chưa có", what, f"Chưa có chứng chỉ bồi dưỡng {what}")


def profile_gaps(profile: Profile, standard: Standard | None, day: dt.date) -> list[Gap]:
    """What ``profile`` lacks on ``day`` against ``standard`` (nothing when there is none)."""
    if standard is None:
        return []
    best: dict[str, tuple[int, str]] = {}
    for dimension, rank, name, obtained in profile.qualifications:
        if obtained <= day and rank > best.get(dimension, (-1, ""))[0]:
            best[dimension] = (rank, name)
    requirements = sorted(standard.requirements.all(), key=lambda r: DIMENSION_ORDER.get(r.dimension, 99))
    gaps = [_requirement_gap(r, best.get(r.dimension)) for r in requirements]
    gaps.append(_fostering_gap(profile, standard.required_fostering, day))
    return [g for g in gaps if g is not None]


def gaps_against(person: Person, standard: Standard | None, *, at: dt.date) -> list[Gap]:
    """What ``person`` lacks on ``at`` to meet ``standard``. Two queries (none without a standard)."""
    if standard is None:
        return []
    return profile_gaps(profiles([person.pk])[person.pk], standard, at)


def readiness(person: Person, *, position: Position | None = None, rank: Rank | None = None,
              at: dt.date) -> list[Gap]:
    """Is ``person`` ready on ``at`` to be appointed to ``position`` (or to come into ``rank``)?
    The gaps against the standard in force that day; empty when ready or when there is none
    (use :func:`standard_in_force` to tell the two apart)."""
    return gaps_against(person, standard_in_force(at=at, rank=rank, position=position), at=at)


def held_on(person: Person, at: dt.date) -> tuple[Rank | None, Position | None]:
    """The rank and position of the service period covering ``at``. One query."""
    period = person.periods.on(at).select_related("rank", "position").order_by("-valid_from").first()
    return (period.rank, period.position) if period else (None, None)


class StandardBook:
    """Every standard of some ranks and positions, with requirements, read once (three queries)."""

    def __init__(self, rank_ids: Iterable[int | None], position_ids: Iterable[int | None]):
        standards = Standard.objects.filter(
            Q(rank_id__in={i for i in rank_ids if i}) | Q(position_id__in={i for i in position_ids if i})
        ).prefetch_related("requirements__min_level")
        self.by_subject: dict[tuple[str, int], list[Standard]] = {}
        self.families: set[str] = set()
        for s in standards:
            if s.required_fostering:
                self.families.add(s.required_fostering)
            key = ("rank", s.rank_id) if s.rank_id else ("position", s.position_id)
            self.by_subject.setdefault(key, []).append(s)  # type: ignore[arg-type]

    def in_force(self, subject: Subject, subject_id: int | None, day: dt.date | None) -> Standard | None:
        if not subject_id or day is None:
            return None
        found = [s for s in self.by_subject.get((subject, subject_id), []) if s.is_in_force(day)]
        return max(found, key=lambda s: (s.effective_from, s.pk), default=None)


def gaps_by_person(person_ids: Iterable[int], *, at: dt.date, of: Of) -> dict[int, list[Gap]]:
    """{person id: gaps on ``at`` against the standard of the rank / position / both held on
    ``at``} for every listed person (empty list: meets it, or no standard). About six queries per
    chunk of ids; agrees with :func:`people_meeting_standard` (tested)."""
    ids = list(person_ids)
    held = {pk: (None, None) for pk in ids}
    for chunk in _chunks(ids):
        rows = ServicePeriod.objects.on(at).filter(person_id__in=chunk).order_by("valid_from")
        held.update({pk: (r, p) for pk, r, p in rows.values_list("person_id", "rank_id", "position_id")})
    book = StandardBook((r for r, _ in held.values()), (p for _, p in held.values()))
    people = profiles(ids, book.families)
    subjects: tuple[Subject, ...] = ("rank", "position") if of == "both" else (of,)
    result: dict[int, list[Gap]] = {}
    for pk, (rank_id, position_id) in held.items():
        gaps: dict[str, Gap] = {}
        for subject in subjects:
            standard = book.in_force(subject, rank_id if subject == "rank" else position_id, at)
            gaps.update((g.text, g) for g in profile_gaps(people[pk], standard, at))
        result[pk] = list(gaps.values())
    return result


def standard_gaps(person: Person, *, at: dt.date, of: Of) -> list[str]:
    """Vietnamese phrases for what ``person`` lacks on ``at`` against the standard of the rank,
    the position, or both, held on ``at`` ("Lý luận chính trị: sơ cấp, cần trung cấp")."""
    return [g.text for g in gaps_by_person([person.pk], at=at, of=of)[person.pk]]


@dataclass(frozen=True)
class AppointmentGaps:
    """The day a person came into their current position (rank), and what they lacked then."""

    day: dt.date | None
    gaps: list[Gap]

    @property
    def texts(self) -> list[str]:
        """"Khi bổ nhiệm (01/03/2021): Lý luận chính trị: chưa có, cần trung cấp", one per gap."""
        return [f"Khi bổ nhiệm ({format_date(self.day)}): {g.text}" for g in self.gaps]


def _appointment(periods: list[tuple], subject: Subject, at: dt.date | None) -> tuple[int | None, dt.date | None]:
    """(subject id, day) from one person's periods (valid_from, valid_to, rank, position,
    appointed_on) in date order, as :func:`people_meeting_standard_at_appointment` decides them."""
    if at is not None:
        periods = [p for p in periods if p[0] <= at]
        if not periods or (periods[-1][1] is not None and periods[-1][1] < at):
            return None, None
    if not periods:
        return None, None
    column = 2 if subject == "rank" else 3
    current = periods[-1][column]
    if current is None:
        return None, None
    start = len(periods) - 1
    while start > 0 and periods[start - 1][column] == current:
        start -= 1
    first = periods[start]
    return current, (first[4] or first[0]) if subject == "position" else first[0]


def appointment_gaps_by_person(person_ids: Iterable[int], *, of: Subject,
                               at: dt.date | None = None) -> dict[int, AppointmentGaps]:
    """{person id: what they lacked on the day they came into their current position (rank)},
    for every listed person; agrees with :func:`people_meeting_standard_at_appointment` (tested).
    About five queries per chunk of ids."""
    ids = list(person_ids)
    periods: dict[int, list[tuple]] = {pk: [] for pk in ids}
    for chunk in _chunks(ids):
        rows = ServicePeriod.objects.filter(person_id__in=chunk).order_by("person_id", "valid_from").values_list(
            "person_id", "valid_from", "valid_to", "rank_id", "position_id", "position_appointed_on")
        for pk, *row in rows:
            periods[pk].append(tuple(row))
    appointed = {pk: _appointment(rows, of, at) for pk, rows in periods.items()}
    subject_ids = [s for s, _ in appointed.values()]
    book = StandardBook(subject_ids if of == "rank" else [], subject_ids if of == "position" else [])
    people = profiles(ids, book.families)
    return {pk: AppointmentGaps(day, profile_gaps(people[pk], book.in_force(of, subject_id, day), day)
                                if day else [])
            for pk, (subject_id, day) in appointed.items()}


@dataclass(frozen=True)
class SubjectCheck:
    """A person against the standard of one rank or position: for the person page."""

    kind: str  # "Ngạch" / "Chức vụ"
    subject: Rank | Position
    standard: Standard | None
    gaps: list[Gap]

    @property
    def meets(self) -> bool:
        return not self.gaps


def person_standards_section(person: Person, *, at: dt.date) -> list[SubjectCheck]:
    """The person's current rank and position, each with its standard in force on ``at`` and the gaps."""
    rank, position = held_on(person, at)
    checks: list[SubjectCheck] = []
    for kind, subject, standard in (
        ("Ngạch", rank, standard_in_force(at=at, rank=rank) if rank else None),
        ("Chức vụ", position, standard_in_force(at=at, position=position) if position else None),
    ):
        if subject is not None:
            checks.append(SubjectCheck(kind, subject, standard, gaps_against(person, standard, at=at)))
    return checks


def positions_with_standards(at: dt.date) -> QuerySet[Position]:
    """Leadership positions that have a standard in force on ``at`` (the readiness form's choices)."""
    return Position.objects.filter(pk__in=Standard.objects.in_force(at).values("position_id")).order_by("order", "code")
