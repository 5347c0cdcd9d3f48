"""Goal shapes (min, range, counts of people / lượt / classes, per year), deadline shapes, each_unit."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.targets.engine import evaluate_target
from apps.targets.tests.conftest import PERIOD, D

LAW = {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}}


def run(spec: dict, at=None, **kw) -> dict:
    at = at or D(2024, 12, 31)
    spec = {"population": {}, "deadline": {"end_of_period": True}, **spec}
    return evaluate_target(spec, at=at, period=PERIOD, **kw)


@pytest.fixture
def ten(province, make_person):
    """Six in Sở Y tế, four in Sở Giáo dục."""
    return ([make_person(province["SYT"], f"Y Tế {i}") for i in range(6)]
            + [make_person(province["SGD"], f"Giáo Dục {i}") for i in range(4)])


# --- percent goals ----------------------------------------------------------------------------------


def test_range_goal_is_met_from_its_minimum_and_above_its_maximum(ten, train):
    spec = {"measure": LAW, "goal": {"min": 70, "max": 80, "unit": "percent"}, "deadline": {"every": "year"}}
    for person in ten[:7]:
        train(person, "LAW", D(2024, 4, 1))
    result = run(spec)
    assert (result["value"], result["status"], result["goal"]) == (70.0, "met", {"min": 70, "max": 80,
                                                                                 "unit": "percent"})
    for person in ten[7:]:
        train(person, "LAW", D(2024, 4, 1))
    assert run(spec)["status"] == "met"  # 100% exceeds the range: reported, still met
    for person in ten[6:]:
        person.enrollments.all().delete()
    assert run(spec)["status"] == "not_met"  # 60%


def test_each_unit_needs_every_agency_to_reach_the_goal(ten, train):
    spec = {"measure": LAW, "goal": {"min": 50, "unit": "percent"}, "deadline": {"every": "year"}}
    for person in ten[:6]:  # all of Sở Y tế, nobody in Sở Giáo dục: 60% overall
        train(person, "LAW", D(2024, 4, 1))
    assert run(spec)["status"] == "met"
    result = run({**spec, "each_unit": True})
    assert result["status"] == "not_met"
    assert {r["unit"]: r["status"] for r in result["by_unit"]} == {"SYT": "met", "SGD": "not_met"}


def test_each_unit_restricted_to_one_agency_is_that_agencys_status(province, make_person, train):
    """Sở Y tế's own office 2/2, its hospital 0/1: 66.7% ≥ 50%, met, as its row in the province view."""
    spec = {"measure": LAW, "goal": {"min": 50, "unit": "percent"}, "deadline": {"every": "year"},
            "each_unit": True}
    for name in ("Văn Phòng Một", "Văn Phòng Hai"):
        train(make_person(province["SYT"], name), "LAW", D(2024, 4, 1))
    make_person(province["BVDK"], "Bệnh Viện Ba")
    restricted = run(spec, unit=province["SYT"])
    province_row = next(r for r in run(spec)["by_unit"] if r["unit"] == "SYT")
    assert restricted["status"] == province_row["status"] == "met"
    assert {r["unit"]: r["status"] for r in restricted["by_unit"]} == {"SYT": "met", "BVDK": "not_met"}
    # restricted to the province itself, the rows are the agencies again and each must reach it
    make_person(province["SGD"], "Giáo Dục Bốn")
    whole = run(spec, unit=province["TINH"])
    assert {r["unit"] for r in whole["by_unit"]} == {"SYT", "SGD"} and whole["status"] == "not_met"


# --- deadlines ------------------------------------------------------------------------------------


def test_deadline_every_year_by_a_day(ten, train):
    spec = {"measure": LAW, "goal": {"min": 50, "unit": "percent"}, "deadline": {"every": "year", "by": "06-30"}}
    train(ten[0], "LAW", D(2024, 2, 1))
    before = run(spec, at=D(2024, 3, 31))
    assert before["deadline"] == "2024-06-30"
    # 10% by 31/03 (91 of 182 days to 30/06): 10 × 182 / 91 = 20% < 50%
    assert (before["forecast"], before["status"]) == (20.0, "at_risk")
    assert run(spec, at=D(2024, 7, 1))["status"] == "not_met"


def test_yearly_deadline_after_the_period_is_the_last_years(ten, train):
    spec = {"measure": LAW, "goal": {"min": 50, "unit": "percent"}, "deadline": {"every": "year"}}
    result = run(spec, at=D(2026, 3, 1))
    assert (result["deadline"], result["status"]) == ("2025-12-31", "not_met")


def test_deadline_by_a_date_is_not_due_before_it_unless_met(ten, qualify):
    spec = {"measure": {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"},
            "goal": {"min": 50, "unit": "percent"}, "deadline": {"by": "2025-12-31"}}
    for person in ten[:2]:
        qualify(person, "ly_luan_chinh_tri", "trung_cap", on=D(2023, 6, 1))
    for person in ten[2:4]:
        qualify(person, "ly_luan_chinh_tri", "trung_cap", on=D(2024, 6, 1))
    # a state measure: the trend is one year's change (20% → 40%) carried to the deadline:
    # 40 + 20 × 365 / 365 = 60% ≥ 50%: not due yet
    result = run(spec)
    assert (result["value"], result["forecast"], result["status"], result["deadline"]) == (
        40.0, 60.0, "not_due", "2025-12-31")
    for person in ten[4:5]:
        qualify(person, "ly_luan_chinh_tri", "trung_cap", on=D(2024, 6, 1))
    assert run(spec)["status"] == "met"  # 50% before the deadline: met already
    assert run(spec, at=D(2026, 1, 1))["status"] == "met"


def test_state_measure_without_progress_is_at_risk(ten, qualify):
    spec = {"measure": {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"},
            "goal": {"min": 100, "unit": "percent"}, "deadline": {"end_of_period": True}}
    qualify(ten[0], "ly_luan_chinh_tri", "trung_cap", on=D(2020, 6, 1))
    result = run(spec)
    assert (result["value"], result["forecast"], result["status"], result["deadline"]) == (
        10.0, 10.0, "at_risk", "2025-12-31")
    assert run(spec, at=D(2025, 12, 31))["status"] == "not_met"


def test_period_window_forecast_uses_the_pace_since_the_plan_start(ten, train):
    spec = {"measure": {**LAW, "window": {"period": True}}, "goal": {"min": 80, "unit": "percent"},
            "deadline": {"end_of_period": True}}
    for person in ten[:5]:
        train(person, "LAW", D(2022, 5, 1))
    # 50% after 1,461 of 1,826 days (01/01/2021 → 31/12/2024 → 31/12/2025): 50 × 1826 / 1461 = 62.5%
    result = run(spec)
    assert (result["value"], result["forecast"], result["status"]) == (50.0, 62.5, "at_risk")


# --- count goals ----------------------------------------------------------------------------------


def test_count_of_people_sent_to_postgraduate_study_over_the_period(ten, train):
    spec = {"measure": {"kind": "count", "counting": "people", "training": {"degree_levels": ["thac_si"]},
                        "window": {"period": True}, "status": "enrolled"},
            "goal": {"min": 3, "max": 5, "unit": "people"}}
    train(ten[0], "MASTER", None, start=D(2022, 9, 1), status="studying")
    train(ten[0], "MASTER", None, start=D(2023, 9, 1), status="withdrawn")  # the same person again
    train(ten[1], "MASTER", D(2024, 6, 1), start=D(2022, 9, 1))
    train(ten[6], "MASTER", None, start=D(2024, 9, 1), status="failed")
    train(ten[7], "MASTER", None, start=D(2020, 9, 1), status="studying")  # before the period
    result = run(spec)
    assert (result["denominator"], result["numerator"], result["value"]) == (None, 3, 3)
    assert result["status"] == "met"
    assert {r["unit"]: (r["numerator"], r["status"]) for r in result["by_unit"]} == {"SYT": (2, None),
                                                                                      "SGD": (1, None)}
    assert sum(r["numerator"] for r in result["by_unit"]) == result["numerator"]


def test_count_of_people_abroad_restricted_by_population_at_the_start_date(province, make_person, train):
    young = make_person(province["SYT"], "Trẻ Tuổi", birth_date=D(1990, 1, 1))
    old = make_person(province["SYT"], "Lớn Tuổi", birth_date=D(1970, 1, 1))
    spec = {"population": {"age": {"max": 44}},
            "measure": {"kind": "count", "counting": "people", "training": {"abroad": True}},
            "goal": {"min": 2, "max": 3, "unit": "people", "per": "year"}, "deadline": {"every": "year"}}
    train(young, "LEAD", D(2024, 5, 1), country="Singapore")
    train(old, "LEAD", D(2024, 5, 1), country="Singapore")  # too old
    train(young, "LEAD", D(2023, 5, 1), country="Singapore")  # last year
    result = run(spec, at=D(2024, 6, 30))
    assert (result["numerator"], result["goal"]["per"], result["deadline"]) == (1, "year", "2024-12-31")
    # 1 person by 30/06 (182 of 366 days): pace → 2.01 ≥ 2: not due yet
    assert (result["forecast"], result["status"]) == (2, "not_due")
    assert run(spec, at=D(2024, 12, 31))["status"] == "not_met"


def test_count_of_lượt_counts_every_completion(ten, train):
    spec = {"measure": {"kind": "count", "counting": "lượt", "training": {"content_areas": ["phap_luat"]},
                        "window": {"year": "current"}},
            "goal": {"min": 3, "unit": "lượt"}, "deadline": {"every": "year"}}
    train(ten[0], "LAW", D(2024, 2, 1))
    train(ten[0], "LAW", D(2024, 8, 1))
    train(ten[9], "LAW", D(2024, 3, 1))
    result = run(spec)
    assert (result["numerator"], result["status"]) == (3, "met")
    assert {r["unit"]: r["numerator"] for r in result["by_unit"]} == {"SYT": 2, "SGD": 1}


def test_count_of_classes_per_year_by_organiser(province, make_class_row):
    spec = {"measure": {"kind": "count", "counting": "classes", "training": {"fostering_families": ["chuc_vu"]}},
            "goal": {"min": 3, "unit": "classes", "per": "year"}, "deadline": {"every": "year"}}
    make_class_row("LEAD", D(2024, 3, 1), D(2024, 3, 20), organiser="SYT")
    make_class_row("LEAD", D(2024, 5, 1), D(2024, 5, 20), organiser="BVDK")
    make_class_row("LEAD", D(2024, 6, 1), D(2024, 6, 20), organiser="SGD", status="cancelled")
    make_class_row("LEAD", D(2023, 6, 1), D(2023, 6, 20), organiser="SGD")  # last year
    make_class_row("LAW", D(2024, 6, 1), D(2024, 6, 20), organiser="SGD")  # not a leadership class
    result = run(spec)
    assert (result["numerator"], result["status"]) == (2, "not_met")
    assert {r["unit"]: r["numerator"] for r in result["by_unit"]} == {"SYT": 2}
    assert run(spec, unit=province["SGD"])["numerator"] == 0


def test_count_lượt_of_a_merged_unit_goes_to_the_successor(province, make_person, train):
    from apps.organization.services import unit_merge

    person = make_person(province["X01"], "Người Xã Cũ")
    train(person, "LAW", D(2025, 3, 1))
    unit_merge(actor=SYSTEM, sources=[province["X01"]], target=province["X02"], on=D(2025, 7, 1))
    spec = {"measure": {"kind": "count", "counting": "lượt", "training": {"content_areas": ["phap_luat"]},
                        "window": {"year": "current"}},
            "goal": {"min": 1, "unit": "lượt"}, "deadline": {"every": "year"}}
    result = run(spec, at=D(2025, 12, 31), unit=province["X02"])
    assert result["numerator"] == 1
    assert [r["unit"] for r in result["by_unit"]] == ["X02"]  # restricted: the unit's own row
