"""The richer target shapes of issue 14, by hand on small populations: part_of ("trong đó"),
aspirational ("phấn đấu"), approximate ("khoảng"), all_of, raised ("được nâng cao trình độ"),
population read at the lượt's start, class counts limited to an audience, no_population."""

from __future__ import annotations

import pytest

from apps.targets.context import TargetError
from apps.targets.engine import evaluate_plan, evaluate_target
from apps.targets.tests.conftest import PERIOD, D, _programme

AT = D(2024, 12, 31)
LAW = {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}}


def run(spec: dict, at=AT, **kw) -> dict:
    spec = {"population": {}, "deadline": {"end_of_period": True}, **spec}
    return evaluate_target(spec, at=at, period=PERIOD, **kw)


@pytest.fixture
def ten(province, make_person):
    """Six in Sở Y tế, four in Sở Giáo dục."""
    return ([make_person(province["SYT"], f"Y Tế {i}") for i in range(6)]
            + [make_person(province["SGD"], f"Giáo Dục {i}") for i in range(4)])


# --- part_of ("trong đó") ---------------------------------------------------------------------------

POSTGRAD = {"code": "SDH", "text": "Cử 3–5 người đi đào tạo sau đại học",
            "measure": {"kind": "count", "counting": "people", "training": {"degree_levels": ["thac_si"]},
                        "window": {"period": True}, "status": "enrolled"},
            "goal": {"min": 3, "max": 5, "unit": "people"}, "deadline": {"end_of_period": True}}
ABROAD = {"code": "SDH-NN", "text": "trong đó 1–2 người ở nước ngoài",
          "part_of": {"target": "SDH", "training": {"abroad": True}}, "goal": {"min": 1, "max": 2, "unit": "people"}}


def test_part_of_counts_the_parents_measure_narrowed(ten, train):
    """Four sent to a master's (two abroad, one of them in Sở Giáo dục): parent 4, part 2."""
    train(ten[0], "MASTER", None, start=D(2022, 9, 1), status="studying", country="Úc")
    train(ten[1], "MASTER", None, start=D(2022, 9, 1), status="studying")
    train(ten[2], "MASTER", None, start=D(2023, 9, 1), status="studying")
    train(ten[6], "MASTER", None, start=D(2023, 9, 1), status="studying", country="Nhật Bản")
    specs = {"SDH": POSTGRAD, "SDH-NN": ABROAD}
    parent = evaluate_target(POSTGRAD, at=AT, period=PERIOD, plan_specs=specs)
    part = evaluate_target(ABROAD, at=AT, period=PERIOD, plan_specs=specs)
    assert (parent["numerator"], parent["denominator"], parent["status"]) == (4, None, "met")
    assert (part["numerator"], part["denominator"], part["status"], part["part_of"]) == (2, None, "met", "SDH")
    assert {r["unit"]: r["numerator"] for r in part["by_unit"]} == {"SYT": 1, "SGD": 1}
    assert part["deadline"] == "2025-12-31"  # the parent's deadline, not written on the part
    assert "part_of" not in parent


def test_part_of_a_percent_target_narrows_the_population(ten, train):
    """Parent: 80% of everyone (5/10 trained); the part: Sở Y tế's people only (4/6 = 66.7%)."""
    parent = {"code": "PL", "text": "…", "measure": LAW, "goal": {"min": 80, "unit": "percent"},
              "deadline": {"every": "year"}}
    part = {"code": "PL-SYT", "text": "trong đó Sở Y tế 60%",
            "part_of": {"target": "PL", "population": {"units": ["SYT"]}}, "goal": {"min": 60, "unit": "percent"}}
    for person in ten[:4] + ten[6:7]:
        train(person, "LAW", D(2024, 3, 1))
    specs = {"PL": parent, "PL-SYT": part}
    whole = evaluate_target(parent, at=AT, period=PERIOD, plan_specs=specs)
    narrowed = evaluate_target(part, at=AT, period=PERIOD, plan_specs=specs)
    assert (whole["numerator"], whole["denominator"], whole["status"]) == (5, 10, "not_met")
    assert (narrowed["numerator"], narrowed["denominator"], narrowed["value"], narrowed["status"]) == (
        4, 6, 66.7, "met")
    assert narrowed["deadline"] == "2024-12-31"  # every year, from the parent


def test_part_of_needs_the_plans_targets(ten):
    with pytest.raises(TargetError, match="một phần của chỉ tiêu “SDH”"):
        evaluate_target(ABROAD, at=AT, period=PERIOD)
    with pytest.raises(TargetError, match="không có chỉ tiêu mã “SDH”"):
        evaluate_target(ABROAD, at=AT, period=PERIOD, plan_specs={"SDH-NN": ABROAD})


def test_evaluate_plan_expands_parts(ten, train):
    from apps.plans.models import Plan, PlanTarget

    plan = Plan.objects.create(code="p", title="P", issuing_body="UBND", period_start=PERIOD[0],
                               period_end=PERIOD[1])
    for order, spec in enumerate([POSTGRAD, ABROAD], start=1):
        PlanTarget.objects.create(plan=plan, code=spec["code"], order=order, text=spec["text"], spec=spec)
    train(ten[0], "MASTER", None, start=D(2022, 9, 1), status="studying", country="Úc")
    found = {t["code"]: t for t in evaluate_plan(plan, at=AT)["targets"]}
    assert (found["SDH"]["numerator"], found["SDH-NN"]["numerator"], found["SDH-NN"]["part_of"]) == (1, 1, "SDH")
    assert (found["SDH"]["status"], found["SDH-NN"]["status"]) == ("at_risk", "met")


# --- aspirational ("phấn đấu") and approximate ("khoảng") ---------------------------------------


def test_aspirational_is_reported_as_such_with_the_same_status(ten, train):
    for person in ten[:9]:
        train(person, "LAW", D(2024, 3, 1))
    spec = {"measure": LAW, "goal": {"min": 100, "unit": "percent"}, "deadline": {"every": "year"}}
    binding, aspired = run(spec), run({**spec, "aspirational": True})
    assert (binding["value"], binding["status"], "aspirational" in binding) == (90.0, "not_met", False)
    assert (aspired["value"], aspired["status"], aspired["aspirational"]) == (90.0, "not_met", True)


@pytest.fixture
def trained_count(ten, train):
    def make(n):
        for person in ten[:n]:
            train(person, "LAW", D(2024, 3, 1))
    return make


COUNT_LAW = {"kind": "count", "counting": "people", "training": {"content_areas": ["phap_luat"]},
             "window": {"period": True}}


def test_approximate_goal_is_met_within_the_default_tolerance(trained_count):
    """"khoảng 10 người": 10% tolerance by default, met from 9."""
    trained_count(9)
    spec = {"measure": COUNT_LAW, "goal": {"min": 10, "unit": "people", "about": True}}
    result = run(spec, at=D(2025, 12, 31))
    assert (result["numerator"], result["status"]) == (9, "met")
    assert result["goal"] == {"min": 10, "max": None, "unit": "people", "about": True, "tolerance": 10,
                              "threshold": 9.0}
    assert run({**spec, "goal": {"min": 10, "unit": "people"}}, at=D(2025, 12, 31))["status"] == "not_met"


def test_approximate_goal_with_its_own_tolerance_and_the_configured_default(trained_count, settings):
    trained_count(8)
    spec = {"measure": COUNT_LAW, "goal": {"min": 10, "unit": "people", "about": True}}
    assert run(spec, at=D(2025, 12, 31))["status"] == "not_met"  # 8 < 9
    assert run({**spec, "goal": {**spec["goal"], "tolerance": 25}}, at=D(2025, 12, 31))["status"] == "met"  # 7.5
    settings.DTBD_TARGET_TOLERANCE = 20
    assert run(spec, at=D(2025, 12, 31))["status"] == "met"  # 8 ≥ 8


def test_approximate_percent_goal(trained_count):
    """"khoảng 80%" with 5%: met from 76% (8/10 = 80% met; 7/10 = 70% not)."""
    trained_count(7)
    spec = {"measure": LAW, "goal": {"min": 80, "unit": "percent", "about": True, "tolerance": 5},
            "deadline": {"every": "year"}}
    assert run(spec)["status"] == "not_met"
    assert run({**spec, "goal": {**spec["goal"], "tolerance": 12.5}})["status"] == "met"  # threshold 70


def test_tolerance_without_about_is_refused(ten):
    with pytest.raises(TargetError, match="goal.tolerance"):
        run({"measure": LAW, "goal": {"min": 80, "unit": "percent", "tolerance": 5}})


# --- all_of ---------------------------------------------------------------------------------------


@pytest.fixture
def political(catalogue):
    return {"QLNN": _programme("QLNN", "Bồi dưỡng quản lý nhà nước", "boi_duong", ["quan_ly_nha_nuoc"],
                               fostering_family="ngach_chuc_danh"),
            "QPAN": _programme("QPAN", "Bồi dưỡng quốc phòng an ninh", "boi_duong", ["quoc_phong_an_ninh"],
                               fostering_family="cap_nhat")}


def test_all_of_needs_every_measure_at_once(three_people, train, political, catalogue):
    """"được bồi dưỡng lý luận chính trị, quản lý nhà nước và quốc phòng – an ninh": A has all
    three, B two, C one: 1/3."""
    catalogue["programmes"].update(political)
    a, b, c = three_people
    for person, programmes in ((a, ["TCLLCT", "QLNN", "QPAN"]), (b, ["TCLLCT", "QLNN"]), (c, ["QPAN"])):
        for code in programmes:
            train(person, code, D(2023, 5, 1))
    measure = {"kind": "all_of", "measures": [
        {"kind": "trained", "training": {"content_areas": [area]}, "window": {"period": True}}
        for area in ("ly_luan_chinh_tri", "quan_ly_nha_nuoc", "quoc_phong_an_ninh")]}
    result = run({"measure": measure, "goal": {"min": 100, "unit": "percent"}})
    assert (result["numerator"], result["denominator"], result["status"]) == (1, 3, "at_risk")


def test_all_of_mixes_training_and_qualification(three_people, train, qualify):
    a, b, c = three_people
    train(a, "LAW", D(2024, 2, 1))
    qualify(a, "ly_luan_chinh_tri", "trung_cap")
    train(b, "LAW", D(2024, 2, 1))
    qualify(c, "ly_luan_chinh_tri", "cao_cap")
    measure = {"kind": "all_of", "measures": [LAW, {"kind": "qualification", "dimension": "ly_luan_chinh_tri",
                                                    "level": "trung_cap"}]}
    assert run({"measure": measure, "goal": {"min": 30, "unit": "percent"}})["numerator"] == 1


@pytest.fixture
def three_people(province, make_person):
    return [make_person(province["SYT"], name) for name in ("Người A", "Người B", "Người C")]


# --- raised ("được nâng cao trình độ") ------------------------------------------------------------


def test_raised_counts_a_higher_level_obtained_in_the_window(province, make_person, qualify):
    people = [make_person(province["SYT"], f"Nâng Cao {i}") for i in range(5)]
    qualify(people[0], "chuyen_mon", "dai_hoc", on=D(2015, 6, 1))
    qualify(people[0], "chuyen_mon", "thac_si", on=D(2023, 6, 1))  # raised in the period
    qualify(people[1], "chuyen_mon", "dai_hoc", on=D(2015, 6, 1))  # held, not raised
    qualify(people[1], "chuyen_mon", "cao_dang", on=D(2022, 6, 1))  # a lower one later
    qualify(people[2], "chuyen_mon", "trung_cap", on=D(2022, 6, 1))  # first one on record: raised
    qualify(people[3], "chuyen_mon", "thac_si", on=D(2019, 6, 1))  # before the period
    qualify(people[4], "chuyen_mon", "thac_si", on=D(2018, 6, 1))
    qualify(people[4], "chuyen_mon", "dai_hoc", on=D(2022, 6, 1))  # lower than held
    measure = {"kind": "raised", "dimension": "chuyen_mon", "window": {"period": True}}
    result = run({"measure": measure, "goal": {"min": 50, "unit": "percent"}})
    assert (result["numerator"], result["denominator"], result["value"]) == (2, 5, 40.0)
    # 40% after 4 of 5 years (1,461 of 1,826 days): 40 × 1826 / 1461 = 49.99% (shown 50.0%) < 50%
    assert (result["forecast"], result["status"]) == (50.0, "at_risk")
    with_level = run({"measure": {**measure, "level": "dai_hoc"}, "goal": {"min": 50, "unit": "percent"}})
    assert with_level["numerator"] == 1  # the trung cấp does not reach đại học
    in_2022 = run({"measure": {**measure, "window": {"year": "current"}}, "goal": {"min": 50, "unit": "percent"}},
                  at=D(2022, 12, 31))
    assert in_2022["numerator"] == 1  # only people[2]: the lower ones of 2022 are no rise


def test_raised_needs_a_window_with_a_start(three_people):
    with pytest.raises(TargetError, match="kind raised"):
        run({"measure": {"kind": "raised", "dimension": "chuyen_mon"}, "goal": {"min": 50, "unit": "percent"}})


# --- count goals: the population at the lượt's start ------------------------------------------------


def test_population_at_start_reads_the_age_when_sent(province, make_person, train):
    """"dưới 45 tuổi khi được cử đi": evaluated on 31/12/2025."""
    was_43 = make_person(province["SYT"], "Bốn Ba", birth_date=D(1980, 6, 1))  # 43 on 01/03/2024, 45 at the end
    was_44 = make_person(province["SYT"], "Bốn Bốn", birth_date=D(1979, 3, 2))  # 44 on 01/03/2024 (45 next day)
    was_45 = make_person(province["SYT"], "Bốn Năm", birth_date=D(1979, 3, 1))  # 45 on 01/03/2024
    for person in (was_43, was_44, was_45):
        train(person, "MASTER", None, start=D(2024, 3, 1), status="studying", country="Úc")
    measure = {"kind": "count", "counting": "people", "training": {"abroad": True}, "window": {"period": True},
               "status": "enrolled"}
    spec = {"population": {"age": {"max": 44}}, "measure": measure, "goal": {"min": 2, "unit": "people"}}
    at_end = run(spec, at=D(2025, 12, 31))
    at_start = run({**spec, "measure": {**measure, "population_at": "start"}}, at=D(2025, 12, 31))
    assert (at_end["numerator"], at_end["status"]) == (0, "not_met")
    assert (at_start["numerator"], at_start["status"]) == (2, "met")


def test_population_at_start_reads_the_council_seat_when_sent(province, make_person, train):
    from apps.people.models import CouncilMembership

    seated = make_person(province["H01"], "Đại Biểu Cũ")
    CouncilMembership.objects.create(person=seated, council=province["H01"], term="2021-2026",
                                     valid_from=D(2021, 6, 1), valid_to=D(2023, 6, 30))
    train(seated, "LAW", D(2022, 5, 1))  # while a delegate
    train(seated, "LAW", D(2024, 5, 1))  # after the seat ended
    measure = {"kind": "count", "counting": "lượt", "training": {"content_areas": ["phap_luat"]},
               "window": {"period": True}, "population_at": "start"}
    spec = {"population": {"council_term": "2021-2026"}, "measure": measure, "goal": {"min": 1, "unit": "lượt"}}
    assert run(spec)["numerator"] == 1
    assert run({**spec, "measure": {**measure, "population_at": "evaluation"}})["numerator"] == 0


# --- class counts limited to an audience ------------------------------------------------------------


def test_class_count_limited_to_an_audience_of_leaders(province, make_person, make_class_row, train):
    """"ít nhất 03 lớp bồi dưỡng lãnh đạo, quản lý cấp phòng trở lên": LEAD classes of 2024 whose
    learners are mostly heads or deputies of a department or above."""
    from apps.people.models import Position

    lead = Position.objects.get(code="TRUONG_PHONG").pk
    heads = [make_person(province["SYT"], f"Trưởng Phòng {i}", position_id=lead) for i in range(3)]
    staff = [make_person(province["SYT"], f"Chuyên Viên {i}") for i in range(3)]
    first = make_class_row("LEAD", D(2024, 3, 1), D(2024, 3, 20))  # 2 heads of 3
    second = make_class_row("LEAD", D(2024, 5, 1), D(2024, 5, 20))  # 1 head of 3
    make_class_row("LEAD", D(2024, 7, 1), D(2024, 7, 20))  # nobody enrolled
    ethics = make_class_row("ETHICS", D(2024, 8, 1), D(2024, 8, 5))  # leaders, but not a leadership course
    for klass, people in ((first, heads[:2] + staff[:1]), (second, heads[2:] + staff[1:]), (ethics, heads)):
        for person in people:
            train(person, klass.programme.code, klass.end_date, start=klass.start_date, klass=klass)
    measure = {"kind": "count", "counting": "classes", "training": {"fostering_families": ["chuc_vu"]},
               "window": {"year": "current"},
               "audience": {"positions": ["TRUONG_PHONG", "PHO_TRUONG_PHONG", "GD_SO", "PGD_SO"]}}
    spec = {"measure": measure, "goal": {"min": 3, "unit": "classes", "per": "year"},
            "deadline": {"every": "year"}}
    result = run(spec)
    assert (result["numerator"], result["status"]) == (1, "not_met")
    assert run({**spec, "measure": {**measure, "audience_share": 30}})["numerator"] == 2  # 1/3 ≥ 30%
    no_audience = {**measure}
    no_audience.pop("audience")
    assert run({**spec, "measure": no_audience})["numerator"] == 3  # the family alone: all three LEAD classes


# --- the gap list of the new person measures ---------------------------------------------------------


def test_gap_list_of_all_of_says_which_parts_are_missing(three_people, train, qualify, personas):
    from apps.targets.gaps import gap_rows

    a, b, c = three_people
    train(a, "LAW", D(2024, 2, 1))
    qualify(a, "ly_luan_chinh_tri", "trung_cap")
    train(b, "LAW", D(2024, 2, 1))
    measure = {"kind": "all_of", "measures": [LAW, {"kind": "qualification", "dimension": "ly_luan_chinh_tri",
                                                    "level": "trung_cap"}]}
    spec = {"population": {}, "measure": measure, "goal": {"min": 100, "unit": "percent"}}
    rows = {r.name: r.missing for r in gap_rows(spec, user=personas["so_noi_vu"], at=AT, period=PERIOD)}
    rows.pop("Trần Thị Bích")  # the learner persona, in the population too
    assert rows == {
        "Người B": "Còn thiếu: lý luận chính trị từ trung cấp",
        "Người C": "Còn thiếu: bồi dưỡng về kiến thức pháp luật trong năm 2024; lý luận chính trị từ trung cấp",
    }


def test_gap_list_of_raised_and_of_a_part(province, make_person, qualify, personas):
    from apps.targets.gaps import gap_rows

    up, same = make_person(province["SYT"], "Đã Nâng"), make_person(province["SGD"], "Chưa Nâng")
    qualify(up, "chuyen_mon", "thac_si", on=D(2023, 6, 1))
    qualify(same, "chuyen_mon", "dai_hoc", on=D(2015, 6, 1))
    parent = {"code": "NC", "text": "…", "measure": {"kind": "raised", "dimension": "chuyen_mon",
                                                     "window": {"period": True}},
              "goal": {"min": 50, "unit": "percent"}}
    part = {"code": "NC-SGD", "text": "…", "part_of": {"target": "NC", "population": {"units": ["SGD"]}},
            "goal": {"min": 50, "unit": "percent"}}
    rows = [r for r in gap_rows(parent, user=personas["so_noi_vu"], at=AT, period=PERIOD) if r.name != "Trần Thị Bích"]
    assert [(r.name, r.missing) for r in rows] == [
        ("Chưa Nâng", "Chưa được nâng trình độ chuyên môn từ đầu kỳ kế hoạch (01/01/2021)")]
    of_part = gap_rows(part, user=personas["so_noi_vu"], at=AT, period=PERIOD, plan_specs={"NC": parent})
    assert [r.name for r in of_part] == ["Chưa Nâng"]


def test_deadline_after_years_is_the_end_of_that_many_years_of_the_plan(ten, train):
    """"sơ kết sau 3 năm" of 2021–2025: due 31/12/2023; before it not due, after it judged."""
    spec = {"measure": {**LAW, "window": {"period": True}}, "goal": {"min": 50, "unit": "percent"},
            "deadline": {"after_years": 3}}
    for person in ten[:3]:
        train(person, "LAW", D(2022, 3, 1))
    early = run(spec, at=D(2022, 12, 31))
    assert (early["deadline"], early["value"]) == ("2023-12-31", 30.0)
    # 30% after 2 of 3 years (730 of 1,095 days): 30 × 1095 / 730 = 45% < 50%
    assert (early["forecast"], early["status"]) == (45.0, "at_risk")
    assert run(spec, at=D(2024, 1, 1))["status"] == "not_met"
