"""Quality evaluation on a phone (390 × 844): the learner signs in, lands on their page, sees what
they still need and fills their class's course form; Sở Nội vụ opens the class's results and
downloads the report (checked against Decree 30).

``DTBD_SHOTS=DIR`` also saves screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser





def _setup(personas, province, make_person):
    from django.utils import timezone

    from apps.evaluation import services
    from apps.people.models import Rank
    from apps.training import services as training
    from apps.training.models import ContentArea, DeliveryForm

    today = timezone.localdate()
    learner = personas["hoc_vien"].profile.person
    learner.rank_id = Rank.objects.get(code="01.002").pk  # a rank whose standard she does not meet
    learner.save()
    from apps.people.models import ServicePeriod

    ServicePeriod.objects.filter(person=learner).update(rank_id=learner.rank_id)
    provider = training.provider_create(actor=SYSTEM, code="TCT", name="Trường Chính trị tỉnh")
    programme = training.programme_create(actor=SYSTEM, code="CVC", name="Bồi dưỡng ngạch chuyên viên chính",
                                          kind="boi_duong", fostering_family="ngach_chuc_danh",
                                          content_areas=ContentArea.objects.filter(code="quan_ly_nha_nuoc"))
    klass = training.class_create(actor=SYSTEM, data=training.ClassData(
        code="LOP-DG", programme=programme, provider=provider, organiser_id=province["SYT"].pk,
        form=DeliveryForm.objects.get(code="tap_trung"), start_date=today - dt.timedelta(days=10),
        end_date=today - dt.timedelta(days=1)))
    training.class_create(actor=SYSTEM, data=training.ClassData(
        code="CVC-SAP-MO", programme=programme, provider=provider, organiser_id=province["SYT"].pk,
        form=DeliveryForm.objects.get(code="tap_trung"), start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=60)))
    for p in (learner, make_person(province["BVDK"], "Nguyễn Văn Hai")):
        training.enrollment_create(actor=SYSTEM, person=p, training_class=klass)
    services.campaign_create(actor=SYSTEM, training_class=klass, data=services.CampaignData(
        objects=("course",), groups=("learner",), opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=20)))


def test_learner_fills_form_and_home_affairs_downloads_report(page, live_server, login, personas, province,
                                                               make_person, tmp_path):
    _setup(personas, province, make_person)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "hoc_vien")
    assert page.url.endswith("/cua-toi/")
    expect(page.locator("#my-needs")).to_contain_text("Tiêu chuẩn ngạch, chức danh")
    expect(page.locator("#my-needs")).to_contain_text("CVC-SAP-MO")
    expect(page.locator("nav")).not_to_contain_text("Nhân sự")
    shot(page, "portal")
    page.get_by_role("link", name="Phiếu đánh giá khóa học").first.click()
    selects = page.locator("#answer-form select")
    assert selects.count() == 4
    for i in range(4):
        selects.nth(i).select_option(str(7 + i % 3))
    page.fill("#comment", "Nội dung thiết thực")
    shot(page, "answer-form")
    page.locator("#submit-form").click()
    page.wait_for_url("**/cua-toi/")
    expect(page.locator(".messages")).to_contain_text("Đã ghi phiếu của bạn.")
    expect(page.locator("#my-forms")).to_contain_text("Không có phiếu nào đang chờ bạn.")
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/danh-gia/lop/LOP-DG/")
    expect(page.locator("#forms-count")).to_contain_text("1 (hợp lệ 1, không hợp lệ 0)")
    expect(page.locator("#general-index")).to_contain_text("Khá")  # (7 + 8 + 9 + 7) / 4 by criteria = 7,75
    expect(page.locator("main")).not_to_contain_text("Trần Thị Bích")
    shot(page, "class-results")
    with page.expect_download() as info:
        page.locator("#class-report").click()
    path = tmp_path / "bao-cao.docx"
    info.value.save_as(path)
    from apps.documents.testing import assert_nd30

    assert_nd30(path.read_bytes(), party=False)
