"""The demo's evaluations: a few campaigns with answered forms, the learner's open forms."""

from __future__ import annotations

import pytest

from apps.demo.tests.conftest import demo  # noqa: F401 - fixture

pytestmark = pytest.mark.slow

PERSONS, SEED = 800, 5


def test_demo_has_campaigns_with_answered_forms_and_a_form_for_the_learner(db, demo):  # noqa: F811
    from django.contrib.auth import get_user_model

    from apps.evaluation.models import Campaign, Form
    from apps.evaluation.selectors import class_results, evaluation_summary, forms_of_learner

    assert 1 <= Campaign.objects.count() <= 7
    assert demo["evaluation_answered"] > 0
    campaign = Campaign.objects.order_by("pk").first()
    results = class_results(campaign.training_class)
    assert results.valid > 0 and results.index is not None and results.level
    assert Form.objects.filter(submitted_at__isnull=False, valid=False).exists() or results.invalid == 0
    year = campaign.training_class.end_date.year
    assert evaluation_summary(get_user_model().objects.get(username="so_noi_vu"), year).providers
    learner = get_user_model().objects.get(username="hoc_vien")
    mine = list(forms_of_learner(learner))
    assert all(f.person_id == learner.profile.person_id for f in mine)


def test_demo_instructor_has_open_forms_and_sở_y_tế_has_effectiveness_forms(db, demo):  # noqa: F811
    from django.contrib.auth import get_user_model

    from apps.evaluation.selectors import forms_of_employer, forms_of_instructor
    from apps.evaluation.services import part_is_open
    from apps.training.models import ClassInstructor

    teacher = get_user_model().objects.select_related("profile").filter(username="giang_vien").first()
    if teacher is None:  # the learner's class had no instructor in this small demo
        pytest.skip("no instructor for the demo learner's class")
    assert teacher.check_password("demo-dtbd") and teacher.profile.role == "instructor"
    forms = list(forms_of_instructor(teacher))
    assert forms and any(part_is_open(f.part) and not f.submitted_at for f in forms)
    assert all(f.instructor_id == teacher.profile.instructor_id for f in forms)
    assert ClassInstructor.objects.filter(instructor_id=teacher.profile.instructor_id,
                                          training_class=forms[0].part.campaign.training_class).exists()
    officer = get_user_model().objects.get(username="can_bo_so_y_te")
    effectiveness = list(forms_of_employer(officer))
    assert effectiveness and all(f.group == "employer" and f.person_id for f in effectiveness)
    assert any(part_is_open(f.part) for f in effectiveness)
    from apps.core.dates import add_months

    for form in effectiveness:  # the six-month rule, not a part opened for the demo's sake
        assert form.part.opens_on == add_months(form.part.campaign.training_class.end_date, 6)
