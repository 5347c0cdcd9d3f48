"""Evaluation fixtures: the training catalogue (apps/training/tests/conftest.py) and ``evaluated``:
class LOP-DG of the political school (Sở Y tế organises it) with the personas' learner and two more
learners of Bệnh viện Đa khoa tỉnh, one instructor, and a campaign on every Circular 10 object."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.training import services as training
from apps.training.tests.conftest import catalogue, make_class  # noqa: F401 - fixtures


@pytest.fixture
def evaluated(make_class, personas, province, make_person, catalogue):  # noqa: F811
    from apps.evaluation import services

    klass = make_class(programme="cvc", organiser="SYT", code="LOP-DG", start=dt.date(2026, 3, 2),
                       end=dt.date(2026, 3, 20))
    instructor = training.instructor_create(actor=SYSTEM, provider=catalogue["school"], full_name="Lê Văn Giảng",
                                            kind="co_huu", practical_management_years=8)
    training.class_set_instructors(actor=SYSTEM, training_class=klass, assignments=[(instructor, 40)])
    learners = [personas["hoc_vien"].profile.person,
                make_person(province["BVDK"], "Nguyễn Văn Hai"), make_person(province["BVDK"], "Phạm Thị Ba")]
    for p in learners:
        training.enrollment_create(actor=SYSTEM, person=p, training_class=klass)
    campaign = services.campaign_create(actor=SYSTEM, training_class=klass, data=services.CampaignData(
        objects=("programme", "learner", "instructor", "facilities", "course", "effectiveness"),
        opens_on=dt.date(2026, 3, 18), closes_on=dt.date(2026, 4, 30)))
    return {"class": klass, "campaign": campaign, "learners": learners, "instructor": instructor}
