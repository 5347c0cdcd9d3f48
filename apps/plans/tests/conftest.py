from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from apps.accounts.access import SYSTEM

SEED = Path(__file__).resolve().parents[3] / "plans" / "soc-trang-2021-2025.yaml"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_units(db):
    """The two departments the seed plan's roadmap names by code (Sở Nội vụ, Sở Tài chính)."""
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    def make(code, name, parent=None):
        return unit_create(actor=SYSTEM, code=code, name=name, level=Level.PROVINCE, kind=UnitKind.STATE,
                           parent=parent, valid_from=dt.date(2020, 1, 1), audit=False)

    root = make("UBND", "UBND tỉnh")
    return [make("SNV", "Sở Nội vụ", root), make("STC", "Sở Tài chính", root)]


def snapshot() -> dict:
    """Every row of every plan table (and the contents' areas), for before/after comparisons."""
    from apps.plans import models

    tables = {}
    for model in (models.Plan, models.PlanLegalBasis, models.PlanGroup, models.PlanRequirement,
                  models.PlanObjective, models.PlanContent, models.PlanSolution, models.PlanFunding,
                  models.PlanTask, models.PlanTarget, models.PlanContent.content_areas.through):
        tables[model.__name__] = list(model.objects.order_by("pk").values())
    return tables
