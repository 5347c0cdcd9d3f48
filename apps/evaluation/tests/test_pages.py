"""Pages and reports: the class's results, the provider-year, the .docx per Decree 30."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.documents.testing import assert_nd30
from apps.evaluation import services


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


@pytest.fixture
def answered(evaluated):
    for part in evaluated["campaign"].parts.all():
        ids = list(part.template.indicators.values_list("pk", flat=True))
        for n, form in enumerate(part.forms.all()):
            services._write_answers(form, {i: 6 + (n + k) % 5 for k, i in enumerate(ids)}, f"Ý kiến số {n}",
                                    on_paper=True)
    return evaluated


def test_class_results_page_and_report(client, personas, answered):
    client.force_login(personas["so_noi_vu"])
    page = client.get(reverse("evaluation:class", args=["LOP-DG"])).content.decode()
    assert "Chỉ số chung" in page and "Khóa học" in page and "Nguyễn Văn Hai" not in page
    response = client.get(reverse("evaluation:class_report", args=["LOP-DG"]))
    assert response.status_code == 200
    assert_nd30(response.content, party=False)


def test_provider_year_page_and_report(client, personas, answered):
    client.force_login(personas["so_noi_vu"])
    page = client.get(reverse("evaluation:provider_year", args=["TCT", 2026])).content.decode()
    assert "Tỷ lệ khóa học được đánh giá" in page and "Lê Văn Giảng" in page
    response = client.get(reverse("evaluation:provider_year_report", args=["TCT", 2026]))
    assert response.status_code == 200
    assert_nd30(response.content, party=False)


def test_campaign_form_on_the_class_page(client, personas, evaluated):
    client.force_login(personas["so_noi_vu"])
    response = client.post(reverse("evaluation:campaign_create", args=["LOP-DG"]), {
        "objects": ["course"], "groups": ["learner"], "opens_on": "20/03/2026", "closes_on": "01/03/2026",
        "effectiveness_months": "6"})
    assert response.status_code == 422 and "Ngày đóng phải từ ngày mở trở đi." in response.content.decode()
    response = client.post(reverse("evaluation:campaign_create", args=["LOP-DG"]), {
        "objects": ["course"], "groups": ["learner"], "opens_on": "20/03/2026", "closes_on": "30/04/2026",
        "effectiveness_months": "6"})
    assert response.status_code == 302
    assert evaluated["class"].evaluation_campaigns.count() == 2


def test_template_edit_makes_a_new_version_and_reports_errors(client, personas):
    from apps.evaluation.models import EvaluationTemplate

    base = EvaluationTemplate.objects.get(regime="tt10_2017", object="learner", version=1)
    client.force_login(personas["so_noi_vu"])
    response = client.post(reverse("evaluation:template", args=[base.pk]), {"source": "regime: [\n"})
    assert response.status_code == 422 and "Dòng" in response.content.decode()
    response = client.post(reverse("evaluation:template", args=[base.pk]), {"source": services.template_yaml(base)})
    assert response.status_code == 302
    assert EvaluationTemplate.objects.filter(regime="tt10_2017", object="learner").count() == 2
    client.force_login(personas["lanh_dao"])
    page = client.get(reverse("evaluation:template", args=[base.pk])).content.decode()
    assert "template-form" not in page  # leaders see no edit action


def test_results_flow_into_the_provider_page(client, personas, answered):
    client.force_login(personas["so_noi_vu"])
    page = client.get(reverse("training:provider_detail", args=["TCT"])).content.decode()
    assert "Đánh giá chất lượng năm 2026" in page
    row = page.split("Lê Văn Giảng")[1].split("</tr>")[0]
    assert "(Khá)" in row or "(Tốt)" in row


def test_a_class_code_with_slashes(client, personas, make_class):
    make_class(code="LLCT/2025/01", organiser="SYT")
    client.force_login(personas["so_noi_vu"])
    assert client.get("/danh-gia/lop/LLCT/2025/01/").status_code == 200
    assert client.get("/danh-gia/lop/LLCT/2025/01/bao-cao.docx").status_code == 200
    response = client.post("/danh-gia/lop/LLCT/2025/01/tao-dot/", {
        "objects": ["course"], "groups": ["learner"], "opens_on": "20/03/2026", "closes_on": "30/04/2026",
        "effectiveness_months": "6"})
    assert response.status_code == 302 and response["Location"] == "/danh-gia/lop/LLCT/2025/01/"
    assert 'href="/danh-gia/lop/LLCT/2025/01/"' in client.get("/dao-tao/lop/LLCT/2025/01/").content.decode()
