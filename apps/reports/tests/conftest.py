"""A hand-built province for the reports (figures stated in the tests).

People (all joined 2020-01-01; tree of the root conftest):
  A  Sở Y tế, công chức, nam, Kinh, Trưởng phòng
  B  Bệnh viện Đa khoa (under Sở Y tế), viên chức, nữ, Khmer
  C  Trường THPT Lê Lợi (under Sở GD&ĐT), viên chức, nữ, Kinh
  D  UBND xã Long Hưng (commune), cán bộ, nam, Khmer
  E  UBND huyện Mỹ Tú (district), công chức, nam, Kinh

Lượt (completed):
  A  LAW   in class K1 (organiser SYT, provider TCT), 24 tiết, completed 2025-03-10
  A  LEAD  outside classes, 40 tiết, completed 2025-09-15
  B  LAW   in class K1, completed 2025-03-10         (B also withdrew from ETHICS in 2025: not counted)
  C  MASTER abroad (Úc), outside classes, completed 2025-06-30, cost 100.000.000 (foreign sponsor)
  D  TCLLCT in class K2 (organiser TINH, provider TCT), completed 2025-11-20
  E  LAW   outside classes, completed 2024-05-05 (the year before)
  E  ETHICS outside classes, 8 tiết, completed 2025-08-01
Budgets: K1 provincial budget planned 30.000.000, actual 25.000.000; K2 central budget planned
50.000.000, actual 48.000.000.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.people.models import Ethnicity, Position
from apps.training.models import (
    ClassBudget,
    ContentArea,
    DeliveryForm,
    Enrollment,
    EnrollmentCost,
    Programme,
    Provider,
    TrainingClass,
)

D = dt.date


def _programme(code, name, kind, areas, **extra):
    p = Programme.objects.create(code=code, name=name, kind=kind, **extra)
    p.content_areas.set(ContentArea.objects.filter(code__in=areas))
    return p


@pytest.fixture
def dataset(province, personas, make_person):
    khmer = Ethnicity.objects.get(name="Khmer").pk
    leader = Position.objects.get(code="TRUONG_PHONG").pk
    people = {
        "A": make_person(province["SYT"], "Lê Văn An", position_id=leader),
        "B": make_person(province["BVDK"], "Thạch Thị Bé", category="vien_chuc", gender="nu", ethnicity_id=khmer),
        "C": make_person(province["THPT1"], "Phạm Thị Cúc", category="vien_chuc", gender="nu"),
        "D": make_person(province["X02"], "Sơn Văn Dũng", category="can_bo", ethnicity_id=khmer),
        "E": make_person(province["H01"], "Trần Văn Em"),
    }
    prog = {
        "LAW": _programme("LAW", "Cập nhật kiến thức pháp luật", "boi_duong", ["phap_luat"],
                          fostering_family="cap_nhat", standard_hours=24),
        "ETHICS": _programme("ETHICS", "Đạo đức công vụ", "boi_duong", ["dao_duc"], fostering_family="cap_nhat"),
        "LEAD": _programme("LEAD", "Bồi dưỡng lãnh đạo cấp phòng", "boi_duong", ["lanh_dao_quan_ly"],
                           fostering_family="chuc_vu"),
        "TCLLCT": _programme("TCLLCT", "Trung cấp lý luận chính trị", "dao_tao", ["ly_luan_chinh_tri"],
                             degree_level="trung_cap"),
        "MASTER": _programme("MASTER", "Thạc sĩ quản lý công", "dao_tao", ["chuyen_mon_nghiep_vu"],
                             degree_level="thac_si"),
    }
    tct = Provider.objects.create(code="TCT", name="Trường Chính trị tỉnh")
    uni = Provider.objects.create(code="UNI", name="Đại học Úc", is_foreign=True, country="Úc")
    full_time = DeliveryForm.objects.get(code="tap_trung")

    def klass(code, programme, organiser, end):
        return TrainingClass.objects.create(code=code, programme=prog[programme], provider=tct,
                                            organiser=province[organiser], form=full_time,
                                            start_date=end - dt.timedelta(days=4), end_date=end, status="finished")

    k1, k2 = klass("K1", "LAW", "SYT", D(2025, 3, 10)), klass("K2", "TCLLCT", "TINH", D(2025, 11, 20))
    ClassBudget.objects.create(training_class=k1, funding_source="ngan_sach_dia_phuong",
                               planned_amount=Decimal(30_000_000), actual_amount=Decimal(25_000_000))
    ClassBudget.objects.create(training_class=k2, funding_source="ngan_sach_trung_uong",
                               planned_amount=Decimal(50_000_000), actual_amount=Decimal(48_000_000))

    def luot(who, programme, done, *, hours=24, klass=None, country="", provider=tct, status="completed"):
        return Enrollment.objects.create(
            person=people[who], programme=prog[programme], training_class=klass, provider=provider,
            form=full_time, start_date=done - dt.timedelta(days=4), end_date=done, hours=hours, country=country,
            status=status, completed_on=done if status == "completed" else None)

    luot("A", "LAW", D(2025, 3, 10), klass=k1)
    luot("A", "LEAD", D(2025, 9, 15), hours=40)
    luot("B", "LAW", D(2025, 3, 10), klass=k1)
    luot("B", "ETHICS", D(2025, 4, 1), status="withdrawn")
    master = luot("C", "MASTER", D(2025, 6, 30), country="Úc", provider=uni, hours=600)
    EnrollmentCost.objects.create(enrollment=master, funding_source="tai_tro_nuoc_ngoai", amount=Decimal(100_000_000))
    luot("D", "TCLLCT", D(2025, 11, 20), klass=k2, hours=480)
    luot("E", "LAW", D(2024, 5, 5))
    luot("E", "ETHICS", D(2025, 8, 1), hours=8)
    return {"people": people, "province": province, "personas": personas, "classes": {"K1": k1, "K2": k2}}
