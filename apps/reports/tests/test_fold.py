"""The fold (one grouped read, slices derived in Python) gives exactly the figures of the slices'
Q objects (what the names pages filter by), on the dataset of conftest.py plus the awkward cases:
no delivery form, a class abroad with the lượt's own country left blank, a degree programme
with two content areas, a lượt outside every class taken abroad, other years."""

import datetime as dt

import pytest
from django.db.models import Case, Count, F, Q, When

from apps.reports.annual import aggregate_by_q, annual_stats, year_cuts
from apps.reports.flat import flat_fresh, flat_rebuild, flat_request
from apps.reports.luot import abroad_q, luot_of, slices
from apps.reports.selection import select
from apps.training.models import (
    IN_COUNTRY,
    ContentArea,
    Enrollment,
    Programme,
    Provider,
    TrainingClass,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def awkward(dataset):
    people, province = dataset["people"], dataset["province"]
    odd = Programme.objects.create(code="ODD", name="Cao đẳng hai nội dung", kind="dao_tao", degree_level="cao_dang")
    odd.content_areas.set(ContentArea.objects.filter(code__in=["phap_luat", "dao_duc"]))
    provider = Provider.objects.get(code="TCT")
    abroad = TrainingClass.objects.create(
        code="K3", programme=odd, provider=provider, organiser=province["SYT"], form_id=dataset["classes"]["K1"].form_id,
        start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 20), status="finished", country="Lào")
    for who, klass, country, done in (("A", abroad, "", dt.date(2025, 5, 20)), ("B", abroad, IN_COUNTRY, dt.date(2025, 5, 20)),
                                      ("E", None, "Nhật Bản", dt.date(2023, 7, 1)), ("D", None, "", dt.date(2023, 2, 2))):
        Enrollment.objects.create(person=people[who], programme=odd, training_class=klass, provider=provider, form=None,
                                  start_date=done - dt.timedelta(days=3), end_date=done, country=country,
                                  status="completed", completed_on=done)
    return dataset


def _reference_areas(sel):
    rows = (luot_of(sel).values("programme__content_areas__code")
            .annotate(n=Count("id"), p=Count("person_id", distinct=True))
            .values_list("programme__content_areas__code", "n", "p"))
    return {code: (n, p) for code, n, p in rows if code}


def _reference_countries(sel):
    place = Case(When(~Q(country__in=["", IN_COUNTRY]), then=F("country")), default=F("training_class__country"))
    rows = (luot_of(sel).filter(abroad_q()).annotate(place=place).values("place")
            .annotate(n=Count("id"), p=Count("person_id", distinct=True)).values_list("place", "n", "p"))
    return {name: (n, p) for name, n, p in rows}


@pytest.mark.parametrize("flat", [False, True], ids=["direct", "flat-copy"])
@pytest.mark.parametrize(("who", "period"), [
    ("so_noi_vu", {"year": 2025}), ("so_noi_vu", {"start": "2021-01-01", "end": "2025-12-31"}),
    ("can_bo_so_y_te", {"year": 2025}), ("so_noi_vu", {"year": 2023})])
def test_the_fold_equals_the_slices_q_objects(awkward, who, period, flat):
    if flat:
        assert flat_rebuild() == 11  # every counted lượt: 7 of conftest (not the withdrawn one) + 4 awkward
    sel = select(awkward["personas"][who], **period)
    stats = annual_stats(sel, by_year=True, flat=flat)
    cuts = slices() + year_cuts(sel)
    reference = aggregate_by_q(sel, cuts)
    assert {k: (c.luot, c.people) for k, c in stats.cells.items()} == {k: (c.luot, c.people) for k, c in reference.items()}
    assert {c.value: (c.luot, c.people) for c in stats.areas} == _reference_areas(sel)
    assert {c.value: (c.luot, c.people) for c in stats.countries} == _reference_countries(sel)
    headline = [s for s in slices() if s.dim in ("all", "category", "place", "kind")]
    before = aggregate_by_q(sel.previous(), headline)
    assert {k: (c.luot, c.people) for k, c in stats.previous.items()} == {k: (c.luot, c.people) for k, c in before.items()}


def test_the_awkward_lượt_land_where_they_should(awkward):
    stats = annual_stats(select(awkward["personas"]["so_noi_vu"], year=2025))
    assert (stats.luot, stats.people, stats.abroad) == (8, 5, 3)  # + A and B in K3 (Lào)
    assert stats.cell("form", "").luot == 2  # no delivery form
    assert [(c.value, c.luot, c.people) for c in stats.countries] == [("Lào", 2, 2), ("Úc", 1, 1)]
    assert stats.cell("kind", "dao_tao").luot == 4 and stats.cell("degree", "cao_dang").luot == 2
    assert {c.value: c.luot for c in stats.areas}["phap_luat"] == 4 and {c.value: c.luot for c in stats.areas}["dao_duc"] == 3
    years = annual_stats(select(awkward["personas"]["so_noi_vu"], start="2023-01-01", end="2025-12-31"), by_year=True)
    assert [(c.value, c.luot, c.people) for c in years.dim("year")] == [("2023", 2, 2), ("2024", 1, 1), ("2025", 8, 5)]


def test_the_flat_copy_is_read_only_while_fresh(awkward):
    from apps.accounts.access import SYSTEM
    from apps.jobs.testing import run_pending
    from apps.training.services import external_training_record

    sel = select(awkward["personas"]["so_noi_vu"], year=2025)
    assert not flat_fresh()
    flat_rebuild()
    assert flat_fresh() and annual_stats(sel).luot == 8
    external_training_record(actor=SYSTEM, person=awkward["people"]["E"], programme=Programme.objects.get(code="LAW"),
                             provider_name="Trường Chính trị tỉnh", start_date=dt.date(2025, 10, 1),
                             end_date=dt.date(2025, 10, 3))
    assert not flat_fresh()
    assert annual_stats(sel).luot == 9  # read directly meanwhile
    assert annual_stats(sel, flat=True).luot == 8  # (the stale copy, were it read)
    job = flat_request(actor=awkward["personas"]["so_noi_vu"])
    assert flat_request(actor=awkward["personas"]["so_noi_vu"]) == job  # one waiting job is enough
    assert [j.status for j in run_pending()] == ["done"]
    assert flat_fresh() and annual_stats(sel, flat=True).luot == 9
