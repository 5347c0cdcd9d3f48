"""The demo's annual cycles on an 800-person demo province: 2026 approved and about half carried
out; 2027 under way with most agencies sent, two late, one returned, a consolidated draft."""

from __future__ import annotations

import pytest

from apps.annual.models import (
    AgencyPlanStatus,
    AnnualCycle,
    ClassLink,
    CycleStatus,
    PlanLine,
    StatedNeed,
)
from apps.annual.selectors import agencies, execution, overview
from apps.demo.tests.conftest import demo  # noqa: F401  (the module-scoped demo province)

PERSONS, SEED = 800, 1
pytestmark = pytest.mark.django_db


def test_2026_is_approved_and_about_half_carried_out(demo):  # noqa: F811
    cycle = AnnualCycle.objects.get(year=2026)
    assert cycle.status == CycleStatus.APPROVED and cycle.decision_number == "2650/QĐ-UBND"
    assert cycle.provincial_classes.count() == 2
    own = PlanLine.objects.filter(agency_plan__cycle=cycle, provincial_class__isnull=True, learners__gt=0)
    carried = own.filter(class_links__isnull=False).distinct().count()
    assert 0.3 <= carried / own.count() <= 0.7
    # Every linked class is its line's agency's class of the line's programme, started in 2026.
    links = ClassLink.objects.filter(cycle=cycle, line__isnull=False).select_related("training_class", "line__agency_plan")
    assert links and all(x.training_class.organiser_id == x.line.agency_plan.unit_id
                         and x.training_class.programme_id == x.line.programme_id
                         and x.training_class.start_date.year == 2026 for x in links)
    province, _agencies, _lines = execution(cycle)
    assert 0 < province.completed < province.planned_learners and province.spent_total > 0


def test_2027_is_under_way(demo):  # noqa: F811
    cycle = AnnualCycle.objects.get(year=2027)
    rows = overview(cycle)
    assert cycle.status == CycleStatus.PLANNING and cycle.survey_open
    assert len(rows) == len(agencies())
    statuses = [r.plan.status if r.plan else None for r in rows]
    assert statuses.count(AgencyPlanStatus.RETURNED) == 1
    assert sum(1 for r in rows if not r.sent and r.late) == 2  # two never sent (the returned one was on time)
    assert sum(1 for r in rows if r.sent) == len(rows) - 3
    assert cycle.provincial_classes.exists() and cycle.ceilings
    assert StatedNeed.objects.filter(cycle=cycle, person__code__isnull=False).count() >= 300
