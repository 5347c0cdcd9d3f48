"""Sở Nội vụ edits the coverage rule: a service with an audit entry, a form with Vietnamese
messages, the rule shown (and applied) on the provider-year page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.core.models import AuditEntry
from apps.evaluation import selectors, services
from apps.evaluation.models import CoverageRule


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


def _data(**changes):
    values = {"effective_from": dt.date(2026, 1, 1), "share_articles_5_8": Decimal(30),
              "share_article_9": Decimal("12.5"), "min_article_10": 2, "basis": "Quyết định số 1/QĐ-UBND"}
    values.update(changes)
    return services.CoverageRuleData(**values)


def test_a_new_rule_applies_from_its_date_and_is_audited(personas):
    admin = personas["so_noi_vu"]
    rule = services.coverage_rule_set(actor=admin, data=_data())
    assert selectors.coverage_rule(dt.date(2026, 12, 31)) == rule
    assert selectors.coverage_rule(dt.date(2025, 12, 31)).share_articles_5_8 == Decimal(20)  # the shipped default
    entry = AuditEntry.objects.filter(actor=admin).latest("pk")
    assert entry.action == AuditEntry.Action.CREATE and entry.changes["tỷ lệ Điều 5–8 (%)"] == [None, "30"]
    services.coverage_rule_set(actor=admin, data=_data(min_article_10=3))  # the same date: changed in place
    assert CoverageRule.objects.filter(effective_from=dt.date(2026, 1, 1)).count() == 1
    entry = AuditEntry.objects.filter(actor=admin).latest("pk")
    assert entry.action == AuditEntry.Action.UPDATE and entry.changes == {"số khóa Điều 10": ["2", "3"]}


def test_only_so_noi_vu_sets_the_rule_and_bad_values_are_refused(personas):
    for name in ("can_bo_so_y_te", "lanh_dao", "hoc_vien"):
        with pytest.raises(PermissionDenied):
            services.coverage_rule_set(actor=personas[name], data=_data())
    with pytest.raises(ValidationError) as exc:
        services.coverage_rule_set(actor=personas["so_noi_vu"], data=_data(share_article_9=Decimal(101)))
    assert exc.value.message_dict["share_article_9"] == ["Tỷ lệ Điều 9 phải từ 0 đến 100 (%), không phải 101."]


def test_the_rule_decides_the_required_counts(personas):
    # 10 classes: 30% → 3, 12.5% → 2 (rounded up), article 10 capped at the standard courses held
    services.coverage_rule_set(actor=personas["so_noi_vu"], data=_data())
    rows = [(i, f"L{i}", "", 1, "P", "", "cap_nhat") for i in range(9)] + [(9, "L9", "", 2, "Q", "", "ngach_chuc_danh")]
    cov = selectors._coverage(rows, {}, 2026)
    assert (cov.required_5_8, cov.required_9, cov.required_10) == (3, 2, 1)
    assert (cov.share_5_8, cov.share_9, cov.min_10) == (Decimal(30), Decimal("12.5"), 2)


def test_the_edit_page_shows_vietnamese_messages(client, personas):
    client.force_login(personas["so_noi_vu"])
    url = reverse("evaluation:coverage_rule")
    page = client.get(url).content.decode()
    assert "Quy định tỷ lệ khóa học được đánh giá" in page and "(đang áp dụng)" in page
    response = client.post(url, {"effective_from": "31/02/2026", "share_articles_5_8": "120",
                                 "share_article_9": "mười", "min_article_10": "-1"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tỷ lệ Điều 5–8 không được quá 100%." in html
    assert "Tỷ lệ Điều 9 phải là một số (ví dụ 10 hoặc 7,5)." in html
    assert "Số khóa theo Điều 10 không được âm." in html
    assert not CoverageRule.objects.filter(effective_from=dt.date(2026, 1, 1)).exists()
    response = client.post(url, {"effective_from": "01/01/2026", "share_articles_5_8": "25",
                                 "share_article_9": "12,5", "min_article_10": "1", "basis": "QĐ thử",
                                 "next": "/danh-gia/co-so/TCT/2026/"})
    assert response.status_code == 302 and response["Location"] == "/danh-gia/co-so/TCT/2026/"
    rule = CoverageRule.objects.get(effective_from=dt.date(2026, 1, 1))
    assert (rule.share_articles_5_8, rule.share_article_9, rule.basis) == (Decimal(25), Decimal("12.5"), "QĐ thử")


def test_the_provider_year_page_shows_the_rule_and_the_edit_link(client, personas, evaluated):
    services.coverage_rule_set(actor=personas["so_noi_vu"], data=_data())
    url = reverse("evaluation:provider_year", args=["TCT", 2026])
    client.force_login(personas["so_noi_vu"])
    html = client.get(url).content.decode()
    import re

    text = re.sub(r"\s+", " ", html)
    assert "30% số khóa theo Điều 5–8, 12,5% theo Điều 9, 2 khóa theo Điều 10" in text, text[text.find("Yêu cầu"):][:300]
    assert reverse("evaluation:coverage_rule") in html
    client.force_login(personas["can_bo_so_y_te"])
    html = client.get(url).content.decode()
    assert "30% số khóa theo Điều 5–8" in html and reverse("evaluation:coverage_rule") not in html
    assert client.get(reverse("evaluation:coverage_rule")).status_code == 403
