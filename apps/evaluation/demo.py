"""The demo's quality evaluations (called by apps.demo.province after everything else, with its own
random generator so nothing generated before changes):

* up to five finished classes of 2025–2026 (the largest few, of different providers), each with a
  campaign on the six objects of Circular 10/2017; about 85% of the learners' and instructors'
  forms answered on a 1–10 scale (a few left with blanks, so invalid), some comments; the
  effectiveness forms answered by the employing units as paper forms;
* the demo learner (``hoc_vien``): when enrolled in a class, a campaign on the course and the
  programme open from today for 30 days, their forms left for them to fill on /cua-toi/;
* the demo instructor (``giang_vien``, password ``demo-dtbd``): an account for the first instructor
  of that class (the programme form is theirs to fill on /cua-toi/giang-day/);
* an effectiveness campaign on the class with most of Sở Y tế's learners that ended six months
  ago (to six months and 27 days), so its part is open today by the six-month rule and Sở Y tế's
  officer has forms to fill at /danh-gia/hieu-qua/.

Deterministic for a seed (and the day it is built on, for the open campaigns)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db.models import Count
from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.core.dates import add_months
from apps.evaluation import services
from apps.evaluation.models import Form
from apps.training.models import ClassStatus, TrainingClass

EFFECTIVENESS_MONTHS, OPEN_DAYS = 6, 30
OBJECTS = ("programme", "learner", "instructor", "facilities", "course", "effectiveness")
COMMENTS = ("Nội dung thiết thực, sát với công việc.", "Nên tăng thời lượng thực hành, tình huống.",
            "Tài liệu cần gửi trước cho học viên.", "Giảng viên nhiệt tình, dễ hiểu.",
            "Phòng học hơi chật, thiếu máy chiếu dự phòng.")


def _answer_all(rng: random.Random, forms, base: int) -> int:
    answered = 0
    for form in forms:
        if rng.random() > 0.85:
            continue  # not returned
        ids = list(form.part.template.indicators.values_list("pk", flat=True))
        scores = {i: max(1, min(10, base + rng.randint(-2, 2))) for i in ids}
        if rng.random() < 0.08:  # a few forms with too many blanks: kept, invalid
            for i in ids[: max(2, len(ids) // 4)]:
                scores[i] = None
        comment = rng.choice(COMMENTS) if rng.random() < 0.25 else ""
        services._write_answers(form, scores, comment, on_paper=form.group != "learner")
        answered += 1
    return answered


def _demo_instructor(training_class: TrainingClass) -> None:
    """The ``giang_vien`` account, for the first instructor (by name) of ``training_class``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from apps.accounts.services import user_create
    from apps.demo.accounts import DEMO_PASSWORD
    from apps.training.models import ClassInstructor

    teaching = (ClassInstructor.objects.filter(training_class=training_class).select_related("instructor")
                .order_by("instructor__name_sort_key", "instructor_id").first())
    if teaching is None or get_user_model().objects.filter(username="giang_vien").exists():
        return
    user = user_create(actor=SYSTEM, username="giang_vien", password=None, role="instructor",
                       full_name=teaching.instructor.full_name, instructor=teaching.instructor)
    get_user_model().objects.filter(pk=user.pk).update(password=make_password(DEMO_PASSWORD))


def _effectiveness_class(officer_username: str, today: dt.date) -> TrainingClass | None:
    """A finished class with learners of ``officer_username``'s agency whose effectiveness part,
    ``EFFECTIVENESS_MONTHS`` after its end, is open today (the class ended 6 months to 6 months and
    27 days ago): the one with most of the agency's learners. None when the demo has no such class."""
    from apps.accounts.models import Profile
    from apps.organization.selectors import subtree_ids

    unit_id = Profile.objects.filter(user__username=officer_username).values_list("unit_id", flat=True).first()
    if unit_id is None:
        return None
    latest_end = add_months(today, -EFFECTIVENESS_MONTHS)
    return (TrainingClass.objects.filter(status=ClassStatus.FINISHED, end_date__lte=latest_end,
                                         # a few days short of OPEN_DAYS: months differ in length
                                         end_date__gte=latest_end - dt.timedelta(days=OPEN_DAYS - 3))
            .filter(enrollments__person__unit_id__in=subtree_ids(unit_id, today))
            .annotate(n=Count("enrollments")).order_by("-n", "-end_date", "code").first())


def _open_effectiveness(training_class: TrainingClass) -> int:
    """An effectiveness campaign on ``training_class``: its part opens ``EFFECTIVENESS_MONTHS`` after
    the class ended, for ``OPEN_DAYS`` days (the rule of ``campaign_create``); the employing units'
    forms, one per learner, to fill."""
    end = training_class.end_date
    campaign = services.campaign_create(actor=SYSTEM, training_class=training_class, data=services.CampaignData(
        objects=("effectiveness",), opens_on=end, closes_on=end + dt.timedelta(days=OPEN_DAYS),
        effectiveness_months=EFFECTIVENESS_MONTHS))
    return Form.objects.filter(part__campaign=campaign).count()


def build_evaluation(*, seed: int = 1, progress: Callable[[str], None] = print) -> dict:
    from apps.accounts.models import Profile

    rng = random.Random(f"evaluation-{seed}")
    services.ensure_defaults()
    classes = list(TrainingClass.objects.filter(status=ClassStatus.FINISHED, end_date__year__in=(2025, 2026))
                   .annotate(n=Count("enrollments")).filter(n__gte=5, n__lte=60)
                   .select_related("provider").order_by("-n", "code")[:40])
    chosen: list[TrainingClass] = []
    providers: set[int] = set()
    for c in classes:
        if c.provider_id not in providers or len(chosen) >= 3:
            chosen.append(c)
            providers.add(c.provider_id)
        if len(chosen) == 5:
            break
    forms = answered = 0
    for c in chosen:
        campaign = services.campaign_create(actor=SYSTEM, training_class=c, data=services.CampaignData(
            objects=OBJECTS, opens_on=c.end_date - dt.timedelta(days=1), closes_on=c.end_date + dt.timedelta(days=14)))
        rows = Form.objects.filter(part__campaign=campaign).select_related("part__template").order_by("part_id", "number")
        forms += rows.count()
        answered += _answer_all(rng, rows, base=rng.randint(6, 9))
    learner = Profile.objects.filter(user__username="hoc_vien", person__isnull=False).values_list("person_id", flat=True).first()
    own = (TrainingClass.objects.filter(enrollments__person_id=learner).exclude(status=ClassStatus.CANCELLED)
           .order_by("-end_date").first() if learner else None)
    if own is not None:
        today = timezone.localdate()
        campaign = services.campaign_create(actor=SYSTEM, training_class=own, data=services.CampaignData(
            objects=("course", "programme"), opens_on=today, closes_on=today + dt.timedelta(days=30)))
        others = (Form.objects.filter(part__campaign=campaign).exclude(person_id=learner)
                  .select_related("part__template").order_by("part_id", "number"))
        forms += Form.objects.filter(part__campaign=campaign).count()
        answered += _answer_all(rng, others.filter(group="learner"), base=8)
        _demo_instructor(own)
    later = _effectiveness_class("can_bo_so_y_te", timezone.localdate())
    if later is not None:
        forms += _open_effectiveness(later)
    campaigns = len(chosen) + (1 if own is not None else 0) + (1 if later is not None else 0)
    progress(f"Đánh giá chất lượng: {campaigns} đợt, {forms} phiếu, {answered} phiếu đã trả lời")
    return {"evaluation_campaigns": campaigns, "evaluation_forms": forms,
            "evaluation_answered": answered}
