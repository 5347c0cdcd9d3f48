"""Reminder sources of the annual cycle (apps.notifications): milestones, returned plans, open surveys.

* ``annual.milestones``: every milestone of a cycle not yet approved (and, once approved, the
  adjustment and results dates), to those who act on it: agency officers for the call, the
  submission, the adjustment and the results; Sở Nội vụ for the consolidation; leaders for the
  approval. The submission date is ``overdue`` (a reminder a day after it) for officers of agencies
  that have not sent, and ``done`` for those that have.
* ``annual.returned``: a plan returned with comments, to its agency's officers, due 7 days after
  it was returned, overdue until resubmitted.
* ``annual.surveys``: an open needs survey, to learners and officers, due on its closing date.

Cost per run: one query for the cycles with their milestones, one for the agency plans, one per
role for the users."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.models import Role
from apps.annual.models import AgencyPlanStatus, AnnualCycle, CycleStatus, MilestoneKind
from apps.notifications.reminders import Deadline, reminder_source

RETURN_DAYS = 7
OFFICER_KINDS = {MilestoneKind.CALL, MilestoneKind.SUBMISSION, MilestoneKind.ADJUSTMENT, MilestoneKind.RESULTS}
AFTER_APPROVAL = {MilestoneKind.ADJUSTMENT, MilestoneKind.RESULTS}


def _users(role: str) -> list[tuple[int, int | None]]:
    """(user id, unit id) of the active accounts of ``role``."""
    return list(get_user_model().objects.filter(is_active=True, profile__role=role)
                .values_list("pk", "profile__unit_id"))


def _url(year: int) -> str:
    return f"/ke-hoach-nam/{year}/"


def _cycles():
    return AnnualCycle.objects.prefetch_related("milestones", "agency_plans")


@reminder_source("annual.milestones")
def milestone_deadlines(today: dt.date) -> Iterator[Deadline]:
    officers = _users(Role.AGENCY_OFFICER)
    users = {MilestoneKind.CONSOLIDATION: [u for u, _ in _users(Role.HOME_AFFAIRS)],
             MilestoneKind.APPROVAL: [u for u, _ in _users(Role.LEADER)]}
    for cycle in _cycles():
        sent_units = {p.unit_id for p in cycle.agency_plans.all()
                      if p.status != AgencyPlanStatus.DRAFT and p.first_submitted_at is not None}
        for m in cycle.milestones.all():
            if cycle.status == CycleStatus.APPROVED and m.kind not in AFTER_APPROVAL:
                continue
            title = f"{m.get_kind_display()} – kế hoạch năm {cycle.year}"
            key = f"annual:{cycle.year}:{m.kind}"
            if m.kind == MilestoneKind.SUBMISSION:
                late = [u for u, unit in officers if unit not in sent_units]
                done = [u for u, unit in officers if unit in sent_units]
                if late:
                    yield Deadline(key=key, title=title, due=m.due, users=late, url=_url(cycle.year), body=m.basis,
                                   overdue=True, kind="annual")
                if done:
                    yield Deadline(key=key + ":sent", title=title, due=m.due, users=done, url=_url(cycle.year),
                                   body=m.basis, done=True, kind="annual")
                continue
            who = [u for u, _ in officers] if m.kind in OFFICER_KINDS else users.get(m.kind, [])
            if who:
                yield Deadline(key=key, title=title, due=m.due, users=who, url=_url(cycle.year), body=m.basis,
                               done=m.kind == MilestoneKind.CONSOLIDATION and cycle.status != CycleStatus.PLANNING,
                               kind="annual")


@reminder_source("annual.returned")
def returned_deadlines(today: dt.date) -> Iterator[Deadline]:
    by_unit: dict[int | None, list[int]] = defaultdict(list)
    for user_id, unit_id in _users(Role.AGENCY_OFFICER):
        by_unit[unit_id].append(user_id)
    for cycle in _cycles():
        for plan in cycle.agency_plans.all():
            if plan.status != AgencyPlanStatus.RETURNED or not by_unit.get(plan.unit_id):
                continue
            returned = timezone.localtime(plan.updated_at).date()
            yield Deadline(key=f"annualplan:{plan.pk}:v{plan.version}:resubmit",
                           title=f"Sửa và gửi lại kế hoạch năm {cycle.year} (bị trả lại)",
                           due=returned + dt.timedelta(days=RETURN_DAYS), users=by_unit[plan.unit_id],
                           url=f"{_url(cycle.year)}co-quan/{plan.unit.code}/", body=plan.comment, overdue=True,
                           kind="annual")


@reminder_source("annual.surveys")
def survey_deadlines(today: dt.date) -> Iterator[Deadline]:
    cycles = [c for c in _cycles() if c.survey_open]
    if not cycles:
        return
    learners = [u for u, _ in _users(Role.LEARNER)]
    officers = [u for u, _ in _users(Role.AGENCY_OFFICER)]
    for cycle in cycles:
        close = next((m for m in cycle.milestones.all() if m.kind == MilestoneKind.SURVEY_CLOSE), None)
        if close is None or close.due < today:
            continue
        if learners:
            yield Deadline(key=f"annual:{cycle.year}:survey:learner", due=close.due, users=learners,
                           title=f"Đăng ký nhu cầu đào tạo, bồi dưỡng năm {cycle.year}", url="/ca-nhan/nhu-cau/",
                           kind="annual")
        if officers:
            yield Deadline(key=f"annual:{cycle.year}:survey:officer", due=close.due, users=officers,
                           title=f"Khảo sát nhu cầu năm {cycle.year}: nhập thay và xác nhận nhu cầu của cơ quan",
                           url=_url(cycle.year), kind="annual")
