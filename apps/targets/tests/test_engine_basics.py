"""The yearly law-update target, by hand: denominator, numerator, value, status and agencies."""

from __future__ import annotations

import pytest

from apps.targets.engine import evaluate_target
from apps.targets.tests.conftest import PERIOD, D

LAW_80 = {
    "population": {"categories": ["cong_chuc", "can_bo"], "levels": ["province", "district"]},
    "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}},
    "goal": {"min": 80, "unit": "percent"},
    "deadline": {"every": "year"},
}


@pytest.fixture
def five_servants(province, make_person):
    """Sở Y tế: 2 civil servants; Bệnh viện: 1; huyện Mỹ Tú: 2; plus people outside the population."""
    people = {
        "syt1": make_person(province["SYT"], "Lê Văn Một"),
        "syt2": make_person(province["SYT"], "Lê Văn Hai"),
        "bv": make_person(province["BVDK"], "Lê Văn Ba"),
        "h1": make_person(province["H01"], "Lê Văn Bốn"),
        "h2": make_person(province["H01"], "Lê Văn Năm", category="can_bo"),
    }
    make_person(province["BVDK"], "Trần Thị Viên", category="vien_chuc")  # other category
    make_person(province["X01"], "Trần Văn Xã")  # commune level
    return people


def test_yearly_law_update_counts_people_trained_this_year(five_servants, train):
    p = five_servants
    train(p["syt1"], "LAW", D(2024, 3, 10))
    train(p["syt1"], "LAW", D(2024, 4, 10))  # a second lượt does not count twice
    train(p["bv"], "LAW", D(2024, 5, 1))
    train(p["h1"], "LAW", D(2023, 11, 1))  # last year: outside the window
    train(p["h2"], "ETHICS", D(2024, 2, 1))  # another content area
    result = evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD, code="CT-PL", text="Pháp luật")
    assert (result["denominator"], result["numerator"], result["value"]) == (5, 2, 40.0)
    assert result["status"] == "not_met"
    assert result["deadline"] == "2024-12-31"
    assert result["goal"] == {"min": 80, "max": None, "unit": "percent"}
    by_unit = {row["unit"]: (row["denominator"], row["numerator"], row["status"]) for row in result["by_unit"]}
    assert by_unit == {"SYT": (3, 2, "not_met"), "H01": (2, 0, "not_met")}
    assert sum(r["denominator"] for r in result["by_unit"]) == result["denominator"]
    assert sum(r["numerator"] for r in result["by_unit"]) == result["numerator"]


def test_met_when_share_reaches_goal_exactly(five_servants, train):
    for key in ("syt1", "syt2", "bv", "h1"):
        train(five_servants[key], "LAW", D(2024, 6, 1))
    result = evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD)
    assert (result["numerator"], result["denominator"], result["value"], result["status"]) == (4, 5, 80.0, "met")


def test_value_is_rounded_to_one_decimal(province, make_person, train):
    people = [make_person(province["SYT"], f"Người Số {i}") for i in range(3)]
    train(people[0], "LAW", D(2024, 6, 1))
    result = evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD)
    assert result["value"] == 33.3


def test_mid_year_on_pace_is_not_due_and_behind_pace_is_at_risk(five_servants, train):
    p = five_servants
    for key in ("syt1", "syt2", "bv"):
        train(p[key], "LAW", D(2024, 3, 1))
    # 3/5 = 60% by 30 June (182 of 366 days): linear pace → 120%, capped at 100.
    on_pace = evaluate_target(LAW_80, at=D(2024, 6, 30), period=PERIOD)
    assert (on_pace["value"], on_pace["status"], on_pace["forecast"]) == (60.0, "not_due", 100.0)


def test_mid_year_behind_pace_is_at_risk_with_the_linear_forecast(five_servants, train):
    train(five_servants["syt1"], "LAW", D(2024, 3, 1))
    # 1/5 = 20% by 30 June 2024 (day 182 of 366): 20 × 366 / 182 = 40.2% < 80%.
    result = evaluate_target(LAW_80, at=D(2024, 6, 30), period=PERIOD)
    assert (result["value"], result["forecast"], result["status"]) == (20.0, 40.2, "at_risk")


def test_deadline_day_itself_judges_not_met(five_servants, train):
    train(five_servants["syt1"], "LAW", D(2024, 3, 1))
    assert evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD)["status"] == "not_met"


def test_unit_argument_restricts_to_subtree(five_servants, train, province):
    train(five_servants["bv"], "LAW", D(2024, 6, 1))
    result = evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD, unit=province["SYT"])
    assert (result["denominator"], result["numerator"]) == (3, 1)
    # restricted to a unit, the rows are its own office and its direct sub-units
    rows = {r["unit"]: (r["name"], r["denominator"], r["numerator"]) for r in result["by_unit"]}
    assert rows == {"SYT": ("Cơ quan Sở Y tế", 2, 0), "BVDK": ("Bệnh viện Đa khoa tỉnh", 1, 1)}


def test_empty_population_has_no_value_and_status_no_population(province):
    """A province with no data: nobody to count is not "met" (issue 14)."""
    result = evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD)
    assert (result["denominator"], result["numerator"], result["value"], result["status"]) == (
        0, 0, None, "no_population")
    assert result["forecast"] is None
    result = evaluate_target({**LAW_80, "each_unit": True}, at=D(2024, 12, 31), period=PERIOD)
    assert result["status"] == "no_population"
    assert result["by_unit"] == []


def test_query_count_does_not_grow_with_the_population(province, make_person, train):
    """Set-based: the same number of SQL statements for 2 people as for 20."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.targets.context import Context

    ctx = Context.build(at=D(2024, 12, 31), period=PERIOD)

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            evaluate_target(LAW_80, at=D(2024, 12, 31), period=PERIOD, ctx=ctx)
        return len(queries)

    for i in range(2):
        train(make_person(province["SYT"], f"Người Đầu {i}"), "LAW", D(2024, 5, 1))
    few = statements()
    for i in range(18):
        person = make_person(province["H01" if i % 2 else "BVDK"], f"Người Sau {i}")
        if i % 3:
            train(person, "LAW", D(2024, 5, 1))
    assert statements() == few == 1
