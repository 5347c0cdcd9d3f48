"""Instructors and employing units answer online, Sở Nội vụ edits the coverage rule — on a phone
(390 × 844): the instructor signs in, lands on their page, fills their class's programme form; Sở Y
tế's officer fills an effectiveness form about one of its learners; Sở Nội vụ changes the coverage
rule from the provider-year page (a bad value first: a Vietnamese message).

``DTBD_SHOTS=DIR`` also saves screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser





def _setup(personas, province, make_person):
    """LOP-DG of TCT (organised by Sở Y tế, ended yesterday), taught by Lê Văn Giảng (account
    giang_vien), two learners of Bệnh viện Đa khoa tỉnh; a campaign on the programme (learners and
    the instructor) and on effectiveness, whose part is opened today (as if six months had passed)."""
    from django.utils import timezone

    from apps.accounts.services import user_create
    from apps.evaluation import services
    from apps.evaluation.models import CampaignPart
    from apps.training import services as training
    from apps.training.models import ContentArea, DeliveryForm
    from conftest import PASSWORD

    today = timezone.localdate()
    provider = training.provider_create(actor=SYSTEM, code="TCT", name="Trường Chính trị tỉnh")
    programme = training.programme_create(actor=SYSTEM, code="CVC", name="Bồi dưỡng ngạch chuyên viên chính",
                                          kind="boi_duong", fostering_family="ngach_chuc_danh",
                                          content_areas=ContentArea.objects.filter(code="quan_ly_nha_nuoc"))
    klass = training.class_create(actor=SYSTEM, data=training.ClassData(
        code="LOP-DG", programme=programme, provider=provider, organiser_id=province["SYT"].pk,
        form=DeliveryForm.objects.get(code="tap_trung"), start_date=today - dt.timedelta(days=10),
        end_date=today - dt.timedelta(days=1)))
    teacher = training.instructor_create(actor=SYSTEM, provider=provider, full_name="Lê Văn Giảng",
                                         kind="co_huu", practical_management_years=8)
    training.class_set_instructors(actor=SYSTEM, training_class=klass, assignments=[(teacher, 40)])
    user_create(actor=SYSTEM, username="giang_vien", password=PASSWORD, role="instructor", instructor=teacher,
                full_name="Lê Văn Giảng")
    for p in (personas["hoc_vien"].profile.person, make_person(province["BVDK"], "Nguyễn Văn Hai")):
        training.enrollment_create(actor=SYSTEM, person=p, training_class=klass)
    campaign = services.campaign_create(actor=SYSTEM, training_class=klass, data=services.CampaignData(
        objects=("programme", "effectiveness"), opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=20)))
    CampaignPart.objects.filter(campaign=campaign, template__object="effectiveness").update(
        opens_on=today, closes_on=today + dt.timedelta(days=20))


def _fill(page, first: int = 6) -> int:
    selects = page.locator("#answer-form select")
    n = selects.count()
    for i in range(n):
        selects.nth(i).select_option(str(first + i % 4))
    return n


def test_instructor_fills_their_class_form(page, live_server, login, personas, province, make_person):
    _setup(personas, province, make_person)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "giang_vien")
    assert page.url.endswith("/cua-toi/giang-day/")
    expect(page.locator("#teaching-classes")).to_contain_text("LOP-DG")
    expect(page.locator("#teaching-classes")).to_contain_text("2 học viên")
    expect(page.locator("main")).not_to_contain_text("Nguyễn Văn Hai")
    expect(page.locator("main")).not_to_contain_text("Trần Thị Bích")
    page.locator(".nav-toggle").click()
    expect(page.locator("nav")).not_to_contain_text("Nhân sự")
    expect(page.locator("nav")).to_contain_text("Lớp giảng dạy")
    page.locator(".nav-toggle").click()
    shot(page, "instructor-page")
    page.locator("#teaching-forms a", has_text="chương trình").first.click()
    assert _fill(page) > 0
    page.fill("#comment", "Học viên tích cực")
    shot(page, "instructor-answer")
    page.locator("#submit-form").click()
    page.wait_for_url("**/cua-toi/giang-day/")
    expect(page.locator(".messages")).to_contain_text("Đã ghi phiếu của bạn.")
    expect(page.locator("#teaching-forms")).to_contain_text("Không có phiếu nào đang chờ bạn.")
    from apps.evaluation.models import Form

    form = Form.objects.get(group="instructor")
    assert form.valid and not form.on_paper and form.comment == "Học viên tích cực"


def test_agency_officer_fills_an_effectiveness_form(page, live_server, login, personas, province, make_person):
    _setup(personas, province, make_person)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/danh-gia/")
    expect(page.locator("#employer-forms-link")).to_contain_text("2 chờ trả lời")
    page.locator("#employer-forms-link").click()
    expect(page.locator("h1")).to_have_text("Phiếu đánh giá hiệu quả sau đào tạo")
    expect(page.locator("#employer-waiting")).to_contain_text("Nguyễn Văn Hai")
    shot(page, "employer-forms")
    page.locator("#employer-waiting a", has_text="Nguyễn Văn Hai").click()
    expect(page.locator("#about-learner")).to_contain_text("Nguyễn Văn Hai")
    _fill(page, first=7)
    shot(page, "employer-answer")
    page.locator("#submit-form").click()
    page.wait_for_url("**/danh-gia/hieu-qua/")
    expect(page.locator(".messages")).to_contain_text("Đã ghi phiếu của bạn.")
    expect(page.locator("#employer-waiting")).to_contain_text("Đang chờ trả lời (1)")
    expect(page.locator("#employer-waiting")).not_to_contain_text("Nguyễn Văn Hai")
    from apps.evaluation.models import Form

    done = Form.objects.get(group="employer", person__full_name="Nguyễn Văn Hai")
    assert done.valid and done.submitted_at is not None


def test_home_affairs_edits_the_coverage_rule(page, live_server, login, personas, province, make_person):
    _setup(personas, province, make_person)
    from django.utils import timezone

    year = (timezone.localdate() - dt.timedelta(days=1)).year  # the year LOP-DG ended
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/danh-gia/co-so/TCT/{year}/")
    expect(page.locator("#coverage-rule")).to_contain_text("20% số khóa theo Điều 5–8, 10% theo Điều 9")
    page.locator("#edit-coverage-rule").click()
    page.fill("#id_effective_from", f"01/01/{year}")
    page.fill("#id_share_articles_5_8", "120")
    page.fill("#id_share_article_9", "12,5")
    page.fill("#id_min_article_10", "2")
    page.locator("#save-coverage-rule").click()
    expect(page.locator("#coverage-rule-form")).to_contain_text("Tỷ lệ Điều 5–8 không được quá 100%.")
    shot(page, "coverage-rule-error")
    page.fill("#id_share_articles_5_8", "25")
    page.fill("#id_basis", "Quyết định của UBND tỉnh (thử)")
    page.locator("#save-coverage-rule").click()
    page.wait_for_url(re.compile(rf".*/danh-gia/co-so/TCT/{year}/$"))
    expect(page.locator(".messages")).to_contain_text("Đã lưu quy định tỷ lệ khóa học được đánh giá")
    expect(page.locator("#coverage-rule")).to_contain_text("25% số khóa theo Điều 5–8, 12,5% theo Điều 9, 2 khóa")
    shot(page, "provider-year-rule")
    from apps.core.models import AuditEntry

    assert AuditEntry.objects.filter(actor=personas["so_noi_vu"], target_type__icontains="coverage").exists() or \
        AuditEntry.objects.filter(actor=personas["so_noi_vu"], note__startswith="Quy định tỷ lệ").exists()
