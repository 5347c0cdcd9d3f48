"""The demo's annual cycles (called from apps.demo.province after the plans and accounts):

* 2026: every agency drafted from needs and sent, the largest lines of two programmes merged into
  provincial classes, consolidated and approved (Quyết định 2650/QĐ-UBND of 10/12/2025), and about
  half of it carried out: each agency's plan also lists the yearly classes it organises itself,
  and those classes of the demo's training history are linked to their lines; the lines drafted
  from needs mostly have no class yet;
* 2027: under way: the survey open with some stated wishes (the demo learner's among them), every
  agency drafted, most sent before 31/08/2026, two not sent (late), one returned with comments, and
  Sở Nội vụ's consolidated draft (two provincial classes, budget ceilings), not yet approved.

Deterministic (``random.Random(seed)``). Writes go through the services; the classes that carry
the 2026 plan out are the demo's own 2026 classes, linked to the lines they serve."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db.models import Count
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
    _plan_own_classes(cycle)
    august = timezone.make_aware(dt.datetime(2025, 8, 20, 9, 0))
    _send_all(cycle, units, set(), august)
    _merge_biggest(cycle, 2)
    services.cycle_consolidate(actor=SYSTEM, cycle=cycle)
    number, day = DECISION_2026
    services.cycle_approve(actor=SYSTEM, cycle=cycle, decision_number=number, decision_date=day)
    opened = _carry_out_half(cycle)
    progress(f"Kế hoạch năm 2026: đã mở {opened} lớp từ kế hoạch (khoảng một nửa).")
    return {"lines": PlanLine.objects.filter(agency_plan__cycle=cycle).count(), "classes_opened": opened}


def _classes_of(cycle: AnnualCycle) -> dict[tuple[int, int], list]:
    """The year's classes of the demo's training history, by (organiser, programme)."""
    from apps.training.models import TrainingClass

    by_key: dict[tuple[int, int], list] = {}
    for klass in (TrainingClass.objects.filter(start_date__year=cycle.year, annual_link__isnull=True)
                  .annotate(n=Count("enrollments")).select_related("programme").order_by("start_date", "code")):
        by_key.setdefault((klass.organiser_id, klass.programme_id), []).append(klass)
    return by_key


def _plan_own_classes(cycle: AnnualCycle) -> int:
    """Each agency's plan also holds the yearly classes it organises itself (updates of knowledge,
    digital skills…): one line per programme not already drafted, sized from those classes."""
    added = 0
    plans = {p.unit_id: p for p in AgencyPlan.objects.filter(cycle=cycle).select_related("cycle", "unit")}
    drafted = set(PlanLine.objects.filter(agency_plan__cycle=cycle).values_list("agency_plan__unit_id", "programme_id"))
    for (unit_id, programme_id), classes in sorted(_classes_of(cycle).items()):
        plan = plans.get(unit_id)
        if plan is None or (unit_id, programme_id) in drafted:
            continue
        first = classes[0]
        services.line_save(actor=SYSTEM, agency_plan=plan, data=services.LineData(
            title=first.programme.name, quarter=(first.start_date.month - 1) // 3 + 1, classes=len(classes),
            learners=sum(k.n for k in classes), programme_id=programme_id, form_id=first.form_id,
            provider_id=first.provider_id, days=max(1, (first.end_date - first.start_date).days + 1),
            hours=int(first.hours or 8)))
        added += 1
    return added


def _carry_out_half(cycle: AnnualCycle) -> int:
    """Link the year's classes the demo's training history holds to the approved lines they carry
    out (same organiser and programme; Sở Nội vụ's open classes to a provincial class of their
    programme), as an agency records a class it opened for a line of its plan. The lines drafted
    from needs mostly have no class yet: about half of the plan is carried out."""
    free = _classes_of(cycle)
    home = services.execution._province_root_id()
    opened = 0
    for pc in cycle.provincial_classes.order_by("code"):
        for klass in free.pop((home, pc.programme_id), []):
            services.class_link(actor=SYSTEM, training_class=klass, provincial_class=pc)
            opened += 1
    lines = (PlanLine.objects.filter(agency_plan__cycle=cycle, provincial_class__isnull=True, programme__isnull=False)
             .select_related("agency_plan__unit", "agency_plan__cycle").order_by("agency_plan__unit__code", "order"))
    for line in lines:
        for klass in free.pop((line.agency_plan.unit_id, line.programme_id), []):
            services.class_link(actor=SYSTEM, training_class=klass, line=line)
            opened += 1
    return opened


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
