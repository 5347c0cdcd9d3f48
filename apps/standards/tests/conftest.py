"""Standards fixtures: the seeded defaults are removed and replaced by three standards stated here,
so tests read against figures written next to them.

- CVC-2014: rank 01.002 (Chuyên viên chính) from 25/12/2014: chuyên môn đại học, LLCT trung cấp,
  QLNN chuyên viên chính, tin học cơ bản, ngoại ngữ bậc 3 — replaced on 01/08/2021 by
- CVC-2021: the same without tin học and ngoại ngữ (CVC-2014 then ends on 31/07/2021);
- TP-2020: position TRUONG_PHONG from 01/01/2020: đại học, LLCT trung cấp, QLNN chuyên viên and a
  completed leadership fostering (family chuc_vu).

Helpers: ``qual(person, dimension, level_code, on)``, ``change(person, on, **fields)`` (a dated
service change through the registry service), ``foster(person, completed_on)`` (a completed
leadership fostering course), ``rank(code)``, ``position(code)``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.people.models import Position, QualificationLevel, Rank
from apps.people.services import PersonData, person_update, qualification_add
from apps.standards import services
from apps.standards.models import Standard

D = dt.date
CVC, CV, NV = "01.002", "01.003", "01.005"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rank(code: str) -> Rank:
    return Rank.objects.get(code=code)


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def qual(person, dimension: str, code: str, on: dt.date):
    level = QualificationLevel.objects.get(dimension=dimension, code=code)
    return qualification_add(actor=SYSTEM, person=person, level=level, obtained_on=on)


def change(person, on: dt.date, **fields):
    """Change the person's service values from ``on`` (rank_id, position_id, unit_id, …)."""
    data = PersonData(
        code=person.code, full_name=person.full_name, gender=person.gender, birth_date=person.birth_date,
        ethnicity_id=person.ethnicity_id, unit_id=person.unit_id, category=person.category,
        joined_on=person.joined_on, national_id=person.national_id, rank_id=person.rank_id,
        position_id=person.position_id, position_appointed_on=person.position_appointed_on,
        job_position=person.job_position, in_succession_plan=person.in_succession_plan,
        succession_position_id=person.succession_position_id)
    for name, value in fields.items():
        setattr(data, name, value)
    return person_update(actor=SYSTEM, person=person, data=data, effective_on=on)


@pytest.fixture
def standards(db):
    Standard.objects.all().delete()
    common = {"chuyen_mon": "dai_hoc", "ly_luan_chinh_tri": "trung_cap", "quan_ly_nha_nuoc": "chuyen_vien_chinh"}
    old = services.standard_create(actor=SYSTEM, data=services.StandardData(
        code="CVC-2014", name="Tiêu chuẩn ngạch Chuyên viên chính (2014)", rank_code=CVC,
        effective_from=D(2014, 12, 25), legal_basis="Thông tư 11/2014/TT-BNV",
        requirements={**common, "tin_hoc": "co_ban", "ngoai_ngu": "bac_3"}))
    new = services.standard_create(actor=SYSTEM, data=services.StandardData(
        code="CVC-2021", name="Tiêu chuẩn ngạch Chuyên viên chính (2021)", rank_code=CVC,
        effective_from=D(2021, 8, 1), legal_basis="Thông tư 2/2021/TT-BNV", requirements=common))
    tp = services.standard_create(actor=SYSTEM, data=services.StandardData(
        code="TP-2020", name="Tiêu chuẩn chức vụ Trưởng phòng", position_code="TRUONG_PHONG",
        effective_from=D(2020, 1, 1), legal_basis="Quy định 214-QĐ/TW", required_fostering="chuc_vu",
        requirements={"chuyen_mon": "dai_hoc", "ly_luan_chinh_tri": "trung_cap",
                      "quan_ly_nha_nuoc": "chuyen_vien"}))
    old.refresh_from_db()
    return {"CVC-2014": old, "CVC-2021": new, "TP-2020": tp}


@pytest.fixture
def foster(db):
    from apps.training import services as training
    from apps.training.models import ContentArea

    programme = training.programme_create(
        actor=SYSTEM, code="BD-LDCP", name="Bồi dưỡng lãnh đạo, quản lý cấp phòng", kind="boi_duong",
        fostering_family="chuc_vu", content_areas=ContentArea.objects.filter(code="lanh_dao_quan_ly"))

    def record(person, completed_on: dt.date):
        return training.external_training_record(
            actor=SYSTEM, person=person, programme=programme, provider_name="Trường Chính trị tỉnh",
            start_date=completed_on - dt.timedelta(days=30), end_date=completed_on, completed_on=completed_on)

    return record
