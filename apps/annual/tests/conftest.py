"""Annual-cycle fixtures: a tiny catalogue, a multi-year plan with one yearly target, a 2027 cycle.

People (all from 2020, the shared ``province`` tree):
  SYT: An (công chức, nữ), Bình (công chức, trưởng phòng, in the succession pool); BVDK: Chi (viên chức)
  SGD: Dũng (công chức), Ê (công chức, Khmer)
Programmes: LAW (bồi dưỡng cập nhật, phap_luat, 16 tiết), JOB (vị trí việc làm, 40 tiết), LEAD (chức vụ).
Target LAW-80: 80% of civil servants trained on law each year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.people.models import Ethnicity, Position
from apps.plans.models import Plan, PlanTarget
from apps.training.models import ContentArea, Programme, Provider


def _programme(code, name, areas, **extra):
    p = Programme.objects.create(code=code, name=name, kind="boi_duong", **extra)
    p.content_areas.set(ContentArea.objects.filter(code__in=areas))
    return p


@pytest.fixture
def catalogue(db):
    return {
        "LAW": _programme("LAW", "Cập nhật kiến thức pháp luật", ["phap_luat"], fostering_family="cap_nhat",
                          standard_hours=16),
        "JOB": _programme("JOB", "Bồi dưỡng theo vị trí việc làm", ["chuyen_mon_nghiep_vu"],
                          fostering_family="vi_tri_viec_lam", standard_hours=40),
        "LEAD": _programme("LEAD", "Bồi dưỡng lãnh đạo cấp phòng", ["lanh_dao_quan_ly"], fostering_family="chuc_vu",
                           standard_hours=40),
        "provider": Provider.objects.create(code="TCT", name="Trường Chính trị tỉnh"),
    }


LAW_TARGET = {"population": {"categories": ["cong_chuc"]},
              "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}},
              "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"}}


@pytest.fixture
def plan(db):
    plan = Plan.objects.create(code="kh-2026-2030", title="Kế hoạch 2026–2030", issuing_body="UBND tỉnh",
                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2030, 12, 31))
    PlanTarget.objects.create(plan=plan, order=1, code="LAW-80", text="80% công chức được cập nhật pháp luật",
                              spec=LAW_TARGET)
    return plan


@pytest.fixture
def staff(province, make_person):
    leader = Position.objects.filter(is_leadership=True).first()
    khmer = Ethnicity.objects.get(name="Khmer")
    return {
        "an": make_person(province["SYT"], "Nguyễn Thị An", gender="nu"),
        "binh": make_person(province["SYT"], "Lê Văn Bình", position_id=leader.pk,
                            position_appointed_on=dt.date(2022, 1, 1), in_succession_plan=True),
        "chi": make_person(province["BVDK"], "Phạm Thị Chi", category="vien_chuc", gender="nu"),
        "dung": make_person(province["SGD"], "Trần Văn Dũng"),
        "e": make_person(province["SGD"], "Thạch Ê", ethnicity_id=khmer.pk),
    }


@pytest.fixture
def cycle(plan, catalogue):
    from apps.annual.services import cycle_create

    return cycle_create(actor=SYSTEM, year=2027, plan=plan)
