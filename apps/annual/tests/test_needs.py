"""Computed and stated needs, stated by hand on the fixture's five people."""

from __future__ import annotations

import pytest

from apps.accounts.access import SYSTEM
from apps.annual.needs import compute_needs
from apps.annual.services import cycle_set_survey, stated_need_save


def _table(needs, catalogue):
    names = {p.pk: code for code, p in catalogue.items() if code != "provider"}
    return {(n.agency_id, names[n.programme_id], n.category): n for n in needs}


def test_computed_needs_add_up_per_agency_programme_and_category(province, staff, cycle, catalogue):
    needs = _table(compute_needs(cycle), catalogue)
    syt, sgd = province["SYT"].pk, province["SGD"].pk
    law = needs[(syt, "LAW", "cong_chuc")]
    assert (law.learners, law.women, law.leaders, law.target_codes) == (2, 1, 1, ["LAW-80"])
    assert needs[(sgd, "LAW", "cong_chuc")].ethnic == 1
    # the yearly 40-tiết minimum: civil servants only, not Chi (viên chức)
    assert needs[(syt, "JOB", "cong_chuc")].learners == 2
    assert (syt, "JOB", "vien_chuc") not in needs
    # the succession pool: Bình, without leadership fostering
    lead = needs[(syt, "LEAD", "cong_chuc")]
    assert (lead.learners, lead.person_ids) == (1, [staff["binh"].pk])
    assert set(needs) == {(syt, "LAW", "cong_chuc"), (sgd, "LAW", "cong_chuc"), (syt, "JOB", "cong_chuc"),
                          (sgd, "JOB", "cong_chuc"), (syt, "LEAD", "cong_chuc")}


def test_a_stated_wish_adds_a_person_once_and_carries_self_funding(province, staff, cycle, catalogue):
    cycle_set_survey(actor=SYSTEM, cycle=cycle, open=True)
    stated_need_save(actor=SYSTEM, cycle=cycle, person=staff["chi"], programme=catalogue["LAW"], priority=1,
                     quarter=3, self_fund=True)
    stated_need_save(actor=SYSTEM, cycle=cycle, person=staff["an"], programme=catalogue["LAW"], priority=2)
    needs = _table(compute_needs(cycle), catalogue)
    syt = province["SYT"].pk
    chi = needs[(syt, "LAW", "vien_chuc")]
    assert (chi.learners, chi.self_funded, chi.quarter, chi.stated) == (1, 1, 3, 1)
    assert needs[(syt, "LAW", "cong_chuc")].learners == 2  # An needs it twice over, counted once


def test_training_completed_in_the_year_removes_the_need(province, staff, cycle, catalogue):
    import datetime as dt

    from apps.training.models import Enrollment

    for person in (staff["an"], staff["binh"]):
        Enrollment.objects.create(person=person, programme=catalogue["LAW"], start_date=dt.date(2027, 3, 1),
                                  end_date=dt.date(2027, 3, 2), hours=40, status="completed",
                                  completed_on=dt.date(2027, 3, 2))
    needs = _table(compute_needs(cycle), catalogue)
    syt = province["SYT"].pk
    assert (syt, "LAW", "cong_chuc") not in needs
    assert (syt, "JOB", "cong_chuc") not in needs  # 40 tiết done in 2027


def test_no_minimum_before_it_applies(province, staff, cycle, catalogue):
    import datetime as dt

    cycle.min_hours_from = dt.date(2028, 1, 1)
    cycle.save()
    needs = _table(compute_needs(cycle), catalogue)
    assert not any(key[1] == "JOB" for key in needs)


@pytest.mark.parametrize("self_funded, expected", [
    (0, {"ngan_sach_dia_phuong": 10_400_000, "kinh_phi_co_quan": 1_000_000}),
    (1, {"ngan_sach_dia_phuong": 10_100_000, "kinh_phi_co_quan": 500_000, "ca_nhan_tu_tuc": 800_000}),
])
def test_costs_come_from_the_rate_table(db, self_funded, expected):
    import datetime as dt

    from apps.annual.costs import line_costs, rates_on

    costs = line_costs(classes=1, learners=2, days=2, self_funded=self_funded, full_time=True,
                       rates=rates_on(dt.date(2027, 1, 1)))
    assert costs == expected


def test_part_time_lines_pay_no_meals_travel_or_lodging(db):
    import datetime as dt

    from apps.annual.costs import line_costs, rates_on

    costs = line_costs(classes=2, learners=10, days=1, full_time=False, rates=rates_on(dt.date(2027, 1, 1)))
    assert costs == {"ngan_sach_dia_phuong": 2 * 5_000_000 + 2 * 2_400_000 + 10 * 100_000}


def test_a_newer_rate_replaces_the_old_one_from_its_date(db):
    import datetime as dt

    from apps.annual.costs import line_costs, rates_on
    from apps.annual.models import RateItem

    old = RateItem.objects.get(code="tai_lieu")
    RateItem.objects.create(code="tai_lieu", name=old.name, basis=old.basis, amount=150_000,
                            funding_source=old.funding_source, legal_basis="Nghị quyết mới", valid_from=dt.date(2027, 1, 1))
    before = line_costs(classes=0, learners=1, days=1, full_time=False, rates=rates_on(dt.date(2026, 6, 1)))
    after = line_costs(classes=0, learners=1, days=1, full_time=False, rates=rates_on(dt.date(2027, 6, 1)))
    assert (before, after) == ({"ngan_sach_dia_phuong": 100_000}, {"ngan_sach_dia_phuong": 150_000})


def test_the_department_sets_a_new_rate_from_a_date_and_earlier_years_keep_theirs(db, personas):
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    from apps.annual.costs import line_costs, rates_on
    from apps.annual.services import rate_set

    with pytest.raises(PermissionDenied):
        rate_set(actor=personas["can_bo_so_y_te"], code="tai_lieu", amount=1, legal_basis="x",
                 valid_from=dt.date(2027, 1, 1))
    rate_set(actor=personas["so_noi_vu"], code="tai_lieu", amount=120_000,
             legal_basis="Nghị quyết 15/2026/NQ-HĐND", valid_from=dt.date(2027, 1, 1))

    def material(day):
        return line_costs(classes=0, learners=1, days=1, full_time=False, rates=rates_on(day))

    assert material(dt.date(2026, 12, 31)) == {"ngan_sach_dia_phuong": 100_000}
    assert material(dt.date(2027, 1, 1)) == {"ngan_sach_dia_phuong": 120_000}
