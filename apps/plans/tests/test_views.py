"""Plan pages through real URLs: the upload (errors on the page, nothing written), the plan page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.plans.models import Plan

pytestmark = pytest.mark.django_db


def upload(client, text: str, name: str = "ke-hoach.yaml"):
    return client.post(reverse("plans:upload"), {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_the_department_sees_the_line_of_a_mistake_and_nothing_is_loaded(client_as, seed_text, seed_units):
    client = client_as("so_noi_vu")
    bad = seed_text.replace("goal: {min: 80, unit: percent}", 'goal: {min: "80%", unit: percent}', 1)
    response = upload(client, bad)
    assert response.status_code == 422
    line = bad[: bad.index('"80%"')].count("\n") + 1
    assert f"Dòng {line}, targets[3].goal.min: phải là số" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_good_file_creates_the_plan_and_opens_its_page(client_as, seed_text, seed_units):
    client = client_as("so_noi_vu")
    response = upload(client, seed_text)
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=["soc-trang-2021-2025"])
    page = client.get(response["Location"]).content.decode()
    assert "Đã tạo kế hoạch soc-trang-2021-2025." in page
    assert "Bảo đảm hàng năm có ít nhất 80% cán bộ, công chức được cập nhật kiến thức pháp luật" in page
    assert "Mục tiêu: ít nhất 80%, hằng năm." in page  # the rule, read aloud
    assert "Sơ kết trong năm 2023 và tổng kết trong quý IV/2025" in page
    assert 'id="target-dashboard"' in page


def test_the_same_file_again_says_nothing_changed(client_as, seed_text, seed_units):
    client = client_as("so_noi_vu")
    upload(client, seed_text)
    response = upload(client, seed_text)
    assert "Không có thay đổi: kế hoạch soc-trang-2021-2025." in client.get(response["Location"]).content.decode()


def test_a_file_that_is_not_text_is_refused_on_the_form(client_as):
    response = upload(client_as("so_noi_vu"), "", name="a.yaml")
    assert response.status_code == 422


def test_the_roadmap_shows_the_next_due_date(client_as, seed_text, seed_units, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    client = client_as("so_noi_vu")
    upload(client, seed_text)
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2023, 9, 1))
    page = client.get(reverse("plans:detail", args=["soc-trang-2021-2025"])).content.decode()
    row = page[page.index("Tổ chức rà soát, đánh giá công tác đào tạo"):]
    row = row[: row.index("</tr>")]
    assert "Trong quý IV hàng năm" in row and "31/12/2023" in row


def test_due_dates_can_be_counted_from_any_day(client_as, seed_text, seed_units):
    from apps.plans.services import plan_load

    plan_load(actor=SYSTEM, text=seed_text)
    client = client_as("can_bo_so_y_te")
    url = reverse("plans:detail", args=["soc-trang-2021-2025"])
    page = client.get(url, {"ngay": "01/09/2022"}).content.decode()
    row = page[page.index("Tham mưu Chủ tịch Ủy ban nhân dân tỉnh phê duyệt"):]
    assert "31/12/2022" in row[: row.index("</tr>")]
    review = page[page.index("Tổ chức sơ kết, tổng kết"):]
    assert "31/12/2023" in review[: review.index("</tr>")]  # sơ kết in 2023
    late = client.get(url, {"ngay": "01/01/2026"}).content.decode()
    assert "Giai đoạn kế hoạch đã kết thúc ngày 31/12/2025" in late
    assert "không phải ngày dạng dd/mm/yyyy" in client.get(url, {"ngay": "hôm qua"}).content.decode()


def test_everyone_signed_in_reads_plans_and_downloads_the_file(client_as, seed_text, seed_units):
    from apps.plans.services import plan_load

    plan_load(actor=SYSTEM, text=seed_text)
    client = client_as("hoc_vien")
    assert "soc-trang-2021-2025" in client.get(reverse("plans:list")).content.decode()
    response = client.get(reverse("plans:export", args=["soc-trang-2021-2025"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "code: CBCC-PHAP-LUAT" in response.content.decode()
    assert client.get(reverse("plans:upload")).status_code == 403


def test_leaders_and_learners_see_no_yaml_or_upload_action(client_as, seed_text, seed_units):
    from apps.plans.services import plan_load

    plan_load(actor=SYSTEM, text=seed_text)
    url = reverse("plans:detail", args=["soc-trang-2021-2025"])
    for who in ("lanh_dao", "hoc_vien"):
        page = client_as(who).get(url).content.decode()
        assert "Tải về tệp YAML" not in page and "Tải lên" not in page, who
    assert "Tải về tệp YAML" in client_as("so_noi_vu").get(url).content.decode()
