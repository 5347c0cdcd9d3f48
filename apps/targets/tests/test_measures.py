"""Every measure kind and window, by hand: who meets it and who does not."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.organization.models import Unit, UnitLink
from apps.targets.context import TargetError
from apps.targets.engine import evaluate_target
from apps.targets.tests.conftest import PERIOD, D

AT = D(2024, 12, 31)
GOAL = {"min": 100, "unit": "percent"}


def run(measure: dict, population=None, at=AT, **extra) -> dict:
    spec = {"population": population or {}, "measure": measure, "goal": extra.pop("goal", GOAL),
            "deadline": extra.pop("deadline", {"end_of_period": True}), **extra}
    return evaluate_target(spec, at=at, period=PERIOD)


def fraction(result: dict) -> tuple[int, int]:
    return result["numerator"], result["denominator"]


@pytest.fixture
def three(province, make_person):
    return [make_person(province["SYT"], f"Người Thứ {i}") for i in range(3)]


def law(**extra) -> dict:
    return {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, **extra}


# --- trained: windows ----------------------------------------------------------------------------


def test_window_rolling_years_counts_the_last_two_years_exclusive_of_the_start(three, train):
    train(three[0], "LAW", D(2022, 12, 31))  # exactly two years before: outside
    train(three[1], "LAW", D(2023, 1, 1))  # inside
    train(three[2], "LAW", D(2025, 1, 1))  # after the evaluation date: outside
    assert fraction(run(law(window={"rolling_years": 2}))) == (1, 3)


def test_window_period_starts_at_the_plan_start(three, train):
    train(three[0], "LAW", D(2020, 12, 31))
    train(three[1], "LAW", D(2021, 1, 1))
    assert fraction(run(law(window={"period": True}))) == (1, 3)


def test_window_fixed_dates_and_omitted_window(three, train):
    train(three[0], "LAW", D(2019, 5, 1))
    train(three[1], "LAW", D(2023, 5, 1))
    assert fraction(run(law(window={"from": "2023-01-01", "to": "2023-12-31"}))) == (1, 3)
    assert fraction(run(law())) == (2, 3)  # any time up to the date
    assert fraction(run(law(), at=D(2023, 4, 30))) == (1, 3)


def test_window_council_term_starts_at_the_terms_first_seat(province, make_person, train):
    from apps.people.models import CouncilMembership

    delegates = [make_person(province["H01"], f"Đại Biểu {i}") for i in range(2)]
    for person in delegates:
        CouncilMembership.objects.create(person=person, council=province["H01"], term="2021-2026",
                                         valid_from=D(2021, 6, 1))
    train(delegates[0], "LAW", D(2021, 5, 31))  # before the term
    train(delegates[1], "LAW", D(2021, 6, 1))
    result = run(law(window={"council_term": True}), population={"council_term": "2021-2026"})
    assert fraction(result) == (1, 2)


def test_window_before_appointment_needs_training_on_or_before_the_appointment(province, make_person, train):
    from apps.people.models import Position

    lead = Position.objects.get(code="TRUONG_PHONG").pk
    early = make_person(province["SYT"], "Trưởng Phòng Một", position_id=lead, position_appointed_on=D(2023, 3, 1))
    late = make_person(province["SYT"], "Trưởng Phòng Hai", position_id=lead, position_appointed_on=D(2023, 3, 1))
    make_person(province["SYT"], "Trưởng Phòng Ba", position_id=lead)  # appointment date unknown: not met
    train(early, "LEAD", D(2023, 3, 1))
    train(late, "LEAD", D(2023, 3, 2))
    measure = {"kind": "trained", "training": {"fostering_families": ["chuc_vu"]},
               "window": {"before_appointment": True}}
    assert fraction(run(measure, population={"positions": "any"})) == (1, 3)


def test_min_times_needs_that_many_lượt(three, train):
    train(three[0], "LAW", D(2024, 2, 1))
    train(three[0], "ETHICS", D(2024, 3, 1))
    train(three[1], "LAW", D(2024, 2, 1))
    measure = {"kind": "trained", "training": {"programme_kinds": ["boi_duong"]}, "window": {"year": "current"},
               "min_times": 2}
    assert fraction(run(measure)) == (1, 3)


def test_only_completed_lượt_count(three, train):
    train(three[0], "LAW", None, start=D(2024, 5, 1), status="studying")
    train(three[1], "LAW", None, start=D(2024, 5, 1), status="failed")
    assert fraction(run(law(window={"year": "current"}))) == (0, 3)


@pytest.mark.parametrize(("training", "expected"), [
    ({"programme_kinds": ["dao_tao"]}, 2),  # TCLLCT, MASTER
    ({"fostering_families": ["cap_nhat"]}, 1),  # LAW
    ({"degree_levels": ["trung_cap"]}, 1),
    ({"programmes": ["LAW", "TCLLCT"]}, 2),
    ({"abroad": True}, 1),  # the master's abroad
    ({"abroad": False}, 2),
    ({"content_areas": ["phap_luat", "ly_luan_chinh_tri"]}, 2),
])
def test_training_filter_keys(three, train, training, expected):
    train(three[0], "LAW", D(2024, 2, 1))
    train(three[1], "TCLLCT", D(2024, 2, 1))
    train(three[2], "MASTER", D(2024, 2, 1), country="Úc")
    assert fraction(run({"kind": "trained", "training": training}))[0] == expected


def test_forms_filter_reads_the_lượt_form(three, train):
    from apps.training.models import DeliveryForm

    lượt = train(three[0], "LAW", D(2024, 2, 1))
    lượt.form = DeliveryForm.objects.get(code="truc_tuyen")
    lượt.save()
    train(three[1], "LAW", D(2024, 2, 1))
    assert fraction(run(law(training={"forms": ["truc_tuyen"]})))[0] == 1


# --- hours ---------------------------------------------------------------------------------------


def test_hours_add_up_inside_the_window(three, train):
    train(three[0], "LAW", D(2024, 2, 1), hours=16)
    train(three[0], "ETHICS", D(2024, 3, 1), hours=24)  # 40 h
    train(three[1], "LAW", D(2024, 2, 1), hours=16)
    train(three[1], "ETHICS", D(2023, 3, 1), hours=24)  # last year: 16 h this year
    train(three[2], "LAW", D(2024, 2, 1), hours=None)  # unknown hours count as 0
    measure = {"kind": "hours", "training": {"programme_kinds": ["boi_duong"]}, "window": {"year": "current"},
               "min_hours": 40}
    assert fraction(run(measure)) == (1, 3)


# --- qualification and ethnic language -----------------------------------------------------------


def test_qualification_at_or_above_a_level_held_by_the_date(three, qualify):
    qualify(three[0], "ly_luan_chinh_tri", "trung_cap", on=D(2023, 1, 1))
    qualify(three[1], "ly_luan_chinh_tri", "cao_cap", on=D(2023, 1, 1))
    qualify(three[2], "ly_luan_chinh_tri", "so_cap", on=D(2023, 1, 1))
    measure = {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"}
    assert fraction(run(measure)) == (2, 3)
    assert fraction(run(measure, at=D(2022, 12, 31))) == (0, 3)


def test_legacy_levels_count_by_their_rank(three, qualify):
    qualify(three[0], "tin_hoc", "b")  # legacy B, rank 2 = co_ban
    qualify(three[1], "tin_hoc", "a")  # rank 1
    assert fraction(run({"kind": "qualification", "dimension": "tin_hoc", "level": "co_ban"})) == (1, 3)


def test_unknown_level_is_an_error(three):
    with pytest.raises(TargetError, match="không có trình độ “zzz”"):
        run({"kind": "qualification", "dimension": "tin_hoc", "level": "zzz"})


def test_ethnic_language_of_the_working_area(province, make_person, qualify):
    khmer_area = [make_person(province["X02"], f"Cán Bộ Xã {i}") for i in range(3)]
    plain = make_person(province["X01"], "Cán Bộ Xã Khác")
    qualify(khmer_area[0], "tieng_dan_toc", "su_dung", language="Khmer")
    qualify(khmer_area[1], "tieng_dan_toc", "thong_thao", language="Hoa")  # not the area's language
    qualify(plain, "tieng_dan_toc", "su_dung", language="Hoa")  # the unit lists no language: any counts
    result = run({"kind": "ethnic_language"}, population={"levels": ["commune"]})
    assert fraction(result) == (2, 4)


def test_unknown_measure_kind_is_an_error(three):
    with pytest.raises(TargetError, match="measure.kind"):
        run({"kind": "magic"})


# --- standards -----------------------------------------------------------------------------------


def test_standard_kinds_use_the_standards_app(three):
    result = run({"kind": "standard", "of": "rank"})
    # no standard in force for these ranks: nothing is required, everyone meets it
    assert fraction(result) == (3, 3)
    result = run({"kind": "standard_before_appointment", "of": "position"}, population={"positions": "any"})
    assert fraction(result) == (0, 0)


# --- restructured units --------------------------------------------------------------------------


def test_person_of_a_district_merged_away_counts_in_the_successor(province, make_person, train):
    from apps.organization.services import unit_abolish_level, unit_create

    person = make_person(province["H01"], "Võ Văn Huyện")
    train(person, "LAW", D(2025, 3, 1))
    new_commune = unit_create(actor=SYSTEM, code="XMT", name="UBND xã Mỹ Tú", level="commune", kind="state",
                              parent=province["TINH"], valid_from=D(2025, 7, 1), audit=False)
    unit_abolish_level(actor=SYSTEM, level="district", on=D(2025, 7, 1), successors={province["H01"].pk: new_commune})
    measure = law(window={"year": "current"})
    before = run(measure, at=D(2025, 6, 30))
    after = run(measure, at=D(2025, 12, 31))
    assert fraction(before) == fraction(after) == (1, 1)
    assert [r["unit"] for r in before["by_unit"]] == ["H01"]
    assert [r["unit"] for r in after["by_unit"]] == ["XMT"]
    # the communes X01, X02 now hang under the province root: they are top-level on their own
    assert Unit.objects.get(code="X01").links.count() == 2
    assert fraction(run(measure, population={"levels": ["commune"]}, at=D(2025, 12, 31))) == (1, 1)
    assert fraction(run(measure, population={"levels": ["district"]}, at=D(2025, 6, 30))) == (1, 1)


def test_restricted_to_the_successor_the_person_of_a_merged_unit_is_in_its_own_office(province, make_person, train):
    person = make_person(province["X01"], "Đặng Văn Cũ")
    train(person, "LAW", D(2025, 3, 1))
    # X01 closed into X02 (as an imported tree records it) while the person's period still names X01
    Unit.objects.filter(pk=province["X01"].pk).update(valid_to=D(2025, 6, 30), successor=province["X02"])
    UnitLink.objects.filter(unit=province["X01"]).update(valid_to=D(2025, 6, 30))
    spec = {"population": {}, "measure": law(window={"year": "current"}), "goal": GOAL,
            "deadline": {"end_of_period": True}}
    result = evaluate_target(spec, at=D(2025, 12, 31), period=PERIOD, unit=province["X02"])
    assert fraction(result) == (1, 1)
    assert [(r["unit"], r["name"]) for r in result["by_unit"]] == [("X02", "Cơ quan " + province["X02"].name)]
