"""Writes of the evaluation app: template versions, campaigns with their numbered forms, answers.

Every write takes the acting user, checks the permission and the reach, and writes an AuditEntry.
Paper forms from a spreadsheet: ``apps.evaluation.spreadsheets``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.dates import add_months
from apps.core.models import AuditEntry
from apps.evaluation import definitions
from apps.evaluation.models import (
    DEFAULT_GROUPS,
    Answer,
    Campaign,
    CampaignPart,
    CoverageRule,
    Criterion,
    EvaluationTemplate,
    Form,
    Indicator,
    RespondentGroup,
)
from apps.training.models import ClassInstructor, Enrollment, EnrollmentStatus, TrainingClass


def ensure_defaults() -> int:
    """Load the shipped templates missing from the database (the data migration does it once;
    this is the on-demand path after a reset). Returns how many were written."""
    return definitions.install_defaults(EvaluationTemplate, Criterion, Indicator)


# --- templates ----------------------------------------------------------------------------------


def template_new_version(*, actor, base: EvaluationTemplate, source: str) -> EvaluationTemplate:
    """A new version of ``base``'s object from YAML text (regime and object must stay the same).
    Raises DefinitionError with Vietnamese messages."""
    scope_of(actor).require(Perm.EDIT_EVALUATION_TEMPLATES)
    parsed = definitions.parse(source)
    if (parsed.regime, parsed.object) != (base.regime, base.object):
        raise definitions.DefinitionError([
            f"regime/object phải giữ nguyên “{base.regime}”/“{base.object}” (muốn mẫu khác: tạo từ mẫu của đối tượng đó)."])
    with transaction.atomic():
        latest = (EvaluationTemplate.objects.select_for_update().filter(regime=base.regime, object=base.object)
                  .aggregate(v=Max("version"))["v"] or 0)
        template = definitions.store(parsed, template_model=EvaluationTemplate, criterion_model=Criterion,
                                     indicator_model=Indicator, version=latest + 1, is_default=False,
                                     created_by_id=getattr(actor, "pk", None))
        audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=template,
                    changes={"phiên bản": [latest, latest + 1]}, note=f"Mẫu phiếu mới từ phiên bản {base.version}")
    return template


def current_template(regime: str, obj: str) -> EvaluationTemplate | None:
    return (EvaluationTemplate.objects.filter(regime=regime, object=obj, active=True)
            .order_by("-version").first())


def template_yaml(template: EvaluationTemplate) -> str:
    """The YAML of a template: its stored source, or one written from its rows."""
    if template.source:
        return template.source
    import yaml

    data = {"regime": template.regime, "object": template.object, "title": template.title,
            "legal_basis": template.legal_basis, "levels": template.levels,
            "max_unanswered_percent": float(template.max_unanswered_percent),
            "criteria": [{"code": c.code, "text": c.text,
                          "indicators": [{"code": i.code, "text": i.text} for i in c.indicators.all()]}
                         for c in template.criteria.prefetch_related("indicators")]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- campaigns ----------------------------------------------------------------------------------


def may_run(actor, training_class: TrainingClass) -> bool:
    scope = scope_of(actor)
    if not scope.can(Perm.RUN_EVALUATIONS):
        return False
    if scope.is_provider:
        return scope.provider_id is not None and training_class.provider_id == scope.provider_id
    return scope.sees_all


@dataclass(frozen=True)
class CampaignData:
    objects: tuple[str, ...]
    opens_on: dt.date
    closes_on: dt.date
    groups: tuple[str, ...] = ("learner", "instructor", "employer")
    effectiveness_months: int = 6
    regime: str = "tt10_2017"


def _respondents(training_class: TrainingClass, group: str) -> list[dict]:
    if group == RespondentGroup.LEARNER:
        rows = (Enrollment.objects.filter(training_class=training_class).exclude(status=EnrollmentStatus.WITHDRAWN)
                .order_by("person__name_sort_key", "person__code").values_list("person_id", flat=True))
        return [{"person_id": pk} for pk in rows]
    if group == RespondentGroup.INSTRUCTOR:
        teachers = (ClassInstructor.objects.filter(training_class=training_class)
                    .order_by("instructor__name_sort_key", "instructor_id").values_list("instructor_id", flat=True))
        return [{"instructor_id": pk} for pk in teachers]
    # the employing unit answers one effectiveness form per learner of theirs (its officer, online)
    employed = (Enrollment.objects.filter(training_class=training_class).exclude(status=EnrollmentStatus.WITHDRAWN)
                .filter(person__unit_id__isnull=False)
                .order_by("person__unit__name_sort_key", "person__name_sort_key", "person__code")
                .values_list("person_id", "person__unit_id"))
    return [{"person_id": p, "unit_id": u} for p, u in employed]


def campaign_create(*, actor, training_class: TrainingClass, data: CampaignData) -> Campaign:
    """A campaign for ``training_class``: one part per object (the newest active template of the
    regime), its forms numbered from 1 per part — one per respondent of each group asked. The
    effectiveness part opens ``effectiveness_months`` after the class ends, for as long as the others."""
    if not may_run(actor, training_class):
        raise PermissionDenied("Bạn không được tổ chức đánh giá lớp này.")
    if not data.objects:
        raise ValidationError("Chọn ít nhất một nội dung đánh giá.")
    if data.closes_on < data.opens_on:
        raise ValidationError("Ngày đóng phải từ ngày mở trở đi.")
    unknown = [o for o in data.objects if o not in definitions.OBJECTS]
    if unknown:
        raise ValidationError(f"Nội dung đánh giá không hợp lệ: {', '.join(unknown)}.")
    ensure_defaults()
    with transaction.atomic():
        TrainingClass.objects.select_for_update().filter(pk=training_class.pk).first()
        number = (Campaign.objects.filter(training_class=training_class).aggregate(n=Max("number"))["n"] or 0) + 1
        campaign = Campaign.objects.create(training_class=training_class, number=number, opens_on=data.opens_on,
                                           closes_on=data.closes_on, effectiveness_months=data.effectiveness_months,
                                           created_by=actor if getattr(actor, "pk", None) else None)
        forms: list[Form] = []
        made = []
        for obj in data.objects:
            template = current_template(data.regime, obj)
            if template is None:
                continue
            groups = [g for g in DEFAULT_GROUPS[obj] if g in data.groups] or list(DEFAULT_GROUPS[obj][:1])
            opens, closes = data.opens_on, data.closes_on
            if obj == "effectiveness":
                opens = add_months(training_class.end_date, data.effectiveness_months)
                closes = opens + (data.closes_on - data.opens_on)
            part = CampaignPart.objects.create(campaign=campaign, template=template, groups=groups,
                                               opens_on=opens, closes_on=closes)
            total = template.indicators.count()
            n = 0
            for group in groups:
                for who in _respondents(training_class, group):
                    n += 1
                    forms.append(Form(part=part, number=n, group=group, total=total, **who))
            made.append(f"{template.get_object_display()}: {n} phiếu")
        Form.objects.bulk_create(forms, batch_size=2000)
        audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=campaign,
                    changes={"lớp": [None, training_class.code], "số phiếu": [None, len(forms)]}, note="; ".join(made))
    return campaign


# --- answering ----------------------------------------------------------------------------------


def part_is_open(part: CampaignPart, day: dt.date | None = None) -> bool:
    day = day or timezone.localdate()
    return part.opens_on <= day <= part.closes_on


def _write_answers(form: Form, scores: Mapping[int, int | None], comment: str, *, on_paper: bool) -> bool:
    """Replace the form's answers; True when anything changed."""
    template = form.part.template
    wanted = {k: int(v) for k, v in scores.items() if v is not None}
    current = dict(form.answers.values_list("indicator_id", "score"))
    comment = comment.strip()
    submitted = bool(wanted) or bool(comment)
    if current == wanted and form.comment == comment and bool(form.submitted_at) == submitted:
        return False
    form.answers.all().delete()
    Answer.objects.bulk_create([Answer(form=form, indicator_id=k, score=v) for k, v in wanted.items()])
    form.answered = len(wanted)
    form.valid = definitions.is_valid(len(wanted), form.total, template.max_unanswered_percent)
    form.comment = comment
    form.submitted_at = (form.submitted_at or timezone.now()) if submitted else None
    form.on_paper = on_paper
    form.save(update_fields=["answered", "valid", "comment", "submitted_at", "on_paper"])
    return True


def check_scores(template: EvaluationTemplate, indicator_ids: Iterable[int], scores: Mapping[int, int | None]) -> None:
    ids = set(indicator_ids)
    for k, v in scores.items():
        if k not in ids:
            raise ValidationError("Chỉ số không thuộc mẫu phiếu này.")
        if v is not None and not template.scale_min <= v <= template.scale_max:
            raise ValidationError(f"Điểm phải từ {template.scale_min} đến {template.scale_max}.")


def form_submit(*, actor, form: Form, scores: Mapping[int, int | None], comment: str = "") -> Form:
    """The respondent's answers to their own form while its part is open (they may change them
    until it closes): a learner's, an instructor's, or an employing unit's effectiveness form
    answered by an officer of that unit (``selectors.forms_to_answer`` says whose is whose)."""
    from apps.evaluation.selectors import forms_to_answer

    scope = scope_of(actor)
    scope.require(Perm.ANSWER_EVALUATIONS)
    if not forms_to_answer(actor).filter(pk=form.pk).exists():
        raise PermissionDenied("Đây không phải phiếu của bạn.")
    part = form.part
    if not part_is_open(part):
        raise ValidationError(f"Phiếu chỉ nhận trả lời từ {part.opens_on:%d/%m/%Y} đến {part.closes_on:%d/%m/%Y}.")
    check_scores(part.template, part.template.indicators.values_list("pk", flat=True), scores)
    with transaction.atomic():
        if _write_answers(form, scores, comment, on_paper=False):
            audit_write(actor=actor, action=AuditEntry.Action.SUBMIT, target=form,
                        changes={"số chỉ số trả lời": [None, form.answered], "hợp lệ": [None, form.valid]},
                        note=f"Đợt {part.campaign.number} lớp {part.campaign.training_class.code}")
    return form


# --- the coverage rule --------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRuleData:
    effective_from: dt.date
    share_articles_5_8: Decimal
    share_article_9: Decimal
    min_article_10: int
    basis: str = ""


def _check_rule(data: CoverageRuleData) -> None:
    errors: dict[str, str] = {}
    for field, label in (("share_articles_5_8", "Tỷ lệ Điều 5–8"), ("share_article_9", "Tỷ lệ Điều 9")):
        value = getattr(data, field)
        if not Decimal(0) <= value <= Decimal(100):
            errors[field] = f"{label} phải từ 0 đến 100 (%), không phải {value}."
    if not 0 <= data.min_article_10 <= 1000:
        errors["min_article_10"] = "Số khóa theo Điều 10 phải là số nguyên từ 0 đến 1000."
    if errors:
        raise ValidationError(errors)


def _plain(value) -> str:
    """30.00 → "30", 12.50 → "12.5" (the audit shows what was meant, not the column's scale)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def coverage_rule_set(*, actor, data: CoverageRuleData) -> CoverageRule:
    """The coverage rule from ``data.effective_from`` on (Sở Nội vụ): a new row, or the row already
    starting that day changed. Years before keep the rule in force then. One audit entry (before → after)."""
    scope_of(actor).require(Perm.EDIT_COVERAGE_RULE)
    _check_rule(data)
    fields = {"share_articles_5_8": data.share_articles_5_8, "share_article_9": data.share_article_9,
              "min_article_10": data.min_article_10, "basis": data.basis.strip(), "is_configurable_default": False}
    labels = {"share_articles_5_8": "tỷ lệ Điều 5–8 (%)", "share_article_9": "tỷ lệ Điều 9 (%)",
              "min_article_10": "số khóa Điều 10", "basis": "căn cứ"}
    with transaction.atomic():
        rule = CoverageRule.objects.select_for_update().filter(effective_from=data.effective_from).first()
        before = {labels[k]: _plain(getattr(rule, k)) for k in labels} if rule else {}
        created = rule is None
        rule = rule or CoverageRule(effective_from=data.effective_from)
        for k, v in fields.items():
            setattr(rule, k, v)
        rule.save()
        after = {labels[k]: _plain(getattr(rule, k)) for k in labels}
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        audit_write(actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                    target=rule, changes=changes,
                    note=f"Quy định tỷ lệ khóa học được đánh giá từ {data.effective_from:%d/%m/%Y}")
    return rule
