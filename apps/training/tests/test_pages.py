"""The training pages through real URLs: opening and editing classes with their instructors and
budget, enrolling people from the agency's own list, recording results (the profile raised on
completion), training outside the system, commitments and reimbursement, the person page section,
the catalogue and the Department's instructor checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.people.models import Qualification
from apps.training import services
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    ContentArea,
    DeliveryForm,
    Enrollment,
    EnrollmentStatus,
    Instructor,
    Programme,
    ReimbursementRule,
    TrainingClass,
)


def _text(response) -> str:
    return response.content.decode()


def _class_form(catalogue, province, **changes) -> dict:
    data = {
        "code": "YT-MOI", "name": "Lớp cập nhật kỹ năng số ngành y tế", "programme": catalogue["programmes"]["tin_hoc"].pk,
        "provider": catalogue["school"].pk, "organiser": province["SYT"].pk,
        "form": DeliveryForm.objects.get(code="tap_trung").pk, "start_date": "02/06/2025", "end_date": "13/06/2025",
        "hours": "40", "place": "Hội trường Sở Y tế", "country": "", "capacity": "30", "status": "planned",
        "du_toan_ngan_sach_dia_phuong": "45.000.000", "du_toan_kinh_phi_co_quan": "5.000.000",
    }
    data.update(changes)
    return data


@pytest.fixture
def instructors(catalogue, personas):
    admin, school = personas["so_noi_vu"], catalogue["school"]
    return {
        "visiting": services.instructor_create(actor=admin, provider=school, full_name="Lê Văn Thỉnh",
                                               kind="thinh_giang", practical_management_years=12),
        "permanent": services.instructor_create(actor=admin, provider=school, full_name="Ngô Thị Hữu",
                                                kind="co_huu", practical_management_years=3),
    }


# --- classes ------------------------------------------------------------------------------------


def test_an_officer_opens_a_class_with_budget_and_instructors_hours(client_as, catalogue, province, instructors):
    v, p = instructors["visiting"], instructors["permanent"]
    form = _class_form(catalogue, province, **{f"gv_{v.pk}": "1", f"gio_{v.pk}": "24", f"gv_{p.pk}": "1",
                                                 f"gio_{p.pk}": "16,5"})
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/them/", form)
    assert response.status_code == 302 and response["Location"] == "/dao-tao/lop/YT-MOI/"
    klass = TrainingClass.objects.get(code="YT-MOI")
    assert (klass.organiser.code, klass.hours, klass.capacity, klass.start_date) == ("SYT", 40, 30, dt.date(2025, 6, 2))
    assert {b.funding_source: b.planned_amount for b in ClassBudget.objects.filter(training_class=klass)} == {
        "ngan_sach_dia_phuong": Decimal(45_000_000), "kinh_phi_co_quan": Decimal(5_000_000)}
    assert {t.instructor.full_name: t.hours_taught for t in ClassInstructor.objects.filter(training_class=klass)} == {
        "Lê Văn Thỉnh": Decimal("24"), "Ngô Thị Hữu": Decimal("16.5")}
    page = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/YT-MOI/"))
    assert "45.000.000 đồng" in page and "Lê Văn Thỉnh" in page


def test_a_class_organised_outside_the_officers_scope_is_refused_and_nothing_written(client_as, catalogue, province):
    response = client_as("can_bo_so_giao_duc").post("/dao-tao/lop/them/", _class_form(catalogue, province))
    assert response.status_code == 422 and not TrainingClass.objects.exists()
    assert "Đơn vị tổ chức" in _text(response)


def test_a_bad_date_and_amount_come_back_on_the_form_in_vietnamese(client_as, catalogue, province):
    form = _class_form(catalogue, province, end_date="31/02/2025", du_toan_ngan_sach_dia_phuong="nhiều")
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/them/", form)
    assert response.status_code == 422 and not TrainingClass.objects.exists()
    assert "Số tiền viết bằng chữ số, ví dụ 12.500.000." in _text(response)


def test_an_instructor_of_another_provider_refuses_the_whole_class(client_as, catalogue, province, personas):
    stranger = services.instructor_create(actor=personas["so_noi_vu"], provider=catalogue["university"],
                                          full_name="Trần Văn Lạ", kind="co_huu")
    form = _class_form(catalogue, province, provider=catalogue["university"].pk)
    form.update({f"gv_{stranger.pk}": "1", f"gio_{stranger.pk}": "8", "provider": catalogue["school"].pk})
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/them/", form)
    # only the chosen provider's instructors are read from the form: the stranger is ignored
    assert response.status_code == 302
    assert not ClassInstructor.objects.exists()


def test_editing_a_class_changes_it_and_its_budget(client_as, catalogue, province, make_class):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen", programme="tin_hoc")
    form = _class_form(catalogue, province, code="IGNORED", form=DeliveryForm.objects.get(code="truc_tuyen").pk,
                       capacity="12", du_toan_ngan_sach_dia_phuong="", du_toan_kinh_phi_co_quan="",
                       thuc_chi_ngan_sach_trung_uong="7.000.000")
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/sua/", form)
    assert response.status_code == 302
    klass.refresh_from_db()
    assert (klass.code, klass.capacity) == ("YT-1", 12)
    assert [(b.funding_source, b.planned_amount, b.actual_amount) for b in klass.budget.all()] == [
        ("ngan_sach_trung_uong", Decimal(0), Decimal(7_000_000))]


def test_the_instructor_checkboxes_follow_the_chosen_provider(client_as, catalogue, instructors):
    html = _text(client_as("can_bo_so_y_te").get(f"/dao-tao/lop/giang-vien-co-so/?provider={catalogue['school'].pk}"))
    assert "Lê Văn Thỉnh" in html and "Ngô Thị Hữu" in html
    other = _text(client_as("can_bo_so_y_te").get(f"/dao-tao/lop/giang-vien-co-so/?provider={catalogue['university'].pk}"))
    assert "Lê Văn Thỉnh" not in other


def test_a_provider_login_sees_its_own_classes_only(client, catalogue, make_class):
    make_class(code="TCT-1", provider="school", form="truc_tuyen")
    make_class(code="DH-1", provider="university", form="truc_tuyen")
    client.force_login(catalogue["truong_chinh_tri"])
    assert [c.code for c in client.get("/dao-tao/lop/").context["page"]] == ["TCT-1"]
    assert client.get("/dao-tao/lop/DH-1/").status_code == 404
    assert client.get("/dao-tao/lop/TCT-1/sua/").status_code == 403


def test_a_provider_lands_on_its_classes_and_is_refused_the_registry(client, catalogue, make_class):
    make_class(code="TCT-1", provider="school", form="truc_tuyen")
    client.force_login(catalogue["truong_chinh_tri"])
    landing = client.get("/")
    assert landing.status_code == 302 and landing["Location"] == "/dao-tao/lop/"
    page = client.get("/dao-tao/lop/").content.decode()
    assert 'href="/nhan-su/"' not in page and 'href="/dao-tao/lop/"' in page  # no registry link, a class link
    refused = client.get("/nhan-su/")
    assert refused.status_code == 403 and "Bạn không có quyền xem hồ sơ nhân sự." in refused.content.decode()
    assert '<a href="/">Về trang đầu của bạn</a>' in refused.content.decode()  # a way back to the classes
    assert client.get("/api/people/").status_code == 403


# --- enrolling from the agency's list -----------------------------------------------------------


@pytest.fixture
def ward(province, make_person):
    return {"an": make_person(province["BVDK"], "Nguyễn Văn An"), "binh": make_person(province["SYT"], "Lê Thị Bình"),
            "teacher": make_person(province["THPT1"], "Nguyễn Văn Ánh")}


def test_the_candidate_search_shows_only_the_agencys_people_ignoring_diacritics(client_as, make_class, ward):
    make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    html = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/YT-1/chon-hoc-vien/?q=nguyen van an"))
    assert ward["an"].code in html and ward["teacher"].code not in html


def test_people_already_in_the_class_are_marked_not_offered(client_as, make_class, ward, personas):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=ward["an"], training_class=klass)
    html = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/YT-1/chon-hoc-vien/?q=an"))
    assert "Đã có tên" in html and f'value="{ward["an"].code}"' not in html


def test_ticked_people_are_enrolled_together(client_as, make_class, ward):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/ghi-danh/",
                                                {"ma_can_bo": [ward["an"].code, ward["binh"].code], "xac_nhan": "1"}, follow=True)
    assert "Đã ghi danh Nguyễn Văn An, Lê Thị Bình vào lớp YT-1." in _text(response)
    assert set(klass.enrollments.values_list("person__code", flat=True)) == {ward["an"].code, ward["binh"].code}


def test_one_refused_person_enrols_nobody_and_is_named(client_as, make_class, ward, personas):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=ward["an"], training_class=klass)
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/ghi-danh/",
                                                {"ma_can_bo": [ward["an"].code, ward["binh"].code], "xac_nhan": "1"}, follow=True)
    assert f"Nguyễn Văn An ({ward['an'].code}) đã có tên trong lớp YT-1." in _text(response)
    assert list(klass.enrollments.values_list("person__code", flat=True)) == [ward["an"].code]


def test_an_overlapping_full_time_class_is_refused_naming_the_other(client_as, make_class, ward, personas):
    first = make_class(code="TT-1", organiser="SYT", start=dt.date(2025, 3, 3), end=dt.date(2025, 3, 28))
    make_class(code="TT-2", organiser="SYT", start=dt.date(2025, 3, 24), end=dt.date(2025, 4, 4))
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=ward["binh"], training_class=first)
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/TT-2/ghi-danh/",
                                                {"ma_can_bo": [ward["binh"].code, ward["an"].code], "xac_nhan": "1"}, follow=True)
    assert "đang học tập trung lớp" in _text(response) and "TT-1" in _text(response)
    assert not Enrollment.objects.filter(training_class__code="TT-2").exists()


def test_a_person_of_another_agency_among_the_ticked_is_a_form_error_and_enrols_nobody(client_as, make_class, ward):
    make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    client = client_as("can_bo_so_y_te")
    response = client.post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": [ward["an"].code, ward["teacher"].code]})
    assert response.status_code == 422 and not Enrollment.objects.exists()
    text = _text(response)
    assert f"Không tìm thấy hồ sơ mã {ward['teacher'].code} trong danh sách cán bộ bạn quản lý" in text
    assert "Chưa ghi danh ai." in text and ward["teacher"].full_name not in text
    # a code nobody holds reads the same: the answer tells nothing about other agencies
    missing = _text(client.post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": "KHONG-CO"}))
    assert "Không tìm thấy hồ sơ mã KHONG-CO trong danh sách cán bộ bạn quản lý" in missing
    assert 'value="KHONG-CO"' in client.post("/dao-tao/lop/YT-1/ghi-danh/", {"ma_can_bo": "KHONG-CO"}).content.decode()


# --- results ------------------------------------------------------------------------------------


@pytest.fixture
def llct(make_class, ward, personas):
    klass = make_class(code="LLCT-1", organiser="SYT", programme="tcllct", start=dt.date(2024, 3, 4),
                       end=dt.date(2024, 9, 27))
    return services.enrollment_create(actor=personas["can_bo_so_y_te"], person=ward["an"], training_class=klass)


def test_recording_a_completion_raises_the_qualification_shown_on_the_person_page(client_as, llct, ward):
    client = client_as("can_bo_so_y_te")
    response = client.post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {
        "status": "completed", "on": "27/09/2024", "result": "Giỏi", "certificate_number": "LLCT-2024-015",
        "certificate_date": "05/10/2024", "hours_attended": "1180", "chi_phi_ngan_sach_dia_phuong": "12.000.000",
        "chi_phi_ca_nhan_tu_tuc": "1.500.000"}, follow=True)
    assert "Hồ sơ được cập nhật: Trung cấp." in _text(response)
    llct.refresh_from_db()
    assert (llct.status, llct.completed_on, llct.hours_attended) == ("completed", dt.date(2024, 9, 27), 1180)
    qualification = Qualification.objects.get(person=ward["an"], dimension="ly_luan_chinh_tri")
    assert (qualification.level.code, qualification.certificate_number) == ("trung_cap", "LLCT-2024-015")
    page = _text(client.get(f"/nhan-su/{ward['an'].code}/"))
    assert "LLCT-2024-015, ngày 05/10/2024" in page
    assert "Ngân sách địa phương: 12.000.000 đồng" in page and "Cá nhân tự túc: 1.500.000 đồng" in page
    assert "Cộng: 13.500.000 đồng" in page


def test_a_completion_dated_before_the_course_is_refused_and_nothing_changes(client_as, llct):
    response = client_as("can_bo_so_y_te").post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {
        "status": "completed", "on": "01/01/2024", "chi_phi_ngan_sach_dia_phuong": "9.000.000"})
    assert response.status_code == 422
    assert "Ngày hoàn thành không được trước ngày bắt đầu học." in _text(response)
    llct.refresh_from_db()
    assert llct.status == EnrollmentStatus.REGISTERED and not llct.costs.exists()
    assert not Qualification.objects.filter(person=llct.person).exists()


def test_a_withdrawal_needs_its_date(client_as, llct):
    response = client_as("can_bo_so_y_te").post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {"status": "withdrawn"})
    assert response.status_code == 422 and "Cần ngày hoàn thành hoặc ngày thôi học." in _text(response)


def test_the_classes_provider_records_a_result_but_not_the_costs(client, llct, catalogue):
    client.force_login(catalogue["truong_chinh_tri"])
    page = _text(client.get(f"/dao-tao/luot/{llct.pk}/"))
    assert 'id="result-form"' in page and "chi_phi_ngan_sach_dia_phuong" not in page
    response = client.post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {"status": "failed", "result": "Không đạt (4,2)"})
    assert response.status_code == 302
    llct.refresh_from_db()
    assert (llct.status, llct.result) == ("failed", "Không đạt (4,2)")


def test_leaders_read_an_enrollment_but_get_no_form_and_403_on_posting(client_as, llct):
    assert 'id="result-form"' not in _text(client_as("lanh_dao").get(f"/dao-tao/luot/{llct.pk}/"))
    assert client_as("lanh_dao").post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {"result": "x"}).status_code == 403


# --- outside training, commitments, reimbursement -----------------------------------------------


def test_training_outside_the_system_is_recorded_with_its_certificate_and_raises_the_profile(
        client_as, catalogue, ward):
    response = client_as("can_bo_so_y_te").post(f"/dao-tao/can-bo/{ward['binh'].code}/ngoai-he-thong/", {
        "programme": catalogue["programmes"]["ths"].pk, "provider_name": "Đại học Kinh tế TP. Hồ Chí Minh",
        "start_date": "01/10/2016", "end_date": "30/09/2018", "certificate_number": "ThS-0042",
        "certificate_date": "20/12/2018", "result": "Khá", "chi_phi_ca_nhan_tu_tuc": "60.000.000"})
    assert response.status_code == 302 and response["Location"] == f"/nhan-su/{ward['binh'].code}/"
    enrollment = Enrollment.objects.get(person=ward["binh"])
    assert (enrollment.training_class, enrollment.status, enrollment.certificate_number) == (None, "completed", "ThS-0042")
    assert Qualification.objects.get(person=ward["binh"], dimension="chuyen_mon").level.code == "thac_si"
    assert [c.amount for c in enrollment.costs.all()] == [Decimal(60_000_000)]


def test_outside_training_without_a_certificate_comes_back_with_the_field_named(client_as, catalogue, ward):
    response = client_as("can_bo_so_y_te").post(f"/dao-tao/can-bo/{ward['binh'].code}/ngoai-he-thong/", {
        "programme": catalogue["programmes"]["ths"].pk, "provider_name": "Đại học Cần Thơ",
        "start_date": "01/10/2016", "end_date": "30/09/2018"})
    assert response.status_code == 422 and not Enrollment.objects.exists()


@pytest.fixture
def masters(make_class, ward, personas):
    klass = make_class(code="THS-1", organiser="SYT", programme="ths", provider="university",
                       start=dt.date(2022, 10, 1), end=dt.date(2024, 9, 30))
    officer = personas["can_bo_so_y_te"]
    enrollment = services.enrollment_create(actor=officer, person=ward["binh"], training_class=klass,
                                            costs={"ngan_sach_dia_phuong": 120_000_000})
    return enrollment


def test_a_commitment_is_computed_from_the_rule_and_the_reimbursement_shown(client_as, masters):
    assert ReimbursementRule.objects.exists()
    client = client_as("can_bo_so_y_te")
    response = client.post(f"/dao-tao/luot/{masters.pk}/cam-ket/", {})
    assert response.status_code == 302
    months = masters.__class__.objects.get(pk=masters.pk).commitment.committed_months
    assert months > 24
    assert f"Cam kết phục vụ <b>{months} tháng</b> từ ngày 30/09/2024" in _text(client.get(f"/dao-tao/luot/{masters.pk}/"))
    partial = _text(client.get(f"/dao-tao/luot/{masters.pk}/den-bu/?cause=left_service&event_date=30/09/2025"))
    assert "Phải đền bù:" in partial and "đồng" in partial and "120.000.000 đồng" in partial


def test_a_second_commitment_is_refused(client_as, masters):
    client = client_as("can_bo_so_y_te")
    client.post(f"/dao-tao/luot/{masters.pk}/cam-ket/", {"committed_months": "48"})
    response = client.post(f"/dao-tao/luot/{masters.pk}/cam-ket/", {"committed_months": "60"})
    assert response.status_code == 422
    assert masters.__class__.objects.get(pk=masters.pk).commitment.committed_months == 48


def test_reimbursement_without_a_commitment_says_so(client_as, masters):
    partial = _text(client_as("can_bo_so_y_te").get(f"/dao-tao/luot/{masters.pk}/den-bu/"))
    assert "Lượt học này chưa có cam kết phục vụ." in partial


# --- the person page ----------------------------------------------------------------------------


def test_the_person_page_lists_every_lượt_with_links_to_print_and_record(client_as, llct, ward):
    page = _text(client_as("can_bo_so_y_te").get(f"/nhan-su/{ward['an'].code}/"))
    assert "Quá trình đào tạo, bồi dưỡng" in page and "Trung cấp lý luận chính trị - hành chính" in page
    assert "Lý luận chính trị, Quản lý nhà nước" in page and f"/dao-tao/luot/{llct.pk}/" in page
    assert f"/dao-tao/can-bo/{ward['an'].code}/qua-trinh.pdf" in page
    assert "Ghi nhận đào tạo ngoài hệ thống" in page


def test_the_learner_sees_their_own_record_without_the_recording_link(client_as, personas, make_class):
    learner = personas["hoc_vien"].profile.person
    page = _text(client_as("hoc_vien").get(f"/nhan-su/{learner.code}/"))
    assert "Quá trình đào tạo, bồi dưỡng" in page and "Ghi nhận đào tạo ngoài hệ thống" not in page


# --- catalogue ----------------------------------------------------------------------------------


def test_the_department_adds_a_content_area_and_a_programme_using_it(client_as, personas):
    client = client_as("so_noi_vu")
    assert client.post("/dao-tao/noi-dung/them/", {"code": "ky_nang_so_moi", "name": "Kỹ năng số nâng cao",
                                                   "order": "160"}).status_code == 302
    area = ContentArea.objects.get(code="ky_nang_so_moi")
    response = client.post("/dao-tao/chuong-trinh/them/", {
        "code": "KNS-NC", "name": "Bồi dưỡng kỹ năng số nâng cao", "kind": "boi_duong", "fostering_family": "cap_nhat",
        "content_areas": [area.pk], "standard_hours": "24", "active": "on"})
    assert response.status_code == 302
    programme = Programme.objects.get(code="KNS-NC")
    assert [a.code for a in programme.content_areas.all()] == ["ky_nang_so_moi"]
    assert "Bồi dưỡng kỹ năng số nâng cao" in _text(client.get("/dao-tao/chuong-trinh/"))


def test_a_degree_programme_without_a_level_comes_back_with_the_reason(client_as):
    response = client_as("so_noi_vu").post("/dao-tao/chuong-trinh/them/", {
        "code": "DH-X", "name": "Đại học X", "kind": "dao_tao",
        "content_areas": [ContentArea.objects.first().pk], "active": "on"})
    assert response.status_code == 422
    assert "Đào tạo phải có trình độ; bồi dưỡng phải có loại bồi dưỡng." in _text(response)


def test_editing_a_programme_changes_its_areas_and_granted_level(client_as, catalogue):
    programme = catalogue["programmes"]["tin_hoc"]
    area = ContentArea.objects.get(code="tin_hoc")
    response = client_as("so_noi_vu").post(f"/dao-tao/chuong-trinh/{programme.code}/sua/", {
        "code": "ignored", "name": "Cập nhật kỹ năng số 2025", "kind": "boi_duong", "fostering_family": "cap_nhat",
        "content_areas": [area.pk], "standard_hours": "48", "active": "on"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.code, programme.name, programme.standard_hours) == ("CDS", "Cập nhật kỹ năng số 2025", 48)
    assert [a.code for a in programme.content_areas.all()] == ["tin_hoc"]


def test_a_provider_keeps_its_own_instructors_but_not_anothers(client, catalogue):
    client.force_login(catalogue["truong_chinh_tri"])
    response = client.post("/dao-tao/co-so/TCT/giang-vien/them/", {
        "full_name": "Đặng Văn Mời", "kind": "thinh_giang", "practical_management_years": "8"})
    assert response.status_code == 302
    assert Instructor.objects.get(full_name="Đặng Văn Mời").provider == catalogue["school"]
    assert client.get("/dao-tao/co-so/DHCT/giang-vien/them/").status_code == 403


def test_the_instructor_checks_show_short_experience_and_the_visiting_share(client_as, make_class, instructors,
                                                                            personas):
    klass = make_class(code="TCT-1", form="truc_tuyen", start=dt.date(2025, 4, 1), end=dt.date(2025, 4, 5))
    services.class_set_instructors(actor=personas["so_noi_vu"], training_class=klass,
                                   assignments=[(instructors["visiting"], 10), (instructors["permanent"], 30)])
    page = _text(client_as("so_noi_vu").get("/dao-tao/kiem-tra-giang-vien/?nam=2025"))
    assert "Ngô Thị Hữu" in page.split('id="short-experience"')[1]
    assert "Lê Văn Thỉnh" not in page.split('id="short-experience"')[1]
    share = page.split('id="visiting-share"')[1].split("</table>")[0]
    assert "Trường Chính trị tỉnh Sóc Trăng" in share and "25,0%" in share and "Chưa đạt" in share


def test_the_department_renames_and_retires_a_content_area_keeping_its_code(client_as):
    response = client_as("so_noi_vu").post("/dao-tao/noi-dung/tin_hoc/sua/", {
        "code": "doi_ma", "name": "Tin học, ứng dụng CNTT", "order": "110"})
    assert response.status_code == 302
    area = ContentArea.objects.get(code="tin_hoc")
    assert (area.name, area.order, area.active) == ("Tin học, ứng dụng CNTT", 110, False)
    assert area.pk not in _areas_offered_to_programmes()


def _areas_offered_to_programmes() -> list:
    from apps.training.forms import ProgrammeForm

    return [pk for pk, _ in ProgrammeForm().fields["content_areas"].choices]


def test_a_result_typed_without_a_status_is_not_silently_dropped(client_as, llct):
    response = client_as("can_bo_so_y_te").post(f"/dao-tao/luot/{llct.pk}/ket-qua/", {"result": "Giỏi"})
    assert response.status_code == 422
    assert "Chọn trạng thái (hoàn thành, không đạt, thôi học) để ghi kết quả." in _text(response)
    llct.refresh_from_db()
    assert llct.result == ""


def test_saved_dates_and_amounts_show_the_vietnamese_way_on_the_result_form(client_as, llct, personas):
    services.enrollment_set_costs(actor=personas["can_bo_so_y_te"], enrollment=llct,
                                  costs={"ngan_sach_dia_phuong": 12_500_000})
    services.enrollment_complete(actor=personas["can_bo_so_y_te"], enrollment=llct, completed_on=dt.date(2024, 9, 27),
                                 certificate_number="C-1", certificate_date=dt.date(2024, 10, 5))
    html = _text(client_as("can_bo_so_y_te").get(f"/dao-tao/luot/{llct.pk}/"))
    assert 'value="12.500.000"' in html
    assert "chỉ sửa được chi phí" in html and 'name="certificate_number"' not in html
    edit = _text(client_as("can_bo_so_y_te").get(f"/dao-tao/lop/{llct.training_class.code}/sua/"))
    assert 'value="04/03/2024"' in edit


def test_a_class_of_a_retired_programme_can_still_be_edited(client_as, catalogue, province, make_class, personas):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen", programme="tin_hoc")
    services.programme_update(actor=personas["so_noi_vu"], programme=catalogue["programmes"]["tin_hoc"], active=False)
    form = _class_form(catalogue, province, form=DeliveryForm.objects.get(code="truc_tuyen").pk, place="Phòng 2")
    assert client_as("can_bo_so_y_te").post("/dao-tao/lop/YT-1/sua/", form).status_code == 302
    klass.refresh_from_db()
    assert (klass.place, klass.programme.code) == ("Phòng 2", "CDS")
    new = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/them/"))
    assert "Cập nhật kỹ năng số" not in new  # retired: not offered to new classes


def test_the_class_list_finds_a_class_by_code_or_programme(client_as, make_class):
    make_class(code="YT-LLCT", organiser="SYT", form="truc_tuyen")
    make_class(code="YT-TH", organiser="SYT", form="truc_tuyen", programme="tin_hoc")
    client = client_as("can_bo_so_y_te")
    assert [c.code for c in client.get("/dao-tao/lop/?q=kỹ năng số").context["page"]] == ["YT-TH"]
    assert [c.code for c in client.get("/dao-tao/lop/?q=llct").context["page"]] == ["YT-LLCT"]


def test_the_class_page_counts_the_seats_taken(client_as, make_class, ward, personas):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen", capacity=25)
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=ward["an"], training_class=klass)
    assert "1 người / tối đa 25" in _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/YT-1/"))


def test_the_classes_provider_assigns_its_instructors_but_not_to_anothers_class(client, make_class, catalogue,
                                                                                instructors):
    make_class(code="TCT-1", provider="school", form="truc_tuyen")
    make_class(code="DH-1", provider="university", form="truc_tuyen")
    client.force_login(catalogue["truong_chinh_tri"])
    v = instructors["visiting"]
    response = client.post("/dao-tao/lop/TCT-1/giang-vien/", {f"gv_{v.pk}": "1", f"gio_{v.pk}": "30"})
    assert response.status_code == 302
    assert [(t.instructor.full_name, t.hours_taught) for t in ClassInstructor.objects.all()] == [
        ("Lê Văn Thỉnh", Decimal(30))]
    assert client.get("/dao-tao/lop/DH-1/giang-vien/").status_code == 404


def test_hours_that_are_not_a_number_are_refused_naming_the_instructor(client_as, make_class, instructors):
    make_class(code="TCT-1", provider="school", form="truc_tuyen", organiser="SYT")
    v = instructors["visiting"]
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/TCT-1/giang-vien/", {f"gv_{v.pk}": "1",
                                                                                  f"gio_{v.pk}": "ba mươi"})
    assert response.status_code == 422 and "Số tiết giảng của Lê Văn Thỉnh phải là số." in _text(response)
    assert not ClassInstructor.objects.exists()


def test_an_enrollment_links_to_its_class_organised_elsewhere_since_the_officer_follows_their_people(
        client_as, make_class, ward, personas):
    klass = make_class(code="TINH-1", organiser="TINH", form="truc_tuyen")
    enrollment = services.enrollment_create(actor=personas["so_noi_vu"], person=ward["an"], training_class=klass)
    assert "/dao-tao/lop/TINH-1/" in _text(client_as("can_bo_so_y_te").get(f"/dao-tao/luot/{enrollment.pk}/"))
    assert "/dao-tao/lop/TINH-1/" in _text(client_as("so_noi_vu").get(f"/dao-tao/luot/{enrollment.pk}/"))


def test_a_class_code_with_slashes_has_working_pages(client_as, make_class, ward):
    make_class(code="LLCT/2025/01", organiser="SYT", form="truc_tuyen")
    client = client_as("can_bo_so_y_te")
    assert 'href="/dao-tao/lop/LLCT/2025/01/"' in _text(client.get("/dao-tao/lop/"))
    page = _text(client.get("/dao-tao/lop/LLCT/2025/01/"))
    assert "/dao-tao/lop/LLCT/2025/01/sua/" in page and "/dao-tao/lop/LLCT/2025/01/chon-hoc-vien/" in page
    assert client.get("/dao-tao/lop/LLCT/2025/01/sua/").context["klass"].code == "LLCT/2025/01"
    assert ward["an"].code in _text(client.get("/dao-tao/lop/LLCT/2025/01/chon-hoc-vien/?q=an"))
    response = client.post("/dao-tao/lop/LLCT/2025/01/ghi-danh/", {"ma_can_bo": ward["an"].code, "xac_nhan": "1"})
    assert response.status_code == 302 and response["Location"] == "/dao-tao/lop/LLCT/2025/01/"
    assert Enrollment.objects.filter(training_class__code="LLCT/2025/01", person=ward["an"]).exists()
    assert client.get("/dao-tao/lop/LLCT/2025/02/").status_code == 404
