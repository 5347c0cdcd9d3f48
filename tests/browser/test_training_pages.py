"""The training pages in a real browser, as an agency officer of Sở Y tế uses them: opening a class
with its instructors and budget, enrolling people picked from the agency's own list, and recording
a completion that raises the person's qualification on their page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(personas):
    from apps.people.models import QualificationLevel
    from apps.training import services
    from apps.training.models import ContentArea

    admin = personas["so_noi_vu"]
    school = services.provider_create(actor=admin, code="TCT", name="Trường Chính trị tỉnh Sóc Trăng")
    services.instructor_create(actor=admin, provider=school, full_name="Lê Văn Thỉnh", kind="thinh_giang",
                               practical_management_years=12)
    llct = services.programme_create(
        actor=admin, code="TCLLCT", name="Trung cấp lý luận chính trị - hành chính", kind="boi_duong",
        fostering_family="chuc_vu", content_areas=ContentArea.objects.filter(code="ly_luan_chinh_tri"),
        grants_level=QualificationLevel.objects.get(dimension="ly_luan_chinh_tri", code="trung_cap"))
    return {"school": school, "llct": llct}


def _class(catalogue, province, code="LLCT-YT"):
    from apps.training import services
    from apps.training.models import DeliveryForm

    return services.class_create(actor=SYSTEM, data=services.ClassData(
        code=code, programme=catalogue["llct"], provider=catalogue["school"], organiser_id=province["SYT"].pk,
        form=DeliveryForm.objects.get(code="tap_trung"), start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 8, 29)))


def test_an_officer_opens_a_class_with_an_instructor_and_a_budget(page, live_server, personas, catalogue, login):
    from apps.training.models import TrainingClass

    login(page, live_server, "can_bo_so_y_te")
    page.get_by_role("link", name="Đào tạo", exact=True).click()
    page.get_by_role("link", name="Mở lớp mới").click()
    expect(page.get_by_role("heading", name="Mở lớp đào tạo, bồi dưỡng")).to_be_visible()

    page.fill("#id_code", "LLCT-YT-2025")
    page.select_option("#id_programme", label="Trung cấp lý luận chính trị - hành chính")
    page.select_option("#id_provider", label="Trường Chính trị tỉnh Sóc Trăng")
    page.get_by_role("checkbox", name="Lê Văn Thỉnh").check()  # loaded by htmx for the chosen provider
    page.get_by_label("Số tiết giảng của Lê Văn Thỉnh").fill("120")
    page.select_option("#id_organiser", label="Sở Y tế (SYT)")
    page.select_option("#id_form", label="Tập trung")
    page.fill("#id_start_date", "03/03/2025")
    page.fill("#id_end_date", "29/08/2025")
    page.fill("#id_capacity", "40")
    page.fill("#id_du_toan_ngan_sach_dia_phuong", "250.000.000")
    page.get_by_role("button", name="Lưu lớp").click()

    expect(page.locator(".messages")).to_contain_text("Đã mở lớp LLCT-YT-2025.")
    expect(page.locator("#instructors")).to_contain_text("Lê Văn Thỉnh")
    expect(page.locator("#instructors")).to_contain_text("120")
    expect(page.locator("#budget")).to_contain_text("250.000.000 đồng")
    klass = TrainingClass.objects.get(code="LLCT-YT-2025")
    assert (klass.organiser.code, klass.capacity, klass.teaching.get().hours_taught) == ("SYT", 40, 120)


def test_an_officer_enrols_people_picked_from_the_agencys_list(page, live_server, personas, province, make_person,
                                                               catalogue, login):
    from apps.training.models import Enrollment

    klass = _class(catalogue, province)
    nurse = make_person(province["BVDK"], "Nguyễn Thị Hoa")
    doctor = make_person(province["SYT"], "Nguyễn Văn Hải")
    make_person(province["THPT1"], "Nguyễn Văn Học")  # another agency's: never offered
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/dao-tao/lop/{klass.code}/")

    page.fill("#q", "nguyen")  # without diacritics
    candidates = page.locator("#candidates")
    expect(candidates).to_contain_text("Nguyễn Thị Hoa")
    expect(candidates).to_contain_text("Nguyễn Văn Hải")
    expect(candidates).not_to_contain_text("Nguyễn Văn Học")
    candidates.get_by_label("Nguyễn Thị Hoa").check()
    candidates.get_by_label("Nguyễn Văn Hải").check()
    page.get_by_role("button", name="Ghi danh những người đã chọn").click()
    # a leadership course for two people without a position, not in the pool: asked first, with the reason
    expect(page.locator("#unfit")).to_contain_text("không giữ chức vụ lãnh đạo, quản lý và không trong quy hoạch")
    page.get_by_role("button", name="Vẫn ghi danh").click()

    expect(page.locator(".messages")).to_contain_text("Đã ghi danh Nguyễn Văn Hải, Nguyễn Thị Hoa vào lớp LLCT-YT.")
    expect(page.locator("#roster")).to_contain_text("Không phù hợp")
    expect(page.locator("#roster")).to_contain_text("Nguyễn Thị Hoa")
    assert set(Enrollment.objects.values_list("person_id", flat=True)) == {nurse.pk, doctor.pk}

    page.fill("#q", "hoa")  # enrolled already: shown, not offered
    expect(page.locator("#candidates")).to_contain_text("Đã có tên")


def test_recording_a_completion_raises_the_qualification_on_the_person_page(page, live_server, personas, province,
                                                                            make_person, catalogue, login):
    from apps.training import services

    klass = _class(catalogue, province)
    nurse = make_person(province["BVDK"], "Trần Thị Mai")
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=nurse, training_class=klass)
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/nhan-su/{nurse.code}/")
    expect(page.locator("#profile")).not_to_contain_text("Trung cấp")

    page.goto(f"{live_server.url}/dao-tao/lop/{klass.code}/")
    page.locator("#roster").get_by_role("link", name="Kết quả, chi phí").click()
    page.select_option("#id_status", label="Hoàn thành")
    page.fill("#id_on", "29/08/2025")
    page.fill("#id_result", "Giỏi")
    page.fill("#id_certificate_number", "LLCT-2025-031")
    page.fill("#id_certificate_date", "10/09/2025")
    page.fill("#id_chi_phi_ngan_sach_dia_phuong", "6.250.000")
    page.get_by_role("button", name="Lưu kết quả").click()

    expect(page.locator(".messages")).to_contain_text("Hồ sơ được cập nhật: Trung cấp.")
    expect(page.locator("#enrollment-status")).to_contain_text("Hoàn thành ngày 29/08/2025")
    page.get_by_role("link", name="← Hồ sơ Trần Thị Mai").click()

    profile = page.locator("#profile tr", has_text="Lý luận chính trị")
    expect(profile).to_contain_text("Trung cấp")
    expect(profile).to_contain_text("LLCT-2025-031")
    training = page.locator("#training")
    expect(training).to_contain_text("Hoàn thành: Giỏi")
    expect(training).to_contain_text("Ngân sách địa phương: 6.250.000 đồng")


def test_an_officer_records_a_commitment_and_computes_the_reimbursement(page, live_server, personas, province,
                                                                       make_person, catalogue, login):
    from apps.training import services

    klass = _class(catalogue, province)
    nurse = make_person(province["BVDK"], "Lý Thị Cam")
    enrollment = services.enrollment_create(actor=personas["can_bo_so_y_te"], person=nurse, training_class=klass,
                                            costs={"ngan_sach_dia_phuong": 24_000_000})
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/dao-tao/luot/{enrollment.pk}/")
    page.fill("#id_committed_months", "24")
    page.get_by_role("button", name="Ghi cam kết").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi cam kết phục vụ 24 tháng.")

    page.select_option("#id_cause", label="Chưa phục vụ đủ thời gian cam kết")
    page.fill("#id_event_date", "29/08/2026")  # 12 of the 24 months served
    page.get_by_role("button", name="Tính").click()
    result = page.locator("#reimbursement-result")
    expect(result).to_contain_text("Phải đền bù: 12.000.000 đồng")
    expect(result).to_contain_text("12/24 tháng")


def test_an_officer_sends_staff_to_an_open_provincial_class_and_sees_only_their_own(page, live_server, personas,
                                                                                    province, make_person,
                                                                                    catalogue, login):
    from apps.training import services
    from apps.training.models import DeliveryForm, Enrollment

    def province_class(code, open_to_agencies, organiser="TINH"):
        return services.class_create(actor=SYSTEM, data=services.ClassData(
            code=code, name=f"Bồi dưỡng ngạch chuyên viên {code}", programme=catalogue["llct"],
            provider=catalogue["school"], organiser_id=province[organiser].pk,
            form=DeliveryForm.objects.get(code="truc_tuyen"), start_date=dt.date(2025, 9, 8),
            end_date=dt.date(2025, 9, 26), capacity=60, open_to_agencies=open_to_agencies))

    klass = province_class("TINH-CV-2025", True)
    province_class("GD-NOIBO-2025", False, organiser="SGD")  # another agency's own class: never shown
    nurse = make_person(province["BVDK"], "Phạm Thị Lan")
    teacher = make_person(province["THPT1"], "Phạm Văn Giáo")
    services.enrollment_create(actor=personas["can_bo_so_giao_duc"], person=teacher, training_class=klass)

    login(page, live_server, "can_bo_so_y_te")
    page.get_by_role("link", name="Đào tạo", exact=True).click()
    expect(page.locator("#open-classes")).to_contain_text("Có 1 lớp chung của tỉnh đang mở")
    expect(page.locator("#classes")).not_to_contain_text("GD-NOIBO-2025")
    page.get_by_role("link", name="Xem các lớp chung đang mở").click()
    expect(page.get_by_label("Loại lớp")).to_have_value("chung")
    page.locator("#classes").get_by_role("link", name="TINH-CV-2025").click()

    expect(page.locator("#open-to-agencies")).to_contain_text("Các cơ quan, đơn vị được cử người tham gia")
    expect(page.locator("#budget")).to_have_count(0)
    expect(page.get_by_role("link", name="Sửa lớp, giảng viên, kinh phí")).to_have_count(0)
    expect(page.locator("#roster")).not_to_contain_text("Phạm Văn Giáo")
    page.fill("#q", "pham")  # without diacritics: only Sở Y tế's people are offered
    candidates = page.locator("#candidates")
    expect(candidates).to_contain_text("Phạm Thị Lan")
    expect(candidates).not_to_contain_text("Phạm Văn Giáo")
    candidates.get_by_label("Phạm Thị Lan").check()
    page.get_by_role("button", name="Ghi danh những người đã chọn").click()
    expect(page.locator("#unfit")).to_contain_text("Phạm Thị Lan")  # not in the course's rank: asked first
    page.get_by_role("button", name="Vẫn ghi danh").click()

    expect(page.locator(".messages")).to_contain_text("Đã ghi danh Phạm Thị Lan vào lớp TINH-CV-2025.")
    expect(page.locator("#roster")).to_contain_text("Phạm Thị Lan")
    expect(page.locator("#roster")).not_to_contain_text("Phạm Văn Giáo")
    expect(page.locator("#seats")).to_contain_text("2 người / tối đa 60")
    assert set(Enrollment.objects.filter(training_class=klass).values_list("person_id", flat=True)) == {
        nurse.pk, teacher.pk}
