"""The learner's plan-target needs read per person: each branch's subqueries restricted to the one
person (``for_one_person``) give exactly the answer of the same condition over everyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import BooleanField, ExpressionWrapper

from apps.accounts.access import SYSTEM
from apps.training import services as training
from apps.training.models import ContentArea

TODAY = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


@pytest.fixture
def plan_world(province, make_person, catalogue):  # noqa: ARG001 - the catalogue's programmes
    """Plan KH-PL (2026–2030) with three targets over everyone: a law update this year (PL), 2 law
    courses since 2021 (PL2), 20 tiết of law this year (PLH). Người Đủ did one 24-tiết law course
    in 2026 and one in 2022; Người Một did one 8-tiết law course in 2026; Người Chưa none."""
    from apps.plans.models import Plan, PlanTarget

    law = training.programme_create(actor=SYSTEM, code="PLX", name="Cập nhật kiến thức pháp luật",
                                    kind="boi_duong", fostering_family="cap_nhat",
                                    content_areas=ContentArea.objects.filter(code="phap_luat"))
    plan = Plan.objects.create(code="KH-PL", title="Kế hoạch thử", issuing_body="UBND tỉnh",
                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2030, 12, 31))
    training_spec = {"content_areas": ["phap_luat"]}
    specs = {
        "PL": {"kind": "trained", "training": training_spec, "window": {"year": "current"}},
        "PL2": {"kind": "trained", "training": training_spec, "min_times": 2, "window": {"from": "2021-01-01"}},
        "PLH": {"kind": "hours", "training": training_spec, "min_hours": 20, "window": {"year": "current"}},
    }
    for order, (code, measure) in enumerate(specs.items(), 1):
        PlanTarget.objects.create(plan=plan, order=order, code=code, text=f"Chỉ tiêu {code}", spec={
            "population": {}, "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"},
            "measure": measure})
    people = {name: make_person(province["SYT"], name, category="cong_chuc")
              for name in ("Người Đủ", "Người Một", "Người Chưa")}

    def course(person, start, hours):
        training.external_training_record(actor=SYSTEM, person=person, programme=law, provider_name="Trường",
                                          start_date=start, end_date=start + dt.timedelta(days=2),
                                          completed_on=start + dt.timedelta(days=2), hours=hours)

    course(people["Người Đủ"], dt.date(2026, 2, 2), 24)
    course(people["Người Đủ"], dt.date(2022, 5, 2), 24)
    course(people["Người Một"], dt.date(2026, 2, 9), 8)
    return {"plan": plan, "people": people}


def _flags(person, restricted: bool) -> dict[str, bool]:
    from apps.annual.needs import year_end
    from apps.people.models import ServicePeriod
    from apps.portal.selectors import _branches, _cycle, for_one_person
    from apps.targets.population import in_force_on

    cycle = _cycle(TODAY.year)
    branches = [b for b in _branches(cycle) if b.key.startswith("target:")]
    exprs = {f"b{i}": ExpressionWrapper(for_one_person(b.q, person.pk) if restricted else b.q,
                                        output_field=BooleanField()) for i, b in enumerate(branches)}
    row = (ServicePeriod.objects.filter(in_force_on(year_end(cycle)), person_id=person.pk).annotate(**exprs)
           .values_list(*exprs).first())
    return {b.key: bool(hit) for b, hit in zip(branches, row, strict=True)}


def test_per_person_needs_equal_the_needs_over_everyone(plan_world):
    expected = {  # a need is a target the person is counted in and does not meet
        "Người Đủ": {"target:PL": False, "target:PL2": False, "target:PLH": False},
        "Người Một": {"target:PL": False, "target:PL2": True, "target:PLH": True},
        "Người Chưa": {"target:PL": True, "target:PL2": True, "target:PLH": True},
    }
    for name, person in plan_world["people"].items():
        assert _flags(person, restricted=False) == expected[name], name
        assert _flags(person, restricted=True) == expected[name], name


def test_restricted_subqueries_name_the_person(plan_world):
    from django.db.models import Q

    from apps.portal.selectors import for_one_person
    from apps.training.models import Enrollment

    person = plan_world["people"]["Người Một"]
    q = ~Q(person_id__in=Enrollment.objects.values("person_id")) & Q(unit_id__in=[1, 2])
    restricted = for_one_person(q, person.pk)
    inner = restricted.children[0].children[0][1]
    assert f'"person_id" = {person.pk}' in str(inner.query).replace("`", '"') or \
        f"person_id = {person.pk}" in str(inner.query)
    assert restricted.children[1] == ("unit_id__in", [1, 2])  # not a person subquery: unchanged
    assert restricted.negated is False and restricted.children[0].negated is True


def test_the_learner_page_lists_the_per_person_needs(plan_world, client):
    from apps.accounts.services import user_create
    from apps.portal.selectors import needs_of

    person = plan_world["people"]["Người Một"]
    keys = [n.key for n in needs_of(person, TODAY)[0] if n.key.startswith("target:")]
    assert keys == ["target:PL2", "target:PLH"]
    user = user_create(actor=SYSTEM, username="nguoi_mot", password="x", role="learner", person=person)
    client.force_login(user)
    html = client.get("/cua-toi/").content.decode()
    assert "Chỉ tiêu PL2" in html and "Chỉ tiêu PLH" in html and "Chỉ tiêu PL:" not in html


def test_the_query_compiled_once_answers_each_person_with_their_own_id(plan_world):
    """``_hits`` runs the SQL compiled once per process and data version for ``ANYONE``, with the
    person's id put in its place: the same needs as the conditions stated above, person by person."""
    from apps.portal import selectors

    cycle = selectors._cycle(TODAY.year)
    expected = {"Người Đủ": [], "Người Một": ["target:PL2", "target:PLH"],
                "Người Chưa": ["target:PL", "target:PL2", "target:PLH"]}
    compiled = []
    for name, person in plan_world["people"].items():
        hits = [key for key, *_x in selectors._hits(person, cycle, TODAY) if key.startswith("target:")]
        assert hits == expected[name], name
        compiled.append(next(iter(selectors._BRANCHES.values()))[2])
    assert compiled[0] is compiled[1] is compiled[2] and selectors.ANYONE in compiled[0][1]
