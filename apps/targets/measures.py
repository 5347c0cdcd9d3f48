"""The ``measure`` of a target as SQL: a conditional expression evaluated per ServicePeriod row of
the population (correlated on ``person_id``), plus the training filter and windows shared with the
count goals and the gap list. Nothing here runs a query over people; the small look-ups (a
qualification level's rank, a council term's start) are one row each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, StrIndex, Upper
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual

from apps.people.models import CouncilMembership, Dimension, Qualification, QualificationLevel
from apps.targets.context import Context, TargetError, as_date, shift_years
from apps.training.models import IN_COUNTRY, Enrollment, EnrollmentStatus, Programme

MEASURE_KINDS = {"trained", "hours", "qualification", "ethnic_language", "standard",
                 "standard_before_appointment", "count", "all_of", "raised"}
# the kinds a part of ``all_of`` may be (a person must meet every part)
ALL_OF_PARTS = MEASURE_KINDS - {"count", "all_of"}
TRAINING_KEYS = {"content_areas", "programme_kinds", "fostering_families", "degree_levels", "programmes",
                 "abroad", "forms"}
ETHNIC_LANGUAGE_LEVEL = "su_dung"


@dataclass(frozen=True)
class Window:
    """When a lượt must end (its completion date): ``start`` (None = no lower bound) → ``end``.
    ``kind`` names the shape; ``pace_start`` is where the linear forecast measures the pace from
    (None: the measure is a state, its trend is read from one year earlier)."""

    kind: str
    start: dt.date | None
    end: dt.date
    pace_start: dt.date | None
    label: str


def window_of(measure: dict, ctx: Context, pop: dict, per_year: bool = False) -> Window:
    """The window of ``measure`` on ``ctx.at``; ``per_year`` (goal ``per: year``) forces the year."""
    spec = {"year": "current"} if per_year else (measure.get("window") or {})
    at = ctx.at
    if not isinstance(spec, dict):
        raise TargetError("measure.window: cần một ánh xạ, ví dụ {year: current}.")
    if spec.get("year") == "current":
        start = dt.date(at.year, 1, 1)
        return Window("year", start, at, start, f"trong năm {at.year}")
    if "rolling_years" in spec:
        years = int(spec["rolling_years"])
        return Window("rolling", shift_years(at, -years) + dt.timedelta(days=1), at, None,
                      f"trong {years} năm gần nhất")
    if spec.get("period"):
        return Window("period", ctx.period[0], at, ctx.period[0], f"từ đầu kỳ kế hoạch ({ctx.period[0]:%d/%m/%Y})")
    if spec.get("council_term"):
        term = pop.get("council_term")
        if not term:
            raise TargetError("measure.window.council_term: population phải có council_term.")
        start = council_term_start(str(term))
        return Window("council_term", start, at, start, f"trong nhiệm kỳ {term}")
    if spec.get("before_appointment"):
        return Window("before_appointment", None, at, None, "trước khi được bổ nhiệm chức vụ hiện tại")
    if "from" in spec or "to" in spec:
        begin = as_date(spec["from"], "measure.window.from") if "from" in spec else None
        end = min(as_date(spec["to"], "measure.window.to"), at) if "to" in spec else at
        label = f"từ {begin:%d/%m/%Y} đến {end:%d/%m/%Y}" if begin else f"đến {end:%d/%m/%Y}"
        return Window("fixed", begin, end, begin, label)
    if spec:
        raise TargetError(f"measure.window: khóa không hợp lệ “{', '.join(sorted(spec))}”.")
    return Window("any", None, at, None, "")


def council_term_start(term: str) -> dt.date:
    """The first seat of ``term`` ("2021-2026") on record, else 1 January of its first year."""
    first = CouncilMembership.objects.filter(term=term).order_by("valid_from").values_list("valid_from", flat=True)
    day = first.first()
    if day is not None:
        return day
    try:
        return dt.date(int(term[:4]), 1, 1)
    except ValueError:
        raise TargetError(f"population.council_term: “{term}” không đúng dạng 2021-2026.") from None


def training_q(training: dict | None, *, for_classes: bool = False) -> Q:
    """The training filter over Enrollment (or TrainingClass: same field names)."""
    training = training or {}
    programmes = matching_programmes(training)
    # one IN list of programme ids: lets the (programme, status, completed_on) index drive the scan
    q = Q(programme_id__in=programmes.values("id")) if programmes is not None else Q()
    if training.get("forms"):
        q &= Q(form__code__in=training["forms"])
    if "abroad" in training:
        q &= _abroad_q(for_classes) if training["abroad"] else ~_abroad_q(for_classes)
    return q


def matching_programmes(training: dict) -> QuerySet[Programme] | None:
    """The programmes the training filter's programme keys allow (None: no such key). Checks the
    filter's keys (TargetError)."""
    unknown = set(training) - TRAINING_KEYS
    if unknown:
        raise TargetError(f"measure.training: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    programmes = Programme.objects.all()
    for key, field in (("content_areas", "content_areas__code"), ("programme_kinds", "kind"),
                       ("fostering_families", "fostering_family"), ("degree_levels", "degree_level"),
                       ("programmes", "code")):
        if training.get(key):
            programmes = programmes.filter(**{f"{field}__in": training[key]})
    return programmes if programmes.query.where else None


def _abroad_q(for_classes: bool) -> Q:
    own = ~Q(country__in=["", IN_COUNTRY])
    if for_classes:
        return own
    return own | (Q(training_class__isnull=False) & ~Q(training_class__country__in=["", IN_COUNTRY]))


def completed_in(window: Window) -> Q:
    """Completed lượt whose completion date lies in ``window``."""
    q = Q(status=EnrollmentStatus.COMPLETED, completed_on__lte=window.end)
    if window.start is not None:
        q &= Q(completed_on__gte=window.start)
    if window.kind == "before_appointment":
        q &= Q(completed_on__lte=OuterRef("position_appointed_on"))
    return q


def matching_enrollments(measure: dict, window: Window):
    """Completed lượt of the outer row's person matching the filter inside the window."""
    return Enrollment.objects.filter(person=OuterRef("person_id")).filter(
        training_q(measure.get("training")), completed_in(window))


def measure_condition(measure: dict, ctx: Context, pop: dict):
    """A boolean SQL expression, per population row: does the person meet ``measure`` on ctx.at?"""
    kind = measure.get("kind")
    if kind not in MEASURE_KINDS:
        raise TargetError(f"measure.kind: “{kind}” không hợp lệ.")
    if kind == "count":
        raise TargetError("measure.kind: count là chỉ tiêu đếm, không có mẫu số.")
    return _CONDITIONS[kind](measure, ctx, pop)


def people_with(measure: dict, window: Window) -> QuerySet[Enrollment]:
    """Completed lượt matching the filter inside a window that does not depend on the person."""
    return Enrollment.objects.filter(training_q(measure.get("training")), completed_in(window))


def _before_appointment(measure: dict, ctx: Context) -> QuerySet[Enrollment]:
    """Matching lượt completed on or before the appointment date of the person's period on the
    date: enrollments joined to that period (one join, not a per-person probe)."""
    on_date = (Q(person__periods__valid_from__lte=ctx.at)
               & (Q(person__periods__valid_to__isnull=True) | Q(person__periods__valid_to__gte=ctx.at)))
    before = Q(completed_on__lte=F("person__periods__position_appointed_on"))
    return Enrollment.objects.filter(training_q(measure.get("training"))).filter(
        on_date & before, status=EnrollmentStatus.COMPLETED, completed_on__lte=ctx.at)


def _trained(measure: dict, ctx: Context, pop: dict):
    """Non-correlated ``person_id IN (…)``: the set is computed once, then probed per person."""
    window = window_of(measure, ctx, pop)
    times = int(measure.get("min_times", 1))
    if window.kind == "before_appointment":
        ids = _before_appointment(measure, ctx).values("person_id")
    else:
        ids = people_with(measure, window).values("person_id")
    if times > 1:
        ids = ids.annotate(n=Count("id")).filter(n__gte=times).values("person_id")
    return Q(person_id__in=ids)


def times_subquery(done):
    counted = done.order_by().values("person").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted), Value(0))


def hours_subquery(done):
    summed = done.order_by().values("person").annotate(h=Sum(Coalesce("hours", 0))).values("h")
    return Coalesce(Subquery(summed), Value(0))


def _hours(measure: dict, ctx: Context, pop: dict):
    if measure.get("min_hours") is None:
        raise TargetError("measure.min_hours: bắt buộc với kind: hours.")
    window = window_of(measure, ctx, pop)
    if window.kind == "before_appointment":
        return GreaterThanOrEqual(hours_subquery(matching_enrollments(measure, window)), int(measure["min_hours"]))
    summed = people_with(measure, window).values("person_id").annotate(h=Sum(Coalesce("hours", 0)))
    return Q(person_id__in=summed.filter(h__gte=int(measure["min_hours"])).values("person_id"))


def required_level(measure: dict) -> QualificationLevel:
    dimension, code = measure.get("dimension"), measure.get("level")
    if dimension not in Dimension.values:
        raise TargetError(f"measure.dimension: “{dimension}” không hợp lệ.")
    level = QualificationLevel.objects.filter(dimension=dimension, code=code).order_by("rank").first()
    if level is None:
        raise TargetError(f"measure.level: không có trình độ “{code}” của {Dimension(dimension).label}.")
    return level


def _qualification(measure: dict, ctx: Context, pop: dict):
    """Correlated EXISTS probing the person's few qualifications (index on person): 3× faster on
    SQLite than the set of every holder in the province when the population is a part of it."""
    level = required_level(measure)
    levels = QualificationLevel.objects.filter(dimension=level.dimension, rank__gte=level.rank).values("id")
    held = Qualification.objects.filter(person=OuterRef("person_id"), dimension=level.dimension,
                                        level_id__in=levels, obtained_on__lte=ctx.at)
    return Exists(held)


def _ethnic_language(measure: dict, ctx: Context, pop: dict):
    """Held tieng_dan_toc at su_dung or above; when the unit lists languages, in one of them."""
    level = required_level({"dimension": Dimension.ETHNIC_LANGUAGE, "level": ETHNIC_LANGUAGE_LEVEL})
    held = Qualification.objects.filter(person=OuterRef("person_id"), dimension=level.dimension,
                                        level__rank__gte=level.rank, obtained_on__lte=ctx.at)
    area = OuterRef("unit__ethnic_languages")
    in_area = GreaterThan(StrIndex(Upper(area), Upper(F("language"))), 0)
    held = held.filter(Q(Exact(area, Value(""))) | (~Q(language="") & Q(in_area)))
    return Exists(held)


def _standards():
    selectors: Any
    try:
        from apps.standards import selectors
    except ImportError:
        selectors = None
    needed = ("failing_standard", "failing_at_appointment")
    if selectors is None or not all(hasattr(selectors, name) for name in needed):
        raise TargetError("Chưa đánh giá được chỉ tiêu theo tiêu chuẩn ngạch, chức vụ: "
                          "phân hệ tiêu chuẩn (apps.standards) chưa được cài đặt.")
    return selectors


# Standards are checked per population row (correlated on its person_id): a target's population is
# often a few thousand of the province's people, and the check is a handful of index probes each.


def _all_of(measure: dict, ctx: Context, pop: dict):
    """Every part met at once: the AND of the parts' conditions (each its own window)."""
    parts = measure.get("measures")
    if not isinstance(parts, list) or len(parts) < 2:
        raise TargetError("measure.measures: kind all_of cần một danh sách ít nhất 2 điều kiện.")
    q = Q()
    for i, part in enumerate(parts):
        kind = (part or {}).get("kind") if isinstance(part, dict) else None
        if kind not in ALL_OF_PARTS:
            raise TargetError(f"measure.measures[{i}].kind: “{kind}” không dùng được trong all_of.")
        q &= Q(_CONDITIONS[kind](part, ctx, pop))
    return q


def raised_levels(measure: dict, window: Window) -> QuerySet[Qualification]:
    """Qualifications of the outer row's person in the measure's dimension obtained inside the
    window (at ``level`` or above when given) that rank above everything of that dimension the
    person held before obtaining them: the person's level went up in the window."""
    dimension = measure.get("dimension")
    if dimension not in Dimension.values:
        raise TargetError(f"measure.dimension: “{dimension}” không hợp lệ.")
    if window.start is None:
        raise TargetError("measure.window: kind raised cần một khoảng thời gian có ngày bắt đầu, "
                          "ví dụ {period: true} hoặc {year: current}.")
    held_before = Qualification.objects.filter(
        person=OuterRef("person_id"), dimension=dimension, obtained_on__lt=OuterRef("obtained_on"),
        level__rank__gte=OuterRef("level__rank"))
    new = Qualification.objects.filter(person=OuterRef("person_id"), dimension=dimension,
                                       obtained_on__gte=window.start, obtained_on__lte=window.end)
    if measure.get("level"):
        level = required_level(measure)
        new = new.filter(level__rank__gte=level.rank)
    return new.filter(~Exists(held_before))


def _raised(measure: dict, ctx: Context, pop: dict):
    """Obtained, inside the window, a level of the dimension higher than any held before."""
    return Exists(raised_levels(measure, window_of(measure, ctx, pop)))


def _standard(measure: dict, ctx: Context, pop: dict):
    return ~_standards().failing_standard(at=ctx.at, of=measure.get("of", "both"), person="person_id")


def _standard_before_appointment(measure: dict, ctx: Context, pop: dict):
    return ~_standards().failing_at_appointment(of=measure.get("of", "position"), at=ctx.at, person="person_id")


_CONDITIONS = {
    "trained": _trained,
    "hours": _hours,
    "qualification": _qualification,
    "ethnic_language": _ethnic_language,
    "standard": _standard,
    "standard_before_appointment": _standard_before_appointment,
    "all_of": _all_of,
    "raised": _raised,
}
