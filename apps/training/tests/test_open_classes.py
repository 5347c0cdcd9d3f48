"""Classes open to every agency (lớp chung): the province opens a class, each agency sends its people.

An officer sees the classes their units organise, the open ones (not cancelled) and those their
people are in; on someone else's open class they enrol their own people only, see only them in
the roster, and get neither the budget nor the edit and staffing pages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from apps.core.models import AuditEntry
from apps.training import selectors, services
from apps.training.io.classes import classes_export, classes_import
from apps.training.io.columns import ENROLLMENT_COLUMNS as E_COLUMNS
from apps.training.io.enrollments import ImportFailed, enrollments_import
from apps.training.models import ClassStatus, DeliveryForm, Enrollment, TrainingClass


def _text(response) -> str:
    return response.content.decode()


def _codes(classes) -> set[str]:
    return {c.code for c in classes}


@pytest.fixture
def open_world(make_class, province, make_person, personas):
    """TINH-CHUNG (the province's, open, 2 seats), GD-CHUNG (Sở GD&ĐT's, open), TINH-DONG (the
    province's, closed), GD-1 (Sở GD&ĐT's, closed), TINH-HUY (open but cancelled); a nurse and a
    doctor of Sở Y tế, a teacher of Sở GD&ĐT."""
    classes = {
        "open": make_class(code="TINH-CHUNG", organiser="TINH", form="truc_tuyen", capacity=2, open_to_agencies=True),
        "gd_open": make_class(code="GD-CHUNG", organiser="SGD", form="truc_tuyen", open_to_agencies=True),
        "closed": make_class(code="TINH-DONG", organiser="TINH", form="truc_tuyen"),
        "gd": make_class(code="GD-1", organiser="SGD", form="truc_tuyen"),
        "cancelled": make_class(code="TINH-HUY", organiser="TINH", form="truc_tuyen", open_to_agencies=True,
                                status=ClassStatus.CANCELLED),
    }
    people = {"nurse": make_person(province["BVDK"], "Nguyễn Thị Hoa"),
              "doctor": make_person(province["SYT"], "Nguyễn Văn Hải"),
              "teacher": make_person(province["THPT1"], "Nguyễn Văn Học")}
    services.class_set_budget(actor=personas["so_noi_vu"], training_class=classes["open"],
                              lines={"ngan_sach_dia_phuong": (80_000_000, None)})
    return {**classes, **people}


# --- who sees which class -----------------------------------------------------------------------


def test_an_officer_sees_open_classes_but_not_closed_or_cancelled_ones_of_others(open_world, personas):
    assert _codes(selectors.classes_visible_to(personas["can_bo_so_y_te"])) == {"TINH-CHUNG", "GD-CHUNG"}
    assert _codes(selectors.classes_visible_to(personas["can_bo_so_giao_duc"])) == {"TINH-CHUNG", "GD-CHUNG", "GD-1"}


def test_a_closed_class_becomes_visible_once_one_of_their_people_is_in_it_listed_once(open_world, personas):
    officer = personas["can_bo_so_y_te"]
    for person in (open_world["nurse"], open_world["doctor"]):
        services.enrollment_create(actor=personas["so_noi_vu"], person=person, training_class=open_world["closed"])
        services.enrollment_create(actor=officer, person=person, training_class=open_world["open"])
    visible = selectors.classes_visible_to(officer)
    assert sorted(c.code for c in visible) == ["GD-CHUNG", "TINH-CHUNG", "TINH-DONG"]  # no class twice
    assert visible.count() == 3


def test_a_cancelled_open_class_stays_visible_to_the_agencies_whose_people_were_in_it(open_world, personas):
    klass = open_world["open"]
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=open_world["nurse"], training_class=klass)
    TrainingClass.objects.filter(pk=klass.pk).update(status=ClassStatus.CANCELLED)
    assert "TINH-CHUNG" in _codes(selectors.classes_visible_to(personas["can_bo_so_y_te"]))
    assert "TINH-CHUNG" not in _codes(selectors.classes_visible_to(personas["can_bo_so_giao_duc"]))


def test_learners_and_providers_do_not_see_open_classes(open_world, personas, catalogue):
    assert not selectors.classes_visible_to(personas["hoc_vien"]).exists()
    assert _codes(selectors.classes_visible_to(catalogue["dai_hoc_can_tho"])) == set()


def test_the_visible_classes_are_one_query_whatever_the_number_of_people(open_world, personas,
                                                                         django_assert_num_queries):
    officer = personas["can_bo_so_y_te"]
    services.enrollment_create(actor=officer, person=open_world["nurse"], training_class=open_world["open"])
    classes = selectors.classes_visible_to(officer)  # the unit tree is read here
    with django_assert_num_queries(1):
        assert len(list(classes)) == 2


# --- the class page on someone else's open class ------------------------------------------------


def test_an_officer_enrols_their_own_person_into_the_provinces_open_class(open_world, client_as):
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/TINH-CHUNG/ghi-danh/",
                                                {"ma_can_bo": open_world["nurse"].code, "xac_nhan": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/dao-tao/lop/TINH-CHUNG/"
    assert "Đã ghi danh Nguyễn Thị Hoa vào lớp TINH-CHUNG." in _text(response)
    assert Enrollment.objects.filter(person=open_world["nurse"], training_class=open_world["open"]).exists()


def test_each_agency_sees_only_its_own_people_in_the_roster(open_world, client_as, personas):
    klass = open_world["open"]
    services.enrollment_create(actor=personas["can_bo_so_y_te"], person=open_world["nurse"], training_class=klass)
    services.enrollment_create(actor=personas["can_bo_so_giao_duc"], person=open_world["teacher"],
                               training_class=klass)
    assert [e.person.code for e in selectors.class_roster(klass, personas["can_bo_so_y_te"])] == [
        open_world["nurse"].code]
    page = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/TINH-CHUNG/"))
    assert "Nguyễn Thị Hoa" in page and "Nguyễn Văn Học" not in page
    assert "2 người / tối đa 2" in page  # the seats count everyone
    page = _text(client_as("can_bo_so_giao_duc").get("/dao-tao/lop/TINH-CHUNG/"))
    assert "Nguyễn Văn Học" in page and "Nguyễn Thị Hoa" not in page


def test_enrolling_another_agencys_person_into_an_open_class_is_a_form_error(open_world, client_as):
    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/TINH-CHUNG/ghi-danh/",
                                                {"ma_can_bo": [open_world["nurse"].code, open_world["teacher"].code]})
    assert response.status_code == 422 and not Enrollment.objects.exists()
    assert f"Không tìm thấy hồ sơ mã {open_world['teacher'].code}" in response.content.decode()


def test_the_candidates_of_an_open_class_are_the_officers_own_people(open_world, client_as):
    html = _text(client_as("can_bo_so_y_te").get("/dao-tao/lop/TINH-CHUNG/chon-hoc-vien/?q=nguyen"))
    assert open_world["nurse"].code in html and open_world["doctor"].code in html
    assert open_world["teacher"].code not in html


def test_an_officer_sees_no_budget_and_may_not_edit_or_staff_an_open_class(open_world, client_as):
    client = client_as("can_bo_so_y_te")
    page = _text(client.get("/dao-tao/lop/TINH-CHUNG/"))
    assert 'id="budget"' not in page and "80.000.000" not in page
    assert "/dao-tao/lop/TINH-CHUNG/sua/" not in page and "/dao-tao/lop/TINH-CHUNG/giang-vien/" not in page
    assert 'id="enrol-form"' in page and "Các cơ quan, đơn vị được cử người tham gia" in page
    assert client.get("/dao-tao/lop/TINH-CHUNG/sua/").status_code == 403
    assert client.post("/dao-tao/lop/TINH-CHUNG/sua/", {}).status_code == 403
    assert client.get("/dao-tao/lop/TINH-CHUNG/giang-vien/").status_code == 403
    assert client.post("/dao-tao/lop/TINH-CHUNG/giang-vien/", {}).status_code == 403
    assert "80.000.000 đồng" in _text(client_as("so_noi_vu").get("/dao-tao/lop/TINH-CHUNG/"))


def test_a_closed_class_of_another_agency_answers_404_as_for_a_missing_one(open_world, client_as):
    client = client_as("can_bo_so_y_te")
    assert client.get("/dao-tao/lop/GD-1/").status_code == 404
    assert client.get("/dao-tao/lop/TINH-HUY/").status_code == 404
    assert client.post("/dao-tao/lop/GD-1/ghi-danh/", {"ma_can_bo": open_world["nurse"].code, "xac_nhan": "1"}).status_code == 404


def test_the_seats_left_refuse_a_group_too_large_all_or_nothing(open_world, client_as, personas):
    services.enrollment_create(actor=personas["can_bo_so_giao_duc"], person=open_world["teacher"],
                               training_class=open_world["open"])
    response = client_as("can_bo_so_y_te").post(
        "/dao-tao/lop/TINH-CHUNG/ghi-danh/", {"ma_can_bo": [open_world["nurse"].code, open_world["doctor"].code], "xac_nhan": "1"},
        follow=True)
    assert "Lớp TINH-CHUNG còn 1 chỗ, không đủ cho 2 người." in _text(response)
    assert Enrollment.objects.count() == 1


def test_a_class_the_officer_only_follows_takes_no_one_else_from_them(open_world, client_as, personas):
    services.enrollment_create(actor=personas["so_noi_vu"], person=open_world["nurse"],
                               training_class=open_world["closed"])
    client = client_as("can_bo_so_y_te")
    page = _text(client.get("/dao-tao/lop/TINH-DONG/"))
    assert "Nguyễn Thị Hoa" in page and 'id="enrol-form"' not in page
    assert client.get("/dao-tao/lop/TINH-DONG/chon-hoc-vien/?q=nguyen").status_code == 403
    response = client.post("/dao-tao/lop/TINH-DONG/ghi-danh/", {"ma_can_bo": open_world["doctor"].code, "xac_nhan": "1"})
    assert response.status_code == 403
    assert list(Enrollment.objects.values_list("person_id", flat=True)) == [open_world["nurse"].pk]


def test_an_officers_import_enrols_into_open_classes_but_not_into_classes_they_only_follow(open_world, personas):
    officer = personas["can_bo_so_y_te"]
    nurse, doctor = open_world["nurse"], open_world["doctor"]
    services.enrollment_create(actor=personas["so_noi_vu"], person=nurse, training_class=open_world["closed"])

    def line(code, person, status="Đăng ký"):
        return {"Mã lớp": code, "Mã cán bộ": person.code, "Trạng thái": status}

    with pytest.raises(ImportFailed) as failure:
        enrollments_import(actor=officer, source=enrollments_xlsx([line("TINH-CHUNG", nurse),
                                                                   line("TINH-DONG", doctor)]))
    assert failure.value.errors == [
        "Dòng 3, cột Mã lớp: lớp TINH-DONG do đơn vị khác tổ chức, không mở cho các cơ quan cử người"]
    result = enrollments_import(actor=officer, source=enrollments_xlsx([line("TINH-CHUNG", nurse),
                                                                        line("TINH-DONG", nurse, "Đang học")]))
    assert (result.created, result.updated) == (1, 1)  # their own person's result in a followed class: fine
    assert set(Enrollment.objects.values_list("training_class__code", "person_id")) == {
        ("TINH-CHUNG", nurse.pk), ("TINH-DONG", nurse.pk)}


def enrollments_xlsx(rows: list[dict]) -> bytes:
    headers = [c.header for c in E_COLUMNS]
    book = openpyxl.Workbook()
    book.active.append(headers)
    for values in rows:
        book.active.append([values.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the class list -----------------------------------------------------------------------------


def test_the_class_list_points_an_officer_to_the_open_classes(open_world, client_as, personas):
    TrainingClass.objects.filter(code="GD-CHUNG").update(status=ClassStatus.FINISHED)  # no longer taking people
    client = client_as("can_bo_so_y_te")
    response = client.get("/dao-tao/lop/")
    assert _codes(response.context["page"]) == {"TINH-CHUNG", "GD-CHUNG"}
    assert "Có 1 lớp chung của tỉnh đang mở" in _text(response) and "Lớp chung</span>" in _text(response)
    assert _codes(client.get("/dao-tao/lop/?loai=chung").context["page"]) == {"TINH-CHUNG"}


def test_the_officers_reach_filters_their_own_and_their_peoples_classes(open_world, client_as, make_class,
                                                                        personas):
    make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    services.enrollment_create(actor=personas["so_noi_vu"], person=open_world["nurse"],
                               training_class=open_world["closed"])
    client = client_as("can_bo_so_y_te")
    assert _codes(client.get("/dao-tao/lop/?loai=don_vi").context["page"]) == {"YT-1"}
    assert _codes(client.get("/dao-tao/lop/?loai=co_nguoi").context["page"]) == {"TINH-DONG"}
    assert _codes(client.get("/dao-tao/lop/?loai=la").context["page"]) == {"YT-1", "TINH-DONG", "TINH-CHUNG",
                                                                            "GD-CHUNG"}


def test_the_department_filters_the_open_classes_but_gets_no_officer_reach(open_world, client_as):
    client = client_as("so_noi_vu")
    assert _codes(client.get("/dao-tao/lop/?loai=chung").context["page"]) == {"TINH-CHUNG", "GD-CHUNG"}
    assert len(client.get("/dao-tao/lop/?loai=don_vi").context["page"].object_list) == 5
    assert "lớp chung của tỉnh đang mở cho" not in _text(client.get("/dao-tao/lop/"))


# --- the form and the export --------------------------------------------------------------------


def _form(catalogue, province, **changes) -> dict:
    data = {"code": "TINH-MOI", "name": "Bồi dưỡng kiến thức quốc phòng", "programme": catalogue["programmes"]["cvc"].pk,
            "provider": catalogue["school"].pk, "organiser": province["TINH"].pk,
            "form": DeliveryForm.objects.get(code="ban_tap_trung").pk, "start_date": "02/06/2025",
            "end_date": "13/06/2025", "capacity": "120", "status": "planned", "open_to_agencies": "on"}
    data.update(changes)
    return data


def test_the_organiser_opens_a_class_to_every_agency_and_closes_it_again(catalogue, province, client_as):
    client = client_as("so_noi_vu")
    assert client.post("/dao-tao/lop/them/", _form(catalogue, province)).status_code == 302
    assert TrainingClass.objects.get(code="TINH-MOI").open_to_agencies
    assert client.get("/dao-tao/lop/TINH-MOI/sua/").context["form"]["open_to_agencies"].value() is True
    assert "Lớp chung" in _text(client.get("/dao-tao/lop/TINH-MOI/"))
    edit = _form(catalogue, province)
    del edit["open_to_agencies"]
    assert client.post("/dao-tao/lop/TINH-MOI/sua/", edit).status_code == 302
    assert not TrainingClass.objects.get(code="TINH-MOI").open_to_agencies
    changes = AuditEntry.objects.filter(target_type="trainingclass").order_by("pk").values_list("changes", flat=True)
    assert [c["open_to_agencies"] for c in changes if "open_to_agencies" in c] == [[None, True], [True, False]]
    assert client_as("can_bo_so_y_te").get("/dao-tao/lop/TINH-MOI/").status_code == 404


def test_an_officers_class_export_holds_only_the_classes_their_units_organise(open_world, make_class, personas):
    make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    sheet = openpyxl.load_workbook(io.BytesIO(classes_export(actor=personas["can_bo_so_y_te"], fmt="xlsx").content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["YT-1"]


def test_re_importing_the_department_export_keeps_the_open_classes_open(open_world, personas):
    admin = personas["so_noi_vu"]
    exported = classes_export(actor=admin, fmt="xlsx").content
    result = classes_import(actor=admin, source=exported, filename="lop.xlsx")
    assert result.updated == 0 and result.created == 0
    assert set(TrainingClass.objects.filter(open_to_agencies=True).values_list("code", flat=True)) == {
        "TINH-CHUNG", "GD-CHUNG", "TINH-HUY"}
