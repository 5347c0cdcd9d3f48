"""Every population key, counted as of the evaluation date, on a cast of seven built by hand.

  a  SYT    công chức, cấp tỉnh, Kinh, nam, born 17/05/1985, ngạch 01.002, Trưởng phòng since 2022, quy hoạch
  b  BVDK   viên chức (public service unit), nữ, Khmer, born 01/01/1999
  c  X02    công chức cấp xã (Khmer area), Chủ tịch UBND xã (key commune post)
  d  X01    không chuyên trách cấp xã
  e  H01    công chức cấp huyện, HĐND delegate of term 2021-2026
  f  SGD    công chức, retired from 01/06/2024
  g  THPT1  viên chức, joined on 01/09/2024
"""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.people.models import CouncilMembership, Ethnicity, Position, Rank
from apps.people.services import person_set_status
from apps.targets.context import TargetError
from apps.targets.engine import evaluate_target
from apps.targets.tests.conftest import PERIOD, D

AT = D(2024, 12, 31)


@pytest.fixture
def cast(province, make_person):
    khmer = Ethnicity.objects.get(name="Khmer").pk
    people = {
        "a": make_person(province["SYT"], "Lê Văn An", rank_id=Rank.objects.get(code="01.002").pk,
                         position_id=Position.objects.get(code="TRUONG_PHONG").pk,
                         position_appointed_on=D(2022, 3, 1), in_succession_plan=True),
        "b": make_person(province["BVDK"], "Thạch Thị Bé", category="vien_chuc", gender="nu", ethnicity_id=khmer,
                         birth_date=D(1999, 1, 1)),
        "c": make_person(province["X02"], "Trần Văn Cường", position_id=Position.objects.get(code="CT_UBND_XA").pk,
                         position_appointed_on=D(2021, 6, 1)),
        "d": make_person(province["X01"], "Phạm Văn Dũng", category="khong_chuyen_trach"),
        "e": make_person(province["H01"], "Võ Văn Em"),
        "f": make_person(province["SGD"], "Đỗ Văn Phú"),
        "g": make_person(province["THPT1"], "Ngô Thị Giang", category="vien_chuc", gender="nu",
                         joined_on=D(2024, 9, 1)),
    }
    CouncilMembership.objects.create(person=people["e"], council=province["H01"], term="2021-2026",
                                     valid_from=D(2021, 6, 1))
    person_set_status(actor=SYSTEM, person=people["f"], status="retired", on=D(2024, 6, 1))
    return people


def counted(population: dict, at=AT) -> int:
    spec = {"population": population, "measure": {"kind": "qualification", "dimension": "chuyen_mon",
                                                   "level": "tien_si"},
            "goal": {"min": 1, "unit": "percent"}, "deadline": {"end_of_period": True}}
    return evaluate_target(spec, at=at, period=PERIOD)["denominator"]


@pytest.mark.parametrize(("population", "expected"), [
    ({}, 6),  # a b c d e g (f retired)
    ({"categories": ["cong_chuc"]}, 3),  # a c e
    ({"categories": ["vien_chuc", "khong_chuyen_trach"]}, 3),  # b d g
    ({"levels": ["commune"]}, 2),  # c d
    ({"levels": ["district"]}, 1),  # e
    ({"units": ["SYT"]}, 2),  # a + b (sub-unit)
    ({"units": ["SYT"], "include_subunits": False}, 1),  # a
    ({"units": ["H01"]}, 3),  # e + communes c d
    ({"unit_kinds": ["public_service"]}, 2),  # b g
    ({"working_area": ["ethnic_minority"]}, 1),  # c
    ({"working_area": ["remote", "especially_difficult"]}, 0),
    ({"ethnicities": ["KHMER"]}, 1),  # b
    ({"ethnicities": ["05"]}, 1),  # b, by its statistics code
    ({"ethnicities": "minority"}, 1),
    ({"ethnicities": ["KINH"]}, 5),
    ({"gender": "nu"}, 2),  # b g
    ({"age": {"max": 25}}, 1),  # b is 25 on 31/12/2024
    ({"age": {"min": 26}}, 5),
    ({"age": {"min": 39, "max": 39}}, 5),  # born 17/05/1985: 39
    ({"ranks": ["01.002"]}, 1),
    ({"positions": ["TRUONG_PHONG"]}, 1),
    ({"positions": "any"}, 2),  # a c
    ({"key_commune": True}, 1),  # c
    ({"in_succession_plan": True}, 1),  # a
    ({"council_term": "2021-2026"}, 1),  # e
    ({"council_term": "2026-2031"}, 0),
    ({"categories": ["cong_chuc"], "levels": ["province", "district"]}, 2),  # a e
])
def test_population_key_counts(cast, population, expected):
    assert counted(population) == expected


def test_people_who_left_mid_year_count_only_before_they_left(cast):
    assert counted({"units": ["SGD"]}, at=D(2024, 5, 31)) == 1
    assert counted({"units": ["SGD"]}, at=D(2024, 6, 1)) == 0


def test_people_who_joined_mid_year_count_from_their_first_day(cast):
    assert counted({"units": ["THPT1"]}, at=D(2024, 8, 31)) == 0
    assert counted({"units": ["THPT1"]}, at=D(2024, 9, 1)) == 1


def test_age_is_read_on_the_evaluation_date(cast):
    assert counted({"age": {"max": 24}}, at=D(2023, 12, 31)) == 1  # b was 24
    assert counted({"age": {"max": 24}}, at=D(2024, 1, 1)) == 0  # b turned 25


def test_unknown_unit_code_is_a_vietnamese_error(cast):
    with pytest.raises(TargetError, match="không có đơn vị mã “XYZ”"):
        counted({"units": ["XYZ"]})


def test_unknown_population_key_is_an_error(cast):
    with pytest.raises(TargetError, match="khóa không hợp lệ “colour”"):
        counted({"colour": "red"})
