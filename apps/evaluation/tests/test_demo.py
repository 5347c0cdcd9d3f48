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

    assert 1 <= Campaign.objects.count() <= 6
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
