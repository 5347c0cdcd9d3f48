"""Quality results flow into the plan review (apps.reports.review): a section per provider-year and
a sentence of the prefilled results, figures by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.evaluation.tests.test_results import _answer
from apps.plans.models import Plan


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


def test_the_review_holds_the_quality_of_the_periods_classes(evaluated):
    from apps.reports.review import plan_review, review_report

    Plan.objects.create(code="KH-CL", title="Kế hoạch đào tạo, bồi dưỡng giai đoạn 2026 - 2030",
                        issuing_body="Ủy ban nhân dân tỉnh", period_start=dt.date(2026, 1, 1),
                        period_end=dt.date(2030, 12, 31))
    before = plan_review(SYSTEM, plan_code="KH-CL", at="2026-12-31")
    assert before.quality == [] and "Thông tư số 10/2017" not in before.texts["results"]
    course = evaluated["campaign"].parts.get(template__object="course")
    f1, f2, f3 = course.forms.order_by("number")
    _answer(f1, {"1.1": 8, "1.2": 6, "2.1": 10, "2.2": 8})
    _answer(f2, {"1.1": 6, "1.2": 6, "2.1": 8, "2.2": 6})
    _answer(f3, {"1.1": 1})  # invalid
    review = plan_review(SYSTEM, plan_code="KH-CL", at="2026-12-31")
    [provider] = review.quality
    assert (provider.year, provider.results.valid, provider.results.index) == (2026, 2, 7.25)
    assert "2 phiếu hợp lệ" in review.texts["results"] and "7,25 (Khá" in review.texts["results"]
    section = next(s for s in review_report(review).sections if s.key == "quality")
    [row] = section.rows
    assert [c if isinstance(c, str) else c.value for c in row.cells] == [1, 0, 3, 2, "7,25", "Khá"]
