"""The annual cycle in a real browser, with two agencies: a learner states a need, the Sở Y tế
officer drafts from needs, edits a line and submits; Sở Nội vụ returns it with a comment, the
officer resubmits; Sở Nội vụ merges both agencies' law lines into one provincial class with seats
and consolidates; the leader approves; the documents download and pass nd30_check; the officer
opens a class from a line and the execution figures move.

``DTBD_SHOTS=DIR`` also saves screenshots of the pages at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser





def _setup(province, make_person, personas):
    from apps.annual.services import cycle_create, cycle_set_survey
    from apps.annual.tests.conftest import LAW_TARGET, _programme
    from apps.plans.models import Plan, PlanTarget
    from apps.training.models import Provider

    _programme("LAW", "Cập nhật kiến thức pháp luật", ["phap_luat"], fostering_family="cap_nhat", standard_hours=16)
    Provider.objects.create(code="TCT", name="Trường Chính trị tỉnh")
    plan = Plan.objects.create(code="kh-2026-2030", title="Kế hoạch 2026–2030", issuing_body="UBND tỉnh",
                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2030, 12, 31))
    PlanTarget.objects.create(plan=plan, order=1, code="LAW-80", text="80% công chức được cập nhật pháp luật",
                              spec=LAW_TARGET)
    for unit, name in (("SYT", "Nguyễn Thị An"), ("SYT", "Lê Văn Bình"), ("SGD", "Trần Văn Dũng"), ("SGD", "Thạch Ê")):
        make_person(province[unit], name)
    cycle = cycle_create(actor=SYSTEM, year=2027, plan=plan)
    cycle_set_survey(actor=SYSTEM, cycle=cycle, open=True)
    return cycle


def _sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_whole_annual_cycle_with_two_agencies(page, live_server, personas, login, province, make_person, tmp_path):
    from apps.annual import services
    from apps.annual.models import AgencyPlan
    from apps.documents.testing import assert_nd30

    cycle = _setup(province, make_person, personas)
    url = live_server.url
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    # 1. the learner states a need from their account
    login(page, live_server, "hoc_vien")
    page.locator("header nav").get_by_role("link", name="Nhu cầu của tôi").click()
    page.select_option("#id_programme", label="Cập nhật kiến thức pháp luật")
    page.select_option("#id_priority", "1")
    page.select_option("#id_quarter", "3")
    page.check("#id_self_fund")
    page.get_by_role("button", name="Ghi nhu cầu").click()
    expect(page.locator("#my-wishes")).to_contain_text("Cập nhật kiến thức pháp luật")
    shot(page, "my-needs")
    _sign_out(page)

    # 2. the Sở Y tế officer drafts from needs, edits a line and submits
    login(page, live_server, "can_bo_so_y_te")
    page.locator("header nav").get_by_role("link", name="Kế hoạch năm").click()
    page.get_by_role("link", name="Năm 2027").click()
    page.get_by_role("link", name="Kế hoạch của Sở Y tế").click()
    page.get_by_role("button", name="Soạn từ nhu cầu").click()
    lines = page.locator("#lines")
    expect(lines).to_contain_text("Cập nhật kiến thức pháp luật (công chức)")
    expect(lines).to_contain_text("Cập nhật kiến thức pháp luật (viên chức)")
    expect(lines).to_contain_text("LAW-80")
    row = page.locator("#lines tr", has_text="(viên chức)")
    row.get_by_role("link", name="Sửa").click()
    page.fill("#id_hours", "24")
    page.fill("#id_days", "3")
    page.get_by_role("button", name="Lưu dòng").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu dòng kế hoạch.")
    shot(page, "agency-draft")
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.locator("#plan-status")).to_have_text("Đã gửi")
    _sign_out(page)

    # the second agency sends its own plan (through the same services)
    sgd = services.agency_plan_open(actor=personas["can_bo_so_giao_duc"], cycle=cycle, unit=province["SGD"])
    services.plan_draft_from_needs(actor=personas["can_bo_so_giao_duc"], agency_plan=sgd)
    services.plan_submit(actor=personas["can_bo_so_giao_duc"], agency_plan=sgd)

    # 3. Sở Nội vụ returns Sở Y tế's plan with a comment
    login(page, live_server, "so_noi_vu")
    page.goto(f"{url}/ke-hoach-nam/2027/")
    expect(page.locator("#agencies")).to_contain_text("Đã gửi")
    shot(page, "cycle")
    page.get_by_role("link", name="Sở Y tế", exact=True).click()
    page.fill("#id_comment", "Đề nghị ghi rõ số tiết của lớp viên chức.")
    page.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(page.locator("#plan-status")).to_have_text("Trả lại để chỉnh sửa")
    _sign_out(page)

    # 4. the officer reads the comment and resubmits
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{url}/ke-hoach-nam/2027/co-quan/SYT/")
    expect(page.locator("#return-comment")).to_contain_text("ghi rõ số tiết")
    page.get_by_role("button", name="Gửi lại Sở Nội vụ").click()
    expect(page.locator("#plan-status")).to_have_text("Đã gửi lại")
    _sign_out(page)

    # 5. Sở Nội vụ merges both law lines into one provincial class and consolidates
    login(page, live_server, "so_noi_vu")
    page.goto(f"{url}/ke-hoach-nam/2027/tong-hop/")
    page.get_by_label("Gộp dòng Cập nhật kiến thức pháp luật (công chức) của Sở Y tế").check()
    page.get_by_label("Gộp dòng Cập nhật kiến thức pháp luật (công chức) của Sở Giáo dục và Đào tạo").check()
    page.fill("#merge-form input[name=title]", "Lớp cập nhật kiến thức pháp luật của tỉnh")
    page.get_by_role("button", name="Gộp thành lớp chung của tỉnh").click()
    classes = page.locator("#provincial-classes")
    expect(classes).to_contain_text("TH-2027-01")
    expect(classes).to_contain_text("Sở Y tế: 2")
    expect(classes).to_contain_text("Sở Giáo dục và Đào tạo: 2")
    page.get_by_role("button", name="Tổng hợp, trình phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã tổng hợp")
    shot(page, "consolidation")
    page.goto(f"{url}/ke-hoach-nam/2027/du-bao/")
    expect(page.locator("#projection")).to_contain_text("LAW-80")
    expect(page.locator("#projection tbody tr").first).to_contain_text("100,0%")
    shot(page, "projection")
    _sign_out(page)

    # 6. the leader approves; the documents download and pass nd30_check
    login(page, live_server, "lanh_dao")
    page.goto(f"{url}/ke-hoach-nam/2027/tong-hop/")
    page.fill("#id_decision_number", "2650/QĐ-UBND")
    page.fill("#id_decision_date", "10/12/2026")
    page.get_by_role("button", name="Phê duyệt kế hoạch").click()
    expect(page.locator("#cycle-status")).to_have_text("Đã phê duyệt")
    page.goto(f"{url}/ke-hoach-nam/2027/tong-hop/")
    for label in ("Tờ trình (.docx)", "Quyết định (.docx)", "Kế hoạch (.docx)", "Kế hoạch (.pdf)"):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        if path.suffix == ".docx":
            assert_nd30(path)
        else:
            assert path.read_bytes()[:4] == b"%PDF"
    _sign_out(page)

    # 7. the officer opens a class from a line; the execution figures move
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{url}/ke-hoach-nam/2027/co-quan/SYT/")
    page.locator("#lines tr", has_text="(viên chức)").get_by_role("link", name="Mở lớp").click()
    page.fill("#id_code", "LOP-2027-PL-VC")
    page.select_option("#id_provider", label="Trường Chính trị tỉnh")
    page.fill("#id_start_date", "05/07/2027")
    page.fill("#id_end_date", "07/07/2027")
    page.get_by_role("button", name="Mở lớp").click()
    expect(page).to_have_url(re.compile(r"/dao-tao/lop/LOP-2027-PL-VC/"))
    from apps.training.models import TrainingClass
    from apps.training.services import enrollment_create

    enrollment_create(actor=SYSTEM, training_class=TrainingClass.objects.get(code="LOP-2027-PL-VC"),
                      person=personas["hoc_vien"].profile.person)
    page.goto(f"{url}/ke-hoach-nam/2027/co-quan/SYT/")
    expect(page.locator("#lines tr", has_text="(viên chức)")).to_contain_text("1 lớp, 1 HV, 0 hoàn thành")
    page.goto(f"{url}/ke-hoach-nam/2027/thuc-hien/")
    expect(page.locator("#execution tbody tr", has_text="Sở Y tế")).to_contain_text("1")
    shot(page, "execution")
    assert AgencyPlan.objects.get(unit=province["SYT"]).versions.count() == 3
    assert violations == []  # no inline script or style on any annual page
