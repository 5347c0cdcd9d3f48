"""A small hand-built population and a three-target plan for the dashboard tests.

Civil servants (population of PL and TC): Sở Y tế: An, Bình (BVDK), Cường; Sở GD&ĐT: Dũng, Em
(THPT1); huyện Mỹ Tú: Phúc (X01). The learner persona (viên chức, BVDK) is outside the population.
Law updates (programme LAW): An 10/03/2024 and 05/05/2025, Bình 01/06/2024, Dũng 02/04/2025,
Phúc 15/03/2025. Political theory trung cấp: An and Dũng. Master's degrees (count target): An, Em.

Hand-computed PL (≥ 80% updated on law each year), on 30/06/2025: 3/6 = 50,0% (SYT 1/3, SGD 1/2,
H01 1/1); at 31/12/2024: 2/6 = 33,3% (SYT 2/3); 2021–2023: 0/6.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.people.models import Qualification, QualificationLevel
from apps.plans.models import Plan, PlanTarget
from apps.training.models import ContentArea, Enrollment, Programme

D = dt.date
AT = D(2025, 6, 30)

PL = {
    "code": "PL", "text": "Hằng năm ít nhất 80% công chức được cập nhật kiến thức pháp luật",
    "population": {"categories": ["cong_chuc"]},
    "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}},
    "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"},
}
TC = {
    "code": "TC", "text": "100% công chức có trình độ trung cấp lý luận chính trị trở lên",
    "population": {"categories": ["cong_chuc"]},
    "measure": {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"},
    "goal": {"min": 100, "unit": "percent"}, "deadline": {"end_of_period": True},
}
THS = {
    "code": "THS", "text": "Cử 2–3 người đi đào tạo thạc sĩ",
    "measure": {"kind": "count", "training": {"degree_levels": ["thac_si"]}, "window": {"period": True},
                "counting": "people"},
    "goal": {"min": 2, "max": 3, "unit": "people"}, "deadline": {"end_of_period": True},
}


def _programme(code, name, kind, areas, **extra) -> Programme:
    programme = Programme.objects.create(code=code, name=name, kind=kind, **extra)
    programme.content_areas.set(ContentArea.objects.filter(code__in=areas))
    return programme


def _trained(person, programme, done: dt.date) -> Enrollment:
    return Enrollment.objects.create(person=person, programme=programme, start_date=done - dt.timedelta(days=5),
                                     end_date=done, hours=16, status="completed", completed_on=done)


def _holds(person, dimension: str, code: str) -> None:
    level = QualificationLevel.objects.get(dimension=dimension, code=code)
    Qualification.objects.create(person=person, dimension=dimension, level=level, obtained_on=D(2019, 6, 1))


@pytest.fixture
def plan(db) -> Plan:
    plan = Plan.objects.create(code="KH-TEST", title="Kế hoạch ĐTBD thử nghiệm 2021–2025", issuing_body="UBND tỉnh",
                               period_start=D(2021, 1, 1), period_end=D(2025, 12, 31))
    for order, spec in enumerate((PL, TC, THS), start=1):
        PlanTarget.objects.create(plan=plan, order=order, code=spec["code"], text=spec["text"], spec=spec)
    return plan


@pytest.fixture
def population(province, personas, make_person):
    """The six civil servants above with their training and qualifications."""
    law = _programme("LAW", "Cập nhật kiến thức pháp luật", "boi_duong", ["phap_luat"], fostering_family="cap_nhat")
    master = _programme("MASTER", "Thạc sĩ quản lý công", "dao_tao", ["chuyen_mon_nghiep_vu"], degree_level="thac_si")
    p = {
        "an": make_person(province["SYT"], "Nguyễn Văn An", code="YT-AN"),
        "binh": make_person(province["BVDK"], "Trần Thị Bình", code="YT-BINH"),
        "cuong": make_person(province["SYT"], "Lê Văn Cường", code="YT-CUONG"),
        "dung": make_person(province["SGD"], "Phạm Văn Dũng", code="GD-DUNG"),
        "em": make_person(province["THPT1"], "Võ Thị Em", code="GD-EM"),
        "phuc": make_person(province["X01"], "Đặng Văn Phúc", code="X-PHUC"),
    }
    for key, day in (("an", D(2024, 3, 10)), ("an", D(2025, 5, 5)), ("binh", D(2024, 6, 1)),
                     ("dung", D(2025, 4, 2)), ("phuc", D(2025, 3, 15))):
        _trained(p[key], law, day)
    for key in ("an", "em"):
        _trained(p[key], master, D(2023, 9, 1))
    for key in ("an", "dung"):
        _holds(p[key], "ly_luan_chinh_tri", "trung_cap")
    return p


@pytest.fixture(autouse=True)
def results_inline(settings):
    """These tests read figures at once: stored results are computed in the request
    (apps/results tests cover the job, the staleness and the polling)."""
    settings.DTBD_RESULTS_INLINE = True
