"""A plan in one pass (apps/targets/onepass.py) gives exactly what the per-target engine gives: every
target shape of docs/target-language.md, over random small provinces (hypothesis), at dates before,
inside and after the deadlines, for the province and restricted to an agency or a district."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.people.models import CouncilMembership, Ethnicity, Position, Rank, ServicePeriod
from apps.standards.models import Standard
from apps.targets.context import Context, TargetError
from apps.targets.engine import evaluate_plan, evaluate_target, evaluate_together
from apps.targets.tests.conftest import PERIOD, D

PCT = {"min": 80, "unit": "percent"}
LAW = {"content_areas": ["phap_luat"]}

# (population, measure): every population key and every measure kind and window at least once
SHAPES: list[tuple[dict, dict]] = [
    ({}, {"kind": "trained", "training": LAW, "window": {"year": "current"}}),
    ({"categories": ["can_bo", "cong_chuc"], "levels": ["province", "district"]},
     {"kind": "trained", "training": {"content_areas": ["dao_duc"]}, "window": {"year": "current"}}),
    ({"categories": ["khong_chuyen_trach"]},
     {"kind": "trained", "training": {"programme_kinds": ["boi_duong"]}, "window": {"rolling_years": 2}}),
    ({"units": ["SYT"]}, {"kind": "trained", "training": {"fostering_families": ["cap_nhat"]},
                          "window": {"period": True}, "min_times": 2}),
    ({"units": ["H01"], "include_subunits": False}, {"kind": "trained", "training": {}}),
    ({"unit_kinds": ["public_service"]},
     {"kind": "trained", "training": {"degree_levels": ["trung_cap", "thac_si"]}, "window": {"from": "2022-01-01",
                                                                                            "to": "2024-06-30"}}),
    ({"working_area": ["ethnic_minority"]}, {"kind": "trained", "training": {"programmes": ["LAW", "LEAD"]},
                                             "window": {"to": "2023-12-31"}}),
    ({"ethnicities": ["KHMER", "01"]}, {"kind": "trained", "training": {"abroad": True}}),
    ({"ethnicities": "minority"}, {"kind": "trained", "training": {"abroad": False, **LAW}}),
    ({"gender": "nu"}, {"kind": "trained", "training": {"forms": ["tap_trung"]}, "window": {"period": True}}),
    ({"age": {"min": 30, "max": 45}}, {"kind": "hours", "training": {"programme_kinds": ["boi_duong"]},
                                       "window": {"year": "current"}, "min_hours": 20}),
    ({"positions": "any"}, {"kind": "trained", "training": {"fostering_families": ["chuc_vu"]},
                            "window": {"before_appointment": True}}),
    ({"positions": "any"}, {"kind": "trained", "training": {"fostering_families": ["chuc_vu"]},
                            "window": {"before_appointment": True}, "min_times": 2}),
    ({"positions": ["TRUONG_PHONG", "PHO_TRUONG_PHONG"]},
     {"kind": "hours", "training": {}, "window": {"before_appointment": True}, "min_hours": 10}),
    ({"key_commune": True}, {"kind": "qualification", "dimension": "chuyen_mon", "level": "trung_cap"}),
    ({"key_commune": False, "levels": ["commune"]},
     {"kind": "qualification", "dimension": "ly_luan_chinh_tri", "level": "trung_cap"}),
    ({"in_succession_plan": True}, {"kind": "hours", "training": LAW, "min_hours": 16}),
    ({"council_term": "2021-2026"}, {"kind": "trained", "training": LAW, "window": {"council_term": True}}),
    ({"levels": ["commune"], "ethnicities": ["01"], "working_area": ["ethnic_minority"]}, {"kind": "ethnic_language"}),
    ({"categories": ["can_bo", "cong_chuc"]}, {"kind": "standard", "of": "both"}),
    ({"levels": ["commune"]}, {"kind": "standard", "of": "rank"}),
    ({}, {"kind": "standard", "of": "position"}),
    ({"categories": ["can_bo", "cong_chuc"]}, {"kind": "standard_before_appointment", "of": "rank"}),
    ({"positions": "any"}, {"kind": "standard_before_appointment", "of": "position"}),
    ({"positions": "any"}, {"kind": "all_of", "measures": [
        {"kind": "trained", "training": {"content_areas": ["ly_luan_chinh_tri"]}, "window": {"period": True}},
        {"kind": "trained", "training": LAW, "window": {"period": True}},
        {"kind": "qualification", "dimension": "chuyen_mon", "level": "dai_hoc"}]}),
    ({}, {"kind": "all_of", "measures": [
        {"kind": "hours", "training": {}, "window": {"rolling_years": 3}, "min_hours": 24},
        {"kind": "standard", "of": "rank"}]}),
    ({"levels": ["commune"]}, {"kind": "raised", "dimension": "chuyen_mon", "window": {"period": True}}),
    ({}, {"kind": "raised", "dimension": "ly_luan_chinh_tri", "level": "trung_cap", "window": {"year": "current"}}),
]
DEADLINES = [{"every": "year"}, {"by": "2025-12-31"}, {"end_of_period": True}, {"every": "year", "by": "06-30"},
             {"after_years": 3}]
GOALS = [PCT, {"min": 30, "unit": "percent"}, {"min": 50, "max": 70, "unit": "percent", "about": True}]
COUNTS = [
    {"code": "C-PEOPLE", "population": {"age": {"max": 44}},
     "measure": {"kind": "count", "counting": "people", "training": {"degree_levels": ["thac_si"]},
                 "window": {"period": True}, "status": "enrolled", "population_at": "start"},
     "goal": {"min": 2, "max": 5, "unit": "people"}},
    {"code": "C-LUOT", "population": {},
     "measure": {"kind": "count", "counting": "lượt", "training": {"programme_kinds": ["boi_duong"]}},
     "goal": {"min": 10, "unit": "lượt", "per": "year", "about": True}, "deadline": {"every": "year"}},
    {"code": "C-CLASSES", "population": {},
     "measure": {"kind": "count", "counting": "classes", "training": {"fostering_families": ["chuc_vu"]},
                 "window": {"year": "current"}, "audience": {"positions": "any"}},
     "goal": {"min": 1, "unit": "classes", "per": "year"}, "deadline": {"every": "year"}},
]


def plan_specs() -> dict[str, dict]:
    """Every shape as a target (goals, deadlines and each_unit rotated), the count goals, and parts."""
    specs: dict[str, dict] = {}
    for i, (population, measure) in enumerate(SHAPES):
        specs[f"T{i:02d}"] = {"population": population, "measure": measure, "goal": GOALS[i % len(GOALS)],
                              "deadline": DEADLINES[i % len(DEADLINES)], "each_unit": i % 2 == 0,
                              "aspirational": i % 5 == 0}
    specs["T00-PART"] = {"part_of": {"target": "T00", "population": {"categories": ["vien_chuc"]}}, "goal": PCT}
    specs["T10-PART"] = {"part_of": {"target": "T10", "training": {"content_areas": ["phap_luat"]}},
                         "goal": {"min": 10, "unit": "percent"}}
    for count in COUNTS:
        specs[count["code"]] = {k: v for k, v in count.items() if k != "code"}
    specs["C-PEOPLE-PART"] = {"part_of": {"target": "C-PEOPLE", "training": {"abroad": True}},
                              "goal": {"min": 1, "unit": "people"}}
    return specs


def per_target(specs: dict[str, dict], at: dt.date, unit=None) -> list[dict]:
    ctx = Context.build(at=at, period=PERIOD, unit=unit)
    return [evaluate_target(spec, at=at, period=PERIOD, unit=unit, code=code, ctx=ctx, plan_specs=specs)
            for code, spec in specs.items()]


def together(specs: dict[str, dict], at: dt.date, unit=None) -> list[dict]:
    ctx = Context.build(at=at, period=PERIOD, unit=unit)
    return evaluate_together([(spec, code, "") for code, spec in specs.items()], ctx, specs)


# --- a random small province ------------------------------------------------------------------------


def build_province(rng: random.Random, province, make_person, train, qualify, make_class_row, size=24) -> None:
    """``size`` people in random units, categories, ranks (with standards), positions, ages,
    ethnicities; a second period for some (a new rank, position or unit), a few overlapping periods,
    council seats, qualifications (some raised in the period), lượt of every programme (some
    abroad, some not completed, some in classes)."""
    units = [province[c] for c in ("SYT", "BVDK", "SGD", "THPT1", "H01", "X01", "X02")]
    ranks = list(Rank.objects.filter(pk__in=Standard.objects.values("rank_id")).order_by("code")[:4]) + [None]
    positions = list(Position.objects.filter(code__in=["TRUONG_PHONG", "PHO_TRUONG_PHONG", "GD_SO"])) + [None] * 3
    ethnicities = list(Ethnicity.objects.filter(code__in=["01", "05"])) + [None]
    dims = [("chuyen_mon", ["trung_cap", "dai_hoc", "thac_si"]), ("ly_luan_chinh_tri", ["so_cap", "trung_cap"]),
            ("tieng_dan_toc", ["su_dung"])]
    programmes = ["LAW", "ETHICS", "LEAD", "TCLLCT", "MASTER"]
    classes = [make_class_row("LEAD", D(2024, 3, 1), D(2024, 3, 10), country=rng.choice(["", "Nhật Bản"]))
               for _ in range(2)]

    def day(y0=2019, y1=2025):
        return D(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))

    people = []
    for n in range(size):
        unit = rng.choice(units)
        position = rng.choice(positions)
        category = rng.choice(["can_bo", "cong_chuc", "cong_chuc", "vien_chuc", "khong_chuyen_trach"])
        ethnicity = rng.choice(ethnicities) or Ethnicity.objects.exclude(code__in=["01", "05"]).first()
        person = make_person(
            unit, f"Người {n}", gender=rng.choice(["nam", "nu"]), birth_date=D(rng.randint(1965, 2000), 6, 15),
            ethnicity_id=ethnicity.pk, category=category, joined_on=day(2015, 2024),
            rank_id=(rng.choice(ranks) or Rank(pk=None)).pk, position_id=position.pk if position else None,
            position_appointed_on=rng.choice([None, day(2018, 2024)]) if position else None,
            in_succession_plan=rng.random() < 0.3)
        people.append(person)
        if rng.random() < 0.35:  # a later period: new rank / position / unit
            current = ServicePeriod.objects.filter(person=person).order_by("-valid_from").first()
            change = max(current.valid_from + dt.timedelta(days=30), day(2021, 2025))
            ServicePeriod.objects.filter(pk=current.pk).update(valid_to=change - dt.timedelta(days=1))
            new_position = rng.choice(positions)
            ServicePeriod.objects.create(
                person=person, valid_from=change, valid_to=rng.choice([None, None, change + dt.timedelta(days=200)]),
                unit=rng.choice([unit, rng.choice(units)]), category=current.category, level=current.level,
                rank=rng.choice([current.rank, rng.choice(ranks)]), position=new_position,
                position_appointed_on=rng.choice([None, change]) if new_position else None)
        elif rng.random() < 0.1:  # a second period at the same time (a concurrent post)
            current = ServicePeriod.objects.filter(person=person).first()
            ServicePeriod.objects.create(person=person, valid_from=current.valid_from, unit=rng.choice(units),
                                         category=current.category, level=current.level, rank=current.rank)
        if rng.random() < 0.3:
            CouncilMembership.objects.create(person=person, council=province["H01"], term="2021-2026",
                                             valid_from=rng.choice([D(2021, 6, 1), D(2022, 3, 1)]))
        held = set()
        for _ in range(rng.randint(0, 3)):
            dimension, codes = rng.choice(dims)
            code = rng.choice(codes)
            language = rng.choice(["", "Khmer", "Hoa"]) if dimension == "tieng_dan_toc" else ""
            if (dimension, code, language) not in held:  # unique per person, level and language
                held.add((dimension, code, language))
                qualify(person, dimension, code, on=day(2015, 2025), language=language)
        for _ in range(rng.randint(0, 6)):
            done = day(2019, 2025)
            status = rng.choice(["completed"] * 5 + ["registered", "withdrawn"])
            klass = rng.choice(classes) if rng.random() < 0.15 else None
            programme = "LEAD" if klass else rng.choice(programmes)
            if klass and klass.enrollments.filter(person=person).exists():
                klass = None
            train(person, programme, done, hours=rng.choice([None, 8, 16, 24]), status=status,
                  country=rng.choice(["", "", "", "Việt Nam", "Nhật Bản"]), klass=klass)


def assert_same(specs, at, unit=None):
    expected = per_target(specs, at, unit)
    got = together(specs, at, unit)
    for mine, ref in zip(got, expected, strict=True):
        assert mine == ref, ref["code"]


DATES = [D(2024, 12, 31), D(2023, 6, 30), D(2025, 12, 31), D(2021, 3, 15)]


@pytest.fixture
def world(province, make_person, train, qualify, make_class_row):
    def make(seed, size=24):
        build_province(random.Random(seed), province, make_person, train, qualify, make_class_row, size)
    return make


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**6), at=st.sampled_from(DATES))
def test_one_pass_equals_the_engine_on_every_shape_of_random_provinces(world, province, seed, at):
    specs = plan_specs()
    with transaction.atomic():
        world(seed)
        assert_same(specs, at)
        assert_same(specs, at, unit=province[random.Random(seed).choice(["SYT", "H01"])])
        transaction.set_rollback(True)


def test_one_pass_equals_the_engine_at_every_date_and_unit(world, province):
    world(7, size=40)
    specs = plan_specs()
    for at in DATES:
        assert_same(specs, at)
    for code in ("SYT", "H01", "X02", "TINH"):
        assert_same(specs, D(2024, 12, 31), unit=province[code])


def test_a_province_without_people_gives_the_same_everywhere(province, catalogue):
    assert_same(plan_specs(), D(2024, 12, 31))


def pass_statements(specs: dict[str, dict], at: dt.date) -> list[str]:
    """The statements of a pass that read people's records (periods, lượt, qualifications)."""
    with CaptureQueriesContext(connection) as captured:
        together(specs, at)
    tables = ("people_serviceperiod", "training_enrollment", "people_qualification ")
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in tables)]


def test_targets_sharing_populations_and_measures_add_no_statement(world):
    """The percent targets read the records a fixed handful of times: the same targets twice over
    (other codes) cost exactly the statements of once, and none is a per-target COUNT(DISTINCT)."""
    world(3)
    specs = {code: spec for code, spec in plan_specs().items() if code.startswith("T")}
    twice = {**specs, **{f"{code}-BIS": spec for code, spec in specs.items()}}
    once = pass_statements(specs, D(2024, 12, 31))
    assert len(pass_statements(twice, D(2024, 12, 31))) == len(once)
    assert not any("COUNT(DISTINCT" in sql for sql in once)


def test_evaluate_plan_in_one_pass_matches_the_per_target_run(world, province):
    from apps.plans.models import Plan, PlanTarget

    world(11)
    plan = Plan.objects.create(code="p", title="P", issuing_body="UBND", period_start=PERIOD[0],
                               period_end=PERIOD[1])
    for order, (code, spec) in enumerate(plan_specs().items()):
        PlanTarget.objects.create(plan=plan, code=code, order=order, text=f"Chỉ tiêu {code}", spec=spec)
    for at in (D(2024, 12, 31), D(2022, 6, 30)):
        assert evaluate_plan(plan, at=at, one_pass=True) == evaluate_plan(plan, at=at)
    assert evaluate_plan(plan, at=D(2024, 12, 31), unit=province["SGD"], one_pass=True) == evaluate_plan(
        plan, at=D(2024, 12, 31), unit=province["SGD"])


def test_a_bad_spec_raises_the_engines_message(db, catalogue):
    specs = {"A": {"population": {}, "measure": {"kind": "trained"}, "goal": PCT},
             "B": {"population": {"colour": "red"}, "measure": {"kind": "trained"}, "goal": PCT}}
    with pytest.raises(TargetError) as engine_error:
        per_target(specs, D(2024, 12, 31))
    with pytest.raises(TargetError) as one_pass_error:
        together(specs, D(2024, 12, 31))
    assert str(one_pass_error.value) == str(engine_error.value)
    bad_kind = {"A": {"population": {}, "measure": {"kind": "nope"}, "goal": PCT}}
    with pytest.raises(TargetError, match="measure.kind"):
        together(bad_kind, D(2024, 12, 31))
