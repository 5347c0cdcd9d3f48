"""Writes of the evaluation app: template versions, campaigns with their numbered forms, answers.

Every write takes the acting user, checks the permission and the reach, and writes an AuditEntry.
Paper forms from a spreadsheet: ``apps.evaluation.spreadsheets``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.evaluation import definitions
from apps.evaluation.models import (
    DEFAULT_GROUPS,
    Answer,
    Campaign,
    CampaignPart,
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


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
    units = (Enrollment.objects.filter(training_class=training_class).exclude(status=EnrollmentStatus.WITHDRAWN)
             .values_list("person__unit_id", flat=True).distinct())
    return [{"unit_id": pk} for pk in sorted({u for u in units if u})]


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
    """A learner's answers to their own form while its part is open (they may change them until it closes)."""
    scope = scope_of(actor)
    scope.require(Perm.ANSWER_EVALUATIONS)
    if not scope.person_id or form.person_id != scope.person_id:
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
