from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from apps.accounts.access import SYSTEM

SEED = Path(__file__).resolve().parents[3] / "plans" / "soc-trang-2021-2025.yaml"


@pytest.fixture
def agencies(province):
    """The shared small province plus Sở Nội vụ and Sở Tài chính (the seed plan names them by
    code): agencies under the root are SGD, SNV, STC, SYT (departments) and H01 (a district)."""
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        province[code] = unit_create(actor=SYSTEM, code=code, name=name, level=Level.PROVINCE, kind=UnitKind.STATE,
                                     parent=province["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    return province


@pytest.fixture
def seed_plan(agencies):
    from apps.plans.services import plan_load

    return plan_load(actor=SYSTEM, text=SEED.read_text(encoding="utf-8")).plan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_plan(code="KH-NV", start=dt.date(2026, 1, 1), end=dt.date(2028, 12, 31), rows=()):
    """A plan whose roadmap is ``rows``: (number, text, lead text, lead codes, deadline text)."""
    from apps.plans import deadlines
    from apps.plans.models import Plan, PlanTask

    plan = Plan.objects.create(code=code, title=f"Kế hoạch {code}", issuing_body="UBND tỉnh",
                               period_start=start, period_end=end)
    for order, (number, text, lead, codes, deadline) in enumerate(rows, 1):
        PlanTask.objects.create(plan=plan, order=order, number=number, text=text, lead_units=lead,
                                lead_unit_codes=list(codes), deadline_text=deadline, deadline=deadlines.parse(deadline))
    return plan
