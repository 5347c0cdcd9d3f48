"""Target fixtures: a tiny catalogue and helpers that record lượt and qualifications directly.

Programmes: LAW (bồi dưỡng cập nhật, phap_luat, 16 h), ETHICS (bồi dưỡng cập nhật, dao_duc, 8 h),
LEAD (bồi dưỡng chức vụ, lanh_dao_quan_ly), TCLLCT (đào tạo trung cấp, ly_luan_chinh_tri),
MASTER (đào tạo thạc sĩ, chuyen_mon_nghiep_vu). The plan period is 2021-01-01 → 2025-12-31.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.people.models import Qualification, QualificationLevel
from apps.training.models import (
    ContentArea,
    DeliveryForm,
    Enrollment,
    Programme,
    Provider,
    TrainingClass,
)

PERIOD = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
D = dt.date


def _programme(code, name, kind, areas, **extra):
    p = Programme.objects.create(code=code, name=name, kind=kind, **extra)
    p.content_areas.set(ContentArea.objects.filter(code__in=areas))
    return p


@pytest.fixture
def catalogue(db):
    programmes = {
        "LAW": _programme("LAW", "Cập nhật kiến thức pháp luật", "boi_duong", ["phap_luat"],
                          fostering_family="cap_nhat", standard_hours=16),
        "ETHICS": _programme("ETHICS", "Đạo đức công vụ", "boi_duong", ["dao_duc"], fostering_family="cap_nhat"),
        "LEAD": _programme("LEAD", "Bồi dưỡng lãnh đạo cấp phòng", "boi_duong", ["lanh_dao_quan_ly"],
                           fostering_family="chuc_vu"),
        "TCLLCT": _programme("TCLLCT", "Trung cấp lý luận chính trị", "dao_tao", ["ly_luan_chinh_tri"],
                             degree_level="trung_cap"),
        "MASTER": _programme("MASTER", "Thạc sĩ quản lý công", "dao_tao", ["chuyen_mon_nghiep_vu"],
                             degree_level="thac_si"),
    }
    provider = Provider.objects.create(code="TCT", name="Trường Chính trị tỉnh")
    return {"programmes": programmes, "provider": provider}


@pytest.fixture
def train(catalogue):
    """train(person, "LAW", done=date, start=None, hours=16, country="", status="completed") -> Enrollment."""

    def make(person, programme, done=None, *, start=None, hours=16, country="", status="completed", klass=None):
        start = start or (done - dt.timedelta(days=5) if done else D(2024, 1, 1))
        return Enrollment.objects.create(
            person=person, programme=catalogue["programmes"][programme], start_date=start,
            end_date=done or start, hours=hours, country=country, status=status, training_class=klass,
            completed_on=done if status == "completed" else None)

    return make


@pytest.fixture
def make_class_row(catalogue, province):
    """make_class_row("LEAD", start, end, organiser="SYT", country="", status="finished") -> TrainingClass."""
    counter = {"n": 0}

    def make(programme, start, end, organiser="SYT", country="", status="finished"):
        counter["n"] += 1
        return TrainingClass.objects.create(
            code=f"L{counter['n']:03d}", programme=catalogue["programmes"][programme],
            provider=catalogue["provider"], organiser=province[organiser],
            form=DeliveryForm.objects.get(code="tap_trung"), start_date=start, end_date=end, country=country,
            status=status)

    return make


@pytest.fixture
def qualify(db):
    """qualify(person, "ly_luan_chinh_tri", "trung_cap", on=date, language="") -> Qualification."""

    def make(person, dimension, code, on=None, language=""):
        on = on or D(2020, 6, 1)
        level = QualificationLevel.objects.get(dimension=dimension, code=code)
        return Qualification.objects.create(person=person, dimension=dimension, level=level, obtained_on=on,
                                            language=language)

    return make
