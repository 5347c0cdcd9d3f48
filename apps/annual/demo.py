"""The demo's annual cycles (called from apps.demo.province after the plans and accounts):

* 2026: every agency drafted from needs and sent, the largest lines of two programmes merged into
  provincial classes, consolidated and approved (Quyết định 2650/QĐ-UBND of 10/12/2025), and about
  half of it carried out: a class opened for every other line (the provincial classes first), with
  completed lượt of the agency's people and half of the planned spending recorded as spent;
* 2027: under way: the survey open with some stated wishes (the demo learner's among them), every
  agency drafted, most sent before 31/08/2026, two not sent (late), one returned with comments, and
  Sở Nội vụ's consolidated draft (two provincial classes, budget ceilings), not yet approved.

Deterministic (``random.Random(seed)``). Writes go through the services except the bulk rows of
the executed classes (enrollments), written in one ``bulk_create`` as the rest of the demo's
training history is."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.annual import services
from apps.annual.models import AgencyPlan, AgencyPlanStatus, AnnualCycle, PlanLine, StatedNeed
from apps.annual.selectors import agencies

DECISION_2026 = ("2650/QĐ-UBND", dt.date(2025, 12, 10))
WISHES = 300


def build_annual(*, seed: int = 1, progress: Callable[[str], None] = print) -> dict:
    rng = random.Random(seed)
    units = agencies()
    if not units:
        return {}
    summary = {"annual_2026": _year_2026(rng, units, progress), "annual_2027": _year_2027(rng, units, progress)}
    return summary


def _send_all(cycle: AnnualCycle, units, skip: set[int], when: dt.datetime | None) -> int:
    sent = 0
    for plan in AgencyPlan.objects.filter(cycle=cycle, unit__in=units).select_related("cycle", "unit"):
        if plan.unit_id in skip or not plan.lines.exists():
            continue
        services.plan_submit(actor=SYSTEM, agency_plan=plan)
        if when is not None:
            AgencyPlan.objects.filter(pk=plan.pk).update(submitted_at=when, first_submitted_at=when)
        sent += 1
    return sent


def _merge_biggest(cycle: AnnualCycle, count: int) -> int:
    """For the ``count`` programmes most agencies ask for, merge the three largest lines."""
    lines = list(PlanLine.objects.filter(agency_plan__cycle=cycle, provincial_class__isnull=True,
                                         agency_plan__status__in=["submitted", "resubmitted", "accepted"])
                 .select_related("agency_plan__unit", "agency_plan__cycle", "programme", "form", "provider"))
    by_programme: dict[int, list[PlanLine]] = {}
    for line in lines:
        if line.programme_id:
            by_programme.setdefault(line.programme_id, []).append(line)
    merged = 0
    ranked = sorted(by_programme.values(), key=lambda ls: -len({x.agency_plan.unit_id for x in ls}))
    for group in ranked[:count]:
        picked, seen = [], set()
        for line in sorted(group, key=lambda x: -x.learners):
            if line.agency_plan.unit_id not in seen and 0 < line.learners <= 400:
                picked.append(line)
                seen.add(line.agency_plan.unit_id)
            if len(picked) == 3:
                break
        if len(picked) >= 2:
            services.provincial_class_merge(actor=SYSTEM, cycle=cycle, lines=picked)
            merged += 1
    return merged


def _year_2026(rng: random.Random, units, progress) -> dict:
    cycle = AnnualCycle.objects.filter(year=2026).first() or services.cycle_create(actor=SYSTEM, year=2026)
    progress("Kế hoạch năm 2026: soạn từ nhu cầu cho mọi cơ quan, gửi, gộp lớp chung, phê duyệt…")
    services.plans_draft_all(actor=SYSTEM, cycle=cycle, units=units)
    august = timezone.make_aware(dt.datetime(2025, 8, 20, 9, 0))
    _send_all(cycle, units, set(), august)
    _merge_biggest(cycle, 2)
    services.cycle_consolidate(actor=SYSTEM, cycle=cycle)
    number, day = DECISION_2026
    services.cycle_approve(actor=SYSTEM, cycle=cycle, decision_number=number, decision_date=day)
    opened = _carry_out_half(rng, cycle)
    progress(f"Kế hoạch năm 2026: đã mở {opened} lớp từ kế hoạch (khoảng một nửa).")
    return {"lines": PlanLine.objects.filter(agency_plan__cycle=cycle).count(), "classes_opened": opened}


def _carry_out_half(rng: random.Random, cycle: AnnualCycle) -> int:
    from apps.people.models import Person
    from apps.training.models import ClassBudget, Enrollment, Provider

    provider = Provider.objects.filter(active=True).order_by("code").first()
    if provider is None:
        return 0
    opened, enrollments, budgets = 0, [], []
    for pc in cycle.provincial_classes.all():
        klass = services.class_from_line(actor=SYSTEM, provincial_class=pc, code=f"KH26-{pc.code}", provider=provider,
                                         start_date=dt.date(2026, 3 * pc.quarter - 2, 10),
                                         end_date=dt.date(2026, 3 * pc.quarter - 2, 14))
        for line in pc.lines.select_related("agency_plan"):
            enrollments += _completed(rng, klass, line, Person, Enrollment)
        budgets.append(ClassBudget(training_class=klass, funding_source="ngan_sach_dia_phuong",
                                   planned_amount=10_000_000, actual_amount=9_000_000))
        opened += 1
    own = list(PlanLine.objects.filter(agency_plan__cycle=cycle, provincial_class__isnull=True, learners__gt=0,
                                       programme__isnull=False).select_related("agency_plan__unit", "programme", "form")
               .order_by("agency_plan__unit__code", "order"))
    for i, line in enumerate(own):
        if i % 2:
            continue
        quarter = min(line.quarter, 3)
        klass = services.class_from_line(actor=SYSTEM, line=line, code=f"KH26-{line.pk:05d}", provider=provider,
                                         start_date=dt.date(2026, 3 * quarter - 1, 5),
                                         end_date=dt.date(2026, 3 * quarter - 1, 5) + dt.timedelta(days=line.days - 1))
        enrollments += _completed(rng, klass, line, Person, Enrollment)
        for source, amount in (line.costs or {}).items():
            budgets.append(ClassBudget(training_class=klass, funding_source=source, planned_amount=amount,
                                       actual_amount=amount // 2))
        opened += 1
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    ClassBudget.objects.bulk_create(budgets, batch_size=2000)
    return opened


def _completed(rng, klass, line, Person, Enrollment) -> list:
    """Completed lượt for up to 40 of the line's people (named ones first, else of its agency and group)."""
    from apps.organization.selectors import subtree_ids

    people = list(line.people.values_list("pk", flat=True)[:40])
    if not people:
        people = list(Person.objects.filter(unit_id__in=subtree_ids(line.agency_plan.unit_id), status="working",
                                            category=line.category or "cong_chuc")
                      .order_by("code").values_list("pk", flat=True)[: min(line.learners, 40)])
    return [Enrollment(person_id=pid, training_class=klass, programme_id=klass.programme_id, provider=klass.provider,
                       form=klass.form, start_date=klass.start_date, end_date=klass.end_date, hours=klass.hours,
                       status="completed", completed_on=klass.end_date) for pid in people if rng.random() < 0.9]


def _year_2027(rng: random.Random, units, progress) -> dict:
    from apps.people.models import Person
    from apps.training.models import DeliveryForm, Programme

    cycle = AnnualCycle.objects.filter(year=2027).first() or services.cycle_create(actor=SYSTEM, year=2027)
    progress("Kế hoạch năm 2027: khảo sát nhu cầu, soạn, gửi, trả lại, tổng hợp dự thảo…")
    services.cycle_set_survey(actor=SYSTEM, cycle=cycle, open=True)
    programmes = list(Programme.objects.filter(active=True, kind="boi_duong").order_by("code")[:12])
    forms = list(DeliveryForm.objects.order_by("order"))
    people = list(Person.objects.filter(status="working").order_by("code").values_list("pk", flat=True))
    picked = rng.sample(people, min(WISHES, len(people)))
    from apps.demo.accounts import learner_person

    own = learner_person()
    if own is not None and own.pk not in picked:
        picked.append(own.pk)
    if programmes:
        StatedNeed.objects.bulk_create([
            StatedNeed(cycle=cycle, person_id=pid, programme=rng.choice(programmes), priority=rng.choice((1, 2, 3)),
                       form=rng.choice(forms) if forms else None, quarter=rng.choice((2, 3, 4)),
                       self_fund=rng.random() < 0.15) for pid in picked], ignore_conflicts=True)
    services.plans_draft_all(actor=SYSTEM, cycle=cycle, units=units)
    ordered = sorted(units, key=lambda u: u.code)
    late = {u.pk for u in ordered[-2:]}
    august = timezone.make_aware(dt.datetime(2026, 8, 25, 9, 0))
    _send_all(cycle, units, late, august)
    returned = next((p for p in AgencyPlan.objects.filter(cycle=cycle, status=AgencyPlanStatus.SUBMITTED)
                     .select_related("cycle", "unit").order_by("unit__code") if p.unit.code not in ("SYT", "SGD")), None)
    if returned is not None:
        services.plan_return(actor=SYSTEM, agency_plan=returned,
                             comment="Đề nghị rà soát lại số học viên lớp bồi dưỡng theo vị trí việc làm và bổ sung "
                                     "kinh phí đi lại cho học viên cấp xã.")
    merged = _merge_biggest(cycle, 2)
    services.cycle_set_ceilings(actor=SYSTEM, cycle=cycle, ceilings={"ngan_sach_dia_phuong": 25_000_000_000,
                                                                     "kinh_phi_co_quan": 6_000_000_000})
    return {"wishes": len(picked), "late": len(late), "returned": 1 if returned else 0, "merged": merged}
