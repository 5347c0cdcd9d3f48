"""Reads of the evaluation app: what an actor reaches, and the results.

How results are computed (Circular 10/2017, stated so the tests can check them by hand):

* only returned forms count (``submitted_at`` set); a returned form is valid or invalid
  (``definitions.is_valid``); means use the answers of **valid** forms only;
* the mean of an indicator is the mean of its scores; of a criterion, the mean of its indicators'
  means; the index of an object, the mean of its criteria's means; the general index of a class
  (or a provider-year, a programme …), the mean of its objects' indices; a respondent group's mean,
  the mean of all its scores on the object. Figures are rounded to 2 decimals before the level.

Cost: ``results_for`` runs four queries whatever the number of forms (counts, per-indicator sums,
per-group sums, comments); ``evaluation_summary`` a fixed handful more for the coverage rule.
No respondent's name is ever part of a result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from apps.accounts.access import Scope, scope_of
from apps.accounts.permissions import Perm
from apps.evaluation.definitions import DEFAULT_LEVELS, level_of, share_text
from apps.evaluation.models import (
    ARTICLE,
    Answer,
    Campaign,
    CoverageRule,
    EvaluationObject,
    EvaluationTemplate,
    Form,
    Indicator,
    RespondentGroup,
)
from apps.training.models import ClassStatus, FosteringFamily, Provider, TrainingClass

# --- reach --------------------------------------------------------------------------------------


def classes_evaluable_by(actor) -> QuerySet[TrainingClass]:
    """Classes whose evaluations ``actor`` may read: all (Sở Nội vụ, leaders), a provider's own,
    an officer's units' (organised by them); none otherwise."""
    scope = scope_of(actor)
    classes = TrainingClass.objects.all()
    if not scope.can(Perm.VIEW_EVALUATIONS):
        return classes.none()
    if scope.is_provider:
        return classes.filter(provider_id=scope.provider_id) if scope.provider_id else classes.none()
    if scope.sees_all:
        return classes
    if scope.unit_ids:
        return classes.filter(organiser_id__in=scope.unit_ids)
    return classes.none()


def class_for(actor, code: str) -> TrainingClass:
    try:
        return (classes_evaluable_by(actor).select_related("programme", "provider", "organiser").get(code=code))
    except TrainingClass.DoesNotExist:
        raise Http404("Không tìm thấy lớp.") from None


def campaigns_visible_to(actor) -> QuerySet[Campaign]:
    return Campaign.objects.filter(training_class__in=classes_evaluable_by(actor))


def campaign_for(actor, pk: int) -> Campaign:
    try:
        return campaigns_visible_to(actor).select_related("training_class", "training_class__programme",
                                                          "training_class__provider").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy đợt đánh giá.") from None


def providers_visible_to(actor) -> QuerySet[Provider]:
    scope = scope_of(actor)
    if not scope.can(Perm.VIEW_EVALUATIONS):
        return Provider.objects.none()
    if scope.is_provider:
        return Provider.objects.filter(pk=scope.provider_id) if scope.provider_id else Provider.objects.none()
    if scope.sees_all:
        return Provider.objects.all()
    return Provider.objects.filter(pk__in=classes_evaluable_by(actor).values("provider_id"))


def provider_for(actor, code: str) -> Provider:
    try:
        return providers_visible_to(actor).get(code=code)
    except Provider.DoesNotExist:
        raise Http404("Không tìm thấy cơ sở đào tạo, bồi dưỡng.") from None


def forms_of_learner(actor) -> QuerySet[Form]:
    """The learner's own forms (nothing for anyone else), newest campaign first. Only the forms the
    learner answers: an effectiveness form about them is their employing unit's, not theirs."""
    scope = scope_of(actor)
    if not scope.is_learner or not scope.person_id or not scope.can(Perm.ANSWER_EVALUATIONS):
        return Form.objects.none()
    return _for_answering(Form.objects.filter(person_id=scope.person_id, group=RespondentGroup.LEARNER))


def _for_answering(forms: QuerySet[Form]) -> QuerySet[Form]:
    return (forms.select_related("part", "part__template", "part__campaign", "part__campaign__training_class",
                                 "part__campaign__training_class__programme")
            .order_by("-part__campaign__opens_on", "part_id", "number"))


def forms_of_instructor(actor) -> QuerySet[Form]:
    """The forms an instructor's account answers: its instructor's, of the instructor group."""
    scope = scope_of(actor)
    if not scope.is_instructor or not scope.instructor_id or not scope.can(Perm.ANSWER_EVALUATIONS):
        return Form.objects.none()
    return _for_answering(Form.objects.filter(instructor_id=scope.instructor_id, group=RespondentGroup.INSTRUCTOR))


def forms_of_employer(actor) -> QuerySet[Form]:
    """The effectiveness forms an agency officer answers for the employing unit: one per learner
    whose unit (when the campaign was made) is in the officer's reach. The learner's name comes
    with each form (``person``): the officer reads their own people's records anyway."""
    scope = scope_of(actor)
    if not scope.is_officer or not scope.unit_ids or not scope.can(Perm.ANSWER_EFFECTIVENESS):
        return Form.objects.none()
    return _for_answering(Form.objects.filter(group=RespondentGroup.EMPLOYER, unit_id__in=scope.unit_ids)
                          .select_related("person", "unit"))


def forms_to_answer(actor) -> QuerySet[Form]:
    """Every form ``actor`` answers online: a learner's, an instructor's or an employing unit's."""
    scope = scope_of(actor)
    if scope.is_learner:
        return forms_of_learner(actor)
    if scope.is_instructor:
        return forms_of_instructor(actor)
    return forms_of_employer(actor)


def own_form(actor, pk: int) -> Form:
    """A form ``actor`` answers; 404 for anyone else's (missing and not-yours alike)."""
    try:
        return forms_to_answer(actor).get(pk=pk)
    except Form.DoesNotExist:
        raise Http404("Không tìm thấy phiếu.") from None


def classes_of_instructor(actor) -> QuerySet[TrainingClass]:
    """The classes an instructor's account taught or teaches (nothing for anyone else), newest
    first, with the number of learners enrolled (no names)."""
    from apps.training.models import EnrollmentStatus

    scope = scope_of(actor)
    if not scope.is_instructor or not scope.instructor_id or not scope.can(Perm.TEACHING_PAGE):
        return TrainingClass.objects.none()
    return (TrainingClass.objects.filter(teaching__instructor_id=scope.instructor_id)
            .exclude(status=ClassStatus.CANCELLED)
            .annotate(learners=Count("enrollments", filter=~Q(enrollments__status=EnrollmentStatus.WITHDRAWN)))
            .select_related("programme", "provider").order_by("-start_date", "code"))


def templates_list() -> QuerySet[EvaluationTemplate]:
    return EvaluationTemplate.objects.annotate(n=Count("indicators")).order_by("regime", "object", "-version")


# --- results ------------------------------------------------------------------------------------


def _r(value: float | None) -> float | None:
    return None if value is None else round(value + 1e-9, 2)


def _mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


@dataclass
class IndicatorResult:
    code: str
    text: str
    mean: float | None
    answers: int


@dataclass
class CriterionResult:
    code: str
    text: str
    mean: float | None
    indicators: list[IndicatorResult]


@dataclass
class ObjectResult:
    object: str
    label: str
    article: int
    templates: list[str]
    forms: int = 0
    valid: int = 0
    invalid: int = 0
    index: float | None = None
    level: str = ""
    criteria: list[CriterionResult] = field(default_factory=list)
    groups: dict[str, float | None] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


@dataclass
class Results:
    """Results of a set of forms (a class, a programme, an instructor's classes, a provider-year)."""

    forms: int = 0
    valid: int = 0
    invalid: int = 0
    not_returned: int = 0
    index: float | None = None
    level: str = ""
    objects: list[ObjectResult] = field(default_factory=list)

    @property
    def comments(self) -> list[str]:
        return [c for o in self.objects for c in o.comments]

    def as_json(self) -> dict:
        return {"forms": self.forms, "valid": self.valid, "invalid": self.invalid, "not_returned": self.not_returned,
                "index": self.index, "level": self.level,
                "indicators": [{"object": o.object, "criterion": c.code, "code": i.code, "text": i.text, "mean": i.mean,
                                "answers": i.answers}
                               for o in self.objects for c in o.criteria for i in c.indicators],
                "criteria": [{"object": o.object, "code": c.code, "text": c.text, "mean": c.mean}
                             for o in self.objects for c in o.criteria],
                "objects": [{"object": o.object, "forms": o.forms, "valid": o.valid, "invalid": o.invalid,
                             "index": o.index, "level": o.level, "groups": o.groups} for o in self.objects],
                "comments": self.comments}


GROUP_LABELS = dict(RespondentGroup.choices)
OBJECT_ORDER = {o: i for i, o in enumerate(EvaluationObject.values)}


Meta = dict[int, tuple]  # indicator id -> (code, text, criterion code, criterion text, object, title, version, levels)


def _meta(indicator_ids: Iterable[int]) -> Meta:
    return {row[0]: row[1:] for row in Indicator.objects.filter(pk__in=list(indicator_ids))
            .order_by("template__version", "order")
            .values_list("pk", "code", "text", "criterion__code", "criterion__text", "template__object",
                         "template__title", "template__version", "template__levels")}


def _new_object(objects: dict[str, ObjectResult], obj: str) -> ObjectResult:
    if obj not in objects:
        objects[obj] = ObjectResult(obj, EvaluationObject(obj).label, ARTICLE[obj], [])
    return objects[obj]


def assemble(counts: dict[str, list[int]], sums: dict[int, list[int]], groups: dict[tuple[str, str], list[int]],
             meta: Meta, comments: Iterable[tuple[str, str]] = ()) -> Results:
    """Results from plain figures: ``counts`` {object: [forms, returned, valid]}, ``sums`` {indicator
    id: [sum, n]} and ``groups`` {(object, group): [sum, n]} of the valid forms' answers."""
    result = Results()
    objects: dict[str, ObjectResult] = {}
    for obj, (total, returned, valid) in counts.items():
        o = _new_object(objects, obj)
        o.forms, o.valid = o.forms + returned, o.valid + valid
        o.invalid = o.forms - o.valid
        result.not_returned += total - returned
    tree: dict[str, dict[str, list]] = defaultdict(dict)
    levels: dict[str, list] = {}
    for pk in meta:  # in template version, then indicator order
        if pk not in sums:
            continue
        code, text, ccode, ctext, obj, title, version, lv = meta[pk]
        o = _new_object(objects, obj)
        label = f"{title} (phiên bản {version})"
        if label not in o.templates:
            o.templates.append(label)
        levels[obj] = lv
        crit = tree[obj].setdefault(ccode, [ctext, {}])
        ind = crit[1].setdefault(code, [text, 0, 0])
        ind[1] += sums[pk][0]
        ind[2] += sums[pk][1]
    for obj, o in objects.items():
        for ccode, (ctext, inds) in tree.get(obj, {}).items():
            items = [IndicatorResult(code, t, _r(sm / n) if n else None, n) for code, (t, sm, n) in inds.items()]
            o.criteria.append(CriterionResult(ccode, ctext, _r(_mean(i.mean for i in items)), items))
        o.index = _r(_mean(c.mean for c in o.criteria))
        o.level = level_of(o.index, levels.get(obj) or DEFAULT_LEVELS)
    for (obj, group), (sm, n) in sorted(groups.items()):
        if obj in objects and n:
            objects[obj].groups[GROUP_LABELS.get(group, group)] = _r(sm / n)
    for obj, text in comments:
        if obj in objects:
            objects[obj].comments.append(text)
    result.objects = sorted(objects.values(), key=lambda o: OBJECT_ORDER.get(o.object, 99))
    result.forms = sum(o.forms for o in result.objects)
    result.valid = sum(o.valid for o in result.objects)
    result.invalid = result.forms - result.valid
    result.index = _r(_mean(o.index for o in result.objects))
    result.level = level_of(result.index)
    return result


def results_for(forms: QuerySet[Form], *, comments: bool = True) -> Results:
    """Results of ``forms`` (any filter of Form). Four queries (five with comments). Templates of
    one object in several versions are folded by indicator code (a code keeps its meaning)."""
    counts = {r["part__template__object"]: [r["total"], r["returned"], r["valid"]] for r in (
        forms.order_by().values("part__template__object")
        .annotate(total=Count("pk"), returned=Count("pk", filter=Q(submitted_at__isnull=False)),
                  valid=Count("pk", filter=Q(submitted_at__isnull=False, valid=True))))}
    answers = Answer.objects.filter(form__in=forms.filter(valid=True, submitted_at__isnull=False).values("pk"))
    sums = {i: [sm, n] for i, sm, n in answers.order_by().values_list("indicator_id").annotate(
        s=Sum("score"), n=Count("pk"))}
    groups = {(obj, g): [sm, n] for obj, g, sm, n in answers.order_by().values_list(
        "indicator__template__object", "form__group").annotate(s=Sum("score"), n=Count("pk"))}
    said = (list(forms.filter(submitted_at__isnull=False).exclude(comment="").order_by("part_id", "number")
                 .values_list("part__template__object", "comment")[:500]) if comments else [])
    return assemble(counts, sums, groups, _meta(sums), said)


def class_results(training_class: TrainingClass) -> Results:
    return results_for(Form.objects.filter(part__campaign__training_class=training_class))


# --- the coverage rule and the provider-year summary --------------------------------------------


def coverage_rule(day: dt.date) -> CoverageRule | None:
    return CoverageRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def coverage_rules() -> QuerySet[CoverageRule]:
    """Every coverage rule, the newest start first (each holds until the next one starts)."""
    return CoverageRule.objects.order_by("-effective_from")


@dataclass
class Coverage:
    classes: int
    articles_5_8: int
    article_9: int
    article_10: int
    standard_classes: int
    required_5_8: int
    required_9: int
    required_10: int
    basis: str = ""
    share_5_8: Decimal = Decimal(20)  # the rule applied (for the page to say what was asked)
    share_9: Decimal = Decimal(10)
    min_10: int = 1

    @property
    def share_5_8_text(self) -> str:
        return share_text(self.share_5_8)

    @property
    def share_9_text(self) -> str:
        return share_text(self.share_9)

    @property
    def meets_5_8(self) -> bool:
        return self.articles_5_8 >= self.required_5_8

    @property
    def meets_9(self) -> bool:
        return self.article_9 >= self.required_9

    @property
    def meets_10(self) -> bool:
        return self.article_10 >= self.required_10

    @property
    def meets(self) -> bool:
        return self.meets_5_8 and self.meets_9 and self.meets_10


FIVE_TO_EIGHT = {"programme", "learner", "instructor", "facilities"}
STANDARD_FAMILIES = (FosteringFamily.RANK_STANDARD, FosteringFamily.LEADERSHIP)


def coverage(classes: QuerySet[TrainingClass], year: int) -> Coverage:
    """The coverage rule for ``classes`` in ``year``: a class counts for articles 5–8 when it has a
    valid form on each of the four objects, for article 9 on the course, for article 10 on
    effectiveness (only rank/title/leadership-standard courses count there). Required:
    ceil(share × classes), article 10's minimum capped at the number of standard courses held
    (none held: none required). Three queries."""
    rows = list(classes.values_list("pk", "code", "name", "programme_id", "programme__code", "programme__name",
                                    "programme__fostering_family"))
    done: dict[int, set[str]] = defaultdict(set)
    for class_id, obj in (Form.objects.filter(part__campaign__training_class__in=[r[0] for r in rows], valid=True,
                                              submitted_at__isnull=False)
                          .order_by().values_list("part__campaign__training_class_id", "part__template__object")
                          .distinct()):
        done[class_id].add(obj)
    return _coverage(rows, done, year)


@dataclass
class Line:
    """One class, programme or instructor in a summary."""

    key: str
    label: str
    forms: int
    valid: int
    index: float | None
    level: str


@dataclass
class ProviderYear:
    provider_code: str
    provider_name: str
    year: int
    results: Results
    coverage: Coverage
    classes: list[Line]
    programmes: list[Line]
    instructors: list[Line]


@dataclass
class YearSummary:
    year: int
    providers: list[ProviderYear]


def _year_classes(classes: QuerySet[TrainingClass], year: int) -> QuerySet[TrainingClass]:
    return classes.filter(end_date__year=year).exclude(status=ClassStatus.CANCELLED)


def _line(key: str, label: str, r: Results) -> Line:
    return Line(key, label, r.forms, r.valid, r.index, r.level)


def provider_year(provider: Provider, year: int, classes: QuerySet[TrainingClass] | None = None) -> ProviderYear:
    """Results, coverage and lines per class, programme and instructor of ``provider``'s classes
    ending in ``year`` (of ``classes``, the actor's reach). Seven queries whatever the number of
    forms: the classes, their instructors, form counts and answer sums per class, the indicators,
    the comments and the coverage rule; everything else is folded in memory."""
    from apps.training.models import ClassInstructor

    classes = _year_classes(classes if classes is not None else TrainingClass.objects.all(), year).filter(
        provider=provider)
    rows = list(classes.order_by("code").values_list("pk", "code", "name", "programme_id", "programme__code",
                                                     "programme__name", "programme__fostering_family"))
    ids = [r[0] for r in rows]
    teaching = list(ClassInstructor.objects.filter(training_class_id__in=ids).order_by("instructor__name_sort_key")
                    .values_list("training_class_id", "instructor_id", "instructor__full_name"))
    counts: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for class_id, obj, total, returned, valid in (
            Form.objects.filter(part__campaign__training_class_id__in=ids).order_by()
            .values_list("part__campaign__training_class_id", "part__template__object")
            .annotate(total=Count("pk"), returned=Count("pk", filter=Q(submitted_at__isnull=False)),
                      valid=Count("pk", filter=Q(submitted_at__isnull=False, valid=True)))):
        counts[class_id][obj] = [total, returned, valid]
    sums: dict[int, list[tuple[int, str, int, int]]] = defaultdict(list)  # class -> (indicator, group, s, n)
    for class_id, ind, group, sm, n in (
            Answer.objects.filter(form__part__campaign__training_class_id__in=ids, form__valid=True,
                                  form__submitted_at__isnull=False).order_by()
            .values_list("form__part__campaign__training_class_id", "indicator_id", "form__group")
            .annotate(s=Sum("score"), n=Count("pk"))):
        sums[class_id].append((ind, group, sm, n))
    meta = _meta({ind for lst in sums.values() for ind, *_x in lst})
    said = list(Form.objects.filter(part__campaign__training_class_id__in=ids, submitted_at__isnull=False)
                .exclude(comment="").order_by("part__campaign__training_class__code", "part_id", "number")
                .values_list("part__template__object", "comment")[:500])

    def fold(class_ids: Iterable[int], only: str | None = None, comments: Iterable[tuple[str, str]] = ()) -> Results:
        c: dict[str, list[int]] = {}
        s: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        g: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for cid in class_ids:
            for obj, figures in counts.get(cid, {}).items():
                if only is None or obj == only:
                    cell = c.setdefault(obj, [0, 0, 0])
                    for i in range(3):
                        cell[i] += figures[i]
            for ind, group, sm, n in sums.get(cid, []):
                obj = meta[ind][4]
                if only is None or obj == only:
                    s[ind][0] += sm
                    s[ind][1] += n
                    g[(obj, group)][0] += sm
                    g[(obj, group)][1] += n
        return assemble(c, dict(s), dict(g), meta, comments)

    by_programme: dict[int, list[int]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for pk, _code, _name, programme_id, pcode, pname, _family in rows:
        by_programme[programme_id].append(pk)
        names[programme_id] = (pcode, pname)
    by_instructor: dict[int, list[int]] = defaultdict(list)
    instructor_names: dict[int, str] = {}
    for class_id, instructor_id, full_name in teaching:
        by_instructor[instructor_id].append(class_id)
        instructor_names[instructor_id] = full_name
    class_lines = [_line(code, name, fold([pk])) for pk, code, name, *_x in rows if counts.get(pk)]
    programme_lines = sorted((_line(names[p][0], names[p][1], fold(cids)) for p, cids in by_programme.items()
                              if any(counts.get(c) for c in cids)), key=lambda x: x.label)
    instructor_lines = sorted((_line(str(i), instructor_names[i], fold(cids, "instructor"))
                               for i, cids in by_instructor.items()
                               if any("instructor" in counts.get(c, {}) for c in cids)), key=lambda x: x.label)
    done = {cid: {obj for obj, (_t, _r2, valid) in objs.items() if valid} for cid, objs in counts.items()}
    return ProviderYear(provider.code, provider.name, year, fold(ids, comments=said),
                        _coverage(rows, done, year), class_lines, programme_lines, instructor_lines)


def _coverage(rows: list[tuple], done: dict[int, set[str]], year: int) -> Coverage:
    rule = coverage_rule(dt.date(year, 12, 31))
    share_5_8 = rule.share_articles_5_8 if rule else Decimal(20)
    share_9 = rule.share_article_9 if rule else Decimal(10)
    min_10 = rule.min_article_10 if rule else 1
    standard = {r[0] for r in rows if r[6] in STANDARD_FAMILIES}
    n = len(rows)
    return Coverage(
        classes=n, articles_5_8=sum(1 for objs in done.values() if objs >= FIVE_TO_EIGHT),
        article_9=sum(1 for objs in done.values() if "course" in objs),
        article_10=sum(1 for pk, objs in done.items() if "effectiveness" in objs and pk in standard),
        standard_classes=len(standard), required_5_8=math.ceil(share_5_8 * n / 100),
        required_9=math.ceil(share_9 * n / 100), required_10=min(min_10, len(standard)),
        basis=rule.basis if rule else "", share_5_8=share_5_8, share_9=share_9, min_10=min_10)


def evaluation_summary(scope: Scope | object, year: int, provider: Provider | None = None) -> YearSummary:
    """The year's results per provider the actor reaches (``scope``: a Scope or an actor), or of one
    provider: forms, validity, index and level, the coverage rule, and lines per class, programme
    and instructor (an instructor's line folds the instructor-object forms of the classes they
    taught). For the reports. A fixed number of queries per provider."""
    visible = classes_evaluable_by(scope)
    providers = providers_visible_to(scope)
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    active = set(_year_classes(visible, year).values_list("provider_id", flat=True).distinct())
    return YearSummary(year, [provider_year(p, year, visible) for p in providers.filter(pk__in=active).order_by("name")])
