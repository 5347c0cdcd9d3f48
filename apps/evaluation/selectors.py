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
from apps.evaluation.definitions import DEFAULT_LEVELS, level_of
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
    """The learner's own forms (nothing for anyone else), newest campaign first."""
    scope = scope_of(actor)
    if not scope.is_learner or not scope.person_id or not scope.can(Perm.ANSWER_EVALUATIONS):
        return Form.objects.none()
    return (Form.objects.filter(person_id=scope.person_id)
            .select_related("part", "part__template", "part__campaign", "part__campaign__training_class",
                            "part__campaign__training_class__programme")
            .order_by("-part__campaign__opens_on", "part_id"))


def own_form(actor, pk: int) -> Form:
    try:
        return forms_of_learner(actor).get(pk=pk)
    except Form.DoesNotExist:
        raise Http404("Không tìm thấy phiếu.") from None


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


def results_for(forms: QuerySet[Form], *, comments: bool = True) -> Results:
    """Results of ``forms`` (any filter of Form). Four queries. Templates of one object in several
    versions are folded by indicator code (a code keeps its meaning across versions)."""
    counts = (forms.order_by().values("part__template__object")
              .annotate(total=Count("pk"), returned=Count("pk", filter=Q(submitted_at__isnull=False)),
                        valid=Count("pk", filter=Q(submitted_at__isnull=False, valid=True))))
    answers = Answer.objects.filter(form__in=forms.filter(valid=True, submitted_at__isnull=False).values("pk"))
    by_indicator = answers.order_by().values("indicator_id").annotate(s=Sum("score"), n=Count("pk"))
    by_group = (answers.order_by().values("indicator__template__object", "form__group")
                .annotate(s=Sum("score"), n=Count("pk")))
    sums = {r["indicator_id"]: (r["s"], r["n"]) for r in by_indicator}
    meta = (Indicator.objects.filter(pk__in=list(sums)).order_by("template__version", "order")
            .values_list("pk", "code", "text", "criterion__code", "criterion__text", "template__object",
                         "template__title", "template__version", "template__levels"))
    result = Results()
    objects: dict[str, ObjectResult] = {}
    levels: dict[str, list] = {}
    for row in counts:
        obj = row["part__template__object"]
        o = objects.setdefault(obj, ObjectResult(obj, EvaluationObject(obj).label, ARTICLE[obj], []))
        o.forms, o.valid = o.forms + row["returned"], o.valid + row["valid"]
        o.invalid = o.forms - o.valid
        result.not_returned += row["total"] - row["returned"]
    # {object: {criterion code: [text, {indicator code: [text, sum, n]}]}}
    tree: dict[str, dict[str, list]] = defaultdict(dict)
    for pk, code, text, ccode, ctext, obj, title, version, lv in meta:
        o = objects.setdefault(obj, ObjectResult(obj, EvaluationObject(obj).label, ARTICLE[obj], []))
        label = f"{title} (phiên bản {version})"
        if label not in o.templates:
            o.templates.append(label)
        levels[obj] = lv
        crit = tree[obj].setdefault(ccode, [ctext, {}])
        ind = crit[1].setdefault(code, [text, 0, 0])
        s, n = sums[pk]
        ind[1] += s
        ind[2] += n
    for obj, o in objects.items():
        for ccode, (ctext, inds) in tree.get(obj, {}).items():
            items = [IndicatorResult(code, t, _r(s / n) if n else None, n) for code, (t, s, n) in inds.items()]
            o.criteria.append(CriterionResult(ccode, ctext, _r(_mean(i.mean for i in items)), items))
        o.index = _r(_mean(c.mean for c in o.criteria))
        o.level = level_of(o.index, levels.get(obj) or DEFAULT_LEVELS)
    group_sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for grow in by_group:
        key = (grow["indicator__template__object"], grow["form__group"])
        group_sums[key][0] += grow["s"]
        group_sums[key][1] += grow["n"]
    for (obj, group), (s, n) in sorted(group_sums.items()):
        if obj in objects and n:
            objects[obj].groups[GROUP_LABELS.get(group, group)] = _r(s / n)
    if comments:
        for obj, text in (forms.filter(submitted_at__isnull=False).exclude(comment="")
                          .order_by("part_id", "number").values_list("part__template__object", "comment")[:500]):
            if obj in objects:
                objects[obj].comments.append(text)
    result.objects = sorted(objects.values(), key=lambda o: OBJECT_ORDER.get(o.object, 99))
    result.forms = sum(o.forms for o in result.objects)
    result.valid = sum(o.valid for o in result.objects)
    result.invalid = result.forms - result.valid
    result.index = _r(_mean(o.index for o in result.objects))
    result.level = level_of(result.index)
    return result


def class_results(training_class: TrainingClass) -> Results:
    return results_for(Form.objects.filter(part__campaign__training_class=training_class))


# --- the coverage rule and the provider-year summary --------------------------------------------


def coverage_rule(day: dt.date) -> CoverageRule | None:
    return CoverageRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


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
    """A class counts for articles 5–8 when it has a valid form on each of the four objects, for
    article 9 on the course, for article 10 on effectiveness (only rank/title/leadership-standard
    courses count there). Required: ceil(share × classes), article 10's minimum capped at the
    number of standard courses held (none held: none required). Two queries and the rule's."""
    rule = coverage_rule(dt.date(year, 12, 31))
    share_5_8 = rule.share_articles_5_8 if rule else Decimal(20)
    share_9 = rule.share_article_9 if rule else Decimal(10)
    min_10 = rule.min_article_10 if rule else 1
    rows = list(classes.values_list("pk", "programme__fostering_family"))
    standard = {pk for pk, family in rows if family in STANDARD_FAMILIES}
    done: dict[int, set[str]] = defaultdict(set)
    for class_id, obj in (Form.objects.filter(part__campaign__training_class__in=[pk for pk, _ in rows], valid=True,
                                              submitted_at__isnull=False)
                          .order_by().values_list("part__campaign__training_class_id", "part__template__object")
                          .distinct()):
        done[class_id].add(obj)
    n = len(rows)
    return Coverage(
        classes=n, articles_5_8=sum(1 for objs in done.values() if objs >= FIVE_TO_EIGHT),
        article_9=sum(1 for objs in done.values() if "course" in objs),
        article_10=sum(1 for pk, objs in done.items() if "effectiveness" in objs and pk in standard),
        standard_classes=len(standard), required_5_8=math.ceil(share_5_8 * n / 100),
        required_9=math.ceil(share_9 * n / 100), required_10=min(min_10, len(standard)),
        basis=rule.basis if rule else "")


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


def _lines(forms: QuerySet[Form], key: str, label: str) -> list[Line]:
    """Per class / programme / instructor: forms, valid and an index from per-indicator means
    (mean of criteria of the mean of objects), two grouped queries for all of them."""
    counts = {r[key]: r for r in forms.order_by().values(key).annotate(
        returned=Count("pk", filter=Q(submitted_at__isnull=False)),
        valid_n=Count("pk", filter=Q(submitted_at__isnull=False, valid=True)))}
    labels = dict(forms.order_by().values_list(key, label).distinct())
    sums = (Answer.objects.filter(form__in=forms.filter(valid=True, submitted_at__isnull=False).values("pk"))
            .order_by().values_list(f"form__{key}", "indicator__template__object", "indicator__criterion__code",
                                    "indicator__code").annotate(s=Sum("score"), n=Count("pk")))
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))))
    for k, obj, ccode, code, s, n in sums:
        cell = tree[k][obj][ccode][code]
        cell[0] += s
        cell[1] += n
    lines = []
    for k, row in counts.items():
        index = _r(_mean(_mean(_mean(s / n for s, n in inds.values()) for inds in crits.values())
                         for crits in tree.get(k, {}).values()))
        lines.append(Line(str(k), str(labels.get(k, k)), row["returned"], row["valid_n"], index, level_of(index)))
    return sorted(lines, key=lambda x: x.label)


def provider_year(provider: Provider, year: int, classes: QuerySet[TrainingClass] | None = None) -> ProviderYear:
    classes = _year_classes(classes if classes is not None else TrainingClass.objects.all(), year).filter(
        provider=provider)
    forms = Form.objects.filter(part__campaign__training_class__in=classes)
    by_instructor = Form.objects.filter(part__campaign__training_class__in=classes, part__template__object="instructor")
    instructors = _lines(by_instructor, "part__campaign__training_class__teaching__instructor_id",
                         "part__campaign__training_class__teaching__instructor__full_name")
    return ProviderYear(
        provider.code, provider.name, year, results_for(forms), coverage(classes, year),
        classes=_lines(forms, "part__campaign__training_class__code", "part__campaign__training_class__name"),
        programmes=_lines(forms, "part__campaign__training_class__programme__code",
                          "part__campaign__training_class__programme__name"),
        instructors=[x for x in instructors if x.key != "None"])


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
